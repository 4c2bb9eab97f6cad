"""The timeline's search index: every word a reader may remember of an event, folded exactly as
static/timeline.js folds what the reader types, so the two always agree."""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from typing import Any

from ..loading.claims import strip_markers
from ..loading.model import Event

# What parts two words: whitespace, the dashes ("Israel–Japan" is two words) and slashes. Any other
# mark between two letters or digits is dropped ("Sa’ar" is "saar", "U.S." is "us"); elsewhere it
# parts words too. The same text sits in static/timeline.js, where a test holds it.
SEPARATORS = (
    r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    r"\-\u058a\u05be\u1400\u1806\u2010-\u2015\u2212\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u2e5d\u301c\u3030\u30a0"
    r"\ufe31\ufe32\ufe58\ufe63\uff0d/\uff0f"
)
# Apostrophes that Unicode counts as letters ("Saʼar", "Saʿar"), dropped wherever they are, like the marks.
APOSTROPHE_LETTERS = r"\u02b9-\u02bf\u02c8\u02ca\u02cb\ua78b\ua78c"
_APOSTROPHE_LETTER = re.compile(f"[{APOSTROPHE_LETTERS}]")
_WORD_CHAR = r"[^\W_]"  # a letter or digit of any script: Unicode's L and N, as \p{L}\p{N} in JavaScript
_INSIDE_WORD = re.compile(rf"(?<={_WORD_CHAR})(?:[^\w{SEPARATORS}]|_)+(?={_WORD_CHAR})")
_BETWEEN_WORDS = re.compile(r"[\W_]+")

# Markdown read roughly as text: a link or image gives its words, not its address.
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:.*$", re.MULTILINE)
_HTML_TAG = re.compile(r"<[^>\n]*>")


@functools.cache
def _after_lowercasing() -> dict[int, str | None]:
    """Every combining mark (Unicode's M: only planes 0, 1 and 14 have any) and apostrophe letter
    dropped, and the ß and ς that lowercasing keeps spelt ss and σ."""
    chars = map(chr, (*range(0x20000), *range(0xE0000, 0xE1000)))
    dropped = (char for char in chars if unicodedata.category(char)[0] == "M" or _APOSTROPHE_LETTER.match(char))
    return {ord(char): None for char in dropped} | {ord("ß"): "ss", ord("ς"): "σ"}


def fold(text: str) -> str:
    """Lowercase words without accents or inner punctuation, one space apart: "Sa’ar's U.S. trip" → "saars us trip"."""
    if not text.isascii():  # ASCII has no accents to drop, and lowercases on its own
        text = unicodedata.normalize("NFKD", text).lower().translate(_after_lowercasing())
    return _BETWEEN_WORDS.sub(" ", _INSIDE_WORD.sub("", text.lower())).strip()


@functools.lru_cache(maxsize=1 << 16)
def _folded_piece(piece: str) -> str:
    return fold(piece)


def markdown_words(body: str) -> str:
    """A Markdown body as roughly plain text: no claim markers, link addresses, HTML tags or entities."""
    text = _REFERENCE_DEFINITION.sub("", strip_markers(body))
    return html.unescape(_HTML_TAG.sub(" ", _LINK.sub(r"\1", text)))


def search_text(event: Event) -> str:
    """The folded words the timeline's search finds an event by, each once, in code-point order.

    Search matches the start of words, so a word that starts another one here ("un" beside "united")
    adds nothing and is left out.
    """
    texts = [event.title, event.summary, event.when.human(), markdown_words(event.body or "")]
    texts += [tag.label for tag in event.tags] + [named.name for named in event.people + event.places]
    for citation in event.citations:
        source = citation.source
        texts += [source.publisher_shown(), source.title or "", source.author_shown() or "", citation.quote]
    # Folded a space-parted piece at a time, and each piece once: a space parts words before and after
    # folding, so this is the fold of the whole text, and most pieces recur from event to event.
    pieces = set(" ".join(texts).split(" "))
    words = sorted(set(" ".join(map(_folded_piece, pieces)).split()))
    return " ".join(word for word, after in zip(words, [*words[1:], ""], strict=True) if not after.startswith(word))


def index_entry(event: Event, text: str | None = None) -> dict[str, Any]:
    """One event in a timeline page's events.json: its card's id, its years, topics and searchable words.

    `text` is `search_text(event)`, when the caller kept it."""
    end = event.when.end or event.when.start
    return {
        "slug": event.slug,
        "start": event.when.year,
        "end": end.year,
        "tags": [tag.id for tag in event.tags],
        "text": search_text(event) if text is None else text,
    }
