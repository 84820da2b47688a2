"""The map page in a real browser: Debian's Chromium driven by Playwright against `rasd serve` on localhost.

It loads the demo reports into a store, sees the map with events, filters by type, opens an event and sees its
Arabic evidence marked in its sentence, shows a hostile article title as plain text, logs in as a reviewer and
confirms an event. On a desk (1366×800) and a phone (390×844) it finds the newest event first, sees a new event
announced without a reload, follows a shared link (filters, event, map view, Arabic interface), filters by actor
and district, and is told why a reversed date range finds nothing; a country chosen narrows the governorates and
the list and stays in the address. Every request the page makes must stay on this machine (the page works
offline), no script error may occur, and no dialog may open by itself.
Screenshots go to `artifacts/`.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from rasd.batch import Summary
from rasd.extraction import build_pipeline
from rasd.ingest import ingest
from rasd.sources.files import read_articles
from rasd.store import ArticleRecord, EventFilter, Store, open_store
from rasd.web.auth import add_user
from tests.conftest import bundled, web_app
from tests.test_api import HOSTILE_TITLE, _event, fill

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
DESK = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
MOSUL = "قالت الشرطة إن عبوة ناسفة انفجرت بسيارة في حي الزهور بمدينة الموصل وقتل شخصان."
NEWS = "أفادت مصادر محلية بأن قصفا مدفعيا استهدف بلدة معرة مصرين في ريف إدلب الشمالي ظهر اليوم."
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
        ingest(read_articles(ROOT / "examples" / "reports.jsonl"), store, build_pipeline(), Summary())
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
    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, {"width": 1400, "height": 900})
        page, problems = tab.page, tab.problems
        try:
            tab.open(server + "/")
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
            expect(page.locator("#fatalities-by-source")).to_contain_text("مرصد 3")  # each source's toll beside it
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
            tab.browser.close()
    confirmed = [e for e in demo.events() if e.review_state == "confirmed"]
    assert [(e.data["location"], demo.history(e.event_id)[-1].who) for e in confirmed] == [("Sfuhen", "reviewer-one")]
    assert not problems, problems


class Page:
    """A Chromium page on the server that records script errors, dialogs and requests leaving the machine."""

    def __init__(self, pw: Any, browser_path: Path, server: str, viewport: dict[str, int], *,
                 init_script: str | None = None) -> None:
        self.problems: list[str] = []
        self.browser = pw.chromium.launch(executable_path=str(browser_path), args=ARGS)
        self.page = self.browser.new_page(viewport=viewport)
        page, problems = self.page, self.problems
        if init_script:
            page.add_init_script(init_script)
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

    def open(self, url: str) -> Any:
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready=true]", timeout=20_000)
        return self.page

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"))


def _newest(store: Store) -> str:
    return store.events(EventFilter(sort="-event_date", limit=1))[0].data["event_date"]


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_newest_first_and_new_events_without_a_reload(browser_path: Path, server: str, demo: Store,
                                                      viewport: dict[str, int]) -> None:
    from playwright.sync_api import expect, sync_playwright

    name = "desk" if viewport is DESK else "phone"
    total = demo.total()
    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, viewport, init_script="window.RASD_POLL_MS = 300;")
        try:
            page = tab.open(server + "/")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"the page is {width} px wide in a {viewport['width']} px window"
            expect(page.locator("#login-button")).to_be_in_viewport()
            if viewport is PHONE:
                expect(page.locator("#map")).to_be_visible()
                expect(page.locator("#event-list")).to_be_hidden()
                map_box = page.locator("#map").bounding_box()
                assert map_box and map_box["width"] == viewport["width"] and map_box["height"] > 400
                tab.shot(f"{name}-1-map")
                page.click("#tabs button[data-view=list]")
            expect(page.locator("#list-title")).to_have_text(f"{total} events")
            first = page.locator("#event-list li").first
            expect(first.locator(".when")).to_have_attribute("title", _newest(demo))
            tab.shot(f"{name}-2-list")

            # A report arrives: the page says so without a reload, and shows it first when asked.
            today = datetime.now(UTC).date()
            demo.add(ArticleRecord("fresh", text=NEWS, title="قصف معرة مصرين", outlet="مرصد", published=today),
                     [_event("fresh", NEWS, day=today, sub="Shelling/artillery/missile attack",
                             kind="Explosions/Remote violence", place=("Maarrat Misrin", "معرة مصرين", 36.0124,
                                                                       36.6719, "Idlib"),
                             actor1="Military Forces of Syria", fatalities=0, confidence=0.6, precision=1,
                             pieces=(("قصفا مدفعيا", "trigger"),), outlet="مرصد", url=None)])
            expect(page.locator("#new-notice")).to_have_text("1 new event — show it", timeout=30_000)
            tab.shot(f"{name}-3-new")
            page.click("#new-notice")
            expect(page.locator("#list-title")).to_have_text(f"{total + 1} events")
            expect(first.locator(".when")).to_have_text("today")
            expect(first).to_contain_text(re.compile(r"changed (now|\d+ seconds? ago)"))  # a moment ago, however busy
            expect(page.locator("#new-notice")).to_be_hidden()

            # The event: a full sheet on a phone, with the page still no wider than the screen.
            first.locator("button").click()
            expect(page.locator("#panel .passage").first).to_be_visible()
            panel = page.locator("#panel").bounding_box()
            if viewport is PHONE:
                assert panel and panel["width"] == viewport["width"] and panel["x"] == 0
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            tab.shot(f"{name}-4-event")
            page.click("#close-panel")
            expect(page.locator("#event-list")).to_be_visible()
        finally:
            tab.browser.close()
    assert not tab.problems, tab.problems


def test_shared_links_actor_district_and_reversed_ranges(browser_path: Path, server: str, demo: Store) -> None:
    from playwright.sync_api import expect, sync_playwright

    protest = demo.events(EventFilter(event_types=("Protests",)))[0].event_id
    rejected = demo.events(EventFilter(actor="Military Forces of Syria"))[0].event_id
    demo.review(rejected, "rejected", who="someone")
    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, DESK)
        try:
            # A shared link: its filters, event, map view and language come back as they were.
            page = tab.open(f"{server}/?event_type=Protests&lang=ar&at=10/32.7090/36.5695&event={protest}")
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
            expect(page.locator("html")).to_have_attribute("lang", "ar")
            expect(page.locator("#f-type")).to_have_value("Protests")
            expect(page.locator("#panel h2")).to_contain_text("Peaceful protest")
            assert page.evaluate("map.getZoom()") == 10
            expect(page.locator("#map .selected-ring")).to_have_count(1)
            tab.shot("desk-5-shared-arabic")
            page.click("#lang-button")
            expect(page.locator("html")).to_have_attribute("dir", "ltr")
            assert "event=" in page.url and "event_type=Protests" in page.url and "lang=" not in page.url
            page.click("#close-panel")
            assert "event=" not in page.url

            # An actor typed in another case, then an actor named in Arabic, found through suggestions.
            page.click("#filter-form button[type=reset]")
            page.fill("#f-actor", "military forces of russia")
            page.click("#filter-form button[type=submit]")
            expect(page.locator("#f-actor")).to_have_value("Military Forces of Russia")
            expect(page.locator("#event-list li .meta").first).to_contain_text("Kafr Nabl")
            assert "actor=Military+Forces+of+Russia" in page.url
            page.fill("#f-actor", "روسي")
            page.click("#filter-form button[type=submit]")
            expect(page.locator("#f-actor")).to_have_value("Military Forces of Russia")
            page.fill("#f-actor", "nobody we know")
            page.click("#filter-form button[type=submit]")
            expect(page.locator("#filter-error")).to_contain_text("No actor is called")

            # A district, and a minimum of fatalities.
            page.fill("#f-actor", "")
            district = next(e.data["admin2"] for e in demo.events(EventFilter(admin1="Aleppo", min_fatalities=1)))
            page.select_option("#f-admin1", "Aleppo")
            page.select_option("#f-admin2", district)
            page.fill("input[name=min_fatalities]", "1")
            page.click("#filter-form button[type=submit]")
            expect(page.locator("#filter-error")).to_be_hidden()
            assert "admin2=" in page.url and "min_fatalities=1" in page.url
            assert demo.total(EventFilter(admin1="Aleppo", admin2=district, min_fatalities=1)) == 1
            expect(page.locator("#list-title")).to_have_text("1 events")
            expect(page.locator("#event-list li .meta")).to_contain_text(district)

            # A reversed range is explained, not silently empty; quick ranges end today.
            page.click("#filter-form button[type=reset]")
            page.fill("input[name=date_from]", "2024-05-01")
            page.fill("input[name=date_to]", "2024-03-01")
            page.click("#filter-form button[type=submit]")
            expect(page.locator("#filter-error")).to_contain_text("is after the end date")
            tab.shot("desk-6-bad-range")
            page.click("#filter-form .quick button[data-days='7']")
            expect(page.locator("input[name=date_to]")).to_have_value(datetime.now().date().isoformat())
            expect(page.locator("#filter-error")).to_be_hidden()

            # A rejected event looks different, in the list and on the map; dark mode swaps the colours.
            page.click("#filter-form button[type=reset]")
            expect(page.locator("#event-list li.rejected")).to_have_count(1)
            page.click("#theme-button")
            expect(page.locator("html")).to_have_attribute("data-theme", "dark")
            tab.shot("desk-7-dark")
        finally:
            tab.browser.close()
    assert not tab.problems, tab.problems


def _bar(page: Any, chart: str) -> dict[str, float]:
    """The middle of the first bar of a chart's first series, in the page."""
    box = page.locator(f"#{chart}").bounding_box()
    x, y = page.evaluate("(id) => { const p = Chart.getChart(id).getDatasetMeta(0).data[0].getCenterPoint();"
                         " return [p.x, p.y]; }", chart)
    return {"x": box["x"] + x, "y": box["y"] + y}


