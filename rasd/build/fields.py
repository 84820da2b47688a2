"""Write the field dictionary `rasd/docs/fields.md` from the code's field lists and `rasd/docs/fields.yaml`.

The names and types come from the records themselves (`Event`, `Signal`, `Source`, `Evidence`, `Result`) and the
CSV columns from `rasd.export`; the meanings, ACLED equivalents and examples from the YAML file. A field the code
has and the YAML lacks (or the other way round) stops the build, so the dictionary cannot fall behind the code.

    python -m rasd.build.fields          # rewrite rasd/docs/fields.md
"""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from rasd.errors import ResourceError
from rasd.event import Event, Evidence, Signal, Source
from rasd.export import ACLED_COLUMNS, EXTRA_COLUMNS
from rasd.extraction import Result

__all__ = ["DOCS", "ORIGIN_FIELDS", "STORE_FIELDS", "render", "sections"]

DOCS = Path(__file__).resolve().parents[1] / "docs"
# The keys of `Event.origin` (rasd/events/drafts.py) and those a store adds to an event (rasd/merge.py,
# rasd/export.py `store_events`); the other field lists are read from the records.
ORIGIN_FIELDS = ("location", "location_ar", "country", "latitude", "longitude")
STORE_FIELDS = ("fatalities_by_source", "review_state", "version", "created_at", "updated_at")
_STORE_TYPES = {"fatalities_by_source": "list of objects", "review_state": "string", "version": "integer",
                "created_at": "string (ISO timestamp)", "updated_at": "string (ISO timestamp)"}
_ORIGIN_TYPES = {"latitude": "number or null", "longitude": "number or null"}
_JSON = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "date": "string (ISO date)",
         "dict[str, Any]": "object", "tuple[str, ...]": "list of strings", "tuple[Source, ...]": "list of objects",
         "tuple[Evidence, ...]": "list of objects", "tuple[Event, ...]": "list of objects",
         "tuple[Signal, ...]": "list of objects"}


def _json_type(annotation: str) -> str:
    """The JSON type of a record field's annotation: `int | None` is `integer or null`."""
    parts = [p.strip() for p in re.split(r"\s*\|\s*(?![^\[]*\])", annotation)]
    nullable = "None" in parts
    (kind,) = [p for p in parts if p != "None"]
    return _JSON[kind] + (" or null" if nullable else "")


def sections() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Each table of the dictionary: its key in the YAML, its title, and its (field, JSON type) rows."""
    def of(record: Any) -> list[tuple[str, str]]:
        return [(f.name, _json_type(str(f.type))) for f in dataclasses.fields(record) if not f.metadata.get("internal")]

    return [
        ("line", "Output lines of `rasd extract` (one per article)", of(Result)),
        ("event", "Events (FORMATS.md; `rasd extract`, `rasd export --format jsonl`, GeoJSON properties, the API)",
         of(Event)),
        ("origin", "`origin`: where an attack was launched from",
         [(name, _ORIGIN_TYPES.get(name, "string or null")) for name in ORIGIN_FIELDS]),
        ("source", "`sources[]`: the articles of an event", of(Source)),
        ("evidence", "`evidence[]`: spans of an article that support an event", of(Evidence)),
        ("signal", "Signals: mentions that are not events", of(Signal)),
        ("store", "Fields a store adds to its events (`rasd export --db`, the API)",
         [(name, _STORE_TYPES[name]) for name in STORE_FIELDS]),
        ("csv", "CSV columns (`rasd export --format csv`): ACLED's 31 in ACLED's order, then rasd's",
         [(name, "text") for name in (*ACLED_COLUMNS, *EXTRA_COLUMNS)]),
    ]


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def render(meanings: dict[str, dict[str, dict[str, Any]]]) -> str:
    """The Markdown dictionary; raises `ResourceError` when a field and its meaning do not pair up."""
    lines = [
        "# Field dictionary",
        "",
        "Every field rasd writes: its type, what it means, the ACLED column it corresponds to, and an example.",
        "Written by `python -m rasd.build.fields` from the code's field lists and `rasd/docs/fields.yaml`;",
        "edit the YAML, not this file. How each field is coded: [codebook.md](codebook.md).",
    ]
    problems = []
    for key, title, rows in sections():
        given = meanings.get(key) or {}
        problems += [f"{key}.{name} has no entry in fields.yaml" for name, _ in rows if name not in given]
        problems += [f"fields.yaml {key}.{name} is not a field rasd writes" for name in given
                     if name not in dict(rows)]
        lines += ["", f"## {title}", ""]
        if key == "csv":
            lines += ["| column | from the event field | meaning | example |", "|---|---|---|---|"]
            for name, _ in rows:
                entry = given.get(name, {})
                lines.append(f"| `{name}` | {_cell(entry.get('from'))} | {_cell(entry.get('meaning'))} | "
                             f"{_cell(entry.get('example'))} |")
            continue
        lines += ["| field | type | meaning | ACLED | example |", "|---|---|---|---|---|"]
        for name, kind in rows:
            entry = given.get(name, {})
            example = entry.get("example")
            lines.append(f"| `{name}` | {kind} | {_cell(entry.get('meaning'))} | {_cell(entry.get('acled'))} | "
                         f"{'' if example is None else '`' + _cell(example) + '`'} |")
    problems += [f"fields.yaml has a section {key!r} the dictionary does not use"
                 for key in meanings if key not in {k for k, _, _ in sections()}]
    if problems:
        raise ResourceError("the field dictionary does not match the code: " + "; ".join(problems))
    return "\n".join(lines) + "\n"


def main() -> int:
    """Rewrite `rasd/docs/fields.md`."""
    meanings = yaml.safe_load((DOCS / "fields.yaml").read_text(encoding="utf-8"))
    (DOCS / "fields.md").write_text(render(meanings), encoding="utf-8")
    print(f"wrote {DOCS / 'fields.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
