"""The reader's timeline in a real browser: filters, shared URLs, no-script, keyboard, accessibility."""

from __future__ import annotations

from itertools import pairwise
from urllib.parse import parse_qs, urlsplit

import pytest

from site_builder.build import build
from site_builder.loading.content import load_site
from site_builder.loading.model import Event
from site_builder.project import Project

from pages_host import pages_host
from sample_site import FERRY_SOURCE, INFERRED_DATE_EVENT, INFERRED_SOURCE, MAJOR_EVENT, write_sample_site

pytestmark = pytest.mark.browser
PREFIX = "/some-repo/"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Project:
    return write_sample_site(tmp_path_factory.mktemp("reading"))


@pytest.fixture(scope="module")
def events(sample) -> tuple[Event, ...]:
    return load_site(sample.root).events


@pytest.fixture(scope="module")
def site_url(sample):
    out = sample.root / "_site"
    build(sample, out, base_url=f"https://example.github.io{PREFIX}")
    with pages_host(out, PREFIX) as origin:
        yield origin + PREFIX


def open_timeline(page, site_url: str, query: str = "") -> None:
    """The timeline with its folded filters opened, the focus left where it was, and its search index in."""
    page.goto(site_url + query)
    page.evaluate("document.getElementById('filter-fold').open = true")
    page.wait_for_selector("#filters[data-ready]")


def visible_slugs(page) -> list[str]:
    return page.eval_on_selector_all(".event:not([hidden])", "cards => cards.map(card => card.id)")


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_filtering_by_topics_shows_events_with_any_of_them(page, site_url, events):
    open_timeline(page, site_url)
    assert len(visible_slugs(page)) == len(events)
    page.check("input[value=festival]")
    page.check("input[value=market]")
    expected = [e.slug for e in events if {"festival", "market"} & {t.id for t in e.tags}]
    assert visible_slugs(page) == expected
    said = f"Market or Festival · {len(expected)} of {len(events)} events"  # the labels in the form's order
    assert page.inner_text("main h1") == page.text_content("#filter-status") == said
    assert query_of(page) == {"tag": ["market", "festival"]}  # in the order the form lists them


def test_filtering_by_text_searches_titles_summaries_people_and_places(page, site_url, events):
    open_timeline(page, site_url)
    page.fill("#filter-q", "moreno")  # named in summaries and people
    expected = [e.slug for e in events if "moreno" in (e.summary + " ".join(p.name for p in e.people)).lower()]
    assert len(expected) > 2 and visible_slugs(page) == expected
    page.fill("#filter-q", "elodie")  # a name written with an accent
    assert visible_slugs(page) == [e.slug for e in events if any(p.name == "Élodie Brun" for p in e.people)]
    page.fill("#filter-q", "old mill")  # only a place
    assert visible_slugs(page) == [e.slug for e in events if any(p.name == "Old Mill" for p in e.places)]
    assert query_of(page) == {"q": ["old mill"]}


def test_filtering_by_year_range(page, site_url, events):
    open_timeline(page, site_url)
    page.select_option("#filter-from", "2020")
    page.select_option("#filter-to", "2020")
    overlapping = [e.slug for e in events if e.when.year <= 2020 <= (e.when.end or e.when.start).year]
    assert visible_slugs(page) == overlapping  # a range that runs through 2020 counts
    assert any(e.when.year < 2020 for e in events if e.slug in overlapping)
    hidden_years = page.eval_on_selector_all("section.year[hidden]", "s => s.map(x => x.id)")
    assert "y2021" in hidden_years and "y2020" not in hidden_years
    assert query_of(page) == {"from": ["2020"], "to": ["2020"]}


def test_nothing_matches_says_so(page, site_url, events):
    open_timeline(page, site_url)
    page.fill("#filter-q", "no such words anywhere")
    assert visible_slugs(page) == []
    assert page.is_visible("#no-results")
    said = f"“no such words anywhere” · 0 of {len(events)} events"
    assert page.inner_text("main h1") == page.text_content("#filter-status") == said


