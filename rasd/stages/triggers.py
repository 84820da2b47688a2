"""Find event triggers, weapons and modality cues (lexicons `triggers.tsv` and `modality.tsv`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rasd.document import Document
from rasd.errors import ResourceError
from rasd.event import EVENT_TYPE
from rasd.lexicons import read_tsv
from rasd.matcher import PhraseMatcher
from rasd.pipeline import stage

if TYPE_CHECKING:
    from rasd.resources import Resources

__all__ = [
    "Cue", "CueEntry", "Trigger", "TriggerEntry", "TriggerWords", "find_triggers", "triggers",
]

ROLES = ("type", "attack", "weapon", "harm", "none")
MODALITIES = ("claimed", "denied", "feared", "threatened", "planned", "speculated", "conditional", "historical")
WEAPONS = {
    "air": "Air/drone strike",
    "artillery": "Shelling/artillery/missile attack",
    "chemical": "Chemical weapon",
    "ied": "Remote explosive/landmine/IED",
    "suicide": "Suicide bomb",
    "grenade": "Grenade",
    "gunfire": None,
}


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """A lexicon line: its role, its value (a sub-event type or a weapon) and what it needs."""

    phrase: str
    role: str
    value: str | None
    needs_weapon: bool


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger, weapon or harm word found in the text."""

    start: int
    end: int
    role: str
    value: str | None
    needs_weapon: bool
    prefix: str
    token: int
    phrase: str = ""
    definite: bool = False


@dataclass(frozen=True, slots=True)
class CueEntry:
    """A modality cue and how far it reaches."""

    phrase: str
    modality: str
    scope: str


@dataclass(frozen=True, slots=True)
class Cue:
    """A modality cue found in the text."""

    start: int
    end: int
    modality: str
    scope: str
    token: int


def _trigger_matcher() -> PhraseMatcher[TriggerEntry]:
    """The trigger lexicon as a matcher, checked on load."""
    entries = []
    for phrase, role, value, needs in read_tsv("triggers.tsv", columns=4):
        if role not in ROLES:
            raise ResourceError(f"triggers.tsv: {phrase!r} has role {role!r}; use one of {ROLES}")
        val = None if value == "-" else value
        if role in ("type", "attack") and val is not None and val not in EVENT_TYPE:
            raise ResourceError(f"triggers.tsv: {phrase!r} names the unknown sub-event type {value!r}")
        if role == "weapon" and val not in WEAPONS:
            raise ResourceError(f"triggers.tsv: {phrase!r} names the unknown weapon {value!r}")
        entries.append((phrase, TriggerEntry(phrase, role, val, needs == "weapon")))
    return PhraseMatcher(entries, suffixes=True, counts=True)


def _cue_matcher() -> PhraseMatcher[CueEntry]:
    """The modality cue lexicon as a matcher, checked on load."""
    entries = []
    for phrase, modality, scope in read_tsv("modality.tsv", columns=3):
        if modality not in MODALITIES or scope not in ("after", "clause", "sentence"):
            raise ResourceError(f"modality.tsv: {phrase!r} has modality {modality!r} or scope {scope!r} unknown")
        entries.append((phrase, CueEntry(phrase, modality, scope)))
    return PhraseMatcher(entries)


@dataclass(frozen=True, slots=True)
class TriggerWords:
    """The trigger lexicon (`triggers.tsv`) and the modality cues (`modality.tsv`) as matchers."""

    triggers: PhraseMatcher[TriggerEntry]
    modality: PhraseMatcher[CueEntry]

    @classmethod
    def load(cls) -> TriggerWords:
        """Read and check both lexicons."""
        return cls(triggers=_trigger_matcher(), modality=_cue_matcher())


def find_triggers(doc: Document, *, words: TriggerWords) -> tuple[Trigger, ...]:
    """Triggers of the document, each match resolved to one entry (the most specific role wins)."""
    out = []
    order = {"none": -1, "type": 0, "attack": 1, "weapon": 2, "harm": 3}
    for m in words.triggers.find(doc.layer("tokens")):
        entry = min(m.values, key=lambda e: order[e.role])
        if entry.role == "none":
            continue  # a longer phrase that only looks like a trigger (صواريخ شديدة الانفجار)
        out.append(
            Trigger(m.start, m.end, entry.role, entry.value, entry.needs_weapon, m.prefix, m.first, m.key, m.article)
        )
    return tuple(out)


@stage("triggers", requires=("tokens",), adds=("triggers", "cues"))
def triggers(doc: Document, resources: Resources) -> Document:
    """Add the `triggers` and `cues` layers."""
    words = resources.triggers
    cues = tuple(
        Cue(m.start, m.end, m.values[0].modality, m.values[0].scope, m.first)
        for m in words.modality.find(doc.layer("tokens"))
    )
    return doc.with_layers(triggers=find_triggers(doc, words=words), cues=cues)
