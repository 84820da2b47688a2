"""Watches end to end on loopback: a real feed server polled into the store, a real webhook receiver checking the
signature, a real SMTP server, and the Atom feed read back by feedparser; on SQLite and PostgreSQL."""

from __future__ import annotations

import email
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient

from rasd.batch import Summary
from rasd.extraction import build_pipeline
from rasd.ingest import watch as poll_feeds
from rasd.sources.feeds import Feed, HttpFetcher
from rasd.store import Store, open_store
from rasd.watches import Watch
from rasd.watches.deliver import Deliverer, DeliveryOptions
from rasd.web.auth import add_user
from tests.conftest import bundled, web_app
from tests.loopback import feed_server, receiver, rss, smtp_server
from tests.test_store import open_test_store

pytest.importorskip("aiosmtpd")

SARAQIB = ("شنت طائرات حربية غارات جوية على مدينة سراقب في ريف إدلب الشرقي صباح اليوم ما أسفر عن مقتل أربعة "
           "مدنيين وإصابة آخرين بجروح")
BARA = "قصفت قوات النظام بالمدفعية الثقيلة قرية البارة في جبل الزاوية بريف إدلب مساء الثلاثاء ما أدى إلى مقتل طفلين"
IDLIB = (36.0, 35.3, 37.2, 36.3)


@pytest.fixture(params=["sqlite", "postgres"])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """The store ingestion writes to, and the deliverer's own connection to it."""
    with open_test_store(request.param, tmp_path) as store, open_store(store.url) as other:
        yield store, other


def _poll(store: Store, url: str, **options: object) -> Summary:
    """One `rasd watch` poll of the loopback feed."""
    return poll_feeds([Feed("loopback", url)], store, build_pipeline(bundled()), HttpFetcher(timeout=5), Summary(),
                      interval=0, cycles=1, **options)  # type: ignore[arg-type]


def test_a_report_reaches_each_channel_once(stores: tuple[Store, Store]) -> None:
    store, own = stores
    token = add_user(store, "ann", role="reviewer").token
    with feed_server() as feed, receiver() as hook, smtp_server() as smtp:
        watch = store.save_watch(Watch("Idlib", owner="ann", bbox=IDLIB, webhook=hook.url, email="ann@example.org"))
        hook.secret = watch.secret
        store.save_watch(Watch("Aleppo only", owner="ann", admin_units=("Aleppo",), webhook=hook.url))
        feed.body = rss([("r1", "غارات على سراقب", SARAQIB)])
        summary = _poll(store, feed.url)
        assert summary.events_created == 1
        options = DeliveryOptions(base_url="http://rasd.test", smtp_host="127.0.0.1", smtp_port=smtp.port)
        deliverer = Deliverer(own, options=options)
        first = deliverer.run_once()
        assert (first.queued, first.sent, first.failed) == (1, 2, 0)
        _poll(store, feed.url)  # the same feed again: nothing new
        assert deliverer.run_once().sent == 0
    (body, valid), = hook.calls
    assert valid
    notice = json.loads(body)
    event = notice["event"]
    assert (notice["watch"]["id"], notice["notice"]["kind"]) == (watch.watch_id, "new")
    assert event["place"]["location"] == "Saraqib" and event["event_date"] and "Saraqib" in event["summary"]
    assert event["sources"] == [{"outlet": "loopback", "url": "http://127.0.0.1/r1", "published": event["sources"][0][
        "published"]}]
    assert event["link"] == f"http://rasd.test/?event={event['event_id']}"
    (raw,) = smtp.messages
    mail = email.message_from_bytes(raw)
    assert mail["To"] == "ann@example.org" and "Saraqib" in mail["Subject"]
    assert event["link"] in mail.get_payload(decode=True).decode()
    with TestClient(web_app(store)) as client:
        mine = client.get("/api/watches", headers={"Authorization": f"Bearer {token}"}).json()
        url = next(w["feed_url"] for w in mine if w["watch_id"] == watch.watch_id)
        parsed = feedparser.parse(client.get(url).content)
    assert not parsed.bozo
    (entry,) = parsed.entries
    assert entry.title == event["headline"] and entry.link.endswith(f"/?event={event['event_id']}")
    assert "http://127.0.0.1/r1" in [link.href for link in entry.links]
    assert [(d.channel, d.status) for d in store.deliveries(watch.watch_id)] in (
        [("email", "sent"), ("webhook", "sent")], [("webhook", "sent"), ("email", "sent")])


def test_a_failing_receiver_is_retried_with_backoff(stores: tuple[Store, Store]) -> None:
    store, own = stores
    add_user(store, "ann", role="reviewer")
    with feed_server(rss([("r1", "غارات على سراقب", SARAQIB)])) as feed, receiver(statuses=[500, 500]) as hook:
        watch = store.save_watch(Watch("Idlib", owner="ann", bbox=IDLIB, webhook=hook.url))
        hook.secret = watch.secret
        _poll(store, feed.url)
        now = [datetime.now(UTC)]
        deliverer = Deliverer(own, options=DeliveryOptions(retry_seconds=60), clock=lambda: now[0])
        assert deliverer.run_once().failed == 1
        now[0] += timedelta(seconds=59)
        assert deliverer.run_once().failed == 0  # not yet: the first wait is a minute
        now[0] += timedelta(seconds=2)
        assert deliverer.run_once().failed == 1
        now[0] += timedelta(seconds=61)
        assert deliverer.run_once().sent == 0  # the second wait is two minutes
        now[0] += timedelta(seconds=60)
        assert deliverer.run_once().sent == 1
    assert hook.answered == [500, 500, 204] and len(hook.calls) == 1 and hook.calls[0][1]
    log = [(d.attempt, d.status, d.detail) for d in reversed(store.deliveries(watch.watch_id))]
    assert log == [(1, "failed", "HTTP 500"), (2, "failed", "HTTP 500"), (3, "sent", "HTTP 204")]


def test_a_stuck_receiver_never_holds_up_ingestion(stores: tuple[Store, Store]) -> None:
    store, own = stores
    add_user(store, "ann", role="reviewer")
    with feed_server(rss([("r1", "غارات على سراقب", SARAQIB)])) as feed, receiver() as hook:
        import threading

        hook.gate = threading.Event()  # the receiver holds every call until the test opens it
        watch = store.save_watch(Watch("Idlib", owner="ann", bbox=IDLIB, webhook=hook.url))
        hook.secret = watch.secret
        deliverer = Deliverer(own, options=DeliveryOptions(interval=0.05)).start()
        try:
            _poll(store, feed.url, stored=deliverer.wake)
            assert hook.entered.wait(60), "the deliverer never called the receiver"
            # The deliverer is inside a call the receiver holds; ingestion goes on regardless.
            feed.body = rss([("r1", "غارات على سراقب", SARAQIB), ("r2", "قصف على البارة", BARA)])
            summary = _poll(store, feed.url, stored=deliverer.wake)
            assert summary.events_created == 1 and not hook.calls
            assert store.count("events") == 2
        finally:
            hook.gate.set()
            deliverer.stop()
    assert len(hook.calls) >= 1 and all(valid for _, valid in hook.calls)
