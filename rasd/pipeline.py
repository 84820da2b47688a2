"""Stages and the pipeline that runs them in order.

A stage is a pure function `(Document, Resources) -> Document` that declares the layers it requires and the
layers it adds (spaCy's `requires=`/`assigns=`); `Pipeline` checks the declarations when it is built and the
return value when it runs, so a misdeclared stage fails loudly with a coded error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rasd.document import Document
from rasd.errors import PipelineError, TooSlow

__all__ = ["Pipeline", "Stage", "stage"]

StageFunc = Callable[[Document, Any], Document]


@dataclass(frozen=True, slots=True)
class Stage:
    """A named document transformation with its declared inputs and outputs."""

    name: str
    func: StageFunc
    requires: tuple[str, ...] = ()
    adds: tuple[str, ...] = ()

    def __call__(self, doc: Document, resources: Any) -> Document:
        out = self.func(doc, resources)
        if not isinstance(out, Document):
            raise PipelineError(
                "E002", f"stage {self.name!r} returned {type(out).__name__}, not a Document; return the document"
            )
        if out.rejection is None:
            missing = [name for name in self.adds if not out.has(name)]
            if missing:
                raise PipelineError("E003", f"stage {self.name!r} declared {missing} but did not add them")
        return out


def stage(name: str, *, requires: Iterable[str] = (), adds: Iterable[str] = ()) -> Callable[[StageFunc], Stage]:
    """Declare a function as a stage."""

    def wrap(func: StageFunc) -> Stage:
        return Stage(name, func, tuple(requires), tuple(adds))

    return wrap


class Pipeline:
    """Stages in order, checked once: every layer a stage requires is added by an earlier stage."""

    def __init__(self, stages: Sequence[Stage], resources: Any) -> None:
        available: set[str] = set()
        for s in stages:
            missing = [name for name in s.requires if name not in available]
            if missing:
                raise PipelineError(
                    "E001", f"stage {s.name!r} requires {missing}, which no earlier stage adds; reorder the stages"
                )
            available.update(s.adds)
        self.stages = tuple(stages)
        self.resources = resources

    @property
    def names(self) -> list[str]:
        """The stage names in order."""
        return [s.name for s in self.stages]

    def __call__(self, doc: Document, *, after: str | None = None) -> Document:
        """Run the stages in order; `after` names the stage the document has already been through.

        A document over its time budget (`Document.deadline`) is returned rejected as `too_slow`, without the layers
        of the stage it was in.
        """
        first = 0 if after is None else self.names.index(after) + 1
        for s in self.stages[first:]:
            if doc.rejection is not None:
                break
            try:
                doc.deadline.check()
                doc = s(doc, self.resources)
            except TooSlow:
                return doc.rejected("too_slow")
        return doc
