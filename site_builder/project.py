"""A project's folders, and the one rule for which files in them are inputs.

The loader, the static-file collector and `serve`'s watcher all ask `is_input_file`, so a file
that is published is also watched, and editor litter is neither.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .defaults import DEFAULT_STATIC, DEFAULT_TEMPLATES
from .errors import ContentError, Problem, printable

# Backup, swap, lock and partial-download files that editors and browsers leave beside real ones.
_LITTER_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".temp", ".bak", ".orig", ".part", ".crdownload")
_LITTER_NAMES = {"4913", ".DS_Store", "Thumbs.db", "desktop.ini"}  # 4913: vim's probe for a writable folder


def is_input_file(path: Path) -> bool:
    """False for hidden files and editors' backup, swap and lock files (`.#x`, `#x#`, `x~`, `x.swp`)."""
    return is_input_name(path.name)


def is_input_name(name: str) -> bool:
    """`is_input_file` for a file's name."""
    return not (name.startswith((".", "#")) or name.endswith(_LITTER_SUFFIXES) or name in _LITTER_NAMES)


Signature = tuple[int, int, int, int]


def file_signature(path: Path) -> Signature:
    """What tells that a file may have changed without reading it.

    The change time moves on every write, even one that sets the modification time back, and
    the inode changes when an editor saves by renaming a new file over the old one.
    """
    return signature_of(path.stat())


def signature_of(status: os.stat_result) -> Signature:
    """What `file_signature` tells of a file, from a status already at hand."""
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)


@dataclass(frozen=True)
class Project:
    """Where a site's inputs live; the content, templates and static folders sit side by side.

    templates/ and static/ are optional: the package's defaults fill in every file a project does not have.
    """

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def static(self) -> Path:
        return self.root / "static"

    @property
    def template_folders(self) -> tuple[Path, ...]:
        """Where a template is looked for, the first holding it winning: the project's templates/, then the defaults."""
        return _layered(self.templates, DEFAULT_TEMPLATES)

    @property
    def static_folders(self) -> tuple[Path, ...]:
        """Where static files come from, the first holding a name winning: the project's static/, then the defaults."""
        return _layered(self.static, DEFAULT_STATIC)

    @property
    def inputs(self) -> tuple[Path, ...]:
        """Every folder the site is built from, so a change in any of them rebuilds it."""
        return (self.content, *self.template_folders, *self.static_folders)

    def layered_files(self, folders: Iterable[Path]) -> dict[str, Path]:
        """Every input file of `folders` by its path inside them, taken from the first folder holding it."""
        found: dict[str, Path] = {}
        for folder in folders:
            for path in self.files(folder):
                found.setdefault(path.relative_to(folder).as_posix(), path)
        return dict(sorted(found.items()))

    def files(self, folder: Path) -> Iterator[Path]:
        """Every input file under `folder` (see `file_names`)."""
        return map(Path, self.file_names(folder))

    def file_names(self, folder: Path) -> list[str]:
        """Every input file under `folder`, as a path string, in a stable order (Path's order: part by
        part); hidden folders are skipped whole. Strings, because building and sorting 10,000 Path
        objects costs more than a build that finds nothing changed should spend.

        A link is followed only to a file inside the folder (which may itself be a link as a
        whole). A link out of it (to /etc/passwd or /proc/self/environ, say), to a folder, to
        nothing or round in a loop would publish or read what the curator never meant to: such
        links, and folders that cannot be read, are raised together as a `ContentError`.
        """
        if not folder.is_dir():
            return []
        inside = folder.resolve()
        found: list[str] = []
        problems: list[Problem] = []
        unread = [os.fspath(folder)]
        while unread:
            directory = unread.pop()
            try:
                with os.scandir(directory) as listing:
                    entries = list(listing)
            except OSError as exc:
                problems.append(Problem(self._shown(Path(directory)), 0, 0, f"cannot read this folder: {exc.strerror}"))
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        unread.append(entry.path)
                elif not is_input_name(entry.name):
                    continue
                elif entry.is_symlink():
                    problem = self._link_problem(Path(entry.path), folder, inside)
                    if problem is None:
                        found.append(entry.path)
                    else:
                        problems.append(problem)
                elif entry.is_file(follow_symlinks=False):
                    found.append(entry.path)
        if problems:
            raise ContentError(problems)
        return sorted(found, key=_parts)

    def _shown(self, path: Path) -> str:
        """A path as the curator knows it: relative to the project, links left as they are."""
        return printable((path.relative_to(self.root) if path.is_relative_to(self.root) else path).as_posix())

    def _link_problem(self, link: Path, folder: Path, inside: Path) -> Problem | None:
        """Why a link under `folder` may not be used; None for a link to a file inside it."""
        try:
            target = link.resolve(strict=True)
        except FileNotFoundError:
            message = f"a link to {os.readlink(link)}, which does not exist: remove the link or restore its file"
            return Problem(self._shown(link), 0, 0, message)
        except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
            return Problem(self._shown(link), 0, 0, "a link that loops back on itself: remove the link")
        kind = "folder" if target.is_dir() else "file"
        if not target.is_relative_to(inside):
            written = os.readlink(link)
            message = f"a link to a {kind} outside {self._shown(folder)}/ ({written}): copy the {kind} in instead"
            return Problem(self._shown(link), 0, 0, message)
        if kind == "folder":
            message = "a link to a folder, which is never followed: move or copy the folder here instead"
            return Problem(self._shown(link), 0, 0, message)
        return None


def _parts(path: str) -> list[str]:
    return path.split("/")


def _layered(own: Path, default: Path) -> tuple[Path, ...]:
    """The project's own folder, then the default one; one folder when they are the same (this repository)."""
    try:
        same = own.samefile(default)
    except OSError:  # either is missing: a project without its own, a generator without its defaults
        same = False
    return (own,) if same else (own, default)
