"""Events out: ACLED-column CSV, GeoJSON, JSON Lines (FORMATS.md) and PLOVER JSON Lines.

Every writer takes FORMATS.md event dicts (what `rasd extract` writes per event and what the store keeps in
`EventRecord.data`; `store_events` adds the review state) and streams them to a text file.

**CSV (ACLED columns).** The 31 columns of ACLED's public export, in ACLED's order (`ACLED_COLUMNS`), then
rasd's own columns (`EXTRA_COLUMNS`), so a workflow written for ACLED reads the first 31 unchanged. Choices:

- `event_id_cnty` is in ACLED's form, the country's ISO 3166 alpha-3 code and a number (`SYR482913550417`),
  the same for an event in every export (read off its id, which the `event_id` column keeps); `XXX` for an
  event without a country.
- `event_date` is ISO `yyyy-mm-dd`, as ACLED's API writes it (its export tool writes `01 March 2024`, which
  pandas and R also parse; ISO sorts and is read as a date by Excel in every locale).
- `inter1`, `inter2` and `interaction` are ACLED's current text labels (`State forces`, `Rebel group`,
  `State forces-Civilians`, `Rebel group only`, with ACLED's `External/Other forces-Civilians` for code 78);
  the numeric codes stay in the JSON formats.
- `civilian_targeting` is `Civilian targeting` or empty; `assoc_actor_*`, `source` and `tags` join their
  values with `; `; `region` comes from the country (`Middle East` for Syria); `source_scale` is the reach of
  the event's outlets (`rasd.outlets`: New media for social posts, the others from a table of known outlets);
  `tags` holds ACLED's tags (`crowd size=…`, `women targeted: …`, `local administrators`…) and `rasd_tags`
  rasd's own (`date from publication`); `timestamp` is the Unix time of the last change in the store (empty
  for events that never were in a store). Unknown values are empty cells, never guessed.
- The file starts with a UTF-8 byte-order mark unless `bom=False`: without it Excel opens Arabic UTF-8 text
  as mojibake, and pandas, readr and Python's `utf-8-sig` codec skip it. The dialect is RFC 4180 (commas,
  double quotes, CRLF).
- A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return, which a spreadsheet would run as a
  formula, gets a leading apostrophe (OWASP); numbers such as `-36.5` stay, and `acled_row` and JSON keep the text.

**GeoJSON.** One RFC 7946 FeatureCollection; each feature's `geometry` is a Point `[longitude, latitude]`,
or null for an event without coordinates, and its `properties` are the whole event dict.

**JSON Lines.** One FORMATS.md event object a line, with the store's review fields when exported from a store.

**PLOVER.** POLECAT-style PLOVER records, one JSON object a line (`rasd.plover`).

**Complete events only, by default.** Each format holds the events ACLED would publish: a date, coordinates and a
country (`rasd.store.base.complete`); `include_incomplete` adds the others with their review state.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

from rasd.errors import ConfigError, InputError, ResourceError
from rasd.event import COUNTRY_CODES
from rasd.outlets import source_scale
from rasd.plover import PLOVER, PloverMapping, plover_record
from rasd.store.base import complete

if TYPE_CHECKING:
    from rasd.actors import ActorLexicon
    from rasd.store import EventFilter, Store

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_TAGS",
    "EXTRA_COLUMNS",
    "FORMATS",
    "MEDIA_TYPES",
    "PLOVER",
    "SUFFIXES",
    "PloverMapping",
    "acled_row",
    "acled_tag",
    "event_id_cnty",
    "geojson_feature",
    "matches",
    "plover_record",
    "read_events",
    "region_of",
    "split_tags",
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
    "event_id", "rasd_tags", "actor1_ar", "actor2_ar", "location_ar", "geonameid", "pcode", "origin", "origin_ar",
    "origin_latitude", "origin_longitude", "civilian_fatalities", "injuries", "targets", "modality", "confidence",
    "review_state", "source_urls", "article_ids",
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
# How ACLED's tags begin (its codebook's tag list); any other tag is rasd's own, written to `rasd_tags`.
ACLED_TAGS = ("crowd size=", "women targeted:", "local administrators", "armed presence", "counter-demonstration",
              "detentions", "sexual violence", "suicide bomb", "vehicle ramming", "non-violent activity",
              "hostage", "accident", "looted", "disputed", "health workers", "journalists", "election")


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


def acled_tag(tag: str) -> bool:
    """Whether a tag is one of ACLED's (`ACLED_TAGS`) rather than rasd's own."""
    return tag.lower().startswith(ACLED_TAGS)


def event_id_cnty(event: Mapping[str, Any]) -> str:
    """ACLED's form of an event's id: its country's alpha-3 code and a number read off rasd's id (stable)."""
    code = _ISO.get(event.get("country") or "", (None, "XXX"))[1]
    ident = str(event.get("event_id") or "")
    digits = ident.removeprefix("ev-")
    number = int(digits, 16) % 10**15 if re.fullmatch(r"[0-9a-f]{8,}", digits) else zlib.crc32(ident.encode())
    return f"{code}{number}"


def split_tags(event: Mapping[str, Any]) -> dict[str, Any]:
    """An event with ACLED's tags in `tags` and rasd's own in `rasd_tags` (what the JSON exports write)."""
    tags = list(event.get("tags") or ())
    return dict(event) | {"tags": [t for t in tags if acled_tag(t)], "rasd_tags": [t for t in tags if not acled_tag(t)]}


def acled_row(event: Mapping[str, Any]) -> dict[str, str]:
    """One event as a CSV row: ACLED's columns, then rasd's (`EXTRA_COLUMNS`), every value a string."""
    day = event.get("event_date")
    sources = event.get("sources") or []
    origin = event.get("origin") or {}
    row = {key: _text(event.get(key)) for key in (*ACLED_COLUMNS, *EXTRA_COLUMNS)}
    row.update(
        event_id_cnty=event_id_cnty(event),
        event_id=_text(event.get("event_id")),
        tags=_text([t for t in event.get("tags") or () if acled_tag(t)]),
        rasd_tags=_text([t for t in event.get("tags") or () if not acled_tag(t)]),
        year=day[:4] if isinstance(day, str) else "",
        inter1=_INTER.get(event.get("inter1"), ""),  # type: ignore[arg-type]
        inter2=_INTER.get(event.get("inter2"), ""),  # type: ignore[arg-type]
        interaction=_interaction(event.get("interaction")),
        civilian_targeting="Civilian targeting" if event.get("civilian_targeting") else "",
        region=region_of(event.get("country")),
        source=_text(_unique(_outlet(s) for s in sources)),
        source_scale=source_scale(sources),
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
    return {"type": "Feature", "id": event.get("event_id"), "geometry": geometry, "properties": split_tags(event)}


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
            out.write(json.dumps(split_tags(event), ensure_ascii=False) + "\n")
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
                 limit: int | None = None, page: int = 500, include_incomplete: bool = False,
                 ) -> Iterator[dict[str, Any]]:
    """Stored events matching a filter, each with its sources, evidence and review state, fetched page by page:
    only `complete` ones (a date, coordinates and a country) unless `include_incomplete`.

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
            if not include_incomplete and not complete(record.data):
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
