"""The monitoring store's interface and records, shared by the SQLite and PostgreSQL stores.

A stored *event* gathers *reports*: each report is one event as extracted from one article (its machine
version, kept forever). The event's machine version is `rasd.merge.combine` of its reports; a reviewer's
edits are kept beside it, never over it, and the event shown is the machine version with the edits on top.
Every change to an event (created, source added, merged, split, reviewed, deleted) is recorded with who made
it and when, so downstream copies can sync with `changes(since=...)` and `EventFilter(updated_since=...)`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import date
from typing import Any

from rasd.errors import ConfigError
from rasd.event import Event, Signal
from rasd.store.notices import WatchBook

__all__ = [
    "GROUPS",
    "MACHINE",
    "MACHINE_STATES",
    "PERIODS",
    "REVIEWED_STATES",
    "REVIEW_STATES",
    "ROLES",
    "SORTS",
    "Aggregate",
    "ArticleRecord",
    "Change",
    "EventFilter",
    "EventRecord",
    "Ingested",
    "Report",
    "SearchHit",
    "Store",
    "User",
    "machine_state",
    "storable",
]

_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def storable(value: Any) -> Any:
    """A value both databases take: in text, a NUL or a lone surrogate becomes U+FFFD (same length, so evidence
    offsets still point into the stored text). Sources strip NULs on the way in; this is the store's last guard."""
    if isinstance(value, str) and _UNSTORABLE.search(value) is not None:
        return _UNSTORABLE.sub("\ufffd", value)
    return value


MACHINE = "rasd"  # who made the changes that ingestion and automatic merging make
# The states the machine gives (a complete event awaits review; one without a date, coordinates or a country is
# `incomplete`: kept and listed for review, never dated, mapped or exported by default) and a reviewer's states.
MACHINE_STATES = ("pending", "incomplete")
REVIEWED_STATES = ("confirmed", "edited", "rejected")
REVIEW_STATES = (*MACHINE_STATES, *REVIEWED_STATES)
ROLES = ("reviewer", "admin")  # an admin may do all a reviewer may, and delete events
# The orders `events` may list in: a column, largest or latest first with a leading "-"; ties go by event id and
# events without the value come last either way.
SORTS = ("event_date", "-event_date", "updated_at", "-updated_at", "confidence", "-confidence", "fatalities",
         "-fatalities")
# What `aggregate` counts by: a span of time (weeks start on Saturday, as ACLED's weekly aggregates do) and a field.
PERIODS = ("day", "week", "month")
GROUPS = ("governorate", "district", "type", "actor")


def complete(event: Mapping[str, Any]) -> bool:
    """Whether an event has what ACLED requires of each row: a date, coordinates and a country."""
    return bool(event.get("event_date") and event.get("country")) and None not in (event.get("latitude"),
                                                                                    event.get("longitude"))


def machine_state(state: str, event: Mapping[str, Any]) -> str:
    """The review state of an event the machine has just (re)made: a reviewer's state stands; otherwise a
    `complete` event is `pending` and any other `incomplete`."""
    if state not in MACHINE_STATES:
        return state
    return "pending" if complete(event) else "incomplete"


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An article to store: its text and metadata, and the source (outlet or feed) it came from."""

    article_id: str
    _: KW_ONLY
    text: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    kind: str | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        for name in ("article_id", "text", "url", "title", "outlet", "kind", "source"):
            value = getattr(self, name)
            if storable(value) is not value:
                object.__setattr__(self, name, storable(value))


@dataclass(frozen=True, slots=True)
class Ingested:
    """What storing an article did: `status` is `new`, `duplicate` (stored before, nothing written) or `reprint`."""

    article_id: str
    status: str
    _: KW_ONLY
    duplicate_of: str | None = None
    similarity: float | None = None
    events_created: tuple[str, ...] = ()
    events_joined: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """One event as extracted from one article, and why it joined its event (`agreement`, None for the first)."""

    report_id: str
    article_id: str
    event: dict[str, Any]
    agreement: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class EventRecord:
    """A stored event: the version shown (`data`, FORMATS.md shape with sources and evidence) and its parts."""

    event_id: str
    _: KW_ONLY
    data: dict[str, Any]
    machine: dict[str, Any]
    edits: dict[str, Any]
    review_state: str
    version: int
    created_at: str
    updated_at: str
    reports: tuple[Report, ...] = ()


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded change to an event."""

    change_id: int
    event_id: str
    _: KW_ONLY
    at: str
    who: str
    action: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Aggregate:
    """Events and their fatalities with one key (a period by its first day, a month as YYYY-MM, or a value such as a
    governorate) and one group (None: not asked); a key or group of None is not known."""

    key: str | None
    group: str | None
    _: KW_ONLY
    events: int
    fatalities: int


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article found by full-text search, with the events it is a source of."""

    article_id: str
    _: KW_ONLY
    title: str | None
    published: str | None
    event_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to list: every field left at None does not filter. `bbox` is (west, south, east, north)."""

    date_from: date | None = None
    date_to: date | None = None
    bbox: tuple[float, float, float, float] | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    actor: str | None = None
    review_states: tuple[str, ...] = ()
    min_confidence: float | None = None
    min_fatalities: int | None = None
    updated_since: str | None = None
    sort: str = "event_date"
    limit: int = 100
    offset: int = 0

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ConfigError(f"cannot sort events by {self.sort!r}; choose one of {list(SORTS)}")


@dataclass(frozen=True, slots=True)
class User:
    """A person who may review (`role` reviewer) or also delete events (`role` admin)."""

    name: str
    _: KW_ONLY
    role: str
    created_at: str


