"""Find the place mentions of a text before resolution: gazetteer names, unknown names after a generic word, lists.

See the module doc of `rasd.stages.places` for the choices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from rasd.document import Document, Token
from rasd.gazetteer import AREA_KINDS, Gazetteer, Place
from rasd.matcher import Match
from rasd.stages.place_cues import QUOTES, PlaceCues, bare
from rasd.stages.place_names import outside_names

__all__ = ["RawMention", "find_mentions"]

_MARKS = (",", "-", "–")  # marks that join the items of a list besides the Arabic comma (قرى (سان - منطف - مجدليا))


@dataclass(frozen=True, slots=True)
class RawMention:
    """A mention before resolution: token range, name, candidates and the words around it."""

    first: int
    last: int
    name_first: int
    name: str
    candidates: tuple[Place, ...]
    prefix: str | None
    cue: str | None
    sentence: int


def _plausible(match: Match[Place], c: PlaceCues) -> bool:
    """Reject a short one-word name read off a clitic split of another word (`بدأنا` as `ب` + `دانا`)."""
    prefix = match.prefix
    if match.first != match.last or not prefix or c.article in prefix or prefix.endswith(c.lam_article):
        return True
    return len(match.key) > 4 or any(p.kind == "city" for p in match.values)


def _adjective(doc: Document, tokens: Sequence[Token], match: Match[Place], c: PlaceCues) -> bool:
    """Whether a one-word name that is a usual word of the news shaped like an adjective (ية) follows a definite
    noun as its adjective or predicate (الاحتجاجات السلمية، مظاهرتهم السلمية، التظاهرات سلمية): a place would need
    a preposition or a head without the article (في السلمية، ريف السلمية). A village's name that is no usual word
    stays a place after a definite subject (قصفت القوات الروسية الحميدية)."""
    tok = tokens[match.first]
    if match.first != match.last or not match.first or not tok.norm.endswith(c.adjective_ending) \
            or tok.core not in c.usual:
        return False
    before = tokens[match.first - 1]
    if doc.text[before.end : tokens[match.first].start].strip() or bare(before, c.generic, c):
        return False
    return before.article or before.norm.endswith(c.pronoun_endings)


def _sentence_of(doc: Document, tokens: Sequence[Token]) -> list[int]:
    bounds = [(s.start, s.end) for s in doc.layer("sentences")]
    out, k = [], 0
    for t in tokens:
        while k < len(bounds) - 1 and t.start >= bounds[k][1]:
            k += 1
        out.append(k)
    return out


def _lookup(gaz: Gazetteer, name: str, c: PlaceCues) -> tuple[Place, ...]:
    """Places named `name`, reading the article as optional (a stop-listed name is found here too)."""
    bare = name.removeprefix(c.article)
    return tuple(gaz.by_name(name) or gaz.by_name(bare) or gaz.by_name(c.article + bare))


def find_mentions(doc: Document, gaz: Gazetteer, c: PlaceCues) -> list[RawMention]:
    """The mentions of a text in order, each with its generic word and cue, those inside a person's name left out."""
    tokens = doc.layer("tokens")
    sent = _sentence_of(doc, tokens)
    covered: set[int] = set()
    raws = _known(doc, tokens, sent, covered, gaz, c)
    raws.extend(_prefixed(doc, tokens, sent, covered, gaz, c))
    listed: list[tuple[int, int]] = []  # the token ranges of lists of places
    raws.extend(_listed(doc, tokens, sent, covered, gaz, c, listed))
    raws.sort(key=lambda r: r.first)
    raws.extend(_chained(doc, tokens, sent, covered, raws, gaz, c, listed))
    raws.sort(key=lambda r: r.first)
    raws = [_with_cued(r, listed, gaz, c) for r in raws]
    _extend(raws, tokens, c)
    return outside_names(doc, tokens, sent, raws, c)


