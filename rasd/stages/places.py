"""Find place mentions and resolve each to a gazetteer place, using the hierarchy the text gives.

Choices (see CODEBOOK §4):
- A generic word before a name (قرية، بلدة، مدينة، حي، مخيم، قاعدة، مطار، جبل، سهل، ريف، محافظة، ناحية، منطقة)
  is part of the mention; `قرية X` with X unknown to the gazetteer is still a mention (place None). Its name is
  one word, or two when the second is ال+X and neither describes nor situates (قرية عون الدادات; not قرية عون
  الواقعة), a compound (تل زهرون), or what quotes or a hashtag hold. After منطقة or ريف only a compound is
  taken (منطقة أبو حامضة). `كفر` or `تل` before a known name makes another, unknown name (كفر كارس).
- A known name situated right after it in a unit where none of its places lies (مزرعة اليرموك بريف الرقة) is an
  unknown namesake, throughout the text.
- A known place takes the text's spelling as its `name_ar` when that is another of its names (الطبقة for الثورة,
  كفرنوران for كفر نوران), so that events carry the name the report uses.
- Precision 1: a town, village, neighbourhood, camp, base or landmark. 2: the same after a cue of nearness
  (قرب، محيط، أطراف، بالقرب من، على أطراف، ريف X, شرقي X...), a sub-district, or a small area (plain, mountain).
  3: a governorate, district or large region. `ريف` or a direction before a governorate capital (ريف إدلب،
  شمالي حلب) names the governorate, precision 3; `ريف دمشق` is the governorate Rif Dimashq; so do `ريفي`,
  `أرياف`, `محافظتي` for each place of their list (ريفي حماة واللاذقية).
- Among same-named places the one inside the governorate or region named right after it wins
  (قارة بالقلمون الغربي في ريف دمشق), then agreement with other places of the sentence and article, Syria,
  population. The clues used are listed on the mention.
- A name inside a person's name is no place (محمود هليل، صابر سنجار، محمد عبد الرزاق الشيخ عيسى): a mention of one
  or two words, with no generic word, cue or clitic of its own, is dropped when it directly follows a given name
  of `lexicons/given_names.tsv`, the word after عبد, أبو, بن (أبو خولة), another dropped mention, or one or two
  name words after a word that introduces a person (الشهيد، الشاب، المدعو، الطفل، المواطن). A preposition keeps the
  place (محمد في سرمين), and so does a governorate or district seat or a large city (زار محمد حلب).
- Role `origin` for launch sites (انطلقت من، أطلقت من، قادمة من، مصدرها), not for a news source (مصدر محلي من).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence, Set
from dataclasses import KW_ONLY, dataclass, replace
from typing import Any

from rasd.document import Document, Token
from rasd.gazetteer import Gazetteer, NameForms, Place, distance_km
from rasd.lexicons.cues import Cues
from rasd.lexicons.given_names import ALEF_MAQSURA
from rasd.matcher import Match
from rasd.normalize import fold
from rasd.pipeline import stage

__all__ = ["PlaceCues", "PlaceMention", "places"]

_QUOTES = "\"'“”«»‘’"


@dataclass(frozen=True, slots=True)
class PlaceCues:
    """The cue lists of `lexicons/cues/places.yaml` (see there what each is for), the given names and name forms."""

    generic: frozenset[str]
    naming: frozenset[str]
    area_words: frozenset[str]
    list_heads: frozenset[str]
    modal: frozenset[str]
    near: frozenset[str]
    near_before_from: tuple[str, ...]
    directions: frozenset[str]
    regions_of: Mapping[str, str]
    clitics: tuple[str, ...]
    heading: frozenset[str]
    allegiance: frozenset[str]
    origin_stems: tuple[str, ...]
    news_source: str
    not_names: frozenset[str]
    name_clitics: frozenset[str]
    phrase_heads: frozenset[str]
    clitic_words: frozenset[str]
    not_second: frozenset[str]
    compound: frozenset[str]
    name_heads: frozenset[str]
    name_adjectives: frozenset[str]
    person_cues: frozenset[str]
    name_connectors: frozenset[str]
    abd: str
    article: str
    lam_article: str
    lam: str
    conjunction: str
    fa: str
    from_: str
    comma: str
    adjective_ending: str
    pronoun_endings: tuple[str, ...]
    verb_opening: str
    village: str
    countryside: str
    governorate: str
    subdistrict: str
    subdistrict_written: str
    desert: str
    given_names: Mapping[str, bool]
    forms: NameForms

    @classmethod
    def of(cls, resources: Any) -> PlaceCues:
        """The cues of the places stage from `resources.cues` and `resources.given_names`."""
        cues: Cues = resources.cues

        def words(name: str) -> frozenset[str]:
            return cues.words("places", name)

        def word(name: str) -> str:
            value: str = cues.get("places", name)
            return value

        return cls(
            generic=words("generic"), naming=words("naming"), area_words=words("area_words"),
            list_heads=words("list_heads"), modal=words("modal"), near=words("near"),
            near_before_from=cues.phrases("places", "near_before_from"), directions=words("directions"),
            regions_of=cues.mapping("places", "regions_of"), clitics=cues.phrases("places", "clitics"),
            heading=words("heading"), allegiance=words("allegiance"),
            origin_stems=cues.phrases("places", "origin_stems"), news_source=word("news_source"),
            not_names=words("not_names") | words("directions"), name_clitics=words("name_clitics"),
            phrase_heads=words("phrase_heads"), clitic_words=words("clitic_words"), not_second=words("not_second"),
            compound=words("compound"), name_heads=words("name_heads"), name_adjectives=words("name_adjectives"),
            person_cues=words("person_cues"), name_connectors=words("name_connectors"), abd=word("abd"),
            article=word("article"), lam_article=word("lam_article"), lam=word("lam"),
            conjunction=word("conjunction"), fa=word("fa"), from_=word("from"), comma=word("comma"),
            adjective_ending=word("adjective_ending"), pronoun_endings=cues.phrases("places", "pronoun_endings"),
            verb_opening=word("verb_opening"), village=word("village"), countryside=word("countryside"),
            governorate=word("governorate"), subdistrict=word("subdistrict"),
            subdistrict_written=cues.raw("places", "subdistrict"), desert=word("desert"),
            given_names=resources.given_names, forms=NameForms.from_cues(cues),
        )

# How far a place may lie from the point of the unit said to contain it and still be read as inside it.
_NEAR_UNIT_KM = 90.0
# Units that lie inside another one (reports put Damascus's camps and suburbs "in Rif Dimashq").
_ENCLOSED = {"Damascus": "Rif Dimashq"}
# Places that are never read as part of a name: admin seats and large cities (a report's object, not a surname).
_SEATS = {"governorate", "district"}
_BIG_CITY = 200_000
_CONTAINER_KINDS = {"governorate", "district", "subdistrict", "region", "area"}
_PRECISION = {"governorate": 3, "district": 3, "region": 3, "subdistrict": 2, "area": 2}
_KIND_PRIOR = {"city": 0.6, "town": 0.5, "village": 0.4, "neighbourhood": 0.5, "camp": 0.6, "base": 0.7,
               "landmark": 0.5, "area": 0.5, "region": 0.4, "governorate": -1.0, "district": -0.8,
               "subdistrict": -0.6}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text, its resolution (None when unknown), and how it was chosen.

    `start:end` covers the whole mention (generic word and clitics included); `text_ar` is the name as written,
    without them, which is what an unknown place keeps as its name.
    """

    start: int
    _: KW_ONLY
    end: int
    text_ar: str
    place: Place | None
    candidates: tuple[Place, ...]
    score: float
    clues: tuple[str, ...]
    precision: int
    role: str
    admin1: str | None
    admin2: str | None


