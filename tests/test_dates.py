"""Tests of the `dates` stage: relative, weekday, explicit and period expressions, and their resolution."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.document import Document
from rasd.lexicons.cues import Cues
from rasd.normalize import fold
from rasd.pipeline import Pipeline
from rasd.stages import dates as dates_module
from rasd.stages.calendar import DateWords
from rasd.stages.dates import DateMention, dates, find_dates, resolve_sentence_date, weekday_years
from rasd.stages.segment import segment
from tests.conftest import bundled

THURSDAY = dt.date(2022, 8, 25)
SATURDAY = dt.date(2022, 8, 27)


def _doc(text: str, published: dt.date | None = THURSDAY) -> Document:
    return dates(segment(Document.from_text(text, published=published), None), bundled())


def _only(text: str, published: dt.date | None = THURSDAY) -> DateMention:
    found = _doc(text, published).layer("dates")
    assert len(found) == 1, found
    return found[0]


def test_public_api() -> None:
    assert set(dates_module.__all__) == {
        "YEARS_BACK", "DateMention", "dates", "find_dates", "lexicon_rows", "mark_end", "number_words",
        "resolve_sentence_date", "weekday_years", "weekdays", "word_forms",
    }


@pytest.mark.parametrize(
    ("text", "expected", "part"),
    [
        ("قصفت الطائرات اليوم البلدة", "2022-08-25", None),
        ("قصفت الطائرات أمس البلدة", "2022-08-24", None),
        ("وقعت الاشتباكات البارحة", "2022-08-24", None),
        ("وبالأمس سقطت قذيفة", "2022-08-24", None),
        ("دوت انفجارات ليلة البارحة", "2022-08-24", "night"),
        ("دوت انفجارات ليلة أمس", "2022-08-24", "night"),
        ("دوت انفجارات الليلة الماضية", "2022-08-24", "night"),
        ("جرت المداهمة أمس الأول", "2022-08-23", None),
        ("جرت المداهمة أول أمس", "2022-08-23", None),
        ("جرت المداهمة أول من أمس", "2022-08-23", None),
        ("قصفت المدفعية القرية منذ يومين", "2022-08-23", None),
        ("قصفت المدفعية القرية منذ ثلاثة أيام", "2022-08-22", None),
        ("قصفت المدفعية القرية قبل ٤ أيام", "2022-08-21", None),
        ("استهدفت مسيرة سيارة فجر اليوم", "2022-08-25", "dawn"),
        ("استهدفت مسيرة سيارة صباح اليوم", "2022-08-25", "morning"),
        ("استهدفت مسيرة سيارة مساء أمس", "2022-08-24", "evening"),
    ],
)
def test_relative_days(text: str, expected: str, part: str | None) -> None:
    mention = _only(text)
    assert mention.date == dt.date.fromisoformat(expected)
    assert (mention.precision, mention.part_of_day) == (1, part)


@pytest.mark.parametrize(
    ("text", "published", "expected", "part"),
    [
        # Published on a Saturday: "يوم أمس الأربعاء" is Wednesday, although yesterday was Friday.
        ("شهدت البلدة يوم أمس الأربعاء عمليات إخلاء", SATURDAY, "2022-08-24", None),
        # Published on a Wednesday: "أمس الأربعاء" is the Wednesday before, never the publication day.
        ("شهدت البلدة أمس الأربعاء عمليات إخلاء", dt.date(2022, 8, 24), "2022-08-17", None),
        ("قصفت الطائرات البلدة الثلاثاء", THURSDAY, "2022-08-23", None),
        ("قصفت الطائرات البلدة يوم الثلاثاء", THURSDAY, "2022-08-23", None),
        ("قصفت الطائرات البلدة يوم الخميس", THURSDAY, "2022-08-25", None),
        ("قصفت الطائرات البلدة فجر الثلاثاء", THURSDAY, "2022-08-23", "dawn"),
        ("اندلعت اشتباكات مساء الجمعة", THURSDAY, "2022-08-19", "evening"),
        ("اندلعت اشتباكات الخميس الماضي", THURSDAY, "2022-08-18", None),
        ("اندلعت اشتباكات والخميس صباحاً", THURSDAY, "2022-08-25", "morning"),
        # "ليلة السبت" is the night before Saturday, dated by the Friday on which it begins.
        ("دوت انفجارات ليلة السبت", SATURDAY, "2022-08-26", "night"),
        ("دوت انفجارات ليلة الخميس", THURSDAY, "2022-08-24", "night"),
        ("دوت انفجارات ليل الاثنين-الثلاثاء", THURSDAY, "2022-08-22", "night"),
        ("دوت انفجارات ليل الجمعة", SATURDAY, "2022-08-26", "night"),
    ],
)
def test_weekdays(text: str, published: dt.date, expected: str, part: str | None) -> None:
    mention = _only(text, published)
    assert mention.kind == "weekday"
    assert mention.date == dt.date.fromisoformat(expected)
    assert mention.part_of_day == part


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("وقع الهجوم في 12/3/2021", "2021-03-12", 1),
        ("وقع الهجوم في 2021-03-12", "2021-03-12", 1),
        ("وقع الهجوم في 2021/3/12", "2021-03-12", 1),
        ("وقع الهجوم في ١٢/٣/٢٠٢١", "2021-03-12", 1),
        ("وقع الهجوم في ۱۲/۳/۲۰۲۱", "2021-03-12", 1),
        ("وقع الهجوم في ١٢ آذار ٢٠٢١", "2021-03-12", 1),
        ("وقع الهجوم في 12 مارس", "2022-03-12", 1),
        # A day after publication in the current year belongs to the year before.
        ("وقع الهجوم في 3 ديسمبر", "2021-12-03", 1),
        ("وقع الهجوم في الخامس من آذار", "2022-03-05", 1),
        ("وقع الهجوم في الثالث عشر من شهر تشرين الثاني", "2021-11-13", 1),
        ("وقع الهجوم في الحادي والعشرين من كانون الأول 2019", "2019-12-21", 1),
        ("وقع الهجوم في 28 تشرين الأول من عام 2019", "2019-10-28", 1),
        ("وقع الهجوم في 3 آذار من العام 2021", "2021-03-03", 1),
        ("وقع الهجوم في 7 نيسان/أبريل الجاري", "2022-04-07", 1),
        ("وقع الهجوم في العاشر من الشهر الجاري", "2022-08-10", 1),
        ("وقع الهجوم الخميس الموافق 3 شباط 2022", "2022-02-03", 1),
        ("وقع الهجوم في 10 جوان", "2022-06-10", 1),
        ("وقع الهجوم في 2 جانفي 2020", "2020-01-02", 1),
        ("وقع الهجوم في 9 أفريل", "2022-04-09", 1),
        ("وقع الهجوم في 14 أغسطس", "2022-08-14", 1),
        ("وقع الهجوم في 14 اغسطس", "2022-08-14", 1),
        ("وقع الهجوم في 1 يونيه", "2022-06-01", 1),
        ("وقع الهجوم في 4 إبريل", "2022-04-04", 1),
        ("وقع الهجوم في 6 أوت", "2022-08-06", 1),
        ("وقع الهجوم في 30 كانون الثاني", "2022-01-30", 1),
        ("وقع الهجوم في شهر آب", "2022-08-15", 3),
        ("وقع الهجوم في حزيران", "2022-06-15", 3),
        ("وقع الهجوم في أيلول", "2021-09-15", 3),
        ("وقع الهجوم في آذار 2021", "2021-03-15", 3),
        ("وقع الهجوم عام 2020", "2020-07-01", 3),
        ("وقع الهجوم الأسبوع الماضي", "2022-08-18", 2),
        ("وقع الهجوم الشهر الماضي", "2022-07-15", 3),
    ],
)
def test_explicit_and_periods(text: str, expected: str, precision: int) -> None:
    mention = _only(text)
    assert mention.date == dt.date.fromisoformat(expected)
    assert mention.precision == precision


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("كانون الثاني", 1), ("شباط", 2), ("آذار", 3), ("نيسان", 4), ("أيار", 5), ("حزيران", 6), ("تموز", 7),
        ("أيلول", 9), ("تشرين الأول", 10), ("تشرين الثاني", 11), ("كانون الأول", 12),
        ("يناير", 1), ("فبراير", 2), ("أبريل", 4), ("مايو", 5), ("يونيو", 6), ("يوليو", 7), ("يوليه", 7),
        ("سبتمبر", 9), ("أكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12),
        ("فيفري", 2), ("ماي", 5), ("جويلية", 7),
    ],
)
def test_month_names(text: str, month: int) -> None:
    mention = _only(f"وقعت المجزرة في 9 {text} 2019")
    assert mention.date == dt.date(2019, month, 9)


@pytest.mark.parametrize(
    "text",
    ["عاد إلى منزله في اليوم التالي", "أحد العناصر", "مارس الضغط على السكان", "زار آب المدينة", "قتل 3 مدنيين"],
)
def test_not_dates(text: str) -> None:
    assert _doc(text).layer("dates") == ()


@pytest.mark.parametrize(
    "text", ["قصفت الطائرات اليوم البلدة", "يوم أمس الأربعاء", "منذ يومين", "الأسبوع الماضي", "فجر الثلاثاء", "12 مارس"]
)
def test_without_publication_date_nothing_is_guessed(text: str) -> None:
    mention = _only(text, None)
    assert (mention.date, mention.precision) == (None, None)


def test_explicit_year_resolves_without_publication_date() -> None:
    assert _only("في ١٢ آذار ٢٠٢١", None).date == dt.date(2021, 3, 12)


def test_evidence_leaves_out_clitics_and_keeps_diacritics() -> None:
    doc = _doc("واليومَ قصفت الطائرات، والخميسَ صباحاً")
    assert [doc.evidence(m) for m in doc.layer("dates")] == ["اليومَ", "الخميسَ صباحاً"]


def test_resolve_sentence_date_picks_the_nearest_preceding_mention() -> None:
    text = "قصفت الطائرات أمس بلدة، ثم قصفت اليوم قرية. واندلعت اشتباكات في المدينة."
    doc = _doc(text)
    village = text.index("قرية")
    assert resolve_sentence_date(doc, village, village + 4).date == THURSDAY  # type: ignore[union-attr]
    town = text.index("بلدة")
    assert resolve_sentence_date(doc, town, town + 4).date == dt.date(2022, 8, 24)  # type: ignore[union-attr]
    clash = text.index("اشتباكات")
    assert resolve_sentence_date(doc, clash, clash + 8) is None


def test_resolve_sentence_date_prefers_a_mention_inside_the_span() -> None:
    text = "قالت المصادر أمس إن الطائرات قصفت فجر اليوم البلدة"
    doc = _doc(text)
    clause = text.index("قصفت")
    found = resolve_sentence_date(doc, clause, len(text))
    assert found is not None and found.part_of_day == "dawn" and found.date == THURSDAY


def test_stage_in_a_pipeline() -> None:
    pipeline = Pipeline([segment, dates], bundled())
    doc = pipeline(Document.from_text("قصفت الطائرات البلدة أمس", published=THURSDAY))
    assert [m.date for m in doc.layer("dates")] == [dt.date(2022, 8, 24)]


_WORDS = ["اليوم", "أمس", "الأربعاء", "ليلة", "فجر", "يوم", "منذ", "يومين", "الأسبوع", "الماضي", "12", "٣",
          "آذار", "من", "الثالث", "عشر", "شهر", "تشرين", "الثاني", "2021", "/", "-", "،", ".", "وبالأمس", "قصف",
          "البلدة", "ً", "ـ", "\n", "عام", "الشهر", "الجاري", "أول"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
def test_mentions_lie_inside_the_text(words: list[str], published: dt.date) -> None:
    text = " ".join(words)
    doc = _doc(text, published)
    for m in doc.layer("dates"):
        assert 0 <= m.start < m.end <= len(text)
        assert doc.evidence(m).strip()
        if m.kind in ("relative", "weekday", "period") and m.date is not None:
            # "اليوم الأربعاء" on a Tuesday is a late edition's Wednesday (`_today_named`): a day ahead at most.
            assert m.date <= published + dt.timedelta(days=1 if m.kind == "weekday" else 0)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_read_without_error(text: str) -> None:
    for m in find_dates(segment(Document.from_text(text, published=THURSDAY), None), words=bundled().dates):
        assert 0 <= m.start < m.end <= len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصفت الطائرات البلدة اليوم الاثنين", dt.date(2025, 3, 24)),  # the publication day itself
        ("قصفت الطائرات البلدة اليوم الثلاثاء", dt.date(2025, 3, 25)),  # a day off: the outlet's date lags
        ("قصفت الطائرات البلدة اليوم الجمعة", dt.date(2025, 3, 24)),  # further off: today stands
        ("قصفت الطائرات البلدة أمس الجمعة", dt.date(2025, 3, 21)),  # yesterday named: the latest Friday before
    ],
)
def test_today_named_by_its_weekday(text: str, expected: dt.date) -> None:
    doc = dates(segment(Document.from_text(text, published=dt.date(2025, 3, 24)), None), bundled())
    assert [m.date for m in doc.layer("dates")] == [expected]


@pytest.mark.parametrize("start", ["مطلع", "بداية", "أوائل"])
def test_early_this_week(start: str) -> None:
    # Published on Tuesday 10 April 2018: Saturday 7 to Monday 9, middle Sunday 8, within a week.
    text = f"وقع الهجوم في البلدة {start} الأسبوع الجاري"
    doc = dates(segment(Document.from_text(text, published=dt.date(2018, 4, 10)), None), bundled())
    assert [(m.date, m.precision) for m in doc.layer("dates")] == [(dt.date(2018, 4, 8), 2)]


def _latest_reading(text: str, latest: dt.date) -> list[dt.date | None]:
    doc = segment(Document.from_text(text), None)
    return [m.date for m in find_dates(doc, words=bundled().dates, latest=latest) if m.kind == "explicit"]


def test_without_publication_a_weekday_dates_a_day_of_a_month() -> None:
    # 7 November was a Sunday in 2021 and 2027: within the six years before 2026, 2021.
    assert _latest_reading("قصفت المدفعية البلدة يوم الأحد 7 تشرين الثاني", dt.date(2026, 1, 1)) == [
        dt.date(2021, 11, 7)]
    assert _latest_reading("قصفت المدفعية البلدة في 7 تشرين الثاني", dt.date(2026, 1, 1)) == [None]  # no weekday
    assert _latest_reading("قصفت المدفعية البلدة يوم الأحد 7 تشرين الثاني", dt.date(2021, 11, 6)) == [None]
    # Without `latest` nothing changes: no publication date, no guess.
    doc = segment(Document.from_text("قصفت المدفعية البلدة يوم الأحد 7 تشرين الثاني"), None)
    assert [m.date for m in find_dates(doc, words=bundled().dates)] == [None]
    # With a publication date the weekday plays no part (the publication year rules).
    assert _only("قصفت المدفعية البلدة يوم الأحد 7 آب", SATURDAY).date == dt.date(2022, 8, 7)


def test_weekday_years_take_the_one_year_that_fits() -> None:
    latest = dt.date(2029, 1, 1)
    assert weekday_years([(10, 6, 4)], latest) == [None]  # a Friday in 2023 and in 2028
    assert weekday_years([(10, 6, 4)], latest, years=[2023, 2019]) == [dt.date(2023, 10, 6)]
    # Another day of the text that only one year fits settles the ambiguous one.
    assert weekday_years([(10, 6, 4), (2, 10, 4)], latest) == [dt.date(2023, 10, 6), dt.date(2023, 2, 10)]
    assert weekday_years([(2, 29, 3)], latest) == [dt.date(2024, 2, 29)]  # a leap day, a Thursday
    assert weekday_years([(10, 6, 4), (10, 16, 5)], dt.date(2026, 1, 1)) == [None, None]  # 2023 and 2021: apart


def test_a_day_month_year_in_english_order_and_a_hashtag_date() -> None:
    assert _only("نشر يوم الأحد, يناير 22, 2023 | الأخبار", None).date == dt.date(2023, 1, 22)
    assert _only("#إدلب_20_11_2022 قصف مدفعي", None).date == dt.date(2022, 11, 20)
    assert _only("#قصف_٢٠_١١_٢٠٢٢", None).date == dt.date(2022, 11, 20)
    assert not _doc("قتل شهر مارس 22 مدنيا", None).layer("dates")[0].date  # a month, then a count: no year, no day


def _cues_without(section: str, name: str, *entries: str) -> Cues:
    """The bundled cue lists with some entries of one list left out."""
    cues = Cues.load()
    sections = {s: {n: cues.raw(s, n) for n in cues.names(s)} for s in cues.sections}
    kept = sections[section][name]
    sections[section][name] = ({k: v for k, v in kept.items() if k not in entries} if isinstance(kept, dict)
                               else [e for e in kept if e not in entries])
    return Cues(sections)


def test_date_words_come_from_the_cue_lists() -> None:
    words = DateWords.load(Cues.load())
    assert fold("أوائل") in words.week_start
    assert {fold("أول"), fold("أمس"), fold("الأمس")} <= words.first_words
    assert words.ago_units[fold("أسبوعين")] == 14
    assert words.year.fullmatch("2023م") and not words.year.fullmatch("20233")
    assert words.weekdays[fold("الجمعة")] == 4


@pytest.mark.parametrize(
    ("name", "entry", "text"),
    [
        ("week_start", "أوائل", "وقع الهجوم أوائل الأسبوع الجاري"),
        ("day_before_yesterday", "أول من أمس", "وقع الهجوم أول من أمس"),
        ("ago_units", "أسبوعين", "وقع الهجوم منذ أسبوعين"),
    ],
)
def test_the_cue_lists_decide(name: str, entry: str, text: str) -> None:
    doc = segment(Document.from_text(text, published=THURSDAY), None)
    start = text.index("منذ" if name == "ago_units" else entry)
    found = find_dates(doc, words=DateWords.load(Cues.load()))
    assert [m.start for m in found] == [start]
    cues = _cues_without("dates", name, entry)
    assert start not in [m.start for m in find_dates(doc, words=DateWords.load(cues))]


def test_the_stage_reads_the_words_resources_hold() -> None:
    doc = segment(Document.from_text("وقع الهجوم أوائل الأسبوع الجاري", published=THURSDAY), None)
    held = SimpleNamespace(dates=DateWords.load(_cues_without("dates", "week_start", "أوائل")))
    without = dates(doc, held).layer("dates")  # type: ignore[arg-type]
    assert [m.date for m in dates(doc, bundled()).layer("dates")] == [dt.date(2022, 8, 22)]
    assert [m.date for m in without] == [THURSDAY]  # "الأسبوع الجاري" alone


@pytest.mark.parametrize(
    "text",
    [
        "قصفت الطائرات القرية في أعنف هجوم منذ عام 2011",
        "نزح الآلاف منذ الهجوم على المدينة في تشرين الأول 2019",
        "منذ مطلع العام 2021 قتل عشرات المدنيين في المحافظة",
        "بقي الطريق مغلقا منذ 3/4/2016",
        "تجمع الأهالي في الذكرى الأربعين لمجزرة المدينة عام 1982",
        "أحيا السكان ذكرى قصف السوق في 9 أيار 2015",
        # The day of a plan is no day of an event either.
        "وقعت البلدية عقدا سيتم تنفيذه بتاريخ 1/10/2023",
        "ومن المقرر أن تعقد الجولة المقبلة في 3 آذار 2024",
    ],
)
def test_since_and_anniversaries_bound_their_dates(text: str) -> None:
    mention = _only(text)
    assert mention.bound and mention.date is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل مدنيان منذ صباح اليوم في قصف على البلدة", "2022-08-25"),
        ("وقع الهجوم منذ يومين", "2022-08-23"),
        # A since word in another clause, or too far back, leaves the date alone.
        ("تواصل القصف منذ الصباح، وفي 3 آب 2022 قصفت الطائرات السوق", "2022-08-03"),
        ("منذ أن عاد السكان إلى بيوتهم في القرية الصغيرة قصفت الطائرات السوق في 3 آب 2022", "2022-08-03"),
    ],
)
def test_since_keeps_days_counted_from_publication(text: str, expected: str) -> None:
    mention = _only(text)
    assert mention.date == dt.date.fromisoformat(expected) and not mention.bound


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("قصفت الطائرات البلدة في 5 رمضان 1445 هـ", "2024-03-15", 1),
        ("قصفت الطائرات البلدة يوم 5 رمضان 1445هـ", "2024-03-15", 1),
        ("قصفت الطائرات البلدة في الخامس من شهر رمضان 1445 للهجرة", "2024-03-15", 1),
        ("قصفت الطائرات البلدة بتاريخ 1445/9/5 هـ", "2024-03-15", 1),
        ("قصفت الطائرات البلدة بتاريخ 5/9/1445هـ", "2024-03-15", 1),
        ("قصفت الطائرات البلدة في العاشر من ذي الحجة 1445 هـ", "2024-06-16", 1),
        ("قصفت الطائرات البلدة في 12 ربيع الأول 1446 هجري", "2024-09-15", 1),
        ("قصفت الطائرات البلدة في 3 جمادى الآخرة من عام 1445 هـ", "2023-12-16", 1),
        # Ramadan 1446 has 29 days in the computed calendar; where the moon was sighted a day later it has a 30th.
        ("قصفت الطائرات البلدة في 30 رمضان 1446 هـ", "2025-03-30", 1),
        # A month: its 15th; named with the Gregorian year it falls in, the Hijri year that has it there.
        ("قصفت الطائرات البلدة في شهر رجب 1445 هـ", "2024-01-27", 3),
        ("قصفت الطائرات البلدة في رمضان 2024", "2024-03-25", 3),
        ("قصفت الطائرات البلدة في 5 رمضان 2024", "2024-03-25", 3),  # a Hijri day needs its Hijri year
        # A day without its year: the last one by publication.
        ("قصفت الطائرات البلدة في 27 رمضان", "2025-03-27", 1),
    ],
)
def test_hijri_dates_resolve_to_their_gregorian_day(text: str, expected: str, precision: int) -> None:
    mention = _only(text, dt.date(2025, 4, 1))
    assert (mention.date, mention.precision) == (dt.date.fromisoformat(expected), precision)
    assert mention.end == len(text)


@pytest.mark.parametrize(
    "text",
    [
        "توفي العالم سنة 1205 هـ",  # a year alone, and before the converter's calendar
        "قصفت الطائرات البلدة عام 1445 هـ",  # a Hijri year alone dates nothing
        "تصاعد القصف خلال شهر رمضان",  # a month without its year is a season
        "قال رمضان إن الطائرات قصفت البلدة",  # a given name
        "بلغ العدد صفر",
    ],
)
def test_not_hijri_dates(text: str) -> None:
    assert _doc(text, dt.date(2025, 4, 1)).layer("dates") == ()


def test_a_hijri_day_without_publication_date_is_not_guessed() -> None:
    mention = _only("قصفت الطائرات البلدة في 27 رمضان", None)
    assert (mention.date, mention.precision) == (None, None)
    assert _only("قصفت الطائرات البلدة في 27 رمضان 1445 هـ", None).date == dt.date(2024, 4, 6)