def test_the_url_restores_a_shared_view_and_the_back_button_steps_back(page, site_url, events):
    open_timeline(page, site_url, "?tag=ferry&from=2021")
    assert page.is_checked("input[value=ferry]") and page.input_value("#filter-from") == "2021"
    shared = visible_slugs(page)
    assert shared == [
        e.slug for e in events if any(t.id == "ferry" for t in e.tags) and (e.when.end or e.when.start).year >= 2021
    ]
    page.check("input[value=market]")
    assert len(visible_slugs(page)) > len(shared)
    page.go_back()
    page.wait_for_function("() => !document.querySelector('input[value=market]').checked")
    assert visible_slugs(page) == shared
    page.click("button[type=reset]")
    page.wait_for_function(f"() => document.querySelectorAll('.event:not([hidden])').length === {len(events)}")
    assert urlsplit(page.url).query == ""


def test_without_javascript_every_event_is_listed_and_topics_are_links(browser, site_url, events):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url)
    assert page.locator(".event").count() == len(events)
    assert page.locator(".event:visible").count() == len(events)
    assert not page.is_visible("#filters")
    assert page.locator(".topic-links a.tag").count() == len({t for e in events for t in e.tags})
    context.close()


def test_tab_reaches_the_filters_and_every_event_link_with_a_visible_focus_ring(page, site_url, events):
    open_timeline(page, site_url)
    reached: dict[str, str] = {}
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const e = document.activeElement;
            const style = getComputedStyle(e);
            return {key: e.id || e.getAttribute('href') || e.name + ':' + e.value,
                    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 ? 'yes' : 'no',
                    footer: !!e.closest('footer'), body: e === document.body};
        }""")
        if focused["body"]:
            break
        reached[focused["key"]] = focused["ring"]
    expected = [
        "#main",
        "filter-q",
        "filter-from",
        "filter-to",
        "filter-clear",
        *(f"tag:{t.id}" for e in events for t in e.tags),
        *(f"events/{e.slug}/" for e in events),
    ]
    missing = [key for key in expected if not any(k == key or k.endswith(key) for k in reached)]
    assert missing == []
    assert [key for key, ring in reached.items() if ring != "yes"] == []


def test_the_result_count_is_announced_politely(page, site_url):
    open_timeline(page, site_url)
    status = page.locator("#filter-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    for control in ("#filter-q", "#filter-from", "#filter-to"):
        label = page.evaluate(f"document.querySelector('{control}').labels.length")
        assert label == 1, control


A11Y_PAGES = {
    "timeline": "",
    "compact": "events/",
    "year": "years/2019/",
    "event": f"events/{MAJOR_EVENT}/",
    "source": f"sources/{FERRY_SOURCE}/",
    "dated-by-inference": f"events/{INFERRED_DATE_EVENT}/",
    "inferred-source": f"sources/{INFERRED_SOURCE}/",
    "tag": "tags/ferry/",
    "person": "people/ada-moreno/",
    "place": "places/southvale/",
    "404": "a/b/c/missing",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", A11Y_PAGES)
def test_axe_finds_no_accessibility_violations(browser, site_url, name, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + A11Y_PAGES[name])
    if name == "timeline":
        page.evaluate("document.getElementById('filter-fold').open = true")
        page.wait_for_selector("#filters[data-ready]")
    results = Axe().run(page)
    context.close()
    assert results.violations_count == 0, results.generate_report()


def test_headings_descend_in_order_on_every_page_type(browser, site_url):
    page = browser.new_page()  # the 404 page's own status shows as a console error, so none are collected here
    for url in A11Y_PAGES.values():
        page.goto(site_url + url)
        levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "hs => hs.map(h => +h.tagName[1])")
        assert levels[0] == 1 and levels.count(1) == 1, url
        assert all(later - earlier <= 1 for earlier, later in pairwise(levels)), (url, levels)
        landmarks = page.eval_on_selector_all("header, nav, main, footer", "xs => xs.map(x => x.tagName)")
        assert {"HEADER", "NAV", "MAIN", "FOOTER"} <= set(landmarks), url
