"""Write an event's English one-sentence summary from its fields (no translation involved)."""

from __future__ import annotations

from rasd.event import Event

__all__ = ["summarise"]

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


def _day(event: Event) -> str:
    if event.event_date is None:
        return "On an unknown date"
    d = event.event_date
    text = f"{d.day} {d.strftime('%B')} {d.year}"
    return f"On {text}" if event.time_precision == 1 else f"Around {text}"


def summarise(event: Event) -> str:
    """One English sentence built from the event's fields."""
    actor = event.actor1 or "Unidentified actors"
    target = event.actor2 or "targets"
    verb = _VERBS.get(event.sub_event_type or "", "attacked {target} in").format(target=target)
    if event.geo_precision == 2 and verb.endswith(" in"):
        verb = verb[: -len(" in")] + " near"  # placed on the town it happened near (CODEBOOK §4)
    place = event.location or event.location_ar or "an unresolved place"
    where = f"{place}, {event.admin1}" if event.admin1 and event.admin1 != place else place
    text = f"{_day(event)}, {actor} {verb} {where}"
    harm = []
    if event.fatalities:
        harm.append(f"{event.fatalities} killed")
    if event.civilian_fatalities:
        harm.append(f"{event.civilian_fatalities} of them civilians")
    if event.injuries:
        harm.append(f"{event.injuries} injured")
    if harm:
        text += f" ({', '.join(harm)})"
    if event.modality == "claimed":
        text += ", according to a claim"
    return text + "."
