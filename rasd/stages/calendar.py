"""The words the `dates` stage reads (calendar.tsv, number_words.tsv, cues/dates.yaml), the forms it reads them in,
and its day arithmetic."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from hijridate import Gregorian, Hijri

from rasd.clitics import variants
from rasd.document import Document, Token
from rasd.lexicons import read_tsv
from rasd.lexicons.cues import Cues
from rasd.normalize import fold
from rasd.orthography import orthography

__all__ = [
    "DAY",
    "MONTH",
    "WEEK",
    "YEARS_BACK",
    "DateWords",
    "bounds",
    "hijri_day",
    "hijri_last",
    "hijri_month_in",
    "last_weekday",
    "lexicon_rows",
    "mark_end",
    "mid_month",
    "read_number_words",
    "today_named",
    "valid",
    "weekday_years",
    "word_forms",
]

DAY, WEEK, MONTH = 1, 2, 3
YEARS_BACK = 6  # a yearless day named with its weekday is looked for in this many years before `latest`'s year


def lexicon_rows(name: str, columns: int) -> tuple[tuple[str, ...], ...]:
    """Rows of a bundled TSV lexicon with their first cell folded, so that they match folded text."""
    return tuple((fold(row[0]), *row[1:]) for row in read_tsv(name, columns=columns))


def read_number_words() -> dict[str, tuple[int, str]]:
    """Folded number word -> (value, kind) from number_words.tsv."""
    return {word: (int(value), kind) for word, value, kind in lexicon_rows("number_words.tsv", 3)}


def _read_calendar() -> dict[str, dict[str, str]]:
    """Folded calendar word -> {kind: value} from calendar.tsv."""
    table: dict[str, dict[str, str]] = {}
    for word, kind, value in lexicon_rows("calendar.tsv", 3):
        table.setdefault(word, {})[kind] = value
    return table


@dataclass(frozen=True, slots=True)
class DateWords:
    """Every word the dates stage looks for, folded: the calendar, the number words and the cue lists."""

    calendar: Mapping[str, Mapping[str, str]]
    numbers: Mapping[str, tuple[int, str]]
    year: re.Pattern[str]  # a year in digits, with the era letter if written (2023م)
    year_words: frozenset[str]
    that_is: frozenset[str]
    not_today: frozenset[str]
    day: frozenset[str]
    night: frozenset[str]
    day_before_yesterday: tuple[tuple[str, ...], ...]
    last_night: tuple[tuple[str, ...], ...]
    night_between: frozenset[str]
    teen: frozenset[str]
    ordinal_tens: Mapping[str, int]
    of: frozenset[str]
    month_word: frozenset[str]
    the_month: frozenset[str]
    the_week: frozenset[str]
    ago: frozenset[str]
    week_start: frozenset[str]
    this: frozenset[str]
    ago_units: Mapping[str, int]
    counted_units: Mapping[str, int]
    since: frozenset[str]
    anniversary: frozenset[str]
    future: frozenset[str]
    hijri_era: frozenset[str]
    first_words: frozenset[str]  # every word a date expression can start with
    openers: frozenset[str]  # every word the parser can find at the token it starts from

    @classmethod
    def load(cls, cues: Cues | None = None) -> DateWords:
        """Read calendar.tsv and number_words.tsv, and take the `dates` cue lists."""
        cues = cues or Cues.load()
        calendar, numbers = _read_calendar(), read_number_words()

        def words(name: str) -> frozenset[str]:
            return cues.words("dates", name)

        day_before = tuple(tuple(phrase.split()) for phrase in cues.phrases("dates", "day_before_yesterday"))
        last_night = tuple(tuple(phrase.split()) for phrase in cues.phrases("dates", "last_night"))
        first = frozenset(calendar.keys() | numbers.keys() | words("year_words") | words("day") | words("ago")
                          | words("month_word") | words("this") | words("the_week") | words("the_month")
                          | words("week_start") | {phrase[0] for phrase in (*day_before, *last_night)})
        openers = first | {key.split()[0] for key in calendar} | words("night")
        year = re.compile(rf"([0-9]{{4}}){re.escape(cues.get('dates', 'year_suffix'))}?")
        return cls(
            calendar=calendar, numbers=numbers, year=year, year_words=words("year_words"),
            that_is=words("that_is"), not_today=words("not_today"), day=words("day"), night=words("night"),
            day_before_yesterday=day_before,
            last_night=last_night, night_between=words("night_between"), teen=words("teen"),
            ordinal_tens=dict(cues.mapping("dates", "ordinal_tens")), of=words("of"), month_word=words("month_word"),
            the_month=words("the_month"), the_week=words("the_week"), ago=words("ago"),
            week_start=words("week_start"), this=words("this"), ago_units=dict(cues.mapping("dates", "ago_units")),
            counted_units=dict(cues.mapping("dates", "counted_units")), since=words("since"),
            anniversary=words("anniversary"), future=words("future"),
            hijri_era=words("hijri_era"), first_words=first, openers=openers,
        )

    @property
    def weekdays(self) -> dict[str, int]:
        """Folded weekday name -> Python weekday (Monday 0)."""
        return {word: int(kinds["weekday"]) for word, kinds in self.calendar.items() if "weekday" in kinds}


def word_forms(token: Token) -> tuple[str, ...]:
    """The token's word with its proclitics stripped in every possible way, the article kept (`واليوم` -> `اليوم`)."""
    return _forms(token.norm)


@lru_cache(maxsize=200_000)
def _forms(word: str) -> tuple[str, ...]:
    out: list[str] = []
    the = orthography().article  # kept on a word whose proclitics are stripped
    for core, _prefix, article in variants(word):
        form = the + core if article else core
        if form not in out:
            out.append(form)
    return tuple(out)


