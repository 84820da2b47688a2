"""Draft events: one candidate at one place, folded with the other mentions of the same event, then finished.

A draft takes its date, roles, counts and evidence from its sentence; drafts of one article that share day, place
and family are one event whose evidence lists every mention; a coarse mention folds into a finer one of the same
happening, and kinds of event at one scene by one side fold into the first in the codebook's precedence.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from rasd.actors import ActorLexicon
from rasd.document import Document, Sentence
from rasd.event import DISORDER, Event, Evidence, Signal, Source
from rasd.events.candidates import VIOLENT, Candidate, family, inside
from rasd.events.casualties import CasualtyWords, casualties
from rasd.events.notes import summarise
from rasd.events.roles import ResolvedActor, RoleCues, assign_roles, interaction
from rasd.events.scenes import SceneCues, admin1_of, country_of, place_key
from rasd.gazetteer import AREA_KINDS, distance_km
from rasd.settings import Settings

__all__ = ["Draft", "absorb_coarse", "add", "add_counts", "draft", "finish", "historical", "one_per_scene",
           "recalled", "signal", "weak", "without_summaries"]

# How far the countryside of a town (ريف منبج) reaches.
_COUNTRYSIDE_KM = 30.0
# ACLED inter codes of those who protest (rioters, protesters) and of civilians, who join them as protesters.
_DEMONSTRATORS = frozenset({5, 6})
_CIVILIANS = 7


@dataclass(slots=True)
class Draft:
    """An event being assembled from one or more mentions."""

    key: tuple[Any, ...]
    candidate: Candidate
    place: Any
    event_date: date | None
    time_precision: int | None
    date_basis: str
    roles: Any
    fatalities: int
    civilian_fatalities: int | None
    injuries: int | None
    targets: int | None
    evidence: list[Evidence] = field(default_factory=list)
    mentions: int = 1
    lead: bool = False
    when: Any = None
    vague_deaths: bool = False  # the dead are only a vague plural's value (CODEBOOK §6), no figure of the text
    # Where and as what each piece of evidence stands, kept as it grows: folding a mention in costs its own evidence,
    # not all the evidence gathered so far (4,000 repeats of one sentence were quadratic).
    evidence_keys: set[tuple[int, int, str]] = field(default_factory=set, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.evidence_keys.update((e.start, e.end, e.role) for e in self.evidence)


def _evidence(doc: Document, item: Any, role: str) -> Evidence:
    return Evidence(doc.id, item.start, item.end, role, doc.text[item.start : item.end])


def draft(doc: Document, cand: Candidate, place: Any, when: Any, *, segment: tuple[int, int], lead: bool,
           memo: dict[tuple[Any, ...], Any], roles_of: tuple[ActorLexicon, RoleCues],
           casualty_words: CasualtyWords) -> Draft:
    """A draft event of one candidate at one place; `memo` keeps the roles and counts that the places of one
    clause share (a list of ten villages asks for them ten times)."""
    sent = cand.sentence
    if when is not None and when.date is not None:
        event_date, precision, basis = when.date, when.precision, "text"
    elif doc.published is not None:
        event_date, precision, basis = doc.published, 2, "publication"
    else:
        event_date, precision, basis = None, None, "none"
    country = country_of(doc, place)
    roles_key = ("roles", cand.trigger.start, cand.trigger.end, sent.start, segment[1], event_date, country)
    if roles_key not in memo:
        memo[roles_key] = assign_roles(doc, trigger_start=cand.trigger.start, trigger_end=cand.trigger.end,
                                       scope_start=sent.start, scope_end=segment[1], on=event_date, country=country,
                                       lexicon=roles_of[0], cues=roles_of[1])
    roles = memo[roles_key]
    # Counts may be read over the whole sentence: "مقتل مدنيين اثنين، نتيجة قصف ... بلدة X" puts them before the place.
    # A sentence telling several happenings ("مجزرة في قرية X راح ضحيتها 3، وقصف قرية Y، استشهد فيها 3") gives
    # each the dead told in its own stretch, else from its stretch on (those told before belong to earlier ones),
    # else in the sentence; a figure the text gives before a vague plural's value. A strategic development counts
    # only the dead of its own stretch: "تأتي عملية الإخلاء ... عقب استهدافها ... مخلفة قتلى" are the strike's.
    readings = []
    spans = [segment, (segment[0], sent.end), (sent.start, sent.end)]
    for span in spans[:1] if cand.event_type == "Strategic developments" else spans:
        if ("hurt", *span) not in memo:
            memo[("hurt", *span)] = casualties(doc, *span, words=casualty_words)
        readings.append(memo[("hurt", *span)])
    hurt = next((h for h in readings if h.fatalities and not h.vague), None)
    hurt = hurt or next((h for h in readings if h.fatalities), readings[-1])
    key = (event_date, place_key(place) if place is not None else None, family(cand.event_type))
    evidence = [_evidence(doc, cand.trigger, "trigger")]
    if place is not None:
        evidence.append(_evidence(doc, place, "location"))
    if cand.weapon is not None:
        evidence.append(_evidence(doc, cand.weapon, "weapon"))
    for role in ("actor1", "actor2"):
        actor = getattr(roles, role)
        if actor is not None and actor.start is not None:
            evidence.append(_evidence(doc, actor, role))
    if when is not None and basis == "text" and inside(when, sent.start, sent.end):
        evidence.append(_evidence(doc, when, "date"))
    return Draft(key, cand, place, event_date, precision, basis, roles, hurt.fatalities or 0,
                  hurt.civilian_fatalities, hurt.injuries, hurt.targets, evidence,
                  lead=lead, when=when, vague_deaths=hurt.vague)


def absorb_coarse(drafts: list[Draft], cues: SceneCues) -> list[Draft]:
    """Fold a coarse mention into a finer event of the same family, day and area in the article, and an undated
    mention into the dated event of the same place and family.

    Reports situate a strike twice, once on the village and once on "ريف منبج" or "إدلب": one event, at the
    village. Coarse means a region (precision 3), the countryside of a town (ريف X), or a governorate's capital
    named bare, which Syrian reports use for the whole governorate.
    """
    twins: dict[tuple[Any, ...], int] = {}  # the first dated draft of each place and family (`_dated_twin`)
    fine: dict[Any, list[tuple[int, Draft]]] = {}  # the drafts each family may fold a coarse one into (`_within`)
    for k, f in enumerate(drafts):
        if f.date_basis == "text" and f.key[1] is not None:
            twins.setdefault(f.key[1:], k)
        if f.place is not None and f.place.precision != 3:
            fine.setdefault(f.key[2], []).append((k, f))
    kept: list[Draft] = []
    for d in drafts:
        # The first draft in the list that d is a coarse or undated mention of: looked up among the few drafts that
        # may hold it, not all of them (a list of a thousand villages was quadratic).
        best = twins.get(d.key[1:], len(drafts)) if d.date_basis != "text" else len(drafts)
        if _coarse(d, cues):
            best = next((k for k, f in fine.get(d.key[2], ()) if k < best and f is not d and _within(f, d, cues)),
                        best)
        if best == len(drafts):
            kept.append(d)
            continue
        _fold_into(drafts[best], d, keep_place=True)
    return kept


def without_summaries(drafts: list[Draft]) -> list[Draft]:
    """Leave out events placed only on a governorate or region when the article places others on a town, village
    or site in the same country: such an article uses the wide area to sum up ("تصعيد في ريف إدلب") or to recall,
    and a coder would not code the summary beside the events it sums (CODEBOOK §4: precision 3 when only a larger
    region is given).
    """
    fine = {_country(d) for d in drafts if d.place is not None and d.place.precision < 3}
    # A region of another country sums up nothing told here (strikes in northern Iraq beside a bombing in Turkey).
    return [d for d in drafts if d.place is None or d.place.precision < 3 or _country(d) not in fine]


def _country(d: Draft) -> str | None:
    mention = d.place
    if mention is None:
        return None
    country: str | None = mention.place.country if mention.place is not None else mention.country
    return country


# Kinds of event that, at one place on one day by one side, are tactics of a single event (CODEBOOK §2: "when one
# event mixes tactics, take the first applicable line"): a shooting told with a clash is one armed clash. A strategic
# development is an event of its own beside them, as the coded corpus has it (a raid's arrests apart from its clash),
# except a raid that arrests no one: it is how the violence at its place was done.
_TACTICS = frozenset({"violence", "Violence against civilians"})
_RAID = "Arrests"


def one_per_scene(drafts: list[Draft], cues: SceneCues, doc: Document) -> list[Draft]:
    """Fold events of different kinds at the same place and day, told of the same side, into the one that comes
    first in the codebook's precedence: violent ones, and a raid that arrests no one into the violence it came with."""
    kept: list[Draft] = []
    scenes: dict[tuple[Any, ...], list[Draft]] = {}  # the kept drafts of each day and place, the only ones to try
    raids = {id(d) for d in drafts if _raid_only(d, cues, doc)}  # read once a draft, not once a pair
    for d in sorted(drafts, key=lambda d: d.candidate.order):
        here = scenes.setdefault(d.key[:2], [])
        target = next((k for k in here if _same_scene(k, d, raids)), None)
        if target is None:
            kept.append(d)
            here.append(d)
        else:
            _fold_into(target, d)
    position = {id(d): k for k, d in enumerate(drafts)}
    return sorted(kept, key=lambda d: position[id(d)])


