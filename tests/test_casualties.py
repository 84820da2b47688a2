"""Tests of `rasd.events.casualties`: its words, read from the cue lists, and its cost on long spans."""

from __future__ import annotations

import time

import pytest

from rasd.document import Document
from rasd.events import casualties as casualties_module
from rasd.events.casualties import Casualties, CasualtyWords, casualties
from rasd.lexicons.cues import Cues
from rasd.stages.numbers import find_quantities
from rasd.stages.segment import segment

CUES = Cues.load()
WORDS = CasualtyWords.load(CUES)


def _cas(text: str, words: CasualtyWords = WORDS) -> Casualties:
    doc = segment(Document.from_text(text), None)
    doc = doc.with_layers(quantities=find_quantities(doc, words=words.counting))
    return casualties(doc, 0, len(text), words=words)


def _without(section: str, name: str, *entries: str) -> Cues:
    """The bundled cue lists with some entries of one list left out."""
    sections = {s: {n: CUES.raw(s, n) for n in CUES.names(s)} for s in CUES.sections}
    sections[section][name] = [e for e in sections[section][name] if e not in entries]
    return Cues(sections)


def test_public_api() -> None:
    assert set(casualties_module.__all__) == {"Casualties", "CasualtyWords", "casualties"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل 40 مدنيا منذ بداية العام في غارات على المنطقة", Casualties(None)),
        ("قتل 40 مدنيا خلال الأشهر الماضية في غارات على المنطقة", Casualties(None)),
        ("قتل 40 مدنيا بحسب إحصائية نشرها المرصد", Casualties(None)),
        ("قتل 40 مدنيا منذ 2019 في غارات على المنطقة", Casualties(None)),
        ("قتل 4 مدنيين في غارة على المنطقة", Casualties(4, civilian_fatalities=4)),
    ],
)
def test_a_period_from_the_cue_lists_leaves_a_sentence_out(text: str, expected: Casualties) -> None:
    assert _cas(text) == expected


def test_the_cue_lists_decide() -> None:
    # Without "إحصائية" in period_alone, the sentence counts one strike's dead.
    words = CasualtyWords.load(_without("numbers", "period_alone", "إحصائية"))
    assert _cas("قتل 40 مدنيا بحسب إحصائية نشرها المرصد", words) == Casualties(40, civilian_fatalities=40)
    # Without "اعتقل" in other_fates, the people arrested after the dead are counted dead too.
    text = "قتل رجل في القصف واعتقل ثلاثة مدنيين"
    assert _cas(text) == Casualties(1)
    words = CasualtyWords.load(_without("numbers", "other_fates", "اعتقل"))
    assert _cas(text, words) == Casualties(4, civilian_fatalities=3)
    assert _cas("خلف القصف خسائر بشرية ومادية") == Casualties(0)
    words = CasualtyWords.load(_without("numbers", "human_losses", "خسائر بشرية"))
    assert _cas("خلف القصف خسائر بشرية ومادية", words) == Casualties(None)


def test_a_long_span_is_read_in_linear_time() -> None:
    # Each quantity once looked at every cue of the span: 4,000 of them took a minute.
    text = "وقع القصف " + "مقتل 3 مدنيين و" * 20_000 + " في البلدة."
    doc = segment(Document.from_text(text), None)
    doc = doc.with_layers(quantities=find_quantities(doc, words=WORDS.counting))
    began = time.perf_counter()
    found = casualties(doc, 0, len(text), words=WORDS)
    assert time.perf_counter() - began < 20
    assert found == Casualties(60_000, civilian_fatalities=60_000)



@pytest.mark.parametrize(
    ("text", "fatalities", "injuries"),
    [
        ("استهدفت غارة سيارة قرب المطار ما أدى إلى مقتلهما", 2, None),
        ("استهدفت غارة سيارة قرب المطار ما أدى إلى مقتله", 1, None),
        ("سقطت قذيفة على المنزل ما أدى إلى إصابتهما بجروح", None, 2),
    ],
)
def test_a_dual_pronoun_on_a_cue_counts_two(text: str, fatalities: int | None, injuries: int | None) -> None:
    found = _cas(text)
    assert (found.fatalities, found.injuries) == (fatalities, injuries)
