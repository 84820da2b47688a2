"""Run the pipeline over articles: the Python API (`extract`) and the batch runner used by the CLI."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rasd.document import Document
from rasd.event import Event, Signal
from rasd.pipeline import Pipeline
from rasd.resources import Resources
from rasd.settings import Settings
from rasd.sources.files import ArticleIn, Rejected
from rasd.sources.html import publication
from rasd.stages.body import body
from rasd.stages.decide import decide
from rasd.stages.events import events
from rasd.stages.segment import segment
from rasd.stages.triggers import triggers

__all__ = ["BatchSummary", "Result", "build_pipeline", "check_text", "extract", "extract_article", "run"]

# An Arabic word: two or more Arabic letters (diacritics and tatweel included).
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u064b-\u0652\u0640]{2,}")


@dataclass(frozen=True, slots=True)
class Result:
    """What one article gave: its events and signals, or why it was rejected."""

    id: str
    events: tuple[Event, ...] = ()
    signals: tuple[Signal, ...] = ()
    rejection: str | None = None
    duplicate_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The FORMATS.md output line."""
        out: dict[str, Any] = {
            "id": self.id,
            "events": [e.to_dict() for e in self.events],
            "signals": [s.to_dict() for s in self.signals],
        }
        if self.rejection:
            out["rejection"] = self.rejection
        if self.duplicate_of:
            out["duplicate_of"] = self.duplicate_of
        return out


@dataclass(slots=True)
class BatchSummary:
    """Counts of a batch: articles read, events and signals found, and rejections by reason."""

    articles: int = 0
    events: int = 0
    signals: int = 0
    rejections: Counter[str] = field(default_factory=Counter)
    bad_lines: list[tuple[int, str]] = field(default_factory=list)
    duplicates: int = 0


def build_pipeline(resources: Resources | None = None) -> Pipeline:
    """The default pipeline over loaded resources."""
    from rasd.stages.actors import actors
    from rasd.stages.dates import dates
    from rasd.stages.numbers import quantities
    from rasd.stages.places import places

    res = resources or Resources.load()
    last = decide if res.decision is not None and res.settings.decisions == "learned" else events
    return Pipeline([segment, body, triggers, places, actors, dates, quantities, last], res)


def check_text(text: str, settings: Settings) -> str | None:
    """The rejection code for a text no stage should see, or None."""
    if not text or not text.strip():
        return "empty"
    if len(text) > settings.max_chars:
        return "too_long"
    words = len(_ARABIC_WORD.findall(text, 0, 1_000_000))
    if words < settings.min_arabic_words:
        return "no_arabic"
    if words < settings.min_words:
        return "too_short"
    return None


def _result(doc: Document) -> Result:
    if doc.rejection:
        return Result(doc.id, rejection=doc.rejection)
    return Result(doc.id, tuple(doc.layer("events")), tuple(doc.layer("signals")))


_PIPELINE: list[Pipeline] = []


def extract(text: str, *, published: date | None = None, id: str = "text", pipeline: Pipeline | None = None,
            **meta: Any) -> Result:
    """Extract the events of one Arabic text (resources are loaded on the first call and kept)."""
    if pipeline is None:
        if not _PIPELINE:
            _PIPELINE.append(build_pipeline())
        pipeline = _PIPELINE[0]
    settings = pipeline.resources.settings
    reason = check_text(text, settings)
    if reason:
        return Result(id, rejection=reason)
    return _result(pipeline(Document.from_text(text, id=id, published=published, **meta)))


def extract_article(item: ArticleIn, pipeline: Pipeline) -> Result:
    """Extract one input article, its publication day taken from the input, the page or its URL (see
    `rasd.sources.html.publication`): what `rasd extract`, `rasd ingest` and `rasd backfill` all do."""
    published, basis = publication(item.text, words=pipeline.resources.dates, url=item.url, published=item.published,
                                   basis=item.published_basis, latest=date.today())
    return extract(item.text, published=published, id=item.id, pipeline=pipeline, title=item.title,
                   outlet=item.outlet, url=item.url, kind=item.kind, published_basis=basis)


def _fingerprint(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode()).hexdigest()


def run(items: Iterable[ArticleIn | Rejected], pipeline: Pipeline, summary: BatchSummary, *,
        progress: Callable[[int], None] | None = None) -> Iterator[Result]:
    """Extract every article of a stream in order, counting rejections; never stops on a bad item."""
    seen: dict[str, Result] = {}
    for item in items:
        if isinstance(item, Rejected):
            summary.rejections[item.reason] += 1
            summary.bad_lines.append((item.line, f"{item.reason}: {item.detail}"))
            continue
        summary.articles += 1
        key = _fingerprint(item.text)
        if key in seen:
            first = seen[key]
            summary.duplicates += 1
            result = Result(item.id, first.events, first.signals, first.rejection, duplicate_of=first.id)
        else:
            result = extract_article(item, pipeline)
            seen[key] = result
        if result.rejection and not result.duplicate_of:
            summary.rejections[result.rejection] += 1
        summary.events += len(result.events)
        summary.signals += len(result.signals)
        if progress is not None:
            progress(1)
        yield result


