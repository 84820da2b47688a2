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
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rasd.document import Document, Sentence
from rasd.normalize import fold

__all__ = ["admin1_of", "locations", "place_key"]

_CAPITALS = frozenset(fold(w) for w in (
    "دمشق", "أنقرة", "موسكو", "واشنطن", "طهران", "بيروت", "بغداد", "عمان", "الرياض", "القاهرة", "باريس", "لندن",
))
_COUNTRIES = frozenset(fold(w) for w in (
    "روسيا", "تركيا", "إيران", "إسرائيل", "أمريكا", "أميركا", "فرنسا", "بريطانيا", "الأردن", "العراق", "لبنان",
))
_SCENE_WORDS = frozenset(fold(w) for w in (
    "في", "على", "إلى", "الى", "من", "قرب", "نحو", "داخل", "حول", "محيط", "أطراف", "ريف", "مدينة", "العاصمة",
    "جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي", "غربي", "وسط", "ضواحي", "مطار", "عن", "باتجاه",
))
# Words after which a place names a body (مجلس دير الزور العسكري، حكومة دمشق، مرصد الحسكة، فرقة الحمزة، لواء
# القدس، شبكة أخبار حلب) or where people come from (من أبناء بلدة X، نازحي عفرين), not where the event happened.
_NOT_SCENE_AFTER = frozenset(fold(w) for w in (
    "مجلس", "حكومة", "مرصد", "قناة", "شبكة", "تنسيقية", "إذاعة", "وكالة", "تلفزيون", "صفحة", "مراسل", "أبناء",
    "ابن", "نازحي", "مهجري", "مشفى", "مستشفى", "مشافي", "مستشفيات", "أخبار",
    "لواء", "فرقة", "الفرقة", "كتيبة", "فيلق", "الفيلق", "حركة",
))
# Words for an armed group, and the nouns that open a group's name after them: a place right after both is part of
# the name (ميليشيا "الجبهة الشامية"، فصيل جيش الإسلام), not a scene; "جبهة X" alone is a front line, a scene.
_FACTIONS = frozenset(fold(w) for w in ("ميليشيا", "مليشيا", "ميلشيا", "فصيل", "ميليشيات", "مليشيات"))
_UNITS = frozenset(fold(w) for w in ("جبهة", "جيش", "لواء", "فرقة", "حركة", "تجمع", "كتائب"))
_AREA_KINDS = {"governorate", "district", "subdistrict", "region"}
# Words that may stand between a place and the larger place that situates it.
_SITUATING = frozenset(
    fold(w)
    for w in (
        "في", "ب", "ريف", "محافظة", "منطقة", "مدينة", "ناحية", "بلدة", "قرب", "شرق", "غرب", "شمال", "جنوب",
        "شرقي", "غربي", "شمالي", "جنوبي", "الشرقي", "الغربي", "الشمالي", "الجنوبي", "الشرقية", "الغربية",
        "الشمالية", "الجنوبية", "التابعة", "تابعة", "التابع", "ل", "لـ", "ضمن", "داخل", "أطراف", "محيط", "بادية",
        "مناطق", "مقاطعة", "المجاورة", "المجاور", "القريبة", "القريب", "بالقرب", "الواقعة", "الواقع",
    )
)


def _qualifies(doc: Document, before: Any, after: Any) -> bool:
    """Whether `after` only situates `before` (X في ريف Y، X جنوب Y، X بمحافظة Y، X التابعة لـ Y)."""
    gap = doc.within("tokens", before.end, after.start)
    if gap and gap[0].prefix.startswith("و"):
        return False  # "X ومحيط Y": a list of places, not a hierarchy
    if gap:
        return len(gap) <= 3 and all(t.core in _SITUATING or t.norm in _SITUATING for t in gap)
    # Nothing but spaces between them, and no "و" joining a list: X بY, X Y (قارة بالقلمون، حي الوعر حمص).
    between = doc.text[before.end : after.start].strip()
    first = doc.at("tokens", after.start)
    return not between and first is not None and not first.prefix.startswith(("و", "ف"))


