"""Load and validate: content/ files in, one complete `Site` or one `ContentError` out.

Every file is read even after a problem is found, so a single run reports everything wrong.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, Problem, display_path
from ..hashing import digest
from .dates import DateSpan
from .filecache import FileCache
from .model import IMPORTANCE, Citation, Event, Named, Site, SiteConfig, Source, Tag
from .quotes import closest_passage, normalise
from .yamldoc import (
    INVALID,
    SLUG,
    Fields,
    FileReader,
    Key,
    Located,
    flag,
    list_of,
    mapping_of,
    one_of,
    partial_date,
    positive_int,
    read_mapping,
    slug,
    table_of,
    text,
    text_up_to,
    web_url,
)

_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")

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


@dataclass(frozen=True)
class _Archive:
    """An article's archived text, kept only to verify quotes: it is never published."""

    path: str
    normalised: str


class _Loader:
    """Reads one project's content folder, collecting problems across all its files."""

    def __init__(self, root: Path, cache: FileCache):
        self.root = root.resolve()
        self.cache = cache
        self.content = self.root / "content"
        self.readers: list[FileReader] = []
        self.naming_problems: list[Problem] = []
        self.warnings: list[str] = []
        self.unloadable: set[str] = set()  # ids whose file exists but could not be read

    @property
    def problems(self) -> list[Problem]:
        return self.naming_problems + [problem for reader in self.readers for problem in reader.problems]

    def where(self, path: Path) -> str:
        """The path as the curator knows it; files found under the (resolved) root need no disk access."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return display_path(path, self.root)

    def read(self, path: Path, schema: dict[str, Key], what: str) -> tuple[Fields | None, FileReader, str]:
        """A file's fields and a reader holding its problems so far, parsed once while unchanged."""
        where = self.where(path)
        (fields, problems), file_digest = self.cache.get(what, path, lambda: _parse_file(path, where, schema, what))
        reader = FileReader(where)
        reader.problems.extend(problems)
        self.readers.append(reader)
        return fields, reader, file_digest

    def files(self, folder: Path) -> list[Path]:
        """The YAML files of a folder, skipping editors' hidden and backup files."""
        if not folder.is_dir():
            return []
        found = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
        inside = []
        for path in found:
            if path.is_symlink() and not path.resolve().is_relative_to(self.content):
                self.naming_problems.append(
                    Problem(
                        self.where(path),
                        1,
                        1,
                        "this file is a link to a file outside content/, which is not read: copy the file in instead",
                    )
                )
            else:
                inside.append(path)
        return inside

    def slug_of(self, path: Path, kind: str, seen: dict[str, Path]) -> str | None:
        """The id a file's name gives it, or None (with a problem) when it is not a valid, unique id.

        Ids are compared ignoring case: on the case-insensitive file systems of many curators and
        hosts, events/Visit/ and events/visit/ would be one folder.
        """
        name = path.stem
        message = None
        other = seen.setdefault(name.lower(), path)
        if other != path:
            message = (
                f"duplicate {kind} id '{name}': {self.where(other)} has the same name "
                "(ids are compared ignoring case); rename one of them"
            )
        elif not SLUG.fullmatch(name):
            fixed = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "a-name"
            message = (
                f"'{name}' is not a valid {kind} id: use lowercase letters, digits and hyphens, "
                f"e.g. rename the file to {fixed}{path.suffix}"
            )
        if message:
            self.naming_problems.append(Problem(self.where(path), 1, 1, message))
            return None
        return name

    # site.yaml

    def load_config(self) -> tuple[SiteConfig | None, dict[str, Tag]]:
        path = self.content / "site.yaml"
        if not path.is_file():
            self.naming_problems.append(
                Problem(self.where(path), 1, 1, "site.yaml is missing: create it with at least 'title: …'")
            )
            return None, {}
        fields, reader, _ = self.read(path, SITE_SCHEMA, "site.yaml")
        if fields is None:
            return None, {}
        language = fields.get("language")
        if language and not _LANGUAGE.fullmatch(language.value):
            reader.error(language, f"'{language.value}' is not a language code: write e.g. en, ja or he")
        tags = {
            tag_id: Tag(tag_id, definition.value.value("label", tag_id), definition.value.value("description"))
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

    # sources/

    def load_sources(self) -> dict[str, tuple[Source, _Archive | None]]:
        sources: dict[str, tuple[Source, _Archive | None]] = {}
        seen: dict[str, Path] = {}
        folder = self.content / "sources"
        for path in self.files(folder):
            source_id = self.slug_of(path, "source", seen)
            fields, reader, file_digest = self.read(path, SOURCE_SCHEMA, "a source")
            if source_id is None or fields is None or "publisher" not in fields:
                self.unloadable.add(path.stem)
                continue
            archive = self.load_archive(fields.get("archive"), folder, reader)
            source = Source(
                id=source_id,
                publisher=fields.value("publisher"),
                title=fields.value("title"),
                author=fields.value("author"),
                published=fields.value("published"),
                published_circa=fields.value("published_circa", False),
                url=fields.value("url"),
                note=fields.value("note"),
                origin=file_digest,
            )
            sources[source_id] = (source, archive)
        return sources

    def load_archive(self, name: Located | None, folder: Path, reader: FileReader) -> _Archive | None:
        if name is None:
            return None
        path = (folder / name.value).resolve()
        problem = None
        if not path.is_relative_to(self.content.resolve()):
            problem = f"archive '{name.value}' lies outside content/: keep archived texts beside the sources"
        elif not path.is_file():
            problem = f"archive '{name.value}' not found: put the article's text at {self.where(folder / name.value)}"
        else:
            text, _ = self.cache.get("archive", path, lambda: _read_archive(path))
            if text is not None:
                return _Archive(self.where(path), text)
            problem = f"archive '{name.value}' is not UTF-8 text: save it as UTF-8"
        reader.error(name, problem)
        return None

    # events/

    def load_events(self, tags: dict[str, Tag], sources: dict[str, tuple[Source, _Archive | None]]) -> list[Event]:
        events: list[Event] = []
        seen: dict[str, Path] = {}
        for path in self.files(self.content / "events"):
            event_slug = self.slug_of(path, "event", seen)
            fields, reader, file_digest = self.read(path, EVENT_SCHEMA, "an event")
            if fields is None:
                continue
            when = self.check_dates(fields, reader)
            event_tags = self.resolve(fields.value("tags", ()), tags, "tag", "content/site.yaml under 'tags:'", reader)
            citations = self.check_citations(fields, sources, reader)
            if event_slug is None or reader.problems:
                continue
            events.append(
                Event(
                    slug=event_slug,
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
                    # everything the Event is built from: its file, its tags' definitions, its sources
                    origin=digest(repr((file_digest, event_tags, [c.source.origin for c in citations])).encode()),
                )
            )
        return events

    def check_dates(self, fields: Fields, reader: FileReader) -> DateSpan | None:
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

    def resolve(self, refs, defined: dict, kind: str, where_defined: str, reader: FileReader) -> list:
        """Look up each referenced id, reporting undefined ones with the closest defined id.

        An id whose own file failed to load is not reported again here: that file's problem says it.
        """
        found, listed = [], set()
        for ref in refs:
            if ref.value in listed:
                reader.error(ref, f"{kind} '{ref.value}' is listed twice: remove one")
            elif ref.value in self.unloadable:
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

    def check_citations(self, fields: Fields, sources, reader: FileReader) -> tuple[Citation, ...]:
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
            [entry] = self.resolve([source_ref], sources, "source", "content/sources/", reader) or [None]
            if entry is None:
                continue
            source, archive = entry
            if archive is None:
                self.warnings.append(
                    f"{reader.path}:{quote.line}:{quote.column}: quote not verified: "
                    f"source '{source.id}' has no archived text"
                )
            elif normalise(quote.value) not in archive.normalised:
                passage = closest_passage(normalise(quote.value), archive.normalised)
                hint = f'; the closest passage is "{passage}"' if passage else ""
                if normalise(quote.value).casefold() in archive.normalised.casefold():
                    hint = " (it matches only if letter case is ignored: copy the capitals too)" + hint
                reader.error(
                    quote,
                    f"quote not found in the archived text of '{source.id}' ({archive.path}){hint}: "
                    "quote the article word for word",
                )
            citations.append(Citation(source, quote.value))
        return tuple(citations)


MAX_FILE_BYTES = 1024 * 1024  # no event or source needs more; a larger file is a mistake or an attack


def _parse_file(path: Path, where: str, schema: dict[str, Key], what: str) -> tuple[Fields | None, tuple[Problem, ...]]:
    reader = FileReader(where)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            reader.error(None, f"the file is {size:,} bytes; a content file may be at most 1 MiB")
            return None, tuple(reader.problems)
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        reader.error(None, f"the file is not UTF-8 text (byte {exc.start}): save it as UTF-8")
        raw = None
    except OSError as exc:
        reader.error(None, f"cannot read the file: {exc.strerror}")
        raw = None
    node = reader.parse(raw) if raw is not None else None
    fields = read_mapping(node, schema, reader, what) if node is not None else None
    return (fields if fields is not INVALID else None), tuple(reader.problems)


def _read_archive(path: Path) -> str | None:
    try:
        return normalise(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None


def load_site(root: Path, cache: FileCache | None = None) -> Site:
    """Read and validate `root/content/`; raise `ContentError` listing every problem found.

    Pass the same `cache` to repeated loads to re-read only the files that changed.
    """
    cache = cache or FileCache()
    loader = _Loader(root, cache)
    config, tags = loader.load_config()
    sources = loader.load_sources()
    events = loader.load_events(tags, sources)
    cache.drop_unused()
    if loader.problems or config is None:
        raise ContentError(loader.problems)
    used_tags = {tag for event in events for tag in event.tags}
    cited = {citation.source.id for event in events for citation in event.citations}
    loader.warnings += [
        f"content/site.yaml: tag '{tag.id}' is defined but no event uses it"
        for tag in tags.values()
        if tag not in used_tags
    ]
    loader.warnings += [
        f"content/sources/{source_id}.yaml: no event cites this source"
        for source_id in sources
        if source_id not in cited
    ]
    return Site(
        config=config,
        tags=tuple(tags.values()),
        sources=tuple(sorted((source for source, _ in sources.values()), key=_source_order)),
        events=tuple(sorted(events, key=lambda event: event.sort_key)),
        warnings=tuple(loader.warnings),
    )


def _source_order(source: Source) -> tuple:
    return (source.published is None, source.published or 0, source.id)
