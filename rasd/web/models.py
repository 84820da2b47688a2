"""The request and response bodies of the HTTP API, as published in its OpenAPI document.

Events travel as FORMATS.md dicts (the store's shape); the models here type what wraps them, and bound every
field a client may send, so a reviewer's edit cannot smuggle in an unknown field or an unbounded string.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rasd.event import EVENT_TYPE

__all__ = [
    "ActorOut",
    "Article",
    "BasedOn",
    "ChangeList",
    "ChangeOut",
    "ConfirmIn",
    "EditIn",
    "Edits",
    "ErrorBody",
    "ErrorOut",
    "EventList",
    "EventOut",
    "Hit",
    "HitList",
    "LabelOut",
    "Mark",
    "MergeIn",
    "Meta",
    "NearOut",
    "Passage",
    "PlaceOut",
    "RejectIn",
    "ReportOut",
    "ReviewIn",
    "ReviewState",
    "SplitIn",
    "StatRow",
    "Stats",
    "UserOut",
]

_NO_NUL = r"^[^\x00]*$"  # PostgreSQL cannot store a NUL; the schema says so, so clients learn it up front
_Name = Field(default=None, max_length=300, pattern=_NO_NUL)
Name = Annotated[str, Field(max_length=300, pattern=_NO_NUL)]
# A reviewer's date lies in the years rasd reads (`rasd.sources.files.FIRST_YEAR` to `LAST_YEAR`).
_DAY = r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
ReviewState = Literal["pending", "incomplete", "confirmed", "edited", "rejected"]  # `rasd.store.base.REVIEW_STATES`


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(BaseModel):
    """What went wrong: the HTTP status, a stable code, a message that says what to do, and field details."""

    status: int
    code: str
    message: str
    details: list[dict[str, str]] = []


class ErrorOut(BaseModel):
    """The one shape of every error the API returns; a review based on a version since replaced (409) also carries
    the event as it is now (`current`)."""

    error: ErrorBody
    current: dict[str, Any] | None = None


class EventList(BaseModel):
    """A page of events; `next_offset` is the offset of the next page, or null on the last; `total` counts them all."""

    events: list[dict[str, Any]]
    limit: int
    offset: int
    next_offset: int | None
    total: int
    sort: str


class Mark(BaseModel):
    """A stretch of a passage that is evidence of a field (`role`), as offsets into the passage text."""

    start: int
    end: int
    role: str


class Passage(BaseModel):
    """A sentence of a source article holding evidence; `offset` is where it starts in the article's text."""

    article_id: str
    offset: int
    text: str
    marks: list[Mark]
    cut_before: bool = False  # the passage starts inside a sentence too long to show whole
    cut_after: bool = False


class ReportOut(BaseModel):
    """One source's version of the event, and why it joined the event."""

    report_id: str
    article_id: str
    event: dict[str, Any]
    agreement: dict[str, Any] | None


class ChangeOut(BaseModel):
    """One recorded change to an event, with its author."""

    change_id: int
    event_id: str
    at: str
    who: str
    action: str
    detail: dict[str, Any]


class EventOut(BaseModel):
    """One event as shown, the machine's version and the reviewers' edits, its reports, passages and history."""

    event: dict[str, Any]
    review_state: str
    version: int
    created_at: str
    updated_at: str
    machine: dict[str, Any]
    edits: dict[str, Any]
    reports: list[ReportOut]
    passages: list[Passage]
    history: list[ChangeOut]


class ChangeList(BaseModel):
    """Changes after `since`, oldest first; pass `next_since` to get the ones after them. `total` counts every change
    after `since`, this page's included."""

    changes: list[ChangeOut]
    next_since: str | None
    total: int


class Article(BaseModel):
    """A stored article (its title and text are the outlet's, untrusted) and the signals found in it."""

    id: str
    text: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    kind: str | None
    source: str | None
    reprint_of: str | None
    similarity: float | None
    signals: list[dict[str, Any]]


class Hit(BaseModel):
    """An article found by search, with the events it is a source of."""

    article_id: str
    title: str | None
    published: str | None
    event_ids: list[str]


class HitList(BaseModel):
    """Articles holding every word of the query, best first; `total` counts them all, beyond the `limit` returned."""

    query: str
    hits: list[Hit]
    total: int


class StatRow(BaseModel):
    """How many events, with how many fatalities, have this day, week, month, type, governorate, district or actor
    (`key`) and, when asked, this group; a null key or group is not known."""

    key: str | None
    count: int
    fatalities: int
    group: str | None = None


class Stats(BaseModel):
    """Event counts by one key, or by period and group; `total` is the number of events counted (the sum of the
    rows)."""

    by: str
    group: str | None = None
    rows: list[StatRow]
    total: int


class ActorOut(BaseModel):
    """An actor named in the events, with an Arabic name of it from the actor lexicon when it has one."""

    name: str
    name_ar: str | None
    count: int


