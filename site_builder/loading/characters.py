"""Characters no content value may hold, and names and messages shown with them escaped.

YAML's escapes ("\\x00", "\\e", "\\ud800") reach characters its reader refuses in a file: a NUL
makes feed.xml malformed, a lone surrogate cannot be written as UTF-8 at all, and an escape
sequence in a message would drive the curator's terminal. File names bring their own: control
characters, and bytes that are not UTF-8 (which Python keeps as lone surrogates).
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL, C1 controls, lone surrogates, and the two code points XML forbids.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


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
