"""Reviewing: an event in full (its reports, history and the sentences holding its evidence) and the routes that
change events (review, merge, split, delete), each recorded in the store's history with its author.

A change needs a reviewer's token (deleting, an admin's); `rasd.web.guard` refuses one without a known token before
its body is read.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from rasd.build.gazetteer import POINT_KINDS
from rasd.document import Document
from rasd.errors import ConfigError, StaleError
from rasd.event import DISORDER, EVENT_TYPE
from rasd.gazetteer import Place
from rasd.stages.body import BodySpan, ClutterCues, find_body
from rasd.store.base import EventFilter, EventRecord
from rasd.web.access import Admin, EventId, Reader, Reviewer, State, WebState
from rasd.web.errors import RESPONSES, error_response, known_parameters, not_found
from rasd.web.models import (
    ChangeOut,
    EditIn,
    Edits,
    EventOut,
    Mark,
    MergeIn,
    NearOut,
    Passage,
    ReportOut,
    ReviewIn,
    SplitIn,
)

__all__ = ["change_out", "event_out", "find_event", "geo_precision", "passages", "router"]

_SENTENCE_END = re.compile(r"[.!?\u061f\n…]")  # ؟ is U+061F
_SPACE = re.compile(r"\s")
_CONTEXT = 300  # at most this many characters of a sentence on each side of the evidence
_NEAR_DEGREES = 0.3  # how far (about 30 km) a merge suggestion may lie from the event's point
_NEAR_FIELDS = ("event_id", "event_date", "event_type", "sub_event_type", "location", "location_ar", "admin1",
                "admin2", "fatalities")


# -- passages -------------------------------------------------------------------------------------------------------


def _sentence(text: str, start: int, end: int) -> tuple[int, int, bool, bool]:
    """The sentence around text[start:end], at most `_CONTEXT` characters on each side, cut between words.

    Also says whether the sentence was cut before or after (it reaches further than `_CONTEXT`).
    """
    lo, hi = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
    before = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    cut_before = not before and lo > 0
    if before:
        left = before[-1]
    elif cut_before:
        space = _SPACE.search(text, lo, start)
        left = space.end() if space else lo
    else:
        left = lo
    after = _SENTENCE_END.search(text, end, hi)
    cut_after = after is None and hi < len(text)
    if after:
        right = after.end()
    elif cut_after:
        spaces = [m.start() for m in _SPACE.finditer(text, end, hi)]
        right = spaces[-1] if spaces else hi
    else:
        right = hi
    while left < start and text[left].isspace():
        left += 1
    return left, right, cut_before, cut_after


def _within_body(window: tuple[int, int, bool, bool], start: int, end: int,
                 body: tuple[BodySpan, ...]) -> tuple[int, int, bool, bool]:
    """A sentence window narrowed to the body span holding the evidence, so no page clutter (counters, links,
    "All reactions: ...") glued to the sentence is shown; a window whose evidence lies outside the body stays."""
    left, right, cut_before, cut_after = window
    span = next((b for b in body if b.start <= start and end <= b.end), None)
    if span is None:
        return window
    if span.start > left:
        left, cut_before = span.start, any(left < b.end <= span.start for b in body)
    if span.end < right:
        right, cut_after = span.end, any(span.end <= b.start < right for b in body)
    return left, right, cut_before, cut_after


def passages(text: str, article_id: str, evidence: list[dict[str, Any]],
             body: tuple[BodySpan, ...] = ()) -> list[Passage]:
    """The sentences of an article that hold an event's evidence, each with its evidence marked.

    With the article's `body` spans, a sentence is kept within the body span that holds its evidence.
    Evidence that no longer matches the text (an edited article) is left out rather than marked wrongly;
    marks that overlap an earlier one (a place inside a trigger phrase) are left out so marks never nest.
    """
    spans: list[tuple[int, int, list[dict[str, Any]], bool, bool]] = []
    for ev in sorted(evidence, key=lambda e: (e["start"], -e["end"])):
        if text[ev["start"]:ev["end"]] != ev["text"]:
            continue
        left, right, cut_before, cut_after = _within_body(_sentence(text, ev["start"], ev["end"]), ev["start"],
                                                          ev["end"], body)
        if spans and left < spans[-1][1]:
            first, last, held, was_cut_before, was_cut_after = spans[-1]
            spans[-1] = (first, max(right, last), [*held, ev], was_cut_before,
                         cut_after if right >= last else was_cut_after)
        else:
            spans.append((left, right, [ev], cut_before, cut_after))
    out = []
    for left, right, items, cut_before, cut_after in spans:
        marks: list[Mark] = []
        for ev in items:
            if marks and ev["start"] - left < marks[-1].end:
                continue
            marks.append(Mark(start=ev["start"] - left, end=ev["end"] - left, role=ev["role"]))
        out.append(Passage(article_id=article_id, offset=left, text=text[left:right], marks=marks,
                           cut_before=cut_before, cut_after=cut_after))
    return out


# -- events -------------------------------------------------------------------------------------------------------


def body_of(article: dict[str, Any], cues: ClutterCues) -> tuple[BodySpan, ...]:
    """The spans of an article's text that the body stage keeps (the page clutter around them left out)."""
    doc = Document(id=article["id"], text=article["text"], title=article.get("title"), kind=article.get("kind"))
    return find_body(doc, cues)


