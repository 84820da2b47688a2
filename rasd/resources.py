"""Everything the stages read, built once per process (or once per Dask worker) and passed in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rasd.actors import ActorLexicon, load_actors
from rasd.errors import ConfigError
from rasd.events.casualties import CasualtyWords
from rasd.gazetteer import Gazetteer
from rasd.learn.model import BUNDLED_ACTOR_MODEL, BUNDLED_MODEL, BUNDLED_TOLL_MODEL, LinearModel
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
    actor_decision: LinearModel | None = None
    toll_decision: LinearModel | None = None

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
            decision=_decision_model(settings, bundled=BUNDLED_MODEL),
            actor_decision=_decision_model(settings, bundled=BUNDLED_ACTOR_MODEL),
            toll_decision=_decision_model(settings, bundled=BUNDLED_TOLL_MODEL),
        )


def _decision_model(settings: Settings, *, bundled: str) -> LinearModel | None:
    """A decision model the settings ask for: none with `decisions=rules`, else the bundled one, or with `model`
    that file (the event model) or the file of that name beside it (the actor1 and fatalities models)."""
    if settings.decisions == "rules":
        return None
    if settings.decisions != "learned":
        raise ConfigError(f"decisions={settings.decisions!r} is not one of learned, rules; fix RASD_DECISIONS")
    if not settings.model:
        return LinearModel.load(bundled=bundled)
    path = Path(settings.model).expanduser()
    if bundled == BUNDLED_MODEL:
        return LinearModel.load(path)
    beside = path.with_name(bundled)
    return LinearModel.load(beside) if beside.exists() else None
