"""What a reader sees of the trust model: claims linked to quotes, where dates come from, qualified
attribution, discrepancies, corrections, archived copies, data.json, and private notes kept private."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import lxml.html
import pytest

from site_builder.build import build
from site_builder.builder import SiteBuilder

from conftest import TinySite
from sample_site import PRIVATE_NOTES, write_sample_site

BASE_URL = "https://example.org/timeline/"
EVENT = "2014-11-03-meeting"

# The tiny site's archive: "On Monday the ministers met in Tokyo. They signed a “trade pact” — the first of its kind."
TWO_QUOTES = """\
title: Ministers meet in Tokyo
date: 2014-11-03
summary: The ministers met and signed a pact.
body: |
  The ministers met in Tokyo.[^1] They signed a trade pact.[^2]

  It was the first pact of its kind, agreed at the meeting.[^2][^1]
  The pact was signed on the day they met.[^2]
tags: [trade]
sources:
  - source: daily
    quote: "the ministers met in Tokyo"
  - source: daily
    quote: "They signed a “trade pact”"
    discrepancy: A pact here; other reports call it a memorandum.
"""


def built(tiny: TinySite) -> Path:
    out = tiny.root / "_site"
    build(tiny.project, out, base_url=BASE_URL)
    return out


def page(out: Path, relative: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out / relative).read_text(encoding="utf-8"))


def event_page(out: Path, slug: str = EVENT) -> lxml.html.HtmlElement:
    return page(out, f"events/{slug}/index.html")


def text_of(element: lxml.html.HtmlElement) -> str:
    """The text a reader sees, whitespace collapsed."""
    return " ".join(element.text_content().split())


def accessible_name(link: lxml.html.HtmlElement) -> str:
    """A link's name as assistive technology reads it: its aria-label, else its text without hidden parts."""
    if link.get("aria-label"):
        return link.get("aria-label")
    shown = link.xpath(".//text()[not(ancestor::*[@aria-hidden='true'])]")
    return " ".join("".join(shown).split())


def by_id(root: lxml.html.HtmlElement, element_id: str) -> lxml.html.HtmlElement:
    [found] = root.xpath(f"//*[@id='{element_id}']")
    return found


def only(root: lxml.html.HtmlElement, xpath: str) -> lxml.html.HtmlElement:
    [found] = root.xpath(xpath)
    return found


def feed_entry(out: Path, slug: str = EVENT) -> feedparser.FeedParserDict:
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    [entry] = [entry for entry in feed.entries if entry.id == f"{BASE_URL}events/{slug}/"]
    return entry


def data_json(out: Path) -> dict:
    return json.loads((out / "data.json").read_text(encoding="utf-8"))


def output_files(out: Path) -> dict[str, str]:
    """Every file the build wrote, as text: pages, feed, sitemap, data, search indexes, styles."""
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert {"index.html", "feed.xml", "sitemap.xml", "data.json", "events.json", "robots.txt"} <= set(files)
    pictures = (".png", ".jpg", ".webp", ".avif")  # searched too: text could hide in their metadata
    return {
        name: data.decode("utf-8", errors="replace" if name.endswith(pictures) else "strict")
        for name, data in files.items()
        if not name.endswith(".svg")
    }


# Claims linked to quotes


def test_a_claim_marker_is_a_linked_number_to_its_quote(tiny):
    tiny.event(EVENT, TWO_QUOTES)
    html = event_page(built(tiny))
    markers = html.xpath("//div[@class='prose']//sup[@class='claim']/a")
    assert [(a.text, a.get("href"), a.get("id")) for a in markers] == [
        ("1", "#cite-1", "claim-1-1"),
        ("2", "#cite-2", "claim-2-1"),
        ("2", "#cite-2", "claim-2-2"),
        ("1", "#cite-1", "claim-1-2"),
        ("2", "#cite-2", "claim-2-3"),
    ]
    for marker in markers:
        quote = by_id(html, marker.get("href")[1:])
        assert only(quote, ".//*[@class='quote-number']").text_content().split()[-1] == marker.text
        assert accessible_name(marker) == f"source {marker.text}"
    assert "the ministers met in Tokyo" in text_of(only(by_id(html, "cite-1"), ".//blockquote"))
    assert "trade pact" in text_of(only(by_id(html, "cite-2"), ".//blockquote"))