# How far back a "since" or an "anniversary" word reaches, in words, and the kinds of date it can take: those
# read off the calendar; a day counted from publication (منذ يومين، منذ صباح اليوم) stays the day of the event.
_SINCE_REACH, _ANNIVERSARY_REACH = 5, 8
_CALENDAR_KINDS = ("explicit", "month", "period")


def bounds(doc: Document, starts: Sequence[int], forms: Sequence[tuple[str, ...]], start: int, kind: str,
           words: DateWords) -> bool:
    """Whether the date mention at raw offset `start` bounds a span of time, recalls a day or names a plan's day
    rather than dating an event: "since" (`منذ عام 2011`) at most `_SINCE_REACH` words before it, or "anniversary"
    (`الذكرى الثلاثين لمجزرة 1994`) or a word of what is to come (`من المقرر أن تعقد الجولة المقبلة في 3 آذار`) at
    most `_ANNIVERSARY_REACH`, in its clause. `starts` are the tokens' raw starts, `forms` their word forms."""
    if kind not in _CALENDAR_KINDS:
        return False
    sentence = doc.at("sentences", start)
    low = sentence.start if sentence is not None else 0
    for clause_start, clause_end in sentence.clauses if sentence is not None else ():
        if clause_start <= start < clause_end:
            low = clause_start
    i = bisect_left(starts, start)
    for k in range(i - 1, max(-1, i - 1 - _ANNIVERSARY_REACH), -1):
        if starts[k] < low:
            break
        if any(f in words.anniversary or f in words.future or (i - k <= _SINCE_REACH and f in words.since)
               for f in forms[k]):
            return True
    return False


def mark_end(text: str, end: int) -> int:
    """Extend a span over the diacritics written after its last letter (`صباحاً`), which folding dropped."""
    tatweel = orthography().tatweel
    while end < len(text) and (unicodedata.category(text[end]) == "Mn" or text[end] == tatweel):
        end += 1
    return end


def today_named(weekday: int, published: dt.date) -> dt.date:
    """ "اليوم الثلاثاء": today, named. A weekday a day off the publication date means the date is off by a
    day (time zones, a late edition), so that day; a weekday further off is a slip, and today stands."""
    for shift in (0, 1, -1):
        day = published + dt.timedelta(days=shift)
        if day.weekday() == weekday:
            return day
    return published


def last_weekday(weekday: int, on_or_before: dt.date) -> dt.date:
    """The last day of `weekday` on or before a day."""
    return on_or_before - dt.timedelta(days=(on_or_before.weekday() - weekday) % 7)


def mid_month(year: int, month: int, pub: dt.date | None) -> dt.date:
    """The 15th of a month, never after publication."""
    day = dt.date(year, month, 15)
    return min(day, pub) if pub else day


def valid(year: int, month: int, day: int) -> dt.date | None:
    """The day, if the calendar has it."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def hijri_day(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian day of a day of the Hijri calendar (Umm al-Qura), if that calendar has it and the converter
    covers its year (1343-1500, 1924-2077). The 30th of a month of 29 days is the day after its 29th: where the
    month begins on sighting the moon it can be a day longer than in the computed calendar."""
    try:
        if day == 30 and 1 <= month <= 12 and Hijri(year, month, 1).month_length() == 29:
            return dt.date.fromordinal(Hijri(year, month, 29).to_gregorian().toordinal() + 1)
        return dt.date.fromordinal(Hijri(year, month, day).to_gregorian().toordinal())
    except (ValueError, OverflowError):
        return None


def hijri_last(month: int, day: int, pub: dt.date) -> dt.date | None:
    """A day of a Hijri month written without its year: in the last Hijri year it has passed in by `pub`."""
    try:
        today = Gregorian.fromdate(pub).to_hijri()
    except OverflowError:
        return None
    year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    return hijri_day(year, month, day)


def hijri_month_in(month: int, year: int) -> int | None:
    """The Hijri year whose `month` has its middle in the Gregorian `year` (`رمضان 2024`: 1445), when only one does
    (a lunar year is eleven days short, so once in about 33 years a month falls twice in one year)."""
    try:
        middle = Gregorian(year, 7, 1).to_hijri().year
    except OverflowError:
        return None
    found = [h for h in (middle - 1, middle, middle + 1) if (day := hijri_day(h, month, 15)) and day.year == year]
    return found[0] if len(found) == 1 else None


def _fitting(month: int, day: int, weekday: int, latest: dt.date) -> list[dt.date]:
    """The days `day` of `month` on `weekday` in `latest`'s year (up to `latest`) and the `YEARS_BACK` before it."""
    return [found for year in range(latest.year - YEARS_BACK, latest.year + 1)
            if (found := valid(year, month, day)) is not None and found.weekday() == weekday and found <= latest]


def weekday_years(named: Sequence[tuple[int, int, int]], latest: dt.date,
                  years: Collection[int] = ()) -> list[dt.date | None]:
    """Days of months named with their weekday, `(month, day, weekday)` (Monday 0), in one text of no known year.

    Each takes the one year that fits (`_fitting`), or, when several fit, the one that the text names
    (`years`) or that another of its days alone fits. A text's days lie close together: when those found lie
    over a year apart, one weekday is a slip or a day of long ago, and none is trusted.
    """
    fits = [_fitting(month, day, weekday, latest) for month, day, weekday in named]
    known = set(years) | {f[0].year for f in fits if len(f) == 1}
    chosen: list[dt.date | None] = []
    for found in fits:
        if len(found) > 1:
            found = [d for d in found if d.year in known]
        chosen.append(found[0] if len(found) == 1 else None)
    days = [d for d in chosen if d is not None]
    if days and (max(days) - min(days)).days > 366:
        return [None] * len(chosen)
    return chosen
