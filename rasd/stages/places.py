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
  (قارة بالقلمون الغربي في ريف دمشق), then agreement with other places of the sentence and article, the text's
  country, Syria, population. The clues used are listed on the mention.
- Country context: names of a country or its capital (لبنان، بيروت), a foreign governorate or district named
  (الأنبار، قضاء النبطية), a foreign town after a district word Syria does not use (قضاء بنت جبيل، مديرية X), a
  national news agency or media office named (الوكالة الوطنية للإعلام، خلية الإعلام الأمني) and the outlet's web
  domain vote for a country; in a text that names none of these, the sides it names do (الحوثيون for Yemen), and so
  do two places or more named with a generic word and known in one other country only (بلدة كفركلا ... بلدتي الخيام
  ودير ميماس). An unknown place takes the country of the admin1 it is situated in (بلدة X في قضاء النبطية). A
  place of a voted neighbour gains over its Syrian namesake, and wins when that country has at least Syria's votes
  (صيدا in a report about Lebanon). A foreign place smaller than a city is named only in a text that votes for its
  country: most of their names are Syrian villages' too or common words (قرية X of no such text is an unknown
  village). Conversely, in a text that votes for another country and gives Syria no vote, a name after a generic
  word that only Syrian villages or quarters bear is an unknown place of that country (حي الحدث in a report on
  Beirut). A place situated by the unit named right after it in another country than every place of its name is an
  unknown place of that unit (وادي حوران غرب الأنبار is no Syrian Hauran).
- A country's adjective right after a place (موقع المالكية الإسرائيلي، بلدة القاع اللبنانية) keeps only that
  country's namesakes; with none, the place is unknown in that country, except for the adjectives of Syria and
  Turkey, whose forces hold posts in Syria (نقطة مورك التركية).
- A name inside a person's name is no place (محمود هليل، صابر سنجار، محمد عبد الرزاق الشيخ عيسى): a mention of one
  or two words, with no generic word, cue or clitic of its own, is dropped when it directly follows a given name
  of `lexicons/given_names.tsv`, the word after عبد, أبو, بن (أبو خولة), another dropped mention, or one or two
  name words after a word that introduces a person (الشهيد، الشاب، المدعو، الطفل، المواطن). A preposition keeps the
  place (محمد في سرمين), and so does a governorate or district seat or a large city (زار محمد حلب).
- Role `origin` for launch sites (انطلقت من، أطلقت من، قادمة من، مصدرها), not for a news source (مصدر محلي من).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from rasd.document import Document, Token
from rasd.gazetteer import AREA_KINDS, Gazetteer, Place, distance_km
from rasd.normalize import fold
from rasd.orthography import orthography
from rasd.pipeline import stage
from rasd.stages.place_cues import PlaceCues, bare
from rasd.stages.place_mentions import RawMention, find_mentions

__all__ = ["PlaceMention", "places"]

# How far a place may lie from the point of the unit said to contain it and still be read as inside it.
_NEAR_UNIT_KM = 90.0
# Units that lie inside another one (reports put Damascus's camps and suburbs "in Rif Dimashq").
_ENCLOSED = {"Damascus": "Rif Dimashq"}
_PRECISION = {"governorate": 3, "district": 3, "region": 3, "subdistrict": 2, "area": 2}
_KIND_PRIOR = {"city": 0.6, "town": 0.5, "village": 0.4, "neighbourhood": 0.5, "camp": 0.6, "base": 0.7,
               "landmark": 0.5, "area": 0.5, "region": 0.4, "governorate": -1.0, "district": -0.8,
               "subdistrict": -0.6}
