"""Scoring predictions against gold files: event pairing, Airwars incidents, and agreement with score.py."""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rasd.errors import InputError
from rasd.evaluate import (
    AirwarsFigures,
    GoldFigures,
    IncidentDetail,
    LineDetail,
    actors_match,
    ar_key,
    en_key,
    evaluate,
    format_report,
)

KM_PER_DEGREE_LAT = 111.2


def _write(path: Path, rows: list[Any]) -> Path:
    """Write JSON Lines; a str row is written as it is (to make malformed lines)."""
    text = "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")
    return path


def _event(**fields: Any) -> dict[str, Any]:
    """An airstrike at the made-up village of عين الورد unless fields say otherwise."""
    return {
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
        "event_date": "2024-03-10", "location": "Ain al-Ward", "location_ar": "عين الورد",
        "latitude": 35.0, "longitude": 38.0, "geo_precision": 1, "fatalities": 0,
        "actor1": None, "actor1_ar": None, "actor2": None, "actor2_ar": None,
    } | fields


def _score(tmp_path: Path, gold: list[Any], pred: list[Any]) -> Any:
    return evaluate(_write(tmp_path / "gold.jsonl", gold), _write(tmp_path / "pred.jsonl", pred))


def _gold_figures(tmp_path: Path, gold_events: list[Any], pred_events: list[Any]) -> GoldFigures:
    report = _score(tmp_path, [{"id": "a", "text": "نص", "events": gold_events}],
                    [{"id": "a", "events": pred_events}])
    assert isinstance(report.figures, GoldFigures)
    return report.figures


# --- names and actors --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b", "same"), [
    ("الرَّيحانة", "ريحانه", True),  # diacritics, article, ta marbuta
    ("بئر السلام", "بير سلام", True),  # hamza on ya, article on the second word
    ("إبلين", "ابلين", True),
    ("تلّ المنى", "تل مني", True),  # shadda, article, alef maqsura
    ("كفر سمرا", "كفر سمرة", False),
    ("الم", "م", False),  # a three-letter word keeps its first two letters
])
def test_ar_key_folds_the_rules_letters(a: str, b: str, same: bool) -> None:
    assert (ar_key(a) == ar_key(b)) is same


def test_en_key_drops_articles_and_the_part_after_a_comma() -> None:
    assert en_key("Ain al-Ward, Idlib") == en_key("ain ward") == "ain ward"


@pytest.mark.parametrize(("pred", "gold", "same"), [
    (["Military Forces of Russia"], ["الطيران الروسي"], True),  # both carry the key `russia`
    (["Military Forces of Turkey"], ["الطيران الروسي"], False),
    (["كتائب النجمة"], ["Kataib al-Najma", "كتائب النَّجمة"], True),  # no key: folded Arabic names agree
    (["Kataib al-Najma"], ["Kataib el-Najma"], True),  # no key: folded English names agree
    (["كتائب النجمة"], ["سرايا القمر"], False),
    ([None], ["سرايا القمر"], False),
])
def test_actors_match(pred: list[object], gold: list[object], same: bool) -> None:
    assert actors_match(pred, gold) is same


# --- gold lines with events --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("km_north", "matched"), [(0.0, True), (10.0, True), (24.0, True), (30.0, False)])
def test_events_match_within_25_km(tmp_path: Path, km_north: float, matched: bool) -> None:
    moved = _event(latitude=35.0 + km_north / KM_PER_DEGREE_LAT, location="Elsewhere", location_ar="مكان آخر")
    figures = _gold_figures(tmp_path, [_event()], [moved])
    assert figures.recall == (1.0 if matched else 0.0)
    if matched:
        assert figures.median_location_error_km == pytest.approx(km_north, abs=0.1)


@pytest.mark.parametrize(("pred_name", "matched"), [("ريحانه", True), ("الرِّيحانة", True), ("قرية النهر", False)])
def test_events_without_coordinates_match_by_folded_name(tmp_path: Path, pred_name: str, matched: bool) -> None:
    gold = _event(location="Rihana", location_ar="الريحانة", latitude=None, longitude=None)
    pred = _event(location=None, location_ar=pred_name, latitude=36.5, longitude=40.5)
    assert _gold_figures(tmp_path, [gold], [pred]).precision == (1.0 if matched else 0.0)