def test_a_country_filters_the_list_and_stays_in_the_address(browser_path: Path, server: str, demo: Store) -> None:
    from playwright.sync_api import expect, sync_playwright

    mosul = replace(_event("mosul", MOSUL, day=date(2024, 4, 2), sub="Remote explosive/landmine/IED",
                           kind="Explosions/Remote violence", place=("Mosul", "الموصل", 36.34, 43.13, "Nineveh"),
                           actor1="Unidentified Armed Group (Iraq)", fatalities=2, confidence=0.7, precision=1,
                           pieces=(("عبوة ناسفة انفجرت", "trigger"),), outlet="مرصد", url=None),
                    country="Iraq", iso=368, actor2="Civilians (Iraq)")
    demo.add(ArticleRecord("mosul", text=MOSUL, title="عبوة في الموصل", outlet="مرصد", published=date(2024, 4, 2)),
             [mosul])
    total, in_syria = demo.total(), demo.total(EventFilter(country="Syria"))
    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, DESK)
        try:
            page = tab.open(server + "/")
            expect(page.locator("#list-title")).to_have_text(f"{total} events")
            page.select_option("#f-country", "Iraq")
            expect(page.locator("#f-admin1 option")).to_have_text(["any", "Nineveh"])  # its governorates only
            page.click("#filter-form button[type=submit]")
            expect(page.locator("#list-title")).to_have_text("1 events")
            expect(page.locator("#event-list li .meta").first).to_contain_text("Mosul")
            expect(page).to_have_url(re.compile(r"[?&]country=Iraq(&|$)"))

            # The address keeps it: a reload (or the link shared) shows the same country and events, in Arabic too.
            page = tab.open(page.url + "&lang=ar")
            expect(page.locator("#f-country")).to_have_value("Iraq")
            expect(page.locator("label:has(#f-country) span")).to_have_text("البلد")
            expect(page.locator("#event-list li")).to_have_count(1)
            page.select_option("#f-country", "Syria")
            page.click("#filter-form button[type=submit]")
            expect(page).to_have_url(re.compile(r"[?&]country=Syria(&|$)"))
            expect(page.locator("#list-title")).to_contain_text(str(in_syria))
            tab.shot("desk-country")
        finally:
            tab.browser.close()
    assert not tab.problems, tab.problems


