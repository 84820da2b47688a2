"""The HTTP API in process: filters, paging, one event with its evidence, search, stats, export, review and access.

The store is a real SQLite file filled with hand-made events over our own short Arabic reports, so every figure
asserted here is known. A schemathesis run against the published OpenAPI document closes the file.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rasd.event import Event, Evidence, Source
from rasd.stages.body import load_cues
from rasd.store import ArticleRecord, Store, open_store
from rasd.web.app import ServeLimits, passages
from rasd.web.auth import add_user, hash_token, may
from rasd.web.basemap import simplify
from rasd.web.review import body_of
from tests.conftest import bundled, web_app

ROOT = Path(__file__).resolve().parents[1]
STRIKE = "قصفت طائرات حربية روسية بلدة كفرنبل في ريف إدلب الجنوبي فجر اليوم. وأدى القصف إلى مقتل ثلاثة مدنيين."
STRIKE_2 = "أفاد ناشطون بأن غارات جوية روسية استهدفت كفرنبل صباح الخميس، وقتل فيها ثلاثة مدنيين بينهم طفل."
SHELLING = ("استهدفت قوات النظام بقذائف المدفعية قرية سفوهن في جبل الزاوية <img src=x onerror=alert(1)> "
            "وأصيب طفلان بجروح.")
PROTEST = "تظاهر عشرات المحتجين في ساحة الكرامة بمدينة السويداء للمطالبة بالإفراج عن المعتقلين."
HOSTILE_TITLE = "<script>alert('rasd')</script> قصف سفوهن"


def _evidence(article: str, text: str, *pieces: tuple[str, str]) -> tuple[Evidence, ...]:
    return tuple(Evidence(article, text.index(p), text.index(p) + len(p), role, p) for p, role in pieces)


def _event(article: str, text: str, *, day: date, sub: str, kind: str, place: tuple[str, str, float, float, str],
           actor1: str, fatalities: int, confidence: float, precision: int, pieces: tuple[tuple[str, str], ...],
           outlet: str, url: str | None) -> Event:
    location, location_ar, lat, lon, admin1 = place
    return Event(
        "x", day, 1, kind, sub, "Political violence", actor1=actor1, actor2="Civilians (Syria)", country="Syria",
        iso=760, admin1=admin1, location=location, location_ar=location_ar, latitude=lat, longitude=lon,
        geo_precision=precision, fatalities=fatalities, confidence=confidence, notes=f"{sub} at {location}.",
        sources=(Source(article, outlet, url, day.isoformat()),), evidence=_evidence(article, text, *pieces),
    )


def fill(store: Store) -> dict[str, str]:
    """Four reports of three events; return the event id of each kind."""
    kafr_nabl = ("Kafr Nabl", "كفرنبل", 35.6135, 36.5613, "Idlib")
    rows: list[tuple[ArticleRecord, Event]] = [
        (ArticleRecord("strike-1", text=STRIKE, title="غارات على كفرنبل", outlet="مرصد", url="https://example.org/1",
                       published=date(2024, 3, 14)),
         _event("strike-1", STRIKE, day=date(2024, 3, 14), sub="Air/drone strike", kind="Explosions/Remote violence",
                place=kafr_nabl, actor1="Military Forces of Russia", fatalities=3, confidence=0.8, precision=1,
                pieces=(("قصفت طائرات حربية روسية", "trigger"), ("كفرنبل", "location")), outlet="مرصد",
                url="https://example.org/1")),
        (ArticleRecord("strike-2", text=STRIKE_2, title="كفرنبل", outlet="شبكة", url="javascript:alert(1)",
                       published=date(2024, 3, 14)),
         _event("strike-2", STRIKE_2, day=date(2024, 3, 14), sub="Air/drone strike", kind="Explosions/Remote violence",
                place=kafr_nabl, actor1="Military Forces of Russia", fatalities=3, confidence=0.7, precision=1,
                pieces=(("غارات جوية روسية", "trigger"),), outlet="شبكة", url="javascript:alert(1)")),
        (ArticleRecord("shelling", text=SHELLING, title=HOSTILE_TITLE, outlet="<b>outlet</b>",
                       published=date(2024, 3, 20)),
         _event("shelling", SHELLING, day=date(2024, 3, 20), sub="Shelling/artillery/missile attack",
                kind="Explosions/Remote violence", place=("Sfuhen", "سفوهن", 35.6064, 36.4853, "Idlib"),
                actor1="Military Forces of Syria", fatalities=0, confidence=0.6, precision=2,
                pieces=(("استهدفت قوات النظام بقذائف المدفعية", "trigger"),), outlet="<b>outlet</b>", url=None)),
        (ArticleRecord("protest", text=PROTEST, title="السويداء", outlet="مرصد", published=date(2024, 5, 5)),
         _event("protest", PROTEST, day=date(2024, 5, 5), sub="Peaceful protest", kind="Protests",
                place=("As-Suwayda", "السويداء", 32.709, 36.5695, "As-Sweida"), actor1="Protesters (Syria)",
                fatalities=0, confidence=0.9, precision=1, pieces=(("تظاهر عشرات المحتجين", "trigger"),),
                outlet="مرصد", url=None)),
    ]
    ids: dict[str, str] = {}
    for article, event in rows:
        done = store.add(article, [event])
        ids[article.article_id] = (done.events_created or done.events_joined)[0]
    return ids


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "api.sqlite"), merge=bundled().merge) as s:
        yield s


@pytest.fixture
def ids(store: Store) -> dict[str, str]:
    return fill(store)


@pytest.fixture
def client(store: Store, ids: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(web_app(store), raise_server_exceptions=False) as c:
        yield c


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def listed(client: TestClient, **params: Any) -> list[str]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return [e["location"] for e in response.json()["events"]]


# -- reading ------------------------------------------------------------------------------------------------------


def test_two_reports_of_one_strike_are_one_event(ids: dict[str, str]) -> None:
    assert ids["strike-1"] == ids["strike-2"]
    assert len(set(ids.values())) == 3


@pytest.mark.parametrize(("params", "expected"), [
    ({}, ["Kafr Nabl", "Sfuhen", "As-Suwayda"]),
    ({"date_from": "2024-03-15", "date_to": "2024-04-30"}, ["Sfuhen"]),
    ({"date_from": "2024-05-01", "date_to": "2024-03-01"}, []),
    ({"bbox": "36.0,35.0,37.0,36.0"}, ["Kafr Nabl", "Sfuhen"]),
    ({"bbox": "-200,-100,200,100"}, ["Kafr Nabl", "Sfuhen", "As-Suwayda"]),
    ({"admin1": "As-Sweida"}, ["As-Suwayda"]),
    ({"event_type": "Protests"}, ["As-Suwayda"]),
    ({"event_type": ["Protests", "Explosions/Remote violence"]}, ["Kafr Nabl", "Sfuhen", "As-Suwayda"]),
    ({"sub_event_type": "Shelling/artillery/missile attack"}, ["Sfuhen"]),
    ({"actor": "Military Forces of Syria"}, ["Sfuhen"]),
    ({"min_confidence": 0.85}, ["As-Suwayda"]),
    ({"review_state": "confirmed"}, []),
])
def test_filters(client: TestClient, params: dict[str, Any], expected: list[str]) -> None:
    assert listed(client, **params) == expected


def test_paging_and_map_fields(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 2}).json()
    assert (len(first["events"]), first["next_offset"]) == (2, 2)
    second = client.get("/api/events", params={"limit": 2, "offset": first["next_offset"]}).json()
    assert [e["location"] for e in second["events"]] == ["As-Suwayda"] and second["next_offset"] is None
    brief = client.get("/api/events", params={"fields": "map", "limit": 1}).json()["events"][0]
    assert set(brief) >= {"event_id", "latitude", "longitude", "geo_precision", "event_type", "review_state"}
    assert "notes" not in brief


def test_sorted_pages_carry_the_total(client: TestClient) -> None:
    newest = client.get("/api/events", params={"sort": "-event_date", "limit": 2}).json()
    assert [e["event_date"] for e in newest["events"]] == ["2024-05-05", "2024-03-20"]
    assert (newest["total"], newest["sort"], newest["next_offset"]) == (3, "-event_date", 2)
    rest = client.get("/api/events", params={"sort": "-event_date", "limit": 2, "offset": 2}).json()
    assert ([e["event_date"] for e in rest["events"]], rest["total"]) == (["2024-03-14"], 3)
    assert client.get("/api/events", params={"event_type": "Protests"}).json()["total"] == 1
    assert listed(client, sort="-confidence") == ["As-Suwayda", "Kafr Nabl", "Sfuhen"]
    assert listed(client, min_fatalities=1) == ["Kafr Nabl"]
    assert client.get("/api/events", params={"sort": "colour"}).json()["error"]["status"] == 422


def test_actor_suggestions_ignore_case_and_read_arabic(client: TestClient) -> None:
    def names(q: str) -> list[str]:
        response = client.get("/api/actors", params={"q": q})
        assert response.status_code == 200, response.text
        return [a["name"] for a in response.json()]

    assert names("military forces") == ["Military Forces of Russia", "Military Forces of Syria"]
    assert names("RUSSIA") == ["Military Forces of Russia"]
    assert names("civilians") == ["Civilians (Syria)"]  # counted from actor2
    assert "Military Forces of Russia" in names("الروسي")  # an Arabic name of the actor, from the lexicon
    assert names("nobody at all") == []


def test_responses_are_compressed(client: TestClient) -> None:
    response = client.get("/static/app.js", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip" and "Content-Security-Policy" in response.headers
    assert client.get("/openapi.json", headers={"Accept-Encoding": "gzip"}).headers["content-encoding"] == "gzip"


def test_updated_since_lists_what_changed(client: TestClient, store: Store, ids: dict[str, str]) -> None:
    mark = client.get("/api/events").json()["events"][-1]["updated_at"]
    store.review(ids["shelling"], "confirmed", who="someone")
    assert listed(client, updated_since=mark) == ["Sfuhen"]
    assert listed(client, updated_since=mark.replace("+00:00", "")) == ["Sfuhen"]  # naive is UTC
    changes = client.get("/api/changes", params={"since": mark}).json()
    assert [(c["who"], c["action"]) for c in changes["changes"]] == [("someone", "reviewed")]


def test_one_event_with_sources_evidence_and_its_sentence(client: TestClient, ids: dict[str, str]) -> None:
    body = client.get(f"/api/events/{ids['strike-1']}").json()
    assert {s["article_id"] for s in body["event"]["sources"]} == {"strike-1", "strike-2"}
    assert len(body["reports"]) == 2 and [c["action"] for c in body["history"]] == ["created", "source_added"]
    first = next(p for p in body["passages"] if p["article_id"] == "strike-1")
    assert first["text"] == "قصفت طائرات حربية روسية بلدة كفرنبل في ريف إدلب الجنوبي فجر اليوم."
    marked = [(first["text"][m["start"]:m["end"]], m["role"]) for m in first["marks"]]
    assert marked == [("قصفت طائرات حربية روسية", "trigger"), ("كفرنبل", "location")]


def test_unknown_ids_are_404(client: TestClient) -> None:
    assert client.get("/api/events/ev-nothing").status_code == 404
    assert client.get("/api/events/ev-nothing/history").status_code == 404
    assert client.get("/api/articles/nothing").status_code == 404


def test_search_folds_diacritics_and_letter_variants(client: TestClient, ids: dict[str, str]) -> None:
    # Written with diacritics, a bare alef for the hamza and a final ha for the ta marbuta.
    hits = client.get("/api/search", params={"q": "المُحتجين الكرامه"}).json()["hits"]
    assert [(h["article_id"], h["event_ids"]) for h in hits] == [("protest", [ids["protest"]])]
    assert client.get("/api/search", params={"q": "استهدفت قوات"}).json()["hits"][0]["article_id"] == "shelling"
    assert client.get("/api/search", params={"q": "???"}).json()["hits"] == []


def test_stats_by_day_type_and_governorate(client: TestClient) -> None:
    def rows(by: str, **params: Any) -> list[tuple[str | None, int]]:
        return [(r["key"], r["count"]) for r in client.get("/api/stats", params={"by": by, **params}).json()["rows"]]

    assert rows("day") == [("2024-03-14", 1), ("2024-03-20", 1), ("2024-05-05", 1)]
    assert rows("type") == [("Explosions/Remote violence", 2), ("Protests", 1)]
    assert rows("admin1", date_to="2024-04-01") == [("Idlib", 2)]
    assert rows("actor1") == [("Military Forces of Russia", 1), ("Military Forces of Syria", 1),
                              ("Protesters (Syria)", 1)]


@pytest.mark.parametrize(("fmt", "media", "marker"), [
    ("csv", "text/csv", "event_id_cnty"),
    ("geojson", "application/geo+json", '"FeatureCollection"'),
    ("jsonl", "application/x-ndjson", '"evidence"'),
    ("plover", "application/x-ndjson", '"date"'),
])
def test_export_formats(client: TestClient, fmt: str, media: str, marker: str) -> None:
    response = client.get("/api/export", params={"format": fmt, "admin1": "Idlib"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"]
    assert marker in response.text and "Kafr Nabl" in response.text and "As-Suwayda" not in response.text


def test_export_limit(client: TestClient) -> None:
    lines = client.get("/api/export", params={"format": "jsonl", "limit": 1}).text.splitlines()
    assert len(lines) == 1
    assert client.get("/api/export", params={"format": "xml"}).status_code == 422


# -- untrusted text -------------------------------------------------------------------------------------------------


def test_hostile_article_text_is_returned_as_data_only(client: TestClient, ids: dict[str, str]) -> None:
    article = client.get("/api/articles/shelling")
    assert article.headers["content-type"] == "application/json"
    assert article.json()["title"] == HOSTILE_TITLE and "<img src=x" in article.json()["text"]
    page = client.get("/")
    assert page.headers["content-type"].startswith("text/html")
    assert "<script>alert" not in page.text and "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script src=" in page.text and "http" not in page.text  # only the page's own scripts, no CDN


def test_page_script_never_writes_markup() -> None:
    scripts = sorted((ROOT / "rasd" / "web" / "static").glob("*.js"))
    assert {"app.js", "panel.js"} <= {path.name for path in scripts}
    for path in scripts:
        script = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in script, f"{path.name} uses {sink}; build nodes with el() and textContent"
    assert "safeUrl(source.url)" in (ROOT / "rasd" / "web" / "static" / "panel.js").read_text(encoding="utf-8")


# -- access and review ----------------------------------------------------------------------------------------------


def test_tokens_are_stored_as_hashes_only(store: Store, tmp_path: Path) -> None:
    issued = add_user(store, "سلمى", role="reviewer")
    assert issued.token.startswith("rasd_") and store.user(hash_token(issued.token)) == issued.user
    assert store.user(hash_token(issued.token + "x")) is None
    with sqlite3.connect(tmp_path / "api.sqlite") as raw:
        assert raw.execute("SELECT token_hash FROM users").fetchall() == [(hash_token(issued.token),)]
    again = add_user(store, "سلمى", role="admin")  # a new token replaces the old one
    assert store.user(hash_token(issued.token)) is None and may(store.user(hash_token(again.token)), "delete")
    assert [u.name for u in store.users()] == ["سلمى"]


def test_reviewing_needs_a_reviewer(client: TestClient, store: Store, ids: dict[str, str]) -> None:
    path = f"/api/events/{ids['protest']}/review"
    assert client.post(path, json={"state": "confirmed"}).status_code == 401
    assert client.post(path, json={"state": "confirmed"}, headers=bearer("rasd_wrong")).status_code == 401
    assert client.post(path, json={"state": "confirmed"}, headers={"Authorization": "Basic eDp5"}).status_code == 401
    token = add_user(store, "rania", role="reviewer").token
    assert client.get("/api/me", headers=bearer(token)).json() == {"name": "rania", "role": "reviewer",
                                                                   "allowed": ["review"]}
    done = client.post(path, json={"state": "confirmed", "note": "seen on video"}, headers=bearer(token))
    assert done.status_code == 200 and done.json()["review_state"] == "confirmed"
    last = done.json()["history"][-1]
    assert (last["who"], last["action"], last["detail"]["note"]) == ("rania", "reviewed", "seen on video")
    assert client.delete(f"/api/events/{ids['protest']}", headers=bearer(token)).status_code == 403
    assert client.get("/api/users", headers=bearer(token)).status_code == 403


def test_edit_with_a_gazetteer_place_and_a_new_type(client: TestClient, store: Store, ids: dict[str, str]) -> None:
    token = add_user(store, "omar", role="reviewer").token
    place = client.get("/api/places", params={"q": "سراقب"}).json()[0]
    edits = {"place_id": place["id"], "sub_event_type": "Armed clash", "fatalities": 5, "actor2": None}
    body = client.post(f"/api/events/{ids['shelling']}/review", json={"state": "edited", "edits": edits},
                       headers=bearer(token)).json()
    shown, machine = body["event"], body["machine"]
    assert (shown["location"], shown["admin1"], shown["event_type"], shown["fatalities"]) == \
        (place["name"], "Idlib", "Battles", 5)
    assert shown["actor2"] is None and (shown["latitude"], shown["longitude"]) == (place["latitude"],
                                                                                   place["longitude"])
    assert (machine["location"], machine["event_type"]) == ("Sfuhen", "Explosions/Remote violence")
    assert body["review_state"] == "edited" and body["history"][-1]["who"] == "omar"
    assert listed(client, review_state="edited") == [place["name"]]


def test_map_labels_by_box_and_zoom(client: TestClient) -> None:
    """Around Idlib: its cities at any zoom, towns from zoom 9, villages from 11, largest first, capped."""
    around_idlib = "36.5,35.7,36.8,36.0"

    def labels(zoom: int, **more: Any) -> tuple[list[dict[str, Any]], int]:
        answer = client.get("/api/places/labels", params={"bbox": around_idlib, "zoom": zoom, **more})
        assert answer.status_code == 200, answer.text
        return answer.json(), int(answer.headers["X-Total-Count"])

    cities, _ = labels(7)
    assert [c["name"] for c in cities[:2]] == ["Idlib", "Ariha"] and {c["kind"] for c in cities} == {"city"}
    assert cities[0]["name_ar"] == "إدلب" and 35.7 <= cities[0]["latitude"] <= 36.0
    towns, _ = labels(9)
    assert {"city", "town"} == {t["kind"] for t in towns} and "Binnish" in {t["name"] for t in towns}
    villages, total = labels(11)
    assert "village" in {v["kind"] for v in villages} and "Kafr Latah" in {v["name"] for v in villages}
    assert [v["population"] for v in villages] == sorted((v["population"] for v in villages), reverse=True)
    assert all(36.5 <= v["longitude"] <= 36.8 and 35.7 <= v["latitude"] <= 36.0 for v in villages)
    few, same = labels(11, limit=3)
    assert [f["name"] for f in few] == [v["name"] for v in villages[:3]] and same == total > 3
    # A box given corner to corner the other way round is the same box; one at sea has no names.
    assert labels(11, bbox="36.8,36.0,36.5,35.7")[0] == villages
    assert labels(11, bbox="-30,-10,-29,-9") == ([], 0)
    wide, wide_total = labels(12, bbox="30,28,48,40")
    assert len(wide) == 200 < wide_total
    assert client.get("/api/places/labels", params={"bbox": around_idlib, "zoom": 9, "limit": 201}).status_code == 422
    assert client.get("/api/places/labels", params={"bbox": "idlib", "zoom": 9}).status_code == 422
    assert client.get("/api/places/labels", params={"bbox": around_idlib}).status_code == 422
    assert client.get("/api/places/labels", params={"bbox": around_idlib, "zoom": 9, "kind": "city"}).status_code == 400


@pytest.mark.parametrize(("body", "status"), [
    ({"state": "edited"}, 422),
    ({"state": "edited", "edits": {}}, 422),
    ({"state": "confirmed", "edits": {"fatalities": 1}}, 422),
    ({"state": "edited", "edits": {"sub_event_type": "Picnic"}}, 422),
    ({"state": "edited", "edits": {"fatalities": -1}}, 422),
    ({"state": "edited", "edits": {"colour": "red"}}, 422),
    ({"state": "edited", "edits": {"place_id": "gn:nowhere"}}, 404),
    ({"state": "pending"}, 422),
])
def test_bad_reviews_are_refused(client: TestClient, store: Store, ids: dict[str, str], body: dict[str, Any],
                                 status: int) -> None:
    token = add_user(store, "omar", role="reviewer").token
    response = client.post(f"/api/events/{ids['protest']}/review", json=body, headers=bearer(token))
    assert response.status_code == status, response.text
    assert client.get(f"/api/events/{ids['protest']}").json()["review_state"] == "pending"


def test_split_merge_and_delete(client: TestClient, store: Store, ids: dict[str, str]) -> None:
    reviewer = bearer(add_user(store, "lina", role="reviewer").token)
    admin = bearer(add_user(store, "adam", role="admin").token)
    strike = ids["strike-1"]
    reports = [r["report_id"] for r in client.get(f"/api/events/{strike}").json()["reports"]]
    split = client.post(f"/api/events/{strike}/split", json={"report_ids": reports[1:]}, headers=reviewer)
    assert split.status_code == 200, split.text
    new = split.json()["event"]["event_id"]
    assert [r["report_id"] for r in split.json()["reports"]] == reports[1:]
    assert client.post(f"/api/events/{strike}/split", json={"report_ids": reports[:1]},
                       headers=reviewer).status_code == 409  # not its last report
    merged = client.post(f"/api/events/{strike}/merge", json={"other": new}, headers=reviewer)
    assert merged.status_code == 200 and len(merged.json()["reports"]) == 2
    assert client.get(f"/api/events/{new}").status_code == 404
    assert [c["action"] for c in client.get(f"/api/events/{new}/history").json()][-1] == "merged_into"
    assert client.post(f"/api/events/{strike}/merge", json={"other": strike}, headers=reviewer).status_code == 409
    assert client.delete(f"/api/events/{strike}", params={"note": "duplicate"}, headers=admin).status_code == 204
    assert client.get(f"/api/events/{strike}").status_code == 404
    assert [u["name"] for u in client.get("/api/users", headers=admin).json()] == ["adam", "lina"]


def test_closed_reading_needs_a_token(store: Store, ids: dict[str, str]) -> None:
    with TestClient(web_app(store, public_read=False)) as c:
        assert c.get("/api/events").status_code == 401
        assert c.get("/api/meta").json()["public_read"] is False
        token = add_user(store, "nour", role="reviewer").token
        assert len(c.get("/api/events", headers=bearer(token)).json()["events"]) == 3
        assert c.get("/").status_code == 200  # the page itself asks for the login


def test_openapi_says_where_a_token_is_optional(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {} in paths["/api/events"]["get"]["security"]
    assert {} not in paths["/api/events/{event_id}/review"]["post"]["security"]


# -- limits ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "params"), [
    ("/api/events", {"limit": 1001}),
    ("/api/events", {"offset": -1}),
    ("/api/events", {"bbox": "east,west"}),
    ("/api/events", {"review_state": "lost"}),
    ("/api/events", {"updated_since": "yesterday"}),
    ("/api/search", {"q": "ق" * 201}),
    ("/api/search", {"q": "قصف", "limit": 101}),
    ("/api/export", {"format": "csv", "limit": 50_001}),
    ("/api/places", {"q": "حلب", "limit": 51}),
])
def test_limits(client: TestClient, path: str, params: dict[str, Any]) -> None:
    assert client.get(path, params=params).status_code == 422


# -- parts ----------------------------------------------------------------------------------------------------------


def test_long_sentences_are_cut_between_words() -> None:
    words = " ".join(["كلمة"] * 200)
    text = words + " قصفت طائرات بلدة " + words + "."
    start = text.index("قصفت")
    (found,) = passages(text, "a", [{"start": start, "end": start + 4, "role": "trigger", "text": "قصفت"}])
    assert found.cut_before and found.cut_after and len(found.text) < 700
    assert found.text.startswith("كلمة ") and found.text.endswith(" كلمة")
    assert text[found.offset - 1] == " " and text[found.offset + len(found.text)] == " "
    (whole,) = passages(STRIKE, "s", [{"start": 0, "end": 4, "role": "trigger", "text": "قصفت"}])
    assert not whole.cut_before and not whole.cut_after


def test_passages_leave_out_the_page_clutter_glued_to_a_sentence() -> None:
    text = ("قصفت طائرات حربية بلدة في ريف المحافظة صباح اليوم وقتل ثلاثة مدنيين بينهم طفل صغير"
            " All reactions:12 3 comments")
    start = text.index("قصفت")
    evidence = [{"start": start, "end": start + 4, "role": "trigger", "text": "قصفت"}]
    article = {"id": "a", "text": text, "title": None, "kind": "public_facebook_post"}
    (raw,) = passages(text, "a", evidence)
    assert "reactions" in raw.text
    (clean,) = passages(text, "a", evidence, body_of(article, load_cues()))
    assert clean.text.endswith("طفل صغير") and not clean.cut_after
    assert [(m.start, m.end) for m in clean.marks] == [(0, 4)]


def test_passages_skip_stale_evidence_and_never_nest_marks() -> None:
    text = "مقدمة قصيرة. قصفت المدفعية قرية البارة صباحا! خبر آخر"
    start = text.index("قصفت")
    evidence = [
        {"start": start, "end": start + len("قصفت المدفعية قرية البارة"), "role": "trigger",
         "text": "قصفت المدفعية قرية البارة"},
        {"start": text.index("البارة"), "end": text.index("البارة") + 6, "role": "location", "text": "البارة"},
        {"start": 0, "end": 5, "role": "date", "text": "شيء آخر"},  # no longer the text at these offsets
    ]
    (only,) = passages(text, "a", evidence)
    assert only.text == "قصفت المدفعية قرية البارة صباحا!" and only.offset == start
    assert [(m.start, m.end, m.role) for m in only.marks] == [(0, 25, "trigger")]


def test_simplified_rings_stay_closed_polygons() -> None:
    ring = [(36.0 + i / 100, 35.0 + (i % 7) / 1000) for i in range(60)]
    ring = [*ring, (36.6, 36.0), (36.0, 36.0), ring[0]]
    out = simplify(ring, 0.01)
    assert out[0] == out[-1] and 4 <= len(out) < len(ring)


def test_the_basemap_names_governorates_as_events_do() -> None:
    from rasd.build.gazetteer import GOVERNORATES

    data = json.loads((ROOT / "rasd" / "web" / "static" / "basemap" / "syria_adm1.geojson").read_text("utf-8"))
    assert sorted(f["properties"]["admin1"] for f in data["features"]) == sorted(GOVERNORATES.values())
    assert all(f["properties"]["name_ar"] for f in data["features"]) and "CC BY" in data["attribution"]


def test_users_command_prints_the_token_once(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite")
    run = subprocess.run([sys.executable, "-m", "rasd.cli", "users", "add", "huda", "--role", "admin", "--db", db],
                         capture_output=True, text=True, check=True)
    token = run.stdout.strip().splitlines()[-1]
    with open_store(db, merge=bundled().merge) as s:
        user = s.user(hash_token(token))
    assert user is not None and (user.name, user.role) == ("huda", "admin")
    listing = subprocess.run([sys.executable, "-m", "rasd.cli", "users", "list", "--db", db],
                             capture_output=True, text=True, check=True).stdout
    assert listing.startswith("huda\tadmin") and token not in listing


def test_bench_fills_and_times_a_small_store(tmp_path: Path) -> None:
    from rasd.bench.api import QUERIES, measure

    report = measure(tmp_path / "bench.sqlite", events=300, repeat=2)
    assert report["events"] == 300 and set(report["queries"]) == set(QUERIES)
    assert report["queries"]["map_page_month"]["returned"] > 0


# -- schemathesis ---------------------------------------------------------------------------------------------------


def test_schemathesis_finds_no_server_error_and_no_schema_violation(store: Store, ids: dict[str, str]) -> None:
    """Every operation of the OpenAPI document, with generated requests, as anonymous and as an admin.

    The admin's requests name real events half the time, so reviews, merges, splits and deletions run on them.
    Every check schemathesis has runs: no 5xx, status codes, content types and bodies as documented, and
    schema-valid requests accepted (so nothing documented as valid is refused with 400).
    """
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    admin = add_user(store, "fuzz", role="admin").token
    app = web_app(store, limits=ServeLimits(rate=0, token_attempts=0))  # thousands of requests from one client
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    real = st.sampled_from([*ids.values(), None])
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(), pick=real, as_admin=st.booleans())
        @settings(max_examples=30, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def check(case: Any, pick: str | None, as_admin: bool) -> None:
            if as_admin and pick is not None and "event_id" in (case.path_parameters or {}):
                case.path_parameters["event_id"] = pick
            case.call_and_validate(headers=bearer(admin) if as_admin else None)

        try:
            check()
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