def test_each_quote_links_back_to_every_claim_that_names_it(tiny):
    tiny.event(EVENT, TWO_QUOTES)
    html = event_page(built(tiny))
    for number, claims in ((1, 2), (2, 3)):
        backlinks = by_id(html, f"cite-{number}").xpath(".//a[starts-with(@href, '#claim-')]")
        assert [a.get("href") for a in backlinks] == [f"#claim-{number}-{k}" for k in range(1, claims + 1)]
        assert [accessible_name(a) for a in backlinks] == [f"back to claim {letter}" for letter in "abc"[:claims]]
        for backlink in backlinks:
            assert by_id(html, backlink.get("href")[1:]).get("href") == f"#cite-{number}"  # and forth again


def test_a_quote_named_by_one_claim_links_back_to_the_claim(tiny):
    tiny.event(EVENT, TWO_QUOTES.replace("[^2][^1]", "[^2]"))
    html = event_page(built(tiny))
    [backlink] = by_id(html, "cite-1").xpath(".//a[starts-with(@href, '#claim-')]")
    assert backlink.get("href") == "#claim-1-1"
    assert accessible_name(backlink) == "back to the claim"


def test_a_quote_named_by_no_claim_has_no_links_back(tiny):
    html = event_page(built(tiny))  # the tiny event has no body
    assert by_id(html, "cite-1").xpath(".//a[starts-with(@href, '#claim-')]") == []


def test_quotes_show_their_cuts_and_inner_quotes_inside_the_quote_marks(tiny):
    tiny.event(EVENT, TWO_QUOTES)
    html = event_page(built(tiny))
    assert text_of(only(by_id(html, "cite-1"), ".//blockquote")) == "…the ministers met in Tokyo"
    assert text_of(only(by_id(html, "cite-2"), ".//blockquote")) == "They signed a ‘trade pact’…"


# Where each date comes from


DATE_WORDS = {"inference": "date inferred from the article", "other-reports": "dated from other reports"}


def dated_from(date_from: str) -> str:
    return EVENT_WITH_NOTES.replace("date_from: other-reports", f"date_from: {date_from}")


EVENT_WITH_NOTES = """\
title: Ministers meet in Tokyo
date: 2014-11-03
date_from: other-reports
date_note: The article says "on Monday"; the wire services date the meeting.
note: No release from the ministry has been found.
summary: The ministers met.
tags: [trade]
sources:
  - source: daily
    quote: "the ministers met in Tokyo"
"""


@pytest.mark.parametrize("date_from", DATE_WORDS)
def test_a_date_not_stated_by_the_article_says_so_in_words_on_the_card_and_the_event_page(tiny, date_from):
    tiny.event(EVENT, dated_from(date_from))
    out = built(tiny)
    card = by_id(page(out, "index.html"), EVENT)
    header_date = only(event_page(out), "//article/header/*[@class='event-date']")
    for date_line in (only(card, ".//*[@class='event-date']"), header_date):
        assert text_of(date_line) == f"3 November 2014 ({DATE_WORDS[date_from]})"  # text, not a tooltip


def test_a_date_the_article_states_is_not_marked(tiny):
    out = built(tiny)
    for html in (by_id(page(out, "index.html"), EVENT), event_page(out)):
        assert not any(words in text_of(html) for words in DATE_WORDS.values())
    assert text_of(only(event_page(out), "//article/header/*[@class='event-date']")) == "3 November 2014"


def test_the_date_note_is_about_the_date_and_the_curators_note_is_apart(tiny):
    tiny.event(EVENT, EVENT_WITH_NOTES)
    html = event_page(built(tiny))
    date_note = only(html, "//aside[h2='About the date']/p")
    curators_note = only(html, '//aside[h2="Curator\'s note"]/p')
    assert text_of(date_note) == 'The article says "on Monday"; the wire services date the meeting.'
    assert text_of(curators_note) == "No release from the ministry has been found."


# Attribution that says what is inferred


INFERRED_SOURCE = """\
title: Ministers meet
publisher: Harbour Wire
author: Ines Varga
published: 2014-11-05
inferred: [publisher, author, published]
url: https://example.org/ministers-meet
archive: daily.txt
"""
QUALIFIED = {  # what an inferred field is printed as, and what may stand just before it
    "Harbour Wire": ("probably ",),
    "Ines Varga": ("probably ", "probably by "),
    "5 November 2014": ("probably ",),
}


