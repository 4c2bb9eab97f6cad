"""Claim markers: `[^N]` in an event's body names the citation (the Nth under `sources:`) a claim rests on."""

from __future__ import annotations

import re
from typing import NamedTuple

# Anything written like a marker, so a mistyped one ("[^a]", "[^ 2]") is reported rather than printed.
MARKER = re.compile(r"\[\^([^\]\n]{0,20})\]")
NUMBER = re.compile(r"[1-9][0-9]{0,2}")

# A sentence ends at . ! or ?, perhaps inside closing quotes or brackets, before the next one starts
# with a capital, a digit or an opening mark. Markers after the full stop belong to the sentence.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*((?:\[\^[^\]\n]{0,20}\])*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
# Words that end with a full stop inside a sentence: titles, ranks, months, initials.
_ABBREVIATIONS = frozenset(
    (  # noqa: SIM905 (a list of words reads best as words)
        "mr mrs ms dr prof gen brig col lt maj capt sgt adm cmdr rev st jr sr no vs etc inc ltd co corp "
        "dept jan feb mar apr jun jul aug sep sept oct nov dec res approx est fig e.g i.e u.s u.k u.n"
    ).split()
)
_LAST_WORD = re.compile(r"([\w.]+)[.]$")
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n|\n[ \t]*(?=[-*+] |[0-9]+[.)] |#)")


class Marker(NamedTuple):
    """One marker as written, where it starts in the body, and the citation number it names (None if none)."""

    text: str
    offset: int
    number: int | None


def markers(body: str) -> list[Marker]:
    return [
        Marker(match.group(), match.start(), int(match.group(1)) if NUMBER.fullmatch(match.group(1)) else None)
        for match in MARKER.finditer(body)
    ]


def unmarked_sentences(body: str) -> list[str]:
    """The body's sentences that carry no marker, each as written (paragraphs, list items and headings
    are read apart)."""
    unmarked = []
    for block in _BLOCK_BREAK.split(body):
        for sentence in _sentences(block):
            if not MARKER.search(sentence) and re.search(r"\w", sentence) and not sentence.lstrip().startswith("#"):
                unmarked.append(sentence.strip())
    return unmarked


def _sentences(block: str) -> list[str]:
    sentences, start = [], 0
    for end in _SENTENCE_END.finditer(block):
        before = _LAST_WORD.search(block, start, end.start() + 1)
        word = before.group(1).lower() if before else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        if word.isdigit() and before is not None and not block[start : before.start()].strip():
            continue  # the number of a numbered list's item ("1. The talks…"), not a sentence
        sentences.append(block[start : end.end()])
        start = end.end()
    sentences.append(block[start:])
    return sentences


def strip_markers(text: str) -> str:
    """The text without its markers, for search and plain-text uses."""
    return MARKER.sub("", text)
