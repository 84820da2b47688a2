"""Everything the stages read, built once per process (or once per Dask worker) and passed in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rasd.actors import ActorLexicon, load_actors
from rasd.gazetteer import Gazetteer
from rasd.learn.model import LinearModel
from rasd.lexicons.cues import Cues
from rasd.lexicons.given_names import load_given_names
from rasd.settings import Settings

__all__ = ["Resources"]


@dataclass(frozen=True, slots=True)
class Resources:
    """Settings, the gazetteer and the lexicons."""

    settings: Settings
    gazetteer: Gazetteer
    actors: ActorLexicon
    cues: Cues = field(default_factory=Cues.load)
    given_names: Mapping[str, bool] = field(default_factory=load_given_names)
    decision: LinearModel | None = None

    @classmethod
    def load(cls, settings: Settings | None = None) -> Resources:
        """Load the gazetteer (the bundled one unless the `gazetteer` setting names a file) and lexicons."""
        settings = settings or Settings.load()
        gazetteer = Gazetteer.load(Path(settings.gazetteer).expanduser() if settings.gazetteer else None)
        return cls(
            settings=settings,
            gazetteer=gazetteer,
            actors=load_actors(),
            cues=Cues.load(),
            given_names=load_given_names(),
            decision=LinearModel.load() if settings.decisions == "learned" else None,
        )
