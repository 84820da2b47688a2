"""Documents annotated up to the events stage, for the modules of `rasd.events`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from rasd.document import Document
from rasd.extraction import build_pipeline
from rasd.pipeline import Pipeline
from rasd.resources import Resources
from rasd.settings import Settings

PUBLISHED = date(2024, 3, 14)


@pytest.fixture(scope="package")
def full() -> Pipeline:
    return build_pipeline(Resources.load(Settings.load(decisions="rules")))


@pytest.fixture(scope="package")
def resources(full: Pipeline) -> Resources:
    res: Resources = full.resources
    return res


@pytest.fixture(scope="package")
def annotate(full: Pipeline) -> Callable[[str], Document]:
    """Run every stage before `events` on a sentence of ours."""
    before = Pipeline(full.stages[: full.names.index("events")], full.resources)

    def run(text: str) -> Document:
        return before(Document.from_text(text, published=PUBLISHED))

    return run
