"""Time the events API on a large store: `rasd bench-api --events 100000`.

The store is filled once with synthetic events made from our own records: Syrian places of the bundled
gazetteer, the codebook's sub-event types, a handful of actors, and days over three years. They are written
straight into the events table in one transaction, because `Store.add` merges each report with its neighbours
(right for ingestion, far too slow to make 100,000 events), and the queries timed read only that table. Each
query goes through the whole HTTP stack in process (routing, validation, the store, JSON), as a client sees it.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

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


def measure(db: Path, *, events: int = 100_000, repeat: int = 50) -> dict[str, Any]:
    """Fill the store if it is new, then time each query of `QUERIES` `repeat` times through the API."""
    from fastapi.testclient import TestClient

    from rasd.web.app import create_app

    if repeat < 1:
        raise ConfigError("--repeat must be at least 1")
    started = time.perf_counter()
    held = fill(db, events=events)
    filled = time.perf_counter() - started
    report: dict[str, Any] = {"db": str(db), "events": held, "fill_seconds": round(filled, 1), "queries": {}}
    gazetteer, actors = Gazetteer.load(), load_actors()
    with open_store(str(db)) as store, TestClient(create_app(store, gazetteer=gazetteer, actors=actors)) as client:
        for name, params in QUERIES.items():
            client.get("/api/events", params=params)  # warm the page cache
            times, found = [], 0
            for _ in range(repeat):
                t0 = time.perf_counter()
                response = client.get("/api/events", params=params)
                times.append((time.perf_counter() - t0) * 1000)
                if response.status_code != 200:
                    raise ConfigError(f"query {name} failed: {response.text}")
                found = len(response.json()["events"])
            times.sort()
            report["queries"][name] = {"median_ms": round(statistics.median(times), 2),
                                       "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2), "returned": found}
    report["median_ms"] = round(statistics.median(q["median_ms"] for q in report["queries"].values()), 2)
    return report


def format_report(report: dict[str, Any]) -> str:
    """A readable table of the report."""
    lines = [f"{report['events']} events in {report['db']} (filled in {report['fill_seconds']} s)",
             f"{'query':<26}{'median ms':>10}{'p95 ms':>10}{'returned':>10}"]
    for name, q in report["queries"].items():
        lines.append(f"{name:<26}{q['median_ms']:>10}{q['p95_ms']:>10}{q['returned']:>10}")
    lines.append(f"median of the medians: {report['median_ms']} ms")
    return "\n".join(lines)
