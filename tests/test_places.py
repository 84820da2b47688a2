"""The places stage on short sentences: prefixes, clitics, hierarchy, precision, origin, unknown villages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from rasd.build.given_names import build, write
from rasd.document import Document
from rasd.events.drafts import _where as _where_fields
from rasd.events.scenes import SceneCues, locations, place_key
from rasd.gazetteer import Gazetteer, Place
from rasd.lexicons import read_tsv
from rasd.lexicons.cues import Cues
from rasd.lexicons.given_names import load_given_names
from rasd.merge import MergeWords
from rasd.stages.places import PlaceMention, places
from rasd.stages.segment import segment


def _place(pid: str, ar: str, kind: str, admin1: str, lat: float, lon: float, *, iso: int = 760,
           population: int = 0, aliases: tuple[str, ...] = ()) -> Place:
    return Place(pid, name=pid, name_ar=ar, names_ar=(ar, *aliases), lat=lat, lon=lon,
                 country="Syria" if iso == 760 else "Iraq", iso=iso, admin1=admin1, admin2=None, admin3=None,
                 kind=kind, population=population)


GAZ = Gazetteer([
    _place("qara-rd", "قارة", "town", "Rif Dimashq", 34.15, 36.74, population=20000),
    _place("qara-al", "قارة", "village", "Aleppo", 36.5, 37.5, population=30000),
    _place("qalamoun-w", "القلمون الغربي", "area", "Rif Dimashq", 33.9, 36.5),
    _place("qalamoun", "القلمون", "region", "Rif Dimashq", 33.9, 36.6),
    _place("rd", "ريف دمشق", "governorate", "Rif Dimashq", 33.5, 37.4),
    _place("idlib-city", "إدلب", "city", "Idlib", 35.93, 36.63, population=128000),
    _place("idlib-gov", "إدلب", "governorate", "Idlib", 35.77, 36.67, population=1400000,
           aliases=("محافظة إدلب",)),
    _place("saraqib", "سراقب", "town", "Idlib", 35.86, 36.8, population=30000),
    _place("aleppo-gov", "حلب", "governorate", "Aleppo", 36.25, 37.6),
    _place("tanf", "التنف", "base", "Homs", 33.5, 38.65, aliases=("قاعدة التنف",)),
    _place("babil", "بابل", "governorate", "Babil", 32.5, 44.5, iso=368, aliases=("محافظة بابل",)),
    _place("ghab", "سهل الغاب", "area", "Hama", 35.55, 36.35),
    _place("hama-gov", "حماة", "governorate", "Hama", 35.2, 37.2),
    _place("kafrnabl", "كفرنبل", "town", "Idlib", 35.61, 36.56, population=30000),
    _place("bukamal", "البوكمال", "city", "Deir ez-Zor", 34.45, 40.92, population=50000),
    _place("manbij", "منبج", "city", "Aleppo", 36.53, 37.95, population=100000),
    _place("hasakah-gov", "الحسكة", "governorate", "Al-Hasakah", 36.5, 40.9),
    _place("raqqa-gov", "الرقة", "governorate", "Ar-Raqqa", 36.0, 38.9),
    _place("tabqa", "الثورة", "city", "Ar-Raqqa", 35.84, 38.55, population=80000, aliases=("الطبقة",)),
    _place("yarmouk", "مخيم اليرموك", "camp", "Damascus", 33.47, 36.3, population=100000, aliases=("اليرموك",)),
    _place("kafr-nouran", "كفر نوران", "village", "Aleppo", 36.08, 36.83),
    _place("kars", "قارص", "city", "Kars", 40.6, 43.1, iso=792, population=70000, aliases=("كارس",)),
    _place("hama-city", "حماة", "city", "Hama", 35.13, 36.76, population=700000),
    _place("latakia-city", "اللاذقية", "city", "Lattakia", 35.53, 35.79, population=400000),
    _place("latakia-gov", "اللاذقية", "governorate", "Lattakia", 35.6, 36.0),
    _place("salamiyah", "سلمية", "city", "Hama", 35.01, 37.05, population=66000, aliases=("السلمية",)),
    _place("malikiyah", "المالكية", "town", "Al-Hasakah", 37.17, 42.14, population=30000),
])
CUES, GIVEN_NAMES = Cues.load(), load_given_names()
MERGE = MergeWords.load(cues=CUES)
RES = SimpleNamespace(gazetteer=GAZ, cues=CUES, given_names=GIVEN_NAMES, merge=MERGE)
SCENES = SceneCues.from_cues(CUES)


def _mentions(text: str) -> list[PlaceMention]:
    doc = places(segment(Document.from_text(text), None), RES)
    found = list(doc.layer("places"))
    assert all(m.text_ar in doc.text[m.start : m.end].replace("_", " ") for m in found)
    return found


def _first(text: str) -> PlaceMention:
    return _mentions(text)[0]


def _ids(text: str) -> list[str | None]:
    return [m.place.id if m.place else None for m in _mentions(text)]


def test_hierarchy_picks_among_same_named_places() -> None:
    found = _mentions("قصف على مدينة قارة بالقلمون الغربي في ريف دمشق")
    assert [m.text_ar for m in found] == ["مدينة قارة", "بالقلمون الغربي", "ريف دمشق"]
    assert found[0].place is not None and found[0].place.id == "qara-rd"
    assert "hierarchy:Rif Dimashq" in found[0].clues


@pytest.mark.parametrize(
    ("text", "expected"),
    [("سقطت قذائف على قارة في ريف حلب الشمالي", "qara-al"), ("سقطت قذائف على قارة في ريف دمشق", "qara-rd")],
)
def test_same_named_villages_told_apart_by_governorate(text: str, expected: str) -> None:
    assert _ids(text)[0] == expected


def test_nested_name_is_one_mention() -> None:
    found = _mentions("معارك في القلمون الغربي")
    assert len(found) == 1 and found[0].place is not None and found[0].place.id == "qalamoun-w"


@pytest.mark.parametrize(
    ("text", "span", "precision"),
    [
        ("غارة على بلدة سراقب", "بلدة سراقب", 1),
        ("غارة قرب سراقب", "سراقب", 2),
        ("غارة على أطراف سراقب", "سراقب", 2),
        ("غارة بريف سراقب", "بريف سراقب", 2),
        ("غارة على سهل الغاب", "سهل الغاب", 2),
        ("غارات بريف إدلب الجنوبي", "بريف إدلب الجنوبي", 3),
        ("غارات في محافظة إدلب", "محافظة إدلب", 3),
        ("معارك في القلمون", "القلمون", 3),
    ],
)
def test_precision(text: str, span: str, precision: int) -> None:
    mention = _first(text)
    assert (mention.text_ar, mention.precision) == (span, precision)


def test_governorate_capital_alone_is_the_city() -> None:
    assert _ids("انفجار في إدلب") == ["idlib-city"]
    assert _ids("انفجار في ريف إدلب") == ["idlib-gov"]


@pytest.mark.parametrize("text", ["قصف على وكفرنبل", "قصف على كفر نبل", "دخلوا بكفرنبل"])
def test_clitics_and_spaced_spelling(text: str) -> None:
    assert _ids(text) == ["kafrnabl"]


@pytest.mark.parametrize("text", ["وصلوا إلى البو كمال", "وصلوا إلى أبو كمال", "وصلوا إلى البوكمال"])
def test_bukamal_spellings(text: str) -> None:
    assert _ids(text) == ["bukamal"]


def test_origin_of_a_launch() -> None:
    found = _mentions("طائرة مسيرة قادمة من محافظة بابل استهدفت قاعدة التنف")
    assert [(m.place.id if m.place else None, m.role) for m in found] == [("babil", "origin"), ("tanf", "location")]


def test_unknown_village_keeps_its_name_and_admin1() -> None:
    found = _mentions("قصف على قرية زعفرانة الصغرى في ريف حماة")
    assert found[0].place is None and found[0].text_ar == "زعفرانة الصغرى"
    assert found[0].admin1 == "Hama"


def test_prefix_word_without_a_name_is_not_a_place() -> None:
    assert _mentions("دخلوا القرية في الصباح ثم قرية في الشمال") == []


def test_places_listed_after_a_plural_prefix() -> None:
    found = _mentions("قصفت المدفعية قرى (زعفرانة، وكفرصغير، وتل زهرون) شمالي حلب")
    assert [m.text_ar for m in found if m.place is None] == ["زعفرانة", "كفرصغير", "تل زهرون"]


def test_unknown_name_drops_its_clitics_and_hashtag() -> None:
    found = _mentions("استهدفت مسيرة وبقرية #تل_زهرون صباحا")
    assert found[0].text_ar == "تل زهرون"


def test_quoted_unknown_name_is_taken_whole() -> None:
    found = _mentions("قصفت طائرة مسيرة محطة قرب قرية “تل زهرون الغربي” جنوب حلب")
    assert [m.text_ar for m in found if m.place is None] == ["تل زهرون الغربي"]
    found = _mentions("اشتباكات عنيفة على محور بلدة (تل زهرون) منذ الصباح")
    assert [m.text_ar for m in found if m.place is None] == ["تل زهرون"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("قتل رجل في قرية كرهوك بريف الحسكة", "كرهوك"),  # a name the tokenizer reads as ك + رهوك
        ("من سكان قرية بهيرة غربي مدينة منبج", "بهيرة"),
        ("سقطت قذيفة على بلدة فليون جنوب إدلب", "فليون"),
        ("قصفت مسيرة قرية عون الدادات شمال مدينة منبج", "عون الدادات"),
        ("قصفت مسيرة قرية عون الواقعة شمال منبج", "عون"),
        ("قصفت مسيرة قرية عون السورية", "عون"),
        ("قصفت مسيرة #قرية_عون_الدادات شمال منبج", "عون الدادات"),
        ("سقطت قذائف في منطقة أبو حامضة جنوب الحسكة", "أبو حامضة"),
        ("سقطت قذيفة على قرية كفر كارس", "كفر كارس"),  # كارس alone is a town in Turkey
    ],
)
def test_unknown_village_names(text: str, name: str) -> None:
    assert [m.text_ar for m in _mentions(text) if m.place is None] == [name]


@pytest.mark.parametrize(
    "text",
    ["عاد إلى قرية بعد الظهر", "سقطت قذائف قرب قاعدة روسية", "أعلنت منطقة آمنة على الحدود", "عاد إلى بلده ويعيش هناك"],
)
def test_common_words_after_a_prefix_are_no_place(text: str) -> None:
    assert _mentions(text) == []


def test_a_situating_place_after_a_two_word_name_is_no_scene() -> None:
    text = "قصفت مسيرة قرية عون الدادات شمال مدينة منبج"
    doc = places(segment(Document.from_text(text), None), RES)
    assert [m.text_ar for m in locations(doc, doc.layer("sentences")[0], cues=SCENES)] == ["عون الدادات"]


TELL = Gazetteer([*GAZ, _place("tal-zahroun", "تل زهرون", "village", "Idlib", 35.8, 36.7),
                  _place("umm-jalal", "أم جلال", "village", "Idlib", 35.7, 36.6)])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A short name the clitic reader leaves its و on (وتل، وأم) is the next item of the list, not its container.
        ("قصفت المدفعية سراقب وتل زهرون", ["سراقب", "وتل زهرون"]),
        ("قصفت المدفعية كفرنبل وأم جلال", ["كفرنبل", "وأم جلال"]),
        ("قصفت المدفعية قريتي زيوان وتل زعرور شمالي سراقب", ["زيوان", "تل زعرور"]),  # unknown to the gazetteer
        # After a word that situates (الغربية), a place joined by و is another item too.
        ("قصفت المدفعية كفرنبل الغربية وسراقب", ["كفرنبل", "وسراقب"]),
        ("قصفت المدفعية كفرنبل جنوب سراقب", ["كفرنبل"]),
    ],
)
def test_places_joined_by_and_are_scenes_of_their_own(text: str, expected: list[str]) -> None:
    res = SimpleNamespace(gazetteer=TELL, cues=CUES, given_names=GIVEN_NAMES, merge=MERGE)
    doc = places(segment(Document.from_text(text), None), res)
    assert [m.text_ar for m in locations(doc, doc.layer("sentences")[0], cues=SCENES)] == expected


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("قصفت المدفعية قرى زعفرانة، وكفرصغير، وتل زهرون", ["زعفرانة", "كفرصغير", "تل زهرون"]),
        ("قصفت المدفعية قرى زعفرانة وكفرصغير وأطراف سراقب", ["زعفرانة", "كفرصغير"]),
        ("داهمت القوات منازل في مدينتي سراقب وكفرنبل، وقامت بتحويلها إلى مقرات", []),
        ("قصفت المدفعية قرى زعفرانة وكفرصغير ومزرعتها", ["زعفرانة", "كفرصغير"]),
        ("قصفت المدفعية قرى (زعفرانة - كفرصغير - تل زهرون) شمالي حلب", ["زعفرانة", "كفرصغير", "تل زهرون"]),
        ("سيطرت الفصائل على ثلاث قرى هي زعفرانة وكفرصغير", ["زعفرانة", "كفرصغير"]),
        # words of the news are no items: a quantifier, a pronoun, a day, an adjective right after the head
        ("استهدفت الغارات بلدات عدة، منها زعفرانة وكفرصغير", []),
        ("تظاهر الآلاف في مدن أوروبية، السبت، تضامنا مع المدنيين", []),
        ("قصفت المدفعية قرى مسيحية وزعفرانة", []),
        ("قصفت المدفعية قرى زعفرانة وحمورية", ["زعفرانة", "حمورية"]),  # a name shaped like an adjective, after و
    ],
)
def test_where_a_list_of_places_ends(text: str, unknown: list[str]) -> None:
    assert [m.text_ar for m in _mentions(text) if m.place is None] == unknown


@pytest.mark.parametrize(
    ("text", "pid", "spelled"),
    [
        ("قتل مدني في مدينة الطبقة", "tabqa", "الطبقة"),
        ("قتل مدني في مدينة الثورة", "tabqa", "الثورة"),
        ("سقطت قذائف على بلدة كفرنوران", "kafr-nouran", "كفرنوران"),
        ("سقطت قذائف على بلدة كفر نوران", "kafr-nouran", "كفر نوران"),
        ("قصفت مسيرة قاعدة التنف", "tanf", "التنف"),
        ("قصفت مسيرة حي اليرموك", "yarmouk", "مخيم اليرموك"),  # the alias only lacks the generic word
    ],
)
def test_known_place_keeps_the_spelling_of_the_text(text: str, pid: str, spelled: str) -> None:
    mention = _first(text)
    assert mention.place is not None and mention.place.id == pid and mention.place.name_ar == spelled
    assert mention.candidates[0] == mention.place


def test_known_name_in_a_unit_where_it_is_not_is_an_unknown_namesake() -> None:
    found = _mentions("داهمت القوات مزرعة اليرموك بريف الرقة. وتواصل الحصار على اليرموك")
    farm = [m for m in found if m.text_ar == "اليرموك"]
    assert len(farm) == 2 and all(m.place is None for m in farm)
    assert farm[0].admin1 == "Ar-Raqqa"
    assert _ids("قصف على مخيم اليرموك في ريف دمشق")[0] == "yarmouk"  # Damascus lies within Rif Dimashq


def test_countrysides_of_a_list_are_governorates() -> None:
    found = _mentions("قصف على ريفي حماة واللاذقية")
    assert [(m.place.id if m.place else None, m.precision) for m in found] == [("hama-gov", 3), ("latakia-gov", 3)]
    assert "container" not in found[1].clues


@pytest.mark.parametrize(
    ("text", "role"),
    [("وقال مصدر محلي من بلدة سراقب إن القصف استمر", "location"), ("سقطت قذائف مصدرها من بلدة سراقب", "origin")],
)
def test_a_news_source_is_no_launch_site(text: str, role: str) -> None:
    assert _first(text).role == role


@pytest.mark.parametrize(
    "text",
    ["قتل مدني من أبناء مدينة منبج في قصف على سراقب", "نقل مرصد منبج أن قصفا طال سراقب"],
)
def test_a_place_that_names_a_body_or_an_origin_is_no_scene(text: str) -> None:
    doc = places(segment(Document.from_text(text), None), RES)
    assert [m.place.id for m in locations(doc, doc.layer("sentences")[0], cues=SCENES) if m.place] == ["saraqib"]


def test_spellings_of_one_unknown_village_share_a_key() -> None:
    first, second = _mentions("قصفت مسيرة قرية بهيرة ثم قصفت قريه بهيره")
    assert first.text_ar != second.text_ar and place_key(first) == place_key(second)


# Villages whose names are also family names (invented sentences; the given names come from given_names.tsv).
NAMES_GAZ = Gazetteer([
    _place("sunbula", "سنبلة", "village", "Aleppo", 36.4, 37.6),
    _place("huwaija", "حويجة", "village", "Ar-Raqqa", 35.9, 38.7),
    _place("marjan", "مرجان", "village", "Ar-Raqqa", 35.95, 38.8),
    _place("shaykh-najm", "الشيخ نجم", "village", "Aleppo", 36.3, 37.9),
    _place("aleppo-gov", "حلب", "governorate", "Aleppo", 36.25, 37.6),
    _place("aleppo-city", "حلب", "city", "Aleppo", 36.2, 37.16, population=2000000),
])


def _named_places(text: str) -> list[str]:
    res = SimpleNamespace(gazetteer=NAMES_GAZ, cues=CUES, given_names=GIVEN_NAMES, merge=MERGE)
    doc = places(segment(Document.from_text(text), None), res)
    return [m.place.id if m.place else m.text_ar for m in doc.layer("places")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل خالد سنبلة العمر بقصف على قرية مرجان", ["marjan"]),  # a given name of the lexicon
        ("أصيب أحمد عبد الكريم الشيخ نجم في الغارة", []),  # after a name with عبد, a two-word village
        ("عبدالكريم حويجة بين المعتقلين", []),
        ("اعتقلت الدورية الشاب مهند حويجة قرب مرجان", ["marjan"]),  # a name introduced by a cue
        ("قتل الشاب «مهند سنبلة» برصاص قناص", []),  # in quotes
        ("أطلق سراح أبو عنتر سنبلة أمس", []),  # a kunya
        ("قتل محمود حويجة سنبلة في القصف", []),  # a village in a name makes the next word a name too
    ],
)
def test_a_village_inside_a_person_name_is_no_place(text: str, expected: list[str]) -> None:
    assert _named_places(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل محمد في سنبلة", ["sunbula"]),  # a preposition between the name and the place
        ("قتل محمد بسنبلة", ["sunbula"]),  # a clitic of its own
        ("قتل محمد وسنبلة", ["sunbula"]),
        ("قتل خالد قرب سنبلة", ["sunbula"]),  # a cue of nearness
        ("سقطت قذيفة على سنبلة", ["sunbula"]),  # على folds like the name علي
        ("قتل الطفل في سنبلة", ["sunbula"]),  # a cue with no name after it
        ("زار محمد حلب أمس", ["aleppo-city"]),  # a governorate seat is no family name
        ("قصفت المدفعية حويجة سنبلة", ["huwaija", "sunbula"]),  # a place before a place
    ],
)
def test_a_place_after_a_name_that_does_not_join_it_stays(text: str, expected: list[str]) -> None:
    assert _named_places(text) == expected


def test_the_shipped_given_names_hold_names_and_no_common_words() -> None:
    names = {row[0] for row in read_tsv("given_names.tsv", columns=4)}
    assert {"محمد", "خالد", "محمود"} <= names
    assert not names & {"على", "من", "في", "عبد", "أبو", "بن"}
    assert not any(n.startswith("ال") for n in names)


def _tagged(path: Path, rows: list[tuple[str, str]], *, bom: bool) -> None:
    lines = [f"\u200e{word}\t{tag}" if bom else f"{word} {tag}" for word, tag in rows]
    path.write_text(("\ufeff" if bom else "") + ("\r\n" if bom else "\n").join(lines) + "\n", encoding="utf-8")


def test_given_names_are_built_from_person_tags(tmp_path: Path) -> None:
    ner = tmp_path / "ner"
    (ner / "newsfane_gold").mkdir(parents=True)
    (ner / "wojood_sample").mkdir()
    person = [("سامر", "B-Politician"), ("حداد", "I-Politician")]
    _tagged(ner / "newsfane_gold" / "NewsFANE_Gold_2014_170K.txt", [
        *person, ("زار", "O"), ("دمشق", "B-Population-Center"), *person, ("و", "O"),
        ("عبد", "B-Athlete"), ("الكريم", "I-Athlete"), ("عبد", "B-Artist"), ("الباري", "I-Artist"),
        *[("على", "B-Other_PER"), ("نمر", "I-Other_PER")] * 2, *[("على", "O")] * 7,  # mostly a common word
        ("الوليد", "B-Politician"), ("سعد", "I-Politician"), ("الوليد", "B-Politician"), ("فهد", "I-Politician"),
    ], bom=True)
    _tagged(ner / "wojood_sample" / "train.txt", [("قال", "O"), ("رامز", "B-PERS"), ("عيد", "I-PERS")], bom=False)
    _tagged(ner / "wojood_sample" / "val.txt", [("رامز", "B-PERS"), ("خليل", "I-PERS")], bom=False)
    rows, counts = build(tmp_path)
    assert [row[:3] for row in rows] == [("رامز", 2, 2), ("سامر", 2, 2)]
    assert (counts.person["عليى"], counts.seen["عليى"], counts.seen["علي"]) == (2, 9, 0)  # على is kept apart from علي
    assert counts.place["دمشق"] == 1
    out = tmp_path / "given_names.tsv"
    write(rows, out)
    body = [line for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert body == ["name\tgiven\tperson\tseen", "رامز\t2\t2\t2", "سامر\t2\t2\t2"]


BORDER = Gazetteer([
    *GAZ,
    _place("saida-sy", "صيدا", "village", "Dara'a", 32.7, 36.2),
    Place("saida-lb", name="Sidon", name_ar="صيدا", names_ar=("صيدا",), lat=33.56, lon=35.37, country="Lebanon",
          iso=422, admin1="South Lebanon", admin2=None, admin3=None, kind="city", population=160000),
    _place("husayba", "الحصيبة", "village", "Al Anbar", 34.4, 41.0, iso=368),
    _place("karabila", "الكرابلة", "village", "Al Anbar", 34.39, 41.05, iso=368),
    _place("anbar", "الأنبار", "governorate", "Al Anbar", 33.4, 42.2, iso=368, aliases=("محافظة الأنبار",)),
    _place("ziyara", "الزيارة", "subdistrict", "Hama", 35.6, 36.3, aliases=("ناحية الزيارة",)),
])
BORDER_RES = SimpleNamespace(gazetteer=BORDER, cues=CUES, given_names=GIVEN_NAMES, merge=MERGE)


def _border(text: str, url: str | None = None) -> list[PlaceMention]:
    doc = Document.from_text(text)
    if url is not None:
        doc = replace(doc, url=url)
    return list(places(segment(doc, None), BORDER_RES).layer("places"))


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        ("سقطت قذيفة على صيدا صباح اليوم", None, "saida-sy"),
        ("سقطت قذيفة على صيدا جنوب لبنان صباح اليوم", None, "saida-lb"),
        ("سقطت قذيفة على صيدا صباح اليوم", "https://news.example.lb/a/1", "saida-lb"),
    ],
)
def test_the_country_of_the_report_decides_homonyms(text: str, url: str | None, expected: str) -> None:
    found = _border(text, url)
    assert found[0].place is not None and found[0].place.id == expected
    if expected == "saida-lb":
        assert "country:Lebanon" in found[0].clues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اشتباكات قرب الحصيبة مساء أمس", []),
        ("اشتباكات قرب الحصيبة غرب العراق مساء أمس", ["husayba"]),
        ("اشتباكات في قرية الحصيبة مساء أمس", []),
        ("اشتباكات في قرية الحصيبة في محافظة الأنبار العراقية", ["husayba", "anbar"]),
        # a district word is no Syrian one: the town it names votes for its own country
        ("اشتباكات في قضاء الحصيبة مساء أمس", ["husayba"]),
        ("اشتباكات في مديرية الحصيبة مساء أمس", ["husayba"]),
        # two places named with their generic word and known in one other country only: that country, no chance
        ("اشتباكات في قرية الحصيبة وقصف على قرية الكرابلة", ["husayba", "karabila"]),
    ],
)
def test_a_small_foreign_place_needs_its_country_in_the_text(text: str, expected: list[str]) -> None:
    assert [m.place.id for m in _border(text) if m.place is not None] == expected


@pytest.mark.parametrize(
    ("text", "unit", "precision"),
    [("قصفت مسيرة قرية كرهوك في ناحية الزيارة", "ziyara", 2)],
)
def test_unknown_village_is_placed_at_the_centre_of_its_unit(text: str, unit: str, precision: int) -> None:
    doc = places(segment(Document.from_text(text), None), BORDER_RES)
    [where] = locations(doc, doc.layer("sentences")[0], cues=SCENES)
    centre = BORDER.get(unit)
    assert where.place is not None and centre is not None
    assert (where.place.lat, where.place.lon, where.place.admin1) == (centre.lat, centre.lon, centre.admin1)
    assert where.place.name_ar == where.text_ar and where.place.id == place_key(where)
    assert where.precision == 1 and where.geo_precision == precision
    fields = _where_fields(where, where.place)
    assert (fields["location_ar"], fields["geo_precision"], fields["latitude"]) == (
        where.text_ar, precision, round(centre.lat, 4))


@pytest.mark.parametrize(
    ("text", "name", "country", "iso"),
    [
        ("داهمت دورية قرية البو عجيل في محافظة الأنبار العراقية", "البو عجيل", "Iraq", 368),
        ("قصفت المدفعية قرية الحميدات الشرقية قرب إدلب", "الحميدات الشرقية", "Syria", 760),
        ("سقطت قذيفة على قرية المنصورية الجديدة", "المنصورية الجديدة", None, None),
        # a national agency or media office votes for its country
        ("سقطت قذيفة على قرية المنصورية الجديدة، وفق الوكالة الوطنية للإعلام", "المنصورية الجديدة", "Lebanon", 422),
        ("أفادت خلية الإعلام الأمني بسقوط قذيفة على قرية المنصورية الجديدة", "المنصورية الجديدة", "Iraq", 368),
        ("نقلت وكالة سبأ أن غارة استهدفت قرية المنصورية الجديدة", "المنصورية الجديدة", "Yemen", 887),
    ],
)
def test_an_unknown_village_is_in_the_country_its_text_votes_for(text: str, name: str, country: str | None,
                                                                   iso: int | None) -> None:
    [mention] = [m for m in _border(text) if m.place is None]
    assert (mention.text_ar, mention.country, mention.iso) == (name, country, iso)
    assert (_where_fields(mention, None)["country"], _where_fields(mention, None)["iso"]) == (country, iso)


@pytest.mark.parametrize(
    ("text", "expected", "country"),
    [
        ("قصف على قرية كفر نوران صباح اليوم", "kafr-nouran", "Syria"),
        ("قصف على قرية كفر نوران في ريف حلب", "kafr-nouran", "Syria"),
        # a report about Iraq alone: the neighbourhood after its generic word is no Syrian village of that name
        ("غارة على حي كفر نوران في الأنبار", None, "Iraq"),
        ("انفجار في محافظة الأنبار، وقصف على قرية كفر نوران", None, "Iraq"),
        ("انفجار في محافظة الأنبار، وقصف على قرية كفر نوران في ريف حلب", "kafr-nouran", "Syria"),
    ],
)
def test_a_syrian_village_needs_a_text_not_only_about_another_country(text: str, expected: str | None,
                                                                      country: str) -> None:
    [mention] = [m for m in _border(text) if m.text_ar.endswith("كفر نوران")]
    assert (mention.place.id if mention.place else None) == expected
    assert (mention.place.country if mention.place else mention.country) == country


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصف على كفر نوران في محافظة الأنبار", (None, "Al Anbar", "Iraq")),  # the Syrian village is not there
        ("قصف على مخبأ قرب كفر نوران غرب الأنبار", (None, "Al Anbar", "Iraq")),
        ("قصف على قرية كفر نوران في ريف حلب", ("kafr-nouran", "Aleppo", "Syria")),
    ],
)
def test_a_place_situated_in_another_countrys_unit_is_no_namesake_of_its_own(
        text: str, expected: tuple[str | None, str, str]) -> None:
    [mention] = [m for m in _border(text) if m.text_ar.endswith("كفر نوران")]
    place = mention.place
    assert (place.id if place else None, mention.admin1 if place is None else place.admin1,
            mention.country if place is None else place.country) == expected


def test_a_name_opened_by_bin_is_one_name() -> None:
    [mention] = _border("سقط صاروخ قرب مطار بن غوريون")
    assert (mention.text_ar, mention.place) == ("بن غوريون", None)


def test_a_foreign_namesake_does_not_cut_an_unknown_village_name() -> None:
    gaz = Gazetteer([*BORDER, Place("mansouriyeh-lb", name="Mansouriyeh", name_ar="المنصورية",
                                    names_ar=("المنصورية",), lat=33.9, lon=35.6, country="Lebanon", iso=422,
                                    admin1="Mount Lebanon", admin2=None, admin3=None, kind="village", population=0)])
    res = SimpleNamespace(gazetteer=gaz, cues=CUES, given_names=GIVEN_NAMES, merge=MERGE)
    doc = places(segment(Document.from_text("قصفت المدفعية قرية المنصورية الجديدة قرب إدلب"), None), res)
    [village] = [m for m in doc.layer("places") if m.place is None]
    assert village.text_ar == "المنصورية الجديدة"


CUED = Gazetteer([*GAZ, replace(_place("kamin", "كمين", "village", "Lattakia", 35.55, 36.03), cued=("كمين",)),
                  replace(_place("qala", "القلعة", "village", "Hama", 35.1, 36.4, aliases=("قلعة الحصن",)),
                          cued=("القلعة",))])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصفت قوات النظام قرية كمين في ريف اللاذقية", ["kamin", "latakia-gov"]),  # after a generic word
        ("سقطت قذائف على قريتي كمين وكفر نوران", ["kamin", "kafr-nouran"]),  # in a list after a plural head
        ("وقعت دورية في كمين قرب سراقب", ["saraqib"]),  # alone it is the word it also is
        ("قصفت المدفعية محيط القلعة في ريف حماة", ["hama-gov"]),
        ("قصفت المدفعية قلعة الحصن في ريف حماة", ["qala", "hama-gov"]),  # a longer name is read alone
    ],
)
def test_a_cued_name_is_a_place_only_after_a_generic_word(text: str, expected: list[str]) -> None:
    doc = places(segment(Document.from_text(text), None), SimpleNamespace(gazetteer=CUED, cues=CUES,
                                                                         given_names=GIVEN_NAMES, merge=MERGE))
    assert [m.place.id for m in doc.layer("places") if m.place is not None] == expected


def test_a_listed_name_reads_the_villages_named_only_after_a_generic_word() -> None:
    # A Lebanese namesake read alone would leave the list without its Syrian village (a small foreign place needs its
    # country in the text); in a list the names read after a generic word count too.
    gaz = Gazetteer([*CUED, _place("kamin-lb", "كمين", "village", "North", 34.4, 35.9, iso=422)])
    res = SimpleNamespace(gazetteer=gaz, cues=CUES, given_names=GIVEN_NAMES, merge=MERGE)
    doc = places(segment(Document.from_text("قصفت المدفعية قريتي كمين وكفر نوران في ريف اللاذقية"), None), res)
    assert [m.place.id for m in doc.layer("places") if m.place is not None] == ["kamin", "kafr-nouran", "latakia-gov"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Unknown names listed before, between and after two known towns, the list closed by a preposition.
        ("اشتباكات في محيط الفرحانية وسراقب وتل زعرور وكفرنبل والمحمدلية في ريف إدلب",
         ["?الفرحانية", "saraqib", "?تل زعرور", "kafrnabl", "?المحمدلية", "idlib-gov"]),
        ("طالت الغارات مناطق الفرحانية، والمحمدلية، وسراقب، وكفرنبل، وهي مواقع للفصائل",
         ["?الفرحانية", "?المحمدلية", "saraqib", "kafrnabl"]),
        # One known town and an unknown word: as often a verb or a noun as a village.
        ("قصفت الطائرات سراقب والمحمدلية", ["saraqib"]),
        # ... unless the gazetteer knows the word as a village read only after a generic word.
        ("قصفت المدفعية سراقب وكمين في ريف اللاذقية", ["saraqib", "kamin", "latakia-gov"]),
        # A word that does not close a list (a verb and its object), a noun with its pronoun, a word of the news.
        ("قصفت الطائرات سراقب وكفرنبل وأوقعت قتلى", ["saraqib", "kafrnabl"]),
        ("قصفت الطائرات سراقب وكفرنبل ومحيطها", ["saraqib", "kafrnabl"]),
        ("قصفت الطائرات سراقب وكفرنبل والمدنيين", ["saraqib", "kafrnabl"]),
        ("قصفت الطائرات سراقب وكفرنبل، وأنّ الصواريخ سقطت", ["saraqib", "kafrnabl"]),
    ],
)
def test_unknown_names_listed_among_known_places(text: str, expected: list[str]) -> None:
    doc = places(segment(Document.from_text(text), None), SimpleNamespace(gazetteer=CUED, cues=CUES,
                                                                         given_names=GIVEN_NAMES, merge=MERGE))
    assert [m.place.id if m.place is not None else f"?{m.text_ar}" for m in doc.layer("places")] == expected


@pytest.mark.parametrize(
    ("text", "places_found"),
    [
        ("طالب المحتجون بالحلول السلمية للأزمة", []),  # an adjective of the solutions
        ("أكد المنظمون أن التظاهرات سلمية تماما", []),  # the predicate of a definite subject
        ("خرجت مظاهرات في السلمية احتجاجا على الغلاء", ["salamiyah"]),
        ("قصفت القوات الروسية ريف السلمية اليوم", ["salamiyah"]),
    ],
)
def test_usual_adjective_after_a_definite_noun_is_no_place(text: str, places_found: list[str]) -> None:
    assert [m.place.id for m in _mentions(text) if m.place is not None] == places_found


def test_a_country_adjective_after_a_place_puts_it_in_that_country() -> None:
    [post] = _mentions("استهدف مقاتلو الحزب موقع المالكية الإسرائيلي بالصواريخ")
    assert (post.place, post.country, post.iso, post.admin1) == (None, "Israel", 376, None)
    [town] = _mentions("قصفت المدفعية مدينة المالكية السورية")  # its country's namesake stays
    assert town.place is not None and town.place.id == "malikiyah"
    [point] = _mentions("وصلت تعزيزات إلى نقطة المالكية التركية")  # Turkey's posts stand in Syria too
    assert point.place is not None and point.place.id == "malikiyah"
