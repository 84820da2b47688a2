"""The events stage: events and signals from the annotated body sentences (see `rasd.events.assembly`)."""

from __future__ import annotations

from typing import Any

from rasd.document import Document
from rasd.events.assembly import build_events
from rasd.pipeline import stage

__all__ = ["build_events", "events"]


@stage(
    "events",
    requires=("tokens", "sentences", "body", "triggers", "cues", "places", "actors", "dates", "quantities"),
    adds=("events", "signals"),
)
def events(doc: Document, resources: Any) -> Document:
    """Add the `events` and `signals` layers."""
    found, signals = build_events(doc, resources.settings, cues=resources.cues, actors=resources.actors,
                                  casualties=resources.casualties)
    return doc.with_layers(events=tuple(found), signals=tuple(signals))