def _known(
    doc: Document, tokens: Sequence[Token], sent: list[int], covered: set[int], gaz: Gazetteer, c: PlaceCues
) -> list[RawMention]:
    """The names of the gazetteer in the text, each marking its tokens covered."""
    raws: list[RawMention] = []
    for m in gaz.matcher(c.forms).find(tokens):
        if not _plausible(m, c) or (m.first == m.last and m.first and tokens[m.first - 1].norm in c.modal):
            continue  # "قد تدمر" is a verb, not Palmyra
        if m.first and c.lam in m.prefix and tokens[m.first - 1].norm in c.allegiance:
            continue  # "موالية لأنقرة" names a side
        if _adjective(doc, tokens, m, c):
            continue  # "الاحتجاجات السلمية" describes the protests; it is not Salamiyah
        cands = tuple({p.id: p for p in m.values}.values())
        if not _known_alone(cands) and _continued(doc, tokens, sent, covered, m.last, c):
            continue  # "قرية الزعرورية الفوقا": a longer name than a foreign village's, read after its generic word
        head = m.key.split()[0]
        prefix = head if head in c.generic and len(m.key.split()) > 1 else None
        if _headed(doc, tokens, sent, covered, m, c):  # كفر كارس: a village named with a head and another place's name
            k = m.first - 1
            name = " ".join([_without_conjunction(tokens[k], c), *(t.norm for t in tokens[m.first : m.last + 1])])
            raws.append(RawMention(k, m.last, k, name, _lookup(gaz, name, c), None, None, sent[m.first]))
            covered.update(range(k, m.last + 1))
            continue
        name_first = m.first + (1 if prefix else 0)
        raws.append(RawMention(m.first, m.last, name_first, m.key, cands, prefix, None, sent[m.first]))
        covered.update(range(m.first, m.last + 1))
    return raws


def _prefixed(
    doc: Document, tokens: Sequence[Token], sent: list[int], covered: set[int], gaz: Gazetteer, c: PlaceCues
) -> list[RawMention]:
    """The names, known or not, right after a generic word that names (قرية عون الدادات), not yet covered."""
    raws: list[RawMention] = []
    for i, t in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        word = bare(t, c.naming, c) or (
            bare(t, c.area_words, c) if _compound_next(tokens, sent, covered, i + 1, c) else None)
        if word is None or i + 1 in covered or not _may_name(word, nxt, c):
            continue
        between = doc.text[t.end : nxt.start]
        if bare(nxt, c.generic, c) or sent[i + 1] != sent[i] or between.strip(" #_\u200f\u200e" + QUOTES):
            continue  # the name must follow its prefix directly (`مزرعة، ما` is no place)
        last = _name_end(doc, tokens, sent, covered, i + 1, gaz, c)
        name = " ".join(tk.norm for tk in tokens[i + 1 : last + 1])
        raws.append(RawMention(i, last, i + 1, name, _lookup(gaz, name, c), word, None, sent[i]))
        covered.update(range(i, last + 1))
    return raws


def _name_end(
    doc: Document, tokens: Sequence[Token], sent: list[int], covered: set[int], first: int, gaz: Gazetteer,
    c: PlaceCues,
) -> int:
    """The last token of the name that starts at `first`, right after its generic word."""
    nxt = tokens[first]
    between = doc.text[tokens[first - 1].end : nxt.start]
    last = first
    quoted = _quoted_end(doc, tokens, first) if any(q in between for q in QUOTES) else None
    if quoted is not None:
        last = quoted  # قرية "تقل بقل": the quotes hold the whole name
    elif (nxt.norm in c.compound and first + 1 < len(tokens) and first + 1 not in covered
            and sent[first + 1] == sent[first] and tokens[first + 1].norm not in c.not_names):
        last = first + 1
    elif _second_word(doc, tokens, sent, covered, first, c) and (
        _lookup(gaz, f"{nxt.norm} {tokens[first + 1].norm}", c) or not _known_alone(_lookup(gaz, nxt.norm, c))
    ):
        last = first + 1  # قرية عون الدادات: an unknown name of two words, unless the first alone is known
    if last + 1 < len(tokens) and last + 1 not in covered and tokens[last + 1].norm in c.name_adjectives:
        last += 1
    return last


def _known_alone(places: Sequence[Place]) -> bool:
    """Whether a one-word name is a place by itself: a Syrian place, or a foreign city or governorate (a foreign
    village's name is often the first word of a Syrian village's: قرية الزعرورية الفوقا)."""
    return any(p.iso == 760 or p.kind in ("city", "governorate") for p in places)


