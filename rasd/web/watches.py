"""The watches API: each logged-in user manages their own watches (`/api/watches`); another user's is a 404.

A watch's Atom feed (`/api/watches/{id}/feed.atom?token=...`) needs no login: its secret token is in its URL, so
any feed reader can poll it. Creating a watch answers its webhook secret (to check signatures) and feed URL.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Literal
from urllib.parse import urlsplit, urlunsplit

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from rasd.store.base import User
from rasd.watches.atom import ATOM_TYPE, render
from rasd.watches.notice import payload
from rasd.watches.watch import Watch
from rasd.web.access import State, Viewer, WebState
from rasd.web.errors import RESPONSES, known_parameters

__all__ = ["DeliveryOut", "MultiPolygon", "Polygon", "WatchIn", "WatchOut", "router"]

_NO_NUL = r"^[^\x00]*$"
_Text = Annotated[str, Field(min_length=1, max_length=300, pattern=_NO_NUL)]
WatchId = Annotated[str, Path(min_length=1, max_length=100, description="a watch id such as w-0123456789abcdef")]


_Lon = Annotated[float, Field(ge=-180, le=180)]
_Lat = Annotated[float, Field(ge=-90, le=90)]
# A ring of 4 to 2,000 [longitude, latitude] positions; at most 5 rings a polygon and 10 polygons (100,000 positions).
_Ring = Annotated[list[tuple[_Lon, _Lat]], Field(min_length=4, max_length=2000)]
_Rings = Annotated[list[_Ring], Field(min_length=1, max_length=5)]


class Polygon(BaseModel):
    """A GeoJSON Polygon: an outer ring and its holes."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["Polygon"]
    coordinates: _Rings


class MultiPolygon(BaseModel):
    """A GeoJSON MultiPolygon: polygons, each an outer ring and its holes."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["MultiPolygon"]
    coordinates: Annotated[list[_Rings], Field(min_length=1, max_length=10)]


class WatchIn(BaseModel):
    """A watch's name, conditions (every one given must hold; within a list, any value) and channels."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\x00]*[^\x00 \t\r\n][^\x00]*$")]
    bbox: tuple[_Lon, _Lat, _Lon, _Lat] | None = Field(default=None, description="west, south, east, north in "
                                                       "degrees (each pair taken in either order)")
    polygon: Polygon | MultiPolygon | None = Field(default=None, discriminator="type",
                                                   description="a GeoJSON Polygon or MultiPolygon geometry")
    admin_units: list[_Text] = Field(default=[], max_length=50, description="countries, governorates or districts")
    actors: list[_Text] = Field(default=[], max_length=50, description="actor1 or actor2, as /api/actors names them")
    event_types: list[_Text] = Field(default=[], max_length=50, description="event types or sub-event types")
    min_fatalities: int | None = Field(default=None, ge=0, le=1_000_000)
    min_confidence: float | None = Field(default=None, ge=0, le=1)
    notify: list[Literal["new", "changes", "reviews"]] = Field(default=["new"], min_length=1, max_length=3)
    webhook: str | None = Field(default=None, max_length=2000, pattern=r"^https?://[^\x00\s]+$")
    email: str | None = Field(default=None, max_length=300, pattern=r"^[^@\x00-\x20]+@[^@\x00-\x20]+\.[^@\x00-\x20]+$")
    digest: Literal["none", "hourly", "daily"] = "none"


class WatchOut(WatchIn):
    """A stored watch: its id, owner, webhook secret and the URL of its Atom feed."""

    model_config = ConfigDict(extra="forbid")

    watch_id: str
    owner: str
    created_at: str
    secret: str = Field(description="the HMAC-SHA256 key of the X-Rasd-Signature header of its webhook calls")
    feed_url: str = Field(description="its Atom feed, readable without a login by anyone given this URL")


class DeliveryOut(BaseModel):
    """One delivery attempt and its outcome."""

    notice_id: int | None
    channel: str
    at: str
    attempt: int
    status: str
    detail: str


def _owner(user: Viewer) -> User:
    if user is None:
        raise HTTPException(401, "watches are per user: log in with a token (`rasd users add NAME`)",
                            headers={"WWW-Authenticate": "Bearer"})
    return user


Owner = Annotated[User, Depends(_owner)]
router = APIRouter(prefix="/api", responses=RESPONSES, dependencies=[Depends(known_parameters)], tags=["watches"])


def _public(state: WebState, url: str) -> str:
    """A URL of this server as its users reach it: on `public_url` when set, else on the request's address."""
    if not state.public_url:
        return url
    parts = urlsplit(url)
    return state.public_url + urlunsplit(("", "", parts.path, parts.query, ""))


