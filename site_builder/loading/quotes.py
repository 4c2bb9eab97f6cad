"""Checking that a quote occurs verbatim in an archived article, and showing it honestly: cut where it is cut."""

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
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")  # what str.splitlines splits at
# A whitespace run holding a line break, whole; then, once each is one newline, every other run.
_RUN_WITH_BREAK = re.compile(r"\s*[" + re.escape("".join(sorted(_LINE_BREAKS))) + r"]\s*")
_OTHER_RUN = re.compile(r"[^\S\n]+")
# Folded text has only straight quotation marks: one is opening when the start, a space or an
# opening bracket comes before it, as in `declare "null and void" US`.
_OPENERS = "\"'(["
_CLOSING_PUNCTUATION = ".!?,:;\"')]"
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*")
_ENDS_SENTENCE = re.compile(r"[.!?][\"')\]]*\Z")
_SPEECH_END = re.compile(r"[,:][\"']+")  # "…fruitful cooperation," Seko said
_OPENING_STRAIGHT_DOUBLE = re.compile(r'(?<![^\s(\[])"')


def _fold(text: str) -> str:
    return text.translate(_TYPOGRAPHY).replace("\u2026", "...")


def normalise(text: str) -> str:
    """Fold whitespace, typographic quotes and dashes, and ellipses, so only the words compare."""
    return _SPACE.sub(" ", _fold(text)).strip()


def archive_text(raw: str) -> str:
    """The archived text folded as `normalise` folds it, but keeping line breaks: each whitespace run
    becomes one newline when it holds a line break, one space otherwise.

    So archive_text(raw).replace("\\n", " ") == normalise(raw), character for character.
    """
    return _OTHER_RUN.sub(" ", _RUN_WITH_BREAK.sub("\n", _fold(raw))).strip()


def quote_cuts(wanted: str, text: str, flat: str | None = None) -> tuple[bool, bool]:
    """Whether a quote starts mid-sentence (cut_before) and stops mid-sentence (cut_after).

    `wanted` is normalise(quote), `text` is archive_text(archive), and `flat` the text with line
    breaks read as spaces (worked out when not given). Of the places `wanted` occurs, the one with
    the fewest cuts is judged (a headline may recur in a breadcrumb); ValueError when there is none.

    A quote is not cut before when it starts the text or a line (headlines and captions end without
    a full stop), follows . ! ? (and any closing quotation marks or brackets), or begins with a
    capital right after an opening quotation mark (quoted speech starts a sentence: `Seko said:
    "We need…`), or itself begins with "...". It is not cut after when it ends the text or a line,
    when it ends with . ! ? (and closers) or the text goes on with them (the quote left the full
    stop off), or when a comma or colon and a closing quotation mark follow it (quoted speech before
    its attribution: `"…fruitful cooperation," Seko said`). Anywhere else it is cut: after a word or
    a comma, before a word or a comma, or inside a word.
    """
    flat = text.replace("\n", " ") if flat is None else flat
    best: tuple[bool, bool] | None = None
    start = flat.find(wanted) if wanted else -1
    while start >= 0 and best != (False, False):
        cuts = _cut_before(wanted, text, start), _cut_after(wanted, text, start + len(wanted))
        best = cuts if best is None or sum(cuts) < sum(best) else best
        start = flat.find(wanted, start + 1)
    if best is None:
        raise ValueError(f"the quote {wanted!r} does not occur in the text")
    return best


def _cut_before(wanted: str, text: str, start: int) -> bool:
    if wanted.startswith("..."):
        return False
    word = start + len(wanted) - len(wanted.lstrip(_OPENERS))
    openers = word  # the quotation marks and brackets opening right before the words, in the quote or not
    while openers > 0 and text[openers - 1] in _OPENERS:
        openers -= 1
    before = text[openers - 1] if openers else ""
    if before and not before.isspace():
        return True  # inside a word, or after a closing mark, dash or slash
    if any(mark in text[openers:word] for mark in "\"'") and text[word : word + 1].isupper():
        return False
    if before in ("", "\n"):
        return False
    # A full stop after an abbreviation ("Brig. General", "Dec. 25") reads as a sentence end here:
    # telling the two apart needs a list of abbreviations, and the mistake only drops an ellipsis.
    return not _ENDS_SENTENCE.search(text, 0, openers - 1)


def _cut_after(wanted: str, text: str, end: int) -> bool:
    words_end = end - (len(wanted) - len(wanted.rstrip(_CLOSING_PUNCTUATION)))
    stop = words_end  # past the punctuation closing the words, in the quote or not
    while stop < len(text) and text[stop] in _CLOSING_PUNCTUATION:
        stop += 1
    after = text[stop : stop + 1]
    if after in ("", "\n"):
        return False
    if not after.isspace():
        return True  # inside a word, or a full stop inside a number ("$2.3b.")
    punctuation = text[words_end:stop]
    return not (_SENTENCE_END.fullmatch(punctuation) or _SPEECH_END.fullmatch(punctuation))


def displayed_quote(quote: str, cut_before: bool, cut_after: bool) -> str:
    """The quote as a reader sees it inside the page's own quotation marks.

    "…" marks each cut (once: not before a quote already starting with "…" or "...", nor after one
    already ending so), and inner double quotes become single: “ and ” turn into ‘ and ’, a straight
    one into ‘ after the start, a space or an opening bracket and into ’ anywhere else. Apostrophes
    stay as written.
    """
    shown = quote.replace("\u201c", "\u2018").replace("\u201d", "\u2019")
    shown = _OPENING_STRAIGHT_DOUBLE.sub("\u2018", shown).replace('"', "\u2019")
    if cut_before and not shown.startswith(("\u2026", "...")):
        shown = "\u2026" + shown
    if cut_after and not shown.endswith(("\u2026", "...")):
        shown += "\u2026"
    return shown


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
