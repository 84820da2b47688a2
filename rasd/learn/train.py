"""`rasd train`: learn the event decision from hand-coded articles and judge it by cross-validation.

Recipe (`rasd/learn/train.toml` or a file of the same keys): the rule pipeline runs over each coded article with
every candidate kept (rule confidence ignored); a candidate is labelled an event when it pairs with a coded event
under the scorer's rules (same type, day within one, place within 25 km or the same name; one to one); a logistic
regression over `candidate_features` learns the label. Folds are split by article (`article_splits`: each
article's fold is a hash of its id and the seed), so no article lies on both sides and no change to other articles'
candidates moves it; the threshold that maximises event F1 over the held-out folds is the model's threshold.
Writes the model (JSON weights) and its card: the data files with their SHA-256, sizes, the cross-validated
scores per decision and per file, the calibration of the probability on held-out folds, the recipe and the date.
"""

from __future__ import annotations

import hashlib
import json
import math
import statistics
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any, Protocol

from rasd.document import Document
from rasd.errors import ConfigError
from rasd.evaluate import Predictions, pair_events, score_lines
from rasd.extraction import build_pipeline, check_text
from rasd.learn.choices import ChoiceEvent, ChoiceRow, cross_validate_choice
from rasd.learn.features import FEATURE_VERSION, Siblings, candidate_features
from rasd.learn.model import LinearModel
from rasd.learn.train_actors import actor_correct, actor_rows
from rasd.learn.train_tolls import toll_correct, toll_rows
from rasd.pipeline import Pipeline
from rasd.resources import Resources
from rasd.settings import Settings
from rasd.sources.html import publication
from rasd.stages.calendar import DateWords
from rasd.stages.decide import propose