def _located(doc: Document, before: Any, after: Any) -> bool:
    """Whether `after` is a town, village or site that follows `before` with "في" (لواء القدس في مدينة تدمر), rather
    than a wider area that situates it (في ريف Y، بناحية Y)."""
    gap = doc.within("tokens", before.end, after.start)
    area = _is_area(after) or after.precision == 3 or "cue:ريف" in after.clues
    return not area and any(t.norm == "في" for t in gap)


def _joined(doc: Document, before: Any, after: Any) -> bool:
    """Whether `after` is the next item of a list that `before` is in (X وY، X، وY), with nothing else between."""
    first = doc.at("tokens", after.start)
    between = doc.text[before.end : after.start].strip(" ،,")
    return first is not None and first.prefix.startswith("و") and not between


def _dateline(doc: Document, mention: Any) -> bool:
    """Whether a place opens its line as a dateline (`بيروت (رويترز) -`, `إدلب – نورث برس`), not as a scene."""
    line_start = doc.text.rfind("\n", 0, mention.start) + 1
    if doc.text[line_start : mention.start].strip(" \t\u200f\u200e\"'“”"):
        return False
    after = doc.text[mention.end : mention.end + 3].lstrip()
    return after[:1] in ("(", "-", "–", "—")


def _heading(doc: Document, mention: Any) -> bool:
    """Whether a place opens its line as a heading over it (`درعا::`, `تل تمر:`): the line may name a finer scene."""
    line_start = doc.text.rfind("\n", 0, mention.start) + 1
    if doc.text[line_start : mention.start].strip(" \t\u200f\u200e#"):
        return False
    return doc.text[mention.end : mention.end + 3].lstrip(" ").startswith(":")


def _metonym(doc: Document, mention: Any) -> bool:
    """Whether a capital stands for its government (اتهمت واشنطن دمشق، ستدفع دمشق الثمن) rather than a scene.

    A scene is introduced: by a preposition or clitic (في دمشق، بدمشق), a place word (العاصمة دمشق، ريف دمشق),
    or an attack verb (قصفت إسرائيل دمشق). A bare capital with none of these is a side, and so is one joined by
    "و" to a bare capital or country that is a side (توصلت موسكو وأنقرة إلى اتفاق، اتهمت روسيا ودمشق).
    """
    first = doc.at("tokens", mention.start)
    if first is None or fold(mention.text_ar).removeprefix(first.prefix) not in _CAPITALS:
        return False
    if first.prefix == "و":
        earlier = doc.within("tokens", max(0, mention.start - 40), mention.start)
        partner = earlier[-1] if earlier else None
        if partner is None or partner.prefix or partner.norm not in _CAPITALS | _COUNTRIES:
            return False
        return _side(doc, partner.start)
    return not first.prefix and _side(doc, mention.start)


def _side(doc: Document, start: int) -> bool:
    """Whether a bare capital or country starting at `start` is a side: no scene word right before it and no attack
    verb among the five words before it."""
    earlier = doc.within("tokens", max(0, start - 40), start)
    if not earlier:
        return True
    prev = earlier[-1]
    if prev.norm in _SCENE_WORDS or prev.core in _SCENE_WORDS:
        return False
    window = earlier[-5:]
    return not any(t.role != "harm" for t in doc.within("triggers", window[0].start, start))


# Words that take the wounded somewhere, or tell people fleeing: a place after "إلى" or "نحو" following them is
# where they were treated or fled to.
_TRANSPORT = ("نقل", "اسعاف", "اسعف", "يسعف", "تسعف", "تحويل", "حول", "نزوح", "نزح", "ينزح", "فرار", "فروا", "هرب")


# How far the place may follow "إلى" (نقلتها إلى مستودعاتها ضمن سلسلة الجبال قرب مدينة X), and the carrying word
# precede it.
_DESTINATION_WORDS = 8
_TRANSPORT_WORDS = 5


