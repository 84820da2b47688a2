"""Text and publication dates from web pages and feed entries.

Many captured pages and posts carry no machine-readable date but show one: a post's timestamp
(`November 26, 2024 · Shared with Public`, `12:50 PM · Nov 30, 2024`), a dateline (`نشر بتاريخ 14 آذار 2024`) or
a numeric date. `published_from_text` reads those; a page is published on or after every full date it shows,
so the latest one is taken.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

from rasd.document import Document
from rasd.stages.dates import DAY, find_dates
from rasd.stages.segment import segment

__all__ = ["html_to_text", "published_from_text"]

_MONTHS = {m: n for n, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# No word boundary before the month: captures glue it to the account name (`Ariha TodayNovember 26, 2024`).
_ENGLISH = re.compile(
    rf"(?:(?P<m1>{_MONTH}) (?P<d1>\d{{1,2}}),? (?P<y1>20\d\d)|\b(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH}) (?P<y2>20\d\d))\b",
    re.IGNORECASE,
)
_BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section"})
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


def published_from_text(text: str, *, latest: date | None = None) -> date | None:
    """The publication date a page or post shows in its text (the latest full date, not after `latest`), or None."""
    head = text[:_SCAN]
    found = _english(head)
    doc = segment(Document.from_text(head), None)
    found += [m.date for m in find_dates(doc) if m.date is not None and m.precision == DAY]
    if latest is not None:
        found = [d for d in found if d <= latest]
    return max(found, default=None)


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
