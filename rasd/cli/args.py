"""What the commands share: argument types, the `--db` help and the progress line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rasd.sources.files import Item

__all__ = ["DB_HELP", "Progress", "articles", "bbox", "existing_store", "input_lines", "iso_date", "one_of"]

DB_HELP = "a SQLite file or a postgresql:// URL (default: RASD_DB, else rasd.sqlite in the user's data folder)"


def existing_store(db: str | None, *, option: str = "--db") -> str:
    """The store `db` names (or the default one), refused when it is a SQLite file that does not exist.

    Commands that read a store call this first, so a typo in the path is an error rather than a new, empty store;
    `ingest` and `watch` create theirs.
    """
    from rasd.errors import ConfigError
    from rasd.store import default_db

    target = db or default_db()
    if "://" in target and not target.startswith("sqlite:///"):
        return target  # a server's URL: its own errors say what is wrong
    path = target.removeprefix("sqlite:///")
    if path != ":memory:" and not Path(path).is_file():
        given = path if db else f"{path} (the default; RASD_DB or {option} names another)"
        raise ConfigError(f"no store at {given}; check the path, or make one with `rasd ingest FILES --db {path}`")
    return target


def one_of(value: str, known: Iterable[str | None], *, option: str) -> str:
    """`value` spelled as in `known`, matched case-insensitively; refused with the closest spellings otherwise."""
    import difflib

    from rasd.errors import ConfigError

    spelled = {k.casefold(): k for k in known if k}
    if value.casefold() in spelled:
        return spelled[value.casefold()]
    close = difflib.get_close_matches(value.casefold(), list(spelled), n=3, cutoff=0.6)
    hint = (f"did you mean {' or '.join(repr(spelled[c]) for c in close)}?" if close
            else f"known: {', '.join(sorted(spelled.values())[:12])}{', ...' if len(spelled) > 12 else ''}"
            if spelled else "there is none")
    raise ConfigError(f"{option} {value!r} is unknown; {hint}")


def iso_date(value: str) -> date:
    """A `YYYY-MM-DD` argument."""
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO date such as 2024-05-01") from None
    if not 1900 <= day.year <= 2100:
        raise argparse.ArgumentTypeError(f"{value!r} is not in the years 1900-2100") from None
    return day


def articles(path: str, *, published: date | None) -> Iterator[Item]:
    """The articles of a file, a folder or `-`, compressed JSON lines (.jsonl.gz, .bz2, .xz) read as `backfill` does."""
    from rasd.errors import InputError
    from rasd.runners.chunks import COMPRESSED, content_suffix, input_files
    from rasd.sources.files import json_lines, read_articles

    if path == "-":
        yield from read_articles(path, published=published)
        return
    for file in input_files([path]):
        opener = COMPRESSED.get(file.suffix.lower())
        if opener is None:
            yield from read_articles(file, published=published)
            continue
        if content_suffix(file) != ".jsonl":
            raise InputError(f"{file}: only compressed JSON lines can be read (name it .jsonl{file.suffix})")
        with opener(file, "rb") as stream:
            yield from json_lines(stream, source=str(file), published=published, default_kind=None)


def bbox(value: str) -> tuple[float, float, float, float]:
    """A `west,south,east,north` argument."""
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not west,south,east,north (35.7,32.3,42.4,37.3)") from None
    return west, south, east, north


def input_lines(paths: Iterable[str]) -> int | None:
    """How many articles the inputs hold at most, counted cheaply: the lines of each JSON-lines file (a compressed one
    is decompressed to count them) and one for any other file; None for standard input."""
    from rasd.runners.chunks import COMPRESSED, content_suffix, input_files

    if "-" in paths:
        return None
    total = 0
    for file in input_files(paths):
        if content_suffix(file) != ".jsonl":
            total += 1
            continue
        opener = COMPRESSED.get(file.suffix.lower())
        with opener(file, "rb") if opener is not None else file.open("rb") as stream:
            last = b"\n"
            for block in iter(lambda: stream.read(1 << 20), b""):
                total += block.count(b"\n")
                last = block[-1:]
            total += last != b"\n"  # a last line without its newline
    return total


class Progress:
    """Articles done, on stderr: a bar with the total and the time left when the input's lines were counted, else
    the count and the rate (standard input). Nothing is written unless `enabled`, and nothing ever goes to stdout."""

    def __init__(self, *, enabled: bool, total: int | None = None, stream: TextIO | None = None,
                 unit: str = "article") -> None:
        self.done = 0
        self.bar: Any = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit=unit, file=stream or sys.stderr, mininterval=0.5, dynamic_ncols=True)

    def __call__(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)

    def reached(self, done: int) -> None:
        """Move to `done` articles (for a runner that reports totals rather than steps)."""
        self(done - self.done)

    def finish(self) -> None:
        """Say the input is done: blank lines counted in the total were no articles."""
        if self.bar is not None and self.bar.total is not None and self.bar.n < self.bar.total:
            self.bar.total = self.bar.n
            self.bar.refresh()

    def close(self) -> None:
        """End the line."""
        if self.bar is not None:
            self.bar.close()
