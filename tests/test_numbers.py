"""Tests of the `quantities` stage and of `casualties()`, which reads its layer."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.document import Document
from rasd.events.casualties import Casualties, casualties
from rasd.extraction import build_pipeline, extract
from rasd.lexicons.cues import Cues
from rasd.normalize import fold
from rasd.pipeline import Pipeline
from rasd.stages import numbers as numbers_module
from rasd.stages.counted import CountWords, Noun
from rasd.stages.dates import dates, lexicon_rows
from rasd.stages.numbers import Quantity, find_quantities, quantities
from rasd.stages.segment import segment
from tests.conftest import bundled, make_doc


def _doc(text: str) -> Document:
    return quantities(segment(Document.from_text(text), None), bundled())


def _found(text: str) -> list[Quantity]:
    return list(_doc(text).layer("quantities"))


def _cas(text: str) -> Casualties:
    return casualties(_doc(text), 0, len(text), words=bundled().casualties)


def test_public_api() -> None:
    assert set(numbers_module.__all__) == {"CIVILIAN", "CUES", "FATES", "PEOPLE", "Quantity", "find_quantities",
                                           "quantities"}


@pytest.mark.parametrize(
    ("text", "value", "evidence"),
    [
        ("سقط 12 قتيلا", 12, "12"),
        ("سقط ١٢ قتيلا", 12, "١٢"),
        ("سقط ۱۲ قتيلا", 12, "۱۲"),
        ("سقط 1,200 قتيل", 1200, "1,200"),
        ("سقط ١٬٢٠٠ قتيل", 1200, "١٬٢٠٠"),
        ("قتل ٣ أشخاص", 3, "٣"),
        ("قتل واحد من العناصر", 1, "واحد"),
        ("قتل اثنان من العناصر", 2, "اثنان"),
        ("قتل ثلاثة أشخاص", 3, "ثلاثة"),
        ("قتلت ثلاث نساء", 3, "ثلاث"),
        ("قتل عشرة أشخاص", 10, "عشرة"),
        ("قتل أحد عشر جنديا", 11, "أحد عشر"),
        ("قتل ثلاثة عشر شخصا", 13, "ثلاثة عشر"),
        ("قتل عشرون شخصا", 20, "عشرون"),
        ("قتل عشرين شخصا", 20, "عشرين"),
        ("قتل خمسة وعشرون شخصا", 25, "خمسة وعشرون"),
        ("قتل مئة شخص", 100, "مئة"),
        ("قتل مائة شخص", 100, "مائة"),
        ("قتل مئتان من العناصر", 200, "مئتان"),
        ("قتل ثلاثمئة عنصر", 300, "ثلاثمئة"),
        ("قتل ثلاث مئة عنصر", 300, "ثلاث مئة"),
        ("قتل ألف عنصر", 1000, "ألف"),
        ("قتل ثلاثة آلاف مدني", 3000, "ثلاثة آلاف"),
        ("قتل 3 آلاف مدني", 3000, "3 آلاف"),
        ("قتل مليون مدني", 1_000_000, "مليون"),
        ("أطلقت بثلاثة صواريخ", 3, "ثلاثة"),
    ],
)
def test_numbers(text: str, value: int, evidence: str) -> None:
    found = [q for q in _found(text) if not q.vague]
    assert [(q.value, text[q.start : q.end]) for q in found] == [(value, evidence)]


@pytest.mark.parametrize(
    ("text", "value", "category"),
    [
        ("سقط قتيلين", 2, "killed"),
        ("سقط قتيلان", 2, "killed"),
        ("ارتقى شهيدين", 2, "killed"),
        ("استشهد طفلين", 2, "children"),
        ("استشهدت طفلتين", 2, "children"),
        ("قتل عنصرين", 2, "members"),
        ("شنت الطائرات غارتين", 2, "strikes"),
        ("دمر القصف مستودعين", 2, "targets"),
        ("أصيب جريحان", 2, "injured"),
        ("قتلت امرأتان", 2, "women"),
    ],
)
def test_duals(text: str, value: int, category: str) -> None:
    found = _found(text)
    assert [(q.value, q.category, q.vague) for q in found] == [(value, category, False)]
    assert text[found[0].start : found[0].end] == text[found[0].noun_start : found[0].noun_end]  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "value", "noun"),
    [
        ("سقط عشرات القتلى", 12, "قتلى"),
        ("سقط العشرات من القتلى", 12, "قتلى"),
        ("نزح مئات المدنيين", 100, "مدنيين"),
        ("سقط عدد من القتلى", 3, "قتلى"),
        ("سقط عدد كبير من الجرحى", 3, "جرحى"),
        ("سقط العديد من الجرحى", 3, "جرحى"),
        ("قتل بضعة عناصر", 3, "عناصر"),
        ("أخليت عدة مقرات", 3, "مقرات"),
        ("خلف القصف قتلى", 3, "قتلى"),
        ("نزح آلاف المدنيين", 1000, "مدنيين"),
    ],
)
def test_vague(text: str, value: int, noun: str) -> None:
    found = _found(text)
    assert [(q.value, q.vague, q.noun) for q in found] == [(value, True, fold(noun))]


@pytest.mark.parametrize(
    "text",
    [
        "وقع الهجوم في الثالث من آذار",
        "وقع الهجوم في الثالث عشر من شهر تشرين الثاني",
        "وصل الرتل الثالث إلى المدينة",
        "بدأ القصف الساعة 3 فجرا",
        "ارتفعت الأسعار بنسبة 50 بالمئة",
        "ارتفعت الأسعار 50%",
        "ارتفعت الأسعار 50 في المائة",
        "تبعد البلدة 2.5 كم",
        "وقع الهجوم في 12/3/2021",
        "عمل الدفاع المدني في الموقع",
    ],
)
def test_not_counted(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "noun", "category"),
    [
        ("أسفر القصف عن مقتل 3 عناصر", "عناصر", "members"),
        ("قتل 3 من عناصر الفصيل", "عناصر", "members"),
        ("ارتفع عدد القتلى إلى 12", "قتلى", "killed"),
        ("وسقط قتلى بلغ عددهم 5", "قتلى", "killed"),
        ("ارتفعت حصيلة الضحايا إلى 7", "ضحايا", "killed"),
        ("أسفر القصف عن مقتل 4", "مقتل", "killed"),
        ("أسفر القصف عن مقتل ما لا يقل عن 20 شخصا", "شخصا", "persons"),
        ("دمرت الغارات تسعة مستودعات", "مستودعات", "targets"),
        ("سقطت 3 قذائف", "قذائف", "strikes"),
        ("أصيب 5 آخرون", "آخرون", "persons"),
    ],
)
def test_attachment(text: str, noun: str, category: str) -> None:
    found = [q for q in _found(text) if q.noun_start != q.start]
    assert len(found) == 1
    q = found[0]
    assert (q.noun, q.category) == (fold(noun).removeprefix("ال"), category)
    assert q.noun_start is not None and q.noun_end is not None
    assert fold(text[q.noun_start : q.noun_end]).endswith(fold(noun))


def test_singular_nouns_count_one_each() -> None:
    found = _found("استشهاد طفلة وامرأة")
    assert [(q.value, q.category) for q in found] == [(1, "children"), (1, "women")]


def test_confirming_number_is_not_counted_twice() -> None:
    assert [q.value for q in _found("سقط قتيلاً واحداً")] == [1]
    assert [q.value for q in _found("استشهد طفلين اثنين")] == [2]
    assert [(q.value, q.noun) for q in _found("قتل مدنيين اثنين")] == [(2, fold("مدنيين"))]


def test_singular_target_with_the_article_is_not_counted_again() -> None:
    assert [q.value for q in _found("دمرت غارة منزلا ثم سقطت الغارة على المنزل")] == [1, 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أسفر القصف عن مقتل 3 وإصابة 5", Casualties(3, injuries=5)),
        ("أسفر القصف عن مقتل 3 عناصر وإصابة 5 آخرين", Casualties(3, injuries=5)),
        ("استشهاد طفلة وامرأة", Casualties(2, civilian_fatalities=2)),
        ("استشهاد 4 مدنيين بينهم طفلان", Casualties(4, civilian_fatalities=4)),
        ("مقتل 5 أشخاص بينهم 3 مدنيين", Casualties(5, civilian_fatalities=3)),
        ("ارتفع عدد القتلى إلى 12", Casualties(12)),
        ("خلف القصف قتلى وجرحى", Casualties(3, injuries=3)),
        ("سقط عدد من القتلى والجرحى", Casualties(3, injuries=3)),
        ("سقط عشرات القتلى", Casualties(12)),
        ("سقط مئات القتلى", Casualties(100)),
        ("خلف القصف خسائر بشرية ومادية", Casualties(0)),
        ("قصفت الطائرات البلدة", Casualties(None)),
        ("دمرت الغارات تسعة مستودعات", Casualties(None, targets=9)),
        ("قتل مدني برصاص مسلحين", Casualties(1, civilian_fatalities=1)),
        ("لقي شاب حتفه", Casualties(1)),
        ("أسفر القصف عن مقتل أحد عناصر الفصيل", Casualties(1)),
        ("أسفر القصف عن مقتل ثلاثة مدنيين وإصابة طفلين", Casualties(3, civilian_fatalities=3, injuries=2)),
        ("سقط 3 قتلى دون وقوع إصابات", Casualties(3)),
    ],
)
def test_casualties(text: str, expected: Casualties) -> None:
    assert _cas(text) == expected


def test_casualties_only_read_the_span() -> None:
    text = "أسفر القصف عن مقتل 3. وأصيب 4 مدنيين في قصف آخر."
    doc = _doc(text)
    assert casualties(doc, 0, text.index("."), words=bundled().casualties) == Casualties(3)
    assert casualties(doc, text.index(".") + 1, len(text), words=bundled().casualties) == Casualties(None, injuries=4)


def test_stage_in_a_pipeline_with_dates() -> None:
    pipeline = Pipeline([segment, dates, quantities], bundled())
    doc = pipeline(Document.from_text("قتل 3 مدنيين في 12 آذار 2021", published=dt.date(2021, 3, 14)))
    assert [(q.value, q.category) for q in doc.layer("quantities")] == [(3, "civilians")]


def test_lexicon_categories_are_known() -> None:
    categories = {"killed", "injured", "civilians", "children", "women", "persons", "members", "targets", "strikes"}
    for word, category, form in lexicon_rows("counted_nouns.tsv", 3):
        assert word == fold(word)
        assert category in categories
        assert form in {"sg", "pl", "du", "cue", "cue1", "cue2", "kin"}


_WORDS = ["مقتل", "3", "٣", "۵", "1,200", "عناصر", "وإصابة", "قتلى", "وجرحى", "بينهم", "طفلان", "طفلة", "وامرأة",
          "عشرات", "من", "عدد", "ارتفع", "إلى", "خمسة", "وعشرون", "ثلاث", "مئة", "آلاف", "الثالث", "عشر", "آذار",
          "،", ".", "%", "ً", "ـ", "غارتين", "مستودعات", "بالمئة", "الساعة", "\n", "قتيلاً", "واحداً"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25))
def test_quantities_lie_inside_the_text(words: list[str]) -> None:
    text = " ".join(words)
    doc = _doc(text)
    for q in doc.layer("quantities"):
        assert 0 <= q.start < q.end <= len(text)
        assert doc.evidence(q).strip()
        assert q.value > 0
        if q.noun_start is not None:
            assert q.noun_end is not None and 0 <= q.noun_start < q.noun_end <= len(text)
    summary = casualties(doc, 0, len(text), words=bundled().casualties)
    assert all(v is None or v >= 0 for v in (summary.fatalities, summary.injuries, summary.targets))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_read_without_error(text: str) -> None:
    for q in find_quantities(segment(Document.from_text(text), None), words=bundled().counting):
        assert 0 <= q.start < q.end <= len(text)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("مقتل الشاب برصاص مجهولين في البلدة", 1),
        ("استشهاد الإعلامي جراء الغارات على المدينة", 1),
        ("مقتل المدنيين في القصف", None),
    ],
)
def test_a_cue_before_one_named_person_counts_one(text: str, killed: int | None) -> None:
    doc = make_doc(text)
    doc = doc.with_layers(quantities=find_quantities(doc, words=bundled().counting))
    got = casualties(doc, 0, len(text), words=bundled().casualties).fatalities
    assert got == killed if killed is not None else got != 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A cue after the people counted, in their clause.
        ("قال الطبيب إن 3 أطفال من أسرة واحدة قتلوا في القصف", Casualties(3, civilian_fatalities=3)),
        ("قتلت امرأة وأصيب رجل بجروح", Casualties(1, civilian_fatalities=1, injuries=1)),
        ("قضى طفل جراء سقوط قذيفة على الحي", Casualties(1, civilian_fatalities=1)),
        # A killed cue with nothing counted is at least one death; a plural of people after it is vague.
        ("قتل برصاص مسلحين مجهولين قرب السوق", Casualties(1)),
        ("أسفر القصف عن مقتل مدنيين", Casualties(3)),
        ("لم يسفر القصف عن مقتل أحد", Casualties(None)),
        # An assassination kills; an attempt does not.
        ("أقدم مسلحون مجهولون على اغتيال قيادي في البلدة", Casualties(1)),
        ("اغتيل رئيس البلدية برصاص مجهولين", Casualties(1)),
        ("نجا القيادي من محاولة اغتيال في البلدة", Casualties(None)),
        # A denial carries its و, and over the next noun joined by أو or ولا.
        ("سقطت القذيفة في الساحة ولم تسجل إصابات", Casualties(None)),
        ("سقطت القذيفة في الساحة ولم يسفر سقوطها عن قتلى أو جرحى", Casualties(None)),
        ("سقطت القذيفة في الساحة فلا قتلى ولا جرحى", Casualties(None)),
        ("انفجرت العبوة قرب الدورية ولم يبلغ عن سقوط ضحايا", Casualties(None)),
        ("سقطت القذيفة في الساحة ما أدى إلى إصابات بين المارة ولم تسجل وفيات", Casualties(None, injuries=3)),
        # One number, vague or exact, that counts the dead and the wounded together says one dead at least.
        ("أسفر القصف عن مقتل وإصابة عدد من الأهالي", Casualties(1, injuries=3)),
        ("وقع عشرات الضحايا بين قتيل ومصاب في السوق", Casualties(1)),
        ("سقط 20 قتيلاً وجريحاً في القصف", Casualties(1)),
        ("سقط 9 مدنيين بين قتيل وجريح", Casualties(1)),
        # "مدنية" describing a car is no civilian with a pronoun.
        ("أطلقوا النار على سيارة مدنية ما أدى إلى إصابة شخصين", Casualties(None, injuries=2, targets=1)),
        # The dead called civilians after their noun are civilians; a vague count stays vague.
        ("ارتفعت الحصيلة إلى 6 قتلى مدنيين", Casualties(6, civilian_fatalities=6)),
        ("سقط 4 قتلى من المدنيين في القصف", Casualties(4, civilian_fatalities=4)),
        # A named person after the cue adds one to those counted with them.
        ("أسفر القصف عن مقتل \"سالم الأحمد\" وطفلين", Casualties(3, civilian_fatalities=2)),
        ("مقتل خالد العمر بقصف على القرية", Casualties(1)),
        # The dead named again are not counted again.
        ("قتل شخص ونقل المسعفون جثة القتيل", Casualties(1)),
        ("انتشل المسعفون جثة رجل من تحت الأنقاض", Casualties(1)),
        ("استشهاد مدني بقصف سقط على منزل المدني", Casualties(1, civilian_fatalities=1, targets=1)),
        ("قتلت الدورية أحد الأهالي واعتقلت شقيقه", Casualties(1)),
        # Women and children among the dead tell who died, not how many were civilians.
        ("سقط 4 قتلى بينهم امرأة", Casualties(4)),
        ("مقتل 5 أشخاص بينهم 3 مدنيين", Casualties(5, civilian_fatalities=3)),
        # A tally over a period sums many strikes.
        ("وبذلك يرتفع إلى 120 تعداد المدنيين الذين قتلوا بالقصف", Casualties(None)),
        ("قتل 40 مدنيا منذ بداية العام في غارات على المنطقة", Casualties(None)),
    ],
)
def test_casualties_read_like_the_codebook(text: str, expected: Casualties) -> None:
    assert _cas(text) == expected


@pytest.mark.parametrize(
    ("text", "killed", "civilians"),
    [
        # "و4 نساء" is two tokens: the part is still coordinated with the part before it.
        ("قتل 7 مدنيين بينهم 3 أطفال و2 نساء", 7, 7),
        ("قتل 7 مدنيين بينهم 3 أطفال و 2 نساء", 7, 7),
        # The members of a group, named after "هم" or in brackets, are the group again.
        ("قتل 5 مدنيين، هم رجلان وطفلان وامرأة", 5, 5),
        ("قتل 5 مدنيين (رجلان وطفلان وامرأة) في القصف", 5, 5),
        ("مقتل 4 من أفراد الأسرة (امرأة وثلاثة من أبنائها)", 4, None),
        # A bracket far from the group, or after no group, adds its people.
        ("قتل 4 عناصر من الفصيل في المعارك، وقتل طفل (في العاشرة) بالقصف", 5, 1),
    ],
)
def test_members_of_a_group_are_not_added(text: str, killed: int, civilians: int | None) -> None:
    got = _cas(text)
    assert (got.fatalities, got.civilian_fatalities) == (killed, civilians)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ('أدى القصف إلى استشهاد المدنيين "سامر العلي، ومحمود الأحمد"، وجرح آخرين', 2),
        ('أسفر القصف عن مقتل مدنيين هم: "سامر العلي" و"محمود الأحمد" و"ليلى حسن"', 3),
        ("أسفر القصف عن مقتل مدنيين وجرح آخرين", 3),
    ],
)
def test_names_listed_after_a_plural_are_counted(text: str, killed: int) -> None:
    assert _cas(text).fatalities == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("قتل رجل وزوجته بقصف على منزلهما", 2),
        ("استشهدت امرأة وابنيها في القصف", 3),
        ("مقتل شاب وعمه بانفجار لغم", 2),
        # Without a pronoun the kin names someone again; without a cue before, the fates may differ.
        ("قتل شاب وأصيب والد الشاب بجروح", 1),
        ("شاب ووالده ضحايا القصف على القرية", 1),
    ],
)
def test_kin_joined_to_a_victim_is_one_more(text: str, killed: int) -> None:
    assert _cas(text).fatalities == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("ارتكبت القوات مجزرة راح ضحيتها 5 مدنيين", 5),
        ("جريمة راح ضحيتها أحد وجهاء القرية", 1),
        ("مجزرة ضحيتها ستة من عائلة واحدة", 6),
    ],
)
def test_the_victims_of_a_massacre_are_dead(text: str, killed: int) -> None:
    assert _cas(text).fatalities == killed


@pytest.mark.parametrize(
    ("text", "vague"),
    [
        ("سقط قتلى وجرحى في القصف", True),
        ("أسفر القصف عن مقتل عدد من المدنيين", True),
        ("قتل 3 مدنيين في القصف", False),
        ("استشهد شاب في القصف", False),
        ("سقط قتيلان وقتلى آخرون", False),
    ],
)
def test_a_vague_count_is_told_apart(text: str, vague: bool) -> None:
    assert _cas(text).vague is vague


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline()


def _deaths(pipeline: Pipeline, text: str) -> dict[str, int]:
    result = extract(text, published=dt.date(2024, 3, 14), pipeline=pipeline)
    return {e.location_ar: e.fatalities for e in result.events}


def test_an_event_takes_the_figure_over_a_vague_plural(pipeline: Pipeline) -> None:
    text = (
        "قصفت قوات النظام بالمدفعية الثقيلة بلدة معرة حرمة جنوبي إدلب اليوم، ما أدى إلى سقوط قتلى وجرحى.\n"
        "وأضافت المصادر أن القصف أسفر عن مقتل شخصين وإصابة أربعة آخرين."
    )
    assert _deaths(pipeline, text) == {"معرة حرمة": 2}


def test_a_vague_plural_does_not_raise_a_figure(pipeline: Pipeline) -> None:
    text = (
        "قصفت قوات النظام بالمدفعية الثقيلة بلدة معرة حرمة جنوبي إدلب اليوم، ما أدى إلى مقتل شخص.\n"
        "وأضافت المصادر أن القصف أوقع قتلى وجرحى."
    )
    assert _deaths(pipeline, text) == {"معرة حرمة": 1}


def test_each_happening_of_a_sentence_takes_its_own_dead(pipeline: Pipeline) -> None:
    text = (
        "ارتكبت قوات النظام اليوم مجزرة في بلدة معرة حرمة راح ضحيتها 4 مدنيين، وقصفت بالمدفعية بلدة كنصفرة، "
        "واستشهد فيها 2 من المدنيين."
    )
    assert _deaths(pipeline, text) == {"معرة حرمة": 4, "كنصفرة": 2}


def _cues_without(section: str, name: str, *entries: str) -> Cues:
    """The bundled cue lists with some entries of one list left out."""
    cues = Cues.load()
    sections = {s: {n: cues.raw(s, n) for n in cues.names(s)} for s in cues.sections}
    sections[section][name] = [e for e in sections[section][name] if e not in entries]
    return Cues(sections)


def test_count_words_come_from_the_lexicons_and_cue_lists() -> None:
    words = CountWords.load(Cues.load())
    assert words.numbers[fold("خمسة")] == (5, "unit")
    assert words.noun((fold("طفلتين"),)) == Noun(fold("طفلتين"), "children", "du", False)  # a generated dual
    assert words.noun((fold("عناصرها"),)) is not None  # through a possessive
    assert words.noun((fold("مدنية"),)) is None  # a feminine adjective, not "مدني" with a pronoun
    assert words.kin_count((fold("ابنيها"),)) is not None
    assert words.digits.fullmatch("و12") and not words.digits.fullmatch("ك12")


@pytest.mark.parametrize(
    ("name", "entry", "text", "before", "after"),
    [
        ("number_of", "عدد", "سقط عدد من القتلى", [(3, True)], []),  # then only "القتلى" counts
        ("percent", "بالمئة", "قتل 50 بالمئة من العناصر", [], [(50, False)]),
        ("hundred", "مئة", "قتل ثلاث مئة عنصر", [(300, False)], [(3, False)]),
        ("vague_scales", "آلاف", "نزح آلاف المدنيين", [(1000, True)], [(1000, False)]),
    ],
)
def test_the_cue_lists_decide(name: str, entry: str, text: str, before: list[tuple[int, bool]],
                              after: list[tuple[int, bool]]) -> None:
    doc = segment(Document.from_text(text), None)

    def read(cues: Cues) -> list[tuple[int, bool]]:
        return [(q.value, q.vague) for q in find_quantities(doc, words=CountWords.load(cues)) if q.start == 4]

    assert read(Cues.load()) == before
    assert read(_cues_without("numbers", name, entry)) == after


def test_the_stage_reads_the_words_resources_hold() -> None:
    doc = segment(Document.from_text("قتل 50 بالمئة من العناصر"), None)
    held = SimpleNamespace(counting=CountWords.load(_cues_without("numbers", "percent", "بالمئة")))
    assert [q.value for q in quantities(doc, bundled()).layer("quantities")] == []
    assert [q.value for q in quantities(doc, held).layer("quantities")] == [50]  # type: ignore[arg-type]
