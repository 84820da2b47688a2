"""Events out: ACLED-column CSV, GeoJSON, JSON Lines (FORMATS.md) and PLOVER JSON Lines.

Every writer takes FORMATS.md event dicts (what `rasd extract` writes per event and what the store keeps in
`EventRecord.data`; `store_events` adds the review state) and streams them to a text file.

**CSV (ACLED columns).** The 31 columns of ACLED's public export, in ACLED's order (`ACLED_COLUMNS`), then
rasd's own columns (`EXTRA_COLUMNS`), so a workflow written for ACLED reads the first 31 unchanged. Choices:

- `event_id_cnty` is rasd's event id (`ev-…`); ACLED's ids (`SYR12345`) are ACLED's own numbering.
- `event_date` is ISO `yyyy-mm-dd`, as ACLED's API writes it (its export tool writes `01 March 2024`, which
  pandas and R also parse; ISO sorts and is read as a date by Excel in every locale).
- `inter1`, `inter2` and `interaction` are ACLED's current text labels (`State forces`, `Rebel group`,
  `State forces-Civilians`, `Rebel group only`, with ACLED's `External/Other forces-Civilians` for code 78);
  the numeric codes stay in the JSON formats.
- `civilian_targeting` is `Civilian targeting` or empty; `assoc_actor_*`, `source` and `tags` join their
  values with `; `; `region` comes from the country (`Middle East` for Syria); `source_scale` is left empty
  because rasd does not classify outlets by reach; `timestamp` is the Unix time of the last change in the
  store (empty for events that never were in a store). Unknown values are empty cells, never guessed.
- The file starts with a UTF-8 byte-order mark unless `bom=False`: without it Excel opens Arabic UTF-8 text
  as mojibake, and pandas, readr and Python's `utf-8-sig` codec skip it. The dialect is RFC 4180 (commas,
  double quotes, CRLF).
- A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return, which a spreadsheet would run as a
  formula, gets a leading apostrophe (OWASP); numbers such as `-36.5` stay, and `acled_row` and JSON keep the text.

**GeoJSON.** One RFC 7946 FeatureCollection; each feature's `geometry` is a Point `[longitude, latitude]`,
or null for an event without coordinates, and its `properties` are the whole event dict.

**JSON Lines.** One FORMATS.md event object a line, with the store's review fields when exported from a store.

**PLOVER.** The Open Event Data Alliance's Political Language Ontology for Verifiable Event Records (manual
draft 0.7): one JSON object a line with `id`, `date`, `source` and `recipient` (lists of actor objects:
`code` ISO 3166 alpha-3 or IGO/IMG, `sector` GOV, MIL, COP, SPY, REB, PRM, UAF, CVL, JRN, MED, EDU, REF,
AGR, LAB, `actor_text` in Arabic, `identifier_id` a Wikidata id, `identifier_text` the canonical name),
`event` and `mode` and `context` lists, `event_loc` (GeoNames field names), `event_text`, `quad_code`,
`event_scale` (the manual's Schrodt score), ASSAULT's `dead` and `injured`, `cite_info` (one object per
source, a list because rasd events merge several reports), `coder` and `comment` (the English notes).
As PLOVER prescribes, two-sided violence (battles) lists both sides as `source` with no `recipient`.
Events with no PLOVER counterpart (`Other` strategic developments) or without a date are left out.

| ACLED sub-event type | PLOVER event | mode | context |
|---|---|---|---|
| Government regains territory, Non-state actor overtakes territory | ASSAULT (two-sided) | | military, resource |
| Armed clash | ASSAULT (two-sided) | firearms | military |
| Excessive force against protesters | ASSAULT | | |
| Protest with intervention, Peaceful protest | PROTEST | demo | |
| Violent demonstration | PROTEST | riot | |
| Mob violence | ASSAULT | beat | |
| Chemical weapon | ASSAULT | | military, cbrn |
| Air/drone strike, Shelling/artillery/missile attack | ASSAULT | heavy-weapons | military |
| Suicide bomb | ASSAULT | suicide-attack | |
| Remote explosive/landmine/IED, Grenade | ASSAULT | explosives | |
| Sexual violence | ASSAULT | sexual | |
| Attack | ASSAULT | | |
| Abduction/forced disappearance | ASSAULT | abduct | |
| Agreement | SUPPORT (signing an agreement, CAMEO 057) | | |
| Arrests | COERCE | arrest | |
| Change to group/activity, Headquarters or base established | MOBILIZE | troops | military |
| Disrupted weapons use (interception, defusal, seizure: no force on people) | MOBILIZE | weapons | military |
| Looting/property destruction | ASSAULT | destroy | |
| Non-violent transfer of territory | RETREAT | withdraw | military, resource |
| Other | (left out) | | |
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

from rasd.errors import ConfigError, InputError, ResourceError
from rasd.event import COUNTRY_CODES

if TYPE_CHECKING:
    from rasd.actors import ActorLexicon
    from rasd.store import EventFilter, Store

__all__ = [
    "ACLED_COLUMNS",
    "EXTRA_COLUMNS",
    "FORMATS",
    "MEDIA_TYPES",
    "PLOVER",
    "SUFFIXES",
    "PloverMapping",
    "acled_row",
    "geojson_feature",
    "matches",
    "plover_record",
    "read_events",
    "region_of",
    "spreadsheet_safe",
    "store_events",
    "write",
]

FORMATS = ("csv", "geojson", "jsonl", "plover")
# The media type of each format (for HTTP responses) and the suffix of its files.
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json", "jsonl": "application/x-ndjson",
               "plover": "application/x-ndjson"}
SUFFIXES = {"csv": ".csv", "geojson": ".geojson", "jsonl": ".jsonl", "plover": ".plover.jsonl"}

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
EXTRA_COLUMNS = (
    "actor1_ar", "actor2_ar", "location_ar", "geonameid", "pcode", "origin", "origin_ar", "origin_latitude",
    "origin_longitude", "civilian_fatalities", "injuries", "targets", "modality", "confidence", "review_state",
    "source_urls", "article_ids",
)

_INTER = {1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia", 5: "Rioters",
          6: "Protesters", 7: "Civilians", 8: "External/Other forces"}
_REGIONS = {
    "Middle East": ("Bahrain", "Iran", "Iraq", "Israel", "Jordan", "Kuwait", "Lebanon", "Oman", "Palestine",
                    "Qatar", "Saudi Arabia", "Syria", "Turkey", "United Arab Emirates", "Yemen"),
    "Northern Africa": ("Algeria", "Egypt", "Libya", "Morocco", "Sudan", "Tunisia"),
}
_REGION_OF = {country: region for region, countries in _REGIONS.items() for country in countries}
_ISO = COUNTRY_CODES


@dataclass(frozen=True, slots=True)
class PloverMapping:
    """The PLOVER event category, modes and contexts of an ACLED sub-event type."""

    event: str
    _: KW_ONLY
    mode: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    two_sided: bool = False


_MILITARY = ("military",)
# The table of the module docstring; `Other` has no PLOVER counterpart.
PLOVER: dict[str, PloverMapping] = {
    "Government regains territory": PloverMapping("ASSAULT", context=("military", "resource"), two_sided=True),
    "Non-state actor overtakes territory": PloverMapping("ASSAULT", context=("military", "resource"),
                                                         two_sided=True),
    "Armed clash": PloverMapping("ASSAULT", mode=("firearms",), context=_MILITARY, two_sided=True),
    "Excessive force against protesters": PloverMapping("ASSAULT"),
    "Protest with intervention": PloverMapping("PROTEST", mode=("demo",)),
    "Peaceful protest": PloverMapping("PROTEST", mode=("demo",)),
    "Violent demonstration": PloverMapping("PROTEST", mode=("riot",)),
    "Mob violence": PloverMapping("ASSAULT", mode=("beat",)),
    "Chemical weapon": PloverMapping("ASSAULT", context=("military", "cbrn")),
    "Air/drone strike": PloverMapping("ASSAULT", mode=("heavy-weapons",), context=_MILITARY),
    "Suicide bomb": PloverMapping("ASSAULT", mode=("suicide-attack",)),
    "Shelling/artillery/missile attack": PloverMapping("ASSAULT", mode=("heavy-weapons",), context=_MILITARY),
    "Remote explosive/landmine/IED": PloverMapping("ASSAULT", mode=("explosives",)),
    "Grenade": PloverMapping("ASSAULT", mode=("explosives",)),
    "Sexual violence": PloverMapping("ASSAULT", mode=("sexual",)),
    "Attack": PloverMapping("ASSAULT"),
    "Abduction/forced disappearance": PloverMapping("ASSAULT", mode=("abduct",)),
    "Agreement": PloverMapping("SUPPORT"),
    "Arrests": PloverMapping("COERCE", mode=("arrest",)),
    "Change to group/activity": PloverMapping("MOBILIZE", mode=("troops",), context=_MILITARY),
    "Disrupted weapons use": PloverMapping("MOBILIZE", mode=("weapons",), context=_MILITARY),
    "Headquarters or base established": PloverMapping("MOBILIZE", mode=("troops",), context=_MILITARY),
    "Looting/property destruction": PloverMapping("ASSAULT", mode=("destroy",)),
    "Non-violent transfer of territory": PloverMapping("RETREAT", mode=("withdraw",),
                                                       context=("military", "resource")),
}
# When the sub-event type is unknown, the event type alone still names the PLOVER category.
_PLOVER_OF_TYPE = {
    "Battles": PloverMapping("ASSAULT", context=_MILITARY, two_sided=True),
    "Explosions/Remote violence": PloverMapping("ASSAULT", context=_MILITARY),
    "Violence against civilians": PloverMapping("ASSAULT"),
    "Protests": PloverMapping("PROTEST"),
    "Riots": PloverMapping("PROTEST"),
}
_QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
         "DEMAND": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3, "PROTEST": 4, "MOBILIZE": 4,
         "COERCE": 4, "ASSAULT": 4}
_SCALE = {"ASSAULT": -9.3, "COERCE": -7.2, "PROTEST": -6.6, "MOBILIZE": -5.3, "SANCTION": -5.2, "THREATEN": -5.1,
          "DEMAND": -5.0, "REJECT": -4.2, "ACCUSE": -2.0, "CONSULT": 2.1, "AGREE": 4.2, "SUPPORT": 4.6,
          "CONCEDE": 5.0, "COOPERATE": 6.8, "AID": 7.4, "RETREAT": 7.6}
_KIND_SECTOR = {"rebel": "REB", "militia": "PRM", "civilians": "CVL", "victim": "CVL", "unidentified": "UAF",
                "protesters": "CVL", "coalition": "MIL", "state": "MIL", "unit": "MIL"}
_INTER_SECTOR = {1: "MIL", 2: "REB", 3: "PRM", 4: "PRM", 5: "CVL", 6: "CVL", 7: "CVL", 8: "MIL"}
# Name prefixes that refine a sector: PLOVER has codes for these groups of people and institutions.
_NAMED_SECTORS = (("Government of", "GOV"), ("Police Forces", "COP"), ("Journalists", "JRN"),
                  ("Health Workers", "MED"), ("Teachers", "EDU"), ("Students", "EDU"), ("Refugees", "REF"),
                  ("Farmers", "AGR"), ("Herders", "AGR"), ("Labour Group", "LAB"))


def _text(value: Any) -> str:
    """A CSV cell: empty for None, ACLED's `; ` between list items, the value as written otherwise."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value if v is not None)
    return str(value)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def region_of(country: str | None) -> str:
    """ACLED's region of a country (`Middle East` for Syria), or empty when rasd does not know it."""
    return _REGION_OF.get(country or "", "")


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading apostrophe before what it would run as a formula."""
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _interaction(code: Any) -> str:
    if not isinstance(code, int) or code <= 0:
        return ""
    first, second = sorted(divmod(code, 10)) if code % 10 else (code // 10, 0)
    if first not in _INTER or (second and second not in _INTER):
        return ""
    if not second:
        return f"{_INTER[first]} only"
    # ACLED names 78 with the external force first, against its smaller-code-first rule.
    return "External/Other forces-Civilians" if (first, second) == (7, 8) else f"{_INTER[first]}-{_INTER[second]}"


def _unix(stamp: Any) -> int | None:
    if not stamp:
        return None
    try:
        return int(datetime.fromisoformat(str(stamp)).timestamp())
    except ValueError:
        return None


def _outlet(source: Mapping[str, Any]) -> str | None:
    outlet = source.get("outlet")
    if outlet:
        return str(outlet)
    url = source.get("url")
    return urlsplit(str(url)).netloc or None if url else None


def _unique(values: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(v for v in values if v is not None))


def acled_row(event: Mapping[str, Any]) -> dict[str, str]:
    """One event as a CSV row: ACLED's columns, then rasd's (`EXTRA_COLUMNS`), every value a string."""
    day = event.get("event_date")
    sources = event.get("sources") or []
    origin = event.get("origin") or {}
    row = {key: _text(event.get(key)) for key in (*ACLED_COLUMNS, *EXTRA_COLUMNS)}
    row.update(
        event_id_cnty=_text(event.get("event_id")),
        year=day[:4] if isinstance(day, str) else "",
        inter1=_INTER.get(event.get("inter1"), ""),  # type: ignore[arg-type]
        inter2=_INTER.get(event.get("inter2"), ""),  # type: ignore[arg-type]
        interaction=_interaction(event.get("interaction")),
        civilian_targeting="Civilian targeting" if event.get("civilian_targeting") else "",
        region=region_of(event.get("country")),
        source=_text(_unique(_outlet(s) for s in sources)),
        source_scale="",
        timestamp=_text(_unix(event.get("updated_at"))),
        origin=_text(origin.get("location")),
        origin_ar=_text(origin.get("location_ar")),
        origin_latitude=_text(origin.get("latitude")),
        origin_longitude=_text(origin.get("longitude")),
        source_urls=_text(_unique(s.get("url") for s in sources)),
        article_ids=_text(_unique(s.get("article_id") for s in sources)),
    )
    return row


def geojson_feature(event: Mapping[str, Any]) -> dict[str, Any]:
    """One event as an RFC 7946 Feature: a `[longitude, latitude]` Point, or null geometry without coordinates."""
    lat, lon = event.get("latitude"), event.get("longitude")
    geometry = None if lat is None or lon is None else {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "id": event.get("event_id"), "geometry": geometry, "properties": dict(event)}


def _plover_actor(name: str | None, *, text: str | None, inter: Any, actors: ActorLexicon | None) -> dict[str, Any]:
    entry = actors.get(name) if actors is not None and name else None
    country = entry.country if entry is not None else _country_in(name or "")
    if entry is not None:
        sector = _KIND_SECTOR.get(entry.kind, "MIL")
    else:
        sector = _INTER_SECTOR.get(inter, "") if isinstance(inter, int) else ""
    sector = next((s for prefix, s in _NAMED_SECTORS if (name or "").startswith(prefix)), sector)
    code: str | None = _ISO[country][1] if country in _ISO else None
    if country == "International":
        code = "IMG" if sector == "REB" else "IGO"
    actor: dict[str, Any] = {"code": code, "sector": sector or None, "identifier_text": name}
    if text:
        actor["actor_text"] = text
    if entry is not None and entry.qid:
        actor["identifier_id"] = entry.qid
    return actor


def _country_in(name: str) -> str | None:
    """The country an ACLED-style name carries: `Civilians (Syria)`, `Military Forces of the United States`."""
    if name.endswith(")") and "(" in name:
        inside = name[name.rindex("(") + 1 : -1]
        if inside in _ISO:
            return inside
    for country in _ISO:
        if name.endswith((f"of {country}", f"of the {country}")) or f"of {country} (" in name:
            return country
    return None


def _side(event: Mapping[str, Any], n: int, actors: ActorLexicon | None) -> list[dict[str, Any]]:
    main = event.get(f"actor{n}")
    if main is None:
        return []
    side = [_plover_actor(main, text=event.get(f"actor{n}_ar"), inter=event.get(f"inter{n}"), actors=actors)]
    side += [_plover_actor(a, text=None, inter=None, actors=actors) for a in event.get(f"assoc_actor_{n}") or []]
    return side


def plover_record(event: Mapping[str, Any], *, actors: ActorLexicon | None = None) -> dict[str, Any] | None:
    """One event as a PLOVER record, or None when PLOVER has no category for it or it has no date.

    `actors` (the bundled lexicon) supplies actor countries, kinds and Wikidata ids; without it they are read
    from the canonical names and inter codes.
    """
    sub, kind, day = event.get("sub_event_type"), event.get("event_type"), event.get("event_date")
    mapping = PLOVER.get(sub) if sub else _PLOVER_OF_TYPE.get(kind or "")
    if mapping is None or not day:
        return None
    first, second = _side(event, 1, actors), _side(event, 2, actors)
    source, recipient = (first + second, []) if mapping.two_sided else (first, second)
    country = event.get("country")
    alpha2, alpha3 = _ISO.get(country or "", (None, None))
    location = {"geonameid": event.get("geonameid"), "name": event.get("location"), "name_ar":
                event.get("location_ar"), "latitude": event.get("latitude"), "longitude": event.get("longitude"),
                "country code": alpha2, "cc3": alpha3, "admin1": event.get("admin1"), "admin2": event.get("admin2"),
                "admin3": event.get("admin3"), "pcode": event.get("pcode"), "geo_precision": event.get("geo_precision")}
    evidence = event.get("evidence") or []
    record: dict[str, Any] = {
        "id": event.get("event_id"),
        "date": day,
        "source": source,
        "recipient": recipient,
        "event": [mapping.event],
        "mode": list(mapping.mode),
        "context": list(mapping.context),
        "event_loc": {k: v for k, v in location.items() if v is not None},
        "event_text": _unique(e.get("text") for e in sorted(evidence, key=lambda e: e.get("role") != "trigger")),
        "quad_code": _QUAD[mapping.event],
        "event_scale": _SCALE[mapping.event],
        "cite_info": [{k: v for k, v in (("citation", s.get("article_id")), ("url", s.get("url")),
                                         ("publication", s.get("outlet")), ("date", s.get("published")),
                                         ("language", "ar")) if v is not None} for s in event.get("sources") or []],
        "coder": _coder(),
        "comment": event.get("notes") or None,
        "acled_event_type": kind,
        "acled_sub_event_type": sub,
        "confidence": event.get("confidence"),
    }
    if mapping.event == "ASSAULT":
        record["dead"] = event.get("fatalities")
        record["injured"] = event.get("injuries")
    return record


def _coder() -> str:
    from rasd import __version__

    return f"rasd {__version__}"


def write(events: Iterable[Mapping[str, Any]], fmt: str, out: TextIO, *, bom: bool = True,
          actors: ActorLexicon | None = None) -> int:
    """Stream events to `out` in one of `FORMATS`; return how many records were written.

    `bom` starts a CSV with a byte-order mark (for Excel); `actors` (`Resources.actors`) is the lexicon PLOVER
    records use, which that format needs.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    n = 0
    if fmt == "csv":
        if bom:
            out.write("\ufeff")
        writer = csv.DictWriter(out, fieldnames=(*ACLED_COLUMNS, *EXTRA_COLUMNS))
        writer.writeheader()
        for event in events:
            writer.writerow({key: spreadsheet_safe(cell) for key, cell in acled_row(event).items()})
            n += 1
    elif fmt == "geojson":
        out.write('{"type": "FeatureCollection", "features": [')
        for event in events:
            out.write(("\n" if n == 0 else ",\n") + json.dumps(geojson_feature(event), ensure_ascii=False))
            n += 1
        out.write("\n]}\n")
    elif fmt == "jsonl":
        for event in events:
            out.write(json.dumps(dict(event), ensure_ascii=False) + "\n")
            n += 1
    else:
        if actors is None:
            raise ResourceError("the plover format reads the actor lexicon: pass write(..., actors=...)")
        for event in events:
            record = plover_record(event, actors=actors)
            if record is not None:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
    return n


