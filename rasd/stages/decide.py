"""Decide with a trained model which rule candidates are events: the learned replacement of the rule confidence.

The rules propose every candidate (`build_events` with no confidence threshold); the event decision model
(`rasd/models/event_decision.json`, built by `rasd train`) gives each its probability of being a coded event,
which becomes the event's `confidence`. Candidates at or above the threshold are events, and so is an article's most
probable candidate from the model's `lead_threshold` on; the rest are kept as signals with their evidence and
confidence, as the rule threshold did. The threshold is the setting `min_confidence` when it is zero or more, else
the one chosen by cross-validation (the model file and its card). The actor1 model (`rasd/models/actor1.json`)
then chooses each event's acting side among the actors named around it (`rasd.learn.actors`), and the fatalities
model (`fatalities.json`) its toll among the figures told around it (`rasd.learn.tolls`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasd.document import Document
from rasd.event import Event, Signal
from rasd.events.drafts import weak
from rasd.learn.actors import actor_features, actor_options, chosen_side, with_actor1, with_unidentified
from rasd.learn.features import Siblings, candidate_features
from rasd.learn.model import LinearModel
from rasd.learn.tolls import toll_features, toll_options, with_fatalities
from rasd.pipeline import stage
from rasd.stages.events import build_events

__all__ = ["choose_actor1", "choose_fatalities", "decide", "decide_events", "propose"]


def decide_events(doc: Document, candidates: tuple[Event, ...], model: LinearModel,
                  threshold: float | None = None) -> tuple[list[Event], list[Signal]]:
    """Score every candidate; the model's rule (`LinearModel.keep`) says which are events, the rest are signals."""
    siblings = Siblings.of(candidates, doc)
    scored = [replace(e, confidence=round(model.probability(candidate_features(doc, e, candidates, siblings)), 3))
              for e in candidates]
    keep = model.keep([e.confidence for e in scored], threshold)
    events = [e for e, k in zip(scored, keep, strict=True) if k]
    return events, [weak(e) for e, k in zip(scored, keep, strict=True) if not k]


def propose(doc: Document, resources: Any) -> tuple[list[Event], list[Signal]]:
    """Every candidate event the rules assemble (no confidence threshold), and the signals: what the decisions
    choose from, in the stage and in training alike."""
    return build_events(doc, replace(resources.settings, min_confidence=0.0), cues=resources.cues,
                        actors=resources.actors, casualties=resources.casualties)


def choose_actor1(doc: Document, event: Event, model: LinearModel) -> Event:
    """The event with the actor1 the actor model prefers, when one reaches its threshold; else the rules' (and an
    unidentified armed group for a violent event with no side named). A protest keeps its protesters, as ACLED
    codes them."""
    if not chosen_side(event):
        return event
    options = actor_options(doc, event)
    k = model.best([actor_features(doc, event, o, options) for o in options])
    return with_actor1(doc, event, options[k]) if k is not None else with_unidentified(event, doc)


def choose_fatalities(doc: Document, event: Event, model: LinearModel) -> Event:
    """The event with the toll the fatalities model prefers, when one reaches its threshold; else the rules'."""
    options = toll_options(doc, event)
    k = model.best([toll_features(doc, event, o, options) for o in options])
    return with_fatalities(event, options[k].value) if k is not None else event


@stage(
    "decide",
    requires=("tokens", "sentences", "body", "triggers", "cues", "places", "actors", "dates", "quantities"),
    adds=("events", "signals"),
)
def decide(doc: Document, resources: Any) -> Document:
    """Add the `events` and `signals` layers, each candidate decided by the event decision model."""
    settings = resources.settings
    model: LinearModel = resources.decision
    candidates, signals = propose(doc, resources)
    threshold = settings.min_confidence if settings.min_confidence >= 0 else None
    found, weak = decide_events(doc, tuple(candidates), model, threshold)
    actor_model: LinearModel | None = resources.actor_decision
    if actor_model is not None:
        found = [choose_actor1(doc, event, actor_model) for event in found]
    toll_model: LinearModel | None = resources.toll_decision
    if toll_model is not None:
        found = [choose_fatalities(doc, event, toll_model) for event in found]
    return doc.with_layers(events=tuple(found), signals=(*signals, *weak))
