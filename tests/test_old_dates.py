"""Ancient and uncertain dates: years BCE, a question mark, and 'before' / 'after' bounds, right
wherever a date is shown, ordered, linked or written for machines."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from site_builder.build import build
from site_builder.loading.content import load_site
from site_builder.loading.dates import DateError, DateSpan, PartialDate, years_from, years_name
from site_builder.site.plan import by_year, overview, whole_years_between

from conftest import TinySite
from nuchecker import assert_valid_html


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


def dated(tiny: TinySite, slug: str, date_lines: str) -> None:
    """An event with the given date keys, which the tiny site's archive supports."""
    tiny.event(
        slug,
        f"title: Event {slug}\n{date_lines}\nsummary: What happened.\n"
        'sources: [{source: daily, quote: "the ministers met"}]\n',
    )


def built(tiny: TinySite, base_url: str | None = None) -> Path:
    out = tiny.root / "_site"
    build(tiny.project, out, base_url=base_url)
    return out


def html(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def card_dates(page: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """(event slug, its date as printed) for every card of a page, in page order."""
    return [
        (card.get("id"), card.xpath('.//p[@class="event-date"]')[0].text_content().strip())
        for card in page.xpath('//li[contains(@class, "event ")]')
    ]


# Writing a year BCE


@pytest.mark.parametrize(
    ("text", "year", "human"),
    [
        ("-500", -500, "500 BCE"),
        ("-1", -1, "1 BCE"),
        ("-44-03", -44, "March 44 BCE"),
        ("-44-03-15", -44, "15 March 44 BCE"),
        ("-9999", -9999, "9999 BCE"),
    ],
)
def test_a_negative_year_is_bce(text, year, human):
    date = d(text)
    assert (date.year, date.is_bce, date.human()) == (year, True, human)


def test_a_year_ce_is_not_bce_and_prints_without_an_era():
    assert (d("0050").is_bce, d("0050").human(), d("2014").is_bce) == (False, "50", False)


@pytest.mark.parametrize(
    ("text", "iso"),
    [("-500", "-0499"), ("-1", "0000"), ("-2", "-0001"), ("-44-03-15", "-0043-03-15"), ("0001", "0001")],
)
def test_iso_writes_a_year_bce_in_the_expanded_astronomical_form(text, iso):
    assert d(text).iso() == iso


@pytest.mark.parametrize("text", ["0000", "0", "-0", "-0000-03", "0000-01-01"])
def test_there_is_no_year_zero(text):
    with pytest.raises(DateError, match="names the year 0, which no calendar has"):
        d(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-0500", "starts its year BCE with a zero: .* -500 for 500 BCE"),
        ("-0044-03-15", "-44 for 44 BCE"),
        ("-10000", "the earliest year is 9999 BCE"),
        ("--500", "is not a date"),
        ("-500-13", "no month 13"),
        ("500", "is not a date: write YYYY"),
    ],
)
def test_malformed_years_bce_are_refused_with_the_form_to_write(text, message):
    with pytest.raises(DateError, match=message):
        d(text)


@pytest.mark.parametrize(("text", "real"), [("-1-02-29", True), ("-5-02-29", True), ("-2-02-29", False)])
def test_years_bce_leap_on_the_astronomical_count(text, real):
    """1 BCE is the astronomical year 0, divisible by 4: it leaps, as 5 BCE does, and 2 BCE does not."""
    if real:
        assert d(text).day == 29
    else:
        with pytest.raises(DateError, match="February 2 BCE has 28 days"):
            d(text)


def test_every_date_bce_sorts_before_every_date_ce_and_a_year_before_its_months():
    written = ["2014", "0001", "-1-12-31", "-500-03", "-499", "-500", "-9999", "-1"]
    assert [x.written() for x in sorted(map(d, written))] == [
        "-9999",
        "-500",
        "-500-03",
        "-499",
        "-1",
        "-1-12-31",
        "0001",
        "2014",
    ]


def test_years_are_counted_across_the_era_without_a_year_zero():
    assert years_from(-1, 1) == 1
    assert years_from(-500, 2000) == 2499
    assert whole_years_between(d("-10"), d("0010")) == 18  # 9 BCE to 1 BCE, and 1 to 9 CE


# Spans, ranges and their words


@pytest.mark.parametrize(
    ("start", "end", "keys", "human"),
    [
        ("-500", None, {"circa": True}, "c. 500 BCE"),
        ("-500", "-450", {}, "500–450 BCE"),
        ("-500", "-450", {"end_circa": True}, "500 – c. 450 BCE"),
        ("-100", "0050", {}, "100 BCE – 50 CE"),
        ("-44-03-15", "-44-03-17", {}, "15–17 March 44 BCE"),
        ("-44-03", "-44-06", {}, "March–June 44 BCE"),
        ("-44-12", "0001-02", {}, "December 44 BCE – February 1 CE"),
        ("1952", None, {"uncertain": True}, "1952?"),
        ("1950", "1952", {"uncertain": True}, "1950–1952?"),
        ("-500", None, {"circa": True, "uncertain": True}, "c. 500 BCE?"),
        ("1952-03", None, {"bound": "before"}, "before March 1952"),
        ("1952-03-03", None, {"bound": "before"}, "before 3 March 1952"),
        ("1990", None, {"bound": "after"}, "after 1990"),
        ("-500", None, {"bound": "after", "uncertain": True}, "after 500 BCE?"),
    ],
)
def test_spans_print_their_era_doubt_and_bound_in_words(start, end, keys, human):
    assert DateSpan(d(start), d(end) if end else None, **keys).human() == human


@pytest.mark.parametrize(
    ("first", "last", "name"), [(2011, 2014, "2011–2014"), (-500, -450, "500–450 BCE"), (-44, 2014, "44 BCE – 2014 CE")]
)
def test_a_stretch_of_years_is_named_with_its_eras(first, last, name):
    assert years_name(first, last) == name


@pytest.mark.parametrize(
    ("start", "end", "bound", "iso"),
    [
        ("-27", "0014", None, "-0026/0014"),
        ("1952-03", None, "before", "../1952-02"),
        ("1952-03-01", None, "before", "../1952-02-29"),
        ("1990", None, "after", "1991/.."),
        ("1990-12-31", None, "after", "1991-01-01/.."),
        ("0001", None, "before", "../0000"),
        ("-1-12", None, "after", "0001-01/.."),
    ],
)
def test_a_span_in_iso_8601_is_an_open_range_for_a_bound(start, end, bound, iso):
    assert DateSpan(d(start), d(end) if end else None, bound=bound).iso() == iso


@pytest.mark.parametrize(
    ("span", "datetime"),
    [
        (DateSpan(d("1952")), "1952"),
        (DateSpan(d("1952"), uncertain=True, circa=True), "1952"),
        (DateSpan(d("-500")), None),
        (DateSpan(d("-27"), d("0014")), None),
        (DateSpan(d("1952-03"), bound="before"), None),
        (DateSpan(d("1990"), bound="after"), None),
    ],
)
def test_html_is_given_a_datetime_only_for_a_date_ce_that_is_the_events_own(span, datetime):
    assert span.html_datetime() == datetime


# Order on the timeline


def test_events_bce_are_listed_before_every_event_ce_in_timeline_order(tiny):
    dated(tiny, "augustus", "date: -27\nend: 0014")
    dated(tiny, "temple", "date: -500\nend: -450")
    dated(tiny, "ides", "date: -44-03-15")
    dated(tiny, "first-century", "date: 0050")
    expected = ["temple", "ides", "augustus", "first-century", "2014-11-03-meeting"]
    assert [event.slug for event in load_site(tiny.root).events] == expected
    out = built(tiny)
    for page in ("index.html", "events/index.html"):
        assert [item.get("id") for item in html(out / page).xpath("//ol/li")] == expected, page


def test_a_bound_is_listed_at_its_date_before_it_ahead_and_after_it_behind(tiny):
    dated(tiny, "1952-february", "date: 1952-02-10")
    dated(tiny, "1952-march", "date: 1952-03-05")
    dated(tiny, "1952-march-month", "date: 1952-03")
    dated(tiny, "before-march-1952", "date: 1952-03\nbefore: true")
    dated(tiny, "1990-new-years-eve", "date: 1990-12-31")
    dated(tiny, "after-1990", "date: 1990\nafter: true")
    dated(tiny, "1991-january", "date: 1991-01")
    assert [event.slug for event in load_site(tiny.root).events] == [
        "1952-february",
        "before-march-1952",  # just ahead of the month it names
        "1952-march-month",
        "1952-march",
        "1990-new-years-eve",
        "after-1990",  # behind every event within 1990
        "1991-january",
        "2014-11-03-meeting",
    ]


def test_events_that_share_a_date_keep_the_order_of_their_slugs_whatever_the_order_of_their_files(tiny):
    for slug in ("zebra", "apple", "mango"):  # written in neither order
        dated(tiny, slug, "date: -300-05")
    dated(tiny, "before-may", "date: -300-05\nbefore: true")
    for slug in ("b-bound", "a-bound"):
        dated(tiny, slug, "date: -300-05\nafter: true")
    events = load_site(tiny.root).events
    assert [event.slug for event in events if event.when.year == -300] == [
        "before-may",
        "apple",
        "mango",
        "zebra",
        "a-bound",
        "b-bound",
    ]
    assert sorted(reversed(events), key=lambda event: event.sort_key) == list(events)  # arrival order aside


# Year pages, the overview and gaps


def test_a_year_bce_has_its_own_page_named_with_its_era(tiny):
    dated(tiny, "ides", "date: -44-03-15")
    out = built(tiny)
    for view in ("years", "events/years"):
        assert sorted(p.parent.name for p in out.glob(f"{view}/*/index.html")) == ["2014", "44-bce"]
    year = html(out / "years/44-bce/index.html")
    assert year.findtext(".//title").startswith("44 BCE · ")
    assert [h.text_content() for h in year.xpath('//h2[@class="year-heading"]')] == ["44 BCE"]
    [later] = year.xpath('//nav[contains(@class, "year-pager")]/a[@rel="next"]')
    assert (later.get("href"), later.text_content()) == ("../../years/2014/", "Later year → 2014")
    [earlier] = html(out / "years/2014/index.html").xpath('//nav[contains(@class, "year-pager")]/a[@rel="prev"]')
    assert (earlier.get("href"), earlier.text_content()) == ("../../years/44-bce/", "← Earlier year 44 BCE")


def test_the_timeline_heads_and_anchors_a_year_bce_with_its_era(tiny):
    dated(tiny, "ides", "date: -44-03-15")
    page = html(built(tiny) / "index.html")
    [heading] = page.xpath('//section[@data-year="-44"]/h2')
    assert (heading.get("id"), heading.text_content()) == ("year-44-bce", "44 BCE")
    [link] = page.xpath('//h2[@id="year-44-bce"]/a')
    assert link.get("href") == "./years/44-bce/"


def test_a_year_page_bce_names_its_year_and_the_span_with_their_eras(tiny):
    dated(tiny, "ides", "date: -44-03-15")
    out = built(tiny)
    year = html(out / "years/44-bce/index.html")
    assert year.xpath('//h1[@class="page-title"]')[0].text_content() == "Test Timeline: 44 BCE"
    assert year.xpath('//p[@class="count"]/span[@class="years"]')[0].text_content() == "44 BCE – 2014 CE"
    options = html(out / "index.html").xpath('//select[@id="filter-from"]/option')
    assert [(o.get("value"), o.text_content()) for o in options] == [("-44", "44 BCE"), ("2014", "2014")]


def test_an_event_page_leads_back_to_its_year_bce(tiny):
    dated(tiny, "ides", "date: -44-03-15")
    out = built(tiny)
    [year] = html(out / "events/ides/index.html").xpath('//nav[@class="breadcrumb"]/a[2]')
    assert (year.get("href"), year.text_content()) == ("../../#year-44-bce", "44 BCE")
    assert "year-44-bce" in {element.get("id") for element in html(out / "index.html").xpath("//*[@id]")}


def test_the_overview_labels_years_bce_and_draws_no_year_zero(tiny):
    dated(tiny, "two-bce", "date: -2")
    dated(tiny, "two-ce", "date: 0002")
    strip = overview(by_year(load_site(tiny.root).events), None)
    drawn = [(c.year, c.count) if not c.quiet else ("quiet", c.first, c.years) for c in strip.columns][:3]
    assert drawn == [(-2, 1), ("quiet", -1, 2), (2, 1)]  # 1 BCE and 1 CE lie between, nothing else
    out = built(tiny)
    links = html(out / "index.html").xpath('//nav[@id="overview"]//a[@data-year]')
    assert [(a.get("href"), a.xpath('.//span[@class="ov-label"]/span')[0].text_content()) for a in links] == [
        ("#year-2-bce", "2 BCE"),
        ("#year-2", "2"),
        ("#year-2014", "2014"),
    ]


def test_a_gap_across_the_era_counts_no_year_zero(tiny):
    dated(tiny, "ten-bce", "date: -10")
    dated(tiny, "ten-ce", "date: 0010")
    page = html(built(tiny) / "index.html")
    assert page.xpath('//section[@data-year="10"]/p[@class="time-gap"]')[0].text == "18 years later"


def test_no_gap_is_said_where_a_bound_leaves_it_unsure(tiny):
    dated(tiny, "earlier", "date: 1900")
    dated(tiny, "before-1950", "date: 1950\nbefore: true")
    dated(tiny, "after-1960", "date: 1960\nafter: true")
    dated(tiny, "later", "date: 1980")
    years = {group.year: group.years_later for group in by_year(load_site(tiny.root).events)}
    assert years == {1900: None, 1950: None, 1960: 9, 1980: None, 2014: 33}


# Where dates are shown


def test_cards_and_the_list_view_print_the_era_the_doubt_and_the_bound(tiny):
    dated(tiny, "marathon", "date: -490\ncirca: true")
    dated(tiny, "augustus", "date: -27\nend: 0014")
    dated(tiny, "armistice", "date: 1952\nuncertain: true")
    dated(tiny, "treaty", "date: 1952-03\nbefore: true")
    dated(tiny, "late", "date: 1990\nafter: true")
    out = built(tiny)
    expected = [
        ("marathon", "c. 490 BCE"),
        ("augustus", "27 BCE – 14 CE"),
        ("armistice", "1952?"),
        ("treaty", "before March 1952"),
        ("late", "after 1990"),
        ("2014-11-03-meeting", "3 November 2014"),
    ]
    assert card_dates(html(out / "index.html")) == expected
    lines = html(out / "events/index.html").xpath('//li[contains(@class, "line ")]')
    assert [(li.get("id"), li[0].text_content()) for li in lines] == expected


def test_the_event_page_prints_the_date_as_the_card_does(tiny):
    dated(tiny, "treaty", "date: 1952-03\nbefore: true\nuncertain: true")
    dated(tiny, "ides", "date: -44-03-15\ndate_from: other-reports\ndate_note: Plutarch, and Suetonius.")
    out = built(tiny)
    for slug, shown in [
        ("treaty", "before March 1952?"),
        ("ides", "15 March 44 BCE (dated from other reports)"),
    ]:
        [date] = html(out / f"events/{slug}/index.html").xpath('//p[@class="event-date"]')
        assert " ".join(date.text_content().split()) == shown


def test_the_cite_line_ends_an_uncertain_date_with_its_question_mark_alone(tiny):
    dated(tiny, "treaty", "date: 1952-03\nbefore: true\nuncertain: true")
    dated(tiny, "armistice", "date: 1952\nuncertain: true\ndate_from: other-reports\ndate_note: Other reports.")
    out = built(tiny)
    [treaty] = html(out / "events/treaty/index.html").xpath('//p[@id="cite-line"]')
    assert "before March 1952? In " in treaty.text_content()
    [armistice] = html(out / "events/armistice/index.html").xpath('//p[@id="cite-line"]')
    assert "1952? (dated from other reports). In " in armistice.text_content()


def test_time_elements_carry_only_dates_html_can_hold(tiny):
    dated(tiny, "ides", "date: -44-03-15")
    dated(tiny, "treaty", "date: 1952-03\nbefore: true")
    dated(tiny, "armistice", "date: 1952\nuncertain: true")
    out = built(tiny)
    for page in ("index.html", "events/index.html", "events/ides/index.html", "events/treaty/index.html"):
        times = html(out / page).xpath("//time")
        assert all(t.get("datetime") and not t.get("datetime").startswith(("-", "0000")) for t in times), page
    dates = html(out / "index.html").xpath('//p[@class="event-date"]/*[1]')
    assert [(e.tag, e.get("datetime")) for e in dates] == [
        ("span", None),
        ("time", "1952"),
        ("span", None),
        ("time", "2014-11-03"),
    ]


def test_machine_readable_dates_are_iso_8601_and_never_before_year_1_in_the_feed(tiny):
    dated(tiny, "ides", "date: -44-03-15\nuncertain: true")
    dated(tiny, "treaty", "date: 1952-03\nbefore: true")
    out = built(tiny, base_url="https://example.org/old/")

    def coverage(slug: str) -> str:
        [script] = html(out / f"events/{slug}/index.html").xpath('//script[@type="application/ld+json"]')
        return json.loads(script.text)["temporalCoverage"]

    assert (coverage("ides"), coverage("treaty")) == ("-0043-03-15", "../1952-02")
    atom = {"a": "http://www.w3.org/2005/Atom"}
    entries = {
        entry.findtext("a:id", namespaces=atom): entry
        for entry in lxml.etree.parse(str(out / "feed.xml")).findall("a:entry", atom)
    }
    ides = entries["https://example.org/old/events/ides/"]
    assert ides.findtext("a:updated", namespaces=atom) == "0001-01-01T00:00:00Z"  # RFC 3339 has no years BCE
    assert ides.findtext("a:summary", namespaces=atom) == "15 March 44 BCE?: What happened."


def test_the_search_index_and_the_data_file_hold_the_date_as_shown_and_its_year_bce(tiny):
    dated(tiny, "augustus", "date: -27\nend: 0014")
    out = built(tiny)
    [entry] = [e for e in json.loads((out / "events.json").read_text())["events"] if e["slug"] == "augustus"]
    assert (entry["start"], entry["end"]) == (-27, 14)
    assert {"27", "bce", "14", "ce"} <= set(entry["text"].split())
    [event] = [e for e in json.loads((out / "data.json").read_text())["events"] if e["slug"] == "augustus"]
    assert (event["date"]["human"], event["date"]["start"], event["date"]["end"]) == ("27 BCE – 14 CE", "-0026", "0014")


def test_pages_with_dates_bce_and_bounds_pass_the_nu_html_checker(tiny):
    dated(tiny, "ides", "date: -44-03-15")
    dated(tiny, "augustus", "date: -27\nend: 0014")
    dated(tiny, "treaty", "date: 1952-03\nbefore: true\nuncertain: true")
    out = built(tiny)
    pages = [out / "index.html", out / "events/index.html", out / "years/44-bce/index.html"]
    pages += [out / f"events/{slug}/index.html" for slug in ("ides", "augustus", "treaty")]
    assert_valid_html(pages)
