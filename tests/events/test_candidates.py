"""Which trigger of a clause makes an event candidate, on sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

from rasd.document import Document
from rasd.events.candidates import CandidateCues, candidates, harm_follows
from rasd.resources import Resources


def _candidates(annotate: Callable[[str], Document], resources: Resources, text: str) -> list[tuple[str | None, str]]:
    doc = annotate(text)
    cues = CandidateCues.from_cues(resources.cues)
    return [(c.sub_event_type, c.modality) for s in doc.layer("sentences") for c in candidates(doc, s, cues=cues)]


def test_a_shelling_verb_without_a_weapon_is_shelling(annotate: Callable[[str], Document],
                                                      resources: Resources) -> None:
    found = _candidates(annotate, resources, "قصفت قوات النظام بلدة كفرنبل صباح اليوم.")
    assert found == [("Shelling/artillery/missile attack", "asserted")]


def test_clearing_war_remnants_is_no_attack(annotate: Callable[[str], Document], resources: Resources) -> None:
    assert _candidates(annotate, resources, "عملت فرق الدفاع المدني على إزالة مخلفات الحرب في بلدة كفرنبل.") == []


def test_deaths_in_a_road_accident_follow_no_strike(annotate: Callable[[str], Document],
                                                    resources: Resources) -> None:
    doc = annotate("قصفت قوات النظام بلدة كفرنبل. وتوفي طفلان بحادث سير في بلدة سراقب.")
    cues = CandidateCues.from_cues(resources.cues)
    first, second = doc.layer("sentences")
    strike = candidates(doc, first, cues=cues)[0]
    assert harm_follows(doc, second, candidates(doc, second, cues=cues), [], strike, cues=cues) is None


def test_cues_are_read_folded(resources: Resources) -> None:
    cues = CandidateCues.from_cues(resources.cues)
    assert "معركه" in cues.battle_nouns and cues.fall == "سقوط"