class Store(WatchBook, ABC):
    """Articles, events with their reports and evidence, signals, sources, the history of every event, and the
    watches of users with their notices (`WatchBook`)."""

    url: str

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def known(self, article: ArticleRecord) -> str | None:
        """The id of a stored article with the same id, URL or normalised text, or None."""

    @abstractmethod
    def add(self, article: ArticleRecord, events: Sequence[Event] = (), signals: Sequence[Signal] = (), *,
            day_clues: Sequence[str] | None = None) -> Ingested:
        """Store an article with its extracted events and signals in one transaction, merging across sources.

        `day_clues` are the days the text names (`rasd.merge.day_clues`), when extraction has read them already.
        """

    @abstractmethod
    def article(self, article_id: str) -> dict[str, Any] | None:
        """One stored article as a FORMATS.md article dict (plus `reprint_of`), or None."""

    @abstractmethod
    def count(self, what: str) -> int:
        """How many `articles`, `events` (live ones), `reports`, `signals` or `changes` are stored."""

    @abstractmethod
    def event(self, event_id: str) -> EventRecord | None:
        """One live event with its sources, evidence and reports; None when unknown, deleted or merged away."""

    @abstractmethod
    def events(self, where: EventFilter | None = None, *, brief: bool = False) -> list[EventRecord]:
        """Live events matching a filter, in its `sort` order (by date then id unless told) (reports not loaded);
        `brief`: the version shown only (`machine` and `edits` empty), for lists."""

    @abstractmethod
    def signals(self, article_id: str) -> list[dict[str, Any]]:
        """The signals stored for an article."""

    @abstractmethod
    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Articles whose text contains every word of an Arabic query (matched on the folded text)."""

    @abstractmethod
    def search_total(self, query: str) -> int:
        """How many articles hold every word of the query (`search` returns the best `limit` of them)."""

    @abstractmethod
    def stats(self, by: str, where: EventFilter | None = None) -> list[tuple[str | None, int]]:
        """Live events counted by `day`, `type`, `country`, `admin1`, `admin2`, `actor1` or `actor2`."""

    @abstractmethod
    def aggregate(self, where: EventFilter | None = None, *, by: str = "day",
                  group: str | None = None) -> list[Aggregate]:
        """Live events and fatalities by a period (`PERIODS`), a group (`GROUPS`; an actor counts an event once as
        actor1 and once as actor2) or a column `stats` counts by, and within each by a group if asked: periods in
        order, other keys most events first."""

    def total(self, where: EventFilter | None = None) -> int:
        """How many live events match a filter (its sort, limit and offset aside)."""
        return sum(n for _, n in self.stats("type", where))

    @abstractmethod
    def history(self, event_id: str) -> list[Change]:
        """Every recorded change to an event, oldest first."""

    @abstractmethod
    def changes(self, *, since: str | None = None, limit: int = 1000) -> list[Change]:
        """Changes to any event after a timestamp (ISO, UTC), oldest first: what a downstream copy must replay."""

    @abstractmethod
    def changes_total(self, *, since: str | None = None) -> int:
        """How many changes there are after a timestamp (`changes` returns the first `limit` of them)."""

    @abstractmethod
    def review(self, event_id: str, state: str, *, who: str, edits: dict[str, Any] | None = None,
               note: str | None = None, version: int | None = None) -> EventRecord:
        """Confirm, edit or reject an event; edits are layered over the machine's version, never written into it.

        The history records each edited field's value before it. With `version` (the version the reviewer read),
        a review of an event changed since raises `StaleError` and changes nothing.
        """

    @abstractmethod
    def merge(self, keep: str, other: str, *, who: str, version: int | None = None) -> EventRecord:
        """Fold event `other` into `keep` (its reports move; `other` is recorded as merged into `keep`); with
        `version`, `StaleError` if `keep` has changed since that version."""

    @abstractmethod
    def split(self, event_id: str, report_ids: Sequence[str], *, who: str, version: int | None = None) -> EventRecord:
        """Move reports out of an event into a new event (undoing a merge); return the new event. With `version`,
        `StaleError` if the event has changed since that version."""

    @abstractmethod
    def source(self, name: str) -> dict[str, Any] | None:
        """A source (outlet or feed) with its polling state (`etag`, `modified`, `polled_at`), or None."""

    @abstractmethod
    def save_source(self, name: str, *, kind: str, url: str | None = None, etag: str | None = None,
                    modified: str | None = None) -> None:
        """Record a source and when it was last polled."""

    @abstractmethod
    def delete(self, event_id: str, *, who: str, note: str | None = None) -> None:
        """Delete an event (it stays as a tombstone for sync)."""

    @abstractmethod
    def analyze(self) -> None:
        """Refresh the query planner's statistics (after large loads; `rasd serve` does it when it starts)."""

    def limit_queries(self, seconds: float) -> None:
        """Cancel any query that runs longer than `seconds` (0: no limit) with `QueryTimeout`: PostgreSQL's
        `statement_timeout`, which `rasd serve` sets (`api_query_seconds`); a SQLite store has no such limit."""
        return None

    @abstractmethod
    def save_user(self, name: str, *, role: str, token_hash: str) -> User:
        """Add a user, or give an existing one a new role and token (the old token stops working)."""

    @abstractmethod
    def user(self, token_hash: str) -> User | None:
        """The user whose token has this hash, or None."""

    @abstractmethod
    def users(self) -> list[User]:
        """Every user, by name."""
