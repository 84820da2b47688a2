"""Quality gate: extraction figures on the shared benchmarks must not fall below pinned floors.

Floors live in `tests/gate/floors.json` with the SHA-256 of the benchmark each was measured on; a benchmark
that changed skips with a reason (new floors are needed, measured and committed with a note). A floor is only
ever lowered in a commit that says why. Figures may exceed a floor by any amount; they may fall below it by at
most `epsilon` (noise from tie-breaking in pairing).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from rasd.batch import Summary, Texts, drive
from rasd.evaluate import evaluate
from rasd.extraction import build_pipeline
from rasd.sources.files import read_articles

FLOORS = json.loads((Path(__file__).parent / "gate" / "floors.json").read_text(encoding="utf-8"))
# Figures where lower is better.
CEILINGS = {"events_per_text", "median_location_error_km"}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("bench", sorted(FLOORS["benchmarks"]))
def test_benchmark_floors(bench: str, shared: Path, tmp_path: Path) -> None:
    spec = FLOORS["benchmarks"][bench]
    path = shared / "benchmarks" / f"{bench}.jsonl"
    if not path.exists():
        pytest.skip(f"{path.name} is absent from ../shared/benchmarks")
    if _sha(path) != spec["sha256"]:
        pytest.skip(f"{path.name} changed since its floors were measured; measure and pin new floors")
    pred = tmp_path / "pred.jsonl"
    pipeline = build_pipeline()
    with pred.open("w", encoding="utf-8") as out:
        for _, result in drive(read_articles(path), pipeline, Summary(), seen=Texts()):
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    figures = evaluate(path, pred).as_dict()
    eps = FLOORS["epsilon"]
    failures = []
    for name, floor in spec["floors"].items():
        got = figures[name]
        ok = got is not None and (got <= floor + eps if name in CEILINGS else got >= floor - eps)
        if not ok:
            failures.append(f"{name}: {got} (floor {floor})")
    assert not failures, f"{bench} fell below its floors: " + "; ".join(failures)
