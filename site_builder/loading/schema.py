"""What each content file may hold: the keys of site.yaml, a source, an event and a citation."""

from __future__ import annotations

from .media import media_name
from .model import DATE_FROM, IMPORTANCE, INFERABLE
from .yamldoc import (
    Key,
    archive_url,
    base_url,
    body_markdown,
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
    unclaimed_text,
    web_url,
)

# Limits no real timeline comes near. Each tag, person and place gets a page listing its events, and
# every timeline page lists every tag, so without them one file could make gigabytes of pages.
MAX_TAG_DEFINITIONS = 500
MAX_TAGS_PER_EVENT = 20
MAX_NAMES_PER_EVENT = 50  # people, and places, each
MAX_CITATIONS_PER_EVENT = 50
MAX_CORRECTIONS_PER_EVENT = 50
MAX_IMAGES_PER_EVENT = 20
MAX_BODY = 20_000  # some 3,000 words; converting Markdown costs more than its length (see conversion_problem)

TAG_SCHEMA = {"label": Key(text_up_to(100), required=True), "description": Key(text)}
SITE_SCHEMA = {
    "title": Key(text, required=True),
    "subtitle": Key(text),
    "description": Key(text),
    "language": Key(text),
    "base_url": Key(base_url),
    "timeline_page_size": Key(positive_int),
    "tags": Key(table_of(mapping_of(TAG_SCHEMA, "a tag definition"), MAX_TAG_DEFINITIONS, "tag definitions")),
}
SOURCE_SCHEMA = {
    "title": Key(text),
    "publisher": Key(text, required=True),
    "author": Key(text),
    "published": Key(partial_date),
    "published_circa": Key(flag),
    "url": Key(web_url),
    "archived_url": Key(archive_url),
    "archive": Key(text),
    "inferred": Key(list_of(one_of(INFERABLE), len(INFERABLE), "inferred fields")),
    "date_note": Key(text),
    "note": Key(text),
    "private_note": Key(text),  # read and checked like the others, then dropped: it is never published
}
CITATION_SCHEMA = {
    "source": Key(slug, required=True),
    "quote": Key(text, required=True),
    "discrepancy": Key(unclaimed_text),
}
CITATION = mapping_of(CITATION_SCHEMA, "a citation")
CORRECTION_SCHEMA = {"date": Key(partial_date, required=True), "text": Key(unclaimed_text, required=True)}
IMAGE_SCHEMA = {
    "file": Key(media_name, required=True),
    "alt": Key(text_up_to(1_000), required=True),
    "credit": Key(text_up_to(300), required=True),
    "license": Key(text_up_to(300), required=True),
    "caption": Key(unclaimed_text),
}
EVENT_SCHEMA = {
    "title": Key(text_up_to(300), required=True),
    "date": Key(partial_date, required=True),
    "end": Key(partial_date),
    "circa": Key(flag),
    "end_circa": Key(flag),
    "date_from": Key(one_of(DATE_FROM)),
    "date_note": Key(unclaimed_text),
    "summary": Key(unclaimed_text, required=True),
    "body": Key(body_markdown(MAX_BODY)),
    "note": Key(unclaimed_text),
    "private_note": Key(text),  # never published
    "corrections": Key(
        list_of(mapping_of(CORRECTION_SCHEMA, "a correction"), MAX_CORRECTIONS_PER_EVENT, "corrections")
    ),
    "tags": Key(list_of(slug, MAX_TAGS_PER_EVENT, "tags")),
    "people": Key(list_of(text, MAX_NAMES_PER_EVENT, "people")),
    "places": Key(list_of(text, MAX_NAMES_PER_EVENT, "places")),
    "importance": Key(one_of(IMPORTANCE)),
    "sources": Key(list_of(CITATION, MAX_CITATIONS_PER_EVENT, "citations"), required=True),
    "images": Key(list_of(mapping_of(IMAGE_SCHEMA, "an image"), MAX_IMAGES_PER_EVENT, "images")),
}
