from __future__ import annotations

from rasd.matcher import PhraseMatcher
from tests.conftest import make_doc


def found(matcher: PhraseMatcher[str], text: str) -> list[tuple[str, str]]:
    doc = make_doc(text)
    return [(doc.text[m.start : m.end], m.values[0]) for m in matcher.find(doc.layer("tokens"))]


def test_clitics_and_longest_match() -> None:
    m = PhraseMatcher([("القلمون", "Q"), ("القلمون الغربي", "QW"), ("قسد", "SDF")])
    assert found(m, "في بالقلمون الغربي ووقسد") == [("بالقلمون الغربي", "QW")]
    assert found(m, "هاجمت وقسد القلمون") == [("وقسد", "SDF"), ("القلمون", "Q")]


def test_solid_spelling_of_two_word_names() -> None:
    m = PhraseMatcher([("دير الزور", "DZ")])
    assert found(m, "في ديرالزور وفي دير الزور") == [("ديرالزور", "DZ"), ("دير الزور", "DZ")]


def test_prefix_keys() -> None:
    m = PhraseMatcher([("استهدف*", "hit")])
    assert found(m, "واستهدفت الطائرات") == [("واستهدفت", "hit")]
    assert found(m, "استهلك الوقود") == []


def test_article_agreement() -> None:
    m = PhraseMatcher([("الباب", "al-Bab"), ("قارة", "Qara")], article_must_agree=True)
    assert found(m, "في مدينة الباب") == [("الباب", "al-Bab")]
    assert found(m, "فتح باب المدرسة") == []
    assert found(m, "في القارة الأوروبية") == []
    loose = PhraseMatcher([("الباب", "al-Bab")])
    assert found(loose, "فتح باب المدرسة") == [("باب", "al-Bab")]


def test_diacritics_and_variants_in_entries() -> None:
    m = PhraseMatcher([("مُسيَّرة", "drone")])
    assert found(m, "أسقطت مسيره") == [("مسيره", "drone")]


def test_attached_pronouns_when_asked() -> None:
    m = PhraseMatcher([("غارات", "air"), ("غارة", "air1")], suffixes=True)
    assert found(m, "نفذ غاراته وغارتها") == [("غاراته", "air"), ("وغارتها", "air1")]
    assert found(PhraseMatcher([("غارات", "air")]), "نفذ غاراته") == []


def test_accusative_alef_when_asked() -> None:
    m = PhraseMatcher([("اعتصام", "protest"), ("غارة", "air"), ("قتلو", "not a word")], suffixes=True)
    assert found(m, "نفذوا اعتصاماً أمام المبنى") == [("اعتصاما", "protest")]
    assert found(m, "نفذت غارةً وقتلوا") == [("غارة", "air")]  # no alef after a ta marbuta; a verb's alef stays
    assert found(PhraseMatcher([("اعتصام", "protest")]), "نفذوا اعتصاماً") == []


def test_numbers_in_digits_inside_a_phrase_when_asked() -> None:
    m = PhraseMatcher([("سقوط صواريخ", "fall"), ("شن غارات", "raid")], counts=True)
    assert found(m, "سقوط 3 صواريخ على المطار ثم شن 12 غارات") == [("سقوط 3 صواريخ", "fall"), ("شن 12 غارات", "raid")]
    assert found(m, "سقوط 3") == []  # a number that ends the text ends no phrase
    assert found(PhraseMatcher([("سقوط صواريخ", "fall")]), "سقوط 3 صواريخ") == []
