"""content/events/: one event per file, its dates, tags and citations checked against the rest."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

from ..hashing import digest
from .context import LoadContext
from .dates import DateSpan
from .files import id_from_name, read_file, yaml_files
from .model import Citation, Event, Named, Tag
from .quotes import closest_passage, normalise
from .schema import EVENT_SCHEMA
from .sources import LoadedSource, SourceTable
from .yamldoc import Fields, FileReader, Located

T = TypeVar("T")


def load_events(context: LoadContext, tags: Mapping[str, Tag], sources: SourceTable) -> list[Event]:
    """The events that are valid; every other one leaves its problems in `context`."""
    events: list[Event] = []
    seen: dict[str, Path] = {}
    for path in yaml_files(context, context.content / "events", "event").readable:
        slug = id_from_name(context, path, "event", seen)
        fields, reader, file_digest = read_file(context, path, EVENT_SCHEMA, "an event")
        if fields is None:
            continue
        when = _check_dates(fields, reader)
        event_tags = _resolve(fields.value("tags", ()), tags, (), "tag", "content/site.yaml under 'tags:'", reader)
        citations = _check_citations(context, fields, sources, reader)
        if slug is None or when is None or reader.problems:
            continue
        events.append(
            Event(
                slug=slug,
                title=fields.value("title"),
                when=when,
                summary=fields.value("summary"),
                citations=citations,
                body=fields.value("body"),
                note=fields.value("note"),
                tags=tuple(event_tags),
                people=tuple(Named("person", item.value) for item in fields.value("people", ())),
                places=tuple(Named("place", item.value) for item in fields.value("places", ())),
                importance=fields.value("importance", "normal"),
                # everything the Event is built from, and its slug: a copy under a new name is another event
                origin=_origin(slug, file_digest, event_tags, citations),
            )
        )
    return events


def _origin(slug: str, file_digest: str, tags: list[Tag], citations: tuple[Citation, ...]) -> str:
    return digest(repr(("event", slug, file_digest, tags, [c.source.origin for c in citations])).encode())


def _check_dates(fields: Fields, reader: FileReader) -> DateSpan | None:
    start, end = fields.get("date"), fields.get("end")
    if start is None:
        return None
    if end is not None and end.value.precision != start.value.precision:
        reader.error(
            end,
            f"the end {end.value.iso()} is written to the {end.value.precision} but the date "
            f"{start.value.iso()} to the {start.value.precision}: write both at the same precision",
        )
        return None
    if end is not None and end.value.last_day() < start.value.first_day():
        reader.error(
            end, f"the end {end.value.iso()} is before the date {start.value.iso()}: swap them or correct the end"
        )
        return None
    return DateSpan(start.value, end.value if end else None, fields.value("circa", False))


def _resolve(
    refs: Iterable[Located],
    defined: Mapping[str, T],
    unloadable: Collection[str],
    kind: str,
    where_defined: str,
    reader: FileReader,
) -> list[T]:
    """Look up each referenced id, reporting undefined ones with the closest defined id.

    An id whose own file failed to load is not reported again here: that file's problem says it.
    """
    found: list[T] = []
    listed: set[str] = set()
    for ref in refs:
        if ref.value in listed:
            reader.error(ref, f"{kind} '{ref.value}' is listed twice: remove one")
        elif ref.value in unloadable:
            pass
        elif ref.value not in defined:
            close = difflib.get_close_matches(ref.value, list(defined), n=1, cutoff=0.6)
            if close:
                hint = f"did you mean '{close[0]}'?"
            elif kind == "source":
                hint = f"add content/sources/{ref.value}.yaml for the article"
            else:
                known = ", ".join(sorted(defined)[:8]) or "none yet"
                hint = f"add it there with a label, or use one of: {known}"
            reader.error(ref, f"{kind} '{ref.value}' is not defined in {where_defined} ({hint})")
        else:
            found.append(defined[ref.value])
        listed.add(ref.value)
    return found


def _check_citations(
    context: LoadContext, fields: Fields, sources: SourceTable, reader: FileReader
) -> tuple[Citation, ...]:
    cited = fields.get("sources")
    if cited is None:
        return ()
    if not cited.value:
        reader.error(
            cited, "an event needs at least one citation under 'sources:' (- source: <source id>, quote: \"…\")"
        )
        return ()
    citations = []
    for item in cited.value:
        citation = item.value
        if "source" not in citation or "quote" not in citation:
            continue
        source_ref, quote = citation["source"], citation["quote"]
        for loaded in _resolve([source_ref], sources.loaded, sources.unloadable, "source", "content/sources/", reader):
            _check_quote(context, quote, loaded, reader)
            citations.append(Citation(loaded.source, quote.value))
    return tuple(citations)


def _check_quote(context: LoadContext, quote: Located, cited: LoadedSource, reader: FileReader) -> None:
    """A quote must occur in the source's archived text; without one it can only be taken on trust."""
    source, archive = cited.source, cited.archive
    if archive is None:
        context.warn(
            reader.path, quote.line, quote.column, f"quote not verified: source '{source.id}' has no archived text"
        )
        return
    wanted = normalise(quote.value)
    if wanted in archive.normalised:
        return
    passage = closest_passage(wanted, archive.normalised)
    hint = f'; the closest passage is "{passage}"' if passage else ""
    if wanted.casefold() in archive.normalised.casefold():
        hint = " (it matches only if letter case is ignored: copy the capitals too)" + hint
    reader.error(
        quote,
        f"quote not found in the archived text of '{source.id}' ({archive.path}){hint}: "
        "quote the article word for word",
    )
