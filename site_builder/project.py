"""A project's folders, and the one rule for which files in them are inputs.

The loader, the static-file collector and `serve`'s watcher all ask `is_input_file`, so a file
that is published is also watched, and editor litter is neither.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Backup, swap, lock and partial-download files that editors and browsers leave beside real ones.
_LITTER_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".temp", ".bak", ".orig", ".part", ".crdownload")
_LITTER_NAMES = {"4913", ".DS_Store", "Thumbs.db", "desktop.ini"}  # 4913: vim's probe for a writable folder


def is_input_file(path: Path) -> bool:
    """False for hidden files and editors' backup, swap and lock files (`.#x`, `#x#`, `x~`, `x.swp`)."""
    name = path.name
    return not (name.startswith((".", "#")) or name.endswith(_LITTER_SUFFIXES) or name in _LITTER_NAMES)


Signature = tuple[int, int, int, int]


def file_signature(path: Path) -> Signature:
    """What tells that a file may have changed without reading it.

    The change time moves on every write, even one that sets the modification time back, and
    the inode changes when an editor saves by renaming a new file over the old one.
    """
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)


@dataclass(frozen=True)
class Project:
    """Where a site's inputs live; the content, templates and static folders sit side by side."""

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
    def inputs(self) -> tuple[Path, Path, Path]:
        return (self.content, self.templates, self.static)

    def files(self, folder: Path) -> Iterator[Path]:
        """Every input file under `folder`, in a stable order; hidden folders are skipped whole."""
        if not folder.is_dir():
            return
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if any(part.startswith(".") for part in relative.parts[:-1]) or not is_input_file(path):
                continue
            if path.is_file():
                yield path
