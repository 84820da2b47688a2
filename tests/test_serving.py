"""Fair serving: limits checked before a body is read, logins before bodies, shares per client, bad values as 400."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rasd.store import ArticleRecord, Store, open_store
from rasd.web.app import ServeLimits
from rasd.web.auth import add_user
from rasd.web.guard import Bucket
from tests.conftest import bundled, web_app
from tests.test_api import bearer, fill
from tests.test_store import open_test_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "serve.sqlite"), merge=bundled().merge) as s:
        yield s


@pytest.fixture
def ids(store: Store) -> dict[str, str]:
    return fill(store)


@pytest.fixture
def token(store: Store) -> str:
    return add_user(store, "amal", role="reviewer").token


def client(store: Store, **limits: Any) -> TestClient:
    return TestClient(web_app(store, limits=ServeLimits(**limits)), raise_server_exceptions=False)


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()["error"]
    assert body["status"] == status and body["message"]
    return body


# -- values no route should see -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "/api/events?admin1=%00", "/api/events?actor=a%00b", "/api/events?event_type=%00", "/api/search?q=%D9%82%00",
    "/api/export?format=csv&admin2=%00", "/api/stats?by=day&admin1=x%00", "/api/events/ev-%00",
    "/api/articles/a%00b", "/api/places?q=%00",
])
def test_a_nul_anywhere_in_a_path_or_parameter_is_400(store: Store, ids: dict[str, str], url: str) -> None:
    with client(store) as c:
        assert error(c.get(url), 400)["code"] == "bad_request"


@pytest.mark.parametrize(("path", "params"), [
    ("/api/events", {"updated_since": "0001-01-01T00:00:00+14:00"}),
    ("/api/export", {"format": "jsonl", "updated_since": "9999-12-31T23:59:59-14:00"}),
    ("/api/changes", {"since": "0001-01-01T00:00:00+01:00"}),
])
def test_a_time_outside_what_utc_can_hold_is_400(store: Store, ids: dict[str, str], path: str,
                                                 params: dict[str, str]) -> None:
    with client(store) as c:
        assert "out of range" in error(c.get(path, params=params), 400)["message"]


def test_an_article_id_with_slashes_can_be_fetched(store: Store) -> None:
    store.add(ArticleRecord("outlet.example/2024/05/report", text="نص قصير عن قصف بلدة"))
    with client(store) as c:
        assert c.get("/api/articles/outlet.example/2024/05/report").json()["id"] == "outlet.example/2024/05/report"
        assert c.get("/api/articles/outlet.example%2F2024%2F05%2Freport").status_code == 200
        assert error(c.get("/api/articles/outlet.example/2024"), 404)["code"] == "not_found"


# -- bodies ---------------------------------------------------------------------------------------------------------


def test_an_announced_large_body_is_refused_before_a_byte_is_read(store: Store, token: str) -> None:
    app = web_app(store, limits=ServeLimits(max_body=1000))
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        raise AssertionError("the body was read")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    path = "/api/events/ev-1/review"
    headers = [(b"content-length", b"150000000"), (b"authorization", f"Bearer {token}".encode())]
    scope = {"type": "http", "method": "POST", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "scheme": "http", "server": ("t", 80), "client": ("10.0.0.1", 1), "http_version": "1.1",
             "headers": headers}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413 and b'"code":"too_large"' in sent[1]["body"]


def test_a_streamed_body_is_cut_off_past_the_limit(store: Store, ids: dict[str, str], token: str) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(50):
            yield b" " * 10_000

    with client(store, max_body=20_000) as c:
        response = c.post(f"/api/events/{ids['protest']}/review", content=chunks(),
                          headers={"Content-Type": "application/json", **bearer(token)})
    assert error(response, 413)["code"] == "too_large"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer rasd_unknown"}, {"Authorization": "Basic eDp5"}])
def test_a_stranger_gets_401_before_the_body_is_parsed(store: Store, ids: dict[str, str],
                                                       headers: dict[str, str]) -> None:
    with client(store) as c:
        response = c.post(f"/api/events/{ids['protest']}/review", content=b"{not json",
                          headers={"Content-Type": "application/json", **headers})
    assert error(response, 401)["code"] == "unauthorized"


def test_a_known_reviewer_hears_what_is_wrong_with_the_body(store: Store, ids: dict[str, str], token: str) -> None:
    with client(store) as c:
        response = c.post(f"/api/events/{ids['protest']}/review", content=b"{not json",
                          headers={"Content-Type": "application/json", **bearer(token)})
        assert error(response, 422)["code"] == "invalid_request"
        assert error(c.put("/api/events"), 405)["code"] == "method_not_allowed"


# -- reviewer edits -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("edits", [
    {"latitude": 35.9},
    {"latitude": 35.9, "longitude": 36.6},
    {"longitude": 36.6, "location": "Ariha"},
    {"actor1": "x" * 301},
    {"actor1": "a\x00b"},
    {"assoc_actor_1": ["y" * 301]},
    {"notes": "z" * 4001},
    {"event_date": "0001-01-01"},
    {"event_date": "2101-01-01"},
    {"event_date": "1899-12-31"},
])
def test_implausible_edits_are_refused(store: Store, ids: dict[str, str], token: str, edits: dict[str, Any]) -> None:
    with client(store) as c:
        response = c.post(f"/api/events/{ids['protest']}/review", json={"state": "edited", "edits": edits},
                          headers=bearer(token))
    assert error(response, 422)["code"] == "invalid_request"


def test_a_place_with_its_coordinates_is_an_edit(store: Store, ids: dict[str, str], token: str) -> None:
    edits = {"latitude": 35.9, "longitude": 36.6, "location": "Ariha", "event_date": "2024-05-04"}
    with client(store) as c:
        response = c.post(f"/api/events/{ids['protest']}/review", json={"state": "edited", "edits": edits},
                          headers=bearer(token))
    assert response.status_code == 200, response.text
    shown = response.json()["event"]
    assert (shown["latitude"], shown["longitude"], shown["location"]) == (35.9, 36.6, "Ariha")


def test_the_published_schema_says_what_edits_must_hold(store: Store) -> None:
    with client(store) as c:
        schema = c.get("/openapi.json").json()
    edits = schema["components"]["schemas"]["Edits"]
    assert sorted(edits["dependentRequired"]["latitude"]) == ["location", "longitude"]
    assert "2100" in edits["properties"]["event_date"]["pattern"]
    admin1 = next(p for p in schema["paths"]["/api/events"]["get"]["parameters"] if p["name"] == "admin1")
    assert any(part.get("pattern") == r"^[^\x00]*$" for part in admin1["schema"]["anyOf"])


# -- shares ---------------------------------------------------------------------------------------------------------


def test_an_anonymous_client_over_its_share_gets_429(store: Store, ids: dict[str, str], token: str) -> None:
    with client(store, rate=0.001, burst=5) as c:
        assert [c.get("/api/events").status_code for _ in range(5)] == [200] * 5
        refused = c.get("/api/events")
        assert error(refused, 429)["code"] == "too_many_requests" and int(refused.headers["Retry-After"]) >= 1
        assert c.get("/api/events", headers=bearer(token)).status_code == 200  # logged-in reads are not limited
        assert c.get("/").status_code == 200  # nor is the page


def test_each_client_address_has_its_own_share(store: Store, ids: dict[str, str]) -> None:
    app = web_app(store, limits=ServeLimits(rate=0.001, burst=1))

    def status(address: str) -> int:
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": "/api/meta", "raw_path": b"/api/meta", "query_string": b"",
                 "root_path": "", "scheme": "http", "server": ("t", 80), "client": (address, 1), "http_version": "1.1",
                 "headers": [], "state": {}}
        asyncio.run(app(scope, receive, send))
        return int(sent[0]["status"])

    assert [status("10.0.0.1"), status("10.0.0.1"), status("10.0.0.2")] == [200, 429, 200]


def test_exports_cost_by_size_and_anonymous_ones_are_capped(store: Store, ids: dict[str, str], token: str) -> None:
    with client(store, anonymous_export=2, burst=100, rate=0.001) as c:
        capped = c.get("/api/export", params={"format": "jsonl", "limit": 50_000})
        assert len(capped.text.splitlines()) == 2 and capped.headers["X-Rasd-Capped"].startswith("2;")
        whole = c.get("/api/export", params={"format": "jsonl"}, headers=bearer(token))
        assert len(whole.text.splitlines()) == 3 and "X-Rasd-Capped" not in whole.headers
    with client(store, burst=100, rate=0.001) as c:  # an export of up to 5,000 events costs 51 of the 100
        assert c.get("/api/export", params={"format": "csv"}).status_code == 200
        assert error(c.get("/api/export", params={"format": "csv"}), 429)["code"] == "too_many_requests"
        assert c.get("/api/export", params={"format": "csv", "limit": 10}).status_code == 200


def test_unknown_tokens_are_limited_per_client(store: Store, ids: dict[str, str], token: str) -> None:
    with client(store, token_attempts=3) as c:
        assert [c.get("/api/me", headers=bearer(f"rasd_guess{i}")).status_code for i in range(3)] == [401] * 3
        assert error(c.get("/api/me", headers=bearer(token)), 429)["code"] == "too_many_requests"
        assert c.get("/api/events").status_code == 200  # reading without a token still works


def test_a_bucket_refills_at_its_rate() -> None:
    bucket = Bucket(2, 0.5, at=0.0)
    assert bucket.take(2, 0.0) == 0.0
    assert bucket.take(1, 0.0) == pytest.approx(2.0)
    assert bucket.take(1, 2.0) == 0.0 and bucket.take(1, 2.0) > 0
    assert bucket.level(100.0) == 2


# -- slow queries ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/events", "/api/export?format=csv", "/api/stats?by=admin1"])
def test_a_query_over_its_time_on_postgresql_is_503_and_the_store_goes_on(tmp_path: Path, url: str) -> None:
    # Another session holds the events table, so every read waits on it: PostgreSQL cancels the query after the
    # store's limit (`statement_timeout`) and the client hears why in the one error shape, not a hang or a 500.
    import psycopg

    with open_test_store("postgres", tmp_path) as pg:
        fill(pg)
        pg.limit_queries(0.2)
        with psycopg.connect(pg.url) as blocker:
            blocker.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE")
            response = client(pg).get(url)
            body = error(response, 503)
            assert body["code"] == "query_timeout" and "0.2 s" in body["message"]
            assert response.headers["Retry-After"]
            blocker.rollback()
        assert client(pg).get(url).status_code == 200
