"""Characters no content value may hold (names and messages show them escaped: `errors.printable`).

YAML's escapes ("\\x00", "\\e", "\\ud800") reach characters its reader refuses in a file: a NUL
makes feed.xml malformed, a lone surrogate cannot be written as UTF-8 at all, and an escape
sequence in a message would drive the curator's terminal. File names bring their own: control
characters, and bytes that are not UTF-8 (which Python keeps as lone surrogates).
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL, C1 controls, lone surrogates, and the two code points XML forbids.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
