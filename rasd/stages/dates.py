"""Find date expressions and resolve them against the publication date (CODEBOOK §5).

Relative expressions (اليوم، أمس، منذ يومين، الأسبوع الماضي, weekday names) need `doc.published`; without it they
keep `date=None`, never a guessed default. Conventions where usage is ambiguous:

- A night is dated by the day on which it begins. `ليلة أمس`/`ليلة البارحة` is the day before publication.
  `ليلة السبت` is, as in Arabic the night comes before its day, the night before Saturday: it is dated Friday
  (the most recent Friday on or before publication). `ليل الاثنين-الثلاثاء` is dated Monday, and `ليل الجمعة`
  alone (news style for "Friday night") Friday.
- A weekday is the most recent such day on or before publication, or strictly before it when anchored on
  `أمس` (`يوم أمس الأربعاء`) or marked `الماضي`.
- `الأسبوع الماضي` is dated seven days before publication (precision 2): whatever day a week starts on, that day
  lies in the previous week, at most three days from its middle.
- A month without a day is dated on its 15th, a year alone on 1 July, both never after publication (precision 3).
- Without a publication date nothing relative resolves, and a day of a month without its year stays unresolved,
  unless the caller says how late the text can be (`find_dates(doc, latest=...)`, used to read a page's own
  date): then a day and month written with their weekday (`اليوم الجمعة 6 تشرين الأول`) take the one year of the
  last `YEARS_BACK` whose calendar has that day on that weekday, or, when several do, the one the text names
  elsewhere (`منذ مطلع العام 2023`); a weekday fits one year in seven, so the weekday is what dates them.
- A calendar date after "since" or "anniversary" (`منذ عام 2011`, `الذكرى الأربعين لمجزرة 1982`) starts a span
  of time or recalls a day: its mention is `bound` (`rasd.stages.calendar.bounds`) and dates no event. A day
  counted from publication (`منذ يومين`, `منذ صباح اليوم`) is not bound.
- A date of the Hijri calendar (`5 رمضان 1445 هـ`, `الخامس من شهر رمضان 1445 للهجرة`, `1445/9/5 هـ`) is dated by
  its Gregorian day in the Umm al-Qura calendar (`hijridate`); a numeric one needs its era (`هـ`). A Hijri month
  is read beside a day or a year only (`شهر رمضان` alone names a season, and رمضان is also a given name), and a
  Hijri year alone dates nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from dataclasses import KW_ONLY, dataclass, replace
from typing import TYPE_CHECKING

from rasd.document import Document, Token
from rasd.errors import PipelineError
from rasd.pipeline import stage
from rasd.stages.calendar import (
    DAY,
    MONTH,
    WEEK,
    YEARS_BACK,
    DateWords,
    bounds,
    hijri_day,
    hijri_last,
    hijri_month_in,
    last_weekday,
    lexicon_rows,
    mark_end,
    mid_month,
    read_number_words,
    today_named,
    valid,
    weekday_years,
    word_forms,
)

if TYPE_CHECKING:
    from rasd.resources import Resources

__all__ = [
    "YEARS_BACK",
    "DateMention",
    "dates",
    "find_dates",
    "lexicon_rows",
    "mark_end",
    "number_words",
    "resolve_sentence_date",
    "weekday_years",
    "weekdays",
    "word_forms",
]

# d/m/yyyy (Arabic order; m/d when the middle part cannot be a month) and yyyy-m-d, any separator of / - .
_NUMERIC = re.compile(
    r"(?<![\d/])(?:(?P<y1>\d{4})(?P<s1>[-/.])(?P<m1>\d{1,2})(?P=s1)(?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})(?P<s2>[-/.])(?P<m2>\d{1,2})(?P=s2)(?P<y2>\d{4}|\d{2}))(?![\d/]|[.-]\d)",
    re.ASCII,
)
# The same joined by `_`, as in hashtags (`#ادلب_20_11_2022`), read off the raw text: folding makes `_` a space.
_HASHTAG_DAY = re.compile(r"(?<!\d)(?P<d2>\d{1,2})_(?P<m2>\d{1,2})_(?P<y2>\d{4})(?!\d|_\d)")
_NEXT_WORD = re.compile(r"\s*([^\W\d_]+)")  # the word after a numeric date: the Hijri era (`هـ`) if any
_ASCII_DIGITS = re.compile(r"[0-9]{1,18}")  # longer runs are no day or count (nor can int() read 4,300)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression and the day it resolves to (`date=None` when it cannot be resolved)."""

    start: int
    end: int
    _: KW_ONLY
    date: dt.date | None
    precision: int | None
    kind: str
    part_of_day: str | None = None
    bound: bool = False  # a day a span of time starts from or an anniversary recalls: no event's date


