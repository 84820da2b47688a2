"""Which event a new report joins: the one rule that `Store.add` and `bulk_load` share.

A report's candidates are the live events, other than those of its own article, that lie within a day of it
(both dated), or, when either side is undated, at its site: both placed on a town or village, within
`SITE_DEG` of each other (at most `SITE_LIMIT` such events, the first by id). Where either side is undated,
a `Link` says how the texts tie them: the closest MinHash similarity of their articles, the closest word
overlap of the passages the reports were read from, and the days the event's undated reports name. Then
`rasd.merge.best_match` decides over the candidates in event-id order, so both loaders pick the same event.

Each store finds the candidates its own way (SQL, or an in-memory index of a batch) and filters them with
`is_candidate`; `choose` does the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rasd.merge import CLUES, MAX_DAYS, Comparison, Link, MergeWords, best_match, story_overlap, story_words
from rasd.store.fingerprint import similarity

__all__ = ["SITE_DEG", "SITE_LIMIT", "Source", "choose", "day_window", "is_candidate", "needs_link", "prepared",
           "site_box", "source_of"]

SITE_DEG = 0.03  # a box around a report that holds every event within 2 km of it (merge.SITE_KM)
SITE_LIMIT = 500  # site candidates considered, the first by event id


@dataclass(frozen=True, slots=True)
class Source:
    """What one report of an event brings to a `Link`: its article's MinHash, its passage's words, its day clues."""

    signature: tuple[int, ...]
    words: frozenset[str]
    clues: tuple[str, ...] = ()


def prepared(data: dict[str, Any], clues: tuple[str, ...]) -> dict[str, Any]:
    """A report as stored: an undated one keeps the days its article names (`rasd.merge.day_clues`)."""
    if data.get("event_date") is None and clues:
        return data | {CLUES: list(clues)}
    return data


def source_of(report: Mapping[str, Any], text: str, signature: tuple[int, ...]) -> Source:
    """A stored report as a `Source`, from its data and its article."""
    return Source(signature, story_words(text, report.get("evidence") or ()), tuple(report.get(CLUES) or ()))


def day_window(day: str) -> tuple[str, str]:
    """The first and last day an event may lie on to be a candidate of a report of `day`."""
    d = date.fromisoformat(day)
    return (d - timedelta(days=MAX_DAYS)).isoformat(), (d + timedelta(days=MAX_DAYS)).isoformat()


def site_box(report: Mapping[str, Any]) -> tuple[float, float, float, float] | None:
    """`(lat_min, lat_max, lon_min, lon_max)` of the report's site, or None when it is not placed on a town."""
    lat, lon = report.get("latitude"), report.get("longitude")
    if lat is None or lon is None or (report.get("geo_precision") or 3) > 2:
        return None
    return lat - SITE_DEG, lat + SITE_DEG, lon - SITE_DEG, lon + SITE_DEG


def _near_day(report: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    day, other = report.get("event_date"), event.get("event_date")
    if not day or not other:
        return False
    first, last = day_window(day)
    return first <= str(other)[:10] <= last


def _at_site(report: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    box = site_box(report)
    lat, lon = event.get("latitude"), event.get("longitude")
    if box is None or lat is None or lon is None or (event.get("geo_precision") or 3) > 2:
        return False
    if report.get("event_date") and event.get("event_date"):  # a dated report looks there for undated events
        return False
    return bool(box[0] <= lat <= box[1] and box[2] <= lon <= box[3])


def is_candidate(report: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    """Whether a live event (of another article) is among a report's candidates."""
    return _near_day(report, event) or _at_site(report, event)


def needs_link(report: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    """Whether the texts must tie a report to an event: either side is undated."""
    return not (report.get("event_date") and event.get("event_date"))


def _link(mine: Source, theirs: Iterable[Source], words: MergeWords) -> Link:
    sources = list(theirs)
    return Link(max((similarity(mine.signature, s.signature) for s in sources), default=0.0),
                tuple(sorted({c for s in sources for c in s.clues})),
                max((story_overlap(mine.words, s.words, words=words) for s in sources), default=0.0))


def choose(report: Mapping[str, Any], candidates: Mapping[str, Mapping[str, Any]], mine: Source,
           sources: Mapping[str, Sequence[Source]], *, words: MergeWords) -> tuple[str, Comparison] | None:
    """The event a report joins among its candidates (`sources`: the reports of those that need a link)."""
    ordered = sorted(candidates.items())
    site = [eid for eid, event in ordered if _at_site(report, event)]  # never also within a day: one is undated
    dropped = set(site[SITE_LIMIT:])
    links = {eid: _link(mine, sources.get(eid, ()), words) for eid, event in ordered if needs_link(report, event)}
    return best_match(report, ((eid, ev) for eid, ev in ordered if eid not in dropped), words=words, links=links)
