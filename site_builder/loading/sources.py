"""content/sources/: one article per file, with the archived text its quotes are checked against."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..hashing import digest
from .context import LoadContext
from .filecache import loader_version
from .files import id_from_name, parse_files, read_file, yaml_files
from .model import Source
from .quotes import archive_text, closest_passage, normalise, quote_cuts
from .schema import SOURCE_SCHEMA
from .yamldoc import Fields, FileReader, Located

# The longest news features run to some 10,000 words, about 60 KB of text; four times that is room
# enough, and keeps the search for a wrong quote's closest passage within milliseconds.
MAX_ARCHIVE_BYTES = 256 * 1024


@dataclass(frozen=True)
class Archive:
    """An article's archived text, kept only to verify quotes: it is never published."""

    path: str
    text: str  # typography folded, each run of whitespace one space or one line break (quotes.archive_text)
    digest: str  # of the file's bytes
    # The text on one line, as quotes are compared (quotes.normalise); positions match `text`'s.
    normalised: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "normalised", self.text.replace("\n", " "))

    def cuts_of(self, quote: str) -> tuple[bool, bool] | None:
        """Whether the quote is cut before and after, judged from the article; None when the article lacks it."""
        wanted = normalise(quote)
        return quote_cuts(wanted, self.text, self.normalised) if wanted in self.normalised else None

    def missing(self, quote: str, source_id: str) -> str:
        """Why the article lacks the quote, with the passage nearest to it to copy from."""
        wanted = normalise(quote)
        passage = closest_passage(wanted, self.normalised)
        hint = f'; the closest passage is "{passage}"' if passage else ""
        if wanted.casefold() in self.normalised.casefold():
            hint = " (it matches only if letter case is ignored: copy the capitals too)" + hint
        return (
            f"quote not found in the archived text of '{source_id}' ({self.path}){hint}: "
            "quote the article word for word"
        )


@dataclass(frozen=True)
class LoadedSource:
    """A source with what the loader knows beside it: the file it came from and its archived text."""

    source: Source
    path: str
    archive: Archive | None


@dataclass(frozen=True)
class SourceTable:
    """The sources that loaded, by id, and the ids whose file exists but could not be used."""

    loaded: dict[str, LoadedSource]
    unloadable: frozenset[str]


def load_sources(context: LoadContext) -> SourceTable:
    loaded: dict[str, LoadedSource] = {}
    unloadable: set[str] = set()
    seen: dict[str, Path] = {}
    folder = context.content / "sources"
    files = yaml_files(context, folder, "source (one article)")
    unloadable.update(path.stem for path in files.unusable)
    parse_files(context, files.readable, SOURCE_SCHEMA, "a source")
    for path in files.readable:
        source_id = id_from_name(context, path, "source", seen)
        fields, reader, file_digest = read_file(context, path, SOURCE_SCHEMA, "a source")
        if source_id is None or fields is None or "publisher" not in fields:
            unloadable.add(path.stem)
            continue
        archive = _load_archive(context, fields.get("archive"), folder, reader)
        inferred = _check_inferred(fields, reader)
        origin = digest(repr(("source", source_id, file_digest, archive.digest if archive else None)).encode())
        source = Source(
            id=source_id,
            publisher=fields.value("publisher"),
            title=fields.value("title"),
            author=fields.value("author"),
            published=fields.value("published"),
            published_circa=fields.value("published_circa", False),
            url=fields.value("url"),
            archived_url=fields.value("archived_url"),
            note=fields.value("note"),
            date_note=fields.value("date_note"),
            inferred=inferred,
            # the id too: a copy of a source file under a new name is another source
            origin=origin,
            fingerprint=digest(repr(("source", loader_version(), origin)).encode()),
        )
        loaded[source_id] = LoadedSource(source, reader.path, archive)
    return SourceTable(loaded, frozenset(unloadable))


def _check_inferred(fields: Fields, reader: FileReader) -> frozenset[str]:
    """The attribution fields marked inferred; each must be there to be qualified."""
    inferred = set()
    for name in fields.value("inferred", ()):
        if name.value in inferred:
            reader.error(name, f"'{name.value}' is listed twice: remove one")
        elif name.value not in fields:
            reader.error(name, f"'{name.value}' is marked inferred but the source gives none: add it or remove this")
        inferred.add(name.value)
    return frozenset(inferred)


def _load_archive(context: LoadContext, name: Located | None, folder: Path, reader: FileReader) -> Archive | None:
    if name is None:
        return None
    path = Path(os.path.realpath(folder / name.value))
    problem = _archive_problem(context, path, folder / name.value)
    if problem is None:
        text, archive_digest = context.cache.get("archive", path, lambda: _read_archive(path))
        if isinstance(text, str):
            return Archive(context.where(path), text, archive_digest)
        problem = text.reason
    reader.error(name, f"archive '{name.value}' {problem}")
    return None


def _archive_problem(context: LoadContext, path: Path, written: Path) -> str | None:
    """Why the archive at `path` (as the source names it: `written`) cannot be read, or None."""
    if not path.is_relative_to(context.real_content):
        return "lies outside content/: keep archived texts beside the sources"
    try:
        status = path.stat()
    except FileNotFoundError:
        return f"not found: put the article's text at {context.where(written)}"
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    if not stat.S_ISREG(status.st_mode):
        return "is not a file: put the article's text in a file of that name"
    if status.st_size > MAX_ARCHIVE_BYTES:
        return (
            f"is {status.st_size:,} bytes; an archived article may be at most {MAX_ARCHIVE_BYTES // 1024} KiB: "
            "keep only the article's own text"
        )
    return None


@dataclass(frozen=True)
class Unreadable:
    """Why an archive's text could not be read."""

    reason: str


def _read_archive(path: Path) -> str | Unreadable:
    try:
        return archive_text(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return Unreadable("is not UTF-8 text: save it as UTF-8")
    except OSError as exc:
        return Unreadable(f"cannot be read: {exc.strerror}")
