"""Load articles into the store: `ingest` for files and streams, `watch` for feeds polled on an interval.

Each article is stored with its events in one transaction, so a run killed at any point can simply be run
again: articles already stored are recognised (same id, URL or normalised text) before any extraction, and
the rest are extracted and stored. Bad input is counted, never fatal.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from rasd.extraction import check_text, extract
from rasd.pipeline import Pipeline
from rasd.sources.feeds import Feed, Fetcher, poll
from rasd.sources.files import ArticleIn, Rejected
from rasd.sources.html import publication
from rasd.stages.calendar import DateWords
from rasd.store.base import ArticleRecord, Store

__all__ = ["IngestSummary", "ingest", "watch"]


@dataclass(slots=True)
class IngestSummary:
    """Counts of a run: articles read and stored, duplicates skipped, reprints linked, events made and joined."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    reprints: int = 0
    events_created: int = 0
    events_joined: int = 0
    feed_errors: int = 0
    rejections: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        """A one-line report."""
        rejected = ", ".join(f"{k} {v}" for k, v in sorted(self.rejections.items())) or "none"
        return (f"read {self.read}, stored {self.stored}, duplicates {self.duplicates}, reprints {self.reprints}; "
                f"events created {self.events_created}, joined to earlier events {self.events_joined}; "
                f"rejected: {rejected}" + (f"; feed errors {self.feed_errors}" if self.feed_errors else ""))


def _record(item: ArticleIn, dates: DateWords) -> tuple[ArticleRecord, str]:
    """The article to store and where its publication date came from (`rasd.sources.html.publication`)."""
    # Page captures often lack a publication date but show one (a post's timestamp); relative dates need it.
    published, basis = publication(item.text, words=dates, url=item.url, published=item.published,
                                   basis=item.published_basis, latest=date.today())
    record = ArticleRecord(item.id, text=item.text, url=item.url, title=item.title, outlet=item.outlet,
                           published=published, kind=item.kind, source=item.source or None)
    return record, basis


def ingest(items: Iterable[ArticleIn | Rejected], store: Store, pipeline: Pipeline, summary: IngestSummary, *,
           progress: Callable[[int], None] | None = None) -> IngestSummary:
    """Extract and store every new article of a stream; skip those already stored."""
    settings = pipeline.resources.settings
    for item in items:
        if isinstance(item, Rejected):
            summary.rejections[item.reason] += 1
            summary.problems.append(item.detail)
            continue
        summary.read += 1
        record, basis = _record(item, pipeline.resources.dates)
        if store.known(record) is not None:
            summary.duplicates += 1
        else:
            reason = check_text(record.text, settings)
            if reason:
                summary.rejections[reason] += 1
            else:
                result = extract(record.text, published=record.published, id=record.article_id, pipeline=pipeline,
                                 title=record.title, outlet=record.outlet, url=record.url, kind=record.kind,
                                 published_basis=basis)
                done = store.add(record, result.events, result.signals)
                if done.status == "duplicate":
                    summary.duplicates += 1
                else:
                    summary.stored += 1
                    summary.reprints += done.status == "reprint"
                    summary.events_created += len(done.events_created)
                    summary.events_joined += len(done.events_joined)
        if progress is not None:
            progress(1)
    return summary


def watch(feeds: Sequence[Feed], store: Store, pipeline: Pipeline, fetcher: Fetcher, summary: IngestSummary, *,
          interval: float, cycles: int | None = None, sleep: Callable[[float], None] = time.sleep,
          report: Callable[[str], None] | None = None) -> IngestSummary:
    """Poll every feed, ingest what is new, wait `interval` seconds and again (`cycles` times, or for ever)."""
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
            if report is not None:
                report(f"{feed.name}: {len(polled.items)} entries" + (f" ({polled.problem})" if polled.problem else ""))
        done += 1
        if cycles is None or done < cycles:
            sleep(interval)
    return summary