def test_charts_follow_the_filters_and_a_bar_click_filters(browser_path: Path, server: str, demo: Store) -> None:
    from playwright.sync_api import expect, sync_playwright

    top = max(((k, n) for k, n in demo.stats("admin1") if k), key=lambda kn: kn[1])
    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, DESK)
        try:
            page = tab.open(server + "/")
            page.click("#side-tabs button[data-side=charts]")
            page.wait_for_selector("body[data-charts=drawn]")
            assert "side=charts" in page.url
            drawn = page.evaluate("Chart.getChart('chart-time').data.datasets"
                                  ".map((d) => d.data.reduce((a, b) => a + b))")
            assert sum(drawn) == sum(n for d, n in demo.stats("day") if d)
            labels = page.evaluate("Chart.getChart('chart-governorate').data.labels")
            assert labels[0] == top[0]
            expect(page.locator("#chart-governorate")).to_have_attribute("aria-label", re.compile(top[0]))
            tab.shot("desk-8-charts")

            # A governorate's bar sets the governorate filter; the list and the other charts follow it.
            page.evaluate("document.body.dataset.charts = ''")
            page.mouse.click(**_bar(page, "chart-governorate"))
            expect(page.locator("#f-admin1")).to_have_value(top[0])
            expect(page).to_have_url(re.compile(f"admin1={top[0]}"))
            page.wait_for_selector("body[data-charts=drawn]")
            assert page.evaluate("Chart.getChart('chart-governorate').data.labels") == [top[0]]
            expect(page.locator("#weekly-csv")).to_have_attribute("href", re.compile(f"weekly.csv\\?admin1={top[0]}"))

            # A bar of the time chart sets its period's dates and its type.
            page.select_option("#chart-period", "month")
            page.wait_for_selector("body[data-charts=drawn]")
            page.mouse.click(**_bar(page, "chart-time"))
            expect(page.locator("input[name=date_from]")).to_have_value(re.compile(r"^\d{4}-\d{2}-01$"))
            expect(page.locator("#f-type")).not_to_have_value("")
            page.click("#side-tabs button[data-side=list]")
            expect(page.locator("#list-title")).to_contain_text("events")
            assert "side=" not in page.url
        finally:
            tab.browser.close()
    assert not tab.problems, tab.problems


