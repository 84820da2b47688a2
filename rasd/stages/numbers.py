"""Find counted quantities and the nouns they count, and sum casualties over a span (CODEBOOK §6).

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
_SUBGROUP = frozenset({"بينهم", "بينهن", "بينها", "منهم", "منهن", "منها", "هم", "هن"})
_NEGATION = frozenset({"دون", "بدون", "دونما", "لا", "عدم", "بلا"})
_HUNDRED = frozenset({fold("مئة"), fold("مائة")})
# "50 بالمئة", "50 في المئة": a percentage, not a count.
_PERCENT = frozenset({fold("بالمئة"), fold("بالمائة")})
_PER_HUNDRED = frozenset({fold("المئة"), fold("المائة")})
_SOME = frozenset({"كبير", "قليل", "محدود"})
# Words before a cue that say the deaths did not happen or were only tried ("لم يسفر عن مقتل"، "محاولة قتل").
_UNSAID = _NEGATION | frozenset({"لم", "لن", "محاوله", "نجا", "نجاه", "ينفي", "نفي", "نفت"})
# The cues (nouns of an event) that a person's name may follow; after a verb a name is its subject (قتلت قسد).
_NAMING = frozenset(fold(w) for w in ("مقتل", "استشهاد", "ارتقاء", "مصرع", "وفاة"))
# A sentence that counts over a period ("منذ بداية العام"، "خلال الأشهر"، "يرتفع إلى 124 تعداد القتلى") sums many
# strikes: its numbers are no one event's.
_PERIOD = re.compile(r"(?<!\S)(?:منذ (?:بدايه|مطلع|بدء|اندلاع|انطلاق|عام|العام|شهر|الشهر|اشهر|سنوات|سنه|[0-9]{4})"
                     r"|خلال (?:العام|عام|الاشهر|اشهر|الشهر|السنوات|الاسابيع|النصف|السنه)|تعداد|احصاييه)(?!\S)")
# Between a cue and the people after it, another fate ends its reach ("قتل أحد الوجهاء واعتقل شقيقه").
_OTHER_FATE = re.compile(r"اعتقل|تعتقل|اعتقال|خطف|اختطاف|اسعاف|انقاذ|نجا")
# Quoted names right after a plural of people, one quote around all or one around each (`"خالد"، و"سامر"`).
_QUOTED = re.compile(r'["“”«»]([^"“”«»\n]+)["“”«»]')
_NAME_LIST = re.compile(r'[ \t]*(?:[:،,][ \t]*)?(?:و?(?:هم|هما)[ \t]*:?[ \t]*)?'
                        r'((?:["“”«»][^"“”«»\n]{2,80}["“”«»][ \t]*(?:[،,][ \t]*)?(?:و[ \t]*)?)+)')
_BREAK = re.compile(r"[،,.؛;:!؟?()\n]")
_PROCLITICS = ("و", "ب", "ل", "ف", "ك")
# Words that follow a cue without naming a person: prepositions, times, quantifiers, whole families.
_NOT_NAMES = frozenset(fold(w) for w in (
    "في", "على", "عن", "من", "إلى", "الى", "مع", "خلال", "جراء", "إثر", "اثر", "أثناء", "اثناء", "تحت", "بعد",
    "قبل", "منذ", "عند", "لدى", "قرب", "داخل", "وسط", "نتيجة", "بسبب", "عقب", "حيث", "أمس", "اليوم", "يوم",
    "الليلة", "صباح", "مساء", "فجر", "ليل", "ظهر", "عصر", "جميع", "كل", "بعض", "معظم", "غالبية", "أغلب",
    "أكثر", "نحو", "حوالي", "قرابة", "ما", "هذا", "هذه", "ذلك", "تلك", "التي", "الذي", "الذين", "أيضا", "أيضاً",
    "عائلة", "أسرة", "عوائل", "عائلات", "العشرات", "المئات", "العديد", "الكثير", "المزيد", "آخر", "أخرى", "نفسه",
    "طاقم", "ركاب", "سكان", "أهالي", "عمال", "طلاب", "تلاميذ", "الحياة", "عمدا", "عمداً", "هناك", "أيضًا",
))


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
    # The dead are only a conventional value (`قتلى` 3, `عشرات` 12) or a bare cue (1), no figure the text gives.
    vague: bool = field(default=False, compare=False)


@dataclass(frozen=True, slots=True)
class _Noun:
    word: str
    category: str
    form: str
    article: bool


@cache
def _nouns() -> dict[str, tuple[str, str]]:
    """Folded noun -> (category, form), with the duals and accusative singulars generated from the singulars."""
    rows = tuple(row for row in lexicon_rows("counted_nouns.tsv", 3) if row[2] != "kin")
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


@cache
def _kin() -> dict[str, str]:
    """Folded kinship noun as written before a pronoun (`زوجة` -> `زوجت`) -> category, from counted_nouns.tsv."""
    rows = lexicon_rows("counted_nouns.tsv", 3)
    kin = [(word, category) for word, category, form in rows if form == "kin"]
    return {(word[:-1] + "ت" if word.endswith("ه") else word): category for word, category in kin}


def _kin_count(forms: tuple[str, ...]) -> tuple[str, str, int] | None:
    """`(noun, category, how many)` for a kinship noun with a pronoun (`ابنها` 1, `ابنيه` 2), else None."""
    table = _kin()
    for form in forms:
        for suffix in ("هما", "هم", "ها", "ه"):
            stem = form[: -len(suffix)]
            if not form.endswith(suffix) or len(stem) < 2:
                continue
            if stem in table:
                return stem, table[stem], 1
            if stem.endswith("ي") and stem[:-1] in table:
                return stem[:-1], table[stem[:-1]], 2
    return None


@lru_cache(maxsize=100_000)
def _noun(forms: tuple[str, ...]) -> _Noun | None:
    """The counted noun a token holds, looking through the article and a possessive suffix (`عناصرها`)."""
    table = _nouns()
    for form in forms:
        article = form.startswith("ال") and len(form) > 4
        bare = form[2:] if article else form
        # A folded final ه is also a ة: "مدنية" (of a car) is no "مدني" with a pronoun.
        suffixless = [bare[: -len(s)] for s in ("ها", "هم", "ه")
                      if bare.endswith(s) and len(bare) - len(s) >= 3 and not (s == "ه" and bare.endswith("يه"))]
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

    def names_person(self, j: int) -> bool:
        """Whether the dead or wounded singular `j` is followed by the person it is (جثة رجل، جثة القتيل)."""
        noun, after = self.noun(j), _noun(self.forms[j + 1]) if j + 1 < len(self.forms) else None
        return (noun is not None and noun.category in _FATES and after is not None and after.form == "sg"
                and (after.category in PEOPLE or after.category in _FATES))

    def next_to_cue(self, j: int) -> bool:
        """Whether the people noun `j` stands right after a cue that is no generic noun (مقتل مدنيين، مقتل
        المدنيين), or without the article right before one (أطفال قتلوا)."""
        noun = self.noun(j)
        if noun is None or noun.category not in PEOPLE:
            return False
        sides = (j - 1, j + 1) if not noun.article else (j - 1,)
        near = [_noun(self.forms[k]) for k in sides if 0 <= k < len(self.forms)]
        return any(n is not None and n.form in _CUES and not n.article for n in near)

    def kin(self, j: int, last: Quantity) -> Quantity | None:
        """`مقتل رجل وزوجته`، `استشهاد امرأة وابنيها`: a kinship noun with a pronoun, joined by "و" right after a cue
        and a person counted alone, is one more person (two for a dual). Without the pronoun (`والد الشاب`) it names
        someone again; without the cue before (`شاب ووالده ضحايا هجوم`) the two may have met different fates."""
        found = _kin_count(self.forms[j]) if self.tokens[j].norm.startswith("و") and j not in self.used else None
        if found is None or last.category not in PEOPLE or last.vague or last.noun_start is None:
            return None
        cue = _noun(self.forms[j - 2]) if j >= 2 else None
        if cue is None or cue.form not in _CUES:
            return None
        if last.noun_start != self.span(j - 1, j - 1)[0]:
            return None
        start, end = self.span(j, j)
        start += self.doc.text.startswith("و", start)  # the conjunction is no part of the noun
        self.used.add(j)
        return Quantity(start, end, value=found[2], noun=found[0], category=found[1], noun_start=start, noun_end=end)

    def listed(self, j: int) -> int:
        """How many quoted names follow the plural `j` (`استشهاد المدنيين "خالد العلي، وسامر الأحمد"`): 0 for none."""
        match = _NAME_LIST.match(self.doc.text, self.tokens[j].end)
        if match is None:
            return 0
        names = [part for chunk in _QUOTED.findall(match.group(1)) for part in re.split(r"[،,]", chunk)]
        return sum(1 for name in names if name.strip())

    def shared(self, j: int, value: int) -> list[Quantity]:
        """`عدد من القتلى والجرحى`: a vague quantifier also counts the next coordinated dead or wounded."""
        noun = self.noun(j)
        if noun is None or noun.category not in _FATES or not self.tokens[j].norm.startswith("و"):
            return []
        return [self.quantity(j, j, value, True, j)]

    def bare(self) -> list[Quantity]:
        """Quantities that are nouns alone: singulars (1), duals (2), plurals of people or of the dead (3)."""
        out: list[Quantity] = []
        named: set[str] = set()  # the singular people already counted, by their noun
        counted_by_number = sorted(self.used)
        for j in range(len(self.tokens)):
            while counted_by_number and counted_by_number[0] < j:
                earlier = _noun(self.forms[counted_by_number.pop(0)])
                named.update([earlier.word] if earlier is not None else [])
            noun = self.noun(j)
            kin = self.kin(j, out[-1]) if noun is None and out else None
            if kin is not None:
                out.append(kin)
            if noun is None or noun.form in _CUES:
                continue
            before = self.forms[j - 1] if j > 0 else ()
            if noun.form == "pl":
                negated = any(f in _NEGATION for f in (*before, *(self.forms[j - 2] if j > 1 else ())))
                counted = any(f.startswith(_COUNT) for f in before)
                # "قتلى", and people in the plural ("مقتل مدنيين"): vague, 3 when nothing else is counted.
                if (noun.category in _FATES or self.next_to_cue(j)) and not negated and not counted:
                    names = self.listed(j)
                    out.append(self.quantity(j, j, names or 3, not names, j))
                continue
            # "الدفاع المدني": a singular with the article after another word with it is an adjective;
            # "الغارة", "المنزل" name again a strike or a target already counted.
            adjective = (any(f.startswith("ال") for f in before) and not _noun(before)
                         and not self.tokens[j].norm.startswith("و"))
            # "القتيل"، "الجثة": the dead named again. "جثة رجل": the man is the one counted.
            # "استشهاد مدني ... منزل المدني": the person named again.
            again = noun.category in ("targets", "strikes", *_FATES) or noun.word.removeprefix("ال") in named
            if noun.form == "sg" and ((noun.article and (adjective or again)) or self.names_person(j)):
                continue
            named.add(noun.word.removeprefix("ال"))
            out.append(self.quantity(j, j, 2 if noun.form == "du" else 1, False, j))
        return out


def find_quantities(doc: Document) -> tuple[Quantity, ...]:
    """Every counted quantity in a segmented document, in text order."""
    reader = _Reader(doc)
    found = reader.numbers()
    found += reader.bare()
    return tuple(sorted(found, key=lambda q: q.start))


@dataclass(frozen=True, slots=True)
class _Fate:
    """A cue or a dead/wounded noun: where it is, what it says happened, and what it says alone."""

    start: int
    end: int
    fate: str
    _: KW_ONLY
    one: bool = False
    named: bool = False
    cue: bool = False
    negated: bool = False
    then: str | None = None


def _fates(doc: Document, start: int, end: int) -> list[_Fate]:
    """Every cue or dead/wounded noun in the span, in text order."""
    out = []
    tokens = doc.layer("tokens")
    for token in doc.within("tokens", start, end):
        noun = _noun(word_forms(token))
        if noun is None or noun.category not in _FATES or _over_a_period(doc, token.start):
            continue
        i = token.index
        cue = noun.form in _CUES
        named = noun.word in _NAMING and _named(doc, tokens, i)
        one = noun.form == "cue1" or (noun.form == "cue" and (named or _one_named(tokens, i)))
        before = {f for t in tokens[max(0, i - 4) : i] for f in word_forms(t)}
        # "مقتل وإصابة عدد من المدنيين": the next cue, joined by "و", shares what this one counts.
        nxt = _noun(word_forms(tokens[i + 1])) if cue and i + 1 < len(tokens) else None
        joined = nxt is not None and nxt.form in _CUES and tokens[i + 1].norm.startswith("و")
        out.append(_Fate(token.start, token.end, noun.category, one=one, named=named, cue=cue,
                         negated=bool(before & _UNSAID), then=nxt.category if joined and nxt else None))
    return out


def _named(doc: Document, tokens: tuple[Token, ...], i: int) -> bool:
    """Whether a cue is followed by a person's name or title (مقتل "خالد العلي"، استشهاد قائد الشرطة)."""
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    forms = word_forms(nxt)
    between = doc.norm.text[tokens[i].nend : nxt.nstart]
    return (
        bool(forms)
        and not _BREAK.search(between)
        and len(nxt.norm) >= 3
        and not nxt.norm.startswith(_PROCLITICS)
        and not nxt.norm.endswith(("ين", "ون", "ات"))
        and not _DIGITS.fullmatch(nxt.norm)
        and _noun(forms) is None
        and not any(f in _NOT_NAMES or f in number_words() or f.startswith(_COUNT) for f in forms)
    )


