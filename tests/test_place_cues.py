"""The cues of the places stage and the gazetteer come from `lexicons/cues/*.yaml` and `Resources`, nowhere else."""

from __future__ import annotations

from importlib.resources import files
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from rasd.document import Document
from rasd.gazetteer import Gazetteer, NameForms, Place
from rasd.lexicons.cues import Cues
from rasd.lexicons.given_names import load_given_names
from rasd.merge import MergeWords
from rasd.normalize import fold
from rasd.stages.place_cues import PlaceCues
from rasd.stages.places import PlaceMention, places
from rasd.stages.segment import segment

CUES = Cues.load()
GIVEN_NAMES = load_given_names()
MERGE = MergeWords.load(cues=CUES)


def _section(name: str) -> dict[str, Any]:
    text = files("rasd.lexicons").joinpath("cues", f"{name}.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _village(pid: str, ar: str, *, aliases: tuple[str, ...] = ()) -> Place:
    return Place(pid, name=pid, name_ar=ar, names_ar=(ar, *aliases), lat=36.0, lon=37.0, country="Syria", iso=760,
                 admin1="Aleppo", admin2=None, admin3=None, kind="village")


GAZ = Gazetteer([
    _village("sunbula", "سنبلة"),
    _village("jadida", "الجديدة"),
    _village("kafr-tun", "كفر طون"),
])


def _mentions(text: str, *, cues: Cues = CUES, given_names: dict[str, bool] | None = None) -> list[PlaceMention]:
    res = SimpleNamespace(gazetteer=GAZ, cues=cues, given_names=GIVEN_NAMES if given_names is None else given_names,
                          merge=MERGE)
    return list(places(segment(Document.from_text(text), None), res).layer("places"))


def test_place_cues_are_read_folded_from_the_yaml() -> None:
    c = PlaceCues.of(SimpleNamespace(cues=CUES, given_names=GIVEN_NAMES, merge=MERGE))
    assert {fold("قرية"), fold("محافظة")} <= c.generic
    assert fold("أطراف") in c.near and fold("شرقي") in c.directions
    assert c.regions_of[fold("محافظتي")] == fold("محافظة")
    assert c.clitics[0] == "وب" and c.village == fold("قرية")
    assert c.directions <= c.not_names  # a direction is never a village name either
    assert c.subdistrict == fold("ناحية") and c.subdistrict_written == "ناحية"


def test_a_place_after_a_generic_word_of_the_yaml() -> None:
    [found] = _mentions("قصفت الطائرات قرية زيتونة صباحا")
    assert (found.place, found.text_ar, found.clues) == (None, "زيتونة", ("prefix:قريه",))


def test_a_generic_word_added_to_the_yaml_names_a_place() -> None:
    text = "قصفت الطائرات نجع زيتونة صباحا"
    assert _mentions(text) == []
    section = _section("places")
    section["generic"] = [*section["generic"], "نجع"]
    section["naming"] = [*section["naming"], "نجع"]
    cues = Cues({"places": section, "gazetteer": _section("gazetteer")})
    [found] = _mentions(text, cues=cues)
    assert (found.place, found.text_ar) == (None, "زيتونة")


@pytest.mark.parametrize("text", ["سقطت قذيفة على بلدة على الحدود", "وصلت التعزيزات إلى قرية إلى الشمال"])
def test_a_preposition_after_a_generic_word_is_no_name(text: str) -> None:
    assert _mentions(text) == []


def test_the_given_names_come_from_the_resources() -> None:
    text = "قتل خالد سنبلة في القصف"
    assert _mentions(text) == []  # خالد is a given name of the lexicon: سنبلة is his family name
    assert [m.place.id for m in _mentions(text, given_names={}) if m.place] == ["sunbula"]


def test_given_names_know_which_may_end_in_alef_maqsura() -> None:
    assert GIVEN_NAMES[fold("عيسى")] is True
    assert GIVEN_NAMES[fold("خالد")] is False


def test_the_stop_list_keeps_a_common_word_from_matching_alone() -> None:
    assert fold("الجديدة") in NameForms.from_cues(CUES).stoplist
    assert _mentions("أعلنت الإدارة الجديدة خطة للطرق") == []
    assert [m.place.id for m in _mentions("قصفت الطائرات قرية الجديدة") if m.place] == ["jadida"]


def test_name_forms_come_from_the_gazetteer_yaml() -> None:
    forms = NameForms.from_cues(CUES)
    assert forms.compound_heads[0] == "كفر" and forms.abu == "ابو" and forms.final_hamza == "ء"
    assert "كفرطون" in forms.variants("كفر طون")
    plain = NameForms(compound_heads=(), abu="ابو", al_bu="البو", final_hamza="ء", stoplist=frozenset())
    assert plain.variants("كفر طون") == {"كفر طون"}
    assert [m.text_ar for m in _mentions("قصفت الطائرات كفرطون")] == ["كفرطون"]
    doc = segment(Document.from_text("قصفت الطائرات كفرطون"), None)
    assert GAZ.matcher(plain).find(doc.layer("tokens")) == []
