"""Gazetteer import: GeoNames dumps, OCHA populated places and user place files, merged by the builder's rules."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from rasd.build.gazetteer_import import import_gazetteer, read_geonames, read_ocha, read_user_places
from rasd.cli import main
from rasd.document import Document
from rasd.errors import InputError, ResourceError
from rasd.gazetteer import DEFAULT_PATH, Gazetteer, NameForms, Place
from rasd.lexicons.cues import Cues
from rasd.normalize import fold
from rasd.resources import Resources
from rasd.settings import Settings
from rasd.stages.segment import segment


def _unit(pid: str, kind: str, ar: str, en: str, lat: float, lon: float, *, admin1: str, pcode: str) -> Place:
    return Place(pid, kind=kind, name=en, name_ar=ar, names_ar=(ar,), lat=lat, lon=lon, country="Syria", iso=760,
                 admin1=admin1, admin2=None if kind == "governorate" else admin1,
                 admin3=en if kind == "subdistrict" else None, pcode=pcode)


@pytest.fixture
def base() -> Gazetteer:
    """Two governorates with one sub-district each, and one village of our own invention in Idlib."""
    return Gazetteer([
        _unit("ocha:SY07", "governorate", "إدلب", "Idlib", 35.9, 36.6, admin1="Idlib", pcode="SY07"),
        _unit("ocha:SY070000", "subdistrict", "مركز إدلب", "Idlib centre", 35.9, 36.6, admin1="Idlib",
              pcode="SY070000"),
        _unit("ocha:SY05", "governorate", "حماة", "Hama", 35.1, 36.8, admin1="Hama", pcode="SY05"),
        _unit("ocha:SY050000", "subdistrict", "مركز حماة", "Hama centre", 35.1, 36.8, admin1="Hama",
              pcode="SY050000"),
        Place("gn:900001", kind="village", name="Mazraat al-Bayda", name_ar="مزرعة البيضاء",
              names_ar=("مزرعة البيضاء",), lat=35.95, lon=36.65, country="Syria", iso=760, admin1="Idlib",
              admin2="Idlib", admin3="Idlib centre", geonameid=900001),
    ])


def _geonames_row(gid: int, name: str, alternates: str, lat: float, lon: float, fclass: str, fcode: str,
                  admin1: str, population: int) -> str:
    cols = [str(gid), name, name, alternates, f"{lat}", f"{lon}", fclass, fcode, "SY", "", admin1, "", "", "",
            str(population), "", "300", "Asia/Damascus", "2024-01-01"]
    assert len(cols) == 19
    return "\t".join(cols) + "\n"


@pytest.fixture
def geonames(tmp_path: Path) -> Path:
    path = tmp_path / "SY.txt"
    path.write_text(
        _geonames_row(900002, "Tall al-Ward", "Tell el Ward,تل الورد,تل ورد", 35.91, 36.61, "P", "PPL", "12", 0)
        + _geonames_row(900003, "Ayn Safsaf", "عين الصفصاف", 35.2, 36.9, "P", "PPL", "10", 4200)
        + _geonames_row(900004, "Nameless", "Only Latin", 35.3, 36.9, "P", "PPL", "10", 0)
        + _geonames_row(900005, "Jabal Airbase", "مطار الجبل", 35.4, 36.7, "S", "AIRB", "10", 0)
        + _geonames_row(900006, "Some District", "منطقة ما", 35.4, 36.7, "A", "ADM2", "10", 0)
        + _geonames_row(900001, "Mazraat al-Bayda", "مزرعة البيضا", 35.951, 36.651, "P", "PPL", "12", 0),
        encoding="utf-8",
    )
    return path


def test_geonames_rows_with_arabic_names_become_places(geonames: Path) -> None:
    recs = {r.geonameid: r for r in read_geonames(geonames)}
    assert set(recs) == {900001, 900002, 900003, 900005}  # no Arabic name, or an admin unit: left out
    assert recs[900002].names_ar == ("تل الورد", "تل ورد")
    assert (recs[900002].kind, recs[900002].admin1) == ("village", "Idlib")
    assert (recs[900003].kind, recs[900003].admin1) == ("town", "Hama")
    assert recs[900005].kind == "base"


def test_geonames_alternate_names_file_gives_the_arabic_names(geonames: Path, tmp_path: Path) -> None:
    alternates = tmp_path / "alternateNamesV2.txt"
    alternates.write_text(
        "1\t900002\tfa\tتل وردی\t\t\t\t\t\t\n"
        "2\t900002\tar\tتل الوردة\t\t\t\t1\t\t\n"
        "3\t900002\tar\tتل الورد\t1\t\t\t\t\t\n"
        "4\t900099\tar\tمكان آخر\t\t\t\t\t\t\n",
        encoding="utf-8",
    )
    recs = {r.geonameid: r for r in read_geonames(geonames, alternate_names=alternates)}
    assert recs[900002].names_ar == ("تل الورد", "تل الوردة")  # preferred first, historic last, no Persian
    assert 900003 not in recs  # its Arabic name was only in the alternatenames column


def test_geonames_file_with_wrong_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "SY.txt"
    path.write_text("900002\tTall al-Ward\t35.91\t36.61\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"SY.txt:1: 4 columns"):
        read_geonames(path)


_OCHA_HEADER = (
    "admin0Name_en,admin0Name_ar,admin0Pcode,admin1Name_en,admin1Name_ar,admin1Pcode,admin2Name_en,admin2Name_ar,"
    "admin2Pcode,admin3Name_en,admin3Name_ar,admin3Pcode,admin4Name_en,admin4Name_ar,admin4Pcode,"
    "admin4AltName1_ar,latitude,longitude\n"
)


@pytest.fixture
def ocha(tmp_path: Path) -> Path:
    path = tmp_path / "syr_pplp.csv"
    path.write_text(
        _OCHA_HEADER
        + "#country+name,#country+name+i_ar,#country+code,#adm1+name,#adm1+name+i_ar,#adm1+code,#adm2+name,"
          "#adm2+name+i_ar,#adm2+code,#adm3+name,#adm3+name+i_ar,#adm3+code,#loc+name,#loc+name+i_ar,#loc+code,"
          "#loc+name+alt,#geo+lat,#geo+lon\n"
        + "Syria,سوريا,SY,Idleb,إدلب,SY07,Idleb,إدلب,SY0700,Idleb,إدلب,SY070000,Tal Elward,تل الورد,C9001,"
          "تلة الورد,35.912,36.612\n"
        + "Syria,سوريا,SY,Hama,حماة,SY05,Hama,حماة,SY0500,Unknown,مجهول,SY059999,Kherbet Ruman,خربة الرمان,C9002,"
          ",35.3,36.95\n"
        + "Syria,سوريا,SY,Hama,حماة,SY05,Hama,حماة,SY0500,Hama,حماة,SY050000,No Point,بلا موقع,C9003,,,\n",
        encoding="utf-8-sig",
    )
    return path


def test_ocha_communities_take_admin_units_from_their_pcodes(ocha: Path, base: Gazetteer) -> None:
    recs = {r.pcode: r for r in read_ocha(ocha, base=base)}
    assert set(recs) == {"C9001", "C9002"}  # the HXL row and the row without coordinates are skipped
    ward = recs["C9001"]
    assert ward.names_ar == ("تل الورد", "تلة الورد")
    assert (ward.admin1, ward.admin2, ward.admin3, ward.lat) == ("Idlib", "Idlib", "Idlib centre", 35.912)
    assert (recs["C9002"].admin1, recs["C9002"].admin3) == ("Hama", None)  # unknown sub-district: admin1 only


def test_ocha_file_without_arabic_names_is_refused(tmp_path: Path, base: Gazetteer) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name,latitude,longitude\nx,1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="admin4name_ar"):
        read_ocha(path, base=base)


@pytest.mark.parametrize("sep", ["\t", ","])
def test_user_places_in_tsv_or_csv(sep: str, tmp_path: Path, base: Gazetteer) -> None:
    path = tmp_path / ("mine.tsv" if sep == "\t" else "mine.csv")
    rows = [
        ["name_ar", "name_en", "lat", "lon", "kind", "admin1", "aliases"],
        ["مخيم الزيتونة", "Zaytouna camp", "35.93", "36.63", "camp", "إدلب", "الزيتونة|مخيم زيتونة"],
        ["نقطة الصخرة", "Sakhra post", "35.2", "36.85", "base", "Hama", ""],
    ]
    path.write_text("# my places\n" + "".join(sep.join(r) + "\n" for r in rows), encoding="utf-8")
    camp, post = read_user_places(path, base=base)
    assert camp.names_ar == ("مخيم الزيتونة", "الزيتونة", "مخيم زيتونة")
    assert (camp.kind, camp.admin1, camp.cc) == ("camp", "Idlib", "SY")
    assert (post.kind, post.admin1, post.lat) == ("base", "Hama", 35.2)


@pytest.mark.parametrize(
    ("row", "message"),
    [("مخيم\tcamp\t35.9\t36.6\tfortress\t", "kind 'fortress'"),
     ("مخيم\tcamp\tnorth\t36.6\tcamp\t", "lat 'north'"),
     ("مخيم\tcamp\t35.9\t36.6\tcamp\tAtlantis", "admin1 'Atlantis'"),
     ("camp\tcamp\t35.9\t36.6\tcamp\t", "not an Arabic name")],
)
def test_user_places_with_bad_rows_are_refused(row: str, message: str, tmp_path: Path, base: Gazetteer) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text("name_ar\tname_en\tlat\tlon\tkind\tadmin1\n" + row + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"mine.tsv:2: .*{message}"):
        read_user_places(path, base=base)


def test_import_merges_sources_into_the_base(geonames: Path, ocha: Path, tmp_path: Path, base: Gazetteer) -> None:
    mine = tmp_path / "mine.tsv"
    mine.write_text("name_ar\tname_en\tlat\tlon\tkind\tadmin1\n"
                    "مخيم الزيتونة\tZaytouna camp\t35.93\t36.63\tcamp\t\n", encoding="utf-8")
    out = tmp_path / "mine.tsv.gz"
    report = import_gazetteer(out, geonames=geonames, ocha=ocha, places=mine, base=base)
    gaz = Gazetteer.load(out)
    assert report.places == len(gaz)
    # The GeoNames row and the OCHA community of one village are one place with both codes and all spellings.
    [ward] = gaz.by_name(fold("تل الورد"))
    assert (ward.geonameid, ward.pcode, ward.admin3) == (900002, "C9001", "Idlib centre")
    assert {"تل ورد", "تلة الورد"} <= set(ward.names_ar)
    # A base place keeps its id and name and gains the new spelling.
    [farm] = gaz.by_name(fold("مزرعة البيضا"))
    assert (farm.id, farm.name_ar) == ("gn:900001", "مزرعة البيضاء")
    # A user place without admin1 gets the governorate of the nearest known point.
    [camp] = gaz.by_name(fold("مخيم الزيتونة"))
    assert (camp.kind, camp.admin1) == ("camp", "Idlib")
    assert [p.kind for p in gaz.by_name(fold("حماة"))] == ["governorate"]  # units are kept as they are


def test_imported_places_are_found_in_text(geonames: Path, tmp_path: Path, base: Gazetteer) -> None:
    out = tmp_path / "mine.tsv.gz"
    import_gazetteer(out, geonames=geonames, base=base)
    doc = segment(Document.from_text("سقطت قذائف على بلدة عين الصفصاف وقرب تلورد"), None)  # type: ignore[arg-type]
    found = Gazetteer.load(out).matcher(NameForms.from_cues(Cues.load())).find(doc.layer("tokens"))
    assert [m.values[0].geonameid for m in found] == [900003, 900002]


def test_importing_nothing_gives_back_the_bundled_gazetteer(tmp_path: Path) -> None:
    out = tmp_path / "same.tsv.gz"
    import_gazetteer(out)
    assert out.read_bytes() == DEFAULT_PATH.read_bytes()


def test_setting_points_resources_at_the_imported_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                       base: Gazetteer, geonames: Path) -> None:
    out = tmp_path / "mine.tsv.gz"
    import_gazetteer(out, geonames=geonames, base=base)
    monkeypatch.setenv("RASD_GAZETTEER", str(out))
    assert Resources.load().gazetteer.by_name(fold("مطار الجبل"))
    with pytest.raises(ResourceError, match="gazetteer"):
        Resources.load(Settings.load(gazetteer=str(tmp_path / "missing.tsv.gz")))


def test_cli_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("name_ar,name_en,lat,lon,kind,admin1\nنقطة الصخرة,Sakhra post,35.2,36.85,base,Hama\n",
                    encoding="utf-8")
    out = tmp_path / "out.tsv.gz"
    assert main(["gazetteer", "import", "--places", str(mine), "--output", str(out)]) == 0
    assert "RASD_GAZETTEER" in capsys.readouterr().out
    [post] = Gazetteer.load(out).by_name(fold("نقطة الصخرة"))
    assert (post.kind, post.admin1, post.id) == ("base", "Hama", "x:sakhra-post")
    assert main(["gazetteer", "import", "--output", str(out)]) == 2
    assert "at least one source" in capsys.readouterr().err


def test_geonames_zip_is_read_like_its_text_file(geonames: Path, tmp_path: Path) -> None:
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "GeoNames readme")
        zf.write(geonames, "SY.txt")
    assert read_geonames(archive) == read_geonames(geonames)
