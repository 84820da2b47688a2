"""Reading the store: articles, events with their reports, sources and evidence, search, counts and history."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from rasd.errors import ConfigError
from rasd.normalize import fold
from rasd.store.base import GROUPS, PERIODS, Aggregate, Change, EventFilter, EventRecord, Report, SearchHit
from rasd.store.connection import _LIVE, SQLConnection, _text

__all__ = ["SQLReading"]

_STATS = {"day": "event_date", "type": "event_type", "country": "country", "admin1": "admin1", "admin2": "admin2",
          "actor1": "actor1", "actor2": "actor2"}
# The columns `aggregate` counts by: the groups, and the columns `stats` counts by.
_KEYS = dict(zip(GROUPS, ("admin1", "admin2", "event_type", "actor1"), strict=True)) | {
    c: c for c in ("country", "admin1", "admin2", "actor1", "actor2")}
_COUNTS = {"articles": "articles", "reports": "reports", "signals": "signals", "changes": "changes",
           "events": "events WHERE deleted_at IS NULL AND merged_into IS NULL"}
# The filters besides the dates, and the sets of them an index of the live events in date order holds.
_FILTERS = ("country", "admin1", "admin2", "event_types", "sub_event_types", "review_states", "actor", "bbox",
            "min_confidence", "min_fatalities", "updated_since")
_ORDERED = {frozenset(f) for f in ((), ("country",), ("admin1",), ("admin2",), ("event_types",), ("sub_event_types",),
                                   ("review_states",), ("admin1", "event_types"))}
_EVENT = "SELECT event_id, data, machine, edits, review_state, version, created_at, updated_at FROM events"
_BRIEF = "SELECT event_id, data, NULL, NULL, review_state, version, created_at, updated_at FROM events"


class SQLReading(SQLConnection):
    """The queries of a store: nothing here writes."""

    # What counts read events from: SQLite names the covering index of the live events (migration 0010), as its
    # planner would otherwise take an older index that holds too few columns and read each event's 5 KB row.
    _counted = "events"

    def article(self, article_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT article_id, text, title, published, outlet, url, kind, source, reprint_of, "
                        "similarity FROM articles WHERE article_id = ?", (article_id,))
        if row is None:
            return None
        keys = ("id", "text", "title", "published", "outlet", "url", "kind", "source", "reprint_of", "similarity")
        return dict(zip(keys, row, strict=True))

    def count(self, what: str) -> int:
        if what not in _COUNTS:
            raise ConfigError(f"cannot count {what!r}; choose one of {sorted(_COUNTS)}")
        row = self._one(f"SELECT COUNT(*) FROM {_COUNTS[what]}")
        return int(row[0]) if row else 0

    # -- reading events -----------------------------------------------------------------------------------------

    def _record_of(self, row: tuple[Any, ...], reports: tuple[Report, ...] = ()) -> EventRecord:
        event_id, data, machine, edits, state, version, created, updated = row
        return EventRecord(event_id, data=json.loads(data), machine=json.loads(machine) if machine else {},
                           edits=json.loads(edits) if edits else {}, review_state=state, version=version,
                           created_at=created, updated_at=updated, reports=reports)

    def event(self, event_id: str) -> EventRecord | None:
        row = self._one(f"{_EVENT} WHERE event_id = ? AND {_LIVE}", (event_id,))
        if row is None:
            return None
        reports = tuple(
            Report(rid, aid, json.loads(data), json.loads(agr) if agr else None)
            for rid, aid, data, agr in self._rows(
                "SELECT report_id, article_id, data, agreement FROM reports WHERE event_id = ? ORDER BY report_id",
                (event_id,))
        )
        record = self._record_of(row, reports)
        sources = self._rows(
            "SELECT DISTINCT a.article_id, a.outlet, a.url, a.published FROM reports r JOIN articles a "
            "ON a.article_id = r.article_id WHERE r.event_id = ? ORDER BY a.article_id", (event_id,))
        evidence = self._rows(
            "SELECT v.article_id, v.start_char, v.end_char, v.role, v.text FROM evidence v JOIN reports r "
            "ON r.report_id = v.report_id WHERE r.event_id = ? ORDER BY v.article_id, v.start_char", (event_id,))
        record.data["sources"] = [dict(zip(("article_id", "outlet", "url", "published"), s, strict=True))
                                  for s in sources]
        record.data["evidence"] = [dict(zip(("article_id", "start", "end", "role", "text"), e, strict=True))
                                   for e in evidence]
        return record

    def _where(self, where: EventFilter) -> tuple[str, list[Any]]:
        clauses, params = [_LIVE], []
        simple = [("event_date >= ?", _text(where.date_from)), ("event_date <= ?", _text(where.date_to)),
                  ("country = ?", where.country), ("admin1 = ?", where.admin1), ("admin2 = ?", where.admin2),
                  ("confidence >= ?", where.min_confidence), ("fatalities >= ?", where.min_fatalities),
                  ("updated_at > ?", where.updated_since)]
        for clause, value in simple:
            if value is not None:
                clauses.append(clause)
                params.append(value)
        if where.bbox is not None:
            west, south, east, north = where.bbox
            clauses.append("longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?")
            params += [west, east, south, north]
        if where.actor is not None:
            clauses.append("(actor1 = ? OR actor2 = ?)")
            params += [where.actor, where.actor]
        for column, values in (("event_type", where.event_types), ("sub_event_type", where.sub_event_types),
                               ("review_state", where.review_states)):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params += list(values)
        return " AND ".join(clauses), params

    def _select(self, where: EventFilter, *, brief: bool = False) -> tuple[str, list[Any]]:
        """The query of `events` and its parameters (the benchmark shows its plan)."""
        clause, params = self._where(where)
        column = where.sort.lstrip("-")  # one of SORTS; nulls last either way
        order = (f"{column} IS NOT NULL DESC, {column} DESC, event_id DESC" if where.sort.startswith("-")
                 else f"{column} IS NULL, {column}, event_id")
        return (f"{_BRIEF if brief else _EVENT} WHERE {clause} ORDER BY {order} LIMIT ? OFFSET ?",
                [*params, where.limit, where.offset])

    def events(self, where: EventFilter | None = None, *, brief: bool = False) -> list[EventRecord]:
        # `brief` leaves two of the three JSON columns unread: a page of 1,000 events in 15 ms less.
        return [self._record_of(row) for row in self._rows(*self._select(where or EventFilter(), brief=brief))]

    def signals(self, article_id: str) -> list[dict[str, Any]]:
        rows = self._rows("SELECT data FROM signals WHERE article_id = ? ORDER BY n", (article_id,))
        return [json.loads(data) for (data,) in rows]

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        # The index holds every word with its clitic-free forms, so the query's own words are looked up as they are.
        words = [w for w in fold(query).split() if w.isalnum()]
        if not words:
            return []
        hits = []
        for article_id, title, published in self._search(words, limit):
            ids = tuple(eid for (eid,) in self._rows(
                "SELECT DISTINCT e.event_id FROM reports r JOIN events e ON e.event_id = r.event_id WHERE "
                "r.article_id = ? AND e.deleted_at IS NULL AND e.merged_into IS NULL ORDER BY e.event_id",
                (article_id,)))
            hits.append(SearchHit(article_id, title=title, published=published, event_ids=ids))
        return hits

    def search_total(self, query: str) -> int:
        words = [w for w in fold(query).split() if w.isalnum()]
        return self._search_total(words) if words else 0

    def stats(self, by: str, where: EventFilter | None = None) -> list[tuple[str | None, int]]:
        if by not in _STATS:
            raise ConfigError(f"cannot count events by {by!r}; choose one of {sorted(_STATS)}")
        column = _STATS[by]
        where = where or EventFilter()
        clause, params = self._where(where)
        rows = self._rows(f"SELECT {column}, COUNT(*) FROM {self._counted} WHERE {clause} GROUP BY {column} "
                          f"ORDER BY {column} IS NULL, {column}", params)
        return [(key, int(n)) for key, n in rows]

    def total(self, where: EventFilter | None = None) -> int:
        where = where or EventFilter()
        clause, params = self._where(where)
        # A filter that one index of the live events in date order holds (0003, 0004) is counted in it; any other
        # from the covering index, as the planner would take the index of one of its columns and read the rows for
        # the rest (a governorate with a review state and a confidence floor: 300 ms against 20 ms).
        given = frozenset(f for f in _FILTERS if getattr(where, f))
        row = self._one(f"SELECT COUNT(*) FROM {'events' if given in _ORDERED else self._counted} WHERE {clause}",
                        params)
        return int(row[0]) if row else 0

    def _grouped(self, where: EventFilter, by: str, group: str | None) -> list[tuple[Any, ...]]:
        """Events and fatalities by `by`'s column (the day for a period) and the group's, as the database counts."""
        clause, params = self._where(where)
        first = "event_date" if by in PERIODS else _KEYS[by]
        second = _KEYS[group] if group else "NULL"
        rows = f"SELECT {first} AS a, {second} AS b, fatalities AS f FROM {self._counted} WHERE {clause}"
        if "actor" in (by, group):  # an event is counted once for each of its two actors
            first, second = ("actor2" if name == "actor" else c for name, c in ((by, first), (group, second)))
            rows += (f" UNION ALL SELECT {first}, {second}, fatalities FROM {self._counted} WHERE {clause} "
                     "AND actor2 IS NOT NULL AND (actor1 IS NULL OR actor2 <> actor1)")
            params = [*params, *params]
        return self._rows(f"SELECT a, b, COUNT(*), SUM(COALESCE(f, 0)) FROM ({rows}) t GROUP BY a, b", params)

    def aggregate(self, where: EventFilter | None = None, *, by: str = "day",
                  group: str | None = None) -> list[Aggregate]:
        if by not in PERIODS and by not in _KEYS:
            raise ConfigError(f"cannot count events by {by!r}; choose one of {[*PERIODS, *_KEYS]}")
        if group is not None and group not in GROUPS:
            raise ConfigError(f"cannot group events by {group!r}; choose one of {list(GROUPS)}")
        cells: dict[tuple[str | None, str | None], list[int]] = {}
        for first, second, n, dead in self._grouped(where or EventFilter(), by, group):
            cell = cells.setdefault((_period(first, by) if by in PERIODS else first, second), [0, 0])
            cell[0] += int(n)
            cell[1] += int(dead or 0)
        found = [Aggregate(k, g, events=n, fatalities=dead) for (k, g), (n, dead) in cells.items()]
        if by in PERIODS:
            found.sort(key=lambda a: (a.key is None, a.key or "", -a.events, a.group is None, a.group or ""))
        else:
            found.sort(key=lambda a: (-a.events, a.key is None, a.key or "", a.group is None, a.group or ""))
        return found

    def _changes(self, clause: str, params: Sequence[Any]) -> list[Change]:
        rows = self._rows(f"SELECT change_id, event_id, at, who, action, detail FROM changes WHERE {clause}", params)
        return [Change(int(cid), eid, at=at, who=who, action=action, detail=json.loads(detail))
                for cid, eid, at, who, action, detail in rows]

    def history(self, event_id: str) -> list[Change]:
        return self._changes("event_id = ? ORDER BY change_id", (event_id,))

    def changes(self, *, since: str | None = None, limit: int = 1000) -> list[Change]:
        return self._changes("at > ? ORDER BY change_id LIMIT ?", (since or "0001-01-01T00:00:00+00:00", limit))

    def changes_total(self, *, since: str | None = None) -> int:
        row = self._one("SELECT COUNT(*) FROM changes WHERE at > ?", (since or "0001-01-01T00:00:00+00:00",))
        return int(row[0]) if row else 0


def _period(day: Any, period: str) -> str | None:
    """The period a day (a date, or ISO text as SQLite keeps it) falls in: itself, its week's Saturday or its month."""
    if day is None:
        return None
    moment = day if isinstance(day, date) else date.fromisoformat(str(day))
    if period == "week":
        moment -= timedelta(days=(moment.weekday() + 2) % 7)  # Monday is 0, so Saturday is 5: 0 days back
    return moment.isoformat()[:7] if period == "month" else moment.isoformat()
