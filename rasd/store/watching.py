"""Watches in SQL: the watches, notices folded per event, the outbox of each channel and the delivery log.

See `rasd.store.notices` for why notices come from the change log. The cursor (`watch_cursor`) moves in the same
transaction as the notices it queued, so a change is turned into notices exactly once, even after a crash.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from rasd.errors import ConfigError
from rasd.store.connection import _json
from rasd.store.notices import Delivery, Due, Notice
from rasd.store.reading import SQLReading
from rasd.watches.watch import CHANNELS, Watch, matches

__all__ = ["SQLWatching"]

# What each recorded action tells a watch; the others (merged_into, deleted) leave no live event to tell about.
_KIND = {"created": "new", "source_added": "changes", "merged": "changes", "split": "changes", "reviewed": "reviews"}
_WATCH = "SELECT watch_id, owner, name, spec, secret, feed_token, created_at, mailed_at FROM watches"
_NOTICE = "n.notice_id, n.watch_id, n.event_id, n.kind, n.changes, n.created_at, n.updated_at"


def _channels(watch: Watch) -> list[str]:
    return [c for c in CHANNELS if getattr(watch, c)]


def _notice(row: tuple[Any, ...]) -> Notice:
    nid, wid, eid, kind, changes, created, updated = row
    return Notice(int(nid), wid, eid, kind=kind, changes=int(changes), created_at=created, updated_at=updated)


class SQLWatching(SQLReading):
    """The `WatchBook` part of the SQL stores."""

    def _watch_of(self, row: tuple[Any, ...]) -> Watch:
        watch_id, owner, name, spec, secret, token, created, mailed = row
        return Watch.from_spec(name, json.loads(spec), owner=owner, watch_id=watch_id, secret=secret,
                               feed_token=token, created_at=created, mailed_at=mailed)

    def save_watch(self, watch: Watch) -> Watch:
        with self._write():
            if self._one("SELECT 1 FROM users WHERE name = ?", (watch.owner,)) is None:
                raise ConfigError(f"no user {watch.owner!r}; add one with `rasd users add {watch.owner or 'NAME'}`")
            if watch.watch_id:
                done = self._run("UPDATE watches SET name = ?, spec = ? WHERE watch_id = ? AND owner = ?",
                                 (watch.name, _json(watch.spec()), watch.watch_id, watch.owner))
                if done.rowcount != 1:
                    raise ConfigError(f"{watch.owner!r} has no watch {watch.watch_id!r}; list them to find its id")
                watch_id = watch.watch_id
            else:
                watch_id = "w-" + secrets.token_hex(8)
                self._run("INSERT INTO watches (watch_id, owner, name, spec, secret, feed_token, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (watch_id, watch.owner, watch.name, _json(watch.spec()), secrets.token_hex(32),
                           secrets.token_urlsafe(24), self._now()))
        found = self.watch(watch_id)
        assert found is not None
        return found

    def watch(self, watch_id: str) -> Watch | None:
        row = self._one(f"{_WATCH} WHERE watch_id = ?", (watch_id,))
        return None if row is None else self._watch_of(row)

    def watches(self, owner: str | None = None) -> list[Watch]:
        where = "" if owner is None else " WHERE owner = ?"
        rows = self._rows(f"{_WATCH}{where} ORDER BY created_at, watch_id", () if owner is None else (owner,))
        return [self._watch_of(row) for row in rows]

    def watch_by_feed_token(self, token: str) -> Watch | None:
        row = self._one(f"{_WATCH} WHERE feed_token = ?", (token,))
        return None if row is None else self._watch_of(row)

    def delete_watch(self, watch_id: str) -> bool:
        with self._write():
            self._run("DELETE FROM outbox WHERE notice_id IN (SELECT notice_id FROM notices WHERE watch_id = ?)",
                      (watch_id,))
            for table in ("deliveries", "notices"):
                self._run(f"DELETE FROM {table} WHERE watch_id = ?", (watch_id,))
            return bool(self._run("DELETE FROM watches WHERE watch_id = ?", (watch_id,)).rowcount)

    # -- queueing -----------------------------------------------------------------------------------------------

    def queue_notices(self, *, limit: int = 1000) -> int:
        with self._write():
            row = self._one("SELECT change_id FROM watch_cursor WHERE name = 'changes'")
            cursor = int(row[0]) if row else 0
            changes = self._rows("SELECT change_id, event_id, at, action FROM changes WHERE change_id > ? "
                                 "ORDER BY change_id LIMIT ?", (cursor, limit))
            if not changes:
                return 0
            watches = self.watches()
            events: dict[str, dict[str, Any] | None] = {}
            queued = 0
            for _, event_id, at, action in changes if watches else ():
                kind = _KIND.get(action)
                if kind is None:
                    continue
                if event_id not in events:
                    record = self.event(event_id)
                    events[event_id] = None if record is None else record.data
                event = events[event_id]
                for watch in watches:
                    if event is not None and at >= watch.created_at and matches(watch, event):
                        queued += self._fold(watch, event_id, kind, at)
            self._run("INSERT INTO watch_cursor (name, change_id) VALUES ('changes', ?) ON CONFLICT (name) "
                      "DO UPDATE SET change_id = excluded.change_id", (changes[-1][0],))
        return queued

    def _fold(self, watch: Watch, event_id: str, kind: str, at: str) -> int:
        """Start the watch's notice of an event, or fold a change into it; 1 when a notice was started."""
        row = self._one("SELECT notice_id, kind FROM notices WHERE watch_id = ? AND event_id = ?",
                        (watch.watch_id, event_id))
        if row is None:
            kind = "new" if "new" in watch.notify else kind  # an event entering the watch is new to its owner
            if kind not in watch.notify:
                return 0
            self._run("INSERT INTO notices (watch_id, event_id, kind, changes, created_at, updated_at) "
                      "VALUES (?, ?, ?, 0, ?, ?)", (watch.watch_id, event_id, kind, at, at))
            found = self._one("SELECT notice_id FROM notices WHERE watch_id = ? AND event_id = ?",
                              (watch.watch_id, event_id))
            assert found is not None
            for channel in _channels(watch):
                self._run("INSERT INTO outbox (notice_id, channel, state, attempts, due_at) "
                          "VALUES (?, ?, 'pending', 0, ?)", (found[0], channel, at))
            return 1
        if kind not in watch.notify:
            return 0
        notice_id, before = row
        pending = self._one("SELECT 1 FROM outbox WHERE notice_id = ? AND state = 'pending'", (notice_id,))
        kind = before if pending and before == "new" else kind  # still unsent: it stays news, with the change in it
        self._run("UPDATE notices SET kind = ?, changes = changes + 1, updated_at = ? WHERE notice_id = ?",
                  (kind, at, notice_id))
        for channel in _channels(watch):
            self._run("INSERT INTO outbox (notice_id, channel, state, attempts, due_at) VALUES (?, ?, 'pending', 0, ?) "
                      "ON CONFLICT (notice_id, channel) DO UPDATE SET state = 'pending', attempts = 0, "
                      "due_at = excluded.due_at WHERE outbox.state <> 'pending'", (notice_id, channel, at))
        return 0

    # -- delivering ---------------------------------------------------------------------------------------------

    def due(self, channel: str, *, now: str, limit: int = 100) -> list[Due]:
        rows = self._rows(f"SELECT {_NOTICE}, o.attempts FROM outbox o JOIN notices n ON n.notice_id = o.notice_id "
                          "WHERE o.channel = ? AND o.state = 'pending' AND o.due_at <= ? "
                          "ORDER BY o.due_at, n.notice_id LIMIT ?", (channel, now, limit))
        return [Due(_notice(row[:7]), channel, int(row[7])) for row in rows]

    def record_delivery(self, due: Due, *, status: str, detail: str, at: str, retry_at: str | None = None) -> None:
        notice = due.notice
        with self._write():
            self._run("INSERT INTO deliveries (watch_id, notice_id, channel, at, attempt, status, detail) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (notice.watch_id, notice.notice_id, due.channel, at, due.attempts + 1, status, detail[:1000]))
            if status == "sent":
                self._run("UPDATE outbox SET state = 'sent', attempts = attempts + 1 WHERE notice_id = ? "
                          "AND channel = ?", (notice.notice_id, due.channel))
            else:
                self._run("UPDATE outbox SET state = ?, attempts = attempts + 1, due_at = ? WHERE notice_id = ? "
                          "AND channel = ?", ("pending" if retry_at else "failed", retry_at or at,
                                              notice.notice_id, due.channel))

    def mailed(self, watch_id: str, at: str) -> None:
        with self._write():
            self._run("UPDATE watches SET mailed_at = ? WHERE watch_id = ?", (at, watch_id))

    def notices(self, watch_id: str, *, limit: int = 50) -> list[Notice]:
        rows = self._rows(f"SELECT {_NOTICE} FROM notices n WHERE n.watch_id = ? "
                          "ORDER BY n.updated_at DESC, n.notice_id DESC LIMIT ?", (watch_id, limit))
        return [_notice(row) for row in rows]

    def deliveries(self, watch_id: str, *, limit: int = 100) -> list[Delivery]:
        rows = self._rows("SELECT watch_id, notice_id, channel, at, attempt, status, detail FROM deliveries "
                          "WHERE watch_id = ? ORDER BY delivery_id DESC LIMIT ?", (watch_id, limit))
        return [Delivery(w, None if n is None else int(n), channel=c, at=at, attempt=int(a), status=s, detail=d)
                for w, n, c, at, a, s, d in rows]