@dataclass(frozen=True, slots=True)
class _Context:
    """What the rest of the text says about one mention: containers after it, admin1 votes, sure points."""

    hierarchy: set[str]
    sentence: Counter[str]
    article: Counter[str]
    points: list[tuple[float, float]]
    capital: bool


@dataclass(slots=True)
class _Raw:
    """A mention before resolution: token range, name, candidates and the words around it."""

    first: int
    last: int
    name_first: int
    name: str
    candidates: list[Place]
    prefix: str | None
    cue: str | None
    sentence: int


def _bare(token: Token, words: Set[str], c: PlaceCues) -> str | None:
    """The word of `words` that a token spells, clitics allowed (`بريف` -> `ريف`), or None."""
    if token.norm in words:
        return token.norm
    for clitic in c.clitics:
        if token.norm.startswith(clitic) and token.norm[len(clitic):] in words:
            return token.norm[len(clitic):]
    return None


def _plausible(match: Match[Place], c: PlaceCues) -> bool:
    """Reject a short one-word name read off a clitic split of another word (`بدأنا` as `ب` + `دانا`)."""
    prefix = match.prefix
    if match.first != match.last or not prefix or c.article in prefix or prefix.endswith(c.lam_article):
        return True
    return len(match.key) > 4 or any(p.kind == "city" for p in match.values)


