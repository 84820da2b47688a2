"""Training rows of the actor1 decision (see `rasd.learn.actors`): one row per actor option of a paired candidate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasd.document import Document
from rasd.evaluate_names import actors_match, role_names
from rasd.event import Event
from rasd.learn.actors import actor_features, actor_options, chosen_side, with_unidentified
from rasd.learn.choices import ChoiceEvent, ChoiceRow

__all__ = ["actor_correct", "actor_rows"]


def actor_correct(value: Any, event: ChoiceEvent) -> bool:
    """Whether a chosen actor (a name, or the rules' tuple of names) is the coded actor1."""
    names = [value] if isinstance(value, str) else list(value or ())
    return actors_match(names, list(event.gold))


def actor_rows(doc: Document, event: Event, gold: Mapping[str, Any], *, key: int) -> tuple[list[ChoiceRow],
                                                                                            ChoiceEvent | None]:
    """The rows of one paired candidate, and its evaluation record (None when the coder named no actor1, or for a
    protest, whose protesters are its actor1 without a choice: `rasd.learn.actors.chosen_side`)."""
    names = tuple(str(n) for n in role_names(dict(gold), role="actor1") if n)
    if not names or not chosen_side(event):
        return [], None
    options = actor_options(doc, event)
    rows = [ChoiceRow(doc.id, key, actor_features(doc, event, o, options),
                      actors_match([o.entry.name], list(names)), o.entry.name) for o in options]
    rules = tuple(str(n) for n in role_names(event.to_dict(), role="actor1") if n)
    unnamed = with_unidentified(event, doc)
    fallback = rules or ((unnamed.actor1,) if unnamed.actor1 else ())
    return rows, ChoiceEvent(doc.id, key, names, rules, fallback)
