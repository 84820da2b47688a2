"""Find actor mentions: the `actors` stage.

The stage marks every phrase that names an actor: an alias from the lexicon (`قسد`, `لميليشيا فاطميون`), widened
over the heads before it (`عناصر من`, `مدفعية`, `طائرة مسيرة`), or a nisba adjective after a military or attack noun
(`طائرة مسيرة تركية`, `غارات روسية`); gunmen said to be of a named side (`مسلحون من تنظيم القاعدة`) are one mention of
that side. `rasd.events.roles.assign_roles` reads those mentions around an event's
trigger and decides who acted and who was acted upon; its names are re-exported here for the imports that use them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rasd.actors import LOCAL, ActorEntry, ActorLexicon
from rasd.document import Document, Token
from rasd.events.role_cues import COMMAS as _COMMAS
from rasd.events.role_cues import LOOKBACK as _LOOKBACK
from rasd.events.role_cues import VICTIMS as _VICTIMS
from rasd.events.role_cues import RoleCues
from rasd.events.role_cues import joined as _joined
from rasd.events.roles import ResolvedActor, Roles, assign_roles, interaction
from rasd.pipeline import stage

__all__ = ["ActorMention", "ResolvedActor", "RoleCues", "Roles", "actors", "assign_roles", "find_mentions",
           "interaction"]

# The kinds of a side that gunmen may be said to belong to (مسلحون من تنظيم القاعدة).
_SIDES = frozenset({"state", "unit", "rebel", "militia", "coalition"})


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A phrase naming an actor: raw span, text, candidate entries, how it names them, its token range.

    `local` holds the entries the phrase names only in an event in their own country (`الجيش`, `القوات الحكومية`
    in Iraq): `in_country` chooses between them and `entries`.
    """

    start: int
    end: int
    surface: str
    entries: tuple[ActorEntry, ...]
    form: str = field(default="name", kw_only=True)
    prefix: str = field(default="", kw_only=True)
    first: int = field(default=-1, kw_only=True)
    last: int = field(default=-1, kw_only=True)
    local: tuple[ActorEntry, ...] = field(default=(), kw_only=True)

    def in_country(self, country: str | None) -> tuple[ActorEntry, ...]:
        """The entries the phrase names in an event in `country`: that country's own when the words name one there
        (`القوات الحكومية` in Yemen), else the entries it names anywhere (none for `الجيش` outside its countries)."""
        here = tuple(e for e in self.local if e.country == country)
        return here or self.entries

    @property
    def kind(self) -> str | None:
        """The kind of the first entry named (anywhere, else in its own country)."""
        first = (*self.entries, *self.local)[:1]
        return first[0].kind if first else None


def _raw_start(doc: Document, tok: Token, strip: int) -> int:
    return doc.norm.raw_span(tok.nstart + strip, tok.nend)[0]