def _sentence_of(doc: Document, tokens: Sequence[Token]) -> list[int]:
    bounds = [(s.start, s.end) for s in doc.layer("sentences")]
    out, k = [], 0
    for t in tokens:
        while k < len(bounds) - 1 and t.start >= bounds[k][1]:
            k += 1
        out.append(k)
    return out


def _lookup(gaz: Gazetteer, name: str, c: PlaceCues) -> list[Place]:
    """Places named `name`, reading the article as optional (a stop-listed name is found here too)."""
    bare = name.removeprefix(c.article)
    return gaz.by_name(name) or gaz.by_name(bare) or gaz.by_name(c.article + bare)


def _find(doc: Document, gaz: Gazetteer, c: PlaceCues) -> list[_Raw]:
    tokens = doc.layer("tokens")
    sent = _sentence_of(doc, tokens)
    raws: list[_Raw] = []
    covered: set[int] = set()
    for m in gaz.matcher(c.forms).find(tokens):
        if not _plausible(m, c) or (m.first == m.last and m.first and tokens[m.first - 1].norm in c.modal):
            continue  # "قد تدمر" is a verb, not Palmyra
        if m.first and c.lam in m.prefix and tokens[m.first - 1].norm in c.allegiance:
            continue  # "موالية لأنقرة" names a side
        cands = list({p.id: p for p in m.values}.values())
        head = m.key.split()[0]
        prefix = head if head in c.generic and len(m.key.split()) > 1 else None
        if _headed(doc, tokens, sent, covered, m, c):  # كفر كارس: a village named with a head and another place's name
            k = m.first - 1
            name = " ".join([_without_conjunction(tokens[k], c), *(t.norm for t in tokens[m.first : m.last + 1])])
            raws.append(_Raw(k, m.last, k, name, _lookup(gaz, name, c), None, None, sent[m.first]))
            covered.update(range(k, m.last + 1))
            continue
        raws.append(_Raw(m.first, m.last, m.first + (1 if prefix else 0), m.key, cands, prefix, None, sent[m.first]))
        covered.update(range(m.first, m.last + 1))
    for i, t in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        word = _bare(t, c.naming, c) or (
            _bare(t, c.area_words, c) if _compound_next(tokens, sent, covered, i + 1, c) else None)
        if word is None or i + 1 in covered or not _may_name(word, nxt, c):
            continue
        between = doc.text[t.end : nxt.start]
        if _bare(nxt, c.generic, c) or sent[i + 1] != sent[i] or between.strip(" #_\u200f\u200e" + _QUOTES):
            continue  # the name must follow its prefix directly (`مزرعة، ما` is no place)
        last = i + 1
        quoted = _quoted_end(doc, tokens, i + 1) if any(q in between for q in _QUOTES) else None
        if quoted is not None:
            last = quoted  # قرية "تقل بقل": the quotes hold the whole name
        elif (nxt.norm in c.compound and i + 2 < len(tokens) and i + 2 not in covered
                and sent[i + 2] == sent[i] and tokens[i + 2].norm not in c.not_names):
            last = i + 2
        elif _second_word(doc, tokens, sent, covered, i + 1, c) and (
            _lookup(gaz, f"{nxt.norm} {tokens[i + 2].norm}", c) or not _lookup(gaz, nxt.norm, c)
        ):
            last = i + 2  # قرية عون الدادات: an unknown name of two words, unless the first alone is known
        if last + 1 < len(tokens) and last + 1 not in covered and tokens[last + 1].norm in c.name_adjectives:
            last += 1
        name = " ".join(tk.norm for tk in tokens[i + 1 : last + 1])
        raws.append(_Raw(i, last, i + 1, name, _lookup(gaz, name, c), word, None, sent[i]))
        covered.update(range(i, last + 1))
    raws.extend(_listed(doc, tokens, sent, covered, gaz, c))
    raws.sort(key=lambda r: r.first)
    _extend(raws, tokens, c)
    return _outside_names(doc, tokens, sent, raws, c)


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
    if _bare(tok, c.generic, c):
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
        if any(q in after for q in _QUOTES):
            return k
        if after.strip():
            return None
    return None


