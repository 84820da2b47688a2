"""Places of Syria and its neighbours with their admin hierarchy, and a matcher for their Arabic names.

The bundled file `rasd/data/gazetteer.tsv.gz` is compiled by `rasd.build.gazetteer` from GeoNames, Open-Syria
admin units, the prayer-times place lists, `lexicons/places_extra.tsv` and Who's On First (see `data/ATTRIBUTION.md`).
`Gazetteer(places)` is also the in-memory twin for tests. How reports write names (compound heads, the kunya, a
dropped final hamza) and the common words never matched alone are cue lists of `lexicons/cues/gazetteer.yaml`,
read into `NameForms`.
"""

from __future__ import annotations

import gzip
import math
from collections.abc import Iterable, Iterator
from dataclasses import KW_ONLY, dataclass
from pathlib import Path

from rasd.errors import ResourceError
from rasd.lexicons.cues import Cues
from rasd.matcher import PhraseMatcher
from rasd.normalize import fold

__all__ = [
    "AREA_KINDS",
    "COLUMNS",
    "DEFAULT_PATH",
    "Gazetteer",
    "NameForms",
    "Place",
    "distance_km",
    "place_from_row",
    "place_to_row",
]

COLUMNS = (
    "id", "kind", "name", "name_ar", "names_ar", "lat", "lon", "country", "iso",
    "admin1", "admin2", "admin3", "population", "geonameid", "pcode", "cued",
)
# Kinds of place that stand for an area rather than a point: administrative units and regions (a governorate, the
# Qalamoun, a plain). They situate other places and are coarse scenes.
AREA_KINDS = frozenset({"governorate", "district", "subdistrict", "region", "area"})
_BEFORE_CUED = COLUMNS[:-1]  # the columns of gazetteers written before `cued` (read as having none)
_MIN_NAME = 3
_HERE = Path(__file__).parent
DEFAULT_PATH = _HERE / "data" / "gazetteer.tsv.gz"


@dataclass(frozen=True, slots=True)
class Place:
    """A place with its names, point, country and admin units (ACLED-style English admin names)."""

    id: str
    _: KW_ONLY
    name: str
    name_ar: str
    names_ar: tuple[str, ...]
    lat: float
    lon: float
    country: str
    iso: int
    admin1: str | None
    admin2: str | None
    admin3: str | None
    kind: str
    population: int = 0
    geonameid: int | None = None
    pcode: str | None = None
    # Names read only after a generic word (قرية X، بلدتي X وY), never alone: the one-word names of villages known
    # only from a list of thousands, which are as often words of the news (كمين، قنص، الكتيبة) or of other places.
    cued: tuple[str, ...] = ()


def place_to_row(place: Place) -> list[str]:
    """Serialise a place as the TSV columns of `COLUMNS`."""
    return [
        place.id, place.kind, place.name, place.name_ar, "|".join(place.names_ar),
        f"{place.lat:.5f}", f"{place.lon:.5f}", place.country, str(place.iso),
        place.admin1 or "", place.admin2 or "", place.admin3 or "", str(place.population),
        "" if place.geonameid is None else str(place.geonameid), place.pcode or "", "|".join(place.cued),
    ]