def _destination(doc: Document, mention: Any) -> bool:
    """Whether a place is where the wounded were taken (نقل الجرحى إلى مشفى الرحمة في مدينة دركوش) or where people
    fled (نزوح الأهالي نحو مدينة كوباني)."""
    sentence = doc.at("sentences", mention.start)
    low = max(mention.start - 160, sentence.start if sentence is not None else 0)
    earlier = doc.within("tokens", max(0, low), mention.start)[-_DESTINATION_WORDS - _TRANSPORT_WORDS :]
    to = [k for k, t in enumerate(earlier) if (t.norm in ("الي", "لالي", "نحو") or t.core == "الي")
          and len(earlier) - k <= _DESTINATION_WORDS]
    if not to:
        return False
    before = earlier[max(0, to[-1] - _TRANSPORT_WORDS) : to[-1]]
    return any(t.core.startswith(_TRANSPORT) or t.norm.lstrip("و").startswith(_TRANSPORT) for t in before)


def _named_after(doc: Document, mention: Any) -> bool:
    """Whether the word before a place makes it the name of a body or the origin of people (see `_NOT_SCENE_AFTER`),
    or the two words before it open an armed group's name (ميليشيا "الجبهة الشامية"; see `_FACTIONS`)."""
    earlier = doc.within("tokens", max(0, mention.start - 60), mention.start)
    if not earlier or doc.text[earlier[-1].end : mention.start].strip(" #(\"'«“"):
        return False
    word = earlier[-1]
    if word.norm in _NOT_SCENE_AFTER or (not word.article and word.core in _NOT_SCENE_AFTER):
        return True
    if len(earlier) < 2 or doc.text[earlier[-2].end : word.start].strip(" #(\"'«“") or word.core not in _UNITS:
        return False
    return earlier[-2].core in _FACTIONS or earlier[-2].norm in _FACTIONS


# Words that say where people come from: a place after one of them (within two words) and "من" is a home, not a
# scene (المنحدر من بلدة X، ينحدر خربطلي من مدينة X، نازحون من X، أحدهما من بلدة X والآخر من Y).
_ORIGIN_OF = tuple(fold(w) for w in ("منحدر", "ينحدر", "تنحدر", "متحدر", "يتحدر", "نازح", "مهجر"))
# The same, as whole words (not "أخرى": "قرى أخرى من ريف إدلب" are more scenes).
_ORIGIN_WORDS = frozenset(fold(w) for w in ("أحدهما", "أحدهم", "آخر", "الآخر", "آخرين", "آخرون", "أصله"))


def _home(doc: Document, mention: Any) -> bool:
    """Whether a place is where a person comes from (see `_ORIGIN_OF`, `_ORIGIN_WORDS`)."""
    sentence = doc.at("sentences", mention.start)
    low = max(mention.start - 80, sentence.start if sentence is not None else 0)
    earlier = doc.within("tokens", low, mention.start)[-5:]
    k = len(earlier) - 1
    if k >= 0 and earlier[k].core in _OPENERS:
        k -= 1  # "من بلدة X"
    if k < 1 or earlier[k].norm != "من":
        return False
    return any(t.core.startswith(_ORIGIN_OF) or t.norm.startswith(_ORIGIN_OF) or t.core in _ORIGIN_WORDS
               or t.norm.removeprefix("و") in _ORIGIN_WORDS for t in earlier[max(0, k - 2) : k])


# Words that, a preposition after them, place a side's guns rather than their target (قوات النظام المتمركزة في
# معرة النعمان، من مناطق تمركزها في X).
_POSTED = tuple(fold(w) for w in ("متمركز", "تمركز"))
# Positions a side fires from: "من مواقعها في X" (but "استهدفت مواقعها في X" is the target).
_POSITIONS = tuple(fold(w) for w in ("مواقع", "نقاط", "مقرات", "تجمعات", "تمركزات"))
# Who tells the news: a place just after them and a preposition is where they speak from (مصادر محلية من X،
# مراسلو فضائية روناهي في X، الناشط الإعلامي في X), not a scene; "مجهول المصدر" is no teller.
_TELLERS = tuple(fold(w) for w in ("مصدر", "مصادر", "مراسل", "ناشط", "نشطاء", "شبكة", "تنسيقية", "إذاعة", "قناة"))
_UNKNOWN = fold("مجهول")
# Nouns that refer back to a place already named (استهدفت القرية): the teller's own place is then the scene.
_BACK = frozenset(fold(w) for w in ("القرية", "البلدة", "المدينة", "الحي", "المخيم", "المنطقة"))


