"""The monitoring store: articles, events with their sources and evidence, signals, and every change.

`open_store(url)` opens SQLite for a path (the default: `rasd.sqlite` in the user's data folder) and
PostgreSQL for a `postgresql://` URL; both implement `Store` and pass the same test suite. A store that adds
events is opened with `merge=resources.merge`, what placing a report in an event reads. Any other scheme is
refused, and `mask_url` hides a URL's password wherever one is shown.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rasd.errors import ConfigError
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
    "mask_url",
    "open_store",
]

SCHEMES = ("postgresql", "postgres", "sqlite")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def mask_url(url: str) -> str:
    """The URL with its password (in the user part or a `password=` parameter) shown as `***`."""
    if not _SCHEME.match(url) or ("@" not in url and "password=" not in url):
        return url
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}:***@{host}"
    query = parts.query
    if "password=" in query:
        query = urlencode([(k, "***" if k == "password" else v) for k, v in parse_qsl(query, keep_blank_values=True)],
                          safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


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
    scheme = _SCHEME.match(target)
    if scheme is not None and scheme[1].lower() not in SCHEMES:
        raise ConfigError(f"cannot store in {mask_url(target)!r}: {scheme[1]}:// is not a store rasd knows; give "
                          "a SQLite file path, sqlite:///path, or a postgresql://user:password@host/database URL")
    store: SQLStore
    if target.startswith(("postgresql://", "postgres://")):
        from rasd.store.postgres import PostgresStore

        store = PostgresStore(target)
    else:
        from rasd.store.sqlite import SQLiteStore

        store = SQLiteStore(target.removeprefix("sqlite:///") if target.startswith("sqlite:///") else target)
    store.merge_words = merge
    return store
