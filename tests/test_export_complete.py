"""ACLED-strict exports: only complete events (a date, coordinates, a country) unless asked; the outlet's reach
as `source_scale`; ACLED's form of `event_id_cnty`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rasd.cli import main
from rasd.export import event_id_cnty
from rasd.outlets import outlet_scale, source_scale
from rasd.store import open_store
from tests.conftest import bundled, web_app
from tests.test_store import OTHER, article, event

UNDATED = "أفاد ناشطون بسقوط قذائف على بلدة سرمين دون أن يذكروا متى"
UNPLACED = "قصفت طائرات مسيرة موقعا لم يحدد مكانه في الشمال ما أدى لمقتل عنصرين"


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "events.sqlite"
    with open_store(str(path), merge=bundled().merge) as store:
        store.add(article("a"), [event("a")])
        store.add(article("u", text=UNDATED), [event("u", event_date=None, time_precision=None, location="Sarmin",
                                                     location_ar="سرمين", latitude=35.9, longitude=36.72)])
        store.add(article("p", text=UNPLACED), [event("p", location=None, location_ar=None, latitude=None,
                                                      longitude=None, geo_precision=None, admin1=None, admin2=None)])
        store.add(article("c", text=OTHER), [event("c", country=None, location="Sfuhun", location_ar="سفوهن",
                                                   latitude=35.6, longitude=36.45)])
    return path


def _export(db: Path, tmp_path: Path, fmt: str, *options: str) -> str:
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "--db", str(db), "--format", fmt, "--output", str(out), "--quiet", *options]) == 0
    return out.read_text(encoding="utf-8-sig")


def test_exports_hold_complete_events_unless_asked(db: Path, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(db, tmp_path, "csv"))))
    assert [r["event_id"] for r in rows] and all(r["event_date"] and r["latitude"] and r["country"] for r in rows)
    assert len(rows) == 1 and rows[0]["review_state"] == "pending"
    features = json.loads(_export(db, tmp_path, "geojson"))["features"]
    assert len(features) == 1 and features[0]["geometry"] is not None
    assert len(_export(db, tmp_path, "plover").splitlines()) == 1
    everything = list(csv.DictReader(io.StringIO(_export(db, tmp_path, "csv", "--include-incomplete"))))
    assert len(everything) == 4 and sorted(r["review_state"] for r in everything) == ["incomplete"] * 3 + ["pending"]
    assert len(_export(db, tmp_path, "jsonl", "--include-incomplete").splitlines()) == 4


def test_the_api_exports_complete_events_unless_asked(db: Path) -> None:
    with open_store(str(db)) as store:
        client = TestClient(web_app(store))
        asked = {"format": "jsonl", "limit": 10}  # a small export: two in a row stay within the rate limit
        default = client.get("/api/export", params=asked).text.splitlines()
        every = client.get("/api/export", params=asked | {"include_incomplete": "true"}).text.splitlines()
    assert (len(default), len(every)) == (1, 4)


def test_source_scale_comes_from_the_outlet() -> None:
    assert outlet_scale({"url": "https://x.com/someone/status/1"}) == "New media"
    assert outlet_scale({"outlet": "'@SomeoneLocal"}) == "New media"
    assert outlet_scale({"url": "https://www.enabbaladi.net/archives/1"}) == "National"
    assert outlet_scale({"url": "https://www.aljazeera.net/news/1"}) == "Regional"
    assert outlet_scale({"url": "https://example.org/1", "outlet": "مدونة"}) is None  # unknown, never guessed
    both = [{"url": "https://www.bbc.com/arabic/1"}, {"url": "https://www.facebook.com/p/1"},
            {"url": "https://sana.sy/?p=1"}]
    assert source_scale(both) == "National-International-New media"
    assert source_scale([{"url": "https://example.org/1"}]) == ""


def test_event_id_cnty_has_acleds_form_and_is_stable() -> None:
    syria = {"event_id": "ev-a7b044a82371ec83", "country": "Syria"}
    first = event_id_cnty(syria)
    assert first.startswith("SYR") and first[3:].isdigit() and event_id_cnty(dict(syria)) == first
    assert event_id_cnty(syria | {"country": "Iraq"}).startswith("IRQ")
    assert event_id_cnty({"event_id": "ev-b7b044a82371ec83", "country": "Syria"}) != first