def _listed(
    doc: Document, tokens: Sequence[Token], sent: list[int], covered: set[int], gaz: Gazetteer, c: PlaceCues
) -> list[_Raw]:
    """Names listed after a plural prefix (قرى تنب وأبين، بلدتي X وY), known to the gazetteer or not.

    The list ends at a word that is no name (a function word, a cue such as `وأطراف`, another generic word) and at
    a comma after an item joined by a bare و: `مدينتي عامودا والدرباسية، وقامت` has two items, `قرى X، وY، وZ` three.
    """
    out: list[_Raw] = []
    for i, t in enumerate(tokens):
        if _bare(t, c.list_heads, c) is None:
            continue
        items: list[_Raw] = []
        j, closed, comma = i + 1, False, False
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
            comma = c.comma in between or "," in between
            if not (comma or _without_conjunction(tokens[j + 1], c) != tokens[j + 1].norm) or ")" in between or (
                comma and closed
            ):
                break
            j += 1
        known = sum(1 for k in range(i + 1, j + 1) if k in covered)
        if len(items) + known >= 2:  # one word after "أحياء" is no list (أحياء سيطرت عليها)
            out.extend(items)
            covered.update(k for r in items for k in range(r.first, r.last + 1))
    return out


def _list_item(
    doc: Document, tokens: Sequence[Token], sent: list[int], covered: set[int], j: int, gaz: Gazetteer, c: PlaceCues
) -> _Raw | None:
    """The unknown name that starts at token j of a list, or None when the word there is no name."""
    tok = tokens[j]
    word = _without_conjunction(tok, c)
    if word in c.not_names or word in c.clitic_words or not word.isalpha() or _bare(tok, c.generic, c) or (
        len(word) < 3 and word not in c.compound
    ):
        return None
    if word in c.near or word in c.directions or word in c.list_heads or _bare(tok, c.near | c.list_heads, c):
        return None  # "وأطراف البارة", "وقرى أخرى": the list is over
    if word.endswith(c.pronoun_endings) or word.startswith(c.verb_opening):
        return None  # "ومزرعتها" (a noun with its pronoun), "استشهد" (a verb)
    last = j
    if word in c.compound:
        if j + 1 >= len(tokens) or sent[j + 1] != sent[j] or j + 1 in covered:
            return None  # a bare head (كفر) before a known name is no name of its own
        last = j + 1
    elif _second_word(doc, tokens, sent, covered, j, c) and not _lookup(gaz, word, c):
        last = j + 1  # "وأكراد الداسنية"
    name = " ".join([word, *(tk.norm for tk in tokens[j + 1 : last + 1])])
    return _Raw(j, last, j, name, _lookup(gaz, name, c), c.village, None, sent[j])