@pytest.mark.parametrize(("pred_date", "matched"), [
    ("2024-03-10", True), ("2024-03-09", True), ("2024-03-11T22:00", True), ("2024-03-12", False), (None, False),
])
def test_event_dates_agree_within_one_day(tmp_path: Path, pred_date: str | None, matched: bool) -> None:
    assert _gold_figures(tmp_path, [_event()], [_event(event_date=pred_date)]).f1 == (1.0 if matched else 0.0)


def test_a_gold_event_without_a_date_matches_any_date(tmp_path: Path) -> None:
    assert _gold_figures(tmp_path, [_event(event_date=None)], [_event(event_date="2020-01-01")]).recall == 1.0


def test_event_types_must_agree(tmp_path: Path) -> None:
    assert _gold_figures(tmp_path, [_event()], [_event(event_type="Battles")]).recall == 0.0


def test_pairs_are_one_to_one(tmp_path: Path) -> None:
    figures = _gold_figures(tmp_path, [_event()], [_event(), _event()])
    assert (figures.gold_events, figures.predicted_events) == (1, 2)
    assert (figures.precision, figures.recall) == (0.5, 1.0)
    assert figures.f1 == round(2 * 0.5 / 1.5, 4)


def test_best_pairs_are_taken_first(tmp_path: Path) -> None:
    # taken in input order, the far prediction would claim gold A and leave B to the near one
    gold_a = _event(latitude=35.0, fatalities=3, location_ar="أ", location="A")
    gold_b = _event(latitude=35.0 + 20 / KM_PER_DEGREE_LAT, fatalities=0, location_ar="ب", location="B")
    near_a = _event(latitude=35.0 + 1 / KM_PER_DEGREE_LAT, fatalities=3, location_ar="ج", location="C")
    far = _event(latitude=35.0 + 44 / KM_PER_DEGREE_LAT, fatalities=0, location_ar="د", location="D")
    far_a = _event(latitude=35.0 - 20 / KM_PER_DEGREE_LAT, fatalities=0, location_ar="د", location="D")
    figures = _gold_figures(tmp_path, [gold_a, gold_b], [far_a, near_a, far])
    assert figures.recall == 1.0
    assert figures.fatalities_accuracy == 1.0


def test_field_accuracies_count_only_what_gold_states(tmp_path: Path) -> None:
    gold = _event(sub_event_type="Air/drone strike", actor1="Military Forces of Russia", actor2=None, fatalities=None)
    pred = _event(sub_event_type="Shelling/artillery/missile attack", actor1_ar="الطيران الروسي", fatalities=4)
    figures = _gold_figures(tmp_path, [gold], [pred])
    assert figures.sub_event_type_accuracy == 0.0
    assert figures.actor1_accuracy == 1.0
    assert figures.actor2_accuracy is None
    assert figures.fatalities_accuracy is None
    assert figures.geo_precision_accuracy == 1.0


def test_malformed_and_missing_prediction_lines_are_counted(tmp_path: Path) -> None:
    gold = [{"id": "a", "events": [_event()]}, {"id": "b", "events": [_event(), _event(event_date="2024-03-20")]}]
    preds = [{"id": "a", "events": [_event(), "not an event"]}, "{broken", '{"events": []}', "[1, 2]"]
    report = _score(tmp_path, gold, preds)
    assert report.unreadable_prediction_lines == 3
    assert report.texts_without_prediction == 1
    assert isinstance(report.figures, GoldFigures)
    assert (report.figures.gold_events, report.figures.predicted_events) == (3, 1)
    assert report.figures.recall == round(1 / 3, 4)
    missing = report.details[1]
    assert isinstance(missing, LineDetail)
    assert (missing.id, missing.matched, missing.missed) == ("b", 0, ("Air/drone strike", "Air/drone strike"))


def test_a_broken_gold_line_is_an_input_error_naming_the_line(tmp_path: Path) -> None:
    gold = _write(tmp_path / "gold.jsonl", [{"id": "a", "events": []}, "{oops"])
    with pytest.raises(InputError, match=r"gold\.jsonl:2"):
        evaluate(gold, _write(tmp_path / "pred.jsonl", []))


def test_report_as_dict_and_table(tmp_path: Path) -> None:
    report = _score(tmp_path, [{"id": "a", "events": [_event()]}], [{"id": "a", "events": [_event()]}])
    flat = report.as_dict()
    assert flat["benchmark"] == "gold"
    assert list(flat)[-2:] == ["unreadable_prediction_lines", "texts_without_prediction"]
    lines = format_report(report).splitlines()
    assert len({len(line) for line in lines}) == 1  # aligned columns
    assert lines[0].split() == ["benchmark", "gold"]
    assert any(line.split() == ["actor1_accuracy", "-"] for line in lines)


