"""Which reports are one event: field-by-field comparison and the combined event (pure functions)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.merge import (
    CLUES,
    Link,
    MergeWords,
    best_match,
    combine,
    compare,
    day_clues,
    passage_words,
    story_overlap,
    story_words,
)
from rasd.store import Store
from tests.test_store import article, event, store

WORDS = MergeWords.load()

__all__ = ["store"]  # the store fixture, on SQLite and PostgreSQL


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
    cmp = compare(report(event_date="2024-03-13", latitude=35.63), report(), words=WORDS)
    assert cmp.same
    assert {"event_date", "location", "event_type", "sub_event_type", "actor1", "actor2"} <= set(cmp.agreed)
    assert cmp.days == 1 and cmp.km is not None and cmp.km < 5


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"event_date": "2024-03-16"}, "event_date"),
        ({"latitude": 35.93}, "location"),
        ({"event_type": "Strategic developments", "sub_event_type": "Arrests"}, "event_type"),
        ({"actor1": "Military Forces of Turkey"}, "actor1"),
        ({"event_date": None}, "event_date"),
    ],
)
def test_one_disagreeing_field_keeps_events_apart(change: dict[str, Any], field: str) -> None:
    cmp = compare(report(**change), report(), words=WORDS)
    assert not cmp.same and field in cmp.differed


def test_violent_kinds_told_differently_are_one_happening() -> None:
    # One raid, an armed clash to one outlet and an air strike to another (CODEBOOK §2: mixed tactics, one event).
    clash = report(event_type="Battles", sub_event_type="Armed clash")
    assert compare(clash, report(), words=WORDS).same
    assert combine([clash, report(), report()])["sub_event_type"] == "Air/drone strike"


def test_unknown_places_are_compared_without_the_article() -> None:
    unknown = {"latitude": None, "longitude": None, "geonameid": None}
    a = report(**unknown, location=None, location_ar="الزيدية")
    b = report(**unknown, location=None, location_ar="زيدية")
    assert compare(a, b, words=WORDS).same
    assert not compare(a, report(**unknown, location=None, location_ar="الزهراء"), words=WORDS).same


def test_coarse_placement_needs_the_same_governorate() -> None:
    region = report(geo_precision=3, latitude=35.9, longitude=36.6, location="Idlib", location_ar="ادلب")
    assert compare(region, report(), words=WORDS).same
    assert not compare(region | {"admin1": "Aleppo"}, report(), words=WORDS).same


def test_unidentified_or_missing_actors_do_not_block() -> None:
    assert compare(report(actor1="Unidentified Armed Group (Syria)"), report(), words=WORDS).same
    assert compare(report(actor1=None, actor2=None), report(), words=WORDS).same
    # target side may differ
    assert compare(report(actor2="Military Forces of Syria (2000-2024)"), report(), words=WORDS).same


def test_best_match_prefers_the_nearest_agreeing_event() -> None:
    far = report(latitude=35.64)
    near = report(latitude=35.614)
    candidates = [("far", far), ("near", near), ("other", report(event_date="2024-01-01"))]
    ranked = best_match(report(), candidates, words=WORDS)
    assert ranked is not None and ranked[0] == "near"
    assert best_match(report(), [("other", report(event_date="2024-01-01"))], words=WORDS) is None


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


def test_day_clues_are_days_of_a_month_named_in_the_text() -> None:
    text = "قصفت طائرة مسيرة مدينة جرابلس مساء اليوم الأحد 7 تشرين الثاني، وكانت قد قصفتها في 3 آذار 2020."
    assert day_clues(text, words=WORDS) == ("11-07@6", "2020-03-03")  # Sunday: 2021, 2027, not 2022
    assert day_clues("قتل شخص صباح اليوم بقصف على البلدة.", words=WORDS) == ()  # `today` fits any day


def test_day_clues_keep_a_weekday_named_alone_but_not_the_bounds_of_a_period() -> None:
    assert day_clues("قتل شخص فجر اليوم الخميس بقصف على البلدة.", words=WORDS) == ("@3",)  # Thursday, whatever the week
    assert day_clues("قصفت الطائرات البلدة ليلة السبت.", words=WORDS) == ("@4",)  # the night before Saturday: Friday
    assert day_clues("قصف يوم الخميس ثم أمس الأربعاء على البلدة.", words=WORDS) == ()  # two weekdays: which one is it?
    tally = "وثقت فرق الإنقاذ أربعين هجوما منذ مطلع العام حتى 20 آب، وقتل اليوم السبت طفلان في البلدة."
    assert day_clues(tally, words=WORDS) == ("@5",)  # 20 August closes a count; it is not the day of the strike


@pytest.mark.parametrize(
    ("link", "tie"),
    [(Link(similarity=0.9), "near_duplicate_text"), (Link(clues=("03-14",)), "day_named_in_text")],
)
def test_a_dated_report_joins_an_undated_event_tied_by_text(link: Link, tie: str) -> None:
    cmp = compare(report(), report(event_date=None), link=link, words=WORDS)
    assert cmp.same and tie in cmp.agreed


def test_an_undated_report_needs_a_tie_and_the_same_site() -> None:
    undated = report(event_date=None, **{CLUES: ["03-13"]})
    assert "day_named_in_text" in compare(undated, report(), words=WORDS).agreed  # 13 March: the event's day ±1
    assert not compare(report(event_date=None), report(), words=WORDS).same  # nothing ties it in time
    assert not compare(report(event_date=None, **{CLUES: ["05-14"]}), report(), words=WORDS).same
    assert not compare(undated | {"latitude": 35.64}, report(), words=WORDS).same  # 3 km: near, but not the same site
    region = {"geo_precision": 3, "geonameid": 169113}
    assert not compare(undated | region, report(**region), words=WORDS).same  # one governorate is not one site
    assert not compare(undated | {"actor1": "Military Forces of Turkey"}, report(), words=WORDS).same
    thursday = report(event_date=None, **{CLUES: ["03-14@3"]})  # 14 March 2024 was a Thursday
    assert compare(thursday, report(), words=WORDS).same
    assert not compare(thursday, report(event_date="2023-03-14"), words=WORDS).same  # a Tuesday
    both = report(event_date=None, **{CLUES: ["2024-03-14"]})
    assert compare(both, report(event_date=None), link=Link(clues=("03-15",)), words=WORDS).same


def test_names_of_one_force_agree() -> None:
    coalition = report(actor1="Global Coalition Against Daesh")
    assert "actor1" in compare(report(actor1="Military Forces of the United States"), coalition, words=WORDS).agreed
    guard = report(actor1="Republican Guard (Syria)")  # a unit and the force it belongs to
    assert "actor1" in compare(guard, report(actor1="Military Forces of Syria (2000-2024)"), words=WORDS).agreed
    assert "actor1" in compare(report(actor1="YPG: People's Protection Units"),
                               report(actor1="SDF: Syrian Democratic Forces"), words=WORDS).agreed
    # allies, two forces
    assert not compare(report(actor1="Military Forces of Syria (2000-2024)"), report(), words=WORDS).same
    assert not compare(report(actor1="SDF: Syrian Democratic Forces"), coalition, words=WORDS).same


PASSAGE = "قالت مصادر محلية إن طائرات حربية روسية قصفت بلدة كفرنبل جنوبي إدلب صباح اليوم وقتلت ثلاثة مدنيين"


def test_story_words_are_the_passage_of_the_report() -> None:
    text = "افتتاح المهرجان " + "-" * 400 + " " + PASSAGE + " " + "-" * 400 + " أسعار المحروقات"
    start = text.index("قصفت")
    words = story_words(text, [{"start": start, "end": start + 4, "role": "trigger"}])
    assert {"روسيه", "مدنيين", "محليه"} <= words  # folded, clitics and the article dropped
    assert not words & {"مهرجان", "محروقات", "اسعار"}  # beyond the passage
    retold = "أفاد ناشطون بمقتل ثلاثة مدنيين بقصف طائرات حربية روسية على كفرنبل بريف إدلب"
    other = "انفجرت عبوة ناسفة بسيارة عسكرية على طريق دير الزور الميادين دون وقوع إصابات"
    trigger = [{"start": 0, "end": 4, "role": "trigger"}]
    near = story_overlap(story_words(PASSAGE, trigger), story_words(retold, trigger), words=WORDS)
    far = story_overlap(story_words(PASSAGE, trigger), story_words(other, trigger), words=WORDS)
    assert near >= 0.25 > far
    assert story_overlap(frozenset(), words, words=WORDS) == 0.0


def test_an_undated_report_of_the_same_passage_joins_at_the_same_site() -> None:
    undated = report(event_date=None)
    assert "same_story_in_text" in compare(undated, report(), link=Link(story=0.6), words=WORDS).agreed
    assert not compare(undated, report(), link=Link(story=0.3), words=WORDS).same  # a retelling, not the passage
    assert not compare(undated | {"latitude": 35.64}, report(), link=Link(story=0.9), words=WORDS).same  # 3 km away


def test_a_looser_retelling_never_ties_on_a_shared_weekday_or_toll() -> None:
    thursday = report(event_date=None, **{CLUES: ["@3"]})  # the event's weekday and its toll of three
    assert not compare(thursday, report(), link=Link(story=0.3), words=WORDS).same
    assert not compare(report(), report(event_date=None), link=Link(story=0.3, clues=("@3",)), words=WORDS).same


def test_days_an_undated_text_names_elsewhere_are_never_tied() -> None:
    may = report(event_date=None, **{CLUES: ["05-14"]})  # two months from the event's 14 March
    assert not compare(may, report(), link=Link(story=0.9), words=WORDS).same
    assert not compare(may, report(), link=Link(similarity=0.9), words=WORDS).same
    assert not compare(report(), report(event_date=None), link=Link(story=0.9, clues=("05-14",)), words=WORDS).same
    march = report(event_date=None, **{CLUES: ["03-15"]})  # a day from it
    assert compare(march, report(), link=Link(story=0.9), words=WORDS).same


def test_combine_keeps_day_clues_out_of_the_event() -> None:
    assert CLUES not in combine([report(event_date=None, **{CLUES: ["03-14"]}), report()])


UNDATED = "قصفت طائرات حربية روسية بلدة كفرنبل مساء الخميس 14 آذار ما أدى إلى مقتل ثلاثة مدنيين"
UNTIED = "غارة جوية على كفرنبل توقع ضحايا بين المدنيين بحسب الدفاع المدني"


def test_undated_reports_join_the_event_their_text_names_and_split_apart(store: Store) -> None:
    dated = store.add(article("a"), [event("a")]).events_created[0]
    apart = store.add(article("b", text=UNTIED), [event("b", event_date=None, time_precision=None, fatalities=None)])
    assert apart.events_created  # no day named, no near-duplicate, no toll: its own event
    joined = store.add(article("c", text=UNDATED), [event("c", event_date=None, time_precision=None)])
    assert joined.events_joined == (dated,)
    record = store.event(dated)
    assert record is not None and record.data["event_date"] == "2024-03-14" and CLUES not in record.data
    agreement = record.reports[1].agreement
    assert agreement is not None and "day_named_in_text" in agreement["agreed"]
    assert store.split(dated, ["c#0"], who="analyst").data["event_date"] is None  # reversible


def test_a_dated_report_joins_an_earlier_undated_event(store: Store) -> None:
    undated = store.add(article("c", text=UNDATED), [event("c", event_date=None, time_precision=None)])
    joined = store.add(article("a"), [event("a")])
    assert joined.events_joined == undated.events_created


ON_THURSDAY = "شهدت كفرنبل اليوم الخميس غارات جوية خلفت ضحايا مدنيين وأضرارا في المنازل"
SAME_TOLL = "مقتل ثلاثة مدنيين بغارة على كفرنبل وفرق الإنقاذ تنتشل الضحايا من تحت الأنقاض"


def test_looser_retellings_stay_apart_though_they_share_the_weekday_or_the_toll(store: Store) -> None:
    undated = dict(event_date=None, time_precision=None)
    store.add(article("a"), [event("a")])  # three dead on Thursday 14 March
    assert store.add(article("w", text=ON_THURSDAY), [event("w", fatalities=None, **undated)]).events_created
    assert store.add(article("t", text=SAME_TOLL), [event("t", **undated)]).events_created


def test_shared_rare_words_weigh_more_than_shared_common_ones() -> None:
    base = passage_words("قصفت قوات النظام قرية تل الكرامة وقتل الشاب مهند العكيدي")
    rare = passage_words("وثق ناشطون مقتل مهند العكيدي في تل الكرامة")
    common = passage_words("قصفت قوات النظام قرية أخرى في الريف")
    assert len(base & rare) < len(base & common)  # a name and a village against four words of every report
    assert story_overlap(base, rare, words=WORDS) > story_overlap(base, common, words=WORDS)


def test_word_frequencies_are_rebuilt_from_a_corpus(tmp_path: Path) -> None:
    from rasd.build.word_df import count, write

    texts = ["قصفت الطائرات القرية", "قصفت المدفعية البلدة", "سقطت قذائف على البلدة"]
    documents, frequency = count(texts)
    out = tmp_path / "df.tsv"
    assert write(documents, frequency, out, minimum=2) == 2
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert rows == [["word", "documents"], ["(articles)", "3"], ["بلده", "2"], ["قصفت", "2"]]
