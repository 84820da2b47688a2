"""Find the article body in a raw page capture and mark the sentences outside it as clutter.

Page captures carry menus, teasers, related-article lists, comments, share counters, social-media chrome and
repeated copies of the text (a truncated preview before the full post). The body is found in four steps:

1. a window: the post starts after a header cue ("Shared with Public") and ends at a comments cue
   ("All reactions:"), both from `lexicons/clutter.tsv`;
2. inline cuts: links, X timestamps and counters, author headers, replies by other accounts, "see more" tails;
3. lines: each line is described by its Arabic letters, words, punctuation, cue phrase and whether an earlier
   or later line already holds it (a repeat, or a preview ending in "..." of a longer line);
4. blocks: tail cues ("الأكثر قراءة") split the page into blocks; the block with the most dense lines is the
   article; short lines just before it (the headline) and isolated ones just after it (a caption, a list)
   are kept, runs of headlines around it (menus, related articles) are not.

When unsure a line is kept: a missed event costs more than a stray menu word. Offsets point into the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from rasd.document import Document, Sentence
from rasd.errors import ResourceError
from rasd.normalize import fold
from rasd.pipeline import stage

__all__ = ["BodySpan", "ClutterCues", "body", "find_body", "load_cues"]

KINDS = ("line", "lead", "tail", "tail-in", "head-in", "cut", "cut-line")

_ARABIC = re.compile(r"[\u0621-\u064a]")
_ARABIC_COMMA = chr(0x060C)
_WORDS = re.compile(r"[^\W\d_]+")
_STOP_END = re.compile(r"(?<![.…])[.!?\u061f](?:\s|[\"')»”])*$")
_ELLIPSIS_END = re.compile(r"(?:\.{2,}|…)\s*$")
_BULLET = re.compile(r"^\s*(?:[-–—•*▪●■◾✓✔]|\d{1,3}\s?[-_.)\u0640])")
_DATE_LIKE = re.compile(r"\d{1,4}\s?[-/.]\s?\d{1,2}\s?[-/.]\s?\d{1,4}")
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/|t\.me/)[^\s\u0600-\u06ff]*")
# X (Twitter) chrome glued to the post: "12:50 PM · Nov 30, 2024·Twitter Web App3.4KViews549".
_X_TRAILER = re.compile(
    r"(?:\d{1,2}:\d{2})?\d{1,2}:\d{2}\s?[AP]M\s?·\s?[A-Z][a-z]{2} \d{1,2}, \d{4}"
    r"(?:\s?·\s?[A-Za-z ]{0,30}?(?:App|Android|iPhone|iPad|Web|TweetDeck|Studio))?"
    r"(?:\s?[\d.,]+[KM]?\s?(?:Views|Retweets?|Quote Tweets?|Likes?|Reposts?|Quotes?|Bookmarks?)?)*"
)
# An author header at the start of a line: display name glued to "@handle", then "·12h" or "Nov 3, 2025".
_HEADER = (
    r"(?:Post|Conversation)*(?P<name>[^\n@.\u060c!\u061f:]{1,60}?)\u200f?\s?@(?P<handle>[A-Za-z0-9_]{1,15}?)"
    r"(?=·|[A-Z][a-z]{2} \d|[^A-Za-z0-9_]|$)"
    r"(?P<when>·?(?:\d{1,2}[smhd](?![a-z])|[A-Z][a-z]{2} \d{1,2}(?:, \d{4})?))?"
)
_X_HEADER = re.compile("^" + _HEADER, re.MULTILINE)
_X_HEADER_HERE = re.compile(_HEADER)
_REPLYING = re.compile(r"Replying to(?:\s?@[A-Za-z0-9_]{1,15})+")
# A reply header anywhere after the post: "@handle" followed by "·" or a date.
_REPLY = re.compile(r"@(?P<handle>[A-Za-z0-9_]{1,15})(?=·|[A-Z][a-z]{2} \d{1,2})")

MIN_DENSE_LETTERS = 40  # shorter lines are headlines, labels or captions
LONG_LETTERS = 130  # a line this long is prose even without punctuation (headlines rarely are)
MIN_REPEAT_CHARS = 8  # shorter repeated lines ("سوريا") are harmless labels
MAX_CONTAINMENT_CHECKS = 300  # bounds the search for copies in very long texts
# A post is its own text: once the platform chrome is cut, its short lines are the post, not a menu.
SOCIAL_KINDS = frozenset({"public_facebook_post", "public_x_post", "public_telegram_post"})


@dataclass(frozen=True, slots=True)
class BodySpan:
    """A stretch of the raw text that belongs to the article body."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ClutterCues:
    """Clutter cue phrases by kind, folded."""

    line: frozenset[str]
    lead: tuple[str, ...]
    tail: frozenset[str]
    inline: dict[str, tuple[str, ...]]


