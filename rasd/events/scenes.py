"""Where an event happened: the places of a sentence that are scenes, not the ones that situate them.

Left out: a place that only situates another (X في ريف Y، X جنوب Y، X في مقاطعة Y، X المجاورة لـ Y), a dateline
(بيروت (رويترز) -), a capital standing for its government (اتهمت واشنطن دمشق، توصلت موسكو وأنقرة), a place that
names a body or says where people come from (مجلس دير الزور، مرصد الحسكة، لواء القدس، ميليشيا "الجبهة الشامية"،
من أبناء بلدة X، المنحدر من X، نازحون من X), where the wounded were taken or people fled to (نقل إلى، النزوح نحو),
where the attacking side stands (قوات النظام المتمركزة في X قصفت، من مواقعها في X) and the places
listed with it, where a source speaks from (مصادر محلية من X، مراسلو القناة في مقاطعة X) unless the sentence refers
back to it (القرية), a run of three or more hashtags (a post's tag cloud), a line heading (درعا::) when the line
names another place, and a region that a finer place of the sentence lies in.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from rasd.document import Document, Sentence, Token
from rasd.lexicons.cues import Cues
from rasd.normalize import fold

__all__ = ["HOME", "SceneCues", "admin1_of", "country_of", "locations", "place_key", "text_country"]

# The country an event is taken to lie in when neither its place nor its text says (rasd reads Syrian reporting first).
HOME = "Syria"

_AREA_KINDS = {"governorate", "district", "subdistrict", "region"}
_DATELINE_REACH = 60  # characters after a dateline's place where its agency or dash comes
_DATELINE_WORDS = 5  # words of the country between them


@dataclass(frozen=True, slots=True)
class SceneCues:
    """The word lists of `lexicons/cues/scenes.yaml`, folded (each list's comment there says what it is for)."""

    capitals: frozenset[str]
    countries: frozenset[str]
    scene_words: frozenset[str]
    not_scene_after: frozenset[str]
    factions: frozenset[str]
    venue_words: frozenset[str]
    units: frozenset[str]
    situating: frozenset[str]
    openers: frozenset[str]
    transport: tuple[str, ...]
    towards: frozenset[str]
    to: str
    origin_of: tuple[str, ...]
    origin_words: frozenset[str]
    posted: tuple[str, ...]
    positions: tuple[str, ...]
    tellers: tuple[str, ...]
    unknown: str
    back: frozenset[str]
    agent: tuple[str, ...]
    in_or_from: frozenset[str]
    in_: str
    from_: str
    and_: str
    list_clitics: tuple[str, ...]
    by: str
    to_side: frozenset[str]
    article: str
    countryside_clue: str
    city_clue: str
    arrest: tuple[str, ...]

    @classmethod
    def from_cues(cls, cues: Cues) -> SceneCues:
        """Read the lists from `resources.cues`."""

        def words(name: str) -> frozenset[str]:
            return cues.words("scenes", name)

        def starts(name: str) -> tuple[str, ...]:
            return cues.phrases("scenes", name)

        def word(name: str) -> str:
            return str(cues.get("scenes", name))

        situating = words("situating")
        return cls(
            capitals=words("capitals"), countries=words("countries"), scene_words=words("scene_words"),
            not_scene_after=words("not_scene_after"), factions=words("factions"),
            venue_words=words("venue_words"), units=words("units"),
            situating=situating, openers=situating | words("openers"), transport=starts("transport"),
            towards=words("towards"), to=word("to"), origin_of=starts("origin_of"),
            origin_words=words("origin_words"), posted=starts("posted"), positions=starts("positions"),
            tellers=starts("tellers"), unknown=word("unknown"), back=words("back"), agent=starts("agent"),
            in_or_from=words("in_or_from"), in_=word("in"), from_=word("from"), and_=word("and"),
            list_clitics=starts("list_clitics"), by=word("by"), to_side=words("to_side"), article=word("article"),
            countryside_clue="cue:" + word("countryside"), city_clue="prefix:" + word("city"),
            arrest=starts("arrest"),
        )


def text_country(doc: Document) -> str | None:
    """The country most of a text's places lie in, when one leads (a tie or no place says nothing)."""
    votes: dict[str, int] = {}
    for m in doc.layer("places"):
        country = m.place.country if m.place is not None else m.country
        if country and m.role == "location":
            votes[country] = votes.get(country, 0) + 1
    ranked = sorted(votes.values(), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return None
    return max(votes, key=lambda c: votes[c])


def country_of(doc: Document, mention: Any) -> str:
    """The country an event at a place mention lies in: its place's, else the text's (`text_country`), else `HOME`.

    Words such as `القوات الحكومية` or `مسلحون مجهولون` name the forces or gunmen of that country."""
    country = None if mention is None else mention.place.country if mention.place is not None else mention.country
    return country or text_country(doc) or HOME


def _qualifies(c: SceneCues, doc: Document, before: Any, after: Any) -> bool:
    """Whether `after` only situates `before` (X في ريف Y، X جنوب Y، X بمحافظة Y، X التابعة لـ Y)."""
    gap = doc.within("tokens", before.end, after.start)
    first = doc.at("tokens", after.start)
    if first is None or (gap and gap[0].prefix.startswith(c.and_)) or _and_name(c, first, after):
        return False  # "X ومحيط Y", "X الغربية والنعيمة": a list of places, not a hierarchy
    if gap:
        return len(gap) <= 3 and all(t.core in c.situating or t.norm in c.situating for t in gap)
    # Nothing but spaces between them, and no "و" joining a list: X بY, X Y (قارة بالقلمون، حي الوعر حمص).
    between = doc.text[before.end : after.start].strip()
    return not between and not first.prefix.startswith(c.list_clitics)


def _and_name(c: SceneCues, first: Token, mention: Any) -> bool:
    """Whether a mention opens with a joining و: a clitic (والنعيمة), or one the clitic reader left on a short name
    (وتل واسط، وأم المياذن), which the place's own name does not start with."""
    if first.prefix.startswith(c.and_):
        return True
    name = mention.place.name_ar if mention.place is not None else mention.text_ar  # an unknown place: as written
    return first.norm.startswith(c.and_) and not first.prefix and not fold(name).startswith(c.and_)


def _located(c: SceneCues, doc: Document, before: Any, after: Any) -> bool:
    """Whether `after` is a town, village or site that follows `before` with "في" (لواء القدس في مدينة تدمر), rather
    than a wider area that situates it (في ريف Y، بناحية Y)."""
    gap = doc.within("tokens", before.end, after.start)
    area = _is_area(after) or after.precision == 3 or c.countryside_clue in after.clues
    return not area and any(t.norm == c.in_ for t in gap)


def _joined(c: SceneCues, doc: Document, before: Any, after: Any) -> bool:
    """Whether `after` is the next item of a list that `before` is in (X وY، X، وY), with nothing else between."""
    first = doc.at("tokens", after.start)
    between = doc.text[before.end : after.start].strip(" \u060c,")
    return first is not None and _and_name(c, first, after) and not between


def _opens_line(text: str, at: int, blanks: str) -> bool:
    """Whether only `blanks` stand between the start of the line and `at`: read back from `at`, not from the line's
    start, so that a long line is not read again for each of its places."""
    k = at
    while k > 0 and text[k - 1] in blanks:
        k -= 1
    return k == 0 or text[k - 1] == "\n"


def _dateline(doc: Document, mention: Any) -> bool:
    """Whether a place opens its line as a dateline (`بيروت (رويترز) -`, `إدلب – نورث برس`), not as a scene; the
    country may follow it (`دبي، الإمارات العربية المتحدة (CNN)—`)."""
    if not _opens_line(doc.text, mention.start, " \t\u200f\u200e\"'“”"):
        return False
    after = doc.text[mention.end : mention.end + _DATELINE_REACH].split("\n")[0].lstrip()
    if after[:1] in ("،", ","):
        country = re.match(r"[,،]([^()\-–—,،.]*)[(\-–—]", after)
        return country is not None and len(country.group(1).split()) <= _DATELINE_WORDS
    return after[:1] in ("(", "-", "–", "—")


def _heading(doc: Document, mention: Any) -> bool:
    """Whether a place opens its line as a heading over it (`درعا::`, `تل تمر:`): the line may name a finer scene."""
    if not _opens_line(doc.text, mention.start, " \t\u200f\u200e#"):
        return False
    return doc.text[mention.end : mention.end + 3].lstrip(" ").startswith(":")


def _metonym(c: SceneCues, doc: Document, mention: Any) -> bool:
    """Whether a capital stands for its government (اتهمت واشنطن دمشق، ستدفع دمشق الثمن) rather than a scene.

    A scene is introduced: by a preposition or clitic (في دمشق، بدمشق), a place word (العاصمة دمشق، ريف دمشق),
    or an attack verb (قصفت إسرائيل دمشق). A bare capital with none of these is a side, and so is one joined by
    "و" to a bare capital or country that is a side (توصلت موسكو وأنقرة إلى اتفاق، اتهمت روسيا ودمشق).
    """
    first = doc.at("tokens", mention.start)
    if first is None or fold(mention.text_ar).removeprefix(first.prefix) not in c.capitals:
        return False
    if first.prefix == c.and_:
        earlier = doc.within("tokens", max(0, mention.start - 40), mention.start)
        partner = earlier[-1] if earlier else None
        if partner is None or partner.prefix or partner.norm not in c.capitals | c.countries:
            return False
        return _side(c, doc, partner.start)
    return not first.prefix and _side(c, doc, mention.start)


def _side(c: SceneCues, doc: Document, start: int) -> bool:
    """Whether a bare capital or country starting at `start` is a side: no scene word right before it and no attack
    verb among the five words before it."""
    earlier = doc.within("tokens", max(0, start - 40), start)
    if not earlier:
        return True
    prev = earlier[-1]
    if prev.norm in c.scene_words or prev.core in c.scene_words:
        return False
    window = earlier[-5:]
    return not any(t.role != "harm" for t in doc.within("triggers", window[0].start, start))


# How far the place may follow "إلى" (نقلتها إلى مستودعاتها ضمن سلسلة الجبال قرب مدينة X), and the carrying word
# precede it.
_DESTINATION_WORDS = 8
_TRANSPORT_WORDS = 5


def _destination(c: SceneCues, doc: Document, mention: Any) -> bool:
    """Whether a place is where the wounded were taken (نقل الجرحى إلى مشفى الرحمة في مدينة دركوش) or where people
    fled (نزوح الأهالي نحو مدينة كوباني)."""
    sentence = doc.at("sentences", mention.start)
    low = max(mention.start - 160, sentence.start if sentence is not None else 0)
    earlier = doc.within("tokens", max(0, low), mention.start)[-_DESTINATION_WORDS - _TRANSPORT_WORDS :]
    to = [k for k, t in enumerate(earlier) if (t.norm in c.towards or t.core == c.to)
          and len(earlier) - k <= _DESTINATION_WORDS]
    if not to:
        return False
    before = earlier[max(0, to[-1] - _TRANSPORT_WORDS) : to[-1]]
    return any(t.core.startswith(c.transport) or t.norm.lstrip(c.and_).startswith(c.transport) for t in before)


def _named_after(c: SceneCues, doc: Document, mention: Any) -> bool:
    """Whether the word before a place makes it the name of a body or the origin of people (`not_scene_after`),
    or the two words before it open an armed group's name (ميليشيا "الجبهة الشامية"; `factions`, `units`)."""
    earlier = doc.within("tokens", max(0, mention.start - 60), mention.start)
    if not earlier or doc.text[earlier[-1].end : mention.start].strip(" #(\"'«“"):
        return False
    word = earlier[-1]
    if word.norm in c.not_scene_after or (not word.article and word.core in c.not_scene_after):
        # ... unless the body is a local council met at its building, which sits in the place it is named after
        # (أمام مبنى مجلس محافظة البصرة; `venue_words`). A named body (مقر مجلس دير الزور العسكري) is not.
        venue = len(earlier) > 1 and (earlier[-2].norm in c.venue_words or earlier[-2].core in c.venue_words)
        return not (venue and fold(mention.text_ar).split()[0] in c.openers)
    if len(earlier) < 2 or doc.text[earlier[-2].end : word.start].strip(" #(\"'«“") or word.core not in c.units:
        return False
    return earlier[-2].core in c.factions or earlier[-2].norm in c.factions




def _home(c: SceneCues, doc: Document, mention: Any) -> bool:
    """Whether a place is where a person comes from (`origin_of`, `origin_words`)."""
    sentence = doc.at("sentences", mention.start)
    low = max(mention.start - 80, sentence.start if sentence is not None else 0)
    earlier = doc.within("tokens", low, mention.start)[-5:]
    k = len(earlier) - 1
    if k >= 0 and earlier[k].core in c.openers:
        k -= 1  # "من بلدة X"
    if k < 1 or earlier[k].norm != c.from_:
        return False
    return any(t.core.startswith(c.origin_of) or t.norm.startswith(c.origin_of) or t.core in c.origin_words
               or t.norm.removeprefix(c.and_) in c.origin_words for t in earlier[max(0, k - 2) : k])




def _by(c: SceneCues, doc: Document, first: Any, mention: Any) -> bool:
    """Whether a mention opens with the clitic preposition "ب" (بمنطقة كفر نبل، بدرعا), not a word that starts
    with the letter (بلدة الصبحة، بنش)."""
    raw = fold(doc.text[first.start : first.end]).removeprefix(c.and_)
    if not raw.startswith(c.by):
        return False
    rest = raw[1:]
    return rest in c.openers or fold(mention.text_ar).startswith(rest.removeprefix(c.article))




def _firing(c: SceneCues, doc: Document, posted: Any, low: int) -> bool:
    """Whether the side "stationed in" a place (`posted`, a word of that list) is the one that fires, so that the
    place is where the fire came from: the sentence tells no attack before it ("قوات النظام المتمركزة في X قصفت"),
    the side is the attack's subject ("قصفت القوات التركية المتمركزة في X قرية Y") or named as the attacker ("لقصف
    من قبل قوات النظام المتمركزة في X"، "من مناطق تمركزه في X"). The side is the target, and the place a scene,
    when its positions or the side itself are the attack's object ("قصفت مواقع القوات المتمركزة في X"، "استهدفت
    مواقع أخرى للقوات المتمركزة في X")."""
    before = doc.within("tokens", low, posted.start)
    if any(t.norm == c.from_ for t in before[-2:]):
        return True
    attacks = [t for t in doc.within("triggers", low, posted.start) if t.role in ("attack", "type")]
    if not attacks:
        return True
    between = doc.within("tokens", attacks[-1].end, posted.start)
    if any(t.core.startswith(c.agent) or t.norm.removeprefix(c.and_).startswith(c.agent) for t in between):
        return True
    return not any(t.core.startswith(c.positions) or t.prefix.removeprefix(c.and_) in c.to_side for t in between)


def _elsewhere(c: SceneCues, doc: Document, mention: Any) -> bool:
    """Whether a place says where a side fires from or where a source of the news speaks from.

    The place follows a preposition ("في", "من", or "ب" on its first word) that follows a word of `posted` (within
    two words), of `positions` (right after "من") or of `tellers` (within three words), with no trigger between.
    A teller's place stays a scene when the sentence then refers back to it (مصدر محلي من قرية X قال إن القصف
    استهدف القرية).
    """
    sentence = doc.at("sentences", mention.start)
    low = sentence.start if sentence is not None else 0
    earlier = doc.within("tokens", max(low, mention.start - 80), mention.start)[-6:]
    if len(earlier) >= 2 and earlier[-1].core in c.situating and earlier[-2].norm in c.in_or_from:
        earlier = earlier[:-1]  # "مراسلو القناة في مقاطعة الطبقة": the word of area belongs with the place
    earlier = earlier[-5:]
    first = doc.at("tokens", mention.start)
    if first is not None and _by(c, doc, first, mention):
        prep, head = c.by, earlier[-3:]
    elif earlier and earlier[-1].norm in c.in_or_from:
        prep, head = earlier[-1].norm, earlier[-4:-1]
    else:
        return False
    if not head or doc.within("triggers", head[0].start, mention.start):
        return False  # a trigger between them: "قال مصدر إن الطيران قصف في X" tells of X
    near = head[-2:]
    posted = next((t for t in near if t.core.startswith(c.posted)), None)
    if posted is not None:
        return _firing(c, doc, posted, low)
    if prep != c.from_ and len(head) >= 2 and head[-2].norm == c.from_ and head[-1].core.startswith(c.positions):
        return True
    return _told_from(c, doc, head, mention, sentence)


def _told_from(c: SceneCues, doc: Document, head: Sequence[Any], mention: Any, sentence: Sentence | None) -> bool:
    """Whether a teller among the words before a place speaks from it, and the sentence does not refer back to it."""
    told = any(t.core.startswith(c.tellers) and not (k and head[k - 1].core.startswith(c.unknown))
               for k, t in enumerate(head))
    if not told:
        return False
    later = doc.within("tokens", mention.end, sentence.end if sentence is not None else mention.end)
    return not any(t.norm in c.back or (t.article and fold(c.article + t.core) in c.back) for t in later)


# A run of hashtags with only spaces between them is a post's tag cloud (#سوريا #منبج #الرقة), not its news.
_HASHTAG = re.compile(r"#[^\s#]+")
_CLOUD = 3  # hashtags in a row


def _tagged(doc: Document, mention: Any) -> bool:
    """Whether a place is one of a run of at least `_CLOUD` hashtags (see `_HASHTAG`)."""
    clouds = _clouds(doc.text)
    k = bisect_left(clouds, (mention.end,)) - 1  # the last cloud starting before the mention ends
    return k >= 0 and mention.start < clouds[k][1]


@lru_cache(maxsize=4)
def _clouds(text: str) -> tuple[tuple[int, int], ...]:
    """The runs of at least `_CLOUD` hashtags of a text, each within one line, as (start, end): found once a text,
    not once a place (a line naming ten thousand places was read ten thousand times)."""
    runs: list[list[re.Match[str]]] = []
    for tag in _HASHTAG.finditer(text):
        between = text[runs[-1][-1].end() : tag.start()] if runs else "x"
        if not between.strip() and "\n" not in between:
            runs[-1].append(tag)
        else:
            runs.append([tag])
    return tuple((run[0].start(), run[-1].end()) for run in runs if len(run) >= _CLOUD)


def locations(doc: Document, sent: Sentence, inside: Callable[[int], bool] = lambda _: True, *,
              cues: SceneCues) -> list[Any]:
    """Impact places named in a sentence, without the places that only situate another of them; `inside` tells
    whether an offset is in the article body (a sentence may start in the page chrome before it)."""
    mentions = _situated(cues, doc, _scenes(cues, doc, sent, inside))
    fine = [p for p in mentions if not _is_area(p)]
    kept = []
    for p in mentions:
        if _is_area(p) and any(_contains(p, q) for q in fine):
            continue
        kept.append(p)
    if any(not _heading(doc, p) for p in kept):
        kept = [p for p in kept if not _heading(doc, p)]  # "درعا:: ... في بلدة المليحة": the village is the scene
    unique: dict[str, Any] = {}
    for p in kept:
        unique.setdefault(place_key(p), p)
    return list(unique.values())


def _scenes(c: SceneCues, doc: Document, sent: Sentence, inside: Callable[[int], bool]) -> list[Any]:
    """The place mentions of a sentence that may be scenes: those in the body and of the role `location`, without
    datelines, capitals standing for governments, tag clouds, and the places that are no scene (bodies, homes,
    destinations, where guns or sources are) or only situate such a place."""
    dropped: set[int] = set()  # ids of the mentions that are no scene
    elsewhere: set[int] = set()  # ids of the mentions that say where guns or sources are
    named: list[Any] = []
    for p in doc.within("places", sent.start, sent.end):
        if not inside(p.start):
            continue
        if p.role != "location" or _dateline(doc, p) or _metonym(c, doc, p) or _tagged(doc, p):
            continue
        # "من أبناء قرية الدانا شمال معرة النعمان": neither is a scene; but in "قائد في لواء القدس في مدينة تدمر" the
        # place after "في" is where it happened.
        situates_dropped = (bool(named) and id(named[-1]) in dropped and _qualifies(c, doc, named[-1], p)
                            and not _located(c, doc, named[-1], p))
        # "المتمركزة في كفرنبل ومعرة النعمان": the places listed after such a place are of the same kind
        listed = bool(named) and id(named[-1]) in elsewhere and _joined(c, doc, named[-1], p)
        if _elsewhere(c, doc, p) or listed:
            elsewhere.add(id(p))
        if (_named_after(c, doc, p) or _destination(c, doc, p) or _home(c, doc, p) or id(p) in elsewhere
                or situates_dropped):
            dropped.add(id(p))
        named.append(p)
    return [p for p in named if id(p) not in dropped]


def _situated(c: SceneCues, doc: Document, named: list[Any]) -> list[Any]:
    """The scenes without the places that only situate the one before them (X في ريف Y: X, placed within Y when
    X is unknown)."""
    mentions: list[Any] = []
    for k, p in enumerate(named):
        if "container" in p.clues:
            # قرية X في ناحية Y: X at the sub-district's centre. Not at a governorate's: its centre lies tens of km
            # from the village, farther than an unplaced village is from the truth (place_found fell 3 points).
            if (k and mentions and mentions[-1] is named[k - 1] and p.place is not None
                    and p.place.kind in ("district", "subdistrict") and _qualifies(c, doc, named[k - 1], p)):
                mentions[-1] = _placed_within(named[k - 1], p)
            continue
        if k and _qualifies(c, doc, named[k - 1], p):
            if mentions and mentions[-1] is named[k - 1]:
                mentions[-1] = _placed_within(named[k - 1], p)
            continue
        mentions.append(p)
    return mentions


def _placed_within(mention: Any, town: Any) -> Any:
    """An unknown place situated in a known town or village (حي اللطوة ببلدة ذيبان) is placed on that town, with
    precision 2 (CODEBOOK §4: a small area placed on the named town); it keeps its own Arabic name, and the key of
    an unknown place, so that its other mentions are the same event.

    An unknown village situated in a district, sub-district or governorate (قرية X بريف حماة) is placed at that
    unit's centre, as ACLED does: its point has geo precision 2 (district, sub-district) or 3 (governorate, region),
    while the mention stays a village's (its precision unchanged), so it is still a fine event of its own."""
    place = town.place
    if mention.place is not None or place is None:
        return mention
    if place.kind in _AREA_KINDS or town.precision == 3:
        return _at_centre(mention, place)
    within = replace(place, id=place_key(mention), name_ar=mention.text_ar, names_ar=(),
                     geonameid=None, pcode=None, population=0)
    return replace(mention, place=within, precision=max(2, mention.precision),
                   clues=(*mention.clues, f"within:{place.id}"), admin1=place.admin1, admin2=place.admin2)


def _at_centre(mention: Any, unit: Any) -> Any:
    """An unknown village placed at the centre of the unit that situates it, keeping its name and key."""
    centre = replace(unit, id=place_key(mention), kind="village", name_ar=mention.text_ar, names_ar=(),
                     geonameid=None, pcode=None, population=0)
    precision = 2 if unit.kind in ("district", "subdistrict") else 3
    return replace(mention, place=centre, geo_precision=max(precision, mention.precision),
                   clues=(*mention.clues, f"centre:{unit.id}"), admin1=unit.admin1, admin2=unit.admin2)


def _is_area(mention: Any) -> bool:
    place = mention.place
    return place is not None and place.kind in _AREA_KINDS


def _contains(area: Any, other: Any) -> bool:
    a, o = area.place, other.place
    admin = other.admin1 if o is None else o.admin1
    return bool(a is not None and admin and a.admin1 == admin)


def place_key(mention: Any) -> str:
    return mention.place.id if mention.place is not None else f"?{fold(mention.text_ar)}"


def admin1_of(mention: Any) -> str | None:
    admin1: str | None = mention.place.admin1 if mention.place is not None else mention.admin1
    return admin1
