"""Typed event candidates: which trigger of a clause stands for which sub-event type, and with what modality.

A trigger that needs a weapon takes it from its clause, else from its sentence; the strongest candidate per
clause, family and kind of modality is kept (an evacuation and a feared strike in one clause are an event and a
signal). Cues of modality reach the triggers after them in their clause, or their whole sentence. A sentence that
tells of clearing war remnants (فرق إزالة مخلفات الحرب) with no one hurt has no candidates; deaths put down to an
accident (حادث سير، سقوط من سطح) are no event even right after a strike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rasd.document import Document, Sentence
from rasd.event import EVENT_TYPE
from rasd.lexicons.cues import Cues
from rasd.normalize import fold
from rasd.stages.triggers import WEAPONS, Cue, Trigger

__all__ = ["EVENT_MODALITIES", "VIOLENT", "Candidate", "CandidateCues", "candidates", "clauses", "family",
           "harm_follows", "inside"]

_PRECEDENCE = {sub: rank for rank, sub in enumerate(EVENT_TYPE)}
EVENT_MODALITIES = ("asserted", "claimed")
VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_SHOT_DOWN = frozenset({"air", "artillery"})


@dataclass(frozen=True, slots=True)
class CandidateCues:
    """The word lists of `lexicons/cues/candidates.yaml`, folded (each list's comment there says what it is for)."""

    shell_words: tuple[str, ...]
    verb_prefix: str
    abstract: frozenset[str]
    consequence: tuple[str, ...]
    hurt: tuple[str, ...]
    mishap: tuple[str, ...]
    fall: str
    fall_from: frozenset[str]
    zone_words: frozenset[str]
    zone_clitic: str
    battle_nouns: frozenset[str]
    fight_words: frozenset[str]
    clearing: tuple[str, ...]
    remnants: tuple[str, ...]

    @classmethod
    def from_cues(cls, cues: Cues) -> CandidateCues:
        """Read the lists from `resources.cues`."""

        def words(name: str) -> frozenset[str]:
            return cues.words("candidates", name)

        def starts(name: str) -> tuple[str, ...]:
            return cues.phrases("candidates", name)

        def word(name: str) -> str:
            return str(cues.get("candidates", name))

        return cls(
            shell_words=starts("shell_words"), verb_prefix=word("verb_prefix"), abstract=words("abstract"),
            consequence=starts("consequence"), hurt=starts("hurt"), mishap=starts("mishap"), fall=word("fall"),
            fall_from=words("fall_from"), zone_words=words("zone_words"), zone_clitic=word("zone_clitic"),
            battle_nouns=words("battle_nouns"), fight_words=words("fight_words"), clearing=starts("clearing"),
            remnants=starts("remnants"),
        )


@dataclass(frozen=True, slots=True)
class Candidate:
    """A typed trigger in a clause, with its modality and the spans that decided it."""

    sub_event_type: str | None
    event_type: str
    trigger: Trigger
    weapon: Trigger | None
    modality: str
    clause: tuple[int, int]
    sentence: Sentence

    @property
    def order(self) -> tuple[bool, int]:
        """Sort key: firm candidates before weak ones, then codebook precedence."""
        return self.weak, self.rank

    @property
    def weak(self) -> bool:
        """An untyped attack, or a military operation named with no weapon, yields to any firmer trigger."""
        t = self.trigger
        return self.sub_event_type is None or (t.role == "attack" and t.value == "Armed clash" and self.weapon is None)

    @property
    def rank(self) -> int:
        """Codebook precedence; an untyped remote-violence event ranks just after the typed ones of its kind."""
        if self.sub_event_type is None:
            return _PRECEDENCE["Grenade"] + 1
        return _PRECEDENCE[self.sub_event_type]


def inside(item: Any, start: int, end: int) -> bool:
    return bool(item.start >= start and item.end <= end)


def _weapon_for(
    trigger: Trigger, weapons: Sequence[Trigger], clause: tuple[int, int], sent: Sentence
) -> Trigger | None:
    """The weapon nearest the trigger in its clause, else in its sentence."""
    for lo, hi in (clause, (sent.start, sent.end)):
        near = [w for w in weapons if inside(w, lo, hi)]
        if near:
            return min(near, key=lambda w: abs(w.start - trigger.start))
    return None


def _type_of(c: CandidateCues, trigger: Trigger, weapon: Trigger | None, *, victims: bool,
             harmed: bool) -> tuple[str | None, str] | None:
    """The (sub-event type, event type) a trigger stands for, or None when it does not make an event."""
    if trigger.role == "type":
        if trigger.needs_weapon and (weapon is None or weapon.value not in _SHOT_DOWN):
            return None  # what is shot down or intercepted flies: "أسقط 60 قتيلا" is no interception
        if trigger.definite and trigger.phrase in c.abstract:
            return None  # "قواعد الاشتباك"، "نطاق المواجهة": the concept, not a clash
        sub = trigger.value
        return (sub, EVENT_TYPE[sub]) if sub else None
    kind = weapon.value if weapon else None
    if trigger.role == "attack":
        return _attack_type(c, trigger, kind, victims=victims, harmed=harmed)
    if trigger.role == "harm" and weapon is not None:
        if kind == "gunfire":
            return "Attack", "Violence against civilians"  # killed by gunfire with no clash reported
        sub = WEAPONS[kind or ""]
        return (sub, EVENT_TYPE[sub]) if sub else None
    return None


def _attack_type(c: CandidateCues, trigger: Trigger, kind: str | None, *, victims: bool,
                 harmed: bool) -> tuple[str | None, str] | None:
    """The type an attack trigger stands for, from the kind of weapon near it (None: no weapon)."""
    if trigger.value and (kind is None or kind == "artillery"):
        return trigger.value, EVENT_TYPE[trigger.value]
    sub = WEAPONS.get(kind) if kind else None
    if kind == "gunfire":
        return ("Attack", "Violence against civilians") if victims else ("Armed clash", "Battles")
    if sub is None and trigger.phrase.lstrip(c.verb_prefix).startswith(c.shell_words):
        sub = "Shelling/artillery/missile attack"
    if sub is None and not harmed:
        return None  # an attack with no weapon and no harm is too vague to code (a plan, a debate, a label)
    return sub, EVENT_TYPE[sub] if sub else "Explosions/Remote violence"


def _zone_of_control(c: CandidateCues, doc: Document, trigger: Trigger) -> bool:
    """Whether "سيطرة" names who holds an area (مناطق سيطرة النظام، تحت سيطرتهم، لسيطرة) rather than a takeover."""
    if trigger.prefix.endswith(c.zone_clitic):
        return True
    tokens = doc.layer("tokens")
    before = tokens[trigger.token - 1] if trigger.token > 0 else None
    return before is not None and (before.norm in c.zone_words or before.core in c.zone_words)


def _named_battle(c: CandidateCues, doc: Document, trigger: Trigger) -> bool:
    """Whether "معركة" names a battle or a cause (معركة التحرير، معركة إعادة التأهيل) rather than a fight."""
    if trigger.phrase not in c.battle_nouns:
        return False
    tokens = doc.layer("tokens")
    following = tokens[trigger.token + 1] if trigger.token + 1 < len(tokens) else None
    if following is None or doc.text[trigger.end : following.start].strip():
        return False
    return following.norm not in c.fight_words and following.core not in c.fight_words


def _modality(trigger: Trigger, cues: Sequence[Cue], clause: tuple[int, int], sent: Sentence) -> str:
    """The modality a trigger takes from the cues that reach it; claims are weaker than every other cue."""
    found = "asserted"
    for cue in cues:
        if not inside(cue, sent.start, sent.end):
            continue
        reaches = (
            cue.scope == "sentence"
            or (cue.scope == "clause" and inside(cue, *clause))
            or (cue.scope == "after" and inside(cue, *clause) and cue.end <= trigger.start)
        )
        if reaches and cue.modality != "claimed":
            return cue.modality
        if reaches:
            found = "claimed"
    return found


def clauses(sent: Sentence) -> Iterable[tuple[int, int]]:
    return sent.clauses or ((sent.start, sent.end),)


def _clearing(c: CandidateCues, doc: Document, sent: Sentence) -> bool:
    """Whether a sentence tells of clearing war remnants (فرق إزالة مخلفات الحرب، نزع الألغام): a word of `clearing`
    followed, within three words, by a word of `remnants`."""
    tokens = doc.within("tokens", sent.start, sent.end)
    return any(
        (tok.core.startswith(c.clearing) or tok.norm.startswith(c.clearing))
        and any(t.core.startswith(c.remnants) for t in tokens[k + 1 : k + 4])
        for k, tok in enumerate(tokens)
    )


def candidates(doc: Document, sent: Sentence, inside_body: Callable[[int], bool] = lambda _: True, *,
               cues: CandidateCues) -> list[Candidate]:
    """The typed triggers of a sentence, the strongest per clause. A sentence that tells of clearing war remnants
    and of no one killed or hurt has none (a deminer killed by a mine is still a landmine explosion). Triggers
    outside the article body (`inside_body`: a page's name glued to its post, "معارك الشمال") are left out."""
    trigs = [t for t in doc.within("triggers", sent.start, sent.end) if inside_body(t.start)]
    if not any(t.role == "harm" for t in trigs) and _clearing(cues, doc, sent):
        return []
    weapons = [t for t in trigs if t.role == "weapon"]
    harmed = any(t.role == "harm" for t in trigs)
    modality_cues = doc.within("cues", sent.start, sent.end)
    victims = any(
        getattr(e, "kind", None) == "victim"
        for a in doc.within("actors", sent.start, sent.end)
        for e in getattr(a, "entries", ())
    )
    out: list[Candidate] = []
    for clause in clauses(sent):
        # The strongest candidate per family and per kind of modality: an evacuation and a feared strike in one
        # clause are an event and a signal.
        best: dict[tuple[str, bool], Candidate] = {}
        for t in trigs:
            if t.role == "weapon" or not inside(t, *clause):
                continue
            weapon = _weapon_for(t, weapons, clause, sent)
            typed = _type_of(cues, t, weapon, victims=victims, harmed=harmed)
            if typed is None or (typed[0] == "Armed clash" and _named_battle(cues, doc, t)):
                continue
            if typed[0] == "Non-state actor overtakes territory" and _zone_of_control(cues, doc, t):
                continue
            cand = Candidate(typed[0], typed[1], t, weapon, _modality(t, modality_cues, clause, sent), clause, sent)
            slot = (family(cand.event_type), cand.modality in EVENT_MODALITIES)
            if slot not in best or cand.order < best[slot].order:
                best[slot] = cand
        out.extend(best.values())
    return sorted(out, key=lambda c: c.trigger.start)


def harm_follows(doc: Document, sent: Sentence, cands: Sequence[Candidate], places: Sequence[Any],
                  previous: Candidate | None, *, raid: Candidate | None = None,
                  cues: CandidateCues) -> Candidate | None:
    """A violent event that deaths or injuries in a sentence with no violent trigger still report.

    Killed in a raid (قتلى ومعتقلين خلال حملة مداهمات), or right after a raid told in the sentence before and
    with no place of their own, is an attack; victims counted by place right after a strike (وتوزع الشهداء على
    مدينة X و...) are that strike's, at those places. Victims of an accident (حادث سير، سقوط من سطح، انهيار
    منزل، غرق) are no event, even right after a strike.
    """
    if any(c.event_type in VIOLENT for c in cands):
        return None
    harm = next(
        (t for t in doc.within("triggers", sent.start, sent.end)
         if t.role == "harm" and not t.phrase.startswith(cues.consequence)),
        None,
    )
    if harm is None or _mishap(cues, doc, sent):
        return None
    clause = next((c for c in clauses(sent) if c[0] <= harm.start < c[1]), (sent.start, sent.end))
    modality = _modality(harm, doc.within("cues", sent.start, sent.end), clause, sent)
    if any(c.sub_event_type == "Arrests" for c in cands):
        return Candidate("Attack", "Violence against civilians", harm, None, modality, clause, sent)
    if previous is not None and places:
        return Candidate(previous.sub_event_type, previous.event_type, harm, previous.weapon, modality, clause, sent)
    if raid is not None and not places and harm.role == "harm" and _killed(cues, harm):
        return Candidate("Attack", "Violence against civilians", harm, None, modality, clause, sent)
    return None


def _mishap(c: CandidateCues, doc: Document, sent: Sentence) -> bool:
    """Whether a sentence puts its deaths or injuries down to an accident (`mishap`, `fall`), not to an attack."""
    tokens = doc.within("tokens", sent.start, sent.end)
    for k, tok in enumerate(tokens):
        word = tok.core or tok.norm
        if word.startswith(c.mishap):
            return True
        if word.startswith(c.fall) and k + 1 < len(tokens) and tokens[k + 1].norm in c.fall_from:
            return True
    return False


def _killed(c: CandidateCues, harm: Trigger) -> bool:
    """Whether a harm word says someone died (مقتل، استشهاد), not only that they were hurt."""
    return not fold(harm.phrase).startswith(c.hurt)


def family(event_type: str) -> str:
    """Battles and remote violence at one place on one day are one event (CODEBOOK §2 precedence)."""
    return "violence" if event_type in ("Battles", "Explosions/Remote violence") else event_type
