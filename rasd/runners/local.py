"""The backfill loop, and the pool that runs it in this process.

`backfill` reads the inputs in chunks, skips the chunks the sink already holds (with the same digest), has a
pool extract the others and writes each finished chunk through the one sink, in whatever order chunks finish.
A pool is anything with `workers` and `map`: `LocalPool` here, `rasd.runners.dask.DaskPool` on a cluster.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from rasd.batch import Summary
from rasd.runners.chunks import Chunk, ChunkDone, extract_chunk, plan
from rasd.runners.sinks import Sink
from rasd.settings import Settings

__all__ = ["LocalPool", "Pool", "backfill"]


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


def backfill(paths: Iterable[str | Path], sink: Sink, *, pool: Pool, settings: Settings, chunk_size: int = 200,
             progress: Callable[[Summary], None] | None = None) -> Summary:
    """Extract every article of the inputs into the sink, skipping chunks a previous run finished."""
    summary = Summary()
    started = time.perf_counter()
    done = sink.done()
    sizes: dict[str, int] = {}  # the input lines of each chunk under way

    def todo() -> Iterator[Chunk]:
        for chunk in plan(paths, size=chunk_size):
            if done.get(chunk.key) == chunk.digest:
                summary.skipped += 1
                summary.lines += len(chunk.items) + len(chunk.rejected)
                continue
            sizes[chunk.key] = len(chunk.items) + len(chunk.rejected)
            yield chunk

    for finished in pool.map(todo(), settings):
        sink.write(finished)
        summary.add(finished.summary)
        summary.chunks += 1
        summary.lines += sizes.pop(finished.key, 0)
        summary.loads += finished.loaded
        summary.workers.add(finished.worker)
        summary.seconds = time.perf_counter() - started
        if progress is not None:
            progress(summary)
    summary.seconds = time.perf_counter() - started
    return summary
