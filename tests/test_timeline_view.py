"""Time a reader can see: the overview strip, long gaps in words, year pages, the compact view,
the current section in the navigation, and a phone's first screen."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from site_builder.build import build
from site_builder.loading.content import load_site
from site_builder.loading.dates import PartialDate
from site_builder.loading.model import Event
from site_builder.project import Project
from site_builder.site.plan import by_year, overview, whole_years_between

from conftest import TinySite
from pages_host import pages_host
from sample_site import EVENTS, MAJOR_EVENT, write_sample_site

PREFIX = "/some-repo/"
BASE_URL = f"https://example.github.io{PREFIX}"


def meeting(tiny: TinySite, slug: str, date: str, importance: str = "normal") -> None:
    """An event on `date` that the tiny site's archive supports."""
    tiny.event(
        slug,
        f"""\
        title: Meeting {slug}
        date: {date}
        importance: {importance}
        summary: They met.
        sources: [{{source: daily, quote: "the ministers met"}}]
        """,
    )


def html(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Project:
    return write_sample_site(tmp_path_factory.mktemp("timeline-view"))


@pytest.fixture(scope="module")
def published(sample) -> Path:
    out = sample.root / "_site"
    build(sample, out, base_url=BASE_URL)
    return out


@pytest.fixture(scope="module")
def events(sample) -> tuple[Event, ...]:
    return load_site(sample.root).events


@pytest.fixture(scope="module")
def site_url(published):
    with pages_host(published, PREFIX) as origin:
        yield origin + PREFIX


# Gaps


def test_a_gap_counts_only_the_whole_years_both_dates_make_certain():
    day = PartialDate.parse
    assert whole_years_between(day("1952-05-15"), day("2014-11-03")) == 62
    assert whole_years_between(day("1952-05-15"), day("2014-01")) == 61  # January 2014 is before May
    assert whole_years_between(day("2014-11-03"), day("2016")) == 1  # 2016 may mean its first of January
    assert whole_years_between(day("2014"), day("2016-06")) == 1  # 2014 may mean its last day
    assert whole_years_between(day("2014-03-02"), day("2016-03-01")) == 1


def test_a_long_gap_is_said_in_words_where_it_falls(tiny):
    meeting(tiny, "1952-05-15-first", "1952-05-15")
    meeting(tiny, "2015-01-20-again", "2015-01-20")  # two months after the tiny site's 2014-11-03 meeting
    out = tiny.root / "_site"
    build(tiny.project, out)
    page = html(out / "index.html")
    gaps = [(gap.getparent().get("id"), gap.text_content().strip()) for gap in page.xpath('//*[@class="time-gap"]')]
    assert gaps == [("y2014", "62 years later")]  # before 2014's heading; none between 2014 and 2015
    [heading] = page.xpath('//section[@id="y2014"]/h2')
    assert heading.getprevious().get("class") == "time-gap"


def test_a_gap_is_measured_from_where_the_events_before_it_end(tiny):
    tiny.event(
        "2005-long-talks",
        """\
        title: Talks that lasted years
        date: 2005-01
        end: 2010-06
        summary: They talked.
        sources: [{source: daily, quote: "the ministers met"}]
        """,
    )
    out = tiny.root / "_site"
    build(tiny.project, out)
    gaps = [gap.text_content().strip() for gap in html(out / "index.html").xpath('//*[@class="time-gap"]')]
    assert gaps == ["4 years later"]  # from June 2010 to November 2014, not from January 2005


# The overview


def test_the_overview_draws_every_year_of_the_span_with_quiet_years_between(tiny):
    meeting(tiny, "1952-05-15-first", "1952-05-15", "major")
    meeting(tiny, "2016-02-01-later", "2016-02-01")
    strip = overview(by_year(load_site(tiny.root).events), None)
    drawn = [(c.year, c.count) if not c.quiet else ("quiet", c.first, c.years) for c in strip.columns]
    assert drawn == [(1952, 1), ("quiet", 1953, 61), (2014, 1), ("quiet", 2015, 1), (2016, 1)]
    assert not strip.dense and all(year.labelled for year in strip.years)


def test_major_events_are_the_strong_marks_and_a_crowded_year_shares_them(tiny):
    meeting(tiny, "2014-01-01-major", "2014-01-01", "major")
    meeting(tiny, "2014-02-01-minor", "2014-02-01", "minor")
    strip = overview(by_year(load_site(tiny.root).events), None)
    assert strip.years[0].marks == ("major", "normal", "minor")
    for day in range(1, 29):  # 31 events in 2014 now: each of 10 marks at most stands for 4
        meeting(tiny, f"2014-03-{day:02d}-more", f"2014-03-{day:02d}")
    strip = overview(by_year(load_site(tiny.root).events), None)
    assert strip.per_mark == 4
    assert strip.years[0].marks == ("major",) + ("normal",) * 7


def test_the_overview_links_its_years_within_a_one_page_timeline_and_to_year_pages_elsewhere(tiny):
    meeting(tiny, "2012-05-01-earlier", "2012-05-01")
    out = tiny.root / "_site"
    build(tiny.project, out)
    for page, expected in [
        ("index.html", {"2012": "#year-2012", "2014": "#year-2014"}),
        ("events/index.html", {"2012": "#year-2012", "2014": "#year-2014"}),
        ("years/2014/index.html", {"2012": "../../years/2012/", "2014": "../../years/2014/"}),
        (
            "events/years/2012/index.html",
            {"2012": "../../../events/years/2012/", "2014": "../../../events/years/2014/"},
        ),
    ]:
        links = html(out / page).xpath('//nav[@id="overview"]//a[@data-year]')
        assert {link.get("data-year"): link.get("href") for link in links} == expected, page
    [current] = html(out / "years/2014/index.html").xpath('//nav[@id="overview"]//a[@aria-current="page"]')
    assert current.get("data-year") == "2014"


def test_every_year_has_a_page_in_both_views_even_on_a_one_page_timeline(tiny):
    meeting(tiny, "2012-05-01-earlier", "2012-05-01")
    out = tiny.root / "_site"
    build(tiny.project, out)
    for view in ("years", "events/years"):
        assert sorted(p.parent.name for p in out.glob(f"{view}/*/index.html")) == ["2012", "2014"]
    year = html(out / "years/2012/index.html")
    assert [card.get("id") for card in year.xpath('//li[contains(@class, "event")]')] == ["2012-05-01-earlier"]
    [later] = year.xpath('//nav[@class="prev-next year-pager"]/a[@rel="next"]')
    assert later.get("href") == "../../years/2014/"


def test_at_scale_every_timeline_page_stays_under_150_kb_and_its_overview_links_every_year(tmp_path):
    """76 years of events, one year with as many as the busiest year of a 10,000-event timeline."""
    from benchmarks.corpus import generate

    root = generate(tmp_path / "large", 300)
    with (root / "content/site.yaml").open("a", encoding="utf-8") as site_yaml:
        site_yaml.write("timeline_page_size: 100\n")
    model = sorted((root / "content/events").glob("*.yaml"))[0]
    for number in range(160):
        text = re.sub(r"(?m)^date: .*$", f"date: 1987-06-{1 + number % 28:02d}", model.read_text(encoding="utf-8"))
        (root / f"content/events/1987-busy-{number:03d}.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "_site"
    build(Project(root), out)
    years = {path.name[:4] for path in (root / "content/events").glob("*.yaml")}
    assert len(years) > 70  # nearly every year from 1950 to 2025
    pages = [out / "index.html", out / "events/index.html", *out.glob("years/*/index.html")]
    pages += out.glob("events/years/*/index.html")
    assert len(pages) == 2 + 2 * len(years)
    for page in pages:
        assert page.stat().st_size < 150_000, (page, page.stat().st_size)
        linked = {}
        for link in html(page).xpath('//nav[@id="overview"]//a[@data-year]'):
            target = urlsplit(urljoin(page.as_uri(), link.get("href"))).path
            linked[link.get("data-year")] = Path(target) / "index.html"
        assert set(linked) == years, page
        assert all(target.is_file() for target in linked.values()), page
    busiest = max(pages, key=lambda page: page.stat().st_size)
    assert busiest.parent.name == "1987" and busiest.parent.parent.name == "years"


# The compact view


def test_the_compact_view_lists_every_event_one_line_each_in_timeline_order(published, events):
    page = html(published / "events/index.html")
    lines = page.xpath('//ol[@class="lines"]/li')
    assert [line.get("id") for line in lines] == [event.slug for event in events]
    for line, event in zip(lines, events, strict=True):
        [link] = line.xpath(".//a")
        assert link.text_content() == event.title and link.get("href") == f"../events/{event.slug}/"
        assert line.xpath(".//time/@datetime") == [event.when.start.iso()]


def test_each_view_switches_to_the_other_for_the_same_years(published):
    def target(page: str, href: str) -> Path:
        return ((published / page).parent / href).resolve() / "index.html"

    pairs = [("index.html", "events/index.html"), ("years/2019/index.html", "events/years/2019/index.html")]
    for cards, compact in pairs:
        for page, other in ((cards, compact), (compact, cards)):
            [current] = html(published / page).xpath('//nav[@class="view-switch"]//a[@aria-current="page"]')
            [switch] = html(published / page).xpath('//nav[@class="view-switch"]//a[not(@aria-current)]')
            assert target(page, current.get("href")) == published / page
            assert target(page, switch.get("href")) == published / other


def test_the_404_page_offers_every_event(published):
    [link] = html(published / "404.html").xpath('//main//a[contains(., "every event")]')
    assert link.get("href") == f"{PREFIX}events/"


# Wayfinding


def test_the_navigation_marks_the_section_of_every_page(published):
    """The section's own index is the current page; anything inside it is marked as in it."""
    sections = {"": "Timeline", "years": "Timeline", "events": "Timeline", "sources": "Sources"}
    sections |= {"tags": "Topics", "people": "People", "places": "Places"}
    indexes = {published / folder for folder in ("", "tags", "people", "places", "sources")}
    pages = sorted(published.rglob("index.html"))
    assert len(pages) > 40
    for page in pages:
        top = page.parent.relative_to(published).parts[:1]
        marked = html(page).xpath('//header//nav[@aria-label="Site"]//a[@aria-current]')
        assert [link.text_content() for link in marked] == [sections[top[0] if top else ""]], page
        assert marked[0].get("aria-current") == ("page" if page.parent in indexes else "true"), page
    assert html(published / "404.html").xpath("//header//a[@aria-current]") == []


# In the browser


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("view", ["", "events/"])
def test_the_first_event_is_on_a_phones_first_screen(browser, site_url, javascript, view):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site_url + view)
    first = page.locator(".event-title, .line a").first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800, box
    context.close()


@pytest.mark.browser
def test_no_page_is_wider_than_a_320px_screen(browser, published, site_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    urls = sorted(p.parent.relative_to(published).as_posix() + "/" for p in published.rglob("index.html"))
    assert f"events/{MAJOR_EVENT}/" in urls and "events/" in urls and "years/2019/" in urls
    wide = []
    for url in [u.removeprefix("./") for u in urls] + ["a/missing/page"]:
        page.goto(site_url + url)
        if page.evaluate("document.documentElement.scrollWidth") > 320:
            wide.append(url)
    assert wide == []
    context.close()


def eventually(page, predicate: str, arg: object = None) -> bool:
    """Whether a script predicate holds within 3 s; polled from here, as a page without scripts cannot poll."""
    for _ in range(30):
        if page.evaluate(predicate, arg):
            return True
        page.wait_for_timeout(100)
    return False


# The year's heading is on screen below the sticky overview, not under it, once a smooth scroll ends.
HEADING_CLEAR_OF_THE_OVERVIEW = """year => {
    const heading = document.getElementById('year-' + year).getBoundingClientRect();
    const strip = document.getElementById('overview').getBoundingClientRect();
    return location.hash === '#year-' + year && heading.top >= strip.bottom - 1 && heading.bottom <= innerHeight;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("width", [375, 1280])
def test_selecting_a_year_in_the_overview_jumps_to_it(browser, site_url, javascript, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site_url)
    page.click('#overview a[data-year="2021"]')
    assert eventually(page, HEADING_CLEAR_OF_THE_OVERVIEW, 2021)
    if javascript:  # the strip shows where the reader is
        page.wait_for_selector('#overview a[data-year="2021"].here')
        assert page.locator("#overview a.here").count() == 1
    context.close()


@pytest.mark.browser
def test_the_overview_takes_the_keyboard_to_a_year_with_a_visible_focus_ring(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(site_url)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.year") == "2022":
            break
    focused = page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        const year = document.activeElement.dataset.year;
        return {year, style: style.outlineStyle, width: parseFloat(style.outlineWidth)};
    }""")
    assert focused["year"] == "2022" and focused["style"] != "none" and focused["width"] >= 2
    assert page.is_visible('#overview a[data-year="2022"] .ov-label')
    page.keyboard.press("Enter")
    assert eventually(page, HEADING_CLEAR_OF_THE_OVERVIEW, 2022)
    page.close()


@pytest.mark.browser
def test_a_year_page_leads_to_another_year_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "years/2019/")
    page.click('#overview a[data-year="1990"]')
    assert page.url == site_url + "years/1990/"
    assert page.locator("section.year").evaluate_all("sections => sections.map(s => s.dataset.year)") == ["1990"]
    context.close()


