"""Extract chunks on a Dask cluster: a LocalCluster of worker processes, or a running scheduler.

Each worker loads the resources once, the first time a chunk reaches it (`rasd.runners.chunks.pipeline_for`
is cached per process), and keeps them for every later chunk. Only a few chunks per worker are in flight at a
time, so a backfill of any size holds a bounded number of articles in memory on the client.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from types import TracebackType
from typing import Any

from rasd.errors import ConfigError
from rasd.runners.chunks import Chunk, ChunkDone, extract_chunk
from rasd.settings import Settings

__all__ = ["DaskPool"]

_IN_FLIGHT = 2  # chunks per worker: one running, one waiting, so no worker idles between chunks


class DaskPool:
    """A Dask client to a new LocalCluster (`workers` processes of one thread) or to `scheduler`."""

    def __init__(self, *, workers: int = 2, scheduler: str | None = None) -> None:
        if scheduler is None and workers < 1:
            raise ConfigError(f"a local Dask cluster needs at least one worker, not {workers}")
        self.requested = workers
        self.scheduler = scheduler
        self.client: Any = None
        self.cluster: Any = None

    def __enter__(self) -> DaskPool:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError("Dask is not installed: pip install 'rasd[backfill]', or run with --workers 0") from None
        if self.scheduler is not None:
            self.client = Client(self.scheduler)
        else:
            # The cluster's own logs stay quiet: at shutdown a worker's last heartbeat may find the scheduler gone
            # and log an error with a traceback after a run that went well (seen on a loaded machine), while what
            # goes wrong with a chunk reaches this process as the exception its future raises.
            self.cluster = LocalCluster(n_workers=self.requested, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.CRITICAL)
            self.client = Client(self.cluster)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    @property
    def workers(self) -> int:
        """The workers the scheduler knows now."""
        if self.client is None:
            return self.requested
        return max(len(self.client.scheduler_info()["workers"]), 1)

    def map(self, chunks: Iterable[Chunk], settings: Settings) -> Iterator[ChunkDone]:
        """Extract every chunk on the cluster, yielding each as it finishes."""
        from distributed import as_completed

        if self.client is None:
            raise ConfigError("the Dask pool is not started; use it in a `with` block")
        todo = iter(chunks)
        window = _IN_FLIGHT * self.workers
        running = as_completed([self._submit(c, settings) for c in islice(todo, window)])
        for future in running:
            done: ChunkDone = future.result()
            future.release()
            nxt = next(todo, None)
            if nxt is not None:
                running.add(self._submit(nxt, settings))
            yield done

    def _submit(self, chunk: Chunk, settings: Settings) -> Any:
        return self.client.submit(extract_chunk, chunk, settings, key=f"rasd-{chunk.key}-{chunk.digest[:12]}")
