"""Assign the acting and acted-upon sides of an event among the actor mentions around its trigger.

`assign_roles` reads the mentions of the `actors` layer within a window of words around an event's trigger and
decides, from Arabic syntax cues (`lexicons/cues/roles.yaml` and the cue phrases of `lexicons/actors.yaml`), who
acted and who was acted upon. The one place that does it: the events stage and `rasd actors` both call it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rasd.actors import ActorEntry, ActorLexicon
from rasd.clitics import variants
from rasd.document import Document, Token
from rasd.events.role_cues import LOOKBACK, VICTIMS, RoleCues, joined
from rasd.events.scenes import HOME

if TYPE_CHECKING:
    from rasd.stages.actors import ActorMention

__all__ = ["ResolvedActor", "RoleCues", "Roles", "assign_roles", "interaction"]

# How many words either side of a trigger its actors may stand (see `_Roles.window`).
_WINDOW = 300
# Letters of the shortest plural read by its ending (مسلحون; not a short word that ends so, كون).
_PLURAL_LETTERS = 5
# The sub-event types of a trigger that seizes people (`belonging_cues` then name the side seized).
_SEIZING = frozenset({"Arrests", "Abduction/forced disappearance"})


@dataclass(frozen=True, slots=True)
class ResolvedActor:
    """An actor of an event: canonical name, the text naming it, its inter code and span."""

    name: str
    surface: str
    inter: int
    start: int
    end: int
    qid: str | None = field(default=None, kw_only=True)
    tags: tuple[str, ...] = field(default=(), kw_only=True)


@dataclass(frozen=True, slots=True)
class Roles:
    """Who acted (actor1), who was acted upon (actor2), their associates and the ACLED interaction."""

    actor1: ResolvedActor | None = None
    actor2: ResolvedActor | None = None
    assoc_actor_1: tuple[ResolvedActor, ...] = ()
    assoc_actor_2: tuple[ResolvedActor, ...] = ()
    civilian_targeting: bool = False
    interaction: int | None = None


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: both inter codes, smaller first; one side alone is `inter1 * 10`."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


@dataclass(slots=True)
class _Cand:
    mention: ActorMention
    entry: ActorEntry
    role: str = ""  # "agent", "patient" or "" while undecided
    strength: int = 0
    explicit: bool = False
    ally: bool = False
    between: bool = False
    speaker: bool = False
    overhead: bool = False
    remote: bool = False
    late: bool = False


class _Roles:
    """Role assignment for one trigger within one scope."""

    def __init__(self, doc: Document, lex: ActorLexicon, cues: RoleCues, trigger: tuple[int, int],
                 scope: tuple[int, int], on: date | None, country: str | None) -> None:
        self.doc, self.lex, self.cues, self.on, self.country = doc, lex, cues, on, country
        self.tokens: Sequence[Token] = doc.layer("tokens")
        first = _first_token(doc, scope[0], scope[1])
        self.lo = first.index if first is not None else 0
        hit = [t.index for t in _tokens_over(doc, trigger, scope)]
        self.t_first: int = hit[0] if hit else -1
        self.t_last: int = hit[-1] if hit else -1
        self.trigger = trigger
        # A side moving its own posts (إخلاء مقرات تابعة لحزب الله، انسحاب من مواقع لقسد) owns them: there the
        # owner of a target noun acts, where for an attack it is the one attacked.
        types = {t.value for t in doc.within("triggers", trigger[0], trigger[1]) if t.role == "type"}
        self.moves = "Change to group/activity" in types
        # People seized (اعتقال خلية تابعة لتنظيم داعش) are the patient of the side they belong to.
        self.seizes = not _SEIZING.isdisjoint(types)
        self.mentions = doc.within("actors", *self.window(scope))
        self.clause = _clause_of(doc, trigger)
        self.heads = lex.cue_words("heads")
        self.modifiers = lex.cue_words("modifiers")
        self.attack = lex.cue_words("attack_nouns")
        self.patient_words = lex.cue_words("patient_triggers")
        self.targets = lex.cue_words("target_cues")
        self.ground = lex.cue_words("territory") | self.targets
        self.sources = lex.cue_words("source_cues")
        self.speakers = lex.cue_words("speaker_cues")
        self.accusers = lex.cue_words("accuse_cues")
        self.weapons = lex.cue_words("weapon_heads")
        self.verbs = lex.cue_words("attack_verbs")
        self.hedges = lex.cue_words("hedges")
        self.harm_verbs = lex.cue_words("harm_verbs")
        self.victims = lex.cue_words("victim_heads")
        self.members = lex.cue_words("member_words")

    def window(self, scope: tuple[int, int]) -> tuple[int, int]:
        """The stretch of the scope whose actors may take a role: `_WINDOW` words either side of the trigger.

        Without a bound a sentence of hundreds of strikes would weigh every side it names for every strike; the
        lookbacks of the cues still reach back to the start of the scope.
        """
        if self.t_first < 0:
            return scope
        low = self.tokens[max(self.lo, self.t_first - _WINDOW)].start
        high = self.tokens[min(len(self.tokens) - 1, self.t_last + _WINDOW)].end
        return max(scope[0], low), min(scope[1], high)

    def context(self, m: ActorMention) -> list[str]:
        """Folded words just before a mention, hedges left out, with its own ب/ل clitic as a word of its own."""
        words: list[str] = []
        i = m.first - 1
        while i >= self.lo and len(words) < LOOKBACK:
            hedged = self.cues.past_hedge(self.tokens, i, self.lo, self.hedges)
            if hedged == i:
                words.insert(0, self.tokens[i].norm)
                i -= 1
            else:
                i = hedged
        words.extend(c for c in m.prefix if c in self.cues.role_clitics)
        return words

    def cue_length(self, words: list[str], cues: str, *, tails: bool = False) -> int:
        """The number of context words a cue of this list covers at the end of `words` (0 when none)."""
        best = 0
        ends = [len(words)]
        if tails:
            n = len(words)
            while n > 0 and words[n - 1] in self.cues.tails:
                n -= 1
                ends.append(n)
        index = self.lex.cue_index(cues)
        for end in ends:
            if end == 0:
                continue
            # Only the cues whose last word reads as the last context word can match (a word's readings hold it).
            for key in self.cues.cores(words[end - 1]):
                for cue in index.get(key, ()):
                    k = len(cue)
                    if k <= end and all(c == w or c in self.cues.cores(w) or self.cues.bare(c) in self.cues.cores(w)
                                        for c, w in zip(cue, words[end - k : end], strict=True)):
                        best = max(best, k + len(words) - end)
        return best

    def classify(self, c: _Cand) -> None:
        m = c.mention
        if c.entry.kind in VICTIMS:
            c.role, c.strength = "patient", 3
            return
        if self.harmed(m):
            # قتل عنصران من قوات النظام، قتل قناص جنديين من الجيش: the side of the people a verb of harm befell.
            c.role, c.strength = "patient", 3
            return
        if self.cues.has(self.tokens[m.first], self.targets):
            # The phrase itself names a target (القاعدة التركية، مقرات قسد).
            c.role, c.strength = "patient", 3
            return
        if self.fired_from(m):
            c.role, c.strength, c.explicit = "agent", 3, True
            return
        if self.spoken_by(m):
            # The side that reports or accuses acts only when nobody else does (claims of its own acts).
            c.role, c.strength, c.speaker = "agent", 0, True
            return
        if self.cued(c):
            return
        if self.t_first >= 0 and m.first <= self.t_last and m.last >= self.t_first:
            c.role, c.strength, c.explicit = "agent", 3, True
            return
        if m.form in ("implied", "adjective") and self.cues.by in m.prefix:
            c.role, c.strength, c.explicit = "agent", 3, True
            return
        governed = self.governor(m)
        if governed is not None:
            governor, by = governed
            if by:
                # قصف من قوات النظام، غارة من الطيران الروسي: من after an attack names who attacked.
                c.role, c.strength, c.explicit = "agent", 3, True
            elif m.form in ("name", "toponym") and self.cues.has(self.tokens[governor], self.patient_words) \
                    and not self.subject_of(m, governor):
                c.role, c.strength = "patient", 2
            else:
                c.role, c.strength = "agent", 2
            # Tied to another attack in another clause, the side belongs to that attack (الضربات الأمريكية ...،
            # بعد أن استهدفت الميليشيات القاعدة).
            c.remote = not self.t_first <= governor <= self.t_last and not self.in_clause(m)
            return
        if self.t_first == m.last + 1 and not self.tokens[self.t_first].prefix \
                and joined(self.doc, self.tokens[m.last], self.tokens[self.t_first]):
            # The subject just before a verb (روسيا تقصف، قسد استهدفت).
            c.role, c.strength = "agent", 2
            return
        if self.t_first >= 0:
            # Position alone is weak evidence, weaker still from another clause of the sentence; a weapon
            # named for its owner (طيران الاحتلال الروسي) attacks wherever it stands.
            c.role, c.strength = ("agent", 1) if m.last < self.t_first or m.form == "implied" else ("patient", 1)
            c.late = m.last > self.t_last
            c.remote = not self.in_clause(m)

    def cued(self, c: _Cand) -> bool:
        """Classify a mention by the cue phrases just before it (overhead, target, source, ally); False if none."""
        words = self.context(c.mention)
        if self.cue_length(words, "overhead_cues"):
            c.role, c.strength, c.ally, c.overhead = "agent", 1, True, True
            return True
        target = self.cue_length(words, "target_cues", tails=True)
        source = self.cue_length(words, "source_cues")
        ally = self.cue_length(words, "ally_cues")
        if max(target, source, ally) == 0:
            return False
        if ally > max(target, source):
            c.role, c.strength, c.ally = "agent", 1, True
        elif self.seizes and c.mention.first > self.t_last and self.cue_length(words, "belonging_cues") >= source:
            c.role, c.strength = "patient", 3  # اعتقلت قوات الأمن خلية تابعة لتنظيم داعش
        elif target >= source and self.moves:
            c.role, c.strength, c.explicit = "agent", 3, True
        elif target >= source:
            c.role, c.strength = "patient", 3
        else:
            c.role, c.strength, c.explicit = "agent", 3, True
            c.between = words[-1] == self.cues.between
        return True

    def in_clause(self, m: ActorMention) -> bool:
        """Whether a mention lies in the trigger's clause (a side named in another clause has another role)."""
        return self.clause is None or (self.clause[0] <= m.start and m.end <= self.clause[1])

    def governor(self, m: ActorMention) -> tuple[int, bool] | None:
        """The trigger or attack noun a mention follows (modifiers aside, `من` allowed), and whether `من` joins them."""
        i = self.before(m)
        by = False
        if i >= self.lo and self.tokens[i].norm == self.cues.from_ and not m.prefix \
                and joined(self.doc, self.tokens[i], self.tokens[i + 1]):
            by = True
            i -= 1
        while i >= self.lo and m.first - i <= LOOKBACK + 1:
            tok = self.tokens[i]
            if not joined(self.doc, tok, self.tokens[i + 1]):
                return None
            if self.t_first <= i <= self.t_last or self.cues.has(tok, self.attack) \
                    or (not by and self.cues.has(tok, self.verbs)):
                return i, by
            if not self.cues.has(tok, self.modifiers):
                hedged = self.cues.past_hedge(self.tokens, i, self.lo, self.hedges)
                if hedged == i:
                    return None
                i = hedged
                continue
            i -= 1
        return None

    def subject_of(self, m: ActorMention, governor: int) -> bool:
        """After a verbal noun (استهداف), whether the actor is its subject: a weapon of the actor, a plural in the
        nominative, or the actor followed by the object with ل or على (استهداف القوات التركية لمشفى، استهداف مسيرة
        تركية)."""
        if self.cues.has(self.tokens[m.first], self.weapons) and self.cues.has(self.tokens[governor], self.attack):
            return True
        head = self.tokens[m.first].core
        if head.endswith(self.cues.nominative_plural) and len(head) >= _PLURAL_LETTERS:
            return True  # خطف مسلحون مجهولون موظفا: a plural in the nominative is the subject
        nxt = m.last + 1
        if nxt >= len(self.tokens) or not joined(self.doc, self.tokens[m.last], self.tokens[nxt]):
            return False
        tok = self.tokens[nxt]
        return tok.norm == self.cues.on or any(prefix.endswith(self.cues.of) for _, prefix, _ in variants(tok.norm))

    def before(self, m: ActorMention) -> int:
        """The index of the word before a mention, past a clitic written apart (لـ"قسد")."""
        i = m.first - 1
        return i - 1 if i >= self.lo and self.tokens[i].norm in self.cues.role_clitics else i

    def fired_from(self, m: ActorMention) -> bool:
        """Whether the actor names the ground an attack came from (مصدره مناطق سيطرة قسد، من مواقع قوات النظام)."""
        i = last = self.before(m)
        while i >= self.lo and m.first - i <= LOOKBACK + 1 and self.cues.has(self.tokens[i], self.ground):
            i -= 1
        if i == last or i < self.lo:
            return False
        tok = self.tokens[i]
        if self.cues.has(tok, self.sources):
            return True
        if tok.norm != self.cues.from_ or i - 1 < self.lo:
            return False
        j = i - 1
        while j >= self.lo and i - j <= 3 and self.cues.has(self.tokens[j], self.modifiers):
            j -= 1
        return j >= self.lo and (self.t_first <= j <= self.t_last or self.cues.has(self.tokens[j], self.attack))

    def spoken_by(self, m: ActorMention) -> bool:
        """Whether a reporting verb (أعلنت، قالت، بحسب، اتهمت) governs the mention, a few words back at most."""
        i = m.first - 1
        while i >= self.lo and m.first - i <= 3:
            tok = self.tokens[i]
            if self.t_first <= i <= self.t_last or self.cues.has(tok, self.attack) \
                    or tok.norm in self.cues.clause_starts:
                return False
            if self.cues.has(tok, self.speakers):
                return True
            i -= 1
        return False

    def harmed(self, m: ActorMention) -> bool:
        """Whether the mention opens with people that a verb of harm a few words before befell (قتل ثلاثة عناصر من)."""
        head = next((i for i in (m.first, m.first + 1) if i < len(self.tokens) and i <= m.last
                     and self.cues.has(self.tokens[i], self.victims)), None)  # قناص عنصرين من: the second word
        if head is None:
            head = m.first - 2  # جنديان من الجيش، ضابط في الجيش: the people, then من or في, then their side
            if head < self.lo or not self.cues.has(self.tokens[head + 1], self.members) \
                    or not self.cues.has(self.tokens[head], self.victims):
                return False
        return any(self.cues.has(self.tokens[i], self.harm_verbs) for i in range(max(self.lo, head - 3), head))

    def unknown_source(self) -> bool:
        """Whether the trigger's clause says the side that fired is unknown (قذائف مجهولة المصدر)."""
        if self.clause is None:
            return False
        words = [t.norm for t in self.doc.within("tokens", *self.clause)]
        return any(self.cue_length(words[:end], "unknown_source") for end in range(1, len(words) + 1))

    def accused_after(self, m: ActorMention) -> bool:
        """Whether an accusing verb stands right before the mention (اتهمت قسد ...)."""
        i = m.first - 1
        return i >= self.lo and self.cues.has(self.tokens[i], self.accusers)

    def run(self) -> Roles:
        cands = [_Cand(m, e) for m in self.mentions
                 if (e := self.lex.resolve(m.in_country(self.country or HOME), self.on)) is not None]
        for i, c in enumerate(cands):
            self.classify(c)
            if c.ally and i > 0 and not c.overhead:
                # بدعم من / المدعومة من joins the actor just named, whichever side it is on and wherever it stands.
                c.role = cands[i - 1].role or "agent"
                c.remote = cands[i - 1].remote
        for prev, c in itertools.pairwise(cands):
            self.pair(prev, c)
        _demote(cands)
        cands = _tied(cands)
        if any(c.speaker for c in cands) and self.unknown_source():
            cands = [c for c in cands if not c.speaker]
        agents = sorted((c for c in cands if c.role == "agent"), key=lambda c: (c.ally, -c.strength, c.mention.start))
        patients = sorted((c for c in cands if c.role == "patient"),
                          key=lambda c: (self.is_civilian(c), -c.strength, c.mention.start))
        side1 = self.side(agents, set())
        side2 = self.side(patients, {a.name for a in side1})
        actor1 = side1[0] if side1 else None
        actor2 = side2[0] if side2 else None
        civilian = actor2 is not None and actor2.inter == 7
        return Roles(actor1, actor2, tuple(side1[1:]), tuple(side2[1:]), civilian,
                     interaction(actor1.inter if actor1 else None, actor2.inter if actor2 else None))

    def pair(self, prev: _Cand, c: _Cand) -> None:
        """Let an actor take the role of the one right before it, when the two are joined or one accuses."""
        adjacent = c.mention.first == prev.mention.last + 1
        if adjacent and prev.speaker and self.accused_after(prev.mention) and c.entry.kind not in VICTIMS:
            # اتهمت X Y بقصف: Y is the side accused of acting.
            c.role, c.strength, c.explicit, c.speaker = "agent", 3, True, False
            return
        joined_by_wa = c.mention.prefix.startswith(self.cues.and_)
        stacked = c.mention.form == "adjective" and not c.mention.prefix and prev.entry.kind not in VICTIMS
        # و joins two actors: on the same side, or across sides after بين (اشتباكات بين قسد والجيش الوطني);
        # an adjective right after an actor stacks a second side on it (الطيران السوري الروسي).
        if adjacent and (joined_by_wa or stacked) and c.strength < 3 and prev.role:
            c.role = "patient" if prev.between else prev.role
            c.strength = 3 if prev.between else prev.strength
            c.ally, c.explicit, c.speaker = prev.ally, prev.explicit and not prev.between, prev.speaker

    def is_civilian(self, c: _Cand) -> bool:
        return c.entry.kind in VICTIMS

    def side(self, cands: list[_Cand], exclude: set[str]) -> list[ResolvedActor]:
        out: list[ResolvedActor] = []
        seen = set(exclude)
        for c in cands:
            for entry in self.lineage(c.entry):
                if entry.name not in seen:
                    seen.add(entry.name)
                    out.append(self.resolved(entry, c.mention))
        return out

    def lineage(self, entry: ActorEntry) -> list[ActorEntry]:
        """A unit's top force first, then the unit (الحرس الثوري: Iran's forces, then the IRGC)."""
        chain = [entry]
        while chain[0].parent is not None and len(chain) < 5:
            parent = self.lex.get(chain[0].parent)
            if parent is None:
                break
            chain.insert(0, parent)
        return chain

    def resolved(self, entry: ActorEntry, m: ActorMention) -> ResolvedActor:
        inter = entry.inter
        if self.country is not None and entry.kind in ("state", "unit") and inter in (1, 8) \
                and entry.country is not None:
            inter = 1 if entry.country == self.country else 8
        return ResolvedActor(entry.name, m.surface, inter, m.start, m.end, qid=entry.qid, tags=entry.tags)