def _continued(
    doc: Document, tokens: Sequence[Token], sent: list[int], covered: set[int], last: int, c: PlaceCues
) -> bool:
    """Whether the word after a name's last word goes on with the name (ال+X, الفوقا، الشرقية)."""
    k = last + 1
    if k < len(tokens) and k not in covered and sent[k] == sent[last] and tokens[k].norm in c.name_adjectives:
        return not doc.text[tokens[last].end : tokens[k].start].strip(" _")
    return _second_word(doc, tokens, sent, covered, last, c)


def _headed(
    doc: Document, tokens: Sequence[Token], sent: list[int], covered: set[int], m: Match[Place], c: PlaceCues
) -> bool:
    """Whether a matched name follows a head of village names that the match left out (`كفر` + `كارس`)."""
    k = m.first - 1
    if k < 0 or k in covered or m.prefix or sent[k] != sent[m.first]:
        return False
    if doc.text[tokens[k].end : tokens[m.first].start].strip(" _"):
        return False
    return _without_conjunction(tokens[k], c) in c.name_heads


def _compound_next(tokens: Sequence[Token], sent: list[int], covered: set[int], k: int, c: PlaceCues) -> bool:
    """Whether tokens k and k+1 make a compound name (أبو حامضة، عين ترما) that the gazetteer does not know."""
    return (tokens[k].norm in c.compound and tokens[k].prefix == "" and k + 1 < len(tokens) and k + 1 not in covered
            and sent[k + 1] == sent[k] and tokens[k + 1].norm not in c.not_names)


def _may_name(head: str, tok: Token, c: PlaceCues) -> bool:
    """Whether the word right after the naming prefix `head` can open a name (`كرهوك` can, `بعد` cannot)."""
    if tok.norm in c.not_names or tok.norm in c.clitic_words or not tok.norm.isalpha():
        return False
    if head in c.phrase_heads:
        return tok.prefix == c.article or (not tok.prefix and not tok.norm.endswith(c.adjective_ending))  # قاعدة روسية
    if tok.prefix in ("", c.article):
        return True
    clitics = tok.prefix in c.name_clitics or (tok.prefix[0] == c.fa and tok.prefix[1:] in c.name_clitics)
    return clitics and len(tok.norm) >= 4


def _second_word(
    doc: Document, tokens: Sequence[Token], sent: list[int], covered: set[int], first: int, c: PlaceCues
) -> bool:
    """Whether the word after the name's first word continues it: ال+X, not a word that describes or situates."""
    k = first + 1
    if k >= len(tokens) or k in covered or sent[k] != sent[first]:
        return False
    if doc.text[tokens[first].end : tokens[k].start].strip(" _"):
        return False  # a comma or a quote ends the name; a hashtag joins its words (#قرية_عون_الدادات)
    tok = tokens[k]
    if tok.prefix != c.article or not tok.norm.isalpha() or tokens[first].norm in c.compound:
        return False
    if tok.norm in c.not_second or tok.norm in c.name_adjectives or tok.norm in c.directions:
        return False
    if bare(tok, c.generic, c):
        return False
    return not (tok.norm.endswith(c.adjective_ending) and len(tok.norm) >= 6)  # السورية، الجوية: an adjective of origin


def _without_conjunction(tok: Token, c: PlaceCues) -> str:
    """The word without a leading و (`وأبين` -> `ابين`, `وتل` -> `تل`)."""
    if tok.norm.startswith(c.conjunction) and (tok.prefix.startswith(c.conjunction) or tok.norm[1:] in c.compound):
        return tok.norm[1:]
    return tok.norm


def _quoted_end(doc: Document, tokens: Sequence[Token], first: int) -> int | None:
    """The last token of a name in quotes that starts at `first` (up to four words), or None."""
    for k in range(first, min(first + 4, len(tokens))):
        after = doc.text[tokens[k].end : tokens[k + 1].start if k + 1 < len(tokens) else tokens[k].end + 2]
        if any(q in after for q in QUOTES):
            return k
        if after.strip():
            return None
    return None


