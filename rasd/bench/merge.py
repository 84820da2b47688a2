"""Measure cross-source merging on a benchmark whose articles name the incident they document.

    python -m rasd.bench.merge ../shared/benchmarks/airwars-dev.jsonl              # extract, load, measure
    python -m rasd.bench.merge ../shared/benchmarks/airwars-dev.jsonl --db a.sqlite  # a store already ingested

Without `--db` the file is extracted once and loaded into fresh SQLite stores: the whole file, then each slice
of `--slice` articles (300 by default; the last slice ends at the file's end), as `rasd ingest` would load them.

Two figures judge merging, each article's `expected[].incident` ids being the truth:

- `far_joins`: of the stored events holding reports of several articles (`multi_source_events`), those that join
  two reports of incidents that are all different and more than a day apart (no incident one report documents,
  as `documents` says, is one the other documents or lies within a day of one). The target is at most 5%. A
  report that documents none of its article's incidents (a roundup's other strike, a background attack retold) is
  not a report of an incident and judges nothing. `far_joins_by_article` is the looser check that takes every
  report for a report of all its article's incidents; it counts a roundup's other strike, rightly joined to the
  reports of its own day, as a far join.
- `events_per_report_event`: a stored report *documents* an incident when it is a violent event (Explosions/Remote
  violence, Battles, Violence against civilians) at the incident's place (within 10 km, or the same folded place
  name) and, when dated, on its day ±1 (the FORMATS.md Airwars rule). For incidents cited by several articles,
  the stored events that hold their reports after merging, over the events one per report would give. The target
  is at most 0.75 on every slice (merging does fold the reports of one incident).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rasd.gazetteer import distance_km
from rasd.normalize import fold
from rasd.store import ArticleRecord, EventFilter, Store, open_store

__all__ = ["documents", "far_apart", "far_joins", "load", "main", "measure", "reported"]

_VIOLENT = {"Explosions/Remote violence", "Battles", "Violence against civilians"}
_NEAR_KM = 10.0
_SLICE = 300


def documents(event: Mapping[str, Any], incident: Mapping[str, Any]) -> bool:
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


def far_apart(a: Sequence[Mapping[str, Any]], b: Sequence[Mapping[str, Any]]) -> bool:
    """Whether two articles' incidents cannot be one happening: none is shared and every dated pair lies more than
    a day apart (an article without incidents, or an undated incident, is never far from anything)."""
    if not a or not b:
        return False
    for x in a:
        for y in b:
            if x["incident"] == y["incident"] or not x.get("date") or not y.get("date"):
                return False
            if abs((date.fromisoformat(x["date"]) - date.fromisoformat(y["date"])).days) <= 1:
                return False
    return True


def reported(report_event: Mapping[str, Any], incidents: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The incidents of a report's article that the report documents (`documents`)."""
    return [inc for inc in incidents if documents(report_event, inc)]


def far_joins(rows: Sequence[Mapping[str, Any]], store: Store) -> tuple[int, list[dict[str, Any]], int]:
    """The stored events holding reports of several articles, those of them joining two reports of incidents far
    apart (`far_apart` over the incidents each report documents), each with its reports' articles, days and what
    tied them, and how many join two articles whose cited incidents are far apart (the looser check)."""
    incidents = {row["id"]: row.get("expected") or [] for row in rows}
    multi, by_article, far = 0, 0, []
    for brief in store.events(EventFilter(limit=10_000_000)):
        record = store.event(brief.event_id)
        reports = record.reports if record else []
        if len({r.article_id for r in reports}) < 2:
            continue
        multi += 1
        pairs = [(a, b) for n, a in enumerate(reports) for b in reports[n + 1:] if a.article_id != b.article_id]
        by_article += any(far_apart(incidents.get(a.article_id, []), incidents.get(b.article_id, []))
                          for a, b in pairs)
        of = {r.report_id: reported(r.event, incidents.get(r.article_id, [])) for r in reports}
        bad = next(((a, b) for a, b in pairs if far_apart(of[a.report_id], of[b.report_id])), None)
        if bad is not None:
            far.append({"event_id": brief.event_id, "reports": [
                {"article_id": r.article_id, "event_date": r.event.get("event_date"),
                 "incidents": [i["incident"] for i in of[r.report_id]],
                 "agreed": (r.agreement or {}).get("agreed")} for r in bad]})
    return multi, far, by_article


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
    undated: set[str] = set()  # undated reports documenting a multi-source incident
    for brief in store.events(EventFilter(limit=10_000_000)):
        record = store.event(brief.event_id)
        for report in record.reports if record else ():
            found = {inc["incident"] for inc in reported(report.event,
                                                         by_article.get(report.article_id, {}).get("expected") or [])}
            for incident in found & multi:
                reports_of[incident].add(report.report_id)
                events_of[incident].add(brief.event_id)
                if not report.event.get("event_date"):
                    undated.add(report.report_id)
    before = sum(len(v) for v in reports_of.values())
    after = sum(len(v) for v in events_of.values())
    several, far, loose = far_joins(rows, store)
    return {
        "incidents_with_several_sources": len(multi),
        "incidents_documented": len(reports_of),
        "events_one_per_report": before,
        "events_after_merge": after,
        "events_per_report_event": round(after / before, 3) if before else None,
        "undated_reports": len(undated),
        "multi_source_events": several,
        "far_joins": len(far),
        "far_join_share": round(len(far) / several, 3) if several else None,
        "far_joins_by_article": loose,
        "far_join_share_by_article": round(loose / several, 3) if several else None,
        "stored_events": store.count("events"),
        "stored_reports": store.count("reports"),
        "far_join_examples": far[:10],
    }


