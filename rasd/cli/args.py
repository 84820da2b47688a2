"""What the commands share: argument types, the `--db` help and the progress line."""

from __future__ import annotations

import argparse
import time
from datetime import date
from typing import TextIO

__all__ = ["DB_HELP", "Progress", "bbox", "iso_date"]

DB_HELP = "a SQLite file or a postgresql:// URL (default: RASD_DB, else rasd.sqlite in the user's data folder)"


def iso_date(value: str) -> date:
    """A `YYYY-MM-DD` argument."""
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO date such as 2024-05-01") from None
    if not 1900 <= day.year <= 2100:
        raise argparse.ArgumentTypeError(f"{value!r} is not in the years 1900-2100") from None
    return day


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
