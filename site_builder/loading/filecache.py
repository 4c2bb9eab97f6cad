"""Reading content files once: parse results kept by the digest of the bytes they came from."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from ..hashing import digest
from ..project import Signature, file_signature, signature_of

T = TypeVar("T")
_LOADING = Path(__file__).resolve().parent


@cache
def loader_version() -> str:
    """A digest of the loader's own source: what it builds from the same inputs changes with it."""
    sources = sorted(_LOADING.glob("*.py"))
    return digest(b"".join(path.name.encode() + path.read_bytes() for path in sources))


class FileCache:
    """Parsed files kept between loads, keyed by what each file holds.

    A result is keyed by a digest of the file's bytes, so an unchanged file is parsed once, even
    across processes (the persistent cache stores `results`). While a file's modification time,
    size and inode stay the same its digest is reused without reading it again; `serve` also
    forgets every path its watcher reports, so an edit within one clock tick is never missed.
    What is worked out from several files (a validated event, a checked quote) is kept the same
    way under a digest of all it was worked out from (`remember`); a parse it replaces is let go.
    """

    def __init__(self, results: dict | None = None, digests: dict | None = None):
        self.results: dict[tuple[str, str, str], Any] = results if results is not None else {}
        # path -> (stat signature, digest of the bytes); kept across processes with the results
        self.digests: dict[str, tuple[Signature, str]] = digests if digests is not None else {}
        self._used: set[tuple[str, str, str]] = set()
        self._statuses: dict[str, os.stat_result] = {}  # read while listing a folder, to spare a second stat
        self.misses = 0  # results computed rather than found, since the cache was made
        # `serve`'s watcher names every change: while trusting, a digest checked since it started and a
        # folder listed since are taken as they are until `forget` names a path in them.
        self.trusting = False
        self._checked: set[str] = set()
        self._listings: dict[str, dict[str, Any]] = {}  # folder -> what its listing found, by name
        self._reported: dict[str, set[str]] = {}  # folder -> names in it reported since it was listed

    def start_trusting(self) -> None:
        """Trust what is checked from now on; what was checked before the watcher ran is checked again."""
        self.trusting = True
        self._checked = set()
        self._listings = {}
        self._reported = {}

    def kept_listing(self, folder: Path) -> tuple[dict[str, Any], set[str]] | None:
        """While trusting: a folder's listing as last kept, and the names in it reported since; else None."""
        key = os.path.realpath(folder)
        if not self.trusting or key not in self._listings:
            return None
        return self._listings[key], self._reported.pop(key, set())

    def keep_listing(self, folder: Path, entries: dict[str, Any]) -> None:
        if self.trusting:
            key = os.path.realpath(folder)
            self._listings[key] = entries
            self._reported.pop(key, None)

    def note_status(self, path: Path, status: os.stat_result) -> None:
        """The file's status, read while listing its folder: until this load ends its digest is checked by it."""
        self._statuses[path.as_posix()] = status

    def digest_of(self, path: Path) -> str | None:
        key = path.as_posix()
        known = self.digests.get(key)
        if known is not None and key in self._checked:
            return known[1]
        status = self._statuses.get(key)
        try:
            signature = signature_of(status) if status is not None else file_signature(path)
            if known is not None and known[0] == signature:
                if self.trusting:
                    self._checked.add(key)
                return known[1]
            value = digest(path.read_bytes())
        except OSError:
            return None
        self.digests[key] = (signature, value)
        if self.trusting:
            self._checked.add(key)
        return value

    def get(self, kind: str, path: Path, compute: Callable[[], T]) -> tuple[T, str]:
        """The result of `compute` for this file's current content, and the content's digest."""
        file_digest = self.digest_of(path)
        if file_digest is None:
            return compute(), ""
        return self.remember(kind, path.as_posix(), file_digest, compute), file_digest

    def knows(self, kind: str, path: Path, key: str) -> bool:
        """Whether a result for the file with this digest is kept."""
        return (kind, path.as_posix(), key) in self.results

    def recall(self, kind: str, name: str, key: str) -> Any:
        """The result kept for `name` under `key`, or None."""
        entry = (kind, name, key)
        if entry not in self.results:
            return None
        self._used.add(entry)
        return self.results[entry]

    def release(self, kind: str, path: Path, key: str) -> None:
        """Let go of a file's result that is needed no more: what was worked out from it is kept instead."""
        entry = (kind, path.as_posix(), key)
        self.results.pop(entry, None)
        self._used.discard(entry)

    def remember(self, kind: str, name: str, key: str, compute: Callable[[], T]) -> T:
        """The result of `compute` for `name`, worked out again only when `key` (a digest of
        everything the result depends on) changes."""
        entry = (kind, name, key)
        self._used.add(entry)
        if entry in self.results:
            return self.results[entry]
        value = self.results[entry] = compute()
        self.misses += 1
        return value

    def forget(self, paths: Iterable[Path]) -> None:
        """Paths are keyed under the resolved project root, as the loader names them: the folder is
        resolved, the file itself is not (a link stays a link, and a looping one cannot fail here)."""
        for path in paths:
            key = (path.parent.resolve() / path.name).as_posix()
            self.digests.pop(key, None)
            # its name is looked at again in its folder's listing; anything under it, if it is (or was)
            # a folder, is checked and listed afresh
            inside = key + "/"
            self._checked = {checked for checked in self._checked if checked != key and not checked.startswith(inside)}
            for folder in [folder for folder in self._listings if folder == key or folder.startswith(inside)]:
                del self._listings[folder]
                self._reported.pop(folder, None)
            parent = os.path.realpath(path.parent)
            if parent in self._listings:
                self._reported.setdefault(parent, set()).add(path.name)

    def drop_unused(self) -> None:
        """Let go of results the last load did not use (deleted, renamed or edited files)."""
        self.results = {key: value for key, value in self.results.items() if key in self._used}
        used_paths = {path for _, path, _ in self._used}
        kept = used_paths | self._checked  # and, while trusting, the templates and static files checked
        self.digests = {path: known for path, known in self.digests.items() if path in kept}
        self._used = set()
        self._statuses = {}
