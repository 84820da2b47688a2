"""Watches: the pure matcher, watches and notices in the store (SQLite and PostgreSQL), the API's privacy."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rasd.errors import ConfigError
from rasd.store import Store
from rasd.watches import Watch, matches
from rasd.web.auth import add_user
from tests.conftest import web_app
from tests.test_store import OTHER, article, event, open_test_store

KAFR_NABL = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
             "actor1": "Military Forces of Russia", "actor2": "Civilians (Syria)", "country": "Syria",
             "admin1": "Idlib", "admin2": "Maarrat an Nu'man", "latitude": 35.6135, "longitude": 36.5613,
             "fatalities": 3, "confidence": 0.7}
SQUARE = {"type": "Polygon", "coordinates": [[[36.0, 35.0], [37.0, 35.0], [37.0, 36.0], [36.0, 36.0], [36.0, 35.0]]]}
PROTEST = "تظاهر مئات الأشخاص في مدينة سراقب للمطالبة بالإفراج عن المعتقلين وإعادة الكهرباء"
FOURTH = "أفاد ناشطون بوفاة رجل رابع متأثرا بجراح أصيب بها جراء القصف الجوي على البلدة أمس"
HOLED = {"type": "Polygon", "coordinates": [SQUARE["coordinates"][0],
                                             [[36.5, 35.5], [36.7, 35.5], [36.7, 35.7], [36.5, 35.7], [36.5, 35.5]]]}


@pytest.mark.parametrize(("conditions", "expected"), [
    ({}, True),
    ({"bbox": (36.0, 35.0, 37.0, 36.0)}, True),
    ({"bbox": (38.0, 35.0, 39.0, 36.0)}, False),
    ({"polygon": SQUARE}, True),
    ({"polygon": HOLED}, False),  # in the hole
    ({"polygon": {"type": "MultiPolygon", "coordinates": [HOLED["coordinates"], SQUARE["coordinates"]]}}, True),
    ({"admin_units": ("idlib",)}, True),
    ({"admin_units": ("Aleppo", "SYRIA")}, True),
    ({"admin_units": ("Aleppo",)}, False),
    ({"actors": ("Civilians (Syria)",)}, True),
    ({"actors": ("Military Forces of Syria",)}, False),
    ({"event_types": ("Battles", "Air/drone strike")}, True),
    ({"event_types": ("Battles",)}, False),
    ({"min_fatalities": 3}, True),
    ({"min_fatalities": 4}, False),
    ({"min_confidence": 0.7}, True),
    ({"min_confidence": 0.8}, False),
    ({"bbox": (36.0, 35.0, 37.0, 36.0), "actors": ("Military Forces of Syria",)}, False),  # every condition holds
])
def test_matcher(conditions: dict[str, Any], expected: bool) -> None:
    assert matches(Watch("w", **conditions), KAFR_NABL) is expected


def test_events_without_coordinates_are_outside_any_drawn_area() -> None:
    unplaced = KAFR_NABL | {"latitude": None, "longitude": None}
    assert not matches(Watch("w", bbox=(-180, -90, 180, 90)), unplaced)
    assert not matches(Watch("w", polygon=SQUARE), unplaced)
    assert matches(Watch("w", admin_units=("Idlib",)), unplaced)


@pytest.mark.parametrize(("conditions", "reason"), [
    ({"bbox": (37.0, 35.0, 36.0, 36.0)}, "west <= east"),
    ({"polygon": {"type": "Point", "coordinates": [1, 2]}}, "Polygon"),
    ({"polygon": {"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], [1, 2]]]}}, "positions"),
    ({"polygon": {"type": "Polygon", "coordinates": [7]}}, "positions"),
    ({"notify": ("everything",)}, "notify"),
    ({"digest": "weekly"}, "digest"),
    ({"webhook": "ftp://example.org"}, "webhook"),
    ({"email": "nobody"}, "e-mail"),
    ({"min_confidence": 2.0}, "between 0 and 1"),
])
def test_bad_watches_are_refused_with_a_reason(conditions: dict[str, Any], reason: str) -> None:
    with pytest.raises(ConfigError, match=reason):
        Watch("w", **conditions)


def test_spec_round_trips() -> None:
    watch = Watch("roads", polygon=SQUARE, actors=("A",), notify=("new", "reviews"), email="a@example.org",
                  digest="daily")
    assert Watch.from_spec("roads", watch.spec()) == watch
    with pytest.raises(ConfigError, match="has no"):
        Watch.from_spec("roads", {"colour": "red"})


# -- the store ---------------------------------------------------------------------------------------------------

@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with open_test_store(request.param, tmp_path) as s:
        s.save_user("ann", role="reviewer", token_hash="a" * 64)
        s.save_user("bob", role="reviewer", token_hash="b" * 64)
        yield s


def test_watches_are_stored_per_user(store: Store) -> None:
    mine = store.save_watch(Watch("Idlib", owner="ann", admin_units=("Idlib",), webhook="http://127.0.0.1:9/h"))
    store.save_watch(Watch("roads", owner="bob", bbox=(36, 35, 37, 36)))
    assert [w.name for w in store.watches("ann")] == ["Idlib"]
    assert len(store.watches()) == 2
    assert mine.secret and mine.feed_token and mine.watch_id.startswith("w-")
    assert store.watch_by_feed_token(mine.feed_token) == mine
    changed = store.save_watch(Watch("Idlib south", owner="ann", watch_id=mine.watch_id, min_fatalities=1))
    assert (changed.secret, changed.name, changed.admin_units) == (mine.secret, "Idlib south", ())
    with pytest.raises(ConfigError, match="has no watch"):
        store.save_watch(Watch("theft", owner="bob", watch_id=mine.watch_id))
    with pytest.raises(ConfigError, match="no user"):
        store.save_watch(Watch("ghost", owner="carol"))
    assert store.delete_watch(mine.watch_id) and store.watch(mine.watch_id) is None


def test_one_notice_per_event_per_watch_with_changes_folded_in(store: Store) -> None:
    store.add(article("old", text=PROTEST), [event("old", location="Saraqib", latitude=35.86, longitude=36.8)])
    watch = store.save_watch(Watch("Idlib", owner="ann", admin_units=("Idlib",), notify=("new", "changes"),
                                   webhook="http://127.0.0.1:9/h"))
    other = store.save_watch(Watch("Aleppo", owner="bob", admin_units=("Aleppo",), webhook="http://127.0.0.1:9/h"))
    assert store.queue_notices() == 0  # what happened before the watch was made is not news to it
    store.add(article("a"), [event("a")])
    store.add(article("b", text=OTHER), [event("b")])  # a second source of the same event
    assert store.queue_notices() == 1
    (notice,) = store.notices(watch.watch_id)
    assert (notice.kind, notice.changes) == ("new", 1)
    assert store.notices(other.watch_id) == []
    (due,) = store.due("webhook", now="9999-01-01T00:00:00+00:00")
    assert due.notice.notice_id == notice.notice_id
    store.record_delivery(due, status="sent", detail="HTTP 204", at="2030-01-01T00:00:00+00:00")
    assert store.due("webhook", now="9999-01-01T00:00:00+00:00") == []
    store.add(article("c", text=FOURTH), [event("c", fatalities=4)])
    assert store.queue_notices() == 0
    (again,) = store.due("webhook", now="9999-01-01T00:00:00+00:00")  # delivered before: due again, as a change
    assert (again.notice.notice_id, again.notice.kind, again.notice.changes) == (notice.notice_id, "changes", 2)
    assert [d.status for d in store.deliveries(watch.watch_id)] == ["sent"]


def test_failures_wait_and_give_up(store: Store) -> None:
    watch = store.save_watch(Watch("Idlib", owner="ann", admin_units=("Idlib",), webhook="http://127.0.0.1:9/h"))
    store.add(article("a"), [event("a")])
    store.queue_notices()
    (due,) = store.due("webhook", now="9999-01-01T00:00:00+00:00")
    store.record_delivery(due, status="failed", detail="HTTP 500", at="2030-01-01T00:00:00+00:00",
                          retry_at="2030-01-01T00:01:00+00:00")
    assert store.due("webhook", now="2030-01-01T00:00:30+00:00") == []
    (later,) = store.due("webhook", now="2030-01-01T00:01:00+00:00")
    assert later.attempts == 1
    store.record_delivery(later, status="failed", detail="HTTP 500", at="2030-01-01T00:01:00+00:00")
    assert store.due("webhook", now="9999-01-01T00:00:00+00:00") == []
    assert [(d.attempt, d.status) for d in store.deliveries(watch.watch_id)] == [(2, "failed"), (1, "failed")]


# -- the API ------------------------------------------------------------------------------------------------------

def test_watches_are_private_to_their_owner(tmp_path: Path) -> None:
    with open_test_store("sqlite", tmp_path) as store:
        ann, bob = (add_user(store, name, role="reviewer").token for name in ("ann", "bob"))
        with TestClient(web_app(store), raise_server_exceptions=False) as client:
            as_ann, as_bob = ({"Authorization": f"Bearer {t}"} for t in (ann, bob))
            made = client.post("/api/watches", headers=as_ann,
                               json={"name": "Idlib", "polygon": SQUARE, "webhook": "http://127.0.0.1:9/hook"})
            assert made.status_code == 201, made.text
            watch = made.json()
            assert watch["owner"] == "ann" and watch["secret"] and "/feed.atom?token=" in watch["feed_url"]
            path = f"/api/watches/{watch['watch_id']}"
            assert [w["watch_id"] for w in client.get("/api/watches", headers=as_ann).json()] == [watch["watch_id"]]
            assert client.get("/api/watches", headers=as_bob).json() == []
            for method in ("get", "delete"):
                assert getattr(client, method)(path, headers=as_bob).status_code == 404
            assert client.put(path, headers=as_bob, json={"name": "mine now"}).status_code == 404
            assert client.get(f"{path}/deliveries", headers=as_bob).status_code == 404
            assert client.get("/api/watches").status_code == 401
            assert client.get(f"{path}/feed.atom", params={"token": "guess"}).status_code == 404
            assert client.get(watch["feed_url"]).status_code == 200
            bad = client.post("/api/watches", headers=as_ann, json={"name": "x", "bbox": [200, 0, 30, 1]})
            assert bad.status_code == 422 and "bbox" in bad.text
            turned = client.post("/api/watches", headers=as_ann, json={"name": "x", "bbox": [37, 36, 36, 35]})
            assert turned.json()["bbox"] == [36, 35, 37, 36]  # each pair in either order
            client.delete(f"/api/watches/{turned.json()['watch_id']}", headers=as_ann)
            put = client.put(path, headers=as_ann, json={"name": "Idlib all", "admin_units": ["Idlib"]})
            assert put.json()["admin_units"] == ["Idlib"] and put.json()["secret"] == watch["secret"]
            assert client.delete(path, headers=as_ann).status_code == 204
            assert client.get(path, headers=as_ann).status_code == 404


def test_the_command_line_adds_lists_and_removes_watches(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from rasd.cli import main

    db = str(tmp_path / "cli.sqlite")
    area = tmp_path / "area.geojson"
    area.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": SQUARE}), encoding="utf-8")
    assert main(["users", "add", "ann", "--db", db]) == 0
    capsys.readouterr()
    assert main(["watches", "add", "Idlib", "--user", "ann", "--polygon", str(area), "--type", "Battles",
                 "--notify", "new", "--notify", "changes", "--webhook", "http://127.0.0.1:9/h", "--db", db]) == 0
    out = capsys.readouterr().out
    watch_id = out.split()[1]
    assert watch_id.startswith("w-")
    assert "webhook secret" in out and f"/api/watches/{watch_id}/feed.atom?token=" in out
    assert main(["watches", "list", "--user", "ann", "--db", db]) == 0
    listed = capsys.readouterr().out
    assert watch_id in listed and '"event_types": ["Battles"]' in listed and "http://127.0.0.1:9/h" in listed
    assert main(["watches", "deliver", "--db", db]) == 0
    assert main(["watches", "remove", watch_id, "--user", "ann", "--db", db]) == 0
    assert main(["watches", "list", "--db", db]) == 0 and capsys.readouterr().out == ""
