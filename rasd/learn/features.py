"""Named features of an event candidate: what a model reads to decide whether, and as what, it is an event.

A candidate is an `Event` the rules proposed (every one, whatever its rule confidence) inside its `Document`.
Each feature is a name (and a value, 1.0 unless said): the rule's verdicts (type, precision, tags, confidence),
where the candidate is told (lead, headline, body position), how far its day lies from publication, and the
words around its trigger, as folded clitic-free cores so that "وقصفت" and "قصف" share what they teach.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rasd.document import Document, Sentence
from rasd.event import Event, Evidence

__all__ = ["FEATURE_VERSION", "Siblings", "article_features", "body_rank", "bucket", "candidate_features",
           "triggers_of"]

# Bump when features change: a model trained on other features refuses to load.
FEATURE_VERSION = 2
# Words on each side of a trigger that describe it.
_WINDOW = 6


def bucket(value: float | None, edges: Sequence[float]) -> str:
    """The bin a value falls in, named by its upper edge (`<=5`), above the last (`>20`), or `none`."""
    if value is None:
        return "none"
    for edge in edges:
        if value <= edge:
            return f"<={edge:g}"
    return f">{edges[-1]:g}"


def triggers_of(event: Event, limit: int = 3) -> list[Evidence]:
    """The first trigger mentions of an event: where the text tells it."""
    return [ev for ev in event.evidence if ev.role == "trigger"][:limit]


def body_rank(doc: Document, sentence: Sentence) -> tuple[int | None, list[Sentence]]:
    """Where a sentence stands among the body sentences (None outside the body), and those sentences."""
    body = [s for s in doc.layer("sentences") if s.in_body]
    return next((k for k, s in enumerate(body) if s.start == sentence.start), None), body


def _first(event: Event) -> int:
    triggers = [ev.start for ev in event.evidence if ev.role == "trigger"]
    return min(triggers or [ev.start for ev in event.evidence] or [0])


@dataclass(frozen=True, slots=True)
class Siblings:
    """What the features of one candidate read of all the candidates of its article, and of its body sentences:
    read once an article, not once a candidate (an article of a thousand candidates was quadratic)."""

    confidences: list[float]  # ascending
    places: Counter[str | None]
    firsts: list[int]  # ascending
    ranks: dict[int, int]  # body sentences by start offset: their rank among them

    @classmethod
    def of(cls, candidates: Sequence[Event], doc: Document | None = None) -> Siblings:
        """What the candidates of `doc` (and the document's sentences, when given) tell each of them."""
        ranks: dict[int, int] = {}
        for k, s in enumerate([s for s in doc.layer("sentences") if s.in_body] if doc is not None else []):
            ranks.setdefault(s.start, k)
        return cls(sorted(c.confidence for c in candidates), Counter(c.location_ar for c in candidates),
                   sorted(_first(c) for c in candidates), ranks)


def article_features(event: Event, candidates: Sequence[Event], siblings: Siblings | None = None) -> dict[str, float]:
    """Where a candidate stands among its article's: rank by rule confidence, order in the text, shared place."""
    siblings = siblings or Siblings.of(candidates)
    f: dict[str, float] = {}
    rank = len(siblings.confidences) - bisect_right(siblings.confidences, event.confidence)  # how many rank higher
    f[f"confidence_rank={min(rank, 4)}"] = 1.0
    f[f"same_place={min(siblings.places[event.location_ar], 3)}"] = 1.0
    order = bisect_left(siblings.firsts, _first(event))
    f[f"order={min(order, 5)}"] = 1.0
    return f


def candidate_features(doc: Document, event: Event, candidates: Sequence[Event],
                       siblings: Siblings | None = None) -> dict[str, float]:
    """The features of one candidate event of `doc` among all the candidates of the document; `siblings`, what they
    tell each of them (`Siblings.of(candidates, doc)`), is best read once for all the candidates of a document."""
    siblings = siblings or Siblings.of(candidates, doc)
    f: dict[str, float] = {"bias": 1.0}
    f[f"rule_type={event.event_type}"] = 1.0
    f[f"rule_sub={event.sub_event_type}"] = 1.0
    f[f"geo={event.geo_precision}"] = 1.0
    f[f"timep={event.time_precision}"] = 1.0
    f[f"country={event.country}"] = 1.0
    f[f"kind={doc.kind}"] = 1.0
    f[f"basis={doc.published_basis}"] = 1.0
    f["rule_confidence"] = event.confidence
    f[f"rule_conf={bucket(event.confidence, (0.3, 0.5, 0.7, 0.85))}"] = 1.0
    for tag in event.tags:
        f[f"tag={tag}"] = 1.0
    f[f"inter1={event.inter1}"] = 1.0
    f[f"inter2={event.inter2}"] = 1.0
    f[f"interaction={event.interaction}"] = 1.0
    if event.civilian_targeting:
        f["civilian_targeting"] = 1.0
    f[f"fatal={bucket(event.fatalities, (0, 1, 5, 20))}"] = 1.0
    f[f"injured={bucket(event.injuries, (0, 1, 5, 20))}"] = 1.0
    if event.origin:
        f["origin"] = 1.0
    f[f"siblings={bucket(len(candidates), (1, 2, 4, 8))}"] = 1.0
    if event.event_date and doc.published:
        f[f"age={bucket((doc.published - event.event_date).days, (-1, 0, 1, 3, 7, 30))}"] = 1.0
    else:
        f["age=unknown"] = 1.0
    roles: dict[str, int] = {}
    for ev in event.evidence:
        roles[ev.role] = roles.get(ev.role, 0) + 1
    for role, count in roles.items():
        f[f"evidence={role}"] = 1.0
        f[f"evidence={role}x{bucket(count, (1, 2, 4))}"] = 1.0
    _place_features(f, event)
    _position_features(f, doc, event, siblings)
    _word_features(f, doc, event)
    _sentence_features(f, doc, event)
    f.update(article_features(event, candidates, siblings))
    return f


def _sentence_features(f: dict[str, float], doc: Document, event: Event) -> None:
    """The modality cues, date kinds and actor kinds of the sentences telling the candidate (first three)."""
    for ev in [ev for ev in event.evidence if ev.role == "trigger"][:3]:
        sentence = doc.at("sentences", ev.start)
        if sentence is None:
            continue
        clause = next(((a, b) for a, b in sentence.clauses if a <= ev.start < b), (sentence.start, sentence.end))
        for cue in doc.within("cues", sentence.start, sentence.end):
            f[f"cue={cue.modality}"] = 1.0
            if clause[0] <= cue.start < clause[1]:
                f[f"clause_cue={cue.modality}"] = 1.0
        for mention in doc.within("dates", sentence.start, sentence.end):
            f[f"date_kind={mention.kind}"] = 1.0
        for mention in doc.within("actors", sentence.start, sentence.end):
            for entry in mention.entries[:1]:
                f[f"actor_kind={entry.kind}"] = 1.0


def _place_features(f: dict[str, float], event: Event) -> None:
    if event.latitude is None:
        f["place=unresolved"] = 1.0


def _position_features(f: dict[str, float], doc: Document, event: Event, siblings: Siblings) -> None:
    triggers = [ev for ev in event.evidence if ev.role == "trigger"] or list(event.evidence)
    if not triggers:
        return
    first = min(ev.start for ev in triggers)
    sentence = doc.at("sentences", first)
    if sentence is not None:
        rank = siblings.ranks.get(sentence.start)
        f[f"sentence={bucket(rank, (0, 1, 2, 4, 8, 16))}"] = 1.0
        if not sentence.in_body:
            f["outside_body"] = 1.0
    f[f"offset={bucket(first / max(len(doc.text), 1), (0.05, 0.15, 0.3, 0.5, 0.75))}"] = 1.0
    if doc.title and event.location_ar and event.location_ar in doc.title:
        f["place_in_title"] = 1.0


def _word_features(f: dict[str, float], doc: Document, event: Event) -> None:
    tokens = doc.layer("tokens")
    for ev in event.evidence:
        if ev.role not in ("trigger", "weapon"):
            continue
        inside = doc.within("tokens", ev.start, ev.end)
        for tok in inside:
            f[f"{ev.role}:{tok.core}"] = 1.0
        if ev.role != "trigger" or not inside:
            continue
        first, last = inside[0].index, inside[-1].index
        for tok in tokens[max(0, first - _WINDOW) : first]:
            f[f"L:{tok.core}"] = 1.0
        for tok in tokens[last + 1 : last + 1 + _WINDOW]:
            f[f"R:{tok.core}"] = 1.0
        sentence = doc.at("sentences", ev.start)
        if sentence is not None:
            for tok in doc.within("tokens", sentence.start, sentence.end)[:80]:
                f[f"S:{tok.core}"] = 1.0
