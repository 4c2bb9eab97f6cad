"""Open data in the formats other tools read: TimelineJS3's JSON, a spreadsheet (CSV), a calendar
(iCalendar) and JSON Feed 1.1. Each is written here rather than in a template, so quoting, escaping
and line endings follow the format's rules whatever the content says; only a feed entry's HTML comes
from the templates (_feed_entry.html), shared with the Atom feed.

Every value comes from what a reader sees: inferred attribution as printed ("probably …"), never a
private note. Nothing reads the clock, so the same content and history give the same bytes.

Each whole-timeline file is its events' parts joined: a slide, a row, a calendar entry, each written
on its own. A caller may pass the function that writes a part, keeping parts between builds so a save
writes one event's part rather than the timeline's; the file is the same text either way.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from markupsafe import escape

from ..loading.dates import PartialDate
from ..loading.history import FileDates
from ..loading.model import Event, Picture, SiteConfig, Source, slugify
from .exports import json_array_pieces, to_json
from .images import Rendition, Renditions
from .plan import JSON_FEED, url_for

Entry = tuple[Event, FileDates | None]  # an event with its file's git dates, when there are any
Updated = Callable[[Event, FileDates | None], str]  # when a feed entry last changed, as RFC 3339 in UTC
PictureSizes = Callable[[Picture], Renditions]
EventPart = Callable[[Event], str]  # one event's part of a whole-timeline file
VeventPart = Callable[[Event, FileDates | None], str]  # one event's calendar entry, given its file's git dates


def source_line(source: Source) -> str:
    """A source as its pages print it, in plain text: title, outlet, byline, date; inferred parts qualified."""
    parts = (
        source.title or "Untitled article",
        source.publisher_shown(),
        source.byline(),
        source.published_shown() or "date not recorded",
    )
    return ", ".join(part for part in parts if part)


def date_shown(event: Event) -> str:
    """The event's date as the site prints it, with where it comes from when that is not the article."""
    qualifier = event.date_qualifier()
    return f"{event.when.human()} ({qualifier})" if qualifier else event.when.human()


def _sources(event: Event) -> tuple[Source, ...]:
    """The sources an event cites, each once, in the order first cited."""
    return tuple(source for source, _ in event.quotes_by_source())


def _address(target: Event | str, base_url: str | None) -> str:
    """A public URL when the base URL is known, else the address relative to the site root."""
    return (base_url or "") + url_for(target)


# TimelineJS3 (https://timeline.knightlab.com/docs/json-format.html)

SLIDE_PICTURE_WIDTH = 960  # a TimelineJS slide shows a picture at most about this wide


def timeline_json(
    site: SiteConfig,
    events: Iterable[Event],
    base_url: str | None,
    renditions: PictureSizes,
    slide_json: EventPart | None = None,
) -> str:
    """timeline.json: a title slide and one slide per event, in TimelineJS3's JSON format.

    `slide_json(event)` is `timeline_slide(event, base_url, renditions)`, perhaps kept by the caller.
    """
    about = site.description or site.subtitle
    title: dict[str, Any] = {"text": {"headline": str(escape(site.title))}}
    if about:
        title["text"]["text"] = f"<p>{escape(about)}</p>"
    slides = map(slide_json or (lambda event: timeline_slide(event, base_url, renditions)), events)
    # What to_json writes for the whole: its keys sorted, so "events" before "title".
    return "".join(['{"events":', *json_array_pieces(slides), ',"title":', to_json(title), "}"])


def timeline_slide(event: Event, base_url: str | None, renditions: PictureSizes) -> str:
    """One event's slide in timeline.json, as JSON text."""
    return to_json(_slide(event, base_url, renditions))


def timeline_date(date: PartialDate) -> dict[str, int]:
    """A TimelineJS date at the date's own precision; its years, like ours, are negative before the common era."""
    parts = {"year": date.year, "month": date.month, "day": date.day}
    return {key: value for key, value in parts.items() if value}


def _slide(event: Event, base_url: str | None, renditions: PictureSizes) -> dict[str, Any]:
    # TimelineJS puts every text field into the page as HTML, so each is escaped here.
    slide: dict[str, Any] = {
        "unique_id": event.slug,
        "start_date": timeline_date(event.when.start),
        # The date as the site prints it ("c. 500 BCE", "before March 1952") rather than TimelineJS's own.
        "display_date": str(escape(event.when.human())),
        "text": {"headline": str(escape(event.title)), "text": _slide_text(event, base_url)},
        "autolink": False,  # the text's links are already written; no other words should become links
    }
    if event.when.end is not None:
        slide["end_date"] = timeline_date(event.when.end)
    if event.tags:
        slide["group"] = str(escape(event.tags[0].label))
    if event.images:
        slide["media"] = _slide_media(event.images[0], renditions(event.images[0]), base_url)
    return slide