__all__ = ["Candidate", "Dataset", "TrainConfig", "collect", "cross_validate", "fit", "train"]

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """The recipe: data files, regularisation, feature pruning, folds, seed and the thresholds tried."""

    data: tuple[str, ...]
    c: float = 0.1
    min_count: int = 2
    folds: int = 5
    seed: int = 0
    thresholds: tuple[float, ...] = tuple(round(0.1 + 0.05 * k, 2) for k in range(13))
    lead_thresholds: tuple[float, ...] = (1.0, 0.05, 0.1, 0.15, 0.2)
    rule_threshold: float = 0.7
    threshold_tolerance: float = 0.005
    actor1_c: float = 0.1
    fatalities_c: float = 10.0

    @classmethod
    def load(cls, path: Path | None = None, *, data_root: Path | None = None) -> TrainConfig:
        """Read a recipe (the bundled `train.toml` by default); data paths are taken relative to `data_root`."""
        try:
            text = path.read_text(encoding="utf-8") if path else files("rasd.learn").joinpath(
                "train.toml").read_text(encoding="utf-8")
            raw = tomllib.loads(text)
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise ConfigError(f"cannot read the training recipe {path or 'train.toml'}: {err}") from None
        known = set(cls.__dataclass_fields__)
        unknown = set(raw) - known
        if unknown:
            raise ConfigError(f"unknown keys {sorted(unknown)} in the training recipe; known: {sorted(known)}")
        root = data_root or Path(".")
        data = tuple(str(root / p) for p in raw.get("data", ()))
        if not data:
            raise ConfigError("the training recipe names no data files (key `data`)")
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items() if k != "data"}
        return cls(data=data, **values)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One rule candidate of a coded article: its features, its label and its event as output."""

    article: str
    source: str
    features: Mapping[str, float]
    label: bool
    event: Json
    rule_confidence: float


@dataclass(slots=True)
class Dataset:
    """Candidates and the coded articles they come from."""

    candidates: list[Candidate] = field(default_factory=list)
    actor_rows: list[ChoiceRow] = field(default_factory=list)
    actor_events: list[ChoiceEvent] = field(default_factory=list)
    rule_events: dict[str, list[Json]] = field(default_factory=dict)  # what the rules alone output, per article
    toll_rows: list[ChoiceRow] = field(default_factory=list)
    toll_events: list[ChoiceEvent] = field(default_factory=list)
    articles: dict[str, Json] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)


def _read_coded(path: Path) -> list[Json]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise ConfigError(f"{path}:{number}: not a JSON line ({err})") from None
        if "events" not in row or "text" not in row:
            raise ConfigError(f"{path}:{number}: a coded article needs `text` and `events`")
        rows.append(row)
    return rows


def document_of(row: Json, dates: DateWords) -> Document:
    declared = date.fromisoformat(str(row["published"])[:10]) if row.get("published") else None
    published, basis = publication(row["text"], words=dates, url=row.get("url"), published=declared,
                                   basis="declared" if declared else None, latest=date.today())
    return Document.from_text(row["text"], id=str(row["id"]), published=published, title=row.get("title"),
                              outlet=row.get("outlet"), url=row.get("url"), kind=row.get("kind"),
                              published_basis=basis or "declared")


def collect(paths: Iterable[str | Path], resources: Resources | None = None) -> Dataset:
    """Run the rules over every coded article with every candidate kept, and label each candidate."""
    res = resources or Resources.load(Settings.load(decisions="rules"))
    res = replace(res, settings=replace(res.settings, min_confidence=0.0, decisions="rules"), decision=None)
    pipeline = build_pipeline(res)
    annotate = Pipeline(pipeline.stages[:-1], res)  # every stage before the events
    data = Dataset()
    for path in map(Path, paths):
        data.hashes[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        for row in _read_coded(path):
            data.articles[str(row["id"])] = row
            data.sources[str(row["id"])] = path.name
            if check_text(row["text"], res.settings):
                continue
            doc = annotate(document_of(row, res.dates))
            events = propose(doc, res)[0]
            data.rule_events[str(row["id"])] = [e.to_dict() for e in pipeline.stages[-1](doc, res).layer("events")]
            as_dicts = [e.to_dict() for e in events]
            pairs = dict(pair_events(as_dicts, row["events"]))
            paired = set(pairs)
            for i, j in pairs.items():
                for make, rows_out, events_out in ((actor_rows, data.actor_rows, data.actor_events),
                                                   (toll_rows, data.toll_rows, data.toll_events)):
                    rows, record = make(doc, events[i], row["events"][j], key=i)
                    rows_out.extend(rows)
                    if record is not None:
                        events_out.append(record)
            siblings = Siblings.of(events, doc)
            for i, event in enumerate(events):
                data.candidates.append(Candidate(
                    article=str(row["id"]), source=path.name,
                    features=candidate_features(doc, event, events, siblings),
                    label=i in paired, event=as_dicts[i], rule_confidence=event.confidence,
                ))
    return data


class _Labelled(Protocol):
    @property
    def features(self) -> Mapping[str, float]: ...
    @property
    def label(self) -> bool: ...


def fit(candidates: Sequence[_Labelled], config: TrainConfig, *, threshold: float = 0.5) -> LinearModel:
    """Fit the logistic regression on labelled rows (features seen fewer than `min_count` times are left out)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(name for c in candidates for name in c.features)
    keep = {name for name, n in counts.items() if n >= config.min_count}
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform([{k: v for k, v in c.features.items() if k in keep} for c in candidates])
    labels = [int(c.label) for c in candidates]
    if len(set(labels)) < 2:
        raise ConfigError("the training data gives candidates of one label only; add coded articles")
    model = LogisticRegression(C=config.c, max_iter=5000, random_state=config.seed)
    model.fit(matrix, labels)
    weights = {name: float(w) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
               if w != 0.0}
    return LinearModel(weights=weights, bias=float(model.intercept_[0]), threshold=threshold)


def _event_figures(lines: Sequence[Json], kept: Mapping[str, list[Json]]) -> dict[str, float | None]:
    predictions = Predictions(events={line["id"]: tuple(kept.get(line["id"], ())) for line in lines}, unreadable=0)
    f = score_lines(lines, predictions).figures
    return {name: getattr(f, name) for name in ("precision", "recall", "f1", "sub_event_type_accuracy",
                                                 "actor1_accuracy", "fatalities_accuracy")}


