"""The SQLite store: one writer (`BEGIN IMMEDIATE` per write), WAL, FTS5 over the folded text."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from rasd.errors import ConfigError
from rasd.store.sql import SQLStore

__all__ = ["SQLiteStore"]


class SQLiteStore(SQLStore):
    """A store in one SQLite file (or `:memory:`)."""

    dialect = "sqlite"
    _counted = "events INDEXED BY events_live"

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are opened explicitly, so a write never waits inside an implicit one.
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30.0)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as err:  # another kind of file: say so, never overwrite it
            conn.close()
            raise ConfigError(f"{path} is not a SQLite store ({err}); give another path for --db") from None
        # NORMAL keeps every committed transaction through a killed process (not through a power cut).
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        super().__init__(str(path), conn)

    def _begin(self) -> None:
        self._run("BEGIN IMMEDIATE")

    def _index_text(self, article_id: str, body: str) -> None:
        self._run("INSERT INTO articles_fts (article_id, body) VALUES (?, ?)", (article_id, body))

    def _search_total(self, words: list[str]) -> int:
        row = self._one("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?",
                        (" ".join(f'"{w}"' for w in words),))
        return int(row[0]) if row else 0

    def _search(self, words: list[str], limit: int) -> list[tuple[Any, ...]]:
        query = " ".join(f'"{w}"' for w in words)
        return self._rows(
            "SELECT a.article_id, a.title, a.published FROM articles_fts f JOIN articles a "
            "ON a.article_id = f.article_id WHERE articles_fts MATCH ? ORDER BY f.rank LIMIT ?", (query, limit))