def _slide_text(event: Event, base_url: str | None) -> str:
    qualifier = event.date_qualifier()
    paragraphs = [f"<p>{escape(event.summary)}</p>"]
    if qualifier:
        paragraphs.append(f"<p>{escape(qualifier.capitalize())}.</p>")
    paragraphs += [f"<p>Source: {escape(source_line(source))}</p>" for source in _sources(event)]
    link = escape(_address(event, base_url))
    paragraphs.append(f'<p><a href="{link}">The event, its quotes and its sources</a></p>')
    return "".join(paragraphs)


def _slide_media(picture: Picture, shown: Renditions, base_url: str | None) -> dict[str, str]:
    fitting = [rendition for rendition in shown.fallback if rendition.width <= SLIDE_PICTURE_WIDTH]
    chosen: Rendition = fitting[-1] if fitting else shown.fallback[0]
    media = {
        "url": _address(chosen.url, base_url),
        "thumbnail": _address(shown.fallback[0].url, base_url),
        "alt": str(escape(picture.alt)),
        "credit": str(escape(f"Image: {picture.credit}, {picture.license}")),
    }
    if picture.caption:
        media["caption"] = str(escape(picture.caption))
    return media


# CSV (RFC 4180)

CSV_COLUMNS = ("date", "end", "date_shown", "title", "summary", "topics", "url", "sources")
LIST_SEPARATOR = "; "  # between the values of a column that holds several
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's list): such a text
# cell is written with a leading apostrophe, which spreadsheets take as "this is text" and hide.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(text: str) -> str:
    """A free-text cell that no spreadsheet will run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def events_csv(events: Iterable[Event], base_url: str | None, row: EventPart | None = None) -> str:
    """events.csv: a header row, then one row per event in timeline order; CRLF line endings, as RFC 4180 has them.

    `row(event)` is `csv_row(event, base_url)`, perhaps kept by the caller.
    """
    rows = map(row or (lambda event: csv_row(event, base_url)), events)
    return "".join([_csv_line(CSV_COLUMNS), *rows])


def csv_row(event: Event, base_url: str | None) -> str:
    """One event's row of events.csv, its CRLF included.

    The dates are ISO 8601 as the loader checked them ("2014-11-03", "-0499" for 500 BCE) and are written
    as they are: a minus sign there starts a year, never a formula. Only free-text cells are guarded.
    """
    when = event.when
    texts = (
        date_shown(event),
        event.title,
        event.summary,
        LIST_SEPARATOR.join(tag.label for tag in event.tags),
    )
    sources = LIST_SEPARATOR.join(source_line(source) for source in _sources(event))
    guarded = [as_text_cell(text) for text in texts]
    end = when.end.iso() if when.end else ""
    return _csv_line([when.start.iso(), end, *guarded, _address(event, base_url), as_text_cell(sources)])


class _Line:
    """A file for a csv writer whose `writerow` returns the row's text, which it hands to `write`."""

    def write(self, text: str) -> str:
        return text


_ROW_WRITER = csv.writer(_Line(), lineterminator="\r\n")


def _csv_line(cells: Iterable[str]) -> str:
    line: str = _ROW_WRITER.writerow(cells)
    return line


# iCalendar (RFC 5545)

ICS_LINE_OCTETS = 75  # the longest a content line may be before it is folded, CRLF not counted
PRODUCT_ID = "-//site-builder//sourced timeline//EN"
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # what a TEXT value may not hold, but for tabs and line ends


def calendar_days(event: Event) -> tuple[date, date] | None:
    """The first day and the day after the last, when the event is dated to the day in the common era;
    else None: a calendar has no place for a month, a year, a day BCE, or a day an event was before or after."""
    start, end = event.when.start, event.when.end or event.when.start
    if start.precision != "day" or start.is_bce or event.when.bound:
        return None
    last = date(end.year, end.month, end.day)
    if last == date.max:
        return None
    return date(start.year, start.month, start.day), last + timedelta(days=1)


def events_ics(
    site: SiteConfig,
    entries: Iterable[Entry],
    base_url: str | None,
    updated: Updated,
    vevent: VeventPart | None = None,
) -> str:
    """events.ics: an all-day VEVENT for each event dated to the day.

    DTSTAMP is when the entry last changed, as the Atom feed dates it, never the time of the build.
    `vevent(event, dates)` is `calendar_entry(site, event, base_url, updated(event, dates))`, perhaps kept
    by the caller.
    """
    part = vevent or (lambda event, dates: calendar_entry(site, event, base_url, updated(event, dates)))
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        f"NAME:{ics_text(site.title)}",
        f"X-WR-CALNAME:{ics_text(site.title)}",  # the name most calendar apps still read
    ]
    vevents = [part(event, dates) for event, dates in entries]
    return "".join([_ics_lines(head), *vevents, _ics_lines(["END:VCALENDAR"])])