def _same_scene(a: Draft, b: Draft, raids: set[int]) -> bool:
    """Whether two drafts are tactics of one event; `raids`: the ids of the drafts that are raids arresting no one."""
    if a.key[1] is None or a.key[:2] != b.key[:2] or a.key[2] == b.key[2]:
        return False
    tactics = [d.key[2] in _TACTICS for d in (a, b)]
    if not all(tactics) and not (any(tactics) and (id(a) in raids or id(b) in raids)):
        return False
    if a.roles.actor1 is None or b.roles.actor1 is None:
        return True
    return bool(_sides(a) & _sides(b))


def _raid_only(d: Draft, cues: SceneCues, doc: Document) -> bool:
    """Whether a draft is a raid (داهمت، حملة دهم، مداهمة) whose sentences tell of no arrest."""
    if d.candidate.sub_event_type != _RAID:
        return False
    for e in d.evidence:
        sentence = doc.at("sentences", e.start) if e.role == "trigger" else None
        words = doc.within("tokens", sentence.start, sentence.end) if sentence is not None else ()
        if any(w in t.norm for t in words for w in cues.arrest):
            return False
    return True


def _sides(d: Draft) -> set[str]:
    r = d.roles
    return {x.name for x in (r.actor1, r.actor2, *r.assoc_actor_1, *r.assoc_actor_2) if x is not None}


