"""The monitoring store: articles, events with their sources and evidence, signals, and every change.

`open_store(url)` opens SQLite for a path (the default: `rasd.sqlite` in the user's data folder) and
PostgreSQL for a `postgresql://` URL; both implement `Store` and pass the same test suite. A store that adds
events is opened with `merge=resources.merge`, what placing a report in an event reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rasd.store.base import (
    MACHINE,
    REVIEW_STATES,
    ROLES,
    ArticleRecord,
    Change,
    EventFilter,
    EventRecord,
    Ingested,
    Report,
    SearchHit,
    Store,
    User,
)

if TYPE_CHECKING:
    from rasd.merge import MergeWords

__all__ = [
    "MACHINE",
    "REVIEW_STATES",
    "ROLES",
    "ArticleRecord",
    "Change",
    "EventFilter",
    "EventRecord",
    "Ingested",
    "Report",
    "SearchHit",
    "Store",
    "User",
    "default_db",
    "open_store",
]


def default_db() -> str:
    """The `db` setting (`RASD_DB`) when set, else `rasd.sqlite` in the user's data folder."""
    from platformdirs import user_data_dir

    from rasd.settings import Settings

    return Settings.load().db or str(Path(user_data_dir("rasd", appauthor=False)) / "rasd.sqlite")


def open_store(url: str | None = None, *, merge: MergeWords | None = None) -> Store:
    """Open (and create or migrate) the store at a SQLite path, `sqlite:///path`, or a `postgresql://` URL.

    `merge` (`Resources.merge`) is what placing reports in events reads: a store opened without it reads,
    reviews and exports, but cannot add events.
    """
    from rasd.store.sql import SQLStore

    target = url or default_db()
    store: SQLStore
    if target.startswith(("postgresql://", "postgres://")):
        from rasd.store.postgres import PostgresStore

        store = PostgresStore(target)
    else:
        from rasd.store.sqlite import SQLiteStore

        store = SQLiteStore(target.removeprefix("sqlite:///") if target.startswith("sqlite:///") else target)
    store.merge_words = merge
    return store
