"""Decide with a trained model which rule candidates are events: the learned replacement of the rule confidence.

The rules propose every candidate (`build_events` with no confidence threshold); the event decision model
(`rasd/models/event_decision.json`, built by `rasd train`) gives each its probability of being a coded event,
which becomes the event's `confidence`. Candidates at or above the threshold are events; the rest are kept as
signals with their evidence and confidence, as the rule threshold did. The threshold is the setting
`min_confidence` when it is zero or more, else the one chosen by cross-validation (the model's card).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasd.document import Document
from rasd.event import Event, Signal
from rasd.learn.features import candidate_features
from rasd.learn.model import LinearModel
from rasd.pipeline import stage
from rasd.stages.events import build_events

__all__ = ["decide", "decide_events"]


def _as_signal(event: Event) -> Signal:
    return Signal(
        modality=event.modality,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        actor1=event.actor1,
        location=event.location,
        location_ar=event.location_ar,
        event_date=event.event_date,
        evidence=event.evidence,
        confidence=event.confidence,
    )


def decide_events(doc: Document, candidates: tuple[Event, ...], model: LinearModel,
                  threshold: float) -> tuple[list[Event], list[Signal]]:
    """Score every candidate; those at or above `threshold` are events, the others signals."""
    events: list[Event] = []
    weak: list[Signal] = []
    for event in candidates:
        p = model.probability(candidate_features(doc, event, siblings=len(candidates)))
        scored = replace(event, confidence=round(p, 3))
        if p >= threshold:
            events.append(scored)
        else:
            weak.append(_as_signal(scored))
    return events, weak


@stage(
    "decide",
    requires=("tokens", "sentences", "body", "triggers", "cues", "places", "actors", "dates", "quantities"),
    adds=("events", "signals"),
)
def decide(doc: Document, resources: Any) -> Document:
    """Add the `events` and `signals` layers, each candidate decided by the event decision model."""
    settings = resources.settings
    model: LinearModel = resources.decision
    candidates, signals = build_events(doc, replace(settings, min_confidence=0.0), cues=resources.cues,
                                       actors=resources.actors, casualties=resources.casualties)
    threshold = settings.min_confidence if settings.min_confidence >= 0 else model.threshold
    found, weak = decide_events(doc, tuple(candidates), model, threshold)
    return doc.with_layers(events=tuple(found), signals=(*signals, *weak))
