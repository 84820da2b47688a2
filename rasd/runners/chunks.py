"""Cut inputs into chunks of articles, and extract one chunk: the unit of work a runner sends to a worker.

Chunks are cut per input file, so a chunk's key (file name, a hash of its path, its number in the file) stays
the same when files are added to a folder, and its digest (a hash of its articles) changes when its lines do.
Duplicates are found across the whole backfill while reading, so a text reprinted in another file is extracted
once: its line names the first article (`duplicate_of`) and carries no events of its own. A worker drives its
chunk through `rasd.batch.drive`, as `rasd extract` drives its input.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import lzma
import os
import platform
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasd.batch import Duplicate, Summary, drive, fingerprint
from rasd.errors import InputError
from rasd.pipeline import Pipeline
from rasd.settings import Settings
from rasd.sources.files import SUFFIXES, ArticleIn, Item, Rejected, read_articles

__all__ = ["COMPRESSED", "Chunk", "ChunkDone", "content_suffix", "extract_chunk", "input_files", "pipeline_for", "plan",
           "read_file"]

COMPRESSED: dict[str, Callable[..., Any]] = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive articles of one input file, with the lines of it that were not articles."""

    source: str
    number: int
    digest: str
    items: tuple[ArticleIn | Duplicate, ...]
    rejected: tuple[Rejected, ...] = ()

    @property
    def key(self) -> str:
        """A name unique to this chunk of this input, which sorts in reading order within the file."""
        stem = Path(self.source).name.split(".")[0] or "input"
        return f"{stem}-{hashlib.sha1(self.source.encode()).hexdigest()[:8]}-{self.number:05d}"


@dataclass(frozen=True, slots=True)
class ChunkDone:
    """What extracting a chunk gave: one FORMATS.md output line per article, in input order, and counts."""

    key: str
    source: str
    number: int
    digest: str
    lines: tuple[dict[str, Any], ...]
    summary: Summary
    seconds: float
    worker: str
    loaded: bool

    @property
    def events(self) -> int:
        """How many events the chunk gave."""
        return self.summary.events


def content_suffix(path: Path) -> str:
    """The suffix that decides how to read a file: `.jsonl` for `x.jsonl.gz`."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSED:
        return suffixes[-2] if len(suffixes) > 1 else ""
    return suffixes[-1] if suffixes else ""


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to read: each file given, and the readable files of each folder (sorted)."""
    out: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and content_suffix(p) in SUFFIXES))
        elif path.is_file():
            out.append(path)
        else:
            raise InputError(f"{path}: no such file or directory; check the path")
    return out


def read_file(path: Path) -> Iterator[Item]:
    """The articles of one input file; `.jsonl.gz`, `.jsonl.bz2` and `.jsonl.xz` are read as they stream."""
    opener = COMPRESSED.get(path.suffix.lower())
    if opener is None:
        yield from read_articles(path)
        return
    if content_suffix(path) != ".jsonl":
        raise InputError(f"{path}: only compressed JSON lines can be read (name it .jsonl{path.suffix})")
    # The line reader of rasd.sources.files, so compressed lines are checked exactly as plain ones.
    from rasd.sources.files import json_lines

    with opener(path, "rb") as stream:
        yield from json_lines(stream, source=str(path), published=None, default_kind=None)


def _digest(items: list[ArticleIn | Duplicate], rejected: list[Rejected]) -> str:
    h = hashlib.sha1()
    for item in items:
        if isinstance(item, Duplicate):
            fields: tuple[object, ...] = ("duplicate", item.id, item.of)
        else:
            fields = (item.id, item.text, item.published, item.published_basis, item.title, item.outlet, item.url,
                      item.kind)
        h.update(repr(fields).encode())
    for r in rejected:
        h.update(repr((r.line, r.reason, r.detail)).encode())
    return h.hexdigest()


def plan(paths: Iterable[str | Path], *, size: int) -> Iterator[Chunk]:
    """Read the inputs in order and cut them into chunks of `size` articles, marking duplicates."""
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, not {size}")
    seen: dict[str, str] = {}
    for path in input_files(paths):
        source = str(path.resolve())  # the same key whether the path was given relative or absolute
        items: list[ArticleIn | Duplicate] = []
        rejected: list[Rejected] = []
        number = 0
        for item in read_file(path):
            if isinstance(item, Rejected):
                rejected.append(item)
                continue
            key = fingerprint(item.text)
            if key in seen:
                items.append(Duplicate(item.id, seen[key], repairs=item.repairs))
            else:
                seen[key] = item.id
                items.append(item)
            if len(items) == size:
                yield Chunk(source, number, _digest(items, rejected), tuple(items), tuple(rejected))
                items, rejected, number = [], [], number + 1
        if items or rejected:
            yield Chunk(source, number, _digest(items, rejected), tuple(items), tuple(rejected))


@lru_cache(maxsize=4)
def pipeline_for(settings: Settings) -> Pipeline:
    """The pipeline over resources loaded once per process (so once per Dask worker) for these settings."""
    from rasd.extraction import build_pipeline
    from rasd.resources import Resources

    return build_pipeline(Resources.load(settings))


def extract_chunk(chunk: Chunk, settings: Settings) -> ChunkDone:
    """Extract every article of a chunk (the task a worker runs)."""
    started = time.perf_counter()
    misses = pipeline_for.cache_info().misses
    pipeline = pipeline_for(settings)
    summary = Summary()
    lines = tuple(result.to_dict() for _, result in drive([*chunk.rejected, *chunk.items], pipeline, summary))
    return ChunkDone(
        key=chunk.key,
        source=chunk.source,
        number=chunk.number,
        digest=chunk.digest,
        lines=lines,
        summary=summary,
        seconds=time.perf_counter() - started,
        worker=f"{platform.node()}:{os.getpid()}",
        loaded=pipeline_for.cache_info().misses > misses,
    )
