"""Time the filtered events query on a large store, filled by `bulk_load`: `rasd dev bench-store --events 1000000`.

The store is filled once with synthetic articles made from our own records (Syrian places of the bundled
gazetteer, the codebook's sub-event types, a handful of actors, words of our own), four events each, over ten
years in date order, then reused. Each query of `QUERIES` is timed through `Store.events` and its plan shown,
so a missing index shows as a scan of the events table.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

from rasd.errors import ConfigError
from rasd.event import DISORDER, EVENT_TYPE, Event, Evidence, Source
from rasd.gazetteer import Gazetteer
from rasd.store.base import ArticleRecord, EventFilter
from rasd.store.bulk import Extracted, Loaded, bulk_load
from rasd.store.sql import SQLStore

__all__ = ["QUERIES", "QueryTime", "StoreBench", "format_report", "measure", "query_plan", "synthetic"]

_ACTORS = ("Military Forces of Syria", "Military Forces of Russia", "HTS: Hayat Tahrir al-Sham",
           "SDF: Syrian Democratic Forces", "SNA: Syrian National Army", "Islamic State (Syria)", "Civilians (Syria)")
FIRST_DAY = date(2015, 1, 1)
DAYS = 3653  # ten years
EVENTS_PER_ARTICLE = 4
# The web API's filtered events query (a date range, a governorate and a type; the first page of 100), then one
# query per other filter of the API, each with a date range as the map sends it.
QUERIES: dict[str, EventFilter] = {
    "date+admin1+type": EventFilter(date_from=date(2020, 3, 1), date_to=date(2020, 5, 29), admin1="Idlib",
                                    event_types=("Explosions/Remote violence",)),
    "date+bbox": EventFilter(date_from=date(2020, 3, 1), date_to=date(2020, 5, 29), bbox=(36.3, 35.4, 36.9, 36.1)),
    "date+sub_type": EventFilter(date_from=date(2020, 1, 1), date_to=date(2020, 12, 31),
                                 sub_event_types=("Air/drone strike",)),
    "actor": EventFilter(actor="Islamic State (Syria)", admin1="Ar-Raqqa"),
    "admin2+state": EventFilter(admin2="Afrin", review_states=("pending",)),
    "confidence": EventFilter(date_from=date(2023, 1, 1), date_to=date(2023, 1, 31), min_confidence=0.9),
    "updated_since": EventFilter(updated_since="2999-01-01T00:00:00+00:00"),
    "no filter, page 100": EventFilter(offset=10_000),
}


@dataclass(frozen=True, slots=True)
class QueryTime:
    """One query's times over the runs, how many events it returned, and its plan."""

    name: str
    median_ms: float
    p95_ms: float
    returned: int
    plan: str


@dataclass(frozen=True, slots=True)
class StoreBench:
    """The figures of one run: the store, how it was filled, and each query's times."""

    store: str
    events: int
    load: Loaded | None
    queries: tuple[QueryTime, ...]
    repeat: int
    machine: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


def _words() -> tuple[str, ...]:
    """The words of synthetic texts (`lexicons/bench_words.txt`), the trigger first."""
    text = files("rasd.lexicons").joinpath("bench_words.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def synthetic(events: int, *, seed: int = 7) -> Iterator[Extracted]:
    """Articles of four synthetic events each, in date order over ten years, each text unique."""
    words = _words()
    trigger = words[0]
    places = [p for p in Gazetteer.load() if p.country == "Syria" and p.admin1]
    subs = list(EVENT_TYPE)
    rng = random.Random(seed)
    articles = -(-events // EVENTS_PER_ARTICLE)
    for n in range(articles):
        day = FIRST_DAY + timedelta(days=n * DAYS // articles)
        article_id = f"bench-{n:07d}"
        made = []
        for k in range(min(EVENTS_PER_ARTICLE, events - n * EVENTS_PER_ARTICLE)):
            place, sub = rng.choice(places), rng.choice(subs)
            actor1, actor2 = rng.sample(_ACTORS, 2)
            made.append(Event(
                f"{article_id}#{k}", day, 1, EVENT_TYPE[sub], sub, DISORDER[sub], actor1=actor1, actor2=actor2,
                country="Syria", iso=760, admin1=place.admin1, admin2=place.admin2, location=place.name,
                location_ar=place.name_ar, latitude=place.lat, longitude=place.lon, geo_precision=1,
                fatalities=rng.choice((0, 0, 1, 2, 3, 5, 10)), confidence=round(rng.uniform(0.3, 0.95), 2),
                sources=(Source(article_id),), evidence=(Evidence(article_id, 0, len(trigger), "trigger", trigger),)))
        text = " ".join([trigger, *rng.choices(words, k=24), *(e.location_ar or "" for e in made), str(n)])
        yield Extracted(ArticleRecord(article_id, text=text, outlet="bench", published=day), events=tuple(made))


def query_plan(store: SQLStore, where: EventFilter) -> str:
    """How the database runs the query of `store.events(where)`."""
    sql, params = store._select(where)
    if store.dialect == "postgres":
        return "\n".join(row[0] for row in store._rows(f"EXPLAIN {sql}", params))
    return "\n".join(str(row[-1]) for row in store._rows(f"EXPLAIN QUERY PLAN {sql}", params))


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    info = Path("/proc/cpuinfo")
    if info.exists():
        cpu = next((line.split(":", 1)[1].strip() for line in info.read_text(encoding="utf-8").splitlines()
                    if line.startswith("model name")), cpu)
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{cpu}, {os.cpu_count()} CPUs, {memory:.0f} GiB, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def measure(store: SQLStore, *, events: int = 100_000, repeat: int = 200, merge: bool = False,
            batch_size: int = 5000) -> StoreBench:
    """Fill an empty store with `events` synthetic events (a filled one is reused), then time each query."""
    if repeat < 1:
        raise ConfigError("--repeat must be at least 1")
    held = store.count("events")
    load = None
    if held == 0:
        load = bulk_load(store, synthetic(events), merge=merge, batch_size=batch_size)
        held = store.count("events")
    times = []
    for name, where in QUERIES.items():
        found = len(store.events(where))  # the first run reads the pages from disk
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            store.events(where)
            runs.append((time.perf_counter() - started) * 1000)
        runs.sort()
        times.append(QueryTime(name, round(statistics.median(runs), 3), round(runs[int(0.95 * (repeat - 1))], 3),
                               found, query_plan(store, where)))
    return StoreBench(store.url, held, load, tuple(times), repeat, _machine())


def format_report(report: StoreBench) -> str:
    """A readable table of the figures, then each query's plan."""
    lines = [f"{report.events} events in {report.store}"]
    if report.load is not None:
        load = report.load
        lines.append(f"bulk-loaded {load.articles} articles, {load.reports} reports ({load.events_created} events "
                     f"created, {load.events_joined} joined) in {load.seconds:.1f} s "
                     f"({load.reports / max(load.seconds, 1e-9):.0f} reports/s)")
    lines.append(f"{'query':<22}{'median ms':>11}{'p95 ms':>10}{'returned':>10}   ({report.repeat} runs each)")
    lines += [f"{q.name:<22}{q.median_ms:>11}{q.p95_ms:>10}{q.returned:>10}" for q in report.queries]
    lines.append(f"machine: {report.machine}")
    for q in report.queries:
        lines.append(f"\nplan of {q.name}:\n{q.plan}")
    return "\n".join(lines)