# Generic words a place mention may open with, after a clitic "ب" (بمنطقة، بقرية).
_OPENERS = _SITUATING | frozenset(fold(w) for w in ("قرية", "حي", "مخيم", "قاعدة", "مطار", "بلدتي", "قريتي"))


def _by(doc: Document, first: Any, mention: Any) -> bool:
    """Whether a mention opens with the clitic preposition "ب" (بمنطقة كفر نبل، بدرعا), not a word that starts
    with the letter (بلدة الصبحة، بنش)."""
    raw = fold(doc.text[first.start : first.end]).removeprefix("و")
    if not raw.startswith("ب"):
        return False
    rest = raw[1:]
    return rest in _OPENERS or fold(mention.text_ar).startswith(rest.removeprefix("ال"))


# Words that name who fired, between an attack and the side it names (لقصف من قبل قوات ...، قصفاً نفذته القوات ...).
_AGENT = tuple(fold(w) for w in ("قبل", "مصدر", "نفذ", "نفذت", "نفذه", "نفذته"))


def _firing(doc: Document, posted: Any, low: int) -> bool:
    """Whether the side "stationed in" a place (`posted`, a word of `_POSTED`) is the one that fires, so that the
    place is where the fire came from: the sentence tells no attack before it ("قوات النظام المتمركزة في X قصفت"),
    the side is the attack's subject ("قصفت القوات التركية المتمركزة في X قرية Y") or named as the attacker ("لقصف
    من قبل قوات النظام المتمركزة في X"، "من مناطق تمركزه في X"). The side is the target, and the place a scene,
    when its positions or the side itself are the attack's object ("قصفت مواقع القوات المتمركزة في X"، "استهدفت
    مواقع أخرى للقوات المتمركزة في X")."""
    before = doc.within("tokens", low, posted.start)
    if any(t.norm == "من" for t in before[-2:]):
        return True
    attacks = [t for t in doc.within("triggers", low, posted.start) if t.role in ("attack", "type")]
    if not attacks:
        return True
    between = doc.within("tokens", attacks[-1].end, posted.start)
    if any(t.core.startswith(_AGENT) or t.norm.removeprefix("و").startswith(_AGENT) for t in between):
        return True
    return not any(t.core.startswith(_POSITIONS) or t.prefix.removeprefix("و") in ("ل", "لل") for t in between)


def _elsewhere(doc: Document, mention: Any) -> bool:
    """Whether a place says where a side fires from or where a source of the news speaks from.

    The place follows a preposition ("في", "من", or "ب" on its first word) that follows a word of `_POSTED` (within
    two words), of `_POSITIONS` (right after "من") or of `_TELLERS` (within three words), with no trigger between.
    A teller's place stays a scene when the sentence then refers back to it (مصدر محلي من قرية X قال إن القصف
    استهدف القرية).
    """
    sentence = doc.at("sentences", mention.start)
    low = sentence.start if sentence is not None else 0
    earlier = doc.within("tokens", max(low, mention.start - 80), mention.start)[-6:]
    if len(earlier) >= 2 and earlier[-1].core in _SITUATING and earlier[-2].norm in ("في", "من"):
        earlier = earlier[:-1]  # "مراسلو القناة في مقاطعة الطبقة": the word of area belongs with the place
    earlier = earlier[-5:]
    first = doc.at("tokens", mention.start)
    if first is not None and _by(doc, first, mention):
        prep, head = "ب", earlier[-3:]
    elif earlier and earlier[-1].norm in ("في", "من"):
        prep, head = earlier[-1].norm, earlier[-4:-1]
    else:
        return False
    if not head or doc.within("triggers", head[0].start, mention.start):
        return False  # a trigger between them: "قال مصدر إن الطيران قصف في X" tells of X
    near = head[-2:]
    posted = next((t for t in near if t.core.startswith(_POSTED)), None)
    if posted is not None:
        return _firing(doc, posted, low)
    if prep != "من" and len(head) >= 2 and head[-2].norm == "من" and head[-1].core.startswith(_POSITIONS):
        return True
    told = any(t.core.startswith(_TELLERS) and not (k and head[k - 1].core.startswith(_UNKNOWN))
               for k, t in enumerate(head))
    if not told:
        return False
    later = doc.within("tokens", mention.end, sentence.end if sentence is not None else mention.end)
    return not any(t.norm in _BACK or (t.article and fold("ال" + t.core) in _BACK) for t in later)


