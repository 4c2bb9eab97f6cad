"""Load and validate: content/ files in, one complete `Site` or one `ContentError` out.

Every file is read even after a problem is found, so a single run reports everything wrong.
"""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path

from ..errors import ContentError
from .config import TagDefinition, load_config
from .context import LoadContext
from .events import load_events
from .filecache import FileCache
from .model import Event, Site, Source
from .sources import SourceTable, load_sources


def load_site(root: Path, cache: FileCache | None = None, jobs: int = 1) -> Site:
    """Read and validate `root/content/`; raise `ContentError` listing every problem found.

    Pass the same `cache` to repeated loads to re-read only the files that changed; files not
    parsed before are parsed in up to `jobs` processes.
    """
    cache = cache if cache is not None else FileCache()
    context = LoadContext(root, cache, jobs)
    config, tag_definitions = load_config(context)
    tags = {tag_id: definition.tag for tag_id, definition in tag_definitions.items()}
    sources = load_sources(context)
    events = load_events(context, tags, sources)
    cache.drop_unused()
    if context.problems or config is None:
        raise ContentError(context.problems)
    _warn_unused(context, tag_definitions, sources, events)
    return Site(
        config=config,
        tags=tuple(tags.values()),
        sources=tuple(sorted((loaded.source for loaded in sources.loaded.values()), key=_source_order)),
        events=tuple(sorted(events, key=attrgetter("sort_key"))),
        warnings=tuple(sorted(context.warnings)),
    )


def _warn_unused(
    context: LoadContext, tags: dict[str, TagDefinition], sources: SourceTable, events: list[Event]
) -> None:
    """Tags no event uses and sources no event cites were likely forgotten, or misspelt where used."""
    used_tags = {tag for event in events for tag in event.tags}
    cited = {citation.source.id for event in events for citation in event.citations}
    site_yaml = context.where(context.content / "site.yaml")
    for definition in tags.values():
        if definition.tag not in used_tags:
            message = f"tag '{definition.tag.id}' is defined but no event uses it"
            context.warn(site_yaml, definition.line, definition.column, message)
    for source_id, loaded in sources.loaded.items():
        if source_id not in cited:
            context.warn(loaded.path, 1, 1, "no event cites this source")


def _source_order(source: Source) -> tuple[bool, int, int, int, str]:
    """By date of publication, undated ones last, in plain integers (see Event.sort_key)."""
    if source.published is None:
        return (True, 0, 0, 0, source.id)
    return (False, source.published.year, source.published.month, source.published.day, source.id)