def _dated_twin(dated: Draft, undated: Draft) -> bool:
    """Whether `undated` (no date in its sentence) is another mention of `dated`: same place, same family."""
    return (undated.date_basis != "text" and dated.date_basis == "text"
            and dated.key[1:] == undated.key[1:] and dated.key[1] is not None)


def _coarse(coarse: Draft, cues: SceneCues) -> bool:
    """Whether a draft's place is wide enough for `_within` to find a finer report of it: a region, the
    countryside of a place, an area, or a governorate's capital named bare."""
    c = coarse.place
    if c is None:
        return False
    if c.precision == 3:
        return admin1_of(c) is not None
    if c.place is None:
        return False
    return cues.countryside_clue in c.clues or c.place.kind in ("region", "area", "subdistrict") or _capital(c, cues)


def _capital(c: Any, cues: SceneCues) -> bool:
    """Whether a place mention is a governorate's capital named bare (إدلب for the governorate)."""
    return (c.precision == 1 and c.place.kind == "city" and cues.city_clue not in c.clues
            and any(p.kind == "governorate" for p in c.candidates))


def _within(fine: Draft, coarse: Draft, cues: SceneCues) -> bool:
    """Whether `fine` is a finer report of the happening that `coarse` places on a wider area."""
    f, c = fine.place, coarse.place
    if f is None or c is None or fine.key[2] != coarse.key[2] or f.precision == 3:
        return False
    if f.precision == 2 and (f.place is None or f.place.kind in AREA_KINDS):
        return False  # only a point near a town (محيط بلدة حفسرجة) is finer than a town standing for an area
    if fine.event_date and coarse.event_date and abs((fine.event_date - coarse.event_date).days) > 1:
        return False
    if c.precision == 3:
        return admin1_of(c) is not None and admin1_of(f) == admin1_of(c)
    if c.place is None or f.place is None:
        return False
    near = distance_km(f.place.lat, f.place.lon, c.place.lat, c.place.lon) <= _COUNTRYSIDE_KM
    if cues.countryside_clue in c.clues or c.place.kind in ("region", "area", "subdistrict"):
        return near  # ريف منبج، قرى جبل الزاوية: the villages of the area
    return _capital(c, cues) and admin1_of(f) == admin1_of(c)