def _extend(raws: list[_Raw], tokens: Sequence[Token], c: PlaceCues) -> None:
    """Pull a generic word, a cue of nearness and a trailing direction into each mention."""
    taken = {i for r in raws for i in range(r.first, r.last + 1)}
    shared: str | None = None
    for k, r in enumerate(raws):
        i = r.first - 1
        if r.prefix is None and i >= 0 and i not in taken:
            word = _bare(tokens[i], c.generic, c) or c.regions_of.get(_bare(tokens[i], c.regions_of.keys(), c) or "")
            if word:
                r.prefix, r.first = word, i
                taken.add(i)
                i -= 1
        elif (r.prefix is None and shared and r.first == raws[k - 1].last + 1
              and tokens[r.first].prefix[:1] == c.conjunction):
            r.prefix = shared  # ريفي حماة واللاذقية: both are governorates
        shared = r.prefix if r.prefix in (c.countryside, c.governorate) else None
        if r.prefix == c.countryside:
            r.cue = c.countryside
        elif i >= 0 and i not in taken:
            word = _bare(tokens[i], c.near | c.directions, c)
            near_from = i >= 1 and tokens[i].norm == c.from_ and _bare(tokens[i - 1], set(c.near_before_from), c)
            if word is None and near_from:
                word = c.near_before_from[0]
            r.cue = word
        nxt = r.last + 1
        if r.prefix in (c.countryside, c.desert) and nxt < len(tokens) and tokens[nxt].norm in c.directions:
            r.last = nxt
            taken.add(nxt)


def _outside_names(
    doc: Document, tokens: Sequence[Token], sent: list[int], raws: list[_Raw], c: PlaceCues
) -> list[_Raw]:
    """The mentions that are not part of a person's name (`محمود هليل`, `الشاب فراس هليل`); see the module doc."""
    kept: list[_Raw] = []
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
    doc: Document, tokens: Sequence[Token], sent: list[int], places: set[int], names: set[int], r: _Raw,
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
    if word not in names or _bare(tok, c.generic | c.near | c.directions, c):
        return False
    return names[word] or not _MARKS.sub("", doc.text[tok.start : tok.end]).endswith(ALEF_MAQSURA)  # على: no علي


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
        if not any(doc.text[tokens[k].end : tokens[k + 1].start].strip(" " + _QUOTES) for k in range(cue, j)):
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
    return not _bare(tok, c.generic | c.near | c.directions, c)


def _origin(tokens: Sequence[Token], first: int, c: PlaceCues) -> bool:
    """Whether the words before a mention say it is where an attack came from (انطلقت من، قادمة من)."""
    # "من" must open the mention (قادمة من محافظة بابل), not an earlier one (قادمة من بابل قاعدة التنف); words of
    # direction may stand between (من اتجاه جنوب بيروت).
    k = first - 1
    while k >= 0 and (tokens[k].norm in c.directions or tokens[k].norm in c.heading):
        k -= 1
    if k < 0 or tokens[k].norm != c.from_:
        return False
    if k < first - 1:
        return True  # "من اتجاه X", "من جهة X": where the fire came from
    before = tokens[max(0, k - 3) : k]
    # "مصدرها"، "مصدره" tell where fire came from; a bare "مصدر" is a news source (قال مصدر محلي من قرية X).
    leading = c.conjunction + c.fa
    return any(b.norm.lstrip(leading).startswith(c.origin_stems) and b.norm.lstrip(leading) != c.news_source
               for b in before)


def _admin1_of(raw: _Raw) -> str | None:
    """The one admin1 all candidates share, or None."""
    units = {p.admin1 for p in raw.candidates if p.admin1}
    return units.pop() if len(units) == 1 else None


def _score(raw: _Raw, place: Place, ctx: _Context, c: PlaceCues) -> tuple[float, list[str]]:
    s, clues = _KIND_PRIOR.get(place.kind, 0.0), []
    governorate_reading = raw.prefix in (c.countryside, c.governorate) or raw.cue in c.directions
    if place.kind == "governorate" and governorate_reading and ctx.capital:
        s += 2.5
        clues.append(f"governorate:{raw.prefix or raw.cue}")
    if place.kind == "subdistrict" and raw.prefix == c.subdistrict:
        s += 2.0
        clues.append(f"subdistrict:{c.subdistrict_written}")
    if place.admin1 and place.admin1 in ctx.hierarchy:
        s += 3.0
        clues.append(f"hierarchy:{place.admin1}")
    agree = ctx.sentence[place.admin1] if place.admin1 else 0
    if agree:
        s += min(2.0, float(agree))
        clues.append(f"sentence:{place.admin1}")
    agree = ctx.article[place.admin1] if place.admin1 else 0
    if agree:
        s += min(1.5, 0.3 * agree)
        clues.append(f"article:{place.admin1}")
    if any(distance_km(place.lat, place.lon, lat, lon) <= 30 for lat, lon in ctx.points):
        s += 0.5
        clues.append("near-other-place")
    if place.iso == 760:
        s += 1.0
        clues.append("syria")
    if place.population:
        s += math.log10(place.population + 1) / 7
        clues.append("population")
    return s, clues


