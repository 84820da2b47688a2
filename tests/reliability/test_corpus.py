"""The corpus of nasty inputs, replayed through `rasd extract` and `rasd ingest` (SQLite and PostgreSQL).

No line may end a batch: each becomes an article (cleaned on the way in, the repair counted) or a counted
rejection, and every good line comes out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rasd.cli import main
from rasd.store import mask_url
from tests.reliability.make_corpus import CORPUS, big_article, cases, files, write
from tests.test_store import open_test_store

SOURCE_REJECTIONS = ("malformed", "bad_date")  # reasons given by the reader: the line yields no output line


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _expected() -> dict[str, Any]:
    return json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def test_committed_corpus_is_what_the_script_writes(tmp_path: Path) -> None:
    write(tmp_path)
    for made in tmp_path.iterdir():
        assert (CORPUS / made.name).read_bytes() == made.read_bytes(), f"{made.name}: run make_corpus.py again"
    assert {p.name for p in CORPUS.iterdir()} == {p.name for p in tmp_path.iterdir()}


def test_extract_gives_each_line_its_outcome(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--input", str(CORPUS / "nasty.jsonl"), "--output", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    kept = [(name, outcome.split(":")[0]) for name, outcome in _expected()["lines"]
            if outcome not in SOURCE_REJECTIONS]
    rows = _lines(out)
    assert len(rows) == len(kept)
    for (name, kind), row in zip(kept, rows, strict=True):
        assert row.get("rejection") == (None if kind == "article" else kind), name
    for reason in SOURCE_REJECTIONS:
        count = sum(outcome == reason for _, outcome in _expected()["lines"])
        assert f"rejected {reason}: {count} " in err
    repairs = [r for _, outcome in _expected()["lines"] if ":" in outcome for r in outcome.split(":")[1].split(",")]
    for repair in set(repairs):
        assert f"repaired {repair}: {repairs.count(repair)}" in err


def test_extract_keeps_good_lines_and_cleans_values(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", "-q", "--input", str(CORPUS / "nasty.jsonl"), "--output", str(out)]) == 0
    rows = {row["id"]: row for row in _lines(out)}
    assert rows["good-first"]["events"] and rows["good-last"]["events"]
    assert rows["good-first"]["events"][0]["event_date"] == "2024-05-02"
    assert rows["nul-text"]["events"] and "nulid" in rows and "surrogate-\ufffd" in rows
    assert all("\\u0000" not in json.dumps(row) for row in rows.values())
    long_id = next(i for i in rows if i.startswith("iii"))
    assert len(long_id.encode()) <= 2000 and rows[long_id]["events"]
    # No count of billions: the event keeps what else it knows, and nothing overflows a store's integers.
    assert all((e["fatalities"] or 0) < 1_000_000_000 for e in rows["huge-count"]["events"])


def test_extract_reads_every_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--input", str(CORPUS), "--output", str(out)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    rows = {row["id"]: row for row in _lines(out)}
    for name, outcome in _expected()["files"].items():
        row = rows[Path(name).stem]
        assert row.get("rejection") == outcome, name
        if outcome is None and name != "garbage.html":
            assert row["events"], name


def test_ten_megabyte_article_is_a_counted_rejection_and_the_batch_goes_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "big.jsonl"
    src.write_bytes(big_article() + b"\n" + (CORPUS / "nasty.jsonl").read_bytes().splitlines()[0] + b"\n")
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--input", str(src), "--output", str(out)]) == 0
    big, good = _lines(out)
    assert big == {"id": "big", "events": [], "signals": [], "rejection": "too_long"}
    assert good["id"] == "good-first" and good["events"]
    assert "rejected too_long: 1" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_ingest_stores_every_good_line(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open_test_store(kind, tmp_path) as store:
        url = store.url
        assert main(["ingest", str(CORPUS), "--db", url]) == 0
        err = capsys.readouterr().err
        assert "Traceback" not in err and "repaired: " in err
        assert f"store: {mask_url(url)}\n" in err and (kind == "sqlite" or ":***@" in err)  # no password shown
        # Run again: everything stored is recognised, nothing stops the second pass either.
        assert main(["ingest", str(CORPUS), "--db", url]) == 0
        assert "stored 0," in capsys.readouterr().err
        lines = [name for name, outcome in _expected()["lines"] if outcome.startswith("article")]
        stored = {"surrogate-id": "surrogate-\ufffd", "nul-id": "nulid"}
        for name in lines:
            if name != "long-id":
                assert store.article(stored.get(name, name)) is not None, name
        article = store.article("nul-text")
        assert article is not None and "\x00" not in article["text"] and article["outlet"] == "outletname"
        assert store.count("events") > 0
        for rec in store.events():
            assert "\\u0000" not in json.dumps(rec.data)


def test_every_case_is_in_the_corpus() -> None:
    names = [name for name, _, _ in cases()]
    assert len(names) == len(set(names))
    assert {name for name, _ in _expected()["lines"]} == set(names)
    assert set(_expected()["files"]) == {name for name, _, _ in files()}
