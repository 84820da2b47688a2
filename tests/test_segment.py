from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.clitics import analyse
from tests.conftest import make_doc


@pytest.mark.parametrize(
    ("word", "core", "article"),
    [
        ("بالقلمون", "قلمون", True),
        ("لميليشيا", "ميليشيا", False),
        ("وقسد", "قسد", False),
        ("للميليشيات", "ميليشيات", True),
        ("وبالقصف", "قصف", True),
        ("فالجيش", "جيش", True),
        ("كالعادة", "عاده", True),
        ("ولا", "ولا", False),
        ("حلب", "حلب", False),
    ],
)
def test_clitics(word: str, core: str, article: bool) -> None:
    from rasd.normalize import fold

    got_core, _, got_article = analyse(fold(word))
    assert (got_core, got_article) == (fold(core), article)


def test_tokens_point_into_raw_text() -> None:
    doc = make_doc("قصفت قوّات النظام #جبل_الزاوية، وسقط ٣ قتلى.")
    words = [doc.evidence(t) for t in doc.layer("tokens")]
    assert words == ["قصفت", "قوّات", "النظام", "جبل", "الزاوية", "وسقط", "٣", "قتلى"]


def test_sentences_and_clauses() -> None:
    doc = make_doc("قصفت المدفعية القرية، وسقط جرحى. وفي حماة، اشتباكات عنيفة!\nخبر ثالث")
    sents = doc.layer("sentences")
    assert [doc.evidence(s).strip(".!") for s in sents] == [
        "قصفت المدفعية القرية، وسقط جرحى",
        "وفي حماة، اشتباكات عنيفة",
        "خبر ثالث",
    ]
    assert [doc.text[a:b].strip() for a, b in sents[0].clauses] == ["قصفت المدفعية القرية", "وسقط جرحى."]


def test_decimal_point_does_not_split() -> None:
    doc = make_doc("بلغت المسافة 3.5 كيلومتر عن البلدة")
    assert len(doc.layer("sentences")) == 1


@given(st.text(alphabet=st.sampled_from(list("قصف حلب،.\n٣#_ً") + ["ﻻ"]), max_size=60))
def test_every_span_lies_inside_text(text: str) -> None:
    doc = make_doc(text)
    for layer in ("tokens", "sentences"):
        for item in doc.layer(layer):
            assert 0 <= item.start <= item.end <= len(text)
    for s in doc.layer("sentences"):
        for a, b in s.clauses:
            assert s.start <= a <= b <= s.end
