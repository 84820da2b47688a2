"""Watches end to end on loopback: a real feed server polled into the store, a real webhook receiver checking the
signature, a real SMTP server, and the Atom feed read back by feedparser; on SQLite and PostgreSQL."""

from __future__ import annotations

import email
import json
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import pytest
from fastapi.testclient import TestClient

from rasd.batch import Summary
from rasd.errors import ConfigError
from rasd.extraction import build_pipeline
from rasd.ingest import watch as poll_feeds
from rasd.settings import Settings
from rasd.sources.feeds import Feed, HttpFetcher
from rasd.store import Store, open_store
from rasd.store.notices import Delivery
from rasd.watches import Watch
from rasd.watches.deliver import Deliverer, DeliveryOptions
from rasd.web.auth import add_user
from tests.conftest import bundled, web_app
from tests.loopback import feed_server, receiver, rss, self_signed, smtp_server
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


PASSWORD = "s3cret-pass-word"  # the loopback SMTP server's


def _mail_once(tmp_path: Path, smtp_port: int, *, tls_context: ssl.SSLContext | None = None,
               **options: Any) -> Delivery:
    """A watch with an e-mail address, a report in its area, one delivery pass with these SMTP options: its log."""
    with open_test_store("sqlite", tmp_path) as store, open_store(store.url) as own:
        add_user(store, "ann", role="reviewer")
        watch = store.save_watch(Watch("Idlib", owner="ann", bbox=IDLIB, email="ann@example.org"))
        with feed_server(rss([("r1", "غارات على سراقب", SARAQIB)])) as feed:
            _poll(store, feed.url)
        smtp = DeliveryOptions(smtp_host="127.0.0.1", smtp_port=smtp_port, timeout=5, **options)
        Deliverer(own, options=smtp, tls_context=tls_context).run_once()
        (delivery,) = store.deliveries(watch.watch_id)
    return delivery


def test_smtp_login_without_tls(tmp_path: Path) -> None:
    with smtp_server(users={"ann-mail": PASSWORD}) as smtp:
        delivery = _mail_once(tmp_path, smtp.port, smtp_user="ann-mail", smtp_password=PASSWORD)
    assert delivery.status == "sent"
    assert smtp.logins == ["ann-mail"] and len(smtp.messages) == 1 and smtp.encrypted == [False]


def test_a_refused_login_is_logged_without_the_password(tmp_path: Path) -> None:
    with smtp_server(users={"ann-mail": "another-password"}) as smtp:
        delivery = _mail_once(tmp_path, smtp.port, smtp_user="ann-mail", smtp_password=PASSWORD)
    assert not smtp.messages and delivery.status == "failed"
    assert "refused the login of 'ann-mail'" in delivery.detail and PASSWORD not in delivery.detail
    options = DeliveryOptions(smtp_user="ann-mail", smtp_password=PASSWORD)
    assert PASSWORD not in repr(options) and options.masked(f"echo {PASSWORD}") == "echo ***"
    with pytest.raises(ConfigError, match="smtp_tls='ssl' is not one of none, starttls, tls"):
        DeliveryOptions(smtp_tls="ssl")


def test_rasd_settings_masks_the_smtp_password(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from rasd.cli import main

    monkeypatch.setenv("RASD_SMTP_PASSWORD", PASSWORD)
    monkeypatch.setenv("RASD_SMTP_USER", "ann-mail")
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    assert "smtp_password = ***" in out and "smtp_user = 'ann-mail'" in out and PASSWORD not in out
    assert PASSWORD not in repr(Settings.load()) and Settings.load().smtp_password == PASSWORD


def _certificate(tmp_path: Path) -> tuple[Path, Path]:
    cert = self_signed(tmp_path)
    if cert is None:
        pytest.skip("no openssl command to make the test server's certificate; login without TLS is tested alone")
    return cert


@pytest.mark.parametrize("mode", ["starttls", "tls"])
def test_smtp_login_over_tls(mode: str, tmp_path: Path) -> None:
    cert = _certificate(tmp_path)
    trusted = ssl.create_default_context(cafile=str(cert[0]))
    with smtp_server(users={"ann-mail": PASSWORD}, tls=mode, cert=cert) as smtp:
        delivery = _mail_once(tmp_path, smtp.port, smtp_user="ann-mail", smtp_password=PASSWORD, smtp_tls=mode,
                              tls_context=trusted)
    assert delivery.status == "sent", delivery.detail
    assert smtp.logins == ["ann-mail"] and smtp.encrypted == [True]


def test_an_untrusted_smtp_certificate_is_refused(tmp_path: Path) -> None:
    cert = _certificate(tmp_path)
    with smtp_server(users={"ann-mail": PASSWORD}, tls="starttls", cert=cert) as smtp:
        delivery = _mail_once(tmp_path, smtp.port, smtp_user="ann-mail", smtp_password=PASSWORD, smtp_tls="starttls")
    assert not smtp.messages and not smtp.logins and delivery.status == "failed"
    assert "CERTIFICATE_VERIFY_FAILED" in delivery.detail and PASSWORD not in delivery.detail


def test_the_feed_links_to_the_public_url(tmp_path: Path) -> None:
    from rasd.store.base import ArticleRecord
    from tests.test_api import _event

    with open_test_store("sqlite", tmp_path) as store:
        token = add_user(store, "ann", role="reviewer").token
        store.save_watch(Watch("Idlib", owner="ann", bbox=IDLIB))
        day = datetime.now(UTC).date()
        store.add(ArticleRecord("a1", text=SARAQIB, title="غارات", outlet="مرصد", published=day),
                  [_event("a1", SARAQIB, day=day, sub="Air/drone strike", kind="Explosions/Remote violence",
                          place=("Saraqib", "سراقب", 35.86, 36.8, "Idlib"), actor1="Military Forces of Syria",
                          fatalities=4, confidence=0.8, precision=1, pieces=(("غارات جوية", "trigger"),),
                          outlet="مرصد", url=None)])
        Deliverer(store).run_once()
        app = web_app(store, public_url="https://rasd.example.org/")
        with TestClient(app, base_url="http://10.0.0.7:8000") as client:
            (mine,) = client.get("/api/watches", headers={"Authorization": f"Bearer {token}"}).json()
            assert mine["feed_url"].startswith("https://rasd.example.org/api/watches/")
            feed = client.get(mine["feed_url"].removeprefix("https://rasd.example.org"))
        parsed = feedparser.parse(feed.content)
    (entry,) = parsed.entries
    assert entry.link.startswith("https://rasd.example.org/?event=")
    assert parsed.feed.links[0].href == mine["feed_url"] and "10.0.0.7" not in feed.text
