"""Events without a date, coordinates or a country in the store: kept as `incomplete`, listed for review, never
returned by a date filter; on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rasd.store import EventFilter, Store, open_store
from tests.conftest import bundled, web_app
from tests.test_store import OTHER, article, event, store  # noqa: F401  (the store fixture)

UNDATED = {"event_date": None, "time_precision": None}


def test_an_undated_event_is_incomplete_until_a_dated_report_joins(store: Store) -> None:  # noqa: F811
    eid = store.add(article("a"), [event("a", **UNDATED)]).events_created[0]
    assert store.event(eid).review_state == "incomplete"  # type: ignore[union-attr]
    assert [e.event_id for e in store.events(EventFilter(review_states=("incomplete",)))] == [eid]
    assert store.events(EventFilter(date_from=date(2000, 1, 1))) == []
    assert store.events(EventFilter(date_to=date(2100, 1, 1))) == []
    other = store.add(article("b", text=OTHER), [event("b")]).events_created[0]
    store.merge(eid, other, who="reviewer")
    dated = store.event(eid)
    assert dated is not None and (dated.review_state, dated.data["event_date"]) == ("pending", "2024-03-14")
    assert [e.event_id for e in store.events(EventFilter(date_from=date(2024, 3, 14)))] == [eid]


@pytest.mark.parametrize("missing", [{"latitude": None, "longitude": None, "geo_precision": None}, {"country": None}])
def test_an_unplaced_event_is_incomplete_until_a_placed_report_joins(store: Store,  # noqa: F811
                                                                     missing: dict[str, Any]) -> None:
    eid = store.add(article("a"), [event("a", **missing)]).events_created[0]
    assert store.event(eid).review_state == "incomplete"  # type: ignore[union-attr]
    assert store.add(article("b", text=OTHER), [event("b")]).events_joined == (eid,)  # a report that places it
    assert store.event(eid).review_state == "pending"  # type: ignore[union-attr]


def test_a_reviewer_who_dates_an_incomplete_event_edits_it(store: Store) -> None:  # noqa: F811
    eid = store.add(article("a"), [event("a", **UNDATED)]).events_created[0]
    edited = store.review(eid, "edited", who="reviewer", edits={"event_date": "2024-03-13", "time_precision": 1})
    assert (edited.review_state, edited.data["event_date"]) == ("edited", "2024-03-13")
    assert [e.event_id for e in store.events(EventFilter(date_from=date(2024, 3, 13)))] == [eid]


def test_the_api_lists_incomplete_events_only_when_asked(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "api.sqlite"), merge=bundled().merge) as s:
        undated = s.add(article("a"), [event("a", **UNDATED)]).events_created[0]
        dated = s.add(article("b", text=OTHER), [event("b", location="Saraqib", latitude=35.86, longitude=36.8)])
        client = TestClient(web_app(s))
        ids = [e["event_id"] for e in client.get("/api/events", params={"review_state": "incomplete"}).json()["events"]]
        assert ids == [undated]
        ranged = client.get("/api/events", params={"date_from": "2000-01-01", "date_to": "2100-01-01"}).json()
        assert [e["event_id"] for e in ranged["events"]] == list(dated.events_created)
        assert "incomplete" in client.get("/api/meta").json()["review_states"]


def test_the_migration_marks_undated_events_stored_before_it(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with open_store(str(path), merge=bundled().merge) as s:
        eid = s.add(article("a"), [event("a", **UNDATED)]).events_created[0]
    with sqlite3.connect(path) as db:  # as a store written before the state existed left it
        db.execute("UPDATE events SET review_state = 'pending'")
        db.execute("DELETE FROM schema_migrations WHERE version = 7")
    with open_store(str(path), merge=bundled().merge) as s:
        assert s.event(eid).review_state == "incomplete"  # type: ignore[union-attr]


def test_the_migration_marks_unplaced_events_stored_before_it(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with open_store(str(path), merge=bundled().merge) as s:
        eid = s.add(article("a"), [event("a", country=None)]).events_created[0]
        placed = s.add(article("b", text=OTHER), [event("b", location="Saraqib", latitude=35.86, longitude=36.8)])
    with sqlite3.connect(path) as db:  # as a store written before the state took the place in left it
        db.execute("UPDATE events SET review_state = 'pending'")
        db.execute("DELETE FROM schema_migrations WHERE version = 8")
    with open_store(str(path), merge=bundled().merge) as s:
        assert s.event(eid).review_state == "incomplete"  # type: ignore[union-attr]
        assert s.event(placed.events_created[0]).review_state == "pending"  # type: ignore[union-attr]
