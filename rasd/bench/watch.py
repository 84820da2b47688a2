"""Time a report's way to a watch's webhook on loopback: `rasd dev bench-watch`.

Everything is real and local: an RSS feed served over HTTP, `rasd watch`'s polling and extraction into a SQLite
store, the deliverer in its thread as `rasd watch` runs it, and a webhook receiver. Two figures:

- *after ingest*: from the moment a report is stored to the webhook call, as `rasd watch` runs it (the deliverer
  is woken when a poll stored something), and as a separate `rasd ingest` sees it (the deliverer of `rasd serve`
  finds the change on its next pass, every `watch_interval` seconds);
- *from publication*: from a report appearing in the feed to the webhook call, with `rasd watch` polling every
  `interval` seconds (the feed list's default unless told) and reports published at random moments.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

__all__ = ["format_report", "measure"]

# Our own sentences: a strike on a town of Idlib, one report per town so each is an event of its own.
_TOWNS = ("سراقب", "أريحا", "بنش", "تفتناز", "سرمدا", "كفرنبل", "معرة مصرين", "جسر الشغور", "البارة", "خان شيخون",
          "حزانو", "كفر تخاريم")
_REPORT = "شنت طائرات حربية غارات جوية على مدينة {town} في ريف إدلب صباح اليوم ما أسفر عن مقتل {n} مدنيين وإصابة آخرين"
_NUMBERS = ("ثلاثة", "أربعة", "خمسة", "ستة", "سبعة")


class _Site:
    """The feed's items (appended to publish) and the times webhook calls arrived."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.calls: list[float] = []
        self.called = threading.Condition()

    def rss(self) -> bytes:
        date = formatdate(usegmt=True)
        entries = "".join(f"<item><guid>r{n}</guid><title>r{n}</title><link>http://127.0.0.1/r{n}</link>"
                          f"<description>{escape(text)}</description><pubDate>{date}</pubDate></item>"
                          for n, text in enumerate(self.items))
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>bench</title>'
                f"<link>http://127.0.0.1/</link><description>bench</description>{entries}</channel></rss>").encode()

    def wait_calls(self, n: int, timeout: float = 600.0) -> float:
        """The arrival time of the `n`th webhook call."""
        with self.called:
            if not self.called.wait_for(lambda: len(self.calls) >= n, timeout):
                raise TimeoutError(f"webhook call {n} never came")
            return self.calls[n - 1]


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = self.server.site.rss()  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        at = time.perf_counter()
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        site: _Site = self.server.site  # type: ignore[attr-defined]
        with site.called:
            site.calls.append(at)
            site.called.notify_all()
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return None


@contextmanager
def _serving(site: _Site) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.site = site  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _report(n: int) -> str:
    return _REPORT.format(town=_TOWNS[n % len(_TOWNS)], n=_NUMBERS[(n // len(_TOWNS)) % len(_NUMBERS)])


def _summary(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "median_s": round(statistics.median(values), 4), "max_s": round(max(values), 4),
            "min_s": round(min(values), 4)} if values else {"n": 0}


def measure(*, reports: int = 10, published: int = 3, interval: float | None = None, seed: int = 0,
            progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run the three measurements (see the module docstring) and return their medians."""
    from rasd.batch import Summary
    from rasd.extraction import build_pipeline
    from rasd.ingest import watch
    from rasd.resources import Resources
    from rasd.settings import Settings
    from rasd.sources.feeds import DEFAULT_INTERVAL, Feed, HttpFetcher
    from rasd.store import open_store
    from rasd.watches import Watch
    from rasd.watches.deliver import Deliverer, DeliveryOptions
    from rasd.web.auth import add_user

    say = progress or (lambda line: None)
    settings = Settings.load()
    resources = Resources.load(settings)
    pipeline = build_pipeline(resources)
    interval = DEFAULT_INTERVAL if interval is None else interval
    site, rng = _Site(), random.Random(seed)
    out: dict[str, Any] = {"watch_interval_s": settings.watch_interval, "poll_interval_s": interval}
    with tempfile.TemporaryDirectory() as folder, _serving(site) as base:
        db = str(Path(folder) / "bench.sqlite")
        store = open_store(db, merge=resources.merge)
        add_user(store, "bench", role="reviewer")
        store.save_watch(Watch("Idlib", owner="bench", admin_units=("Idlib",), notify=("new", "changes"),
                               webhook=f"{base}/hook"))
        deliverer = Deliverer(open_store(db), options=DeliveryOptions.from_settings(settings)).start()
        feed = [Feed("bench", f"{base}/feed.xml")]
        stored_at: list[float] = []

        def poll(*, wake: bool) -> None:
            def stored() -> None:
                stored_at.append(time.perf_counter())
                if wake:
                    deliverer.wake()
            watch(feed, store, pipeline, HttpFetcher(), Summary(), interval=0, cycles=1, stored=stored)

        try:
            for wake, name in ((True, "after_ingest_watch"), (False, "after_ingest_other_process")):
                latencies = []
                for _ in range(reports):
                    site.items.append(_report(len(site.items)))
                    poll(wake=wake)
                    latencies.append(site.wait_calls(len(site.items)) - stored_at[-1])
                out[name] = _summary(latencies)
                say(f"{name}: {out[name]}")
            out["from_publication"] = _from_publication(site, rng, published, interval, feed, store, pipeline,
                                                        deliverer)
            say(f"from_publication: {out['from_publication']}")
        finally:
            deliverer.stop()
            deliverer.store.close()
            store.close()
    return out


def _from_publication(site: _Site, rng: random.Random, n: int, interval: float, feed: Any, store: Any,
                      pipeline: Any, deliverer: Any) -> dict[str, float]:
    """Publish `n` reports at random moments while `rasd watch` polls every `interval` seconds."""
    from rasd.batch import Summary
    from rasd.ingest import watch
    from rasd.sources.feeds import HttpFetcher

    stop = threading.Event()

    def sleep(seconds: float) -> None:
        if stop.wait(seconds):
            raise InterruptedError

    def run() -> None:
        with suppress(InterruptedError):
            watch(feed, store, pipeline, HttpFetcher(), Summary(), interval=interval, sleep=sleep,
                  stored=deliverer.wake)

    poller = threading.Thread(target=run, daemon=True)
    poller.start()
    latencies = []
    try:
        for _ in range(n):
            time.sleep(rng.uniform(0, interval))
            site.items.append(_report(len(site.items)))
            published = time.perf_counter()
            latencies.append(site.wait_calls(len(site.items), timeout=interval * 3 + 120) - published)
    finally:
        stop.set()
        poller.join(120)
    return _summary(latencies)


def format_report(report: dict[str, Any]) -> str:
    """The figures as lines of text."""
    lines = [f"deliverer pass every {report['watch_interval_s']} s; feed polled every {report['poll_interval_s']} s"]
    for name, label in (("after_ingest_watch", "stored -> webhook, rasd watch (wakes the deliverer)"),
                        ("after_ingest_other_process", "stored -> webhook, rasd ingest + serve's deliverer"),
                        ("from_publication", "in the feed -> webhook, rasd watch polling")):
        row = report.get(name, {})
        if row.get("n"):
            lines.append(f"{label}: median {row['median_s']:.3f} s, max {row['max_s']:.3f} s (n={row['n']})")
    return "\n".join(lines)
