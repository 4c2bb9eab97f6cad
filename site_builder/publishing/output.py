"""Write: publish a new site tree whole, writing only the files whose bytes changed.

Two trees live side by side: the output (`_site/`) and a hidden staging tree (`._site.staging/`),
which holds the site as it was one build ago. A build brings the staging tree up to date,
writing only the files whose digest differs, then swaps the two folders in one atomic rename.
Readers of `_site/` therefore see the old site or the new one, never a mix, and an interrupted
build leaves `_site/` untouched. Each tree carries its manifest (path -> digest) in its marker
file, so knowing what a tree holds costs one small read, not a pass over every file.
"""

from __future__ import annotations

import ctypes
import functools
import json
import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

from ..errors import OutputError
from ..hashing import digest

MARKER = ".site-builder"  # marks a folder this tool made, and lists what it holds
_MANIFEST_VERSION = 1


def check_output_dir(out: Path, protected: list[Path]) -> None:
    """Refuse folders whose replacement would lose work: the project's own, home, /, foreign folders."""
    resolved = out.resolve()
    forbidden = [p.resolve() for p in protected] + [Path.home().resolve(), Path("/")]
    for folder in forbidden:
        if resolved == folder or folder.is_relative_to(resolved):
            raise OutputError(f"refusing to write the site to {out}: it would replace {folder}")
    if resolved.exists() and not resolved.is_dir():
        raise OutputError(f"refusing to write the site to {out}: it is a file")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / MARKER).exists():
        raise OutputError(
            f"refusing to write the site to {out}: it is a folder this tool did not make "
            f"(no {MARKER} file); choose an empty or new folder with --out"
        )


def staging_dir(out: Path) -> Path:
    return out.with_name(f".{out.name}.staging")


def read_manifest(tree: Path) -> dict[str, str] | None:
    """What a tree holds according to its marker; None when unknown (no marker, or a damaged one)."""
    try:
        data = json.loads((tree / MARKER).read_text(encoding="utf-8"))
        if data.get("version") == _MANIFEST_VERSION and isinstance(data.get("files"), dict):
            return data["files"]
    except (OSError, ValueError, AttributeError):
        pass
    return None


def _hash_tree(tree: Path) -> dict[str, str]:
    """The manifest of a tree whose marker was lost, e.g. by a build killed while updating it."""
    return {
        path.relative_to(tree).as_posix(): digest(path.read_bytes())
        for path in tree.rglob("*")
        if path.is_file() and path.name != MARKER and not path.name.startswith(".tmp-")
    }


class Publication:
    """One update of an output folder: changed files arrive as they are rendered, then the trees swap.

    Files go straight into the staging tree, so a build never holds the whole site in memory.
    """

    def __init__(self, out: Path):
        self.out = out
        self.stage = staging_dir(out)
        self.current = read_manifest(out) if out.is_dir() else None
        self.written = 0
        self._staged: dict[str, str] | None = None  # what the staging tree holds; None until opened

    def _open(self) -> dict[str, str]:
        if self._staged is None:
            staged = read_manifest(self.stage) if self.stage.is_dir() else None
            if self.stage.is_dir() and staged is None:
                staged = _hash_tree(self.stage)
            self.stage.mkdir(parents=True, exist_ok=True)
            (self.stage / MARKER).unlink(missing_ok=True)  # until it is finished, the staging tree is unknown
            self._staged = staged or {}
        return self._staged

    def put(self, relative: str, data: bytes, data_digest: str) -> None:
        """A file that differs from what the output holds now."""
        staged = self._open()
        if staged.get(relative) != data_digest:
            self._write(relative, lambda temporary: temporary.write_bytes(data))
            staged[relative] = data_digest
            self.written += 1

    def finish(self, manifest: Mapping[str, str]) -> int:
        """Complete the staging tree from the current output, then swap; return the files written."""
        if self._staged is None and self.current == manifest:
            return 0  # nothing changed: no write, no swap
        staged = self._open()
        for relative, wanted in manifest.items():
            if staged.get(relative) == wanted:
                continue
            if self.current is None or self.current.get(relative) != wanted:
                raise OutputError(f"internal error: no content for {relative}; build again with a new --out")
            self._write(relative, functools.partial(_link_or_copy, self.out / relative))
        for relative in sorted(staged.keys() - manifest.keys()):
            _remove(self.stage, relative)
        marker = json.dumps({"version": _MANIFEST_VERSION, "files": dict(manifest)})
        (self.stage / MARKER).write_text(marker, encoding="utf-8")
        _swap(self.stage, self.out)
        return self.written

    def _write(self, relative: str, fill: Callable[[Path], object]) -> None:
        target = self.stage / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".tmp-{target.name}")
        fill(temporary)
        os.replace(temporary, target)  # a new inode: a file shared with `out` is never changed in place


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _remove(tree: Path, relative: str) -> None:
    target = tree / relative
    target.unlink(missing_ok=True)
    for folder in target.parents:  # drop folders the removal left empty, up to the tree itself
        if folder == tree or not folder.is_relative_to(tree) or any(folder.iterdir()):
            break
        folder.rmdir()


def _swap(stage: Path, out: Path) -> None:
    """Exchange the two folders atomically where the system can (Linux), else by renames."""
    if not out.exists():
        stage.rename(out)
        return
    if _rename_exchange(stage, out):
        return
    parked = out.with_name(f".{out.name}.swap")
    out.rename(parked)
    stage.rename(out)
    parked.rename(stage)


def _rename_exchange(first: Path, second: Path) -> bool:
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0
