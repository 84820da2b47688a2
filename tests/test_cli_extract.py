"""`rasd extract` end to end: formats, bad input, and the summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasd.cli import main
from rasd.errors import REJECTIONS
from rasd.extraction import check_text
from rasd.settings import Settings

REPORT = "قصفت قوات النظام بالمدفعية الثقيلة بلدة سرمين شرقي إدلب صباح اليوم، ما أدى إلى مقتل مدنيين اثنين."


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("Airstrike reported near the town this morning", "no_arabic"),
        ("Breaking: حلب", "no_arabic"),
        ("قصف حلب", "too_short"),
        (REPORT, None),
        ("Post\n\n" + REPORT + "\n12:50 PM", None),
    ],
)
def test_check_text(text: str, reason: str | None) -> None:
    assert check_text(text, Settings()) == reason
    assert reason is None or reason in REJECTIONS


def test_bad_lines_are_counted_and_the_batch_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    rows = [
        json.dumps({"id": "good-1", "text": REPORT, "published": "2024-03-14"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "empty", "text": ""}),
        json.dumps({"id": "latin", "text": "Shelling reported in the north this morning"}),
        json.dumps({"text": "لا معرف لهذا السطر"}, ensure_ascii=False),
        json.dumps({"id": "good-2", "text": REPORT, "published": "2024-03-14"}, ensure_ascii=False),
    ]
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--input", str(src), "--output", str(out)]) == 0
    got = lines(out)
    assert [row["id"] for row in got] == ["good-1", "empty", "latin", "good-2"]
    assert got[0]["events"] and got[1]["rejection"] == "empty" and got[2]["rejection"] == "no_arabic"
    assert got[3]["duplicate_of"] == "good-1" and got[3]["events"] == got[0]["events"]
    err = capsys.readouterr().err
    assert "rejected malformed: 2" in err and "line 2" in err and "line 5" in err
    assert "rejected empty: 1" in err and "rejected no_arabic: 1" in err


def test_windows_1256_text_file(tmp_path: Path) -> None:
    src = tmp_path / "report.txt"
    src.write_bytes(REPORT.encode("cp1256"))
    out = tmp_path / "out.jsonl"
    assert main(["extract", "-q", "--input", str(src), "--output", str(out), "--published", "2024-03-14"]) == 0
    (row,) = lines(out)
    (event,) = row["events"]  # type: ignore[misc]
    assert event["location_ar"] == "سرمين" and event["event_date"] == "2024-03-14"


def test_ten_megabyte_article_is_processed_when_max_chars_allows(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASD_MAX_CHARS", "20000000")
    monkeypatch.setenv("RASD_MAX_SECONDS", "0")  # what is tested is the length, not the time on a busy machine
    filler = "وقال الأهالي إن الحياة عادت إلى طبيعتها في الأسواق والمدارس بعد أسابيع من الهدوء. "
    text = REPORT + "\n" + filler * (10_000_000 // len(filler))
    assert len(text) > 10_000_000
    src = tmp_path / "big.jsonl"
    src.write_text(json.dumps({"id": "big", "text": text, "published": "2024-03-14"}, ensure_ascii=False) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["extract", "-q", "--input", str(src), "--output", str(out)]) == 0
    (row,) = lines(out)
    assert row["id"] == "big" and row["events"]


def test_too_long_is_a_counted_rejection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("RASD_MAX_CHARS", "50")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": REPORT}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--input", str(src), "--output", str(out)]) == 0
    assert lines(out)[0]["rejection"] == "too_long"
    assert "rejected too_long: 1" in capsys.readouterr().err


def test_table_format_shows_evidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "r.txt"
    src.write_text(REPORT, encoding="utf-8")
    assert main(["extract", "-q", "--input", str(src), "--published", "2024-03-14", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "Shelling/artillery/missile attack" in out and "trigger" in out and "قصفت" in out


def test_missing_input_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--input", str(tmp_path / "nowhere.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_python_api() -> None:
    from datetime import date

    import rasd

    result = rasd.extract(REPORT, published=date(2024, 3, 14))
    assert [e.location_ar for e in result.events] == ["سرمين"]


def test_output_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    examples = Path(__file__).resolve().parents[1] / "examples" / "reports.jsonl"
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}.jsonl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "rasd.cli", "extract", "-q", "--input", str(examples),
                        "--output", str(out)], check=True, env=env)
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] and outputs[0]
