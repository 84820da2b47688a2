"""Everything the stages read, built once per process (or once per Dask worker) and passed in."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rasd.actors import ActorLexicon, load_actors
from rasd.gazetteer import Gazetteer
from rasd.lexicons.cues import Cues
from rasd.merge import MergeWords
from rasd.settings import Settings
from rasd.stages.body import ClutterCues, load_cues

__all__ = ["Resources"]


@dataclass(frozen=True, slots=True)
class Resources:
    """Settings, the gazetteer and the lexicons."""

    settings: Settings
    gazetteer: Gazetteer
    actors: ActorLexicon
    cues: Cues = field(default_factory=Cues.load)
    merge: MergeWords = field(default_factory=MergeWords.load)  # what the store's merging reads
    clutter: ClutterCues = field(default_factory=load_cues)  # the body stage's cue phrases

    @classmethod
    def load(cls, settings: Settings | None = None) -> Resources:
        """Load the gazetteer (the bundled one unless the `gazetteer` setting names a file) and lexicons."""
        settings = settings or Settings.load()
        gazetteer = Gazetteer.load(Path(settings.gazetteer).expanduser() if settings.gazetteer else None)
        actors, cues = load_actors(), Cues.load()
        return cls(settings=settings, gazetteer=gazetteer, actors=actors, cues=cues,
                   merge=MergeWords.load(cues=cues, actors=actors), clutter=load_cues())
