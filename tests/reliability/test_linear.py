"""Work bounded by the length of the input: the stages that were quadratic read each part of a text a bounded number
of times. Counted, never timed (`tests/test_bench.py` times the same inputs)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, cast

import pytest

import rasd.events.casualties as casualty_module
from rasd.document import Document
from rasd.event import Evidence
from rasd.events.assembly import _headline
from rasd.events.casualties import casualties
from rasd.events.drafts import Draft, _fold_into
from rasd.events.scenes import _clouds, _opens_line, _tagged
from rasd.extraction import build_pipeline
from rasd.gazetteer import AREA_KINDS
from rasd.normalize import fold
from rasd.pipeline import Pipeline
from rasd.resources import Resources
from rasd.settings import Settings
from rasd.stages.place_cues import PlaceCues
from rasd.stages.place_mentions import RawMention, find_mentions
from rasd.stages.places import _hierarchies

TOWNS = ("كفرنبل", "سراقب", "أريحا", "خان شيخون")


def chain_of_strikes(count: int) -> str:
    """One sentence naming `count` towns, each within three words of the last (قصف بلدة ... وقصف بلدة ...)."""
    return "".join(f"قصف بلدة {TOWNS[k % len(TOWNS)]} و" for k in range(count)) + "."


def counts_after_one_cue(count: int) -> str:
    """One sentence of `count` counts of the dead after a single cue (مقتل 2 مدنيين و3 مدنيين ...)."""
    return "قصفت الطائرات بلدة كفرنبل ما أدى إلى مقتل " + " و".join(f"{k % 7 + 2} مدنيين" for k in range(count)) + "."


def repeated_sentences(count: int) -> str:
    """One paragraph repeating the same report `count` times."""
    return " ".join("قصفت الطائرات الروسية بلدة سراقب في ريف إدلب ما أدى إلى مقتل ثلاثة مدنيين." for _ in range(count))


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline(Resources.load(Settings.load(decisions="rules")))


def annotated(pipeline: Pipeline, text: str, *, until: str) -> Document:
    """The document after the stages up to `until` (included)."""
    return Pipeline(pipeline.stages[: pipeline.names.index(until) + 1], pipeline.resources)(Document.from_text(text))


class _Counted:
    """A mention that counts how often its candidates are read."""

    def __init__(self, raw: RawMention, reads: Counter[int]) -> None:
        self._raw, self._reads = raw, reads

    def __getattr__(self, name: str) -> Any:
        if name == "candidates":
            self._reads[id(self)] += 1
        return getattr(self._raw, name)


def _hierarchies_by_walking(raws: list[RawMention], c: PlaceCues) -> list[frozenset[str]]:
    """What each mention's containers were when each walked the rest of its chain (the quadratic reading)."""
    out = []
    for k, prev in enumerate(raws):
        found: set[str] = set()
        for r in raws[k + 1 :]:
            if r.sentence != prev.sentence or r.first - prev.last > 3:
                break
            unit = {p.admin1 for p in r.candidates if p.kind in AREA_KINDS and p.admin1}
            if r.prefix == c.countryside or any(p.kind in AREA_KINDS for p in r.candidates):
                found |= unit or {p.admin1 for p in r.candidates if p.admin1}
            prev = r
        out.append(frozenset(found))
    return out


def test_the_containers_of_a_chain_of_places_read_each_mention_a_bounded_number_of_times(pipeline: Pipeline) -> None:
    # A chain of 300 towns in one sentence: each mention's candidates are read at most three times, not once for
    # every mention before it; and what is found is what walking the chain from each mention finds.
    text = chain_of_strikes(150) + " قصف بلدة معرة حرمة في ريف إدلب الجنوبي وبلدة كفرنبل بريف إدلب."
    doc = annotated(pipeline, text, until="places")
    cues = PlaceCues.of(pipeline.resources)
    raws = find_mentions(doc, pipeline.resources.gazetteer, cues)
    assert len(raws) > 150
    reads: Counter[int] = Counter()
    counted = cast(list[RawMention], [_Counted(r, reads) for r in raws])
    assert list(_hierarchies(counted, cues)) == _hierarchies_by_walking(raws, cues)
    assert max(reads.values()) <= 3
    assert any(h for h in _hierarchies(raws, cues))  # the governorate after the last towns is found


