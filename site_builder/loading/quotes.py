"""Checking that a quote occurs verbatim in an archived article."""

from __future__ import annotations

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
_WORD = re.compile(r"\w+")
_COMMON = 200


def normalise(text: str) -> str:
    """Fold whitespace, typographic quotes and dashes, and ellipses, so only the words compare."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHY).replace("\u2026", "...")).strip()


def closest_passage(quote: str, archive: str, width: int = 60) -> str:
    """The stretch of the archive that shares the longest run of words with the quote, for a helpful hint.

    Words are compared ignoring case and punctuation. A word the archive holds more than
    `_COMMON` times only extends a run: starting one there too would cost time in proportion
    to the archive's length for every word of the quote.
    """
    quote_words = [(word.start(), word.end(), word.group().casefold()) for word in _WORD.finditer(quote)]
    wanted = {word for _, _, word in quote_words}
    archive_words = [(word.start(), word.group().casefold()) for word in _WORD.finditer(archive)]
    occurrences: dict[str, list[int]] = {}
    for index, (_, word) in enumerate(archive_words):
        if word in wanted:
            occurrences.setdefault(word, []).append(index)
    best = (0, 0, 0)  # characters of the quote the run covers; where it starts in the archive and in the quote
    runs: dict[int, int] = {}  # where a run of matching words ends in the archive -> its length in words
    for index, (_, end, word) in enumerate(quote_words):
        runs = {
            last + 1: length + 1
            for last, length in runs.items()
            if last + 1 < len(archive_words) and archive_words[last + 1][1] == word
        }
        found = occurrences.get(word, [])
        if len(found) <= _COMMON:
            for at in found:
                runs.setdefault(at, 1)
        for last, length in runs.items():
            first = index - length + 1
            covered = end - quote_words[first][0]
            if covered > best[0]:
                best = (covered, last - length + 1, first)
    covered, in_archive, in_quote = best
    if covered < 8:
        return ""
    start = max(0, archive_words[in_archive][0] - quote_words[in_quote][0])
    end = start + max(width, len(quote))
    while end < len(archive) and not archive[end].isspace():  # finish the word it stopped in
        end += 1
    return archive[start:end].strip()
