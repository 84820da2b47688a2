"""Feeds: parsing in several encodings, broken and unreachable feeds, the feed list, and the watch loop."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rasd.batch import Summary
from rasd.errors import ConfigError
from rasd.extraction import build_pipeline
from rasd.ingest import watch
from rasd.sources.feeds import Feed, Fetched, HttpFetcher, MemoryFetcher, load_feeds, parse_feed, poll
from rasd.store import open_store
from tests.conftest import bundled

FEED = Feed("رصد-تجريبي", "https://example.org/rss")
RSS = """<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0"><channel><title>موقع تجريبي</title>
<item><title>غارة على كفرنبل</title><link>https://example.org/1</link><guid>1</guid>
<pubDate>Thu, 14 Mar 2024 01:30:00 +0300</pubDate>
<description>&lt;p&gt;قصفت طائرات حربية بلدة كفرنبل في ريف إدلب الجنوبي اليوم وقتل مدنيان&lt;/p&gt;</description></item>
<item><title>قصف على سراقب</title><link>https://example.org/2</link>
<description>استهدفت قوات النظام مدينة سراقب بقذائف المدفعية أمس</description></item>
</channel></rss>"""


def test_a_feed_kept_in_a_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS.format(encoding="utf-8"), encoding="utf-8")
    polled = poll(Feed("ملف", path.as_uri()), HttpFetcher(), dates=bundled().dates)
    assert polled.problem is None and [i.title for i in polled.items] == ["غارة على كفرنبل", "قصف على سراقب"]


@pytest.mark.parametrize(("declared", "codec"), [("utf-8", "utf-8"), ("windows-1256", "cp1256"),
                                                 ("iso-8859-6", "iso8859_6"), ("", "cp1256")])
def test_feeds_in_arabic_encodings(declared: str, codec: str) -> None:
    body = RSS.format(encoding=declared or "x")
    if not declared:  # an undeclared windows-1256 feed
        body = body.replace(' encoding="x"', "")
    items, problem = parse_feed(body.encode(codec), feed=FEED, dates=bundled().dates)
    assert problem is None
    assert [i.title for i in items] == ["غارة على كفرنبل", "قصف على سراقب"]
    assert items[0].text.startswith("قصفت طائرات حربية بلدة كفرنبل")
    assert items[0].published is not None and items[0].published.isoformat() == "2024-03-14"  # local day, not UTC
    assert items[1].published is None and items[0].url == "https://example.org/1"
    assert items[0].id != items[1].id and items[0].source == FEED.name


def test_broken_and_unreachable_feeds_are_problems_not_errors() -> None:
    fetcher = MemoryFetcher({FEED.url: b"<rss><channel><item><title>\xd9\x82\xd8\xb5\xd9\x81"})
    broken = poll(FEED, fetcher, dates=bundled().dates)
    assert broken.items == () and broken.problem is not None and "well-formed" in broken.problem
    down = poll(FEED, MemoryFetcher({FEED.url: OSError("connection refused")}), dates=bundled().dates, etag="v1")
    assert down.problem is not None and "connection refused" in down.problem and down.etag == "v1"
    assert "404" in (poll(Feed("x", "https://example.org/missing"), fetcher, dates=bundled().dates).problem or "")
    assert poll(FEED, MemoryFetcher({FEED.url: Fetched(304)}), dates=bundled().dates, etag="v1") .etag == "v1"


def test_feed_list(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text('interval = 60\n[[feeds]]\nname = "أ"\nurl = "https://example.org/a"\n'
                    '[[feeds]]\nurl = "https://example.org/b"\nkind = "public_telegram_post"\n', encoding="utf-8")
    feeds = load_feeds(path)
    assert feeds.interval == 60
    assert [(f.name, f.kind) for f in feeds.feeds] == [("أ", "news_article"),
                                                       ("https://example.org/b", "public_telegram_post")]
    path.write_text("[[feeds]]\nname = 'no url'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no url"):
        load_feeds(path)


def test_watch_ingests_new_entries_once_and_survives_a_broken_feed(tmp_path: Path) -> None:
    bad = Feed("معطل", "https://example.org/broken")
    fetcher = MemoryFetcher({FEED.url: RSS.format(encoding="windows-1256").encode("cp1256"), bad.url: b"<html>"})
    waits: list[float] = []
    with open_store(str(tmp_path / "w.sqlite"), merge=bundled().merge) as store:
        summary = watch([bad, FEED], store, build_pipeline(), fetcher, Summary(), interval=5, cycles=2,
                        sleep=waits.append)
        assert (summary.stored, summary.duplicates, summary.feed_errors, waits) == (2, 2, 2, [5])
        assert store.count("articles") == 2 and store.count("events") >= 1
        assert (store.source(FEED.name) or {})["etag"] is not None
    assert fetcher.requests[-1][1] is not None  # the second poll sent the validator of the first


def test_an_entry_without_a_date_is_dated_the_day_it_was_fetched() -> None:
    body = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>"
            "<item><title>قصف على بلدة</title><link>https://example.org/a</link>"
            "<description>قصفت قوات النظام بلدة كفرنبل بالمدفعية.</description></item>"
            "<item><title>غارة</title><link>https://example.org/b</link>"
            "<pubDate>Tue, 05 Mar 2024 10:00:00 +0200</pubDate>"
            "<description>شنت طائرات حربية غارة على مدينة سراقب.</description></item></channel></rss>")
    items, _ = parse_feed(body.encode(), feed=FEED, dates=bundled().dates, fetched=date(2024, 3, 9))
    dated = [(a.published, a.published_basis) for a in items]
    assert dated == [(date(2024, 3, 9), "fetched"), (date(2024, 3, 5), None)]
