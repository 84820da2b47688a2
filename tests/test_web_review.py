"""The reviewer's morning in a real browser (Debian's Chromium driven by Playwright): the queue, least confident
first, worked with the keyboard (j/k, c, r, e, u and ? for the shortcuts), an edit whose history says what changed,
and a review refused because another reviewer changed the event meanwhile; then axe-core checks every view of the
page on a desk and a phone. Screenshots go to `artifacts/`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rasd.store import EventFilter, Store
from rasd.web.auth import add_user
from tests.test_web_browser import DESK, PHONE, Page, browser_path, demo, server  # noqa: F401  (fixtures)


def _pending(store: Store) -> list[str]:
    """The queue as the page lists it: pending events, least confident first."""
    return [e.event_id for e in store.events(EventFilter(review_states=("pending",), sort="confidence", limit=1000))]


def test_the_queue_with_shortcuts_a_diff_in_the_history_and_a_refused_stale_review(
        browser_path: Path, server: str, demo: Store) -> None:  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    token = add_user(demo, "reviewer-one", role="reviewer").token
    queued = _pending(demo)
    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, DESK)
        try:
            page = tab.open(server + "/?side=queue")
            page.click("#login-button")
            page.fill("#token", token)
            page.click("#login-form button[type=submit]")
            expect(page.locator("#who")).to_have_text("reviewer-one (reviewer)")
            expect(page.locator("#queue-note")).to_have_text(f"{len(queued)} to review, least confident first")
            expect(page.locator("#queue-list li").first).to_have_attribute("data-event-id", queued[0])

            # ? shows the shortcuts; Escape closes them.
            page.keyboard.press("?")
            expect(page.locator("#help")).to_be_visible()
            expect(page.locator("#help")).to_contain_text("confirm the open event")
            tab.shot("desk-9-shortcuts")
            page.keyboard.press("Escape")
            expect(page.locator("#help")).to_be_hidden()

            # j opens the least confident event; c confirms it and opens the next one.
            page.keyboard.press("j")
            expect(page.locator("#queue-note")).to_have_text(f"1 of {len(queued)} to review")
            expect(page.locator("#panel")).to_be_visible()
            page.keyboard.press("c")
            expect(page.locator("#queue-note")).to_have_text(f"1 of {len(queued) - 1} to review")
            assert demo.event(queued[0]).review_state == "confirmed"  # type: ignore[union-attr]
            expect(page.locator("#panel h2")).to_be_visible()
            page.keyboard.press("j")
            expect(page.locator("#queue-note")).to_have_text(f"2 of {len(queued) - 1} to review")
            page.keyboard.press("k")
            expect(page.locator("#queue-note")).to_have_text(f"1 of {len(queued) - 1} to review")
            page.keyboard.press("r")
            expect(page.locator("#queue-note")).to_have_text(f"1 of {len(queued) - 2} to review")
            assert demo.event(queued[1]).review_state == "rejected"  # type: ignore[union-attr]

            # e edits: typing in the form never triggers a shortcut; the history says what changed.
            current = queued[2]
            before = demo.event(current).data.get("fatalities")  # type: ignore[union-attr]
            page.keyboard.press("e")
            expect(page.locator("#panel form.edit select[name=sub_event_type]")).to_be_focused()
            page.fill("#panel form.edit input[name=fatalities]", str((before or 0) + 7))
            page.keyboard.press("Enter")
            expect(page.locator("#review-state")).to_have_text("edited")
            shown = "—" if before is None else str(before)
            expect(page.locator("#panel .history li").last).to_contain_text(
                f"reviewer-one · reviewed (edited): fatalities {shown} → {(before or 0) + 7}")
            tab.shot("desk-10-history")

            # Another reviewer changes the open event: confirming it is refused, and the page shows it as it is.
            page.keyboard.press("u")
            expect(page.locator("#panel")).to_be_hidden()
            expect(page.locator("#queue-list")).to_be_visible()
            page.keyboard.press("j")
            expect(page.locator("#queue-note")).to_have_text(f"1 of {len(queued) - 3} to review")
            opened = page.evaluate("state.current.event.event_id")
            assert opened == _pending(demo)[0]
            demo.review(opened, "edited", who="reviewer-two", edits={"fatalities": 41})
            page.keyboard.press("c")
            expect(page.locator("#stale")).to_contain_text(re.compile("changed by reviewer-two .* nothing was saved"))
            expect(page.locator("#review-state")).to_have_text("edited")
            expect(page.locator("#panel dl")).to_contain_text("41")
            tab.shot("desk-11-stale")
            record = demo.event(opened)
            assert record is not None and record.review_state == "edited"
            assert demo.history(opened)[-1].who == "reviewer-two"
            # Read again, the reviewer may confirm it.
            page.keyboard.press("c")
            expect(page.locator("#stale")).to_have_count(0)
            assert demo.history(opened)[-1].who == "reviewer-one"
        finally:
            tab.browser.close()
    # Chromium logs the refused review's answer; it is the one expected.
    refused = [p for p in tab.problems if "status of 409 (Conflict)" in p]
    assert len(refused) == 1 and len(tab.problems) == 1, tab.problems


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"  # axe-core from npm (`make vendor`), for tests only
# WCAG 2.1 A and AA, and axe's best practices; a violation of serious or critical impact fails the test.
AXE_RUN = ("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})"
           ".then((r) => r.violations.filter((v) => ['serious', 'critical'].includes(v.impact))"
           ".map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))")


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_axe_finds_no_serious_accessibility_violation(browser_path: Path, server: str, demo: Store,  # noqa: F811
                                                       viewport: dict[str, int]) -> None:
    from playwright.sync_api import expect, sync_playwright

    if not AXE.exists():
        pytest.fail(f"{AXE} is missing; run `make vendor`")
    token = add_user(demo, "reviewer-one", role="reviewer").token
    found: dict[str, list[str]] = {}
    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, viewport, init_script=AXE.read_text(encoding="utf-8"))
        try:
            page = tab.open(server + "/")
            found["map"] = page.evaluate(AXE_RUN)
            if viewport is PHONE:
                page.click("#tabs button[data-view=list]")
            found["list"] = page.evaluate(AXE_RUN)
            page.click("#side-tabs button[data-side=charts]")
            page.wait_for_selector("body[data-charts=drawn]")
            found["charts"] = page.evaluate(AXE_RUN)
            page.click("#login-button")
            page.fill("#token", token)
            page.click("#login-form button[type=submit]")
            page.click("#side-tabs button[data-side=queue]")
            page.keyboard.press("j")
            expect(page.locator("#panel form.edit")).to_be_visible()
            found["queue and event"] = page.evaluate(AXE_RUN)
            page.keyboard.press("?")
            found["shortcuts"] = page.evaluate(AXE_RUN)
            page.keyboard.press("Escape")
            page.keyboard.press("u")  # on a phone the event covers the page
            page.click("#theme-button")
            page.click("#lang-button")
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
            found["dark, Arabic"] = page.evaluate(AXE_RUN)
        finally:
            tab.browser.close()
    assert not {where: v for where, v in found.items() if v}, found
    assert not tab.problems, tab.problems
