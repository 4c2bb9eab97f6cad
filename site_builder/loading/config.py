"""content/site.yaml: the site's settings and the tags events may use."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from .context import LoadContext
from .files import file_problem, read_file
from .model import SiteConfig, Tag
from .schema import SITE_SCHEMA

_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class TagDefinition:
    """A tag, and where site.yaml defines it, to point at a definition no event uses."""

    tag: Tag
    line: int
    column: int


def load_config(context: LoadContext) -> tuple[SiteConfig | None, dict[str, TagDefinition]]:
    """The site's settings (None when they cannot be used) and its tag definitions, by id."""
    path = context.content / "site.yaml"
    if not os.path.lexists(path):
        context.report(path, "site.yaml is missing: create it with at least 'title: …'")
        return None, {}
    problem = file_problem(context, path)
    if problem:
        context.report(path, problem)
        return None, {}
    fields, reader, _ = read_file(context, path, SITE_SCHEMA, "site.yaml")
    if fields is None:
        return None, {}
    language = fields.get("language")
    if language and not _LANGUAGE.fullmatch(language.value):
        reader.error(language, f"'{language.value}' is not a language code: write e.g. en, ja or he")
    tags = {
        tag_id: TagDefinition(
            Tag(tag_id, definition.value.value("label", tag_id), definition.value.value("description")),
            definition.line,
            definition.column,
        )
        for tag_id, definition in fields.value("tags", {}).items()
    }
    if "title" not in fields:
        return None, tags
    config = SiteConfig(
        title=fields.value("title"),
        language=fields.value("language", "en"),
        subtitle=fields.value("subtitle"),
        description=fields.value("description"),
        base_url=fields.value("base_url"),
        timeline_page_size=fields.value("timeline_page_size", SiteConfig.timeline_page_size),
    )
    return config, tags
