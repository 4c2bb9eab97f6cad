"""The JSON Schemas of the content files, made from the loader's key tables (loading/schema.py).

`python -m site_builder.schemas` rewrites the `*.schema.json` files shipped in this package; a test
fails when they differ from what this module makes, so they change only with the rules they mirror.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from ..loading.schema import EVENT_SCHEMA, SITE_SCHEMA, SOURCE_SCHEMA
from ..loading.yamldoc import JsonSchema, Key, mapping_schema
from . import KINDS, PACKAGE_SCHEMAS, schema_name

DRAFT = "http://json-schema.org/draft-07/schema#"  # the newest draft yaml-language-server fully supports
_TABLES: dict[str, tuple[Mapping[str, Key], str, str]] = {
    "event": (
        EVENT_SCHEMA,
        "A sourced-timeline event",
        "One event of the timeline (content/events/<slug>.yaml), citing the sources it rests on.",
    ),
    "source": (
        SOURCE_SCHEMA,
        "A sourced-timeline source",
        "One article (content/sources/<id>.yaml) that events cite, with its archived text beside it.",
    ),
    "site": (
        SITE_SCHEMA,
        "A sourced timeline's settings",
        "content/site.yaml: the site's title and settings, and the topics (tags) events may list.",
    ),
}


def json_schema_for(kind: str) -> JsonSchema:
    """The JSON Schema of one kind of content file."""
    table, title, description = _TABLES[kind]
    return {"$schema": DRAFT, "title": title, "description": description, **mapping_schema(table)}


def schema_text(kind: str) -> str:
    """The schema as the shipped file holds it."""
    return json.dumps(json_schema_for(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path = PACKAGE_SCHEMAS) -> list[Path]:
    """Write each schema whose file differs from what is made now; the files written."""
    written = []
    for kind in KINDS:
        target = folder / schema_name(kind)
        wanted = schema_text(kind)
        if target.is_file() and target.read_text(encoding="utf-8") == wanted:
            continue
        staging = target.with_name(f".{target.name}.tmp")
        staging.write_text(wanted, encoding="utf-8")
        os.replace(staging, target)
        written.append(target)
    return written
