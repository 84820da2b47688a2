"""Finding the article body in page captures."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.document import Document
from rasd.normalize import fold
from rasd.stages.body import BodySpan, body, find_body, load_cues
from rasd.stages.segment import segment

# What the body stage reads of `Resources`.
_CLUTTER = SimpleNamespace(clutter=load_cues())

POST = "قصفت طائرات حربية منازل المدنيين في بلدة كفرنبل جنوبي إدلب، ما أدى إلى إصابة امرأتين بجروح."
SECOND = "وهرعت فرق الإسعاف إلى المكان ونقلت المصابين إلى مستشفى قريب لتلقي العلاج."


def _run(text: str, **meta: object) -> Document:
    return body(segment(Document.from_text(text, **meta), None), _CLUTTER)


def _kept(doc: Document) -> str:
    return "\n".join(doc.evidence(b) for b in doc.layer("body"))


def test_facebook_preview_header_and_comments_are_dropped() -> None:
    text = (
        "صفحة الأخبار - قصفت طائرات حربية منازل المدنيين في بلدة...\n"
        "Facebook\u200eصفحة الأخبار\u200e's Post\n\n"
        f"صفحة الأخبارMay 3, 2024 · Shared with Public{POST}{SECOND}"
        "All reactions:12LikeCommentMost relevant\ufeffأحمد عليلا حول ولا قوة إلا بالله2y"
    )
    doc = _run(text, kind="public_facebook_post")
    kept = _kept(doc)
    assert POST in kept and SECOND in kept
    assert "Shared with Public" not in kept and "لا حول" not in kept
    assert kept.count("قصفت طائرات") == 1


def test_x_chrome_and_other_accounts_replies_are_cut() -> None:
    text = (
        "Post\n\nPost\n\n"
        f"شبكة الرصد@rasd_net{POST}9:40 AM · Nov 30, 20241.2KViews3101\n\n"
        "ناشط@someone_elseNov 30, 2024خبر كاذب لم يحدث أي قصف اليوم في البلدة كما يزعمون45"
    )
    kept = _kept(_run(text, kind="public_x_post"))
    assert kept == POST


def test_x_thread_by_the_author_is_kept() -> None:
    text = (
        f"الدفاع المحلي@local_aid1/2 {POST}4:13 AM · Oct 29, 2022·Twitter Web App16 Retweets42 Likes"
        f"الدفاع المحلي@local_aid·Oct 29Replying to @local_aid2/2 {SECOND}"
    )
    kept = _kept(_run(text, kind="public_x_post"))
    assert POST in kept and SECOND in kept
    assert "Retweets" not in kept and "Replying" not in kept


def test_news_page_menus_teasers_and_related_lists() -> None:
    title = "إصابة امرأتين بقصف جوي على كفرنبل"
    text = "\n\n".join(
        [
            "الرئيسية",
            "سياسة",
            "وزير الخارجية يصل إلى العاصمة في زيارة رسمية",
            "ارتفاع أسعار الخبز في أسواق المدينة الشمالية",
            title,
            "مركز الأخبار",
            POST,
            "اقرأ أيضاً: افتتاح مدرسة جديدة في القرية بعد ترميمها",
            SECOND,
            "الأكثر قراءة",
            "انقطاع الكهرباء عن أحياء واسعة من المدينة مساء أمس",
            "مقتل شخص وإصابة آخرين في حادث سير على الطريق الدولي",
        ]
    )
    kept = _kept(_run(text, title=f"{title} | موقع الأخبار"))
    assert title in kept and POST in kept and SECOND in kept
    for clutter in ("الرئيسية", "وزير الخارجية", "افتتاح مدرسة", "الأكثر قراءة", "حادث سير", "انقطاع الكهرباء"):
        assert clutter not in kept


def test_trailing_casualty_list_is_kept_but_a_run_of_headlines_is_not() -> None:
    text = "\n".join(
        [
            POST,
            "والضحايا هم:",
            "- محمد أحمد العلي (12 عاماً)",
            "- خالد سعيد الحسن (40 عاماً)",
            "",
            "افتتاح معرض للكتاب في المدينة بمشاركة واسعة",
            "فوز الفريق المحلي في مباراة كرة القدم أمس",
        ]
    )
    kept = _kept(_run(text))
    assert "محمد أحمد العلي" in kept and "خالد سعيد الحسن" in kept
    assert "معرض للكتاب" not in kept and "كرة القدم" not in kept


def test_repeated_copy_is_dropped_once() -> None:
    doc = _run(f"{POST}\n{SECOND}\n\n{POST}\n{SECOND}")
    kept = _kept(doc)
    assert kept.count(POST) == 1 and kept.count(SECOND) == 1


def test_short_post_is_kept_whole() -> None:
    text = "#عاجل\nاستهداف سيارة بطائرة مسيرة قرب الحسكة\n#سوريا"
    kept = _kept(_run(text, kind="public_x_post"))
    assert "استهداف سيارة بطائرة مسيرة قرب الحسكة" in kept


def test_sentences_outside_the_body_are_flagged() -> None:
    doc = _run(f"{POST}\n\nالتعليقات\n\nتعليق طويل من قارئ يقول إن القصف استهدف السوق أيضاً في المساء.")
    flags = {doc.evidence(s)[:10]: s.in_body for s in doc.layer("sentences")}
    assert flags[POST[:10]] is True
    assert flags["تعليق طويل"] is False
    assert len(doc.layer("sentences")) == len(segment(Document.from_text(doc.text), None).layer("sentences"))


def test_offsets_point_into_the_raw_text() -> None:
    raw = "\u200fPost\n\nقَصَفَتْ الطائراتُ بلدةَ كفرنبل جنوبي إدلب، وأصيب مدنيان بجروح.\n\nLike"
    doc = _run(raw)
    (span,) = doc.layer("body")
    assert doc.evidence(span) == "قَصَفَتْ الطائراتُ بلدةَ كفرنبل جنوبي إدلب، وأصيب مدنيان بجروح."


def test_cues_are_folded() -> None:
    cues = load_cues()
    for phrase in [*cues.line, *cues.lead, *cues.tail]:
        assert phrase == " ".join(fold(phrase).split()), phrase
    for phrases in cues.inline.values():
        for phrase in phrases:
            assert phrase == fold(phrase), phrase


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([POST, SECOND, "Post", "الأكثر قراءة", "", "اقرأ أيضاً", "خبر قصير"]), max_size=12))
def test_spans_are_ordered_disjoint_and_inside(parts: list[str]) -> None:
    text = "\n".join(parts)
    spans = find_body(Document.from_text(text), load_cues())
    assert all(isinstance(s, BodySpan) and 0 <= s.start < s.end <= len(text) for s in spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


def test_related_list_heading_before_the_post_is_cut_off() -> None:
    text = "\n\n".join(
        [
            "إصابة امرأتين بقصف جوي على كفرنبل",
            "متعلقات",
            "افتتاح معرض للكتاب في المدينة بمشاركة واسعة",
            "مقتل شخص بانفجار عبوة ناسفة في مدينة الباب",
            POST,
            SECOND,
        ]
    )
    kept = _kept(_run(text))
    assert POST in kept and SECOND in kept
    assert "معرض للكتاب" not in kept and "عبوة ناسفة" not in kept
