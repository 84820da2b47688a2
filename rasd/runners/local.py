"""The backfill loop, and the pool that runs it in this process.

`backfill` reads the inputs in chunks, skips the chunks the sink already holds (with the same digest), has a
pool extract the others and writes each finished chunk through the one sink, in whatever order chunks finish.
A pool is anything with `workers` and `map`: `LocalPool` here, `rasd.runners.dask.DaskPool` on a cluster.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rasd.runners.chunks import Chunk, ChunkDone, extract_chunk, plan
from rasd.runners.sinks import Sink
from rasd.settings import Settings

__all__ = ["BackfillSummary", "LocalPool", "Pool", "backfill"]


class Pool(Protocol):
    """Extracts chunks somewhere and yields them as they finish."""

    @property
    def workers(self) -> int:
        """How many chunks it extracts at once."""
        ...

    def map(self, chunks: Iterable[Chunk], settings: Settings) -> Iterator[ChunkDone]:
        """Extract every chunk, yielding each when it is done (in any order)."""
        ...


class LocalPool:
    """Extract chunks one after the other in this process."""

    workers = 1

    def map(self, chunks: Iterable[Chunk], settings: Settings) -> Iterator[ChunkDone]:
        """Extract every chunk in order."""
        for chunk in chunks:
            yield extract_chunk(chunk, settings)


@dataclass(slots=True)
class BackfillSummary:
    """What a backfill did: chunks written and skipped, articles, events, rejections, resource loads."""

    chunks: int = 0
    skipped: int = 0
    articles: int = 0
    events: int = 0
    signals: int = 0
    duplicates: int = 0
    loads: int = 0
    rejections: Counter[str] = field(default_factory=Counter)
    workers: set[str] = field(default_factory=set)
    seconds: float = 0.0

    def add(self, done: ChunkDone) -> None:
        """Count a finished chunk."""
        self.chunks += 1
        self.articles += len(done.lines)
        self.events += done.events
        self.signals += sum(len(line["signals"]) for line in done.lines)
        self.duplicates += sum(1 for line in done.lines if line.get("duplicate_of"))
        self.loads += done.loaded
        self.rejections.update(done.rejections)
        self.workers.add(done.worker)


def backfill(paths: Iterable[str | Path], sink: Sink, *, pool: Pool, settings: Settings, chunk_size: int = 200,
             progress: Callable[[BackfillSummary], None] | None = None) -> BackfillSummary:
    """Extract every article of the inputs into the sink, skipping chunks a previous run finished."""
    summary = BackfillSummary()
    started = time.perf_counter()
    done = sink.done()

    def todo() -> Iterator[Chunk]:
        for chunk in plan(paths, size=chunk_size):
            if done.get(chunk.key) == chunk.digest:
                summary.skipped += 1
                continue
            yield chunk

    for finished in pool.map(todo(), settings):
        sink.write(finished)
        summary.add(finished)
        summary.seconds = time.perf_counter() - started
        if progress is not None:
            progress(summary)
    summary.seconds = time.perf_counter() - started
    return summary
