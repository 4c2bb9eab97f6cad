"""Located problems and the few exceptions every stage raises, each with the exit code it means."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or doubtful, for a warning) in a file, at a 1-based line and column.

    Line 0 means the whole file (printed `path: message`); an empty path means the whole
    site (printed as the message alone).
    """

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    @property
    def location(self) -> str:
        """`path:line:column`, `path` for a whole file, or "" for the whole site."""
        return f"{self.path}:{self.line}:{self.column}" if self.path and self.line else self.path

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class SiteBuilderError(Exception):
    """Anything the tool reports to a user in words rather than a traceback."""

    exit_code = 1


class ContentError(SiteBuilderError):
    """The content (or a template) cannot be built; carries every problem found, in file and line order."""

    exit_code = 1

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def __reduce__(self) -> tuple[Any, ...]:  # travels back intact from a worker process
        return (type(self), (self.problems,))

    def report(self) -> str:
        files = len({problem.path for problem in self.problems})
        count = len(self.problems)
        lines = [str(problem) for problem in self.problems]
        lines.append(f"{count} problem{'s' * (count != 1)} in {files} file{'s' * (files != 1)}.")
        return "\n".join(lines)


class UsageError(SiteBuilderError):
    """The command was given something it cannot use: a bad option value, a missing project."""

    exit_code = 2


class OutputError(SiteBuilderError):
    """The output folder cannot be used: writing there could destroy something else, or failed."""

    exit_code = 2


def display_path(path: Path, root: Path) -> str:
    """The path as the curator knows it, printable: relative to the project when it lies inside it."""
    try:
        return printable(path.resolve().relative_to(root.resolve()).as_posix())
    except (ValueError, OSError, RuntimeError):  # outside the project, or a link that cannot be resolved
        return printable(path.as_posix())


def printable(text: str) -> str:
    """`text` with every character a terminal would not show as itself written as an escape (\\x1b, \\u202e).

    A byte of a file name that is not UTF-8 is shown as that byte (\\xff), as the curator's tools would.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # how Python's surrogateescape keeps an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")
