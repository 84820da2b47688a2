"""What the commands share: argument types, the `--db` help and the progress line."""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rasd.sources.files import Item

__all__ = ["DB_HELP", "Progress", "articles", "bbox", "existing_store", "iso_date", "one_of"]

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


class Progress:
    """A one-line progress report on stderr, refreshed per batch."""

    def __init__(self, stream: TextIO, batch: int, enabled: bool) -> None:
        self.stream, self.batch, self.enabled = stream, batch, enabled
        self.done, self.started = 0, time.perf_counter()

    def __call__(self, n: int) -> None:
        self.done += n
        if self.enabled and self.done % self.batch == 0:
            self.show()

    def show(self) -> None:
        """Write the count and the rate."""
        if not self.enabled:
            return
        rate = self.done / max(time.perf_counter() - self.started, 1e-9)
        self.stream.write(f"\rextracted {self.done} articles ({rate:.0f}/s)")
        self.stream.flush()

    def close(self) -> None:
        """End the line."""
        if self.enabled and self.done:
            self.show()
            self.stream.write("\n")
