"""Write: the rendered site goes into a staging folder beside the output, then replaces it whole.

A failed or interrupted build therefore leaves the previous site as it was.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

MARKER = ".site-builder"  # marks a folder this tool made, and so may replace


class OutputError(Exception):
    """The output folder cannot be used: writing there could destroy something else."""


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


def write_site(files: Mapping[str, bytes], out: Path) -> int:
    """Replace `out` with exactly `files`; return how many files were written."""
    stage = out.with_name(f".{out.name}.staging")
    old = out.with_name(f".{out.name}.old")
    for leftover in (stage, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    stage.mkdir(parents=True)
    (stage / MARKER).write_bytes(b"")
    for relative, data in sorted(files.items()):
        target = stage / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if out.exists():
        out.rename(old)
    stage.rename(out)
    if old.exists():
        shutil.rmtree(old)
    return len(files)


def update_site(out: Path, changed: Mapping[str, bytes], removed: Iterable[str]) -> int:
    """Bring a live output folder up to date: each changed file is replaced whole, removed ones go.

    Used between `serve` rebuilds, where the server keeps reading the folder: a reader sees
    either the old file or the new one, never a partial write.
    """
    for relative, data in sorted(changed.items()):
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    for relative in sorted(removed):
        target = out / relative
        target.unlink(missing_ok=True)
        for folder in target.parents:  # drop folders the removal left empty, up to the output itself
            if folder == out or not folder.is_relative_to(out) or any(folder.iterdir()):
                break
            folder.rmdir()
    return len(changed)
