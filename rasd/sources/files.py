"""Read articles from files: JSON lines, plain text, HTML pages, a directory of them, or standard input.

Every input yields items in order: an `ArticleIn` for each article and a `Rejected` for each line that cannot
be one (bad JSON, no `id` or `text`), with its line number, so that one bad line never stops a batch. Bytes are
decoded as UTF-8 when they are UTF-8 (with or without BOM), else as the Arabic code page that fits
(windows-1256 or ISO-8859-6), else as charset-normalizer guesses.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import KW_ONLY, dataclass
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from rasd.errors import InputError

__all__ = ["SUFFIXES", "ArticleIn", "Item", "Rejected", "decode", "json_lines", "parse_date", "read_articles"]

SUFFIXES = (".jsonl", ".txt", ".html", ".htm")
ARABIC_CODEPAGES = ["cp1256", "iso8859_6"]

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")


@dataclass(frozen=True, slots=True)
class ArticleIn:
    """An article as read from an input, before any processing."""

    line: int
    _: KW_ONLY
    id: str
    text: str
    published: date | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    kind: str | None = None
    source: str = ""
    published_basis: str | None = None  # where `published` came from (`rasd.sources.html.BASES`), None: declared


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input line that is not an article, with a reason code from `rasd.errors.REJECTIONS`."""

    line: int
    _: KW_ONLY
    reason: str
    detail: str
    source: str = ""


Item = ArticleIn | Rejected


def decode(data: bytes) -> str:
    """Decode bytes: UTF-8 when valid (a BOM is dropped), else an Arabic code page, else the best guess."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    arabic = from_bytes(data, cp_isolation=ARABIC_CODEPAGES).best()
    if arabic is not None:
        text = str(arabic)
        letters = sum(c.isalpha() for c in text)
        if letters and len(_ARABIC_LETTER.findall(text)) * 2 >= letters:
            return text
    guess = from_bytes(data).best()
    return str(guess) if guess is not None else data.decode("cp1256", errors="replace")


def parse_date(value: Any) -> date | None:
    """Read an ISO date or datetime (its local date); anything else is None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _optional(row: dict[str, Any], name: str) -> str | None:
    value = row.get(name)
    return str(value) if value not in (None, "") else None


def _from_json(n: int, line: str, *, source: str, published: date | None, default_kind: str | None) -> Item:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as err:
        return Rejected(n, reason="malformed", detail=f"{source}:{n}: not JSON ({err.msg})", source=source)
    if not isinstance(row, dict):
        return Rejected(n, reason="malformed", detail=f"{source}:{n}: not a JSON object", source=source)
    missing = [k for k in ("id", "text") if row.get(k) is None]
    if missing:
        return Rejected(n, reason="malformed", detail=f"{source}:{n}: no {' or '.join(missing)}", source=source)
    if not isinstance(row["text"], str) or not isinstance(row["id"], str | int) or not str(row["id"]).strip():
        return Rejected(n, reason="malformed", detail=f"{source}:{n}: id or text is not a string", source=source)
    own = parse_date(row.get("published"))
    return ArticleIn(
        n,
        id=str(row["id"]),
        text=row["text"],
        published=own or published,
        published_basis=_optional(row, "published_basis") if own else None,
        title=_optional(row, "title"),
        outlet=_optional(row, "outlet"),
        url=_optional(row, "url"),
        kind=_optional(row, "kind") or default_kind,
        source=source,
    )


def json_lines(
    lines: Iterable[bytes], *, source: str, published: date | None, default_kind: str | None, first: int = 1
) -> Iterator[Item]:
    """Yield the articles of JSON lines (bytes, any supported encoding), a bad line as `Rejected` with its number."""
    for n, raw in enumerate(lines, first):
        line = decode(raw)
        if line.strip():
            yield _from_json(n, line, source=source, published=published, default_kind=default_kind)


def _html(data: bytes, *, path: Path, published: date | None, default_kind: str | None) -> ArticleIn:
    import trafilatura  # imported here: it is slow to import and only HTML inputs need it

    page = decode(data)
    text = trafilatura.extract(page, favor_recall=True, include_comments=False, include_tables=True) or ""
    if not text.strip():
        text = trafilatura.html2txt(page) or ""
    # Only marked-up dates: trafilatura's guess from the text dates a year alone as 1 January; rasd reads text dates.
    meta = trafilatura.extract_metadata(page, extensive=False)
    found = parse_date(meta.date) if meta is not None else None
    return ArticleIn(
        1,
        id=path.stem,
        text=text,
        published=found or published,
        title=meta.title if meta is not None else None,
        outlet=meta.sitename if meta is not None else None,
        url=meta.url if meta is not None else None,
        kind=default_kind,
        source=str(path),
    )


def _file(path: Path, *, published: date | None, default_kind: str | None) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        with path.open("rb") as stream:
            yield from json_lines(stream, source=str(path), published=published, default_kind=default_kind)
    elif suffix == ".txt":
        text = decode(path.read_bytes())
        yield ArticleIn(1, id=path.stem, text=text, published=published, kind=default_kind, source=str(path))
    elif suffix in (".html", ".htm"):
        yield _html(path.read_bytes(), path=path, published=published, default_kind=default_kind)
    else:
        raise InputError(f"{path}: cannot read {suffix or 'files without a suffix'}; use one of {', '.join(SUFFIXES)}")


def _stdin(stream: BinaryIO, *, published: date | None, default_kind: str | None) -> Iterator[Item]:
    skipped = 0
    for raw in stream:
        if not raw.strip():
            skipped += 1
            continue
        if decode(raw).lstrip().startswith("{"):
            yield from json_lines(
                chain([raw], stream),
                source="<stdin>",
                published=published,
                default_kind=default_kind,
                first=skipped + 1,
            )
        else:
            text = decode(raw + stream.read())
            yield ArticleIn(1, id="stdin", text=text, published=published, kind=default_kind, source="<stdin>")
        return


def read_articles(
    path: str | Path, *, published: date | None = None, default_kind: str | None = None
) -> Iterator[Item]:
    """Yield the articles of a file, a directory (its files, sorted) or `-` (standard input), in order."""
    if str(path) == "-":
        yield from _stdin(sys.stdin.buffer, published=published, default_kind=default_kind)
        return
    path = Path(path)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
            yield from _file(child, published=published, default_kind=default_kind)
    elif path.is_file():
        yield from _file(path, published=published, default_kind=default_kind)
    else:
        raise InputError(f"{path}: no such file or directory; check the path")