# --- Airwars incidents -------------------------------------------------------------------------------------------

_TEXT = "قصفت طائرات روسية بلدة عين الورد فجر اليوم"


def _incident(**fields: Any) -> dict[str, Any]:
    return {
        "incident": "T1", "date": "2024-03-10", "location_ar": "عين الورد", "location_en": "Ain al-Ward",
        "latitude": 35.0, "longitude": 38.0, "belligerents": ["Russian Military"], "strike_types": ["Airstrike"],
        "civilian_deaths": [2, 4],
    } | fields


def _airwars(tmp_path: Path, events: list[Any], *, published: str | None = "2024-03-11",
             text: str = _TEXT, **incident: Any) -> AirwarsFigures:
    line = {"id": "w", "text": text, "published": published, "expected": [_incident(**incident)]}
    report = _score(tmp_path, [line], [{"id": "w", "events": events}])
    assert isinstance(report.figures, AirwarsFigures)
    return report.figures


@pytest.mark.parametrize(("event", "found"), [
    (_event(location_ar="مكان", location="Somewhere", latitude=35.08), True),  # 9 km away
    (_event(location_ar="مكان", location="Somewhere", latitude=35.1), False),  # 11 km away
    (_event(location_ar="عَين الوَرد", latitude=None, longitude=None), True),  # same folded name
    (_event(event_type="Battles", sub_event_type="Armed clash"), True),
    (_event(event_type="Strategic developments", sub_event_type="Other"), False),
    (_event(event_date="2024-03-11"), True),
    (_event(event_date="2024-03-12"), False),
])
def test_incident_found_at_its_place_and_day(tmp_path: Path, event: dict[str, Any], found: bool) -> None:
    assert _airwars(tmp_path, [event]).incident_recall == (1.0 if found else 0.0)


def test_the_day_is_checked_only_when_the_article_date_is_known(tmp_path: Path) -> None:
    assert _airwars(tmp_path, [_event(event_date="2023-01-01")], published=None).incident_recall == 1.0


def test_place_found_counts_any_event_at_the_place(tmp_path: Path) -> None:
    figures = _airwars(tmp_path, [_event(event_type="Strategic developments"), _event(event_date="2024-05-01")])
    assert (figures.incident_recall, figures.place_found) == (0.0, 1.0)
    assert figures.events_per_text == 2.0


@pytest.mark.parametrize(("event", "text", "accuracy"), [
    (_event(actor1="Military Forces of Russia"), _TEXT, 1.0),
    (_event(actor1="Military Forces of Turkey"), _TEXT, 0.0),
    (_event(actor1=None, actor1_ar="الطيران الروسي"), _TEXT, 1.0),
    (_event(actor1="Military Forces of Turkey"), "قصفت طائرات مجهولة بلدة عين الورد", None),  # text names none
])
def test_attacker_is_judged_only_when_the_text_names_it(
    tmp_path: Path, event: dict[str, Any], text: str, accuracy: float | None
) -> None:
    assert _airwars(tmp_path, [event], text=text).attacker_accuracy == accuracy


@pytest.mark.parametrize(("strikes", "sub_event_type", "accuracy"), [
    (["Airstrike"], "Air/drone strike", 1.0),
    (["Artillery"], "Air/drone strike", 0.0),
    (["Airstrike and/or Artillery"], "Shelling/artillery/missile attack", 1.0),
    (["Ground operation"], "Air/drone strike", None),
])
def test_strike_type(tmp_path: Path, strikes: list[str], sub_event_type: str, accuracy: float | None) -> None:
    figures = _airwars(tmp_path, [_event(sub_event_type=sub_event_type)], strike_types=strikes)
    assert figures.strike_type_accuracy == accuracy


@pytest.mark.parametrize(("deaths", "event", "in_range"), [
    ([2, 4], _event(fatalities=3), 1.0),
    ([2, 4], _event(fatalities=9, civilian_fatalities=2), 1.0),  # civilian deaths first
    ([2, 4], _event(fatalities=5), 0.0),
    ([2, None], _event(fatalities=2), 1.0),
    ([None, None], _event(fatalities=2), None),
    ([2, 4], _event(fatalities=None), 0.0),
])
def test_civilian_deaths_in_range(tmp_path: Path, deaths: list[Any], event: dict[str, Any], in_range: Any) -> None:
    assert _airwars(tmp_path, [event], civilian_deaths=deaths).civilian_deaths_in_range == in_range


