"""Checking that a quote occurs verbatim in an archived article."""

from __future__ import annotations

import difflib
import re

# Typography that differs between a copy-paste and the archived text without changing the words.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold whitespace, typographic quotes and dashes, and ellipses, so only the words compare."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHY).replace("\u2026", "...")).strip()


def closest_passage(quote: str, archive: str, width: int = 60) -> str:
    """The stretch of the archive that shares the longest run with the quote, for a helpful hint."""
    matcher = difflib.SequenceMatcher(None, archive, quote, autojunk=False)
    match = matcher.find_longest_match(0, len(archive), 0, len(quote))
    if match.size < 8:
        return ""
    start = max(0, match.a - match.b)
    end = start + max(width, len(quote))
    while end < len(archive) and not archive[end].isspace():  # finish the word it stopped in
        end += 1
    return archive[start:end].strip()
