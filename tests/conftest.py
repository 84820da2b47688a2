"""Shared fixtures: the bundled resources, documents built from our own sentences, and the shared benchmark folder
when present."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rasd.document import Document
from rasd.resources import Resources
from rasd.settings import Settings
from rasd.stages.segment import segment

if TYPE_CHECKING:
    from fastapi import FastAPI

    from rasd.store import Store
    from rasd.web.guard import ServeLimits

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_BUNDLED: list[Resources] = []


def bundled() -> Resources:
    """The bundled lexicons and gazetteer with the rule decisions, built once and shared by the tests as the CLI
    shares the one it builds."""
    if not _BUNDLED:
        _BUNDLED.append(Resources.load(Settings.load(decisions="rules")))
    return _BUNDLED[0]


def web_app(store: Store, *, public_read: bool = True, limits: ServeLimits | None = None,
            public_url: str = "") -> FastAPI:
    """The web app over a store with the bundled gazetteer and actor lexicon, as `rasd serve` builds it."""
    from rasd.web.app import create_app

    return create_app(store, gazetteer=bundled().gazetteer, actors=bundled().actors, public_read=public_read,
                      limits=limits, public_url=public_url)


def make_doc(text: str, **meta: object) -> Document:
    """A segmented document for a test sentence."""
    return segment(Document.from_text(text, **meta), None)  # type: ignore[arg-type]


@pytest.fixture
def shared() -> Path:
    """The shared benchmark and data folder; tests that need it skip without it."""
    if not (SHARED / "benchmarks").is_dir():
        pytest.skip("../shared is absent: benchmark and corpus tests need it")
    return SHARED
