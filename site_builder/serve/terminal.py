"""Printing that cannot fail: a strict terminal, an odd file name or a closed pipe never stops the server."""

from __future__ import annotations

import sys
from typing import TextIO

from ..errors import printable


def readable(text: str) -> str:
    """Text safe to print or put in a page, line by line: see `errors.printable`."""
    return "\n".join(printable(line) for line in text.split("\n"))


def say(line: str, stream: TextIO | None = None) -> None:
    """Print one line (standard output by default), replacing what the terminal cannot show."""
    stream = stream or sys.stdout
    try:
        encoding = stream.encoding or "utf-8"
        stream.write(readable(line).encode(encoding, "backslashreplace").decode(encoding) + "\n")
        stream.flush()
    except (OSError, ValueError, AttributeError):  # the terminal went away, or there never was one
        pass
