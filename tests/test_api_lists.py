"""The API's parameters and lists, on SQLite and on a real PostgreSQL: an unknown parameter is refused in the one
error shape, naming those the path takes, and every list says how many it holds in all."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from rasd.store import Store
from rasd.web.auth import add_user
from tests.api_stores import client, ids, store
from tests.test_api import bearer
from tests.test_error_shape import assert_error

__all__ = ["client", "ids", "store"]  # the fixtures over both stores, used by name


@pytest.mark.parametrize(("path", "params", "unknown", "suggested"), [
    ("/api/events", {"admin_1": "Idlib"}, "admin_1", "admin1"),
    ("/api/events", {"limit": "2", "evnt_type": "Protests"}, "evnt_type", "event_type"),
    ("/api/stats", {"by": "day", "date": "2024-03-14"}, "date", None),
    ("/api/export", {"format": "csv", "formt": "csv"}, "formt", "format"),
    ("/api/search", {"q": "قصف", "query": "قصف"}, "query", None),
    ("/api/meta", {"lang": "ar"}, "lang", None),
])
def test_unknown_parameters_are_refused_with_those_allowed(client: TestClient, path: str, params: dict[str, str],
                                                          unknown: str, suggested: str | None) -> None:
    error = assert_error(client.get(path, params=params), 400, "bad_request")
    assert repr(unknown) in error["message"] and path in error["message"]
    assert [d["where"] for d in error["details"]] == [f"query.{unknown}"]
    if suggested is not None:
        assert f"did you mean {suggested!r}" in error["details"][0]["message"]
    known = [name for name in params if name != unknown]
    assert all(name in error["message"] for name in known)


def test_every_unknown_parameter_is_named_before_bad_values(client: TestClient) -> None:
    error = assert_error(client.get("/api/events", params={"limit": "many", "b": "1", "a": "2"}), 400, "bad_request")
    assert [d["where"] for d in error["details"]] == ["query.a", "query.b"]


def test_the_page_filters_are_all_known(client: TestClient) -> None:
    params = {"date_from": "2024-01-01", "date_to": "2024-12-31", "admin1": "Idlib", "admin2": "Ariha",
              "event_type": "Protests", "sub_event_type": "Peaceful protest", "actor": "Protesters (Syria)",
              "review_state": "pending", "min_confidence": "0.1", "min_fatalities": "0", "fields": "map",
              "sort": "-event_date", "limit": "5", "offset": "0"}
    assert client.get("/api/events", params=params).status_code == 200
    assert client.get("/api/stats", params={k: v for k, v in params.items()
                                             if k not in ("fields", "sort", "limit", "offset")}).status_code == 200


def test_lists_in_a_body_carry_their_total(client: TestClient) -> None:
    page = client.get("/api/events", params={"limit": 1}).json()
    assert (len(page["events"]), page["total"]) == (1, 3)
    stats = client.get("/api/stats", params={"by": "type"}).json()
    assert stats["total"] == 3 == sum(row["count"] for row in stats["rows"])
    found = client.get("/api/search", params={"q": "كفرنبل", "limit": 1}).json()
    assert (len(found["hits"]), found["total"]) == (1, 2)
    changes = client.get("/api/changes", params={"limit": 1}).json()
    everything = client.get("/api/changes", params={"limit": 1000}).json()
    assert len(changes["changes"]) == 1 and changes["total"] == everything["total"] == len(everything["changes"]) > 1
    later = client.get("/api/changes", params={"since": everything["next_since"]}).json()
    assert (later["changes"], later["total"]) == ([], 0)


def test_bare_lists_carry_their_total_in_a_header(client: TestClient, store: Store, ids: dict[str, str]) -> None:
    places = client.get("/api/places", params={"q": "Al", "limit": 1})
    assert len(places.json()) == 1 and int(places.headers["X-Total-Count"]) > 1
    actors = client.get("/api/actors", params={"q": "forces", "limit": 1})
    assert len(actors.json()) == 1 and actors.headers["X-Total-Count"] == "2"
    history = client.get(f"/api/events/{ids['strike-1']}/history")
    assert history.headers["X-Total-Count"] == str(len(history.json()))
    token = add_user(store, "rana", role="admin").token
    add_user(store, "sami", role="reviewer")
    users = client.get("/api/users", headers=bearer(token))
    assert users.headers["X-Total-Count"] == "2" and len(users.json()) == 2


def test_openapi_documents_the_totals(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for model in ("EventList", "HitList", "ChangeList", "Stats"):
        assert "total" in schema["components"]["schemas"][model]["required"]
    for path in ("/api/places", "/api/actors", "/api/users", "/api/events/{event_id}/history"):
        assert "X-Total-Count" in schema["paths"][path]["get"]["responses"]["200"]["headers"]
