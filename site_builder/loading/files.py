"""Content files: which files of a folder are read, the ids their names give, and parsing one."""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, printable
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
    """The YAML input files of a content folder, which must exist; `what` names what each file holds."""
    try:
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing)
    except (FileNotFoundError, NotADirectoryError):
        wrong = "this is a file, not a folder" if os.path.isfile(folder) else "not found"
        context.report_whole(folder, f"{wrong}: make it a folder holding one YAML file per {what}")
        return FolderFiles([], [])
    except OSError as exc:
        context.report_whole(folder, f"cannot read this folder: {exc.strerror}")
        return FolderFiles([], [])
    readable, unusable = [], []
    for path in (folder / name for name in names):
        if not is_input_file(path):
            continue
        if path.suffix in YAML_SUFFIXES:
            problem = file_problem(context, path)
        elif path.suffix.lower() in YAML_SUFFIXES:
            problem = f"a {path.suffix} file is not read: rename it to {path.stem}{path.suffix.lower()}"
        else:
            continue
        if problem is None:
            readable.append(path)
        else:
            context.report(path, problem)
            unusable.append(path)
    return FolderFiles(readable, unusable)


def file_problem(context: LoadContext, path: Path) -> str | None:
    """Why `path` cannot be read as a content file, or None: a regular file inside content/, small enough."""
    try:
        status = path.stat()
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
    if path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(context.real_content):
        return "this file is a link to a file outside content/, which is not read: copy the file in instead"
    if status.st_size > MAX_FILE_BYTES:
        return f"the file is {status.st_size:,} bytes; a content file may be at most 1 MiB"
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
    where = context.where(path)
    (fields, problems), file_digest = context.cache.get(what, path, lambda: _parse(path, where, schema, what))
    return fields, context.reader(where, problems), file_digest


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
