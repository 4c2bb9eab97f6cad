"""Reading content files once: parse results kept by the digest of the bytes they came from."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from ..hashing import digest
from ..project import Signature, file_signature

T = TypeVar("T")


class FileCache:
    """Parsed files kept between loads, keyed by what each file holds.

    A result is keyed by a digest of the file's bytes, so an unchanged file is parsed once, even
    across processes (the persistent cache stores `results`). While a file's modification time,
    size and inode stay the same its digest is reused without reading it again; `serve` also
    forgets every path its watcher reports, so an edit within one clock tick is never missed.
    """

    def __init__(self, results: dict | None = None, digests: dict | None = None):
        self.results: dict[tuple[str, str, str], Any] = results if results is not None else {}
        # path -> (stat signature, digest of the bytes); kept across processes with the results
        self.digests: dict[str, tuple[Signature, str]] = digests if digests is not None else {}
        self._used: set[tuple[str, str, str]] = set()
        self.misses = 0  # results computed rather than found, since the cache was made

    def digest_of(self, path: Path) -> str | None:
        key = path.as_posix()
        try:
            signature = file_signature(path)
            known = self.digests.get(key)
            if known is not None and known[0] == signature:
                return known[1]
            value = digest(path.read_bytes())
        except OSError:
            return None
        self.digests[key] = (signature, value)
        return value

    def get(self, kind: str, path: Path, compute: Callable[[], T]) -> tuple[T, str]:
        """The result of `compute` for this file's current content, and the content's digest."""
        file_digest = self.digest_of(path)
        if file_digest is None:
            return compute(), ""
        key = (kind, path.as_posix(), file_digest)
        self._used.add(key)
        if key not in self.results:
            self.results[key] = compute()
            self.misses += 1
        return self.results[key], file_digest

    def forget(self, paths: Iterable[Path]) -> None:
        """Paths are keyed under the resolved project root, as the loader names them: the folder is
        resolved, the file itself is not (a link stays a link, and a looping one cannot fail here)."""
        for path in paths:
            self.digests.pop((path.parent.resolve() / path.name).as_posix(), None)

    def drop_unused(self) -> None:
        """Let go of results the last load did not use (deleted, renamed or edited files)."""
        self.results = {key: value for key, value in self.results.items() if key in self._used}
        used_paths = {path for _, path, _ in self._used}
        self.digests = {path: known for path, known in self.digests.items() if path in used_paths}
        self._used = set()
