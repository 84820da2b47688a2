"""Reviewing from the queue over the API, on SQLite and on a real PostgreSQL: a review based on a replaced version
is refused with 409 and the event as it is, the history says what each edit changed, and merge suggestions are the
events nearest in place and time."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from rasd.errors import StaleError
from rasd.store import Store
from rasd.web.auth import add_user
from tests.api_stores import client, ids, store
from tests.test_api import bearer

__all__ = ["client", "ids", "store"]  # the fixtures over both stores, used by name


def review(client: TestClient, event_id: str, token: str, **body: Any) -> Any:
    return client.post(f"/api/events/{event_id}/review", json=body, headers=bearer(token))


def test_a_stale_review_is_refused_with_the_event_as_it_is(client: TestClient, store: Store,
                                                            ids: dict[str, str]) -> None:
    one, two = add_user(store, "one", role="reviewer").token, add_user(store, "two", role="reviewer").token
    event_id = ids["shelling"]
    read = client.get(f"/api/events/{event_id}").json()["version"]
    first = review(client, event_id, one, state="edited", edits={"fatalities": 2}, version=read)
    assert first.status_code == 200, first.text
    # The second reviewer read the same version and would overwrite the first one's edit.
    second = review(client, event_id, two, state="edited", edits={"fatalities": 4}, version=read)
    assert second.status_code == 409
    body = second.json()
    assert body["error"]["code"] == "conflict" and "changed by one" in body["error"]["message"]
    assert body["error"]["details"][0]["where"] == "body.version"
    assert body["current"]["event"]["fatalities"] == 2 and body["current"]["version"] == first.json()["version"]
    assert store.event(event_id).data["fatalities"] == 2  # type: ignore[union-attr]
    assert review(client, event_id, two, state="confirmed", version=read).status_code == 409
    # Read again, decide again: accepted. Without a version a review is taken as it comes, as before.
    again = review(client, event_id, two, state="edited", edits={"fatalities": 4}, version=body["current"]["version"])
    assert again.status_code == 200 and again.json()["event"]["fatalities"] == 4
    assert review(client, event_id, one, state="confirmed").status_code == 200


def test_the_store_refuses_a_stale_version_and_changes_nothing(store: Store, ids: dict[str, str]) -> None:
    event_id = ids["protest"]
    before = store.event(event_id)
    assert before is not None
    store.review(event_id, "confirmed", who="one", version=before.version)
    with pytest.raises(StaleError, match=f"since version {before.version}"):
        store.review(event_id, "rejected", who="two", version=before.version)
    after = store.event(event_id)
    assert after is not None and after.review_state == "confirmed" and after.version == before.version + 1


def test_history_says_what_each_edit_changed(client: TestClient, store: Store, ids: dict[str, str]) -> None:
    token = add_user(store, "one", role="reviewer").token
    event_id = ids["strike-1"]
    assert review(client, event_id, token, state="edited", edits={"fatalities": 5, "actor2": None}).status_code == 200
    assert review(client, event_id, token, state="confirmed").status_code == 200
    *_, edited, confirmed = client.get(f"/api/events/{event_id}/history").json()
    assert edited["detail"]["edits"] == {"fatalities": 5, "actor2": None}
    assert edited["detail"]["before"] == {"fatalities": 3, "actor2": "Civilians (Syria)"}
    assert (edited["detail"]["was"], confirmed["detail"]["was"], confirmed["detail"]["before"]) == (
        "pending", "edited", {})


def test_merge_suggestions_are_the_nearest_in_place_and_time(client: TestClient, ids: dict[str, str]) -> None:
    def near(event_id: str, **params: Any) -> list[tuple[str, int, float | None]]:
        response = client.get(f"/api/events/{event_id}/nearby", params=params)
        assert response.status_code == 200, response.text
        return [(n["location"], n["days_apart"], n["km"]) for n in response.json()]

    assert near(ids["strike-1"]) == []  # Sfuhen is 6 days later; Suwayda is far away
    [(place, days, km)] = near(ids["strike-1"], days=7)
    assert (place, days) == ("Sfuhen", 6) and km is not None and 6 < km < 9
    assert near(ids["protest"], days=30) == []
    assert client.get("/api/events/no-such-event/nearby").status_code == 404


def test_a_stale_merge_or_split_is_refused_too(client: TestClient, store: Store, ids: dict[str, str]) -> None:
    token = add_user(store, "one", role="reviewer").token
    keep, other = ids["strike-1"], ids["shelling"]
    read = client.get(f"/api/events/{keep}").json()
    store.review(keep, "confirmed", who="two")  # meanwhile
    merged = client.post(f"/api/events/{keep}/merge", json={"other": other, "version": read["version"]},
                         headers=bearer(token))
    assert merged.status_code == 409 and merged.json()["current"]["review_state"] == "confirmed"
    reports = [r["report_id"] for r in read["reports"]][:1]
    split = client.post(f"/api/events/{keep}/split", json={"report_ids": reports, "version": read["version"]},
                        headers=bearer(token))
    assert split.status_code == 409
    assert store.event(other) is not None and len(store.event(keep).reports) == 2  # type: ignore[union-attr]
    now = merged.json()["current"]["version"]
    assert client.post(f"/api/events/{keep}/merge", json={"other": other, "version": now},
                       headers=bearer(token)).status_code == 200