def change_out(c: Any) -> ChangeOut:
    """A change of the store's history as the API gives it."""
    return ChangeOut(change_id=c.change_id, event_id=c.event_id, at=c.at, who=c.who, action=c.action, detail=c.detail)


def event_out(state: WebState, record: EventRecord) -> EventOut:
    """An event with its reports, history and the passages of its sources that hold its evidence."""
    data = record.data
    texts: list[Passage] = []
    by_article: dict[str, list[dict[str, Any]]] = {}
    for ev in data.get("evidence") or ():
        by_article.setdefault(ev["article_id"], []).append(ev)
    for article_id, evidence in sorted(by_article.items()):
        article = state.store.article(article_id)
        if article is not None:
            texts += passages(article["text"], article_id, evidence, body_of(article, state.clutter))
    return EventOut(
        event=data, review_state=record.review_state, version=record.version, created_at=record.created_at,
        updated_at=record.updated_at, machine=record.machine, edits=record.edits,
        reports=[ReportOut(report_id=r.report_id, article_id=r.article_id, event=r.event, agreement=r.agreement)
                 for r in record.reports],
        passages=texts, history=[change_out(c) for c in state.store.history(record.event_id)],
    )


def find_event(state: WebState, event_id: str) -> EventRecord:
    """The stored event, or a 404 naming it."""
    record = state.store.event(event_id)
    if record is None:
        raise not_found("event", event_id)
    return record


def geo_precision(place: Place) -> int:
    """ACLED's geo_precision of a gazetteer place: 1 a point, 2 a district, 3 a governorate or region."""
    if place.kind in POINT_KINDS:
        return 1
    return 3 if place.kind in {"governorate", "region"} else 2


# -- changes ----------------------------------------------------------------------------------------------------

router = APIRouter(prefix="/api", responses=RESPONSES, dependencies=[Depends(known_parameters)])


def _edits(state: WebState, body: Edits) -> dict[str, Any]:
    """The edits to store: a gazetteer place expanded to its fields, a sub-event type to its type and disorder."""
    edits = body.model_dump(mode="json", exclude_unset=True)
    place_id = edits.pop("place_id", None)
    if place_id is not None:
        place = state.gazetteer.get(place_id)
        if place is None:
            raise HTTPException(404, f"no place {place_id!r} in the gazetteer; find one with /api/places?q=")
        edits = {"location": place.name, "location_ar": place.name_ar, "latitude": place.lat,
                 "longitude": place.lon, "admin1": place.admin1, "admin2": place.admin2, "admin3": place.admin3,
                 "country": place.country, "iso": place.iso, "geonameid": place.geonameid, "pcode": place.pcode,
                 "geo_precision": geo_precision(place)} | edits
    sub = edits.get("sub_event_type")
    if sub is not None:
        edits |= {"event_type": EVENT_TYPE[sub], "disorder_type": DISORDER[sub]}
    return edits


@contextmanager
def _conflicts() -> Iterator[None]:
    """A change the event's present state does not allow (a split of reports it lacks) as a 409 Conflict."""
    try:
        yield
    except ConfigError as exc:
        raise HTTPException(409, str(exc)) from exc


def _stale(state: WebState, exc: StaleError) -> Response:
    """A 409 for a change based on a replaced version, with the event as it is now, so the page can show it."""
    current = event_out(state, find_event(state, exc.event_id))
    last = current.history[-1] if current.history else None
    by = f" by {last.who} at {last.at[:16].replace('T', ' ')}" if last else ""
    return error_response(409, f"this event was changed{by} after you opened it (version {exc.based_on}, now "
                               f"{exc.current}); nothing was saved: read it again and redo your review if it still "
                               "holds", [{"where": "body.version", "message": str(exc)}],
                          current=current.model_dump(mode="json"))


