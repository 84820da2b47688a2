"""Actor lexicon, actor mentions and role assignment, on short sentences written for these tests."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from rasd.actors import ActorEntry, load_actors, parse_actors
from rasd.document import Document
from rasd.errors import ResourceError
from rasd.lexicons.cues import Cues
from rasd.normalize import fold, words
from rasd.pipeline import Pipeline
from rasd.stages.actors import ActorMention, RoleCues, Roles, actors, assign_roles, interaction
from rasd.stages.segment import segment

LEX = load_actors()
CUES = Cues.load()
ROLE_CUES = RoleCues.from_cues(CUES)
RESOURCES = SimpleNamespace(actors=LEX, cues=CUES)
BEFORE = date(2024, 12, 7)
AFTER = date(2024, 12, 8)

SYRIA_OLD = "Military Forces of Syria (2000-2024)"
UNIDENTIFIED = "Unidentified Armed Group (Syria)"
SYRIA_NEW = "Military Forces of Syria (2024-)"
TURKEY = "Military Forces of Turkey"
RUSSIA = "Military Forces of Russia"
SDF = "SDF: Syrian Democratic Forces"
CIVILIANS = "Civilians (Syria)"


def doc_of(text: str) -> Document:
    return actors(segment(Document.from_text(text), None), RESOURCES)


def mentions(text: str) -> list[ActorMention]:
    return list(doc_of(text).layer("actors"))


def roles(text: str, trigger: str, *, on: date | None = BEFORE) -> Roles:
    doc = doc_of(text)
    i = text.index(trigger)
    return assign_roles(doc, trigger_start=i, trigger_end=i + len(trigger), scope_start=0, scope_end=len(text), on=on,
                        lexicon=LEX, cues=ROLE_CUES)


def names(mention: ActorMention) -> set[str]:
    return {e.name for e in mention.entries}


def all_aliases() -> list[tuple[str, str, str]]:
    out = []
    for e in LEX.entries:
        for field in ("aliases_ar", "implied_ar", "adjectives_ar", "toponyms_ar"):
            out.extend((e.name, field, alias) for alias in getattr(e, field))
    return out


# --- the lexicon ---------------------------------------------------------------------------------------------


# Ordinary words that an alias must not be on its own: each reads far more often as no actor at all.
COMMON_WORDS = ("مزارع", "طالبا", "عاملا", "مختار", "اسر", "مدنيه", "المدني", "حكومه", "دوله", "الدوله", "قوات",
                "القوات", "جيش", "الجيش", "الامن", "الشرطه", "التحالف", "الاحتلال", "المعارضه الوطنيه", "نظام",
                "الحكومه", "سكان المنطقه", "مدينه", "قريه", "اليوم", "الشعب", "عمليه", "حزب", "الحزب")
INTER_BY_KIND = {"state": {1, 8}, "unit": {1, 8}, "rebel": {2}, "militia": {3, 4}, "civilians": {7},
                 "victim": {7}, "unidentified": {3}, "protesters": {5, 6}, "coalition": {8}}


def test_canonical_names_are_unique() -> None:
    seen = [e.name for e in LEX.entries]
    assert len(seen) == len(set(seen))
    with pytest.raises(ResourceError, match="appears twice"):
        parse_actors({"actors": [_doc()["actors"][0], _doc(kind="militia", inter=3)["actors"][0]]})


def test_every_alias_is_a_fixed_point_of_the_normaliser() -> None:
    for entry, _, alias in LEX.aliases():
        assert fold(alias) == alias and " ".join(words(alias)) == alias, f"{alias!r} of {entry.name}"
    for entry, word in LEX.local_aliases():
        assert fold(word) == word and " ".join(words(word)) == word, f"{word!r} of {entry.name}"


def test_inter_codes_are_valid_for_their_kind() -> None:
    for e in LEX.entries:
        parent = LEX.get(e.parent) if e.parent else None
        # A unit shares its force's code (a Hezbollah unit is a militia, a state's brigade a state force).
        wanted = {parent.inter} if e.kind == "unit" and parent is not None else INTER_BY_KIND[e.kind]
        assert e.inter in wanted, f"{e.name}: {e.kind} with inter {e.inter}"


def test_no_alias_is_a_common_word() -> None:
    common = {fold(w) for w in COMMON_WORDS}
    for entry, _, alias in LEX.aliases():
        assert alias not in common, f"{alias!r} of {entry.name} is an ordinary word"


def test_lexicon_is_large_and_well_formed() -> None:
    assert len(LEX.entries) >= 250
    assert all(1 <= e.inter <= 8 for e in LEX.entries)
    assert LEX.get("IRGC: Islamic Revolutionary Guard Corps").parent == "Military Forces of Iran"  # type: ignore[union-attr]
    assert LEX.get("Fatemiyoun Brigade").tags == ("Iran-backed",)  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "field", "alias"), all_aliases())
def test_every_alias_is_found_alone(name: str, field: str, alias: str) -> None:
    doc = segment(Document.from_text(alias), None)
    tokens = doc.layer("tokens")
    found = LEX.matcher().find(tokens)
    assert len(found) == 1, f"{alias!r} of {name} gives {[m.key for m in found]}"
    assert (found[0].first, found[0].last) == (0, len(tokens) - 1)
    assert name in {v.entry.name for v in found[0].values}


@pytest.mark.parametrize(
    ("alias", "on", "expected"),
    [
        ("الجيش السوري", BEFORE, SYRIA_OLD),
        ("الجيش السوري", AFTER, SYRIA_NEW),
        ("القوات الحكومية", date(2016, 5, 1), SYRIA_OLD),
        ("القوات الحكومية", date(2025, 3, 6), SYRIA_NEW),
        ("قوات النظام", date(2025, 3, 6), SYRIA_OLD),  # no successor: the nearest period wins
        ("جبهة النصرة", date(2015, 1, 1), "Jabhat al-Nusra"),
        ("جبهة النصرة", date(2019, 1, 1), "HTS: Hayat Tahrir al-Sham"),
        ("الأمن العام", AFTER, "Police Forces of Syria (2024-)"),
    ],
)
def test_resolve_alias_by_date(alias: str, on: date, expected: str) -> None:
    entry = LEX.resolve(alias, on)
    assert entry is not None and entry.name == expected


def test_resolve_entry_follows_its_lineage() -> None:
    old = LEX.get(SYRIA_OLD)
    assert old is not None
    assert LEX.resolve(old, AFTER).name == SYRIA_NEW  # type: ignore[union-attr]
    assert LEX.resolve(old, None) is old
    assert LEX.resolve("كلمة لا تعني فاعلا", BEFORE) is None


def _doc(**entry: object) -> dict[str, object]:
    base: dict[str, object] = {"name": "Test Actor", "kind": "rebel", "inter": 2, "aliases_ar": ["فصيل الاختبار"]}
    return {"actors": [{**base, **entry}]}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"inter": 9}, "inter"),
        ({"kind": "army"}, "kind"),
        ({"valid_from": "2024-13-01"}, "valid_from"),
        ({"valid_from": "2024-12-08", "valid_to": "2024-01-01"}, "valid_from"),
        ({"parent": "Nobody"}, "parent"),
        ({"colour": "red"}, "unknown fields"),
        ({"aliases_ar": []}, "alias"),
        ({"aliases_ar": ["", "x"]}, "aliases_ar"),
        ({"qid": "2429253"}, "qid"),
        ({"generic": "army"}, "generic"),
        ({"local_ar": "الجيش"}, "local_ar"),
    ],
)
def test_malformed_entries_are_rejected_by_name(entry: dict[str, object], message: str) -> None:
    with pytest.raises(ResourceError) as err:
        parse_actors(_doc(**entry))
    assert "Test Actor" in str(err.value) and message in str(err.value)


def test_a_well_formed_entry_loads() -> None:
    lex = parse_actors(_doc(valid_from="2020-01-01"))
    assert lex.entries == (ActorEntry("Test Actor", "rebel", 2, aliases_ar=("فصيل الاختبار",),
                                      valid_from=date(2020, 1, 1), lineage="Test Actor"),)


# --- mentions ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("انسحب عناصر لميليشيا فاطميون من البلدة", "عناصر لميليشيا فاطميون", "Fatemiyoun Brigade"),
        ("تقدمت الفصائل وقسد نحو القرية", "قسد", SDF),
        ("ودخلت قوات النظام السوري البلدة", "قوات النظام السوري", SYRIA_OLD),
        ("شوهد عناصر من ميليشيا فاطميون قرب الحاجز", "عناصر من ميليشيا فاطميون", "Fatemiyoun Brigade"),
        ("استهدفت طائرة مسيّرة تركية سيارة", "طائرة مسيّرة تركية", TURKEY),
        ("ردت مدفعية قسد على مصادر النيران", "مدفعية قسد", SDF),
        ("شن الطيران الحربي الروسي غارات", "الطيران الحربي الروسي", RUSSIA),
        ("وتمركزت دورية روسية عند المفرق", "دورية روسية", RUSSIA),
        ("أغار الطيران الإسرائيلي على موقع", "الطيران الإسرائيلي", "Military Forces of Israel"),
        ("حلقت طائرات التحالف فوق المدينة", "طائرات التحالف", "Global Coalition Against Daesh"),
        ("وبالبراميل المتفجرة قصفت المروحيات الحي", "البراميل المتفجرة", SYRIA_OLD),
        ("قصفت البحرية الأمريكية مواقع رادار", "البحرية الأمريكية", "Military Forces of the United States"),
    ],
)
def test_mentions_cover_the_actor_phrase_without_conjunctions(text: str, surface: str, name: str) -> None:
    found = [m for m in mentions(text) if name in names(m)]
    assert [m.surface for m in found] == [surface]
    assert text[found[0].start : found[0].end] == surface


def test_adjectives_need_a_military_head() -> None:
    assert mentions("عبر الشاحنة الحدود التركية مساء") == []
    assert [m.form for m in mentions("بقصف مدفعي تركي")] == ["adjective"]


def test_one_word_aliases_written_with_the_article_need_it() -> None:
    # (الجيش names a side only in an event in a country whose army it names: no entry anywhere.)
    assert [m.surface for m in mentions("فعّل الجيش نظام الدفاع الجوي") if m.entries] == []
    assert [names(m) for m in mentions("وقصف النظام البلدة")] == [{SYRIA_OLD}]
    assert [m.surface for m in mentions("انسحبت المعارضة وتراجعت معارضة الأهالي")] == ["المعارضة", "الأهالي"]


def test_country_names_are_actors_only_outside_places() -> None:
    assert mentions("يعيش اللاجئون في تركيا منذ سنوات")[0].entries[0].kind == "victim"
    assert [names(m) for m in mentions("قصفت تركيا القرية")] == [{TURKEY}]
    assert mentions("وصل الوفد إلى روسيا") == []


def test_victims_are_mentions_of_civilians() -> None:
    (m,) = mentions("أصيبت طفلة بجروح")
    assert names(m) == {"Children (Syria)"} and m.entries[0].kind == "victim"


# --- roles ---------------------------------------------------------------------------------------------------


def test_active_voice_subject_acts_and_target_is_acted_upon() -> None:
    r = roles("استهدفت قوات النظام مواقع لقسد في ريف حلب", "استهدفت")
    assert (r.actor1.name, r.actor2.name) == (SYRIA_OLD, SDF)  # type: ignore[union-attr]
    assert r.interaction == 12 and not r.civilian_targeting


def test_construct_target_after_the_trigger() -> None:
    r = roles("قصفت المدفعية التركية مقرات قسد قرب عين عيسى", "قصفت")
    assert (r.actor1.name, r.actor2.name) == (TURKEY, SDF)  # type: ignore[union-attr]
    assert r.actor1.surface == "المدفعية التركية" and r.actor1.inter == 8  # type: ignore[union-attr]
    assert r.interaction == 28


def test_passive_with_masdaruhu_names_the_source() -> None:
    r = roles("استُهدف مقر لقسد بقصف مصدره الجيش التركي", "استُهدف")
    assert (r.actor1.name, r.actor2.name) == (TURKEY, SDF)  # type: ignore[union-attr]


def test_passive_with_min_qibal_names_the_source() -> None:
    r = roles("قتل عنصران من ميليشيا فاطميون بقصف من قبل الطيران الإسرائيلي", "بقصف")
    assert r.actor1.name == "Military Forces of Israel"  # type: ignore[union-attr]
    assert r.actor2.name == "Fatemiyoun Brigade"  # type: ignore[union-attr]
    assert r.interaction == 38


def test_instrument_belonging_to_an_actor() -> None:
    r = roles("أصيب مقاتلان بطائرة مسيرة تابعة لقسد", "أصيب")
    assert r.actor1.name == SDF  # type: ignore[union-attr]


def test_lam_after_the_trigger_marks_the_shelling_side() -> None:
    r = roles("قتل مزارعان بقصف مدفعي لقوات النظام على قرية في ريف إدلب", "بقصف")
    assert r.actor1.name == SYRIA_OLD  # type: ignore[union-attr]
    assert r.actor2.name == CIVILIANS and r.civilian_targeting  # type: ignore[union-attr]
    assert [a.name for a in r.assoc_actor_2] == ["Farmers (Syria)"]
    assert r.interaction == 17


def test_possessive_adjective_after_the_trigger() -> None:
    r = roles("قتل ثلاثة أطفال بغارات جوية روسية على بلدة", "بغارات")
    assert r.actor1.name == RUSSIA and r.actor1.surface == "روسية"  # type: ignore[union-attr]
    assert r.actor2.name == CIVILIANS and r.civilian_targeting  # type: ignore[union-attr]
    assert r.interaction == 78


def test_unknown_perpetrator_stays_none() -> None:
    r = roles("قتل شاب بانفجار لغم قرب بلدته", "بانفجار")
    assert r.actor1 is None and r.interaction is None
    assert r.actor2.name == CIVILIANS  # type: ignore[union-attr]
    assert roles("انفجرت عبوة ناسفة على الطريق", "انفجرت") == Roles()


def test_unidentified_gunmen_are_named_not_guessed() -> None:
    r = roles("اغتال مسلحون مجهولون شابا في مدينة درعا", "اغتال")
    assert r.actor1.name == "Unidentified Armed Group (Syria)"  # type: ignore[union-attr]
    assert r.interaction == 37 and r.civilian_targeting


@pytest.mark.parametrize(
    ("text", "trigger", "sides"),
    [
        ("هاجم مسلحون من تنظيم داعش حاجزا لقسد قرب الشدادي", "هاجم", ("Islamic State (Syria)", SDF)),
        ("اندلعت اشتباكات بين قسد ومسلحين من تنظيم داعش في ريف الحسكة", "اشتباكات", (SDF, "Islamic State (Syria)")),
    ],
)
def test_gunmen_of_a_named_side_are_that_side(text: str, trigger: str, sides: tuple[str, str]) -> None:
    r = roles(text, trigger)
    assert (r.actor1.name, r.actor2.name) == sides  # type: ignore[union-attr]
    [gunmen] = [m for m in mentions(text) if "Islamic State (Syria)" in names(m)]
    assert gunmen.surface.startswith("مسلح")


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("قتل ضابط في قسد بانفجار عبوة ناسفة قرب الشدادي", "بانفجار"),  # a member of the side, with في
        ("قتل منتسبان في قسد بانفجار عبوة ناسفة قرب الشدادي", "بانفجار"),  # members, as Iraqi reports call them
    ],
)
def test_the_side_a_member_belongs_to_is_hit(text: str, trigger: str) -> None:
    r = roles(text, trigger)
    assert (r.actor1, r.actor2.name if r.actor2 else None) == (None, SDF)


def test_downing_a_drone_makes_the_drone_the_target() -> None:
    r = roles("أسقطت قسد طائرة مسيرة تركية قرب القامشلي", "أسقطت")
    assert (r.actor1.name, r.actor2.name) == (SDF, TURKEY)  # type: ignore[union-attr]


def test_two_sides_of_a_clash() -> None:
    r = roles("اندلعت اشتباكات بين قسد والجيش الوطني في ريف منبج", "اشتباكات")
    assert (r.actor1.name, r.actor2.name) == (SDF, "SNA: Syrian National Army")  # type: ignore[union-attr]
    assert r.interaction == 22


def test_a_unit_acts_for_its_state() -> None:
    r = roles("قصف الحرس الثوري الإيراني مواقع لداعش في البادية", "قصف")
    assert r.actor1.name == "Military Forces of Iran"  # type: ignore[union-attr]
    assert [a.name for a in r.assoc_actor_1] == ["IRGC: Islamic Revolutionary Guard Corps"]
    assert r.actor2.name == "Islamic State (Syria)"  # type: ignore[union-attr]


def test_allies_join_the_acting_side() -> None:
    r = roles("هاجمت قوات النظام بمساندة الطيران الروسي مواقع الفصائل", "هاجمت")
    assert r.actor1.name == SYRIA_OLD  # type: ignore[union-attr]
    assert [a.name for a in r.assoc_actor_1] == [RUSSIA]
    assert r.actor2.name == "Opposition Rebels (Syria)"  # type: ignore[union-attr]


@pytest.mark.parametrize(("on", "expected"), [(BEFORE, SYRIA_OLD), (AFTER, SYRIA_NEW)])
def test_roles_resolve_names_on_the_event_date(on: date, expected: str) -> None:
    r = roles("قصف الجيش السوري مواقع لقسد", "قصف", on=on)
    assert r.actor1.name == expected  # type: ignore[union-attr]


def test_a_state_at_home_is_inter_one() -> None:
    doc = doc_of("اعتقلت الشرطة التركية متظاهرين في إسطنبول")
    r = assign_roles(doc, trigger_start=0, trigger_end=5, scope_start=0, scope_end=len(doc.text), on=BEFORE,
                     country="Turkey", lexicon=LEX, cues=ROLE_CUES)
    assert r.actor1.inter == 1 and r.actor2.inter == 6 and r.interaction == 16  # type: ignore[union-attr]


@pytest.mark.parametrize(("a", "b", "code"), [(8, 7, 78), (1, 2, 12), (2, 2, 22), (8, None, 80), (None, 7, None)])
def test_interaction_codes(a: int | None, b: int | None, code: int | None) -> None:
    assert interaction(a, b) == code


# --- words that name the forces of the event's country ----------------------------------------------------------

YEMEN_2022 = "Military Forces of Yemen (2022-)"


def roles_in(text: str, trigger: str, country: str | None, *, on: date | None = BEFORE) -> Roles:
    doc = doc_of(text)
    i = text.index(trigger)
    return assign_roles(doc, trigger_start=i, trigger_end=i + len(trigger), scope_start=0, scope_end=len(text), on=on,
                        country=country, lexicon=LEX, cues=ROLE_CUES)


@pytest.mark.parametrize(
    ("text", "country", "actor1"),
    [
        ("قصفت القوات الحكومية مواقع المسلحين", "Syria", SYRIA_OLD),
        ("قصفت القوات الحكومية مواقع المسلحين", "Iraq", "Military Forces of Iraq"),
        ("قصفت القوات الحكومية مواقع المسلحين", "Yemen", YEMEN_2022),
        ("قصفت القوات الحكومية مواقع المسلحين", "Lebanon", "Military Forces of Lebanon"),
        ("قصفت القوات الحكومية مواقع المسلحين", "Jordan", "Military Forces of Jordan"),
        ("قصفت القوات الحكومية مواقع المسلحين", "Turkey", TURKEY),
        ("قصفت القوات الحكومية مواقع المسلحين", None, SYRIA_OLD),
        ("داهمت الشرطة منزلا واعتقلت شابين", "Iraq", "Police Forces of Iraq"),
        ("داهمت الشرطة منزلا واعتقلت شابين", "Turkey", "Police Forces of Turkey"),
        ("داهمت قوة أمنية منزلا واعتقلت شابين", "Iraq", "Police Forces of Iraq"),
        ("داهمت قوة أمنية عراقية منزلا واعتقلت شابين", "Iraq", "Military Forces of Iraq"),
        ("اغتال مسلحون مجهولون شابا أمام منزله", "Syria", "Unidentified Armed Group (Syria)"),
        ("اغتال مسلحون مجهولون شابا أمام منزله", "Iraq", "Unidentified Armed Group (Iraq)"),
        ("اغتال مسلحون مجهولون شابا أمام منزله", "Lebanon", "Unidentified Armed Group (Lebanon)"),
        ("فجر تنظيم داعش عبوة ناسفة بدورية", "Iraq", "Islamic State (Iraq)"),
        ("قصف طيران التحالف مواقع المسلحين", "Yemen", "Saudi-led Coalition"),
        ("قصف طيران التحالف مواقع المسلحين", "Syria", "Global Coalition Against Daesh"),
        ("هاجم الجيش الوطني مواقع الحوثيين", "Yemen", YEMEN_2022),
        ("هاجم الجيش الوطني مواقع قسد", "Syria", "SNA: Syrian National Army"),
    ],
)
def test_generic_words_name_the_forces_of_the_events_country(text: str, country: str | None, actor1: str) -> None:
    r = roles_in(text, text.split()[0], country, on=date(2023, 5, 1))
    assert r.actor1 is not None and r.actor1.name == actor1


def test_the_victims_of_the_generic_words_are_of_the_events_country_too() -> None:
    r = roles_in("اغتال مسلحون مجهولون شابا أمام منزله", "اغتال", "Iraq")
    assert r.actor2 is not None and r.actor2.name == "Civilians (Iraq)" and r.interaction == 37


def test_a_bare_army_names_no_one_in_syria() -> None:
    """`الجيش` alone names the forces of Iraq, Lebanon, Yemen, Jordan and Turkey in their country, and no one in
    Syria, whose reporting uses it for several sides (الجيش الوطني، الجيش الحر)."""
    m = mentions("قصف الجيش مواقع المسلحين")[0]
    assert m.entries == () and "Military Forces of Lebanon" in {e.name for e in m.local}
    assert roles_in("قصف الجيش مواقع المسلحين", "قصف", "Syria").actor1 is None
    r = roles_in("قصف الجيش مواقع المسلحين", "قصف", "Lebanon")
    assert r.actor1 is not None and r.actor1.name == "Military Forces of Lebanon" and r.actor1.inter == 1


def test_a_state_named_by_a_generic_word_is_inter_one_at_home() -> None:
    r = roles_in("شنت جماعة الحوثي هجوما على مواقع القوات الحكومية", "هجوما", "Yemen", on=date(2021, 3, 2))
    assert (r.actor1.name, r.actor2.name) == ("Houthi Movement", "Military Forces of Yemen (2012-2022)")  # type: ignore[union-attr]
    assert r.interaction == 12


@pytest.mark.parametrize(
    ("text", "country", "actor1", "actor2"),
    [
        ("قصف التحالف بقيادة السعودية مواقع أنصار الله", "Yemen", "Saudi-led Coalition", "Houthi Movement"),
        ("هاجمت قوات المجلس الانتقالي الجنوبي مواقع تنظيم القاعدة في جزيرة العرب", "Yemen",
         "STC: Southern Transitional Council", "AQAP: Al Qaeda in the Arabian Peninsula"),
        ("استهدفت طائرة مسيرة تركية مواقع حزب العمال الكردستاني", "Iraq", TURKEY, "PKK: Kurdistan Workers Party"),
        ("هاجمت كتائب حزب الله قاعدة عين الأسد", "Iraq", "Kataib Hezbollah", None),
        ("استهدفت المقاومة الإسلامية موقعا للجيش الإسرائيلي", "Lebanon", "Hezbollah", "Military Forces of Israel"),
    ],
)
def test_the_sides_of_iraq_lebanon_and_yemen_are_named(text: str, country: str, actor1: str,
                                                       actor2: str | None) -> None:
    r = roles_in(text, text.split()[0], country)
    assert r.actor1 is not None and r.actor1.name == actor1
    assert (r.actor2.name if r.actor2 else None) == actor2


def test_the_arab_coalition_of_yemen_names_no_one_in_syria() -> None:
    assert roles_in("قصف التحالف العربي مواقع المسلحين", "قصف", "Syria").actor1 is None


def test_stage_runs_in_a_pipeline() -> None:
    pipe = Pipeline([segment, actors], RESOURCES)
    doc = pipe(Document.from_text("قصفت قوات النظام بلدة"))
    assert [m.surface for m in doc.layer("actors")] == ["قوات النظام"]
    assert actors.requires == ("tokens", "sentences") and actors.adds == ("actors",)


# --- roles: who acts when several sides are named --------------------------------------------------------------


def test_min_after_an_attack_names_the_attacker_and_its_partner() -> None:
    r = roles("جرح رجلان بقصفٍ صاروخي من قوات النظام وروسيا على قرية", "بقصفٍ")
    assert r.actor1.name == SYRIA_OLD and [a.name for a in r.assoc_actor_1] == [RUSSIA]  # type: ignore[union-attr]
    assert r.actor2.name == CIVILIANS  # type: ignore[union-attr]


def test_a_joint_air_force_acts_with_its_partner_as_associate() -> None:
    r = roles("دمرت غارات الطيران الحربي السوري الروسي المشترك جسرا", "غارات")
    assert r.actor1.name == SYRIA_OLD and [a.name for a in r.assoc_actor_1] == [RUSSIA]  # type: ignore[union-attr]


def test_a_hashtag_word_still_names_the_actor() -> None:
    r = roles("احترق سوق بغارة لطيران الاحتلال #الروسي والنظام", "بغارة")
    assert r.actor1.name == RUSSIA and [a.name for a in r.assoc_actor_1] == [SYRIA_OLD]  # type: ignore[union-attr]


def test_an_explicit_source_keeps_its_partner_on_its_side() -> None:
    r = roles("قتل عنصر من داعش برصاص عناصر من قسد وقوى الأمن الداخلي", "برصاص")
    assert r.actor1.name == SDF  # type: ignore[union-attr]
    assert "Asayish: Kurdish Internal Security Forces" in [a.name for a in r.assoc_actor_1]
    assert r.actor2.name == "Islamic State (Syria)"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "trigger", "actor"),
    [
        ("جرح طفل بقصف صاروخي لـ\"قسد\" على السوق", "بقصف", SDF),
        ("أصيب راعي بقصف مدفعي مصدره مناطق سيطرة قسد", "بقصف", SDF),
        ("جرح مسن بقذائف من مناطق انتشار قوات النظام على المخيم", "بقذائف", SYRIA_OLD),
        ("قتل سائق باستهداف مسيرة للاحتلال التركي سيارته", "باستهداف", TURKEY),
        ("جرح فلاح برصاص جندرمة الاحتلال التركي قرب الجدار", "برصاص", TURKEY),
    ],
)
def test_the_perpetrator_named_after_the_victim_acts(text: str, trigger: str, actor: str) -> None:
    r = roles(text, trigger)
    assert r.actor1 is not None and r.actor1.name == actor
    assert r.actor2 is not None and r.actor2.inter == 7


def test_the_reporting_side_gives_way_to_the_acting_side() -> None:
    r = roles("أعلنت القيادة العامة لقسد إصابة مدنيين بقصف الاحتلال التركي على القرية", "بقصف")
    assert r.actor1.name == TURKEY and r.assoc_actor_1 == ()  # type: ignore[union-attr]


def test_the_accused_side_acts_not_the_accuser() -> None:
    r = roles("اتهمت قسد تركيا بقصف محطة الكهرباء", "بقصف")
    assert r.actor1.name == TURKEY and r.assoc_actor_1 == ()  # type: ignore[union-attr]


def test_a_side_claiming_its_own_act_still_acts() -> None:
    r = roles("أعلنت وزارة الدفاع التركية تدمير مواقع لحزب العمال الكردستاني", "تدمير")
    assert r.actor1.name == TURKEY  # type: ignore[union-attr]


def test_a_side_named_in_another_clause_gives_way() -> None:
    text = "انسحبت قوات النظام من التلة، وقصفت المدفعية التركية قرية مجاورة"
    r = roles(text, "وقصفت")
    assert r.actor1.name == TURKEY and r.assoc_actor_1 == ()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    ["قناة سوريا اليوم@syria_today قتل رجل بقصف على البلدة", "قال الدفاع المدني السوري إن رجلا قتل بقصف على البلدة"],
)
def test_account_and_rescue_service_names_are_no_actors(text: str) -> None:
    r = roles(text, "بقصف")
    assert r.actor1 is None
    assert r.actor2 is not None and r.actor2.name == CIVILIANS


def test_an_adjective_after_a_victim_describes_the_victim() -> None:
    assert [names(m) for m in mentions("قتل مدني سوري بانفجار")] == [{CIVILIANS}]


COALITION = "Global Coalition Against Daesh"


@pytest.mark.parametrize(
    ("text", "trigger", "actor"),
    [
        ("دمرت غارة يرجح أنها روسية مخبزا في البلدة", "غارة", RUSSIA),
        ("قتل شاب بضربة من طائرة يعتقد أنها تابعة للتحالف الدولي", "بضربة", COALITION),
        ("احترقت سيارة بقصف يرجح أن منفذه هو الجيش التركي", "بقصف", TURKEY),
    ],
)
def test_a_hedged_perpetrator_is_still_the_one_named(text: str, trigger: str, actor: str) -> None:
    r = roles(text, trigger)
    assert r.actor1 is not None and r.actor1.name == actor


def test_lam_before_a_fallen_alef_still_marks_the_owner() -> None:
    r = roles("جرح راع باستهداف من عربة تابعة للجيش التركي", "باستهداف")
    assert r.actor1 is not None and r.actor1.name == TURKEY


@pytest.mark.parametrize(
    ("text", "trigger", "actor"),
    [
        ("قصفت مسيرة انتحارية، للجيش التركي، مدرسة في القرية", "قصفت", TURKEY),
        ("جرح مزارع برصاص قناصة، قسد، المتمركزين على التلة", "برصاص", SDF),
    ],
)
def test_an_owner_set_off_by_commas_belongs_to_its_weapon(text: str, trigger: str, actor: str) -> None:
    r = roles(text, trigger)
    assert r.actor1 is not None and r.actor1.name == actor


def test_an_aircraft_overhead_joins_the_acting_side() -> None:
    r = roles("جرح رجلان بقصف مدفعي مصدره قوات النظام على القرية وسط تحليق طائرة استطلاع روسية", "بقصف")
    assert r.actor1 is not None and r.actor1.name == SYRIA_OLD
    assert [a.name for a in r.assoc_actor_1] == [RUSSIA]


def test_an_aircraft_overhead_is_never_the_target() -> None:
    r = roles("قصف مدفعي على القرية أدى لجرح طفل، وسط تحليق طيران استطلاع روسي", "قصف")
    assert r.actor2 is not None and r.actor2.inter == 7
    assert RUSSIA not in [a.name for a in r.assoc_actor_2]


def test_a_supported_side_stays_beside_its_supporter_across_a_comma() -> None:
    r = roles("قالت مصادر إن قوات التحالف الدولي مدعومة بقسد، نفذت إنزالا جويا على منزل", "إنزالا")
    assert r.actor1 is not None and r.actor1.name == COALITION
    assert [a.name for a in r.assoc_actor_1] == [SDF]


def test_ground_shelling_names_its_side() -> None:
    r = roles("قتل بائع بقصف أرضي لقسد على السوق", "بقصف")
    assert r.actor1 is not None and r.actor1.name == SDF


@pytest.mark.parametrize(
    ("text", "trigger", "actor1", "actor2"),
    [
        ("قتل عنصران من قوات النظام برصاص قناص في ريف اللاذقية", "برصاص", None, SYRIA_OLD),
        ("قتل قناص عنصرين من قوات النظام في ريف اللاذقية", "قتل", None, SYRIA_OLD),
        ("أصيب جنديان من قوات النظام بانفجار لغم قرب البلدة", "بانفجار", None, SYRIA_OLD),
        # A side that acts before the people it hurt keeps acting.
        ("قتل مسلحون مجهولون ثلاثة عناصر من قوات النظام في الحسكة", "قتل", UNIDENTIFIED, SYRIA_OLD),
        ("قتلت قوات النظام ثلاثة مقاتلين من الفصائل في ريف حماة", "قتلت", SYRIA_OLD, "Opposition Rebels (Syria)"),
    ],
)
def test_the_side_of_the_people_a_verb_of_harm_befell_is_the_side_hit(text: str, trigger: str, actor1: str | None,
                                                                      actor2: str) -> None:
    r = roles(text, trigger)
    assert (r.actor1.name if r.actor1 else None, r.actor2.name if r.actor2 else None) == (actor1, actor2)
