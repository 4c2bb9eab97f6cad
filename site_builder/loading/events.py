"""content/events/: one event per file, its dates, tags and citations checked against the rest."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from ..errors import Problem
from ..hashing import digest
from .claims import Marker
from .context import LoadContext
from .dates import BOUNDS, DateSpan
from .filecache import loader_version
from .files import ParsedFile, id_from_name, parse_file, parse_files, yaml_files
from .media import check_pictures, picture_state
from .model import Citation, Correction, Event, Named, Picture, Tag
from .schema import EVENT_SCHEMA
from .sources import LoadedSource, SourceTable
from .yamldoc import Body, Fields, FileReader, Invalid, Located

T = TypeVar("T")


def load_events(context: LoadContext, tags: Mapping[str, Tag], sources: SourceTable) -> list[Event]:
    """The events that are valid; every other one leaves its problems in `context`.

    An event is checked again only when something it was checked against changed (see `_inputs`);
    otherwise the event, problems and warnings of its last check are reused, and its file is not
    even parsed: the check is kept in the parse's stead, with the names the file gives.
    """
    events: list[Event] = []
    seen: dict[str, Path] = {}
    defined = _Defined(tags, sources)
    files = yaml_files(context, context.content / "events", "event").readable
    slugs = {path: id_from_name(context, path, "event", seen) for path in files}
    known = {path: _last_check(context, path, slugs[path], defined) for path in files}
    parse_files(context, [path for path, checked in known.items() if checked is None], EVENT_SCHEMA, "an event")
    for path in files:
        event, problems, warnings = known[path] or _check(context, path, slugs[path], tags, sources, defined)
        if problems:
            context.reader(context.where(path), problems)
        context.warnings.extend(warnings)
        if event is not None:
            events.append(event)
    return events


Checked = tuple[Event | None, tuple[Problem, ...], tuple[Problem, ...]]  # the event if valid, its problems, warnings
Names = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # the tags, sources and pictures an event names


def _last_check(context: LoadContext, path: Path, slug: str | None, defined: _Defined) -> Checked | None:
    """What the last check of the file found, if nothing it read has changed since; else None."""
    file_digest = context.cache.digest_of(path)
    names: Names | None = context.cache.recall("event names", path.as_posix(), file_digest) if file_digest else None
    if file_digest is None or names is None:
        return None
    checked: Checked | None = context.cache.recall(
        "checked event", path.as_posix(), _inputs(context, slug, file_digest, names, defined)
    )
    return checked


def _check(
    context: LoadContext,
    path: Path,
    slug: str | None,
    tags: Mapping[str, Tag],
    sources: SourceTable,
    defined: _Defined,
) -> Checked:
    parsed = parse_file(context, path, EVENT_SCHEMA, "an event")
    fields = parsed.fields
    if fields is None:
        return None, parsed.problems, ()
    if not parsed.digest:  # its bytes could not be digested: nothing can vouch for a check later
        return _validate(context, parsed, fields, slug, tags, sources)
    names = context.cache.remember("event names", path.as_posix(), parsed.digest, lambda: _names(fields))
    inputs = _inputs(context, slug, parsed.digest, names, defined)
    checked = context.cache.remember(
        "checked event", path.as_posix(), inputs, lambda: _validate(context, parsed, fields, slug, tags, sources)
    )
    context.cache.release("an event", path, parsed.digest)
    return checked


def _names(fields: Fields) -> Names:
    return (
        tuple(ref.value for ref in fields.value("tags", ())),
        tuple(item.value["source"].value for item in fields.value("sources", ()) if "source" in item.value),
        tuple(item.value["file"].value for item in fields.value("images", ()) if "file" in item.value),
    )


class _Defined:
    """What checking an event learns from each tag and source it names, worked out once a load, as text."""

    def __init__(self, tags: Mapping[str, Tag], sources: SourceTable):
        self._tags, self._sources = tags, sources
        self._states: dict[tuple[str, str], str] = {}

    def state(self, kind: str, name: str) -> str:
        """The tag's definition, or the source's digest with its archive's path; or why it is not there."""
        key = (kind, name)
        if key not in self._states:
            self._states[key] = self._work_out(kind, name)
        return self._states[key]

    def _work_out(self, kind: str, name: str) -> str:
        if kind == "tag":
            # a hint for an undefined one names the closest defined id, or lists the first few
            return repr(self._tags[name]) if name in self._tags else "undefined " + self._all_ids(kind)
        loaded = self._sources.loaded.get(name)
        if loaded is not None:
            return repr((loaded.source.origin, loaded.archive.path if loaded.archive else None))
        return "unloadable" if name in self._sources.unloadable else "undefined " + self._all_ids(kind)

    def _all_ids(self, kind: str) -> str:
        key = ("all", kind)
        if key not in self._states:
            ids = sorted(self._tags) if kind == "tag" else sorted(self._sources.loaded)
            self._states[key] = digest("\n".join(ids).encode())
        return self._states[key]