def recalled(doc: Document, drafts: dict[tuple[Any, ...], Draft], settings: Settings) -> list[Signal]:
    """Without a publication date, events dated years before the article's latest dated event are history it
    recalls ("رغم اتفاق وقف إطلاق النار الموقع في 5 آذار 2020"): move them to the signals."""
    dated = [d.event_date for d in drafts.values() if d.date_basis == "text" and d.event_date is not None]
    if not dated:
        return []
    limit = max(dated) - timedelta(days=max(settings.historical_days, 365))
    out = []
    for key, d in list(drafts.items()):
        if d.date_basis == "text" and d.event_date is not None and d.event_date < limit:
            out.append(signal(doc, replace(d.candidate, modality="historical"), [d.place] if d.place else [], d.when))
            del drafts[key]
    return out


def historical(doc: Document, draft: Draft, settings: Settings) -> bool:
    if doc.published is None or draft.event_date is None or doc.kind == "ngo_report":
        return False
    # A date read off the page may belong to a later comment or share: only years-old events count as history.
    days = settings.historical_days if doc.published_basis == "declared" else max(settings.historical_days, 365)
    return draft.event_date < doc.published - timedelta(days=days)


def add(drafts: dict[tuple[Any, ...], Draft], new: Draft) -> Draft:
    """Keep a new draft, or fold it into the event of the same key; return the draft that holds it."""
    old = drafts.get(new.key)
    if old is None:
        drafts[new.key] = new
        return new
    _fold_into(old, new)
    return old


def add_counts(draft: Draft, doc: Document, sent: Sentence, cands: Sequence[Candidate], *,
               words: CasualtyWords) -> None:
    """Take the dead and wounded of a sentence that names no place into the event told just before it.

    "وقال الدفاع المدني إن القصف أسفر عن مقتل شخصين" counts the victims of the strike of the sentence before: a
    sentence with a violent trigger of its own that is not a reference back (an indefinite "غارة") tells another
    happening and keeps its counts.
    """
    if any(c.event_type in VIOLENT and not c.trigger.definite for c in cands):
        return
    hurt = casualties(doc, sent.start, sent.end, words=words)
    if not (hurt.fatalities or hurt.injuries):
        return
    _take_deaths(draft, hurt.fatalities or 0, hurt.civilian_fatalities, vague=hurt.vague)
    draft.injuries = _larger(draft.injuries, hurt.injuries)


def _larger(a: int | None, b: int | None) -> int | None:
    """The larger of two counts, either of which may be unknown."""
    return b if a is None else a if b is None else max(a, b)


def _take_deaths(draft: Draft, fatalities: int, civilian: int | None, *, vague: bool) -> None:
    """Count the dead of another mention of the event: the larger figure, but a figure the text gives wins over a
    vague plural's conventional value ("قتلى" 3), whichever is larger (CODEBOOK §6: the conservative figure)."""
    if fatalities and not vague and draft.vague_deaths:
        draft.fatalities, draft.civilian_fatalities, draft.vague_deaths = fatalities, civilian, False
        return
    if draft.fatalities and not draft.vague_deaths and vague:
        return
    draft.vague_deaths = (draft.vague_deaths or not draft.fatalities) and (vague or not fatalities)
    draft.fatalities = max(draft.fatalities, fatalities)
    draft.vague_deaths = draft.vague_deaths and draft.fatalities > 0
    draft.civilian_fatalities = _larger(draft.civilian_fatalities, civilian)