@router.post("/events/{event_id}/review", summary="Review an event", response_model=EventOut)
def review(state: State, user: Reviewer, event_id: EventId, body: ReviewIn) -> EventOut | Response:
    """Confirm, edit or reject an event; edits lie over the machine's version, and the history names you with each
    field's value before. Send the `version` you read: if someone changed the event since, nothing is saved and
    the answer is 409 with the event as it is now."""
    edits = _edits(state, body.edits) if isinstance(body, EditIn) else None
    with state.lock, _conflicts():
        find_event(state, event_id)
        try:
            record = state.store.review(event_id, body.state, who=user.name, edits=edits, note=body.note,
                                        version=body.version)
        except StaleError as exc:
            return _stale(state, exc)
        return event_out(state, record)


def _km(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    """The great-circle distance between two events' points, or None when either has none."""
    if None in (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude")):
        return None
    lat1, lon1, lat2, lon2 = (math.radians(float(x)) for x in (a["latitude"], a["longitude"], b["latitude"],
                                                               b["longitude"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return round(2 * 6371.0 * math.asin(min(1.0, math.sqrt(h))), 1)


def _near(state: WebState, e: dict[str, Any], days: int) -> list[EventRecord]:
    """Live events within `days` of `e` around its point, and in its district (or, placed no finer, governorate)."""
    day = date.fromisoformat(e["event_date"])
    window = EventFilter(date_from=day - timedelta(days=days), date_to=day + timedelta(days=days), limit=500)
    found: dict[str, EventRecord] = {}
    if e.get("latitude") is not None and e.get("longitude") is not None:
        lat, lon, d = float(e["latitude"]), float(e["longitude"]), _NEAR_DEGREES
        found |= {r.event_id: r for r in state.store.events(replace(window, bbox=(lon - d, lat - d, lon + d, lat + d)))}
    area = {"admin2": e["admin2"]} if e.get("admin2") else {"admin1": e["admin1"]} if e.get("admin1") else None
    if area:
        found |= {r.event_id: r for r in state.store.events(replace(window, **area))}
    found.pop(e["event_id"], None)
    return list(found.values())


@router.get("/events/{event_id}/nearby", summary="Events near this one", response_model=list[NearOut])
def nearby(state: State, _: Reader, event_id: EventId,
           days: Annotated[int, Query(ge=0, le=30, description="at most this many days apart")] = 3,
           limit: Annotated[int, Query(ge=1, le=50)] = 8) -> list[NearOut]:
    """Events at the same or a neighbouring place (about 30 km, or the same district) within a few days, nearest in
    time then in place first: the events a reviewer may merge into this one."""
    with state.lock:
        e = find_event(state, event_id).data
        near = _near(state, e, days) if e.get("event_date") else []
    day = date.fromisoformat(e["event_date"]) if e.get("event_date") else None
    out = [NearOut.model_validate({k: r.data.get(k) for k in _NEAR_FIELDS} | {
        "review_state": r.review_state, "version": r.version, "km": _km(e, r.data),
        "days_apart": abs((date.fromisoformat(r.data["event_date"]) - day).days) if day else 0}) for r in near]
    out.sort(key=lambda n: (n.days_apart, n.km is None, n.km or 0.0, n.event_id))
    return out[:limit]


@router.post("/events/{event_id}/merge", summary="Merge an event into this one", response_model=EventOut)
def merge(state: State, user: Reviewer, event_id: EventId, body: MergeIn) -> EventOut | Response:
    """Fold event `other` into this one: its reports move here and it is recorded as merged. With the `version` of
    this event you read, a merge into an event changed since is refused (409, with the event as it is)."""
    with state.lock, _conflicts():
        find_event(state, event_id)
        find_event(state, body.other)
        try:
            return event_out(state, state.store.merge(event_id, body.other, who=user.name, version=body.version))
        except StaleError as exc:
            return _stale(state, exc)


@router.post("/events/{event_id}/split", summary="Split reports out of an event", response_model=EventOut)
def split(state: State, user: Reviewer, event_id: EventId, body: SplitIn) -> EventOut | Response:
    """Move some of this event's reports into a new event; returns the new event. With the `version` you read, a
    split of an event changed since is refused (409, with the event as it is)."""
    with state.lock, _conflicts():
        find_event(state, event_id)
        try:
            return event_out(state, state.store.split(event_id, body.report_ids, who=user.name, version=body.version))
        except StaleError as exc:
            return _stale(state, exc)


@router.delete("/events/{event_id}", summary="Delete an event", status_code=204, response_class=Response)
def delete(state: State, user: Admin, event_id: EventId,
           note: Annotated[str | None, Query(max_length=2000)] = None) -> Response:
    """Delete an event (admins only); it stays as a tombstone for sync."""
    with state.lock:
        find_event(state, event_id)
        state.store.delete(event_id, who=user.name, note=note)
    return Response(status_code=204)
