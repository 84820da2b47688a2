"""Values checked at the edge: what an `ArticleIn` may hold, and what reaches either store."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from rasd.event import Evidence
from rasd.extraction import extract
from rasd.sources.files import MAX_KEY_BYTES, ArticleIn, Rejected, clean_text, decode, json_lines, parse_date
from rasd.store import ArticleRecord, Store
from tests.test_store import event, store  # noqa: F401  (the fixture runs each test on SQLite and PostgreSQL)

REPORT = "قصفت مدفعية النظام بلدة معرة حرمة جنوبي إدلب صباح اليوم وقتل مدنيان"


def test_clean_text_strips_nuls_and_replaces_lone_surrogates() -> None:
    assert clean_text("a\x00b\ud800c") == ("ab\ufffdc", ("nul", "surrogate"))
    assert clean_text(REPORT) == (REPORT, ())


def test_article_in_holds_only_storable_values() -> None:
    item = ArticleIn(1, id="x\x00" + "y" * 5000, text="\x00" + REPORT, title="\udc80",
                     url="https://e.org/" + "z" * 3000, published=date(1, 1, 1))
    assert item.text == REPORT and item.title == "\ufffd" and item.url is None and item.published is None
    assert len(item.id.encode()) <= MAX_KEY_BYTES and item.id.startswith("xyyy")
    assert item.repairs == ("nul", "surrogate", "long_id", "long_url", "implausible_date")
    assert ArticleIn(1, id="a", text=REPORT).repairs == ()


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1899-12-31T23:00:00", "2101-01-01", "junk", 20240101])
def test_parse_date_refuses_implausible_years(value: object) -> None:
    assert parse_date(value) is None


def test_parse_date_keeps_the_years_it_accepts() -> None:
    assert parse_date("1900-01-01") == date(1900, 1, 1)
    assert parse_date("2100-12-31T23:59:59+14:00") == date(2100, 12, 31)


def test_bad_lines_are_rejected_with_their_reason_and_the_rest_read() -> None:
    lines = [b'{"id": "a", "text": "t", "published": "0001-01-01"}', b"[" * 5000,
             b'{"id": "b", "text": "t", "n": ' + b"9" * 5000 + b"}", b'{"id": true, "text": "t"}',
             b'{"id": "c", "text": "t"}']
    got = list(json_lines(lines, source="s", published=None, default_kind=None))
    assert [g.reason for g in got if isinstance(g, Rejected)] == ["bad_date", "malformed", "malformed", "malformed"]
    assert [g.detail.split(": ", 1)[1] for g in got if isinstance(g, Rejected)][1:3] == [
        "JSON nested too deep", "a number too long to read"]
    assert isinstance(got[-1], ArticleIn) and got[-1].id == "c"


def test_a_stray_byte_in_arabic_utf8_is_one_replacement_not_another_encoding() -> None:
    assert decode(REPORT.encode()[:-1]) == REPORT[:-1] + "\ufffd"
    assert decode(REPORT.encode("cp1256")) == REPORT


def test_extract_rejects_an_implausible_publication_date() -> None:
    assert extract(REPORT, published=date(1, 1, 1)).rejection == "bad_date"
    assert extract(REPORT, published=date(2100, 12, 31)).events


def test_a_number_of_thousands_of_digits_in_text_is_no_count() -> None:
    (found,) = extract(REPORT.replace("مدنيان", "9" * 5000 + " مدنيا"), published=date(2024, 5, 1)).events
    assert found.fatalities is None or found.fatalities < 1_000_000_000


def test_either_store_takes_a_nul_or_surrogate_in_any_text(store: Store) -> None:  # noqa: F811
    text = "قصفت\x00 طائرات\ud800 حربية"
    ev = replace(event("n1", actor1="Some\x00 group", location="Kafr\udfff Nabl",
                       evidence=(Evidence("n1", 0, 5, "trigger", "قصفت\x00"),)))
    done = store.add(ArticleRecord("n1", text=text, title="a\x00b", outlet="o\ud800"), [ev])
    article = store.article("n1")
    assert article is not None and article["text"] == "قصفت\ufffd طائرات\ufffd حربية"
    assert len(article["text"]) == len(text)  # evidence offsets still point into the stored text
    assert store.event(done.events_created[0]) is not None
    assert store.events() and store.search("طائرات")



def test_a_repeated_line_counts_its_repairs_in_a_backfill_chunk(tmp_path: Path) -> None:
    from rasd.batch import Summary, drive
    from rasd.extraction import build_pipeline
    from rasd.runners.chunks import plan
    from tests.conftest import bundled

    line = json.dumps({"id": "a", "text": REPORT + "\x00"}) + "\n"
    src = tmp_path / "in.jsonl"
    src.write_text(line + line.replace('"a"', '"b"'), encoding="utf-8")
    (chunk,) = plan([src], size=10)
    summary = Summary()
    list(drive(chunk.items, build_pipeline(bundled()), summary))
    assert summary.duplicates == 1 and summary.repairs == {"nul": 2}
