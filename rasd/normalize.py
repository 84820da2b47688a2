"""Fold Arabic text for matching while keeping a map back to every raw character.

`normalize()` removes diacritics, tatweel, bidi and zero-width marks, expands presentation forms (NFKC),
folds alef/hamza/ya/ta-marbuta variants and Persian letters, turns Eastern-Arabic and Persian digits into
ASCII digits, reads hashtags as words (`#جبل_الزاوية` becomes ` جبل الزاوية`) and lower-cases Latin.
Lexicon entries are folded by the same function, so they are fixed points of it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rasd.orthography import orthography

__all__ = ["WORD", "Normalized", "fold", "normalize", "words"]

_DROP = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)]  # Quranic marks
    + [chr(c) for c in range(0x064B, 0x0660)]  # harakat, shadda, sukun
    + [chr(0x0670), chr(0x0640)]  # superscript alef, tatweel
    + [chr(c) for c in range(0x06D6, 0x06EE)]  # Quranic annotation signs
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad", chr(0x061C)]
    + [chr(c) for c in range(0x202A, 0x202F)]  # bidi embeddings and overrides
    + [chr(c) for c in range(0x2066, 0x206A)]  # bidi isolates
)

# Characters folded into another besides the Arabic letter variants of `lexicons/orthography.yaml`, which
# `_letters` adds on first use.
_OTHER_CHARACTERS = {
    "#": " ", "_": " ",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "″": '"',
    "‘": "'", "’": "'",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ", "\r": " ",
}
_LETTERS: dict[str, str] = {}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}


# A word of folded text: a run of Arabic letters, of digits, or of other letters. Scripts glued together in page
# captures ("حلب00:00", "الإسرائيليAll") are split apart.
WORD = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]+|\d+|[^\W\d_\u0621-\u06ff]+")

# Writers break words to dodge platform filters (المسـ.ـتهدف، فقـ ـد، بقـ.صف، ق.صف، استهد.ف): a dot or space between
# tatweels and dots after a tatweel are dropped from the raw text; in the folded text, a dot inside a word that
# leaves a piece of one or two letters is dropped too. A dot between two longer words ("الغربي.وأضاف") is a
# sentence end with its space missing and stays.
_OBFUSCATION = re.compile(r"\u0640[ .]+\u0640|(?<=\u0640)[.]+(?=[\u0621-\u064a])")
_INNER_DOT = re.compile(r"(?<=[\u0621-\u064a])[.](?=[\u0621-\u064a])")
_LETTERS_BEFORE = re.compile(r"[\u0621-\u064a]{1,3}$")
_LETTERS_AFTER = re.compile(r"[\u0621-\u064a]{1,3}")
_TATWEEL = chr(0x0640)
_PRESENTATION_FORMS = chr(0xFB50)  # the first of them; NFKC expands them, up to U+FEFF


def _inner_dots(folded: str) -> set[int]:
    """Positions of dots that break a folded word into a piece of one or two letters and the rest."""
    drop = set()
    for m in _INNER_DOT.finditer(folded):
        before = _LETTERS_BEFORE.search(folded, max(0, m.start() - 3), m.start())
        after = _LETTERS_AFTER.match(folded, m.end())
        if before is not None and after is not None and min(len(before.group()), len(after.group())) <= 2:
            drop.add(m.start())
    return drop


def _letters() -> dict[str, str]:
    """The characters folded into another: the orthography's letter variants and `_OTHER_CHARACTERS`."""
    if not _LETTERS:
        _LETTERS.update(orthography().fold_letters)
        _LETTERS.update(_OTHER_CHARACTERS)
    return _LETTERS


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """Fold one raw character into zero, one or several normalised characters."""
    letters = _letters()
    if ch in _DROP:
        return ""
    if ch in _DIGITS:
        return _DIGITS[ch]
    if ch in letters:
        return letters[ch]
    if ch.isascii():
        return ch.lower()
    out = []
    for c in unicodedata.normalize("NFKC", ch) if _PRESENTATION_FORMS <= ch <= "\ufeff" or ch > "\uffff" else ch:
        if c in _DROP:
            continue
        c = _DIGITS.get(c, letters.get(c, c))
        out.append(c.lower() if c.isascii() else c)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Normalized:
    """A folded text and, for each of its characters, the index of the raw character it came from."""

    raw: str
    text: str
    origin: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the folded text onto the raw text."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} lies outside the normalised text of length {len(self.text)}")
        if start == end:
            pos = self.origin[start] if start < len(self.origin) else len(self.raw)
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1


def normalize(raw: str) -> Normalized:
    """Fold `raw` for matching and keep the offset map back to it."""
    pieces: list[str] = []
    origin: list[int] = []
    drop = {i for m in _OBFUSCATION.finditer(raw) for i in range(*m.span())} if _TATWEEL in raw else ()
    for i, ch in enumerate(raw):
        if i in drop:
            continue
        folded = ch if ("a" <= ch <= "z" or ch == " ") else _fold_char(ch)
        if folded:
            pieces.append(folded)
            origin.extend([i] * len(folded))
    text = "".join(pieces)
    dots = _inner_dots(text) if "." in text else ()
    if dots:
        text = "".join(ch for k, ch in enumerate(text) if k not in dots)
        origin = [o for k, o in enumerate(origin) if k not in dots]
    return Normalized(raw, text, tuple(origin))


class _FoldTable(dict[int, str]):
    """Code point -> folded string, filled on first sight (`str.translate` asks `__missing__`)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Fold `text` without keeping offsets (for lexicon entries and queries); the same text as `normalize`."""
    if _TATWEEL in text:
        text = _OBFUSCATION.sub("", text)
    text = " ".join(text.translate(_TABLE).split())
    dots = _inner_dots(text) if "." in text else ()
    return "".join(ch for k, ch in enumerate(text) if k not in dots) if dots else text


def words(text: str) -> list[str]:
    """The words of `text` after folding, as the tokenizer sees them."""
    return WORD.findall(normalize(text).text)