def _with_cued(r: RawMention, listed: Sequence[tuple[int, int]], gaz: Gazetteer, c: PlaceCues) -> RawMention:
    """A known name inside a list of places with the places it names only after a generic word too: in `قرى شقرا
    والحصان` the Syrian village شقرا, not only the Lebanese one that the name alone gives."""
    if not r.candidates or r.prefix or not any(lo <= r.first and r.last <= hi for lo, hi in listed):
        return r
    more = [p for p in _lookup(gaz, r.name, c) if p not in r.candidates]
    return replace(r, candidates=(*r.candidates, *more)) if more else r


def _listed(
    doc: Document, tokens: Sequence[Token], sent: list[int], covered: set[int], gaz: Gazetteer, c: PlaceCues,
    listed: list[tuple[int, int]],
) -> list[RawMention]:
    """Names listed after a plural prefix (قرى تنب وأبين، بلدتي X وY), known to the gazetteer or not.

    The list ends at a word that is no name (a function word, a cue such as `وأطراف`, another generic word) and at
    a comma after an item joined by a bare و: `مدينتي عامودا والدرباسية، وقامت` has two items, `قرى X، وY، وZ` three.
    """
    out: list[RawMention] = []
    for i, t in enumerate(tokens):
        if bare(t, c.list_heads, c) is None:
            continue
        items: list[RawMention] = []
        j, closed, comma = i + 1, False, False
        if j + 1 < len(tokens) and tokens[j].norm in c.copula and sent[j + 1] == sent[i]:
            j += 1  # "4 قرى هي شقرا والحصان"
        while j < len(tokens) and sent[j] == sent[i]:
            tok = tokens[j]
            closed = _without_conjunction(tok, c) != tok.norm and not comma  # "X وY": Y is the last item
            if j in covered:
                while j + 1 < len(tokens) and j + 1 in covered:
                    j += 1
                    closed = closed or _without_conjunction(tokens[j], c) != tokens[j].norm  # "عامودا والدرباسية"
            else:
                item = _list_item(doc, tokens, sent, covered, j, gaz, c)
                if item is None:
                    break
                items.append(item)
                j = item.last
            if j + 1 >= len(tokens):
                break
            between = doc.text[tokens[j].end : tokens[j + 1].start]
            comma = any(mark in between for mark in (c.comma, *_MARKS))
            if not (comma or _without_conjunction(tokens[j + 1], c) != tokens[j + 1].norm) or ")" in between or (
                comma and closed
            ):
                break
            j += 1
        known = sum(1 for k in range(i + 1, j + 1) if k in covered)
        if len(items) + known >= 2:  # one word after "أحياء" is no list (أحياء سيطرت عليها)
            out.extend(items)
            listed.append((i + 1, j))
            covered.update(k for r in items for k in range(r.first, r.last + 1))
    return out


def _list_item(
    doc: Document, tokens: Sequence[Token], sent: list[int], covered: set[int], j: int, gaz: Gazetteer, c: PlaceCues
) -> RawMention | None:
    """The unknown name that starts at token j of a list, or None when the word there is no name."""
    tok = tokens[j]
    word = _without_conjunction(tok, c)
    if word in c.not_names or word in c.clitic_words or not word.isalpha() or bare(tok, c.generic, c) or (
        len(word) < 3 and word not in c.compound
    ):
        return None
    if word in c.near or word in c.directions or word in c.list_heads or bare(tok, c.near | c.list_heads, c):
        return None  # "وأطراف البارة", "وقرى أخرى": the list is over
    if word.endswith(c.pronoun_endings) or word.startswith(c.verb_opening):
        return None  # "ومزرعتها" (a noun with its pronoun), "استشهد" (a verb)
    known = _lookup(gaz, word, c)
    if not known and (c.common(tok.core) or (
            tok.norm == tok.core and tok.core in c.usual and word.endswith(c.adjective_ending))):
        return None  # "بلدات عدة، منها X", "مدن أوروبية": words of the news, not names (وحمورية is one)
    last = j
    if word in c.compound:
        if j + 1 >= len(tokens) or sent[j + 1] != sent[j] or j + 1 in covered:
            return None  # a bare head (كفر) before a known name is no name of its own
        last = j + 1
    elif _second_word(doc, tokens, sent, covered, j, c) and not known:
        last = j + 1  # "وأكراد الداسنية"
    name = " ".join([word, *(tk.norm for tk in tokens[j + 1 : last + 1])])
    return RawMention(j, last, j, name, _lookup(gaz, name, c), c.village, None, sent[j])


