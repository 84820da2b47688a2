"""The counts and lists the page loads first read indexes of the live events, not the events' rows (SQLite's plans),
and give what a count over every event gives, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rasd.bench.store import query_plan, synthetic
from rasd.store import EventFilter, Store
from rasd.store.bulk import bulk_load
from rasd.store.sql import SQLStore
from tests.test_store import open_test_store

MONTH = EventFilter(date_from=date(2023, 2, 1), date_to=date(2023, 2, 28))


def _fill(kind: str, tmp_path: Path) -> Iterator[SQLStore]:
    """A store of 300 synthetic events, one deleted and one merged away, with the planner's statistics."""
    with open_test_store(kind, tmp_path) as store:
        assert isinstance(store, SQLStore)
        bulk_load(store, synthetic(300), merge=False)
        first, second, third = (e.event_id for e in store.events(EventFilter(limit=3)))
        store.delete(first, who="test")
        store.merge(second, third, who="test")
        store.analyze()
        yield store


@pytest.fixture(params=["sqlite", "postgres"])
def filled(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLStore]:
    """The filled store on SQLite and on PostgreSQL."""
    yield from _fill(request.param, tmp_path)


@pytest.fixture
def planned(tmp_path: Path) -> Iterator[SQLStore]:
    """The filled store on SQLite, whose query plans the plan tests read."""
    yield from _fill("sqlite", tmp_path)


def _queries(store: SQLStore, call: Any) -> list[tuple[str, list[Any]]]:
    """The SELECTs on events a call runs, with their parameters."""
    ran: list[tuple[str, list[Any]]] = []
    rows = store._rows

    def recording(sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        if "FROM events" in sql:
            ran.append((sql, list(params)))
        return rows(sql, params)

    store._rows = recording  # type: ignore[method-assign]
    try:
        call()
    finally:
        del store._rows
    assert ran
    return ran


def _plans(store: SQLStore, call: Any) -> list[str]:
    return ["\n".join(str(row[-1]) for row in store._rows(f"EXPLAIN QUERY PLAN {sql}", params))
            for sql, params in _queries(store, call)]


COUNTS = {
    "count": lambda s: s.count("events"),
    "total": lambda s: s.total(),
    "total of a month": lambda s: s.total(MONTH),
    "total of several filters": lambda s: s.total(EventFilter(admin1="Idlib", review_states=("pending",),
                                                              min_confidence=0.5)),
    "by country": lambda s: s.aggregate(by="country"),
    "by governorate": lambda s: s.aggregate(by="admin1"),
    "by district": lambda s: s.aggregate(by="admin2"),
    "by day": lambda s: s.aggregate(by="day"),
    "by week and type": lambda s: s.aggregate(by="week", group="type"),
    "by type in a month": lambda s: s.aggregate(MONTH, by="type"),
    "by actor": lambda s: s.aggregate(by="actor"),
    "actor1 stats": lambda s: s.stats("actor1"),
}


@pytest.mark.parametrize("name", COUNTS)
def test_counts_read_the_covering_index_of_live_events(planned: SQLStore, name: str) -> None:
    for plan in _plans(planned, lambda: COUNTS[name](planned)):
        assert "COVERING INDEX events_live" in plan, plan
        assert "SCAN events\n" not in plan + "\n"


def test_a_governorate_is_counted_from_its_own_index(planned: SQLStore) -> None:
    (plan,) = _plans(planned, lambda: planned.total(EventFilter(admin1="Idlib")))
    assert "events_admin1" in plan and "_order" in plan, plan  # the partial twin, never the dropped index


def test_the_latest_change_and_the_review_queue_are_read_in_index_order(planned: SQLStore) -> None:
    latest = query_plan(planned, EventFilter(sort="-updated_at", limit=1))
    assert "events_updated_order" in latest and "TEMP B-TREE" not in latest, latest
    queue = query_plan(planned, EventFilter(review_states=("pending", "incomplete"), sort="confidence", limit=50))
    assert "events_confidence_order" in queue and "TEMP B-TREE" not in queue, queue


def test_the_one_column_indexes_with_live_twins_are_gone(filled: SQLStore) -> None:
    if filled.dialect == "postgres":
        names = {n for (n,) in filled._rows("SELECT indexname FROM pg_indexes WHERE tablename = 'events' "
                                            "AND schemaname = current_schema()")}
    else:
        names = {n for (n,) in filled._rows("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"events_live", "events_updated_order", "events_confidence_order"} <= names
    assert not names & {"events_date", "events_admin1", "events_type", "events_sub_type"}


def _every(store: Store) -> list[dict[str, Any]]:
    return [e.data | {"review_state": e.review_state, "updated_at": e.updated_at}
            for e in store.events(EventFilter(limit=10_000))]


def test_counts_are_those_of_the_live_events(filled: SQLStore) -> None:
    events = _every(filled)
    assert len(events) == 298 == filled.count("events") == filled.total()  # 300 made, 1 deleted, 1 merged away
    in_month = [e for e in events if "2023-02-01" <= e["event_date"] <= "2023-02-28"]
    assert filled.total(MONTH) == len(in_month)
    several = EventFilter(admin1="Idlib", review_states=("pending",), min_confidence=0.5)
    assert filled.total(several) == sum(e["admin1"] == "Idlib" and e["review_state"] == "pending"
                                        and e["confidence"] >= 0.5 for e in events) > 0
    for by in ("country", "admin1", "admin2", "actor1"):
        counted = {a.key: (a.events, a.fatalities) for a in filled.aggregate(by=by)}
        expected: dict[Any, list[int]] = {}
        for e in events:
            cell = expected.setdefault(e[by], [0, 0])
            cell[0] += 1
            cell[1] += e["fatalities"] or 0
        assert counted == {k: tuple(v) for k, v in expected.items()}
        assert dict(filled.stats(by)) == Counter(e[by] for e in events)
    days = {a.key: a.events for a in filled.aggregate(by="day")}
    assert days == Counter(e["event_date"] for e in events)
    types = {a.key: a.events for a in filled.aggregate(MONTH, by="type")}
    assert types == Counter(e["event_type"] for e in in_month)


def test_the_latest_change_and_the_queue_are_those_of_a_sort(filled: SQLStore) -> None:
    events = _every(filled)
    latest = filled.events(EventFilter(sort="-updated_at", limit=3))
    assert [e.updated_at for e in latest] == sorted((e["updated_at"] for e in events), reverse=True)[:3]
    waiting = ("pending", "incomplete")
    queue = filled.events(EventFilter(review_states=waiting, sort="confidence", limit=20))
    expected = sorted((e["confidence"], e["event_id"]) for e in events if e["review_state"] in waiting)
    assert [(e.data["confidence"], e.event_id) for e in queue] == expected[:20]


def test_a_brief_list_holds_what_the_full_one_shows(filled: SQLStore) -> None:
    where = EventFilter(sort="-event_date", limit=50)
    full, brief = filled.events(where), filled.events(where, brief=True)
    assert [(e.event_id, e.data, e.review_state, e.version, e.updated_at) for e in brief] == [
        (e.event_id, e.data, e.review_state, e.version, e.updated_at) for e in full]
    assert all(e.machine for e in full) and not any(e.machine or e.edits for e in brief)
