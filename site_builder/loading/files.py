"""Content files: which files of a folder are read, the ids their names give, and parsing one."""

from __future__ import annotations

import errno
import os
import pickle
import re
import stat
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..errors import Problem, printable
from ..parallel import MIN_PARALLEL, iterate_pages
from ..project import is_input_file
from .context import LoadContext
from .yamldoc import SLUG, Fields, FileReader, Key, read_mapping

MAX_FILE_BYTES = 1024 * 1024  # no event or source needs more; a larger file is a mistake or an attack
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class FolderFiles:
    """A folder's YAML files: those that can be read, and those found unusable (each reported)."""

    readable: list[Path]
    unusable: list[Path]


def yaml_files(context: LoadContext, folder: Path, what: str) -> FolderFiles:
    """The YAML input files of a content folder, which must exist; `what` names what each file holds.

    While `serve` trusts its watcher, the folder is listed once and afterwards only the names the
    watcher reported in it are looked at again.
    """
    kept = context.cache.kept_listing(folder)
    if kept is None:
        entries = _listed(context, folder, what)
        if entries is None:
            return FolderFiles([], [])
    else:
        entries, reported = dict(kept[0]), kept[1]
        for name in reported:
            entries.pop(name, None)
            path = folder / name
            if os.path.lexists(path) and (looked := _looked_at(context, path)) is not None:
                entries[name] = looked[0]
        entries = dict(sorted(entries.items()))
    context.cache.keep_listing(folder, entries)
    readable, unusable = [], []
    for name, problem in entries.items():
        path = folder / name
        if problem is None:
            readable.append(path)
        else:
            context.report(path, problem)
            unusable.append(path)
    return FolderFiles(readable, unusable)