def _hierarchy(raws: list[_Raw], k: int, c: PlaceCues) -> set[str]:
    """Admin1 of the containers named right after mention k (`X بالقلمون الغربي في ريف دمشق`)."""
    out: set[str] = set()
    prev = raws[k]
    for r in raws[k + 1 :]:
        if r.sentence != prev.sentence or r.first - prev.last > 3:
            break
        unit = {p.admin1 for p in r.candidates if p.kind in _CONTAINER_KINDS and p.admin1}
        if r.prefix == c.countryside or any(p.kind in _CONTAINER_KINDS for p in r.candidates):
            out |= unit or {p.admin1 for p in r.candidates if p.admin1}
        prev = r
    return out


def _elsewhere(raws: list[_Raw], k: int, tokens: Sequence[Token], c: PlaceCues) -> bool:
    """Whether mention k, named after a generic word, is situated right after it in a unit that none of its
    candidates lies in or near (`قرية X بريف Y` with every X of the gazetteer far from Y): an unknown namesake."""
    r = raws[k]
    if r.prefix not in c.naming or not r.candidates or k + 1 >= len(raws):
        return False
    unit = raws[k + 1]
    if unit.sentence != r.sentence or unit.first - r.last > 3 or tokens[unit.first].prefix.startswith(c.conjunction):
        return False
    areas = [p for p in unit.candidates if p.kind in _CONTAINER_KINDS or unit.prefix == c.countryside]
    if not areas:
        return False
    return not any(
        (p.admin1 and a.admin1 in (p.admin1, _ENCLOSED.get(p.admin1))) or distance_km(p.lat, p.lon, a.lat, a.lon)
        <= _NEAR_UNIT_KM for p in r.candidates for a in areas
    )


def _name_text(doc: Document, tokens: Sequence[Token], r: _Raw, c: PlaceCues) -> str:
    """The raw text of the name alone: no generic word, no conjunction or preposition, no hashtag sign."""
    first = tokens[r.name_first]
    head = r.name.split()[0]
    clitics = len(first.norm) - len(head) if first.norm.endswith(head) else 0
    if clitics >= 2 and first.prefix.endswith(c.article) and not head.startswith(c.article):
        clitics -= 2  # the article stays with the name (مزرعة اليرموك -> اليرموك)
    start, _ = doc.norm.raw_span(first.nstart + clitics, first.nend)
    return doc.text[start : tokens[r.last].end].replace("_", " ")


_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")


def _bare_name(name: str, c: PlaceCues) -> str:
    return " ".join(w.removeprefix(c.article) for w in fold(name).split())


def _spelling(place: Place, written: str, c: PlaceCues) -> str | None:
    """The place's name as the text spells it, when that is another of its names (الطبقة for الثورة, كفرنوران for
    كفر نوران) and so reads differently from `name_ar`; else None."""
    written = " ".join(_MARKS.sub("", written).split())
    key, own = _bare_name(written, c), _bare_name(place.name_ar, c)
    if not key or f" {key} " in f" {own} " or f" {own} " in f" {key} ":
        return None  # the same name, or the name with or without its generic word (التنف، قاعدة التنف)
    names = {_bare_name(v, c) for n in place.names_ar if n for v in c.forms.variants(fold(n))}
    return written if key in names else None