def _one_named(tokens: tuple[Token, ...], i: int) -> bool:
    """Whether a cue is followed by one named person (مقتل الشاب، استشهاد الإعلامي): a definite singular."""
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    plural = nxt.norm.endswith(("ين", "ون", "ات", "ان")) or _noun(word_forms(nxt)) is not None
    return nxt.article and not plural and not _DIGITS.fullmatch(nxt.norm)


def _subgroups(doc: Document, found: list[Quantity]) -> set[int]:
    """Indices of quantities that name a part of an earlier group (`بينهم طفلان`), or its members (`5 مدنيين، هم
    رجلان وطفلان وامرأة`، `5 مدنيين (رجلان وطفلان وامرأة)`), with those coordinated after."""
    tokens = doc.layer("tokens")
    out: set[int] = set()
    for n, q in enumerate(found):
        token = doc.at("tokens", q.start)
        if token is None:
            continue
        at = token.index
        marker = any(f in _SUBGROUP for t in tokens[max(0, at - 2) : at] for f in word_forms(t))
        marker = marker or (n > 0 and _bracketed(doc, found[n - 1], q))
        # "و4 نساء" is read as two tokens, "و" and "4".
        joined = tokens[at].norm.startswith("و") or (at > 0 and tokens[at - 1].norm == "و")
        coordinated = n - 1 in out and joined and q.start - found[n - 1].end < 12
        if marker or coordinated:
            out.add(n)
    return out


