"""Every exception rasd raises, in one tree.

    RasdError                 base of everything below
    ├── ConfigError           a setting or an option has a value rasd cannot use
    │   └── StaleError        a change was based on an older version of an event than the stored one
    ├── InputError            an input file or stream cannot be read at all (not a bad line: those are counted)
    ├── ResourceError         a bundled resource (lexicon, gazetteer) is missing or malformed
    ├── PipelineError         a stage broke its contract (a bug, with a code such as E002)
    ├── StoreError            the store's database failed or went away (PostgreSQL closed the connection)
    │   └── QueryTimeout      a store query ran longer than its limit and was cancelled (`Store.limit_queries`)
    └── TooSlow               an article's time budget is spent (`rasd.deadline`); never leaves the pipeline,
                              which rejects the article as `too_slow`

Bad articles are not exceptions: they come back with a rejection reason that runners count
(see `REJECTIONS`).
"""

from __future__ import annotations

__all__ = ["REJECTIONS", "ConfigError", "InputError", "PipelineError", "QueryTimeout", "RasdError", "ResourceError",
           "StaleError", "StoreError", "TooSlow"]

REJECTIONS = {
    "empty": "the text is empty or only whitespace",
    "no_arabic": "the text contains no Arabic words",
    "too_short": "the text is too short to report an event",
    "duplicate": "the same text (after normalisation) appeared earlier in the batch",
    "malformed": "the input line is not a JSON object with `id` and `text` (or is nested too deep, or holds a "
                 "number too long to read)",
    "bad_date": "the declared publication date is not in the years 1900-2100",
    "too_long": "the text is longer than the `max_chars` setting; raise it to read such texts",
    "too_slow": "reading the text took longer than the `max_seconds` setting; raise it to read such texts",
}


class RasdError(Exception):
    """Base class of rasd's errors."""


class ConfigError(RasdError):
    """A setting or command-line option has a value rasd cannot use."""


class StaleError(ConfigError):
    """A change was based on a version of an event that another change has since replaced; read it and decide again."""

    def __init__(self, event_id: str, *, based_on: int, current: int) -> None:
        super().__init__(f"event {event_id!r} has changed since version {based_on} (it is at version {current}); "
                         "read it again and redo the change if it still holds")
        self.event_id, self.based_on, self.current = event_id, based_on, current


class InputError(RasdError):
    """An input cannot be read at all; fix the path or the file and run again."""


class ResourceError(RasdError):
    """A bundled resource is missing or malformed; reinstall rasd or rebuild the resource."""


class PipelineError(RasdError):
    """A stage broke its contract. This is a bug in rasd or in a custom stage."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code


class TooSlow(RasdError):
    """An article's time budget (`max_seconds`) is spent while it is being read."""


class StoreError(RasdError):
    """The store's database failed or went away; what was stored before is kept, so run the command again."""


class QueryTimeout(StoreError):
    """A store query ran longer than the store's limit and was cancelled; narrow the query or raise the limit."""
