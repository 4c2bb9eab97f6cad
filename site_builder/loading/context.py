"""What one load shares across files: where the content lies, the file cache, and what was found wrong."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import Problem, display_path, printable
from .filecache import FileCache
from .yamldoc import FileReader


class LoadContext:
    """One load of a content folder; every file's problems are kept, so one run reports them all."""

    def __init__(self, root: Path, cache: FileCache, jobs: int = 1):
        self.root = root.resolve()
        self._root_prefix = self.root.as_posix().rstrip("/") + "/"
        self.content = self.root / "content"
        self.real_content = Path(os.path.realpath(self.content))  # to tell a link out of content/ from one within
        self.cache = cache
        self.jobs = jobs  # processes that may parse files at once
        self.readers: list[FileReader] = []
        self.file_problems: list[Problem] = []  # about a file or folder as a whole: its name, where it links to
        self.warnings: list[Problem] = []

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + [problem for reader in self.readers for problem in reader.problems]

    def where(self, path: Path) -> str:
        """The path as the curator knows it, printable; files under the (resolved) root need no disk access."""
        text = path.as_posix()
        # what Path.relative_to answers for a path under the root, many times faster
        shown = text[len(self._root_prefix) :] if text.startswith(self._root_prefix) else display_path(path, self.root)
        return printable(shown)

    def reader(self, where: str, problems: Iterable[Problem] = ()) -> FileReader:
        """A reader for one file's further problems, starting with those its parse found."""
        reader = FileReader(where)
        reader.problems.extend(problems)
        self.readers.append(reader)
        return reader

    def report(self, path: Path, message: str) -> None:
        """A problem with a file as a whole, placed at its start."""
        self.file_problems.append(Problem(self.where(path), 1, 1, printable(message)))

    def report_whole(self, folder: Path, message: str) -> None:
        """A problem with a folder, which has no lines to point at."""
        self.file_problems.append(Problem(self.where(folder), 0, 0, printable(message)))

    def warn(self, where: str, line: int, column: int, message: str) -> None:
        self.warnings.append(Problem(where, line, column, printable(message), severity="warning"))