class PlaceOut(BaseModel):
    """A gazetteer place a reviewer may put an event at."""

    id: str
    name: str
    name_ar: str
    kind: str
    admin1: str | None
    admin2: str | None
    latitude: float
    longitude: float
    geo_precision: int


class LabelOut(BaseModel):
    """A town's name to write on the map, in English and Arabic, at its point."""

    name: str
    name_ar: str
    kind: str
    latitude: float
    longitude: float
    population: int


class UserOut(BaseModel):
    """The user a token belongs to, and what the role allows besides reading."""

    name: str
    role: str
    allowed: list[str]


class Meta(BaseModel):
    """What the page needs to draw its filters: the codebook's types, review states, and the access rules."""

    version: str
    public_read: bool
    event_types: dict[str, list[str]]
    review_states: list[str]
    roles: list[str]
    export_formats: list[str]
    basemap_attribution: str


class Edits(_Strict):
    """A reviewer's corrections; only the fields sent are changed. `place_id` sets the place from the gazetteer.

    A sub-event type sets the event type and disorder type that go with it. Coordinates come as a pair with the
    place they locate (`location`), never a latitude alone.
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "minProperties": 1,
        "dependentRequired": {"latitude": ["longitude", "location"], "longitude": ["latitude", "location"]},
    })

    event_date: date | None = Field(default=None, ge=date(1900, 1, 1), le=date(2100, 12, 31),
                                    json_schema_extra={"pattern": _DAY})
    time_precision: int | None = Field(default=None, ge=1, le=3)
    sub_event_type: str | None = Field(default=None, json_schema_extra={"enum": list(EVENT_TYPE)})
    actor1: str | None = _Name
    actor1_ar: str | None = _Name
    actor2: str | None = _Name
    actor2_ar: str | None = _Name
    assoc_actor_1: list[Name] | None = Field(default=None, max_length=20)
    assoc_actor_2: list[Name] | None = Field(default=None, max_length=20)
    place_id: str | None = Field(default=None, max_length=100, pattern=_NO_NUL)
    location: str | None = _Name
    location_ar: str | None = _Name
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    admin1: str | None = _Name
    admin2: str | None = _Name
    geo_precision: int | None = Field(default=None, ge=1, le=3)
    fatalities: int | None = Field(default=None, ge=0, le=1_000_000)
    civilian_fatalities: int | None = Field(default=None, ge=0, le=1_000_000)
    injuries: int | None = Field(default=None, ge=0, le=1_000_000)
    civilian_targeting: bool | None = None
    notes: str | None = Field(default=None, max_length=4000, pattern=_NO_NUL)

    @model_validator(mode="after")
    def _known(self) -> Edits:
        if not self.model_fields_set:
            raise ValueError("give at least one field to change")
        if self.sub_event_type is not None and self.sub_event_type not in EVENT_TYPE:
            raise ValueError(f"unknown sub-event type {self.sub_event_type!r}; /api/meta lists the codebook's")
        given = self.model_fields_set
        if given & {"latitude", "longitude"} and not {"latitude", "longitude", "location"} <= given:
            raise ValueError("give latitude, longitude and location together (or a place_id from /api/places)")
        return self


class NearOut(BaseModel):
    """An event near another in place and time: how many days apart, and how far apart (km) when both have a point."""

    event_id: str
    event_date: str | None
    event_type: str | None
    sub_event_type: str | None
    location: str | None
    location_ar: str | None
    admin1: str | None
    admin2: str | None
    fatalities: int | None
    review_state: str
    version: int
    days_apart: int
    km: float | None


# The version of the event a change was based on; if the event has changed since, the answer is 409 with it as it is.
BasedOn = Annotated[int | None, Field(ge=0, le=2**31, description="the version of the event this change was based "
                                      "on; if it has changed since, the answer is 409 with the event as it is")]


class ConfirmIn(_Strict):
    """Confirm an event as the machine (and earlier reviewers) recorded it."""

    state: Literal["confirmed"]
    note: str | None = Field(default=None, max_length=2000, pattern=_NO_NUL)
    version: BasedOn = None


class RejectIn(_Strict):
    """Reject an event: it stays, marked rejected, so it is not extracted and shown again."""

    state: Literal["rejected"]
    note: str | None = Field(default=None, max_length=2000, pattern=_NO_NUL)
    version: BasedOn = None


class EditIn(_Strict):
    """Correct fields of an event; the machine's version is kept beside the edits."""

    state: Literal["edited"]
    edits: Edits
    note: str | None = Field(default=None, max_length=2000, pattern=_NO_NUL)
    version: BasedOn = None


ReviewIn = Annotated[ConfirmIn | RejectIn | EditIn, Field(discriminator="state")]


class MergeIn(_Strict):
    """The event to fold into this one (its reports move here)."""

    other: str = Field(min_length=1, max_length=100)
    version: BasedOn = None


class SplitIn(_Strict):
    """The reports to move out of this event into a new one (some, not all)."""

    report_ids: list[str] = Field(min_length=1, max_length=500)
    version: BasedOn = None
