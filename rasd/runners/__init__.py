"""Runners: the pipeline over many articles, in this process (`local`) or on a Dask cluster (`dask`).

A backfill cuts its inputs into chunks (`chunks`), extracts each chunk wherever the runner sends it (through the
batch driver of every command, `rasd.batch.drive`), and hands every finished chunk to one writer (`sinks`), which
records it so that a rerun after a crash skips it.
"""

__all__: list[str] = []
