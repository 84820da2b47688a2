"""API fixtures over both stores: a filled SQLite store and a filled PostgreSQL one, and a test client of each.
Test modules import `store`, `ids` and `client` from here to run every test on both; `ids` and `client` are those
of `tests.test_api`, which fill and serve whichever `store` the test module holds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rasd.store import Store
from tests.test_api import client, ids
from tests.test_store import open_test_store

__all__ = ["client", "ids", "store"]


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with open_test_store(request.param, tmp_path) as s:
        yield s
