"""Tests of the `triggers` stage: the trigger and modality lexicons, loaded once and held by `Resources`."""

from __future__ import annotations

from types import SimpleNamespace

from rasd.document import Document
from rasd.stages import triggers as triggers_module
from rasd.stages.segment import segment
from rasd.stages.triggers import TriggerWords, find_triggers, triggers

WORDS = TriggerWords.load()


def test_public_api() -> None:
    assert set(triggers_module.__all__) == {
        "Cue", "CueEntry", "Trigger", "TriggerEntry", "TriggerWords", "find_triggers", "triggers",
    }


def test_the_lexicons_are_read_into_matchers() -> None:
    doc = segment(Document.from_text("قصفت الطائرات الحربية البلدة بالصواريخ"), None)
    found = find_triggers(doc, words=WORDS)
    assert found and all(0 <= t.start < t.end <= len(doc.text) for t in found)
    assert {t.role for t in found} & {"type", "attack", "weapon"}


def test_the_stage_reads_the_lexicons_resources_hold() -> None:
    doc = segment(Document.from_text("قال المرصد إن الطائرات قصفت البلدة"), None)
    held = triggers(doc, SimpleNamespace(triggers=WORDS))  # type: ignore[arg-type]
    assert held.layer("triggers") == find_triggers(doc, words=WORDS) and held.layer("triggers")
    assert held.has("cues")


def test_curfews_deployments_and_burnt_homes_are_triggers() -> None:
    for text, sub in (("فرضت القوات حظرا للتجوال في البلدة", "Change to group/activity"),
                      ("انتشرت قوات الشرطة في المدينة صباحا", "Change to group/activity"),
                      ("أقدم مسلحون على إحراق منزل في القرية", "Looting/property destruction")):
        found = find_triggers(segment(Document.from_text(text), None), words=WORDS)
        assert sub in {t.value for t in found if t.role == "type"}, text


def test_shells_and_rockets_that_fell_and_a_passive_assassination_are_triggers() -> None:
    for text, role, value in (("سقطت قذائف على أطراف البلدة مساء", "attack", "Shelling/artillery/missile attack"),
                              ("سقط صاروخان قرب القاعدة فجرا", "attack", "Shelling/artillery/missile attack"),
                              ("اغتيل مختار القرية أمام منزله", "type", "Attack")):
        found = find_triggers(segment(Document.from_text(text), None), words=WORDS)
        assert (role, value) in {(t.role, t.value) for t in found}, text
