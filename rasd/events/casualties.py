"""Sum the dead, the civilian dead, the wounded and the targets a span of text reports (CODEBOOK §6).

The quantities stage finds the numbers and the nouns they count; this reads them with the cues around them
(`مقتل`، `إصابة`) into what an event reports.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field

from rasd.document import Document, Token
from rasd.lexicons.cues import Cues
from rasd.normalize import fold
from rasd.stages.calendar import word_forms
from rasd.stages.counted import CountWords
from rasd.stages.numbers import CIVILIAN, CUES, FATES, PEOPLE, Quantity, find_quantities

__all__ = ["Casualties", "CasualtyWords", "casualties"]

# How much text before a count is read for another fate (اعتقال، إسعاف) standing between it and its cue: about 300
# words, far more than a clause; reading all of it made a sentence of 2,000 counts quadratic.
FATE_GAP_READ = 2_000
# How many people a cue says it befell by itself, by its form in `counted_nouns.tsv` (مقتله 1, مقتلهما 2).
_PEOPLE_OF = {"cue1": 1, "cue2": 2}


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


def _alternatives(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in words)


@dataclass(frozen=True, slots=True)
class CasualtyWords:
    """The words casualty sums look for, folded: those of the quantities stage and the casualty cues."""

    counting: CountWords
    naming: frozenset[str]
    subgroup: frozenset[str]
    unsaid: frozenset[str]
    either: frozenset[str]  # the words that join a denied noun to the next one (قتلى أو جرحى، لا قتلى ولا جرحى)
    not_names: frozenset[str]
    civilians_after: frozenset[str]
    between: frozenset[str]
    period: re.Pattern[str]  # a sentence that counts over a period (folded text)
    other_fates: re.Pattern[str]
    breaks: re.Pattern[str]
    proclitics: tuple[str, ...]
    plural_endings: tuple[str, ...]
    dual_ending: str
    human_losses: tuple[str, ...]

    @classmethod
    def load(cls, cues: Cues | None = None, counting: CountWords | None = None) -> CasualtyWords:
        """Take the casualty cues of `numbers.yaml` and the words of the quantities stage."""
        cues = cues or Cues.load()

        def words(name: str) -> frozenset[str]:
            return cues.words("numbers", name)

        def phrases(name: str) -> tuple[str, ...]:
            return cues.phrases("numbers", name)

        since, since_what = _alternatives(phrases("period_since")), _alternatives(phrases("period_since_what"))
        during, during_what = _alternatives(phrases("period_during")), _alternatives(phrases("period_during_what"))
        period = (rf"(?<!\S)(?:(?:{since}) (?:{since_what}|[0-9]{{4}})|(?:{during}) (?:{during_what})"
                  rf"|{_alternatives(phrases('period_alone'))})(?!\S)")
        return cls(
            counting=counting or CountWords.load(cues), naming=words("naming"), subgroup=words("subgroup"),
            unsaid=words("negation") | words("unsaid"), either=words("either"), not_names=words("not_names"),
            civilians_after=words("civilians_after"), between=words("between"), period=re.compile(period),
            other_fates=re.compile(_alternatives(phrases("other_fates"))),
            breaks=re.compile(cues.raw("numbers", "breaks")), proclitics=phrases("proclitics"),
            plural_endings=phrases("plural_endings"), dual_ending=cues.get("numbers", "dual_ending"),
            human_losses=phrases("human_losses"),
        )


@dataclass(frozen=True, slots=True)
class _Fate:
    """A cue or a dead/wounded noun: where it is, what it says happened, and what it says alone."""

    start: int
    end: int
    fate: str
    _: KW_ONLY
    people: int = 0  # how many it says it befell by itself: 1 (مقتله), 2 (مقتلهما), else 0
    named: bool = False
    cue: bool = False
    negated: bool = False
    then: str | None = None


@dataclass(slots=True)
class _Reading:
    """One call's reading of a document: the words, and the sentences already found to count over a period."""

    doc: Document
    words: CasualtyWords
    periods: dict[int, bool] = field(default_factory=dict)

    def over_a_period(self, at: int) -> bool:
        """Whether the offset `at` lies in a sentence that counts over a period of many strikes."""
        sentence = self.doc.at("sentences", at)
        if sentence is None:
            return False
        found = self.periods.get(sentence.start)
        if found is None:
            text = fold(self.doc.text[sentence.start : sentence.end])
            found = self.periods[sentence.start] = self.words.period.search(text) is not None
        return found


