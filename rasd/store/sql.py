"""The store over a DB-API connection: one implementation, with the few dialect differences left to subclasses.

Writes run in one transaction each (`rasd.store.connection`), so an article, its reports, evidence and signals
and the events they changed are stored together or not at all: a run killed midway can be run again and loses or
duplicates nothing. What the store reads lies in `rasd.store.reading`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rasd.errors import ConfigError, StaleError
from rasd.event import Event, Signal
from rasd.merge import CLUES, combine, story_words
from rasd.merge import day_clues as days_named
from rasd.merge import shown as shown_event
from rasd.store.base import (
    MACHINE,
    REVIEWED_STATES,
    ROLES,
    ArticleRecord,
    EventRecord,
    Ingested,
    User,
    machine_state,
)
from rasd.store.connection import _COLUMNS, _LIVE, _json, _new_id, _text
from rasd.store.fingerprint import REPRINT_SIMILARITY, bands, minhash, search_text, similarity, text_hash
from rasd.store.placing import (
    SITE_LIMIT,
    Source,
    choose,
    day_window,
    is_candidate,
    needs_link,
    prepared,
    site_box,
    source_of,
)
from rasd.store.watching import SQLWatching

__all__ = ["SQLStore"]

_WORDS_KEPT = 50_000  # stored reports whose passage words are kept in memory between placements


class SQLStore(SQLWatching):
    """Everything but connecting, opening a transaction and full-text search."""

    def __init__(self, url: str, conn: Any) -> None:
        super().__init__(url, conn)
        self._words: dict[str, frozenset[str]] = {}

    # -- articles -----------------------------------------------------------------------------------------------

    def known(self, article: ArticleRecord) -> str | None:
        row = self._one(
            "SELECT article_id FROM articles WHERE article_id = ? OR url = ? OR text_hash = ?",
            (article.article_id, article.url, text_hash(article.text)),
        )
        return row[0] if row else None

    def _reprint(self, signature: tuple[int, ...], keys: list[str]) -> tuple[str, float] | None:
        marks = ", ".join("?" * len(keys))
        rows = self._rows(f"SELECT DISTINCT a.article_id, a.minhash FROM article_bands b JOIN articles a "
                          f"ON a.article_id = b.article_id WHERE b.band IN ({marks})", keys)
        scored = [(similarity(signature, tuple(int(x) for x in sig.split())), aid) for aid, sig in rows]
        best = max(scored, default=None)
        return (best[1], best[0]) if best and best[0] >= REPRINT_SIMILARITY else None

    def add(self, article: ArticleRecord, events: Sequence[Event] = (), signals: Sequence[Signal] = (), *,
            day_clues: Sequence[str] | None = None) -> Ingested:
        with self._write():
            found = self.known(article)
            if found is not None:
                return Ingested(article.article_id, "duplicate", duplicate_of=found)
            now = self._now()
            source = article.source or article.outlet
            if source:
                self._run("INSERT INTO sources (name, kind, added_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                          (source, "outlet", now))
            signature = minhash(article.text)
            keys = bands(signature)
            reprint = self._reprint(signature, keys)
            self._run(
                "INSERT INTO articles (article_id, url, text_hash, source, outlet, title, published, kind, text, "
                "minhash, reprint_of, similarity, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.article_id, article.url, text_hash(article.text), source, article.outlet, article.title,
                 _text(article.published), article.kind, article.text, " ".join(map(str, signature)),
                 reprint[0] if reprint else None, reprint[1] if reprint else None, now),
            )
            for key in keys:
                self._run("INSERT INTO article_bands (band, article_id) VALUES (?, ?)", (key, article.article_id))
            self._index_text(article.article_id, search_text(f"{article.title or ''}\n{article.text}"))
            created: list[str] = []
            joined: list[str] = []
            clues = None if day_clues is None else tuple(day_clues)
            for n, event in enumerate(events):
                report_id = f"{article.article_id}#{n}"
                data = event.to_dict()
                if data.get("event_date") is None:  # the days its text names tie it to an event instead
                    clues = days_named(article.text, words=self._merge()) if clues is None else clues
                data = prepared(data, clues or ())
                mine = source_of(data, article.text, signature)
                event_id, is_new = self._place_report(report_id, article.article_id, data, mine)
                (created if is_new else joined).append(event_id)
            for n, signal in enumerate(signals):
                self._run(
                    "INSERT INTO signals (article_id, n, modality, event_type, sub_event_type, actor1, location, "
                    "event_date, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (article.article_id, n, signal.modality, signal.event_type, signal.sub_event_type, signal.actor1,
                     signal.location, _text(signal.event_date), _json(signal.to_dict())),
                )
        return Ingested(article.article_id, "reprint" if reprint else "new",
                        duplicate_of=reprint[0] if reprint else None, similarity=reprint[1] if reprint else None,
                        events_created=tuple(created), events_joined=tuple(joined))

    def _candidates(self, report: dict[str, Any], article_id: str) -> dict[str, dict[str, Any]]:
        """Live events of the report's day ±1, and where either side is undated, the events at its site."""
        other = "NOT EXISTS (SELECT 1 FROM reports r WHERE r.event_id = e.event_id AND r.article_id = ?)"
        rows = []
        day = report.get("event_date")
        if day:
            rows = self._rows(
                f"SELECT event_id, data FROM events e WHERE {_LIVE} AND event_date BETWEEN ? AND ? AND {other}",
                (*day_window(day), article_id),
            )
        rows += self._at_site(report, article_id)
        found = {eid: json.loads(data) for eid, data in rows}
        return {eid: event for eid, event in found.items() if is_candidate(report, event)}

    def _at_site(self, report: dict[str, Any], article_id: str | None) -> list[tuple[Any, ...]]:
        """(event_id, data) of the live events at a report's site (an undated report: all; a dated one: undated)."""
        box = site_box(report)
        if box is None:
            return []
        other = " AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.event_id = e.event_id AND r.article_id = ?)"
        undated = " AND event_date IS NULL" if report.get("event_date") else ""
        return self._rows(
            f"SELECT event_id, data FROM events e WHERE {_LIVE} AND latitude BETWEEN ? AND ? "
            "AND longitude BETWEEN ? AND ? AND geo_precision <= 2" + (other if article_id else "") + undated
            + f" ORDER BY event_id LIMIT {SITE_LIMIT}",
            (*box, *([article_id] if article_id else [])),
        )

    def _sources(self, event_ids: Sequence[str]) -> dict[str, list[Source]]:
        """The reports of each event as `placing.Source`s (what ties a new report's text to them)."""
        out: dict[str, list[Source]] = {}
        for start in range(0, len(event_ids), 500):
            part = event_ids[start:start + 500]
            marks = ", ".join("?" * len(part))
            for event_id, report_id, data, sig, text in self._rows(
                    f"SELECT r.event_id, r.report_id, r.data, a.minhash, a.text FROM reports r JOIN articles a "
                    f"ON a.article_id = r.article_id WHERE r.event_id IN ({marks}) ORDER BY r.report_id", part):
                out.setdefault(event_id, []).append(self._source(report_id, json.loads(data), text, sig))
        return out

    def _source(self, report_id: str, data: dict[str, Any], text: str, signature: str) -> Source:
        """A stored report as a `Source`; its passage's words are kept, as they never change."""
        if report_id not in self._words:
            if len(self._words) >= _WORDS_KEPT:
                self._words.clear()
            self._words[report_id] = story_words(text, data.get("evidence") or ())
        return Source(tuple(int(x) for x in signature.split()), self._words[report_id], tuple(data.get(CLUES) or ()))

    def _place_report(self, report_id: str, article_id: str, report: dict[str, Any],
                      mine: Source) -> tuple[str, bool]:
        candidates = self._candidates(report, article_id)
        linked = [eid for eid, event in candidates.items() if needs_link(report, event)]
        match = choose(report, candidates, mine, self._sources(linked), words=self._merge())
        if match is None:
            event_id = _new_id(report_id)
            now = self._now()
            self._run("INSERT INTO events (event_id, data, machine, created_at, updated_at, version) "
                      "VALUES (?, '{}', '{}', ?, ?, 0)", (event_id, now, now))
            agreement = None
        else:
            event_id, comparison = match
            agreement = comparison.to_dict()
        self._run("INSERT INTO reports (report_id, article_id, event_id, data, agreement) VALUES (?, ?, ?, ?, ?)",
                  (report_id, article_id, event_id, _json(report), None if agreement is None else _json(agreement)))
        for ev in report.get("evidence") or ():
            self._run("INSERT INTO evidence (report_id, article_id, start_char, end_char, role, text) "
                      "VALUES (?, ?, ?, ?, ?, ?)",
                      (report_id, article_id, ev["start"], ev["end"], ev["role"], ev["text"]))
        action = "created" if match is None else "source_added"
        self._refresh(event_id, who=MACHINE, action=action, detail={"report": report_id, "agreement": agreement})
        return event_id, match is None

    def _refresh(self, event_id: str, *, who: str, action: str, detail: dict[str, Any],
                 state: str | None = None, edits: dict[str, Any] | None = None) -> None:
        """Recompute an event's machine version from its reports, lay the edits over it, and record the change."""
        reports = [json.loads(d) for (d,) in self._rows(
            "SELECT data FROM reports WHERE event_id = ? ORDER BY report_id", (event_id,))]
        row = self._one("SELECT edits, review_state FROM events WHERE event_id = ?", (event_id,))
        if row is None:
            raise ConfigError(f"no event {event_id!r} in {self.url}; list events to find its id")
        kept = json.loads(row[0]) if edits is None else edits
        if action != "reviewed":  # sources or reports moved: a note a reviewer wrote is written anew from the fields
            kept = {k: v for k, v in kept.items() if k != "notes"}
        machine = combine(reports) | {"event_id": event_id}
        shown = shown_event(machine, kept)
        now = self._now()
        self._run(
            "UPDATE events SET " + ", ".join(f"{c} = ?" for c in _COLUMNS) +
            ", data = ?, machine = ?, edits = ?, review_state = ?, version = version + 1, updated_at = ? "
            "WHERE event_id = ?",
            (*[shown.get(c) for c in _COLUMNS], _json(shown), _json(machine), _json(kept),
             machine_state(state or row[1], shown), now, event_id),
        )
        self._record(event_id, who=who, action=action, detail=detail, at=now)

    def _record(self, event_id: str, *, who: str, action: str, detail: dict[str, Any], at: str) -> None:
        self._run("INSERT INTO changes (event_id, at, who, action, detail) VALUES (?, ?, ?, ?, ?)",
                  (event_id, at, who, action, _json(detail)))

    # -- analysts -----------------------------------------------------------------------------------------------

    def _live(self, event_id: str) -> None:
        if self._one(f"SELECT 1 FROM events WHERE event_id = ? AND {_LIVE}", (event_id,)) is None:
            raise ConfigError(f"no live event {event_id!r} in {self.url}; it may have been merged or deleted")

    def _get(self, event_id: str) -> EventRecord:
        record = self.event(event_id)
        if record is None:
            raise ConfigError(f"no live event {event_id!r} in {self.url}; it may have been merged or deleted")
        return record

    def _unchanged(self, event_id: str, version: int | None) -> None:
        """Refuse a change based on an older version than the stored one (inside the write, so none comes between)."""
        row = self._one("SELECT version FROM events WHERE event_id = ?", (event_id,))
        if version is not None and row is not None and int(row[0]) != version:
            raise StaleError(event_id, based_on=version, current=int(row[0]))

    def review(self, event_id: str, state: str, *, who: str, edits: dict[str, Any] | None = None,
               note: str | None = None, version: int | None = None) -> EventRecord:
        if state not in REVIEWED_STATES:
            raise ConfigError(f"review state {state!r} is not one of {list(REVIEWED_STATES)}")
        if (state == "edited") != bool(edits):
            raise ConfigError("give edits with the state `edited`, and only with it")
        with self._write():
            self._live(event_id)
            self._unchanged(event_id, version)
            before, shown, was = self._one("SELECT edits, data, review_state FROM events WHERE event_id = ?",
                                           (event_id,)) or ("{}", "{}", None)
            kept = json.loads(before) | (edits or {})
            if edits and "notes" not in edits:
                kept.pop("notes", None)  # a note the reviewer wrote over fields they now change: written anew
            old = json.loads(shown)
            detail = {"state": state, "edits": edits or {}, "note": note, "was": was,
                      "before": {k: old.get(k) for k in edits or {}}}
            self._refresh(event_id, who=who, action="reviewed", detail=detail, state=state, edits=kept)
        return self._get(event_id)

    def merge(self, keep: str, other: str, *, who: str, version: int | None = None) -> EventRecord:
        if keep == other:
            raise ConfigError(f"cannot merge event {keep!r} into itself")
        with self._write():
            self._live(keep)
            self._live(other)
            self._unchanged(keep, version)
            moved = [rid for (rid,) in self._rows("SELECT report_id FROM reports WHERE event_id = ?", (other,))]
            self._run("UPDATE reports SET event_id = ? WHERE event_id = ?", (keep, other))
            now = self._now()
            self._run("UPDATE events SET merged_into = ?, updated_at = ?, version = version + 1 WHERE event_id = ?",
                      (keep, now, other))
            self._record(other, who=who, action="merged_into", detail={"into": keep, "reports": moved}, at=now)
            self._refresh(keep, who=who, action="merged", detail={"from": other, "reports": moved})
        return self._get(keep)

    def split(self, event_id: str, report_ids: Sequence[str], *, who: str, version: int | None = None) -> EventRecord:
        with self._write():
            self._live(event_id)
            self._unchanged(event_id, version)
            own = {rid for (rid,) in self._rows("SELECT report_id FROM reports WHERE event_id = ?", (event_id,))}
            chosen = sorted(set(report_ids))
            if not chosen or not own.issuperset(chosen) or own == set(chosen):
                raise ConfigError(f"split needs some, not all, of the reports of {event_id!r}: {sorted(own)}")
            now = self._now()
            new_id = _new_id("split", event_id, *chosen, now)
            self._run("INSERT INTO events (event_id, data, machine, created_at, updated_at, version) "
                      "VALUES (?, '{}', '{}', ?, ?, 0)", (new_id, now, now))
            marks = ", ".join("?" * len(chosen))
            self._run(f"UPDATE reports SET event_id = ?, agreement = NULL WHERE report_id IN ({marks})",
                      (new_id, *chosen))
            self._refresh(event_id, who=who, action="split", detail={"into": new_id, "reports": chosen})
            self._refresh(new_id, who=who, action="created", detail={"split_from": event_id, "reports": chosen})
        return self._get(new_id)

    def delete(self, event_id: str, *, who: str, note: str | None = None) -> None:
        with self._write():
            self._live(event_id)
            now = self._now()
            self._run("UPDATE events SET deleted_at = ?, updated_at = ?, version = version + 1 WHERE event_id = ?",
                      (now, now, event_id))
            self._record(event_id, who=who, action="deleted", detail={"note": note}, at=now)

    # -- sources ------------------------------------------------------------------------------------------------

    def source(self, name: str) -> dict[str, Any] | None:
        row = self._one("SELECT name, kind, url, etag, modified, polled_at FROM sources WHERE name = ?", (name,))
        return None if row is None else dict(zip(("name", "kind", "url", "etag", "modified", "polled_at"), row,
                                                 strict=True))

    def save_source(self, name: str, *, kind: str, url: str | None = None, etag: str | None = None,
                    modified: str | None = None) -> None:
        with self._write():
            now = self._now()
            self._run("INSERT INTO sources (name, kind, url, etag, modified, polled_at, added_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
                      "url = excluded.url, etag = excluded.etag, modified = excluded.modified, "
                      "polled_at = excluded.polled_at", (name, kind, url, etag, modified, now, now))

    def analyze(self) -> None:
        # Without statistics SQLite may pick a coordinate index and sort every match instead of reading
        # the date-ordered index a page at a time (80 ms against 8 ms on 100,000 events).
        self._run("ANALYZE")

    # -- users --------------------------------------------------------------------------------------------------

    def save_user(self, name: str, *, role: str, token_hash: str) -> User:
        if role not in ROLES:
            raise ConfigError(f"role {role!r} is not one of {list(ROLES)}")
        if not name.strip():
            raise ConfigError("a user needs a name")
        with self._write():
            now = self._now()
            self._run("INSERT INTO users (name, role, token_hash, created_at) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (name) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash",
                      (name, role, token_hash, now))
        return next(u for u in self.users() if u.name == name)

    def user(self, token_hash: str) -> User | None:
        row = self._one("SELECT name, role, created_at FROM users WHERE token_hash = ?", (token_hash,))
        return None if row is None else User(row[0], role=row[1], created_at=row[2])

    def users(self) -> list[User]:
        return [User(name, role=role, created_at=at)
                for name, role, at in self._rows("SELECT name, role, created_at FROM users ORDER BY name")]
