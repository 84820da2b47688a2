"""Reading articles from files, directories and standard input."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from rasd.errors import REJECTIONS, InputError
from rasd.sources import ArticleIn, Rejected, decode, read_articles

ARABIC = "قصفت طائرات حربية بلدة في ريف إدلب الجنوبي صباح اليوم وأصيب ثلاثة مدنيين"


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_reads_fields_and_dates(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "text": ARABIC, "published": "2024-11-30", "title": "عنوان", "outlet": "x", "kind": "news_article"},
        {"id": 7, "text": ARABIC, "published": "2024-11-30T23:10:00+03:00"},
        {"id": "c", "text": ARABIC, "published": "قبل يومين"},
    ]
    items = list(read_articles(_jsonl(tmp_path / "in.jsonl", [json.dumps(r) for r in rows]), default_kind="other"))
    assert all(isinstance(i, ArticleIn) for i in items)
    a, b, c = items
    assert (a.id, a.published, a.title, a.outlet, a.kind) == ("a", date(2024, 11, 30), "عنوان", "x", "news_article")
    assert (b.id, b.published, b.kind) == ("7", date(2024, 11, 30), "other")
    assert c.published is None


def test_jsonl_keeps_where_its_publication_date_came_from(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "text": ARABIC, "published": "2024-11-30", "published_basis": "archive_capture"},
        {"id": "b", "text": ARABIC, "published": "2024-11-30"},
        {"id": "c", "text": ARABIC, "published_basis": "page"},  # no date of its own: the given one is declared
    ]
    path = _jsonl(tmp_path / "in.jsonl", [json.dumps(r) for r in rows])
    items = [i for i in read_articles(path, published=date(2024, 12, 1)) if isinstance(i, ArticleIn)]
    assert [(i.id, i.published, i.published_basis) for i in items] == [
        ("a", date(2024, 11, 30), "archive_capture"), ("b", date(2024, 11, 30), None), ("c", date(2024, 12, 1), None)]


def test_malformed_lines_are_rejected_with_their_numbers(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "1", "text": ARABIC}),
        '{"id": "2", "text": "بلا نهاية',
        "",
        json.dumps({"id": "3"}),
        json.dumps(["ليس", "كائنا"]),
        json.dumps({"id": "6", "text": ARABIC}),
    ]
    items = list(read_articles(_jsonl(tmp_path / "mixed.jsonl", lines)))
    assert [(type(i).__name__, i.line) for i in items] == [
        ("ArticleIn", 1),
        ("Rejected", 2),
        ("Rejected", 4),
        ("Rejected", 5),
        ("ArticleIn", 6),
    ]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert {r.reason for r in rejected} == {"malformed"} <= REJECTIONS.keys()
    assert "mixed.jsonl:2" in rejected[0].detail


def test_txt_takes_stem_and_given_date(tmp_path: Path) -> None:
    path = tmp_path / "idlib-report.txt"
    path.write_text(ARABIC, encoding="utf-8")
    (item,) = read_articles(path, published=date(2023, 7, 9), default_kind="ngo_report")
    assert isinstance(item, ArticleIn)
    assert (item.id, item.text, item.published, item.kind) == ("idlib-report", ARABIC, date(2023, 7, 9), "ngo_report")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256", "iso8859_6"])
def test_arabic_encodings_decode(tmp_path: Path, encoding: str) -> None:
    text = "استهدف قصف مدفعي منازل المدنيين في القرية مساء أمس"
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode(encoding))
    (item,) = read_articles(path)
    assert isinstance(item, ArticleIn)
    assert item.text == text


def test_utf8_preferred_when_it_decodes() -> None:
    assert decode("غارة على الرقة".encode()) == "غارة على الرقة"
    assert decode(b"\xef\xbb\xbfplain") == "plain"


def test_windows_1256_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "old.jsonl"
    path.write_bytes(json.dumps({"id": "w", "text": ARABIC}, ensure_ascii=False).encode("cp1256") + b"\n")
    (item,) = read_articles(path)
    assert isinstance(item, ArticleIn)
    assert item.text == ARABIC


HTML = """<html><head><title>قصف على قرية</title>
<meta property="article:published_time" content="2023-05-30T10:00:00+03:00"></head>
<body><nav><a href="/">الرئيسية</a></nav><article><h1>قصف على قرية</h1>
<p>{p}</p><p>{p}</p></article></body></html>"""


def test_html_main_text_and_date(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(HTML.format(p=ARABIC), encoding="utf-8")
    (item,) = read_articles(path, published=date(2000, 1, 1))
    assert isinstance(item, ArticleIn)
    assert ARABIC in item.text
    assert item.published == date(2023, 5, 30)
    assert item.id == "story"


def test_html_without_date_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "nodate.htm"
    path.write_text(f"<html><body><p>{ARABIC}</p></body></html>", encoding="utf-8")
    (item,) = read_articles(path)
    assert isinstance(item, ArticleIn)
    assert ARABIC in item.text
    assert item.published is None


def test_broken_html_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_bytes(b"<html><body><div><p>" + ARABIC.encode("cp1256") + b"<p><<</div")
    (item,) = read_articles(path)
    assert isinstance(item, ArticleIn)
    assert "إدلب" in item.text


def test_directory_reads_supported_files_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(ARABIC, encoding="utf-8")
    _jsonl(tmp_path / "a.jsonl", [json.dumps({"id": "from-a", "text": ARABIC})])
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    assert [i.id for i in read_articles(tmp_path) if isinstance(i, ArticleIn)] == ["from-a", "b"]


def test_missing_path_and_unknown_suffix_raise(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        list(read_articles(tmp_path / "nowhere.jsonl"))
    odd = tmp_path / "data.csv"
    odd.write_text("a,b", encoding="utf-8")
    with pytest.raises(InputError):
        list(read_articles(odd))


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_json_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["", json.dumps({"id": "s1", "text": ARABIC}), "{bad", json.dumps({"id": "s2", "text": ARABIC})]
    _stdin(monkeypatch, "\n".join(lines).encode())
    items = list(read_articles("-"))
    assert [(type(i).__name__, i.line) for i in items] == [("ArticleIn", 2), ("Rejected", 3), ("ArticleIn", 4)]


def test_stdin_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, f"\n  {ARABIC}\nسطر ثان".encode())
    (item,) = read_articles("-", published=date(2022, 8, 25))
    assert isinstance(item, ArticleIn)
    assert ARABIC in item.text and "سطر ثان" in item.text
    assert item.published == date(2022, 8, 25)


def test_ten_megabyte_line_streams(tmp_path: Path) -> None:
    filler = ("انفجرت عبوة ناسفة قرب سوق المدينة. " * 300_000)[:10_000_000]
    path = _jsonl(tmp_path / "big.jsonl", [json.dumps({"id": "big", "text": filler}, ensure_ascii=False)])
    (item,) = read_articles(path)
    assert isinstance(item, ArticleIn)
    assert len(item.text) == 10_000_000


