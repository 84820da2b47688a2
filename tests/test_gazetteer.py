"""Gazetteer: the builder on tiny synthetic sources, lookups, variants and the stop list."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from rasd.build.gazetteer import arabic_names, build
from rasd.document import Document
from rasd.errors import ResourceError
from rasd.gazetteer import COLUMNS, Gazetteer, NameForms, place_to_row
from rasd.lexicons.cues import Cues
from rasd.normalize import fold
from rasd.stages.segment import segment

FORMS = NameForms.from_cues(Cues.load())
_GEONAMES_HEADER = (
    "geonameid\tname\tlatitude\tlongitude\tcountrycode\tadmin1code\tpopulation\ttimezone\t"
    "alternatenames_ar\talternatenames_all\n"
)


def _square(lon0: float, lat0: float, lon1: float, lat1: float) -> list[list[list[float]]]:
    return [[[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]]


def _unit(uid: str, ar: str, en: str, lat: float, lon: float, **ids: str) -> dict[str, object]:
    return {"id": uid, "name": {"ar": ar, "en": en}, "aliases": [], "centroid": {"latitude": lat, "longitude": lon},
            "externalIds": {"ochaPcode": ids.pop("pcode")}, **ids}


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two governorates side by side, each with a village called `المزرعة الحمراء`, plus merged duplicates."""
    src = tmp_path_factory.mktemp("shared") / "gazetteer"
    (src / "open_syria").mkdir(parents=True)
    features = [
        {"properties": {"shapeISO": "SYR-HM"}, "geometry": {"type": "Polygon", "coordinates": _square(36, 35, 37, 36)}},
        {"properties": {"shapeISO": "SYR-ID"}, "geometry": {"type": "Polygon", "coordinates": _square(36, 36, 37, 37)}},
    ]
    (src / "syria_adm1.geojson").write_text(json.dumps({"features": features}), encoding="utf-8")
    govs = [_unit("g-hm", "حماة", "Hama", 35.5, 36.5, pcode="SY05") | {"iso31662": "SY-HM"},
            _unit("g-id", "إدلب", "Idlib", 36.5, 36.5, pcode="SY07") | {"iso31662": "SY-ID"}]
    dists = [_unit("d-hm", "حماة", "Hama", 35.5, 36.5, pcode="SY0500", governorateId="g-hm"),
             _unit("d-id", "إدلب", "Idlib", 36.5, 36.5, pcode="SY0700", governorateId="g-id")]
    subs = [_unit("s-hm", "مركز حماة", "Hama centre", 35.5, 36.5, pcode="SY050000", governorateId="g-hm",
                  districtId="d-hm"),
            _unit("s-id", "مركز إدلب", "Idlib centre", 36.5, 36.5, pcode="SY070000", governorateId="g-id",
                  districtId="d-id")]
    for name, data in (("governorates", govs), ("districts", dists), ("subdistricts", subs)):
        (src / "open_syria" / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    rows = [
        "1\tMazraa Hamra\t35.40000\t36.40000\tSY\t05\t1200\tx\tالمزرعة الحمراء\t\n",
        "2\tMazraa Hamra\t36.40000\t36.40000\tSY\t07\t900\tx\tالمزرعة الحمراء\t\n",
        "3\tAbu Kamal\t36.20000\t36.80000\tSY\t07\t60000\tx\tأبو كمال\t\n",
    ]
    (src / "geonames_cities500_levant.tsv").write_text(_GEONAMES_HEADER + "".join(rows), encoding="utf-8")
    prayer = [{"nameAr": "البوكمال", "nameEn": "Abu Kamal", "type": "city", "lat": 36.201, "lng": 36.801}]
    (src / "syria_places.json").write_text(json.dumps(prayer, ensure_ascii=False), encoding="utf-8")
    (src / "extra.tsv").write_text("names_ar\tname_en\tkind\tlat\tlon\tadmin1\tcountry\n"
                                   "قاعدة النسر|النسر\tEagle base\tbase\t35.60000\t36.60000\t\tSY\n", encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def tiny(sources: Path) -> Gazetteer:
    out = sources / "out.tsv.gz"
    report = build(sources.parent, out, extra=sources / "extra.tsv")
    assert report.places == len(Gazetteer.load(out)) == 6 + 4
    assert report.merged == 1
    return Gazetteer.load(out)


def test_builder_merges_records_of_one_place(tiny: Gazetteer) -> None:
    [town] = tiny.by_name(fold("البوكمال"))
    assert town.geonameid == 3
    assert {fold(n) for n in town.names_ar} == {fold("البوكمال"), fold("أبو كمال")}


def test_builder_assigns_admin_units_from_polygons(tiny: Gazetteer) -> None:
    by_admin = {p.admin1: p for p in tiny.by_name(fold("المزرعة الحمراء"))}
    assert set(by_admin) == {"Hama", "Idlib"}
    assert by_admin["Hama"].admin2 == "Hama" and by_admin["Hama"].admin3 == "Hama centre"
    [base] = tiny.by_name(fold("النسر"))
    assert (base.kind, base.admin1, base.id) == ("base", "Hama", "x:eagle-base")


def test_builder_output_is_reproducible(sources: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"
    build(sources, first, extra=sources / "extra.tsv")
    build(sources, second, extra=sources / "extra.tsv")
    assert first.read_bytes() == second.read_bytes()


def test_governorate_lookup_by_arabic_or_english(tiny: Gazetteer) -> None:
    gov = tiny.governorate("إدلب")
    assert gov is not None and gov.pcode == "SY07" and tiny.governorate("Idlib") == gov
    assert tiny.centroid("Hama") == (35.5, 36.5)
    assert tiny.governorate("Nowhere") is None


@pytest.mark.parametrize(
    ("name", "variant"),
    [("ابو كمال", "البوكمال"), ("ابو كمال", "البو كمال"), ("البوكمال", "ابو كمال"), ("كفرنبل", "كفر نبل"),
     ("كفر نبل", "كفرنبل"), ("السويداء", "السويدا")],
)
def test_name_variants(name: str, variant: str) -> None:
    assert variant in FORMS.variants(name)


@pytest.mark.parametrize("word", ["قرية", "الشرق", "ساعة", "عين", "نيسان", "الخميس"])
def test_stoplist_holds_common_words(word: str) -> None:
    assert fold(word) in FORMS.stoplist


@pytest.mark.parametrize("name", ["حلب", "دمشق", "الباب"])
def test_stoplist_keeps_real_towns(name: str) -> None:
    assert fold(name) not in FORMS.stoplist


def test_stoplist_entries_are_folded_once() -> None:
    assert all(fold(w) == w for w in FORMS.stoplist)


def test_matcher_finds_variants_with_clitics(tiny: Gazetteer) -> None:
    doc = segment(Document.from_text("وصلت التعزيزات إلى البو كمال ثم بأبو كمال"), None)
    found = tiny.matcher(FORMS).find(doc.layer("tokens"))
    assert [doc.text[m.start : m.end] for m in found] == ["البو كمال", "بأبو كمال"]
    assert all(m.values[0].geonameid == 3 for m in found)


def test_load_rejects_a_file_that_is_not_a_gazetteer(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv.gz"
    bad.write_bytes(gzip.compress(b"a\tb\n"))
    with pytest.raises(ResourceError):
        Gazetteer.load(bad)


def test_bundled_gazetteer_has_syria() -> None:
    gaz = Gazetteer.load()
    assert len(gaz) > 2000
    assert {p.kind for p in gaz.by_name(fold("حلب"))} >= {"city", "governorate"}
    assert all(p.admin1 for p in gaz if p.iso == 760)


@pytest.mark.parametrize(
    "text",
    ["استهدفت الجماعة سفينة بصاروخ بحري", "يعاني السكان من نقص الفحم والحطب", "هاجم مستوطنون يهود منازل القرية",
     "تصاعدت أعمدة الدخان من البستان المجاور", "قتلت نساء يعملن في الزراعة", "وصل الوزير في ختام الزيارة",
     "منذ الفترة الطويلة", "تظهر الصور حجم الدمار", "استمر الحراك الشعبي في المدينة", "أقيم حاجز عند مفرق القرية",
     "اندلعت ثورة شعبية في البلاد", "أين ضمير العالم من المجزرة"],
)
def test_words_of_the_news_that_name_places_are_no_places_alone(text: str) -> None:
    doc = segment(Document.from_text(text), None)
    assert [m.key for m in Gazetteer.load().matcher(FORMS).find(doc.layer("tokens"))] == []


_WOF_HEADER = ("country\twof_id\tgeonameid\twikidata\tplacetype\tfeature_code\tname_en\tname_ar\taliases_ar\tlat\tlon\t"
               "population\tadmin1\tadmin1_ar\tadmin2\tadmin2_ar\tis_current\n")


def _wof_row(cc: str, gid: str, placetype: str, code: str, en: str, ar: str, aliases: str, lat: float, lon: float,
             *, population: int = 0, admin1: str = "", current: str = "-1") -> str:
    return f"{cc}\t9{gid}\t{gid}\t\t{placetype}\t{code}\t{en}\t{ar}\t{aliases}\t{lat}\t{lon}\t{population}\t{admin1}" \
           f"\t\t\t\t{current}\n"


@pytest.fixture(scope="module")
def with_wof(sources: Path, tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The tiny sources plus a WOF extract: a known town again, new villages, a region, an abandoned place."""
    src = tmp_path_factory.mktemp("shared-wof") / "gazetteer"
    src.mkdir()
    for path in sources.iterdir():
        if path.is_file() and path.suffix != ".gz":
            (src / path.name).write_bytes(path.read_bytes())
    (src / "open_syria").mkdir()
    for path in (sources / "open_syria").iterdir():
        (src / "open_syria" / path.name).write_bytes(path.read_bytes())
    rows = [
        _wof_row("SY", "11", "locality", "PPL", "Tell Wardan", "تل وردان", "", 35.3, 36.3),
        _wof_row("SY", "19", "locality", "PPL", "Kamin", "كمين", "الكمين", 35.35, 36.35),
        _wof_row("SY", "3", "locality", "PPL", "Abu Kamal", "البوكمال", "", 36.2, 36.8),
        _wof_row("IQ", "12", "locality", "PPLA2", "Kafr Saba", "كفر صبا", "", 33.0, 44.0, admin1="Al-Anbar"),
        _wof_row("IQ", "13", "locality", "PPL", "Tell Sabi", "تل صابي", "", 33.1, 44.1, admin1="Al-Anbar"),
        _wof_row("IQ", "14", "region", "", "Al-Anbar", "الأنبار", "الرمادي|محافظة الأنبار", 33.4, 42.2),
        _wof_row("IQ", "15", "locality", "PPL", "Ramadi", "الرمادي", "", 33.42, 43.3, population=300000),
        _wof_row("LB", "17", "locality", "PPL", "Ain Qana", "عين قانا", "", 33.5, 35.45),
        _wof_row("LB", "18", "locality", "PPL", "Sharqi", "الشرقي", "", 33.35, 35.35),
        _wof_row("YE", "16", "locality", "PPLQ", "Old Wadi", "الوادي القديم", "", 15.0, 44.0, current="0"),
    ]
    (src / "wof_places_ar_sy_iq_lb_jo_ye.tsv").write_text(_WOF_HEADER + "".join(rows), encoding="utf-8")
    out = src / "out.tsv.gz"
    build(src.parent, out, extra=src / "extra.tsv")
    return Gazetteer.load(out)


def test_wof_adds_syrian_villages_foreign_seats_towns_and_lebanese_villages(tiny: Gazetteer,
                                                                           with_wof: Gazetteer) -> None:
    assert {p.id for p in tiny} <= {p.id for p in with_wof}  # compiled places keep their ids
    [village] = with_wof.by_name(fold("تل وردان"))
    assert (village.country, village.admin1, village.cued) == ("Syria", "Hama", ())  # two words: read alone
    assert with_wof.by_name(fold("تل صابي")) == []  # a foreign village of no size and no seat
    [village] = with_wof.by_name(fold("عين قانا"))
    assert (village.country, village.kind) == ("Lebanon", "village")


def test_wof_foreign_places_get_their_country_and_admin1(with_wof: Gazetteer) -> None:
    [village] = with_wof.by_name(fold("كفر صبا"))
    assert (village.country, village.iso, village.admin1) == ("Iraq", 368, "Al Anbar")
    [region] = [p for p in with_wof.by_name(fold("الأنبار")) if p.kind == "governorate"]
    assert fold("الرمادي") not in {fold(n) for n in region.names_ar}  # a town's name is not the region's
    assert with_wof.by_name(fold("الرمادي"))[0].kind == "city"


def test_wof_leaves_out_abandoned_places_and_common_words(with_wof: Gazetteer) -> None:
    assert with_wof.by_name(fold("الوادي القديم")) == []
    assert with_wof.by_name(fold("الشرقي")) == []


def test_a_syrian_village_only_wof_knows_is_named_alone_only_by_longer_names(tiny: Gazetteer,
                                                                             with_wof: Gazetteer) -> None:
    [village] = with_wof.by_name(fold("كمين"))
    assert set(village.cued) == {"كمين", "الكمين"}
    [town] = [p for p in with_wof.by_name(fold("البوكمال")) if p.geonameid == 3]
    assert town.cued == () and town.id in {p.id for p in tiny}  # another source reads its name alone
    doc = segment(Document.from_text("نصبوا كمينا ثم وقعوا في الكمين قرب البوكمال"), None)
    assert [m.values[0].geonameid for m in with_wof.matcher(FORMS).find(doc.layer("tokens"))] == [3]


def test_a_gazetteer_written_before_cued_names_is_read(tiny: Gazetteer, tmp_path: Path) -> None:
    old = tmp_path / "old.tsv.gz"
    rows = ["\t".join(place_to_row(p)[:-1]) for p in tiny]
    old.write_bytes(gzip.compress(("\t".join(COLUMNS[:-1]) + "\n" + "\n".join(rows) + "\n").encode("utf-8")))
    assert Gazetteer.load(old).places == tiny.places


def test_names_lose_vowel_marks_and_tatweel() -> None:
    assert arabic_names(["سَلَمِيِّة", "السلمـية", "سلمية"]) == ["سلمية", "السلمية"]
