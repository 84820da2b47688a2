"""The store's side of watches: the watches themselves, the notices they queue and every delivery made.

Notices are queued from the change log, not by ingestion: `queue_notices` reads the changes after its cursor
(whoever made them: `rasd ingest`, `rasd watch`, a review on the page), matches each changed event against every
watch, and folds the change into the watch's one notice of that event, putting it back in the outbox of each
channel that has delivered it before. Ingestion's transactions are untouched, so no watch or endpoint can slow them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import KW_ONLY, dataclass

from rasd.watches.watch import Watch

__all__ = ["Delivery", "Due", "Notice", "WatchBook"]


@dataclass(frozen=True, slots=True)
class Notice:
    """One event a watch tells about: why (`kind`: new, changes, reviews) and how many changes were folded in."""

    notice_id: int
    watch_id: str
    event_id: str
    _: KW_ONLY
    kind: str
    changes: int
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class Due:
    """A notice waiting in the outbox of one channel, and the attempts made so far."""

    notice: Notice
    channel: str
    attempts: int


@dataclass(frozen=True, slots=True)
class Delivery:
    """One delivery attempt: `status` is `sent` or `failed`, `detail` the HTTP status, SMTP reply or error."""

    watch_id: str
    notice_id: int | None
    _: KW_ONLY
    channel: str
    at: str
    attempt: int
    status: str
    detail: str


class WatchBook(ABC):
    """Watches per user, the notices they queue, the outbox of each channel and the log of deliveries."""

    @abstractmethod
    def save_watch(self, watch: Watch) -> Watch:
        """Add a watch (no `watch_id`: given one, with a new secret and feed token) or replace one's conditions."""

    @abstractmethod
    def watch(self, watch_id: str) -> Watch | None:
        """One watch, or None."""

    @abstractmethod
    def watches(self, owner: str | None = None) -> list[Watch]:
        """The watches of a user (None: of everyone), oldest first."""

    @abstractmethod
    def watch_by_feed_token(self, token: str) -> Watch | None:
        """The watch whose Atom feed this token opens, or None."""

    @abstractmethod
    def delete_watch(self, watch_id: str) -> bool:
        """Remove a watch with its notices and log; whether there was one."""

    @abstractmethod
    def queue_notices(self, *, limit: int = 1000) -> int:
        """Turn the changes after the cursor into notices and outbox entries; how many notices were queued."""

    @abstractmethod
    def due(self, channel: str, *, now: str, limit: int = 100) -> list[Due]:
        """Outbox entries of a channel whose time has come, oldest first."""

    @abstractmethod
    def record_delivery(self, due: Due, *, status: str, detail: str, at: str, retry_at: str | None = None) -> None:
        """Log an attempt; `sent` empties the outbox entry, a failure waits for `retry_at` (None: given up)."""

    @abstractmethod
    def mailed(self, watch_id: str, at: str) -> None:
        """Note when a watch's last e-mail went out (digests wait an hour or a day after it)."""

    @abstractmethod
    def notices(self, watch_id: str, *, limit: int = 50) -> list[Notice]:
        """A watch's notices, most recently changed first (its Atom feed)."""

    @abstractmethod
    def deliveries(self, watch_id: str, *, limit: int = 100) -> list[Delivery]:
        """A watch's delivery log, latest first."""