def _inputs(context: LoadContext, slug: str | None, file_digest: str, names: Names, defined: _Defined) -> str:
    """A digest of everything checking the event reads besides the loader's code: its file and name, the
    tags and sources it names (each source with its archive), and the pictures it shows. The file's
    digest fixes which names it gives, so each is stood for by what it names."""
    tag_ids, source_ids, pictures = names
    inputs = [slug or "", file_digest]
    inputs += [defined.state("tag", tag_id) for tag_id in tag_ids]
    inputs += [defined.state("source", source_id) for source_id in source_ids]
    inputs += [repr(picture_state(context, name)) for name in pictures]
    return digest("\0".join(inputs).encode())


def _validate(
    context: LoadContext,
    parsed: ParsedFile,
    fields: Fields,
    slug: str | None,
    tags: Mapping[str, Tag],
    sources: SourceTable,
) -> Checked:
    """Check a parsed event against the rest of the content: the event (None if invalid), its problems, warnings."""
    reader = FileReader(parsed.where)
    reader.problems.extend(parsed.problems)
    warned = len(context.warnings)
    when = _check_dates(fields, reader)
    _check_date_basis(fields, reader)
    event_tags = _resolve(fields.value("tags", ()), tags, (), "tag", "content/site.yaml under 'tags:'", reader)
    citations = _check_citations(context, fields, sources, reader)
    body: Body | None = fields.value("body")
    if body is not None:
        citations = _check_claims(context, body, citations, len(fields.value("sources", ())), reader)
    corrections = _check_corrections(fields, reader)
    pictures = check_pictures(context, fields, reader)
    warnings = tuple(context.warnings[warned:])
    del context.warnings[warned:]  # the caller reports them, whether worked out now or remembered
    if slug is None or when is None or reader.problems:
        return None, tuple(reader.problems), warnings
    # everything the Event is built from, and its slug: a copy under a new name is another event
    origin = _origin(slug, parsed.digest, event_tags, citations, pictures)
    event = Event(
        slug=slug,
        title=fields.value("title"),
        when=when,
        summary=fields.value("summary"),
        citations=citations,
        body=body.text if body else None,
        date_from=fields.value("date_from", "article"),
        date_note=fields.value("date_note"),
        note=fields.value("note"),
        corrections=corrections,
        tags=tuple(event_tags),
        people=tuple(Named("person", item.value) for item in fields.value("people", ())),
        places=tuple(Named("place", item.value) for item in fields.value("places", ())),
        importance=fields.value("importance", "normal"),
        images=pictures,
        origin=origin,
        fingerprint=digest(repr(("event", loader_version(), origin)).encode()),
    )
    return event, (), warnings


def _origin(
    slug: str, file_digest: str, tags: list[Tag], citations: tuple[Citation, ...], pictures: tuple[Picture, ...]
) -> str:
    sources = [c.source.origin for c in citations]
    return digest(repr(("event", slug, file_digest, tags, sources, [p.digest for p in pictures])).encode())


def _check_dates(fields: Fields, reader: FileReader) -> DateSpan | None:
    start, end = fields.get("date"), fields.get("end")
    if start is None:
        return None
    if end is not None and end.value.precision != start.value.precision:
        reader.error(
            end,
            f"the end {end.value.written()} is written to the {end.value.precision} but the date "
            f"{start.value.written()} to the {start.value.precision}: write both at the same precision",
        )
        return None
    if end is not None and end.value.last_day() < start.value.first_day():
        reader.error(
            end,
            f"the end {end.value.written()} is before the date {start.value.written()}: swap them or correct the end",
        )
        return None
    circa, end_circa = fields.value("circa", False), fields.get("end_circa")
    if end_circa is not None and end_circa.value and (end is None or circa):
        reader.error(
            end_circa,
            "end_circa marks only the end as approximate, but "
            + ("there is no end: remove it" if end is None else "circa already marks the whole span: keep one"),
        )
        return None
    bound = _check_bound(fields, reader)
    if isinstance(bound, Invalid):
        return None
    end_date = end.value if end else None
    uncertain = fields.value("uncertain", False)
    return DateSpan(start.value, end_date, circa, bool(end_circa and end_circa.value), uncertain, bound)


