"""Which reports are the same event, and what the merged event says (CODEBOOK §1, §6).

Pure functions over FORMATS.md event dicts. A report (one event as extracted from one article) joins an event
when every field both state agrees: the day within one, the place within a few km (or the same admin unit
when either side is placed coarsely), a compatible type and compatible actors (the same actor, or one of the
same force: a unit and its force, or a `SAME_SIDE` group). `compare` says which fields agreed, so that every
merge can be explained and undone by an analyst.

A report without a day (its article shows no year and no publication date) joins an event only on strong
evidence that both tell of one happening: the place is the same site (one gazetteer entry, or within 2 km), type
and actors agree, and the texts tie them in time: the article is a near-duplicate of one of the event's articles,
or it names the event's day (`الأحد 7 تشرين الثاني`, ±1: `day_clues` reads those), or the passage the report was
read from is the same passage as that of one of the event's reports (a reprinted statement: half of their words,
weighed by their rarity, shared; `story_words`, `story_overlap`). A looser retelling, a shared toll or weekday
ties two strikes of one village on different days too often to count. Where the undated side's text names days
and none lies within a day of the dated side's, nothing ties them. `Link` carries the day clues and the
similarities to `compare`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from rasd.clitics import variants
from rasd.event import EVENT_TYPE
from rasd.events.notes import summarise_fields
from rasd.gazetteer import distance_km
from rasd.normalize import WORD, fold
from rasd.orthography import orthography

if TYPE_CHECKING:
    from rasd.actors import ActorLexicon
    from rasd.document import Document
    from rasd.lexicons.cues import Cues
    from rasd.stages.calendar import DateWords

__all__ = ["CLUES", "MAX_DAYS", "NEAR_DUPLICATE", "NEAR_KM", "SAME_SIDE", "SAME_STORY", "SITE_KM", "Comparison", "Link",
           "MergeWords", "best_match", "combine", "compare", "conservative", "day_clues", "passage_words", "shown",
           "story_overlap", "story_words"]

MAX_DAYS = 1
NEAR_KM = 5.0  # two precise places this close are one site (a village and its outskirts)
AREA_KM = 15.0  # "near"/countryside placements (precision 2) sit on the town, the impact up to this far
SITE_KM = 2.0  # an undated report has no day to confirm a looser placement
NEAR_DUPLICATE = 0.5  # word-shingle similarity of rewrites of one wire story (reprints score 0.7 and more)
# Weighted word overlap of the passages two reports were read from that makes them one passage (a statement
# reprinted or quoted); at 0.22 (one statement retold) a third of the undated joins on airwars-dev tied incidents
# weeks apart: an outlet's posts on two strikes of one village share its wording and the village's name.
SAME_STORY = 0.5
STORY_SPAN = 300  # characters of text read on either side of a report's trigger and place evidence
CLUES = "day_clues"  # the key under which a stored undated report keeps the days its text names
# Names sources give to one force: the US-led coalition and the US forces that fly its strikes; the Kurdish-led
# forces under their umbrella's name, their core units' or the one their foes use (PKK). Actors of one group (or
# of one lexicon `parent` line) agree when events are compared. Allies that fight beside one another (the Syrian
# and Russian forces, Turkey and the SNA) are not one force: their strikes stay apart.
SAME_SIDE = (
    frozenset({"Military Forces of the United States", "Global Coalition Against Daesh"}),
    frozenset({"SDF: Syrian Democratic Forces", "YPG: People's Protection Units", "YPJ: Women's Protection Units",
               "PKK: Kurdistan Workers Party", "PYD: Democratic Union Party",
               "Asayish: Kurdish Internal Security Forces"}),
)
_UNKNOWN_ACTOR = "Unidentified"
# Far-future publication days (both leap years) against which a day named without a year resolves to that year.
_PROBES = (date(2996, 12, 31), date(2992, 12, 31))
_ROUNDUP = 2
_HEAD = 20_000  # the days of a report lie in its first lines; a long page's tail lists other articles
_PRECEDENCE = {sub: n for n, sub in enumerate(EVENT_TYPE)}
# Fields summed up from several reports by taking the smallest figure (the most conservative one).
_COUNTS = ("fatalities", "civilian_fatalities", "injuries")


@dataclass(frozen=True, slots=True)
class Comparison:
    """Whether a report and an event are the same happening, and why (which fields agreed or did not)."""

    same: bool
    agreed: tuple[str, ...]
    differed: tuple[str, ...]
    days: int | None = None
    km: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready explanation."""
        return {"same": self.same, "agreed": list(self.agreed), "differed": list(self.differed),
                "days": self.days, "km": None if self.km is None else round(self.km, 2)}


