"""One settings object: every option rasd reads, with its default and its help text.

Options come from defaults, then `RASD_<NAME>` environment variables, then explicit keyword arguments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

from rasd.errors import ConfigError

__all__ = ["SECRETS", "SETTINGS", "Setting", "Settings", "shown"]


@dataclass(frozen=True, slots=True)
class Setting:
    """One option: its name, default and what it does."""

    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("max_chars", 1_000_000, "Reject texts longer than this many characters (reason `too_long`)."),
    Setting("max_seconds", 30.0, "Reject an article whose reading takes longer than this many seconds (reason "
            "`too_slow`) and go on with the next; 0 = no limit."),
    Setting("min_arabic_words", 2, "Reject texts with fewer Arabic words than this (reason `no_arabic`)."),
    Setting("min_words", 4, "Reject texts with fewer Arabic words than this (reason `too_short`)."),
    Setting("historical_days", 30, "Events dated over this many days before publication are `historical` signals."),
    Setting("carry_place", True, "Let a sentence without a place inherit the place of the previous event sentence."),
    Setting("carry_date", True, "Let a sentence without a date inherit the date of the previous sentences."),
    Setting("min_confidence", -1.0, "Events whose confidence is below this (0 to 1) are kept as signals, not "
            "events; 0 = every event; negative = the threshold the model's cross-validation chose (0.7 with "
            "`decisions=rules`)."),
    Setting("decisions", "learned", "Who decides which candidates are events and how confident: `learned` (the "
            "trained event decision model) or `rules` (the hand-weighted rule confidence)."),
    Setting("model", "", "An event decision model file from `rasd train` to use instead of the bundled one; empty = "
            "bundled."),
    Setting("gazetteer", "", "Gazetteer file to use instead of the bundled one (from `rasd gazetteer import`); "
            "empty = bundled."),
    Setting("db", "", "The store of `rasd ingest`, `rasd watch` and `rasd export`: a SQLite path or a "
            "postgresql:// URL; empty = rasd.sqlite in the user's data folder."),
    Setting("public_read", True, "Let anyone read events through `rasd serve`; false = reading needs a user's token."),
    Setting("api_rate", 10.0, "Anonymous API requests a second each client address may sustain in `rasd serve` (an "
            "export costs one more per hundred events); 0 = no limit."),
    Setting("api_burst", 100, "Anonymous API requests a client address may make at once before `api_rate` applies."),
    Setting("api_token_attempts", 10, "Unknown tokens a client address may send a minute before it must wait; 0 = no "
            "limit."),
    Setting("api_max_body", 65_536, "Largest request body `rasd serve` reads, in bytes (a review is under 10 KB)."),
    Setting("api_anonymous_export", 5_000, "Most events an export without a login holds; logged-in users may export "
            "50,000."),
    Setting("api_query_seconds", 10.0, "Longest a query of `rasd serve` may run on PostgreSQL before it is "
            "cancelled and answered 503 (`query_timeout`); 0 = no limit."),
    Setting("public_url", "", "Where users reach `rasd serve`: the links of notices (webhooks, e-mail, Atom feeds) "
            "to their events, and the feeds' own URLs, start with it; empty = the address a request came to (feeds) "
            "or http://127.0.0.1:8000 (webhooks and e-mail)."),
    Setting("watch_interval", 1.0, "Seconds between the deliverer's passes over the change log (in `rasd watch` and "
            "`rasd serve`): a stored event reaches a webhook within about this long."),
    Setting("watch_timeout", 10.0, "Seconds a webhook or SMTP server may take to answer before the attempt fails."),
    Setting("watch_retries", 8, "Attempts at delivering a notice before giving up (each logged)."),
    Setting("watch_retry_seconds", 30.0, "Wait before the second attempt at a failed delivery, doubled for each "
            "further attempt (30 s, 1 min, 2 min, ...)."),
    Setting("smtp_host", "", "SMTP server for e-mail notices and digests; empty = no e-mail is sent (the attempts "
            "fail and are logged)."),
    Setting("smtp_port", 25, "Port of the SMTP server."),
    Setting("smtp_sender", "rasd@localhost", "From address of e-mail notices."),
    Setting("smtp_tls", "none", "How e-mail reaches the SMTP server: `none` (plain), `starttls` (plain, then "
            "encrypted; usually port 587) or `tls` (encrypted from the start; usually port 465). The server's "
            "certificate is checked against the system's authorities."),
    Setting("smtp_user", "", "User name to log in to the SMTP server with; empty = no login."),
    Setting("smtp_password", "", "Password of `smtp_user`: set it in the environment (RASD_SMTP_PASSWORD), never on "
            "a command line; rasd shows it as *** everywhere."),
)


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved option values."""

    max_chars: int = 1_000_000
    max_seconds: float = 30.0
    min_arabic_words: int = 2
    min_words: int = 4
    historical_days: int = 30
    carry_place: bool = True
    carry_date: bool = True
    min_confidence: float = -1.0
    decisions: str = "learned"
    model: str = ""
    gazetteer: str = ""
    db: str = ""
    public_read: bool = True
    api_rate: float = 10.0
    api_burst: int = 100
    api_token_attempts: int = 10
    api_max_body: int = 65_536
    api_anonymous_export: int = 5_000
    api_query_seconds: float = 10.0
    public_url: str = ""
    watch_interval: float = 1.0
    watch_timeout: float = 10.0
    watch_retries: int = 8
    watch_retry_seconds: float = 30.0
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_sender: str = "rasd@localhost"
    smtp_tls: str = "none"
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Defaults, then `RASD_*` environment variables, then `overrides`."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(f"RASD_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _parse(f.name, raw, type(getattr(cls(), f.name)))
        unknown = set(overrides) - {f.name for f in fields(cls)}
        if unknown:
            raise ConfigError(f"unknown settings {sorted(unknown)}; known: {[s.name for s in SETTINGS]}")
        return replace(cls(), **(values | {k: v for k, v in overrides.items() if v is not None}))


def _parse(name: str, raw: str, kind: type) -> Any:
    try:
        if kind is bool:
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes"}
        return kind(raw)
    except ValueError:
        raise ConfigError(f"RASD_{name.upper()}={shown(name, raw)} is not a valid {kind.__name__}; unset it or fix it"
                          ) from None


SECRETS = frozenset({"smtp_password"})


def shown(name: str, value: Any) -> str:
    """A setting's value as messages show it: `***` for a secret that is set."""
    return "***" if name in SECRETS and value else repr(value)
