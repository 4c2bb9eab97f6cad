"""Located content problems: what every stage reports instead of raising a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at a 1-based line and column of a file."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ContentError(Exception):
    """The content cannot be built; carries every problem found, in file and line order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def __reduce__(self):  # travels back intact from a worker process
        return (ContentError, (self.problems,))

    def report(self) -> str:
        files = len({problem.path for problem in self.problems})
        count = len(self.problems)
        lines = [str(problem) for problem in self.problems]
        lines.append(f"{count} problem{'s' * (count != 1)} in {files} file{'s' * (files != 1)}.")
        return "\n".join(lines)


def display_path(path: Path, root: Path) -> str:
    """The path as the curator knows it: relative to the project when it lies inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