# A run of hashtags with only spaces between them is a post's tag cloud (#سوريا #منبج #الرقة), not its news.
_HASHTAG = re.compile(r"#[^\s#]+")
_CLOUD = 3  # hashtags in a row


def _tagged(doc: Document, mention: Any) -> bool:
    """Whether a place is one of a run of at least `_CLOUD` hashtags (see `_HASHTAG`)."""
    line_start = doc.text.rfind("\n", 0, mention.start) + 1
    line_end = doc.text.find("\n", mention.end)
    line_end = len(doc.text) if line_end < 0 else line_end
    tags = list(_HASHTAG.finditer(doc.text, line_start, line_end))
    runs: list[list[re.Match[str]]] = []
    for tag in tags:
        if runs and not doc.text[runs[-1][-1].end() : tag.start()].strip():
            runs[-1].append(tag)
        else:
            runs.append([tag])
    return any(len(run) >= _CLOUD and run[0].start() < mention.end and mention.start < run[-1].end() for run in runs)


def locations(doc: Document, sent: Sentence, inside: Callable[[int], bool] = lambda _: True) -> list[Any]:
    """Impact places named in a sentence, without the places that only situate another of them; `inside` tells
    whether an offset is in the article body (a sentence may start in the page chrome before it)."""
    dropped: set[int] = set()  # ids of the mentions that are no scene
    elsewhere: set[int] = set()  # ids of the mentions that say where guns or sources are
    named: list[Any] = []
    for p in doc.within("places", sent.start, sent.end):
        if not inside(p.start):
            continue
        if p.role != "location" or _dateline(doc, p) or _metonym(doc, p) or _tagged(doc, p):
            continue
        # "من أبناء قرية الدانا شمال معرة النعمان": neither is a scene; but in "قائد في لواء القدس في مدينة تدمر" the
        # place after "في" is where it happened.
        situates_dropped = (bool(named) and id(named[-1]) in dropped and _qualifies(doc, named[-1], p)
                            and not _located(doc, named[-1], p))
        # "المتمركزة في كفرنبل ومعرة النعمان": the places listed after such a place are of the same kind
        listed = bool(named) and id(named[-1]) in elsewhere and _joined(doc, named[-1], p)
        if _elsewhere(doc, p) or listed:
            elsewhere.add(id(p))
        if _named_after(doc, p) or _destination(doc, p) or _home(doc, p) or id(p) in elsewhere or situates_dropped:
            dropped.add(id(p))
        named.append(p)
    named = [p for p in named if id(p) not in dropped]
    mentions: list[Any] = []
    for k, p in enumerate(named):
        if "container" in p.clues:
            continue
        if k and _qualifies(doc, named[k - 1], p):
            if mentions and mentions[-1] is named[k - 1]:
                mentions[-1] = _placed_within(named[k - 1], p)
            continue
        mentions.append(p)
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


def _placed_within(mention: Any, town: Any) -> Any:
    """An unknown place situated in a known town or village (حي اللطوة ببلدة ذيبان) is placed on that town, with
    precision 2 (CODEBOOK §4: a small area placed on the named town); it keeps its own Arabic name, and the key of
    an unknown place, so that its other mentions are the same event."""
    place = town.place
    if mention.place is not None or place is None or place.kind in _AREA_KINDS or town.precision == 3:
        return mention
    within = replace(place, id=place_key(mention), name_ar=mention.text_ar, names_ar=(),
                     geonameid=None, pcode=None, population=0)
    return replace(mention, place=within, precision=max(2, mention.precision),
                   clues=(*mention.clues, f"within:{place.id}"), admin1=place.admin1, admin2=place.admin2)


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
    return mention.place.admin1 if mention.place is not None else mention.admin1
