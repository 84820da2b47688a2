"""The words the `quantities` stage reads: number words, counted nouns (counted_nouns.tsv) and cues/numbers.yaml."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rasd.lexicons.cues import Cues
from rasd.stages.calendar import DateWords, lexicon_rows

__all__ = ["CountWords", "Noun"]


@dataclass(frozen=True, slots=True)
class Noun:
    """A counted noun as a token holds it: the lexicon word, its category and form, and whether it has the article."""

    word: str
    category: str
    form: str
    article: bool


@dataclass(frozen=True, slots=True)
class CountWords:
    """Every word the quantities stage looks for, folded: number words, counted nouns and the `numbers` cues."""

    cues: Cues
    dates: DateWords
    nouns: Mapping[str, tuple[str, str]]  # noun -> (category, form), duals and accusatives generated
    kin: Mapping[str, str]  # kinship noun as written before a pronoun -> category
    fillers: frozenset[str]
    count_prefixes: tuple[str, ...]
    number_of: frozenset[str]
    of: frozenset[str]
    some: frozenset[str]
    negation: frozenset[str]
    hundred: frozenset[str]
    percent: frozenset[str]
    in_: frozenset[str]
    per_hundred: frozenset[str]
    vague_scales: tuple[str, ...]
    hour: frozenset[str]
    and_: str
    digits: re.Pattern[str]  # digits, with a proclitic (و3)
    decimal_signs: tuple[str, ...]
    thousands_signs: tuple[str, ...]
    percent_signs: tuple[str, ...]
    quoted: re.Pattern[str]
    name_list: re.Pattern[str]
    name_separators: re.Pattern[str]
    article: str
    ta_marbuta: str
    possessives: tuple[str, ...]
    not_a_possessive: str
    kin_pronouns: tuple[str, ...]
    kin_dual: str
    _memo: dict[tuple[str, ...], Noun | None] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, cues: Cues | None = None, dates: DateWords | None = None) -> CountWords:
        """Read counted_nouns.tsv and take the number words of `dates` and the `numbers` cue lists."""
        cues = cues or Cues.load()

        def words(name: str) -> frozenset[str]:
            return cues.words("numbers", name)

        def one(name: str) -> str:
            value = cues.get("numbers", name)
            assert isinstance(value, str), name
            return value

        rows = lexicon_rows("counted_nouns.tsv", 3)
        ta_marbuta, ta = one("ta_marbuta"), one("ta")
        nouns, kin = _noun_table(rows, ta_marbuta=ta_marbuta, ta=ta, duals=cues.phrases("numbers", "dual_endings"),
                                 accusative=one("accusative"))
        proclitics = "".join(cues.phrases("numbers", "digit_proclitics"))
        return cls(
            cues=cues, dates=dates or DateWords.load(cues), nouns=nouns, kin=kin, fillers=words("fillers"),
            count_prefixes=cues.phrases("numbers", "count_prefixes"), number_of=words("number_of"), of=words("of"),
            some=words("some"), negation=words("negation"), hundred=words("hundred"), percent=words("percent"),
            in_=words("in"), per_hundred=words("per_hundred"), vague_scales=cues.phrases("numbers", "vague_scales"),
            hour=words("hour"), and_=one("and"),
            digits=re.compile(f"[{re.escape(proclitics)}]?([0-9]{{1,18}})"),  # no count has more digits
            decimal_signs=cues.phrases("numbers", "decimal_signs"),
            thousands_signs=cues.phrases("numbers", "thousands_signs"),
            percent_signs=cues.phrases("numbers", "percent_signs"), quoted=re.compile(cues.raw("numbers", "quoted")),
            name_list=re.compile(cues.raw("numbers", "name_list")),
            name_separators=re.compile(cues.raw("numbers", "name_separators")), article=one("article"),
            ta_marbuta=ta_marbuta, possessives=cues.phrases("numbers", "possessives"),
            not_a_possessive=one("not_a_possessive"), kin_pronouns=cues.phrases("numbers", "kin_pronouns"),
            kin_dual=one("kin_dual"),
        )

    @property
    def numbers(self) -> Mapping[str, tuple[int, str]]:
        """Folded number word -> (value, kind)."""
        return self.dates.numbers

    def noun(self, forms: tuple[str, ...]) -> Noun | None:
        """The counted noun a token holds, looking through the article and a possessive suffix (`عناصرها`)."""
        if forms in self._memo:
            return self._memo[forms]
        if len(self._memo) >= 100_000:
            self._memo.clear()
        found = self._memo[forms] = self._find_noun(forms)
        return found

    def _find_noun(self, forms: tuple[str, ...]) -> Noun | None:
        for form in forms:
            article = form.startswith(self.article) and len(form) > 4
            bare = form[len(self.article):] if article else form
            # A folded final ه is also a ة: "مدنية" (of a car) is no "مدني" with a pronoun.
            suffixless = [bare[: -len(s)] for s in self.possessives
                          if bare.endswith(s) and len(bare) - len(s) >= 3
                          and not (s == self.ta_marbuta and bare.endswith(self.not_a_possessive))]
            for word in (form, bare, *suffixless):
                if word in self.nouns:
                    return Noun(word, *self.nouns[word], article)
        return None

    def kin_count(self, forms: tuple[str, ...]) -> tuple[str, str, int] | None:
        """`(noun, category, how many)` for a kinship noun with a pronoun (`ابنها` 1, `ابنيه` 2), else None."""
        for form in forms:
            for suffix in self.kin_pronouns:
                stem = form[: -len(suffix)]
                if not form.endswith(suffix) or len(stem) < 2:
                    continue
                if stem in self.kin:
                    return stem, self.kin[stem], 1
                if stem.endswith(self.kin_dual) and stem[:-1] in self.kin:
                    return stem[:-1], self.kin[stem[:-1]], 2
        return None


def _noun_table(rows: tuple[tuple[str, ...], ...], *, ta_marbuta: str, ta: str, duals: tuple[str, ...],
                accusative: str) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """The counted nouns with the duals and accusative singulars generated from the singulars, and the kin nouns."""
    counted = tuple(row for row in rows if row[2] != "kin")
    table = {word: (category, form) for word, category, form in counted}
    for word, category, form in counted:
        if form != "sg":
            continue
        stem = word[:-1] + ta if word.endswith(ta_marbuta) else word
        for dual in (stem + ending for ending in duals):
            table.setdefault(dual, (category, "du"))
        if not word.endswith(ta_marbuta):
            table.setdefault(word + accusative, (category, "sg"))
    kin = {(word[:-1] + ta if word.endswith(ta_marbuta) else word): category
           for word, category, form in rows if form == "kin"}
    return table, kin
