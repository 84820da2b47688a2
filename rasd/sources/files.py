"""Read articles from files: JSON lines, plain text, HTML pages, a directory of them, or standard input.

Every input yields items in order: an `ArticleIn` for each article and a `Rejected` for each line that cannot
be one (bad JSON, nested too deep, a number too long to read, no `id` or `text`, a publication date outside
1900-2100), with its line number, so that one bad line never stops a batch. Bytes are decoded as UTF-8 when they
are UTF-8 (with or without BOM), else as the Arabic code page that fits (windows-1256 or ISO-8859-6), else as
charset-normalizer guesses.

Whatever built it, an `ArticleIn` holds only values every stage and both stores accept: NULs are stripped, lone
surrogates become U+FFFD, an id or URL too long to be a PostgreSQL key is shortened or dropped; each such repair
is named in `ArticleIn.repairs` for the runners to count.
"""

from __future__ import annotations

import hashlib
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

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_KEY_BYTES",
    "SUFFIXES",
    "ArticleIn",
    "Item",
    "Rejected",
    "clean_text",
    "decode",
    "json_lines",
    "parse_date",
    "plausible",
    "read_articles",
]

SUFFIXES = (".jsonl", ".txt", ".html", ".htm")
ARABIC_CODEPAGES = ["cp1256", "iso8859_6"]
# Publication dates rasd accepts: every date a stage derives from them (a week earlier, a year later) stays valid.
FIRST_YEAR, LAST_YEAR = 1900, 2100
# An id or URL is a key in the store; PostgreSQL cannot index a value over 2,704 bytes.
MAX_KEY_BYTES = 2000

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def plausible(day: date) -> bool:
    """Whether a publication date lies in the years rasd accepts (`FIRST_YEAR` to `LAST_YEAR`)."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def clean_text(value: str) -> tuple[str, tuple[str, ...]]:
    """The text without NULs and with lone surrogates as U+FFFD, and the repairs made (`nul`, `surrogate`)."""
    if _UNSTORABLE.search(value) is None:
        return value, ()
    repairs = []
    if "\x00" in value:
        value = value.replace("\x00", "")
        repairs.append("nul")
    if _SURROGATE.search(value) is not None:
        value = _SURROGATE.sub("\ufffd", value)
        repairs.append("surrogate")
    return value, tuple(repairs)


def _key(value: str) -> str:
    """An id short enough to be a key: a long one keeps its start and gains a hash of the whole."""
    if len(value.encode("utf-8")) <= MAX_KEY_BYTES:
        return value
    digest = hashlib.sha1(value.encode("utf-8")).hexdigest()
    return value.encode("utf-8")[: MAX_KEY_BYTES // 2].decode("utf-8", errors="ignore") + "~" + digest


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
    repairs: tuple[str, ...] = ()  # what was cleaned on the way in (`nul`, `surrogate`, `long_id`, `long_url`)

    def __post_init__(self) -> None:
        repairs = list(self.repairs)
        for name in ("id", "text", "title", "outlet", "url", "kind", "source", "published_basis"):
            value = getattr(self, name)
            if isinstance(value, str):
                cleaned, made = clean_text(value)
                if made:
                    object.__setattr__(self, name, cleaned)
                    repairs.extend(r for r in made if r not in repairs)
        if _key(self.id) != self.id:
            object.__setattr__(self, "id", _key(self.id))
            repairs.append("long_id")
        if self.url is not None and len(self.url.encode("utf-8")) > MAX_KEY_BYTES:
            object.__setattr__(self, "url", None)
            repairs.append("long_url")
        if self.published is not None and not plausible(self.published):
            object.__setattr__(self, "published", None)
            repairs.append("implausible_date")
        if tuple(repairs) != self.repairs:
            object.__setattr__(self, "repairs", tuple(repairs))


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input line that is not an article, with a reason code from `rasd.errors.REJECTIONS`."""

    line: int
    _: KW_ONLY
    reason: str
    detail: str
    source: str = ""


Item = ArticleIn | Rejected


def _arabic_letters(text: str) -> int:
    """How many Arabic letters the text has when they are at least half its letters, else 0."""
    arabic = len(_ARABIC_LETTER.findall(text))
    return arabic if arabic and arabic * 2 >= sum(c.isalpha() for c in text) else 0


def decode(data: bytes) -> str:
    """Decode bytes: UTF-8 when valid (a BOM is dropped) or Arabic UTF-8 with a few broken bytes (each becomes
    U+FFFD), else an Arabic code page, else the best guess."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8-sig", errors="replace")
    if lenient.count("\ufffd") * 20 <= _arabic_letters(lenient):  # a cut or stray byte, not another encoding
        return lenient
    arabic = from_bytes(data, cp_isolation=ARABIC_CODEPAGES).best()
    if arabic is not None and _arabic_letters(str(arabic)):
        return str(arabic)
    guess = from_bytes(data).best()
    return str(guess) if guess is not None else data.decode("cp1256", errors="replace")


def _iso_date(value: Any) -> date | None:
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


def parse_date(value: Any) -> date | None:
    """Read an ISO date or datetime (its local date) in the years rasd accepts; anything else is None."""
    found = _iso_date(value)
    return found if found is not None and plausible(found) else None


def _optional(row: dict[str, Any], name: str) -> str | None:
    value = row.get(name)
    return str(value) if value not in (None, "") else None


def _parse(line: str) -> tuple[Any, str | None]:
    """The JSON value of a line, or why it has none."""
    try:
        return json.loads(line), None
    except json.JSONDecodeError as err:
        return None, f"not JSON ({err.msg})"
    except RecursionError:
        return None, "JSON nested too deep"
    except ValueError:  # an integer of more digits than Python converts (4,300)
        return None, "a number too long to read"


def _from_json(n: int, line: str, *, source: str, published: date | None, default_kind: str | None) -> Item:
    row, problem = _parse(line)
    if problem is not None:
        return Rejected(n, reason="malformed", detail=f"{source}:{n}: {problem}", source=source)
    if not isinstance(row, dict):
        return Rejected(n, reason="malformed", detail=f"{source}:{n}: not a JSON object", source=source)
    missing = [k for k in ("id", "text") if row.get(k) is None]
    if missing:
        return Rejected(n, reason="malformed", detail=f"{source}:{n}: no {' or '.join(missing)}", source=source)
    ident = row["id"]
    if not isinstance(row["text"], str) or not isinstance(ident, str | int) or isinstance(ident, bool) \
            or not str(ident).strip():
        return Rejected(n, reason="malformed", detail=f"{source}:{n}: id or text is not a string", source=source)
    own = _iso_date(row.get("published"))
    if own is not None and not plausible(own):
        return Rejected(n, reason="bad_date", source=source,
                        detail=f"{source}:{n}: published {own.isoformat()} is not in {FIRST_YEAR}-{LAST_YEAR}")
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

    from rasd.sources.html import html_to_text

    page = decode(data)
    text = trafilatura.extract(page, favor_recall=True, include_comments=False, include_tables=True) or ""
    if not text.strip():
        text = trafilatura.html2txt(page) or ""
    if not text.strip():  # lxml gives up on some broken pages (nested thousands deep); a plain parser does not
        text = html_to_text(page)
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
