"""The one batch driver of `rasd extract`, `rasd ingest` and `rasd backfill`, and the summary they share.

`drive` takes a stream of input items in order and gives one `Result` per article: a line that is no article
(`Rejected`) is counted with its reason and skipped; an article whose text was seen before (`Seen`: earlier in the
batch, or already in the store) names the first (`duplicate_of`) instead of being extracted again; every other
article is extracted by `rasd.extraction.extract_article`. The `Summary` counts all of it. Only the sink differs:
`rasd extract` writes each result as a JSON line, `rasd ingest` stores it (`rasd.ingest`), and `rasd backfill`
drives each chunk on a worker and writes the chunk's file (`rasd.runners`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Protocol

from rasd.extraction import Result, extract_article
from rasd.pipeline import Pipeline
from rasd.sources.files import ArticleIn, Rejected

__all__ = ["Duplicate", "Seen", "Summary", "Texts", "drive", "fingerprint"]


@dataclass(frozen=True, slots=True)
class Duplicate:
    """An article whose text appeared earlier in the input (under the id `of`), known before the batch is driven."""

    id: str
    of: str
    repairs: tuple[str, ...] = ()  # what was cleaned on the way in (`ArticleIn.repairs`)


@dataclass(slots=True)
class Summary:
    """What a batch did: articles, events, signals, duplicates and rejections by reason, for every command; what the
    store did with them (`rasd ingest`, `rasd watch`); and the chunks, workers and time of a backfill."""

    articles: int = 0
    events: int = 0
    signals: int = 0
    duplicates: int = 0
    rejections: Counter[str] = field(default_factory=Counter)
    bad_lines: list[Rejected] = field(default_factory=list)
    # The store: articles stored (reprints among them), events made and joined, feeds that failed.
    stored: int = 0
    reprints: int = 0
    events_created: int = 0
    events_joined: int = 0
    feed_errors: int = 0
    problems: list[str] = field(default_factory=list)
    repairs: Counter[str] = field(default_factory=Counter)  # articles cleaned on the way in, by repair
    # A backfill: chunks written and skipped (done before), resource loads, the workers that did them, seconds.
    chunks: int = 0
    skipped: int = 0
    loads: int = 0
    workers: set[str] = field(default_factory=set)
    seconds: float = 0.0
    lines: int = 0  # input lines of the chunks written and skipped, for the progress of a backfill

    def reject(self, item: Rejected) -> None:
        """Count an input line that is no article."""
        self.rejections[item.reason] += 1
        self.bad_lines.append(item)

    def count(self, result: Result) -> None:
        """Count an article's result."""
        self.articles += 1
        self.events += len(result.events)
        self.signals += len(result.signals)
        if result.duplicate_of:
            self.duplicates += 1
        elif result.rejection:
            self.rejections[result.rejection] += 1

    def add(self, other: Summary) -> None:
        """Add the counts of another summary (a chunk's) to these."""
        for f in fields(self):
            if f.name != "seconds":
                mine = getattr(self, f.name)
                if isinstance(mine, set):
                    mine.update(getattr(other, f.name))
                elif isinstance(mine, list | Counter):
                    mine += getattr(other, f.name)
                else:
                    setattr(self, f.name, mine + getattr(other, f.name))


def fingerprint(text: str) -> str:
    """The same words, whatever the spacing: how a repeated text is recognised."""
    return hashlib.sha1(" ".join(text.split()).encode()).hexdigest()


class Seen(Protocol):
    """Articles met before: the result an article repeating one of them gets instead of being extracted."""

    def first(self, item: ArticleIn) -> Result | None:
        """The result of an article that repeats an earlier one, naming it in `duplicate_of`; None for a new one."""
        ...

    def remember(self, item: ArticleIn, result: Result) -> None:
        """Note an article just extracted."""
        ...


class Texts:
    """Texts seen earlier in the batch: a repeat reuses the first one's events and signals."""

    def __init__(self) -> None:
        self.results: dict[str, Result] = {}

    def first(self, item: ArticleIn) -> Result | None:
        """The first result of the same text, under this article's id."""
        found = self.results.get(fingerprint(item.text))
        if found is None:
            return None
        return Result(item.id, found.events, found.signals, found.rejection, duplicate_of=found.id)

    def remember(self, item: ArticleIn, result: Result) -> None:
        """Keep the result of a new text."""
        self.results[fingerprint(item.text)] = result


def drive(items: Iterable[ArticleIn | Duplicate | Rejected], pipeline: Pipeline, summary: Summary, *,
          seen: Seen | None = None, clues: bool = False,
          progress: Callable[[int], None] | None = None) -> Iterator[tuple[ArticleIn | Duplicate, Result]]:
    """Extract every article of a stream in order, counting each in `summary`; never stop on a bad item.

    Yields each article with its result. `clues` asks for the days the text names with any undated event (what
    the store needs: `Result.day_clues`).
    """
    for item in items:
        if isinstance(item, Rejected):
            summary.reject(item)
            if progress is not None:
                progress(1)
            continue
        summary.repairs.update(item.repairs)
        if isinstance(item, Duplicate):
            result = Result(item.id, duplicate_of=item.of)
        else:
            earlier = seen.first(item) if seen is not None else None
            result = earlier or extract_article(item, pipeline, clues=clues)
            if earlier is None and seen is not None:
                seen.remember(item, result)
        summary.count(result)
        if progress is not None:
            progress(1)
        yield item, result
