"""The letters of Arabic script that folding and tokenizing treat specially, read from `lexicons/orthography.yaml`.

`orthography()` reads the file on first use (not at import) and keeps it: the one data file the pipeline reads
outside `Resources`. The folding function depends on it, so it cannot be folded by that function nor come from
`Resources`, which is built with folded lists (and `fold()` serves callers that hold none, such as the scorer).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files

import yaml

from rasd.errors import ResourceError

__all__ = ["Orthography", "orthography"]


@dataclass(frozen=True, slots=True)
class Orthography:
    """Letter tables and clitics, in folded form."""

    fold_letters: Mapping[str, str]
    scorer_letters: tuple[str, ...]
    alef_maqsura: str
    conjunctions: tuple[str, ...]
    prepositions: tuple[str, ...]
    article: str
    lam_article: str
    pronoun_suffixes: tuple[str, ...]
    accusative_alef: str
    plural_waw: str
    open_ta: str
    closed_ta: str
    tatweel: str
    written_marks: re.Pattern[str]

    @classmethod
    def load(cls) -> Orthography:
        """Read `lexicons/orthography.yaml` bundled with rasd."""
        name = "rasd/lexicons/orthography.yaml"
        try:
            data = yaml.safe_load(files("rasd.lexicons").joinpath("orthography.yaml").read_text(encoding="utf-8"))
            return cls(
                fold_letters={str(k): str(v) for k, v in data["fold_letters"].items()},
                scorer_letters=tuple(data["scorer_letters"]), alef_maqsura=data["alef_maqsura"],
                conjunctions=tuple(data["conjunctions"]), prepositions=tuple(data["prepositions"]),
                article=data["article"], lam_article=data["lam_article"],
                pronoun_suffixes=tuple(data["pronoun_suffixes"]), accusative_alef=data["accusative_alef"],
                plural_waw=data["plural_waw"], open_ta=data["open_ta"], closed_ta=data["closed_ta"],
                tatweel=data["tatweel"], written_marks=re.compile(data["written_marks"]))
        except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError, re.error) as err:
            raise ResourceError(f"{name} cannot be read ({err!r}); reinstall rasd") from err


_LOADED: list[Orthography] = []


def orthography() -> Orthography:
    """The orthography tables, read on first use."""
    if not _LOADED:
        _LOADED.append(Orthography.load())
    return _LOADED[0]
