"""Split the proclitics that Arabic writes onto a word: conjunctions, prepositions and the article.

`وبالقلمون` is `و` + `ب` + `ال` + `قلمون`; `للميليشيات` is `ل` + `ال` + `ميليشيات` (the article's alef is
dropped after `ل`). Words are expected in folded form (see `rasd.normalize`).
"""

from __future__ import annotations

from functools import lru_cache

from rasd.orthography import orthography

__all__ = ["analyse", "variants"]

_MIN_CORE = 2


@lru_cache(maxsize=200_000)
def analyse(word: str) -> tuple[str, str, bool]:
    """Return `(core, prefix, article)` for the most plausible split of a folded word.

    The longest split whose core keeps at least two letters wins; a word that is itself only letters of
    clitics (`ولا`) is returned whole.
    """
    options = variants(word)
    return options[-1]


@lru_cache(maxsize=200_000)
def variants(word: str) -> tuple[tuple[str, str, bool], ...]:
    """Every clitic split of a folded word, from none to the longest, as `(core, prefix, article)`."""
    script = orthography()
    out: list[tuple[str, str, bool]] = [(word, "", False)]
    rest, prefix = word, ""
    if len(rest) > _MIN_CORE + 1 and rest[0] in script.conjunctions:
        rest, prefix = rest[1:], rest[0]
        out.append((rest, prefix, False))
    if len(rest) > _MIN_CORE + 1 and rest.startswith(script.lam_article):
        out.append((rest[2:], prefix + script.lam_article, True))
        return tuple(out)
    if len(rest) > _MIN_CORE + 1 and rest[0] in script.prepositions:
        rest, prefix = rest[1:], prefix + rest[0]
        out.append((rest, prefix, False))
    if len(rest) > _MIN_CORE + 2 and rest.startswith(script.article):
        out.append((rest[2:], prefix + script.article, True))
    return tuple(out)
