"""Time the map page's first load in a real browser: `rasd dev bench-page --events 1400` (or 100000).

The store is the synthetic one of `rasd bench-api` (filled once, then reused). `rasd serve`'s application runs on a
free local port, and Debian's Chromium, driven by Playwright, opens the page in a fresh context each time (nothing
cached) and waits until the page says it is ready (`performance.mark("rasd:ready")`: the map, the list, the
timeline and the counts drawn). The report gives the median and the slowest of these times, when the document was
parsed, and how many requests and bytes (as sent, compressed) the load took. Nothing here asserts a time.
"""

from __future__ import annotations

import socket
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rasd.actors import load_actors
from rasd.bench.api import fill
from rasd.errors import ConfigError
from rasd.gazetteer import Gazetteer
from rasd.store import open_store

__all__ = ["CHROMIUM", "format_report", "measure"]

CHROMIUM = "/usr/bin/chromium"
_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
# What the page's own clock says about one load: ready, document parsed, and the requests with their sizes.
_FIGURES = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  return {ready_ms: performance.getEntriesByName("rasd:ready")[0].startTime, parsed_ms: nav.domContentLoadedEventEnd,
          requests: 1 + resources.length,
          bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0)};
}"""


@contextmanager
def _serving(db: Path) -> Iterator[str]:
    """`rasd serve`'s application over the store on a free local port, in a thread; yields its address."""
    import uvicorn

    from rasd.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    with open_store(str(db)) as store:
        store.analyze()  # as `rasd serve` does when it starts (a store made before a migration has new indexes)
        app = create_app(store, gazetteer=Gazetteer.load(), actors=load_actors())
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise ConfigError(f"the page's server did not start on port {port}")
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(timeout=10)


def _spread(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 1), "max": round(max(values), 1)}


def measure(db: Path, *, events: int = 1400, repeat: int = 5, browser: str = CHROMIUM,
            viewport: tuple[int, int] = (1366, 800)) -> dict[str, Any]:
    """Fill the store if it is new, then load the page `repeat` times, each in a fresh browser context."""
    from playwright.sync_api import sync_playwright

    if repeat < 1:
        raise ConfigError("--repeat must be at least 1")
    if not Path(browser).exists():
        raise ConfigError(f"no browser at {browser}; install Debian's chromium or give --browser")
    held = fill(db, events=events)
    loads: list[dict[str, Any]] = []
    with _serving(db) as url, sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=browser, args=_ARGS)
        try:
            for _ in range(repeat):
                context = chromium.new_context(viewport={"width": viewport[0], "height": viewport[1]})
                page = context.new_page()
                page.goto(url + "/")
                page.wait_for_selector("body[data-ready=true]", timeout=120_000)
                loads.append(page.evaluate(_FIGURES))
                context.close()
        finally:
            chromium.close()
    return {"db": str(db), "events": held, "viewport": f"{viewport[0]}x{viewport[1]}", "loads": len(loads),
            "ready_ms": _spread([x["ready_ms"] for x in loads]), "parsed_ms": _spread([x["parsed_ms"] for x in loads]),
            "requests": loads[-1]["requests"], "kilobytes": round(loads[-1]["bytes"] / 1024, 1)}


def format_report(report: dict[str, Any]) -> str:
    """A readable summary of the report."""
    ready, parsed = report["ready_ms"], report["parsed_ms"]
    return (f"{report['events']} events in {report['db']}, {report['loads']} first loads at {report['viewport']}\n"
            f"ready: median {ready['median']} ms, slowest {ready['max']} ms "
            f"(document parsed: median {parsed['median']} ms)\n"
            f"{report['requests']} requests, {report['kilobytes']} KB sent")
