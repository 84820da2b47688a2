"""One truth per event: the conservative toll across sources with each source's beside it, and a note written anew
from the fields after every edit and merge. Our own reports are ingested, edited and merged, then every event of
the store is walked for a field that contradicts its note or its evidence; on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rasd.batch import Summary
from rasd.events.notes import summarise_fields
from rasd.extraction import build_pipeline
from rasd.ingest import ingest
from rasd.merge import conservative
from rasd.pipeline import Pipeline
from rasd.sources.files import ArticleIn
from rasd.store import EventFilter, EventRecord, Store
from rasd.store.base import complete
from tests.test_store import article, event, store  # noqa: F401  (the store fixture)

DAY = date(2024, 3, 14)
REPORTS = [
    ("a1", "مرصد", "قصفت طائرات حربية روسية بلدة كفرنبل جنوبي إدلب صباح اليوم، ما أدى إلى مقتل خمسة مدنيين."),
    ("a2", "شبكة", "قتل ثلاثة مدنيين صباح اليوم في غارات جوية روسية استهدفت بلدة كفرنبل جنوبي إدلب."),
    ("a3", "وكالة", "استهدفت غارات جوية روسية بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم وسط حركة نزوح."),
    ("b1", "مرصد", "قصفت قوات النظام بالمدفعية الثقيلة قرية سفوهن في جبل الزاوية صباح اليوم وأصيب طفلان بجروح."),
    ("c1", "شبكة", "قصفت قوات النظام بالمدفعية مدينة سراقب شرقي إدلب صباح اليوم، ما أدى إلى مقتل مدني."),
]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline()


@pytest.mark.parametrize(("figures", "expected"), [
    ([5, 3, 0], 3),  # a report that counts no dead does not lower another's count
    ([0, 0], 0),
    ([None, 0], 0),
    ([None, None], None),
    ([12, None, 3], 3),
])
def test_the_conservative_toll(figures: list[int | None], expected: int | None) -> None:
    assert conservative(figures) == expected


def test_a_toll_of_several_sources_is_their_lowest_with_each_beside_it(store: Store) -> None:  # noqa: F811
    eid = store.add(article("a"), [event("a", fatalities=5)]).events_created[0]
    store.add(article("b", text="غارات روسية على كفرنبل جنوبي إدلب وقتلى بين المدنيين"), [event("b", fatalities=0)])
    third = store.add(article("c", text="قتل ثلاثة مدنيين في غارة روسية على كفرنبل"), [event("c", fatalities=3)])
    if third.events_created:  # the store did not join it: a reviewer merges it
        store.merge(eid, third.events_created[0], who="reviewer")
    record = store.event(eid)
    assert record is not None
    assert record.data["fatalities"] == 3
    assert {(s["article_id"], s["fatalities"]) for s in record.data["fatalities_by_source"]} >= {("a", 5), ("c", 3)}
    assert "(3 killed)" in record.data["notes"]


def test_a_reviewers_note_stands_until_the_fields_change(store: Store) -> None:  # noqa: F811
    eid = store.add(article("a"), [event("a")]).events_created[0]
    noted = store.review(eid, "edited", who="reviewer", edits={"notes": "Three civilians killed, per the hospital."})
    assert noted.data["notes"] == "Three civilians killed, per the hospital."
    moved = store.review(eid, "edited", who="reviewer", edits={"location": "Saraqib", "latitude": 35.86,
                                                               "longitude": 36.8, "fatalities": 4})
    assert "notes" not in moved.edits
    assert moved.data["notes"] == summarise_fields(moved.data)
    assert "Saraqib" in moved.data["notes"] and "(4 killed)" in moved.data["notes"]


def _contradictions(record: EventRecord) -> list[str]:
    """What in an event disagrees with its note, its sources' tolls or its review state."""
    data, found = record.data, []
    note = data.get("notes") or ""
    if "notes" not in record.edits and note != summarise_fields(data):
        found.append(f"note not written from the fields: {note!r}")
    place = data.get("location") or data.get("location_ar")
    if place and place not in note:
        found.append(f"note does not name the place {place!r}: {note!r}")
    toll = data.get("fatalities")
    if bool(toll) != ("killed" in note) or (toll and f"({toll} killed" not in note):
        found.append(f"note disagrees with the toll {toll}: {note!r}")
    given = [s.get("fatalities") for s in data.get("fatalities_by_source") or ()]
    if "fatalities" not in record.edits and toll and toll > max((f or 0 for f in given), default=0):
        found.append(f"toll {toll} above every source's {given}")
    if "fatalities" not in record.edits and toll != conservative(given):
        found.append(f"toll {toll} is not the conservative figure of {given}")
    if record.review_state in ("pending", "incomplete") and (record.review_state == "incomplete") == complete(data):
        found.append(f"state {record.review_state} with date {data.get('event_date')}, country "
                     f"{data.get('country')}, coordinates {data.get('latitude')}, {data.get('longitude')}")
    return found


def test_walking_the_store_finds_no_contradiction(store: Store, pipeline: Pipeline) -> None:  # noqa: F811
    items = [ArticleIn(n, id=aid, text=text, published=DAY, outlet=outlet, source=outlet)
             for n, (aid, outlet, text) in enumerate(REPORTS, 1)]
    summary = ingest(items, store, pipeline, Summary())
    assert summary.stored == len(REPORTS)
    events = {e.event_id: e for e in store.events(EventFilter(limit=1000))}
    by_place = {e.data.get("location"): e.event_id for e in events.values()}
    assert {"Kafr Nabl", "Sfuhen", "Saraqib"} <= set(by_place)
    # A reviewer moves the Sfuhen shelling to Saraqib and sets its toll, then merges the Saraqib one into it.
    moved = by_place["Sfuhen"]
    store.review(moved, "edited", who="reviewer", edits={"location": "Kafr Ruma", "location_ar": "كفرروما",
                                                         "latitude": 35.61, "longitude": 36.55, "fatalities": 2})
    store.merge(moved, by_place["Saraqib"], who="reviewer")
    walked: list[tuple[str, list[str]]] = []
    for listed in store.events(EventFilter(limit=1000)):
        record = store.event(listed.event_id)
        assert record is not None
        walked.append((record.event_id, _contradictions(record)))
    assert len(walked) >= 2
    assert [(eid, found) for eid, found in walked if found] == []
    kafr_nabl = store.event(by_place["Kafr Nabl"])
    assert kafr_nabl is not None
    tolls = _tolls(kafr_nabl.data)
    assert kafr_nabl.data["fatalities"] == min(t for t in tolls if t)
    shown = store.event(moved)
    assert shown is not None and "Kafr Ruma" in shown.data["notes"] and "Sfuhen" not in shown.data["notes"]


def _tolls(data: dict[str, Any]) -> list[int]:
    return [s.get("fatalities") or 0 for s in data.get("fatalities_by_source") or ()]