def place_from_row(row: list[str]) -> Place:
    """Read a place from the TSV columns of `COLUMNS` (or of a gazetteer written before `cued`)."""
    (pid, kind, name, name_ar, names_ar, lat, lon, country, iso, a1, a2, a3, pop, gid, pcode, cued) = (
        row if len(row) == len(COLUMNS) else [*row, ""])
    return Place(
        pid, kind=kind, name=name, name_ar=name_ar, names_ar=tuple(names_ar.split("|")),
        lat=float(lat), lon=float(lon), country=country, iso=int(iso),
        admin1=a1 or None, admin2=a2 or None, admin3=a3 or None, population=int(pop),
        geonameid=int(gid) if gid else None, pcode=pcode or None, cued=tuple(cued.split("|")) if cued else (),
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class NameForms:
    """How reports write place names, and the common words that are never matched alone as one."""

    compound_heads: tuple[str, ...]
    abu: str
    al_bu: str
    final_hamza: str
    stoplist: frozenset[str]

    @classmethod
    def from_cues(cls, cues: Cues) -> NameForms:
        """Read the forms from the `gazetteer` cue section."""
        return cls(
            compound_heads=cues.phrases("gazetteer", "compound_heads"),
            abu=cues.get("gazetteer", "abu"),
            al_bu=cues.get("gazetteer", "al_bu"),
            final_hamza=cues.get("gazetteer", "final_hamza"),
            stoplist=cues.words("gazetteer", "stoplist"),
        )

    def variants(self, folded: str) -> set[str]:
        """Spellings of a folded name seen in reporting: `ابو كمال`/`البوكمال`/`البو كمال`, solid or spaced heads."""
        out = {folded}
        words = folded.split()
        if folded.endswith(self.final_hamza) and len(folded) > 4:
            out.add(folded[:-1])
        if words[0] == self.abu and len(words) > 1:
            rest = " ".join(words[1:])
            out |= {self.al_bu + rest, f"{self.al_bu} {rest}"}
        elif words[0].startswith(self.al_bu) and len(words[0]) >= len(self.al_bu) + _MIN_NAME:
            rest = " ".join([words[0][len(self.al_bu):], *words[1:]])
            out |= {f"{self.abu} {rest}", f"{self.al_bu} {rest}"}
        if len(words) > 1 and words[0] in self.compound_heads and len(words[1]) >= _MIN_NAME:
            out.add(words[0] + " ".join(words[1:]))
        for head in self.compound_heads:
            if words[0].startswith(head) and len(words[0]) - len(head) >= _MIN_NAME and words[0] != head:
                out.add(" ".join([head, words[0][len(head):], *words[1:]]))
                break
        return out


class Gazetteer:
    """Places indexed by id and by folded Arabic name, with admin lookups and a phrase matcher."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places: tuple[Place, ...] = tuple(places)
        self._by_id = {p.id: p for p in self.places}
        self._by_name: dict[str, list[Place]] = {}
        self._governorates: dict[str, Place] = {}
        self._matcher: tuple[NameForms, PhraseMatcher[Place]] | None = None
        for p in self.places:
            for key in {fold(n) for n in p.names_ar}:
                self._by_name.setdefault(key, []).append(p)
            if p.kind == "governorate":
                for key in (fold(p.name), fold(p.admin1 or ""), *(fold(n) for n in p.names_ar)):
                    if key:
                        self._governorates.setdefault(key, p)

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Read a compiled gazetteer (default: the one bundled with rasd)."""
        source = path or DEFAULT_PATH
        fix = "run `rasd gazetteer build`" if path is None else \
            "fix the `gazetteer` setting (RASD_GAZETTEER) or write the file with `rasd gazetteer import`"
        try:
            with gzip.open(source, "rt", encoding="utf-8") as fh:
                lines = fh.read().splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ResourceError(f"cannot read the gazetteer {source}: {exc}; {fix}") from exc
        if not lines or tuple(lines[0].split("\t")) not in (COLUMNS, _BEFORE_CUED):
            raise ResourceError(f"{source} is not a rasd gazetteer (bad header); {fix}")
        return cls(place_from_row(line.split("\t")) for line in lines[1:] if line)

    def __len__(self) -> int:
        return len(self.places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places)

    @property
    def name_count(self) -> int:
        """How many distinct folded Arabic names the gazetteer holds."""
        return len(self._by_name)

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        return self._by_id.get(place_id)

    def by_name(self, folded_name: str) -> list[Place]:
        """Places one of whose Arabic names folds to `folded_name` (article included as written)."""
        return list(self._by_name.get(folded_name, ()))

    def governorate(self, name: str) -> Place | None:
        """The governorate (or foreign first-level unit) named in Arabic or English, or None."""
        return self._governorates.get(fold(name))

    def centroid(self, admin1: str) -> tuple[float, float] | None:
        """The point of a governorate given by its admin1 name, or None."""
        gov = self.governorate(admin1)
        return None if gov is None else (gov.lat, gov.lon)

    def matcher(self, forms: NameForms) -> PhraseMatcher[Place]:
        """The phrase matcher over every Arabic name and its variants, stop-listed and cued names left out."""
        if self._matcher is None or self._matcher[0] != forms:
            stop = forms.stoplist
            cued = {p.id: {fold(n) for n in p.cued} for p in self.places if p.cued}
            filed: dict[str, dict[str, Place]] = {}
            for key, places in self._by_name.items():
                alone = [p for p in places if key not in cued.get(p.id, ())]
                if key in stop or len(key.replace(" ", "")) < _MIN_NAME or not alone:
                    continue
                for variant in forms.variants(key) - stop:
                    filed.setdefault(variant, {}).update((p.id, p) for p in alone)
            self._matcher = forms, PhraseMatcher(
                ((variant, p) for variant, by_id in filed.items() for p in by_id.values()), article_must_agree=True
            )
        return self._matcher[1]