def calendar_entry(site: SiteConfig, event: Event, base_url: str | None, stamp: str) -> str:
    """One event's VEVENT in events.ics, its lines folded and ended; nothing for an event not dated to the day.

    Its UID is the event's slug at the site's address (or its title's slug without one), so a calendar
    that subscribes sees an edited event as the same event. `stamp` is its DTSTAMP, in RFC 3339.
    """
    days = calendar_days(event)
    if days is None:
        return ""
    site_id = base_url.split("://", 1)[1].rstrip("/") if base_url else slugify(site.title)
    description = [f"{date_shown(event)}: {event.summary}"]
    description += [f"Source: {source_line(source)}" for source in _sources(event)]
    description.append(_address(event, base_url))
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.slug}@{site_id}",
        f"DTSTAMP:{stamp.replace('-', '').replace(':', '')}",
        f"DTSTART;VALUE=DATE:{days[0]:%Y%m%d}",
        f"DTEND;VALUE=DATE:{days[1]:%Y%m%d}",
        f"SUMMARY:{ics_text(event.title)}",
        f"DESCRIPTION:{ics_text(chr(10).join(description))}",
    ]
    if base_url:
        lines.append(f"URL:{_address(event, base_url)}")
    if event.tags:
        lines.append("CATEGORIES:" + ",".join(ics_text(tag.label) for tag in event.tags))
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]  # a past happening never makes anyone busy
    return _ics_lines(lines)


def _ics_lines(lines: Iterable[str]) -> str:
    return "".join(fold_line(line) + "\r\n" for line in lines)


def ics_text(text: str) -> str:
    """A TEXT value as RFC 5545 escapes it: backslash, semicolon, comma and newline; other controls dropped."""
    text = _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    for plain, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        text = text.replace(plain, escaped)
    return text


def fold_line(line: str) -> str:
    """A content line folded into pieces of at most 75 octets, each after the first starting with a space,
    never splitting a character's UTF-8 bytes."""
    if len(line.encode("utf-8")) <= ICS_LINE_OCTETS:
        return line
    if line.isascii():  # a character is an octet
        rest = ICS_LINE_OCTETS - 1
        return "\r\n ".join(
            [line[:ICS_LINE_OCTETS], *(line[i : i + rest] for i in range(ICS_LINE_OCTETS, len(line), rest))]
        )
    pieces: list[str] = []
    piece, size = "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > ICS_LINE_OCTETS:
            pieces.append(piece)
            piece, size = " ", 1
        piece += char
        size += octets
    pieces.append(piece)
    return "\r\n".join(pieces)


# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def feed_json(
    site: SiteConfig,
    entries: Sequence[Entry],
    base_url: str,
    content: Callable[[Event], str],
    renditions: PictureSizes,
    updated: Updated,
) -> str:
    """feed.json: the Atom feed's entries, dated as it dates them; `content(event)` is the entry's HTML."""
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": site.title,
        "home_page_url": base_url,
        "feed_url": base_url + JSON_FEED,
    }
    if site.description or site.subtitle:
        feed["description"] = site.description or site.subtitle
    feed["language"] = site.language
    feed["authors"] = [{"name": site.title}]
    feed["items"] = [_feed_item(event, dates, base_url, content, renditions, updated) for event, dates in entries]
    # In the order built, not sorted: the format asks for "version" first.
    return json.dumps(feed, ensure_ascii=False, separators=(",", ":"))


def _feed_item(
    event: Event,
    dates: FileDates | None,
    base_url: str,
    content: Callable[[Event], str],
    renditions: PictureSizes,
    updated: Updated,
) -> dict[str, Any]:
    address = _address(event, base_url)
    item: dict[str, Any] = {
        "id": address,
        "url": address,
        "title": event.title,
        "summary": f"{event.when.human()}: {event.summary}",
        "content_html": str(content(event)).strip(),
    }
    if event.images:
        item["image"] = _address(renditions(event.images[0]).largest.url, base_url)
    if dates is not None:
        item["date_published"] = dates.added.iso()
    item["date_modified"] = updated(event, dates)
    authors = dict.fromkeys(shown for source in _sources(event) if (shown := source.author_shown()))
    if authors:
        item["authors"] = [{"name": name} for name in authors]
    if event.tags:
        item["tags"] = list(dict.fromkeys(tag.label for tag in event.tags))
    return item
