"""The fairness measurement runs end to end on a small store (its figures are the machine's; none is asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.bench.api import fill
from rasd.bench.fairness import run


@pytest.mark.parametrize("waits", [False, True], ids=["looping", "waiting"])
def test_the_fairness_bench_serves_readers_and_refuses_the_exporter_its_excess(tmp_path: Path, waits: bool) -> None:
    db = tmp_path / "bench.sqlite"
    fill(db, events=300)
    report = run(db, seconds=3, requests=5, server_path=str(Path(__file__).resolve().parents[2]), exporter_waits=waits)
    assert report["reader_requests"] > 0 and set(report["reader_status"]) == {200}
    assert set(report["exports"]) <= {200, 429} and report["exports"]
    assert {"reader_rate", "p50_ms", "p99_ms", "export_p50_ms"} <= set(report)
