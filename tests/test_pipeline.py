from __future__ import annotations

import pytest

from rasd.document import Document
from rasd.errors import PipelineError
from rasd.pipeline import Pipeline, stage
from rasd.stages.segment import segment


@stage("count", requires=("tokens",), adds=("count",))
def count(doc: Document, resources: object) -> Document:
    return doc.with_layers(count=(len(doc.layer("tokens")),))


@stage("broken", requires=("tokens",), adds=("x",))
def broken(doc: Document, resources: object) -> Document:
    return "not a document"  # type: ignore[return-value]


@stage("lazy", adds=("y",))
def lazy(doc: Document, resources: object) -> Document:
    return doc


def test_pipeline_runs_stages_in_order() -> None:
    doc = Pipeline([segment, count], None)(Document.from_text("قصفت الطائرات البلدة"))
    assert doc.layer("count") == (3,)


def test_missing_requirement_fails_when_built() -> None:
    with pytest.raises(PipelineError, match="E001"):
        Pipeline([count, segment], None)


def test_stage_must_return_a_document() -> None:
    with pytest.raises(PipelineError, match="E002"):
        Pipeline([segment, broken], None)(Document.from_text("نص"))


def test_stage_must_add_what_it_declares() -> None:
    with pytest.raises(PipelineError, match="E003"):
        Pipeline([lazy], None)(Document.from_text("نص"))


def test_rejected_document_skips_later_stages() -> None:
    doc = Pipeline([segment, count], None)(Document.from_text("نص").rejected("empty"))
    assert doc.rejection == "empty"
    assert not doc.has("count")
