"""Events assembled from sentences: places carried on, one event per place, signals, on sentences of ours."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rasd.document import Document
from rasd.events.assembly import build_events
from rasd.resources import Resources


def _events(annotate: Callable[[str], Document], resources: Resources, text: str) -> tuple[list[str], list[str]]:
    found, signals = build_events(annotate(text), resources.settings, cues=resources.cues, actors=resources.actors,
                                  casualties=resources.casualties)
    return [e.location_ar or "" for e in found], [s.modality for s in signals]


def test_a_list_of_villages_is_one_event_each(annotate: Callable[[str], Document], resources: Resources) -> None:
    events, _ = _events(annotate, resources, "قصفت قوات النظام بلدتي كفرنبل وسراقب صباح اليوم.")
    assert len(events) == 2


def test_a_sentence_without_a_place_adds_its_dead_to_the_event_before(annotate: Callable[[str], Document],
                                                                      resources: Resources) -> None:
    text = "قصفت قوات النظام بلدة كفرنبل صباح اليوم. وقال الدفاع المدني إن القصف أسفر عن مقتل شخصين."
    found, _ = build_events(annotate(text), resources.settings, cues=resources.cues, actors=resources.actors,
                            casualties=resources.casualties)
    assert [e.fatalities for e in found] == [2]


def test_a_feared_strike_is_a_signal(annotate: Callable[[str], Document], resources: Resources) -> None:
    events, signals = _events(annotate, resources, "يخشى الأهالي من قصف قوات النظام على بلدة كفرنبل.")
    assert events == [] and signals


def test_a_region_sums_up_the_towns_of_its_own_country_only(annotate: Callable[[str], Document],
                                                            resources: Resources) -> None:
    every = replace(resources.settings, min_confidence=0.0)  # every candidate, whatever its rule confidence
    summed = "قصفت قوات النظام بلدة كفرنبل صباح اليوم، وتواصل القصف على شمال سوريا."
    apart = "قصفت قوات النظام بلدة كفرنبل صباح اليوم، وقصفت المدفعية التركية مواقع في شمال العراق."
    places = []
    for text in (summed, apart):
        found, _ = build_events(annotate(text), every, cues=resources.cues, actors=resources.actors,
                                casualties=resources.casualties)
        places.append(sorted(e.location_ar or "" for e in found))
    assert places == [["كفرنبل"], ["شمال العراق", "كفرنبل"]]