def _demote(cands: list[_Cand]) -> None:
    """Make the sides placed only by position the targets, when another side is tied to the act."""
    if any(c.role == "agent" and c.strength >= 2 for c in cands):
        # A weapon placed only after the trigger is the target when a side is tied to the act (أسقطت قسد مسيرة).
        for c in cands:
            if c.late and c.role == "agent" and c.strength < 2 and not c.ally:
                c.role = "patient"
    if any(c.explicit for c in cands):
        # An explicit source (مصدره، من قبل) makes a side placed only by position the target of a passive.
        for c in cands:
            if c.role == "agent" and c.strength < 2 and not (c.explicit or c.ally or c.speaker) \
                    and c.mention.form in ("name", "toponym"):
                c.role = "patient"


def _tied(cands: list[_Cand]) -> list[_Cand]:
    """Reporters and sides named only in another clause give way to any side tied to the event itself."""
    if any(c.role == "agent" and not c.speaker for c in cands):
        cands = [c for c in cands if not c.speaker]
    for role in ("agent", "patient"):
        if any(c.role == role and not c.remote for c in cands):
            cands = [c for c in cands if not (c.remote and c.role == role)]
    return cands


def _first_token(doc: Document, start: int, end: int) -> Token | None:
    """The first token inside `start:end`, found by widening a probe rather than listing the whole span."""
    step = 64
    while True:
        high = min(end, start + step)
        found = doc.within("tokens", start, high)
        if found or high >= end:
            return found[0] if found else None
        step *= 4


