"""Drop the place mentions that are part of a person's name (محمود هليل، الشاب فراس هليل, see `rasd.stages.places`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rasd.document import Document, Token
from rasd.orthography import orthography
from rasd.stages.place_cues import QUOTES, PlaceCues, bare

if TYPE_CHECKING:
    from rasd.stages.place_mentions import RawMention

__all__ = ["outside_names"]

# Places that are never read as part of a name: admin seats and large cities (a report's object, not a surname).
_SEATS = {"governorate", "district"}
_BIG_CITY = 200_000


def outside_names(
    doc: Document, tokens: Sequence[Token], sent: list[int], raws: list[RawMention], c: PlaceCues
) -> list[RawMention]:
    """The mentions that are not part of a person's name (`محمود هليل`, `الشاب فراس هليل`)."""
    kept: list[RawMention] = []
    places = {i for r in raws for i in range(r.first, r.last + 1)}
    names: set[int] = set()  # tokens of dropped mentions: name words themselves (محمد جاسم سنجار)
    for r in raws:
        if _in_name(doc, tokens, sent, places, names, r, c):
            span = range(r.first, r.last + 1)
            names.update(span)
            places.difference_update(span)
        else:
            kept.append(r)
    return kept


def _in_name(
    doc: Document, tokens: Sequence[Token], sent: list[int], places: set[int], names: set[int], r: RawMention,
    c: PlaceCues,
) -> bool:
    """Whether a mention of one or two words, bare of generic word, cue and clitic, directly follows a name."""
    if r.prefix or r.cue or r.last - r.first > 1 or r.name_first != r.first or any(
        p.kind in _SEATS or p.population >= _BIG_CITY for p in r.candidates
    ):
        return False  # "زار محمد حلب": a city that seats a governorate or district is no family name
    head = r.name.split()[0]
    if tokens[r.first].norm not in (head, c.article + head, head.removeprefix(c.article)):
        return False  # "بسرمين", "وسنجار": a clitic of its own
    j = r.first - 1
    if j < 0 or sent[j] != sent[r.first] or j in places or doc.text[tokens[j].end : tokens[r.first].start].strip():
        return False
    if j in names or _given(doc, tokens[j], c) or _after_connector(doc, tokens, j, c):
        return True
    return _cued(doc, tokens, sent, places, j, c)


def _given(doc: Document, tok: Token, c: PlaceCues) -> bool:
    """Whether a word is a given name of the lexicon, with or without a conjunction (`خالد`, `وخالد`)."""
    names = c.given_names
    word = tok.norm if tok.norm in names else tok.norm[1:] if tok.norm.startswith(c.conjunction) else ""
    if word not in names or bare(tok, c.generic | c.near | c.directions, c):
        return False
    script = orthography()
    return names[word] or not script.written_marks.sub("", doc.text[tok.start : tok.end]).endswith(
        script.alef_maqsura)  # على: no علي


def _after_connector(doc: Document, tokens: Sequence[Token], j: int, c: PlaceCues) -> bool:
    """Whether word j ends a name made with عبد (`عبد الرزاق`, `عبدالله`) or a kunya or filiation (`أبو خولة`,
    `بن سالم`); a word after أبو with the article (`أبو الظهور`) is rather a village."""
    word = tokens[j].norm.removeprefix(c.conjunction)
    if word.startswith(c.abd) and len(word) >= 6:
        return True
    before = tokens[j - 1].norm.removeprefix(c.conjunction) if j > 0 else ""
    return before == c.abd or (before in c.name_connectors and _name_like(doc, tokens[j], c))


def _cued(doc: Document, tokens: Sequence[Token], sent: list[int], places: set[int], j: int, c: PlaceCues) -> bool:
    """Whether word j is the first or second word of a name after a word that introduces a person."""
    for first in (j, j - 1):
        cue = first - 1
        if cue < 0 or sent[cue] != sent[j] or tokens[cue].norm.removeprefix(c.conjunction) not in c.person_cues:
            continue
        if any(k in places or not _name_like(doc, tokens[k], c) for k in range(first, j + 1)):
            continue
        if not any(doc.text[tokens[k].end : tokens[k + 1].start].strip(" " + QUOTES) for k in range(cue, j)):
            return True  # الشاب فراس هليل، الشهيد «خالد حنيفة»
    return False


def _name_like(doc: Document, tok: Token, c: PlaceCues) -> bool:
    """Whether a word can be part of a person's name: letters only, no article or conjunction, no function word."""
    if _given(doc, tok, c):
        return True
    if not tok.norm.isalpha() or len(tok.norm) < 3 or c.article in tok.prefix or tok.prefix.startswith(c.conjunction):
        return False
    if tok.norm in c.not_names or tok.norm in c.clitic_words or tok.norm in c.person_cues:
        return False
    return not bare(tok, c.generic | c.near | c.directions, c)