def _key(text: str) -> str:
    """Letters-only folded form of a line, for comparing lines and cue phrases."""
    return " ".join(_WORDS.findall(fold(text)))


def load_cues() -> ClutterCues:
    """Load and fold the clutter cue phrases of `lexicons/clutter.tsv` (`Resources.clutter` holds them)."""
    by_kind: dict[str, list[str]] = {k: [] for k in KINDS}
    text = resources.files("rasd.lexicons").joinpath("clutter.tsv").read_text(encoding="utf-8")
    for n, row in enumerate(text.splitlines(), 1):
        if not row.strip() or row.startswith("#") or row.startswith("phrase\t"):
            continue
        phrase, _, kind = row.partition("\t")
        if kind not in by_kind:
            raise ResourceError(f"clutter.tsv line {n}: unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        inline = kind.endswith("-in") or kind.startswith("cut")
        by_kind[kind].append(fold(phrase) if inline else _key(phrase))
    return ClutterCues(
        line=frozenset(by_kind["line"]),
        lead=tuple(by_kind["lead"]),
        tail=frozenset(by_kind["tail"]),
        inline={k: tuple(by_kind[k]) for k in ("tail-in", "head-in", "cut", "cut-line")},
    )


@dataclass(slots=True)
class _Line:
    pieces: list[tuple[int, int]]
    key: str
    letters: int
    dense: bool
    headline: bool
    bullet: bool
    stops: bool
    ellipsis: bool
    hashtags: bool
    cue: str  # "", "line", "lead", "lead-only" (the cue alone) or "tail"
    clutter: bool = False


def _find_all(norm_text: str, phrase: str) -> list[int]:
    out, pos = [], norm_text.find(phrase)
    while pos >= 0:
        out.append(pos)
        pos = norm_text.find(phrase, pos + len(phrase))
    return out


def _window(doc: Document, cues: ClutterCues) -> tuple[int, int]:
    """The raw stretch between the last header cue and the first comments cue after it."""
    norm = doc.norm
    ntext = norm.text

    def first_tail(after: int) -> int:
        hits = [p for c in cues.inline["tail-in"] for p in _find_all(ntext, c) if p >= after]
        return min(hits, default=len(ntext))

    start = 0
    end = first_tail(0)
    heads = [p + len(c) for c in cues.inline["head-in"] for p in _find_all(ntext, c) if p + len(c) <= end]
    if heads:
        start = max(heads)
        end = first_tail(start)
    if len(_ARABIC.findall(ntext[start:end])) < 15:
        start, end = 0, len(ntext)
    raw_start = norm.raw_span(start, start)[0] if start < len(ntext) else len(doc.text)
    raw_end = norm.raw_span(end, end)[0] if end < len(ntext) else len(doc.text)
    return raw_start, raw_end


def _cuts(doc: Document, cues: ClutterCues, lo: int, hi: int) -> list[tuple[int, int]]:
    """Raw spans of inline chrome inside the window `lo:hi`."""
    text, norm = doc.text, doc.norm
    cuts: list[tuple[int, int]] = []
    for kind in ("cut", "cut-line"):
        for phrase in cues.inline[kind]:
            for p in _find_all(norm.text, phrase):
                s, e = norm.raw_span(p, p + len(phrase))
                if kind == "cut-line":
                    nl = text.find("\n", e)
                    e = nl if nl >= 0 else len(text)
                cuts.append((s, e))
    cuts += [m.span() for m in _URL.finditer(text, lo, hi)]
    headers = list(_X_HEADER.finditer(text, lo, hi))
    here = _X_HEADER_HERE.match(text, lo)
    if here and (not headers or headers[0].start() > lo):
        headers.insert(0, here)
    headers = [m for m in headers if len(m.group("name").split()) <= 6]
    cuts += [m.span() for m in headers]
    cuts += [m.span() for m in _REPLYING.finditer(text, lo, hi)]
    trailers = list(_X_TRAILER.finditer(text, lo, hi))
    cuts += [m.span() for m in trailers]
    if trailers:
        main_handle = headers[0].group("handle").lower() if headers else ""
        cuts += _replies(text, [m.end() for m in trailers], hi, main_handle)
    return sorted(c for c in cuts if c[0] < hi and c[1] > lo)


def _replies(text: str, trailer_ends: list[int], hi: int, main_handle: str) -> list[tuple[int, int]]:
    """Spans of replies by other accounts after an X post (a thread by the author itself is kept)."""
    lo = trailer_ends[0]
    starts, handles = [], []
    for m in _REPLY.finditer(text, lo, hi):
        line_start = text.rfind("\n", 0, m.start()) + 1
        trailer_end = max(e for e in trailer_ends if e <= m.start())
        starts.append(max(line_start, trailer_end))
        handles.append((m.group("handle").lower(), m.end()))
    out = []
    for i, (handle, header_end) in enumerate(handles):
        end = starts[i + 1] if i + 1 < len(starts) else hi
        # The header handle may have swallowed digits of the post ("@aid1/2"), the reply's is delimited.
        own = bool(handle) and main_handle.startswith(handle)
        out.append((starts[i], header_end if own else end))
    return out


def _subtract(start: int, end: int, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces, pos = [], start
    for s, e in cuts:
        if e <= pos or s >= end:
            continue
        if s > pos:
            pieces.append((pos, s))
        pos = max(pos, e)
    if pos < end:
        pieces.append((pos, end))
    return pieces


def _describe(text: str, pieces: list[tuple[int, int]], cues: ClutterCues) -> _Line:
    raw = " ".join(text[s:e] for s, e in pieces)
    folded = fold(raw)
    key = " ".join(_WORDS.findall(folded))
    letters = len(_ARABIC.findall(folded))
    stops = bool(_STOP_END.search(folded))
    ellipsis = bool(_ELLIPSIS_END.search(folded))
    comma = _ARABIC_COMMA in folded or "," in folded
    dense = letters >= MIN_DENSE_LETTERS and (letters >= LONG_LETTERS or stops or comma)
    cue = ""
    if key in cues.tail:
        cue = "tail"
    elif key in cues.line:
        cue = "line"
    else:
        for lead in cues.lead:
            if key == lead:
                cue = "lead-only"
            elif key.startswith(lead + " "):
                cue = "lead"
    bullet = bool(_BULLET.match(raw))
    headline = not dense and not cue and letters >= 12 and len(key.split()) >= 3
    hashtags = raw.lstrip().startswith("#")
    line = _Line(pieces, key, letters, dense, headline, bullet, stops, ellipsis, hashtags, cue)
    line.clutter = bool(cue) or (letters == 0 and not _DATE_LIKE.search(folded))
    return line


def _lines(doc: Document, cues: ClutterCues) -> list[_Line]:
    lo, hi = _window(doc, cues)
    cuts = _cuts(doc, cues, lo, hi)
    text = doc.text
    out = []
    pos = lo
    while pos < hi:
        nl = text.find("\n", pos, hi)
        end = hi if nl < 0 else nl
        pieces = [(s, e) for s, e in _subtract(pos, end, cuts) if text[s:e].strip()]
        if pieces:
            out.append(_describe(text, pieces, cues))
        pos = end + 1
    return out


def _blocks(lines: list[_Line]) -> list[list[int]]:
    """Line indices between tail cues (the cue lines themselves belong to no block)."""
    blocks: list[list[int]] = [[]]
    for i, line in enumerate(lines):
        if line.cue == "tail":
            blocks.append([])
        else:
            blocks[-1].append(i)
    return blocks


def _mark_repeats(lines: list[_Line], block: list[int]) -> None:
    """Mark exact repeats after their first copy, and previews or headlines contained in a later line."""
    seen: set[str] = set()
    offsets, keys = [], []
    size = 0
    for i in block:
        offsets.append(size)
        keys.append(lines[i].key)
        size += len(lines[i].key) + 1
    joined = "\n".join(keys)
    checks = 0
    for n, i in enumerate(block):
        line = lines[i]
        if line.clutter or len(line.key) < MIN_REPEAT_CHARS:
            continue
        if line.key in seen:
            line.clutter = True
            continue
        if (line.ellipsis or line.headline) and checks < MAX_CONTAINMENT_CHECKS:
            checks += 1
            words = line.key.split()
            probe = " ".join(words[:-1]) if line.ellipsis else line.key  # a preview may cut its last word
            later = offsets[n + 1] if n + 1 < len(block) else len(joined)
            if len(probe.split()) >= 3 and joined.find(probe, later) >= 0:
                line.clutter = True  # the later, longer copy is kept
                continue
        seen.add(line.key)


def _mark_teasers(lines: list[_Line]) -> None:
    """Mark the headlines that follow a bare "read also" cue, up to the next prose line."""
    teaser = False
    for line in lines:
        if line.cue == "lead-only":
            teaser = True
        elif line.dense:
            teaser = False
        elif teaser and line.headline:
            line.clutter = True


def _core(lines: list[_Line], blocks: list[list[int]], *, social: bool) -> tuple[int, int] | None:
    """First and last dense line of the densest block (first and last line, in a post or without prose)."""

    def mass(block: list[int]) -> tuple[int, int]:
        live = [i for i in block if not lines[i].clutter]
        return sum(lines[i].letters for i in live if lines[i].dense), sum(lines[i].letters for i in live)

    best = [i for i in max(blocks, key=mass) if not lines[i].clutter]
    if not best:
        return None
    dense = [i for i in best if lines[i].dense]
    if social or not dense:
        return best[0], best[-1]
    return dense[0], dense[-1]


def _before(lines: list[_Line], first: int, title_key: str) -> list[int]:
    """The headline and labels just before the article, up to a menu item or a second headline."""
    kept: list[int] = []
    headlines = 0
    for i in range(first - 1, -1, -1):
        line = lines[i]
        if line.cue or line.dense:
            break  # a menu item: what comes before is the page header (a matching title is kept anyway)
        if line.clutter:
            continue
        if line.headline:
            if headlines:
                return [] if _listed_after_tail(lines, i) else kept
            headlines += 1
        kept.append(i)
        if line.headline and line.key in title_key:
            break
    return kept


def _listed_after_tail(lines: list[_Line], i: int) -> bool:
    """Whether the run of headlines ending at line i follows a related-list heading (متعلقات): a list, so the
    headline nearest the article belongs to it too."""
    for j in range(i, -1, -1):
        if lines[j].cue == "tail":
            return True
        if lines[j].dense:
            return False
    return False


def _after(lines: list[_Line], last: int) -> list[int]:
    """List items, sentences and an isolated caption just after the article, up to a run of headlines."""
    kept = []
    after = [i for i in range(last + 1, len(lines)) if not lines[i].clutter or lines[i].cue == "tail"]
    for n, i in enumerate(after):
        line = lines[i]
        if line.cue == "tail" or line.dense:
            break
        if line.bullet or line.stops or line.hashtags:
            kept.append(i)
        elif line.headline:
            following = lines[after[n + 1]] if n + 1 < len(after) else None
            if following is not None and not following.bullet and not following.stops:
                break
            kept.append(i)
    return kept


def _keep(lines: list[_Line], title_key: str, *, social: bool) -> list[int]:
    """Indices of the body lines: the core, its headline, its trailing list, and the page title."""
    blocks = _blocks(lines)
    for block in blocks:
        _mark_repeats(lines, block)
    _mark_teasers(lines)
    titles = {
        i for i, line in enumerate(lines) if not line.clutter and len(line.key.split()) >= 3 and line.key in title_key
    }
    core = _core(lines, blocks, social=social)
    if core is None or (titles and not social and not any(line.dense for line in lines)):
        return sorted(titles)  # no prose at all: the headline is the report
    first, last = core
    kept = {i for i in range(first, last + 1) if not lines[i].clutter and lines[i].cue != "tail"}
    kept.update(_before(lines, first, title_key), _after(lines, last), titles)
    return sorted(kept)


def find_body(doc: Document, cues: ClutterCues) -> tuple[BodySpan, ...]:
    """Locate the article body of a page capture as raw spans."""
    lines = _lines(doc, cues)
    title_key = _key(doc.title) if doc.title else ""
    spans: list[list[int]] = []
    for i in _keep(lines, title_key, social=doc.kind in SOCIAL_KINDS):
        for s, e in lines[i].pieces:
            chunk = doc.text[s:e]
            s, e = s + len(chunk) - len(chunk.lstrip()), s + len(chunk.rstrip())
            if spans and not doc.text[spans[-1][1] : s].strip():
                spans[-1][1] = e
            else:
                spans.append([s, e])
    return tuple(BodySpan(s, e) for s, e in spans)


def _flags(sentences: tuple[Sentence, ...], spans: tuple[BodySpan, ...]) -> list[bool]:
    """A sentence belongs to the body when half of it, or 30 characters of it, lie in body spans."""
    flags, j = [], 0
    for sent in sentences:
        while j < len(spans) and spans[j].end <= sent.start:
            j += 1
        overlap, k = 0, j
        while k < len(spans) and spans[k].start < sent.end:
            overlap += max(0, min(sent.end, spans[k].end) - max(sent.start, spans[k].start))
            k += 1
        flags.append(overlap > 0 and (overlap * 2 >= sent.end - sent.start or overlap >= 30))
    return flags


@stage("body", requires=("tokens", "sentences"), adds=("body",))
def body(doc: Document, resources: Any) -> Document:
    """Add the `body` layer and set `in_body` on every sentence."""
    spans = find_body(doc, resources.clutter)
    sentences = doc.layer("sentences")
    flagged = tuple(replace(s, in_body=f) for s, f in zip(sentences, _flags(sentences, spans), strict=True))
    return doc.with_layers(body=spans, sentences=flagged)