def number_words() -> dict[str, tuple[int, str]]:
    """Folded number word -> (value, kind) from number_words.tsv (read anew; stages read `Resources.dates`)."""
    return read_number_words()


def weekdays(words: DateWords) -> dict[str, int]:
    """Folded weekday name -> Python weekday (Monday 0), from calendar.tsv."""
    return words.weekdays


@dataclass(slots=True)
class _Hit:
    """A parse: the token after it, the day (or None), the precision, the kind and the part of the day."""

    next: int
    date: dt.date | None
    precision: int
    kind: str
    part: str | None = None
    yearless: tuple[int, int] | None = None  # (month, day) of a day of a month read without its year
    weekday: int | None = None  # the weekday written with it (Monday 0)


class _Parser:
    """Read date expressions over a document's tokens, one starting position at a time."""

    def __init__(self, doc: Document, pub: dt.date | None, blocked: set[int], words: DateWords) -> None:
        self.tokens = doc.layer("tokens")
        self.forms = [() if i in blocked else word_forms(t) for i, t in enumerate(self.tokens)]
        self.pub = pub
        self.words = words
        self.cal = words.calendar
        self.nums = words.numbers

    def w(self, j: int) -> tuple[str, ...]:
        return self.forms[j] if 0 <= j < len(self.forms) else ()

    def has(self, j: int, words: Collection[str]) -> bool:
        return any(f in words for f in self.w(j))

    def lex(self, j: int, kind: str) -> str | None:
        for f in self.w(j):
            value = self.cal.get(f, {}).get(kind)
            if value is not None:
                return value
        return None

    def digits(self, j: int) -> int | None:
        forms = self.w(j)
        return int(forms[0]) if forms and _ASCII_DIGITS.fullmatch(forms[0]) else None

    def may_start(self, i: int) -> bool:
        """Whether token `i` holds a word every date expression starting there needs (a cheap test first)."""
        forms = self.w(i)
        return bool(forms) and (any(f in self.words.openers for f in forms) or bool(_ASCII_DIGITS.fullmatch(forms[0])))

    def parse(self, i: int) -> _Hit | None:
        """The longest date expression starting at token `i`, if any."""
        j, part, night = i, self.lex(i, "part"), False
        if part is not None:
            night = self.has(i, self.words.night)
            j += 1
        if self.has(j, self.words.day):
            j += 1
        hit = self.relative(j) or self.weekday(j, night) or self.explicit(j) or self.period(j)
        if hit is None:
            return None
        hit.part = hit.part or part
        after = self.lex(hit.next, "after")
        if hit.part is None and after is not None:
            hit.part, hit.next = after, hit.next + 1
        return hit

    def phrase_at(self, j: int, phrases: tuple[tuple[str, ...], ...]) -> tuple[str, ...] | None:
        """The first of `phrases` written from token `j` on, if any."""
        return next((p for p in phrases if all(word in self.w(j + n) for n, word in enumerate(p))), None)

    def relative(self, j: int) -> _Hit | None:
        said = self.phrase_at(j, self.words.day_before_yesterday)
        night = self.phrase_at(j, self.words.last_night)
        if said is not None:
            back, k = 2, j + len(said)
        elif night is not None:
            back, k = 1, j + len(night)
        else:
            value = self.lex(j, "relative")
            if value is None:
                return None
            back, k = int(value), j + 1
            # "اليوم التالي", "اليوم العالمي": a day named by what follows, not today.
            if back == 0 and any(f in self.words.not_today or self.nums.get(f, (0, ""))[1] == "ordinal"
                                 for f in self.w(k)):
                return None
        weekday = self.lex(k, "weekday")
        if weekday is not None:
            explicit = self.written_out(k + 1, int(weekday))
            if explicit is not None:
                return explicit
            if self.pub is None:
                day = None
            elif back == 0:
                day = today_named(int(weekday), self.pub)
            else:
                day = last_weekday(int(weekday), self.pub - dt.timedelta(days=back))
            return _Hit(k + 1, day, DAY, "weekday")
        day = self.pub - dt.timedelta(days=back) if self.pub else None
        hit = _Hit(k, day, DAY, "relative")
        if night is not None:
            hit.part = "night"  # "الليلة الماضية": last night (the part of the day calendar.tsv names so)
        return hit

    def weekday(self, j: int, night: bool) -> _Hit | None:
        value = self.lex(j, "weekday")
        if value is None:
            return None
        first, k = int(value), j + 1
        second = k + 1 if self.has(k, self.words.night_between) else k
        two_days = self.lex(second, "weekday") == str((first + 1) % 7)
        if two_days:
            k = second + 1
        direction = self.lex(k, "direction")
        if direction is not None:
            k += 1
        explicit = self.written_out(k, None if two_days else first)
        if explicit is not None:
            return explicit
        if self.pub is None:
            return _Hit(k, None, DAY, "weekday")
        # "ليلة السبت" is the night before Saturday (see the module docstring).
        day_of = (first - 1) % 7 if night and not two_days else first
        if direction == "next":
            ahead = self.pub + dt.timedelta(days=1)
            return _Hit(k, ahead + dt.timedelta(days=(day_of - ahead.weekday()) % 7), DAY, "weekday")
        limit = self.pub - dt.timedelta(days=1) if direction == "past" else self.pub
        return _Hit(k, last_weekday(day_of, limit), DAY, "weekday")

    def written_out(self, k: int, weekday: int | None) -> _Hit | None:
        """A day and month written after a weekday (`الخميس الموافق 3 شباط`), which then gives the date."""
        explicit = self.explicit(k + 1 if self.has(k, self.words.that_is) else k)
        if explicit is None or explicit.kind != "explicit":
            return None
        explicit.weekday = weekday
        return explicit

    def day_of_month(self, j: int) -> tuple[int, int] | None:
        number = self.digits(j)
        if number is not None:
            return (j + 1, number) if 1 <= number <= 31 else None
        ordinal = next((self.nums[f][0] for f in self.w(j) if self.nums.get(f, (0, ""))[1] == "ordinal"), None)
        if ordinal is None:
            return None
        if ordinal < 10 and self.has(j + 1, self.words.teen):
            return j + 2, 10 + ordinal
        tens = self.words.ordinal_tens.get(self.w(j + 1)[0] if self.w(j + 1) else "")
        if ordinal < 10 and tens:
            return j + 2, ordinal + tens
        return j + 1, ordinal

    def month_name(self, j: int) -> tuple[int, int, bool, bool] | None:
        """`(next token, month, ambiguous, hijri)` for a one- or two-word month name at token `j`."""
        for form in self.w(j):
            for key, size in [*((f"{form} {n}", 2) for n in self.w(j + 1)[:1]), (form, 1)]:
                entry = self.cal.get(key, {})
                month = entry.get("month") or entry.get("month?") or entry.get("hijri")
                if month is not None:
                    return j + size, int(month), "month" not in entry, "hijri" in entry
        return None

    def month(self, j: int) -> tuple[int, int, bool, bool] | None:
        """A month name, with the alias written after it in the other calendar (`نيسان/أبريل`) if any."""
        found = self.month_name(j)
        alias = self.month_name(found[0]) if found and not found[3] else None
        if found and alias and alias[1] == found[1] and not alias[3]:
            return alias[0], found[1], found[2] and alias[2], False
        return found

    def year(self, j: int) -> tuple[int, int] | None:
        if self.has(j, self.words.of) and self.has(j + 1, self.words.year_words):
            j += 1  # "28 تشرين الأول من عام 2019"
        k = j + 1 if self.has(j, self.words.year_words) else j
        match = self.words.year.fullmatch(self.w(k)[0]) if self.w(k) else None
        if match and 1900 <= int(match.group(1)) <= 2100:
            return k + 1, int(match.group(1))
        return None

    def explicit(self, j: int) -> _Hit | None:
        day = self.day_of_month(j)
        k = j
        if day is not None:
            k = day[0] + 1 if self.has(day[0], self.words.of) else day[0]
        named = self.has(k, self.words.month_word)
        month = self.month(k + 1 if named else k)
        if month is None:
            return self.this_month(k, day[1]) if day is not None else self.year_alone(j)
        k, number, ambiguous, hijri = month
        if hijri:
            return self.hijri(k, number, day[1] if day else None)
        if self.lex(k, "direction") == "current":
            k += 1
        if day is None and not named:
            day_first = self.month_day_year(k, number)  # `يناير 22, 2023` (English order)
            if day_first is not None:
                return day_first
        year = self.year(k)
        # A name that is also an ordinary word (مارس، آب) needs a day, a year or "شهر" beside it.
        if year is None and ambiguous and day is None and not named:
            return None
        if year is not None:
            k = year[0]
        if day is None:
            return self.whole_month(k, number, year[1] if year else None)
        return self.day_of(k, number, day[1], year[1] if year else None)

    def hijri(self, k: int, month: int, day: int | None) -> _Hit | None:
        """A day or a month of the Hijri calendar (`5 رمضان 1445 هـ`), dated by its Gregorian day. Its year is Hijri,
        or Gregorian for a month named in the year it falls in (`رمضان 2024`); a month needs its year (`شهر رمضان`
        alone names a season, not a date), a day without one is the last such day by publication."""
        year = self.hijri_year(k)
        if year is None and day is None:
            return None
        if year is None:
            if day is None or not 1 <= day <= 30:
                return None
            return _Hit(k, hijri_last(month, day, self.pub) if self.pub else None, DAY, "explicit")
        k, number, hijri_era = year
        if not hijri_era and 1900 <= number <= 2100:
            if day is not None:
                return None  # `5 رمضان 2024`: a day needs the Hijri year
            found = hijri_month_in(month, number)
            if found is None:
                return None
            number = found
        if day is not None:
            found_day = hijri_day(number, month, day)
            return _Hit(k, found_day, DAY, "explicit") if found_day else None
        middle = hijri_day(number, month, 15)
        if middle is None:
            return None
        return _Hit(k, min(middle, self.pub) if self.pub else middle, MONTH, "month")

    def hijri_year(self, j: int) -> tuple[int, int, bool] | None:
        """`(next token, year, era written)` for a year after a Hijri month (`1445 هـ`, `من عام 1445 للهجرة`)."""
        if self.has(j, self.words.of) and self.has(j + 1, self.words.year_words):
            j += 1
        k = j + 1 if self.has(j, self.words.year_words) else j
        number = self.digits(k)
        if number is None or not 1000 <= number <= 9999:
            return None
        era = self.has(k + 1, self.words.hijri_era)
        return k + 2 if era else k + 1, number, era

    def whole_month(self, k: int, month: int, year: int | None) -> _Hit:
        """A month without a day: its 15th, in the year written or the last one it has begun in."""
        if year is not None:
            return _Hit(k, mid_month(year, month, self.pub), MONTH, "month")
        if self.pub is None:
            return _Hit(k, None, MONTH, "month")
        y = self.pub.year if month <= self.pub.month else self.pub.year - 1
        return _Hit(k, mid_month(y, month, self.pub), MONTH, "month")

    def day_of(self, k: int, month: int, day: int, year: int | None) -> _Hit | None:
        """A day of a month, in the year written or the last year it has passed in (yearless without a date)."""
        if year is not None:
            found = valid(year, month, day)
            return _Hit(k, found, DAY, "explicit") if found else None
        if self.pub is None:
            return _Hit(k, None, DAY, "explicit", yearless=(month, day)) if valid(2000, month, day) else None
        found = valid(self.pub.year, month, day)
        if found is not None and found > self.pub:
            found = valid(self.pub.year - 1, month, day)
        return _Hit(k, found, DAY, "explicit") if found else None

    def month_day_year(self, k: int, month: int) -> _Hit | None:
        """The day and year written after a month name in the English order (`سبتمبر 2, 2023`); both needed."""
        day = self.digits(k)
        year = self.year(k + 1) if day is not None and 1 <= day <= 31 else None
        found = valid(year[1], month, day) if year is not None and day is not None else None
        return _Hit(year[0], found, DAY, "explicit") if year is not None and found is not None else None

    def this_month(self, k: int, day: int) -> _Hit | None:
        """`الخامس من الشهر الجاري` / `الماضي`: a day of the publication month or the one before."""
        direction = self.lex(k + 1, "direction") if self.has(k, self.words.the_month) else None
        if direction not in ("current", "past"):
            return None
        if self.pub is None:
            return _Hit(k + 2, None, DAY, "explicit")
        first = self.pub.replace(day=1)
        if direction == "past":
            first = (first - dt.timedelta(days=1)).replace(day=1)
        found = valid(first.year, first.month, day)
        return _Hit(k + 2, found, DAY, "explicit") if found else None

    def year_alone(self, j: int) -> _Hit | None:
        if not self.has(j, self.words.year_words):
            return None
        year = self.year(j)
        if year is None:
            return None
        day = dt.date(year[1], 7, 1)
        return _Hit(year[0], min(day, self.pub) if self.pub else day, MONTH, "period")

    def period(self, j: int) -> _Hit | None:
        if self.has(j, self.words.ago):
            return self.ago(j + 1)
        if self.has(j, self.words.week_start) and self.has(j + 1, self.words.the_week):
            return self.early_week(j + 2)
        k = j + 1 if self.has(j, self.words.this) else j
        direction = "current" if k > j else self.lex(k + 1, "direction")
        end = k + 1 if k > j else k + 2
        if direction not in ("current", "past"):
            return None
        pub = self.pub
        if self.has(k, self.words.the_week):
            if pub is None:
                return _Hit(end, None, WEEK, "period")
            return _Hit(end, pub - dt.timedelta(days=7) if direction == "past" else pub, WEEK, "period")
        if self.has(k, self.words.the_month):
            if pub is None:
                return _Hit(end, None, MONTH, "period")
            first = pub.replace(day=1)
            if direction == "past":
                first = (first - dt.timedelta(days=1)).replace(day=1)
            return _Hit(end, mid_month(first.year, first.month, pub), MONTH, "period")
        if self.has(k, self.words.year_words):
            if pub is None:
                return _Hit(end, None, MONTH, "period")
            year = pub.year - 1 if direction == "past" else pub.year
            return _Hit(end, min(dt.date(year, 7, 1), pub), MONTH, "period")
        return None

    def early_week(self, k: int) -> _Hit:
        """`مطلع الأسبوع الجاري`: the middle of the days from Saturday, the start of the week, to publication."""
        end = k + 1 if self.lex(k, "direction") == "current" else k
        if self.pub is None:
            return _Hit(end, None, WEEK, "period")
        start = last_weekday(5, self.pub)
        return _Hit(end, start + dt.timedelta(days=max(0, (self.pub - start).days - 1) // 2), WEEK, "period")

    def ago(self, j: int) -> _Hit | None:
        """`منذ يومين`, `قبل ثلاثة أيام`, `منذ أسبوع`: so many days or weeks before publication."""
        units = self.words.ago_units
        count, k = 1, j
        number = self.digits(j)
        if number is None:
            number = next((self.nums[f][0] for f in self.w(j) if self.nums.get(f, (0, ""))[1] in ("unit", "ten")), None)
        if number is not None:
            count, k = number, j + 1
            units = self.words.counted_units
        days = next((units[f] for f in self.w(k) if f in units), None)
        if days is None:
            return None
        precision = DAY if days % 7 else WEEK
        day = self.pub - dt.timedelta(days=count * days) if self.pub else None
        return _Hit(k + 1, day, precision, "relative" if precision == DAY else "period")


def _numeric(doc: Document, era: Collection[str]) -> list[DateMention]:
    out = []
    for m in _HASHTAG_DAY.finditer(doc.text):
        found = valid(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
        if found is not None and 1900 <= found.year <= 2100:
            out.append(DateMention(m.start(), m.end(), date=found, precision=DAY, kind="explicit"))
    for m in _NUMERIC.finditer(doc.norm.text):
        if m.group("y1"):
            y, mo, d = int(m.group("y1")), int(m.group("m1")), int(m.group("d1"))
        else:
            y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
            y += 2000 if y < 100 else 0
            if mo > 12 >= d:
                mo, d = d, mo
        after = _NEXT_WORD.match(doc.norm.text, m.end())
        if 1900 <= y <= 2100:
            found = valid(y, mo, d)
            start, end = doc.norm.raw_span(m.start(), m.end())
        elif after is not None and after.group(1) in era:  # `1445/9/5 هـ`: a day of the Hijri calendar
            found = hijri_day(y, mo, d)
            start, end = doc.norm.raw_span(m.start(), after.end())
            end = mark_end(doc.text, end)  # over the tatweel of `هـ`
        else:
            continue
        if found is not None:
            out.append(DateMention(start, end, date=found, precision=DAY, kind="explicit"))
    return out


def _raw_start(doc: Document, token: Token, forms: tuple[str, ...], first_words: frozenset[str]) -> int:
    """Where the date word starts once conjunctions and prepositions (`و`، `ب`) are left out."""
    form = next((f for f in forms if f in first_words or _ASCII_DIGITS.fullmatch(f)), token.norm)
    lead = len(token.norm) - len(form) if token.norm.endswith(form) else 0
    return doc.norm.raw_span(token.nstart + lead, token.nend)[0]


def _overlapping(tokens: Sequence[Token], spans: Sequence[DateMention]) -> set[int]:
    """The indexes of the tokens overlapping any span, by bisection (tokens are in order and never overlap)."""
    starts, ends = [t.start for t in tokens], [t.end for t in tokens]
    return {t.index for m in spans for t in tokens[bisect_right(ends, m.start) : bisect_left(starts, m.end)]}


def find_dates(doc: Document, *, words: DateWords, latest: dt.date | None = None) -> tuple[DateMention, ...]:
    """Every date mention in a segmented document, in text order.

    `latest`, for a document without a publication date, is the last day it can be from: days of a month named
    with their weekday and no year then resolve (see the module docstring). `words` are `Resources.dates`.
    """
    pub = doc.published.date() if isinstance(doc.published, dt.datetime) else doc.published
    mentions = _numeric(doc, words.hijri_era)
    tokens = doc.layer("tokens")
    blocked = _overlapping(tokens, mentions)
    parser = _Parser(doc, pub, blocked, words)
    hits: list[tuple[int, _Hit]] = []
    i = 0
    while i < len(tokens):
        doc.deadline.check()
        hit = parser.parse(i) if i not in blocked and parser.may_start(i) else None
        if hit is None:
            i += 1
            continue
        hits.append((i, hit))
        i = hit.next
    if pub is None and latest is not None:
        _by_weekday([hit for _, hit in hits], tokens, latest, words.year)
    for i, hit in hits:
        resolved = hit.date is not None
        mentions.append(DateMention(_raw_start(doc, tokens[i], parser.forms[i], words.first_words),
                                    mark_end(doc.text, tokens[hit.next - 1].end), date=hit.date,
                                    precision=hit.precision if resolved else None, kind=hit.kind,
                                    part_of_day=hit.part))
    starts = [t.start for t in tokens]
    mentions = [replace(m, bound=True) if bounds(doc, starts, parser.forms, m.start, m.kind, words) else m
                for m in mentions]
    return tuple(sorted(mentions, key=lambda m: m.start))


def _by_weekday(hits: Sequence[_Hit], tokens: Sequence[Token], latest: dt.date, year: re.Pattern[str]) -> None:
    """Date the days of months written with their weekday and no year, in a text without a publication date."""
    named = [hit for hit in hits if hit.date is None and hit.yearless and hit.weekday is not None]
    if not named:
        return
    # The years the text names anywhere (numeric dates included) pick among the years a weekday fits.
    years = {int(m.group(1)) for t in tokens if (m := year.fullmatch(t.norm))}
    found = weekday_years([(*hit.yearless, hit.weekday) for hit in named if hit.yearless and hit.weekday is not None],
                          latest, years)
    for hit, day in zip(named, found, strict=True):
        hit.date = day


def resolve_sentence_date(doc: Document, start: int, end: int) -> DateMention | None:
    """The date mention that governs the span `start:end`: the nearest one inside it or before it in its sentence.

    A mention inside the span wins (the first one); otherwise the closest one ending before the span. The
    document must have its `dates` layer (the `dates` stage adds it).
    """
    if not doc.has("dates"):
        raise PipelineError("E004", "resolve_sentence_date reads the `dates` layer; run the `dates` stage first")
    sentence = doc.at("sentences", start)
    low, high = (sentence.start, sentence.end) if sentence else (0, len(doc.text))
    inside: list[DateMention] = [m for m in doc.within("dates", start, high) if m.start < end]
    if inside:
        return min(inside, key=lambda m: m.start)
    before: list[DateMention] = list(doc.within("dates", low, start))
    return max(before, key=lambda m: m.end) if before else None


@stage("dates", requires=("tokens", "sentences"), adds=("dates",))
def dates(doc: Document, resources: Resources) -> Document:
    """Add the `dates` layer."""
    return doc.with_layers(dates=find_dates(doc, words=resources.dates))
