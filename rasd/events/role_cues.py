"""The grammar words of role assignment (`lexicons/cues/roles.yaml`) and the token tests built on them.

Shared by the `actors` stage, which finds actor mentions, and `rasd.events.roles`, which assigns their roles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rasd.clitics import variants
from rasd.document import Document, Token
from rasd.lexicons.cues import Cues
from rasd.normalize import fold

__all__ = ["COMMAS", "LOOKBACK", "VICTIMS", "RoleCues", "joined"]

# How many words back a cue or a head may stand from the actor it bears on.
LOOKBACK = 4
_GAP = frozenset(" \t\"'()“”«»-–#_")
# Entry kinds that are the victims of an act, never its authors.
VICTIMS = ("civilians", "victim")
# Marks that may part a weapon from its owner named with ل (طائرة حربية، لجيش الاحتلال، منزلا): the Arabic comma
# and the Latin one.
COMMAS = frozenset("\u060c,")

@dataclass(frozen=True, slots=True)
class RoleCues:
    """The grammar words of `lexicons/cues/roles.yaml`, folded (each list's comment there says what it is for)."""

    role_clitics: frozenset[str]
    tails: frozenset[str]
    that: frozenset[str]
    clause_starts: frozenset[str]
    article: str
    to_the: str
    from_: str
    on: str
    between: str
    and_: str
    by: str
    of: str
    nominative_plural: str

    @classmethod
    def from_cues(cls, cues: Cues) -> RoleCues:
        """Read the lists from `resources.cues`."""

        def word(name: str) -> str:
            return str(cues.get("roles", name))

        return cls(
            role_clitics=cues.words("roles", "role_clitics"), tails=cues.words("roles", "tails"),
            that=cues.words("roles", "that"), clause_starts=cues.words("roles", "clause_starts"),
            article=word("article"), to_the=word("to_the"), from_=word("from"), on=word("upon"),
            between=word("between"), and_=word("and"), by=word("by"), of=word("of"),
            nominative_plural=word("nominative_plural"),
        )

    def cores(self, word: str) -> frozenset[str]:
        """Every reading of a folded word without its clitics and article."""
        return _cores(word, self.article)

    def has(self, tok: Token, words: frozenset[str]) -> bool:
        """Whether a reading of the token is one of `words`."""
        return not words.isdisjoint(_cores(tok.norm, self.article))

    def bare(self, word: str) -> str:
        """A word without its article (the long words only)."""
        return word[2:] if word.startswith(self.article) and len(word) > 4 else word

    def clitics(self, prefix: str) -> str:
        """The clitic letters of a matched prefix that belong before the actor's text (not its article)."""
        if prefix.endswith(self.to_the):
            return prefix[:-2]
        if prefix.endswith(self.article):
            return prefix[:-2]
        return prefix

    def role_clitics_of(self, prefix: str) -> str:
        """The clitic letters of a matched prefix without the article: `لل` is ل before an article whose alef fell."""
        return prefix[:-1] if prefix.endswith(self.to_the) else self.clitics(prefix)

    def past_hedge(self, tokens: Sequence[Token], i: int, lo: int, hedges: frozenset[str]) -> int:
        """The index before a hedge (يرجح أنها) that ends at token `i`, or `i` when none ends there."""
        j = i - 1 if i >= lo and tokens[i].norm in self.that else i
        return j - 1 if j >= lo and self.has(tokens[j], hedges) else i


@lru_cache(maxsize=100_000)
def _cores(word: str, article: str) -> frozenset[str]:
    """Every reading of a folded word without its clitics and article."""
    out = set()
    for core, _, _ in variants(word):
        out.add(core)
        if core.startswith(article) and len(core) > 4:
            out.add(core[2:])
    return frozenset(out)


def joined(doc: Document, left: Token, right: Token, *, comma: bool = False) -> bool:
    """Whether only spaces, quotes or marks the normaliser drops (تنوين، تطويل) separate two tokens, or a
    comma too when `comma` is set."""
    return all(ch in _GAP or not fold(ch) or (comma and ch in COMMAS) for ch in doc.text[left.end : right.start])
