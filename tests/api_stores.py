"""API fixtures over both stores: a filled SQLite store and a filled PostgreSQL one, and a test client of each.
Test modules import `store`, `ids` and `client` from here to run every test on both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rasd.store import Store
from tests.conftest import web_app
from tests.test_api import fill
from tests.test_store import open_test_store


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with open_test_store(request.param, tmp_path) as s:
        yield s


@pytest.fixture
def ids(store: Store) -> dict[str, str]:
    return fill(store)


@pytest.fixture
def client(store: Store, ids: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(web_app(store), raise_server_exceptions=False) as c:
        yield c