def _listed(context: LoadContext, folder: Path, what: str) -> dict[str, str | None] | None:
    """Each YAML input file of the folder by name, in order, with why it cannot be read (or None);
    None, with the problem reported, when the folder cannot be listed."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        wrong = "this is a file, not a folder" if os.path.isfile(folder) else "not found"
        context.report_whole(folder, f"{wrong}: make it a folder holding one YAML file per {what}")
        return None
    except OSError as exc:
        context.report_whole(folder, f"cannot read this folder: {exc.strerror}")
        return None
    found = {}
    for entry in entries:
        looked = _looked_at(context, folder / entry.name, entry)
        if looked is not None:
            found[entry.name] = looked[0]
    return found


def _looked_at(context: LoadContext, path: Path, entry: os.DirEntry[str] | None = None) -> tuple[str | None] | None:
    """None when the file is no YAML input; else why it cannot be read, or None, in a tuple."""
    if not is_input_file(path):
        return None
    if path.suffix in YAML_SUFFIXES:
        return (file_problem(context, path, entry),)
    if path.suffix.lower() in YAML_SUFFIXES:
        return (f"a {path.suffix} file is not read: rename it to {path.stem}{path.suffix.lower()}",)
    return None


def file_problem(context: LoadContext, path: Path, entry: os.DirEntry[str] | None = None) -> str | None:
    """Why `path` cannot be read as a content file, or None: a regular file inside content/, small enough.

    `entry`, the file's entry in its folder's listing, spares asking the disk again what it knows.
    """
    try:
        status = entry.stat() if entry is not None else path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            target = printable(os.readlink(path))
            return f"this file is a link to {target}, which does not exist: remove the link or restore its file"
        return "the file is gone: it was removed while being read"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "this file is a link that loops back on itself: remove the link"
        return f"cannot read the file: {exc.strerror}"
    if stat.S_ISDIR(status.st_mode):
        return "this is a folder, not a file: rename it, or move what it holds out of it"
    if not stat.S_ISREG(status.st_mode):
        return "this is not a regular file (a pipe, a socket or a device): remove it"
    is_link = entry.is_symlink() if entry is not None else path.is_symlink()
    if is_link and not Path(os.path.realpath(path)).is_relative_to(context.real_content):
        return "this file is a link to a file outside content/, which is not read: copy the file in instead"
    if status.st_size > MAX_FILE_BYTES:
        return f"the file is {status.st_size:,} bytes; a content file may be at most 1 MiB"
    context.cache.note_status(path, status)
    return None


def id_from_name(context: LoadContext, path: Path, kind: str, seen: dict[str, Path]) -> str | None:
    """The id a file's name gives it, or None (with a problem) when it is not a valid, unique id.

    Ids are compared ignoring case: on the case-insensitive file systems of many curators and
    hosts, events/Visit/ and events/visit/ would be one folder.
    """
    name = path.stem
    other = seen.setdefault(name.lower(), path)
    if other != path:
        context.report(
            path,
            f"duplicate {kind} id '{name}': {context.where(other)} has the same name "
            "(ids are compared ignoring case); rename one of them",
        )
        return None
    if not SLUG.fullmatch(name):
        fixed = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "a-name"
        context.report(
            path,
            f"'{name}' is not a valid {kind} id: use lowercase letters, digits and hyphens, "
            f"e.g. rename the file to {fixed}{path.suffix}",
        )
        return None
    return name


def read_file(
    context: LoadContext, path: Path, schema: dict[str, Key], what: str
) -> tuple[Fields | None, FileReader, str]:
    """A file's fields (None when unreadable), a reader holding its problems so far, and its digest.

    A file is parsed once while its bytes stay the same.
    """
    parsed = parse_file(context, path, schema, what)
    return parsed.fields, context.reader(parsed.where, parsed.problems), parsed.digest


@dataclass(frozen=True)
class ParsedFile:
    """A file read against its schema: its fields (None when unreadable), the problems found so far, its digest."""

    where: str  # the path as the curator knows it
    fields: Fields | None
    problems: tuple[Problem, ...]
    digest: str  # of the bytes, "" when they could not be read


def parse_files(context: LoadContext, paths: list[Path], schema: dict[str, Key], what: str) -> None:
    """Parse, spread over the load's processes, the files whose parse the cache lacks: a cold load's longest step.

    `parse_file` then finds each in the cache. Too few files are left to it: starting workers would cost more.
    """
    if context.jobs < 2 or len(paths) < MIN_PARALLEL:
        return
    missing = []
    for path in paths:
        file_digest = context.cache.digest_of(path)
        if file_digest and not context.cache.knows(what, path, file_digest):
            missing.append((path, context.where(path), file_digest))
    if len(missing) < MIN_PARALLEL:
        return

    def parse(item: tuple[Path, str, str]) -> bytes:
        return pickle.dumps(_parse(item[0], item[1], schema, what), protocol=pickle.HIGHEST_PROTOCOL)

    for (path, _, file_digest), data in zip(missing, iterate_pages(parse, missing, context.jobs), strict=True):
        context.cache.remember(what, path.as_posix(), file_digest, partial(pickle.loads, data))


def parse_file(context: LoadContext, path: Path, schema: dict[str, Key], what: str) -> ParsedFile:
    """The file parsed, once while its bytes stay the same; its problems are the caller's to report."""
    where = context.where(path)
    (fields, problems), file_digest = context.cache.get(what, path, lambda: _parse(path, where, schema, what))
    return ParsedFile(where, fields, problems, file_digest)


def _parse(path: Path, where: str, schema: dict[str, Key], what: str) -> tuple[Fields | None, tuple[Problem, ...]]:
    reader = FileReader(where)
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        reader.error(None, f"the file is not UTF-8 text (byte {exc.start}): save it as UTF-8")
        raw = None
    except OSError as exc:
        reader.error(None, f"cannot read the file: {exc.strerror}")
        raw = None
    node = reader.parse(raw) if raw is not None else None
    fields = read_mapping(node, schema, reader, what) if node is not None else None
    return (fields if isinstance(fields, Fields) else None), tuple(reader.problems)
