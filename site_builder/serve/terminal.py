"""Printing that cannot fail: a strict terminal, an odd file name or a closed pipe never stops the server."""

from __future__ import annotations

import re
import sys
from typing import TextIO

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline: escapes a terminal obeys


def readable(text: str) -> str:
    """Text safe to print or put in a page: the bytes of a name that is not UTF-8 (kept by Python as
    surrogates) shown as `\\xNN`, and control characters escaped so they cannot drive a terminal."""
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte, e.g. from a YAML escape
        data = text.encode("utf-8", "backslashreplace")
    text = data.decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def say(line: str, stream: TextIO | None = None) -> None:
    """Print one line (standard output by default), replacing what the terminal cannot show."""
    stream = stream or sys.stdout
    try:
        encoding = stream.encoding or "utf-8"
        stream.write(readable(line).encode(encoding, "backslashreplace").decode(encoding) + "\n")
        stream.flush()
    except (OSError, ValueError, AttributeError):  # the terminal went away, or there never was one
        pass
