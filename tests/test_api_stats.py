"""The figures of the page's charts from `/api/stats`: events and fatalities by week or month and by governorate,
district, type or actor, on SQLite and on a real PostgreSQL (as the store tests run)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rasd.store import EventFilter, Store
from tests.conftest import web_app
from tests.test_api import fill
from tests.test_store import open_test_store


@pytest.fixture(params=["sqlite", "postgres"])
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    with open_test_store(request.param, tmp_path) as store:
        fill(store)
        with TestClient(web_app(store), raise_server_exceptions=False) as c:
            yield c


def rows(client: TestClient, **params: Any) -> list[tuple[Any, ...]]:
    response = client.get("/api/stats", params=params)
    assert response.status_code == 200, response.text
    return [(r["key"], r["group"], r["count"], r["fatalities"]) for r in response.json()["rows"]]


def test_weeks_start_on_saturday_and_months_are_named_by_year_and_month(client: TestClient) -> None:
    # 14 March 2024 is a Thursday, 20 March a Wednesday, 5 May a Sunday.
    assert rows(client, by="week") == [("2024-03-09", None, 1, 3), ("2024-03-16", None, 1, 0),
                                       ("2024-05-04", None, 1, 0)]
    assert rows(client, by="month") == [("2024-03", None, 2, 3), ("2024-05", None, 1, 0)]


def test_periods_by_type_and_governorate_follow_the_filters(client: TestClient) -> None:
    assert rows(client, by="month", group="type") == [
        ("2024-03", "Explosions/Remote violence", 2, 3), ("2024-05", "Protests", 1, 0)]
    assert rows(client, by="week", group="governorate", date_from="2024-03-15") == [
        ("2024-03-16", "Idlib", 1, 0), ("2024-05-04", "As-Sweida", 1, 0)]
    assert rows(client, by="month", group="governorate", min_fatalities=1) == [("2024-03", "Idlib", 1, 3)]


def test_breakdowns_carry_fatalities_and_count_both_actors(client: TestClient) -> None:
    assert rows(client, by="governorate") == [("Idlib", None, 2, 3), ("As-Sweida", None, 1, 0)]
    assert rows(client, by="type", admin1="Idlib") == [("Explosions/Remote violence", None, 2, 3)]
    # Civilians are actor2 of all three events; each event counts once for each of its actors.
    assert rows(client, by="actor") == [("Civilians (Syria)", None, 3, 3), ("Military Forces of Russia", None, 1, 3),
                                        ("Military Forces of Syria", None, 1, 0), ("Protesters (Syria)", None, 1, 0)]
    assert rows(client, by="district") == [(None, None, 3, 3)]  # the hand-made events name no district


def test_a_bar_of_the_breakdown_is_a_filter_of_the_list(client: TestClient) -> None:
    for key, _, count, _ in rows(client, by="actor"):
        assert client.get("/api/events", params={"actor": key}).json()["total"] == count


def test_a_breakdown_by_group_within_each_key(client: TestClient) -> None:
    assert rows(client, by="governorate", group="type") == [("Idlib", "Explosions/Remote violence", 2, 3),
                                                          ("As-Sweida", "Protests", 1, 0)]
    assert client.get("/api/stats", params={"by": "week", "group": "town"}).status_code == 422


def test_the_store_refuses_unknown_periods_and_groups(client: TestClient) -> None:
    store: Store = client.app.state.rasd.store  # type: ignore[attr-defined]
    from rasd.errors import ConfigError

    with pytest.raises(ConfigError, match="choose one of"):
        store.aggregate(EventFilter(), by="year")
    with pytest.raises(ConfigError, match="choose one of"):
        store.aggregate(EventFilter(), group="town")


def test_weekly_csv_is_shaped_like_acled_weekly_aggregates(client: TestClient) -> None:
    response = client.get("/api/stats/weekly.csv", params={"date_to": "2024-04-30"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "rasd-weekly-admin1.csv" in response.headers["content-disposition"]
    lines = response.text.splitlines()
    assert lines[0] == "WEEK,REGION,COUNTRY,ADMIN1,EVENT_TYPE,SUB_EVENT_TYPE,EVENTS,FATALITIES,DISORDER_TYPE"
    assert lines[1:] == [
        "2024-03-09,Middle East,Syria,Idlib,Explosions/Remote violence,Air/drone strike,1,3,Political violence",
        "2024-03-16,Middle East,Syria,Idlib,Explosions/Remote violence,Shelling/artillery/missile attack,1,0,"
        "Political violence"]
