"""Parsing built pages for their links, ids and citations, with the standard library's HTML parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit


@dataclass
class ParsedPage:
    links: list[str] = field(default_factory=list)  # every href and src
    ids: set[str] = field(default_factory=set)
    blockquotes: int = 0


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.page = ParsedPage()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.page.links.append(values[name])
        if values.get("id"):
            self.page.ids.add(values["id"])
        if tag == "blockquote":
            self.page.blockquotes += 1


def parse_html(html: str) -> ParsedPage:
    parser = _Parser()
    parser.feed(html)
    return parser.page


def parse(path: Path) -> ParsedPage:
    return parse_html(path.read_text(encoding="utf-8"))


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """Every internal link or asset in the built site that does not resolve to a file (and id) in it."""
    broken = []
    pages = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    parsed = {relative: parse(path) for relative, path in pages.items()}
    for relative, page in parsed.items():
        here = base_path + ("" if relative.endswith("index.html") and relative == "index.html" else relative)
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # external: checked by nobody offline
            target = urlsplit(urljoin(here, link))
            if not target.path.startswith(base_path):
                broken.append(f"{relative}: {link} leaves the site")
                continue
            inside = target.path[len(base_path) :]
            file = inside + "index.html" if inside == "" or inside.endswith("/") else inside
            if not (site / file).is_file():
                broken.append(f"{relative}: {link} -> {file} does not exist")
            elif target.fragment and file.endswith(".html") and target.fragment not in parsed[file].ids:
                broken.append(f"{relative}: {link} -> #{target.fragment} is not an id in {file}")
    return broken
