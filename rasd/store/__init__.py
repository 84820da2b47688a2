"""The monitoring store: articles, events with their sources and evidence, signals, and every change.

`open_store(url)` opens SQLite for a path (the default: `rasd.sqlite` in the user's data folder) and
PostgreSQL for a `postgresql://` URL; both implement `Store` and pass the same test suite.
"""

from __future__ import annotations

from pathlib import Path

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


def open_store(url: str | None = None) -> Store:
    """Open (and create or migrate) the store at a SQLite path, `sqlite:///path`, or a `postgresql://` URL."""
    target = url or default_db()
    if target.startswith(("postgresql://", "postgres://")):
        from rasd.store.postgres import PostgresStore

        return PostgresStore(target)
    from rasd.store.sqlite import SQLiteStore

    return SQLiteStore(target.removeprefix("sqlite:///") if target.startswith("sqlite:///") else target)
