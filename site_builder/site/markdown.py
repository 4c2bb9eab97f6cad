"""Curators' Markdown as safe HTML, converted once per distinct body and kept while in use."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

import markdown as markdown_lib
import nh3
from markupsafe import Markup

from ..hashing import digest

_converter = markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")

# What a body may contain once converted: text formatting, lists, quotes, links and images.
# Anything else (script, style, iframe, event handlers, javascript: URLs) is removed by nh3.
SAFE_TAGS = {
    *("p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img"),
    *("h2", "h3", "h4", "h5", "h6", "sup", "sub", "del", "abbr", "cite", "q"),
    *("table", "thead", "tbody", "tr", "th", "td"),
}
SAFE_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
SAFE_URL_SCHEMES = {"http", "https", "mailto"}  # relative links carry no scheme and are kept


# A claim marker [^N] passes through Markdown and the sanitiser as a token no content can hold (the
# loader refuses control characters), so only the builder's own marker HTML carries ids and classes.
_CLAIM = re.compile(r"\[\^([1-9][0-9]{0,2})\]")
_CLAIM_TOKEN = re.compile("\x0e([0-9]+)\x0f")


def convert_markdown(text: str) -> str:
    """A curator's Markdown as safe HTML, each claim marker a link to the quote it names.

    One converter serves every call: building one costs more than converting a typical body.
    """
    text = text.replace("\x0e", "").replace("\x0f", "")  # content cannot hold them; nor can anything else
    html = _converter.reset().convert(_CLAIM.sub("\x0e\\1\x0f", text))
    clean = nh3.clean(
        html, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, url_schemes=SAFE_URL_SCHEMES, link_rel="noopener noreferrer"
    )
    return _CLAIM_TOKEN.sub(_claim_link(), clean)


def _claim_link() -> Callable[[re.Match[str]], str]:
    """Marker HTML for one body: the k-th marker naming citation N gets the id claim-N-k, for the quote's
    link back."""
    seen: dict[str, int] = {}

    def link(token: re.Match[str]) -> str:
        number = token.group(1)
        seen[number] = seen.get(number, 0) + 1
        return (
            f'<sup class="claim"><a href="#cite-{number}" id="claim-{number}-{seen[number]}" '
            f'aria-label="source {number}">{number}</a></sup>'
        )

    return link


# Lists and quotes nest by indentation and by markers ("- - - a", "> > a"); Python-Markdown recurses
# once per level and fails with RecursionError some hundreds of levels down.
_NESTING = re.compile(r"^([ \t]*)((?:(?:[-*+]|[0-9]+[.)])[ \t]+|>[ \t]*)*)", re.MULTILINE)
_NESTING_MARK = re.compile(r"[-*+>]|[0-9]+[.)]")
MAX_NESTING = 32  # real bodies nest lists and quotes three or four deep

# Python-Markdown reads ahead from the marks it meets: from a "[" to the "]" that closes it, from a
# "](" to its ")", from other marks to the end of the paragraph, and (its raw-HTML parser) from a "<"
# to the end of the text. Marks that never close make that quadratic: 8,000 "[" took 15 s, 20,000
# "[a](" 70 s. Each mark's read-ahead is charged at what one character of it cost, in nanoseconds,
# measured with Python-Markdown 3.11 on two cores; the others cost 6 or less.
_MARK = re.compile(
    r"<!\[|\[|\]\(?|[()<>*_`&\\]"
    r"|(?P<rule>\n[ \t]*[-=*_][-=*_ \t]*(?=\n|\Z))"  # a heading's underline, or a horizontal rule
    r"|(?P<item>\n[ \t]*(?:[-*+#]|[0-9]+[.)]))"  # a list item, or a heading
)
_NANOSECONDS = {"[": 500, "](": 250, "<![": 1000, "<": 120, ">": 150, "rule": 50, "item": 8}
_TO_THE_END_OF_THE_TEXT = ("<", "<![")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
MAX_NANOSECONDS = 250_000_000  # a quarter of a second; real bodies cost a few milliseconds


def conversion_problem(text: str) -> str | None:
    """Why converting `text` would fail or take long, or None: `convert_markdown` is quick on any other text."""
    for number, line in enumerate(_NESTING.finditer(text), start=1):
        indent, marks = line.groups()
        depth = len(indent.expandtabs(4)) // 4 + len(_NESTING_MARK.findall(marks))
        if depth > MAX_NESTING:
            return (
                f"line {number} of this Markdown nests lists, quotes or indentation {depth} levels deep; "
                f"at most {MAX_NESTING} can be converted: remove the extra markers or indentation"
            )
    paragraphs = [(_read_ahead(paragraph, len(text) - start), paragraph) for start, paragraph in _paragraphs(text)]
    if sum(sum(costs.values()) for (costs, _), _ in paragraphs) <= MAX_NANOSECONDS:
        return None
    (costs, counts), paragraph = max(paragraphs, key=lambda item: sum(item[0][0].values()))
    mark = max(costs, key=costs.__getitem__)
    beginning = paragraph[:24].replace("\n", " ") + ("…" if len(paragraph) > 24 else "")
    what = {"rule": "lines of - or =", "item": "list items"}.get(mark, f"'{mark}'")
    end = "the text" if mark in _TO_THE_END_OF_THE_TEXT else "the paragraph (or to the bracket that closes it)"
    return (
        f'this Markdown would take too long to convert: the paragraph beginning "{beginning}" holds '
        f"{counts[mark]:,} {what}, and Markdown reads ahead from each to the end of {end}; "
        "close the brackets, use fewer marks, or split the paragraph with blank lines"
    )


def _paragraphs(text: str) -> Iterable[tuple[int, str]]:
    """Each paragraph with where it starts in `text`; no inline Markdown spans a blank line."""
    start = 0
    for gap in _BLANK_LINE.finditer(text):
        yield start, text[start : gap.start()]
        start = gap.end()
    yield start, text[start:]


def _read_ahead(paragraph: str, to_text_end: int) -> tuple[dict[str, int], dict[str, int]]:
    """What reading ahead from each kind of mark in one paragraph costs, in nanoseconds; and how many there are."""
    marks = [(mark.start(), mark.lastgroup or mark.group()) for mark in _MARK.finditer(paragraph)]
    closing = _closing_parentheses(marks)
    end, opened = len(paragraph), []
    costs: dict[str, int] = {}
    counts: dict[str, int] = {}
    for position, kind in marks:
        if kind in ("(", ")"):
            continue
        counts[kind] = counts.get(kind, 0) + 1
        if kind == "[":
            opened.append(position)
            continue
        if kind.startswith("]"):
            if opened:
                costs["["] = costs.get("[", 0) + _NANOSECONDS["["] * (position - opened.pop())
            reach = closing.get(position + 1, end) if kind == "](" else position
        else:
            reach = to_text_end if kind in _TO_THE_END_OF_THE_TEXT else end
        costs[kind] = costs.get(kind, 0) + _NANOSECONDS.get(kind, 6) * (reach - position)
    if opened:
        costs["["] = costs.get("[", 0) + sum(_NANOSECONDS["["] * (end - position) for position in opened)
    return costs, counts


def _closing_parentheses(marks: list[tuple[int, str]]) -> dict[int, int]:
    """Where each "(" is closed, by where it opens."""
    closing, opened = {}, []
    for position, kind in marks:
        if kind in ("(", "]("):
            opened.append(position + len(kind) - 1)
        elif kind == ")" and opened:
            closing[opened.pop()] = position
    return closing


class MarkdownCache:
    """Converted bodies by the digest of their text.

    The builder fills it before rendering (converting misses on every core) and calls `keep`
    with the bodies the site still has, so in a long `serve` session it holds one entry per
    current body rather than one per version ever saved.
    """

    def __init__(self, stored: Mapping[str, str] | None = None):
        self._html: dict[str, str] = dict(stored or {})

    @staticmethod
    def key(body: str) -> str:
        return digest(body.encode())

    def __len__(self) -> int:
        return len(self._html)

    def missing(self, bodies: Iterable[str]) -> list[str]:
        """The distinct bodies not converted yet, in a stable order."""
        return sorted({body for body in bodies if body and self.key(body) not in self._html})

    def add(self, converted: Mapping[str, str]) -> None:
        """Converted HTML by body text."""
        self._html.update((self.key(body), html) for body, html in converted.items())

    def merge(self, stored: Mapping[str, str]) -> None:
        """Conversions kept by an earlier process, by key; what is here already wins."""
        for key, html in stored.items():
            self._html.setdefault(key, html)

    def keep(self, bodies: Iterable[str]) -> None:
        """Forget every conversion but these bodies'."""
        used = {self.key(body) for body in bodies if body}
        self._html = {key: html for key, html in self._html.items() if key in used}

    def stored(self) -> dict[str, str]:
        """Everything held, by key, for the persistent cache."""
        return dict(self._html)

    def html(self, body: str) -> Markup:
        """The body as HTML; a body not converted beforehand is converted now."""
        key = self.key(body)
        if key not in self._html:
            self._html[key] = convert_markdown(body)
        return Markup(self._html[key])
