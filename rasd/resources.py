"""Everything the stages read, built once per process (or once per Dask worker) and passed in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rasd.actors import ActorLexicon, load_actors
from rasd.events.casualties import CasualtyWords
from rasd.gazetteer import Gazetteer
from rasd.learn.model import LinearModel
from rasd.lexicons.cues import Cues
from rasd.lexicons.given_names import load_given_names
from rasd.merge import MergeWords
from rasd.settings import Settings
from rasd.stages.body import ClutterCues, load_cues
from rasd.stages.calendar import DateWords
from rasd.stages.counted import CountWords
from rasd.stages.triggers import TriggerWords

__all__ = ["Resources"]


@dataclass(frozen=True, slots=True)
class Resources:
    """Settings, the gazetteer and the lexicons."""

    settings: Settings
    gazetteer: Gazetteer
    actors: ActorLexicon
    cues: Cues = field(default_factory=Cues.load)
    given_names: Mapping[str, bool] = field(default_factory=load_given_names)
    dates: DateWords = field(default_factory=DateWords.load)
    counting: CountWords = field(default_factory=CountWords.load)
    casualties: CasualtyWords = field(default_factory=CasualtyWords.load)
    triggers: TriggerWords = field(default_factory=TriggerWords.load)
    merge: MergeWords = field(default_factory=MergeWords.load)  # what the store's merging reads
    clutter: ClutterCues = field(default_factory=load_cues)  # the body stage's cue phrases
    decision: LinearModel | None = None

    @classmethod
    def load(cls, settings: Settings | None = None) -> Resources:
        """Load the gazetteer (the bundled one unless the `gazetteer` setting names a file) and lexicons."""
        settings = settings or Settings.load()
        gazetteer = Gazetteer.load(Path(settings.gazetteer).expanduser() if settings.gazetteer else None)
        actors, cues = load_actors(), Cues.load()
        dates = DateWords.load(cues)
        counting = CountWords.load(cues, dates)
        return cls(
            settings=settings,
            gazetteer=gazetteer,
            actors=actors,
            cues=cues,
            given_names=load_given_names(),
            dates=dates,
            counting=counting,
            casualties=CasualtyWords.load(cues, counting),
            triggers=TriggerWords.load(),
            merge=MergeWords.load(cues=cues, actors=actors, dates=dates),
            clutter=load_cues(),
            decision=LinearModel.load() if settings.decisions == "learned" else None,
        )
