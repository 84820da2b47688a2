"""The merge benchmark's judgement: a join is far when the incidents its two reports document are far apart."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rasd.bench.merge import far_apart, far_joins, reported
from rasd.store import Store
from tests.test_store import article, event, open_test_store

KAFR_NABL = {"latitude": 35.6135, "longitude": 36.5613, "location_ar": "كفرنبل"}


def incident(name: str, day: str, **place: object) -> dict[str, object]:
    return {"incident": name, "date": day, **(place or KAFR_NABL)}


def test_far_apart_needs_every_dated_pair_more_than_a_day_apart() -> None:
    assert far_apart([incident("A", "2024-03-10")], [incident("B", "2024-03-14")])
    assert not far_apart([incident("A", "2024-03-13")], [incident("B", "2024-03-14")])
    assert not far_apart([incident("A", "2024-03-10")], [incident("A", "2024-03-10")])
    assert not far_apart([], [incident("B", "2024-03-14")])  # a report of no incident judges nothing


def test_a_report_documents_only_the_incidents_at_its_place_and_day() -> None:
    strike = event("a").to_dict()
    assert reported(strike, [incident("A", "2024-03-15")]) == [incident("A", "2024-03-15")]
    assert reported(strike, [incident("B", "2024-03-02")]) == []  # twelve days before
    elsewhere = {"latitude": 36.2, "longitude": 37.15, "location_ar": "حلب"}
    assert reported(strike, [incident("C", "2024-03-14", **elsewhere)]) == []


def _two_articles(store: Store, second_day: date, second_cites: str) -> list[dict[str, object]]:
    """Two articles whose air strikes on Kafr Nabl, a day apart at most, the store joins into one event."""
    store.add(article("a"), [event("a")])
    store.add(article("b", text="أغارت طائرات روسية على كفرنبل جنوب إدلب وقتل ثلاثة مدنيين في الغارة"),
              [event("b", event_date=second_day)])
    return [{"id": "a", "expected": [incident("A", "2024-03-14")]},
            {"id": "b", "expected": [incident("B", second_cites)]}]


def test_a_roundups_other_strike_is_not_a_far_join(tmp_path: Path) -> None:
    with open_test_store("sqlite", tmp_path) as store:
        # Article b cites a strike of the 2nd; the report joined is another strike it tells, on the 14th.
        rows = _two_articles(store, date(2024, 3, 14), "2024-03-02")
        multi, far, by_article = far_joins(rows, store)
    assert (multi, len(far), by_article) == (1, 0, 1)


def test_reports_of_incidents_two_days_apart_joined_are_a_far_join(tmp_path: Path) -> None:
    with open_test_store("sqlite", tmp_path) as store:
        # The second report, dated the 15th, documents the incident of the 16th; the first, that of the 14th.
        rows = _two_articles(store, date(2024, 3, 15), "2024-03-16")
        multi, far, by_article = far_joins(rows, store)
    assert (multi, by_article) == (1, 1)
    assert [[r["incidents"] for r in f["reports"]] for f in far] == [[["A"], ["B"]]]