@dataclass(frozen=True, slots=True)
class Link:
    """What ties a report's article to an event's articles besides a stated day."""

    similarity: float = 0.0  # MinHash similarity to the closest of the event's articles
    clues: tuple[str, ...] = ()  # the day clues of the event's undated reports
    story: float = 0.0  # `story_overlap` with the closest of the event's reports


@dataclass(frozen=True, slots=True)
class MergeWords:
    """What merging reads besides the reports: the rarity of words, the date words (an undated report's day
    clues) and the cue words of `lexicons/cues/merge.yaml` (folded), and each actor's parent in the actor lexicon."""

    weights: Mapping[str, float]  # inverse document frequency of the words of `word_df.tsv`
    rarest: float  # that of a word too rare to be listed
    dates: DateWords
    weekdays: Mapping[str, int]  # folded weekday name -> Python weekday (Monday 0)
    period_bounds: frozenset[str]
    night: str
    parents: Mapping[str, str | None]
    _sides: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # memo of `side`
    _frequent: dict[int, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)  # of `frequent`

    def frequent(self, documents: int) -> frozenset[str]:
        """The words of `word_df.tsv` found in at least `documents` of its articles: words of the news."""
        if documents not in self._frequent:
            most = self.rarest - math.log(documents + 1) + 1e-9  # the weight of a word in exactly that many
            self._frequent[documents] = frozenset(w for w, weight in self.weights.items() if weight <= most)
        return self._frequent[documents]

    @classmethod
    def load(cls, *, cues: Cues | None = None, actors: ActorLexicon | None = None,
             dates: DateWords | None = None) -> MergeWords:
        """Read `word_df.tsv` and take the `merge` cue section, the date words and the actor lexicon's parents
        (each read here when not given)."""
        from rasd.actors import load_actors
        from rasd.lexicons import read_tsv
        from rasd.lexicons.cues import Cues
        from rasd.stages.calendar import DateWords

        cues = cues or Cues.load()
        lexicon = actors or load_actors()
        dates = dates or DateWords.load(cues)
        rows = read_tsv("word_df.tsv", columns=2)
        documents = int(rows[0][1])  # the first row counts the documents
        return cls(weights={word: math.log((documents + 1) / (int(df) + 1)) for word, df in rows[1:]},
                   rarest=math.log(documents + 1), dates=dates, weekdays=dates.weekdays,
                   period_bounds=cues.words("merge", "period_bounds"), night=cues.get("merge", "night"),
                   parents={e.name: e.parent for e in lexicon.entries})

    def side(self, name: str) -> str:
        """The force an actor belongs to: its topmost parent, named for its `SAME_SIDE` group."""
        found = self._sides.get(name)
        if found is None:
            actor, seen = name, {name}
            while (parent := self.parents.get(actor)) is not None and parent not in seen:
                actor = parent
                seen.add(actor)
            group = next((g for g in SAME_SIDE if actor in g), None)
            found = self._sides[name] = min(group) if group else actor
        return found


def day_clues(text: str, *, words: MergeWords, segmented: Document | None = None) -> tuple[str, ...]:
    """The days a text names: `YYYY-MM-DD` with a year, `MM-DD` without one, `MM-DD@N` with weekday N (Monday 0),
    and `@N` for a weekday named alone (`اليوم الأحد`) when it is the only one the text names.

    `segmented` is the text already segmented (by the pipeline); it is read when the text fits the head read here.
    """
    from rasd.document import Document
    from rasd.stages.calendar import DAY
    from rasd.stages.dates import find_dates
    from rasd.stages.segment import segment

    names = words.weekdays
    if segmented is None or len(text) > _HEAD:
        segmented = segment(Document.from_text(text[:_HEAD]), None)
    doc = segmented
    readings = [{(m.start, m.end, m.kind): m.date for m in find_dates(replace(doc, published=probe), words=words.dates)
                 if m.date is not None and m.precision == DAY} for probe in _PROBES]
    clues: set[str] = set()
    weekdays: set[str] = set()
    for (start, end, kind), day in readings[0].items():
        if kind == "weekday":  # one day in seven: it only corroborates a retelling (`_tied`)
            weekdays.update(f"@{n}" for n in _weekday_named(text[start:end], words))
            continue
        if kind != "explicit" or _bounds_period(text, start, words):  # "today" fits any day
            continue
        if readings[1].get((start, end, kind)) == day:  # it names its year
            clues.add(day.isoformat())
            continue
        named = [names[w] for w in fold(text[start:end]).split() if w in names]
        clues.add(day.strftime("%m-%d") + (f"@{named[0]}" if named else ""))
    # A roundup naming many days (a monthly report) cannot tell which of them a report of it is about.
    days = sorted(clues) if len(clues) <= _ROUNDUP else []
    return tuple(days + sorted(weekdays if len(weekdays) == 1 else ()))


