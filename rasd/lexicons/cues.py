"""Named cue lists: every Arabic word the stages look for, kept as data in `lexicons/cues/*.yaml`.

A file is one section (`places.yaml` is the section `places`); each top-level key names a list of words or
phrases, or a mapping, written in ordinary Arabic spelling. Loading folds every string with `fold()`, the same
function that folds the text, so an entry cannot be spelled in a way the text never takes. A comment above each
key says what the list is for.

    generic:            # a word before a name that is part of the place mention
      - قرية
      - بلدة
    regions_of:         # a plural word of region and the singular its list stands for
      ريفي: ريف

`Cues.load()` reads them all once; `Resources` holds the result and stages read it from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files
from typing import Any

import yaml

from rasd.errors import ResourceError
from rasd.normalize import fold

__all__ = ["Cues"]

def _fold_value(value: Any, where: str) -> Any:
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, list):
        return tuple(_fold_value(v, where) for v in value)
    if isinstance(value, dict):
        return {(fold(k) if isinstance(k, str) else k): _fold_value(v, where) for k, v in value.items()}
    raise ResourceError(f"{where}: unexpected {type(value).__name__} in a cue list; use strings, lists or mappings")


class Cues:
    """Every cue list, folded, by section and name."""

    __slots__ = ("_raw", "_sections", "_sets")

    def __init__(self, sections: Mapping[str, Mapping[str, Any]]) -> None:
        self._raw = {s: dict(v) for s, v in sections.items()}
        self._sections = {s: {k: _fold_value(v, f"cues/{s}.yaml: {k}") for k, v in v.items()}
                          for s, v in sections.items()}
        self._sets: dict[tuple[str, str], frozenset[str]] = {}

    @classmethod
    def load(cls) -> Cues:
        """Read every `lexicons/cues/*.yaml` bundled with rasd."""
        folder = files("rasd.lexicons").joinpath("cues")
        sections: dict[str, Mapping[str, Any]] = {}
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if not entry.name.endswith(".yaml"):
                continue
            try:
                data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as err:
                raise ResourceError(f"rasd/lexicons/cues/{entry.name} is not valid YAML: {err}") from err
            if not isinstance(data, dict):
                raise ResourceError(f"rasd/lexicons/cues/{entry.name} must map names to cue lists")
            sections[entry.name.removesuffix(".yaml")] = data
        return cls(sections)

    @property
    def sections(self) -> list[str]:
        """The section names."""
        return sorted(self._sections)

    def names(self, section: str) -> list[str]:
        """The list names of a section."""
        return sorted(self._get_section(section))

    def _get_section(self, section: str) -> Mapping[str, Any]:
        try:
            return self._sections[section]
        except KeyError:
            raise ResourceError(f"no cue section {section!r}; add rasd/lexicons/cues/{section}.yaml") from None

    def get(self, section: str, name: str) -> Any:
        """A folded cue list or mapping as loaded."""
        values = self._get_section(section)
        try:
            return values[name]
        except KeyError:
            raise ResourceError(f"no cue list {name!r} in rasd/lexicons/cues/{section}.yaml") from None

    def words(self, section: str, name: str) -> frozenset[str]:
        """A cue list as a set of folded words or phrases."""
        key = (section, name)
        found = self._sets.get(key)
        if found is None:
            value = self.get(section, name)
            if isinstance(value, Mapping):
                value = tuple(value)
            found = self._sets[key] = frozenset(value)
        return found

    def phrases(self, section: str, name: str) -> tuple[str, ...]:
        """A cue list in its file's order (folded)."""
        value = self.get(section, name)
        return tuple(value)

    def mapping(self, section: str, name: str) -> Mapping[str, Any]:
        """A cue mapping with folded keys (and folded string values)."""
        value = self.get(section, name)
        if not isinstance(value, Mapping):
            raise ResourceError(f"cue {name!r} of rasd/lexicons/cues/{section}.yaml is a list, not a mapping")
        return value

    def raw(self, section: str, name: str) -> Any:
        """A cue entry exactly as written (for patterns that must not be folded)."""
        self.get(section, name)
        return self._raw[section][name]

    def entries(self) -> list[tuple[str, str, str]]:
        """Every raw string of every list as (section, name, string): what the fixed-point test checks."""
        out: list[tuple[str, str, str]] = []

        def walk(section: str, name: str, value: Any) -> None:
            if isinstance(value, str):
                out.append((section, name, value))
            elif isinstance(value, list):
                for v in value:
                    walk(section, name, v)
            elif isinstance(value, dict):
                for k, v in value.items():
                    walk(section, name, k)
                    walk(section, name, v)

        for section, values in self._raw.items():
            for name, value in values.items():
                walk(section, name, value)
        return out
