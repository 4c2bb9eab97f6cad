"""Exports: the whole timeline as plain data, for data.json — every field a reader can see, nothing private."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from ..loading.model import Citation, Correction, Event, Picture, Source, Tag
from .plan import url_for


def to_json(value: Any) -> str:
    """The one way data.json is written: keys sorted, compact, UTF-8 text rather than ASCII escapes."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def site_json(
    events: Iterable[Event],
    sources: Iterable[Source],
    tags: Iterable[Tag],
    event_json: Callable[[Event], str],
    source_json: Callable[[Source], str] | None = None,
) -> str:
    """data.json: the events in timeline order, the sources and the topics.

    `event_json(event)` is `to_json(event_data(event))` and `source_json(source)` `to_json(source_data(source))`,
    kept by the caller between builds, so a save re-serialises one event rather than the timeline; the
    result is the same text as `to_json` of the whole, whose keys sort "events", "sources", "tags".
    """
    events_part = json_array_pieces(map(event_json, events))
    sources_part = json_array_pieces(map(source_json or (lambda source: to_json(source_data(source))), sources))
    tags_json = to_json([tag_data(tag) for tag in tags])
    return "".join(['{"events":', *events_part, ',"sources":', *sources_part, ',"tags":', tags_json, "}"])


def json_array_pieces(items: Iterable[str]) -> list[str]:
    """A JSON array of these JSON texts as pieces ("[", a, ",", b, "]") to join with the rest of a file
    at once: a file of megabytes is copied whole by each join or `+` it goes through."""
    pieces = ["["]
    for item in items:
        pieces += (item, ",")
    if len(pieces) > 1:
        pieces.pop()  # the comma after the last item
    pieces.append("]")
    return pieces


def event_data(event: Event) -> dict[str, Any]:
    when = event.when
    return {
        "slug": event.slug,
        "page": url_for(event),
        "title": event.title,
        "date": {
            "iso": when.iso(),
            "start": when.start.iso(),
            "end": when.end.iso() if when.end else None,
            "human": when.human(),
            "circa": when.circa,
            "end_circa": when.end_circa,
            "uncertain": when.uncertain,
            "bound": when.bound,
        },
        "date_from": event.date_from,
        "date_qualifier": event.date_qualifier(),
        "date_note": event.date_note,
        "summary": event.summary,
        "body": event.body,  # Markdown as the curator wrote it, claim markers included
        "note": event.note,
        "importance": event.importance,
        "tags": [tag.id for tag in event.tags],
        "people": [person.name for person in event.people],
        "places": [place.name for place in event.places],
        "citations": [citation_data(citation) for citation in event.citations],
        "corrections": [correction_data(correction) for correction in event.corrections],
        "images": [picture_data(picture) for picture in event.images],
    }


def picture_data(picture: Picture) -> dict[str, Any]:
    """What a reader is told about a picture; its published sizes are on the event's page."""
    return {
        "file": picture.file,
        "alt": picture.alt,
        "caption": picture.caption,
        "credit": picture.credit,
        "license": picture.license,
        "width": picture.width,
        "height": picture.height,
    }


def citation_data(citation: Citation) -> dict[str, Any]:
    return {
        "number": citation.number,
        "source": citation.source.id,
        "quote": citation.quote,
        "shown": citation.shown(),
        "cut_before": citation.cut_before,
        "cut_after": citation.cut_after,
        "discrepancy": citation.discrepancy,
        "claims": citation.claims,
    }


def tag_data(tag: Tag) -> dict[str, Any]:
    return {"id": tag.id, "label": tag.label, "description": tag.description}


def correction_data(correction: Correction) -> dict[str, Any]:
    return {"date": correction.date.iso(), "text": correction.text}


def source_data(source: Source) -> dict[str, Any]:
    """A source's fields as written, each inferred one also as printed ("probably …")."""
    return {
        "id": source.id,
        "page": url_for(source),
        "title": source.title,
        "publisher": source.publisher,
        "publisher_shown": source.publisher_shown(),
        "author": source.author,
        "author_shown": source.author_shown(),
        "published": source.published.iso() if source.published else None,
        "published_circa": source.published_circa,
        "published_shown": source.published_shown(),
        "inferred": sorted(source.inferred),
        "url": source.url,
        "archived_url": source.archived_url,
        "date_note": source.date_note,
        "note": source.note,
    }