def _prf(pairs: Iterable[tuple[bool, bool]]) -> dict[str, float]:
    tp = fp = fn = 0
    for predicted, gold in pairs:
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def _calibration(scores: Sequence[tuple[float, bool]], bins: int = 5) -> list[dict[str, float]]:
    out = []
    for k in range(bins):
        low, high = k / bins, (k + 1) / bins
        inside = [(p, y) for p, y in scores if low <= p < high or (k == bins - 1 and p == 1.0)]
        if inside:
            out.append({"from": low, "to": high, "candidates": len(inside),
                        "mean_probability": round(sum(p for p, _ in inside) / len(inside), 4),
                        "observed_rate": round(sum(y for _, y in inside) / len(inside), 4)})
    return out


def _as_good(f1: float, top: float, folds: Sequence[float], top_folds: Sequence[float], tolerance: float) -> bool:
    """Whether a threshold's held-out F1 does as well as the best one's: short of it by no more than one standard
    error of their difference fold by fold (the folds share their articles, so the difference is what varies), or
    by no more than `tolerance`."""
    gaps = [a - b for a, b in zip(folds, top_folds, strict=True)]
    error = statistics.stdev(gaps) / math.sqrt(len(gaps)) if len(gaps) > 1 else 0.0
    return f1 >= top - max(error, tolerance)


def article_fold(article: str, folds: int, seed: int) -> int:
    """The fold of an article: a hash of its id and the seed. sklearn's GroupKFold balances folds by their rows, so
    one candidate more in one article could move many others to other folds, and held-out F1 by 0.01 with them."""
    digest = hashlib.sha256(f"{seed}:{article}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % folds


def article_splits(articles: Sequence[str], folds: int, seed: int) -> list[tuple[list[int], list[int]]]:
    """(train, test) row indices of each fold, rows grouped by their article (`article_fold`)."""
    of = [article_fold(a, folds, seed) for a in articles]
    return [([i for i, f in enumerate(of) if f != k], [i for i, f in enumerate(of) if f == k]) for k in range(folds)]


def cross_validate(data: Dataset, config: TrainConfig) -> dict[str, Any]:
    """Held-out probabilities for every candidate (folds by article), and the figures they give."""
    cands = data.candidates
    held_out: list[float] = [0.0] * len(cands)
    for train_idx, test_idx in article_splits([c.article for c in cands], config.folds, config.seed):
        model = fit([cands[i] for i in train_idx], config)
        for i in test_idx:
            held_out[i] = round(model.probability(cands[i].features), 3)  # as the stage rounds confidence
    lines = list(data.articles.values())
    fold_of = {line["id"]: article_fold(line["id"], config.folds, config.seed) for line in lines}

    by_article: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cands):
        by_article[c.article].append(i)

    def kept(threshold: float, lead: float = 1.0, *, rules: bool = False) -> dict[str, list[Json]]:
        if rules:  # the rules' own events, above their confidence threshold
            return {a: [e for e in events if e["confidence"] >= config.rule_threshold]
                    for a, events in data.rule_events.items()}
        out: dict[str, list[Json]] = defaultdict(list)
        rule = LinearModel(weights={}, bias=0.0, threshold=threshold, lead_threshold=lead)
        for article, members in by_article.items():
            chosen = rule.keep([held_out[i] for i in members])
            out[article] = [cands[i].event for i, k in zip(members, chosen, strict=True) if k]
        return out

    sweep = {(t, lead): _event_figures(lines, kept(t, lead)) for t in config.thresholds
             for lead in config.lead_thresholds}
    # Held-out F1 is flat near its top: the lowest threshold that does as well as the best keeps the recall a
    # reviewer can act on (a dropped event is never seen; a kept one can be rejected). "As well" is within one
    # standard error of the two thresholds' difference fold by fold (`_as_good`), or `threshold_tolerance`.
    top = max(sweep, key=lambda k: (sweep[k]["f1"] or 0.0, k[0]))
    folds = [[line for line in lines if fold_of[line["id"]] == f] for f in range(config.folds)]

    def by_fold(key: tuple[float, float]) -> list[float]:
        chosen = kept(*key)
        return [_event_figures(part, chosen)["f1"] or 0.0 for part in folds]

    top_folds = by_fold(top)
    near = [k for k in sweep if _as_good(sweep[k]["f1"] or 0.0, sweep[top]["f1"] or 0.0, by_fold(k), top_folds,
                                         config.threshold_tolerance)]
    best, best_lead = min(near, key=lambda k: (k[0], -(sweep[k]["f1"] or 0.0), -k[1]))
    by_source: dict[str, Any] = {}
    for source in sorted(set(data.sources.values())):
        part = [line for line in lines if data.sources[line["id"]] == source]
        by_source[source] = {"articles": len(part), "learned": _event_figures(part, kept(best, best_lead)),
                             "rules": _event_figures(part, kept(0, rules=True))}
    decided = kept(best, best_lead)
    chosen_ids = {id(e) for events in decided.values() for e in events}
    return {
        "threshold": best,
        "lead_threshold": best_lead,
        "events": {"learned": sweep[(best, best_lead)], "rules": _event_figures(lines, kept(0, rules=True)),
                   "every_candidate": _event_figures(lines, kept(0.0))},
        "decision_event_or_not": {
            "learned": _prf((id(c.event) in chosen_ids, c.label) for c in cands),
            "rules": _prf((c.rule_confidence >= config.rule_threshold, c.label) for c in cands),
        },
        "by_source": by_source,
        "threshold_sweep": {f"{t} lead {lead}": sweep[(t, lead)]["f1"] for t, lead in sweep},
        "calibration": _calibration([(p, c.label) for c, p in zip(cands, held_out, strict=True)]),
        "brier": round(sum((p - c.label) ** 2 for c, p in zip(cands, held_out, strict=True)) / max(len(cands), 1), 4),
        "held_out": held_out,
    }


