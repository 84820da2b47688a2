"""RSS and Atom feeds: a list of feeds in a TOML file, a fetcher behind a small interface, entries as articles.

`HttpFetcher` fetches over HTTP with conditional requests (ETag, Last-Modified); `MemoryFetcher` is its
in-memory twin for tests. Feeds are parsed with feedparser, which honours the declared encoding; a feed whose
bytes do not match any declaration (an undeclared windows-1256 feed, say) is decoded by `rasd.sources.decode`
and parsed again. A broken or unreachable feed is reported in `Polled.problem`, never raised. An entry without a
date of its own is dated the day it was fetched (`published_basis` `fetched`): publication is on that day or before.

    interval = 60             # seconds between polls of `rasd watch` (default 60)

    [[feeds]]
    name = "Example outlet"
    url = "https://example.org/feed.xml"
    kind = "news_article"     # optional, FORMATS.md kind of its entries
"""

from __future__ import annotations

import calendar
import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Protocol

from rasd.errors import ConfigError
from rasd.sources.files import ArticleIn, decode, parse_date
from rasd.sources.html import html_to_text, published_from_text
from rasd.stages.calendar import DateWords

__all__ = ["Feed", "FeedList", "Fetched", "Fetcher", "HttpFetcher", "MemoryFetcher", "Polled", "load_feeds",
           "parse_feed", "poll"]

# A report reaches a watch's webhook within about a minute (median half of it); an unchanged feed answers a
# conditional request with a bodiless 304, so polling this often costs its outlet little.
DEFAULT_INTERVAL = 60.0


@dataclass(frozen=True, slots=True)
class Feed:
    """A feed to poll: a name (the source in the store), its URL and the kind of its entries."""

    name: str
    url: str
    kind: str = "news_article"


@dataclass(frozen=True, slots=True)
class FeedList:
    """The feeds of a configuration file and the polling interval in seconds."""

    feeds: tuple[Feed, ...]
    interval: float = DEFAULT_INTERVAL


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetcher's answer: HTTP status, body, and the validators for the next conditional request."""

    status: int
    body: bytes = b""
    etag: str | None = None
    modified: str | None = None


class Fetcher(Protocol):
    """Fetches a URL; raises `OSError` when the server cannot be reached."""

    def fetch(self, url: str, *, etag: str | None = None, modified: str | None = None) -> Fetched: ...


class HttpFetcher:
    """Fetch over HTTP(S) with urllib, sending the validators of the previous poll."""

    def __init__(self, *, timeout: float = 30.0, agent: str = "rasd (feed reader)") -> None:
        self.timeout, self.agent = timeout, agent

    def fetch(self, url: str, *, etag: str | None = None, modified: str | None = None) -> Fetched:
        """Fetch `url`; a 304 answer comes back with an empty body."""
        import urllib.error
        import urllib.request

        headers = {"User-Agent": self.agent}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                # A file: URL (a feed kept on disk) answers without an HTTP status: it was read, so 200.
                return Fetched(answer.status or 200, answer.read(), answer.headers.get("ETag"),
                               answer.headers.get("Last-Modified"))
        except urllib.error.HTTPError as err:
            return Fetched(err.code, b"", etag, modified)


@dataclass(slots=True)
class MemoryFetcher:
    """The in-memory twin: URL -> bytes, a `Fetched`, or an exception to raise; it records every request."""

    pages: Mapping[str, bytes | Fetched | Exception]
    requests: list[tuple[str, str | None]] = field(default_factory=list)

    def fetch(self, url: str, *, etag: str | None = None, modified: str | None = None) -> Fetched:
        """Answer from `pages`; unknown URLs are 404."""
        self.requests.append((url, etag))
        page = self.pages.get(url, Fetched(404))
        if isinstance(page, Exception):
            raise page
        if isinstance(page, Fetched):
            return page
        return Fetched(200, page, etag=hashlib.sha1(page).hexdigest())