def _out(watch: Watch, request: Request) -> WatchOut:
    state: WebState = request.app.state.rasd
    feed = _public(state, str(request.url_for("watch_feed", watch_id=watch.watch_id))
                   + f"?token={watch.feed_token}")
    return WatchOut(name=watch.name, **watch.spec(), watch_id=watch.watch_id, owner=watch.owner,
                    created_at=watch.created_at, secret=watch.secret, feed_url=feed)


def _unknown(watch_id: str) -> HTTPException:
    return HTTPException(404, f"you have no watch {watch_id!r}; list yours at /api/watches")


def _mine(state: State, user: User, watch_id: str) -> Watch:
    """The user's watch; another user's is as unknown as a missing one."""
    with state.lock:
        watch = state.store.watch(watch_id)
    if watch is None or watch.owner != user.name:
        raise _unknown(watch_id)
    return watch


def _watch(body: WatchIn, user: User, watch_id: str = "") -> Watch:
    spec = body.model_dump(exclude={"name"})
    if body.bbox is not None:  # each pair in either order: the box between them
        west, south, east, north = body.bbox
        spec["bbox"] = (min(west, east), min(south, north), max(west, east), max(south, north))
    if body.polygon is not None:
        spec["polygon"] = json.loads(body.polygon.model_dump_json())
    return Watch.from_spec(body.name, spec, owner=user.name, watch_id=watch_id)


@router.get("/watches", summary="List my watches", response_model=list[WatchOut])
def list_watches(state: State, user: Owner, request: Request) -> list[WatchOut]:
    """The logged-in user's watches, oldest first."""
    with state.lock:
        found = state.store.watches(user.name)
    return [_out(w, request) for w in found]


@router.post("/watches", summary="Add a watch", response_model=WatchOut, status_code=201)
def add_watch(state: State, user: Owner, body: WatchIn, request: Request) -> WatchOut:
    """Watch an area, actors or event types: notices of matching events go to the webhook, e-mail and feed."""
    watch = _watch(body, user)
    with state.lock:
        return _out(state.store.save_watch(watch), request)


@router.get("/watches/{watch_id}", summary="One of my watches", response_model=WatchOut)
def get_watch(state: State, user: Owner, watch_id: WatchId, request: Request) -> WatchOut:
    """A watch of the logged-in user (another user's answers 404)."""
    return _out(_mine(state, user, watch_id), request)


@router.put("/watches/{watch_id}", summary="Change a watch", response_model=WatchOut)
def put_watch(state: State, user: Owner, watch_id: WatchId, body: WatchIn, request: Request) -> WatchOut:
    """Replace a watch's name, conditions and channels; its id, secret and feed URL stay."""
    _mine(state, user, watch_id)
    watch = _watch(body, user, watch_id)
    with state.lock:
        return _out(state.store.save_watch(watch), request)


@router.delete("/watches/{watch_id}", summary="Remove a watch", status_code=204, response_class=Response)
def delete_watch(state: State, user: Owner, watch_id: WatchId) -> Response:
    """Remove a watch with its notices and delivery log."""
    _mine(state, user, watch_id)
    with state.lock:
        state.store.delete_watch(watch_id)
    return Response(status_code=204)


@router.get("/watches/{watch_id}/deliveries", summary="A watch's delivery log", response_model=list[DeliveryOut])
def watch_deliveries(state: State, user: Owner, watch_id: WatchId,
                     limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[DeliveryOut]:
    """Every delivery attempt of a watch (webhook and e-mail), latest first, with its status."""
    _mine(state, user, watch_id)
    with state.lock:
        found = state.store.deliveries(watch_id, limit=limit)
    return [DeliveryOut(notice_id=d.notice_id, channel=d.channel, at=d.at, attempt=d.attempt, status=d.status,
                        detail=d.detail) for d in found]


@router.get("/watches/{watch_id}/feed.atom", summary="A watch's Atom feed", response_class=Response,
            name="watch_feed", responses={200: {"content": {"application/atom+xml": {}}}})
def watch_feed(state: State, watch_id: WatchId, request: Request,
               token: Annotated[str, Query(min_length=1, max_length=100, description="the watch's feed token")],
               limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Response:
    """The notices of a watch as an Atom feed, for any feed reader (the token in the URL stands for a login)."""
    with state.lock:
        watch = state.store.watch_by_feed_token(token)
        if watch is None or watch.watch_id != watch_id:
            raise _unknown(watch_id)
        base = state.public_url or str(request.base_url)
        bodies = []
        for notice in state.store.notices(watch_id, limit=limit):
            record = state.store.event(notice.event_id)
            if record is not None:
                bodies.append(payload(watch, notice, record, base_url=base))
    now = datetime.now(UTC).isoformat(timespec="seconds")
    feed = render(watch, bodies, self_url=_public(state, str(request.url)), updated=now)
    return Response(feed, media_type=ATOM_TYPE)
