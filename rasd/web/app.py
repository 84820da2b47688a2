"""The HTTP API and the map page over one store: `create_app(store)` gives the ASGI application.

Every failure answers in one shape, `{"error": {"status", "code", "message", "details"}}` (`ErrorOut`), whether it
comes from a bad parameter, a missing event, a missing login or a bug. Reading is open unless `public_read` is
off; reviewing needs a bearer token of a reviewer or admin (`rasd users add`), and the store records each review
with its author. Article texts and titles are untrusted: the API returns them as JSON strings only, and the page
puts them in the document as text, never as markup.

The store is one connection, so requests take turns on it (`WebState.lock`); SQLite has one writer anyway.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime
from importlib import resources
from typing import Annotated, Any, TypeVar, cast

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from rasd import __version__
from rasd import export as exporter
from rasd.actors import ActorLexicon
from rasd.cli.args import one_of
from rasd.event import DISORDER, EVENT_TYPE
from rasd.gazetteer import Gazetteer, Place
from rasd.normalize import fold
from rasd.store.base import GROUPS, PERIODS, REVIEW_STATES, ROLES, SORTS, EventFilter, EventRecord, Store
from rasd.web.access import EventId, Reader, State, Viewer, WebState, allowed
from rasd.web.auth import ALLOWED
from rasd.web.basemap import ATTRIBUTION
from rasd.web.errors import RESPONSES, add_handlers, known_parameters, not_found
from rasd.web.guard import Guard, ServeLimits
from rasd.web.models import (
    ActorOut,
    Article,
    ChangeList,
    ChangeOut,
    EventList,
    EventOut,
    Hit,
    HitList,
    LabelOut,
    Meta,
    PlaceOut,
    ReviewState,
    StatRow,
    Stats,
    UserOut,
)
from rasd.web.review import change_out, event_out, find_event, geo_precision, passages
from rasd.web.review import router as changes_router
from rasd.web.watches import router as watches_router

__all__ = ["LIMITS", "ServeLimits", "WebState", "create_app", "passages"]

# Bounds on what one request may ask for: pages, search and export sizes, and the dates a filter may name.
LIMITS = {"page": 1000, "offset": 1_000_000, "search": 100, "query_chars": 200, "export": 50_000,
          "changes": 1000, "places": 50, "actors": 50,
          "labels": 200}
# The kinds of place whose names the map writes, from the zoom at which each appears.
LABEL_ZOOM = {"city": 0, "town": 9, "village": 11}
# The fields the map needs of each event (`fields=map`), to keep pages of thousands of events small.
_MAP_FIELDS = ("event_id", "event_date", "event_type", "sub_event_type", "location", "location_ar", "admin1",
               "admin2", "latitude", "longitude", "geo_precision", "fatalities", "actor1", "actor2", "confidence")
_T = TypeVar("_T")
_STATIC = resources.files("rasd.web").joinpath("static")


def _timestamp(moment: datetime) -> str:
    """A timestamp as the store writes them (ISO, UTC, microseconds); a naive one is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    except OverflowError:  # 0001-01-01T00:00+14:00 is before the first day a datetime can hold
        raise HTTPException(400, f"{moment.isoformat()} is out of range in UTC; give a time in years 1-9999 UTC"
                            ) from None


def _bbox(value: str) -> tuple[float, float, float, float]:
    """West, south, east, north; a box reaching past the poles or the antimeridian is cut there."""
    west, south, east, north = (float(x) for x in value.split(","))
    return max(west, -180.0), max(south, -90.0), min(east, 180.0), min(north, 90.0)