@dataclass(frozen=True, slots=True)
class Polled:
    """What one poll gave: new entries as articles, the validators to send next time, and any problem."""

    items: tuple[ArticleIn, ...] = ()
    etag: str | None = None
    modified: str | None = None
    problem: str | None = None


def load_feeds(path: str | Path) -> FeedList:
    """Read a TOML feed list (see the module docstring)."""
    try:
        config = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot read the feed list {path}: {err}; see `rasd watch --help`") from err
    feeds = []
    for n, row in enumerate(config.get("feeds", []), 1):
        if not isinstance(row, dict) or not row.get("url"):
            raise ConfigError(f"{path}: feed {n} has no url; give each [[feeds]] a name and a url")
        feeds.append(Feed(str(row.get("name") or row["url"]), str(row["url"]), str(row.get("kind", "news_article"))))
    return FeedList(tuple(feeds), float(config.get("interval", DEFAULT_INTERVAL)))


def _published(entry: Any, dates: DateWords) -> date | None:
    """The entry's local publication day (FORMATS.md): the date as written, before any conversion to UTC."""
    raw = entry.get("published") or entry.get("updated") or ""
    try:
        return parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        pass
    found = parse_date(raw)
    if found is not None:
        return found
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC).date()
    return published_from_text(raw, words=dates) if raw else None


def _entry(n: int, entry: Any, feed: Feed, dates: DateWords, fetched: date | None) -> ArticleIn | None:
    content = entry.get("content") or []
    body = html_to_text(content[0].get("value", "") if content else entry.get("summary", ""))
    title = html_to_text(entry.get("title", "")) or None
    text = body or title or ""
    if not text:
        return None
    link = entry.get("link") or None
    key = entry.get("id") or link or hashlib.sha1(text.encode("utf-8")).hexdigest()
    article_id = f"{feed.name}:{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"
    published = _published(entry, dates)
    basis = None if published is not None or fetched is None else "fetched"
    return ArticleIn(n, id=article_id, text=text, published=published or fetched, title=title, outlet=feed.name,
                     url=link, kind=feed.kind, source=feed.name, published_basis=basis)


def parse_feed(data: bytes, *, feed: Feed, dates: DateWords,
               fetched: date | None = None) -> tuple[list[ArticleIn], str | None]:
    """The entries of a feed document as articles, and a problem when the document is broken; `dates`
    (`Resources.dates`) read a date written in words; `fetched`, the day the document was fetched, dates an entry
    that has no date of its own."""
    import feedparser  # imported here: only feed polling needs it

    parsed = feedparser.parse(data)
    mismatch = (feedparser.CharacterEncodingOverride, feedparser.CharacterEncodingUnknown)
    if parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), mismatch):
        parsed = feedparser.parse(decode(data))
    items = [a for n, e in enumerate(parsed.entries, 1) if (a := _entry(n, e, feed, dates, fetched)) is not None]
    problem = None
    if parsed.get("bozo"):
        reason = parsed.get("bozo_exception")
        problem = f"not a well-formed feed ({reason})" if not items else f"feed is partly broken ({reason})"
    return items, problem


def poll(feed: Feed, fetcher: Fetcher, *, dates: DateWords, etag: str | None = None,
         modified: str | None = None) -> Polled:
    """Fetch a feed and parse its entries; unreachable and broken feeds give a problem, not an exception."""
    try:
        got = fetcher.fetch(feed.url, etag=etag, modified=modified)
    except OSError as err:
        return Polled(etag=etag, modified=modified, problem=f"cannot fetch {feed.url}: {err}")
    if got.status == 304:
        return Polled(etag=got.etag or etag, modified=got.modified or modified)
    if got.status >= 400:
        return Polled(etag=etag, modified=modified, problem=f"{feed.url} answered HTTP {got.status}")
    items, problem = parse_feed(got.body, feed=feed, dates=dates, fetched=datetime.now(UTC).date())
    return Polled(tuple(items), got.etag, got.modified, problem)
