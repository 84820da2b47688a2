"""The PostgreSQL store: the same store over psycopg, with `tsvector` search and an advisory lock for writers.

Coordinates are plain columns with btree indexes, so the store needs no PostGIS; bounding-box filters are
range conditions on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasd.errors import ConfigError, QueryTimeout, StoreError
from rasd.extras import require
from rasd.store import mask_url
from rasd.store.sql import SQLStore

__all__ = ["PostgresStore"]

_WRITER_LOCK = 0x72617364  # one writer at a time, as with SQLite: merging reads the events it may join


def _one_line(err: Exception) -> str:
    """psycopg's message on one line (it adds hints on lines of their own)."""
    return " ".join(str(err).split()) or type(err).__name__


class PostgresStore(SQLStore):
    """A store in a PostgreSQL database given by a `postgresql://` URL."""

    dialect = "postgres"
    _timeout = 0.0  # seconds a query may run (`limit_queries`); 0: no limit

    def __init__(self, url: str) -> None:
        require("postgres", purpose="a postgresql:// store")
        import psycopg  # imported here: only PostgreSQL users need it

        try:
            conn = psycopg.connect(url, autocommit=True)
        except psycopg.OperationalError as err:
            raise ConfigError(f"cannot connect to PostgreSQL at {mask_url(url)!r}: {_one_line(err)}; check the URL "
                              "and the server") from None
        conn.execute("SET TIME ZONE 'UTC'")
        super().__init__(url, conn)

    def limit_queries(self, seconds: float) -> None:
        self._timeout = max(seconds, 0.0)
        self._run(f"SET statement_timeout = {round(self._timeout * 1000)}")

    def _run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        import psycopg

        try:
            return super()._run(sql, params)
        except psycopg.errors.QueryCanceled:
            raise QueryTimeout(f"the store cancelled a query that ran longer than {self._timeout:g} s; narrow the "
                               "filters or ask for fewer events, or raise api_query_seconds") from None
        except psycopg.OperationalError as err:
            raise StoreError(f"PostgreSQL at {mask_url(self.url)!r} failed: {_one_line(err)}; what was stored is "
                             "kept: run the same command again to resume") from None

    def _sql(self, sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def _begin(self) -> None:
        self._run("BEGIN")
        self._run("SELECT pg_advisory_xact_lock(?)", (_WRITER_LOCK,))

    def _index_text(self, article_id: str, body: str) -> None:
        self._run("INSERT INTO articles_fts (article_id, body) VALUES (?, to_tsvector('simple', ?))",
                  (article_id, body))

    def _search_total(self, words: list[str]) -> int:
        row = self._one("SELECT COUNT(*) FROM articles_fts WHERE body @@ to_tsquery('simple', ?)", (" & ".join(words),))
        return int(row[0]) if row else 0

    def _search(self, words: list[str], limit: int) -> list[tuple[Any, ...]]:
        query = " & ".join(words)
        return self._rows(
            "SELECT a.article_id, a.title, a.published FROM articles_fts f JOIN articles a "
            "ON a.article_id = f.article_id WHERE f.body @@ to_tsquery('simple', ?) "
            "ORDER BY ts_rank(f.body, to_tsquery('simple', ?)) DESC, a.article_id LIMIT ?", (query, query, limit))
