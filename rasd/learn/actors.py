"""The learned actor1 decision: which side named around an event acted.

Options are the actors named in the sentences telling the event, in the body sentence before it and in the lead,
one per canonical actor (the nearest mention). A logistic regression scores each option from named features
(where and how far from the trigger it is named, its clitic, the words beside it, its kind against the event's
type, what the rules made of it); the best option at or above the model's threshold becomes actor1. Otherwise the
rules' actor1 stays; a violent event whose side no one names is the work of an `Unidentified Armed Group`, as
ACLED codes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from rasd.actors import ActorEntry
from rasd.document import Document, Sentence
from rasd.event import Event, Evidence
from rasd.events.candidates import VIOLENT
from rasd.events.notes import summarise
from rasd.events.roles import interaction
from rasd.events.scenes import HOME, text_country
from rasd.learn.features import body_rank, bucket, triggers_of
from rasd.stages.actors import ActorMention

__all__ = ["ActorOption", "actor_features", "actor_options", "chosen_side", "with_actor1", "with_unidentified"]

# The inter code of an unnamed armed group (ACLED: political militia).
_UNIDENTIFIED_INTER = 3


@dataclass(frozen=True, slots=True)
class ActorOption:
    """An actor named near an event: its mention, its entry on the event's day, where and how far it is named."""

    mention: ActorMention
    entry: ActorEntry
    where: str
    distance: int


def chosen_side(event: Event) -> bool:
    """Whether the model chooses the event's actor1: not for a protest, whose protesters are its actor1 as ACLED
    codes them (the rules set them, `rasd.events.drafts`)."""
    return event.event_type != "Protests"


def actor_options(doc: Document, event: Event) -> list[ActorOption]:
    """The actors named in the event's sentences, the body sentence before the first, and the lead sentence; none
    when the only one is the side the rules read as hit and they name no side acting."""
    triggers = triggers_of(event)
    if not triggers:
        return []
    spans: list[tuple[str, Sentence]] = []
    for ev in triggers:
        sentence = doc.at("sentences", ev.start)
        if sentence is not None:
            spans.append(("sentence", sentence))
    first = doc.at("sentences", triggers[0].start)
    k, body = body_rank(doc, first) if first is not None else (None, [])
    if k:
        spans.append(("previous", body[k - 1]))
    if body:
        spans.append(("lead", body[0]))
    found: dict[str, ActorOption] = {}
    country = event.country or text_country(doc) or HOME
    for where, sentence in spans:
        for mention in doc.within("actors", sentence.start, sentence.end):
            entries = mention.in_country(country)
            if not entries:
                continue
            day = event.event_date
            entry = next((e for e in entries if day is None or e.valid_on(day)), entries[0])
            distance = min(abs(mention.start - ev.start) for ev in triggers)
            old = found.get(entry.name)
            if old is None or (where == "sentence" and old.where != "sentence") or (
                    old.where == where and distance < old.distance):
                found[entry.name] = ActorOption(mention, entry, where, distance)
    options = list(found.values())
    if event.actor1 is None and [o.entry.name for o in options] == [event.actor2]:
        return []  # the one side named is the one the rules read as hit (انفجرت عبوة على دورية للشرطة): no attacker
    return options


def actor_features(doc: Document, event: Event, option: ActorOption,
                   options: Sequence[ActorOption]) -> dict[str, float]:
    """The features of one actor option of an event."""
    m, entry = option.mention, option.entry
    f: dict[str, float] = {
        "bias": 1.0, f"where={option.where}": 1.0, f"kind={entry.kind}": 1.0, f"inter={entry.inter}": 1.0,
        f"form={m.form}": 1.0, f"prefix={m.prefix}": 1.0, f"type|kind={event.event_type}|{entry.kind}": 1.0,
        f"sub|kind={event.sub_event_type}|{entry.kind}": 1.0,
        f"distance={bucket(option.distance, (5, 15, 40, 100, 300))}": 1.0,
    }
    triggers = triggers_of(event, 1)
    if triggers:
        trigger = triggers[0]
        f["before" if m.start < trigger.start else "after"] = 1.0
        sentence = doc.at("sentences", trigger.start)
        if sentence is not None and option.where == "sentence" and any(
                a <= trigger.start < b and a <= m.start < b for a, b in sentence.clauses):
            f["same_clause"] = 1.0
    for name, present in (("rule_actor1", entry.name == event.actor1), ("rule_actor2", entry.name == event.actor2),
                          ("rule_assoc1", entry.name in event.assoc_actor_1),
                          ("rule_assoc2", entry.name in event.assoc_actor_2), ("rule_none", event.actor1 is None)):
        if present:
            f[name] = 1.0
    tokens = doc.layer("tokens")
    if 0 < m.first < len(tokens):
        f[f"P:{tokens[m.first - 1].core}"] = 1.0
    if 0 <= m.last < len(tokens) - 1:
        f[f"N:{tokens[m.last + 1].core}"] = 1.0
    rank = sorted(o.distance for o in options).index(option.distance)
    f[f"rank={min(rank, 3)}"] = 1.0
    f[f"options={min(len(options), 4)}"] = 1.0
    return f


def _inter(entry: ActorEntry, country: str | None) -> int:
    if entry.kind in ("state", "unit") and entry.inter in (1, 8) and entry.country is not None and country:
        return 1 if entry.country == country else 8
    return entry.inter


def with_actor1(doc: Document, event: Event, option: ActorOption) -> Event:
    """The event with `option` as its acting side; a side the rules had as the target swaps places with actor1."""
    entry, m = option.entry, option.mention
    if entry.name == event.actor1:
        return event
    inter1 = _inter(entry, event.country)
    actor2, actor2_ar, inter2 = event.actor2, event.actor2_ar, event.inter2
    if entry.name == event.actor2:
        actor2, actor2_ar, inter2 = event.actor1, event.actor1_ar, event.inter1
    evidence = [e for e in event.evidence if e.role != "actor1" and not (e.role == "actor2" and actor2 is None)]
    evidence.append(Evidence(doc.id, m.start, m.end, "actor1", doc.text[m.start : m.end]))
    changed = replace(
        event, actor1=entry.name, actor1_ar=m.surface, inter1=inter1,
        assoc_actor_1=tuple(a for a in event.assoc_actor_1 if a != entry.name),
        actor2=actor2, actor2_ar=actor2_ar, inter2=inter2, interaction=interaction(inter1, inter2),
        evidence=tuple(sorted(evidence, key=lambda e: (e.start, e.role))),
    )
    return replace(changed, notes=summarise(changed))


def with_unidentified(event: Event, doc: Document | None = None) -> Event:
    """A violent event with no side named: an unidentified armed group of its country acted (ACLED's convention);
    of the country of the text's places when the event's place has none (`text_country`)."""
    if event.actor1 is not None or event.event_type not in VIOLENT:
        return event
    country = event.country or (text_country(doc) if doc is not None else None) or HOME
    changed = replace(event, actor1=f"Unidentified Armed Group ({country})",
                      inter1=_UNIDENTIFIED_INTER, interaction=interaction(_UNIDENTIFIED_INTER, event.inter2))
    return replace(changed, notes=summarise(changed))
