"""Where the persistent cache lives and how it is stored: pickles in `.cache/`, replaced whole.

A cache file is read only by the same cache format, the same Python and the same version of this
tool; anything unreadable is ignored, never fatal: it costs a slower build, nothing more.
"""

from __future__ import annotations

import importlib.metadata
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path

from ..hashing import digest
from .output import MARKER

CACHE_FORMAT = 1  # bump when what the cache holds changes shape


def cache_file(cache_dir: Path, part: str = "") -> Path:
    return cache_dir / f"site-builder-{CACHE_FORMAT}{'-' + part if part else ''}.pickle"


def stamp_file(cache_dir: Path) -> Path:
    return cache_dir / f"site-builder-{CACHE_FORMAT}.stamp"


def cache_key() -> tuple:
    try:
        version = importlib.metadata.version("site-builder")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return (CACHE_FORMAT, sys.version_info[:2], version)


def read_pickle(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as stream:
            stored = pickle.load(stream)
        if isinstance(stored, dict) and stored.get("key") == cache_key():
            return stored
    except Exception:  # damaged, truncated or foreign: start afresh
        pass
    return {}


def write_pickle(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("wb") as stream:
        pickle.dump({"key": cache_key(), **data}, stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def up_to_date_stamp(inputs: Iterable[Path], out: Path, base_url: str | None, inputs_digest: str | None = None) -> str:
    """Changes when any input file is added, removed or written (its ctime moves even if its
    mtime is set back), when the base URL changes, or when the output is not the last one built."""
    if inputs_digest is None:
        entries = []
        for folder in inputs:
            for directory, _, names in sorted(os.walk(folder)):
                for name in sorted(names):
                    stat = os.stat(os.path.join(directory, name))
                    entries.append((directory, name, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino))
        inputs_digest = digest(repr((entries, base_url, cache_key())).encode())
    try:
        output_digest = digest((out / MARKER).read_bytes())
    except OSError:
        output_digest = "none"
    return f"{inputs_digest} {output_digest}"
