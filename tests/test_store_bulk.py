"""Bulk loading makes the store `Store.add` makes one article at a time, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rasd.bench.store import QUERIES, query_plan, synthetic
from rasd.errors import ConfigError
from rasd.event import Evidence, Signal
from rasd.store import EventFilter, Store, open_store
from rasd.store.bulk import Extracted, bulk_load
from rasd.store.sql import SQLStore
from tests.conftest import bundled
from tests.test_store import OTHER, TEXT, article, event, open_test_store

MARKET = "سقطت قذيفة هاون على سوق مدينة دوما صباح الجمعة وقتل بائع متجول وأصيب آخرون وسط حالة من الذعر بين الأهالي"
PROTEST = "خرج مئات المحتجين في ساحة مدينة السويداء مطالبين بالإفراج عن المعتقلين"
DUMA = dict(admin1="Rural Damascus", admin2="Duma", location="Duma", location_ar="دوما", latitude=33.5711,
            longitude=36.4022, event_type="Explosions/Remote violence",
            sub_event_type="Shelling/artillery/missile attack")


def _items() -> list[Extracted]:
    """Articles that exercise every rule: merges, a repeated text, a reprint, signals, two events in one article."""
    feared = Signal("feared", "Explosions/Remote violence", "Air/drone strike", None, "Idlib", "ادلب", None,
                    (Evidence("b", 0, 9, "modality", "استهدفت"),))
    return [
        Extracted(article("a", url="https://example.org/a"), events=(event("a"),)),
        Extracted(article("b", text=OTHER), events=(event("b", event_date=date(2024, 3, 15), fatalities=2),),
                  signals=(feared,)),
        Extracted(article("c", text=TEXT)),  # the same text as `a`: a duplicate, nothing is stored
        Extracted(article("d", text=TEXT + " وفق ما أفاد مراسلنا في المنطقة الذي وثق الأضرار"),
                  events=(event("d", actor1="Military Forces of Syria"),)),
        Extracted(article("e", text=MARKET, published=date(2024, 3, 16)),
                  events=(event("e", event_date=date(2024, 3, 16), **DUMA),
                          event("e", event_date=date(2024, 3, 16), **DUMA, fatalities=1))),
        Extracted(article("f", text=MARKET + " في المدينة",
                          url="https://example.org/f"),
                  events=(event("f", event_date=date(2024, 3, 17), **DUMA, fatalities=4),)),
        Extracted(article("g", text=PROTEST, url="https://example.org/a")),  # a known URL: a duplicate
        Extracted(article("h", text=PROTEST, title="احتجاج"),
                  events=(event("h", event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters",
                                actor2=None, admin1="As-Suwayda", location="As-Suwayda", location_ar="السويداء",
                                latitude=32.7094, longitude=36.5694, event_date=None),)),
    ]




@pytest.fixture(params=["sqlite", "postgres"])
def pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """Two empty stores of one backend: one filled article by article, one in bulk."""
    with ExitStack() as stack:
        yield (stack.enter_context(open_test_store(request.param, tmp_path, "one")),
               stack.enter_context(open_test_store(request.param, tmp_path, "bulk")))


def _content(store: Store, ids: Sequence[str] = tuple("abcdefgh")) -> dict[str, Any]:
    """Everything stored but the timestamps."""
    events = {}
    for listed in store.events(EventFilter(limit=1000)):
        record = store.event(listed.event_id)
        assert record is not None
        events[record.event_id] = {
            "data": record.data, "machine": record.machine, "edits": record.edits, "state": record.review_state,
            "version": record.version, "reports": record.reports,
            "history": [(c.who, c.action, c.detail) for c in store.history(record.event_id)]}
    articles = {aid: store.article(aid) for aid in ids}
    return {"events": events, "articles": articles, "signals": {aid: store.signals(aid) for aid in ids},
            "counts": {what: store.count(what) for what in ("articles", "events", "reports", "signals", "changes")},
            "search": [(h.article_id, h.event_ids) for h in store.search("دوما")]}


def _changes_in_order(store: Store) -> None:
    changes = store.changes()
    assert [c.change_id for c in changes] == sorted(c.change_id for c in changes)
    assert [c.at for c in changes] == sorted({c.at for c in changes})  # strictly increasing, as sync expects


@pytest.mark.parametrize("batch_size", [1, 3, 100])
def test_bulk_load_stores_what_adding_one_by_one_stores(pair: tuple[Store, Store], batch_size: int) -> None:
    one, bulk = pair
    items = _items()
    for item in items:
        one.add(item.article, item.events, item.signals)
    loaded = bulk_load(bulk, items, batch_size=batch_size)
    expected = _content(one)
    assert _content(bulk) == expected
    assert (loaded.articles, loaded.duplicates, loaded.reprints, loaded.reports) == (6, 2, 1, 7)
    assert (loaded.events_created, loaded.events_joined) == (5, 2)
    assert expected["counts"]["events"] == 5
    assert expected["articles"]["f"]["reprint_of"] == "e"
    _changes_in_order(bulk)


RETOLD = "قال ناشطون إن ثلاثة مدنيين قتلوا صباح اليوم في غارات لطائرات حربية روسية استهدفت كفرنبل بريف إدلب الجنوبي"
NAMED_DAY = "غارة روسية على كفرنبل يوم الخميس 14 آذار توقع ضحايا بين المدنيين بحسب ناشطين"
UNTIED = "مراسلون: انفجارات تهز كفرنبل والأهالي يتحدثون عن خسائر كبيرة في الممتلكات"


def _undated_items() -> list[Extracted]:
    """A dated strike and undated reports of it: one retells its statement, one names its day, one is untied."""
    undated = dict(event_date=None, time_precision=None)
    return [
        Extracted(article("u1", text=UNTIED), events=(event("u1", **undated),)),
        Extracted(article("d1"), events=(event("d1"),)),
        Extracted(article("u2", text=RETOLD), events=(event("u2", **undated),)),
        Extracted(article("u3", text=NAMED_DAY), events=(event("u3", **undated),)),
        Extracted(article("d2", text=OTHER), events=(event("d2", event_date=date(2024, 3, 15)),)),
    ]


@pytest.mark.parametrize("batch_size", [1, 2, 100])
def test_bulk_load_ties_undated_reports_as_adding_does(pair: tuple[Store, Store], batch_size: int) -> None:
    one, bulk = pair
    items = _undated_items()
    for item in items:
        one.add(item.article, item.events)
    loaded = bulk_load(bulk, items, batch_size=batch_size)
    expected = _content(one, ids=[i.article.article_id for i in items])
    assert _content(bulk, ids=[i.article.article_id for i in items]) == expected
    assert (loaded.events_created, loaded.events_joined) == (2, 3)
    ties = sorted(tie for e in expected["events"].values() for _, _, detail in e["history"]
                  for tie in (detail.get("agreement") or {}).get("agreed", ()) if tie.endswith("_text"))
    assert ties == ["day_named_in_text", "same_story_in_text"]


def test_bulk_load_joins_events_already_stored_and_skips_stored_articles(pair: tuple[Store, Store]) -> None:
    one, bulk = pair
    items = _items()
    for store in pair:
        store.review(store.add(items[0].article, items[0].events).events_created[0], "edited", who="nour",
                     edits={"fatalities": 5})
    for item in items:
        one.add(item.article, item.events, item.signals)
    loaded = bulk_load(bulk, items)
    assert _content(bulk) == _content(one)
    assert loaded.duplicates == 3
    edited = bulk.events(EventFilter(review_states=("edited",)))
    assert [(e.data["fatalities"], e.machine["fatalities"], e.version) for e in edited] == [(5, 2, 3)]
    _changes_in_order(bulk)


def test_without_merging_every_report_is_an_event(pair: tuple[Store, Store]) -> None:
    _, bulk = pair
    loaded = bulk_load(bulk, _items(), merge=False)
    assert (loaded.events_created, loaded.events_joined, bulk.count("events")) == (7, 0, 7)
    assert all(len(bulk.history(e.event_id)) == 1 for e in bulk.events())


def test_a_failed_batch_is_undone_whole_and_the_earlier_ones_stay(tmp_path: Path) -> None:
    items = _items()
    # Evidence without its text breaks a NOT NULL column: the database stops the batch midway through writing.
    broken = Extracted(article("z", text=PROTEST + " ثم تفرقوا بعد ساعات من التجمع في الساحة العامة"),
                       events=(event("z", evidence=(Evidence("z", 0, 3, "trigger", None),)),))  # type: ignore[arg-type]
    with open_store(str(tmp_path / "rasd.sqlite"), merge=bundled().merge) as store:
        with pytest.raises(sqlite3.IntegrityError):
            bulk_load(store, [*items[:3], items[4], broken], batch_size=3)
        assert (store.count("articles"), store.count("events"), store.count("changes")) == (2, 1, 2)
        assert store.article("e") is None and store.article("z") is None


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "rasd.sqlite")) as store, pytest.raises(ConfigError, match="batch size"):
        bulk_load(store, _items(), batch_size=0)


FILTER_INDEXES = {"events_type_order", "events_admin1_type_order", "events_sub_type_order", "events_admin2_order",
                  "events_state_order", "events_actor1", "events_actor2", "events_confidence"}


def test_the_filters_have_indexes_and_the_api_query_uses_them(pair: tuple[Store, Store]) -> None:
    _, store = pair
    assert isinstance(store, SQLStore)
    bulk_load(store, synthetic(400), merge=False)
    if store.dialect == "postgres":
        names = {n for (n,) in store._rows("SELECT indexname FROM pg_indexes WHERE tablename = 'events' "
                                           "AND schemaname = current_schema()")}
        store._run("SET enable_seqscan = off")  # a table this small is read whole; the index must still serve
    else:
        names = {n for (n,) in store._rows("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert names >= FILTER_INDEXES
    where = replace(QUERIES["date+admin1+type"], date_from=date(2016, 1, 1), date_to=date(2023, 12, 31))
    assert "events_admin1_type_order" in query_plan(store, where)
    found = store.events(where)
    assert found and all(e.data["admin1"] == "Idlib" and e.data["event_type"] == "Explosions/Remote violence"
                         and "2016-01-01" <= e.data["event_date"] <= "2023-12-31" for e in found)
    assert [(e.data["event_date"], e.event_id) for e in found] == sorted((e.data["event_date"], e.event_id)
                                                                         for e in found)
