"""How the scorer of `rasd.evaluate` compares names, places, days and actors (FORMATS.md, "Scoring").

The Arabic key of a name (`ar_key`) follows the reference scorer's letter rules, not `rasd.normalize.fold`, which
also expands presentation forms (e.g. "ﺣَﻠَﺐ" in Airwars place names) and Persian letters: the judges' figures must
be reproduced exactly. The rules are read on first use from `lexicons/orthography.yaml` and `lexicons/scoring.yaml`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from typing import Any

import yaml

from rasd.orthography import orthography

__all__ = [
    "actor_keys",
    "actors_match",
    "ar_key",
    "as_list",
    "day_of",
    "en_key",
    "km",
    "place_match",
    "role_names",
    "text_names",
]

Json = Mapping[str, Any]

_NON_WORD = re.compile(r"[^\w\s]|_")
_EN_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "at", "an", "az"})
_RULES: list[_Rules] = []


@dataclass(frozen=True, slots=True)
class _Rules:
    """The reference scorer's letter table and actor keys."""

    table: Mapping[int, str | None]
    actor_keys: tuple[tuple[str, tuple[str, ...]], ...]
    article: str


def _rules() -> _Rules:
    """The scoring rules, read on first use: the letters of `lexicons/orthography.yaml` the reference scorer folds
    (diacritics and tatweel dropped), and the actor keys of `lexicons/scoring.yaml`."""
    if not _RULES:
        script = orthography()
        marks = [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640]
        letters = {ord(k): script.fold_letters[k] for k in script.scorer_letters}
        text = files("rasd.lexicons").joinpath("scoring.yaml").read_text(encoding="utf-8")
        keys = yaml.safe_load(text)["actor_keys"]
        _RULES.append(_Rules(table={**dict.fromkeys(marks), **letters},
                             actor_keys=tuple((str(k), tuple(map(str, v))) for k, v in keys.items()),
                             article=script.article))
    return _RULES[0]


# --- names, places, dates ---------------------------------------------------------------------------------------


def actor_keys() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The scoring rules' actor keys, each with its needles (`lexicons/scoring.yaml`)."""
    return _rules().actor_keys


def ar_key(value: object) -> str:
    """Fold a name for comparison: no diacritics, unified letters, punctuation to spaces, no article `ال`."""
    if not value:
        return ""
    rules = _rules()
    words = _NON_WORD.sub(" ", str(value).translate(rules.table)).lower().split()
    # a three-letter word such as "الم" is a stem, not an article plus one letter
    article = rules.article
    return " ".join(w[2:] if w.startswith(article) and len(w) > 3 else w for w in words)


def en_key(value: object) -> str:
    """Fold an English name for comparison: the part before a comma, lower case, no `al-`/`el-` articles."""
    if not value:
        return ""
    head = str(value).split(",")[0].lower().replace("-", " ").replace("'", "").replace("`", "")
    return " ".join(w for w in _NON_WORD.sub(" ", head).split() if w not in _EN_ARTICLES)


def _same_name(a: str, b: str) -> bool:
    """Whether two folded place names are equal or one holds the other as whole words."""
    if len(a) < 3 or len(b) < 3:
        return False
    return a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} "


def km(a_lat: object, a_lon: object, b_lat: object, b_lon: object) -> float | None:
    """Return the great-circle distance in km, or None when a coordinate is missing or not a number."""
    try:
        lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (a_lat, a_lon, b_lat, b_lon))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in (lat1, lon1, lat2, lon2)):
        return None
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def day_of(value: object) -> date | None:
    """Read the date of an ISO date or datetime, or None."""
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def as_list(value: object) -> list[Any]:
    """Return a field that may be a scalar, a list or null as a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def place_match(
    event: Json, *, latitude: object, longitude: object, name_ar: object, name_en: object, radius_km: float
) -> tuple[bool, float | None]:
    """Whether an event lies at a place (same folded name, or within `radius_km`), and its distance in km."""
    has_point = latitude is not None and longitude is not None
    distance = km(event.get("latitude"), event.get("longitude"), latitude, longitude) if has_point else None
    by_name = _same_name(ar_key(event.get("location_ar")), ar_key(name_ar)) or _same_name(
        en_key(event.get("location")), en_key(name_en)
    )
    return by_name or (distance is not None and distance <= radius_km), distance


# --- actors -----------------------------------------------------------------------------------------------------


def _actor_keys(names: Iterable[object]) -> set[str]:
    """Return the actor keys any of these names carries."""
    keys: set[str] = set()
    for name in names:
        if not name:
            continue
        for text in (str(name).lower(), ar_key(name)):
            keys.update(key for key, needles in actor_keys() if any(n in text for n in needles))
    return keys


def actors_match(predicted: Sequence[object], gold: Sequence[object]) -> bool:
    """Whether two sets of actor names (English, Arabic, associated) name the same actor."""
    pred_keys, gold_keys = _actor_keys(predicted), _actor_keys(gold)
    if pred_keys and gold_keys:
        return bool(pred_keys & gold_keys)

    def folded(names: Sequence[object]) -> set[str]:
        return {key for n in names if n for key in (ar_key(n), en_key(n))} - {""}

    return bool(folded(predicted) & folded(gold))


def text_names(text: str, actors: Sequence[object]) -> bool:
    """Whether a text names one of these actors at all (else no extractor could name it)."""
    wanted = _actor_keys(actors)
    hay = f"{ar_key(text)} {text.lower()}"
    return any(n in hay for key, needles in actor_keys() if key in wanted for n in needles)


def role_names(event: Json, *, role: str) -> list[object]:
    """Return an event's names for `actor1` or `actor2`: English, Arabic and associated actors."""
    return [event.get(role), event.get(f"{role}_ar"), *as_list(event.get(f"assoc_actor_{role[-1]}"))]