def load(rows: Iterable[dict[str, Any]], store: Store, *, extracted: Mapping[str, Any]) -> None:
    """Store articles with their extracted results (`rasd.extraction.Result`) as `rasd ingest` does."""
    for row in rows:
        result = extracted.get(row["id"])
        if result is None or result.duplicate_of or result.rejection:
            continue
        store.add(ArticleRecord(row["id"], text=row["text"], url=row.get("url"), title=row.get("title"),
                                outlet=row.get("outlet"), published=result.published, kind=row.get("kind")),
                  result.events, result.signals, day_clues=result.day_clues)


def _extract(path: str) -> dict[str, Any]:
    """Every article's result, extracted once with the default pipeline (a repeated text: its first one's)."""
    from rasd.batch import Summary, Texts, drive
    from rasd.extraction import build_pipeline
    from rasd.sources.files import read_articles

    pipeline = build_pipeline()
    return {item.id: result for item, result in drive(read_articles(Path(path)), pipeline, Summary(), seen=Texts(),
                                                      clues=True)}


def _slices(rows: Sequence[dict[str, Any]], size: int) -> list[tuple[int, int]]:
    """Consecutive slices of `size` articles, the last one ending at the file's end."""
    starts = list(range(0, max(len(rows) - size, 0) + 1, size))
    if starts and starts[-1] + size < len(rows):
        starts.append(len(rows) - size)
    return [(s, min(s + size, len(rows))) for s in starts]


def _fresh(rows: Sequence[dict[str, Any]], extracted: Mapping[str, Any]) -> dict[str, Any]:
    from rasd.merge import MergeWords

    with tempfile.TemporaryDirectory() as folder, open_store(str(Path(folder) / "bench.sqlite"),
                                                             merge=MergeWords.load()) as store:
        load(rows, store, extracted=extracted)
        return measure(rows, store)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the merge figures of a benchmark file (loaded here, or already ingested into `--db`)."""
    parser = argparse.ArgumentParser(prog="python -m rasd.bench.merge", description=__doc__.split("\n")[0])
    parser.add_argument("benchmark", help="JSONL articles with `expected` incidents")
    parser.add_argument("--db", default=None, help="measure this store, into which the file was ingested")
    parser.add_argument("--slice", type=int, default=_SLICE, help="articles per slice (0: the whole file only)")
    args = parser.parse_args(argv)
    with open(args.benchmark, encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream if line.strip()]
    if args.db:
        with open_store(args.db) as store:
            print(json.dumps(measure(rows, store), indent=2, ensure_ascii=False))
        return 0
    extracted = _extract(args.benchmark)
    figures = {"whole": _fresh(rows, extracted)}
    for start, end in _slices(rows, args.slice) if args.slice else ():
        figures[f"{start}-{end}"] = {k: v for k, v in _fresh(rows[start:end], extracted).items()
                                     if k != "far_join_examples"}
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
