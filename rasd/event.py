"""Event and signal records, and their JSON form (FORMATS.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

__all__ = ["COUNTRY_CODES", "DISORDER", "EVENT_TYPE", "Event", "Evidence", "Signal", "Source"]

# ISO 3166 alpha-2 and alpha-3 codes of the countries rasd's actors and places belong to; the `country` filters
# take these names (and those of the gazetteer's places), in any case.
COUNTRY_CODES: dict[str, tuple[str, str]] = {
    "Afghanistan": ("AF", "AFG"), "Egypt": ("EG", "EGY"), "France": ("FR", "FRA"), "Iran": ("IR", "IRN"),
    "Iraq": ("IQ", "IRQ"), "Israel": ("IL", "ISR"), "Jordan": ("JO", "JOR"), "Lebanon": ("LB", "LBN"),
    "Pakistan": ("PK", "PAK"), "Palestine": ("PS", "PSE"), "Russia": ("RU", "RUS"), "Saudi Arabia": ("SA", "SAU"),
    "Syria": ("SY", "SYR"), "Turkey": ("TR", "TUR"), "United Arab Emirates": ("AE", "ARE"),
    "United Kingdom": ("GB", "GBR"), "United States": ("US", "USA"), "Yemen": ("YE", "YEM"),
}

# Sub-event type -> event type, in the codebook's order of precedence.
EVENT_TYPE: dict[str, str] = {
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Armed clash": "Battles",
    "Excessive force against protesters": "Protests",
    "Protest with intervention": "Protests",
    "Peaceful protest": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}
_DEMONSTRATIONS = {"Protest with intervention", "Peaceful protest", "Violent demonstration"}
DISORDER: dict[str, str] = {
    sub: (
        "Demonstrations"
        if sub in _DEMONSTRATIONS
        else "Strategic developments" if kind == "Strategic developments" else "Political violence"
    )
    for sub, kind in EVENT_TYPE.items()
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """A stretch of an article that supports a field of an event."""

    article_id: str
    start: int
    end: int
    role: str
    text: str


@dataclass(frozen=True, slots=True)
class Source:
    """An article an event was extracted from."""

    article_id: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One event: a day, a place, a set of actors and a type (CODEBOOK §1)."""

    event_id: str
    event_date: date | None
    time_precision: int | None
    event_type: str
    sub_event_type: str | None
    disorder_type: str
    actor1: str | None = None
    actor1_ar: str | None = None
    inter1: int | None = None
    assoc_actor_1: tuple[str, ...] = ()
    actor2: str | None = None
    actor2_ar: str | None = None
    inter2: int | None = None
    assoc_actor_2: tuple[str, ...] = ()
    interaction: int | None = None
    civilian_targeting: bool = False
    country: str | None = None
    iso: int | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    location_ar: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    pcode: str | None = None
    origin: dict[str, Any] | None = None
    fatalities: int | None = None
    civilian_fatalities: int | None = None
    injuries: int | None = None
    targets: int | None = None
    modality: str = "asserted"
    confidence: float = 0.0
    notes: str = ""
    tags: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    evidence: tuple[Evidence, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The event as a FORMATS.md JSON object."""
        out = asdict(self)
        out["event_date"] = self.event_date.isoformat() if self.event_date else None
        for key in ("assoc_actor_1", "assoc_actor_2", "tags"):
            out[key] = list(out[key])
        out["sources"] = [asdict(s) for s in self.sources]
        out["evidence"] = [asdict(e) for e in self.evidence]
        return out


@dataclass(frozen=True, slots=True)
class Signal:
    """A mention that is not an event: feared, threatened, planned, speculated, denied, conditional, historical;
    or an asserted or claimed happening whose evidence is too weak to code (`confidence` below the setting
    `min_confidence`; rerun with `--min-confidence 0` to have it as an event)."""

    modality: str
    event_type: str | None
    sub_event_type: str | None
    actor1: str | None
    location: str | None
    location_ar: str | None
    event_date: date | None
    evidence: tuple[Evidence, ...]
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The signal as a FORMATS.md JSON object."""
        out = asdict(self)
        out["event_date"] = self.event_date.isoformat() if self.event_date else None
        out["evidence"] = [asdict(e) for e in self.evidence]
        return out
