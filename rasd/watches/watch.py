"""A watch: what one user wants to be told about, and the pure rule deciding whether an event matches it.

Every condition a watch gives must hold; within a list of values, any one will do. The area is a bounding box, a
GeoJSON polygon (or multipolygon) drawn on the map, or admin units (country, governorate or district names, in any
case); an event without coordinates matches no box or polygon.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field, fields
from typing import Any

from rasd.errors import ConfigError

__all__ = ["CHANNELS", "DIGESTS", "NOTIFY", "Watch", "inside", "matches"]

NOTIFY = ("new", "changes", "reviews")  # what to be told: new events, their changes and merges, their reviews
DIGESTS = ("none", "hourly", "daily")  # how often e-mail is sent: each pass of the deliverer, or gathered
CHANNELS = ("webhook", "email")  # pushed channels; every watch also has its Atom feed
_EMAIL = re.compile(r"^[^@\x00-\x20]+@[^@\x00-\x20]+\.[^@\x00-\x20]+$")  # as the API's schema says
_Ring = Sequence[Sequence[float]]
_MOST_POSITIONS = 100_000  # every stored change is matched against every watch: polygons stay cheap to test
_IDS = frozenset({"name", "owner", "watch_id", "secret", "feed_token", "created_at", "mailed_at"})


@dataclass(frozen=True, slots=True)
class Watch:
    """One user's watch: the conditions an event must meet, what to be told, and where to deliver it."""

    name: str
    _: KW_ONLY
    owner: str = ""
    watch_id: str = ""
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    polygon: dict[str, Any] | None = None  # a GeoJSON Polygon or MultiPolygon geometry
    admin_units: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()  # event types or sub-event types
    min_fatalities: int | None = None
    min_confidence: float | None = None
    notify: tuple[str, ...] = ("new",)
    webhook: str | None = None
    email: str | None = None
    digest: str = "none"
    secret: str = field(default="", repr=False)  # signs webhook bodies (HMAC-SHA256)
    feed_token: str = field(default="", repr=False)  # lets a feed reader read the watch's Atom feed without a login
    created_at: str = ""
    mailed_at: str | None = None  # when its last e-mail went out

    def __post_init__(self) -> None:
        if not self.name.strip(" \t\r\n"):
            raise ConfigError("a watch needs a name")
        _check_area(self.bbox, self.polygon)
        unknown = set(self.notify) - set(NOTIFY)
        if unknown or not self.notify:
            raise ConfigError(f"notify must be some of {list(NOTIFY)}, not {sorted(unknown) or 'none'}")
        if self.digest not in DIGESTS:
            raise ConfigError(f"digest {self.digest!r} is not one of {list(DIGESTS)}")
        if self.webhook is not None and not self.webhook.startswith(("http://", "https://")):
            raise ConfigError(f"webhook {self.webhook!r} is not an http:// or https:// URL")
        if self.email is not None and not _EMAIL.match(self.email):
            raise ConfigError(f"{self.email!r} is not an e-mail address")
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise ConfigError("min_confidence lies between 0 and 1")
        if self.min_fatalities is not None and self.min_fatalities < 0:
            raise ConfigError("min_fatalities is 0 or more")

    def spec(self) -> dict[str, Any]:
        """The conditions and channels as stored (JSON): everything but the ids, secrets and times."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self) if f.name not in _IDS}

    @classmethod
    def from_spec(cls, name: str, spec: Mapping[str, Any], **ids: Any) -> Watch:
        """A watch from its stored or submitted conditions; unknown keys are refused with the known ones."""
        known = {f.name for f in fields(cls)} - _IDS
        unknown = set(spec) - known
        if unknown:
            raise ConfigError(f"a watch has no {sorted(unknown)}; known: {sorted(known)}")
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in spec.items() if v is not None}
        if "bbox" in values:
            values["bbox"] = tuple(float(x) for x in values["bbox"])
        return cls(name, **values, **ids)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _check_area(bbox: tuple[float, ...] | None, polygon: Mapping[str, Any] | None) -> None:
    if bbox is not None:
        if len(bbox) != 4:
            raise ConfigError("bbox is west,south,east,north in degrees")
        west, south, east, north = bbox
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise ConfigError(f"bbox {list(bbox)} is not west,south,east,north with west <= east and south <= north")
    if polygon is not None:
        if polygon.get("type") not in ("Polygon", "MultiPolygon") or not isinstance(polygon.get("coordinates"), list):
            raise ConfigError("polygon must be a GeoJSON Polygon or MultiPolygon geometry (type and coordinates)")
        try:
            rings = _rings(polygon)
            positions = sum(len(ring) for ring in rings)
            valid = all(len(ring) >= 4 and all(len(p) >= 2 and all(isinstance(x, int | float) for x in p[:2])
                                               for p in ring) for ring in rings)
        except TypeError:
            valid = False
        if not valid:
            raise ConfigError("each ring of the polygon needs at least four [longitude, latitude] positions")
        if positions > _MOST_POSITIONS:
            raise ConfigError(f"the polygon has {positions} positions; simplify it to at most {_MOST_POSITIONS}")


def _rings(polygon: Mapping[str, Any]) -> list[_Ring]:
    parts = [polygon["coordinates"]] if polygon["type"] == "Polygon" else polygon["coordinates"]
    return [ring for part in parts for ring in part]


def _in_ring(lon: float, lat: float, ring: _Ring) -> bool:
    """Ray casting: whether a point lies inside a closed ring of [lon, lat] positions."""
    found = False
    for (x1, y1, *_), (x2, y2, *_) in itertools.pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            found = not found
    return found


def inside(lon: float, lat: float, polygon: Mapping[str, Any]) -> bool:
    """Whether a point lies in a GeoJSON Polygon (outside its holes) or in any polygon of a MultiPolygon."""
    parts = [polygon["coordinates"]] if polygon["type"] == "Polygon" else polygon["coordinates"]
    return any(_in_ring(lon, lat, part[0]) and not any(_in_ring(lon, lat, hole) for hole in part[1:])
               for part in parts if part)


def _in_area(watch: Watch, event: Mapping[str, Any]) -> bool:
    lon, lat = event.get("longitude"), event.get("latitude")
    placed = isinstance(lon, int | float) and isinstance(lat, int | float)
    if watch.bbox is not None:
        west, south, east, north = watch.bbox
        if not placed or not (west <= lon <= east and south <= lat <= north):  # type: ignore[operator]
            return False
    if watch.polygon is not None and (not placed or not inside(float(lon), float(lat), watch.polygon)):  # type: ignore[arg-type]
        return False
    if watch.admin_units:
        names = {str(event.get(k) or "").casefold() for k in ("country", "admin1", "admin2")} - {""}
        return any(unit.casefold() in names for unit in watch.admin_units)
    return True


def matches(watch: Watch, event: Mapping[str, Any]) -> bool:
    """Whether an event (a FORMATS.md event dict, as the store shows it) meets every condition of a watch."""
    if not _in_area(watch, event):
        return False
    if watch.actors and not {event.get("actor1"), event.get("actor2")} & set(watch.actors):
        return False
    if watch.event_types and not {event.get("event_type"), event.get("sub_event_type")} & set(watch.event_types):
        return False
    if watch.min_fatalities is not None and int(event.get("fatalities") or 0) < watch.min_fatalities:
        return False
    return watch.min_confidence is None or float(event.get("confidence") or 0.0) >= watch.min_confidence
