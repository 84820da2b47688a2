"""Time the events API on a large store: `rasd dev bench-api --events 100000`.

The store is filled once with synthetic events made from our own records: Syrian places of the bundled
gazetteer, the codebook's sub-event types, a handful of actors, and days over three years. They are written
straight into the events table in one transaction, because `Store.add` merges each report with its neighbours
(right for ingestion, far too slow to make 100,000 events), and the queries timed read only that table. Each
query goes through the whole HTTP stack in process (routing, validation, the store, JSON), as a client sees it,
called the ASGI way on one event loop, so the bench needs the server extra only (no HTTP client package).
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from rasd.actors import load_actors
from rasd.build.gazetteer import POINT_KINDS
from rasd.errors import ConfigError
from rasd.event import DISORDER, EVENT_TYPE, Event, Evidence, Source
from rasd.gazetteer import Gazetteer
from rasd.store import open_store

__all__ = ["QUERIES", "fill", "format_report", "measure"]

_ACTORS = ["Military Forces of Syria", "Military Forces of Russia", "HTS: Hayat Tahrir al-Sham",
           "SDF: Syrian Democratic Forces", "SNA: Syrian National Army", "Islamic State (Syria)", "Civilians (Syria)"]
_FIRST_DAY = date(2022, 1, 1)
_DAYS = 3 * 365
# The filtered queries of the map and of API clients: a date range with a type, a box, a governorate with a
# review state and a confidence floor, one sub-event type over all days, and the map's page of a month.
QUERIES: dict[str, dict[str, Any]] = {
    "type_90_days": {"date_from": "2023-03-01", "date_to": "2023-05-30", "event_type": "Explosions/Remote violence"},
    "bbox_year": {"bbox": "36.3,35.4,36.9,36.1", "date_from": "2023-01-01", "date_to": "2023-12-31"},
    "admin1_state_confidence": {"admin1": "Aleppo", "review_state": "pending", "min_confidence": "0.6"},
    "sub_type_all_days": {"sub_event_type": "Air/drone strike"},
    "map_page_month": {"date_from": "2024-02-01", "date_to": "2024-02-29", "fields": "map", "limit": "1000"},
}


def _event(n: int, rng: random.Random, places: list[Any]) -> dict[str, Any]:
    place = rng.choice(places)
    sub = rng.choice(list(EVENT_TYPE))
    day = _FIRST_DAY + timedelta(days=rng.randrange(_DAYS))
    actors = rng.sample(_ACTORS, 2)
    event = Event(
        f"bench-{n:07d}", day, 1, EVENT_TYPE[sub], sub, DISORDER[sub], actor1=actors[0], actor2=actors[1],
        country="Syria", iso=760, admin1=place.admin1, admin2=place.admin2, location=place.name,
        location_ar=place.name_ar, latitude=place.lat, longitude=place.lon,
        geo_precision=1 if place.kind in POINT_KINDS else 2, fatalities=rng.choice([0, 0, 1, 2, 3, 5, 10]),
        confidence=round(rng.uniform(0.3, 0.95), 2), notes=f"Synthetic event {n} at {place.name}.",
        sources=(Source(f"bench-article-{n}"),),
        evidence=(Evidence(f"bench-article-{n}", 0, len(place.name_ar), "location", place.name_ar),),
    )
    return event.to_dict()


def fill(db: Path, *, events: int, seed: int = 7) -> int:
    """Fill a new SQLite store with synthetic events; return how many it holds."""
    with open_store(str(db)) as store:
        held = store.count("events")
    if held:
        return held
    places = [p for p in Gazetteer.load() if p.country == "Syria" and p.admin1]
    rng = random.Random(seed)
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    states = ["pending"] * 7 + ["confirmed", "edited", "rejected"]
    rows = []
    for n in range(events):
        data = _event(n, rng, places)
        rows.append((data["event_id"], data["event_date"], data["event_type"], data["sub_event_type"],
                     data["actor1"], data["actor2"], data["admin1"], data["admin2"], data["location"],
                     data["latitude"], data["longitude"], data["geo_precision"], data["fatalities"],
                     data["confidence"], rng.choice(states), json.dumps(data, ensure_ascii=False),
                     json.dumps(data, ensure_ascii=False), now, now))
    conn = sqlite3.connect(str(db))
    with conn:
        conn.executemany(
            "INSERT INTO events (event_id, event_date, event_type, sub_event_type, actor1, actor2, admin1, admin2, "
            "location, latitude, longitude, geo_precision, fatalities, confidence, review_state, data, machine, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.close()
    with open_store(str(db)) as store:
        store.analyze()  # as `rasd serve` does when it starts
    return events


class _Caller:
    """GET requests straight into an ASGI app on one event loop: (status, body)."""

    def __init__(self, app: Any) -> None:
        self.app, self.loop = app, asyncio.new_event_loop()

    def get(self, path: str, params: dict[str, Any]) -> tuple[int, bytes]:
        return self.loop.run_until_complete(self._get(path, params))

    async def _get(self, path: str, params: dict[str, Any]) -> tuple[int, bytes]:
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                 "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
                 "query_string": urlencode(params, doseq=True).encode(), "headers": [(b"host", b"bench")],
                 "client": ("127.0.0.1", 1), "server": ("bench", 80)}
        status, body = 0, bytearray()

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        await self.app(scope, receive, send)
        return status, bytes(body)

    def close(self) -> None:
        self.loop.close()


def measure(db: Path, *, events: int = 100_000, repeat: int = 50) -> dict[str, Any]:
    """Fill the store if it is new, then time each query of `QUERIES` `repeat` times through the API."""
    from rasd.web.app import ServeLimits, create_app

    if repeat < 1:
        raise ConfigError("--repeat must be at least 1")
    started = time.perf_counter()
    held = fill(db, events=events)
    filled = time.perf_counter() - started
    report: dict[str, Any] = {"db": str(db), "events": held, "fill_seconds": round(filled, 1), "queries": {}}
    gazetteer, actors = Gazetteer.load(), load_actors()
    with open_store(str(db)) as store:
        # No share per client: the bench is one client asking as fast as it can.
        client = _Caller(create_app(store, gazetteer=gazetteer, actors=actors, limits=ServeLimits(rate=0)))
        try:
            for name, params in QUERIES.items():
                report["queries"][name] = _time_query(client, name, params, repeat)
        finally:
            client.close()
    report["median_ms"] = round(statistics.median(q["median_ms"] for q in report["queries"].values()), 2)
    return report


def _time_query(client: _Caller, name: str, params: dict[str, Any], repeat: int) -> dict[str, Any]:
    client.get("/api/events", params)  # warm the page cache
    times, found = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        status, body = client.get("/api/events", params)
        times.append((time.perf_counter() - t0) * 1000)
        if status != 200:
            raise ConfigError(f"query {name} failed ({status}): {body.decode(errors='replace')[:500]}")
        found = len(json.loads(body)["events"])
    times.sort()
    return {"median_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
            "returned": found}


def format_report(report: dict[str, Any]) -> str:
    """A readable table of the report."""
    lines = [f"{report['events']} events in {report['db']} (filled in {report['fill_seconds']} s)",
             f"{'query':<26}{'median ms':>10}{'p95 ms':>10}{'returned':>10}"]
    for name, q in report["queries"].items():
        lines.append(f"{name:<26}{q['median_ms']:>10}{q['p95_ms']:>10}{q['returned']:>10}")
    lines.append(f"median of the medians: {report['median_ms']} ms")
    return "\n".join(lines)