def _bracketed(doc: Document, group: Quantity, q: Quantity) -> bool:
    """Whether `q` opens a bracket just after the group of people `group` counts: it says who they were."""
    if group.category not in PEOPLE and group.category not in _FATES:
        return False
    gap = doc.text[group.noun_end or group.end : q.start]
    return len(gap) < 25 and gap.count("(") == 1 and not _BREAK.search(gap.replace("(", ""))


def _is_total(doc: Document, q: Quantity) -> bool:
    """Whether a number counts an earlier noun through `عدد`/`حصيلة` (`ارتفع عدد القتلى إلى 12`): a running total."""
    if q.noun_start is None or q.noun_start > q.start:
        return False
    return any(word in fold(doc.text[max(0, q.noun_start - 12) : q.start]) for word in _COUNT)


_CIVILIANS_AFTER = frozenset(fold(w) for w in ("مدنيين", "مدنيا", "مدنياً", "المدنيين"))


def _described_civilian(doc: Document, q: Quantity) -> bool:
    """Whether the dead counted by their noun are then called civilians (`6 قتلى مدنيين`، `4 قتلى من المدنيين`)."""
    if q.noun_end is None:
        return False
    after = doc.within("tokens", q.noun_end, min(len(doc.text), q.noun_end + 30))[:2]
    if not after or doc.text[q.noun_end : after[0].start].strip():
        return False
    word = after[1] if after[0].norm == "من" and len(after) > 1 else after[0]
    return word.norm in _CIVILIANS_AFTER


