"""Curators' Markdown as safe HTML, converted once per distinct body and kept while in use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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


def convert_markdown(text: str) -> str:
    """A curator's Markdown as safe HTML. One converter serves every call: building one costs more
    than converting a typical body."""
    html = _converter.reset().convert(text)
    return nh3.clean(
        html, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, url_schemes=SAFE_URL_SCHEMES, link_rel="noopener noreferrer"
    )


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