def _fold_into(old: Draft, new: Draft, *, keep_place: bool = False) -> None:
    """Merge another mention of the same event into `old`: firmer type, missing actors, largest counts."""
    if new.candidate.order < old.candidate.order:
        old.candidate = new.candidate
    if old.roles.actor1 is None and new.roles.actor1 is not None:
        actor2 = new.roles.actor2 or old.roles.actor2
        if actor2 is not None and actor2.name == new.roles.actor1.name:
            actor2 = None  # one side is not both: the acting side another mention names stands, not as its target
        old.roles = replace(new.roles, actor2=actor2)
    else:
        # Another mention may name more of the acting side (بقصف لقوات النظام ... لقوات النظام وروسيا).
        named = {a.name for a in (old.roles.actor1, *old.roles.assoc_actor_1, old.roles.actor2) if a is not None}
        acting = (new.roles.actor1, *new.roles.assoc_actor_1)
        more = {a.name: a for a in acting if a is not None and a.name not in named}
        if more:
            old.roles = replace(old.roles, assoc_actor_1=(*old.roles.assoc_actor_1, *more.values()))
    if old.roles.actor2 is None and new.roles.actor2 is not None:
        old.roles = replace(old.roles, actor2=new.roles.actor2, assoc_actor_2=new.roles.assoc_actor_2,
                            civilian_targeting=new.roles.civilian_targeting)
    if not keep_place and old.place is not None and old.place.place is None and new.place is not None:
        old.place = new.place  # an unknown village placed on its town in another mention (قرية جولي جنوب عامودا)
    _take_deaths(old, new.fatalities, new.civilian_fatalities, vague=new.vague_deaths)
    for name in ("injuries", "targets"):
        setattr(old, name, _larger(getattr(old, name), getattr(new, name)))
    seen = old.evidence_keys
    taken = [e for e in new.evidence
             if (e.start, e.end, e.role) not in seen and not (keep_place and e.role == "location")]
    old.evidence.extend(taken)
    seen.update((e.start, e.end, e.role) for e in taken)
    old.mentions += 1
    old.lead = old.lead or new.lead


def _confidence(d: Draft) -> float:
    """How strongly the text supports the event, from 0 to 1: a logistic of the evidence found.

    For: told in the article's first sentences, placed on a gazetteer place finer than a region, its side named,
    its weapon named, its day in the text, its type decided, victims counted (the firmest mark of a real happening,
    and what the report is about), every further mention. Against: only a region for a place, no type, a side's
    claim.
    """
    score = -0.8
    score += 0.4 if any(e.role == "weapon" for e in d.evidence) else 0.0
    score += 1.0 if d.lead else 0.0
    score += 0.3 if d.place is not None and d.place.place is not None and d.place.precision < 3 else 0.0
    score -= 0.8 if d.place is not None and d.place.precision == 3 else 0.0
    score += 0.5 if d.roles.actor1 is not None else 0.0
    score += 0.4 if d.date_basis == "text" else 0.0
    score += 0.4 if d.candidate.sub_event_type is not None else -0.4
    score += 1.2 if d.fatalities or d.injuries else 0.0
    score += 0.4 * min(3, d.mentions - 1)
    if d.candidate.modality == "claimed":
        score -= 0.3
    return round(1 / (1 + math.exp(-score)), 2)


def finish(doc: Document, d: Draft) -> Event:
    """The event of a draft, with its English summary."""
    cand, mention, roles = d.candidate, d.place, d.roles
    place = mention.place if mention is not None else None
    sub = cand.sub_event_type
    if sub == "Non-state actor overtakes territory" and roles.actor1 is not None and roles.actor1.inter == 1:
        sub = "Government regains territory"  # "سيطرت على" said of state forces
    event_id = hashlib.sha1("|".join(map(str, (doc.id, *d.key))).encode()).hexdigest()[:16]
    event = Event(
        event_id=event_id,
        event_date=d.event_date,
        time_precision=d.time_precision,
        event_type=cand.event_type,
        sub_event_type=sub,
        disorder_type=DISORDER[sub] if sub else "Political violence",
        **_sides_of(cand, roles, country_of(doc, mention)),
        **_where(mention, place),
        origin=_origin(doc, cand.sentence),
        fatalities=d.fatalities,
        civilian_fatalities=d.civilian_fatalities,
        injuries=d.injuries,
        targets=d.targets,
        modality=cand.modality,
        confidence=_confidence(d),
        tags=tuple(
            tag for tag, on in (
                ("date from publication", d.date_basis == "publication" and doc.published_basis != "fetched"),
                ("date from fetch time", d.date_basis == "publication" and doc.published_basis == "fetched"),
                ("publication date read from the page", doc.published_basis == "page" and d.date_basis != "none"),
            ) if on
        ),
        sources=(Source(doc.id, doc.outlet, doc.url, doc.published.isoformat() if doc.published else None),),
        evidence=tuple(sorted(d.evidence, key=lambda e: (e.start, e.role))),
    )
    return replace(event, notes=summarise(event))