def casualties(doc: Document, start: int, end: int) -> Casualties:
    """Sum the dead, civilian dead, wounded and targets that the span `start:end` reports (CODEBOOK §6).

    People are dead or wounded by their noun (`قتلى`), by the nearest earlier cue (`استشهاد طفلة وامرأة`: 2) or,
    with none before, by the next cue of their clause (`4 أطفال من عائلة واحدة قتلوا`); a cue before a name
    (`مقتل "خالد العلي" و3 آخرين`) adds that one person. A part of a group (`بينهم طفلان`) adds no deaths but tells
    that civilians died; a total reached through `عدد`/`حصيلة` is taken over the parts it sums. Fallbacks, used
    only when nothing is counted: a bare plural (`قتلى`، `مقتل مدنيين`) is its vague value; a killed cue (`لقي حتفه`،
    `قتل برصاص`) or one number, exact or vague, of the dead and wounded together (`20 قتيلاً وجريحاً`، `مقتل وإصابة
    عدد من المدنيين`) is 1 dead, the only figure it supports; "خسائر بشرية" without deaths is 0. Sentences
    that count over a period (`منذ بداية العام`، `تعداد`) sum many strikes and are left out; civilians are the dead
    counted as civilians, women or children, or set apart as civilians in a group (`بينهم 3 مدنيين`).
    """
    if not doc.has("quantities"):
        doc = doc.with_layers(quantities=find_quantities(doc))
    found = [q for q in doc.within("quantities", start, end) if not _over_a_period(doc, q.start)]
    fates = _fates(doc, start, end)
    parts = _subgroups(doc, found)
    sums = {"killed": 0, "injured": 0, "civilians": 0, "part_civilians": 0, "total": 0, "targets": 0}
    seen: set[str] = set()
    vague = {"killed": 0, "injured": 0}
    exact = False
    joint = [(q, _combined(doc, q)) for q in found]
    within = [span for _, span in joint if span is not None]
    for n, (q, span) in enumerate(joint):
        if any(s <= q.start < e for s, e in within):
            continue  # "بين قتيل وجريح" names the kinds of a count already read
        if span is not None:
            # "40 قتيلاً وجريحاً": the dead are some of the count; a vague count is also theirs (عدد من القتلى).
            vague["killed"] = max(vague["killed"], 1)
            continue
        fate = q.category if q.category in _FATES else None
        # The cue that says what befell the people counted: the noun the number counts (مقتل 3) or a cue near them.
        cue = next((f for f in fates if f.start <= (q.noun_start or 0) < f.end), None) if fate else None
        if q.category in PEOPLE:
            cue = _fate_of(doc, fates, q)
            fate = cue.fate if cue is not None else None
        if cue is not None and cue.negated:
            fate = None
        elif cue is not None and q.vague and cue.end <= q.start:
            shared = _joined(fates, cue)
            if shared is not None:
                # One vague count of the dead and the wounded together only tells that someone died.
                vague[shared.fate] = max(vague[shared.fate], 1 if shared.fate == "killed" else q.value)
        if q.category == "targets" and n not in parts:
            sums["targets"] += q.value
            seen.add("targets")
        if fate is None:
            continue
        if q.vague and q.noun_start == q.start:
            vague[fate] = max(vague[fate], q.value)
            continue
        seen.add(fate)
        exact = exact or (fate == "killed" and not q.vague)
        civilian = q.category in CIVILIAN or (fate == "killed" and not q.vague and _described_civilian(doc, q))
        if n in parts:
            # "بينهم 3 مدنيين" sets civilians apart in a mixed group; "بينهم امرأة" tells who died, not how many
            # of them were civilians.
            sums["part_civilians"] += q.value if q.category == "civilians" and fate == "killed" else 0
        elif fate == "killed" and _is_total(doc, q):
            sums["total"] = max(sums["total"], q.value)
        else:
            sums[fate] += q.value
            sums["civilians"] += q.value if civilian and fate == "killed" else 0
    said = [f for f in fates if not f.negated]
    named = sum(1 for f in said if f.fate == "killed" and f.named)
    counts: dict[str, int | None] = {}
    for fate in _FATES:
        one = any(f.fate == fate and f.one for f in said)
        cued = any(f.fate == fate and f.cue for f in said)
        counts[fate] = sums[fate] if fate in seen else vague[fate] or (1 if one or cued else None)
    if "killed" in seen:
        counts["killed"] = max(sums["killed"] + named, sums["total"])
    elif counts["killed"] is None and fold("خسائر بشرية") in fold(doc.text[start:end]):
        counts["killed"] = 0
    exact = exact or named > 0 or any(f.fate == "killed" and f.one for f in said)
    return Casualties(counts["killed"], civilian_fatalities=sums["civilians"] or sums["part_civilians"] or None,
                      injuries=counts["injured"], targets=sums["targets"] if "targets" in seen else None,
                      vague=bool(counts["killed"]) and not exact)


