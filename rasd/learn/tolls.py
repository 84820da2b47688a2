"""The learned toll decision: how many the event killed, among the figures told around it.

Options are the rules' figure (often a sum), zero, and every number counted in the sentences telling the event
and the body sentence after the first. A logistic regression scores each option from named features (what the
number counts and whether vaguely, where it stands against the trigger, the words before and after it, how it
compares with the rules' figure); the best option at or above the model's threshold becomes the event's
fatalities, else the rules' figure stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from rasd.document import Document, Sentence
from rasd.event import Event
from rasd.events.notes import summarise
from rasd.learn.features import body_rank, bucket, triggers_of
from rasd.stages.numbers import Quantity

__all__ = ["NOT_DEAD", "TollOption", "toll_features", "toll_options", "with_fatalities"]

# Figures above this are no one event's toll (years, sums of money, populations).
_MAX_TOLL = 10_000
# What a number counts that is never a death toll: a checkpoint, three strikes, two wounded (`counted_nouns.tsv`).
NOT_DEAD = frozenset({"targets", "strikes", "injured"})


@dataclass(frozen=True, slots=True)
class TollOption:
    """A candidate toll: its value, the nearest number of the text that gives it (None for the rules' sum or
    zero), where that number is told and how far from the trigger."""

    value: int
    quantity: Quantity | None
    where: str
    distance: int


def _spans(doc: Document, event: Event) -> tuple[list[tuple[str, Sentence]], int | None]:
    triggers = triggers_of(event)
    if not triggers:
        return [], None
    spans: list[tuple[str, Sentence]] = []
    for ev in triggers:
        sentence = doc.at("sentences", ev.start)
        if sentence is not None and all(s.start != sentence.start for _, s in spans):
            spans.append(("sentence", sentence))
    if spans:
        k, body = body_rank(doc, spans[0][1])
        if k is not None and k + 1 < len(body):
            spans.append(("next", body[k + 1]))
    return spans, triggers[0].start


def toll_options(doc: Document, event: Event) -> list[TollOption]:
    """The rules' figure, zero, and each number told in the event's sentences and the one after that can count the
    dead (not one that counts targets, strikes or the wounded: `NOT_DEAD`)."""
    spans, anchor = _spans(doc, event)
    found: dict[int, TollOption] = {}
    for where, sentence in spans:
        for q in doc.within("quantities", sentence.start, sentence.end):
            if not 0 < q.value <= _MAX_TOLL or anchor is None or q.category in NOT_DEAD:
                continue
            distance = abs(q.start - anchor)
            old = found.get(q.value)
            if old is None or (old.where != "sentence" and where == "sentence") or (
                    old.where == where and distance < old.distance):
                found[q.value] = TollOption(q.value, q, where, distance)
    for value in (event.fatalities or 0, 0):
        found.setdefault(value, TollOption(value, None, "rules" if value else "zero", 0))
    return sorted(found.values(), key=lambda o: (o.where != "rules", o.value))


def toll_features(doc: Document, event: Event, option: TollOption, options: Sequence[TollOption]) -> dict[str, float]:
    """The features of one toll option of an event."""
    rule = event.fatalities or 0
    f: dict[str, float] = {
        "bias": 1.0, f"where={option.where}": 1.0, f"type={event.event_type}": 1.0,
        f"value={bucket(option.value, (0, 1, 2, 5, 10, 50, 200))}": 1.0,
        f"rule={bucket(rule, (0, 1, 5, 20))}": 1.0, f"options={min(len(options), 5)}": 1.0,
    }
    if option.value == rule:
        f["is_rule"] = 1.0
    elif option.value > rule:
        f["above_rule"] = 1.0
    else:
        f["below_rule"] = 1.0
    if option.value == 0:
        f["zero"] = 1.0
    if event.injuries and option.value == event.injuries:
        f["is_injuries"] = 1.0
    q = option.quantity
    if q is None:
        return f
    f[f"category={q.category}"] = 1.0
    f[f"noun={q.noun}"] = 1.0
    if q.vague:
        f["vague"] = 1.0
    f[f"distance={bucket(option.distance, (10, 40, 100, 250))}"] = 1.0
    triggers = triggers_of(event, 1)
    if triggers:
        f["before" if q.start < triggers[0].start else "after"] = 1.0
    tokens = doc.within("tokens", max(0, q.start - 60), q.start)
    for k, tok in enumerate(reversed(tokens[-2:])):
        f[f"P{k}:{tok.core}"] = 1.0
    after = doc.within("tokens", q.end, q.end + 60)
    for k, tok in enumerate(after[:2]):
        f[f"N{k}:{tok.core}"] = 1.0
    return f


def with_fatalities(event: Event, value: int) -> Event:
    """The event with `value` dead (civilian dead no more than that)."""
    if value == (event.fatalities or 0):
        return event
    civilian = None if event.civilian_fatalities is None else min(event.civilian_fatalities, value)
    changed = replace(event, fatalities=value, civilian_fatalities=civilian)
    return replace(changed, notes=summarise(changed))
