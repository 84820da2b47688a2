"""Which places of a sentence are scenes, on sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rasd.document import Document
from rasd.events.scenes import SceneCues, locations
from rasd.resources import Resources


def _scenes(annotate: Callable[[str], Document], resources: Resources, text: str) -> list[str]:
    doc = annotate(text)
    cues = SceneCues.from_cues(resources.cues)
    return [m.text_ar for s in doc.layer("sentences") for m in locations(doc, s, cues=cues)]


@pytest.mark.parametrize(("text", "scenes"), [
    ("قصفت الطائرات الحربية بلدة كفرنبل في ريف إدلب.", ["بلدة كفرنبل"]),
    ("اتهمت واشنطن دمشق بقصف المدنيين.", []),
    ("قصفت قوات النظام بلدة كفرنبل، ونقل الجرحى إلى مشفى في مدينة إدلب.", ["بلدة كفرنبل"]),
])
def test_only_scenes_are_kept(annotate: Callable[[str], Document], resources: Resources, text: str,
                              scenes: list[str]) -> None:
    assert _scenes(annotate, resources, text) == scenes


def test_the_clues_of_places_are_built_from_the_cue_words(resources: Resources) -> None:
    cues = SceneCues.from_cues(resources.cues)
    assert (cues.countryside_clue, cues.city_clue) == ("cue:ريف", "prefix:مدينه")
    assert cues.to == "الي" and "لالي" in cues.towards
