"""Measure cross-source merging on a benchmark whose articles name the incident they document.

    python -m rasd.bench.merge ../shared/benchmarks/airwars-dev.jsonl --db airwars.sqlite

Run after `rasd ingest` of the same file. A stored report *documents* an incident when it is a violent event
(Explosions/Remote violence, Battles, Violence against civilians) at the incident's place (within 10 km, or the
same folded place name) and, when dated, on its day ±1 (the FORMATS.md Airwars rule). For incidents cited by
several articles it counts the events one per report would give, the stored events that hold those reports
after merging, and the stored events whose reports document different incidents (wrong merges).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from rasd.gazetteer import distance_km
from rasd.merge import CLUES
from rasd.normalize import fold
from rasd.store import EventFilter, Store, open_store

__all__ = ["documents", "main", "measure"]

_VIOLENT = {"Explosions/Remote violence", "Battles", "Violence against civilians"}
_NEAR_KM = 10.0


def documents(event: dict[str, Any], incident: dict[str, Any]) -> bool:
    """Whether an extracted event lies at an incident (place and, when both are dated, day ±1)."""
    if event.get("event_type") not in _VIOLENT:
        return False
    if event.get("event_date") and incident.get("date"):
        gap = abs((date.fromisoformat(event["event_date"]) - date.fromisoformat(incident["date"])).days)
        if gap > 1:
            return False
    if None not in (event.get("latitude"), incident.get("latitude")):
        km = distance_km(event["latitude"], event["longitude"], incident["latitude"], incident["longitude"])
        return km <= _NEAR_KM
    names = {fold(incident.get("location_ar") or ""), fold(incident.get("area_ar") or "")} - {""}
    return bool(event.get("location_ar")) and any(fold(event["location_ar"]) in n for n in names)


def measure(rows: Sequence[dict[str, Any]], store: Store) -> dict[str, Any]:
    """Events per multi-source incident before and after merging, and wrong merges."""
    cited: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for inc in row.get("expected") or ():
            cited[inc["incident"]].add(row["id"])
    multi = {k for k, v in cited.items() if len(v) > 1}
    by_article = {row["id"]: row for row in rows}
    reports_of: dict[str, set[str]] = defaultdict(set)  # incident -> reports documenting it
    events_of: dict[str, set[str]] = defaultdict(set)  # incident -> stored events holding those reports
    dated_reports: dict[str, set[str]] = defaultdict(set)  # the same, for dated reports only: the merge rule
    dated_events: dict[str, set[str]] = defaultdict(set)  # needs a day, or a day or near-duplicate in the text
    undated: set[str] = set()  # undated reports documenting a multi-source incident
    clued: set[str] = set()  # those whose text names a day of a month
    wrong = 0
    for brief in store.events(EventFilter(limit=10_000_000)):
        record = store.event(brief.event_id)
        per_report = []  # the incidents each report of this event documents
        for report in record.reports if record else ():
            found = {inc["incident"] for inc in by_article.get(report.article_id, {}).get("expected") or ()
                     if documents(report.event, inc)}
            if found:
                per_report.append(found)
            for incident in found & multi:
                reports_of[incident].add(report.report_id)
                events_of[incident].add(brief.event_id)
                if report.event.get("event_date"):
                    dated_reports[incident].add(report.report_id)
                    dated_events[incident].add(brief.event_id)
                else:
                    undated.add(report.report_id)
                    if any(not c.startswith("@") for c in report.event.get(CLUES) or ()):  # a day of a month
                        clued.add(report.report_id)
        # Wrong: reports that cannot be about one incident (a report may fit two incidents at one place).
        wrong += len(per_report) > 1 and not set.intersection(*per_report)
    before = sum(len(v) for v in reports_of.values())
    after = sum(len(v) for v in events_of.values())
    return {
        "incidents_with_several_sources": len(multi),
        "incidents_documented": len(reports_of),
        "events_one_per_report": before,
        "events_after_merge": after,
        "reduction": round(1 - after / before, 3) if before else None,
        "dated_events_one_per_report": sum(len(v) for v in dated_reports.values()),
        "dated_events_after_merge": sum(len(v) for v in dated_events.values()),
        "undated_reports": len(undated),
        "undated_reports_naming_a_day": len(clued),
        "events_holding_reports_of_different_incidents": wrong,
        "stored_events": store.count("events"),
        "stored_reports": store.count("reports"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Print the merge figures of a benchmark file already ingested into a store."""
    parser = argparse.ArgumentParser(prog="python -m rasd.bench.merge", description=__doc__.split("\n")[0])
    parser.add_argument("benchmark", help="JSONL articles with `expected` incidents")
    parser.add_argument("--db", default=None, help="the store the file was ingested into")
    args = parser.parse_args(argv)
    with open(args.benchmark, encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream if line.strip()]
    with open_store(args.db) as store:
        print(json.dumps(measure(rows, store), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