def test_every_printed_publisher_author_and_date_of_an_inferred_source_is_qualified(tiny):
    tiny.write("content/sources/daily.yaml", INFERRED_SOURCE)
    tiny.event(EVENT, TWO_QUOTES)
    files = output_files(built(tiny))
    data = json.loads(files.pop("data.json"))
    [source] = data["sources"]
    assert (source["publisher"], source["author"], source["published"]) == ("Harbour Wire", "Ines Varga", "2014-11-05")
    for raw in ("publisher", "author", "published"):  # written as data beside `inferred`; all else is shown
        del source[raw]
    files["data.json (without the raw fields)"] = json.dumps(data, ensure_ascii=False)
    files["events.ics"] = files["events.ics"].replace("\r\n ", "")  # unfold the calendar's 75-octet lines
    seen = set()
    for name, text in files.items():
        for printed, qualifiers in QUALIFIED.items():
            for found in re.finditer(re.escape(printed), text):
                before = text[: found.start()]
                assert before.endswith(qualifiers), f"{name}: {text[found.start() - 60 : found.end() + 20]!r}"
                seen.add((name, printed))
    pages_that_print_all = {name for name in files if all((name, printed) in seen for printed in QUALIFIED)}
    assert {"sources/daily/index.html", f"events/{EVENT}/index.html", "sources/index.html"} <= pages_that_print_all
    assert ("feed.xml", "Harbour Wire") in seen and ("index.html", "Harbour Wire") in seen


def test_structured_data_leaves_out_what_it_cannot_qualify(tiny):
    tiny.write("content/sources/daily.yaml", INFERRED_SOURCE.replace("[publisher, author, published]", "[author]"))
    html = event_page(built(tiny))
    [ld_json] = html.xpath("//script[@type='application/ld+json']/text()")
    [article] = json.loads(ld_json)["citation"]
    assert article["publisher"] == {"@type": "Organization", "name": "Harbour Wire"}
    assert article["datePublished"] == "2014-11-05"
    assert "author" not in article  # schema.org has no "probably"


# Discrepancies, corrections, archived copies


DISCREPANCY = "A pact here; other reports call it a memorandum."


def test_a_discrepancy_sits_beside_its_quote_on_the_event_page(tiny):
    tiny.event(EVENT, TWO_QUOTES)
    html = event_page(built(tiny))
    quote = by_id(html, "cite-2")
    assert text_of(only(quote, ".//*[@class='discrepancy']")) == f"Discrepancy: {DISCREPANCY}"
    assert DISCREPANCY not in text_of(by_id(html, "cite-1"))


def test_a_discrepancy_sits_beside_its_quote_in_the_feed(tiny):
    tiny.event(EVENT, TWO_QUOTES)
    content = lxml.html.fromstring(f"<div>{feed_entry(built(tiny)).content[0].value}</div>")
    blocks = [text_of(element) for element in content]
    second_quote = blocks.index("[2] “They signed a ‘trade pact’…”")
    assert blocks[second_quote + 1 : second_quote + 3] == [
        f"Discrepancy: {DISCREPANCY}",
        "— Ministers meet, The Daily Test, 3 November 2014.",
    ]
    assert blocks.count(f"Discrepancy: {DISCREPANCY}") == 1


def test_a_discrepancy_is_in_the_data(tiny):
    tiny.event(EVENT, TWO_QUOTES)
    [event] = data_json(built(tiny))["events"]
    assert [citation["discrepancy"] for citation in event["citations"]] == [None, DISCREPANCY]


CORRECTED = """\
title: Ministers meet in Tokyo
date: 2014-11-03
summary: The ministers met.
sources:
  - source: daily
    quote: "the ministers met in Tokyo"
corrections:
  - date: 2015-01-20
    text: The title named Osaka; the article says Tokyo.
  - date: 2016-02-01
    text: The summary said the ministers signed a treaty; the article calls it a pact.
"""
CORRECTIONS = (
    ("2015-01-20", "20 January 2015", "The title named Osaka; the article says Tokyo."),
    ("2016-02-01", "1 February 2016", "The summary said the ministers signed a treaty; the article calls it a pact."),
)


def test_corrections_are_listed_with_their_dates_on_the_event_page(tiny):
    tiny.event(EVENT, CORRECTED)
    html = event_page(built(tiny))
    section = only(html, "//section[h2='Corrections']")
    items = section.xpath(".//li")
    assert [(li.find("time").get("datetime"), text_of(li)) for li in items] == [
        (iso, f"{human}: {text}") for iso, human, text in CORRECTIONS
    ]


def test_an_event_without_corrections_has_no_corrections_section(tiny):
    assert event_page(built(tiny)).xpath("//section[h2='Corrections']") == []


