"""Progress of `extract`, `ingest` and `backfill`: with `--progress` (or on a terminal) stderr shows a bar with the
total of the input's lines and the time left, and the output is the same as without it; counting lines is cheap
and reads compressed inputs too."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from rasd.cli import main
from rasd.cli.args import Progress, input_lines
from rasd.store import open_store
from tests.test_cli_compressed import ARTICLES

# Three articles, a blank line and a line that is no JSON, which has no newline.
LINES = [*(json.dumps(a, ensure_ascii=False) for a in ARTICLES),
         json.dumps({"id": "g3", "published": "2024-06-04", "text": "تظاهر العشرات في ساحة المدينة للمطالبة بالمياه."},
                    ensure_ascii=False), "", "{not json"]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(LINES), encoding="utf-8")
    return path


def test_lines_are_counted_in_files_folders_and_compressed_files(inputs: Path, tmp_path: Path) -> None:
    assert input_lines([str(inputs)]) == 5
    folder = tmp_path / "folder"
    folder.mkdir()
    with gzip.open(folder / "more.jsonl.gz", "wb") as packed:
        packed.write(inputs.read_bytes() + b"\n")
    (folder / "one.txt").write_text("نص خبر واحد", encoding="utf-8")
    assert input_lines([str(folder)]) == 6
    assert input_lines([str(inputs), str(folder)]) == 11
    assert input_lines(["-"]) is None


def test_a_bar_ends_at_the_articles_read(inputs: Path) -> None:
    out = io.StringIO()
    progress = Progress(enabled=True, total=5, stream=out)
    for _ in range(4):
        progress(1)
    progress.finish()
    progress.close()
    assert "4/4" in out.getvalue()
    silent = Progress(enabled=False, total=5)
    silent(3)
    silent.close()
    assert silent.done == 3 and silent.bar is None


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    assert main(argv) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_extract_shows_the_total_and_writes_the_same(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain_out, plain_err = _run(["extract", "-i", str(inputs)], capsys)
    shown_out, shown_err = _run(["extract", "-i", str(inputs), "--progress"], capsys)
    assert shown_out == plain_out and len(plain_out.splitlines()) == 3
    assert "/4 [" not in plain_err and "4/4 [" in shown_err and "<00:00" in shown_err  # the total and time left
    assert "4/4 [" in _run(["extract", "-i", str(inputs), "--progress", "-q"], capsys)[1]


def test_extract_from_standard_input_shows_a_count(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str], inputs: Path) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(inputs.read_bytes()), encoding="utf-8"))
    out, err = _run(["extract", "-i", "-", "--progress", "-q"], capsys)
    assert len(out.splitlines()) == 3 and "4article" in err.replace(" ", "")


def test_ingest_and_backfill_show_the_total(inputs: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.sqlite"
    out, err = _run(["ingest", str(inputs), "--db", str(db), "--progress"], capsys)
    assert out == "" and "4/4 [" in err
    with open_store(str(db)) as store:
        assert store.count("articles") == 3
    folder = tmp_path / "chunks"
    out, err = _run(["backfill", str(inputs), "-o", str(folder), "--workers", "0", "--chunk-size", "2", "--progress"],
                    capsys)
    assert out == "" and "4/4 [" in err and "chunks done" in err
    _, again = _run(["backfill", str(inputs), "-o", str(folder), "--workers", "0", "--chunk-size", "2",
                     "--progress"], capsys)
    assert "4/4 [" in again and "2 skipped" in again  # a resumed run counts the chunks done before
