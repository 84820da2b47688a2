"""The actor lexicon: canonical ACLED-style actors, their Arabic surface forms and the cues around them.

`lexicons/actors.yaml` holds one entry per actor (name, kind, inter code, aliases, validity dates) and the
word lists the actor stage reads (heads such as `قوات` or `مدفعية`, attack nouns that license an adjective,
role cues such as `مصدره` or `مواقع`). An alias may belong to several entries that differ by date
(`الجيش السوري` names the Assad-era forces before 8 Dec 2024 and the transitional government's after);
`ActorLexicon.resolve` picks the entry valid on a day.

Some words name a country's own forces, gunmen or civilians without naming the country (`القوات الحكومية`,
`الجيش`, `مسلحون مجهولون`): an entry's `local_ar`, and the words of its `generic` role (the `generic` lists of
actors.yaml), name it only in an event that lies in its country. The actor stage files them on the mention apart
from its entries (`ActorMention.local`) and the roles take them when the event's country is known
(`ActorMention.in_country`).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

import yaml

from rasd.errors import ResourceError
from rasd.matcher import PhraseMatcher
from rasd.normalize import fold
from rasd.orthography import orthography

__all__ = ["FORMS", "KINDS", "LOCAL", "ActorAlias", "ActorEntry", "ActorLexicon", "load_actors", "parse_actors"]

KINDS = ("state", "unit", "rebel", "militia", "civilians", "victim", "unidentified", "protesters", "coalition")
# How an alias names its actor: by name, by equipment that implies it (الطيران الروسي), by a nisba adjective
# that needs a military head to count (قصف تركي), or by a place name that is an actor only outside a
# locative phrase (قصفت روسيا, not في روسيا).
FORMS = ("name", "implied", "adjective", "toponym")
# How a word names an actor only inside the actor's country (`الجيش` in an event in Iraq): filed apart from the forms.
LOCAL = "local"
_FIELDS_OF_FORM = {"name": "aliases_ar", "implied": "implied_ar", "adjective": "adjectives_ar",
                   "toponym": "toponyms_ar"}
_KEYS = {"name", "kind", "inter", "country", "qid", "parent", "sponsor", "valid_from", "valid_to", "lineage",
         "generic", "local_ar", *_FIELDS_OF_FORM.values()}
_CUE_LISTS = ("heads", "modifiers", "attack_nouns", "source_cues", "ally_cues", "target_cues", "patient_triggers",
              "locatives", "territory", "speaker_cues", "accuse_cues", "not_actors", "weapon_heads", "attack_verbs",
              "hedges", "overhead_cues", "unknown_source", "harm_verbs",
              "victim_heads", "member_words", "belonging_cues")
_PERIOD = re.compile(r"\s*\(\d{4}-(\d{4})?\)$")
_QID = re.compile(r"^Q[1-9]\d*$")


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One canonical actor, valid from `valid_from` to `valid_to` (inclusive, open when None)."""

    name: str
    kind: str
    inter: int
    country: str | None = None
    aliases_ar: tuple[str, ...] = ()
    implied_ar: tuple[str, ...] = ()
    adjectives_ar: tuple[str, ...] = ()
    toponyms_ar: tuple[str, ...] = ()
    qid: str | None = None
    parent: str | None = None
    sponsor: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    lineage: str = ""
    generic: str | None = None
    local_ar: tuple[str, ...] = ()

    def valid_on(self, day: date) -> bool:
        """Whether the entry names its actor on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def distance(self, day: date) -> int:
        """Days between `day` and the validity period (0 inside it)."""
        if self.valid_from is not None and day < self.valid_from:
            return (self.valid_from - day).days
        if self.valid_to is not None and day > self.valid_to:
            return (day - self.valid_to).days
        return 0

    @property
    def tags(self) -> tuple[str, ...]:
        """Sponsorship tags, such as `Iran-backed`."""
        return (self.sponsor,) if self.sponsor else ()


@dataclass(frozen=True, slots=True)
class ActorAlias:
    """What the matcher files under a folded alias: the entry and how the alias names it."""

    entry: ActorEntry
    form: str


class ActorLexicon:
    """Validated actor entries with a phrase matcher over their aliases and the cue word lists."""

    def __init__(self, entries: Iterable[ActorEntry], cues: Mapping[str, Iterable[str]],
                 spellings: Iterable[tuple[str, str]] = (), generic: Mapping[str, Iterable[str]] | None = None) -> None:
        self.entries = tuple(entries)
        self.generic = {role: tuple(words) for role, words in (generic or {}).items()}
        self.spellings = tuple((fold(a), fold(b)) for a, b in spellings)
        self.cues = {name: tuple(fold(w) for w in words) for name, words in cues.items()}
        self._by_name = {e.name: e for e in self.entries}
        self._phrases: dict[str, tuple[tuple[str, ...], ...]] = {}
        self._words: dict[str, frozenset[str]] = {}
        self._index: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {}
        self._by_alias: dict[str, list[ActorEntry]] = {}
        for entry, _, alias in self.aliases():
            filed = self._by_alias.setdefault(alias, [])
            if entry not in filed:
                filed.append(entry)

    def aliases(self) -> list[tuple[ActorEntry, str, str]]:
        """Every `(entry, form, folded alias)`, spelling variants included."""
        out: list[tuple[ActorEntry, str, str]] = []
        for entry in self.entries:
            for form, field_name in _FIELDS_OF_FORM.items():
                for alias in getattr(entry, field_name):
                    out.extend((entry, form, variant) for variant in self._spelt(fold(alias)))
        return out

    def local_aliases(self) -> list[tuple[ActorEntry, str]]:
        """Every `(entry, folded word)` naming an entry only in its own country: its `local_ar` and the words of its
        `generic` role, spelling variants included, its own aliases left out."""
        out: list[tuple[ActorEntry, str]] = []
        for entry in self.entries:
            own = {variant for field_name in _FIELDS_OF_FORM.values() for alias in getattr(entry, field_name)
                   for variant in self._spelt(fold(alias))}
            words = (*entry.local_ar, *(self.generic.get(entry.generic, ()) if entry.generic else ()))
            for word in dict.fromkeys(v for w in words for v in self._spelt(fold(w))):
                if word not in own:
                    out.append((entry, word))
        return out

    @functools.cached_property
    def _named(self) -> frozenset[str]:
        return frozenset(alias for _, _, alias in self.aliases())

    @functools.cached_property
    def _matcher(self) -> PhraseMatcher[ActorAlias]:
        named = ((alias, ActorAlias(entry, form)) for entry, form, alias in self.aliases())
        # A word that is an alias somewhere also carries the entries it names only in their country.
        local = ((word, ActorAlias(entry, LOCAL)) for entry, word in self.local_aliases() if word in self._named)
        return PhraseMatcher(itertools.chain(named, local), article_must_agree=False)

    def matcher(self) -> PhraseMatcher[ActorAlias]:
        """The phrase matcher over every alias (built once, article agreement off)."""
        return self._matcher

    @functools.cached_property
    def _local_matcher(self) -> PhraseMatcher[ActorAlias]:
        return PhraseMatcher(((word, ActorAlias(entry, LOCAL)) for entry, word in self.local_aliases()
                              if word not in self._named), article_must_agree=False)

    def local_matcher(self) -> PhraseMatcher[ActorAlias]:
        """The phrase matcher over the words that name actors only in their own country and nowhere else (`الجيش`)."""
        return self._local_matcher

    @functools.cached_property
    def _blockers(self) -> PhraseMatcher[str]:
        return PhraseMatcher(((p, p) for p in self.cues.get("not_actors", ())), article_must_agree=False)

    def blockers(self) -> PhraseMatcher[str]:
        """The phrase matcher over names that hold actor words but name no actor (`الدفاع المدني السوري`)."""
        return self._blockers

    @functools.cached_property
    def article_only(self) -> frozenset[str]:
        """One-word aliases written only with the article (`النظام`): bare `نظام` (a system) is no actor."""
        forms: dict[str, set[bool]] = {}
        for alias in itertools.chain((a for _, _, a in self.aliases()), (w for _, w in self.local_aliases())):
            if " " not in alias:
                forms.setdefault(_bare(alias), set()).add(_bare(alias) != alias)
        return frozenset(word for word, articles in forms.items() if articles == {True})

    def cue_phrases(self, name: str) -> tuple[tuple[str, ...], ...]:
        """One cue list (`heads`, `source_cues`, ...) as folded word sequences."""
        found = self._phrases.get(name)
        if found is None:
            found = self._phrases[name] = tuple(tuple(p.split()) for p in self.cues.get(name, ()))
        return found

    def cue_index(self, name: str) -> dict[str, tuple[tuple[str, ...], ...]]:
        """The phrases of a cue list filed under their last word, and under it without its article."""
        found = self._index.get(name)
        if found is None:
            filed: dict[str, list[tuple[str, ...]]] = {}
            for phrase in self.cue_phrases(name):
                for key in dict.fromkeys((phrase[-1], _bare(phrase[-1]))):
                    filed.setdefault(key, []).append(phrase)
            found = self._index[name] = {key: tuple(phrases) for key, phrases in filed.items()}
        return found

    def cue_words(self, name: str) -> frozenset[str]:
        """The one-word cues of a list, folded and without the article."""
        found = self._words.get(name)
        if found is None:
            found = self._words[name] = frozenset(_bare(p) for p in self.cues.get(name, ()) if " " not in p)
        return found

    def _spelt(self, alias: str) -> list[str]:
        """An alias and its other spellings (`spellings` of actors.yaml)."""
        out = [alias]
        for a, b in self.spellings:
            for x, y in ((a, b), (b, a)):
                if x in alias:
                    out.append(alias.replace(x, y))
        return list(dict.fromkeys(out))

    def get(self, name: str) -> ActorEntry | None:
        """The entry with this canonical name."""
        return self._by_name.get(name)

    def resolve(self, entry_or_alias: ActorEntry | str | Iterable[ActorEntry], on: date | None) -> ActorEntry | None:
        """The entry valid on `on` among an alias's entries, an entry's lineage or given candidates.

        Without a date the first candidate listed wins; when none is valid on the date, the one whose
        period is nearest (a report of 2025 naming `قوات النظام` still means the Assad-era forces).
        """
        if isinstance(entry_or_alias, ActorEntry):
            if on is None:
                return entry_or_alias
            candidates = [e for e in self.entries if e.lineage == entry_or_alias.lineage]
        elif isinstance(entry_or_alias, str):
            candidates = list(self._by_alias.get(fold(entry_or_alias), ()))
        else:
            candidates = list(entry_or_alias)
        if not candidates:
            return None
        if on is None:
            return candidates[0]
        return min(candidates, key=lambda e: e.distance(on))


def _bare(word: str) -> str:
    article = orthography().article
    return word[len(article):] if word.startswith(article) and len(word) > 4 else word


def _fail(where: str, message: str) -> ResourceError:
    return ResourceError(f"actors.yaml, {where}: {message}; fix the entry in rasd/lexicons/actors.yaml")


def _date(raw: Any, where: str, key: str) -> date | None:
    if raw is None:
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise _fail(where, f"`{key}` must be an ISO date (yyyy-mm-dd), not {raw!r}") from None


def _words(raw: Any, where: str, key: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(w, str) and fold(w) for w in raw):
        raise _fail(where, f"`{key}` must be a list of non-empty strings")
    return tuple(raw)


def _pairs(raw: Any) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(p, list) and len(p) == 2 and all(isinstance(w, str) and fold(w)
                                                                                       for w in p) for p in raw):
        raise _fail("top level", "`spellings` must be a list of pairs of non-empty strings")
    return tuple((a, b) for a, b in raw)


def _text(raw: Any, where: str, key: str) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not raw.strip():
        raise _fail(where, f"`{key}` must be a non-empty string")
    return raw


def _entry(raw: Any, index: int) -> ActorEntry:
    where = f"entry {index}"
    if not isinstance(raw, dict):
        raise _fail(where, "an entry must be a mapping")
    name = _text(raw.get("name"), where, "name")
    if name is None:
        raise _fail(where, "`name` is missing")
    where = f"entry {index} ({name})"
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise _fail(where, f"unknown fields {unknown}; allowed are {sorted(_KEYS)}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _fail(where, f"`kind` must be one of {list(KINDS)}, not {kind!r}")
    inter = raw.get("inter")
    if not isinstance(inter, int) or isinstance(inter, bool) or not 1 <= inter <= 8:
        raise _fail(where, f"`inter` must be an integer from 1 to 8 (CODEBOOK §3), not {inter!r}")
    qid = _text(raw.get("qid"), where, "qid")
    if qid is not None and not _QID.match(qid):
        raise _fail(where, f"`qid` must look like Q123, not {qid!r}")
    forms = {f: _words(raw.get(f), where, f) for f in _FIELDS_OF_FORM.values()}
    local_ar = _words(raw.get("local_ar"), where, "local_ar")
    generic = _text(raw.get("generic"), where, "generic")
    if not any(forms.values()) and not local_ar and generic is None:
        raise _fail(where, "an entry needs at least one Arabic alias")
    valid_from = _date(raw.get("valid_from"), where, "valid_from")
    valid_to = _date(raw.get("valid_to"), where, "valid_to")
    if valid_from and valid_to and valid_from > valid_to:
        raise _fail(where, "`valid_from` lies after `valid_to`")
    lineage = _text(raw.get("lineage"), where, "lineage") or _PERIOD.sub("", name)
    return ActorEntry(
        name=name, kind=kind, inter=inter, country=_text(raw.get("country"), where, "country"),
        qid=qid, parent=_text(raw.get("parent"), where, "parent"), sponsor=_text(raw.get("sponsor"), where, "sponsor"),
        valid_from=valid_from, valid_to=valid_to, lineage=lineage,
        aliases_ar=forms["aliases_ar"], implied_ar=forms["implied_ar"], adjectives_ar=forms["adjectives_ar"],
        toponyms_ar=forms["toponyms_ar"], generic=generic, local_ar=local_ar,
    )


def parse_actors(data: Any) -> ActorLexicon:
    """Validate a parsed actors document (`{actors: [...], heads: [...], ...}`) into a lexicon."""
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise _fail("top level", "expected a mapping with an `actors` list")
    entries = [_entry(raw, i) for i, raw in enumerate(data["actors"])]
    generic = _generic(data.get("generic"))
    seen: set[str] = set()
    names = {e.name for e in entries}
    for i, e in enumerate(entries):
        if e.name in seen:
            raise _fail(f"entry {i} ({e.name})", "the canonical name appears twice; merge the two entries")
        seen.add(e.name)
        if e.parent is not None and e.parent not in names:
            raise _fail(f"entry {i} ({e.name})", f"`parent` {e.parent!r} is not the name of an entry")
        if e.generic is not None and e.generic not in generic:
            raise _fail(f"entry {i} ({e.name})", f"`generic` {e.generic!r} names none of the lists {sorted(generic)}")
    cues = {name: _words(data.get(name), "top level", name) for name in _CUE_LISTS}
    return ActorLexicon(entries, cues, _pairs(data.get("spellings")), generic)


def _generic(raw: Any) -> dict[str, tuple[str, ...]]:
    """The `generic` lists: a role's words, given flat or as lists of lists (YAML aliases of entries' alias lists)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _fail("top level", "`generic` must map a role (military, police, ...) to a list of words")
    out: dict[str, tuple[str, ...]] = {}
    for role, words in raw.items():
        flat = [w for item in words for w in (item if isinstance(item, list) else [item])] \
            if isinstance(words, list) else words
        out[str(role)] = _words(flat, f"generic {role}", "generic")
    return out


def load_actors() -> ActorLexicon:
    """Load and validate the bundled actor lexicon (`Resources.load` does, once; stages read `Resources.actors`)."""
    try:
        text = resources.files("rasd").joinpath("lexicons", "actors.yaml").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as err:
        raise ResourceError(f"rasd/lexicons/actors.yaml is missing ({err}); reinstall rasd") from err
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ResourceError(f"rasd/lexicons/actors.yaml is not valid YAML: {err}") from err
    return parse_actors(data)
