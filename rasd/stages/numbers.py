"""Find counted quantities and the nouns they count (CODEBOOK §6).

A quantity is a number in digits of any script (`1,200`, `٣`), a number phrase (`خمسة وعشرون`، `ثلاثمئة`، `ثلاثة
آلاف`), a vague quantifier with its conventional value (`عشرات` 12, `مئات` 100, `عدد من`/`بضعة`/`عدة` 3), a dual
(`قتيلين` 2), a singular counted noun (`طفلة` 1), or a bare plural of the dead or wounded (`قتلى` 3) or of people
beside a cue (`مقتل مدنيين` 3); a singular naming again someone counted (`جثة القتيل`، `منزل المدني`) is not.
Ordinals and the numbers of dates, times and percentages are not counted. Each quantity is attached to the noun it
counts: the next noun, or an earlier one reached through `عدد`/`حصيلة` (`ارتفع عدد القتلى إلى 12`) or a cue (`مقتل 3`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import KW_ONLY, dataclass, field
from typing import TYPE_CHECKING

from rasd.document import Document, Token
from rasd.pipeline import stage
from rasd.stages.counted import CountWords, Noun
from rasd.stages.dates import find_dates, mark_end, word_forms

if TYPE_CHECKING:
    from rasd.resources import Resources

__all__ = ["CIVILIAN", "CUES", "FATES", "PEOPLE", "Quantity", "find_quantities", "quantities"]

PEOPLE = frozenset({"civilians", "children", "women", "persons", "members"})
CIVILIAN = frozenset({"civilians", "children", "women"})
FATES = ("killed", "injured")
CUES = ("cue", "cue1", "cue2")
_NUMBER = re.compile(r"[0-9]{1,18}")  # longer runs are no count (nor can int() read 4,300 digits)
_MOST = 1_000_000_000  # a larger number counts nothing an event did (and overflows PostgreSQL's integers)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A counted quantity: its value, whether it is vague, and the noun it counts (folded) with its category."""

    start: int
    end: int
    _: KW_ONLY
    value: int
    vague: bool = False
    noun: str | None = None
    category: str | None = None
    noun_start: int | None = None
    noun_end: int | None = None


def _covered(tokens: tuple[Token, ...], spans: list[tuple[int, int]]) -> set[int]:
    """Indices of the tokens that overlap any of the spans (tokens are in text order)."""
    # Token starts and ends never decrease along the text, so the overlapping tokens are one run.
    ends = [t.end for t in tokens]
    out: set[int] = set()
    for s, e in spans:
        i = bisect_right(ends, s)
        while i < len(tokens) and tokens[i].start < e:
            out.add(i)
            i += 1
    return out


