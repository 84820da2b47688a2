"""PLOVER records in the field names of POLECAT, the PLOVER event data set (2023 on), one JSON object a line.

The nesting (lists of actor objects, a location object, `cite_info`) is the PLOVER manual's JSON; the names are
POLECAT's where POLECAT has the field (its tab-separated release, or the JSON of NGEC, the coder that produces it),
and the manual's otherwise. Each record has `id`, `date` (YYYY-MM-DD), `event_type` (the PLOVER category),
`event_mode` and `contexts` lists, and `actor` and `recipient`: lists of actor objects, each with `actor_name` (the
canonical name), `entity_text` (the words of the text, in Arabic: the release's Actor Name Raw), `country` (ISO 3166
alpha-3, or IGO/IMG), `sector` (POLECAT's primary sector: GOV, MIL, COP, SPY, REB, PRM, UAF, CVL, JRN, MED, EDU, REF,
AGR, LAB) and `wikidata_id`. Its `location` object gives `placename`, `entity_text` (the place as the text names it:
the release's Raw Placename), `geonameid`, `lat`, `lon`, `country` (alpha-3), `province` and `district`, and rasd's
`admin3`, `pcode` and `geo_precision`, which POLECAT has not. Then `event_text` (the evidence, trigger first),
`quad_code` (POLECAT's label: VERBAL COOPERATION, MATERIAL COOPERATION, VERBAL CONFLICT, MATERIAL CONFLICT),
`event_intensity` (the PLOVER manual's conflict-cooperation score), ASSAULT's `dead` and `injured`, `cite_info` (one
object per source, a list because rasd events merge several reports; `publication_date` as POLECAT names it), `coder`
and `comment` (the English notes). `acled_event_type`, `acled_sub_event_type`, `confidence` and `review_state` are
rasd's own, with no PLOVER counterpart. As PLOVER prescribes, two-sided violence (battles) lists both sides as `actor`
with no `recipient`. Events with no PLOVER counterpart (`Other` strategic developments) are left out; an event without
a date (exported only on request) has a null `date` and its `review_state`. Modes are POLECAT's where it adds to the
manual (`aerial`, `crowd-control`).

| ACLED sub-event type | PLOVER event | event_mode | contexts |
|---|---|---|---|
| Government regains territory, Non-state actor overtakes territory | ASSAULT (two-sided) | | military, resource |
| Armed clash | ASSAULT (two-sided) | firearms | military |
| Excessive force against protesters | ASSAULT | crowd-control | |
| Protest with intervention, Peaceful protest | PROTEST | demo | |
| Violent demonstration | PROTEST | riot | |
| Mob violence | ASSAULT | beat | |
| Chemical weapon | ASSAULT | unconventional | military, cbrn |
| Air/drone strike | ASSAULT | aerial | military |
| Shelling/artillery/missile attack | ASSAULT | heavy-weapons | military |
| Suicide bomb | ASSAULT | suicide-attack | |
| Remote explosive/landmine/IED, Grenade | ASSAULT | explosives | |
| Sexual violence | ASSAULT | sexual | |
| Attack | ASSAULT | | |
| Abduction/forced disappearance | ASSAULT | abduct | |
| Agreement | SUPPORT (signing an agreement, CAMEO 057) | | |
| Arrests | COERCE | arrest | |
| Change to group/activity, Headquarters or base established | MOBILIZE | troops | military |
| Disrupted weapons use (interception, defusal, seizure: no force on people) | MOBILIZE | weapons | military |
| Looting/property destruction | ASSAULT | destroy | |
| Non-violent transfer of territory | RETREAT | withdraw | military, resource |
| Other | (left out) | | |
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import KW_ONLY, dataclass
from typing import TYPE_CHECKING, Any

from rasd.event import COUNTRY_CODES

if TYPE_CHECKING:
    from rasd.actors import ActorLexicon

__all__ = ["PLOVER", "PloverMapping", "plover_record"]

_ISO = COUNTRY_CODES


@dataclass(frozen=True, slots=True)
class PloverMapping:
    """The PLOVER event category, modes and contexts of an ACLED sub-event type."""

    event: str
    _: KW_ONLY
    mode: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    two_sided: bool = False


_MILITARY = ("military",)
# The table of the module docstring; `Other` has no PLOVER counterpart.
PLOVER: dict[str, PloverMapping] = {
    "Government regains territory": PloverMapping("ASSAULT", context=("military", "resource"), two_sided=True),
    "Non-state actor overtakes territory": PloverMapping("ASSAULT", context=("military", "resource"),
                                                         two_sided=True),
    "Armed clash": PloverMapping("ASSAULT", mode=("firearms",), context=_MILITARY, two_sided=True),
    "Excessive force against protesters": PloverMapping("ASSAULT", mode=("crowd-control",)),
    "Protest with intervention": PloverMapping("PROTEST", mode=("demo",)),
    "Peaceful protest": PloverMapping("PROTEST", mode=("demo",)),
    "Violent demonstration": PloverMapping("PROTEST", mode=("riot",)),
    "Mob violence": PloverMapping("ASSAULT", mode=("beat",)),
    "Chemical weapon": PloverMapping("ASSAULT", mode=("unconventional",), context=("military", "cbrn")),
    "Air/drone strike": PloverMapping("ASSAULT", mode=("aerial",), context=_MILITARY),
    "Suicide bomb": PloverMapping("ASSAULT", mode=("suicide-attack",)),
    "Shelling/artillery/missile attack": PloverMapping("ASSAULT", mode=("heavy-weapons",), context=_MILITARY),
    "Remote explosive/landmine/IED": PloverMapping("ASSAULT", mode=("explosives",)),
    "Grenade": PloverMapping("ASSAULT", mode=("explosives",)),
    "Sexual violence": PloverMapping("ASSAULT", mode=("sexual",)),
    "Attack": PloverMapping("ASSAULT"),
    "Abduction/forced disappearance": PloverMapping("ASSAULT", mode=("abduct",)),
    "Agreement": PloverMapping("SUPPORT"),
    "Arrests": PloverMapping("COERCE", mode=("arrest",)),
    "Change to group/activity": PloverMapping("MOBILIZE", mode=("troops",), context=_MILITARY),
    "Disrupted weapons use": PloverMapping("MOBILIZE", mode=("weapons",), context=_MILITARY),
    "Headquarters or base established": PloverMapping("MOBILIZE", mode=("troops",), context=_MILITARY),
    "Looting/property destruction": PloverMapping("ASSAULT", mode=("destroy",)),
    "Non-violent transfer of territory": PloverMapping("RETREAT", mode=("withdraw",),
                                                       context=("military", "resource")),
}
# When the sub-event type is unknown, the event type alone still names the PLOVER category.
_PLOVER_OF_TYPE = {
    "Battles": PloverMapping("ASSAULT", context=_MILITARY, two_sided=True),
    "Explosions/Remote violence": PloverMapping("ASSAULT", context=_MILITARY),
    "Violence against civilians": PloverMapping("ASSAULT"),
    "Protests": PloverMapping("PROTEST"),
    "Riots": PloverMapping("PROTEST"),
}
# POLECAT's quad labels; SANCTION is material conflict as in the manual's SANCTION section (its summary table
# says verbal), and POLECAT's REQUEST replaces the manual's DEMAND.
_VC, _MC, _VX, _MX = "VERBAL COOPERATION", "MATERIAL COOPERATION", "VERBAL CONFLICT", "MATERIAL CONFLICT"
_QUAD = {"AGREE": _VC, "CONSULT": _VC, "SUPPORT": _VC, "CONCEDE": _VC, "COOPERATE": _MC, "AID": _MC, "RETREAT": _MC,
         "REQUEST": _VX, "ACCUSE": _VX, "REJECT": _VX, "THREATEN": _VX, "PROTEST": _MX, "SANCTION": _MX,
         "MOBILIZE": _MX, "COERCE": _MX, "ASSAULT": _MX}
_SCALE = {"ASSAULT": -9.3, "COERCE": -7.2, "PROTEST": -6.6, "MOBILIZE": -5.3, "SANCTION": -5.2, "THREATEN": -5.1,
          "REQUEST": -5.0, "REJECT": -4.2, "ACCUSE": -2.0, "CONSULT": 2.1, "AGREE": 4.2, "SUPPORT": 4.6,
          "CONCEDE": 5.0, "COOPERATE": 6.8, "AID": 7.4, "RETREAT": 7.6}
_KIND_SECTOR = {"rebel": "REB", "militia": "PRM", "civilians": "CVL", "victim": "CVL", "unidentified": "UAF",
                "protesters": "CVL", "coalition": "MIL", "state": "MIL", "unit": "MIL"}
_INTER_SECTOR = {1: "MIL", 2: "REB", 3: "PRM", 4: "PRM", 5: "CVL", 6: "CVL", 7: "CVL", 8: "MIL"}
# Name prefixes that refine a sector: PLOVER has codes for these groups of people and institutions.
_NAMED_SECTORS = (("Government of", "GOV"), ("Police Forces", "COP"), ("Journalists", "JRN"),
                  ("Health Workers", "MED"), ("Teachers", "EDU"), ("Students", "EDU"), ("Refugees", "REF"),
                  ("Farmers", "AGR"), ("Herders", "AGR"), ("Labour Group", "LAB"))


def _plover_actor(name: str | None, *, text: str | None, inter: Any, actors: ActorLexicon | None) -> dict[str, Any]:
    entry = actors.get(name) if actors is not None and name else None
    country = entry.country if entry is not None else _country_in(name or "")
    if entry is not None:
        sector = _KIND_SECTOR.get(entry.kind, "MIL")
    else:
        sector = _INTER_SECTOR.get(inter, "") if isinstance(inter, int) else ""
    sector = next((s for prefix, s in _NAMED_SECTORS if (name or "").startswith(prefix)), sector)
    code: str | None = _ISO[country][1] if country in _ISO else None
    if country == "International":
        code = "IMG" if sector == "REB" else "IGO"
    actor: dict[str, Any] = {"actor_name": name, "country": code, "sector": sector or None}
    if text:
        actor["entity_text"] = text
    if entry is not None and entry.qid:
        actor["wikidata_id"] = entry.qid
    return actor


def _country_in(name: str) -> str | None:
    """The country an ACLED-style name carries: `Civilians (Syria)`, `Military Forces of the United States`."""
    if name.endswith(")") and "(" in name:
        inside = name[name.rindex("(") + 1 : -1]
        if inside in _ISO:
            return inside
    for country in _ISO:
        if name.endswith((f"of {country}", f"of the {country}")) or f"of {country} (" in name:
            return country
    return None


def _side(event: Mapping[str, Any], n: int, actors: ActorLexicon | None) -> list[dict[str, Any]]:
    main = event.get(f"actor{n}")
    if main is None:
        return []
    side = [_plover_actor(main, text=event.get(f"actor{n}_ar"), inter=event.get(f"inter{n}"), actors=actors)]
    side += [_plover_actor(a, text=None, inter=None, actors=actors) for a in event.get(f"assoc_actor_{n}") or []]
    return side


def plover_record(event: Mapping[str, Any], *, actors: ActorLexicon | None = None) -> dict[str, Any] | None:
    """One event as a PLOVER record, or None when PLOVER has no category for it.

    `actors` (the bundled lexicon) supplies actor countries, kinds and Wikidata ids; without it they are read
    from the canonical names and inter codes.
    """
    sub, kind = event.get("sub_event_type"), event.get("event_type")
    mapping = PLOVER.get(sub) if sub else _PLOVER_OF_TYPE.get(kind or "")
    if mapping is None:
        return None
    first, second = _side(event, 1, actors), _side(event, 2, actors)
    source, recipient = (first + second, []) if mapping.two_sided else (first, second)
    evidence = event.get("evidence") or []
    record: dict[str, Any] = {
        "id": event.get("event_id"),
        "date": event.get("event_date"),
        "event_type": mapping.event,
        "event_mode": list(mapping.mode),
        "contexts": list(mapping.context),
        "actor": source,
        "recipient": recipient,
        "location": _location(event),
        "event_text": _unique(e.get("text") for e in sorted(evidence, key=lambda e: e.get("role") != "trigger")),
        "quad_code": _QUAD[mapping.event],
        "event_intensity": _SCALE[mapping.event],
        "cite_info": [{k: v for k, v in (("citation", s.get("article_id")), ("url", s.get("url")),
                                         ("publication", s.get("outlet")), ("publication_date", s.get("published")),
                                         ("language", "ar")) if v is not None} for s in event.get("sources") or []],
        "coder": _coder(),
        "comment": event.get("notes") or None,
        "acled_event_type": kind,
        "acled_sub_event_type": sub,
        "confidence": event.get("confidence"),
    }
    if mapping.event == "ASSAULT":
        record["dead"] = event.get("fatalities")
        record["injured"] = event.get("injuries")
    if event.get("review_state"):
        record["review_state"] = event["review_state"]
    return record


def _location(event: Mapping[str, Any]) -> dict[str, Any]:
    """The POLECAT location object of an event (what is unknown left out)."""
    location = {"placename": event.get("location"), "entity_text": event.get("location_ar"),
                "geonameid": event.get("geonameid"), "lat": event.get("latitude"), "lon": event.get("longitude"),
                "country": _ISO.get(event.get("country") or "", (None, None))[1], "province": event.get("admin1"),
                "district": event.get("admin2"), "admin3": event.get("admin3"), "pcode": event.get("pcode"),
                "geo_precision": event.get("geo_precision")}
    return {k: v for k, v in location.items() if v is not None}


def _unique(values: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(v for v in values if v is not None))


def _coder() -> str:
    from rasd import __version__

    return f"rasd {__version__}"