def test_corrections_are_in_the_feed_and_date_the_entry(tiny):
    tiny.event(EVENT, CORRECTED)
    out = built(tiny)
    entry = feed_entry(out)
    content = text_of(lxml.html.fromstring(f"<div>{entry.content[0].value}</div>"))
    for _, human, text in CORRECTIONS:
        assert f"{human}: {text}" in content
    assert entry.updated == "2016-02-01T00:00:00Z"  # the latest correction, not the event's date
    assert feedparser.parse((out / "feed.xml").read_bytes()).feed.updated == "2016-02-01T00:00:00Z"


def test_an_uncorrected_feed_entry_is_dated_by_its_event(tiny):
    assert feed_entry(built(tiny)).updated == "2014-11-03T00:00:00Z"


ARCHIVED = "https://web.archive.org/web/20141103000000/https://example.org/ministers-meet"


def test_an_archived_copy_is_linked_from_the_event_and_source_pages(tiny):
    tiny.edit("content/sources/daily.yaml", "archive: daily.txt", f"archive: daily.txt\narchived_url: {ARCHIVED}")
    out = built(tiny)
    [link] = event_page(out).xpath(f"//section[@class='sources']//a[@href='{ARCHIVED}']")
    assert text_of(link) == "Archived copy"
    source = page(out, "sources/daily/index.html")
    assert source.xpath(f"//dl[@class='facts']/dt[.='Archived copy']/following-sibling::dd[1]/a[@href='{ARCHIVED}']")


def test_no_archived_copy_is_offered_when_none_is_named(tiny):
    out = built(tiny)
    for html in (event_page(out), page(out, "sources/daily/index.html")):
        assert "Archived copy" not in text_of(html)


def test_a_source_page_shows_its_date_note_and_its_note_apart(tiny):
    tiny.edit(
        "content/sources/daily.yaml",
        "archive: daily.txt",
        "archive: daily.txt\ndate_note: The page shows no date; the wire dated it.\nnote: Reprinted from the wire.",
    )
    html = page(built(tiny), "sources/daily/index.html")
    assert text_of(only(html, "//aside[h2='About the date']/p")) == "The page shows no date; the wire dated it."
    assert text_of(only(html, "//aside[h2='About this source']/p")) == "Reprinted from the wire."


# Private notes


EVENT_PRIVATE = "Ask the desk whether the ministers met twice."
SOURCE_PRIVATE = "The trailing lines of the archive are page widgets."


def test_private_notes_are_in_no_output_file(tiny):
    tiny.event(EVENT, EVENT_WITH_NOTES + f"private_note: {EVENT_PRIVATE}\n")
    tiny.edit("content/sources/daily.yaml", "archive: daily.txt", f"archive: daily.txt\nprivate_note: {SOURCE_PRIVATE}")
    files = output_files(built(tiny))
    everything = "\n".join(files.values())
    assert "No release from the ministry has been found." in everything  # the reader's note is published
    for note in (EVENT_PRIVATE, SOURCE_PRIVATE):  # plain words: no escaping could hide them
        assert [name for name, text in files.items() if note in text] == []


def test_the_sample_sites_private_notes_are_in_no_output_file(tmp_path):
    project = write_sample_site(tmp_path / "sample")
    out = tmp_path / "_site"
    build(project, out, base_url=BASE_URL)
    files = output_files(out)
    for note in PRIVATE_NOTES:
        assert [name for name, text in files.items() if note in text] == []


# data.json


def test_every_page_links_the_data_from_its_footer(tiny):
    out = built(tiny)
    for relative in ("index.html", f"events/{EVENT}/index.html", "sources/daily/index.html", "tags/trade/index.html"):
        [link] = page(out, relative).xpath("//footer//a[.='Data (JSON)']")
        assert (out / relative).parent.joinpath(link.get("href")).resolve() == out / "data.json"
    [link] = page(out, "404.html").xpath("//footer//a[.='Data (JSON)']")
    assert link.get("href") == "/timeline/data.json"  # the 404 page is served at any depth


EVERY_OTHER_FIELD = """\
date_from: inference
date_note: It says the visit will last 5 days.
note: A reader's note.
people: [Ada Lovelace]
places: [Tokyo]
corrections:
  - date: 2015-01-20
    text: The end date was 8 November.
"""