class _Finder:
    """Mention finding over one document with one lexicon."""

    def __init__(self, doc: Document, lex: ActorLexicon, cues: RoleCues) -> None:
        self.doc = doc
        self.cues = cues
        self.tokens: Sequence[Token] = doc.layer("tokens")
        self.heads = lex.cue_words("heads")
        self.modifiers = lex.cue_words("modifiers")
        self.attack = lex.cue_words("attack_nouns")
        self.locatives = lex.cue_words("locatives")
        self.targets = lex.cue_words("target_cues")
        self.hedges = lex.cue_words("hedges")
        self.lex = lex

    def run(self) -> tuple[ActorMention, ...]:
        out: list[ActorMention] = []
        blocked = {i for b in self.lex.blockers().find(self.tokens) for i in range(b.first, b.last + 1)}
        for m in self.lex.matcher().find(self.tokens):
            mention = self._mention(m, out, blocked)
            if mention is not None:
                out.append(mention)
        # Words that name an actor only in its own country (bare الجيش) come second, where no name stands: the
        # mentions found above are the same whatever the event's country.
        taken = {i for m in out for i in range(m.first, m.last + 1)}
        local: list[ActorMention] = []
        for m in self.lex.local_matcher().find(self.tokens):
            if not taken.isdisjoint(range(m.first, m.last + 1)):
                continue
            before = [n for n in out if n.last < m.first]
            mention = self._mention(m, before[-1:], blocked | taken)
            if mention is not None and taken.isdisjoint(range(mention.first, mention.last + 1)):
                local.append(mention)
        return self._members(sorted((*out, *local), key=lambda m: m.start) if local else out)

    def _members(self, mentions: Sequence[ActorMention]) -> tuple[ActorMention, ...]:
        """Gunmen said to be of a named side (مسلحون من تنظيم القاعدة، ومسلحين من داعش) are that side: one mention
        over both, not unidentified gunmen beside the side they belong to."""
        out: list[ActorMention] = []
        for m in mentions:
            prev = out[-1] if out else None
            if prev is not None and prev.kind == "unidentified" and m.kind in _SIDES and m.first == prev.last + 2 \
                    and self.tokens[prev.last + 1].norm == self.cues.from_ \
                    and _joined(self.doc, self.tokens[prev.last], self.tokens[prev.last + 1]) \
                    and _joined(self.doc, self.tokens[prev.last + 1], self.tokens[m.first]):
                out[-1] = replace(m, start=prev.start, surface=self.doc.text[prev.start : m.end], first=prev.first,
                                  prefix=prev.prefix)
            else:
                out.append(m)
        return tuple(out)

    def _mention(self, m: Any, out: Sequence[ActorMention], blocked: set[int]) -> ActorMention | None:
        """The mention of a match, after the mentions `out` found before it; None when it names no actor."""
        if m.first == m.last and m.key in self.lex.article_only and not self.tokens[m.first].article:
            return None
        if not blocked.isdisjoint(range(m.first, m.last + 1)) or self._account(m.end):
            return None
        aliases = list(dict.fromkeys(m.values))
        local = tuple(dict.fromkeys(a.entry for a in aliases if a.form == LOCAL))
        aliases = [a for a in aliases if a.form != LOCAL]
        named = [a for a in aliases if a.form != "adjective"] or aliases
        form = named[0].form if named else "name"
        entries = tuple(dict.fromkeys(a.entry for a in named if a.form == form))
        # An adjective right after a victim describes the victim (مدني سوري), not a side.
        prev_end = out[-1].last if out else -1
        adjoin = bool(out) and out[-1].kind not in _VICTIMS
        # A name set off by commas (برصاص قناصي، قسد، المنتشرين) still belongs to the head before it.
        aside = self.doc.text[m.end : m.end + 40].lstrip(" \"'”»")[:1] in _COMMAS
        span = self._span(m.first, m.prefix, form, prev_end, adjoin=adjoin, aside=aside)
        if span is None:
            return None
        first, strip = span
        start = _raw_start(self.doc, self.tokens[first], strip)
        cues = self.cues
        prefix = cues.role_clitics_of(m.prefix if first == m.first else self.tokens[first].prefix)
        before = self.tokens[first - 1] if first > 0 else None
        if before is not None and before.norm in cues.role_clitics \
                and _joined(self.doc, before, self.tokens[first]):
            # A clitic written apart (لـ"قسد"، لـ #قسد) still marks the actor.
            prefix = before.norm + prefix
        return ActorMention(start, m.end, self.doc.text[start : m.end], entries, form=form, prefix=prefix,
                            first=first, last=m.last, local=local)

    def _account(self, end: int) -> bool:
        """Whether the words after a mention run into an @handle: a page or account name, not an actor."""
        tail = self.doc.text[end : end + 40].split("\n")[0]
        at = tail.find("@")
        return at >= 0 and (at == 0 or not tail[at - 1].isspace()) and len(tail[:at].split()) <= 3

    def _span(self, first: int, prefix: str, form: str, prev_end: int, *, adjoin: bool,
              aside: bool = False) -> tuple[int, int] | None:
        """The token where the mention starts and the clitic letters to leave out, or None to drop it."""
        toks = self.tokens
        if form == "toponym":
            before = toks[first - 1] if first > 0 else None
            cues = self.cues
            if cues.by in cues.clitics(prefix) or (before is not None and cues.has(before, self.locatives)):
                return None
        if form == "adjective":
            return self._licensed(first, prev_end, adjoin=adjoin)
        # A phrase that names a base or a position is not the complement of a head (طائرة مسيرة قاعدة التنف).
        head = first if self.cues.has(toks[first], self.targets) else self._head_start(first, prev_end, aside=aside)
        if head == first:
            return first, len(self.cues.clitics(prefix))
        return head, len(self.cues.clitics(toks[head].prefix))

    def _licensed(self, first: int, prev_end: int, *, adjoin: bool) -> tuple[int, int] | None:
        """An adjective names an actor only after a head or an attack noun (غارات جوية روسية)."""
        toks = self.tokens
        i = first - 1
        while i >= 0 and first - i <= _LOOKBACK and _joined(self.doc, toks[i], toks[i + 1]):
            if i == prev_end and adjoin:
                return first, len(self.cues.clitics(toks[first].prefix))
            if self.cues.has(toks[i], self.heads):
                head = self._head_start(i + 1, prev_end)
                return head, len(self.cues.clitics(toks[head].prefix))
            if self.cues.has(toks[i], self.attack):
                return first, len(self.cues.clitics(toks[first].prefix))
            if not self.cues.has(toks[i], self.modifiers):
                # A hedge does not part an attack from the side it is put down to (غارة يرجح أنها روسية).
                hedged = self.cues.past_hedge(toks, i, 0, self.hedges)
                if hedged == i:
                    return None
                i = hedged
                continue
            i -= 1
        return None

    def _head_start(self, first: int, prev_end: int, *, aside: bool = False) -> int:
        """Widen a mention leftwards over heads (`عناصر من`, `طائرة مسيرة`, `مدفعية`)."""
        toks = self.tokens
        start = first
        i = first - 1
        if i > prev_end + 1 and toks[i].norm == self.cues.from_ and _joined(self.doc, toks[i], toks[i + 1]) \
                and self.cues.has(toks[i - 1], self.heads) and _joined(self.doc, toks[i - 1], toks[i]):
            start = i - 1
            i -= 2
        # A weapon's owner named with ل, or set off by commas, may follow it after a comma (طائرة حربية،
        # لجيش الاحتلال).
        owned = aside or self.cues.of in self.cues.role_clitics_of(toks[first].prefix)
        while i > prev_end and first - i <= _LOOKBACK \
                and _joined(self.doc, toks[i], toks[i + 1], comma=owned and i + 1 == first) \
                and self.cues.has(toks[i], self.heads | self.modifiers):
            if self.cues.has(toks[i], self.heads):
                start = i
            i -= 1
        return start


def find_mentions(doc: Document, lex: ActorLexicon, cues: RoleCues) -> tuple[ActorMention, ...]:
    """Every actor mention of a segmented document, left to right."""
    return _Finder(doc, lex, cues).run()


@stage("actors", requires=("tokens", "sentences"), adds=("actors",))
def actors(doc: Document, resources: Any) -> Document:
    """Add the `actors` layer from `resources.actors` (an `ActorLexicon`)."""
    return doc.with_layers(actors=find_mentions(doc, resources.actors, RoleCues.from_cues(resources.cues)))
