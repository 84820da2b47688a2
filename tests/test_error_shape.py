"""Every failure of the HTTP API answers in one shape: {"error": {"status", "code", "message", "details"}}."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rasd.store import Store, open_store
from rasd.web.auth import add_user
from tests.conftest import bundled, web_app

SHAPE = {"status", "code", "message", "details"}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "errors.sqlite"), merge=bundled().merge) as s:
        yield s


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(web_app(store), raise_server_exceptions=False) as c:
        yield c


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == SHAPE, body
    error = body["error"]
    assert (error["status"], error["code"]) == (status, code)
    assert isinstance(error["message"], str) and len(error["message"]) > 10
    assert all(set(d) == {"where", "message"} for d in error["details"])
    return error


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "code"), [
    ("GET", "/api/nothing", {}, 404, "not_found"),
    ("GET", "/static/nothing.js", {}, 404, "not_found"),
    ("GET", "/api/events/ev-0000000000000000", {}, 404, "not_found"),
    ("PUT", "/api/events", {}, 405, "method_not_allowed"),
    ("GET", "/api/events", {"params": {"limit": "many"}}, 422, "invalid_request"),
    ("GET", "/api/search", {}, 422, "invalid_request"),
    ("POST", "/api/events/ev-1/review", {"content": b"{not json", "headers": {"Authorization": "Bearer x"}},
     401, "unauthorized"),
    ("POST", "/api/events/ev-1/review", {"json": {"state": "confirmed"}}, 401, "unauthorized"),
    ("GET", "/api/me", {}, 401, "unauthorized"),
])
def test_every_failure_has_one_shape(client: TestClient, method: str, path: str, kwargs: dict[str, Any],
                                     status: int, code: str) -> None:
    assert_error(client.request(method, path, **kwargs), status, code)


def test_validation_errors_name_the_field(client: TestClient) -> None:
    error = assert_error(client.get("/api/events", params={"limit": 0}), 422, "invalid_request")
    assert error["details"][0]["where"] == "query.limit" and "limit" in error["message"]


def test_malformed_body_and_forbidden_role(client: TestClient, store: Store) -> None:
    token = add_user(store, "rami", role="reviewer").token
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    assert_error(client.post("/api/events/ev-1/review", content=b"{not json", headers=headers), 422,
                 "invalid_request")
    assert_error(client.delete("/api/events/ev-1", headers=headers), 403, "forbidden")
    assert_error(client.post("/api/events/ev-1/review", json={"state": "confirmed"}, headers=headers), 404,
                 "not_found")


def test_conflicts_have_the_shape(client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from rasd.errors import ConfigError
    from rasd.store import EventRecord

    token = add_user(store, "rami", role="reviewer").token
    record = EventRecord("ev-1", data={}, machine={}, edits={}, review_state="pending", version=1, created_at="",
                         updated_at="")
    monkeypatch.setattr(store, "event", lambda event_id: record)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ConfigError("split needs some, not all, of the reports")

    monkeypatch.setattr(store, "split", refuse)
    response = client.post("/api/events/ev-1/split", json={"report_ids": ["r"]},
                           headers={"Authorization": f"Bearer {token}"})
    assert "split needs" in assert_error(response, 409, "conflict")["message"]


def test_a_bug_is_a_500_in_the_same_shape(client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "events", broken)
    error = assert_error(client.get("/api/events"), 500, "server_error")
    assert "disk on fire" not in error["message"]  # internals stay in the log


def test_openapi_documents_the_error_shape(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["components"]["schemas"]["ErrorBody"]["properties"]) == SHAPE
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            for status in ("404", "422", "500"):
                ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorOut"), (method, path, status)
