"""`rasd ingest`: files of each kind into the store, idempotent re-runs, and a run killed midway."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from rasd.batch import Summary
from rasd.extraction import build_pipeline, extract
from rasd.ingest import ingest
from rasd.sources.files import read_articles
from rasd.sources.html import publication, published_from_text, published_from_url
from rasd.store import open_store
from tests.conftest import bundled

PLACES = ["كفرنبل", "سراقب", "أريحا", "معرة النعمان", "جسر الشغور", "الأتارب", "بنش", "سرمين", "تفتناز", "دارة عزة"]
NUMBERS = ["ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]
MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران"]


def _shown(text: str, *, latest: date | None = None) -> date | None:
    return published_from_text(text, words=bundled().dates, latest=latest)


def _publication(text: str, **given: Any) -> tuple[date | None, str]:
    return publication(text, words=bundled().dates, **given)


def corpus(n: int) -> list[dict[str, str]]:
    """`n` distinct short reports of our own, varied by place, toll and date."""
    rows = []
    for i in range(n):
        place, toll = PLACES[i % len(PLACES)], NUMBERS[(i // len(PLACES)) % len(NUMBERS)]
        day, month = 1 + i % 27, MONTHS[(i // 80) % len(MONTHS)]
        text = (f"قصفت طائرات حربية مدينة {place} في ريف إدلب يوم {day} {month} 2024 ما أدى إلى مقتل {toll} مدنيين "
                f"وإصابة آخرين بجروح، وفق الدفاع المدني في تقريره رقم {i}.")
        rows.append({"id": f"r{i}", "text": text, "outlet": "رصد", "kind": "news_article"})
    return rows


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_each_file_kind_and_an_idempotent_rerun(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "a.jsonl", corpus(3) + [{"id": "bad"}])
    (folder / "b.txt").write_bytes("استهدفت قوات النظام بقذائف المدفعية قرية سفوهن في جبل الزاوية".encode("cp1256"))
    (folder / "c.html").write_text(
        "<html><body><article><p>نشر بتاريخ 14 آذار 2024</p><p>شنت طائرات حربية غارات على بلدة كنصفرة "
        "في جبل الزاوية صباح اليوم ما أدى إلى مقتل ثلاثة مدنيين بينهم طفلان وإصابة آخرين.</p></article></body></html>",
        encoding="utf-8")
    (folder / "d.html").write_text("<html><body><p>قصفت طائرات حربية بلدة البارة في جبل الزاوية ودمرت منازل "
                                   "عدة وأصيب مدنيون بجروح مختلفة.</p></body></html>", encoding="utf-8")
    pipeline = build_pipeline()
    with open_store(str(tmp_path / "s.sqlite"), merge=bundled().merge) as store:
        first = ingest(read_articles(folder), store, pipeline, Summary())
        assert (first.articles, first.stored, first.rejections["malformed"]) == (6, 6, 1)
        assert (store.article("b") or {})["text"].startswith("استهدفت قوات النظام")  # windows-1256 decoded
        assert (store.article("c") or {})["published"] == "2024-03-14"  # Arabic dateline read by rasd
        assert (store.article("d") or {})["published"] is None  # a page without a date stays undated
        counts = (store.count("articles"), store.count("events"), store.count("reports"))
        again = ingest(read_articles(folder), store, pipeline, Summary())
        assert (again.stored, again.duplicates) == (0, 6)
        assert (store.count("articles"), store.count("events"), store.count("reports")) == counts


def test_publication_dates_shown_in_page_text() -> None:
    assert _shown("Ariha TodayNovember 26, 2024 · Shared with Public قصف") == date(2024, 11, 26)
    assert _shown("12:50 PM · Nov 30, 2024 وقتل") == date(2024, 11, 30)
    assert _shown("في 3 كانون الثاني 2023 ثم في 26/11/2024") == date(2024, 11, 26)
    assert _shown("26/11/2024", latest=date(2024, 1, 1)) is None
    assert _shown("الأحد, يناير 22, 2023 | أخبار سوريا") == date(2023, 1, 22)
    assert _shown("#إدلب_20_11_2022 قصف مدفعي على البلدة") == date(2022, 11, 20)


def test_a_byline_stamped_with_its_time_beats_later_dates_of_the_page() -> None:
    # A capture lists newer articles beside the report, each with its day: the byline's stamp is the report's.
    page = ("قصف مدفعي على البلدة\nمراسلنا\n28/11/2021\n\n5:53 م\n\nقتل مدنيان اليوم.\n\nمرتبط\n"
            "خبر آخر\n2023/09/22\nخبر ثالث\n2023/09/22")
    assert _shown(page) == date(2021, 11, 28)
    assert _shown(page.replace("5:53 م", "")) == date(2023, 9, 22)  # no stamp: the latest date
    # A date still to come is no publication date: the page was published before it.
    assert _shown("قتل مدنيان في 20 أيلول 2023، والعمل سيتم تنفيذه بتاريخ 1/10/2023") == date(2023, 9, 20)


def test_a_post_stamp_without_its_year_is_the_latest_such_day() -> None:
    stamp = "مجلس الحيMarch 1 · Shared with Public سقوط قذائف على الحي"
    assert _shown(stamp, latest=date(2026, 11, 25)) == date(2026, 3, 1)
    assert _shown(stamp, latest=date(2026, 2, 1)) == date(2025, 3, 1)
    assert _shown("Nov 30 at 10:15 AM · قصف", latest=date(2026, 1, 5)) == date(2025, 11, 30)
    assert _shown("قتل 3 مدنيين في May 3 قصف", latest=date(2026, 1, 5)) is None  # not a post stamp


def test_a_day_named_with_its_weekday_finds_its_year() -> None:
    friday = "قصفت الطائرات البلدة اليوم الجمعة 6 تشرين الأول وقتل مدنيان"
    # 6 October fell on a Friday in 2017, 2023 and 2028: the one of the six years before 2026 is 2023.
    assert _shown(friday, latest=date(2026, 11, 25)) == date(2023, 10, 6)
    assert _shown(friday.replace("الجمعة", "السبت"), latest=date(2026, 11, 25)) is None  # 2018 only
    assert _shown(friday.replace("اليوم الجمعة ", ""), latest=date(2026, 11, 25)) is None  # no weekday
    assert _shown(friday, latest=date(2029, 1, 1)) is None  # 2023 or 2028
    named = friday + " وهو الهجوم العاشر منذ مطلع العام 2028"
    assert _shown(named, latest=date(2029, 1, 1)) == date(2028, 10, 6)
    # Days found over a year apart: one weekday is a slip or a day of long ago, and neither is trusted.
    apart = friday + "، بعد هجوم مماثل يوم السبت 16 تشرين الأول"  # 16 October: a Saturday in 2021
    assert _shown(apart, latest=date(2026, 11, 25)) is None


def test_where_a_publication_date_comes_from() -> None:
    page = "نشر في 2 تشرين الثاني 2024\nقصفت طائرات حربية بلدة كفرنبل صباح اليوم"
    assert _publication(page, published=date(2024, 11, 3)) == (date(2024, 11, 3), "declared")
    assert _publication(page, published=date(2024, 11, 3), basis="page") == (date(2024, 11, 3), "page")
    # An archive's capture day only bounds the publication day: the page's own date, if shown, comes first.
    assert _publication(page, published=date(2024, 11, 3), basis="archive_capture") == (date(2024, 11, 2), "page")
    assert _publication(page, published=date(2024, 10, 1), basis="archive_capture") == (
        date(2024, 10, 1), "archive_capture")
    assert _publication(page, latest=date(2025, 1, 1)) == (date(2024, 11, 2), "page")
    url = "https://example.org/news/2024/03/14/shelling-report"
    assert _publication("قصف", url=url, latest=date(2025, 1, 1)) == (date(2024, 3, 14), "page")
    assert _publication("قصف", url=url, latest=date(2024, 1, 1)) == (None, "page")  # not after `latest`
    post = "https://x.com/someone/status/1862841598775644229"  # an X post id holds the time it was posted
    assert published_from_url(post, latest=date(2025, 1, 1)) == date(2024, 11, 30)
    assert published_from_url("https://example.org/p/20241130", latest=date(2025, 1, 1)) is None


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # the schema is not there yet


def test_killed_ingest_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    rows = corpus(400)
    source, db = write(tmp_path / "many.jsonl", rows), tmp_path / "kill.sqlite"
    command = [sys.executable, "-m", "rasd.cli", "ingest", str(source), "--db", str(db), "--quiet"]
    proc = subprocess.Popen(command)
    deadline = time.monotonic() + 120
    while _stored(db) < 40 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _stored(db)
    assert 0 < partial < len(rows), "the run was not killed midway; make the corpus larger"
    subprocess.run(command, check=True)
    pipeline = build_pipeline()
    expected = sum(len(extract(r["text"], id=r["id"], pipeline=pipeline).events) for r in rows)
    with open_store(str(db), merge=bundled().merge) as store:
        assert store.count("articles") == len(rows)
        assert store.count("reports") == expected
        assert {store.article(r["id"]) is not None for r in rows} == {True}


def test_the_declared_basis_of_a_publication_date_is_honoured(tmp_path: Path) -> None:
    text = "شنت طائرات حربية غارات على بلدة كنصفرة في جبل الزاوية صباح اليوم ما أدى إلى مقتل ثلاثة مدنيين."
    rows = [{"id": "d", "text": text, "published": "2024-03-14", "kind": "news_article"},
            {"id": "p", "text": "عاجل: " + text, "published": "2024-03-14", "published_basis": "page"},
            {"id": "a", "text": "نشر في 12 آذار 2024\n" + text, "published": "2024-03-14",
             "published_basis": "archive_capture"}]
    source = write(tmp_path / "bases.jsonl", rows)
    with open_store(str(tmp_path / "s.sqlite"), merge=bundled().merge) as store:
        ingest(read_articles(source), store, build_pipeline(), Summary())
        reports = [r for e in store.events() for r in (store.event(e.event_id) or e).reports]
        days = {r.article_id: (r.event["event_date"], "publication date read from the page" in r.event["tags"])
                for r in reports}
        assert days == {"d": ("2024-03-14", False), "p": ("2024-03-14", True), "a": ("2024-03-12", True)}
        assert (store.article("a") or {})["published"] == "2024-03-12"


def test_a_publication_date_read_off_the_page_is_marked_on_its_events(tmp_path: Path) -> None:
    text = ("نشر بتاريخ 14 آذار 2024\nشنت طائرات حربية غارات على بلدة كنصفرة في جبل الزاوية صباح اليوم ما أدى إلى "
            "مقتل ثلاثة مدنيين وإصابة آخرين.")
    source = write(tmp_path / "page.jsonl", [{"id": "p", "text": text, "kind": "news_article"}])
    with open_store(str(tmp_path / "s.sqlite"), merge=bundled().merge) as store:
        ingest(read_articles(source), store, build_pipeline(), Summary())
        (found,) = store.events()
        assert found.data["event_date"] == "2024-03-14"
        assert "publication date read from the page" in found.data["tags"]
