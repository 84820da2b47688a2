"""One `Document` carries an article's raw text and every annotation as spans into that text.

Annotations live in named layers (`tokens`, `sentences`, `places`, ...). Every annotation has `start` and
`end`, half-open character offsets into `Document.text` exactly as given, so `text[start:end]` is always the
evidence. Stages never mutate a document: `with_layers()` returns a new one.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from rasd.deadline import NO_DEADLINE, Deadline
from rasd.normalize import Normalized, normalize

__all__ = ["Annotation", "Document", "Sentence", "Span", "Token"]


class Annotation(Protocol):
    """Anything anchored to the raw text by half-open character offsets."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of the raw text."""

    start: int
    end: int
    label: str = ""


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the normalised text, with its clitic-free core.

    `nstart`/`nend` index the normalised text, `start`/`end` the raw text; `core` is the word without the
    conjunction, preposition and article clitics (`وبالقلمون` has core `قلمون`), `article` tells whether an
    article was attached, `prefix` holds the stripped clitics in folded form.
    """

    start: int
    end: int
    nstart: int
    nend: int
    norm: str
    core: str
    prefix: str
    article: bool
    index: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the body (or of the clutter, when `in_body` is false) and its clause boundaries."""

    start: int
    end: int
    index: int
    in_body: bool = True
    clauses: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """An article's raw text, its metadata, its normalised form and its annotation layers."""

    id: str
    text: str
    published: date | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    kind: str | None = None
    # "declared" when the input gave the publication date, "page" when it was read from the page's own text.
    published_basis: str = "declared"
    norm: Normalized = field(default=None, repr=False)  # type: ignore[assignment]
    layers: dict[str, tuple[Any, ...]] = field(default_factory=dict, repr=False)
    rejection: str | None = None
    # The article's time budget, checked between stages and in the heavy stages' loops (`rasd.deadline`).
    deadline: Deadline = field(default=NO_DEADLINE, repr=False, compare=False)
    # Per-layer start offsets for bisection, built on first use; never copied by `with_layers`.
    _index: dict[str, tuple[list[int], list[Any]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.norm is None:
            object.__setattr__(self, "norm", normalize(self.text))

    @classmethod
    def from_text(cls, text: str, *, id: str = "text", published: date | None = None, **meta: Any) -> Document:
        """Build a document from raw text and optional metadata."""
        return cls(id=id, text=text, published=published, **meta)

    def layer(self, name: str) -> tuple[Any, ...]:
        """The annotations of one layer, empty when the layer was not produced."""
        return self.layers.get(name, ())

    def has(self, name: str) -> bool:
        """Whether a stage has produced this layer (possibly empty)."""
        return name in self.layers

    def with_layers(self, **layers: tuple[Any, ...]) -> Document:
        """Return a copy with these layers added or replaced."""
        return replace(self, layers={**self.layers, **layers})

    def rejected(self, reason: str) -> Document:
        """Return a copy marked as rejected for `reason` (a short code counted by runners)."""
        return replace(self, rejection=reason)

    def evidence(self, item: Annotation) -> str:
        """The raw text an annotation points at."""
        return self.text[item.start : item.end]

    def within(self, name: str, start: int, end: int) -> list[Any]:
        """Annotations of a layer lying inside the raw span `start:end`, in order (bisection, not a scan)."""
        starts, items = self._indexed(name)
        out = []
        for k in range(bisect_left(starts, start), bisect_left(starts, end)):
            if items[k].end <= end:
                out.append(items[k])
        return out

    def at(self, name: str, position: int) -> Any | None:
        """The annotation of a layer that contains `position` (the last one starting at or before it), or None."""
        starts, items = self._indexed(name)
        k = bisect_right(starts, position) - 1
        return items[k] if k >= 0 and items[k].start <= position < items[k].end else None

    def _indexed(self, name: str) -> tuple[list[int], list[Any]]:
        found = self._index.get(name)
        if found is None:
            items = sorted(self.layer(name), key=lambda a: (a.start, a.end))
            found = ([a.start for a in items], items)
            self._index[name] = found
        return found
