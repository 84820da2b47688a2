"""Readable renderings of extraction results."""

from __future__ import annotations

from typing import TextIO

from rasd.extraction import Result

__all__ = ["write_table"]


def write_table(result: Result, out: TextIO) -> None:
    """Write an article's events as a readable block, each with its evidence."""
    if result.rejection:
        out.write(f"{result.id}: rejected ({result.rejection})\n\n")
        return
    out.write(f"{result.id}: {len(result.events)} events, {len(result.signals)} signals\n")
    for e in result.events:
        place = e.location or e.location_ar or "?"
        out.write(
            f"  {e.event_date or '????-??-??'}  {e.sub_event_type or e.event_type:<36}  {place} ({e.admin1 or '-'})"
            f"  actor1={e.actor1 or '-'}  actor2={e.actor2 or '-'}  killed={e.fatalities}  conf={e.confidence}\n"
        )
        for ev in e.evidence:
            out.write(f"      {ev.role:<9} [{ev.start}:{ev.end}] {ev.text}\n")
    for s in result.signals:
        quote = s.evidence[0].text if s.evidence else ""
        out.write(f"  signal {s.modality:<11} {s.sub_event_type or s.event_type or '-'}  {quote}\n")
    out.write("\n")