def _filter(
    state: State,
    date_from: Annotated[date | None, Query(description="first day (YYYY-MM-DD)")] = None,
    date_to: Annotated[date | None, Query(description="last day (YYYY-MM-DD)")] = None,
    bbox: Annotated[str | None, Query(pattern=r"^-?\d{1,3}(\.\d+)?(,-?\d{1,3}(\.\d+)?){3}$",
                                      description="west,south,east,north in degrees")] = None,
    country: Annotated[str | None, Query(max_length=100, description="country, in any case (Syria, iraq, ...)")] = None,
    admin1: Annotated[str | None, Query(max_length=100, description="governorate, as in the events")] = None,
    admin2: Annotated[str | None, Query(max_length=100, description="district, as in the events")] = None,
    event_type: Annotated[list[str] | None, Query(max_length=20, description="event types (any of)")] = None,
    sub_event_type: Annotated[list[str] | None, Query(max_length=30, description="sub-event types (any of)")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="actor1 or actor2, exactly (/api/actors)")] = None,
    review_state: Annotated[list[ReviewState] | None, Query(max_length=5, description="review states (any of)")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=1_000_000, description="at least this many killed")] = None,
    updated_since: Annotated[datetime | None, Query(description="changed after (ISO; UTC if no zone)")] = None,
) -> EventFilter:
    """The filters of a query; a range that holds nothing (`date_from` after `date_to`) matches nothing. A country
    is matched in any case; one rasd does not know is refused with the closest names."""
    return EventFilter(
        date_from=date_from, date_to=date_to, bbox=_bbox(bbox) if bbox else None, admin1=admin1, admin2=admin2,
        country=one_of(country, state.countries, option="country") if country else None,
        event_types=tuple(event_type or ()), sub_event_types=tuple(sub_event_type or ()), actor=actor,
        review_states=tuple(review_state or ()), min_confidence=min_confidence, min_fatalities=min_fatalities,
        updated_since=_timestamp(updated_since) if updated_since else None,
    )


Filter = Annotated[EventFilter, Depends(_filter)]
_SORT = Query(pattern=f"^({'|'.join(SORTS)})$", description="a column; `-` first: latest or largest first")


# -- routes ---------------------------------------------------------------------------------------------------------

# A list answered as a bare JSON array (the page reads these as arrays) carries its total in a header; the other
# lists carry `total` in their body.
_COUNTED: dict[int | str, dict[str, Any]] = {200: {"description": "the list; X-Total-Count counts every match",
                                                   "headers": {"X-Total-Count": {"schema": {"type": "integer"},
                                                               "description": "every match, beyond `limit`"}}}}


def _counted(response: Response, items: list[_T], total: int) -> list[_T]:
    response.headers["X-Total-Count"] = str(total)
    return items

api = APIRouter(prefix="/api", responses=RESPONSES, dependencies=[Depends(known_parameters)])


def _listed(record: EventRecord, fields: str) -> dict[str, Any]:
    data = record.data if fields == "full" else {k: record.data.get(k) for k in _MAP_FIELDS}
    return data | {"review_state": record.review_state, "version": record.version, "updated_at": record.updated_at}


@api.get("/events", summary="List events", response_model=EventList)
def list_events(
    state: State, _: Reader, where: Filter,
    limit: Annotated[int, Query(ge=1, le=LIMITS["page"])] = 100,
    offset: Annotated[int, Query(ge=0, le=LIMITS["offset"])] = 0,
    fields: Annotated[str, Query(pattern="^(full|map)$", description="`map`: only what the map draws")] = "full",
    sort: Annotated[str, _SORT] = "event_date",
) -> dict[str, Any]:
    """Events matching every filter given, in the order asked (by date then id unless told), a page at a time."""
    with state.lock:
        rows = state.store.events(replace(where, limit=limit + 1, offset=offset, sort=sort), brief=True)
        total = state.store.total(where) if offset or len(rows) > limit else len(rows)
    return {"events": [_listed(r, fields) for r in rows[:limit]], "limit": limit, "offset": offset,
            "next_offset": offset + limit if len(rows) > limit else None, "total": total, "sort": sort}


@api.get("/events/{event_id}", summary="One event", response_model=EventOut)
def get_event(state: State, _: Reader, event_id: EventId) -> EventOut:
    """An event with its sources, evidence (and the sentences holding it), reports and history."""
    with state.lock:
        return event_out(state, find_event(state, event_id))


@api.get("/events/{event_id}/history", summary="An event's history", response_model=list[ChangeOut],
         responses=_COUNTED)