def _chained(
    doc: Document, tokens: Sequence[Token], sent: list[int], covered: set[int], found: Sequence[RawMention],
    gaz: Gazetteer, c: PlaceCues, listed: list[tuple[int, int]],
) -> list[RawMention]:
    """Names the gazetteer does not know alone, listed among places it knows with no plural head before them
    (المشيك والزيارة وتل واسط والمنصورة وفورو، الطكيحي والكسرة وذيبان والزر).

    A list is items joined by و, a comma or a dash. Its unknown items (or names only known after a generic word,
    such as one-word villages of Who's On First) are places when the list holds two known towns or villages, or
    one and a named item the gazetteer knows: one known place and a word after it is as often a verb (سراقب وأوقعت)
    or a noun as a place. An item is one word, or two after a head of compound names (تل واسط); a word frequent in
    the news that is no place ends the list.
    """
    by_token = {k: r for r in found for k in range(r.first, r.last + 1)}
    out: list[RawMention] = []
    done: set[int] = set()
    for r in found:
        if not _settled(r) or r.first in done:
            continue
        chain = [r]
        while (prev := _chain_back(doc, tokens, sent, covered, by_token, chain[0].first, gaz, c)) is not None:
            chain.insert(0, prev)
        while (nxt := _chain_on(doc, tokens, sent, covered, by_token, chain[-1].last, gaz, c)) is not None:
            chain.append(nxt)
        new = [by_token.get(m.first) is not m for m in chain]
        while new[-1] and not _closes(doc, tokens, sent, chain[-1].last, c):
            chain, new = chain[:-1], new[:-1]  # "سراقب ومعرة النعمان وأوقعت قتلى"
        known = [m for m, n in zip(chain, new, strict=True) if not n]
        items = [m for m, n in zip(chain, new, strict=True) if n]
        done.update(m.first for m in known)
        if items and (sum(map(_settled, known)) >= 2 or any(m.candidates for m in items)):
            out.extend(items)
            listed.append((chain[0].first, chain[-1].last))
            covered.update(k for m in items for k in range(m.first, m.last + 1))
    return out


def _closes(doc: Document, tokens: Sequence[Token], sent: list[int], last: int, c: PlaceCues) -> bool:
    """Whether a list may end at token `last`: at its sentence's end, before punctuation, or before a preposition, a
    generic word (بريف، بناحية), a cue of nearness or a direction (وفورو في سهل الغاب، والزر بريف دير الزور)."""
    k = last + 1
    if k >= len(tokens) or sent[k] != sent[last] or doc.text[tokens[last].end : tokens[k].start].strip(" _"):
        return True
    return tokens[k].norm in c.not_names or bare(
        tokens[k], c.generic | c.near | c.area_words | c.regions_of.keys(), c) is not None


def _settled(r: RawMention) -> bool:
    """Whether a known mention may be a town, village or the like (not only a unit or a region): a list's anchor."""
    return any(p.kind not in AREA_KINDS for p in r.candidates)


def _link(doc: Document, tokens: Sequence[Token], left: int, right: int, c: PlaceCues) -> int | None:
    """The token that opens the next item after token `left`: `right` when a comma, a dash or a و joins them
    (`right + 1` past a و written apart), else None."""
    between = doc.text[tokens[left].end : tokens[right].start]
    if between.strip(" ") in (c.comma, *_MARKS, "/") or _without_conjunction(tokens[right], c) != tokens[right].norm:
        return right
    if not between.strip(" ") and tokens[right].norm == c.conjunction and right + 1 < len(tokens):
        return right + 1  # "و كفرعويد"
    return None


