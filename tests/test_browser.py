"""The built site in a real browser: every page type loads cleanly, and screenshots to look at."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.project import Project

from browser import static_server
from pages_host import pages_host
from sample_site import EVENTS, FERRY_PUBLISHER, FERRY_SOURCE, INFERRED_DATE_EVENT, MAJOR_EVENT, write_sample_site

PAGE_TYPES = {
    "timeline": "",
    "compact": "events/",
    "year": "years/2019/",
    "compact-year": "events/years/2019/",
    "event": f"events/{MAJOR_EVENT}/",
    "sources": "sources/",
    "source": f"sources/{FERRY_SOURCE}/",
    "tags": "tags/",
    "tag": "tags/ferry/",
    "people": "people/",
    "person": "people/ada-moreno/",
    "places": "places/",
    "place": "places/southvale/",
    "404": "404.html",
}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Project:
    return write_sample_site(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def site_url(sample):
    out = sample.root / "_site"
    build(sample, out)
    with static_server(out) as url:
        yield url


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_page_type_loads_without_console_errors(browser, site_url, name):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    response = page.goto(site_url + PAGE_TYPES[name])
    assert response is not None and response.ok
    assert page.locator("h1").count() == 1
    # the stylesheet applied: the masthead rule is drawn
    assert page.evaluate("getComputedStyle(document.querySelector('.masthead')).borderBottomStyle") == "solid"
    assert errors == [] and failed == []
    page.close()


def test_event_page_shows_its_sources_with_quotes(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + PAGE_TYPES["event"])
    sources = page.locator("section.sources")
    assert sources.locator("h2").inner_text() == "Sources"
    assert sources.locator("blockquote").count() >= 1
    assert FERRY_PUBLISHER in sources.inner_text()
    page.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", ["timeline", "compact", "event"])
def test_screenshots_at_phone_and_desktop_widths(browser, site_url, tmp_path, name, width):
    """Set SCREENSHOTS_DIR to keep the screenshots where a person can look at them."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(site_url + PAGE_TYPES[name])
    # nothing wider than the viewport: no sideways scrolling on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    path = tmp_path / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    page.close()
    if keep := os.environ.get("SCREENSHOTS_DIR"):
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["timeline", "compact", "event", "source", "sources"])
def test_nothing_scrolls_sideways_on_the_narrowest_phone(browser, site_url, name, scheme):
    context = browser.new_context(viewport={"width": 320, "height": 640}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[name])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_a_claim_marker_is_a_24px_target_that_does_not_grow_its_line(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + PAGE_TYPES["event"])
    marker = page.locator(".prose sup.claim a").first
    marker.scroll_into_view_if_needed()  # measured where the reader taps it, wherever the page puts it
    box = marker.bounding_box()
    assert box is not None and box["height"] < 24  # small on the page...
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-11, 0), (11, 0), (0, -11), (0, 11)):  # ...but a tap 11px off its centre still lands on it
        assert page.evaluate(f"document.elementFromPoint({x + dx}, {y + dy}).closest('sup.claim a') !== null")
    grows = page.evaluate("""() => {
        const line = document.querySelector('.prose sup.claim').closest('p, li');
        const plain = line.cloneNode(true);
        plain.querySelectorAll('sup.claim').forEach((sup) => sup.remove());
        line.after(plain);
        const grown = line.getBoundingClientRect().height - plain.getBoundingClientRect().height;
        plain.remove();
        return grown;
    }""")
    assert grows == 0
    marker.click()
    assert page.evaluate("location.hash") == "#cite-1"
    page.close()


def test_a_phone_shows_where_a_date_comes_from_on_the_card_and_the_event_page(browser, site_url):
    page = browser.new_page(viewport={"width": 375, "height": 800}, has_touch=True)
    page.goto(site_url)
    card = page.locator(f"[id='{INFERRED_DATE_EVENT}']")
    assert card.locator(".date-from").is_visible()
    assert card.locator(".event-date").inner_text().endswith("(date inferred from the article)")
    page.goto(site_url + f"events/{INFERRED_DATE_EVENT}/")
    assert page.locator("header .event-date .date-from").is_visible()
    page.close()


@pytest.mark.parametrize("prefix", ["/some-repo/", "/"])
def test_a_deep_missing_path_renders_the_styled_404_page(browser, sample, tmp_path, prefix):
    out = tmp_path / "_site"
    build(sample, out, base_url=f"https://example.github.io{prefix}")
    with pages_host(out, prefix) as origin:
        page = browser.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on(
            "response",
            lambda response: (
                failed.append(response.url)
                if response.status >= 400 and not response.url.endswith("/missing")
                else None
            ),
        )
        response = page.goto(f"{origin}{prefix}a/b/c/missing")
        assert response is not None and response.status == 404
        assert page.locator("h1").inner_text() == "Page not found"
        assert page.evaluate("getComputedStyle(document.querySelector('.masthead')).borderBottomStyle") == "solid"
        assert failed == []
        page.click("text=Go to the timeline")
        assert page.url == f"{origin}{prefix}"
        assert page.locator(".event").count() == len(EVENTS)
        page.close()