def test_bench_page_times_first_loads_of_a_small_store(browser_path: Path, tmp_path: Path) -> None:
    from rasd.bench.page import format_report, measure

    report = measure(tmp_path / "page.sqlite", events=300, repeat=2, browser=str(browser_path))
    assert (report["events"], report["loads"]) == (300, 2)
    assert 0 < report["parsed_ms"]["median"] <= report["ready_ms"]["median"] <= report["ready_ms"]["max"]
    assert report["requests"] > 10 and report["kilobytes"] > 0
    assert "first loads at 1366x800" in format_report(report)


def test_watch_the_map_area_from_the_page(browser_path: Path, server: str, demo: Store) -> None:
    from playwright.sync_api import expect, sync_playwright

    from rasd.watches import Watch

    token = add_user(demo, "amal", role="reviewer").token
    other = add_user(demo, "basil", role="reviewer").token
    demo.save_watch(Watch("Basil's road", owner="basil", admin_units=("Aleppo",)))
    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, DESK)
        try:
            page = tab.open(f"{server}/?at=9/35.80/36.60")
            expect(page.locator("#watch-add")).to_be_disabled()
            expect(page.locator("#watch-hint")).to_be_visible()
            page.click("#login-button")
            page.fill("#token", token)
            page.click("#login-form button[type=submit]")
            expect(page.locator("#watch-add")).to_be_enabled()
            expect(page.locator("#watch-none")).to_be_visible()

            # Watch the visible area, with the filters' type: it is listed with its conditions and Atom feed.
            page.select_option("#f-type", "Explosions/Remote violence")
            page.fill("#watch-form input[name=name]", "Idlib south")
            page.fill("#watch-form input[name=email]", "amal@example.org")
            page.click("#watch-add")
            item = page.locator("#watch-list li.watch")
            expect(item).to_have_count(1)
            expect(item.locator(".watch-name")).to_have_text("Idlib south")
            expect(item.locator(".watch-conditions")).to_contain_text("Explosions/Remote violence")
            expect(item.locator(".watch-channels")).to_contain_text("amal@example.org")
            feed = item.locator("a.watch-feed")
            expect(feed).to_have_text("Atom feed")
            expect(feed).to_have_attribute("href", re.compile(r"/api/watches/w-[0-9a-f]+/feed\.atom\?token=."))
            answer = page.request.get(feed.get_attribute("href") or "")
            assert answer.ok and b"<feed" in answer.body()
            (watch,) = demo.watches("amal")
            west, south, east, north = page.evaluate("[map.getBounds().getWest(), map.getBounds().getSouth(), "
                                                     "map.getBounds().getEast(), map.getBounds().getNorth()]")
            assert watch.bbox == pytest.approx((west, south, east, north))
            assert watch.event_types == ("Explosions/Remote violence",) and watch.email == "amal@example.org"
            item.locator("details.watch-log summary").click()
            expect(item.locator(".watch-log")).to_contain_text("Nothing delivered yet.")
            tab.shot("desk-watch-1-listed")

            # Change it: a new name and a daily digest; its area stays.
            item.locator("button.watch-edit").click()
            expect(page.locator("#watch-add")).to_have_text("Save changes")
            page.fill("#watch-form input[name=name]", "Idlib south and east")
            page.select_option("#watch-form select[name=digest]", "daily")
            page.click("#watch-add")
            expect(item.locator(".watch-name")).to_have_text("Idlib south and east")
            expect(item.locator(".watch-channels")).to_contain_text("daily digest")
            expect(page.locator("#watch-reset-area")).to_be_hidden()
            (changed,) = demo.watches("amal")
            assert (changed.watch_id, changed.bbox, changed.digest) == (watch.watch_id, watch.bbox, "daily")

            # In Arabic, the form and the list speak Arabic.
            page.click("#lang-button")
            expect(page.locator("#watch-title")).to_have_text("راقب هذه المنطقة")
            expect(page.locator("#watch-add")).to_have_text("راقب منطقة الخريطة")
            expect(page.locator("label:has(input[name=email]) span")).to_have_text("البريد الإلكتروني")
            expect(item.locator("a.watch-feed")).to_have_text("موجز Atom")
            expect(item.locator("button.watch-remove")).to_have_text("حذف")
            tab.shot("desk-watch-2-arabic")
            page.click("#lang-button")

            # Basil's watch is never shown to Amal; logged out, Amal's is gone from the page too.
            expect(page.locator("#watch-list")).not_to_contain_text("Basil")
            page.click("#logout-button")
            expect(item).to_have_count(0)
            page.click("#login-button")
            page.fill("#token", other)
            page.click("#login-form button[type=submit]")
            expect(item).to_have_count(1)
            expect(item.locator(".watch-name")).to_have_text("Basil's road")
            page.click("#logout-button")
            page.click("#login-button")
            page.fill("#token", token)
            page.click("#login-form button[type=submit]")

            # Remove it.
            expect(item.locator(".watch-name")).to_have_text("Idlib south and east")
            item.locator("button.watch-remove").click()
            expect(item).to_have_count(0)
            expect(page.locator("#watch-none")).to_be_visible()
        finally:
            tab.browser.close()
    assert demo.watches("amal") == [] and len(demo.watches("basil")) == 1
    assert not tab.problems, tab.problems