@pytest.mark.browser
def test_the_overview_and_the_year_stay_on_a_phones_screen_while_reading(browser, site_url):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(site_url)
    page.evaluate("window.scrollTo(0, document.getElementById('y2021').offsetTop + 400)")
    page.wait_for_timeout(100)
    strip = page.locator("#overview").bounding_box()
    heading = page.locator("#year-2021").bounding_box()
    assert strip is not None and heading is not None
    assert strip["y"] == 0 and heading["y"] == pytest.approx(strip["height"], abs=2)
    page.close()


@pytest.mark.browser
def test_the_compact_view_is_in_the_url_and_keeps_the_filters(browser, site_url, events):
    page = browser.new_page()
    page.goto(site_url + "?tag=ferry")
    page.click('.view-switch a:text("List")')
    assert urlsplit(page.url).path == PREFIX + "events/" and urlsplit(page.url).query == "tag=ferry"
    assert page.locator(".line").count() == len(events)
    page.click('.view-switch a:text("Timeline")')
    assert urlsplit(page.url).path == PREFIX and urlsplit(page.url).query == "tag=ferry"
    page.close()


def test_the_sample_site_has_what_these_tests_need():
    """Years 1990 and 2019-2023, a long gap between: if the sample changes, these tests must."""
    assert {slug[:4] for slug in EVENTS} == {"1990", "2019", "2020", "2021", "2022", "2023"}
