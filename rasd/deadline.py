"""An article's time budget (the `max_seconds` setting), checked by the pipeline between stages and by the heavy
stages inside their loops.

The deadline travels with the document (`Document.deadline`): a stage that loops over mentions, sentences or counts
calls `doc.deadline.check()` once a turn, which raises `TooSlow` when the budget is spent. The pipeline turns that
into the rejection `too_slow`, so the batch goes on with the next article: no thread, no signal, nothing killed,
and what an article was doing when its time ran out is simply dropped.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rasd.errors import TooSlow

__all__ = ["NO_DEADLINE", "Deadline", "now"]


def now() -> float:
    """The clock deadlines read (`time.monotonic`; a test may put another in its place)."""
    return time.monotonic()


@dataclass(slots=True, eq=False)
class Deadline:
    """A budget of `seconds` from the moment the deadline is made; 0 or less is no budget at all."""

    seconds: float
    started: float = field(init=False)

    def __post_init__(self) -> None:
        self.started = now() if self.seconds > 0 else 0.0

    def check(self) -> None:
        """Raise `TooSlow` when the budget is spent."""
        if self.seconds > 0 and now() - self.started > self.seconds:
            raise TooSlow(f"over {self.seconds:g} s")


NO_DEADLINE = Deadline(0.0)