_HOME = "syria"  # folded, as the country votes are counted
# The countries the text can vote for (lexicons/cues/places.yaml), with their ISO numbers: the country of a place
# the gazetteer does not know is the one its text votes for most.
_ISO = {"Syria": 760, "Iraq": 368, "Lebanon": 422, "Jordan": 400, "Turkey": 792, "Yemen": 887}
_VOTED = {fold(name): name for name in _ISO}
_SYRIA_ISO = _ISO["Syria"]
# The countries an adjective right after a place may put it in (`country_adjectives`), as written in the gazetteer.
_NAMED = {fold(name): (name, iso) for name, iso in (*_ISO.items(), ("Israel", 376))}
_ANY_TEXT_KINDS = {"city", "governorate"}  # foreign places named in any text
_SMALL_KINDS = {"village", "neighbourhood"}  # Syrian places a text about another country does not name (حي الحدث)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text, its resolution (None when unknown), and how it was chosen.

    `start:end` covers the whole mention (generic word and clitics included); `text_ar` is the name as written,
    without them, which is what an unknown place keeps as its name. `precision` says how fine the name is;
    `geo_precision`, when set, how fine its point is (an unknown village placed at its district's centre: 1 and 2).
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
    country: str | None = None  # of an unknown place: the country its text votes for most, if one leads
    iso: int | None = None
    geo_precision: int | None = None  # of its point, when coarser than the name (a village at its unit's centre)


@dataclass(frozen=True, slots=True)
class _Context:
    """What the rest of the text says about one mention: containers after it, admin1 votes, sure points."""

    hierarchy: frozenset[str]
    sentence: Counter[str]
    article: Counter[str]
    points: tuple[tuple[float, float], ...]
    capital: bool
    countries: Counter[str]


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


def _admin1_of(raw: RawMention) -> str | None:
    """The one admin1 all candidates share, or None."""
    units = {p.admin1 for p in raw.candidates if p.admin1}
    return units.pop() if len(units) == 1 else None


def _score(raw: RawMention, place: Place, ctx: _Context, c: PlaceCues) -> tuple[float, list[str]]:
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
    votes = ctx.countries[fold(place.country)] if place.iso != _SYRIA_ISO else 0
    if votes:
        s += 1.0 + (1.0 if votes >= ctx.countries[_HOME] else 0.0)
        clues.append(f"country:{place.country}")
    if place.iso == _SYRIA_ISO:
        s += 1.0
        clues.append("syria")
    if place.population:
        s += math.log10(place.population + 1) / 7
        clues.append("population")
    return s, clues


def _hierarchies(raws: list[RawMention], c: PlaceCues) -> tuple[frozenset[str], ...]:
    """For each mention, the admin1 of the containers named right after it (`X بالقلمون الغربي في ريف دمشق`).

    A mention's containers are those of the next mention, when it follows within three words in the same sentence,
    and the containers after that one: read from the last mention back, each is found once (a list of a thousand
    places was quadratic when every mention walked the rest of its chain).
    """
    out: list[frozenset[str]] = [frozenset()] * len(raws)
    for k in range(len(raws) - 2, -1, -1):
        prev, r = raws[k], raws[k + 1]
        if r.sentence != prev.sentence or r.first - prev.last > 3:
            continue
        unit = {p.admin1 for p in r.candidates if p.kind in AREA_KINDS and p.admin1}
        if r.prefix == c.countryside or any(p.kind in AREA_KINDS for p in r.candidates):
            unit = unit or {p.admin1 for p in r.candidates if p.admin1}
        else:
            unit = set()
        after = out[k + 1]
        out[k] = after if unit <= after else after | unit
    return tuple(out)


def _elsewhere(raws: list[RawMention], k: int, tokens: Sequence[Token], c: PlaceCues) -> bool:
    """Whether mention k, named after a generic word, is situated right after it in a unit that none of its
    candidates lies in or near (`قرية X بريف Y` with every X of the gazetteer far from Y): an unknown namesake."""
    r = raws[k]
    if r.prefix not in c.naming or not r.candidates or k + 1 >= len(raws):
        return False
    unit = raws[k + 1]
    if unit.sentence != r.sentence or unit.first - r.last > 3 or tokens[unit.first].prefix.startswith(c.conjunction):
        return False
    areas = [p for p in unit.candidates if p.kind in AREA_KINDS or unit.prefix == c.countryside]
    if not areas:
        return False
    return not any(
        (p.admin1 and a.admin1 in (p.admin1, _ENCLOSED.get(p.admin1))) or distance_km(p.lat, p.lon, a.lat, a.lon)
        <= _NEAR_UNIT_KM for p in r.candidates for a in areas
    )


def _name_text(doc: Document, tokens: Sequence[Token], r: RawMention, c: PlaceCues) -> str:
    """The raw text of the name alone: no generic word, no conjunction or preposition, no hashtag sign."""
    first = tokens[r.name_first]
    head = r.name.split()[0]
    clitics = len(first.norm) - len(head) if first.norm.endswith(head) else 0
    if clitics >= 2 and first.prefix.endswith(c.article) and not head.startswith(c.article):
        clitics -= 2  # the article stays with the name (مزرعة اليرموك -> اليرموك)
    start, _ = doc.norm.raw_span(first.nstart + clitics, first.nend)
    return doc.text[start : tokens[r.last].end].replace("_", " ")


def _bare_name(name: str, c: PlaceCues) -> str:
    return " ".join(w.removeprefix(c.article) for w in fold(name).split())


def _spelling(place: Place, written: str, c: PlaceCues) -> str | None:
    """The place's name as the text spells it, when that is another of its names (الطبقة for الثورة, كفرنوران for
    كفر نوران) and so reads differently from `name_ar`; else None."""
    written = " ".join(orthography().written_marks.sub("", written).split())
    key, own = _bare_name(written, c), _bare_name(place.name_ar, c)
    if not key or f" {key} " in f" {own} " or f" {own} " in f" {key} ":
        return None  # the same name, or the name with or without its generic word (التنف، قاعدة التنف)
    names = {_bare_name(v, c) for n in place.names_ar if n for v in c.forms.variants(fold(n))}
    return written if key in names else None


@dataclass(frozen=True, slots=True)
class _Votes:
    """What the whole text says: the admin1 each mention is sure of, counted by article and by sentence, the points
    of places named without ambiguity, and the names read as unknown namesakes."""

    own: tuple[str | None, ...]
    article: Counter[str]
    by_sentence: dict[int, Counter[str]]
    fixed: Counter[str]
    points: dict[str, tuple[float, float]]
    namesakes: frozenset[str]
    hierarchies: tuple[frozenset[str], ...]


def _votes(raws: list[RawMention], tokens: Sequence[Token], c: PlaceCues) -> _Votes:
    own = tuple(_admin1_of(r) for r in raws)
    by_sentence: dict[int, Counter[str]] = {}
    for r, a in zip(raws, own, strict=True):
        if a:
            by_sentence.setdefault(r.sentence, Counter())[a] += 1
    # Places named without ambiguity, once each (a long text names the same town many times).
    fixed = Counter(r.candidates[0].id for r in raws
                    if len(r.candidates) == 1 and r.candidates[0].kind not in AREA_KINDS)
    points = {r.candidates[0].id: (r.candidates[0].lat, r.candidates[0].lon) for r in raws
              if len(r.candidates) == 1 and r.candidates[0].id in fixed}
    # A name read as an unknown namesake once is that namesake throughout the text (قرية الجديدة ... الجديدة).
    namesakes = frozenset(r.name for k, r in enumerate(raws) if _elsewhere(raws, k, tokens, c))
    return _Votes(own, Counter(a for a in own if a), by_sentence, fixed, points, namesakes, _hierarchies(raws, c))


def _countries(doc: Document, tokens: Sequence[Token], raws: list[RawMention], c: PlaceCues) -> Counter[str]:
    """The text's votes for countries (folded names): country and capital names, national agencies, governorates,
    the outlet."""
    votes: Counter[str] = Counter()
    for k, t in enumerate(tokens):
        name = bare(t, c.countries.keys(), c)
        if name is not None:
            votes[c.countries[name]] += 1
        for words, country in c.agencies.get(t.core, ()):
            if tuple(tk.core for tk in tokens[k : k + len(words)]) == words:
                votes[country] += 1
    for r in raws:
        units = {fold(p.country) for p in r.candidates if p.kind in ("governorate", "district")}
        if len(units) == 1 and len({p.iso for p in r.candidates}) == 1:
            votes[units.pop()] += 1
        elif r.first and bare(tokens[r.first - 1], c.district_words, c) and len(
                homes := {fold(p.country) for p in r.candidates if p.iso != _SYRIA_ISO}) == 1:
            votes[homes.pop()] += 1  # "قضاء بنت جبيل": Syria has no قضاء, the town's country has
    domain = (urlsplit(doc.url or "").hostname or "").rsplit(".", 1)[-1]
    if domain in c.country_domains:
        votes[c.country_domains[domain]] += 1
    if not votes:
        # A text that names no country, capital or governorate of one: the sides it names vote, each for the one
        # country of its entries (الحوثيون for Yemen, الحشد الشعبي for Iraq).
        for mention in doc.layer("actors"):
            homes = {fold(e.country) for e in mention.entries if e.country}
            if len(homes) == 1 and (home := homes.pop()) in _VOTED:
                votes[home] += 1
        # and so do two places or more named with a generic word that the gazetteer knows in one other country
        # only (بلدة كفركلا ... بلدتي الخيام ودير ميماس): one such name may be a chance namesake, two hardly are.
        abroad: dict[str, set[str]] = {}
        for r in raws:
            if r.prefix and len(homes := {fold(p.country) for p in r.candidates}) == 1 and _HOME not in homes:
                abroad.setdefault(homes.pop(), set()).add(r.name)
        votes.update(country for country, names in abroad.items() if len(names) >= 2 and country in _VOTED)
    return votes


def _in_country(r: RawMention, countries: Counter[str]) -> RawMention | None:
    """A mention without the small foreign places its text gives no vote to; None when none is left and no generic
    word (قرية، بلدة) says it is a place."""
    if not r.candidates:
        return r
    if r.prefix and not countries[_HOME] and _leading(countries) not in (None, _VOTED[_HOME]) and all(
            p.iso == _SYRIA_ISO and p.kind in _SMALL_KINDS for p in r.candidates):
        return replace(r, candidates=())  # "حي الحدث" of a report on Beirut: not the Syrian village
    kept = tuple(p for p in r.candidates
                 if p.iso == _SYRIA_ISO or p.kind in _ANY_TEXT_KINDS or countries[fold(p.country)])
    if len(kept) == len(r.candidates):
        return r
    if kept or r.prefix:  # "قرية X": a village the gazetteer lacks, not a foreign namesake
        return replace(r, candidates=kept)
    return None


def _context(raws: list[RawMention], k: int, votes: _Votes, c: PlaceCues, countries: Counter[str]) -> _Context:
    """The context of mention k: the votes of the others, not its own."""
    r, own = raws[k], votes.own[k]
    mine = Counter([own] if own else [])
    alone = r.candidates[0].id if len(r.candidates) == 1 and votes.fixed[r.candidates[0].id] == 1 else None
    return _Context(
        hierarchy=votes.hierarchies[k],
        sentence=votes.by_sentence.get(r.sentence, Counter()) - mine,
        article=votes.article - mine,
        points=tuple(xy for pid, xy in votes.points.items() if pid != alone) if len(r.candidates) > 1 else (),
        capital=any(p.kind == "governorate" for p in r.candidates),
        countries=countries,
    )


def _resolve(doc: Document, raws: list[RawMention], c: PlaceCues) -> tuple[PlaceMention, ...]:
    tokens = doc.layer("tokens")
    countries = _countries(doc, tokens, raws, c)
    raws = [kept for r in raws if (kept := _in_country(r, countries)) is not None]
    votes = _votes(raws, tokens, c)
    # The country of each admin1 the text's places lie in: an unknown place in one (X في قضاء النبطية) is there.
    homes = {p.admin1: fold(p.country) for r in raws for p in r.candidates if p.admin1 and fold(p.country) in _NAMED}
    out: list[PlaceMention] = []
    for k, r in enumerate(raws):
        doc.deadline.check()
        ctx = _context(raws, k, votes, c, countries)
        role = "origin" if _origin(tokens, r.first, c) else "location"
        named, placing = _adjective_country(doc, tokens, r, c)
        if named is not None and r.candidates:
            there = tuple(p for p in r.candidates if fold(p.country) == named)
            r = replace(r, candidates=there) if there or placing else r
        if r.name in votes.namesakes or not r.candidates or _elsewhere_situated(r, ctx, homes):
            # مزرعة اليرموك بريف الرقة: not the camp of Damascus but a farm the gazetteer does not know
            out.append(_unknown(doc, tokens, r, ctx, role, c, country=named if placing else None, homes=homes))
            continue
        scored = sorted(((*_score(r, p, ctx, c), p) for p in r.candidates), key=lambda x: -x[0])
        joined = tokens[r.first].prefix[:1] == c.conjunction  # "ريفي حماة واللاذقية": a list, not a container
        follows = k > 0 and r.first - raws[k - 1].last <= 3 and not joined
        out.append(_known(doc, tokens, r, scored, role=role, follows=follows, c=c))
    return tuple(out)


def _elsewhere_situated(r: RawMention, ctx: _Context, homes: Mapping[str, str]) -> bool:
    """Whether the unit named right after a mention lies in another country than every place of its name
    (وادي حوران غرب الأنبار is no Syrian Hauran): it is then a place the gazetteer does not know, in that unit."""
    if not ctx.hierarchy or any(p.admin1 in ctx.hierarchy for p in r.candidates):
        return False
    there = {homes.get(a) for a in ctx.hierarchy}
    return None not in there and not there & {fold(p.country) for p in r.candidates}


def _adjective_country(doc: Document, tokens: Sequence[Token], r: RawMention, c: PlaceCues) -> tuple[str | None, bool]:
    """The country (folded) an adjective right after a mention puts it in (موقع المالكية الإسرائيلي), and whether
    that adjective places a name the gazetteer knows only elsewhere (`placing_adjectives`)."""
    k = r.last + 1
    if k >= len(tokens) or doc.text[tokens[r.last].end : tokens[k].start].strip():
        return None, False
    named = c.country_adjectives.get(tokens[k].norm)
    return (named, tokens[k].norm in c.placing_adjectives) if named in _NAMED else (None, False)


def _unknown(
    doc: Document, tokens: Sequence[Token], r: RawMention, ctx: _Context, role: str, c: PlaceCues, *,
    country: str | None, homes: Mapping[str, str],
) -> PlaceMention:
    """A mention the gazetteer does not resolve, in the admin1 the text situates it in, and in `country` (folded)
    when an adjective names it, else in that admin1's country (`homes`), else in the one its text votes for most."""
    admin1 = next(iter(sorted(ctx.hierarchy)), None) or (ctx.sentence.most_common(1)[0][0] if ctx.sentence else None)
    home = homes.get(admin1) if admin1 else None
    if country is not None and home != country:
        admin1 = None  # an adjective's country, not the one of the places beside it
    named = country or home
    country = _NAMED[named][0] if named else _leading(ctx.countries)
    return PlaceMention(
        tokens[r.first].start, end=tokens[r.last].end, text_ar=_name_text(doc, tokens, r, c), place=None,
        candidates=(), score=0.3,
        clues=(*([f"prefix:{r.prefix}"] if r.prefix else []), *([f"hierarchy:{admin1}"] if admin1 else [])),
        precision=1 if r.cue is None else 2, role=role, admin1=admin1, admin2=None,
        country=country, iso=_NAMED[fold(country)][1] if country else None,
    )


def _leading(votes: Counter[str]) -> str | None:
    """The country a text votes for most, when one leads (a tie or no vote says nothing)."""
    ranked = [(n, name) for name, n in votes.most_common(2) if name in _VOTED]
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return _VOTED[ranked[0][1]]


def _known(
    doc: Document, tokens: Sequence[Token], r: RawMention, scored: list[tuple[float, list[str], Place]], *,
    role: str, follows: bool, c: PlaceCues,
) -> PlaceMention:
    """A mention resolved to its best-scored candidate; `follows` when it comes right after another mention."""
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
    if place.kind in AREA_KINDS and follows:
        extra.append("container")
    start, end = tokens[r.first].start, tokens[r.last].end
    return PlaceMention(
        start, end=end, text_ar=doc.text[start:end], place=place,
        candidates=(place, *(p for _, _, p in scored[1:])), score=round(1 / (1 + math.exp(-margin)), 3),
        clues=tuple(extra + clues), precision=precision, role=role, admin1=place.admin1, admin2=place.admin2,
    )


@stage("places", requires=("tokens", "sentences"), adds=("places",))
def places(doc: Document, resources: Any) -> Document:
    """Add the `places` layer: place mentions resolved against `resources.gazetteer`."""
    gaz: Gazetteer = resources.gazetteer
    cues = PlaceCues.of(resources)
    return doc.with_layers(places=_resolve(doc, find_mentions(doc, gaz, cues), cues))
