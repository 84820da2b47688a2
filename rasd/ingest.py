"""Load articles into the store: `ingest` for files and streams, `watch` for feeds polled on an interval.

Each article is stored with its events in one transaction, so a run killed at any point can simply be run
again: articles already stored are recognised (same id, URL or normalised text) before any extraction, and
the rest are extracted and stored. Bad input is counted, never fatal.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from rasd.batch import Summary, drive
from rasd.extraction import Result
from rasd.pipeline import Pipeline
from rasd.sources.feeds import Feed, Fetcher, poll
from rasd.sources.files import ArticleIn, Rejected
from rasd.store.base import ArticleRecord, Store

__all__ = ["Stored", "ingest", "watch"]


def _record(item: ArticleIn, result: Result | None = None) -> ArticleRecord:
    """The article to store, published on the day its extraction took (`Result.published`)."""
    return ArticleRecord(item.id, text=item.text, url=item.url, title=item.title, outlet=item.outlet,
                         published=result.published if result else None, kind=item.kind, source=item.source or None)


class Stored:
    """The articles of the store (same id, URL or normalised text): one of them is not extracted again."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def first(self, item: ArticleIn) -> Result | None:
        """A result naming the stored article, or None."""
        found = self.store.known(_record(item))
        return None if found is None else Result(item.id, duplicate_of=found)

    def remember(self, item: ArticleIn, result: Result) -> None:
        """Nothing to note: the store itself remembers what is stored."""


def _store(store: Store, item: ArticleIn, result: Result, summary: Summary) -> None:
    """Store an extracted article with its events and signals, and count what the store did."""
    if result.duplicate_of or result.rejection:
        return
    done = store.add(_record(item, result), result.events, result.signals, day_clues=result.day_clues)
    if done.status == "duplicate":
        summary.duplicates += 1
    else:
        summary.stored += 1
        summary.reprints += done.status == "reprint"
        summary.events_created += len(done.events_created)
        summary.events_joined += len(done.events_joined)


def ingest(items: Iterable[ArticleIn | Rejected], store: Store, pipeline: Pipeline, summary: Summary, *,
           progress: Callable[[int], None] | None = None) -> Summary:
    """Extract and store every new article of a stream; skip those already stored."""
    for item, result in drive(items, pipeline, summary, seen=Stored(store), clues=True, progress=progress):
        assert isinstance(item, ArticleIn)  # the readers give no planned duplicates
        _store(store, item, result, summary)
    return summary


def watch(feeds: Sequence[Feed], store: Store, pipeline: Pipeline, fetcher: Fetcher, summary: Summary, *,
          interval: float, cycles: int | None = None, sleep: Callable[[float], None] = time.sleep,
          report: Callable[[str], None] | None = None, stored: Callable[[], None] | None = None) -> Summary:
    """Poll every feed, ingest what is new, wait `interval` seconds and again (`cycles` times, or for ever).

    `stored` is called after each feed's entries are stored (`rasd watch` wakes the deliverer of notices with it).
    """
    done = 0
    while cycles is None or done < cycles:
        for feed in feeds:
            state = store.source(feed.name) or {}
            polled = poll(feed, fetcher, dates=pipeline.resources.dates, etag=state.get("etag"),
                          modified=state.get("modified"))
            if polled.problem:
                summary.problems.append(f"{feed.name}: {polled.problem}")
                summary.feed_errors += 1
            ingest(polled.items, store, pipeline, summary)
            store.save_source(feed.name, kind="feed", url=feed.url, etag=polled.etag, modified=polled.modified)
            if stored is not None:
                stored()
            if report is not None:
                report(f"{feed.name}: {len(polled.items)} entries" + (f" ({polled.problem})" if polled.problem else ""))
        done += 1
        if cycles is None or done < cycles:
            sleep(interval)
    return summary
