"""Writing the drafts the curator's commands make: YAML values as the loader reads them, and new files
that never replace one already there."""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from ..errors import OutputError, UsageError, display_path
from ..loading.model import slugify
from ..loading.yamldoc import Convert, FileReader

_SMALL_WORDS = frozenset("a an and as at by for from in into is its of on or the to with".split())  # noqa: SIM905


def scalar(value: str, quoted: bool = False) -> str:
    """`value` as one YAML scalar on one line: in double quotes if `quoted`, else only where YAML needs them."""
    style = '"' if quoted else None
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_style=style)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def short_slug(title: str, words: int = 5) -> str:
    """A file name's worth of a title: its first few words that say something, as "israeli-delegation-leaves"."""
    meaningful = [word for word in slugify(title).split("-") if word not in _SMALL_WORDS]
    return "-".join(meaningful[:words]) or slugify(title)


def check_value(convert: Convert, value: str, option: str) -> Any:
    """The value given on the command line as the loader reads it in a file; refused with the loader's message."""
    reader = FileReader(option)
    start = yaml.Mark(option, 0, 0, 0, None, 0)
    read = convert(yaml.ScalarNode("tag:yaml.org,2002:str", value, start, start), reader)
    if reader.problems:
        raise UsageError(f"{option}: {reader.problems[0].message}")
    return read


def check_content_folder(root: Path) -> Path:
    """The project's content/ folder, which must exist: these commands add to a timeline, never start one."""
    content = root / "content"
    if not content.is_dir():
        raise UsageError(f"{content} not found: run this in a site folder, or pass --project")
    return content


def existing_file(folder: Path, stem: str, suffixes: Sequence[str]) -> Path | None:
    """A file in `folder` named `stem` with one of `suffixes`, letter case ignored as the loader ignores it."""
    wanted = {f"{stem}{suffix}".lower() for suffix in suffixes}
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return None
    clash = sorted(name for name in names if name.lower() in wanted)
    return folder / clash[0] if clash else None


def write_new_files(files: Sequence[tuple[Path, bytes]], root: Path, rename_with: str | None = None) -> None:
    """Write each file whole, all or none, refusing (UsageError) to replace any file that exists.

    Each is written to a hidden file beside it, then linked into place: a link, unlike a rename,
    fails when the name is taken, so a file made meanwhile by someone else survives too.
    """
    written: list[Path] = []
    try:
        for path, data in files:
            _write_new(path, data, root, rename_with)
            written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def _write_new(path: Path, data: bytes, root: Path, rename_with: str | None) -> None:
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging.write_bytes(data)
        try:
            os.link(staging, path)
        except FileExistsError:
            raise refusal(path, root, rename_with) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            if os.path.lexists(path):  # a file system without hard links: look, then rename
                raise refusal(path, root, rename_with) from None
            os.replace(staging, path)
    except OSError as exc:
        raise OutputError(f"cannot write {display_path(path, root)}: {exc.strerror}") from None
    finally:
        staging.unlink(missing_ok=True)


def refusal(path: Path, root: Path, rename_with: str | None = None) -> UsageError:
    """The error for a file that exists, which is never replaced; `rename_with` names the option that picks another."""
    other = f"choose another name with {rename_with}, or edit or remove that file" if rename_with else "move it away"
    return UsageError(f"{display_path(path, root)} already exists; nothing was written: {other}")