def store_events(store: Store, where: EventFilter | None = None, *, sub_event_types: Sequence[str] = (),
                 limit: int | None = None, page: int = 500) -> Iterator[dict[str, Any]]:
    """Stored events matching a filter, each with its sources, evidence and review state, fetched page by page.

    The filter's `limit` and `offset` are replaced by the paging; `limit` caps the number of events yielded.
    """
    from rasd.store import EventFilter

    base = where or EventFilter()
    offset, yielded = base.offset, 0
    while limit is None or yielded < limit:
        records = store.events(replace(base, limit=page, offset=offset))
        for brief in records:
            record = store.event(brief.event_id)  # `events` leaves sources and evidence out
            if record is None or (sub_event_types and record.data.get("sub_event_type") not in sub_event_types):
                continue
            yield record.data | {"review_state": record.review_state, "version": record.version,
                                 "created_at": record.created_at, "updated_at": record.updated_at}
            yielded += 1
            if limit is not None and yielded >= limit:
                return
        if len(records) < page:
            return
        offset += page


def matches(event: Mapping[str, Any], where: EventFilter, *, sub_event_types: Sequence[str] = ()) -> bool:
    """Whether an event dict passes a store filter (for events read from files rather than a store)."""
    if not _when_and_where(event, where):
        return False
    confidence = event.get("confidence")
    checks = (
        where.country is None or event.get("country") == where.country,
        where.admin1 is None or event.get("admin1") == where.admin1,
        where.admin2 is None or event.get("admin2") == where.admin2,
        not where.event_types or event.get("event_type") in where.event_types,
        not sub_event_types or event.get("sub_event_type") in sub_event_types,
        where.actor is None or where.actor in (event.get("actor1"), event.get("actor2")),
        not where.review_states or event.get("review_state") in where.review_states,
        where.min_confidence is None or (confidence is not None and confidence >= where.min_confidence),
        where.updated_since is None or str(event.get("updated_at") or "") > where.updated_since,
    )
    return all(checks)