def event_history(state: State, _: Reader, event_id: EventId, response: Response) -> list[ChangeOut]:
    """Every recorded change to an event (also merged or deleted ones), oldest first, with its author."""
    with state.lock:
        changes = state.store.history(event_id)
    if not changes:
        raise not_found("event", event_id)
    return _counted(response, [change_out(c) for c in changes], len(changes))


@api.get("/articles/{article_id:path}", summary="One article", response_model=Article)
def get_article(state: State, _: Reader,
                article_id: Annotated[str, Path(min_length=1, max_length=2000)]) -> dict[str, Any]:
    """A stored article with its signals (ids may hold `/`). Its title and text are the outlet's: treat them as
    untrusted text."""
    with state.lock:
        article = state.store.article(article_id)
        if article is None:
            raise not_found("article", article_id)
        return article | {"signals": state.store.signals(article_id)}


@api.get("/search", summary="Search articles", response_model=HitList)
def search(state: State, _: Reader,
           q: Annotated[str, Query(min_length=1, max_length=LIMITS["query_chars"], description="Arabic words")],
           limit: Annotated[int, Query(ge=1, le=LIMITS["search"])] = 20) -> HitList:
    """Articles holding every word of an Arabic query; diacritics, hamza and letter variants are folded."""
    with state.lock:
        found = state.store.search(q, limit=limit)
        total = state.store.search_total(q) if len(found) == limit else len(found)
    return HitList(query=q, hits=[Hit(article_id=h.article_id, title=h.title, published=h.published,
                                      event_ids=list(h.event_ids)) for h in found], total=total)


_BY = (*PERIODS, *GROUPS, "country", "admin1", "admin2", "actor1", "actor2")


@api.get("/stats", summary="Count events", response_model=Stats)
def stats(state: State, _: Reader, where: Filter,
          by: Annotated[str, Query(pattern=f"^({'|'.join(_BY)})$",
                                   description="day, week (from Saturday, as ACLED's), month, governorate, district, "
                                               "type, actor (actor1 or actor2), country, admin1, admin2, actor1 or "
                                               "actor2")
                        ] = "day",
          group: Annotated[str | None, Query(pattern=f"^({'|'.join(GROUPS)})$",
                                             description="and within each: governorate, district, type or actor"
                                             )] = None) -> Stats:
    """Events matching the filters and their fatalities by period, place, type or actor, and within each by a
    group if asked (`by=week&group=type`: the page's chart of weeks by type)."""
    with state.lock:
        found = state.store.aggregate(where, by=by, group=group)
    return Stats(by=by, group=group, rows=[StatRow(key=a.key, count=a.events, fatalities=a.fatalities, group=a.group)
                                           for a in found], total=sum(a.events for a in found))


# The columns of ACLED's weekly sub-national aggregates that rasd can fill (no population exposure, id or centroid).
WEEKLY_COLUMNS = ("WEEK", "REGION", "COUNTRY", "ADMIN1", "EVENT_TYPE", "SUB_EVENT_TYPE", "EVENTS", "FATALITIES",
                  "DISORDER_TYPE")


@api.get("/stats/weekly.csv", summary="Weekly counts by governorate (CSV)", response_class=Response,
         responses={200: {"description": "a row a week, governorate and sub-event type",
                          "content": {"text/csv": {}}}})
