"""Score predicted events against a gold file by the rules of FORMATS.md ("Scoring").

Two kinds of gold line are scored:

- gold lines with `events`: predicted and gold events are paired one-to-one, cheapest pairs first (same
  `event_type`, dates within a day, places within 25 km or of the same folded name); the figures are precision,
  recall and F1, the share of pairs that agree on `sub_event_type`, `actor1`, `actor2`, `fatalities` and
  `geo_precision`, and the median location error;
- Airwars lines with `expected` incidents: an incident is found when a violent event lies at its place (same
  folded name or within 10 km) and, when the article's publication date is known, on the incident day ±1.

A gold line without a prediction line counts as a line with no events; an unreadable prediction line is counted.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from rasd.errors import InputError
from rasd.evaluate_names import actors_match, ar_key, as_list, day_of, en_key, km, place_match, role_names, text_names

__all__ = [
    "AirwarsFigures",
    "GoldFigures",
    "IncidentDetail",
    "LineDetail",
    "Predictions",
    "Report",
    "actors_match",
    "ar_key",
    "en_key",
    "evaluate",
    "format_report",
    "load_predictions",
    "score_lines",
]

Json = Mapping[str, Any]

EVENT_RADIUS_KM = 25.0
INCIDENT_RADIUS_KM = 10.0
_DAY_COST_KM = 10.0  # one day off weighs like 10 km when ranking candidate pairs

_VIOLENT = frozenset({"Explosions/Remote violence", "Battles", "Violence against civilians"})
_STRIKES: Mapping[str, frozenset[str]] = {
    "airstrike": frozenset({"Air/drone strike"}),
    "drone strike": frozenset({"Air/drone strike"}),
    "artillery": frozenset({"Shelling/artillery/missile attack"}),
    "naval bombardment": frozenset({"Shelling/artillery/missile attack"}),
    "airstrike and/or artillery": frozenset({"Air/drone strike", "Shelling/artillery/missile attack"}),
}

_GOLD_CHECKS = ("sub_event_type", "actor1", "actor2", "fatalities", "geo_precision")


# --- records ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldFigures:
    """Figures of a gold file with `events`."""

    texts: int
    gold_events: int
    predicted_events: int
    precision: float
    recall: float
    f1: float
    median_location_error_km: float | None
    sub_event_type_accuracy: float | None
    actor1_accuracy: float | None
    actor2_accuracy: float | None
    fatalities_accuracy: float | None
    geo_precision_accuracy: float | None


@dataclass(frozen=True, slots=True)
class AirwarsFigures:
    """Figures of an Airwars file with `expected` incidents."""

    texts: int
    incidents: int
    incident_recall: float | None
    place_found: float | None
    attacker_accuracy: float | None
    strike_type_accuracy: float | None
    civilian_deaths_in_range: float | None
    median_location_error_km: float | None
    events_per_text: float | None


@dataclass(frozen=True, slots=True)
class LineDetail:
    """How the events of one gold line fared: the sub-event types of missed and spurious events."""

    id: str
    gold: int
    predicted: int
    matched: int
    missed: tuple[str | None, ...]
    spurious: tuple[str | None, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return the detail as a JSON-ready dict."""
        return {**asdict(self), "missed": list(self.missed), "spurious": list(self.spurious)}


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    """Whether one Airwars incident was found."""

    id: str
    incident: str | None
    found: bool

    def as_dict(self) -> dict[str, Any]:
        """Return the detail as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Report:
    """The figures of one scoring run, with a detail per gold line (or per Airwars incident)."""

    figures: GoldFigures | AirwarsFigures
    unreadable_prediction_lines: int
    texts_without_prediction: int
    details: tuple[LineDetail | IncidentDetail, ...]

    @property
    def benchmark(self) -> str:
        """Name the kind of gold file: `gold` or `airwars`."""
        return "airwars" if isinstance(self.figures, AirwarsFigures) else "gold"

    def as_dict(self) -> dict[str, Any]:
        """Return the figures as a flat JSON-ready dict (the keys of the reference scorer's `--json`)."""
        return {
            "benchmark": self.benchmark,
            **{f.name: getattr(self.figures, f.name) for f in fields(self.figures)},
            "unreadable_prediction_lines": self.unreadable_prediction_lines,
            "texts_without_prediction": self.texts_without_prediction,
        }


@dataclass(frozen=True, slots=True)
class Predictions:
    """Predicted events by article id, and how many prediction lines could not be read."""

    events: Mapping[str, tuple[Json, ...]]
    unreadable: int = 0


# --- gold lines with events -------------------------------------------------------------------------------------


def pair_cost(pred: Json, gold: Json) -> float | None:
    """Return the cost of pairing two events (km plus 10 per day off), or None when they do not match."""
    if pred.get("event_type") != gold.get("event_type"):
        return None
    gold_day, pred_day = day_of(gold.get("event_date")), day_of(pred.get("event_date"))
    days_off = 0
    if gold_day is not None:
        if pred_day is None or abs((pred_day - gold_day).days) > 1:
            return None
        days_off = abs((pred_day - gold_day).days)
    if not (gold.get("location") or gold.get("location_ar") or gold.get("latitude") is not None):
        return 0.0  # the gold event has no place: any place agrees
    ok, distance = place_match(
        pred,
        latitude=gold.get("latitude"),
        longitude=gold.get("longitude"),
        name_ar=gold.get("location_ar"),
        name_en=gold.get("location"),
        radius_km=EVENT_RADIUS_KM,
    )
    return (distance or 0.0) + days_off * _DAY_COST_KM if ok else None


def pair_events(preds: Sequence[Json], golds: Sequence[Json]) -> list[tuple[int, int]]:
    """Pair predicted and gold events one-to-one, cheapest pairs first (ties by position)."""
    candidates = sorted(
        (cost, i, j)
        for i, pred in enumerate(preds)
        for j, gold in enumerate(golds)
        if (cost := pair_cost(pred, gold)) is not None
    )
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_pred and j not in used_gold:
            used_pred.add(i)
            used_gold.add(j)
            pairs.append((i, j))
    return pairs


def _pair_checks(pred: Json, gold: Json) -> dict[str, bool]:
    """Return, for each field the gold event states, whether the prediction agrees."""
    checks: dict[str, bool] = {}
    if gold.get("sub_event_type"):
        checks["sub_event_type"] = pred.get("sub_event_type") == gold.get("sub_event_type")
    for role in ("actor1", "actor2"):
        gold_names = role_names(gold, role=role)
        if any(gold_names):
            checks[role] = actors_match(role_names(pred, role=role), gold_names)
    for key in ("fatalities", "geo_precision"):
        if gold.get(key) is not None:
            checks[key] = pred.get(key) == gold.get(key)
    return checks


def _score_gold(lines: Sequence[Json], predictions: Predictions) -> tuple[GoldFigures, tuple[LineDetail, ...]]:
    """Score gold lines with `events`."""
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    errors: list[float] = []
    details: list[LineDetail] = []
    for line in lines:
        preds, golds = predictions.events.get(str(line["id"]), ()), line.get("events") or []
        pairs = pair_events(preds, golds)
        for i, j in pairs:
            distance = km(preds[i].get("latitude"), preds[i].get("longitude"),
                           golds[j].get("latitude"), golds[j].get("longitude"))
            if distance is not None:
                errors.append(distance)
            for name, ok in _pair_checks(preds[i], golds[j]).items():
                totals[name] += 1
                hits[name] += ok
        paired_pred, paired_gold = {i for i, _ in pairs}, {j for _, j in pairs}
        details.append(LineDetail(
            id=str(line["id"]), gold=len(golds), predicted=len(preds), matched=len(pairs),
            missed=tuple(g.get("sub_event_type") for j, g in enumerate(golds) if j not in paired_gold),
            spurious=tuple(p.get("sub_event_type") for i, p in enumerate(preds) if i not in paired_pred),
        ))
    matched = sum(d.matched for d in details)
    n_pred, n_gold = sum(d.predicted for d in details), sum(d.gold for d in details)
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = {name: _rate(hits[name], totals[name]) for name in _GOLD_CHECKS}
    figures = GoldFigures(
        texts=len(lines), gold_events=n_gold, predicted_events=n_pred,
        precision=round(precision, 4), recall=round(recall, 4), f1=round(f1, 4),
        median_location_error_km=_median_km(errors),
        sub_event_type_accuracy=accuracy["sub_event_type"], actor1_accuracy=accuracy["actor1"],
        actor2_accuracy=accuracy["actor2"], fatalities_accuracy=accuracy["fatalities"],
        geo_precision_accuracy=accuracy["geo_precision"],
    )
    return figures, tuple(details)


# --- Airwars lines with expected incidents ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Incident:
    """The outcome of one incident: found, something at its place, the error, and the checks that applied."""

    found: bool
    at_place: bool
    error_km: float | None
    checks: Mapping[str, bool]


def _find(incident: Json, events: Sequence[Json], *, dated: bool) -> tuple[Json | None, float | None, bool]:
    """Return the first violent event at the incident (±1 day when `dated`), its distance, and if any is there."""
    at_place = False
    incident_day = day_of(incident.get("date")) if dated else None
    for event in events:
        ok, distance = place_match(
            event,
            latitude=incident.get("latitude"),
            longitude=incident.get("longitude"),
            name_ar=incident.get("location_ar"),
            name_en=incident.get("location_en"),
            radius_km=INCIDENT_RADIUS_KM,
        )
        if not ok:
            continue
        at_place = True
        if event.get("event_type") not in _VIOLENT:
            continue
        if incident_day is not None:
            event_day = day_of(event.get("event_date"))
            if event_day is None or abs((event_day - incident_day).days) > 1:
                continue
        return event, distance, True
    return None, None, at_place


def _deaths_in_range(event: Json, deaths: object) -> bool | None:
    """Whether the event's civilian deaths lie in the documented range; None when no range is documented."""
    low, high = ([*as_list(deaths), None, None])[:2]
    if low is None and high is None:
        return None
    value = event.get("civilian_fatalities")
    value = event.get("fatalities") if value is None else value
    if not isinstance(value, int | float):
        return False
    return bool((low or 0) <= value <= (high if high is not None else low))


def _incident_checks(incident: Json, hit: Json, *, text: str) -> dict[str, bool]:
    """Return attacker, strike-type and death-range checks for a found incident, where they apply."""
    checks: dict[str, bool] = {}
    attackers = incident.get("belligerents") or []
    if attackers and text_names(text, attackers):
        checks["attacker"] = actors_match(role_names(hit, role="actor1"), attackers)
    wanted = frozenset().union(*(_STRIKES.get(str(s).lower(), frozenset()) for s in incident.get("strike_types") or []))
    if wanted:
        checks["strike_type"] = hit.get("sub_event_type") in wanted
    in_range = _deaths_in_range(hit, incident.get("civilian_deaths"))
    if in_range is not None:
        checks["civilian_deaths"] = in_range
    return checks


def _score_incident(incident: Json, events: Sequence[Json], *, text: str, dated: bool) -> _Incident:
    """Score one expected incident against the events of its article."""
    hit, distance, at_place = _find(incident, events, dated=dated)
    if hit is None:
        return _Incident(found=False, at_place=at_place, error_km=None, checks={})
    return _Incident(found=True, at_place=True, error_km=distance, checks=_incident_checks(incident, hit, text=text))


def _score_airwars(
    lines: Sequence[Json], predictions: Predictions
) -> tuple[AirwarsFigures, tuple[IncidentDetail, ...]]:
    """Score Airwars lines with `expected` incidents."""
    outcomes: list[_Incident] = []
    details: list[IncidentDetail] = []
    n_events = 0
    for line in lines:
        events = predictions.events.get(str(line["id"]), ())
        n_events += len(events)
        dated = day_of(line.get("published")) is not None
        for incident in line["expected"]:
            if incident.get("latitude") is None and not (incident.get("location_ar") or incident.get("location_en")):
                continue  # the incident has no place to compare with
            outcome = _score_incident(incident, events, text=str(line.get("text") or ""), dated=dated)
            outcomes.append(outcome)
            details.append(IncidentDetail(id=str(line["id"]), incident=incident.get("incident"), found=outcome.found))
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for outcome in outcomes:
        for name, ok in outcome.checks.items():
            totals[name] += 1
            hits[name] += ok
    n = len(outcomes)
    figures = AirwarsFigures(
        texts=len(lines), incidents=n,
        incident_recall=_rate(sum(o.found for o in outcomes), n),
        place_found=_rate(sum(o.at_place for o in outcomes), n),
        attacker_accuracy=_rate(hits["attacker"], totals["attacker"]),
        strike_type_accuracy=_rate(hits["strike_type"], totals["strike_type"]),
        civilian_deaths_in_range=_rate(hits["civilian_deaths"], totals["civilian_deaths"]),
        median_location_error_km=_median_km([o.error_km for o in outcomes if o.error_km is not None]),
        events_per_text=_rate(n_events, len(lines)),
    )
    return figures, tuple(details)


# --- figures ----------------------------------------------------------------------------------------------------


def _rate(part: int, whole: int) -> float | None:
    """Return part/whole to four places, or None when there is nothing to count."""
    return round(part / whole, 4) if whole else None


def _median_km(errors: list[float]) -> float | None:
    """Return the (upper) median of the errors to two places, or None without errors."""
    return round(sorted(errors)[len(errors) // 2], 2) if errors else None


# --- files ------------------------------------------------------------------------------------------------------


def _read_lines(path: Path) -> list[str]:
    """Return the lines of a UTF-8 file, or raise InputError when it cannot be read."""
    try:
        with path.open(encoding="utf-8") as f:
            return list(f)
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read {path}: {e}; check the path and that the file is UTF-8 JSON Lines") from e


def _load_gold(path: Path) -> list[Json]:
    """Read a gold file; a gold line that is not a JSON object with an `id` is an error."""
    lines: list[Json] = []
    for number, text in enumerate(_read_lines(path), start=1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except ValueError as e:
            raise InputError(f"{path}:{number}: not a JSON object ({e}); fix the gold line") from e
        if not isinstance(row, dict) or "id" not in row:
            raise InputError(f"{path}:{number}: a gold line must be a JSON object with an `id`; fix the gold line")
        if "expected" in row and not isinstance(row["expected"], list):
            raise InputError(f"{path}:{number}: `expected` must be a list of incidents; fix the gold line")
        lines.append(row)
    return lines


def _parse_prediction(text: str) -> tuple[str, tuple[Json, ...]] | None:
    """Read one prediction line as (id, events), or None when it is malformed."""
    try:
        row = json.loads(text)
        events = row.get("events") or []
        return str(row["id"]), tuple(e for e in events if isinstance(e, dict))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def load_predictions(path: str | Path) -> Predictions:
    """Read a prediction file; malformed lines are counted, a later line for the same id wins."""
    events: dict[str, tuple[Json, ...]] = {}
    unreadable = 0
    for text in _read_lines(Path(path)):
        if not text.strip():
            continue
        parsed = _parse_prediction(text)
        if parsed is None:
            unreadable += 1
        else:
            events[parsed[0]] = parsed[1]
    return Predictions(events=events, unreadable=unreadable)


def score_lines(lines: Sequence[Json], predictions: Predictions) -> Report:
    """Score parsed gold lines: Airwars scoring when any line has `expected`, else event scoring."""
    airwars = [line for line in lines if "expected" in line]
    figures: GoldFigures | AirwarsFigures
    details: tuple[LineDetail | IncidentDetail, ...]
    if airwars:
        figures, details = _score_airwars(airwars, predictions)
    else:
        figures, details = _score_gold(lines, predictions)
    return Report(
        figures=figures,
        unreadable_prediction_lines=predictions.unreadable,
        texts_without_prediction=sum(str(line["id"]) not in predictions.events for line in lines),
        details=details,
    )


def evaluate(gold_path: str | Path, pred_path: str | Path) -> Report:
    """Score the prediction file `pred_path` against the gold file `gold_path`."""
    return score_lines(_load_gold(Path(gold_path)), load_predictions(pred_path))


def format_report(report: Report) -> str:
    """Render the figures, and how many lines held misses, as an aligned two-column table (`-`: nothing counted)."""
    misses = sum(not d.found if isinstance(d, IncidentDetail) else bool(d.missed or d.spurious) for d in report.details)
    label = "incidents_not_found" if report.benchmark == "airwars" else "lines_with_misses"
    rows = [*report.as_dict().items(), (label, misses)]
    cells = [(name, "-" if value is None else str(value)) for name, value in rows]
    width = max(len(name) for name, _ in cells)
    value_width = max(len(value) for _, value in cells)
    return "\n".join(f"{name:<{width}}  {value:>{value_width}}" for name, value in cells)