def test_incidents_without_a_place_are_not_counted(tmp_path: Path) -> None:
    line = {"id": "w", "text": _TEXT, "published": None, "expected": [
        _incident(), _incident(incident="T2", latitude=None, location_ar=None, location_en=None)]}
    report = _score(tmp_path, [line], [])
    assert isinstance(report.figures, AirwarsFigures)
    assert report.figures.incidents == 1
    assert report.details == (IncidentDetail(id="w", incident="T1", found=False),)


# --- agreement with the reference scorer -------------------------------------------------------------------------


def _perturb(lines: list[dict[str, Any]], *, seed: int) -> list[Any]:
    """Predictions made from gold events: dropped, moved, re-dated, re-typed, duplicated, and some broken lines."""
    rng = random.Random(seed)
    rows: list[Any] = ["{broken", '{"events": []}']
    for line in lines[1:]:  # the first line has no prediction
        events = []
        for gold in line.get("events") or []:
            event = copy.deepcopy(gold)
            if rng.random() < 0.3 and event.get("latitude") is not None:
                event["latitude"] += rng.uniform(-0.3, 0.3)
            if rng.random() < 0.2:
                event["latitude"] = None
            if rng.random() < 0.2 and event.get("event_date"):
                day = int(event["event_date"][8:10])
                event["event_date"] = f"{event['event_date'][:8]}{max(1, day + rng.choice([-2, -1, 1, 2])):02d}"
            for key, value in (("actor1", "Military Forces of Russia"), ("actor2", None), ("fatalities", 7),
                               ("geo_precision", 3), ("sub_event_type", "Armed clash"), ("event_type", "Battles")):
                if rng.random() < 0.15:
                    event[key] = value
            if rng.random() > 0.1:
                events.append(event)
            if rng.random() < 0.2:
                events.append(copy.deepcopy(event))
        rng.shuffle(events)
        rows.append({"id": line["id"], "events": events})
    return rows


@pytest.mark.parametrize("seed", [1, 2])
def test_figures_equal_the_reference_scorer(shared: Path, tmp_path: Path, seed: int) -> None:
    gold = shared / "benchmarks" / "gold-dev.jsonl"
    lines = [json.loads(t) for t in gold.read_text(encoding="utf-8").splitlines() if t.strip()]
    pred = _write(tmp_path / "pred.jsonl", _perturb(lines, seed=seed))
    run = subprocess.run([sys.executable, str(shared / "benchmarks" / "score.py"), str(gold), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    reference = json.loads(run.stdout)
    ours = evaluate(gold, pred).as_dict()
    assert ours == reference
    assert list(ours) == list(reference)
    assert 0.0 < reference["f1"] < 1.0  # the perturbation is neither empty nor a copy


def _airwars_guesses(lines: list[dict[str, Any]], *, seed: int) -> list[Any]:
    """Predictions made from Airwars incidents: placed by area name or near the point, on or off the day."""
    rng = random.Random(seed)
    rows: list[Any] = []
    for line in lines:
        events = []
        for incident in line["expected"]:
            near = rng.random() < 0.5 and incident.get("latitude") is not None
            events.append({
                "event_type": rng.choice(["Explosions/Remote violence", "Battles", "Strategic developments"]),
                "sub_event_type": rng.choice(["Air/drone strike", "Shelling/artillery/missile attack"]),
                "event_date": incident.get("date") if rng.random() < 0.8 else "2000-01-01",
                "location_ar": None if near else incident.get("area_ar"),
                "latitude": incident["latitude"] + rng.uniform(-0.15, 0.15) if near else None,
                "longitude": incident["longitude"] if near else None,
                "actor1": rng.choice(["Military Forces of Russia", "Military Forces of Turkey", None]),
                "fatalities": rng.choice([0, 1, 3, None]),
            })
        rows.append({"id": line["id"], "events": events})
    return rows


def test_airwars_figures_equal_the_reference_scorer(shared: Path, tmp_path: Path) -> None:
    gold = shared / "benchmarks" / "airwars-dev.jsonl"
    lines = [json.loads(t) for t in gold.read_text(encoding="utf-8").splitlines() if t.strip()]
    pred = _write(tmp_path / "pred.jsonl", _airwars_guesses(lines, seed=3))
    run = subprocess.run([sys.executable, str(shared / "benchmarks" / "score.py"), str(gold), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    assert evaluate(gold, pred).as_dict() == json.loads(run.stdout)
