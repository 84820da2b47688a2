"""Merge the place lists users add themselves into a gazetteer file that rasd can use instead of the bundled one.

Three formats, each optional:
- a GeoNames country dump (`SY.txt`, or `SY.zip`): the 19 tab-separated GeoNames columns, Arabic names from the
  `alternatenames` column or, when given, from an `alternateNamesV2.txt`-format file (isolanguage `ar`);
- an OCHA populated-places (COD-PP) CSV: `admin4Name_ar`, `admin4Name_en`, `admin4Pcode`, the admin1-3 names and
  P-codes, `latitude`/`longitude`, optional `admin4AltName*_ar` columns and an HXL tag row;
- a user file of extra places (TSV or CSV): `name_ar`, `name_en`, `lat`, `lon`, `kind`, `admin1`, optional
  `aliases` (`|`-separated) and `country` (ISO code, default SY), for camps, bases and landmarks.

Their rows and the bundled places are merged by `rasd.build.gazetteer.assemble`, the builder's own rules, so a
village the bundled file already holds keeps its id and gains the new spellings.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from rasd.build.gazetteer import (
    COUNTRIES,
    FOREIGN_ADMIN1,
    FOREIGN_MIN_POP,
    AdminLocator,
    BuildReport,
    SourcePlace,
    arabic_names,
    assemble,
    write_gazetteer,
)
from rasd.build.wof import as_source, is_unit
from rasd.build.world import is_world
from rasd.errors import InputError
from rasd.gazetteer import Gazetteer, Place
from rasd.normalize import fold

__all__ = ["PLACE_KINDS", "import_gazetteer", "read_geonames", "read_ocha", "read_user_places"]

PLACE_KINDS = ("city", "town", "village", "neighbourhood", "camp", "base", "landmark", "area", "region")
_GEONAMES_COLUMNS = 19
# GeoNames admin1 codes of Syria (admin1CodesASCII.txt), as the ACLED governorate names rasd uses.
_SY_ADMIN1 = {
    "01": "Al-Hasakah", "02": "Lattakia", "03": "Quneitra", "04": "Ar-Raqqa", "05": "As-Sweida", "06": "Dara'a",
    "07": "Deir ez-Zor", "08": "Rif Dimashq", "09": "Aleppo", "10": "Hama", "11": "Homs", "12": "Idlib",
    "13": "Damascus", "14": "Tartous",
}
# Feature codes worth naming in conflict reporting besides populated places (class P), and their kind.
_FEATURE_KINDS = {
    "AIRB": "base", "AIRF": "base", "AIRH": "base", "INSM": "base", "MILB": "base", "FT": "base",
    "CMPRF": "camp", "CMP": "camp",
    "AIRP": "landmark", "DAM": "landmark", "BDG": "landmark", "PRN": "landmark", "HSP": "landmark",
    "OILF": "landmark", "GASF": "landmark", "PS": "landmark", "PSTB": "landmark", "RSTN": "landmark",
    "CSTL": "landmark", "STDM": "landmark", "HLL": "landmark", "MT": "landmark",
}
_CITY_CODES = {"PPLC", "PPLA"}
_TOWN_CODES = {"PPLA2", "PPLA3"}
_SKIPPED_P = {"PPLH"}  # historical places that no longer exist under that name
_LAT_COLUMNS = ("latitude", "lat", "latitude_y", "y")
_LON_COLUMNS = ("longitude", "lon", "long", "longitude_x", "x")
_ALT_AR = re.compile(r"admin4altname\d*_ar")


@contextmanager
def _open_text(path: Path) -> Iterator[TextIO]:
    """Open a text file, a `.gz` file or the data file of a GeoNames `.zip` (the `.txt` named like the zip)."""
    try:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                members = [n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
                wanted = f"{path.stem}.txt"
                member = wanted if wanted in members else (members[0] if len(members) == 1 else None)
                if member is None:
                    raise InputError(f"{path} holds {members}; unzip it and pass the data file")
                with zf.open(member) as raw:
                    yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        elif path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as fh:
                yield fh
        else:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                yield fh
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        raise InputError(f"cannot read {path}: {exc}; check the path and that the file is UTF-8") from exc


def _number(value: str, where: str, what: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise InputError(f"{where}: {what} {value!r} is not a number; fix the row or remove it") from None


def _geonames_kind(fclass: str, fcode: str, population: int) -> str | None:
    """The kind of a GeoNames feature, or None to leave it out (admin units, rivers, historical places)."""
    if fclass == "P":
        if fcode in _SKIPPED_P:
            return None
        if fcode == "PPLX":
            return "neighbourhood"
        if population >= 50_000 or fcode in _CITY_CODES:
            return "city"
        return "town" if population >= 3_000 or fcode in _TOWN_CODES else "village"
    return _FEATURE_KINDS.get(fcode)


def _alternate_arabic(path: Path, wanted: set[int]) -> dict[int, list[str]]:
    """Arabic names (isolanguage `ar`) of the wanted GeoNames ids, preferred names first, historic ones last."""
    found: dict[int, list[tuple[int, str]]] = {}
    with _open_text(path) as fh:
        for lineno, line in enumerate(fh, 1):
            cols = line.rstrip("\r\n").split("\t")
            if len(cols) < 4:
                raise InputError(f"{path}:{lineno}: {len(cols)} columns; an alternateNamesV2 file has 10 "
                                 "(alternateNameId, geonameid, isolanguage, alternate name, ...)")
            if cols[2] != "ar" or not cols[1].isdigit() or int(cols[1]) not in wanted:
                continue
            flags = cols[4:8] + [""] * (4 - len(cols[4:8]))
            rank = 0 if flags[0] == "1" else (2 if flags[3] == "1" else 1)
            found.setdefault(int(cols[1]), []).append((rank, cols[3]))
    return {gid: [name for _, name in sorted(names, key=lambda x: x[0])] for gid, names in found.items()}


def read_geonames(path: Path, *, alternate_names: Path | None = None) -> list[SourcePlace]:
    """Places of a GeoNames country dump that have an Arabic name, with their kind and admin1."""
    rows = []
    with _open_text(path) as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\r\n").split("\t")
            if len(cols) != _GEONAMES_COLUMNS:
                raise InputError(f"{path}:{lineno}: {len(cols)} columns where a GeoNames dump has 19; pass the "
                                 "country file (SY.txt) itself")
            where = f"{path}:{lineno}"
            cc, population = cols[8], int(cols[14] or 0)
            kind = _geonames_kind(cols[6], cols[7], population)
            if kind is None or cc not in COUNTRIES or population < FOREIGN_MIN_POP.get(cc, 0):
                continue
            if not cols[0].isdigit():
                raise InputError(f"{where}: geonameid {cols[0]!r} is not a number; is this a GeoNames dump?")
            lat, lon = _number(cols[4], where, "latitude"), _number(cols[5], where, "longitude")
            rows.append((int(cols[0]), cols[2] or cols[1], cols[3], lat, lon, cc, cols[10], population, kind))
    arabic = _alternate_arabic(alternate_names, {r[0] for r in rows}) if alternate_names else None
    out = []
    for gid, name_en, column, lat, lon, cc, code, population, kind in rows:
        names = arabic_names(arabic.get(gid, []) if arabic is not None else column.split(","))
        if not names:
            continue
        admin1 = _SY_ADMIN1.get(code) if cc == "SY" else FOREIGN_ADMIN1.get(cc, {}).get(code)
        out.append(SourcePlace("geonames", names_ar=tuple(names), name_en=name_en, lat=lat, lon=lon, cc=cc,
                               population=population, geonameid=gid, kind=kind, admin1=admin1))
    return out


def _column(header: dict[str, str], names: tuple[str, ...], path: Path, what: str) -> str:
    """The header of the first column called one of `names` (any case), or an error naming what is missing."""
    for name in names:
        if name in header:
            return header[name]
    raise InputError(f"{path} has no {what} column (looked for {', '.join(names)}); is it an OCHA COD-PP CSV?")


def _units_by_pcode(base: Gazetteer) -> dict[str, Place]:
    return {p.pcode: p for p in base if p.pcode and p.kind in ("governorate", "district", "subdistrict")}


def read_ocha(path: Path, *, base: Gazetteer) -> list[SourcePlace]:
    """Communities of an OCHA populated-places CSV, with admin units from their P-codes (or names)."""
    units = _units_by_pcode(base)
    out = []
    with _open_text(path) as fh:
        reader = csv.DictReader(fh)
        header = {name.strip().lower(): name for name in reader.fieldnames or ()}
        name_ar = _column(header, ("admin4name_ar",), path, "Arabic name")
        name_en = header.get("admin4name_en")
        lat_col = _column(header, _LAT_COLUMNS, path, "latitude")
        lon_col = _column(header, _LON_COLUMNS, path, "longitude")
        alternates = [header[h] for h in header if _ALT_AR.fullmatch(h)]
        for lineno, row in enumerate(reader, 2):
            if (row.get(name_ar) or "").startswith("#"):
                continue  # the HXL tag row of HDX files
            where = f"{path}:{lineno}"
            names = arabic_names([row.get(name_ar) or "", *(row.get(c) or "" for c in alternates)])
            if not names or not (row.get(lat_col) or "").strip() or not (row.get(lon_col) or "").strip():
                continue
            lat, lon = _number(row[lat_col], where, "latitude"), _number(row[lon_col], where, "longitude")
            cc = (row.get(header.get("admin0pcode", ""), "") or "SY")[:2].upper()
            cc = cc if cc in COUNTRIES else "SY"
            admin = _ocha_admin(row, header, units, base)
            out.append(SourcePlace(
                "ocha", names_ar=tuple(names), name_en=(row.get(name_en or "") or "").strip() or names[0],
                lat=lat, lon=lon, cc=cc, admin1=admin[0], admin2=admin[1], admin3=admin[2],
                pcode=(row.get(header.get("admin4pcode", "")) or "").strip() or None,
            ))
    return out


def _ocha_admin(row: dict[str, str], header: dict[str, str], units: dict[str, Place],
                base: Gazetteer) -> tuple[str | None, str | None, str | None]:
    """Admin1-3 of a community: the sub-district or governorate its P-codes name, else its admin1 name."""
    def cell(name: str) -> str:
        return (row.get(header.get(name, "")) or "").strip()

    sub = units.get(cell("admin3pcode"))
    if sub is not None:
        return sub.admin1, sub.admin2, sub.admin3
    gov = units.get(cell("admin1pcode")) or base.governorate(cell("admin1name_ar")) \
        or base.governorate(cell("admin1name_en"))
    return (gov.admin1 if gov is not None else cell("admin1name_en") or None), None, None


def read_user_places(path: Path, *, base: Gazetteer) -> list[SourcePlace]:
    """A user's extra places (TSV or CSV with a header), each checked: numbers, kind and admin1."""
    with _open_text(path) as fh:
        lines = [(n, ln) for n, ln in enumerate(fh.read().splitlines(), 1) if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise InputError(f"{path} is empty; write a header line: name_ar, name_en, lat, lon, kind, admin1, aliases")
    delimiter = "\t" if "\t" in lines[0][1] else ","
    reader = csv.DictReader(io.StringIO("\n".join(ln for _, ln in lines)), delimiter=delimiter)
    missing = {"name_ar", "name_en", "lat", "lon", "kind", "admin1"} - {f.strip() for f in reader.fieldnames or ()}
    if missing:
        raise InputError(f"{path} lacks the columns {sorted(missing)}; the header must name name_ar, name_en, lat, "
                         "lon, kind, admin1 and optionally aliases and country")
    out = []
    for (lineno, _), raw in zip(lines[1:], reader, strict=True):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        where = f"{path}:{lineno}"
        names = arabic_names([row["name_ar"], *row.get("aliases", "").split("|")])
        if not names:
            raise InputError(f"{where}: {row['name_ar']!r} is not an Arabic name; write name_ar in Arabic letters")
        if row["kind"] not in PLACE_KINDS:
            raise InputError(f"{where}: kind {row['kind']!r} is unknown; use one of {', '.join(PLACE_KINDS)}")
        cc = (row.get("country") or "SY").upper()
        if cc not in COUNTRIES:
            raise InputError(f"{where}: country {cc!r} is not one rasd covers ({', '.join(COUNTRIES)})")
        admin1 = row["admin1"] or None
        if admin1 and cc == "SY":
            gov = base.governorate(admin1)
            if gov is None:
                raise InputError(f"{where}: admin1 {admin1!r} is not a Syrian governorate; write its English or "
                                 "Arabic name (Idlib) or leave it empty")
            admin1 = gov.admin1
        out.append(SourcePlace(
            "user", names_ar=tuple(names), name_en=row["name_en"] or names[0],
            lat=_number(row["lat"], where, "lat"), lon=_number(row["lon"], where, "lon"), cc=cc,
            kind=row["kind"], admin1=admin1,
        ))
    return out


def import_gazetteer(out: Path, *, geonames: Path | None = None, alternate_names: Path | None = None,
                     ocha: Path | None = None, places: Path | None = None,
                     base: Gazetteer | None = None) -> BuildReport:
    """Merge the given sources into the bundled places (or `base`) and write the result to `out`."""
    base = base if base is not None else Gazetteer.load()
    # Units and the world's cities (`rasd.build.world`) are kept as they are; the region's places merge anew.
    apart, records = [], []
    for p in base:
        if is_unit(p) or is_world(p):
            apart.append(p)
        else:
            records.append(as_source(p))
    if geonames is not None:
        records += read_geonames(geonames, alternate_names=alternate_names)
    if ocha is not None:
        records += read_ocha(ocha, base=base)
    if places is not None:
        records += read_user_places(places, base=base)
    merged = assemble(apart, records, AdminLocator.from_places(base))
    return BuildReport(
        out, places=len(merged), names=len({fold(n) for p in merged for n in p.names_ar}),
        merged=len(records) + len(apart) - len(merged), size_bytes=write_gazetteer(merged, out),
        by_source=dict(Counter(r.source for r in records)) | {"open_syria": sum(map(is_unit, apart)),
                                                                "world": sum(map(is_world, apart))},
        by_kind=dict(sorted(Counter(p.kind for p in merged).items())),
    )
