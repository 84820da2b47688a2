"""Training data and cross-validation of the actor1 decision (see `rasd.learn.actors`).

Each candidate that pairs with a coded event whose actor1 the coder named gives one row per actor option, labelled
by whether the option is the coded actor1 (the scorer's actor matching). Folds are split by article; the threshold
that maximises actor1 accuracy over the held-out events is the model's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rasd.document import Document
from rasd.evaluate_names import actors_match, role_names
from rasd.event import Event
from rasd.learn.actors import actor_features, actor_options, with_unidentified

__all__ = ["ActorEvent", "ActorRow", "actor_rows", "cross_validate_actors"]


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One actor option of a coded event: its features, whether it is the coded actor1, and its name."""

    article: str
    event: int
    features: Mapping[str, float]
    label: bool
    name: str


@dataclass(frozen=True, slots=True)
class ActorEvent:
    """A candidate paired with a coded event that names its actor1: the coded names and the rules' answer."""

    article: str
    event: int
    gold: tuple[str, ...]
    rules: tuple[str, ...]
    fallback: tuple[str, ...]


def actor_rows(doc: Document, event: Event, gold: Mapping[str, Any], *, key: int) -> tuple[list[ActorRow],
                                                                                            ActorEvent | None]:
    """The rows of one paired candidate, and its evaluation record (None when the coder named no actor1)."""
    names = tuple(str(n) for n in role_names(dict(gold), role="actor1") if n)
    if not names:
        return [], None
    options = actor_options(doc, event)
    rows = [ActorRow(doc.id, key, actor_features(doc, event, o, options), actors_match([o.entry.name], list(names)),
                     o.entry.name) for o in options]
    rules = tuple(str(n) for n in role_names(event.to_dict(), role="actor1") if n)
    unnamed = with_unidentified(event)
    fallback = rules or ((unnamed.actor1,) if unnamed.actor1 else ())
    return rows, ActorEvent(doc.id, key, names, rules, fallback)


def _accuracy(events: Sequence[ActorEvent], chosen: Mapping[tuple[str, int], str | None], *,
              fallback: bool) -> float:
    ok = 0
    for e in events:
        pick = chosen.get((e.article, e.event))
        predicted = [pick] if pick else list(e.fallback if fallback else e.rules)
        ok += actors_match(predicted, list(e.gold))
    return round(ok / len(events), 4) if events else 0.0


def cross_validate_actors(rows: Sequence[ActorRow], events: Sequence[ActorEvent], config: Any) -> dict[str, Any]:
    """Held-out actor1 accuracy of the rules and of the model at each threshold; the best threshold."""
    from sklearn.model_selection import GroupKFold

    from rasd.learn.train import fit

    held_out = [0.0] * len(rows)
    for train_idx, test_idx in GroupKFold(n_splits=config.folds).split(rows, groups=[r.article for r in rows]):
        model = fit([rows[i] for i in train_idx], config)
        for i in test_idx:
            held_out[i] = model.probability(rows[i].features)
    options: dict[tuple[str, int], list[tuple[float, str]]] = defaultdict(list)
    for row, p in zip(rows, held_out, strict=True):
        options[(row.article, row.event)].append((p, row.name))
    sweep = {}
    for t in config.thresholds:
        chosen = {k: max(v)[1] if max(v)[0] >= t else None for k, v in options.items()}
        sweep[t] = _accuracy(events, chosen, fallback=True)
    best = max(sweep, key=lambda t: (sweep[t], -t))
    oracle = sum(any(r.label for r in rows if (r.article, r.event) == (e.article, e.event)) for e in events)
    return {
        "threshold": best,
        "events": len(events),
        "options": len(rows),
        "accuracy": {"learned": sweep[best], "rules": _accuracy(events, {}, fallback=False),
                     "rules_and_unidentified": _accuracy(events, {}, fallback=True)},
        "options_hold_the_coded_actor": round(oracle / len(events), 4) if events else 0.0,
        "threshold_sweep": {str(t): a for t, a in sweep.items()},
    }
