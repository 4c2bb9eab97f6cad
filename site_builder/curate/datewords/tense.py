"""Which way a clause points in time: a bare weekday or month is read into the past unless its clause speaks of
the future, since news reports what happened."""

from __future__ import annotations

import re
from typing import Literal

Tense = Literal["past", "future", "unknown"]

# A participle after "will be" or "to be" ("will be signed") belongs to the future, not the past.
_FUTURE = re.compile(
    r"\b(?:(?:will|shall|won['’]t)(?:\s+(?:not|also|then))?(?:\s+(?:be|have\s+been)\s+\w+)?|"
    r"(?:is|are|was|were)\s+(?:expected|set|scheduled|due|slated|going)\s+to|to\s+be\s+\w+|plans?\s+to|"
    r"upcoming|next|tomorrow)\b|['’]ll\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|ago|yesterday|left|met|said|told|held|went|came|took|made|gave|began|spoke|sent|saw|"
    r"bought|sold|won|lost|flew|wrote|paid|ran|brought|kept|found|\w+ed)\b",
    re.IGNORECASE,
)
# Words ending in -ed that are not verbs in the past.
_NOT_PAST_WORDS = "need indeed speed feed seed proceed exceed succeed united red bed shed hundred embed breed greed"
_NOT_PAST = frozenset(_NOT_PAST_WORDS.split())
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014]|\s[-\u2013]\s")


def clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The stretch between the punctuation around [start, end), which is itself never split."""
    breaks = [match.start() for match in _CLAUSE_BREAK.finditer(sentence)]
    before = [at for at in breaks if at < start]
    after = [at for at in breaks if at >= end]
    return (before[-1] + 1 if before else 0, after[0] if after else len(sentence))


def tense(sentence: str, start: int, end: int) -> Tense:
    """The tense of the verb nearest the expression within its clause."""
    low, high = clause(sentence, start, end)
    markers: list[tuple[int, Tense]] = []
    futures = [match.span() for match in _FUTURE.finditer(sentence, low, high)]
    markers += [(at, "future") for at, stop in futures if not (at < end and stop > start)]
    for match in _PAST.finditer(sentence, low, high):
        overlaps = any(at < match.end() and match.start() < stop for at, stop in [*futures, (start, end)])
        if not overlaps and match.group().lower() not in _NOT_PAST:
            markers.append((match.start(), "past"))
    if not markers:
        return "unknown"
    return min(markers, key=lambda marker: abs(marker[0] - start))[1]
