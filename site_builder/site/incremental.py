"""Which pages need rendering: a page is rendered again only when the fingerprint of its inputs moved.

A page's inputs are what every page shares (templates, static files, site.yaml, the base URL)
and its own template, URL and context. Events and sources stand in the fingerprint by their own
`fingerprint`, a digest of everything they were read from, including their id, so two events with
the same text under two names are two inputs.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..hashing import Fingerprints, fingerprint
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
    # Pages share most of what they show (events, the overview, the tags): each shared part is digested once.
    fingerprints = Fingerprints()
    with _without_collections():
        for page in pages:
            inputs = fingerprints.of((shared, page))
            record = previous.get(page.output_path)
            if record is not None and record[0] == inputs:
                kept[page.output_path] = record
            else:
                todo.append((page, inputs))
    return RenderWork(tuple(todo), kept)


@contextmanager
def _without_collections() -> Iterator[None]:
    """Hold the garbage collector off: the tokens fingerprints are made of are a hundred thousand small
    tuples that all live until the pages are fingerprinted, so a collection meanwhile would walk the
    whole heap, the loaded site with it, to free nothing."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