def weekly_csv(state: State, _: Reader, where: Filter) -> Response:
    """Events and fatalities matching the filters a week (from Saturday), governorate and sub-event type, in the
    shape of ACLED's weekly sub-national aggregates: the table humanitarian teams ask for most."""
    countries = {p.admin1: p.country for p in state.gazetteer if p.kind == "governorate" and p.admin1}
    subs = [s for s in EVENT_TYPE if not where.sub_event_types or s in where.sub_event_types]
    rows = []
    with state.lock:
        for sub in subs:
            for a in state.store.aggregate(replace(where, sub_event_types=(sub,)), by="week", group="governorate"):
                country = countries.get(a.group or "", "")
                rows.append((a.key or "", exporter.region_of(country), country, a.group or "", EVENT_TYPE[sub], sub,
                             a.events, a.fatalities, DISORDER[sub]))
    rows.sort(key=lambda r: (r[0], r[3], r[4], r[5]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(WEEKLY_COLUMNS)
    writer.writerows([[exporter.spreadsheet_safe(str(cell)) for cell in row] for row in rows])
    return Response(out.getvalue(), media_type="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="rasd-weekly-admin1.csv"'})


@api.get("/changes", summary="Changes for sync", response_model=ChangeList)
def changes(state: State, _: Reader,
            since: Annotated[datetime | None, Query(description="ISO time; UTC if no zone")] = None,
            limit: Annotated[int, Query(ge=1, le=LIMITS["changes"])] = 100) -> ChangeList:
    """Changes to any event after a timestamp, oldest first: what a downstream copy must replay."""
    after = _timestamp(since) if since else None
    with state.lock:
        found = state.store.changes(since=after, limit=limit)
        total = state.store.changes_total(since=after) if len(found) == limit else len(found)
    return ChangeList(changes=[change_out(c) for c in found], next_since=found[-1].at if found else after,
                      total=total)


class _Turns:
    """The two reads of an export (`exporter.store_events`), each taking the store's lock for itself alone, so the
    other requests go between an export's events instead of waiting for the whole file: readers' p99 on 100,000
    events while a client loops the largest export, 1.5 s before (`python -m rasd.bench.fairness`)."""

    def __init__(self, state: WebState) -> None:
        self._state = state

    def events(self, where: EventFilter) -> list[EventRecord]:
        with self._state.lock:
            return self._state.store.events(where)

    def event(self, event_id: str) -> EventRecord | None:
        with self._state.lock:
            return self._state.store.event(event_id)


@api.get("/export", summary="Export events", response_class=Response,
         responses={200: {"description": "the events in the chosen format",
                          "content": {media: {} for media in sorted(set(exporter.MEDIA_TYPES.values()))}}})
def export(state: State, user: Reader, where: Filter,
           format: Annotated[str, Query(pattern="^(" + "|".join(exporter.FORMATS) + ")$",
                                        description="csv (ACLED columns), geojson, jsonl or plover")],
           limit: Annotated[int, Query(ge=1, le=LIMITS["export"],
                                       description="most events; without a login at most the server's "
                                                   "`api_anonymous_export` (see the X-Rasd-Capped header)")] = 10_000,
           include_incomplete: Annotated[bool, Query(description="also events without a date, coordinates or a "
                                                                  "country, with their review state")] = False,
           ) -> Response:
    """Events matching the filters, with their sources and evidence, as a file to download: only complete events
    (a date, coordinates and a country, as ACLED publishes them) unless `include_incomplete`."""
    headers = {"Content-Disposition": f'attachment; filename="rasd-events{exporter.SUFFIXES[format]}"'}
    if user is None and limit > state.anonymous_export:
        limit = state.anonymous_export
        headers["X-Rasd-Capped"] = f"{limit}; log in to export more, or narrow the filters"
    out = io.StringIO()
    exporter.write(exporter.store_events(cast(Store, _Turns(state)), where, limit=limit,
                                         include_incomplete=include_incomplete), format, out, actors=state.actors)
    return Response(out.getvalue(), media_type=exporter.MEDIA_TYPES[format], headers=headers)


def _place_out(place: Place) -> PlaceOut:
    return PlaceOut(id=place.id, name=place.name, name_ar=place.name_ar, kind=place.kind, admin1=place.admin1,
                    admin2=place.admin2, latitude=place.lat, longitude=place.lon, geo_precision=geo_precision(place))


@api.get("/places", summary="Find places", response_model=list[PlaceOut], responses=_COUNTED)
def places(state: State, _: Reader, response: Response,
           q: Annotated[str, Query(min_length=1, max_length=100, description="the start of an Arabic or English name")],
           limit: Annotated[int, Query(ge=1, le=LIMITS["places"])] = 10) -> list[PlaceOut]:
    """Gazetteer places whose Arabic (folded) or English name starts with `q`, largest first."""
    arabic, latin = fold(q).strip(), q.strip().lower()
    if not arabic and not latin:
        return _counted(response, [], 0)
    gazetteer = state.gazetteer
    found = [p for p in gazetteer
             if (arabic and any(fold(n).startswith(arabic) for n in p.names_ar)) or p.name.lower().startswith(latin)]
    found.sort(key=lambda p: (-p.population, p.name))
    return _counted(response, [_place_out(p) for p in found[:limit]], len(found))


@api.get("/places/labels", summary="Town names for the map", response_model=list[LabelOut], responses=_COUNTED)
def place_labels(state: State, _: Reader, response: Response,
                 bbox: Annotated[str, Query(pattern=r"^-?\d{1,3}(\.\d+)?(,-?\d{1,3}(\.\d+)?){3}$",
                                            description="west,south,east,north in degrees: the visible map")],
                 zoom: Annotated[int, Query(ge=0, le=18, description="the map's zoom: cities at any zoom, towns "
                                            f"from {LABEL_ZOOM['town']}, villages from {LABEL_ZOOM['village']}")],
                 limit: Annotated[int, Query(ge=1, le=LIMITS["labels"])] = LIMITS["labels"]) -> list[LabelOut]:
    """The gazetteer's cities, towns and villages inside the box that the zoom shows, largest population first, and
    the villages only a list of thousands knows (`Place.cued`) after the others."""
    west, south, east, north = _bbox(bbox)
    west, east = min(west, east), max(west, east)
    south, north = min(south, north), max(south, north)
    rank = {kind: i for i, kind in enumerate(LABEL_ZOOM)}
    found = [p for p in state.gazetteer if zoom >= LABEL_ZOOM.get(p.kind, 99)
             and west <= p.lon <= east and south <= p.lat <= north]
    found.sort(key=lambda p: (-p.population, rank[p.kind], p.name_ar in p.cued, p.name))  # known from one list: last
    return _counted(response, [LabelOut(name=p.name, name_ar=p.name_ar, kind=p.kind, latitude=p.lat, longitude=p.lon,
                                        population=p.population) for p in found[:limit]], len(found))


def _arabic_names(lexicon: ActorLexicon) -> dict[str, list[str]]:
    """The folded Arabic names of each actor of the actor lexicon, by its canonical name."""
    names: dict[str, list[str]] = {}
    for entry, form, alias in lexicon.aliases():
        if form == "name":
            names.setdefault(entry.name, []).append(alias)
    return names


@api.get("/actors", summary="Suggest actors", response_model=list[ActorOut], responses=_COUNTED)
def actors(state: State, _: Reader, response: Response,
           q: Annotated[str, Query(min_length=1, max_length=100, description="part of an English or Arabic name")],
           limit: Annotated[int, Query(ge=1, le=LIMITS["actors"])] = 10) -> list[ActorOut]:
    """Actors of the events whose English name holds `q` in any case, or an Arabic name of which holds it folded.

    The names returned are those the `actor` filter takes; most events first.
    """
    latin, arabic = q.strip().lower(), fold(q).strip()
    counts: Counter[str] = Counter()
    with state.lock:
        for by in ("actor1", "actor2"):
            counts.update({name: n for name, n in state.store.stats(by) if name})
    arabic_names = _arabic_names(state.actors)
    lexicon = {e.name: e for e in state.actors.entries}
    found = [name for name in counts
             if (latin and latin in name.lower()) or (arabic and any(arabic in a for a in arabic_names.get(name, ())))]
    found.sort(key=lambda name: (-counts[name], name))
    return _counted(response, [
        ActorOut(name=name, count=counts[name],
                 name_ar=lexicon[name].aliases_ar[0] if name in lexicon and lexicon[name].aliases_ar else None)
        for name in found[:limit]], len(found))


@api.get("/meta", summary="Codebook and access rules", response_model=Meta)
def meta(state: State) -> Meta:
    """The event types and sub-event types, review states, roles, export formats and whether reading is open."""
    types: dict[str, list[str]] = {}
    for sub, kind in EVENT_TYPE.items():
        types.setdefault(kind, []).append(sub)
    return Meta(version=__version__, public_read=state.public_read, event_types=types,
                review_states=list(REVIEW_STATES), roles=list(ROLES), export_formats=list(exporter.FORMATS),
                basemap_attribution=ATTRIBUTION)


@api.get("/me", summary="Who is logged in", response_model=UserOut)
def me(user: Viewer) -> UserOut:
    """The user the bearer token belongs to."""
    if user is None:
        raise HTTPException(401, "no token sent; send `Authorization: Bearer <token>`",
                            headers={"WWW-Authenticate": "Bearer"})
    return UserOut(name=user.name, role=user.role, allowed=sorted(ALLOWED.get(user.role, ())))


@api.get("/users", summary="List users", response_model=list[UserOut], responses=_COUNTED)
def users(state: State, user: Viewer, response: Response) -> list[UserOut]:
    """Every user and role (admins only)."""
    allowed(user, "users")
    with state.lock:
        found = state.store.users()
    return _counted(response, [UserOut(name=u.name, role=u.role, allowed=sorted(ALLOWED.get(u.role, ())))
                               for u in found], len(found))


# -- the page -------------------------------------------------------------------------------------------------------

# The page loads only its own files: no inline script, no CDN; OpenStreetMap tiles are the one outside source.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: "
        "https://tile.openstreetmap.org; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'")


def _index() -> FileResponse:
    return FileResponse(str(_STATIC.joinpath("index.html")), media_type="text/html; charset=utf-8")


def _no_nul(schema: dict[str, Any]) -> None:
    """Say in a parameter's schema what `Guard` enforces: no string holds a NUL."""
    if schema.get("type") == "string" and "pattern" not in schema and "enum" not in schema:
        schema["pattern"] = r"^[^\x00]*$"
    for part in ([schema["items"]] if "items" in schema else []) + schema.get("anyOf", []):
        _no_nul(part)


class _App(FastAPI):
    """FastAPI with an OpenAPI document that says which reads need no login, that no parameter holds a NUL, and
    which countries the `country` filter knows."""

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is not None:
            return self.openapi_schema
        schema = super().openapi()
        state: WebState = self.state.rasd
        for operations in schema["paths"].values():
            for op in operations.values():
                for parameter in op.get("parameters", ()):
                    _no_nul(parameter.get("schema", {}))
                    if parameter["name"] == "country":  # the names this server knows; any case is taken too
                        parameter["schema"] = {"type": "string", "enum": list(state.countries)}
        if state.public_read:
            # A token is optional where reading is open: OpenAPI says so with an empty alternative.
            for path, operations in schema["paths"].items():
                for method, op in operations.items():
                    personal = path in ("/api/me", "/api/users") or path.startswith("/api/watches")
                    if method == "get" and not personal and {} not in op.get("security", [{}]):
                        op["security"] = [{}, *op["security"]]
        return schema


def create_app(store: Store, *, gazetteer: Gazetteer, actors: ActorLexicon, public_read: bool = True,
               limits: ServeLimits | None = None, public_url: str = "") -> FastAPI:
    """The API (under /api), its OpenAPI document (/openapi.json) and the map page (/) over one store, with the
    gazetteer and actor lexicon of `Resources`.

    `limits` bound what one client may ask (`rasd.web.guard`); by default those of `ServeLimits()`. `public_url`
    is where users reach the server (behind a proxy, not the address requests come to): the links of watch feeds
    start with it; empty = the request's address.
    """
    limits = limits or ServeLimits()
    # No /docs page: FastAPI's would load its scripts from a CDN; the OpenAPI document is at /openapi.json.
    app = _App(title="rasd", version=__version__, summary="Arabic conflict events: map, timeline, review, export",
               description=__doc__, docs_url=None, redoc_url=None)
    state = WebState(store, gazetteer, actors, public_read=public_read, anonymous_export=limits.anonymous_export,
                     public_url=public_url.rstrip("/"))
    app.state.rasd = state
    add_handlers(app)
    app.add_middleware(Guard, limits=limits, known=state.known, routes=app.router.routes)
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.include_router(api)
    app.include_router(changes_router)
    app.include_router(watches_router)
    app.add_api_route("/", _index, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=str(_STATIC)), name="static")

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    return app
