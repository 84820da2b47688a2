"""The batch driver: rejections counted by reason, repeated texts, the summary, and one segmentation per article."""

from __future__ import annotations

from pathlib import Path

import pytest

import rasd.stages.segment as segment_module
from rasd.batch import Duplicate, Summary, Texts, drive
from rasd.document import Document
from rasd.extraction import build_pipeline, extract_article
from rasd.ingest import ingest
from rasd.merge import day_clues
from rasd.pipeline import Pipeline
from rasd.sources.files import ArticleIn, Rejected
from rasd.sources.html import publication
from rasd.store import open_store
from tests.conftest import bundled

STRIKE = "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب فجر الخميس، ما أدى إلى مقتل ثلاثة مدنيين."
DATED = "نشر في 13 آذار 2024\n" + STRIKE


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline(bundled())


def _article(ident: str, text: str) -> ArticleIn:
    return ArticleIn(1, id=ident, text=text)


def test_drive_counts_rejections_and_reuses_a_repeated_text(pipeline: Pipeline) -> None:
    items = [_article("a", STRIKE), Rejected(2, reason="malformed", detail="in:2: not JSON"),
             _article("b", "  " + STRIKE.replace(" ", "  ")), _article("c", "only Latin words here"),
             Duplicate("d", "a")]
    summary, ticks = Summary(), []
    results = [r for _, r in drive(items, pipeline, summary, seen=Texts(), progress=ticks.append)]
    assert [r.id for r in results] == ["a", "b", "c", "d"]
    assert results[1].duplicate_of == "a" and results[1].events == results[0].events
    assert results[2].rejection == "no_arabic"
    assert results[3].to_dict() == {"id": "d", "events": [], "signals": [], "duplicate_of": "a"}
    assert (summary.articles, summary.duplicates, len(ticks)) == (4, 2, 5)  # progress counts every input line
    assert summary.rejections == {"malformed": 1, "no_arabic": 1}
    assert [bad.line for bad in summary.bad_lines] == [2]
    assert summary.events == 2 * len(results[0].events) > 0


def test_summaries_add_up() -> None:
    first, second = Summary(articles=2, events=3, workers={"w1"}), Summary(articles=1, workers={"w2"})
    first.rejections["empty"] += 1
    second.rejections["empty"] += 2
    first.add(second)
    assert (first.articles, first.events, first.rejections["empty"], first.workers) == (3, 3, 3, {"w1", "w2"})


@pytest.mark.parametrize("text", [STRIKE, DATED])
def test_an_article_is_segmented_once(pipeline: Pipeline, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected_day = publication(text, words=pipeline.resources.dates, latest=None)[0]
    expected_clues = day_clues(text, words=pipeline.resources.merge)
    seen: list[str] = []
    tokenize = segment_module.tokenize

    def counted(doc: Document) -> object:
        seen.append(doc.id)
        return tokenize(doc)

    monkeypatch.setattr(segment_module, "tokenize", counted)
    result = extract_article(_article("a", text), pipeline, clues=True)
    assert seen == ["a"]  # the publication date, the pipeline and the day clues read one segmentation
    assert result.published == expected_day
    undated = any(e.event_date is None for e in result.events)
    assert result.day_clues == (expected_clues if undated else None)


def test_the_store_takes_the_day_clues_extraction_read(pipeline: Pipeline, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def unexpected(*args: object, **kwargs: object) -> None:
        raise AssertionError("the store read the day clues again")

    monkeypatch.setattr("rasd.store.sql.days_named", unexpected)
    with open_store(str(tmp_path / "s.sqlite"), merge=pipeline.resources.merge) as store:
        summary = ingest([_article("a", STRIKE)], store, pipeline, Summary())
        assert (summary.stored, summary.events_created) == (1, 1)
        (event,) = store.events()
        assert event.reports == () and event.data["event_date"] is None
        (report,) = store.event(event.event_id).reports  # type: ignore[union-attr]
        assert report.event["day_clues"] == ["@3"]
