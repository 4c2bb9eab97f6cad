"""The persistent build state in `.cache/`: what one build leaves so the next redoes only what changed.

A cache file is read only by the same cache format, the same Python and the same generator code
(its own source files are digested into the key, so a fixed sanitiser or template helper is never
hidden behind pages cached by the old code); anything unreadable is ignored, never fatal: it costs
a slower build, nothing more. A cache that cannot be written (a full disk) is an `OutputError`.
Each writer writes its own temporary file and renames it into place, so builds running at once
(serialised by the output's lock, or writing different outputs) never read a half-written file.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from markupsafe import Markup

from ..errors import ContentError, OutputError
from ..hashing import digest
from ..loading.history import head_state
from ..project import Project, Signature, signature_of
from .output import MARKER, describe_os_error, read_manifest

CACHE_FORMAT = 2  # bump when what the cache holds changes shape
_PACKAGE = Path(__file__).resolve().parent.parent


def check_cache_dir(cache_dir: Path, project: Project, out: Path) -> Path:
    """The real cache folder, refusing one the build would read as input or replace with the site."""
    resolved = cache_dir.resolve()
    for folder in project.inputs:
        if resolved.is_relative_to(folder.resolve()):
            raise OutputError(
                f"refusing to keep the cache in {cache_dir}: it lies inside the input folder {folder}, "
                "where its files would be read as content or published; choose a folder outside it"
            )
    site = out.resolve()
    if resolved.is_relative_to(site) or site.is_relative_to(resolved):
        raise OutputError(f"refusing to keep the cache in {cache_dir}: each build replaces {out} with the site")
    if resolved.exists() and not resolved.is_dir():
        raise OutputError(f"refusing to keep the cache in {cache_dir}: it is a file")
    return resolved


@cache
def code_digest() -> str:
    """A digest of the generator's own source, read once per process."""
    sources = sorted(_PACKAGE.rglob("*.py"))
    return digest(b"".join(path.relative_to(_PACKAGE).as_posix().encode() + path.read_bytes() for path in sources))


def cache_key() -> tuple[object, ...]:
    return (CACHE_FORMAT, sys.version_info[:2], code_digest())


@dataclass(frozen=True)
class BuildState:
    """What a build knew when it finished, for the next build of the same project.

    `parsed` and `digests` are the loader's file cache; `pages` maps each output path to the
    fingerprint of its inputs and the digest of what it rendered to; `outputs` is every output
    path with its digest; `shared` fingerprints what every page depends on.
    """

    parsed: Mapping[tuple[str, str, str], Any] = field(default_factory=dict)
    digests: Mapping[str, tuple[Signature, str]] = field(default_factory=dict)
    shared: str | None = None
    pages: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    outputs: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, cache_dir: Path | None) -> BuildState:
        stored = _read(_state_file(cache_dir)) if cache_dir else None
        return stored if isinstance(stored, BuildState) else cls()

    def save(self, cache_dir: Path) -> None:
        _write(_state_file(cache_dir), self)


