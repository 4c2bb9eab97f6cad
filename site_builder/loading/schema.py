"""What each content file may hold: the keys of site.yaml, a source, an event and a citation."""

from __future__ import annotations

from .media import MEDIA_NAME, media_name
from .model import DATE_FROM, IMPORTANCE, INFERABLE
from .yamldoc import (
    Key,
    accepts,
    archive_url,
    at_least_one,
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

# A picture's name as media.py reads it, declaring the JSON Schema an editor checks it with.
picture_name = accepts(
    lambda: {
        "type": "string",
        "maxLength": 200,
        "pattern": f"^{MEDIA_NAME.pattern}$",
        "patternErrorMessage": "name a file inside content/media/ with letters, digits, '.', '-', '_' and '/'",
    }
)(lambda node, reader: media_name(node, reader))

TAG_SCHEMA = {
    "label": Key(text_up_to(100), required=True, description="The topic's name as readers see it."),
    "description": Key(text, description="A sentence saying what the topic covers, shown on its page."),
}
SITE_SCHEMA = {
    "title": Key(text, required=True, description="The site's name, shown on every page and in the feeds."),
    "subtitle": Key(text, description="A line under the title on the timeline."),
    "description": Key(text, description="A sentence or two about the timeline, for search engines and shared links."),
    "language": Key(text, description="The content's language, as a code such as en, ja or he (default en)."),
    "base_url": Key(
        base_url,
        description="The published site's address, such as https://user.github.io/repo/, for feeds and links.",
    ),
    "timeline_page_size": Key(positive_int, description="Events before the timeline splits by year; default 500."),
    "tags": Key(
        table_of(mapping_of(TAG_SCHEMA, "a tag definition"), MAX_TAG_DEFINITIONS, "tag definitions"),
        description="The topics events may list under tags: each id (lowercase words and hyphens) with its label.",
    ),
}
SOURCE_SCHEMA = {
    "title": Key(text, description="The article's headline, as published."),
    "publisher": Key(text, required=True, description="The outlet that published the article."),
    "author": Key(text, description="Who wrote the article; leave it out when the article does not say."),
    "published": Key(
        partial_date,
        description="When the article was published: YYYY, YYYY-MM or YYYY-MM-DD, as precisely as known.",
    ),
    "published_circa": Key(flag, description="true when the publication date is approximate."),
    "url": Key(web_url, description="The article's own web address; only a real, known one."),
    "archived_url": Key(archive_url, description="A copy in a web archive: the Wayback Machine or archive.today."),
    "archive": Key(text, description="The archived text's file name, beside this file; quotes are checked in it."),
    "inferred": Key(
        list_of(one_of(INFERABLE), len(INFERABLE), "inferred fields"),
        description="Which of publisher, author and published you worked out rather than read: printed as probable.",
    ),
    "date_note": Key(text, description="About the publication date, for readers."),
    "note": Key(text, description="About the source, for readers."),
    # read and checked like the others, then dropped: it is never published
    "private_note": Key(text, description="For curators only; never published anywhere."),
}
CITATION_SCHEMA = {
    "source": Key(
        slug,
        required=True,
        description="The id of the cited source: its file name in content/sources/ without .yaml.",
    ),
    "quote": Key(text, required=True, description="A passage copied word for word from the source's archived text."),
    "discrepancy": Key(
        unclaimed_text,
        description="Where the article and other reports differ, shown beside the quote.",
    ),
}
CITATION = mapping_of(CITATION_SCHEMA, "a citation")
CORRECTION_SCHEMA = {
    "date": Key(partial_date, required=True, description="The day the correction was made: YYYY-MM-DD."),
    "text": Key(unclaimed_text, required=True, description="What changed and why."),
}
IMAGE_SCHEMA = {
    "file": Key(picture_name, required=True, description="A JPEG, PNG or WebP file under content/media/."),
    "alt": Key(text_up_to(1_000), required=True, description="What the picture shows, for readers who cannot see it."),
    "credit": Key(text_up_to(300), required=True, description="Who made the picture."),
    "license": Key(
        text_up_to(300),
        required=True,
        description="The license the picture is published under, such as CC BY 4.0.",
    ),
    "caption": Key(unclaimed_text, description="A line printed under the picture."),
}
EVENT_SCHEMA = {
    "title": Key(
        text_up_to(300),
        required=True,
        description="The event's headline, shown on the timeline and its page.",
    ),
    "date": Key(
        partial_date,
        required=True,
        description="When it happened: YYYY, YYYY-MM or YYYY-MM-DD as precisely as the source says; -YYYY is BCE.",
    ),
    "end": Key(partial_date, description="The last day, month or year of a range, at the same precision as date."),
    "circa": Key(flag, description="true when the date is approximate (c. 2014)."),
    "end_circa": Key(flag, description="true when only the end of the range is approximate."),
    "uncertain": Key(flag, description="true when the date itself is in doubt (shown with a question mark)."),
    "before": Key(flag, description="true when the event happened before the date, not on it; no end then."),
    "after": Key(flag, description="true when the event happened after the date, not on it; no end then."),
    "date_from": Key(
        one_of(DATE_FROM),
        description="Where the date comes from: article (the default), inference or other-reports.",
    ),
    "date_note": Key(unclaimed_text, description="Which words of the article, or which reports, the date rests on."),
    "summary": Key(
        unclaimed_text,
        required=True,
        description="One or two plain sentences, shown on the timeline and in link previews.",
    ),
    "body": Key(
        body_markdown(MAX_BODY),
        description="The event in your own words, in Markdown; [^N] links a claim to citation N.",
    ),
    "note": Key(unclaimed_text, description="For readers: the curator's remark."),
    "private_note": Key(text, description="For curators only; never published anywhere."),
    "corrections": Key(
        list_of(mapping_of(CORRECTION_SCHEMA, "a correction"), MAX_CORRECTIONS_PER_EVENT, "corrections"),
        description="Changes made after publishing, each dated to the day with what changed and why.",
    ),
    "tags": Key(
        list_of(slug, MAX_TAGS_PER_EVENT, "tags"),
        description="Topic ids defined under tags in content/site.yaml.",
    ),
    "people": Key(list_of(text, MAX_NAMES_PER_EVENT, "people"), description="The people the event involves, by name."),
    "places": Key(list_of(text, MAX_NAMES_PER_EVENT, "places"), description="The places where it happened."),
    "importance": Key(one_of(IMPORTANCE), description="major, normal (the default) or minor; major events stand out."),
    "sources": Key(
        at_least_one(
            list_of(CITATION, MAX_CITATIONS_PER_EVENT, "citations"),
            "an event needs at least one citation under 'sources:' (- source: <source id>, quote: \"…\")",
        ),
        required=True,
        description="The citations the event rests on, numbered 1, 2, … in this order for [^N].",
    ),
    "images": Key(
        list_of(mapping_of(IMAGE_SCHEMA, "an image"), MAX_IMAGES_PER_EVENT, "images"),
        description="Pictures under content/media/, each with its alt text, credit and license.",
    ),
}