def _sides_of(cand: Candidate, roles: Any, country: str) -> dict[str, Any]:
    """The actor fields of an event in `country`."""
    actor1, actor2 = roles.actor1, roles.actor2
    if cand.event_type == "Protests" and (actor1 is None or actor1.inter not in _DEMONSTRATORS):
        # ACLED codes the demonstrators themselves as actor1 (inter 6), the civilians they are drawn from aside; a
        # force named in a protest is what it protests against (احتجاجا على القصف الروسي), not who protests.
        anchor = actor1 or cand.trigger
        surface = actor1.surface if actor1 is not None and actor1.inter == _CIVILIANS else ""
        actor1 = ResolvedActor(f"Protesters ({country})", surface, 6, anchor.start, anchor.end)
        if actor2 is not None and actor2.inter == _CIVILIANS:
            actor2 = None
    return {
        "actor1": actor1.name if actor1 else None,
        "actor1_ar": (actor1.surface or None) if actor1 else None,
        "inter1": actor1.inter if actor1 else None,
        "assoc_actor_1": tuple(a.name for a in roles.assoc_actor_1),
        "actor2": actor2.name if actor2 else None,
        "actor2_ar": actor2.surface if actor2 else None,
        "inter2": actor2.inter if actor2 else None,
        "assoc_actor_2": tuple(a.name for a in roles.assoc_actor_2),
        "interaction": interaction(actor1.inter if actor1 else None, actor2.inter if actor2 else None),
        "civilian_targeting": roles.civilian_targeting,
    }


def _where(mention: Any, place: Any) -> dict[str, Any]:
    """The place fields of an event: from the gazetteer place, else from what the mention knows."""
    if not place:
        return {
            "country": getattr(mention, "country", None), "iso": getattr(mention, "iso", None),
            "admin1": getattr(mention, "admin1", None), "admin2": getattr(mention, "admin2", None), "admin3": None,
            "location": None, "location_ar": getattr(mention, "text_ar", None), "latitude": None, "longitude": None,
            "geo_precision": mention.precision if mention else None, "geonameid": None, "pcode": None,
        }
    return {
        "country": place.country, "iso": place.iso, "admin1": place.admin1, "admin2": place.admin2,
        "admin3": place.admin3, "location": place.name, "location_ar": place.name_ar,
        "latitude": round(place.lat, 4), "longitude": round(place.lon, 4),
        "geo_precision": (mention.geo_precision or mention.precision) if mention else None,
        "geonameid": place.geonameid, "pcode": place.pcode,
    }


def _origin(doc: Document, sent: Sentence) -> dict[str, Any] | None:
    """Where the attack was launched from, when the sentence says so."""
    for p in doc.within("places", sent.start, sent.end):
        if p.role == "origin":
            place = p.place
            return {
                "location": place.name if place else None,
                "location_ar": place.name_ar if place else p.text_ar,
                "country": place.country if place else None,
                "latitude": round(place.lat, 4) if place else None,
                "longitude": round(place.lon, 4) if place else None,
            }
    return None


def weak(event: Event) -> Signal:
    """An event below the confidence setting, kept as a signal with its evidence and confidence."""
    return Signal(
        modality=event.modality,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        actor1=event.actor1,
        location=event.location,
        location_ar=event.location_ar,
        event_date=event.event_date,
        evidence=event.evidence,
        confidence=event.confidence,
    )


def signal(doc: Document, cand: Candidate, where: Sequence[Any], when: Any) -> Signal:
    place = where[0] if where else None
    resolved = place.place if place is not None else None
    return Signal(
        modality=cand.modality,
        event_type=cand.event_type,
        sub_event_type=cand.sub_event_type,
        actor1=None,
        location=resolved.name if resolved else None,
        location_ar=(resolved.name_ar if resolved else place.text_ar) if place is not None else None,
        event_date=when.date if when is not None else None,
        evidence=(_evidence(doc, cand.trigger, "trigger"),),
    )
