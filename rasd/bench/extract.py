"""Measure extraction: throughput, time per stage, and the normalise-and-tokenise floor, in one run.

The floor is the cost of `Document.from_text` (normalisation) and `tokenize` alone on the same texts: no
extraction can be cheaper than reading the text once, so `ratio_to_floor` says how much the stages add on top.
Corpus files that do not follow FORMATS.md (`docno`/`content` fields, RFC 822 dates) are adapted here, so any
JSON-lines news dump can be measured without converting it first.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any

from rasd.document import Document
from rasd.errors import InputError
from rasd.pipeline import Pipeline
from rasd.runners.chunks import COMPRESSED
from rasd.sources.files import ArticleIn, parse_date

__all__ = ["SAMPLE", "BenchReport", "StageTime", "default_inputs", "format_report", "load_articles", "measure",
           "open_lines"]

_ID_FIELDS = ("id", "docno", "url")
_TEXT_FIELDS = ("text", "content")
_DATE_FIELDS = ("published", "time", "date_extracted", "date")


@dataclass(frozen=True, slots=True)
class StageTime:
    """Seconds spent in one stage over all texts."""

    name: str
    seconds: float


@dataclass(frozen=True, slots=True)
class BenchReport:
    """The figures of one benchmark run."""

    inputs: tuple[str, ...]
    texts: int
    words: int
    rejected: int
    events: int
    seconds: float
    cpu_seconds: float
    floor_seconds: float
    load_seconds: float
    stages: tuple[StageTime, ...]
    peak_rss_mb: float
    machine: str

    @property
    def texts_per_s(self) -> float:
        """Texts extracted per second."""
        return self.texts / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        """Words extracted per second."""
        return self.words / self.seconds if self.seconds else 0.0

    @property
    def floor_texts_per_s(self) -> float:
        """Texts normalised and tokenised per second."""
        return self.texts / self.floor_seconds if self.floor_seconds else 0.0

    @property
    def ratio_to_floor(self) -> float:
        """How many times the floor extraction costs."""
        return self.seconds / self.floor_seconds if self.floor_seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        """One JSON object with every figure."""
        return {
            "inputs": list(self.inputs),
            "texts": self.texts,
            "words": self.words,
            "rejected": self.rejected,
            "events": self.events,
            "seconds": round(self.seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "texts_per_s": round(self.texts_per_s, 1),
            "words_per_s": round(self.words_per_s, 0),
            "floor_seconds": round(self.floor_seconds, 3),
            "floor_texts_per_s": round(self.floor_texts_per_s, 1),
            "ratio_to_floor": round(self.ratio_to_floor, 2),
            "load_seconds": round(self.load_seconds, 3),
            "stages": {s.name: round(s.seconds, 3) for s in self.stages},
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "machine": self.machine,
        }


# Eight short reports written for rasd, shipped in the package (a copy of examples/reports.jsonl).
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_reports.jsonl"


def default_inputs(root: Path) -> list[Path]:
    """The shared corpora and benchmarks beside the project at `root`, else the sample reports bundled with rasd (in
    the installed package, so the bench runs outside a checkout too)."""
    shared = root.parent / "shared"
    found = sorted((shared / "data" / "corpora").glob("*.jsonl")) + sorted((shared / "benchmarks").glob("*.jsonl"))
    return found or [SAMPLE]


def open_lines(path: Path) -> IO[bytes]:
    """Open a JSON-lines file for reading bytes, decompressing `.gz`, `.bz2` and `.xz`."""
    opener = COMPRESSED.get(path.suffix.lower())
    try:
        return opener(path, "rb") if opener else path.open("rb")
    except OSError as err:
        raise InputError(f"{path}: cannot be opened ({err.strerror or err}); check the path") from None


def _first(row: dict[str, Any], names: Sequence[str]) -> Any:
    return next((row[n] for n in names if row.get(n) not in (None, "")), None)


def _published(row: dict[str, Any]) -> date | None:
    value = _first(row, _DATE_FIELDS)
    found = parse_date(value)
    if found is None and isinstance(value, str):
        try:  # RFC 822, as the ANT corpus writes it: "Thu, 26 Apr 2018 04:43:38 +0400"
            found = parsedate_to_datetime(value).date()
        except (TypeError, ValueError):
            return None
    return found


def _article(n: int, row: Any, *, source: str) -> ArticleIn | None:
    if not isinstance(row, dict):
        return None
    ident, text = _first(row, _ID_FIELDS), _first(row, _TEXT_FIELDS)
    if not isinstance(text, str):
        return None
    title = row.get("title")
    return ArticleIn(
        n,
        id=str(ident if ident is not None else f"{Path(source).stem}:{n}"),
        text=text,
        published=_published(row),
        title=title if isinstance(title, str) else None,
        outlet=_first(row, ("outlet", "src", "source")),
        url=row.get("url"),
        kind=row.get("kind"),
        source=source,
    )


def load_articles(paths: Sequence[Path], *, limit: int | None = None) -> Iterator[ArticleIn]:
    """Yield up to `limit` articles of JSON-lines files in FORMATS.md or a corpus layout; bad lines are skipped."""
    count = 0
    for path in paths:
        with open_lines(path) as stream:
            for n, raw in enumerate(stream, 1):
                if limit is not None and count >= limit:
                    return
                try:
                    article = _article(n, json.loads(raw), source=str(path))
                except json.JSONDecodeError:
                    continue
                if article is not None:
                    count += 1
                    yield article


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB on Linux


def _extract_timed(article: ArticleIn, pipeline: Pipeline, clock: dict[str, float]) -> Document | None:
    """Run `rasd.extraction.extract` step by step, adding the time of each step to `clock`."""
    from rasd.extraction import check_text

    started = time.perf_counter()
    reason = check_text(article.text, pipeline.resources.settings)
    checked = time.perf_counter()
    clock["check"] += checked - started
    if reason:
        return None
    doc = Document.from_text(article.text, id=article.id, published=article.published, title=article.title,
                             outlet=article.outlet, url=article.url, kind=article.kind)
    clock["normalize"] += time.perf_counter() - checked
    for s in pipeline.stages:
        if doc.rejection is not None:
            break
        started = time.perf_counter()
        doc = s(doc, pipeline.resources)
        clock[s.name] += time.perf_counter() - started
    return doc


def measure(articles: Sequence[ArticleIn], pipeline: Pipeline, *, inputs: Sequence[str] = (),
            load_seconds: float = 0.0) -> BenchReport:
    """Extract every article once, timing each stage, then normalise and tokenise them alone for the floor.

    One article is extracted first, untimed, and counted as loading: lexicon indexes are built on first use.
    """
    from rasd.extraction import extract
    from rasd.stages.segment import tokenize

    if articles:  # lexicon indexes are built on first use: that is loading, not extracting
        started = time.perf_counter()
        extract(articles[0].text, pipeline=pipeline)
        load_seconds += time.perf_counter() - started
    clock = dict.fromkeys(["check", "normalize", *pipeline.names], 0.0)
    rejected = events = 0
    cpu = time.process_time()
    for article in articles:
        doc = _extract_timed(article, pipeline, clock)
        if doc is None or doc.rejection is not None:
            rejected += 1
        else:
            events += len(doc.layer("events"))
    cpu = time.process_time() - cpu
    # The floor runs after extraction so that it, not extraction, gets the warm caches: the ratio errs high.
    started = time.perf_counter()
    for article in articles:
        tokenize(Document.from_text(article.text, id=article.id))
    floor = time.perf_counter() - started
    return BenchReport(
        inputs=tuple(inputs),
        texts=len(articles),
        words=sum(len(a.text.split()) for a in articles),
        rejected=rejected,
        events=events,
        seconds=sum(clock.values()),
        cpu_seconds=cpu,
        floor_seconds=floor,
        load_seconds=load_seconds,
        stages=tuple(StageTime(name, seconds) for name, seconds in clock.items()),
        peak_rss_mb=_peak_rss_mb(),
        machine=f"{platform.machine()} {platform.system()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
                f"load average {os.getloadavg()[0]:.1f}",
    )


def format_report(report: BenchReport) -> str:
    """A readable table of the figures."""
    rows = [
        f"texts {report.texts} ({report.rejected} rejected), words {report.words}, events {report.events}",
        f"extraction  {report.texts_per_s:8.1f} texts/s  {report.words_per_s:10.0f} words/s  {report.seconds:8.2f} s",
        f"floor       {report.floor_texts_per_s:8.1f} texts/s  "
        f"{report.words / report.floor_seconds if report.floor_seconds else 0:10.0f} words/s  "
        f"{report.floor_seconds:8.2f} s   (normalise + tokenise)",
        f"ratio to floor {report.ratio_to_floor:.2f}   CPU time {report.cpu_seconds:.2f} s (less than the clock "
        f"when other processes share the CPU)",
        f"resources loaded in {report.load_seconds:.2f} s   peak RSS {report.peak_rss_mb:.0f} MB",
        "",
        f"{'stage':<12}{'seconds':>9}{'share':>8}{'ms/text':>9}",
    ]
    for s in report.stages:
        share = s.seconds / report.seconds if report.seconds else 0.0
        per_text = 1000 * s.seconds / report.texts if report.texts else 0.0
        rows.append(f"{s.name:<12}{s.seconds:9.3f}{share:8.1%}{per_text:9.2f}")
    rows.append(f"machine: {report.machine}")
    return "\n".join(rows)
