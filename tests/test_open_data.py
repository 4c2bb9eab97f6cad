"""Open data: the files other tools read (TimelineJS3, spreadsheets, calendars, feed readers), each
checked with the tool or the published schema that reads it."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import lxml.html
import pytest
import referencing

from site_builder.build import build

from browser import static_server
from conftest import SECOND_ARCHIVE, SECOND_SOURCE_YAML, TinySite
from sample_site import MAJOR_EVENT, PICTURE, write_sample_site

TESTS = Path(__file__).resolve().parent
BASE_URL = "https://example.org/timeline/"
EVENT = "2014-11-03-meeting"
EXPORTS = {"data.json", "timeline.json", "events.csv", "events.ics"}
FEEDS = {"feed.xml", "feed.json"}


def built(tiny: TinySite, base_url: str | None = BASE_URL, out: str = "_site") -> Path:
    build(tiny.project, tiny.root / out, base_url=base_url)
    return tiny.root / out


def dated(tiny: TinySite, slug: str, dates: str, title: str = "An event", extra: str = "") -> None:
    """An event citing the tiny site's article, dated as `dates` (YAML lines) says."""
    tiny.event(
        slug,
        f"title: {json.dumps(title)}\n{dates}\nsummary: What happened.\n{extra}"
        'sources:\n  - source: daily\n    quote: "the ministers met in Tokyo"\n',
    )


def with_second_source(tiny: TinySite) -> None:
    tiny.write("content/sources/weekly.yaml", SECOND_SOURCE_YAML)
    tiny.write("content/sources/weekly.txt", SECOND_ARCHIVE)


def footer_targets(out: Path, relative: str) -> set[str]:
    """What a page's footer links to, as paths in the output; the 404 page links from the base path."""
    html = lxml.html.fromstring((out / relative).read_text(encoding="utf-8"))
    hrefs = html.xpath("//footer//a/@href")
    if relative == "404.html":
        return {href.removeprefix("/timeline/") for href in hrefs}
    return {(out / relative).parent.joinpath(href).resolve().relative_to(out).as_posix() for href in hrefs}


# Every page links every export


def test_every_page_of_every_kind_links_every_export_and_feed_from_its_footer(tiny):
    tiny.add_events(6)  # people, places, two sources, three years
    out = built(tiny)
    pages = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.html"))
    kinds = {"index.html", "404.html", "years", "events", "sources", "tags", "people", "places"}
    assert {page.split("/")[0] for page in pages} == kinds
    for relative in pages:
        assert footer_targets(out, relative) == EXPORTS | FEEDS, relative
    assert all((out / target).is_file() for target in EXPORTS | FEEDS)


def test_without_a_base_url_the_footer_links_the_exports_and_no_feed_is_written(tiny):
    out = built(tiny, base_url=None)
    assert footer_targets(out, "index.html") == EXPORTS
    assert all((out / target).is_file() for target in EXPORTS)
    assert not any((out / feed).exists() for feed in FEEDS)


def test_the_json_feed_is_announced_beside_the_atom_feed(tiny):
    html = lxml.html.fromstring((built(tiny) / "index.html").read_text(encoding="utf-8"))
    alternates = {link.get("type"): link.get("href") for link in html.xpath("//head/link[@rel='alternate']")}
    assert alternates == {"application/atom+xml": "./feed.xml", "application/feed+json": "./feed.json"}


def test_the_same_content_gives_byte_identical_exports(tiny):
    tiny.add_events(4)
    first, second = built(tiny, out="one"), built(tiny, out="two")
    for name in EXPORTS | FEEDS:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


# data.json


def test_the_data_says_when_a_date_is_uncertain_or_only_a_bound(tiny):
    dated(tiny, "1952-perhaps", "date: 1952\nuncertain: true")
    dated(tiny, "before-march-1952", "date: 1952-03\nbefore: true")
    events = {event["slug"]: event["date"] for event in json.loads((built(tiny) / "data.json").read_text())["events"]}
    assert (events["1952-perhaps"]["uncertain"], events["1952-perhaps"]["bound"]) == (True, None)
    assert (events["before-march-1952"]["uncertain"], events["before-march-1952"]["bound"]) == (False, "before")
    assert [events[slug]["human"] for slug in ("1952-perhaps", "before-march-1952")] == ["1952?", "before March 1952"]


