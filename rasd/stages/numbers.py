"""Find counted quantities and the nouns they count, and sum casualties over a span (CODEBOOK §6).

A quantity is a number in digits of any script (`1,200`, `٣`), a number phrase (`خمسة وعشرون`، `ثلاثمئة`، `ثلاثة
آلاف`), a vague quantifier with its conventional value (`عشرات` 12, `مئات` 100, `عدد من`/`بضعة`/`عدة` 3), a dual
(`قتيلين` 2), a singular counted noun (`طفلة` 1) or a bare plural of the dead or wounded (`قتلى` 3). Ordinals and
the numbers of dates, times and percentages are not counted. Each quantity is attached to the noun it counts: the
next noun, or an earlier one reached through `عدد`/`حصيلة` (`ارتفع عدد القتلى إلى 12`) or a cue (`مقتل 3`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import KW_ONLY, dataclass, field
from functools import cache, lru_cache

from rasd.document import Document, Token
from rasd.normalize import fold
from rasd.pipeline import stage
from rasd.stages.dates import find_dates, lexicon_rows, mark_end, number_words, word_forms

__all__ = ["Casualties", "Quantity", "casualties", "find_quantities", "quantities"]

PEOPLE = frozenset({"civilians", "children", "women", "persons", "members"})
CIVILIAN = frozenset({"civilians", "children", "women"})
_FATES = ("killed", "injured")
_CUES = ("cue", "cue1")
_DIGITS = re.compile(r"[وفبل]?([0-9]+)")
_NUMBER = re.compile(r"[0-9]+")
# Words that may stand between a number and an earlier noun or cue it counts ("مقتل ما لا يقل عن 5").
_FILLERS = frozenset({"نحو", "حوالي", "قرابه", "اكثر", "اقل", "من", "ما", "لا", "يقل", "عن", "يزيد", "يقارب",
                      "الي", "بلغ", "بلغت", "وصل", "وصلت", "ارتفع", "ارتفعت", "الاقل", "علي"})
_COUNT = ("عدد", "حصيل")
_SUBGROUP = frozenset({"بينهم", "بينهن", "بينها", "منهم", "منهن", "منها"})
_NEGATION = frozenset({"دون", "بدون", "دونما", "لا", "عدم", "بلا"})
_HUNDRED = frozenset({fold("مئة"), fold("مائة")})
# "50 بالمئة", "50 في المئة": a percentage, not a count.
_PERCENT = frozenset({fold("بالمئة"), fold("بالمائة")})
_PER_HUNDRED = frozenset({fold("المئة"), fold("المائة")})
_SOME = frozenset({"كبير", "قليل", "محدود"})


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


@dataclass(frozen=True, slots=True)
class Casualties:
    """What a span reports of the dead, the civilian dead, the wounded and the targets hit (None: not said)."""

    fatalities: int | None
    _: KW_ONLY
    civilian_fatalities: int | None = None
    injuries: int | None = None
    targets: int | None = None


@dataclass(frozen=True, slots=True)
class _Noun:
    word: str
    category: str
    form: str
    article: bool


@cache
def _nouns() -> dict[str, tuple[str, str]]:
    """Folded noun -> (category, form), with the duals and accusative singulars generated from the singulars."""
    rows = lexicon_rows("counted_nouns.tsv", 3)
    table = {word: (category, form) for word, category, form in rows}
    for word, category, form in rows:
        if form != "sg":
            continue
        stem = word[:-1] + "ت" if word.endswith("ه") else word
        for dual in (stem + "ين", stem + "ان"):
            table.setdefault(dual, (category, "du"))
        if not word.endswith("ه"):
            table.setdefault(word + "ا", (category, "sg"))
    return table


@lru_cache(maxsize=100_000)
def _noun(forms: tuple[str, ...]) -> _Noun | None:
    """The counted noun a token holds, looking through the article and a possessive suffix (`عناصرها`)."""
    table = _nouns()
    for form in forms:
        article = form.startswith("ال") and len(form) > 4
        bare = form[2:] if article else form
        suffixless = [bare[: -len(s)] for s in ("ها", "هم", "ه") if bare.endswith(s) and len(bare) - len(s) >= 3]
        for word in (form, bare, *suffixless):
            if word in table:
                return _Noun(word, *table[word], article)
    return None


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
    tokens: tuple[Token, ...] = field(init=False)
    forms: list[tuple[str, ...]] = field(init=False)
    used: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.tokens = self.doc.layer("tokens")
        # Dates and the page clutter around the body (likes, timestamps) hold numbers that count nothing.
        dates = self.doc.layer("dates") if self.doc.has("dates") else find_dates(self.doc)
        spans = [(m.start, m.end) for m in dates]
        spans += [(s.start, s.end) for s in self.doc.layer("sentences") if not s.in_body]
        covered = _covered(self.tokens, spans)
        self.forms = []
        for i, token in enumerate(self.tokens):
            in_date = i in covered
            # A number after "الساعة" is a time of day.
            is_time = i > 0 and "الساعه" in self.forms[i - 1]
            self.forms.append(() if in_date or (is_time and _DIGITS.fullmatch(token.norm)) else word_forms(token))
        self.nums = number_words()

    def has(self, j: int, *words: str) -> bool:
        return 0 <= j < len(self.forms) and any(f in words for f in self.forms[j])

    def noun(self, j: int) -> _Noun | None:
        return _noun(self.forms[j]) if 0 <= j < len(self.forms) and j not in self.used else None

    def word(self, j: int, *kinds: str) -> int | None:
        if not 0 <= j < len(self.forms):
            return None
        return next((self.nums[f][0] for f in self.forms[j] if self.nums.get(f, (0, ""))[1] in kinds), None)

    def gap(self, j: int) -> str:
        """The normalised text between token `j - 1` and token `j`."""
        return self.doc.norm.text[self.tokens[j - 1].nend : self.tokens[j].nstart]

    def digits(self, j: int) -> tuple[int, int] | None:
        """`(next token, value)` for digits, joining thousands groups (`1,200`); None for decimals and percents."""
        match = _DIGITS.fullmatch(self.tokens[j].norm) if self.forms[j] else None
        if match is None:
            return None
        n = len(self.tokens)
        if j + 1 < n and self.gap(j + 1) in (".", "٫") and _NUMBER.fullmatch(self.tokens[j + 1].norm):
            return None
        if j > 0 and self.gap(j) in (".", "٫", "/") and _NUMBER.fullmatch(self.tokens[j - 1].norm):
            return None
        value, k = int(match.group(1)), j + 1
        while (len(match.group(1)) <= 3 and k < n and self.gap(k) in (",", "٬") and len(self.tokens[k].norm) == 3
               and _NUMBER.fullmatch(self.tokens[k].norm)):
            value, k = value * 1000 + int(self.tokens[k].norm), k + 1
        percent = self.gap(k).strip().startswith(("%", "٪")) if k < n else self.doc.norm.text.rstrip().endswith("%")
        if percent or self.has(k, *_PERCENT) or (self.has(k, "في") and self.has(k + 1, *_PER_HUNDRED)):
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
            if self.word(j + 1, "ten") is not None and not self.tokens[j + 1].norm.startswith("و"):
                return j + 2, unit + 10
            if self.has(j + 1, *_HUNDRED):
                return j + 2, unit * 100
            return j + 1, unit
        whole = self.word(j, "ten", "tens", "hundreds")
        if whole is not None and not (self.word(j, "ten") and self.word(j - 1, "ordinal")):
            return j + 1, whole
        return None

    def may_count(self, i: int) -> bool:
        """Whether token `i` holds what every number phrase starts with: digits, a number word or `عدد`."""
        forms = self.forms[i]
        return bool(forms) and (any(f in self.nums or f == "عدد" for f in forms)
                                or bool(_DIGITS.fullmatch(self.tokens[i].norm)))

    def number(self, i: int) -> tuple[int, int, bool] | None:
        """`(next token, value, vague)` for the number phrase starting at token `i`."""
        vague = self.word(i, "vague")
        if vague is not None:
            return i + 1, vague, True
        few = self.word(i, "few")
        if few is not None:
            return (i + 2 if self.has(i + 1, "من") else i + 1), few, True
        if self.has(i, "عدد"):
            k = i + 2 if self.has(i + 1, *_SOME) else i + 1
            return (k + 1, 3, True) if self.has(k, "من") else None
        scale = self.word(i, "scale")
        if scale is not None:
            return i + 1, scale, self.tokens[i].norm.endswith(("الاف", "ملايين"))
        first = self.atom(i)
        if first is None:
            return None
        k, group, total = first[0], first[1], 0
        while k < len(self.tokens):
            scale = self.word(k, "scale")
            if scale is not None:
                total, group, k = total + max(group, 1) * scale, 0, k + 1
                continue
            more = self.atom(k) if self.tokens[k].norm.startswith("و") else None
            if more is None:
                break
            k, group = more[0], group + more[1]
        return k, total + group, False

    def counted_before(self, i: int) -> int | None:
        """The earlier noun a number counts: a cue next to it (`مقتل 3`) or a noun reached through `عدد`."""
        j, through_count = i - 1, False
        while j >= 0 and i - j <= 6:
            if any(f.startswith(_COUNT) for f in self.forms[j]):
                through_count = True
            elif not any(f in _FILLERS for f in self.forms[j]):
                break
            j -= 1
        noun = self.noun(j)
        if noun is None:
            return None
        near_count = j > 0 and any(f.startswith(_COUNT) for f in self.forms[j - 1])
        return j if noun.form in _CUES or through_count or near_count else None

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Raw offsets of tokens `first..last`, leaving out a conjunction or preposition on the first."""
        token = self.tokens[first]
        core = next((f for f in self.forms[first] if _noun((f,)) or f in self.nums or _DIGITS.fullmatch(f)),
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
            found = self.number(i) if self.may_count(i) else None
            if found is None:
                i += 1
                continue
            k, value, vague = found
            after = k + 1 if self.has(k, "من") else k
            ahead = self.noun(after)
            if ahead is not None and ahead.form not in _CUES:
                out.append(self.quantity(i, k - 1, value, vague, after))
                if vague:
                    out.extend(self.shared(after + 1, value))
                i = after + 1
                continue
            before = self.noun(i - 1)
            confirming = value <= 2 and k == i + 1 and before is not None and before.form not in _CUES
            if not confirming:
                out.append(self.quantity(i, k - 1, value, vague, self.counted_before(i)))
            elif before is not None and before.form == "pl":
                # "مدنيين اثنين": the number after a plural counts it.
                out.append(self.quantity(i, k - 1, value, vague, i - 1))
            # Otherwise ("قتيلاً واحداً", "طفلين اثنين") the number confirms a noun that counts itself.
            i = k
        return out

    def shared(self, j: int, value: int) -> list[Quantity]:
        """`عدد من القتلى والجرحى`: a vague quantifier also counts the next coordinated dead or wounded."""
        noun = self.noun(j)
        if noun is None or noun.category not in _FATES or not self.tokens[j].norm.startswith("و"):
            return []
        return [self.quantity(j, j, value, True, j)]

    def bare(self) -> list[Quantity]:
        """Quantities that are nouns alone: singulars (1), duals (2), plurals of the dead or wounded (3)."""
        out = []
        for j in range(len(self.tokens)):
            noun = self.noun(j)
            if noun is None or noun.form in _CUES:
                continue
            before = self.forms[j - 1] if j > 0 else ()
            if noun.form == "pl":
                negated = any(f in _NEGATION for f in (*before, *(self.forms[j - 2] if j > 1 else ())))
                counted = any(f.startswith(_COUNT) for f in before)
                if noun.category in _FATES and not negated and not counted:
                    out.append(self.quantity(j, j, 3, True, j))
                continue
            # "الدفاع المدني": a singular with the article after another word with it is an adjective;
            # "الغارة", "المنزل" name again a strike or a target already counted.
            adjective = any(f.startswith("ال") for f in before) and not _noun(before)
            if noun.form == "sg" and noun.article and (adjective or noun.category in ("targets", "strikes")):
                continue
            out.append(self.quantity(j, j, 2 if noun.form == "du" else 1, False, j))
        return out


def find_quantities(doc: Document) -> tuple[Quantity, ...]:
    """Every counted quantity in a segmented document, in text order."""
    reader = _Reader(doc)
    found = reader.numbers()
    found += reader.bare()
    return tuple(sorted(found, key=lambda q: q.start))


def _fates(doc: Document, start: int, end: int) -> list[tuple[int, str, bool]]:
    """`(raw offset, killed|injured, says one)` of every cue or dead/wounded noun in the span."""
    out = []
    tokens = doc.layer("tokens")
    for token in doc.within("tokens", start, end):
        noun = _noun(word_forms(token))
        if noun is not None and noun.category in _FATES:
            one = noun.form == "cue1" or (noun.form == "cue" and _one_named(tokens, token.index))
            out.append((token.start, noun.category, one))
    return out


def _one_named(tokens: tuple[Token, ...], i: int) -> bool:
    """Whether a cue is followed by one named person (مقتل الشاب، استشهاد الإعلامي): a definite singular."""
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    plural = nxt.norm.endswith(("ين", "ون", "ات", "ان")) or _noun(word_forms(nxt)) is not None
    return nxt.article and not plural and not _DIGITS.fullmatch(nxt.norm)


def _subgroups(doc: Document, found: list[Quantity]) -> set[int]:
    """Indices of quantities that name a part of an earlier group (`بينهم طفلان`), with those coordinated after."""
    tokens = doc.layer("tokens")
    out: set[int] = set()
    for n, q in enumerate(found):
        token = doc.at("tokens", q.start)
        if token is None:
            continue
        at = token.index
        marker = any(f in _SUBGROUP for t in tokens[max(0, at - 2) : at] for f in word_forms(t))
        coordinated = n - 1 in out and tokens[at].norm.startswith("و") and q.start - found[n - 1].end < 12
        if marker or coordinated:
            out.add(n)
    return out


def _is_total(doc: Document, q: Quantity) -> bool:
    """Whether a number counts an earlier noun through `عدد`/`حصيلة` (`ارتفع عدد القتلى إلى 12`): a running total."""
    if q.noun_start is None or q.noun_start > q.start:
        return False
    return any(word in fold(doc.text[max(0, q.noun_start - 12) : q.start]) for word in _COUNT)


def casualties(doc: Document, start: int, end: int) -> Casualties:
    """Sum the dead, civilian dead, wounded and targets that the span `start:end` reports (CODEBOOK §6).

    People are dead or wounded by their noun (`قتلى`) or by the nearest earlier cue (`استشهاد طفلة وامرأة`: 2);
    a part of a group (`بينهم طفلان`) adds no deaths but tells that civilians died; a total reached through
    `عدد`/`حصيلة` is taken over the parts it sums. Fallbacks, used only when nothing is counted: a bare plural
    (`قتلى`) is 3, a cue naming one person (`لقي حتفه`) is 1, and "خسائر بشرية" without deaths is 0.
    """
    if not doc.has("quantities"):
        doc = doc.with_layers(quantities=find_quantities(doc))
    found = doc.within("quantities", start, end)
    fates = _fates(doc, start, end)
    parts = _subgroups(doc, found)
    sums = {"killed": 0, "injured": 0, "civilians": 0, "part_civilians": 0, "total": 0, "targets": 0}
    seen: set[str] = set()
    for n, q in enumerate(found):
        fate = q.category if q.category in _FATES else None
        if q.category in PEOPLE:
            earlier = [f for at, f, _ in fates if at < q.start]
            fate = earlier[-1] if earlier else next((f for at, f, _ in fates if 0 < at - q.end < 20), None)
        if q.category == "targets" and n not in parts:
            sums["targets"] += q.value
            seen.add("targets")
        if fate is None or (q.vague and q.noun_start == q.start):
            continue
        seen.add(fate)
        civilian = q.category in CIVILIAN
        if n in parts:
            sums["part_civilians"] += q.value if civilian and fate == "killed" else 0
        elif fate == "killed" and _is_total(doc, q):
            sums["total"] = max(sums["total"], q.value)
        else:
            sums[fate] += q.value
            sums["civilians"] += q.value if civilian and fate == "killed" else 0
    counts: dict[str, int | None] = {}
    for fate in _FATES:
        bare = any(q.category == fate and q.vague and q.noun_start == q.start for q in found)
        one = any(f == fate and says_one for _, f, says_one in fates)
        counts[fate] = sums[fate] if fate in seen else 3 if bare else 1 if one else None
    if "killed" in seen:
        counts["killed"] = max(sums["killed"], sums["total"])
    elif counts["killed"] is None and fold("خسائر بشرية") in fold(doc.text[start:end]):
        counts["killed"] = 0
    return Casualties(counts["killed"], civilian_fatalities=sums["civilians"] or sums["part_civilians"] or None,
                      injuries=counts["injured"], targets=sums["targets"] if "targets" in seen else None)


@stage("quantities", requires=("tokens", "sentences"), adds=("quantities",))
def quantities(doc: Document, resources: object) -> Document:
    """Add the `quantities` layer."""
    return doc.with_layers(quantities=find_quantities(doc))