def _check_bound(fields: Fields, reader: FileReader) -> str | Invalid | None:
    """'before' or 'after' when the date is a bound the event happened on one side of; one at most, and no end."""
    bounds = [(name, where) for name in BOUNDS if (where := fields.get(name)) is not None and where.value]
    if len(bounds) > 1:
        return reader.error(
            bounds[1][1],
            "before and after cannot both be true: keep one, or give the range the event falls in with date and end",
        )
    if bounds and "end" in fields:
        name, where = bounds[0]
        return reader.error(
            where,
            f"{name}: true says only that the event happened {name} its date, so it takes no end: remove one of them",
        )
    return bounds[0][0] if bounds else None


def _check_date_basis(fields: Fields, reader: FileReader) -> None:
    """A date that the article does not state needs a note saying where it comes from."""
    basis = fields.get("date_from")
    if basis is not None and basis.value != "article" and "date_note" not in fields:
        evidence = "which words of the article" if basis.value == "inference" else "which reports"
        reader.error(basis, f"a date from {basis.value} needs a date_note saying {evidence} it rests on")


def _check_corrections(fields: Fields, reader: FileReader) -> tuple[Correction, ...]:
    corrections = []
    for item in fields.value("corrections", ()):
        if "date" not in item.value or "text" not in item.value:
            continue
        date = item.value["date"]
        if date.value.precision != "day":
            reader.error(date, f"a correction is dated to the day (YYYY-MM-DD), not {date.value.written()}")
            continue
        if date.value.is_bce:
            reader.error(date, f"a correction is dated the day it was made, not {date.value.written()}: write that day")
            continue
        corrections.append(Correction(date.value, item.value["text"].value))
    return tuple(sorted(corrections, key=lambda correction: correction.date))


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
    if cited is None:  # the key table has refused it, as it refuses an empty list
        return ()
    citations = []
    for number, item in enumerate(cited.value, start=1):
        citation = item.value
        if "source" not in citation or "quote" not in citation:
            continue
        source_ref, quote = citation["source"], citation["quote"]
        discrepancy = citation["discrepancy"].value if "discrepancy" in citation else None
        for loaded in _resolve([source_ref], sources.loaded, sources.unloadable, "source", "content/sources/", reader):
            cuts = _check_quote(context, quote, loaded, reader)
            if cuts is not None:
                citations.append(Citation(loaded.source, quote.value, number, discrepancy, *cuts))
    return tuple(citations)


def _check_claims(
    context: LoadContext, body: Body, citations: tuple[Citation, ...], listed: int, reader: FileReader
) -> tuple[Citation, ...]:
    """Each marker must name a citation of the event; each citation learns how many claims rest on it."""
    claims: dict[int, int] = {}
    for where in body.markers:
        marker: Marker = where.value
        if marker.number is None or marker.number > listed:
            named = "names no citation" if marker.number is None else f"names citation {marker.number}"
            reader.error(
                where,
                f"claim marker {marker.text} {named}, but the event lists {listed} under 'sources:': "
                f"write [^1] to [^{listed}] for the quote the claim rests on",
            )
        else:
            claims[marker.number] = claims.get(marker.number, 0) + 1
    if body.unmarked:
        first = body.unmarked[0]
        count = len(body.unmarked)
        opening = " ".join(first.value.split()[:6])
        context.warn(
            reader.path,
            first.line,
            first.column,
            f"{count} sentence{'s' if count > 1 else ''} of the body cite{'s' if count == 1 else ''} nothing, "
            f'the first "{opening}…": end each with a claim marker like [^1] naming the quote it rests on',
        )
    return tuple(replace(citation, claims=claims.get(citation.number, 0)) for citation in citations)


def _check_quote(
    context: LoadContext, quote: Located, cited: LoadedSource, reader: FileReader
) -> tuple[bool, bool] | None:
    """Where the quote's cuts fall, from the source's archived text; None when it is not there.

    Without an archive a quote can only be taken on trust, and where it was cut cannot be known.
    """
    source, archive = cited.source, cited.archive
    if archive is None:
        context.warn(
            reader.path, quote.line, quote.column, f"quote not verified: source '{source.id}' has no archived text"
        )
        return (False, False)
    # the same quote of the same article is found in the same place: checked once, while the archive stays the same
    if archive.digest:
        cuts = context.cache.remember("quote", archive.digest, quote.value, lambda: archive.cuts_of(quote.value))
    else:
        cuts = archive.cuts_of(quote.value)
    if cuts is None:
        reader.error(quote, archive.missing(quote.value, source.id))
    return cuts