# events.csv


EVERY_COLUMN = """\
title: 'Ministers meet, "at last"; in Tokyo'
date: 2014-11-03
end: 2014-11-07
date_from: inference
date_note: The article says "on Monday".
summary: Talks on trade — and “pacts”, at length.
tags: [trade, diplomacy]
sources:
  - source: daily
    quote: "the ministers met in Tokyo"
  - source: weekly
    quote: "the envoys talked about trade"
"""


def csv_rows(out: Path) -> list[dict[str, str]]:
    with (out / "events.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_the_csv_round_trips_every_column_of_an_event(tiny):
    with_second_source(tiny)
    tiny.event(EVENT, EVERY_COLUMN)
    [row] = csv_rows(built(tiny))
    assert row == {
        "date": "2014-11-03",
        "end": "2014-11-07",
        "date_shown": "3–7 November 2014 (date inferred from the article)",
        "title": 'Ministers meet, "at last"; in Tokyo',
        "summary": "Talks on trade — and “pacts”, at length.",
        "topics": "Trade; Diplomacy",
        "url": f"{BASE_URL}events/{EVENT}/",
        "sources": (
            "Ministers meet, The Daily Test, 3 November 2014; Envoys talk trade, The Weekly Test, 1 January 2011"
        ),
    }


def test_the_csv_has_a_header_row_and_rfc_4180_line_ends(tiny):
    raw = (built(tiny) / "events.csv").read_bytes()
    header, *records = raw.split(b"\r\n")
    assert header == b"date,end,date_shown,title,summary,topics,url,sources"
    assert records[-1] == b"" and len(records) == 2  # one event, and the last record ends with CRLF too
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_the_csv_lists_events_in_timeline_order_with_site_relative_urls_without_a_base_url(tiny):
    dated(tiny, "2011-earlier", "date: 2011", title="Earlier")
    rows = csv_rows(built(tiny, base_url=None))
    assert [(row["date"], row["url"]) for row in rows] == [
        ("2011", "events/2011-earlier/"),
        ("2014-11-03", f"events/{EVENT}/"),
    ]


def test_a_text_cell_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe(tiny):
    dated(tiny, "2014-11-04-formula", "date: 2014-11-04", title='=HYPERLINK("https://evil.example","Click")')
    dated(tiny, "2014-11-05-plus", "date: 2014-11-05", title="+1 for the pact", extra="tags: [trade]\n")
    rows = {row["url"]: row for row in csv_rows(built(tiny, base_url=None))}
    assert rows["events/2014-11-04-formula/"]["title"] == '\'=HYPERLINK("https://evil.example","Click")'
    assert rows["events/2014-11-05-plus/"]["title"] == "'+1 for the pact"
    assert rows[f"events/{EVENT}/"]["title"] == "Ministers meet in Tokyo"  # other text as it is


def test_a_date_bce_keeps_its_minus_sign_in_the_csv(tiny):
    dated(tiny, "temple", "date: -500\nend: -450")
    [row, _] = csv_rows(built(tiny))
    # ISO 8601's expanded years, as data.json writes them: a year, never a formula
    assert (row["date"], row["end"], row["date_shown"]) == ("-0499", "-0449", "500–450 BCE")


# events.ics


def calendar(out: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((out / "events.ics").read_bytes())


def vevents(out: Path) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar(out).walk("VEVENT")}


def test_the_calendar_has_an_all_day_event_for_each_event_dated_to_the_day(tiny):
    dated(tiny, "2014-11-10-talks", "date: 2014-11-10\nend: 2014-11-12", title="Talks, part 2; in Kyoto")
    dated(tiny, "2014-12-month", "date: 2014-12")
    dated(tiny, "2014-year", "date: 2014")
    dated(tiny, "before-a-day", "date: 2014-10-01\nbefore: true")
    dated(tiny, "ides", "date: -44-03-15")
    events = vevents(built(tiny))
    assert set(events) == {f"{EVENT}@example.org/timeline", "2014-11-10-talks@example.org/timeline"}
    meeting, talks = events[f"{EVENT}@example.org/timeline"], events["2014-11-10-talks@example.org/timeline"]
    assert (meeting["DTSTART"].dt, meeting["DTEND"].dt) == (date(2014, 11, 3), date(2014, 11, 4))
    assert (talks["DTSTART"].dt, talks["DTEND"].dt) == (date(2014, 11, 10), date(2014, 11, 13))  # DTEND is exclusive
    assert meeting["DTSTART"].params["VALUE"] == "DATE"
    assert str(talks["SUMMARY"]) == "Talks, part 2; in Kyoto"
    assert str(talks["URL"]) == f"{BASE_URL}events/2014-11-10-talks/"
    description = str(talks["DESCRIPTION"])
    assert description.startswith("10–12 November 2014: What happened.\n")
    assert "Source: Ministers meet, The Daily Test, 3 November 2014" in description
    assert description.endswith(f"\n{BASE_URL}events/2014-11-10-talks/")


def test_calendar_lines_end_with_crlf_and_fold_at_75_octets_between_characters(tiny):
    long_title = ", ".join(["Ministers of ĀĒĪŌŪ and 東京 meet"] * 4)
    dated(tiny, "2014-11-04-long", "date: 2014-11-04", title=long_title)
    raw = (built(tiny) / "events.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 and b"\n" not in line and b"\r" not in line for line in lines)
    assert all(line.decode("utf-8") for line in lines)  # no fold splits a character's bytes
    assert any(line.startswith(b" ") for line in lines)
    assert str(vevents(built(tiny, out="again"))["2014-11-04-long@example.org/timeline"]["SUMMARY"]) == long_title


def test_a_calendar_uid_outlives_an_edit_to_the_event(tiny):
    [before] = vevents(built(tiny))
    tiny.edit(f"content/events/{EVENT}.yaml", "title: Ministers meet in Tokyo", "title: Ministers meet at last")
    [after] = vevents(built(tiny, out="again"))
    assert before == after == f"{EVENT}@example.org/timeline"


def test_a_calendar_without_a_base_url_names_its_events_by_the_site_title_and_links_none(tiny):
    [event] = vevents(built(tiny, base_url=None)).values()
    assert str(event["UID"]) == f"{EVENT}@test-timeline"
    assert "URL" not in event
    assert str(event["DESCRIPTION"]).endswith(f"\nevents/{EVENT}/")


def test_the_calendar_stamps_an_event_with_its_last_change_never_the_clock(tiny):
    corrected = "corrections:\n  - date: 2015-01-20\n    text: The end date was wrong.\n"
    dated(tiny, "2014-11-04-corrected", "date: 2014-11-04", extra=corrected)
    events = vevents(built(tiny))
    assert events[f"{EVENT}@example.org/timeline"]["DTSTAMP"].dt.isoformat() == "2014-11-03T00:00:00+00:00"
    assert events["2014-11-04-corrected@example.org/timeline"]["DTSTAMP"].dt.isoformat() == "2015-01-20T00:00:00+00:00"


# feed.json


def json_feed_validator() -> jsonschema.Draft4Validator:
    """The published JSON Feed 1.1 schema, with the 1.0 schema it refers to, checking formats too."""
    schemas = {
        name: json.loads((TESTS / "schemas" / f"jsonfeed-{name}.schema.json").read_text(encoding="utf-8"))
        for name in ("1", "1.1")
    }
    version_1 = referencing.Resource.from_contents(schemas["1"])
    registry = referencing.Registry().with_resource(schemas["1"]["id"], version_1)
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    assert {"date-time", "uri"} <= set(checker.checkers)  # else those formats would pass unchecked
    return jsonschema.Draft4Validator(schemas["1.1"], registry=registry, format_checker=checker)


def json_feed(out: Path) -> dict:
    return json.loads((out / "feed.json").read_text(encoding="utf-8"))


def test_the_json_feed_of_a_site_with_pictures_authors_and_corrections_is_valid_json_feed_1_1(tmp_path):
    project = write_sample_site(tmp_path / "sample")
    build(project, tmp_path / "out", base_url=BASE_URL)
    feed = json_feed(tmp_path / "out")
    json_feed_validator().validate(feed)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert next(iter(feed)) == "version"  # where the format asks for it
    [ferry] = [item for item in feed["items"] if item["id"] == f"{BASE_URL}events/{MAJOR_EVENT}/"]
    assert ferry["image"].startswith(f"{BASE_URL}media/")
    assert (tmp_path / "out" / ferry["image"].removeprefix(BASE_URL)).is_file()


def test_a_broken_json_feed_fails_the_schema(tiny):
    feed = json_feed(built(tiny))
    feed["items"][0]["date_modified"] = "3 November 2014"
    with pytest.raises(jsonschema.ValidationError, match="date-time"):
        json_feed_validator().validate(feed)


def git(root: Path, *args: str, when: int = 1_600_000_000) -> None:
    stamp = f"@{when} +0000"
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    for who in ("AUTHOR", "COMMITTER"):
        env |= {f"GIT_{who}_NAME": "Curator", f"GIT_{who}_EMAIL": "curator@example.org", f"GIT_{who}_DATE": stamp}
    subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True)


def test_the_json_feed_has_the_atom_feeds_entries_in_order_with_the_same_dates(tiny):
    git(tiny.root, "init", "-q", "-b", "main")
    git(tiny.root, "add", "-A", "content")
    git(tiny.root, "commit", "-q", "-m", "first")
    dated(tiny, "2011-05-earlier", "date: 2011-05")
    git(tiny.root, "add", "-A", "content")
    git(tiny.root, "commit", "-q", "-m", "second", when=1_600_086_400)
    out = built(tiny)
    atom = feedparser.parse((out / "feed.xml").read_bytes())
    items = json_feed(out)["items"]
    assert [(item["id"], item["date_published"], item["date_modified"]) for item in items] == [
        (entry.id, entry.published, entry.updated) for entry in atom.entries
    ]
    assert [item["id"] for item in items] == [f"{BASE_URL}events/2011-05-earlier/", f"{BASE_URL}events/{EVENT}/"]
    assert items[0]["date_published"] == "2020-09-14T12:26:40Z"  # added by the second commit


def test_a_json_feed_item_names_the_cited_authors_as_the_site_prints_them(tiny):
    tiny.edit("content/sources/daily.yaml", "title: Ministers meet\n", "title: Ministers meet\nauthor: Ines Varga\n")
    [item] = json_feed(built(tiny))["items"]
    assert item["authors"] == [{"name": "Ines Varga"}]
    tiny.edit("content/sources/daily.yaml", "author: Ines Varga\n", "author: Ines Varga\ninferred: [author]\n")
    [item] = json_feed(built(tiny, out="again"))["items"]
    assert item["authors"] == [{"name": "probably Ines Varga"}]


# timeline.json


def timeline(out: Path) -> dict:
    return json.loads((out / "timeline.json").read_text(encoding="utf-8"))


def slides(out: Path) -> dict[str, dict]:
    return {slide["unique_id"]: slide for slide in timeline(out)["events"]}


def test_each_slide_is_dated_at_its_events_precision_with_years_bce_negative(tiny):
    dated(tiny, "2014-first-half", "date: 2014-01\nend: 2014-06")
    dated(tiny, "2012", "date: 2012\ncirca: true")
    dated(tiny, "temple", "date: -500")
    found = slides(built(tiny))
    assert found[EVENT]["start_date"] == {"year": 2014, "month": 11, "day": 3}
    assert "end_date" not in found[EVENT]
    assert (found["2014-first-half"]["start_date"], found["2014-first-half"]["end_date"]) == (
        {"year": 2014, "month": 1},
        {"year": 2014, "month": 6},
    )
    assert found["temple"]["start_date"] == {"year": -500}  # TimelineJS labels it "500 BCE"
    assert [found[slug]["display_date"] for slug in ("temple", "2012")] == ["500 BCE", "c. 2012"]


def test_a_slide_carries_its_words_as_html_its_group_and_a_link_to_its_page(tiny):
    dated(tiny, "2014-11-05-pact", "date: 2014-11-05", title="Trade & <b>pacts</b>", extra="tags: [diplomacy, trade]\n")
    out = built(tiny)
    data = timeline(out)
    assert data["title"] == {"text": {"headline": "Test Timeline"}}
    slide = slides(out)["2014-11-05-pact"]
    assert slide["text"]["headline"] == "Trade &amp; &lt;b&gt;pacts&lt;/b&gt;"
    assert slide["group"] == "Diplomacy"
    text = lxml.html.fragment_fromstring(slide["text"]["text"], create_parent="div")
    assert [p.text_content() for p in text.xpath("p")] == [
        "What happened.",
        "Source: Ministers meet, The Daily Test, 3 November 2014",
        "The event, its quotes and its sources",
    ]
    assert text.xpath("//a/@href") == [f"{BASE_URL}events/2014-11-05-pact/"]


def test_a_slide_without_a_topic_has_no_group(tiny):
    dated(tiny, "2014-11-05-untagged", "date: 2014-11-05")
    assert "group" not in slides(built(tiny))["2014-11-05-untagged"]


def test_a_slide_shows_its_events_first_picture_with_its_caption_and_credit(tmp_path):
    project = write_sample_site(tmp_path / "sample")
    out = tmp_path / "out"
    build(project, out)
    media = slides(out)[MAJOR_EVENT]["media"]
    assert media["caption"] == "The Marguerite at the Northport quay before her first crossing."
    assert media["credit"] == "Image: Drawn for the sample timeline, CC0 1.0"
    assert media["alt"].startswith("The ferry Marguerite")
    stem = PICTURE.removesuffix(".jpg")
    for url in (media["url"], media["thumbnail"]):
        assert url.startswith(f"media/{stem}-") and url.endswith(".jpg") and (out / url).is_file()
    assert sum("media" in slide for slide in timeline(out)["events"]) == 1


# TimelineJS3 itself

TIMELINE_PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>timeline.json in TimelineJS3</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="timelinejs/css/timeline.css">
<script src="timelinejs/js/timeline.js"></script>
</head>
<body>
<div id="timeline" style="width: 1000px; height: 640px"></div>
<!-- TimelineJS fetches its default fonts from Knight Lab's CDN unless told to use the page's -->
<script>window.timeline = new TL.Timeline("timeline", "timeline.json", {font: null});</script>
</body>
</html>
"""


@pytest.mark.browser
def test_timelinejs_loads_timeline_json_and_makes_a_slide_of_every_event(page, tmp_path):
    project = write_sample_site(tmp_path / "sample")
    for slug, dates in (("ancient", "date: -500\ncirca: true"), ("before", "date: 1988-03\nbefore: true")):
        (tmp_path / "sample/content/events" / f"{slug}.yaml").write_text(
            f"title: The {slug} event\n{dates}\nsummary: Long ago.\nsources:\n"
            '  - source: bulletin-2023-09-12-festival\n    quote: "Tonight the lantern festival returns"\n',
            encoding="utf-8",
        )
    www = tmp_path / "www"
    build(project, www)  # no base URL: the slides' links and pictures are relative to the site root
    shutil.copytree(TESTS / "vendor" / "timelinejs", www / "timelinejs")
    (www / "timelinejs.html").write_text(TIMELINE_PAGE, encoding="utf-8")
    expected = [event["slug"] for event in json.loads((www / "data.json").read_text(encoding="utf-8"))["events"]]
    assert {"ancient", "before", MAJOR_EVENT} <= set(expected)
    with static_server(www) as url:
        page.goto(url + "timelinejs.html")
        page.wait_for_function("window.timeline && window.timeline.ready && window.timeline._storyslider._slides")
        shown = page.evaluate("window.timeline.config.events.map(event => event.unique_id)")
        slides_made = page.evaluate("window.timeline._storyslider._slides.length")
        found = page.evaluate("ids => ids.filter(id => window.timeline.getSlideById(id) !== null)", expected)
        page.wait_for_load_state("networkidle")  # the picture, so a failed load would be logged
        page.goto("about:blank")  # before the server stops, so no late request fails
    assert shown == expected  # TimelineJS put them in the timeline's order: it read every date as we meant it
    assert found == expected
    assert slides_made == len(expected) + 1  # and the title slide
    # the `page` fixture fails the test on any console error or uncaught exception