class _Fates:
    """The fates of a span in text order, found by offset."""

    def __init__(self, fates: list[_Fate]) -> None:
        self.all = fates
        self.starts = [f.start for f in fates]

    def containing(self, at: int) -> _Fate | None:
        i = bisect_right(self.starts, at) - 1
        return self.all[i] if i >= 0 and at < self.all[i].end else None

    def last_before(self, at: int) -> _Fate | None:
        i = bisect_left(self.starts, at) - 1
        return self.all[i] if i >= 0 else None

    def first_from(self, at: int) -> _Fate | None:
        i = bisect_left(self.starts, at)
        return self.all[i] if i < len(self.all) else None

    def joined(self, cue: _Fate) -> _Fate | None:
        """The cue of the other fate joined by "و" right before this one (`مقتل وإصابة`), if any."""
        at = bisect_left(self.starts, cue.start)
        before = self.all[at - 1] if at > 0 else None
        return before if before is not None and before.then == cue.fate and before.fate != cue.fate else None


def _fates(reading: _Reading, start: int, end: int) -> list[_Fate]:
    """Every cue or dead/wounded noun in the span, in text order."""
    doc, words = reading.doc, reading.words
    out = []
    tokens = doc.layer("tokens")
    last_negated = -9  # the token of the last negated noun: "لم يسفر عن قتلى أو جرحى" denies both
    for token in doc.within("tokens", start, end):
        noun = words.counting.noun(word_forms(token))
        if noun is None or noun.category not in FATES or reading.over_a_period(token.start):
            continue
        i = token.index
        cue = noun.form in CUES
        named = noun.word in words.naming and _named(doc, tokens, i, words)
        people = _PEOPLE_OF.get(noun.form, 0) or (1 if noun.form == "cue" and (
            named or _one_named(tokens, i, words)) else 0)
        before = {f for t in tokens[max(0, i - 4) : i] for f in word_forms(t)}
        # "مقتل وإصابة عدد من المدنيين": the next cue, joined by "و", shares what this one counts.
        nxt = words.counting.noun(word_forms(tokens[i + 1])) if cue and i + 1 < len(tokens) else None
        joined = nxt is not None and nxt.form in CUES and tokens[i + 1].norm.startswith(words.counting.and_)
        negated = bool(before & words.unsaid) or (
            i - last_negated <= 2 and all(t.norm in words.either for t in tokens[last_negated + 1 : i]))
        last_negated = i if negated else last_negated
        out.append(_Fate(token.start, token.end, noun.category, people=people, named=named, cue=cue,
                         negated=negated, then=nxt.category if joined and nxt else None))
    return out


def _named(doc: Document, tokens: tuple[Token, ...], i: int, words: CasualtyWords) -> bool:
    """Whether a cue is followed by a person's name or title (مقتل "خالد العلي"، استشهاد قائد الشرطة)."""
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    forms = word_forms(nxt)
    between = doc.norm.text[tokens[i].nend : nxt.nstart]
    counting = words.counting
    return (
        bool(forms)
        and not words.breaks.search(between)
        and len(nxt.norm) >= 3
        and not nxt.norm.startswith(words.proclitics)
        and not nxt.norm.endswith(words.plural_endings)
        and not counting.digits.fullmatch(nxt.norm)
        and counting.noun(forms) is None
        and not any(f in words.not_names or f in counting.numbers or f.startswith(counting.count_prefixes)
                    for f in forms)
    )


def _one_named(tokens: tuple[Token, ...], i: int, words: CasualtyWords) -> bool:
    """Whether a cue is followed by one named person (مقتل الشاب، استشهاد الإعلامي): a definite singular."""
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    plural = (nxt.norm.endswith((*words.plural_endings, words.dual_ending))
              or words.counting.noun(word_forms(nxt)) is not None)
    return nxt.article and not plural and not words.counting.digits.fullmatch(nxt.norm)


def _subgroups(doc: Document, found: list[Quantity], words: CasualtyWords) -> set[int]:
    """Indices of quantities that name a part of an earlier group (`بينهم طفلان`), or its members (`5 مدنيين، هم
    رجلان وطفلان وامرأة`، `5 مدنيين (رجلان وطفلان وامرأة)`), with those coordinated after."""
    tokens = doc.layer("tokens")
    and_ = words.counting.and_
    out: set[int] = set()
    for n, q in enumerate(found):
        token = doc.at("tokens", q.start)
        if token is None:
            continue
        at = token.index
        marker = any(f in words.subgroup for t in tokens[max(0, at - 2) : at] for f in word_forms(t))
        marker = marker or (n > 0 and _bracketed(doc, found[n - 1], q, words))
        # "و4 نساء" is read as two tokens, "و" and "4".
        joined = tokens[at].norm.startswith(and_) or (at > 0 and tokens[at - 1].norm == and_)
        coordinated = n - 1 in out and joined and q.start - found[n - 1].end < 12
        if marker or coordinated:
            out.add(n)
    return out