def _tokens_over(doc: Document, trigger: tuple[int, int], scope: tuple[int, int]) -> list[Token]:
    """The tokens of the scope that overlap the trigger."""
    first = doc.at("tokens", trigger[0])
    last = doc.at("tokens", max(trigger[0], trigger[1] - 1))
    low = first.start if first is not None else trigger[0]
    high = last.end if last is not None else trigger[1]
    near = doc.within("tokens", max(scope[0], low), min(scope[1], high))
    return [t for t in near if t.start < trigger[1] and t.end > trigger[0]]


def _clause_of(doc: Document, trigger: tuple[int, int]) -> tuple[int, int] | None:
    """The clause of its sentence that holds the trigger, if the sentence layer knows it."""
    sent = doc.at("sentences", trigger[0])
    if sent is None:
        return None
    return next((clause for clause in sent.clauses if clause[0] <= trigger[0] < clause[1]), None)


def assign_roles(doc: Document, *, trigger_start: int, trigger_end: int, scope_start: int, scope_end: int,
                 on: date | None, country: str | None = "Syria", lexicon: ActorLexicon, cues: RoleCues) -> Roles:
    """Decide actor1 (acting) and actor2 (acted upon) among the actor mentions of a scope around a trigger.

    Needs the `actors` layer, the actor lexicon (`resources.actors`) and the grammar words of `resources.cues`.
    `on` resolves date-dependent names; `country` (the event's) chooses what words such as `القوات الحكومية` name
    there and turns a state's inter code into 1 at home and 8 abroad. Unknown perpetrators stay None: nothing is
    guessed.
    """
    return _Roles(doc, lexicon, cues, (trigger_start, trigger_end), (scope_start, scope_end), on, country).run()
