"""Content files: which files of a folder are read, the ids their names give, and parsing one."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Problem
from ..project import is_input_file
from .context import LoadContext
from .yamldoc import SLUG, Fields, FileReader, Key, read_mapping

MAX_FILE_BYTES = 1024 * 1024  # no event or source needs more; a larger file is a mistake or an attack
YAML_SUFFIXES = (".yaml", ".yml")


def yaml_files(context: LoadContext, folder: Path) -> list[Path]:
    """The YAML input files of a folder; a link to a file outside content/ is a problem, not read."""
    if not folder.is_dir():
        return []
    found = sorted(path for path in folder.iterdir() if path.suffix in YAML_SUFFIXES and is_input_file(path))
    inside = []
    for path in found:
        if path.is_symlink() and not path.resolve().is_relative_to(context.content):
            context.report(
                path, "this file is a link to a file outside content/, which is not read: copy the file in instead"
            )
        else:
            inside.append(path)
    return inside


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
    return (fields if isinstance(fields, Fields) else None), tuple(reader.problems)
