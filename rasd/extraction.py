"""Run the pipeline over articles: the Python API (`extract`) and one input article (`extract_article`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from rasd.deadline import Deadline
from rasd.document import Document
from rasd.errors import TooSlow
from rasd.event import Event, Signal
from rasd.merge import day_clues
from rasd.pipeline import Pipeline
from rasd.resources import Resources
from rasd.settings import Settings
from rasd.sources.files import ArticleIn, plausible
from rasd.sources.html import publication
from rasd.stages.body import body
from rasd.stages.decide import decide
from rasd.stages.events import events
from rasd.stages.segment import segment
from rasd.stages.triggers import triggers

__all__ = ["Result", "build_pipeline", "check_text", "extract", "extract_article"]

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
    # Not in the output line (`internal`): the publication day used, and the days the text names (`extract_article`).
    published: date | None = field(default=None, metadata={"internal": True})
    day_clues: tuple[str, ...] | None = field(default=None, metadata={"internal": True})

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


def build_pipeline(resources: Resources | None = None) -> Pipeline:
    """The default pipeline over loaded resources."""
    from rasd.stages.actors import actors
    from rasd.stages.dates import dates
    from rasd.stages.numbers import quantities
    from rasd.stages.places import places

    res = resources or Resources.load()
    last = decide if res.decision is not None and res.settings.decisions == "learned" else events
    # Actors before places: a text that names no country has its place names read in the country of its sides.
    return Pipeline([segment, body, triggers, actors, places, dates, quantities, last], res)


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
    reason = check_text(text, settings) or (None if published is None or plausible(published) else "bad_date")
    if reason:
        return Result(id, rejection=reason)
    deadline = Deadline(settings.max_seconds)
    return _result(pipeline(Document.from_text(text, id=id, published=published, deadline=deadline, **meta)))


def extract_article(item: ArticleIn, pipeline: Pipeline, *, clues: bool = False) -> Result:
    """Extract one input article: what `rasd extract`, `rasd ingest` and `rasd backfill` all do.

    The text is segmented once. Its publication day is taken from the input, the page or its URL
    (`rasd.sources.html.publication`), reading the page's dates off the tokens the pipeline then goes on with;
    with `clues`, so are the days the text names, which the store ties an undated event by (`rasd.merge.day_clues`).
    An article still being read when its `max_seconds` are spent is rejected as `too_slow`.
    """
    settings = pipeline.resources.settings
    reason = check_text(item.text, settings)
    if reason:
        return Result(item.id, rejection=reason)
    try:
        return _read(item, pipeline, clues=clues, deadline=Deadline(settings.max_seconds))
    except TooSlow:
        return Result(item.id, rejection="too_slow")


def _read(item: ArticleIn, pipeline: Pipeline, *, clues: bool, deadline: Deadline) -> Result:
    doc = Document.from_text(item.text, id=item.id, title=item.title, outlet=item.outlet, url=item.url,
                             kind=item.kind, deadline=deadline)
    # The segmented text does not depend on the publication date, so it is read before the date is known.
    segmented = pipeline.stages[0](doc, pipeline.resources) if pipeline.names[:1] == ["segment"] else None
    published, basis = publication(item.text, words=pipeline.resources.dates, url=item.url, published=item.published,
                                   basis=item.published_basis, latest=date.today(), segmented=segmented)
    if published is not None and not plausible(published):
        return Result(item.id, rejection="bad_date")
    if segmented is None:
        doc = pipeline(replace(doc, published=published, published_basis=basis))
    else:
        doc = pipeline(replace(segmented, published=published, published_basis=basis), after="segment")
    result = replace(_result(doc), published=published)
    if clues and any(e.event_date is None for e in result.events):
        deadline.check()
        result = replace(result, day_clues=day_clues(item.text, words=pipeline.resources.merge, segmented=segmented))
    return result