def test_casualty_sums_fold_a_bounded_stretch_before_each_count(pipeline: Pipeline,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # 200 counts after one cue: the text between the cue and each count is read for another fate, but never more
    # than FATE_GAP_READ characters of it, so the sum is linear in the sentence.
    text = counts_after_one_cue(200)
    doc = annotated(pipeline, text, until="quantities")
    folded: list[int] = []
    fold = casualty_module.fold

    def counting_fold(part: str) -> str:
        folded.append(len(part))
        return fold(part)

    monkeypatch.setattr(casualty_module, "FATE_GAP_READ", 300)
    monkeypatch.setattr(casualty_module, "fold", counting_fold)
    hurt = casualties(doc, 0, len(text), words=pipeline.resources.casualties)
    assert hurt.fatalities == sum(k % 7 + 2 for k in range(200))
    # The sentence itself is folded once, to tell whether it counts over a period; every other fold is a gap.
    gaps = sorted(folded)[:-1]
    assert sorted(folded)[-1] >= len(text) - 2 and len(gaps) >= 200 and max(gaps) <= 300


class _CountedList(list[Evidence]):
    """A list that counts how often it is read through."""

    reads = 0

    def __iter__(self) -> Iterator[Evidence]:
        type(self).reads += 1
        return super().__iter__()


def test_folding_a_mention_into_an_event_reads_only_the_mention() -> None:
    # 4,000 repeats of one sentence fold 4,000 mentions into one event: each fold reads the new mention's evidence,
    # never the evidence gathered so far; a repeated piece of evidence is kept once.
    evidence = Evidence("text", 0, 4, "trigger", "قصفت")

    def a_draft(*pieces: Evidence) -> Draft:
        return Draft(("key",), cast(Any, _Roles()), None, None, None, "none", cast(Any, _Roles()), 0, None, None, None,
                     list(pieces))

    old = a_draft(evidence)
    old.evidence = _CountedList(old.evidence)
    for k in range(50):
        _fold_into(old, a_draft(evidence, replace(evidence, start=k, end=k + 1, role="location")))
    assert _CountedList.reads == 0
    assert len(old.evidence) == 51 and old.mentions == 51
    assert old.evidence_keys == {(e.start, e.end, e.role) for e in old.evidence}


class _Roles:
    """A candidate and roles naming no side (what `_fold_into` reads of them)."""

    order = 0
    actor1 = actor2 = None
    assoc_actor_1 = assoc_actor_2 = ()


def test_hashtag_clouds_are_found_once_a_text() -> None:
    text = "#سوريا #ادلب #كفرنبل\nقصفت الطائرات كفرنبل #ادلب\n" + "قصف كفرنبل " * 100
    doc = Document.from_text(text)
    _clouds.cache_clear()
    place = cast(Any, _Place)
    assert _tagged(doc, place(text.index("#كفرنبل"), text.index("#كفرنبل") + 7))
    assert not _tagged(doc, place(text.index("كفرنبل #"), text.index("كفرنبل #") + 6))
    for k in range(100):
        start = text.index("قصف كفرنبل") + 11 * k + 4
        assert not _tagged(doc, place(start, start + 6))
    assert _clouds.cache_info().misses == 1


class _Place:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


@pytest.mark.parametrize(("text", "at", "opens"), [
    ("بيروت (رويترز) -", 0, True), ("  \u200fبيروت", 3, True), ("خبر\n \tبيروت", 6, True),
    ("خبر بيروت", 4, False), ("خبر\nعن بيروت", 7, False),
])
def test_a_place_opens_its_line_when_only_blanks_stand_before_it(text: str, at: int, opens: bool) -> None:
    assert _opens_line(text, at, " \t\u200f\u200e") is opens


@pytest.mark.parametrize(("text", "headline"), [
    ("قصف على كفرنبل\n\nقصفت الطائرات بلدة كفرنبل صباح اليوم.", True),
    ("مقدمة الخبر.\n\n  قصف على كفرنبل  \n\nقصفت الطائرات بلدة كفرنبل.", True),
    ("قصف على كفرنبل\nقصفت الطائرات بلدة كفرنبل صباح اليوم.", False),
    ("كفرنبل:\n\nقصف على كفرنبل\n\nقصفت الطائرات بلدة كفرنبل.", False),
])
def test_a_headline_is_a_paragraph_of_its_own(pipeline: Pipeline, text: str, headline: bool) -> None:
    doc = annotated(pipeline, text, until="segment")
    sentence = next(s for s in doc.layer("sentences") if "قصف على" in doc.text[s.start : s.end])
    assert _headline(doc, sentence) is headline


def distinct_villages(count: int, pipeline: Pipeline) -> str:
    """One sentence a village: `count` villages of the gazetteer that no other place is named like, each with the
    same town beside it."""
    gazetteer = pipeline.resources.gazetteer
    names = [p.name_ar for p in gazetteer if p.kind == "village" and p.name_ar and " " not in p.name_ar
             and len(gazetteer.by_name(fold(p.name_ar))) == 1][:count]
    return " ".join(f"قصفت الطائرات قرية {name} وقرية كفرنبل." for name in names)


def test_the_events_of_many_places_are_folded_without_comparing_every_pair(pipeline: Pipeline,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # 300 villages, each its own event: a coarse or undated mention is compared only with the drafts that may hold
    # it, and a draft only with the kept drafts of its own day and place (every pair was 90,000 comparisons).
    import rasd.events.drafts as drafts_module

    calls: Counter[str] = Counter()
    for name in ("_within", "_same_scene", "_dated_twin"):
        real = getattr(drafts_module, name)
        monkeypatch.setattr(drafts_module, name, lambda *a, _real=real, _name=name: calls.update([_name]) or _real(*a))
    doc = annotated(pipeline, distinct_villages(300, pipeline) + " وقصفت الطائرات ريف إدلب.", until="quantities")
    done = pipeline.stages[-1](doc, pipeline.resources)
    found = len(done.layer("events")) + len(done.layer("signals"))  # the weakly supported ones are signals
    assert found > 250
    assert sum(calls.values()) <= 3 * found


def test_a_list_of_dates_is_read_without_comparing_every_token_with_every_date(pipeline: Pipeline) -> None:
    text = "قصفت الطائرات بلدة كفرنبل يوم " + " و".join(f"{k % 28 + 1}/3/2024" for k in range(400)) + "."
    doc = annotated(pipeline, text, until="dates")
    days = [m for m in doc.layer("dates") if m.date is not None]
    assert len(days) == 400 and days[0].date.isoformat() == "2024-03-01"
