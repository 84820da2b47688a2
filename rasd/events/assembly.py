"""Build events and signals from the triggers, places, actors, dates and quantities of each body sentence.

Per clause the strongest trigger is typed (a trigger that needs a weapon takes it from its clause, else from its
sentence); the clause's modality cues decide between event and signal. A sentence yields one event per place it
names (a list of five villages is five events); events of one article that share day, place and type are one
event whose evidence lists every mention. A sentence that names no place takes the places of the last one that
did, unless it is a headline standing alone between blank lines (often a related article's, in a page capture).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rasd.actors import ActorLexicon
from rasd.document import Document, Sentence
from rasd.event import Event, Signal
from rasd.events.candidates import EVENT_MODALITIES, VIOLENT, Candidate, CandidateCues, candidates, harm_follows
from rasd.events.casualties import CasualtyWords
from rasd.events.drafts import (
    Draft,
    absorb_coarse,
    add,
    add_counts,
    draft,
    finish,
    historical,
    one_per_scene,
    recalled,
    signal,
    weak,
    without_summaries,
)
from rasd.events.roles import RoleCues
from rasd.events.scenes import SceneCues, locations
from rasd.lexicons.cues import Cues
from rasd.settings import Settings
from rasd.stages.dates import resolve_sentence_date

__all__ = ["build_events"]

# The first body sentences carry the news; later ones often recall background events.
_LEAD = 3
# How many body sentences after an event may still count its victims without naming its place.
_FOLLOW_UP = 1

# The rule confidence below which an event is a signal, when the setting `min_confidence` is negative (its default).
RULE_THRESHOLD = 0.7


@dataclass(frozen=True, slots=True)
class _Reading:
    """What every sentence of one document is read with."""

    doc: Document
    settings: Settings
    scenes: SceneCues
    candidates: CandidateCues
    roles_of: tuple[ActorLexicon, RoleCues]
    casualties: CasualtyWords
    inside_body: Callable[[int], bool]


@dataclass(slots=True)
class _Story:
    """What the body sentences read so far leave for the next one, and what they found."""

    places: list[Any] = field(default_factory=list)  # the places of the last sentence that named some
    date: Any = None  # the last date mention read
    violent: Candidate | None = None  # the violent event of the sentence before
    raid: Candidate | None = None  # an arrest campaign told in the sentence before
    told: tuple[Draft, int] | None = None  # the last violent event and the body sentence that told it
    body_index: int = -1
    drafts: dict[tuple[Any, ...], Draft] = field(default_factory=dict)
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    signals: list[Signal] = field(default_factory=list)


def build_events(doc: Document, settings: Settings, *, cues: Cues, actors: ActorLexicon,
                 casualties: CasualtyWords) -> tuple[list[Event], list[Signal]]:
    """The events and signals of a document (pure), with the cue lists, actor lexicon and casualty words of
    `Resources`."""
    reading = _Reading(doc, settings, SceneCues.from_cues(cues), CandidateCues.from_cues(cues),
                       (actors, RoleCues.from_cues(cues)), casualties, _body_test(doc))
    story = _Story()
    for sent in doc.layer("sentences"):
        doc.deadline.check()
        if sent.in_body:
            story.body_index += 1
            _read(reading, story, sent)
    signals = story.signals
    if doc.published is None:
        signals.extend(recalled(doc, story.drafts, settings))
    scenes = one_per_scene(without_summaries(absorb_coarse(list(story.drafts.values()), reading.scenes)),
                           reading.scenes, doc)
    events = [finish(doc, d) for d in scenes]
    events.sort(key=lambda e: (min((ev.start for ev in e.evidence), default=0), e.event_id))
    cut = settings.min_confidence if settings.min_confidence >= 0 else RULE_THRESHOLD
    low = [e for e in events if e.confidence < cut]
    return [e for e in events if e.confidence >= cut], signals + [weak(e) for e in low]


def _read(reading: _Reading, story: _Story, sent: Sentence) -> None:
    """Code the candidates of one body sentence and carry its places and date on."""
    doc = reading.doc
    cands = candidates(doc, sent, reading.inside_body, cues=reading.candidates)
    places = locations(doc, sent, reading.inside_body, cues=reading.scenes)
    follow = harm_follows(doc, sent, cands, places, story.violent, raid=story.raid, cues=reading.candidates)
    if follow is not None:
        cands = sorted([*cands, follow], key=lambda c: c.trigger.start)
    story.violent = next((c for c in cands if c.event_type in VIOLENT and c.modality in EVENT_MODALITIES), None)
    story.raid = next((c for c in cands if c.sub_event_type == "Arrests" and c.modality in EVENT_MODALITIES), None)
    previous: list[Any] = []
    if story.told is not None and not places and story.body_index - story.told[1] <= _FOLLOW_UP:
        add_counts(story.told[0], doc, sent, cands, words=reading.casualties)
    for k, cand in enumerate(cands):
        doc.deadline.check()
        segment = _segment(cands, k)
        cand, own_date = _unbound(cand, _date_of(doc, cand))
        mine = _places_of(reading, story, sent, cands, k, places, previous, own_date)
        if mine is None:
            continue  # "الغارة"، "القصف" with no place of their own refer back to an event already coded
        previous = mine
        when = own_date or (story.date if reading.settings.carry_date else None)
        _code(reading, story, cand, mine, when, segment)
    dated = [m for m in doc.within("dates", sent.start, sent.end) if m.date is not None and not m.bound]
    if dated:
        story.date = dated[-1]
    if places:
        story.places = places


def _places_of(reading: _Reading, story: _Story, sent: Sentence, cands: Sequence[Candidate], k: int,
               places: list[Any], previous: list[Any], own_date: Any) -> list[Any] | None:
    """The places candidate k speaks of, or None when it only refers back to an event already coded."""
    cand = cands[k]
    segment = _segment(cands, k)
    mine = [p for p in places if segment[0] <= p.start < segment[1]]
    if not mine:  # two triggers in one clause share its places (قتلى ومعتقلون خلال مداهمات في X)
        mine = [p for p in places if cand.clause[0] <= p.start < cand.clause[1]]
    if not mine and k:
        mine = previous  # "قصفت ... قرية X، ما أدى إلى مقتل 3": the same happening, told on
    if not mine and not k and cand.trigger.role == "harm" and len(cands) > 1:
        # Victims told first, their cause and its place after: "مقتل X، برصاص قسد خلال مداهمة في بلدة Y".
        mine = [p for p in places if p.start > cand.trigger.end][:1]
    if not mine and not k:
        if cand.trigger.definite and story.drafts and cand.event_type != "Strategic developments":
            return None
        last_date = story.date
        moved_on = own_date is not None and last_date is not None and own_date.date != last_date.date
        settings = reading.settings
        carry = settings.carry_place and not moved_on and not (story.body_index and _headline(reading.doc, sent))
        mine = story.places if carry else []
    return mine


def _code(reading: _Reading, story: _Story, cand: Candidate, mine: list[Any], when: Any,
          segment: tuple[int, int]) -> None:
    """Add a candidate at its places: a signal, or one draft event per place."""
    doc = reading.doc
    if cand.modality not in EVENT_MODALITIES:
        story.signals.append(signal(doc, cand, mine, when))
        return
    for place in mine or [None]:
        if place is None and cand.event_type != "Strategic developments":
            continue  # country-level or placeless: only strategic developments are events (CODEBOOK §1)
        found = draft(doc, cand, place, when, segment=segment, lead=story.body_index < _LEAD, memo=story.memo,
                      roles_of=reading.roles_of, casualty_words=reading.casualties)
        if historical(doc, found, reading.settings):
            story.signals.append(signal(doc, replace(cand, modality="historical"), [place], when))
            continue
        held = add(story.drafts, found)
        if cand.event_type in VIOLENT:
            story.told = (held, story.body_index)


def _body_test(doc: Document) -> Callable[[int], bool]:
    """Whether an offset lies in the article body: a sentence counted in the body may start in the chrome before
    it ("سراقب اليومMarch 3, 2024 · Shared with Public" glues a page's name to its post)."""
    spans = doc.layer("body")
    starts = [s.start for s in spans]

    def test(offset: int) -> bool:
        k = bisect_right(starts, offset) - 1
        return k >= 0 and offset < spans[k].end

    return test


# The longest line, in words, that may be a headline.
_HEADLINE_WORDS = 16


def _headline(doc: Document, sent: Sentence) -> bool:
    """Whether a sentence is a short paragraph of its own (blank lines around it) with no closing punctuation: a
    headline (of this article, or of a related one in a page capture), which names its own place or none, never
    the place of the paragraph before. The lines of a post, broken by single newlines, and the paragraph under a
    section heading ("تل تمر:") are no headlines."""
    text = doc.text
    # The paragraph is the sentence alone when only blanks, with a blank line among them (or the text's edge), stand
    # between it and the sentence on each side: read from the sentence out, not over the whole paragraph, which a
    # paragraph of thousands of sentences made quadratic.
    before, after = sent.start, sent.end
    while before > 0 and text[before - 1].isspace():
        before -= 1
    while after < len(text) and text[after].isspace():
        after += 1
    alone_before = before == 0 or "\n\n" in text[before : sent.start]
    alone_after = after == len(text) or "\n\n" in text[sent.end : after]
    line = text[sent.start : sent.end].strip()
    if not (alone_before and alone_after) or line[-1:] in ".!?\u061f:…":
        return False
    start = text.rfind("\n\n", before, sent.start)
    start = 0 if start < 0 else start + 2
    if doc.text[max(0, start - 200) : start].rstrip().endswith(":"):
        return False  # the first line under a section heading (تل تمر:) belongs to it
    return len(doc.within("tokens", sent.start, sent.end)) <= _HEADLINE_WORDS


def _segment(cands: Sequence[Candidate], k: int) -> tuple[int, int]:
    """The stretch of its sentence that candidate k speaks of: from its clause (or the sentence start, for the
    first) to where the next candidate's clause begins (or the next trigger, when they share a clause)."""
    cand = cands[k]
    low = cand.sentence.start if k == 0 else cand.clause[0]
    if k + 1 == len(cands):
        return low, cand.sentence.end
    nxt = cands[k + 1]
    if nxt.clause[0] > cand.trigger.start:
        return low, nxt.clause[0]
    return low, nxt.trigger.start if nxt.trigger.start > cand.trigger.end else cand.sentence.end


def _unbound(cand: Candidate, own_date: Any) -> tuple[Candidate, Any]:
    """A candidate and its date, when that date is a bound (`DateMention.bound`): "تسيطر الفصائل على المدينة منذ
    عام 2015", a state lasting since that day, or a day an anniversary recalls, told in the trigger's clause, is
    history; a bound day elsewhere in the sentence dates nothing."""
    if own_date is None or not own_date.bound:
        return cand, own_date
    if cand.clause[0] <= own_date.start < cand.clause[1]:
        return replace(cand, modality="historical"), own_date
    return cand, None


def _date_of(doc: Document, cand: Candidate) -> Any:
    """The date mention nearest before the trigger in its sentence, else the first after it."""
    t, sent = cand.trigger, cand.sentence
    for mention in (
        resolve_sentence_date(doc, t.start, t.end),
        resolve_sentence_date(doc, t.start, sent.end),
    ):
        if mention is not None and mention.date is not None:
            return mention
    return None


