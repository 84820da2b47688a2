"""Training rows of the toll decision (see `rasd.learn.tolls`): one row per toll option of a paired candidate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasd.document import Document
from rasd.event import Event
from rasd.learn.choices import ChoiceEvent, ChoiceRow
from rasd.learn.tolls import toll_features, toll_options

__all__ = ["toll_correct", "toll_rows"]


def toll_correct(value: Any, event: ChoiceEvent) -> bool:
    """Whether a chosen toll is the coded one."""
    return bool(value == event.gold)


def toll_rows(doc: Document, event: Event, gold: Mapping[str, Any], *, key: int) -> tuple[list[ChoiceRow],
                                                                                           ChoiceEvent | None]:
    """The rows of one paired candidate, and its evaluation record (None when the coder gave no toll)."""
    coded = gold.get("fatalities")
    if not isinstance(coded, int):
        return [], None
    options = toll_options(doc, event)
    rows = [ChoiceRow(doc.id, key, toll_features(doc, event, o, options), o.value == coded, o.value)
            for o in options]
    rules = event.fatalities or 0
    return rows, ChoiceEvent(doc.id, key, coded, rules, rules)
