"""The benchmark: corpus layouts read, every stage timed, the floor measured; micro-benchmarks are never asserted."""

from __future__ import annotations

import bz2
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from rasd.bench.extract import BenchReport, format_report, load_articles, measure
from rasd.cli import main
from rasd.document import Document
from rasd.events.roles import RoleCues, Roles, assign_roles
from rasd.extraction import build_pipeline, extract
from rasd.matcher import PhraseMatcher
from rasd.normalize import normalize
from rasd.pipeline import Pipeline
from rasd.resources import Resources
from rasd.settings import Settings
from rasd.stages.segment import segment
from tests.reliability.test_linear import (
    chain_of_strikes,
    counts_after_one_cue,
    distinct_villages,
    repeated_sentences,
)

ROOT = Path(__file__).resolve().parents[1]
TEXT = "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين."


def test_corpus_layouts_are_adapted(tmp_path: Path) -> None:
    rows = [
        {"docno": "ant-1", "title": "عنوان", "time": "Thu, 26 Apr 2018 04:43:38 +0400", "src": "bbc", "text": TEXT},
        {"url": "http://example.org/2", "source": "paper", "date_extracted": "2015-07-21 02:51:32", "content": TEXT},
        {"id": "f-3", "text": TEXT, "published": "2024-03-14"},
        {"title": "no text"},
    ]
    path = tmp_path / "corpus.jsonl.bz2"
    with bz2.open(path, "wt", encoding="utf-8") as out:
        out.write("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{broken\n")
    articles = list(load_articles([path]))
    assert [(a.id, a.published, a.outlet) for a in articles] == [
        ("ant-1", date(2018, 4, 26), "bbc"), ("http://example.org/2", date(2015, 7, 21), "paper"),
        ("f-3", date(2024, 3, 14), None)]
    assert all(a.text == TEXT for a in articles)
    assert len(list(load_articles([path], limit=2))) == 2


def test_measure_times_every_stage_and_the_floor() -> None:
    pipeline = build_pipeline(Resources.load(Settings.load()))
    articles = list(load_articles([ROOT / "examples" / "reports.jsonl"]))
    report = measure(articles, pipeline, inputs=["reports"])
    assert [s.name for s in report.stages] == ["check", "normalize", *pipeline.names]
    assert report.seconds == pytest.approx(sum(s.seconds for s in report.stages))
    assert report.texts == len(articles) and report.events > 0
    assert report.floor_seconds > 0
    assert report.ratio_to_floor == pytest.approx(report.seconds / report.floor_seconds)
    figures = report.to_dict()
    assert {"texts_per_s", "floor_texts_per_s", "ratio_to_floor", "peak_rss_mb", "words_per_s"} <= set(figures)
    assert figures["peak_rss_mb"] > 0
    table = format_report(report)
    assert "floor" in table and all(name in table for name in pipeline.names)