def train(config: TrainConfig, *, output: Path, cv: bool = True, resources: Resources | None = None,
          extra: Sequence[Candidate] = ()) -> dict[str, Any]:
    """Collect, cross-validate (unless `cv` is false), fit on everything, write the model and its card."""
    data = collect(config.data, resources)
    data.candidates.extend(extra)
    report = cross_validate(data, config) if cv else {"threshold": 0.5}
    model = replace(fit(data.candidates, config, threshold=report["threshold"]),
                    lead_threshold=report.get("lead_threshold", 1.0))
    actor_config, toll_config = replace(config, c=config.actor1_c), replace(config, c=config.fatalities_c)
    actors = cross_validate_choice(data.actor_rows, data.actor_events, actor_config, actor_correct) if cv else {
        "threshold": 0.5}
    actor_model = replace(fit(data.actor_rows, actor_config, threshold=actors["threshold"]), name="actor1")
    tolls = cross_validate_choice(data.toll_rows, data.toll_events, toll_config, toll_correct) if cv else {
        "threshold": 0.5}
    toll_model = replace(fit(data.toll_rows, toll_config, threshold=tolls["threshold"]), name="fatalities")
    output.mkdir(parents=True, exist_ok=True)
    model.save(output / "event_decision.json")
    actor_model.save(output / "actor1.json")
    toll_model.save(output / "fatalities.json")
    report.pop("held_out", None)
    card = {
        "model": "event_decision.json",
        "kind": "logistic_regression",
        "feature_version": FEATURE_VERSION,
        "trained": datetime.now(UTC).date().isoformat(),
        "recipe": {"c": config.c, "min_count": config.min_count, "folds": config.folds, "seed": config.seed,
                   "rule_threshold": config.rule_threshold, "thresholds": list(config.thresholds),
                   "threshold_tolerance": config.threshold_tolerance,
                   "lead_thresholds": list(config.lead_thresholds), "actor1_c": config.actor1_c,
                   "fatalities_c": config.fatalities_c},
        "data": [{"file": Path(p).name, "sha256": data.hashes[Path(p).name],
                  "articles": sum(s == Path(p).name for s in data.sources.values())} for p in config.data],
        "extra_candidates": len(extra),
        "candidates": len(data.candidates),
        "positive_candidates": sum(c.label for c in data.candidates),
        "features": len(model.weights),
        "cross_validation": report,
        "actor1": {"model": "actor1.json", "features": len(actor_model.weights), "cross_validation": actors},
        "fatalities": {"model": "fatalities.json", "features": len(toll_model.weights), "cross_validation": tolls},
    }
    (output / "event_decision.card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n",
                                                     encoding="utf-8")
    return card
