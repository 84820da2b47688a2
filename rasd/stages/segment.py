"""Split a document into tokens (with their clitics analysed) and sentences with clauses."""

from __future__ import annotations

import re

from rasd.clitics import analyse
from rasd.document import Document, Sentence, Token
from rasd.normalize import WORD
from rasd.pipeline import stage
from rasd.stages.calendar import mark_end

__all__ = ["segment", "tokenize"]

_WORD = WORD
# A sentence ends at . ! ? ؟ ؛ (U+061F, U+061B) or a line break; a dot between digits (3.5) does not end one.
_SENT_END = re.compile(r"(?<!\d)[.!?\u061f\u061b…]+(?!\d)|\n+|\.{3}")
_SENT_MARKS = " \n.!?" + chr(0x061F) + chr(0x061B) + "…"
# A clause ends at a comma (، U+060C, or the Latin one), a colon, a semicolon or a dash between spaces.
_CLAUSE_END = re.compile(r"[\u060c,:;]|\s-\s|\s–\s")


def tokenize(doc: Document) -> tuple[Token, ...]:
    """Words of the normalised text with raw offsets and clitic analysis."""
    norm = doc.norm
    out = []
    for i, m in enumerate(_WORD.finditer(norm.text)):
        word = m.group()
        core, prefix, article = analyse(word)
        start, end = norm.raw_span(m.start(), m.end())
        out.append(Token(start, end, m.start(), m.end(), word, core, prefix, article, i))
    return tuple(out)


def _sentences(doc: Document) -> tuple[Sentence, ...]:
    norm = doc.norm
    text = norm.text
    out: list[Sentence] = []
    pos = 0
    for m in [*_SENT_END.finditer(text), None]:
        end = m.end() if m else len(text)
        seg_start = pos
        pos = end
        stripped = text[seg_start:end].strip(_SENT_MARKS)
        if not stripped:
            continue
        lead = len(text[seg_start:end]) - len(text[seg_start:end].lstrip())
        s_n, e_n = seg_start + lead, seg_start + lead + len(text[seg_start + lead : end].rstrip())
        clauses = []
        c_pos = s_n
        for c in [*_CLAUSE_END.finditer(text, s_n, e_n), None]:
            c_end = c.start() if c else e_n
            if text[c_pos:c_end].strip():
                clauses.append(norm.raw_span(c_pos, c_end))
            c_pos = c.end() if c else e_n
        start, stop = norm.raw_span(s_n, e_n)
        stop = mark_end(doc.text, stop)  # over the marks folding dropped (`صباحاً`, `هـ`), as date mentions end
        out.append(Sentence(start, stop, len(out), True, tuple(clauses)))
    return tuple(out)


@stage("segment", adds=("tokens", "sentences"))
def segment(doc: Document, resources: object) -> Document:
    """Add the `tokens` and `sentences` layers."""
    return doc.with_layers(tokens=tokenize(doc), sentences=_sentences(doc))