def _weekday_named(mention: str, words: MergeWords) -> list[int]:
    """The weekday a mention names, read off its words (`ليلة السبت`, the night before Saturday, is Friday's)."""
    names, said = words.weekdays, fold(mention).split()
    for n, word in enumerate(said):
        if word in names:
            night = n > 0 and said[n - 1] == words.night
            return [(names[word] - night) % 7]
    return []


def _bounds_period(text: str, start: int, words: MergeWords) -> bool:
    """Whether the day named at `start` opens or closes a period (`حتى تاريخ 20 آب`)."""
    return any(w in words.period_bounds for w in WORD.findall(fold(text[max(0, start - 40):start]))[-2:])


def story_words(text: str, evidence: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The words of the passage a report was read from: from its first trigger or place evidence to its last, and
    `STORY_SPAN` characters around (`passage_words`)."""
    spans = [(e["start"], e["end"]) for e in evidence if e.get("role") in ("trigger", "location")]
    start, end = (min(s for s, _ in spans), max(e for _, e in spans)) if spans else (0, 0)
    return passage_words(text[max(0, start - STORY_SPAN):end + STORY_SPAN])


def story_overlap(a: frozenset[str], b: frozenset[str], *, words: MergeWords) -> float:
    """How much two passages' words overlap, each word weighed by its rarity in conflict news (`word_df.tsv`): a
    Jaccard index over inverse document frequencies, so that a shared victim's or village's name counts for more
    than a shared "قصف" or "قوات". 0 for nothing in common, 1 for the same words."""
    if not a or not b:
        return 0.0
    weights, rarest = words.weights, words.rarest
    shared = sum(weights.get(w, rarest) for w in a & b)
    return shared / sum(weights.get(w, rarest) for w in a | b)


def passage_words(text: str) -> frozenset[str]:
    """The words of a passage as `story_words` keeps them: folded, clitics stripped, no numbers or short words."""
    words = set()
    for word in WORD.findall(fold(text)):
        if word.isdigit():
            continue
        core = variants(word)[-1][0]
        if len(core) >= 3:
            words.add(core)
    return frozenset(words)


def _days_of(clues: Iterable[str]) -> list[str]:
    """The day clues that name a day of a month (not a weekday alone)."""
    return [c for c in clues if not c.startswith("@")]


def _fits(clues: Iterable[str], day: date) -> bool:
    """Whether a day clue names this day ±1 (a yearless one that day of some year, on its weekday if named)."""
    for clue in _days_of(clues):
        if len(clue) == 10:
            if abs((date.fromisoformat(clue) - day).days) <= MAX_DAYS:
                return True
            continue
        month_day, _, weekday = clue.partition("@")
        for year in (day.year - 1, day.year, day.year + 1):
            try:
                named = date.fromisoformat(f"{year}-{month_day}")
            except ValueError:  # 29 February
                continue
            if abs((named - day).days) <= MAX_DAYS and (not weekday or named.weekday() == int(weekday)):
                return True
    return False


def _clues_meet(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two texts' day clues can name the same day."""
    def pair(x: str, y: str) -> bool:
        if len(y) == 10:
            return _fits([x], date.fromisoformat(y))
        if len(x) == 10:
            return _fits([y], date.fromisoformat(x))
        return _fits([x[:5]], date.fromisoformat(f"{_PROBES[0].year}-{y[:5]}"))

    others = _days_of(b)
    return any(pair(x, y) for x in _days_of(a) for y in others)


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10]) if isinstance(value, str) and value else None


def _actors(event: Mapping[str, Any], side: int, words: MergeWords) -> set[str]:
    names = [event.get(f"actor{side}"), *(event.get(f"assoc_actor_{side}") or ())]
    return {words.side(n) for n in names if n and not n.startswith(_UNKNOWN_ACTOR)}


