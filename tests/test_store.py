"""The store suite: every test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from rasd.errors import ConfigError
from rasd.event import Event, Evidence, Signal, Source
from rasd.store import ArticleRecord, EventFilter, Store, open_store
from tests.conftest import bundled

LOCAL_PG = "postgresql://rasd:rasd@localhost:5432/rasd_test"
TEXT = "قصفت طائرات حربية روسية بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم ما أدى إلى مقتل ثلاثة مدنيين"
OTHER = "استهدفت قوات النظام بقذائف المدفعية قرية سفوهن في جبل الزاوية وأصيب طفلان بجروح"


def _pg_url() -> str | None:
    url = os.environ.get("RASD_TEST_PG")
    if url:
        return url  # set: the server must be there, a failure to connect fails the test
    import psycopg

    try:
        psycopg.connect(LOCAL_PG, connect_timeout=2).close()
    except psycopg.OperationalError:
        return None
    return LOCAL_PG


@contextmanager
def open_test_store(kind: str, tmp_path: Path, name: str = "rasd") -> Iterator[Store]:
    """A fresh store of `kind` (sqlite, or postgres in a schema of its own dropped afterwards)."""
    if kind == "sqlite":
        with open_store(str(tmp_path / f"{name}.sqlite"), merge=bundled().merge) as s:
            yield s
        return
    url = _pg_url()
    if url is None:
        pytest.skip(f"no PostgreSQL server at {LOCAL_PG} and RASD_TEST_PG is unset (.ci/run starts one)")
    import psycopg

    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    try:
        with open_store(f"{url}{sep}options={quote(f'-csearch_path={schema}')}", merge=bundled().merge) as s:
            yield s
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with open_test_store(request.param, tmp_path) as s:
        yield s


def event(article: str, **fields: Any) -> Event:
    """An air strike on Kafr Nabl on 14 March 2024 reported by `article`, unless told otherwise."""
    base: dict[str, Any] = dict(
        event_id="x", event_date=date(2024, 3, 14), time_precision=1, event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike", disorder_type="Political violence", actor1="Military Forces of Russia",
        actor2="Civilians (Syria)", country="Syria", iso=760, admin1="Idlib", admin2="Maarrat an Nu'man",
        location="Kafr Nabl", location_ar="كفرنبل", latitude=35.6135, longitude=36.5613, geo_precision=1,
        fatalities=3, confidence=0.7, sources=(Source(article),),
        evidence=(Evidence(article, 0, 4, "trigger", "قصفت"),),
    )
    return Event(**(base | fields))


def article(article_id: str, text: str = TEXT, **meta: Any) -> ArticleRecord:
    return ArticleRecord(article_id, text=text, outlet=meta.pop("outlet", "outlet-" + article_id), **meta)


def test_same_article_is_stored_once(store: Store) -> None:
    first = store.add(article("a", url="https://example.org/1"), [event("a")])
    assert (first.status, len(first.events_created)) == ("new", 1)
    again = [
        store.add(article("b", url="https://example.org/1", text=OTHER), [event("b")]),  # same URL
        store.add(article("c", text="قَصَفَت " + TEXT[5:]), [event("c")]),  # same text after folding diacritics
        store.add(article("a", text=OTHER)),  # same id
    ]
    assert [(r.status, r.duplicate_of) for r in again] == [("duplicate", "a")] * 3
    assert (store.count("articles"), store.count("events"), store.count("reports")) == (1, 1, 1)


def test_near_duplicate_reprints_are_linked(store: Store) -> None:
    store.add(article("a", text=TEXT + " وفق ما أفاد مراسلنا في المنطقة الذي وثق الأضرار"))
    reprint = store.add(article("b", text=TEXT + " وفق ما أفاد مراسلنا في المنطقة الذي وثق الأضرار الكبيرة"))
    unrelated = store.add(article("c", text=OTHER))
    assert (reprint.status, reprint.duplicate_of) == ("reprint", "a")
    assert reprint.similarity is not None and reprint.similarity >= 0.7
    assert unrelated.status == "new"
    assert store.article("b")["reprint_of"] == "a"  # type: ignore[index]


def test_reports_of_one_happening_merge_and_explain(store: Store) -> None:
    store.add(article("a"), [event("a", fatalities=5)])
    joined = store.add(article("b", text=OTHER), [event("b", event_date=date(2024, 3, 13), latitude=35.63)])
    assert joined.events_joined and not joined.events_created
    apart = store.add(article("c", text=TEXT + " في الشمال"), [
        event("c", latitude=35.95),  # 37 km away
        event("c", event_date=date(2024, 3, 18)),  # four days later
    ])
    assert len(apart.events_created) == 2
    assert store.count("events") == 3
    merged = store.event(joined.events_joined[0])
    assert merged is not None
    assert merged.data["fatalities"] == 3  # the most conservative figure
    assert {s["fatalities"] for s in merged.data["fatalities_by_source"]} == {5, 3}
    assert [s["article_id"] for s in merged.data["sources"]] == ["a", "b"]
    assert {e["article_id"] for e in merged.data["evidence"]} == {"a", "b"}
    second = merged.reports[1]
    assert second.agreement is not None and "location" in second.agreement["agreed"]


def test_events_of_one_article_are_never_merged_together(store: Store) -> None:
    done = store.add(article("a"), [event("a"), event("a", latitude=35.614)])
    assert len(done.events_created) == 2


def test_split_undoes_a_merge_and_history_records_it(store: Store) -> None:
    store.add(article("a"), [event("a", fatalities=5)])
    eid = store.add(article("b", text=OTHER), [event("b", fatalities=2)]).events_joined[0]
    new = store.split(eid, ["b#0"], who="analyst")
    kept = store.event(eid)
    assert kept is not None and kept.data["fatalities"] == 5
    assert new.data["fatalities"] == 2 and [r.report_id for r in new.reports] == ["b#0"]
    assert [(c.action, c.who) for c in store.history(eid)] == [
        ("created", "rasd"), ("source_added", "rasd"), ("split", "analyst")]
    assert store.history(new.event_id)[0].detail["split_from"] == eid
    with pytest.raises(ConfigError):
        store.split(eid, ["a#0"], who="analyst")  # all of its reports: nothing would be left


def test_manual_merge_keeps_a_tombstone_for_sync(store: Store) -> None:
    one = store.add(article("a"), [event("a")]).events_created[0]
    two = store.add(article("b", text=OTHER), [event("b", event_date=date(2024, 3, 20))]).events_created[0]
    mark = store.changes()[-1].at
    kept = store.merge(one, two, who="analyst")
    assert len(kept.reports) == 2 and store.event(two) is None
    assert [(c.event_id, c.action) for c in store.changes(since=mark)] == [(two, "merged_into"), (one, "merged")]
    assert [e.event_id for e in store.events(EventFilter(updated_since=mark))] == [one]


def test_review_layers_edits_over_the_machine_version(store: Store) -> None:
    eid = store.add(article("a"), [event("a", fatalities=4)]).events_created[0]
    assert store.event(eid).review_state == "pending"  # type: ignore[union-attr]
    edited = store.review(eid, "edited", who="reviewer", edits={"fatalities": 6}, note="hospital list")
    assert (edited.data["fatalities"], edited.machine["fatalities"], edited.review_state) == (6, 4, "edited")
    later = store.add(article("b", text=OTHER), [event("b", fatalities=2)])
    assert later.events_joined == (eid,)
    after = store.event(eid)
    assert after is not None and (after.machine["fatalities"], after.data["fatalities"]) == (2, 6)
    assert after.version == 3
    assert store.review(eid, "rejected", who="reviewer").review_state == "rejected"
    with pytest.raises(ConfigError):
        store.review(eid, "approved", who="reviewer")
    actions = [(c.action, c.who, c.detail.get("state")) for c in store.history(eid)]
    assert actions[2:] == [("source_added", "rasd", None), ("reviewed", "reviewer", "rejected")]
    assert actions[1] == ("reviewed", "reviewer", "edited")


def test_deleted_events_leave_a_change(store: Store) -> None:
    eid = store.add(article("a"), [event("a")]).events_created[0]
    store.delete(eid, who="analyst", note="not an event")
    assert store.event(eid) is None and store.count("events") == 0
    assert store.changes()[-1].action == "deleted"


def test_filters_and_stats(store: Store) -> None:
    store.add(article("a"), [event("a")])
    store.add(article("b", text=OTHER), [event(
        "b", event_date=date(2024, 4, 2), event_type="Battles", sub_event_type="Armed clash",
        actor1="HTS: Hayat Tahrir al-Sham", admin1="Aleppo", latitude=36.2, longitude=37.16, confidence=0.4)])
    def ids(**where: Any) -> list[str | None]:
        return [e.data["location"] for e in store.events(EventFilter(**where))]
    assert ids() == ["Kafr Nabl", "Kafr Nabl"]
    assert ids(date_from=date(2024, 4, 1)) == ids(event_types=("Battles",)) == ["Kafr Nabl"]
    assert ids(bbox=(36.0, 35.0, 37.0, 36.0), admin1="Idlib", min_confidence=0.5) == ["Kafr Nabl"]
    assert ids(actor="HTS: Hayat Tahrir al-Sham", review_states=("pending",)) == ["Kafr Nabl"]
    assert ids(review_states=("confirmed",)) == []
    assert store.stats("type") == [("Battles", 1), ("Explosions/Remote violence", 1)]
    assert store.stats("day") == [("2024-03-14", 1), ("2024-04-02", 1)]
    assert store.stats("admin1", EventFilter(date_to=date(2024, 3, 31))) == [("Idlib", 1)]
    with pytest.raises(ConfigError):
        store.stats("colour")


def test_sorts_totals_and_the_fatalities_filter(store: Store) -> None:
    store.add(article("a"), [event("a")])
    store.add(article("b", text=OTHER), [event(
        "b", event_date=date(2024, 4, 2), event_type="Battles", sub_event_type="Armed clash", admin1="Aleppo",
        admin2="Jebel Saman", fatalities=7, confidence=0.4)])
    def dates(**where: Any) -> list[str | None]:
        return [e.data["event_date"] for e in store.events(EventFilter(**where))]
    assert dates(sort="-event_date") == ["2024-04-02", "2024-03-14"] == list(reversed(dates()))
    assert dates(sort="confidence")[0] == dates(sort="-fatalities")[0] == "2024-04-02"
    assert dates(min_fatalities=5) == ["2024-04-02"] and dates(min_fatalities=50) == []
    assert store.total() == 2 and store.total(EventFilter(min_fatalities=5, limit=1)) == 1
    assert store.stats("admin2") == [("Jebel Saman", 1), ("Maarrat an Nu'man", 1)]
    with pytest.raises(ConfigError):
        EventFilter(sort="event_date; DROP TABLE events")


def test_arabic_search_finds_folded_and_clitic_forms(store: Store) -> None:
    store.add(article("a", title="غارات على ريف إدلب"), [event("a")])
    store.add(article("b", text=OTHER))
    assert [h.article_id for h in store.search("كفرنبل")] == ["a"]
    assert [h.article_id for h in store.search("ادلب")] == ["a"]  # إدلب folded, found through بريف/ريف forms
    assert [h.article_id for h in store.search("المدفعية")] == ["b"]  # written بقذائف المدفعية: prefix ب dropped
    assert [h.article_id for h in store.search("مدفعيه")] == ["b"]  # ta marbuta folded, article dropped
    assert store.search("كفرنبل")[0].event_ids and store.search("دمشق") == []


def test_signals_and_sources_are_kept(store: Store) -> None:
    signal = Signal("feared", "Explosions/Remote violence", "Air/drone strike", None, "Idlib", "ادلب", None,
                    (Evidence("a", 0, 4, "trigger", "قصفت"),))
    store.add(article("a", source="feed-1"), [event("a")], [signal])
    assert [s["modality"] for s in store.signals("a")] == ["feared"]
    store.save_source("feed-1", kind="feed", url="https://example.org/rss", etag="v1")
    assert (store.source("feed-1") or {})["etag"] == "v1"
    assert store.source("missing") is None


def test_reopening_keeps_data_and_schema(tmp_path: Path) -> None:
    path = str(tmp_path / "again.sqlite")
    with open_store(path, merge=bundled().merge) as s:
        s.add(article("a"), [replace(event("a"), fatalities=1)])
    with open_store(f"sqlite:///{path}", merge=bundled().merge) as s:
        assert (s.count("articles"), s.count("events")) == (1, 1)
