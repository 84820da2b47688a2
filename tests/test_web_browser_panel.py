"""The map page's event panel, timeline, offline map and review comment in Debian's Chromium (see
tests/test_web_browser.py for the server and the page): a many-sourced event stays a short panel with its sources
newest first and each one's toll, its evidence without the page clutter glued to it; the timeline has a dated
axis, follows the data and sets the date filter when a range is brushed on it; the offline map shows the
neighbouring countries and shades the governorates; a review carries a comment. The analyst's and the reviewer's
day at 1366×800 and 390×844 are saved as screenshots in `artifacts/screenshots/`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from rasd.event import Source
from rasd.store import ArticleRecord, EventFilter, Store
from rasd.web.auth import add_user
from tests.test_api import _event
from tests.test_web_browser import ARTIFACTS, DESK, PHONE, Page, browser_path, demo, server

__all__ = ["browser_path", "demo", "server"]  # the fixtures, used by name

RAID = "شنت طائرات حربية غارات على بلدة حزانو في ريف إدلب الشمالي وقتل {n} مدنيين بينهم امرأة"
CLUTTER = " All reactions:27 4 comments"
HAZANO = ("Hazano", "حزانو", 36.06, 36.68, "Idlib")


def _many_sources(store: Store, n: int) -> str:
    """One event told by `n` reports published on successive days, with tolls 1..n; the first glued to clutter."""
    first = date(2024, 6, 1)
    for i in range(n):
        text = RAID.format(n=i + 1) + (CLUTTER if i == 0 else ".")
        event = _event(f"raid-{i}", text, day=first, sub="Air/drone strike", kind="Explosions/Remote violence",
                       place=HAZANO, actor1="Military Forces of Syria", fatalities=i + 1, confidence=0.7,
                       precision=1, pieces=(("شنت طائرات حربية غارات", "trigger"),), outlet=f"outlet {i}", url=None)
        published = (first + timedelta(days=i)).isoformat()
        event = replace(event, sources=(Source(f"raid-{i}", f"outlet {i}", None, published),))
        store.add(ArticleRecord(f"raid-{i}", text=text, title=f"غارة {i}", outlet=f"outlet {i}",
                                published=first + timedelta(days=i), kind="public_facebook_post"), [event])
    (raid,) = [e for e in store.events(EventFilter()) if e.data.get("location") == "Hazano"]
    assert len(store.event(raid.event_id).reports) == n  # type: ignore[union-attr]
    return raid.event_id


def test_a_many_sourced_event_is_a_short_panel(browser_path: Path, server: str, demo: Store) -> None:
    from playwright.sync_api import expect, sync_playwright

    raid = _many_sources(demo, 7)
    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, DESK)
        try:
            page = tab.open(f"{server}/?event={raid}")
            panel = page.locator("#panel")
            expect(panel.locator(".passage").first).to_be_visible()
            # Three passages shown, the others folded; none carries the page's counters.
            expect(panel.locator(".passages > .passage")).to_have_count(3)
            expect(panel.locator(".more-passages summary")).to_have_text("4 more passages")
            assert "reactions" not in panel.locator(".passages").inner_text()
            # The sources folded, newest first, each with its own toll; the event's toll beside all of them.
            expect(panel.locator("#sources summary")).to_have_text("Sources (7)")
            expect(panel.locator("#sources")).not_to_have_attribute("open", "")
            panel.locator("#sources summary").click()
            items = panel.locator("#sources li")
            expect(items.first).to_contain_text("outlet 6, 2024-06-07")
            expect(items.first.locator(".source-toll")).to_have_text(" · 7 killed")
            expect(items.last).to_contain_text("outlet 0, 2024-06-01")
            expect(items.first.locator(".article-title")).to_have_text("غارة 6")
            expect(page.locator("#fatalities-by-source")).to_contain_text("the sources differ: 1–7")
            # What the marks mean, in the panel too: types, approximate places, clusters.
            page.locator("#panel-legend summary").click()
            expect(page.locator("#panel-legend .swatch-cluster")).to_be_visible()
            expect(page.locator("#panel-legend")).to_contain_text("approximate place")
            height = page.evaluate("document.getElementById('panel').scrollHeight")
            assert height < 2500, f"the panel is {height} px high"
            tab.shot("desk-9-many-sources")
        finally:
            tab.browser.close()
    assert not tab.problems, tab.problems


def test_the_timeline_follows_the_data_and_a_brushed_range_sets_the_dates(browser_path: Path, server: str,
                                                                           demo: Store) -> None:
    from playwright.sync_api import expect, sync_playwright

    old = _event("old", RAID.format(n=2) + ".", day=date(2012, 1, 5), sub="Air/drone strike",
                 kind="Explosions/Remote violence", place=HAZANO, actor1="Military Forces of Syria", fatalities=2,
                 confidence=0.7, precision=1, pieces=(("شنت طائرات حربية غارات", "trigger"),), outlet="o", url=None)
    demo.add(ArticleRecord("old", text=RAID.format(n=2) + ".", published=date(2012, 1, 5)), [old])
    days = sorted(d for d, _ in demo.stats("day") if d)
    assert days[0] == "2012-01-05"
    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, DESK)
        try:
            page = tab.open(server + "/")
            # The range starts with the data after the straggler of 2012, which is said to be outside it.
            first_day = page.evaluate("state.days[0]")
            assert first_day == days[1], first_day
            expect(page.locator("#timeline-note")).to_contain_text("1 earlier events (from 2012-01-05)")
            ticks = page.locator("#axis .tick")
            assert ticks.count() >= 2
            assert all(re.search(r"\d", text) for text in ticks.all_text_contents())
            # Four speeds to play at.
            expect(page.locator("#speed option")).to_have_count(4)

            # A range brushed across the bars becomes the date filter; the timeline then spans only it.
            box = page.locator("#histogram").bounding_box()
            assert box
            y = box["y"] + box["height"] / 2
            page.mouse.move(box["x"] + 1, y)
            page.mouse.down()
            page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=5)
            page.mouse.up()
            date_from = page.locator("input[name=date_from]")
            expect(date_from).to_have_value(first_day)
            to = page.locator("input[name=date_to]").input_value()
            assert first_day < to < days[-1]
            expect(page).to_have_url(re.compile(f"date_from={first_day}&date_to={to}"))
            total = demo.total(EventFilter(date_from=date.fromisoformat(first_day), date_to=date.fromisoformat(to)))
            expect(page.locator("#list-title")).to_have_text(f"{total} events")
            assert page.evaluate("state.days[state.days.length - 1]") <= to
            tab.shot("desk-10-brushed")
            page.click("#all-dates")
            expect(date_from).to_have_value("")
            expect(page.locator("#all-dates")).to_be_hidden()
        finally:
            tab.browser.close()
    assert not tab.problems, tab.problems


def test_the_offline_map_shows_the_neighbours_the_open_event_and_shaded_governorates(
        browser_path: Path, server: str, demo: Store) -> None:
    from playwright.sync_api import expect, sync_playwright

    raid = _many_sources(demo, 2)
    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, DESK)
        try:
            page = tab.open(f"{server}/?event={raid}")
            # Natural Earth's countries, offline, under the governorates: Turkey and Iraq are there.
            page.wait_for_selector("body[data-countries=drawn]")
            assert page.locator(".leaflet-countries-pane path").count() > 5
            names = page.evaluate("(() => { const out = []; map.eachLayer((l) => { if (l.feature && l.options.pane"
                                  " === 'countries') out.push(l.feature.properties.name); }); return out; })()")
            assert {"Turkey", "Iraq", "Lebanon", "Jordan"} <= set(names) and "Brazil" not in names
            expect(page.locator(".leaflet-control-attribution")).to_contain_text("Natural Earth")
            # The open event is marked on the map: its icon, and a ring above the clusters.
            expect(page.locator("#map .selected-ring")).to_have_count(1)
            # The cluster bubbles' neutral colour is explained.
            expect(page.locator("#legend .swatch-cluster")).to_be_visible()

            # Governorates shaded by events, with a key; then by fatalities instead.
            page.wait_for_selector("body[data-shading=ready]")
            page.hover(".leaflet-control-layers")
            page.get_by_label("Governorates shaded by events").check()
            expect(page.locator("#shade-legend")).to_contain_text("Events in the governorate")
            fills = page.eval_on_selector_all("path.shaded", "(ps) => ps.map((p) => p.getAttribute('fill'))")
            assert any(f not in ("transparent", None) for f in fills), fills
            page.get_by_label("Governorates shaded by fatalities").check()
            expect(page.get_by_label("Governorates shaded by events")).not_to_be_checked()
            expect(page.locator("#shade-legend")).to_contain_text("Fatalities in the governorate")
            page.mouse.move(5, 5)
            tab.shot("desk-11-shaded")
            page.hover(".leaflet-control-layers")
            page.get_by_label("Governorates shaded by fatalities").uncheck()
            expect(page.locator("#shade-legend")).to_have_count(0)
        finally:
            tab.browser.close()
    assert not tab.problems, tab.problems


def test_a_review_carries_a_comment_into_the_history(browser_path: Path, server: str, demo: Store) -> None:
    from playwright.sync_api import expect, sync_playwright

    token = add_user(demo, "reviewer-two", role="reviewer").token
    raid = _many_sources(demo, 2)
    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, DESK)
        try:
            page = tab.open(f"{server}/?event={raid}")
            _log_in(page, token)
            page.fill("#review-comment", "Two outlets agree on the place; the toll differs.")
            page.click("#reject")
            expect(page.locator("#review-state")).to_have_text("rejected")
            last = page.locator("#panel .history li").last
            expect(last).to_contain_text("reviewer-two · reviewed (rejected)")
            expect(last.locator(".comment")).to_have_text("Two outlets agree on the place; the toll differs.")
            expect(page.locator("#review-comment")).to_have_value("")
        finally:
            tab.browser.close()
    assert demo.history(raid)[-1].detail["note"] == "Two outlets agree on the place; the toll differs."
    assert not tab.problems, tab.problems


def _log_in(page: Any, token: str) -> None:
    from playwright.sync_api import expect

    page.click("#login-button")
    page.fill("#token", token)
    page.click("#login-form button[type=submit]")
    expect(page.locator("#logout-button")).to_be_visible()


SCREENSHOTS = ARTIFACTS / "screenshots"


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_the_analysts_and_the_reviewers_day_in_screenshots(browser_path: Path, server: str, demo: Store,
                                                           viewport: dict[str, int]) -> None:
    from playwright.sync_api import expect, sync_playwright

    size = f"{viewport['width']}x{viewport['height']}"
    phone = viewport is PHONE
    token = add_user(demo, "reviewer-three", role="reviewer").token
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, viewport)
        page = tab.page

        def shot(name: str) -> None:
            page.screenshot(path=str(SCREENSHOTS / f"{size}-{name}.png"))

        def view(name: str) -> None:
            if phone:
                page.click(f"#tabs button[data-view={name}]")

        try:
            # The analyst: open the page, see the newest event first, filter by actor, read an event's evidence.
            tab.open(server + "/")
            shot("analyst-1-open")
            view("list")
            expect(page.locator("#event-list li").first.locator(".when")).to_have_attribute(
                "title", demo.events(EventFilter(sort="-event_date", limit=1))[0].data["event_date"])
            shot("analyst-2-newest")
            view("filters")
            page.fill("#f-actor", "military forces of russia")
            page.click("#filter-form button[type=submit]")
            expect(page.locator("#f-actor")).to_have_value("Military Forces of Russia")
            view("list")
            expect(page.locator("#event-list li").first).to_contain_text("Kafr Nabl")
            shot("analyst-3-filtered")
            page.locator("#event-list li button").first.click()
            expect(page.locator("#panel .passage mark").first).to_be_visible()
            shot("analyst-4-evidence")
            page.click("#close-panel")

            # The reviewer: log in, take the least confident event of the queue (of the filters still set), confirm
            # it with a comment, then see a second review refused because someone else changed the event meanwhile.
            _log_in(page, token)
            view("list")
            page.click("#side-tabs button[data-side=queue]")
            expect(page.locator("#queue-list li").first).to_be_visible()
            shot("reviewer-1-queue")
            page.locator("#queue-list li button").first.click()
            page.fill("#review-comment", "Checked against both outlets.")
            shot("reviewer-2-event")
            page.click("#confirm")
            expect(page.locator("#panel .history .comment").last).to_have_text("Checked against both outlets.")
            shot("reviewer-3-confirmed")
            demo.review(page.evaluate("state.current.event.event_id"), "rejected", who="someone-else")
            page.click("#confirm")
            expect(page.locator("#stale")).to_be_visible()
            expect(page.locator("#review-state")).to_have_text("rejected")
            shot("reviewer-4-conflict")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"the page is {width} px wide in a {viewport['width']} px window"
        finally:
            tab.browser.close()
    assert sorted(p.name for p in SCREENSHOTS.glob(f"{size}-*.png")) == [
        f"{size}-{n}.png" for n in ("analyst-1-open", "analyst-2-newest", "analyst-3-filtered", "analyst-4-evidence",
                                    "reviewer-1-queue", "reviewer-2-event", "reviewer-3-confirmed",
                                    "reviewer-4-conflict")]
    assert not [p for p in tab.problems if "409" not in p], tab.problems
