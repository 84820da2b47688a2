"""The map page in a real browser: Debian's Chromium driven by Playwright against `rasd serve` on localhost.

It loads the demo reports into a store, sees the map with events, filters by type, opens an event and sees its
Arabic evidence marked in its sentence, shows a hostile article title as plain text, logs in as a reviewer and
confirms an event. Every request the page makes must stay on this machine (the page works offline), no script
error may occur, and no dialog may open by itself. Screenshots go to `artifacts/`.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rasd.extraction import build_pipeline
from rasd.ingest import IngestSummary, ingest
from rasd.sources.files import read_articles
from rasd.store import Store, open_store
from rasd.web.auth import add_user
from tests.conftest import bundled, web_app
from tests.test_api import HOSTILE_TITLE, fill

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def browser_path() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("RASD_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing and RASD_REQUIRE_BROWSER is set; install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium; .ci/run does) and RASD_REQUIRE_BROWSER is unset")
    if not (ROOT / "rasd" / "web" / "static" / "vendor" / "leaflet.js").exists():
        pytest.fail("the map libraries are missing from rasd/web/static/vendor; run `make vendor`")
    return CHROMIUM


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "demo.sqlite"), merge=bundled().merge) as store:
        ingest(read_articles(ROOT / "examples" / "reports.jsonl"), store, build_pipeline(), IngestSummary())
        fill(store)  # our hand-made reports, one with a hostile title
        yield store


@pytest.fixture
def server(demo: Store) -> Iterator[str]:
    import uvicorn


    port = _free_port()
    config = uvicorn.Config(web_app(demo), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


def test_map_filter_evidence_and_review(browser_path: Path, server: str, demo: Store) -> None:
    from playwright.sync_api import expect, sync_playwright

    token = add_user(demo, "reviewer-one", role="reviewer").token
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(browser_path), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
        page.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
        page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))

        def local_only(route: Any) -> None:
            if route.request.url.startswith(server):
                route.continue_()
            else:
                problems.append(f"off-machine request: {route.request.url}")
                route.abort()

        page.route("**/*", local_only)
        try:
            page.goto(server + "/")
            page.wait_for_selector("body[data-ready=true]", timeout=20_000)
            # The map: governorate outlines drawn offline, and events as icons or clusters.
            expect(page.locator("path.leaflet-interactive").first).to_be_visible()
            expect(page.locator("#map .ev, #map .marker-cluster").first).to_be_visible()
            total = page.locator("#event-list li").count()
            assert total >= 8
            page.screenshot(path=str(ARTIFACTS / "web-1-map.png"))

            # Filter by type.
            page.select_option("#f-type", "Protests")
            page.click("#filter-form button[type=submit]")
            expect(page.locator("#list-title")).to_have_text("1 events")
            expect(page.locator("#event-list li .meta")).to_contain_text("As-Suwayda")
            page.screenshot(path=str(ARTIFACTS / "web-2-filtered.png"))
            page.click("#filter-form button[type=reset]")
            expect(page.locator("#event-list li")).to_have_count(total)

            # An event and its Arabic evidence, marked in its sentence, right to left.
            page.locator("#event-list li", has_text="Air/drone strike").first.locator("button").click()
            passage = page.locator("#panel .passage").first
            expect(passage).to_have_attribute("dir", "rtl")
            expect(passage.locator("mark").first).to_be_visible()
            marked = passage.locator("mark").all_text_contents()
            assert any("طائرات" in m or "غارات" in m for m in marked), marked
            expect(page.locator("#panel .notes")).to_have_attribute("dir", "ltr")
            expect(page.locator("#panel .notes")).to_contain_text("Kafr Nabl")
            page.screenshot(path=str(ARTIFACTS / "web-3-event.png"))

            # A hostile article title is shown as text: no script runs, no element is made of it.
            page.click("#panel button.link")
            page.locator("#event-list li", has_text="2024-03-20").locator("button").click()
            expect(page.locator("#panel .article-title").filter(has_text="<script>")).to_have_text(HOSTILE_TITLE)
            assert page.locator("#panel script, #panel img, #panel b").count() == 0

            # Log in as a reviewer and confirm the event.
            page.click("#login-button")
            page.fill("#token", token)
            page.click("#login-form button[type=submit]")
            expect(page.locator("#who")).to_have_text("reviewer-one (reviewer)")
            page.click("#confirm")
            expect(page.locator("#review-state")).to_have_text("confirmed")
            expect(page.locator("#panel .history li").last).to_contain_text("reviewer-one · reviewed (confirmed)")
            page.screenshot(path=str(ARTIFACTS / "web-4-confirmed.png"))
        finally:
            browser.close()
    confirmed = [e for e in demo.events() if e.review_state == "confirmed"]
    assert [(e.data["location"], demo.history(e.event_id)[-1].who) for e in confirmed] == [("Sfuhen", "reviewer-one")]
    assert not problems, problems
