"""Choosing one value for an event among options (its acting side, its toll): rows, held-out accuracy, threshold.

Each candidate that pairs with a coded event stating the field gives one row per option, labelled by whether the
option is the coded value; a `ChoiceEvent` keeps what the rules (and their fallback) said. Folds are split by
article; the highest threshold whose accuracy over the held-out events is within `threshold_tolerance` of the best
(`_steadiest`) is the model's: the best option is taken when its probability reaches it, else the rules' value
stays.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["ChoiceEvent", "ChoiceRow", "cross_validate_choice"]


@dataclass(frozen=True, slots=True)
class ChoiceRow:
    """One option of a coded event: its features, whether it is the coded value, and the value."""

    article: str
    event: int
    features: Mapping[str, float]
    label: bool
    value: Hashable


@dataclass(frozen=True, slots=True)
class ChoiceEvent:
    """A candidate paired with a coded event that states the field: the coded value and the rules' answer."""

    article: str
    event: int
    gold: Any
    rules: Any
    fallback: Any


def _accuracy(events: Sequence[ChoiceEvent], chosen: Mapping[tuple[str, int], Hashable | None],
              correct: Callable[[Any, ChoiceEvent], bool], *, fallback: bool) -> float:
    ok = 0
    for e in events:
        pick = chosen.get((e.article, e.event))
        ok += correct(pick if pick is not None else (e.fallback if fallback else e.rules), e)
    return round(ok / len(events), 4) if events else 0.0


def _steadiest(sweep: Mapping[float, float], tolerance: float) -> float:
    """The highest threshold whose accuracy is within `tolerance` of the best: the held-out accuracy is flat near
    its top and moves by an event from threshold to threshold (one retrain moved the toll's threshold from 0.35 to
    0.15 for one event), and where the model is no surer to be right, the rules' value, which their evidence
    explains, stays."""
    top = max(sweep.values())
    return max(t for t, accuracy in sweep.items() if accuracy >= top - tolerance)


def cross_validate_choice(rows: Sequence[ChoiceRow], events: Sequence[ChoiceEvent], config: Any,
                          correct: Callable[[Any, ChoiceEvent], bool]) -> dict[str, Any]:
    """Held-out accuracy of the rules and of the model at each threshold; the best threshold."""
    from rasd.learn.train import article_splits, fit

    held_out = [0.0] * len(rows)
    for train_idx, test_idx in article_splits([r.article for r in rows], config.folds, config.seed):
        model = fit([rows[i] for i in train_idx], config)
        for i in test_idx:
            held_out[i] = model.probability(rows[i].features)
    options: dict[tuple[str, int], list[tuple[float, int, Hashable]]] = defaultdict(list)
    for k, (row, p) in enumerate(zip(rows, held_out, strict=True)):
        options[(row.article, row.event)].append((p, -k, row.value))
    sweep = {}
    for t in config.thresholds:
        chosen = {key: max(v)[2] if max(v)[0] >= t else None for key, v in options.items()}
        sweep[t] = _accuracy(events, chosen, correct, fallback=True)
    best = _steadiest(sweep, config.threshold_tolerance)
    held = {(e.article, e.event) for e in events}
    oracle = {(r.article, r.event) for r in rows if r.label} & held
    return {
        "threshold": best,
        "events": len(events),
        "options": len(rows),
        "accuracy": {"learned": sweep[best], "rules": _accuracy(events, {}, correct, fallback=False),
                     "rules_with_fallback": _accuracy(events, {}, correct, fallback=True)},
        "options_hold_the_coded_value": round(len(oracle) / len(events), 4) if events else 0.0,
        "threshold_sweep": {str(t): a for t, a in sweep.items()},
    }