def _bracketed(doc: Document, group: Quantity, q: Quantity, words: CasualtyWords) -> bool:
    """Whether `q` opens a bracket just after the group of people `group` counts: it says who they were."""
    if group.category not in PEOPLE and group.category not in FATES:
        return False
    gap = doc.text[group.noun_end or group.end : q.start]
    return len(gap) < 25 and gap.count("(") == 1 and not words.breaks.search(gap.replace("(", ""))


def _is_total(doc: Document, q: Quantity, words: CasualtyWords) -> bool:
    """Whether a number counts an earlier noun through `عدد`/`حصيلة` (`ارتفع عدد القتلى إلى 12`): a running total."""
    if q.noun_start is None or q.noun_start > q.start:
        return False
    before = fold(doc.text[max(0, q.noun_start - 12) : q.start])
    return any(word in before for word in words.counting.count_prefixes)


def _described_civilian(doc: Document, q: Quantity, words: CasualtyWords) -> bool:
    """Whether the dead counted by their noun are then called civilians (`6 قتلى مدنيين`، `4 قتلى من المدنيين`)."""
    if q.noun_end is None:
        return False
    after = doc.within("tokens", q.noun_end, min(len(doc.text), q.noun_end + 30))[:2]
    if not after or doc.text[q.noun_end : after[0].start].strip():
        return False
    word = after[1] if after[0].norm in words.counting.of and len(after) > 1 else after[0]
    return word.norm in words.civilians_after


def _combined(doc: Document, q: Quantity, words: CasualtyWords) -> tuple[int, int] | None:
    """The words making a count one of the dead and wounded together (`قتيلاً وجريحاً`، `بين قتيل وجريح`)."""
    counted = doc.within("tokens", q.start, q.noun_end or q.end)
    if not counted:
        return None
    tokens = doc.layer("tokens")
    at = counted[-1].index + 1
    if at < len(tokens) and not words.between.isdisjoint(word_forms(tokens[at])):
        at += 1
    elif q.category not in FATES:
        return None
    kinds = [words.counting.noun(word_forms(t)) for t in tokens[at : at + 2]]
    and_ = words.counting.and_
    if (at + 1 < len(tokens) and all(k is not None and k.form == "sg" for k in kinds)
            and {k.category for k in kinds if k is not None} == set(FATES) and tokens[at + 1].norm.startswith(and_)):
        return tokens[at].start, tokens[at + 1].end
    other = kinds[0] if kinds else None
    if (q.category in FATES and other is not None and other.category in FATES and other.form == "sg"
            and other.category != q.category and tokens[at].norm.startswith(and_)):
        return tokens[at].start, tokens[at].end
    return None


def _fate_of(doc: Document, fates: _Fates, q: Quantity, words: CasualtyWords) -> _Fate | None:
    """The cue that says what happened to counted people: the nearest before, else the next in their clause."""
    earlier = fates.last_before(q.start)
    if earlier is not None:
        gap = doc.text[max(earlier.end, q.start - FATE_GAP_READ) : q.start]
        return None if words.other_fates.search(fold(gap)) else earlier
    later = fates.first_from(q.end)
    if later is None:
        return None
    gap = doc.text[q.end : later.start]
    return later if len(gap) < 20 or (len(gap) < 60 and not words.breaks.search(gap)) else None


