"""The map page's view and town names in Debian's Chromium (see tests/test_web_browser.py for the server and the
page): panning and zooming write the map's view into the address, and that address opens the map there again;
the gazetteer's names are written on the offline map by zoom (cities, then towns, then villages), in the page's
language.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from rasd.store import Store
from tests.test_web_browser import DESK, Page, browser_path, demo, server

__all__ = ["browser_path", "demo", "server"]  # the fixtures, used by name


def _at(url: str) -> list[float]:
    """The map view an address holds: zoom, latitude, longitude."""
    (at,) = parse_qs(urlsplit(url).query)["at"]
    return [float(x) for x in at.split("/")]


def test_the_map_view_is_in_the_address_and_a_link_opens_it(browser_path: Path, server: str, demo: Store) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, DESK)
        try:
            page = tab.open(f"{server}/?event_type=Protests")
            # Zoom in with the button and drag the map east: the address follows each move.
            page.click(".leaflet-control-zoom-in")
            page.wait_for_url(lambda url: "at=" in url and _at(url)[0] == 8)
            box = page.locator("#map").bounding_box()
            assert box is not None
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(x, y)
            page.mouse.down()
            page.mouse.move(x - 150, y + 80, steps=8)
            page.mouse.up()
            page.click(".leaflet-control-zoom-in")
            page.wait_for_url(lambda url: "at=" in url and _at(url)[0] == 9)
            zoom, lat, lon = _at(page.url)
            centre = page.evaluate("[map.getCenter().lat, map.getCenter().lng]")
            assert zoom == 9 and abs(lat - centre[0]) < 1e-3 and abs(lon - centre[1]) < 1e-3
            assert lon > 38.6 and lat > 35.1, "the map was dragged east and north of its first view"
            assert "event_type=Protests" in page.url  # the filters stay beside the view
            link = page.url
        finally:
            tab.browser.close()
        assert not tab.problems, tab.problems

        # The link opens the map where it was left, with its filter.
        tab = Page(pw, browser_path, server, DESK)
        try:
            page = tab.open(link)
            assert page.evaluate("map.getZoom()") == 9
            again = page.evaluate("[map.getCenter().lat, map.getCenter().lng]")
            assert abs(again[0] - lat) < 1e-3 and abs(again[1] - lon) < 1e-3
            expect(page.locator("#f-type")).to_have_value("Protests")
            assert _at(page.url) == [zoom, lat, lon]
        finally:
            tab.browser.close()
    assert not tab.problems, tab.problems


def test_town_names_by_zoom_in_the_pages_language(browser_path: Path, server: str, demo: Store) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        tab = Page(pw, browser_path, server, DESK)
        try:
            # The whole country: cities are named, villages are not.
            page = tab.open(f"{server}/?at=7/35.0000/38.5000")
            labels = page.locator("#map .place-label")
            expect(labels.filter(has_text="Aleppo")).to_have_count(1)
            expect(labels.filter(has_text="Idlib")).to_have_count(1)
            assert page.locator("#map .place-village").count() == 0
            assert page.locator("#map .place-town").count() == 0
            assert 0 < labels.count() <= 60
            tab.shot("desk-13-city-names")

            # Close to Idlib: its towns and villages too, at most 200, none of them outside the view.
            page.evaluate("map.setView([35.9306, 36.6339], 11)")
            expect(page.locator("#map .place-village").filter(has_text="Kafr Latah")).to_have_count(1)
            expect(page.locator("#map .place-town").filter(has_text="Binnish")).to_have_count(1)
            assert labels.count() <= 200
            tab.shot("desk-14-village-names")

            # In Arabic, the Arabic names.
            page.click("#lang-button")
            expect(labels.filter(has_text="إدلب")).to_have_count(1)
            expect(labels.filter(has_text="Idlib")).to_have_count(0)
        finally:
            tab.browser.close()
    assert not tab.problems, tab.problems