def _when_and_where(event: Mapping[str, Any], where: EventFilter) -> bool:
    """Whether an event dict falls in a filter's days and box."""
    day, lat, lon = str(event.get("event_date") or ""), event.get("latitude"), event.get("longitude")
    if (where.date_from or where.date_to) and not day:
        return False
    if (where.date_from and day < where.date_from.isoformat()) or (where.date_to and day > where.date_to.isoformat()):
        return False
    if where.bbox is None:
        return True
    west, south, east, north = where.bbox
    return lat is not None and lon is not None and west <= lon <= east and south <= lat <= north


def read_events(path: str | Path) -> Iterator[dict[str, Any]]:
    """Events from a JSON-lines file (`-` for standard input): `rasd extract` lines or one event a line."""
    stream = sys.stdin if str(path) == "-" else _open(Path(path))
    try:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{path}, line {number}: not JSON ({err.msg}); fix or remove the line") from None
            if isinstance(item, dict) and isinstance(item.get("events"), list):
                yield from (e for e in item["events"] if isinstance(e, dict))
            elif isinstance(item, dict) and "event_type" in item:
                yield item
            else:
                raise InputError(f"{path}, line {number}: neither an extraction line with `events` nor an event")
    finally:
        if stream is not sys.stdin:
            stream.close()


def _open(path: Path) -> TextIO:
    try:
        return path.open(encoding="utf-8")
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
