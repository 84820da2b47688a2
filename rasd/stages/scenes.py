"""Where an event happened: the places of a sentence that are scenes, not the ones that situate them.

Left out: a place that only situates another (X في ريف Y، X جنوب Y), a dateline (بيروت (رويترز) -), a capital
standing for its government (اتهمت واشنطن دمشق), a place that names a body or says where people come from
(مجلس دير الزور، مرصد الحسكة، من أبناء بلدة X), and a region that a finer place of the sentence lies in.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasd.document import Document, Sentence
from rasd.normalize import fold

__all__ = ["admin1_of", "locations", "place_key"]

_CAPITALS = frozenset(fold(w) for w in (
    "دمشق", "أنقرة", "موسكو", "واشنطن", "طهران", "بيروت", "بغداد", "عمان", "الرياض", "القاهرة", "باريس", "لندن",
))
_SCENE_WORDS = frozenset(fold(w) for w in (
    "في", "على", "إلى", "الى", "من", "قرب", "نحو", "داخل", "حول", "محيط", "أطراف", "ريف", "مدينة", "العاصمة",
    "جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي", "غربي", "وسط", "ضواحي", "مطار", "عن", "باتجاه",
))
# Words after which a place names a body (مجلس دير الزور العسكري، حكومة دمشق، مرصد الحسكة) or where people come
# from (من أبناء بلدة X، نازحي عفرين), not where the event happened.
_NOT_SCENE_AFTER = frozenset(fold(w) for w in (
    "مجلس", "حكومة", "مرصد", "قناة", "شبكة", "تنسيقية", "إذاعة", "وكالة", "تلفزيون", "صفحة", "مراسل", "أبناء",
    "ابن", "نازحي", "مهجري", "مشفى", "مستشفى", "مشافي", "مستشفيات",
))
_AREA_KINDS = {"governorate", "district", "subdistrict", "region"}
# Words that may stand between a place and the larger place that situates it.
_SITUATING = frozenset(
    fold(w)
    for w in (
        "في", "ب", "ريف", "محافظة", "منطقة", "مدينة", "ناحية", "بلدة", "قرب", "شرق", "غرب", "شمال", "جنوب",
        "شرقي", "غربي", "شمالي", "جنوبي", "الشرقي", "الغربي", "الشمالي", "الجنوبي", "الشرقية", "الغربية",
        "الشمالية", "الجنوبية", "التابعة", "تابعة", "التابع", "ل", "لـ", "ضمن", "داخل", "أطراف", "محيط", "بادية",
        "مناطق",
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


def _dateline(doc: Document, mention: Any) -> bool:
    """Whether a place opens its line as a dateline (`بيروت (رويترز) -`, `إدلب – نورث برس`), not as a scene."""
    line_start = doc.text.rfind("\n", 0, mention.start) + 1
    if doc.text[line_start : mention.start].strip(" \t\u200f\u200e\"'“”"):
        return False
    after = doc.text[mention.end : mention.end + 3].lstrip()
    return after[:1] in ("(", "-", "–", "—")


def _metonym(doc: Document, mention: Any) -> bool:
    """Whether a capital stands for its government (اتهمت واشنطن دمشق، ستدفع دمشق الثمن) rather than a scene.

    A scene is introduced: by a preposition or clitic (في دمشق، بدمشق), a place word (العاصمة دمشق، ريف دمشق),
    or an attack verb (قصفت إسرائيل دمشق). A bare capital with none of these is a side.
    """
    if fold(mention.text_ar) not in _CAPITALS:
        return False
    first = doc.at("tokens", mention.start)
    if first is None or first.prefix:
        return False
    earlier = doc.within("tokens", max(0, mention.start - 40), mention.start)
    if not earlier:
        return True
    prev = earlier[-1]
    if prev.norm in _SCENE_WORDS or prev.core in _SCENE_WORDS:
        return False
    window = earlier[-5:]
    return not any(t.role != "harm" for t in doc.within("triggers", window[0].start, mention.start))


# Words that take the wounded somewhere: a place after "إلى" following them is where they were treated.
_TRANSPORT = ("نقل", "اسعاف", "اسعف", "يسعف", "تسعف", "تحويل", "حول")


def _destination(doc: Document, mention: Any) -> bool:
    """Whether a place is where the wounded were taken (نقل الجرحى إلى مشفى الرحمة في مدينة دركوش)."""
    sentence = doc.at("sentences", mention.start)
    low = max(mention.start - 80, sentence.start if sentence is not None else 0)
    earlier = doc.within("tokens", max(0, low), mention.start)[-8:]
    to = [k for k, t in enumerate(earlier) if t.norm in ("الي", "لالي") or t.core == "الي"]
    if not to:
        return False
    before = earlier[max(0, to[-1] - 4) : to[-1]]
    return any(t.core.startswith(_TRANSPORT) or t.norm.lstrip("و").startswith(_TRANSPORT) for t in before)


def _named_after(doc: Document, mention: Any) -> bool:
    """Whether the word before a place makes it the name of a body or the origin of people (see `_NOT_SCENE_AFTER`)."""
    earlier = doc.within("tokens", max(0, mention.start - 30), mention.start)
    if not earlier or doc.text[earlier[-1].end : mention.start].strip(" #(\"'«“"):
        return False
    word = earlier[-1]
    return word.norm in _NOT_SCENE_AFTER or (not word.article and word.core in _NOT_SCENE_AFTER)


def locations(doc: Document, sent: Sentence) -> list[Any]:
    """Impact places named in a sentence, without the places that only situate another of them."""
    dropped: set[int] = set()  # ids of the mentions that are no scene
    named: list[Any] = []
    for p in doc.within("places", sent.start, sent.end):
        if p.role != "location" or _dateline(doc, p) or _metonym(doc, p):
            continue
        situates_dropped = bool(named) and id(named[-1]) in dropped and _qualifies(doc, named[-1], p)
        if _named_after(doc, p) or _destination(doc, p) or situates_dropped:
            dropped.add(id(p))  # "من أبناء قرية الدانا شمال معرة النعمان": neither is a scene
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
    within = replace(place, id=f"?{fold(mention.text_ar)}", name_ar=mention.text_ar, names_ar=(),
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
