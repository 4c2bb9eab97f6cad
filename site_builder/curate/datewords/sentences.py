"""An article's text as sentences, each knowing the lines it came from, and a long sentence cut to show."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

SENTENCE_LIMIT = 160  # characters of a sentence shown; a longer one is cut around the expression

# Words written with a full stop that does not end the sentence.
_ABBREVIATED = (
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun mr mrs ms dr "
    "prof gen brig col lt sgt capt cmdr adm gov sen rep st jr sr no vs etc inc ltd co corp dept res approx est"
)
_ABBREVIATIONS = frozenset(_ABBREVIATED.split())
_LAST_WORD = re.compile(r"\S+\Z")
_SENTENCE_END = re.compile(r"[.!?]+[\"'’”)\]]*\s+(?=[\"'‘“(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    text: str  # on one line: a line break inside a sentence is a space
    offset: int  # where it starts in its paragraph
    line_starts: tuple[tuple[int, int], ...]  # (offset in the paragraph, line number) of each of its lines

    def line_at(self, offset: int) -> int:
        """The line number of the character at `offset` in this sentence."""
        starts = [start for start, _ in self.line_starts]
        return self.line_starts[bisect_right(starts, self.offset + offset) - 1][1]


def sentences(text: str) -> list[Sentence]:
    """The text's sentences; a line ends one unless the next line carries on in lower case."""
    paragraphs: list[tuple[str, tuple[tuple[int, int], ...]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if paragraphs and line[0].islower() and paragraphs[-1][0][-1] not in ".!?":
            paragraph, starts = paragraphs[-1]
            paragraphs[-1] = (f"{paragraph} {line}", (*starts, (len(paragraph) + 1, number)))
        else:
            paragraphs.append((line, ((0, number),)))
    found = []
    for paragraph, starts in paragraphs:
        begin = 0
        for end in [*_sentence_ends(paragraph), len(paragraph)]:
            piece = paragraph[begin:end]
            offset = begin + len(piece) - len(piece.lstrip())
            if piece.strip():
                found.append(Sentence(piece.strip(), offset, starts))
            begin = end
    return found


def _sentence_ends(paragraph: str) -> list[int]:
    """Where the paragraph's sentences end: at a full stop, unless it closes an abbreviation or an initial."""
    ends = []
    for end in _SENTENCE_END.finditer(paragraph):
        last = _LAST_WORD.search(paragraph, max(end.start() - 40, 0), end.start())
        word = last.group().strip("\"'‘“([$") if last else ""
        if word.lower() in _ABBREVIATIONS or "." in word or (len(word) == 1 and word.isupper()):
            continue
        ends.append(end.end())
    return ends


def shorten(sentence: str, start: int, end: int) -> str:
    """The sentence, or as much of it around [start, end) as fits, cut at spaces and marked with "…"."""
    if len(sentence) <= SENTENCE_LIMIT:
        return sentence
    room = max(SENTENCE_LIMIT - (end - start), 0)
    left = min(max(start - room // 2, 0), max(len(sentence) - SENTENCE_LIMIT, 0))
    right = max(end, left + SENTENCE_LIMIT)
    if left > 0:
        left = sentence.find(" ", left, start) + 1 or left
    if right < len(sentence):
        space = sentence.rfind(" ", end, right)
        right = space if space > 0 else right
    return ("…" if left > 0 else "") + sentence[left:right].strip() + ("…" if right < len(sentence) else "")
