"""The SQL plumbing both stores share: the connection, write transactions, migrations and the dialect hooks.

SQL is written once with `?` placeholders; PostgreSQL's subclass turns them into `%s`. Writes run in one
transaction each (`_write`): everything a write changes is stored together or not at all.
"""

from __future__ import annotations

import hashlib
import json
from abc import abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from typing import Any

from rasd.errors import ResourceError
from rasd.merge import MergeWords
from rasd.store.base import Store, storable

__all__ = ["SQLConnection"]

_COLUMNS = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "admin2",
            "location", "latitude", "longitude", "geo_precision", "fatalities", "confidence")
_LIVE = "deleted_at IS NULL AND merged_into IS NULL"


def _text(value: Any) -> Any:
    """Dates and timestamps as the ISO text both databases are given (PostgreSQL returns objects)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _new_id(*parts: str) -> str:
    return "ev-" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


class SQLConnection(Store):
    """A store's connection: running SQL, transactions, migrations; subclasses connect and search."""

    dialect: str
    _last = ""
    # What merging reads: `Resources.merge`, which `open_store(url, merge=...)` sets.
    merge_words: MergeWords | None = None

    def __init__(self, url: str, conn: Any) -> None:
        self.url = url
        self._conn = conn
        self._migrate()

    # -- dialect hooks ------------------------------------------------------------------------------------------

    @abstractmethod
    def _begin(self) -> None:
        """Open a write transaction that no other writer can interleave with."""

    @abstractmethod
    def _index_text(self, article_id: str, body: str) -> None:
        """Add an article's searchable text to the full-text index."""

    @abstractmethod
    def _search(self, words: list[str], limit: int) -> list[tuple[Any, ...]]:
        """Articles whose searchable text holds every folded word: (article_id, title, published), best first."""

    @abstractmethod
    def _search_total(self, words: list[str]) -> int:
        """How many articles' searchable text holds every folded word."""

    def _sql(self, sql: str) -> str:
        return sql

    # -- plumbing -----------------------------------------------------------------------------------------------

    def _merge(self) -> MergeWords:
        if self.merge_words is None:
            raise ResourceError("the store was opened without `Resources.merge`: pass it to open_store(url, merge=...)")
        return self.merge_words

    def _run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(self._sql(sql), tuple(storable(p) for p in params))

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(_text(v) for v in row) for row in self._run(sql, params).fetchall()]

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _now(self) -> str:
        """A UTC timestamp, strictly later than the previous one this store made (sync relies on order)."""
        now = datetime.now(UTC)
        if self._last and now.isoformat(timespec="microseconds") <= self._last:
            now = datetime.fromisoformat(self._last) + timedelta(microseconds=1)
        self._last = now.isoformat(timespec="microseconds")
        return self._last

    @contextmanager
    def _write(self) -> Iterator[None]:
        self._begin()
        try:
            yield
        except BaseException:
            self._run("ROLLBACK")
            raise
        self._run("COMMIT")

    def _migrate(self) -> None:
        self._run("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
        done = {row[0] for row in self._rows("SELECT version FROM schema_migrations")}
        folder = resources.files("rasd.store").joinpath("schema", self.dialect)
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            version = int(item.name.split("_", 1)[0])
            if not item.name.endswith(".sql") or version in done:
                continue
            with self._write():
                self._script(item.read_text(encoding="utf-8"))
                self._run("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", (version, self._now()))

    def _script(self, sql: str) -> None:
        for statement in sql.split(";\n"):
            if statement.strip() and not all(line.startswith("--") for line in statement.strip().splitlines()):
                self._run(statement)

    def close(self) -> None:
        self._conn.close()