@dataclass
class _Reader:
    """Read the quantities of one document, token by token."""

    doc: Document
    words: CountWords
    tokens: tuple[Token, ...] = field(init=False)
    forms: list[tuple[str, ...]] = field(init=False)
    used: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.tokens = self.doc.layer("tokens")
        # Dates and the page clutter around the body (likes, timestamps) hold numbers that count nothing.
        dates = self.doc.layer("dates") if self.doc.has("dates") else find_dates(self.doc, words=self.words.dates)
        spans = [(m.start, m.end) for m in dates]
        spans += [(s.start, s.end) for s in self.doc.layer("sentences") if not s.in_body]
        covered = _covered(self.tokens, spans)
        self.forms = []
        for i, token in enumerate(self.tokens):
            in_date = i in covered
            # A number after "الساعة" is a time of day.
            is_time = i > 0 and not self.words.hour.isdisjoint(self.forms[i - 1])
            digits = self.words.digits.fullmatch(token.norm)
            self.forms.append(() if in_date or (is_time and digits) else word_forms(token))
        self.nums = self.words.numbers

    def has(self, j: int, words: Collection[str]) -> bool:
        return 0 <= j < len(self.forms) and any(f in words for f in self.forms[j])

    def noun(self, j: int) -> Noun | None:
        return self.words.noun(self.forms[j]) if 0 <= j < len(self.forms) and j not in self.used else None

    def and_(self, j: int) -> bool:
        """Whether token `j` starts with the conjunction "و"."""
        return self.tokens[j].norm.startswith(self.words.and_)

    def word(self, j: int, *kinds: str) -> int | None:
        if not 0 <= j < len(self.forms):
            return None
        return next((self.nums[f][0] for f in self.forms[j] if self.nums.get(f, (0, ""))[1] in kinds), None)

    def gap(self, j: int) -> str:
        """The normalised text between token `j - 1` and token `j`."""
        return self.doc.norm.text[self.tokens[j - 1].nend : self.tokens[j].nstart]

    def digits(self, j: int) -> tuple[int, int] | None:
        """`(next token, value)` for digits, joining thousands groups (`1,200`); None for decimals and percents."""
        match = self.words.digits.fullmatch(self.tokens[j].norm) if self.forms[j] else None
        if match is None:
            return None
        n = len(self.tokens)
        decimal = self.words.decimal_signs
        if j + 1 < n and self.gap(j + 1) in decimal and _NUMBER.fullmatch(self.tokens[j + 1].norm):
            return None
        if j > 0 and self.gap(j) in (*decimal, "/") and _NUMBER.fullmatch(self.tokens[j - 1].norm):
            return None
        value, k = int(match.group(1)), j + 1
        while (len(match.group(1)) <= 3 and k < n and self.gap(k) in self.words.thousands_signs
               and len(self.tokens[k].norm) == 3 and _NUMBER.fullmatch(self.tokens[k].norm)):
            value, k = value * 1000 + int(self.tokens[k].norm), k + 1
        signs = self.words.percent_signs
        percent = self.gap(k).strip().startswith(signs) if k < n else self.doc.norm.text.rstrip().endswith("%")
        words = self.words
        if percent or self.has(k, words.percent) or (self.has(k, words.in_) and self.has(k + 1, words.per_hundred)):
            return None
        return k, value

    def atom(self, j: int) -> tuple[int, int] | None:
        """One number word or digits group, with its teen (`ثلاثة عشر`) or hundred (`ثلاث مئة`) completed."""
        if not 0 <= j < len(self.forms):
            return None
        found = self.digits(j)
        if found is not None:
            return found
        unit = self.word(j, "unit")
        if unit is not None:
            if self.word(j + 1, "ten") is not None and not self.and_(j + 1):
                return j + 2, unit + 10
            if self.has(j + 1, self.words.hundred):
                return j + 2, unit * 100
            return j + 1, unit
        whole = self.word(j, "ten", "tens", "hundreds")
        if whole is not None and not (self.word(j, "ten") and self.word(j - 1, "ordinal")):
            return j + 1, whole
        return None

    def may_count(self, i: int) -> bool:
        """Whether token `i` holds what every number phrase starts with: digits, a number word or `عدد`."""
        forms = self.forms[i]
        return bool(forms) and (any(f in self.nums or f in self.words.number_of for f in forms)
                                or bool(self.words.digits.fullmatch(self.tokens[i].norm)))

    def number(self, i: int) -> tuple[int, int, bool] | None:
        """`(next token, value, vague)` for the number phrase starting at token `i`."""
        vague = self.word(i, "vague")
        if vague is not None:
            return i + 1, vague, True
        few = self.word(i, "few")
        if few is not None:
            return (i + 2 if self.has(i + 1, self.words.of) else i + 1), few, True
        if self.has(i, self.words.number_of):
            k = i + 2 if self.has(i + 1, self.words.some) else i + 1
            return (k + 1, 3, True) if self.has(k, self.words.of) else None
        scale = self.word(i, "scale")
        if scale is not None:
            return i + 1, scale, self.tokens[i].norm.endswith(self.words.vague_scales)
        first = self.atom(i)
        if first is None:
            return None
        k, group, total = first[0], first[1], 0
        while k < len(self.tokens):
            scale = self.word(k, "scale")
            if scale is not None:
                total, group, k = total + max(group, 1) * scale, 0, k + 1
                continue
            more = self.atom(k) if self.and_(k) else None
            if more is None:
                break
            k, group = more[0], group + more[1]
        return k, total + group, False

    def counted_before(self, i: int) -> int | None:
        """The earlier noun a number counts: a cue next to it (`مقتل 3`) or a noun reached through `عدد`."""
        j, through_count = i - 1, False
        while j >= 0 and i - j <= 6:
            if any(f.startswith(self.words.count_prefixes) for f in self.forms[j]):
                through_count = True
            elif not self.has(j, self.words.fillers):
                break
            j -= 1
        noun = self.noun(j)
        if noun is None:
            return None
        near_count = j > 0 and any(f.startswith(self.words.count_prefixes) for f in self.forms[j - 1])
        return j if noun.form in CUES or through_count or near_count else None

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Raw offsets of tokens `first..last`, leaving out a conjunction or preposition on the first."""
        token = self.tokens[first]
        core = next((f for f in self.forms[first]
                     if self.words.noun((f,)) or f in self.nums or self.words.digits.fullmatch(f)),
                    token.norm)
        lead = len(token.norm) - len(core) if token.norm.endswith(core) else 0
        start = self.doc.norm.raw_span(token.nstart + lead, token.nend)[0]
        return start, mark_end(self.doc.text, self.tokens[last].end)

    def quantity(self, first: int, last: int, value: int, vague: bool, noun_at: int | None) -> Quantity:
        start, end = self.span(first, last)
        noun = self.noun(noun_at) if noun_at is not None else None
        if noun_at is None or noun is None:
            return Quantity(start, end, value=value, vague=vague)
        self.used.add(noun_at)
        n_start, n_end = self.span(noun_at, noun_at)
        return Quantity(start, end, value=value, vague=vague, noun=noun.word, category=noun.category,
                        noun_start=n_start, noun_end=n_end)

    def numbers(self) -> list[Quantity]:
        """Quantities written as numbers, vague quantifiers included, each with the noun it counts if any."""
        out: list[Quantity] = []
        i = 0
        while i < len(self.tokens):
            self.doc.deadline.check()
            found = self.number(i) if self.may_count(i) else None
            if found is None:
                i += 1
                continue
            k, value, vague = found
            if value > _MOST:
                i = k
                continue
            after = k + 1 if self.has(k, self.words.of) else k
            ahead = self.noun(after)
            if ahead is not None and ahead.form not in CUES:
                out.append(self.quantity(i, k - 1, value, vague, after))
                if vague:
                    out.extend(self.shared(after + 1, value))
                i = after + 1
                continue
            before = self.noun(i - 1)
            confirming = value <= 2 and k == i + 1 and before is not None and before.form not in CUES
            if not confirming:
                out.append(self.quantity(i, k - 1, value, vague, self.counted_before(i)))
            elif before is not None and before.form == "pl":
                # "مدنيين اثنين": the number after a plural counts it.
                out.append(self.quantity(i, k - 1, value, vague, i - 1))
            # Otherwise ("قتيلاً واحداً", "طفلين اثنين") the number confirms a noun that counts itself.
            i = k
        return out

    def names_person(self, j: int) -> bool:
        """Whether the dead or wounded singular `j` is followed by the person it is (جثة رجل، جثة القتيل)."""
        noun, after = self.noun(j), self.words.noun(self.forms[j + 1]) if j + 1 < len(self.forms) else None
        return (noun is not None and noun.category in FATES and after is not None and after.form == "sg"
                and (after.category in PEOPLE or after.category in FATES))

    def next_to_cue(self, j: int) -> bool:
        """Whether the people noun `j` stands right after a cue that is no generic noun (مقتل مدنيين، مقتل
        المدنيين), or without the article right before one (أطفال قتلوا)."""
        noun = self.noun(j)
        if noun is None or noun.category not in PEOPLE:
            return False
        sides = (j - 1, j + 1) if not noun.article else (j - 1,)
        near = [self.words.noun(self.forms[k]) for k in sides if 0 <= k < len(self.forms)]
        return any(n is not None and n.form in CUES and not n.article for n in near)

    def kin(self, j: int, last: Quantity) -> Quantity | None:
        """`مقتل رجل وزوجته`، `استشهاد امرأة وابنيها`: a kinship noun with a pronoun, joined by "و" right after a cue
        and a person counted alone, is one more person (two for a dual). Without the pronoun (`والد الشاب`) it names
        someone again; without the cue before (`شاب ووالده ضحايا هجوم`) the two may have met different fates."""
        found = self.words.kin_count(self.forms[j]) if self.and_(j) and j not in self.used else None
        if found is None or last.category not in PEOPLE or last.vague or last.noun_start is None:
            return None
        cue = self.words.noun(self.forms[j - 2]) if j >= 2 else None
        if cue is None or cue.form not in CUES:
            return None
        if last.noun_start != self.span(j - 1, j - 1)[0]:
            return None
        start, end = self.span(j, j)
        start += self.doc.text.startswith(self.words.and_, start)  # the conjunction is no part of the noun
        self.used.add(j)
        return Quantity(start, end, value=found[2], noun=found[0], category=found[1], noun_start=start, noun_end=end)

    def listed(self, j: int) -> int:
        """How many quoted names follow the plural `j` (`استشهاد المدنيين "خالد العلي، وسامر الأحمد"`): 0 for none."""
        match = self.words.name_list.match(self.doc.text, self.tokens[j].end)
        if match is None:
            return 0
        names = [part for chunk in self.words.quoted.findall(match.group(1))
                 for part in self.words.name_separators.split(chunk)]
        return sum(1 for name in names if name.strip())

    def shared(self, j: int, value: int) -> list[Quantity]:
        """`عدد من القتلى والجرحى`: a vague quantifier also counts the next coordinated dead or wounded."""
        noun = self.noun(j)
        if noun is None or noun.category not in FATES or not self.and_(j):
            return []
        return [self.quantity(j, j, value, True, j)]

    def bare(self) -> list[Quantity]:
        """Quantities that are nouns alone: singulars (1), duals (2), plurals of people or of the dead (3)."""
        out: list[Quantity] = []
        named: set[str] = set()  # the singular people already counted, by their noun
        counted_by_number = sorted(self.used, reverse=True)
        for j in range(len(self.tokens)):
            while counted_by_number and counted_by_number[-1] < j:
                earlier = self.words.noun(self.forms[counted_by_number.pop()])
                named.update([earlier.word] if earlier is not None else [])
            noun = self.noun(j)
            kin = self.kin(j, out[-1]) if noun is None and out else None
            if kin is not None:
                out.append(kin)
            if noun is None or noun.form in CUES:
                continue
            found = self.plural(j, noun) if noun.form == "pl" else self.singular(j, noun, named)
            out.extend([found] if found is not None else [])
        return out

    def plural(self, j: int, noun: Noun) -> Quantity | None:
        """`قتلى`, and people in the plural (`مقتل مدنيين`): vague, 3 when nothing else is counted."""
        before = self.forms[j - 1] if j > 0 else ()
        negated = any(f in self.words.negation for f in (*before, *(self.forms[j - 2] if j > 1 else ())))
        counted = any(f.startswith(self.words.count_prefixes) for f in before)
        if (noun.category in FATES or self.next_to_cue(j)) and not negated and not counted:
            names = self.listed(j)
            return self.quantity(j, j, names or 3, not names, j)
        return None

    def singular(self, j: int, noun: Noun, named: set[str]) -> Quantity | None:
        """A singular (1) or a dual (2), unless it names again someone or something counted; adds it to `named`."""
        article = self.words.article
        before = self.forms[j - 1] if j > 0 else ()
        # "الدفاع المدني": a singular with the article after another word with it is an adjective;
        # "الغارة", "المنزل" name again a strike or a target already counted.
        adjective = (any(f.startswith(article) for f in before) and not self.words.noun(before)
                     and not self.and_(j))
        # "القتيل"، "الجثة": the dead named again. "جثة رجل": the man is the one counted.
        # "استشهاد مدني ... منزل المدني": the person named again.
        again = noun.category in ("targets", "strikes", *FATES) or noun.word.removeprefix(article) in named
        if noun.form == "sg" and ((noun.article and (adjective or again)) or self.names_person(j)):
            return None
        named.add(noun.word.removeprefix(article))
        return self.quantity(j, j, 2 if noun.form == "du" else 1, False, j)


def find_quantities(doc: Document, *, words: CountWords) -> tuple[Quantity, ...]:
    """Every counted quantity in a segmented document, in text order, read with `words` (`Resources.counting`)."""
    reader = _Reader(doc, words)
    found = reader.numbers()
    found += reader.bare()
    return tuple(sorted(found, key=lambda q: q.start))


@stage("quantities", requires=("tokens", "sentences"), adds=("quantities",))
def quantities(doc: Document, resources: Resources) -> Document:
    """Add the `quantities` layer."""
    return doc.with_layers(quantities=find_quantities(doc, words=resources.counting))
