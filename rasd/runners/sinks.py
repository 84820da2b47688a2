"""Where a backfill writes: one writer, fed finished chunks, that remembers which chunks it has written.

`Sink` is the seam: `FileSink` writes each chunk to its own JSON-lines or Parquet file and lists it in a
manifest beside them; a store writer does the same within a transaction. A chunk's file appears whole or not at
all (written to a temporary name, then renamed), and enters the manifest only after it is in place, so a
crash at any moment leaves chunks that are either done and listed or redone on the next run.
"""

from __future__ import annotations

import json
import os
from dataclasses import fields
from pathlib import Path
from typing import Any, Protocol

from rasd.errors import ConfigError
from rasd.event import Event
from rasd.runners.chunks import ChunkDone

__all__ = ["FORMATS", "FileSink", "Sink", "event_rows"]

FORMATS = ("jsonl", "parquet")
# Event fields that hold lists of strings; every other nested field (origin, sources, evidence) is stored as JSON.
_STRING_LISTS = ("assoc_actor_1", "assoc_actor_2", "tags")
_NESTED = ("origin", "sources", "evidence")


class Sink(Protocol):
    """A writer of finished chunks that knows which chunks it already holds."""

    def done(self) -> dict[str, str]:
        """The key and digest of every chunk already written."""
        ...

    def write(self, chunk: ChunkDone) -> None:
        """Write a chunk whole and record it as done."""
        ...

    def close(self) -> None:
        """Release what the writer holds."""
        ...


def event_rows(chunk: ChunkDone) -> list[dict[str, Any]]:
    """One flat row per event (the article id first), nested fields as JSON text."""
    rows = []
    for line in chunk.lines:
        for event in line["events"]:
            row = {"article_id": line["id"], **event}
            for name in _NESTED:
                row[name] = json.dumps(row[name], ensure_ascii=False) if row[name] is not None else None
            rows.append(row)
    return rows


def _schema() -> Any:
    import pyarrow as pa

    types = {"event_date": pa.string(), "time_precision": pa.int64(), "inter1": pa.int64(), "inter2": pa.int64(),
             "interaction": pa.int64(), "civilian_targeting": pa.bool_(), "iso": pa.int64(), "latitude": pa.float64(),
             "longitude": pa.float64(), "geo_precision": pa.int64(), "geonameid": pa.int64(),
             "fatalities": pa.int64(), "civilian_fatalities": pa.int64(), "injuries": pa.int64(),
             "targets": pa.int64(), "confidence": pa.float64()}
    columns = [pa.field("article_id", pa.string())]
    for f in fields(Event):
        kind = pa.list_(pa.string()) if f.name in _STRING_LISTS else types.get(f.name, pa.string())
        columns.append(pa.field(f.name, kind))
    return pa.schema(columns)


class FileSink:
    """Chunk files in `folder/chunks/` and a manifest of the chunks done, `folder/manifest.jsonl`."""

    def __init__(self, folder: str | Path, *, format: str = "jsonl") -> None:
        if format not in FORMATS:
            raise ConfigError(f"unknown output format {format!r}; use one of {', '.join(FORMATS)}")
        self.folder = Path(folder)
        self.format = format
        self.chunks = self.folder / "chunks"
        self.manifest = self.folder / "manifest.jsonl"
        self.chunks.mkdir(parents=True, exist_ok=True)
        self._end_torn_line()

    def _end_torn_line(self) -> None:
        """End a manifest line a crash cut short, so the next entry starts a line of its own."""
        if not self.manifest.exists() or not self.manifest.stat().st_size:
            return
        with self.manifest.open("rb+") as stream:
            stream.seek(-1, os.SEEK_END)
            if stream.read(1) != b"\n":
                stream.write(b"\n")

    def path(self, key: str) -> Path:
        """The file of a chunk."""
        return self.chunks / f"{key}.{self.format}"

    def done(self) -> dict[str, str]:
        """Chunks listed in the manifest whose file is in place; a torn last line (a crash) is ignored."""
        out: dict[str, str] = {}
        if not self.manifest.exists():
            return out
        with self.manifest.open(encoding="utf-8") as stream:
            for line in stream:
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(entry, dict) and self.path(str(entry.get("key"))).exists():
                    out[entry["key"]] = entry["digest"]
        return out

    def write(self, chunk: ChunkDone) -> None:
        """Write the chunk's file atomically, then list it in the manifest."""
        final = self.path(chunk.key)
        tmp = final.with_name(f".{final.name}.tmp")
        if self.format == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(event_rows(chunk), schema=_schema()), tmp)
        else:
            with tmp.open("w", encoding="utf-8") as out:
                for line in chunk.lines:
                    out.write(json.dumps(line, ensure_ascii=False) + "\n")
        os.replace(tmp, final)
        entry = {"key": chunk.key, "digest": chunk.digest, "source": chunk.source, "number": chunk.number,
                 "articles": len(chunk.lines), "events": chunk.events, "file": str(final.relative_to(self.folder))}
        with self.manifest.open("a", encoding="utf-8") as out:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())

    def close(self) -> None:
        """Nothing to release: every write closes its files."""
