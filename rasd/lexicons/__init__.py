"""Lexicons shipped as data files, read once by the functions that need them."""

from __future__ import annotations

from importlib.resources import files

from rasd.errors import ResourceError

__all__ = ["read_tsv"]


def read_tsv(name: str, *, columns: int) -> list[tuple[str, ...]]:
    """Rows of a bundled TSV lexicon, without comments and the header, each with exactly `columns` fields."""
    try:
        text = files("rasd.lexicons").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResourceError(f"lexicon {name} is missing from the rasd package; reinstall rasd") from None
    rows: list[tuple[str, ...]] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        cells = tuple(c.strip() for c in line.split("\t"))
        if len(cells) != columns:
            raise ResourceError(f"{name} line {number}: expected {columns} tab-separated fields, found {len(cells)}")
        rows.append(cells)
    return rows