class PartStore:
    """The rendered parts of each event and source (its card, its piece of data.json, timeline.json,
    events.csv, events.ics and the search index), one row each in an SQLite file, so a new process
    joins the whole-timeline files without rendering 10,000 pieces again, and a save writes only the
    pieces that are new and deletes the ones gone, not the whole store.

    A part is keyed by its event's or source's `origin` and its name, and is valid while what every
    page shares (templates, static files, site.yaml, base URL) keeps the fingerprint it was made
    under: a store made under another is read as empty and replaced at the next save.
    """

    def __init__(self, cache_dir: Path):
        self.path = cache_dir / f"site-builder-{CACHE_FORMAT}-parts.sqlite"
        self._stored: set[tuple[str, str]] = set()  # the keys the file holds, as last read or written
        self._under: str | None = None  # the shared fingerprint they were made under

    def read(self, shared: str) -> dict[tuple[str, str], Markup]:
        """The parts stored under `shared`; none when the file is missing, damaged or made under another."""
        self._stored, self._under = set(), None
        if not self.path.exists():
            return {}
        try:
            with contextlib.closing(self._connect()) as db:
                if _store_version(db) != repr((cache_key(), shared)):
                    return {}
                parts = {(origin, name): Markup(text) for origin, name, text in db.execute(_SELECT_PARTS)}
        except sqlite3.Error:  # damaged, truncated or foreign: the parts are rendered again
            return {}
        self._stored, self._under = set(parts), shared
        return parts

    def write(self, shared: str, parts: Mapping[tuple[str, str], str]) -> None:
        """Make the file hold exactly `parts`, writing only what differs from what it holds."""
        if shared == self._under and parts.keys() == self._stored:
            return
        try:
            self._write(shared, parts)
        except sqlite3.DatabaseError:  # a damaged file: start it afresh
            self.path.unlink(missing_ok=True)
            self._stored, self._under = set(), None
            try:
                self._write(shared, parts)
            except sqlite3.Error as exc:
                raise _cache_error(self.path, OSError(str(exc))) from exc
        except sqlite3.Error as exc:  # a folder that cannot be written, a full disk
            raise _cache_error(self.path, OSError(str(exc))) from exc

    def _write(self, shared: str, parts: Mapping[tuple[str, str], str]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _cache_error(self.path, exc) from exc
        version = repr((cache_key(), shared))
        with contextlib.closing(self._connect()) as db, db:  # one transaction: all of it or none
            db.execute("CREATE TABLE IF NOT EXISTS meta (version TEXT NOT NULL)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS parts (origin TEXT, name TEXT, text TEXT, PRIMARY KEY (origin, name))"
            )
            stored = self._stored if _store_version(db) == version and self._under == shared else None
            if stored is None:  # made under other templates or code, or by another process meanwhile
                db.execute("DELETE FROM parts")
                db.execute("DELETE FROM meta")
                db.execute("INSERT INTO meta VALUES (?)", (version,))
                stored = set()
            db.executemany("DELETE FROM parts WHERE origin = ? AND name = ?", stored - parts.keys())
            added = parts.keys() - stored
            db.executemany("INSERT OR REPLACE INTO parts VALUES (?, ?, ?)", ((*key, str(parts[key])) for key in added))
        self._stored, self._under = set(parts), shared

    def _connect(self) -> sqlite3.Connection:
        # Builds of two outputs may share a cache folder: the second waits for the first's write.
        return sqlite3.connect(self.path, timeout=30)


_SELECT_PARTS = "SELECT origin, name, text FROM parts"


def _store_version(db: sqlite3.Connection) -> str | None:
    try:
        row = db.execute("SELECT version FROM meta").fetchone()
    except sqlite3.OperationalError:  # no table yet
        return None
    return row[0] if row else None


def load_markdown(cache_dir: Path | None) -> dict[str, str]:
    """Converted Markdown bodies by key; kept apart as most builds neither need nor change them."""
    stored = _read(_markdown_file(cache_dir)) if cache_dir else None
    return stored if isinstance(stored, dict) else {}


def save_markdown(cache_dir: Path, converted: Mapping[str, str]) -> None:
    _write(_markdown_file(cache_dir), dict(converted))


def _state_file(cache_dir: Path | None) -> Path:
    return (cache_dir or Path(".cache")) / f"site-builder-{CACHE_FORMAT}.pickle"


def _markdown_file(cache_dir: Path | None) -> Path:
    return (cache_dir or Path(".cache")) / f"site-builder-{CACHE_FORMAT}-markdown.pickle"


def _stamp_file(cache_dir: Path) -> Path:
    return cache_dir / f"site-builder-{CACHE_FORMAT}.stamp"


def _read(path: Path) -> object:
    try:
        with path.open("rb") as stream:
            stored = pickle.load(stream)
        if isinstance(stored, dict) and stored.get("key") == cache_key():
            return stored.get("value")
    except Exception:  # missing, unreadable, damaged, truncated or foreign: start afresh
        pass
    return None


def _write(path: Path, value: object) -> None:
    stored = {"key": cache_key(), "value": value}
    _replace(path, lambda stream: pickle.dump(stored, stream, protocol=pickle.HIGHEST_PROTOCOL))


def _replace(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    """Replace a cache file whole, through a temporary file of this writer's own."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise _cache_error(path, exc) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            fill(stream)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _cache_error(path, exc) from exc
        raise


def _cache_error(path: Path, exc: OSError) -> OutputError:
    return OutputError(
        f"cannot write the build cache in {path.parent}: {describe_os_error(exc)} "
        "(the cache only speeds builds up: --no-cache builds without it)"
    )


class ImageCache:
    """Encoded pictures and share cards, one file each, named by a digest of everything they are made from.

    Unlike the pickles these outlive a change to the generator's code: an entry's name already says
    what made it, and re-encoding every picture is what the cache is there to spare.
    """

    def __init__(self, cache_dir: Path):
        self.folder = cache_dir / "images"

    def get(self, name: str) -> bytes | None:
        try:
            return (self.folder / name).read_bytes()
        except OSError:  # not made yet, or removed meanwhile by a build pruning it: make it again
            return None

    def put(self, name: str, data: bytes) -> None:
        _replace(self.folder / name, lambda stream: stream.write(data))

    def keep_only(self, names: Collection[str], prefixes: tuple[str, ...]) -> None:
        """Remove the entries starting with one of `prefixes` that are not among `names`, so the
        folder holds what the last build used rather than every picture and card ever made."""
        try:
            with os.scandir(self.folder) as entries:
                unused = [e.path for e in entries if e.name.startswith(prefixes) and e.name not in names]
        except FileNotFoundError:  # nothing cached yet
            return
        except OSError as exc:
            raise _cache_error(self.folder, exc) from exc
        for path in unused:
            try:
                os.unlink(path)
            except FileNotFoundError:  # pruned meanwhile by another build
                pass
            except OSError as exc:
                raise _cache_error(Path(path), exc) from exc


# The up-to-date check: a stamp that changes whenever a build could produce something else.


def inputs_stamp(project: Project, base_url: str | None) -> str | None:
    """Changes when any input file is added, removed or written, or the base URL or the code changes.

    None when the inputs cannot all be listed (a broken link, an unreadable folder): then the
    build runs in full, and the step that reads the input reports it where it belongs.
    """
    try:
        entries = [
            (name, signature_of(os.stat(name))) for folder in project.inputs for name in project.file_names(folder)
        ]
    except (ContentError, OSError):
        return None
    # a commit changes the dates pages show from git history, though no input file changes
    return digest(repr((entries, base_url, cache_key(), head_state(project.root))).encode())


def output_stamp(out: Path) -> str:
    """Changes whenever the output is not the tree the last build published: its marker changed, or
    a file was added, removed, rewritten or resized by hand.

    Read without listing the tree: each file the marker lists with its size and modification time,
    and each folder holding them with its own, which moves whenever an entry is added or removed.
    """
    try:
        marker = (out / MARKER).read_bytes()
    except OSError:
        return "none"
    listed = read_manifest(out) or {}
    folders = {""}
    for path in listed:
        folder = path.rpartition("/")[0]
        while folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    root = os.fspath(out)
    states = [(name, _state(f"{root}/{name}" if name else root)) for name in sorted(listed.keys() | folders)]
    return digest(marker + repr(states).encode())


def _state(name: str) -> tuple[int, int] | None:
    try:
        status = os.stat(name, follow_symlinks=False)
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns)


def is_up_to_date(cache_dir: Path, inputs: str | None, out: Path) -> bool:
    if inputs is None:
        return False
    try:
        return _stamp_file(cache_dir).read_text(encoding="utf-8") == f"{inputs} {output_stamp(out)}"
    except OSError:
        return False


def record_up_to_date(cache_dir: Path, inputs: str | None, out: Path) -> None:
    if inputs is not None:
        stamp = f"{inputs} {output_stamp(out)}".encode()
        _replace(_stamp_file(cache_dir), lambda stream: stream.write(stamp))
