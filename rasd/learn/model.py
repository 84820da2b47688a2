"""A linear model stored as plain JSON: feature weights, a bias and the threshold chosen by cross-validation.

No pickle: a model file is data a reader can inspect and that cannot run code when loaded. Scoring needs no
scikit-learn (only training does): the probability is the logistic of the summed weights of present features.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from rasd.errors import ResourceError
from rasd.learn.features import FEATURE_VERSION

__all__ = ["BUNDLED_ACTOR_MODEL", "BUNDLED_MODEL", "BUNDLED_TOLL_MODEL", "LinearModel"]

# The models shipped with rasd (built by `rasd train`; the event model's card lies beside it).
BUNDLED_MODEL = "event_decision.json"
BUNDLED_ACTOR_MODEL = "actor1.json"
BUNDLED_TOLL_MODEL = "fatalities.json"


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Logistic regression over named features: p = 1 / (1 + exp(-(bias + sum of weights of the features)))."""

    weights: Mapping[str, float]
    bias: float
    threshold: float
    # An article's most probable candidate is kept from this probability on, even below `threshold`: a report
    # tells at least one happening far more often than none (1.0 or more: never).
    lead_threshold: float = 1.0
    feature_version: int = FEATURE_VERSION
    name: str = "event_decision"
    card: Mapping[str, Any] = field(default_factory=dict)

    def probability(self, features: Mapping[str, float]) -> float:
        """The model's probability for one candidate's features."""
        weights = self.weights
        z = self.bias + sum(weights.get(name, 0.0) * value for name, value in features.items())
        if z < -60:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def keep(self, probabilities: Sequence[float], threshold: float | None = None) -> list[bool]:
        """Which candidates of one article are events: at or above the threshold (the model's unless given), and
        the article's most probable one from `lead_threshold` on."""
        cut = self.threshold if threshold is None else threshold
        best = max(probabilities, default=0.0)
        return [p >= cut or (p == best and p >= self.lead_threshold) for p in probabilities]

    def best(self, options: Sequence[Mapping[str, float]]) -> int | None:
        """The index of the most probable option (the first of equals) when it reaches the threshold, else None."""
        scored = [(self.probability(features), -k) for k, features in enumerate(options)]
        if not scored:
            return None
        p, k = max(scored)
        return -k if p >= self.threshold else None

    def to_json(self) -> dict[str, Any]:
        """The model as a JSON object (weights sorted by name, so files diff well)."""
        return {
            "name": self.name,
            "kind": "logistic_regression",
            "feature_version": self.feature_version,
            "bias": self.bias,
            "threshold": self.threshold,
            "lead_threshold": self.lead_threshold,
            "weights": {k: self.weights[k] for k in sorted(self.weights)},
        }

    def save(self, path: Path) -> None:
        """Write the model to `path` (JSON)."""
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, where: str, card: Mapping[str, Any] | None = None) -> LinearModel:
        """A model from its JSON object; refuses one trained on other features."""
        if data.get("kind") != "logistic_regression":
            raise ResourceError(f"{where} is not a rasd logistic-regression model; rebuild it with `rasd train`")
        if data.get("feature_version") != FEATURE_VERSION:
            raise ResourceError(
                f"{where} was trained on features of version {data.get('feature_version')}, this rasd computes "
                f"version {FEATURE_VERSION}; rebuild it with `rasd train`"
            )
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            lead_threshold=float(data.get("lead_threshold", 1.0)),
            name=str(data.get("name", "event_decision")),
            card=dict(card or {}),
        )

    @classmethod
    def load(cls, path: Path | None = None, *, bundled: str = BUNDLED_MODEL) -> LinearModel:
        """Read a model file (and its card, `<name>.card.json`, when present); the bundled one by default."""
        source: Traversable | Path
        card_source: Traversable | Path
        if path is None:
            source = files("rasd.models").joinpath(bundled)
            card_source = files("rasd.models").joinpath(bundled.replace(".json", ".card.json"))
            where = f"rasd/models/{bundled}"
        else:
            source, card_source = path, path.with_name(path.name.replace(".json", ".card.json"))
            where = str(path)
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ResourceError(f"model {where} is missing; build it with `rasd train` or reinstall rasd") from None
        except json.JSONDecodeError as err:
            raise ResourceError(f"model {where} is not valid JSON ({err}); rebuild it with `rasd train`") from None
        try:
            card = json.loads(card_source.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            card = {}
        return cls.from_json(data, where=where, card=card)