def _chain_on(
    doc: Document, tokens: Sequence[Token], sent: list[int], covered: set[int], by_token: dict[int, RawMention],
    last: int, gaz: Gazetteer, c: PlaceCues,
) -> RawMention | None:
    """The item after the list item that ends at token `last`, known or not, or None where the list ends."""
    if last + 1 >= len(tokens) or sent[last + 1] != sent[last]:
        return None
    j = _link(doc, tokens, last, last + 1, c)
    if j is None or sent[j] != sent[last]:
        return None
    if j in covered:
        known = by_token.get(j)
        return known if known is not None and known.first == j else None
    return _chain_item(doc, tokens, sent, covered, j, gaz, c)


def _chain_back(
    doc: Document, tokens: Sequence[Token], sent: list[int], covered: set[int], by_token: dict[int, RawMention],
    first: int, gaz: Gazetteer, c: PlaceCues,
) -> RawMention | None:
    """The item before the list item that starts at token `first`, or None where the list starts."""
    k = first - 1
    if k < 0 or sent[k] != sent[first]:
        return None
    if tokens[k].norm == c.conjunction and not doc.text[tokens[k].end : tokens[first].start].strip():
        k -= 1  # "و كفرعويد"
    elif _link(doc, tokens, k, first, c) is None:
        return None
    if k < 0 or sent[k] != sent[first]:
        return None
    if k in covered:
        known = by_token.get(k)
        return known if known is not None and known.last == k else None
    for start in (k - 1, k):
        if start >= 0 and start not in covered and sent[start] == sent[k]:
            item = _chain_item(doc, tokens, sent, covered, start, gaz, c)
            if item is not None and item.last == k and (start == k or _without_conjunction(
                    tokens[start], c) in c.compound):
                return item
    return None


def _chain_item(
    doc: Document, tokens: Sequence[Token], sent: list[int], covered: set[int], j: int, gaz: Gazetteer,
    c: PlaceCues,
) -> RawMention | None:
    """The unknown list item that starts at token j: a name as `_list_item` reads it, not a word of the news."""
    tok = tokens[j]
    if tok.article and tok.prefix.removeprefix(c.conjunction) not in ("", c.article):
        return None  # "بالمنطقة", "للقصف": a preposition before the article (بسرطون is a village)
    item = _list_item(doc, tokens, sent, covered, j, gaz, c)
    if item is None or item.last in covered or not all(w.isalpha() for w in item.name.split()):
        return None  # "أم 5"
    if not item.candidates and (c.common(item.name) or item.name.endswith(c.pronoun)):
        return None  # "والمنازل", "ومحيطها"
    return item


def _extend(raws: list[RawMention], tokens: Sequence[Token], c: PlaceCues) -> None:
    """Pull a generic word, a cue of nearness and a trailing direction into each mention."""
    taken = {i for r in raws for i in range(r.first, r.last + 1)}
    shared: str | None = None
    for k, r in enumerate(raws):
        prefix, first, cue, last = r.prefix, r.first, r.cue, r.last
        i = first - 1
        if prefix is None and i >= 0 and i not in taken:
            word = bare(tokens[i], c.generic, c) or c.regions_of.get(bare(tokens[i], c.regions_of.keys(), c) or "")
            if word:
                prefix, first = word, i
                taken.add(i)
                i -= 1
        elif (prefix is None and shared and first == raws[k - 1].last + 1
              and tokens[first].prefix[:1] == c.conjunction):
            prefix = shared  # ريفي حماة واللاذقية: both are governorates
        shared = prefix if prefix in (c.countryside, c.governorate) else None
        if prefix == c.countryside:
            cue = c.countryside
        elif i >= 0 and i not in taken:
            cue = _cue(tokens, i, c)
        if prefix in (c.countryside, c.desert) and last + 1 < len(tokens) and tokens[last + 1].norm in c.directions:
            last += 1
            taken.add(last)
        raws[k] = replace(r, prefix=prefix, first=first, cue=cue, last=last)


def _cue(tokens: Sequence[Token], i: int, c: PlaceCues) -> str | None:
    """The cue of nearness or direction that word i gives the mention after it (قرب، شرقي، بالقرب من), or None."""
    word = bare(tokens[i], c.near | c.directions, c)
    if word is None and i >= 1 and tokens[i].norm == c.from_ and bare(tokens[i - 1], set(c.near_before_from), c):
        word = c.near_before_from[0]
    return word
