"""The country filter, on SQLite and on a real PostgreSQL: in the store, the API and `rasd export`, in any case,
with the closest names when a country is unknown; a store made before the column had it gets it from its events."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rasd.cli import main
from rasd.event import Evidence, Source
from rasd.store import ArticleRecord, EventFilter, Store, open_store
from tests.conftest import bundled, web_app
from tests.test_error_shape import assert_error
from tests.test_store import TEXT, event, open_test_store

BLAST = "انفجرت عبوة ناسفة في سوق شعبي وسط مدينة الموصل مساء أمس"


def _fill(store: Store) -> None:
    store.add(ArticleRecord("syria-1", text=TEXT, published=date(2024, 3, 14)), [event("syria-1")])
    iraq = event("iraq-1", event_date=date(2024, 5, 2), sub_event_type="Remote explosive/landmine/IED",
                 actor1="Unidentified Armed Group (Iraq)", country="Iraq", iso=368, admin1="Nineveh", admin2="Mosul",
                 location="Mosul", location_ar="الموصل", latitude=36.34, longitude=43.13, fatalities=0,
                 sources=(Source("iraq-1"),), evidence=(Evidence("iraq-1", 0, 6, "trigger", "انفجرت"),))
    store.add(ArticleRecord("iraq-1", text=BLAST, published=date(2024, 5, 2)), [iraq])


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with open_test_store(request.param, tmp_path) as s:
        _fill(s)
        yield s


def test_the_store_filters_and_counts_by_country(store: Store) -> None:
    assert [e.data["location"] for e in store.events(EventFilter(country="Iraq"))] == ["Mosul"]
    assert [e.data["location"] for e in store.events(EventFilter(country="Syria"))] == ["Kafr Nabl"]
    assert store.events(EventFilter(country="Yemen")) == []
    assert store.stats("country") == [("Iraq", 1), ("Syria", 1)]
    assert store.total(EventFilter(country="Iraq", date_from=date(2024, 6, 1))) == 0


def test_a_store_made_before_the_column_gets_it_from_its_events(store: Store) -> None:
    store._run("DROP INDEX events_country_order")  # type: ignore[attr-defined]
    store._run("DROP INDEX events_live")  # type: ignore[attr-defined]  # 0010: it holds the column
    store._run("ALTER TABLE events DROP COLUMN country")  # type: ignore[attr-defined]
    store._run("DELETE FROM schema_migrations WHERE version IN (6, 10)")  # type: ignore[attr-defined]
    store._migrate()  # type: ignore[attr-defined]
    assert store.stats("country") == [("Iraq", 1), ("Syria", 1)]


def test_the_api_filters_by_country_in_any_case(store: Store) -> None:
    with TestClient(web_app(store), raise_server_exceptions=False) as client:
        page = client.get("/api/events", params={"country": "iraq"}).json()
        assert ([e["location"] for e in page["events"]], page["total"]) == (["Mosul"], 1)
        counted = client.get("/api/stats", params={"by": "country"}).json()
        assert [(r["key"], r["count"]) for r in counted["rows"]] == [("Iraq", 1), ("Syria", 1)]
        assert client.get("/api/stats", params={"by": "type", "country": "SYRIA"}).json()["total"] == 1
        exported = client.get("/api/export", params={"format": "csv", "country": "Iraq"}).text
        assert [row["location"] for row in csv.DictReader(io.StringIO(exported.lstrip("\ufeff")))] == ["Mosul"]
        error = assert_error(client.get("/api/events", params={"country": "Irak"}), 400, "bad_request")
        assert "did you mean 'Iraq'" in error["message"]
        parameters = client.get("/openapi.json").json()["paths"]["/api/events"]["get"]["parameters"]
        country = next(p for p in parameters if p["name"] == "country")
        assert {"Iraq", "Syria", "Yemen"} <= set(country["schema"]["enum"])


def test_export_takes_a_country_from_a_store_or_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "c.sqlite"
    with open_store(str(db), merge=bundled().merge) as s:
        _fill(s)
    out = tmp_path / "iraq.jsonl"
    assert main(["export", "--db", str(db), "--format", "jsonl", "--country", "IRAQ", "-o", str(out), "-q"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and '"Mosul"' in lines[0]
    again = tmp_path / "again.jsonl"
    assert main(["export", "--input", str(out), "--format", "jsonl", "--country", "iraq", "-o", str(again), "-q"]) == 0
    assert again.read_text(encoding="utf-8").splitlines() == lines
    assert main(["export", "--input", str(out), "--country", "syria", "-o", str(again), "-q"]) == 0
    assert main(["export", "--db", str(db), "--country", "Jordon"]) == 2
    assert "did you mean 'Jordan'" in capsys.readouterr().err
