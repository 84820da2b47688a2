"""Write an event's English one-sentence summary from its fields (no translation involved).

The note says nothing the fields do not: the store writes it anew from the fields shown whenever they change
(a source added, a merge, a reviewer's edit), so it never names an old place or toll.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from rasd.event import Event

__all__ = ["NOTE_FIELDS", "summarise", "summarise_fields"]

# The fields a note is written from.
NOTE_FIELDS = ("event_date", "time_precision", "sub_event_type", "actor1", "actor2", "geo_precision", "location",
               "location_ar", "admin1", "fatalities", "civilian_fatalities", "injuries", "modality")

_VERBS = {
    "Government regains territory": "regained control of",
    "Non-state actor overtakes territory": "took control of",
    "Armed clash": "clashed with {target} in",
    "Excessive force against protesters": "used lethal force against protesters in",
    "Protest with intervention": "dispersed a protest in",
    "Peaceful protest": "held a protest in",
    "Violent demonstration": "rioted in",
    "Mob violence": "attacked in",
    "Chemical weapon": "used chemical weapons against {target} in",
    "Air/drone strike": "carried out air or drone strikes on {target} in",
    "Suicide bomb": "carried out a suicide bombing against {target} in",
    "Shelling/artillery/missile attack": "shelled {target} in",
    "Remote explosive/landmine/IED": "detonated an explosive device against {target} in",
    "Grenade": "threw a grenade at {target} in",
    "Sexual violence": "committed sexual violence against {target} in",
    "Attack": "attacked {target} in",
    "Abduction/forced disappearance": "abducted {target} in",
    "Agreement": "reached an agreement in",
    "Arrests": "arrested people in",
    "Change to group/activity": "changed positions or activity in",
    "Disrupted weapons use": "intercepted or disabled weapons in",
    "Headquarters or base established": "established a base in",
    "Looting/property destruction": "looted or destroyed property in",
    "Non-violent transfer of territory": "took over without fighting",
    "Other": "was involved in a strategic development in",
}


def _day(day: Any, precision: Any) -> str:
    if not day:
        return "On an unknown date"
    d = day if isinstance(day, date) else date.fromisoformat(str(day))
    text = f"{d.day} {d.strftime('%B')} {d.year}"
    return f"On {text}" if precision == 1 else f"Around {text}"


def summarise(event: Event) -> str:
    """One English sentence built from the event's fields."""
    return summarise_fields({name: getattr(event, name) for name in NOTE_FIELDS})


def summarise_fields(event: Mapping[str, Any]) -> str:
    """One English sentence built from an event's fields as a mapping (FORMATS.md names; the date a `date` or
    ISO text), as the store holds them."""
    actor = event.get("actor1") or "Unidentified actors"
    target = event.get("actor2") or "targets"
    verb = _VERBS.get(event.get("sub_event_type") or "", "attacked {target} in").format(target=target)
    if event.get("geo_precision") == 2 and verb.endswith(" in"):
        verb = verb[: -len(" in")] + " near"  # placed on the town it happened near (CODEBOOK §4)
    place = event.get("location") or event.get("location_ar") or "an unresolved place"
    admin1 = event.get("admin1")
    where = f"{place}, {admin1}" if admin1 and admin1 != place else place
    text = f"{_day(event.get('event_date'), event.get('time_precision'))}, {actor} {verb} {where}"
    harm = []
    if event.get("fatalities"):
        harm.append(f"{event['fatalities']} killed")
    if event.get("civilian_fatalities"):
        harm.append(f"{event['civilian_fatalities']} of them civilians")
    if event.get("injuries"):
        harm.append(f"{event['injuries']} injured")
    if harm:
        text += f" ({', '.join(harm)})"
    if event.get("modality") == "claimed":
        text += ", according to a claim"
    return text + "."