def _resolve(doc: Document, raws: list[_Raw], c: PlaceCues) -> tuple[PlaceMention, ...]:
    tokens = doc.layer("tokens")
    sure = [(r, _admin1_of(r)) for r in raws]
    article = Counter(a for _, a in sure if a)
    by_sentence: dict[int, Counter[str]] = {}
    for r, a in sure:
        if a:
            by_sentence.setdefault(r.sentence, Counter())[a] += 1
    # Places named without ambiguity, once each (a long text names the same town many times).
    fixed = Counter(r.candidates[0].id for r in raws
                    if len(r.candidates) == 1 and r.candidates[0].kind not in _CONTAINER_KINDS)
    points = {r.candidates[0].id: (r.candidates[0].lat, r.candidates[0].lon) for r in raws
              if len(r.candidates) == 1 and r.candidates[0].id in fixed}
    # A name read as an unknown namesake once is that namesake throughout the text (قرية الجديدة ... الجديدة).
    namesakes = {r.name for k, r in enumerate(raws) if _elsewhere(raws, k, tokens, c)}
    out: list[PlaceMention] = []
    for k, r in enumerate(raws):
        own = sure[k][1]
        mine = Counter([own] if own else [])
        alone = r.candidates[0].id if len(r.candidates) == 1 and fixed[r.candidates[0].id] == 1 else None
        ctx = _Context(
            hierarchy=_hierarchy(raws, k, c),
            sentence=by_sentence.get(r.sentence, Counter()) - mine,
            article=article - mine,
            points=[xy for pid, xy in points.items() if pid != alone] if len(r.candidates) > 1 else [],
            capital=any(p.kind == "governorate" for p in r.candidates),
        )
        scored = sorted(((*_score(r, p, ctx, c), p) for p in r.candidates), key=lambda x: -x[0])
        if r.name in namesakes:
            scored = []  # مزرعة اليرموك بريف الرقة: not the camp of Damascus but a farm the gazetteer does not know
        start, end = tokens[r.first].start, tokens[r.last].end
        role = "origin" if _origin(tokens, r.first, c) else "location"
        if not scored:
            admin1 = next(iter(sorted(ctx.hierarchy)), None) or (
                ctx.sentence.most_common(1)[0][0] if ctx.sentence else None)
            out.append(PlaceMention(
                start, end=end, text_ar=_name_text(doc, tokens, r, c), place=None, candidates=(), score=0.3,
                clues=(*([f"prefix:{r.prefix}"] if r.prefix else []), *([f"hierarchy:{admin1}"] if admin1 else [])),
                precision=1 if r.cue is None else 2, role=role, admin1=admin1, admin2=None,
            ))
            continue
        best, clues, place = scored[0]
        margin = best - scored[1][0] if len(scored) > 1 else 3.0
        precision = _PRECISION.get(place.kind, 1)
        if r.cue and precision < 3:
            precision = 2
        extra = [f"prefix:{r.prefix}"] if r.prefix else []
        extra += [f"cue:{r.cue}"] if r.cue else []
        spelled = _spelling(place, _name_text(doc, tokens, r, c), c)
        if spelled is not None:
            place = replace(place, name_ar=spelled)
            extra.append(f"spelling:{spelled}")
        joined = tokens[r.first].prefix[:1] == c.conjunction  # "ريفي حماة واللاذقية": a list, not a container
        if place.kind in _CONTAINER_KINDS and k > 0 and r.first - raws[k - 1].last <= 3 and not joined:
            extra.append("container")
        out.append(PlaceMention(
            start, end=end, text_ar=doc.text[start:end], place=place,
            candidates=(place, *(p for _, _, p in scored[1:])), score=round(1 / (1 + math.exp(-margin)), 3),
            clues=tuple(extra + clues), precision=precision, role=role, admin1=place.admin1, admin2=place.admin2,
        ))
    return tuple(out)


@stage("places", requires=("tokens", "sentences"), adds=("places",))
def places(doc: Document, resources: Any) -> Document:
    """Add the `places` layer: place mentions resolved against `resources.gazetteer`."""
    gaz: Gazetteer = resources.gazetteer
    cues = PlaceCues.of(resources)
    return doc.with_layers(places=_resolve(doc, _find(doc, gaz, cues), cues))
