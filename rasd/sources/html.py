"""Text and publication dates from web pages and feed entries.

Many captured pages and posts carry no machine-readable date but show one: a post's timestamp
(`November 26, 2024 · Shared with Public`, `12:50 PM · Nov 30, 2024`), a dateline (`نشر بتاريخ 14 آذار 2024`,
`الأحد, يناير 22, 2023`) or a numeric date. `published_from_text` reads those; a page is published on or after
every full date it shows, so the latest one is taken, unless a date is stamped with its clock time (`عنب بلدي
28/11/2021 5:53 م`): that is the article's byline, and the later dates are those of the newer articles a capture
lists beside it, so the first such stamp is taken.

Some show a day without its year, and still name it: a social network shows a post of the current year without
the year (`March 1 · Shared with Public`, `Nov 30 at 10:15 AM`), which is then the latest such day up to
`latest`; and a day named with its weekday (`اليوم الجمعة 6 تشرين الأول`) is in the one recent year whose
calendar agrees (`rasd.stages.dates.weekday_years`).

`publication` decides an article's publication date and its basis (`published_basis`): the date declared with
it; a web archive's capture date is only the last day it can be from, so the page's own date, when it shows one,
comes first; without a declared date, the date in the URL (`/2024/03/14/`, an X post id), else the page's own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser

from rasd.document import Document
from rasd.stages.calendar import DAY, DateWords
from rasd.stages.dates import find_dates
from rasd.stages.segment import segment

__all__ = ["BASES", "html_to_text", "publication", "published_from_text", "published_from_url"]

# Where a publication date comes from: given with the article; read off the page (its text or URL); the day a
# web archive captured the page, or the day rasd fetched it from a feed (publication is on that day or before).
BASES = ("declared", "page", "archive_capture", "fetched")
_UPPER_BOUNDS = ("archive_capture", "fetched")

_MONTHS = {m: n for n, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# No word boundary before the month: captures glue it to the account name (`Ariha TodayNovember 26, 2024`).
_ENGLISH = re.compile(
    rf"(?:(?P<m1>{_MONTH}) (?P<d1>\d{{1,2}}),? (?P<y1>20\d\d)|\b(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH}) (?P<y2>20\d\d))\b",
    re.IGNORECASE,
)
# A post's timestamp without its year: the month and day just before `·` or `at 10:15`.
_STAMP = re.compile(
    rf"(?:(?P<m1>{_MONTH}) (?P<d1>\d{{1,2}})|\b(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH}))(?= ?·| at \d)", re.IGNORECASE)
_URL_DAY = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[/_-](0?[1-9]|1[0-2])[/_-]([0-2]?[0-9]|3[01])(?![0-9])")
# An X (Twitter) post id holds its creation time: milliseconds since this epoch, above the lowest 22 bits.
_SNOWFLAKE = re.compile(r"^https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/[^/]+/status(?:es)?/([0-9]{15,20})")
_SNOWFLAKE_EPOCH_MS = 1288834974657
_BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section"})
# A clock time right after a date: the stamp of a byline (`28/11/2021 5:53 م`, `02/09/2023 - 10:05`).
_CLOCK = re.compile(r"[\s,،\-–|]{0,4}(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?![0-9])")
_SCAN = 20_000  # dates of a page's header and body lie early; the tail is often related-article lists


def _english(text: str) -> list[date]:
    found = []
    for m in _ENGLISH.finditer(text):
        month, day, year = (m["m1"], m["d1"], m["y1"]) if m["m1"] else (m["m2"], m["d2"], m["y2"])
        try:
            found.append(date(int(year), _MONTHS[month.lower()[:3]], int(day)))
        except ValueError:
            continue
    return found


def _stamps(text: str, latest: date) -> list[date]:
    """Post timestamps without a year: the latest such day up to `latest`."""
    found = []
    for m in _STAMP.finditer(text):
        month, day = (m["m1"], m["d1"]) if m["m1"] else (m["m2"], m["d2"])
        for year in (latest.year, latest.year - 1):
            try:
                day_of = date(year, _MONTHS[month.lower()[:3]], int(day))
            except ValueError:
                continue
            if day_of <= latest:
                found.append(day_of)
                break
    return found


def published_from_text(text: str, *, words: DateWords, latest: date | None = None,
                        segmented: Document | None = None) -> date | None:
    """The publication date a page or post shows in its text (the latest date, not after `latest`), or None.

    `latest` (by default today) also bounds the days shown without a year (see the module docstring); `words` are
    `Resources.dates`. `segmented` is the text already segmented, without a publication date; it is read when the
    text fits the head read here.
    """
    head = text[:_SCAN]
    last = latest or date.today()
    found = _english(head) + _stamps(head, last)
    if segmented is None or len(text) > _SCAN:
        segmented = segment(Document.from_text(head), None)
    doc = replace(segmented, published=None)
    days = [m for m in find_dates(doc, words=words, latest=last) if m.date is not None and m.precision == DAY
            and not m.bound and m.date <= last]
    stamped = next((m.date for m in days if _CLOCK.match(head, m.end)), None)
    if stamped is not None:
        return stamped
    found += [m.date for m in days if m.date is not None]
    return max((d for d in found if d <= last), default=None)


def published_from_url(url: str | None, *, latest: date | None = None) -> date | None:
    """The publication date an article's URL holds (a `/2024/03/14/` path, an X post id), not after `latest`."""
    if not url:
        return None
    found: date | None = None
    post = _SNOWFLAKE.match(url)
    if post is not None:
        found = datetime.fromtimestamp(((int(post[1]) >> 22) + _SNOWFLAKE_EPOCH_MS) / 1000, UTC).date()
    else:
        for m in _URL_DAY.finditer(url.split("?", 1)[0]):
            try:
                found = date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
            break
    return found if found is not None and found <= (latest or date.today()) else None


def publication(text: str, *, words: DateWords, url: str | None = None, published: date | None = None,
                basis: str | None = None, latest: date | None = None,
                segmented: Document | None = None) -> tuple[date | None, str]:
    """An article's publication date and its basis (one of `BASES`), from what came with it and what it shows
    (read with `words`, `Resources.dates`).

    `segmented`, the text already segmented, spares segmenting it again to read the dates the page shows.
    """
    if published is not None and basis not in _UPPER_BOUNDS:
        return published, basis if basis in BASES else "declared"
    if published is not None:  # captured or fetched that day: the page's own date, if it shows one, is better
        shown = published_from_text(text, words=words, latest=published, segmented=segmented)
        return (shown, "page") if shown is not None else (published, str(basis))
    found = published_from_url(url, latest=latest) or published_from_text(text, words=words, latest=latest,
                                                                          segmented=segmented)
    return found, "page"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's summary or content), one paragraph a line."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
