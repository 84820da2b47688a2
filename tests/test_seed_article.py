"""The seed article (first line of ../shared/benchmarks/gold-dev.jsonl): fears are signals, evidence is exact."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from rasd.extraction import build_pipeline, extract


def test_seed_article(shared: Path) -> None:
    article = json.loads((shared / "benchmarks" / "gold-dev.jsonl").read_text(encoding="utf-8").splitlines()[0])
    text = article["text"]
    result = extract(text, published=date.fromisoformat(article["published"]), id=article["id"],
                     pipeline=build_pipeline())
    assert result.events
    for event in result.events:
        for ev in event.evidence:
            assert text[ev.start : ev.end] == ev.text
    fear = text.index("خوفاً من")
    fear_end = text.index("\n", fear)
    triggers = [ev for e in result.events for ev in e.evidence if ev.role == "trigger"]
    assert not [ev for ev in triggers if fear <= ev.start < fear_end], "an event came from the feared strike"
    assert any(s.modality == "feared" and fear <= s.evidence[0].start < fear_end for s in result.signals)
    kinds = {e.sub_event_type for e in result.events}
    assert {"Change to group/activity", "Air/drone strike"} <= kinds
