"""Which reports are one event: field-by-field comparison and the combined event (pure functions)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.merge import best_match, combine, compare


def report(**fields: Any) -> dict[str, Any]:
    """A FORMATS.md event dict: an air strike on Kafr Nabl on 14 March 2024, unless told otherwise."""
    base: dict[str, Any] = {
        "event_date": "2024-03-14", "time_precision": 1, "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike", "actor1": "Military Forces of Russia", "assoc_actor_1": [],
        "actor2": "Civilians (Syria)", "assoc_actor_2": [], "admin1": "Idlib", "admin2": "Maarrat an Nu'man",
        "location": "Kafr Nabl", "location_ar": "كفرنبل", "latitude": 35.6135, "longitude": 36.5613,
        "geo_precision": 1, "fatalities": 3, "confidence": 0.7, "modality": "asserted", "tags": [],
        "sources": [{"article_id": "a"}],
    }
    return base | fields


def test_same_happening_agrees_on_every_field() -> None:
    cmp = compare(report(event_date="2024-03-13", latitude=35.63), report())
    assert cmp.same
    assert {"event_date", "location", "event_type", "sub_event_type", "actor1", "actor2"} <= set(cmp.agreed)
    assert cmp.days == 1 and cmp.km is not None and cmp.km < 5


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"event_date": "2024-03-16"}, "event_date"),
        ({"latitude": 35.93}, "location"),
        ({"event_type": "Battles", "sub_event_type": "Armed clash"}, "event_type"),
        ({"actor1": "Military Forces of Turkey"}, "actor1"),
        ({"event_date": None}, "event_date"),
    ],
)
def test_one_disagreeing_field_keeps_events_apart(change: dict[str, Any], field: str) -> None:
    cmp = compare(report(**change), report())
    assert not cmp.same and field in cmp.differed


def test_coarse_placement_needs_the_same_governorate() -> None:
    region = report(geo_precision=3, latitude=35.9, longitude=36.6, location="Idlib", location_ar="ادلب")
    assert compare(region, report()).same
    assert not compare(region | {"admin1": "Aleppo"}, report()).same


def test_unidentified_or_missing_actors_do_not_block() -> None:
    assert compare(report(actor1="Unidentified Armed Group (Syria)"), report()).same
    assert compare(report(actor1=None, actor2=None), report()).same
    assert compare(report(actor2="Military Forces of Syria (2000-2024)"), report()).same  # target side may differ


def test_best_match_prefers_the_nearest_agreeing_event() -> None:
    far = report(latitude=35.64)
    near = report(latitude=35.614)
    assert best_match(report(), [("far", far), ("near", near), ("other", report(event_date="2024-01-01"))])[0] == "near"
    assert best_match(report(), [("other", report(event_date="2024-01-01"))]) is None


def test_combine_is_conservative_and_keeps_the_spread() -> None:
    merged = combine([report(fatalities=5, sources=[{"article_id": "a"}]),
                      report(fatalities=3, sources=[{"article_id": "b"}], geo_precision=2, location="Idlib")])
    assert merged["fatalities"] == 3
    spread = [{"article_id": "a", "fatalities": 5}, {"article_id": "b", "fatalities": 3}]
    assert merged["fatalities_by_source"] == spread
    assert merged["location"] == "Kafr Nabl"  # the more precise placement


def test_combine_takes_codebook_precedence_on_a_tie() -> None:
    merged = combine([report(sub_event_type="Shelling/artillery/missile attack"), report()])
    assert merged["sub_event_type"] == "Air/drone strike"


@given(st.permutations([3, 5, 1, 8]))
def test_combine_does_not_depend_on_report_order(figures: list[int]) -> None:
    reports = [report(fatalities=f, event_date=f"2024-03-1{3 + f % 2}", sources=[{"article_id": str(f)}])
               for f in figures]
    merged = combine(reports)
    assert merged["fatalities"] == 1
    assert merged["event_date"] == "2024-03-14"
    assert {k: v for k, v in merged.items() if k != "fatalities_by_source"} == {
        k: v for k, v in combine(sorted(reports, key=lambda r: r["fatalities"])).items() if k != "fatalities_by_source"}
