"""`rasd places` and `rasd actors`: what the places and actors stages found in a text, and why."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rasd.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    return json.loads(_run(capsys, *argv, "--json"))


def test_places_json_gives_choice_candidates_and_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    text = "سقطت صواريخ أطلقت من مدينة حماة على بلدة كفرنبل في ريف إدلب الجنوبي"
    found = _json(capsys, "places", text)["places"]
    assert [text[m["start"] : m["end"]] for m in found] == [m["text"] for m in found]
    hama, town, region = found
    assert (hama["role"], hama["place"]["kind"], hama["place"]["admin1"]) == ("origin", "city", "Hama")
    assert town["role"] == "location" and town["precision"] == 1
    assert (town["place"]["name_ar"], town["place"]["admin1"]) == ("كفرنبل", "Idlib")
    assert "hierarchy:Idlib" in town["clues"]
    assert {c["kind"] for c in town["candidates"]} >= {"town", "subdistrict"}
    assert town["candidates"][0] == town["place"]
    assert (region["place"]["kind"], region["precision"]) == ("governorate", 3)


def test_places_text_shows_unknown_villages(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "places", "قصفت المدفعية قرية الزعرورية الفوقا قرب حماة")
    assert "«قرية الزعرورية الفوقا» 14-35 name «الزعرورية الفوقا»" in out
    assert "unknown to the gazetteer" in out and "clues: prefix:قريه, hierarchy:Hama" in out
    assert _run(capsys, "places", "انتهى الاجتماع دون اتفاق") == "no place found\n"


def test_actors_json_gives_entries_and_roles_per_trigger(capsys: pytest.CaptureFixture[str]) -> None:
    text = "قصفت طائرات روسية مواقع لهيئة تحرير الشام"
    result = _json(capsys, "actors", text)
    russia, hts = result["actors"]
    assert (russia["text"], russia["entry"]["name"], russia["entry"]["inter"]) == (
        "طائرات روسية", "Military Forces of Russia", 8)
    assert [(r["trigger"], r["role"]) for r in russia["roles"]] == [("قصفت", "actor1")]
    assert [r["role"] for r in hts["roles"]] == ["actor2"] and hts["entry"]["kind"] == "rebel"
    [trigger] = result["triggers"]
    assert trigger["interaction"] == 28
    assert [(s["role"], s["text"]) for s in trigger["sides"]] == [("actor1", "طائرات روسية"), ("actor2", hts["text"])]


@pytest.mark.parametrize(("day", "name"), [("2024-01-01", "(2000-2024)"), ("2025-03-01", "(2024-)")])
def test_actors_date_picks_the_entry_valid_that_day(day: str, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "actors", "قصف الجيش السوري قرية الحمرا", "--date", day)
    assert f"-> Military Forces of Syria {name} [state, inter 1]" in out
    assert f"actor1 (Military Forces of Syria {name}) of «قصف» at 0" in out


def test_actors_without_actor_or_trigger(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "actors", "نزح سكان القرية بعد وصول قوات النظام")
    assert "no role in any event" in out
    assert _run(capsys, "actors", "انتهى الاجتماع دون اتفاق") == "no actor found\n"


def test_places_json_keeps_the_spelling_of_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    found = _json(capsys, "places", "قتل مدني بقصف على مدينة الطبقة غربي الرقة")["places"]
    city = found[0]
    assert city["place"]["kind"] == "city" and city["place"]["name_ar"] == "الطبقة"
    assert "spelling:الطبقة" in city["clues"]