def test_the_data_holds_every_reader_visible_field_of_an_event(tiny):
    every_field = TWO_QUOTES.replace("date: 2014-11-03\n", "date: 2014-11-03\nend: 2014-11-07\nend_circa: true\n")
    tiny.event(EVENT, every_field + EVERY_OTHER_FIELD)
    [event] = data_json(built(tiny))["events"]
    assert event == {
        "slug": EVENT,
        "page": f"events/{EVENT}/",
        "title": "Ministers meet in Tokyo",
        "date": {
            "iso": "2014-11-03/2014-11-07",
            "start": "2014-11-03",
            "end": "2014-11-07",
            "human": "3 – c. 7 November 2014",
            "circa": False,
            "end_circa": True,
            "uncertain": False,
            "bound": None,
        },
        "date_from": "inference",
        "date_qualifier": "date inferred from the article",
        "date_note": "It says the visit will last 5 days.",
        "summary": "The ministers met and signed a pact.",
        "body": (
            "The ministers met in Tokyo.[^1] They signed a trade pact.[^2]\n\n"
            "It was the first pact of its kind, agreed at the meeting.[^2][^1]\n"
            "The pact was signed on the day they met.[^2]"
        ),
        "note": "A reader's note.",
        "importance": "normal",
        "tags": ["trade"],
        "people": ["Ada Lovelace"],
        "places": ["Tokyo"],
        "citations": [
            {
                "number": 1,
                "source": "daily",
                "quote": "the ministers met in Tokyo",
                "shown": "…the ministers met in Tokyo",
                "cut_before": True,
                "cut_after": False,
                "discrepancy": None,
                "claims": 2,
            },
            {
                "number": 2,
                "source": "daily",
                "quote": "They signed a “trade pact”",
                "shown": "They signed a ‘trade pact’…",
                "cut_before": False,
                "cut_after": True,
                "discrepancy": DISCREPANCY,
                "claims": 3,
            },
        ],
        "corrections": [{"date": "2015-01-20", "text": "The end date was 8 November."}],
        "images": [],
    }


def test_the_data_holds_every_source_with_raw_and_qualified_fields(tiny):
    tiny.write(
        "content/sources/daily.yaml",
        INFERRED_SOURCE.replace("[publisher, author, published]", "[publisher]")
        + f"archived_url: {ARCHIVED}\ndate_note: Dated by the wire.\nnote: Reprinted from the wire.\n"
        + f"private_note: {SOURCE_PRIVATE}\n",
    )
    data = data_json(built(tiny))
    assert data["sources"] == [
        {
            "id": "daily",
            "page": "sources/daily/",
            "title": "Ministers meet",
            "publisher": "Harbour Wire",
            "publisher_shown": "probably Harbour Wire",
            "author": "Ines Varga",
            "author_shown": "Ines Varga",
            "published": "2014-11-05",
            "published_circa": False,
            "published_shown": "5 November 2014",
            "inferred": ["publisher"],
            "url": "https://example.org/ministers-meet",
            "archived_url": ARCHIVED,
            "date_note": "Dated by the wire.",
            "note": "Reprinted from the wire.",
        }
    ]
    assert data["tags"] == [{"id": "trade", "label": "Trade", "description": None}]


def test_the_data_is_utf8_and_identical_across_builds(tiny):
    tiny.write("content/sources/daily.yaml", INFERRED_SOURCE.replace("Ines Varga", "Élodie Brun"))
    first = (built(tiny) / "data.json").read_bytes()
    again = tiny.root / "again"
    build(tiny.project, again, base_url=BASE_URL)
    assert (again / "data.json").read_bytes() == first
    assert "Élodie Brun".encode() in first  # written as UTF-8, not escaped to ASCII


def test_the_data_is_written_as_sorted_compact_json(tiny):
    tiny.add_events(3)
    text = (built(tiny) / "data.json").read_text(encoding="utf-8")
    assert text.strip() == json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def test_a_rebuild_after_an_edit_writes_the_edited_event_into_the_data(tiny):
    made = tiny.add_events(3)
    builder = SiteBuilder(tiny.project)
    builder.build()
    written: dict[str, bytes] = {}
    tiny.edit(made[1].file, f"title: {made[1].title}", "title: A title saved in serve")
    builder.forget([tiny.root / made[1].file])
    builder.build(lambda path, data, _digest: written.__setitem__(path, data))
    titles = [event["title"] for event in json.loads(written["data.json"])["events"]]
    assert titles == [made[0].title, "A title saved in serve", made[2].title, "Ministers meet in Tokyo"]


def test_the_data_lists_events_in_timeline_order(tiny):
    made = tiny.add_events(4)
    slugs = [event["slug"] for event in data_json(built(tiny))["events"]]
    assert slugs == [event.slug for event in made] + [EVENT]
