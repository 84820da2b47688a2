"""The cues of the places stage, read from `lexicons/cues/places.yaml` and the other resources it needs."""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Protocol

from rasd.clitics import analyse
from rasd.document import Token
from rasd.gazetteer import NameForms
from rasd.lexicons.cues import Cues
from rasd.merge import MergeWords

__all__ = ["QUOTES", "PlaceCues", "PlaceResources", "bare"]

QUOTES = "\"'“”«»‘’()"  # marks that may hold a name: quotes and brackets (قرية "تقل بقل"، بلدة (بسرطون))
# A word in this many of the 1,979 articles of `lexicons/word_df.tsv` (5%) is a word of the news: a verb, a noun
# (وأوقعت، والمنازل), not an unknown village's name listed among known places.
_FREQUENT_DF = 100
# A word in this many articles (0.5%) is a word of the news that some place shares: read as an adjective where its
# shape and position say so (الاحتجاجات السلمية), never dropped as a name otherwise.
_USUAL_DF = 10


class PlaceResources(Protocol):
    """What the places stage reads of `Resources`."""

    @property
    def cues(self) -> Cues: ...

    @property
    def given_names(self) -> Mapping[str, bool]: ...

    @property
    def merge(self) -> MergeWords: ...


@dataclass(frozen=True, slots=True)
class PlaceCues:
    """The cue lists of `lexicons/cues/places.yaml` (see there what each is for), the given names and name forms."""

    generic: frozenset[str]
    naming: frozenset[str]
    area_words: frozenset[str]
    list_heads: frozenset[str]
    copula: frozenset[str]
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
    pronoun: str
    verb_opening: str
    village: str
    countryside: str
    governorate: str
    subdistrict: str
    subdistrict_written: str
    desert: str
    countries: Mapping[str, str]
    district_words: frozenset[str]
    # an agency's first word -> the cores of each agency's name that opens so, and its folded country
    agencies: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]
    country_domains: Mapping[str, str]
    country_adjectives: Mapping[str, str]  # folded adjective -> folded country name
    placing_adjectives: frozenset[str]
    given_names: Mapping[str, bool]
    forms: NameForms
    frequent: frozenset[str]  # words of the news (`common`)
    usual: frozenset[str]  # words in 0.5% of the news (`_USUAL_DF`)

    def common(self, name: str) -> bool:
        """Whether a one-word folded name is a word of the news (`lexicons/word_df.tsv`), not a place's name."""
        return " " not in name and (name in self.frequent or name.removeprefix(self.article) in self.frequent)

    @classmethod
    def of(cls, resources: PlaceResources) -> PlaceCues:
        """The cues of the places stage from `resources.cues` and `resources.given_names`."""
        cues = resources.cues

        def words(name: str) -> frozenset[str]:
            return cues.words("places", name)

        def word(name: str) -> str:
            value: str = cues.get("places", name)
            return value

        return cls(
            generic=words("generic"), naming=words("naming"), area_words=words("area_words"),
            list_heads=words("list_heads"), copula=words("copula"), modal=words("modal"), near=words("near"),
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
            pronoun=word("pronoun"),
            verb_opening=word("verb_opening"), village=word("village"), countryside=word("countryside"),
            governorate=word("governorate"), subdistrict=word("subdistrict"),
            subdistrict_written=cues.raw("places", "subdistrict"), desert=word("desert"),
            countries=cues.mapping("places", "countries"), district_words=words("district_words"),
            agencies=_by_first_word(cues.mapping("places", "agencies")),
            country_domains=cues.mapping("places", "country_domains"),
            country_adjectives=cues.mapping("places", "country_adjectives"),
            placing_adjectives=words("placing_adjectives"),
            given_names=resources.given_names, forms=NameForms.from_cues(cues),
            frequent=resources.merge.frequent(_FREQUENT_DF), usual=resources.merge.frequent(_USUAL_DF),
        )


def _by_first_word(names: Mapping[str, str]) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Phrases and their values, filed by the core of their first word; each phrase as the cores of its words."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name, value in names.items():
        cores = tuple(analyse(w)[0] for w in name.split())
        out.setdefault(cores[0], []).append((cores, value))
    return {first: tuple(phrases) for first, phrases in out.items()}


def bare(token: Token, words: Set[str], c: PlaceCues) -> str | None:
    """The word of `words` that a token spells, clitics allowed (`بريف` -> `ريف`), or None."""
    if token.norm in words:
        return token.norm
    for clitic in c.clitics:
        if token.norm.startswith(clitic) and token.norm[len(clitic):] in words:
            return token.norm[len(clitic):]
    return None
