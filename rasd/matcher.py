"""Find lexicon phrases in a document's tokens: clitic-aware, longest match first.

One `PhraseMatcher` serves every lexicon (places, actors, triggers, number words, cues). Keys are folded
phrases; the first word of a phrase may carry clitics in the text (`بالقلمون الغربي` matches `القلمون الغربي`),
and a key may end in `*` to accept any ending on its last word (`استهدف*` matches `استهدفت`); with `suffixes`,
the last word may also carry an attached pronoun (`غاراته` matches `غارات`) or an accusative alef (`هجوما`). With
`article_must_agree`, a key written with the article only matches a word that has it, and the reverse, so
that `الباب` (al-Bab) does not match `باب` (door). With `counts`, a number written in digits inside a phrase is
passed over (`سقوط 3 صواريخ` matches `سقوط صواريخ`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from rasd.clitics import variants
from rasd.document import Token
from rasd.normalize import words as split_words
from rasd.orthography import orthography

__all__ = ["Match", "PhraseMatcher"]

T = TypeVar("T")

# Lookups remembered per matcher; the memo is emptied when full, so memory stays bounded on any corpus.
_MEMO_SIZE = 200_000


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """A phrase found in the text: raw offsets, token range, the key, its entries, and the clitics it carried."""

    start: int
    end: int
    first: int
    last: int
    key: str
    values: tuple[T, ...]
    prefix: str
    article: bool = False


def _strip_article(word: str) -> tuple[str, bool]:
    if word.startswith(orthography().article) and len(word) > 4:
        return word[2:], True
    return word, False


@lru_cache(maxsize=100_000)
def _unsuffixed(word: str) -> tuple[str, ...]:
    """The word without an attached pronoun (`غاراته` -> `غارات`, `غارتها` -> `غاره`), or without the alef of
    an indefinite accusative (`هجوما` -> `هجوم`)."""
    script = orthography()
    out = []
    stem = word[: -len(script.accusative_alef)]
    if word.endswith(script.accusative_alef) and len(stem) >= 3 and not stem.endswith(
            (script.closed_ta, script.accusative_alef, script.plural_waw)):
        out.append(stem)
    for suffix in script.pronoun_suffixes:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3:
            out.append(stem)
            if stem.endswith(script.open_ta):
                out.append(stem[:-1] + script.closed_ta)
    return tuple(out)


# How a phrase may start at a word: its stem, whether it had the article, its clitics, how many words to try,
# and what the word matches alone (the key as filed and its entries), if anything.
_Head = tuple[str, bool, str, int, tuple[str, tuple[T, ...]] | None]


class PhraseMatcher(Generic[T]):
    """A dictionary of folded phrases to values, matched over tokens."""

    def __init__(
        self, entries: Iterable[tuple[str, T]], *, article_must_agree: bool = False, suffixes: bool = False,
        counts: bool = False,
    ) -> None:
        self.article_must_agree = article_must_agree
        self.suffixes = suffixes
        self.counts = counts
        self._exact: dict[tuple[str, ...], list[tuple[bool, T]]] = {}
        self._prefix: dict[tuple[str, ...], list[tuple[bool, T]]] = {}
        # Lengths of the last words of prefix keys, by the words before: only those cuts can match.
        self._cuts: dict[tuple[str, ...], list[int]] = {}
        self._firsts: set[str] = set()
        self._memo: dict[tuple[tuple[str, ...], bool], tuple[str, tuple[T, ...]] | None] = {}
        self._heads: dict[str, tuple[_Head[T], ...]] = {}
        self.max_words = 1
        self.size = 0
        for phrase, value in entries:
            self.add(phrase, value)

    def add(self, phrase: str, value: T) -> None:
        """File `value` under a phrase (folded here; a trailing `*` makes its last word a prefix)."""
        wildcard = phrase.rstrip().endswith("*")
        words = split_words(phrase.rstrip().rstrip("*"))
        if not words:
            return
        self._memo.clear()
        self._heads.clear()
        for form in self._forms(words):
            core, article = _strip_article(form[0])
            key = (core, *form[1:])
            table = self._prefix if wildcard else self._exact
            table.setdefault(key, []).append((article, value))
            if wildcard:
                cuts = self._cuts.setdefault(key[:-1], [])
                if len(key[-1]) not in cuts:
                    cuts.append(len(key[-1]))
                    cuts.sort(reverse=True)
            self._firsts.add(core)
            self.max_words = max(self.max_words, len(key))
        self.size += 1

    @staticmethod
    def _forms(words: list[str]) -> list[list[str]]:
        """The phrase as written, and with `X الY` also written solid (`دير الزور` as `ديرالزور`)."""
        article = orthography().article
        forms = [words]
        if len(words) > 1 and any(w.startswith(article) for w in words[1:]):
            solid: list[str] = [words[0]]
            for w in words[1:]:
                if w.startswith(article):
                    solid[-1] += w
                else:
                    solid.append(w)
            forms.append(solid)
        return forms

    def find(self, tokens: Sequence[Token], *, overlapping: bool = False) -> list[Match[T]]:
        """All longest matches, left to right; without `overlapping` a match consumes its tokens."""
        out: list[Match[T]] = []
        i, n = 0, len(tokens)
        while i < n:
            heads = self._head(tokens[i].norm)
            best = self._longest_at(tokens, i, heads) if heads else None
            if best is None:
                i += 1
                continue
            out.append(best)
            i = i + 1 if overlapping else best.last + 1
        return out

    def _longest_at(self, tokens: Sequence[Token], i: int, heads: tuple[_Head[T], ...]) -> Match[T] | None:
        best: Match[T] | None = None
        for stem, article, prefix, span, alone in heads:
            if alone is not None and best is None:
                best = Match(tokens[i].start, tokens[i].end, i, i, alone[0], alone[1], prefix, article)
            words = [stem]
            j, end = i + 1, min(len(tokens), i + span)
            while j < end:
                if self.counts and tokens[j].norm.isdigit():
                    j, end = j + 1, min(len(tokens), end + 1)  # "سقوط 3 صواريخ" is "سقوط صواريخ"
                    continue
                words.append(tokens[j].norm)
                hit = self._lookup(tuple(words), article, tokens, i, j, prefix)
                if hit is not None and (best is None or hit.last > best.last):
                    best = hit
                j += 1
        return best

    def _head(self, word: str) -> tuple[_Head[T], ...]:
        """The ways a phrase can start at this word; empty when none can (most words of a text)."""
        heads = self._heads.get(word)
        if heads is None:
            out = []
            for core, prefix, had_article in variants(word):
                stem, article = _strip_article(core)
                article = article or had_article
                span = self.max_words if stem in self._firsts else 1
                alone = self._values((stem,), article)
                if span > 1 or alone is not None:
                    out.append((stem, article, prefix, span, alone))
            heads = self._heads[word] = tuple(out)
            if len(self._heads) > _MEMO_SIZE:
                self._heads.clear()
        return heads

    def _lookup(self, key: tuple[str, ...], article: bool, tokens: Sequence[Token], i: int, j: int,
                prefix: str) -> Match[T] | None:
        memo = (key, article)
        if memo in self._memo:
            found = self._memo[memo]
        else:
            found = self._memo[memo] = self._values(key, article)
            if len(self._memo) > _MEMO_SIZE:
                self._memo.clear()
        if found is None:
            return None
        return Match(tokens[i].start, tokens[j].end, i, j, found[0], found[1], prefix, article)

    def _values(self, key: tuple[str, ...], article: bool) -> tuple[str, tuple[T, ...]] | None:
        """The key as filed and its entries, for a key as read in the text."""
        values = self._accept(self._exact.get(key), article)
        matched = key
        if not values and self._prefix:
            for cut in self._cuts.get(key[:-1], ()):
                if not 1 < cut <= len(key[-1]):
                    continue
                probe = (*key[:-1], key[-1][:cut])
                values = self._accept(self._prefix.get(probe), article)
                if values:
                    matched = probe
                    break
        if not values and self.suffixes:
            for stem in _unsuffixed(key[-1]):
                probe = (*key[:-1], stem)
                values = self._accept(self._exact.get(probe), article)
                if values:
                    matched = probe
                    break
        if not values:
            return None
        return " ".join(matched), tuple(values)

    def _accept(self, filed: list[tuple[bool, T]] | None, article: bool) -> list[T]:
        if not filed:
            return []
        if not self.article_must_agree:
            return [v for _, v in filed]
        return [v for a, v in filed if a == article]