def _place_name(event: Mapping[str, Any]) -> str | None:
    """A place's name for comparison: folded, without the article (الزيدية and زيدية are one village)."""
    name = event.get("location_ar") or event.get("location")
    if not name:
        return None
    folded = fold(name)
    return folded[2:] if folded.startswith(orthography().article) and len(folded) > 4 else folded


def _place(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[bool, float | None]:
    """Whether two placements can be one site, and their distance when both have coordinates."""
    pa, pb = a.get("geo_precision") or 3, b.get("geo_precision") or 3
    km = None
    if None not in (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude")):
        km = distance_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"])
    coarse = max(pa, pb)
    if coarse >= 3:  # a region only: the same governorate
        return bool(a.get("admin1")) and a.get("admin1") == b.get("admin1"), km
    if km is not None:
        return km <= (NEAR_KM if coarse == 1 else AREA_KM), km
    name_a, name_b = _place_name(a), _place_name(b)
    return name_a is not None and name_a == name_b, km


def _same_site(a: Mapping[str, Any], b: Mapping[str, Any], km: float | None) -> bool:
    """Both placed on a town or village (not a region), and on the same gazetteer entry or within SITE_KM."""
    if max(a.get("geo_precision") or 3, b.get("geo_precision") or 3) > 2:
        return False
    same_entry = a.get("geonameid") is not None and a.get("geonameid") == b.get("geonameid")
    return same_entry or (km is not None and km <= SITE_KM)


def _tied(report: Mapping[str, Any], event: Mapping[str, Any], link: Link | None) -> str | None:
    """How the texts tie an undated side to the other in time, or None (`_contradicted` days never tie)."""
    link = link or Link()
    da, db = _day(report.get("event_date")), _day(event.get("event_date"))
    mine = report.get(CLUES) or ()
    if _contradicted(mine, db) or _contradicted(link.clues, da):
        return None
    if link.similarity >= NEAR_DUPLICATE:
        return "near_duplicate_text"
    if da is None and (_fits(mine, db) if db else _clues_meet(mine, link.clues)):
        return "day_named_in_text"
    if db is None and da is not None and _fits(link.clues, da):
        return "day_named_in_text"
    if link.story >= SAME_STORY:
        return "same_story_in_text"
    return None


def _contradicted(clues: Iterable[str], day: date | None) -> bool:
    """Whether an undated side's text names days of a month, none of them within a day of the other side's."""
    return day is not None and bool(_days_of(clues)) and not _fits(clues, day)


# Kinds of event that sources tell of one happening in different words: a raid with a clash and a strike, told as
# an armed clash by one outlet and an air strike by another, is one event (CODEBOOK §2: "when one event mixes
# tactics, take the first applicable line"; `combine` then keeps the type most reports give).
_VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def _kind(event_type: Any) -> Any:
    return "violence" if event_type in _VIOLENCE else event_type


def compare(report: Mapping[str, Any], event: Mapping[str, Any], *, words: MergeWords,
            link: Link | None = None) -> Comparison:
    """Compare a report with an event field by field; `same` when nothing both state disagrees."""
    agreed: list[str] = []
    differed: list[str] = []
    da, db = _day(report.get("event_date")), _day(event.get("event_date"))
    days = abs((da - db).days) if da and db else None
    near, km = _place(report, event)
    tie = None if da and db else _tied(report, event, link)
    if tie is not None and _same_site(report, event, km):
        agreed.append(tie)
    else:
        (agreed if days is not None and days <= MAX_DAYS else differed).append("event_date")
    (agreed if near else differed).append("location")
    (agreed if _kind(report.get("event_type")) == _kind(event.get("event_type")) else differed).append("event_type")
    if report.get("sub_event_type") and report.get("sub_event_type") == event.get("sub_event_type"):
        agreed.append("sub_event_type")
    for side in (1, 2):
        mine, theirs = _actors(report, side, words), _actors(event, side, words)
        if mine and theirs:
            (agreed if mine & theirs else differed).append(f"actor{side}")
    # A missing target side is common in short posts; only the acting side must agree when both name it.
    blocking = [f for f in differed if f != "actor2"]
    return Comparison(not blocking, tuple(agreed), tuple(differed), days, km)


def best_match(
    report: Mapping[str, Any], candidates: Iterable[tuple[str, Mapping[str, Any]]], *, words: MergeWords,
    links: Mapping[str, Link] | None = None,
) -> tuple[str, Comparison] | None:
    """The candidate event a report belongs to (most fields agreed, then nearest, then closest day), or None."""
    best: tuple[tuple[float, ...], str, Comparison] | None = None
    for event_id, event in candidates:
        cmp = compare(report, event, words=words, link=(links or {}).get(event_id))
        if not cmp.same:
            continue
        key = (-len(cmp.agreed), cmp.km if cmp.km is not None else 1e9, cmp.days or 0)
        if best is None or key < best[0]:
            best = (key, event_id, cmp)
    return None if best is None else (best[1], best[2])


def _most_common(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v not in (None, ""))
    return counts.most_common(1)[0][0] if counts else None


def _date_of(reports: Sequence[Mapping[str, Any]], out: dict[str, Any]) -> None:
    """The commonest (then earliest) day of the reports dated most precisely."""
    precise = min((r.get("time_precision") or 4 for r in reports), default=4)
    dated = [r["event_date"] for r in reports if r.get("event_date") and (r.get("time_precision") or 4) == precise]
    if dated:
        out["event_date"] = min(Counter(dated).items(), key=lambda kv: (-kv[1], kv[0]))[0]  # commonest, earliest
        out["time_precision"] = precise if precise < 4 else None


def _type_of(reports: Sequence[Mapping[str, Any]], out: dict[str, Any]) -> None:
    """The sub-event type most reports give (the codebook's first of those that tie) and its type."""
    subs = Counter(str(r["sub_event_type"]) for r in reports if r.get("sub_event_type"))
    if subs:
        top = max(subs.values())
        sub = min((s for s, n in subs.items() if n == top), key=lambda s: _PRECEDENCE.get(s, 99))
        out["sub_event_type"], out["event_type"] = sub, EVENT_TYPE.get(sub, out.get("event_type"))


def _actor_of(reports: Sequence[Mapping[str, Any]], side: int, out: dict[str, Any]) -> None:
    """The actor most reports name on a side, with its Arabic name and code, and every associated actor."""
    named = [r for r in reports if r.get(f"actor{side}") and not str(r[f"actor{side}"]).startswith(_UNKNOWN_ACTOR)]
    actor = _most_common(r.get(f"actor{side}") for r in named)
    if actor is not None:
        first = next(r for r in named if r.get(f"actor{side}") == actor)
        out[f"actor{side}"], out[f"actor{side}_ar"] = actor, first.get(f"actor{side}_ar")
        out[f"inter{side}"] = first.get(f"inter{side}")
    out[f"assoc_actor_{side}"] = sorted({a for r in reports for a in r.get(f"assoc_actor_{side}") or ()}
                                        - {out.get(f"actor{side}")})


def conservative(figures: Iterable[int | None]) -> int | None:
    """The conservative count of the reports' figures (CODEBOOK §6): the lowest figure a report gives. A report's
    0 is the codebook's value for a report that counts none, so it only stands when no report counts any; None
    when no report gives a figure."""
    given = [f for f in figures if f is not None]
    return min((f for f in given if f > 0), default=0 if given else None)


def shown(machine: Mapping[str, Any], edits: Mapping[str, Any]) -> dict[str, Any]:
    """The event shown: the machine's version with a reviewer's edits on top, its note written anew from the
    fields shown (`rasd.events.notes`) unless the reviewer wrote one with them."""
    out = dict(machine) | dict(edits)
    if "notes" not in edits:
        out["notes"] = summarise_fields(out)
    return out


def combine(reports: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The machine's event from all its reports: best-placed location, commonest date and actors, the conservative
    counts (`conservative`) with each source's toll beside them, and a note written from those fields."""
    if not reports:
        raise ValueError("combine() needs at least one report")
    # The lead report gives the place: the most precise placement, one with its country, the most confident.
    lead = min(reports, key=lambda r: (r.get("geo_precision") or 4, not r.get("country"),
                                       -(r.get("confidence") or 0.0)))
    out = {k: v for k, v in lead.items() if k not in ("event_id", "sources", "evidence", CLUES)}
    _date_of(reports, out)
    _type_of(reports, out)
    for side in (1, 2):
        _actor_of(reports, side, out)
    for key in _COUNTS:
        out[key] = conservative(r.get(key) for r in reports)
    out["fatalities_by_source"] = [
        {"article_id": src.get("article_id"), "fatalities": r.get("fatalities")}
        for r in reports for src in (r.get("sources") or [{}])[:1]
    ]
    out["confidence"] = max(r.get("confidence") or 0.0 for r in reports)
    out["modality"] = "asserted" if any(r.get("modality") == "asserted" for r in reports) else lead.get("modality")
    out["tags"] = sorted({t for r in reports for t in r.get("tags") or ()})
    return shown(out, {})