def _over_a_period(doc: Document, at: int) -> bool:
    """Whether the offset `at` lies in a sentence that counts over a period of many strikes."""
    sentence = doc.at("sentences", at)
    return sentence is not None and _tally(fold(doc.text[sentence.start : sentence.end]))


@lru_cache(maxsize=10_000)
def _tally(text: str) -> bool:
    """Whether a folded sentence counts over a period."""
    return _PERIOD.search(text) is not None


def _combined(doc: Document, q: Quantity) -> tuple[int, int] | None:
    """The words making a count one of the dead and wounded together (`قتيلاً وجريحاً`، `بين قتيل وجريح`)."""
    counted = doc.within("tokens", q.start, q.noun_end or q.end)
    if not counted:
        return None
    last = counted[-1]
    tokens = doc.layer("tokens")
    at = last.index + 1
    if at < len(tokens) and "بين" in word_forms(tokens[at]):
        at += 1
    elif q.category not in _FATES:
        return None
    kinds = [_noun(word_forms(t)) for t in tokens[at : at + 2]]
    if (at + 1 < len(tokens) and all(k is not None and k.form == "sg" for k in kinds)
            and {k.category for k in kinds if k is not None} == set(_FATES) and tokens[at + 1].norm.startswith("و")):
        return tokens[at].start, tokens[at + 1].end
    other = kinds[0] if kinds else None
    if (q.category in _FATES and other is not None and other.category in _FATES and other.form == "sg"
            and other.category != q.category and tokens[at].norm.startswith("و")):
        return tokens[at].start, tokens[at].end
    return None


def _fate_of(doc: Document, fates: list[_Fate], q: Quantity) -> _Fate | None:
    """The cue that says what happened to counted people: the nearest before, else the next in their clause."""
    earlier = [f for f in fates if f.start < q.start]
    if earlier:
        reach = fold(doc.text[earlier[-1].end : q.start])
        return None if _OTHER_FATE.search(reach) else earlier[-1]
    for f in fates:
        if f.start < q.end:
            continue
        gap = doc.text[q.end : f.start]
        return f if len(gap) < 20 or (len(gap) < 60 and not _BREAK.search(gap)) else None
    return None


def _joined(fates: list[_Fate], cue: _Fate) -> _Fate | None:
    """The cue of the other fate joined by "و" right before this one (`مقتل وإصابة`), if any."""
    at = fates.index(cue)
    if at > 0 and fates[at - 1].then == cue.fate and fates[at - 1].fate != cue.fate:
        return fates[at - 1]
    return None


@stage("quantities", requires=("tokens", "sentences"), adds=("quantities",))
def quantities(doc: Document, resources: object) -> Document:
    """Add the `quantities` layer."""
    return doc.with_layers(quantities=find_quantities(doc))
