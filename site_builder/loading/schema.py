"""What each content file may hold: the keys of site.yaml, a source, an event and a citation."""

from __future__ import annotations

from .model import IMPORTANCE
from .yamldoc import (
    Key,
    flag,
    list_of,
    mapping_of,
    one_of,
    partial_date,
    positive_int,
    slug,
    table_of,
    text,
    text_up_to,
    web_url,
)

TAG_SCHEMA = {"label": Key(text, required=True), "description": Key(text)}
SITE_SCHEMA = {
    "title": Key(text, required=True),
    "subtitle": Key(text),
    "description": Key(text),
    "language": Key(text),
    "base_url": Key(web_url),
    "timeline_page_size": Key(positive_int),
    "tags": Key(table_of(mapping_of(TAG_SCHEMA, "a tag definition"), "tag definitions")),
}
SOURCE_SCHEMA = {
    "title": Key(text),
    "publisher": Key(text, required=True),
    "author": Key(text),
    "published": Key(partial_date),
    "published_circa": Key(flag),
    "url": Key(web_url),
    "archive": Key(text),
    "note": Key(text),
}
CITATION_SCHEMA = {"source": Key(slug, required=True), "quote": Key(text, required=True)}
EVENT_SCHEMA = {
    "title": Key(text_up_to(300), required=True),
    "date": Key(partial_date, required=True),
    "end": Key(partial_date),
    "circa": Key(flag),
    "summary": Key(text, required=True),
    "body": Key(text_up_to(100_000)),
    "note": Key(text),
    "tags": Key(list_of(slug)),
    "people": Key(list_of(text)),
    "places": Key(list_of(text)),
    "importance": Key(one_of(IMPORTANCE)),
    "sources": Key(list_of(mapping_of(CITATION_SCHEMA, "a citation")), required=True),
}
