"""Who acted and who was acted upon, on sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from rasd.document import Document
from rasd.events.assembly import build_events
from rasd.events.roles import RoleCues, Roles, assign_roles, interaction
from rasd.resources import Resources

RUSSIA = "Military Forces of Russia"
SDF = "SDF: Syrian Democratic Forces"


def _roles(annotate: Callable[[str], Document], resources: Resources, text: str, trigger: str) -> Roles:
    doc = annotate(text)
    i = text.index(trigger)
    return assign_roles(doc, trigger_start=i, trigger_end=i + len(trigger), scope_start=0, scope_end=len(text),
                        on=None, lexicon=resources.actors, cues=RoleCues.from_cues(resources.cues))


def test_the_subject_of_a_strike_acts(annotate: Callable[[str], Document], resources: Resources) -> None:
    r = _roles(annotate, resources, "قصفت الطائرات الروسية مواقع لقسد في ريف الرقة.", "قصفت")
    assert (r.actor1.name if r.actor1 else None, r.actor2.name if r.actor2 else None) == (RUSSIA, SDF)


def test_a_side_named_far_from_its_strike_is_left_out(annotate: Callable[[str], Document],
                                                     resources: Resources) -> None:
    filler = "، وأفادت الأنباء عن حركة نزوح" * 80  # far more than the window of words around a trigger
    text = "أعلنت قسد السيطرة على القرية" + filler + "، وقصفت الطائرات بلدة كفرنبل."
    r = _roles(annotate, resources, text, "وقصفت")
    assert r.actor1 is None or r.actor1.name != SDF


@pytest.mark.parametrize(("a", "b", "code"), [(8, 7, 78), (None, 7, None), (3, None, 30)])
def test_interaction(a: int | None, b: int | None, code: int | None) -> None:
    assert interaction(a, b) == code


def test_role_cues_are_folded(resources: Resources) -> None:
    cues = RoleCues.from_cues(resources.cues)
    assert "التابعه" in cues.tails and cues.on == "علي" and cues.bare("القوات") == "قوات"


def _sides(annotate: Callable[[str], Document], resources: Resources, text: str) -> list[tuple[str | None, ...]]:
    every = replace(resources.settings, min_confidence=0.0)
    found, _ = build_events(annotate(text), every, cues=resources.cues, actors=resources.actors,
                            casualties=resources.casualties)
    return [(e.country, e.actor1, e.actor2) for e in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصفت القوات الحكومية مواقع المسلحين في مدينة سراقب أمس.",
         ("Syria", "Military Forces of Syria (2000-2024)", "Unidentified Armed Group (Syria)")),
        ("قصفت القوات الحكومية مواقع المسلحين في مدينة الموصل أمس.",
         ("Iraq", "Military Forces of Iraq", "Unidentified Armed Group (Iraq)")),
        ("قصفت القوات الحكومية مواقع الحوثيين في مدينة مأرب أمس.",
         ("Yemen", "Military Forces of Yemen (2022-)", "Houthi Movement")),
        ("اغتال مسلحون مجهولون شابا في مدينة صيدا جنوب لبنان أمس.",
         ("Lebanon", "Unidentified Armed Group (Lebanon)", "Civilians (Lebanon)")),
    ],
)
def test_generic_words_name_the_sides_of_the_country_the_event_lies_in(
        annotate: Callable[[str], Document], resources: Resources, text: str, expected: tuple[str, ...]) -> None:
    assert expected in _sides(annotate, resources, text)


def test_demonstrators_are_the_protesters_of_the_events_country(annotate: Callable[[str], Document],
                                                                 resources: Resources) -> None:
    found, _ = build_events(annotate("تظاهر المئات في مدينة البصرة أمس احتجاجا على انقطاع الكهرباء."),
                            resources.settings, cues=resources.cues, actors=resources.actors,
                            casualties=resources.casualties)
    assert [(e.country, e.actor1) for e in found if e.event_type == "Protests"] == [("Iraq", "Protesters (Iraq)")]
