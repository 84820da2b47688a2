"""The Who's On First extract in the compiled gazetteer: which of its places are compiled, and how they join.

`wof_places_ar_sy_iq_lb_jo_ye.tsv` holds places of Syria, Iraq, Lebanon, Jordan and Yemen with Arabic names. Its
records are merged in a second pass into the places the other sources make, read back as compiled places, so that
those keep their ids and a WOF record only adds names to them. Compiled are the admin units, seats and towns of some
size outside Syria, every Lebanese village and every Syrian locality (`WOF_SEATS`, `WOF_MIN_POP`,
`WOF_ALL_LOCALITIES`, `WOF_CUED`). A Syrian village that only WOF knows is found by its one-word names only after
a generic word (قرية X): read alone, those are as often words of the news (كمين، قنص) as villages. The small
villages of the neighbours brought more namesakes of Syrian villages and of words than events (measured on
airwars-dev and the coded corpus). Names that are common words of the news or given names are left out
(`without_common`).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from rasd.build.gazetteer import COUNTRIES, AdminLocator, SourcePlace, UnitWords, arabic_names, ascii_name, assemble
from rasd.gazetteer import Place
from rasd.lexicons import read_tsv
from rasd.lexicons.given_names import load_given_names
from rasd.merge import passage_words
from rasd.normalize import fold

__all__ = ["WOF_ADMIN1", "WOF_CUED", "WOF_FILE", "as_source", "common_words", "is_unit", "read_wof", "with_wof",
           "without_common"]

WOF_FILE = "wof_places_ar_sy_iq_lb_jo_ye.tsv"
# WOF's region names outside Syria, as the admin1 names rasd gives those countries (those of FOREIGN_ADMIN1).
WOF_ADMIN1 = {
    "IQ": {"Al-Anbar": "Al Anbar", "Al-Basrah": "Al Basrah", "Al-Muthannia": "Al Muthanna",
           "Al-Qadisiyah": "Al Qadisiyah", "An-Najaf": "An Najaf", "Arbil": "Erbil",
           "As-Sulaymaniyah": "As Sulaymaniyah", "Dhi-Qar": "Dhi Qar", "Dihok": "Duhok", "Karbala'": "Karbala",
           "Sala ad-Din": "Salah ad Din"},
    "LB": {"North Lebanon": "North"},
    "JO": {"Ajlun": "Ajloun", "Jarash": "Jerash", "Ma`an": "Ma'an"},
    "YE": {"Al Bayda'": "Al Bayda", "Al Dali'": "Ad Dali", "Amanat Al Asimah": "Amanat al Asimah", "Ma'rib": "Marib",
           "Sa`dah": "Sadah", "Ta`izz": "Taizz", "`Adan": "Aden"},
}
# WOF placetypes and GeoNames feature codes as rasd kinds; Syrian regions and counties are Open-Syria's units.
_WOF_KINDS = {"region": "governorate", "county": "district", "neighbourhood": "neighbourhood", "campus": "base"}
_WOF_SKIPPED = {"PPLQ", "PPLH", "PPLW"}  # abandoned, historical and destroyed places
# A WOF name whose every word is in this many articles of `lexicons/word_df.tsv` is a word of the news (الشرقي،
# عاجل، تحت), not a place name a report would use alone.
COMMON_DF = 10
# Which WOF localities are compiled: outside Syria, administrative seats and places of some size; their villages,
# and Syria's (which the other sources cover), bring more namesakes of words and of Syrian villages than events.
WOF_SEATS = frozenset({"PPLC", "PPLA", "PPLA2", "PPLA3"})
WOF_MIN_POP = 5_000
# Lebanon's villages, its south's above all, are where much of its reporting happens; few are Syrian namesakes.
WOF_ALL_LOCALITIES = frozenset({"LB"})
# Syria's localities, villages all, come in with their one-word names read only after a generic word (قرية X):
# among 9,000 villages those are as often words of the news or namesakes of better-known places (`Place.cued`).
WOF_CUED = frozenset({"SY"})
WOF_NEIGHBOURHOODS = frozenset({"IQ", "LB", "JO"})  # Yemen's 750 WOF neighbourhoods are mostly unnamed in news
def _wof_kind(placetype: str, code: str, population: int) -> str | None:
    """The kind of a WOF record, or None to leave it out (abandoned places)."""
    if code in _WOF_SKIPPED:
        return None
    if placetype in _WOF_KINDS:
        return _WOF_KINDS[placetype]
    if code == "PPLX":
        return "neighbourhood"
    if population >= 50_000 or code in ("PPLC", "PPLA"):
        return "city"
    return "town" if population >= 3_000 or code in ("PPLA2", "PPLA3") else "village"


def read_wof(path: Path) -> list[SourcePlace]:
    """The current places of a Who's On First extract (`wof_places_ar_*.tsv`) with their kind and admin units.

    Syrian regions and counties are left to Open-Syria's units. A region keeps only its own names, not the names
    of its towns that WOF files as its aliases (الموصل for Ninawa).
    """
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if r["is_current"] != "0"]
    towns = {(r["country"], fold(n)) for r in rows if r["placetype"] == "locality"
             for n in (r["name_ar"], *r["aliases_ar"].split("|")) if n}
    out = []
    for r in rows:
        cc, population = r["country"], int(r["population"] or 0)
        kind = _wof_kind(r["placetype"], r["feature_code"], population)
        if kind is None or cc not in COUNTRIES or not _compiled(r, cc, kind, population):
            continue
        names = [r["name_ar"], *r["aliases_ar"].split("|")]
        if kind == "governorate":
            names = [n for i, n in enumerate(names) if i == 0 or (cc, fold(n)) not in towns]
        names = arabic_names(n.replace("\ufdf2", "الله") for n in names)
        if not names:
            continue
        own = WOF_ADMIN1.get(cc, {})
        admin1 = own.get(r["name_en"], r["name_en"]) if kind == "governorate" else own.get(r["admin1"], r["admin1"])
        out.append(SourcePlace(
            "wof", names_ar=tuple(names), name_en=ascii_name(r["name_en"]), lat=float(r["lat"]), lon=float(r["lon"]),
            cc=cc, population=population, geonameid=int(r["geonameid"]) if r["geonameid"] else None, kind=kind,
            admin1=(admin1 or None) if cc != "SY" else None, admin2=(r["admin2"] or None) if cc != "SY" else None,
            cued=tuple(n for n in names if " " not in n) if cc in WOF_CUED else (),
        ))
    return out


def _compiled(row: dict[str, str], cc: str, kind: str, population: int) -> bool:
    """Whether a WOF record is compiled in: units and seats and towns of some size outside Syria (see WOF_SEATS)."""
    if cc in WOF_CUED:
        return kind in ("city", "town", "village")
    if kind in ("governorate", "district"):
        return True
    if kind == "neighbourhood":
        return cc in WOF_NEIGHBOURHOODS
    return cc in WOF_ALL_LOCALITIES or row["feature_code"] in WOF_SEATS or population >= WOF_MIN_POP


def is_unit(place: Place) -> bool:
    """Whether a compiled place is an Open-Syria admin unit (kept as it is, never merged)."""
    return place.kind in ("governorate", "district", "subdistrict") and place.pcode is not None


def common_words() -> Callable[[str], bool]:
    """Whether a folded name is a word of the news or a person's name (every word frequent, or a given name)."""
    frequent = {w for w, n in read_tsv("word_df.tsv", columns=2) if n.isdigit() and int(n) >= COMMON_DF}
    given = load_given_names()
    person = {*given, *(fold(w) for w in ("عبد", "أبو", "بن", "أم"))}

    def common(name: str) -> bool:
        words = name.split()
        return all(w in frequent or next(iter(passage_words(w)), w) in frequent for w in words) or (
            len(words) <= 2 and all(w in person for w in words))
    return common


