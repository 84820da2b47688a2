"""An article's time budget (`max_seconds`): an article still being read when it is spent is rejected as `too_slow`,
counted, and the batch goes on, in extract, ingest and backfill alike.

The clock is ours: each reading of it advances a hundredth of a second, so an article's time is the number of
checks its reading makes (one per stage, and one per turn of the heavy stages' loops), the same on every machine.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest

import rasd.deadline
from rasd.batch import Summary, drive
from rasd.cli import main
from rasd.deadline import NO_DEADLINE, Deadline
from rasd.document import Document
from rasd.errors import TooSlow
from rasd.extraction import build_pipeline
from rasd.resources import Resources
from rasd.runners.local import LocalPool, backfill
from rasd.runners.sinks import FileSink
from rasd.settings import Settings
from rasd.sources.files import ArticleIn
from tests.reliability.test_linear import chain_of_strikes

REPORT = "قصفت مدفعية النظام بلدة معرة حرمة جنوبي إدلب صباح اليوم وقتل مدنيان"
SLOW = chain_of_strikes(300)  # some 1,200 words: a thousand checks and more
TICK = 0.01


@pytest.fixture
def ticking(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A clock that advances TICK seconds each time a deadline reads it."""
    ticks = count()
    monkeypatch.setattr(rasd.deadline, "now", lambda: next(ticks) * TICK)
    yield


def test_a_deadline_is_spent_after_its_seconds(ticking: None) -> None:
    deadline = Deadline(0.05)  # read at 0
    for _ in range(5):
        deadline.check()  # 0.01 ... 0.05
    with pytest.raises(TooSlow):
        deadline.check()


def test_no_budget_is_never_spent(ticking: None) -> None:
    for deadline in (Deadline(0), NO_DEADLINE):
        for _ in range(1000):
            deadline.check()


def test_a_document_over_its_budget_leaves_the_pipeline_rejected(ticking: None) -> None:
    pipeline = build_pipeline(Resources.load(Settings.load(max_seconds=1.0)))
    slow = pipeline(Document.from_text(SLOW, deadline=Deadline(1.0)))
    assert slow.rejection == "too_slow" and not slow.has("events")
    quick = pipeline(Document.from_text(REPORT, deadline=Deadline(1.0)))
    assert quick.rejection is None and quick.layer("events")


def test_an_article_over_its_budget_is_counted_and_the_next_is_read(ticking: None) -> None:
    pipeline = build_pipeline(Resources.load(Settings.load(max_seconds=1.0)))  # a hundred checks
    items = [ArticleIn(1, id="slow", text=SLOW), ArticleIn(2, id="next", text=REPORT)]
    summary = Summary()
    results = {item.id: result for item, result in drive(items, pipeline, summary)}
    assert results["slow"].rejection == "too_slow" and not results["slow"].events
    assert results["next"].rejection is None and results["next"].events
    assert summary.articles == 2 and summary.rejections == {"too_slow": 1} and summary.events >= 1


def _inputs(tmp_path: Path) -> Path:
    source = tmp_path / "in" / "articles.jsonl"
    source.parent.mkdir()
    lines = [{"id": "slow", "text": SLOW, "published": "2024-03-14"},
             {"id": "next", "text": REPORT, "published": "2024-03-14"}]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    return source


def test_extract_counts_a_too_slow_article(ticking: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("RASD_MAX_SECONDS", "1")
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--input", str(_inputs(tmp_path)), "--output", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r.get("rejection"), bool(r["events"])) for r in rows] == [("slow", "too_slow", False),
                                                                               ("next", None, True)]
    assert "rejected too_slow: 1" in capsys.readouterr().err


def test_ingest_counts_a_too_slow_article_and_stores_the_next(ticking: None, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("RASD_MAX_SECONDS", "1")
    db = tmp_path / "store.sqlite"
    assert main(["ingest", str(_inputs(tmp_path)), "--db", str(db)]) == 0
    assert "stored 1" in (err := capsys.readouterr().err) and "rejected: too_slow 1" in err
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] >= 1


def test_backfill_counts_a_too_slow_article(ticking: None, tmp_path: Path) -> None:
    source = _inputs(tmp_path)
    out = tmp_path / "out"
    summary = backfill([source.parent], FileSink(out), pool=LocalPool(), settings=Settings.load(max_seconds=1.0))
    assert summary.articles == 2 and summary.rejections == {"too_slow": 1} and summary.events >= 1


def test_a_tiny_budget_on_the_real_clock_rejects_every_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    # A microsecond is spent before the first stage begins: nothing is read, nothing stops, both lines are counted.
    monkeypatch.setenv("RASD_MAX_SECONDS", "0.000001")
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--input", str(_inputs(tmp_path)), "--output", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r.get("rejection") for r in rows] == ["too_slow", "too_slow"]
    assert "rejected too_slow: 2" in capsys.readouterr().err
