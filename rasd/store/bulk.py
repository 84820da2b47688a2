"""Load many extracted articles into a store at once, by the rules of `Store.add`, a batch per transaction.

`Store.add` asks the database about every row: is the article known, which stored articles share a MinHash
band, which live events of the day ±1 or at the report's site might the report join. `bulk_load` asks each
question once for a whole batch, decides the rest in memory by the same rules (an article stored once by id, URL
or folded text; reprints linked; each report joins the event `rasd.store.placing` chooses, undated reports by
the ties their texts give, or creates one; every change recorded, with increasing timestamps), and then writes
each table in one go: `executemany` on SQLite, `COPY FROM STDIN` on PostgreSQL. The result is the store `add`
would have made from the same articles in the same order, ids and history included (while no site holds more
than `placing.SITE_LIMIT` events).

A batch holds the writer's lock for its transaction, so nothing else writes between its reads and its writes.
Input sorted by date keeps each batch's reads to the stored events of its own days.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import date, timedelta
from itertools import islice
from typing import Any

from rasd.errors import ConfigError
from rasd.event import Event, Signal
from rasd.merge import combine, day_clues, shown
from rasd.store.base import MACHINE, ArticleRecord, Store, machine_state, storable
from rasd.store.connection import _COLUMNS, _LIVE, _json, _new_id, _text
from rasd.store.fingerprint import REPRINT_SIMILARITY, bands, minhash, search_text, similarity, text_hash
from rasd.store.placing import SITE_DEG, Source, choose, is_candidate, needs_link, prepared, site_box, source_of
from rasd.store.sql import SQLStore

__all__ = ["Extracted", "Loaded", "bulk_load"]

_CHUNK = 500  # values per IN (...) list: well under SQLite's and PostgreSQL's parameter limits
_EVENT_COLUMNS = ("event_id", *_COLUMNS, "review_state", "data", "machine", "edits", "version", "created_at",
                  "updated_at")


@dataclass(frozen=True, slots=True)
class Extracted:
    """An article with the events and signals extracted from it."""

    article: ArticleRecord
    _: KW_ONLY
    events: tuple[Event, ...] = ()
    signals: tuple[Signal, ...] = ()
    day_clues: tuple[str, ...] | None = None  # the days its text names, when extraction has read them already


@dataclass(frozen=True, slots=True)
class Loaded:
    """What a bulk load did: articles stored (reprints among them), duplicates skipped, events made and joined."""

    articles: int
    _: KW_ONLY
    duplicates: int
    reprints: int
    reports: int
    events_created: int
    events_joined: int
    seconds: float


@dataclass(slots=True)
class _Live:
    """A live event while a batch is planned: its reports so far and what must be written for it."""

    event_id: str
    data: dict[str, Any]
    edits: dict[str, Any]
    state: str
    version: int
    created_at: str
    stored: bool
    reports: list[tuple[str, dict[str, Any]]] | None = None  # of a stored event: read when a report joins it
    articles: set[str] = field(default_factory=set)
    updated_at: str = ""
    machine: dict[str, Any] = field(default_factory=dict)
    stored_sources: list[Source] | None = None  # its stored reports as link sources: read when first needed
    sources: list[Source] = field(default_factory=list)  # the batch's reports in it


def _key(data: dict[str, Any]) -> tuple[str | None, str | None]:
    # `compare` never joins events of different types, so candidates of a day are looked up by day and type.
    return data.get("event_date"), data.get("event_type")


def _cell(data: dict[str, Any]) -> tuple[int, int] | None:
    """The grid cell (of `SITE_DEG`) an event placed on a town lies in, for site candidates (of any type)."""
    if site_box(data) is None:
        return None
    return int(data["latitude"] // SITE_DEG), int(data["longitude"] // SITE_DEG)


def _seen(a: ArticleRecord, digest: str, known: dict[str, dict[str, str]]) -> bool:
    """Whether an article is stored already or earlier in the batch (by id, URL or text); if not, note it."""
    if (known["id"].get(a.article_id) or known["url"].get(a.url or "") or known["hash"].get(digest)) is not None:
        return True
    known["id"][a.article_id] = a.article_id
    if a.url:
        known["url"][a.url] = a.article_id
    known["hash"][digest] = a.article_id
    return False


def _days(day: str) -> list[str]:
    d = date.fromisoformat(day)
    return [(d + timedelta(days=k)).isoformat() for k in (-1, 0, 1)]


class _Batch:
    """One transaction's worth of articles: what to write, decided in memory by the rules of `Store.add`."""

    def __init__(self, store: SQLStore, *, merge: bool) -> None:
        self.store = store
        self.merge = merge
        self.live: dict[str, _Live] = {}
        self.index: dict[tuple[str | None, str | None], set[str]] = defaultdict(set)
        self.cells: dict[tuple[int, int], set[str]] = defaultdict(set)
        self.rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self.sources: dict[str, None] = {}
        self.counts: Counter[str] = Counter()

    # -- reading what the store holds ---------------------------------------------------------------------------

    def _lookup(self, sql: str, values: Iterable[Any]) -> list[tuple[Any, ...]]:
        """Run `sql` (with `{marks}`) over the values a chunk at a time."""
        unique = list(dict.fromkeys(v for v in values if v is not None))
        out: list[tuple[Any, ...]] = []
        for start in range(0, len(unique), _CHUNK):
            part = unique[start:start + _CHUNK]
            out += self.store._rows(sql.format(marks=", ".join("?" * len(part))), part)
        return out

    def _known(self, items: Sequence[Extracted]) -> dict[str, dict[str, str]]:
        """Stored articles with the same id, URL or text hash as any item, by which it matched."""
        found: dict[str, dict[str, str]] = {"id": {}, "url": {}, "hash": {}}
        for column, kind, values in (("article_id", "id", (i.article.article_id for i in items)),
                                     ("url", "url", (i.article.url for i in items)),
                                     ("text_hash", "hash", (text_hash(i.article.text) for i in items))):
            for key, article_id in self._lookup(
                    f"SELECT {column}, article_id FROM articles WHERE {column} IN ({{marks}})", values):
                found[kind][key] = article_id
        return found

    def _load_days(self, days: Iterable[str]) -> None:
        """Make the stored live events of these days candidates."""
        rows = self._lookup(f"SELECT event_id, data, edits, review_state, version, created_at FROM events "
                            f"WHERE {_LIVE} AND event_date IN ({{marks}})", days)
        self._load(rows)

    def _load_sites(self, reports: Iterable[dict[str, Any]]) -> None:
        """Make the stored live events at these reports' sites candidates (as `SQLStore._at_site` finds them)."""
        found = {eid for report in reports for eid, _ in self.store._at_site(report, None)} - self.live.keys()
        self._load(self._lookup("SELECT event_id, data, edits, review_state, version, created_at FROM events "
                                "WHERE event_id IN ({marks})", sorted(found)))

    def _load(self, rows: Iterable[tuple[Any, ...]]) -> None:
        for event_id, data, edits, state, version, created in rows:
            if event_id in self.live:
                continue
            ev = _Live(event_id, json.loads(data), json.loads(edits), state, int(version), created, stored=True)
            self.live[event_id] = ev
            self._index(ev)

    def _index(self, ev: _Live) -> None:
        self.index[_key(ev.data)].add(ev.event_id)
        cell = _cell(ev.data)
        if cell is not None:
            self.cells[cell].add(ev.event_id)

    def _unindex(self, ev: _Live) -> None:
        self.index.get(_key(ev.data), set()).discard(ev.event_id)
        cell = _cell(ev.data)
        if cell is not None:
            self.cells.get(cell, set()).discard(ev.event_id)

    # -- deciding -----------------------------------------------------------------------------------------------

    def plan(self, items: Sequence[Extracted]) -> None:
        """Decide what each article adds, in input order."""
        known = self._known(items)
        hashes = [text_hash(i.article.text) for i in items]
        signatures = [minhash(i.article.text) for i in items]
        keys = [bands(s) for s in signatures]
        by_band = self._banded(k for ks in keys for k in ks)
        if self.merge:
            self._load_days({day for i in items for e in i.events if e.event_date
                             for day in _days(e.event_date.isoformat())})
            self._load_sites(e.to_dict() for i in items for e in i.events)
        for item, digest, signature, band_keys in zip(items, hashes, signatures, keys, strict=True):
            if _seen(item.article, digest, known):
                self.counts["duplicates"] += 1
                continue
            candidates = {aid: sig for k in band_keys for aid, sig in by_band.get(k, ())}
            scored = max(((similarity(signature, sig), aid) for aid, sig in candidates.items()), default=None)
            reprint = scored if scored and scored[0] >= REPRINT_SIMILARITY else None
            for k in band_keys:
                by_band[k].append((item.article.article_id, signature))
            self._article(item.article, digest, signature, band_keys, reprint)
            self._reports(item, signature)

    def _banded(self, keys: Iterable[str]) -> dict[str, list[tuple[str, tuple[int, ...]]]]:
        """The stored articles in each MinHash band, with their signatures."""
        by_band: dict[str, list[tuple[str, tuple[int, ...]]]] = defaultdict(list)
        for band, article_id, sig in self._lookup(
                "SELECT b.band, a.article_id, a.minhash FROM article_bands b JOIN articles a "
                "ON a.article_id = b.article_id WHERE b.band IN ({marks})", keys):
            by_band[band].append((article_id, tuple(int(x) for x in sig.split())))
        return by_band

    def _reports(self, item: Extracted, signature: tuple[int, ...]) -> None:
        """Place the article's events as reports and keep its signals."""
        a = item.article
        clues = item.day_clues
        for n, event in enumerate(item.events):
            data = event.to_dict()
            if data.get("event_date") is None:  # as `SQLStore.add`: the days its text names
                clues = day_clues(a.text, words=self.store._merge()) if clues is None else clues
            data = prepared(data, clues or ())
            self._report(f"{a.article_id}#{n}", a.article_id, data, source_of(data, a.text, signature))
        for n, signal in enumerate(item.signals):
            self.rows["signals"].append(
                (a.article_id, n, signal.modality, signal.event_type, signal.sub_event_type, signal.actor1,
                 signal.location, _text(signal.event_date), _json(signal.to_dict())))

    def _article(self, a: ArticleRecord, digest: str, signature: tuple[int, ...], band_keys: list[str],
                 reprint: tuple[float, str] | None) -> None:
        now = self.store._now()
        source = a.source or a.outlet
        if source:
            self.sources.setdefault(source)
        self.rows["articles"].append(
            (a.article_id, a.url, digest, source, a.outlet, a.title, _text(a.published), a.kind, a.text,
             " ".join(map(str, signature)), reprint[1] if reprint else None, reprint[0] if reprint else None, now))
        self.rows["article_bands"] += [(k, a.article_id) for k in band_keys]
        self.rows["articles_fts"].append((a.article_id, search_text(f"{a.title or ''}\n{a.text}")))
        self.counts["articles"] += 1
        self.counts["reprints"] += reprint is not None

    def _candidates(self, report: dict[str, Any], article_id: str) -> dict[str, dict[str, Any]]:
        """What `SQLStore._candidates` finds, from the batch's live events."""
        day = report.get("event_date")
        ids = {eid for d in _days(day) for eid in self.index.get((d, report.get("event_type")), ())} if day else set()
        cell = _cell(report)
        if cell is not None:
            ids |= {eid for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                    for eid in self.cells.get((cell[0] + dx, cell[1] + dy), ())}
        return {eid: self.live[eid].data for eid in ids
                if article_id not in self.live[eid].articles and is_candidate(report, self.live[eid].data)}

    def _link_sources(self, event_ids: Iterable[str]) -> dict[str, list[Source]]:
        """The link sources of these events: their stored reports (read once) and the batch's."""
        wanted = list(event_ids)
        unread = [eid for eid in wanted if self.live[eid].stored and self.live[eid].stored_sources is None]
        read = self.store._sources(unread) if unread else {}
        for eid in wanted:
            ev = self.live[eid]
            if ev.stored_sources is None:
                ev.stored_sources = read.get(eid, [])
        return {eid: [*(self.live[eid].stored_sources or ()), *self.live[eid].sources] for eid in wanted}

    def _report(self, report_id: str, article_id: str, report: dict[str, Any], mine: Source) -> None:
        match = None
        if self.merge:
            candidates = self._candidates(report, article_id)
            linked = [eid for eid, event in candidates.items() if needs_link(report, event)]
            match = choose(report, candidates, mine, self._link_sources(linked), words=self.store._merge())
        if match is None:
            event_id = _new_id(report_id)
            ev = _Live(event_id, {}, {}, "pending", 0, self.store._now(), stored=False, reports=[])
            self.live[event_id] = ev
            agreement = None
            self.counts["events_created"] += 1
        else:
            event_id, comparison = match
            ev = self.live[event_id]
            agreement = comparison.to_dict()
            self.counts["events_joined"] += 1
        if ev.reports is None:
            ev.reports = [(rid, json.loads(data)) for rid, data in self.store._rows(
                "SELECT report_id, data FROM reports WHERE event_id = ?", (event_id,))]
        ev.reports.append((report_id, report))
        ev.sources.append(mine)
        ev.articles.add(article_id)
        self.counts["reports"] += 1
        self.rows["reports"].append((report_id, article_id, event_id, _json(report),
                                     None if agreement is None else _json(agreement)))
        self.rows["evidence"] += [(report_id, article_id, e["start"], e["end"], e["role"], e["text"])
                                  for e in report.get("evidence") or ()]
        action = "created" if match is None else "source_added"
        self._refresh(ev, action, {"report": report_id, "agreement": agreement})

    def _refresh(self, ev: _Live, action: str, detail: dict[str, Any]) -> None:
        """What `SQLStore._refresh` does: the machine version from the reports by id, the edits on top, a change."""
        assert ev.reports is not None  # loaded by the caller
        ev.reports.sort(key=lambda r: r[0])
        self._unindex(ev)
        ev.machine = combine([r for _, r in ev.reports]) | {"event_id": ev.event_id}
        ev.edits = {k: v for k, v in ev.edits.items() if k != "notes"}  # as `SQLStore._refresh`: written anew
        ev.data = shown(ev.machine, ev.edits)
        ev.state = machine_state(ev.state, ev.data)
        if self.merge:
            self._index(ev)
        ev.version += 1
        ev.updated_at = self.store._now()
        self.rows["changes"].append((ev.event_id, ev.updated_at, MACHINE, action, _json(detail)))

    # -- writing ------------------------------------------------------------------------------------------------

    def write(self) -> None:
        """Write the batch's rows, parents before children (the foreign keys are checked as rows go in)."""
        store = self.store
        for name in self.sources:
            store._run("INSERT INTO sources (name, kind, added_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                       (name, "outlet", store._now()))
        written = [ev for ev in self.live.values() if ev.updated_at]
        self.rows["events"] = [
            (ev.event_id, *[ev.data.get(c) for c in _COLUMNS], ev.state, _json(ev.data), _json(ev.machine),
             _json(ev.edits), ev.version, ev.created_at, ev.updated_at) for ev in written if not ev.stored]
        updates = [(*[ev.data.get(c) for c in _COLUMNS], _json(ev.data), _json(ev.machine), _json(ev.edits),
                    ev.state, ev.version, ev.updated_at, ev.event_id) for ev in written if ev.stored]
        copy = _copy_postgres if store.dialect == "postgres" else _insert_sqlite
        copy(store, "articles", ("article_id", "url", "text_hash", "source", "outlet", "title", "published", "kind",
                                 "text", "minhash", "reprint_of", "similarity", "ingested_at"), self.rows["articles"])
        copy(store, "article_bands", ("band", "article_id"), self.rows["article_bands"])
        if store.dialect == "postgres":
            _fts_postgres(store, self.rows["articles_fts"])
        else:
            copy(store, "articles_fts", ("article_id", "body"), self.rows["articles_fts"])
        copy(store, "events", _EVENT_COLUMNS, self.rows["events"])
        if updates:
            store._conn.cursor().executemany(store._sql(
                "UPDATE events SET " + ", ".join(f"{c} = ?" for c in _COLUMNS) +
                ", data = ?, machine = ?, edits = ?, review_state = ?, version = ?, updated_at = ? WHERE event_id = ?"),
                updates)
        copy(store, "reports", ("report_id", "article_id", "event_id", "data", "agreement"), self.rows["reports"])
        copy(store, "evidence", ("report_id", "article_id", "start_char", "end_char", "role", "text"),
             self.rows["evidence"])
        copy(store, "signals", ("article_id", "n", "modality", "event_type", "sub_event_type", "actor1", "location",
                                "event_date", "data"), self.rows["signals"])
        # Rows go in in order, so change ids increase with their timestamps, as `changes(since=...)` expects.
        copy(store, "changes", ("event_id", "at", "who", "action", "detail"), self.rows["changes"])


def _insert_sqlite(store: SQLStore, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    if rows:
        store._conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                                [tuple(storable(v) for v in row) for row in rows])


def _copy_postgres(store: SQLStore, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    with store._conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(tuple(storable(v) for v in row))


def _fts_postgres(store: SQLStore, rows: list[tuple[Any, ...]]) -> None:
    """Copy the searchable texts into a staging table and index them from there (COPY cannot call functions)."""
    if not rows:
        return
    store._run("CREATE TEMP TABLE IF NOT EXISTS bulk_fts (article_id TEXT, body TEXT) ON COMMIT DELETE ROWS")
    _copy_postgres(store, "bulk_fts", ("article_id", "body"), rows)
    store._run("INSERT INTO articles_fts (article_id, body) SELECT article_id, to_tsvector('simple', body) "
               "FROM bulk_fts")


def _batches(items: Iterable[Extracted], size: int) -> Iterator[list[Extracted]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def bulk_load(store: Store, items: Iterable[Extracted], *, merge: bool = True, batch_size: int = 2000) -> Loaded:
    """Store many articles with their events and signals, a batch per transaction, as `Store.add` would one by one.

    `merge=False` makes every report an event of its own: for events merged already (another store's export,
    synthetic benchmark data), where looking for matches would find none and only cost time.
    """
    if not isinstance(store, SQLStore):
        raise ConfigError(f"bulk loading needs a SQLite or PostgreSQL store, not {type(store).__name__}")
    if batch_size < 1:
        raise ConfigError("the batch size must be at least 1")
    started = time.perf_counter()
    totals: Counter[str] = Counter()
    for chunk in _batches(items, batch_size):
        batch = _Batch(store, merge=merge)
        with store._write():
            batch.plan(chunk)
            batch.write()
        totals += batch.counts
    # The planner chooses indexes by the tables' statistics, which a large load leaves stale: without them
    # SQLite reads a date range with a bounding box through the longitude index and sorts, 50 times slower.
    if store.dialect == "postgres":
        store._run("ANALYZE articles, events, reports, changes")
    else:
        store._run("PRAGMA analysis_limit = 1000")  # sampled statistics: milliseconds, whatever the size
        store._run("ANALYZE")
    return Loaded(totals["articles"], duplicates=totals["duplicates"], reprints=totals["reprints"],
                  reports=totals["reports"], events_created=totals["events_created"],
                  events_joined=totals["events_joined"], seconds=time.perf_counter() - started)
