"""Shared fixtures: documents built from our own sentences, and the shared benchmark folder when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.document import Document
from rasd.stages.segment import segment

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def make_doc(text: str, **meta: object) -> Document:
    """A segmented document for a test sentence."""
    return segment(Document.from_text(text, **meta), None)  # type: ignore[arg-type]


@pytest.fixture
def shared() -> Path:
    """The shared benchmark and data folder; tests that need it skip without it."""
    if not (SHARED / "benchmarks").is_dir():
        pytest.skip("../shared is absent: benchmark and corpus tests need it")
    return SHARED