def without_common(records: Iterable[SourcePlace], held: set[str]) -> list[SourcePlace]:
    """Records without their names that are common words (those a compiled place holds stay); a record left with
    no name is left out. Cities and governorates keep theirs: reports name them alone."""
    common = common_words()
    out = []
    for r in records:
        names = r.names_ar if r.kind in ("city", "governorate") else \
            tuple(n for n in r.names_ar if fold(n) in held or not common(fold(n)))
        if names:
            out.append(r if names == r.names_ar else replace(r, names_ar=names))
    return out


def as_source(place: Place) -> SourcePlace:
    """A compiled place as a source record that keeps its id (`pid`) through a new merge."""
    cc = next(code for code, (_, iso) in COUNTRIES.items() if iso == place.iso)
    return SourcePlace(
        "bundled", names_ar=place.names_ar, name_en=place.name, lat=place.lat, lon=place.lon, cc=cc,
        population=place.population, geonameid=place.geonameid, kind=place.kind, admin1=place.admin1,
        admin2=place.admin2, admin3=place.admin3, pcode=place.pcode, pid=place.id, cued=place.cued,
    )



def with_wof(places: list[Place], src: Path, admin: AdminLocator, words: UnitWords) -> tuple[list[Place],
                                                                                               list[SourcePlace]]:
    """The compiled places with the WOF extract under `src` merged in, and the WOF records used."""
    # A governorate written by hand (places_extra) is the one WOF's region would repeat.
    held = {(p.iso, fold(n)) for p in places if p.kind in ("governorate", "region") for n in p.names_ar}
    wof = [r for r in without_common(read_wof(src / WOF_FILE), {fold(n) for p in places for n in p.names_ar})
           if r.kind != "governorate" or not any((COUNTRIES[r.cc][1], fold(n)) in held for n in r.names_ar)]
    if not wof:
        return places, []
    merged = assemble([p for p in places if is_unit(p)],
                      [*(as_source(p) for p in places if not is_unit(p)), *wof], admin, words=words)
    return merged, wof