class _Spans:
    """Spans, asked whether any holds an offset."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach: list[int] = []  # the furthest end of the spans up to each
        for _, e in spans:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def hold(self, at: int) -> bool:
        i = bisect_right(self.starts, at)
        return i > 0 and self.reach[i - 1] > at


@dataclass(slots=True)
class _Tally:
    """The sums of one span as its quantities are read."""

    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("killed", "injured", "civilians", "part_civilians", "total", "targets"), 0))
    seen: set[str] = field(default_factory=set)
    vague: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FATES, 0))
    exact: bool = False

    def vaguely(self, fate: str, value: int) -> None:
        self.vague[fate] = max(self.vague[fate], value)


def casualties(doc: Document, start: int, end: int, *, words: CasualtyWords) -> Casualties:
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
    `words` are `Resources.casualties`.
    """
    if not doc.has("quantities"):
        doc = doc.with_layers(quantities=find_quantities(doc, words=words.counting))
    reading = _Reading(doc, words)
    found = [q for q in doc.within("quantities", start, end) if not reading.over_a_period(q.start)]
    fates = _Fates(_fates(reading, start, end))
    parts = _subgroups(doc, found, words)
    tally = _Tally()
    joint = [(q, _combined(doc, q, words)) for q in found]
    within = _Spans([span for _, span in joint if span is not None])
    for n, (q, span) in enumerate(joint):
        doc.deadline.check()
        if within.hold(q.start):
            continue  # "بين قتيل وجريح" names the kinds of a count already read
        if span is not None:
            # "40 قتيلاً وجريحاً": the dead are some of the count; a vague count is also theirs (عدد من القتلى).
            tally.vaguely("killed", 1)
            continue
        fate = _fate_for(doc, q, fates, tally, words)
        if q.category == "targets" and n not in parts:
            tally.sums["targets"] += q.value
            tally.seen.add("targets")
        if fate is not None:
            _add(doc, q, fate, tally, words, part=n in parts)
    return _summary(doc.text[start:end], fates.all, tally, words)


def _fate_for(doc: Document, q: Quantity, fates: _Fates, tally: _Tally, words: CasualtyWords) -> str | None:
    """What befell the people a quantity counts: its noun's fate, or that of the cue near them (None: nothing)."""
    fate = q.category if q.category in FATES else None
    # The cue that says what befell the people counted: the noun the number counts (مقتل 3) or a cue near them.
    cue = fates.containing(q.noun_start or 0) if fate else None
    if q.category in PEOPLE:
        cue = _fate_of(doc, fates, q, words)
        fate = cue.fate if cue is not None else None
    if cue is not None and cue.negated:
        return None
    if cue is not None and q.vague and cue.end <= q.start:
        shared = fates.joined(cue)
        if shared is not None:
            # One vague count of the dead and the wounded together only tells that someone died.
            tally.vaguely(shared.fate, 1 if shared.fate == "killed" else q.value)
    return fate


def _add(doc: Document, q: Quantity, fate: str, tally: _Tally, words: CasualtyWords, *, part: bool) -> None:
    """Add a quantity of people who met `fate` to the sums."""
    if q.vague and q.noun_start == q.start:
        tally.vaguely(fate, q.value)
        return
    sums = tally.sums
    tally.seen.add(fate)
    tally.exact = tally.exact or (fate == "killed" and not q.vague)
    civilian = q.category in CIVILIAN or (fate == "killed" and not q.vague and _described_civilian(doc, q, words))
    if part:
        # "بينهم 3 مدنيين" sets civilians apart in a mixed group; "بينهم امرأة" tells who died, not how many
        # of them were civilians.
        sums["part_civilians"] += q.value if q.category == "civilians" and fate == "killed" else 0
    elif fate == "killed" and _is_total(doc, q, words):
        sums["total"] = max(sums["total"], q.value)
    else:
        sums[fate] += q.value
        sums["civilians"] += q.value if civilian and fate == "killed" else 0


def _summary(text: str, fates: list[_Fate], tally: _Tally, words: CasualtyWords) -> Casualties:
    """The casualties of a span from its sums, falling back on its cues when nothing is counted."""
    sums, seen = tally.sums, tally.seen
    said = [f for f in fates if not f.negated]
    named = sum(1 for f in said if f.fate == "killed" and f.named)
    counts = {fate: _count(fate, said, tally) for fate in FATES}
    if "killed" in seen:
        counts["killed"] = max(sums["killed"] + named, sums["total"])
    elif counts["killed"] is None and any(loss in fold(text) for loss in words.human_losses):
        counts["killed"] = 0
    exact = tally.exact or named > 0 or any(f.fate == "killed" and f.people for f in said)
    return Casualties(counts["killed"], civilian_fatalities=sums["civilians"] or sums["part_civilians"] or None,
                      injuries=counts["injured"], targets=sums["targets"] if "targets" in seen else None,
                      vague=bool(counts["killed"]) and not exact)


def _count(fate: str, said: list[_Fate], tally: _Tally) -> int | None:
    """The people counted with `fate`, else its vague count, else as many as a cue says it befell (مقتلهما: 2),
    else 1 for a cue that says it befell someone."""
    if fate in tally.seen:
        return tally.sums[fate]
    people = max((f.people for f in said if f.fate == fate), default=0)
    cued = any(f.fate == fate and f.cue for f in said)
    return tally.vague[fate] or people or (1 if cued else None)
