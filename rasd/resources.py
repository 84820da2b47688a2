"""Everything the stages read, built once per process (or once per Dask worker) and passed in."""

from __future__ import annotations

from dataclasses import dataclass

from rasd.actors import ActorLexicon, load_actors
from rasd.gazetteer import Gazetteer
from rasd.settings import Settings

__all__ = ["Resources"]


@dataclass(frozen=True, slots=True)
class Resources:
    """Settings, the gazetteer and the lexicons."""

    settings: Settings
    gazetteer: Gazetteer
    actors: ActorLexicon

    @classmethod
    def load(cls, settings: Settings | None = None) -> Resources:
        """Load the bundled gazetteer and lexicons."""
        return cls(settings=settings or Settings.load(), gazetteer=Gazetteer.load(), actors=load_actors())