def test_bench_command_prints_one_json_object(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dev", "bench", str(ROOT / "examples" / "reports.jsonl"), "--limit", "3", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["texts"] == 3
    assert figures["ratio_to_floor"] > 0


def test_report_rates_are_zero_for_no_time() -> None:
    report = BenchReport(inputs=(), texts=0, words=0, rejected=0, events=0, seconds=0.0, cpu_seconds=0.0,
                         floor_seconds=0.0, load_seconds=0.0, stages=(), peak_rss_mb=0.0, machine="")
    assert (report.texts_per_s, report.floor_texts_per_s, report.ratio_to_floor) == (0.0, 0.0, 0.0)


# Micro-benchmarks: pytest-benchmark records their timings (`pytest --benchmark-only`); they assert results only.

def test_normalize_speed(benchmark: BenchmarkFixture) -> None:
    text = TEXT * 50
    folded = benchmark.pedantic(normalize, args=(text,), rounds=5, iterations=1)
    assert len(folded.origin) == len(folded.text)


def test_matcher_speed(benchmark: BenchmarkFixture) -> None:
    matcher = PhraseMatcher([("كفرنبل", "town"), ("ريف ادلب", "area"), ("قصف*", "strike")])
    tokens = segment(Document.from_text(TEXT * 50), None).layer("tokens")  # type: ignore[arg-type]
    matches = benchmark.pedantic(matcher.find, args=(tokens,), rounds=5, iterations=1)
    assert [m.key for m in matches[:3]] == ["قصف", "كفرنبل", "ريف ادلب"]



def _strikes(count: int) -> str:
    towns = ("كفرنبل", "معرة النعمان", "سراقب", "أريحا", "جسر الشغور", "خان شيخون")
    return "".join(f"قصفت الطائرات الروسية بلدة {towns[k % len(towns)]}، " for k in range(count)) + "."


def test_role_assignment_speed(benchmark: BenchmarkFixture) -> None:
    # One sentence of 300 strikes: each strike weighs only the sides named within a window of words around it, so
    # assigning the roles of every strike is linear in the sentence (it rescanned the sentence for every strike).
    full = build_pipeline(Resources.load(Settings.load()))
    doc = Pipeline(full.stages[: full.names.index("actors") + 1], full.resources)(Document.from_text(_strikes(300)))
    lexicon, cues = full.resources.actors, RoleCues.from_cues(full.resources.cues)
    sentence = doc.layer("sentences")[0]

    def assign() -> list[Roles]:
        return [assign_roles(doc, trigger_start=t.start, trigger_end=t.end, scope_start=sentence.start,
                             scope_end=sentence.end, on=None, lexicon=lexicon, cues=cues)
                for t in doc.layer("triggers") if t.role != "weapon"]

    found = benchmark.pedantic(assign, rounds=3, iterations=1, warmup_rounds=1)
    assert len(found) == 300
    assert {r.actor1.name for r in found if r.actor1 is not None} == {"Military Forces of Russia"}


def test_a_sentence_of_300_strikes_extracts_whole(benchmark: BenchmarkFixture) -> None:
    # The whole pipeline, learned decisions included, over one sentence of 300 strikes on six towns: every stage is
    # linear in it (`pytest --benchmark-enable -k 300` prints the time; it was 93 s before role assignment, the
    # casualty sums and the date resolution were bounded).
    pipeline = build_pipeline(Resources.load(Settings.load()))
    text = _strikes(300)

    result = benchmark.pedantic(lambda: extract(text, published=date(2024, 3, 14), pipeline=pipeline),
                                rounds=3, iterations=1, warmup_rounds=1)
    assert len(result.events) == 6  # one event per town: the same day, place and type
    assert {e.actor1 for e in result.events} == {"Military Forces of Russia"}


def test_the_bench_measures_the_sample_shipped_in_the_package_outside_a_checkout(tmp_path: Path) -> None:
    from rasd.bench.extract import SAMPLE, default_inputs

    assert default_inputs(tmp_path / "elsewhere") == [SAMPLE]
    assert SAMPLE.read_bytes() == (ROOT / "examples" / "reports.jsonl").read_bytes()  # one sample, two places


# Inputs that were quadratic, a tenth of the size that took 25 s to 113 s (`pytest --benchmark-enable -k quadratic`
# prints the times; tests/reliability/test_linear.py counts the work of the same stages).

@pytest.mark.parametrize(("make", "count", "events"), [
    (chain_of_strikes, 2_000, 4),  # places: the containers of a chain of places, read once
    (counts_after_one_cue, 2_000, 1),  # casualty sums: a bounded stretch before each count
    (repeated_sentences, 400, 1),  # events: folding a mention reads only its own evidence; headlines, tags
], ids=["places", "numbers", "sentences"])
def test_once_quadratic_inputs_extract_whole(benchmark: BenchmarkFixture, make: Callable[[int], str], count: int,
                                            events: int) -> None:
    pipeline = build_pipeline(Resources.load(Settings.load()))
    text = make(count)

    result = benchmark.pedantic(lambda: extract(text, published=date(2024, 3, 14), pipeline=pipeline),
                                rounds=1, iterations=1)
    assert len(result.events) == events


def test_a_thousand_villages_extract_whole(benchmark: BenchmarkFixture) -> None:
    # A thousand villages, one sentence each: the events are folded and their features read without comparing every
    # pair of them (decide took 2.1 s for these, 0.3 s now).
    pipeline = build_pipeline(Resources.load(Settings.load()))
    text = distinct_villages(1_000, pipeline)

    result = benchmark.pedantic(lambda: extract(text, published=date(2024, 3, 14), pipeline=pipeline),
                                rounds=1, iterations=1)
    assert len(result.events) + len(result.signals) > 900


def test_the_generated_report_fills_its_size_with_places_numbers_and_days() -> None:
    from rasd.bench.length import conflict_text

    text = conflict_text(20_000)
    assert 19_000 < len(text.encode("utf-8")) <= 20_000
    assert "\n" in text and "سراقب" in text and "حزيران" in text and any(c.isdigit() for c in text)
    assert conflict_text(20_000) == text  # the same text every run


def test_the_chain_is_one_sentence_of_strikes_within_its_size() -> None:
    from rasd.bench.length import chain_text

    text = chain_text(5_000)
    assert 4_900 < len(text.encode("utf-8")) <= 5_000
    assert text.count(".") == 1 and text.startswith("قصف بلدة ") and text.endswith("و.")


@pytest.mark.parametrize("shape", ["report", "chain"])
def test_bench_length_prints_seconds_per_100_kb_for_each_size(shape: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dev", "bench-length", "--sizes", "6,3", "--repeat", "1", "--shape", shape, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert [round(r["kb"]) for r in figures["sizes"]] == [3, 6]
    assert all(r["rejection"] is None and r["events"] + r["signals"] > 0 for r in figures["sizes"])
    assert figures["ratio_largest_to_smallest"] > 0 and figures["cpu_ratio_largest_to_smallest"] > 0
