"""Which pages need rendering: a page is rendered again only when the fingerprint of its inputs moved.

A page's inputs are what every page shares (templates, static files, site.yaml, the base URL)
and its own template, URL and context. Model objects stand in the fingerprint by their `origin`,
a digest of everything they were read from, including their id, so two events with the same
text under two names are two inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..hashing import fingerprint
from ..loading.model import SiteConfig
from .plan import Page

PageRecord = tuple[str, str]  # (fingerprint of the page's inputs, digest of its output)


def shared_fingerprint(
    files: Iterable[tuple[str, Path]], digest_of: Callable[[Path], str | None], config: SiteConfig, base_url: str | None
) -> str:
    """What every page depends on: each template and static file by name and content, site.yaml, the base URL."""
    return fingerprint([[name, digest_of(path)] for name, path in files] + [config, base_url])


@dataclass(frozen=True)
class RenderWork:
    """The pages to render, each with its inputs' fingerprint, and the records of the pages kept as they are."""

    todo: tuple[tuple[Page, str], ...]
    kept: Mapping[str, PageRecord]


def pages_to_render(pages: Iterable[Page], shared: str, previous: Mapping[str, PageRecord]) -> RenderWork:
    todo: list[tuple[Page, str]] = []
    kept: dict[str, PageRecord] = {}
    for page in pages:
        inputs = fingerprint((shared, page))
        record = previous.get(page.output_path)
        if record is not None and record[0] == inputs:
            kept[page.output_path] = record
        else:
            todo.append((page, inputs))
    return RenderWork(tuple(todo), kept)
