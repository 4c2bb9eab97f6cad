"""Rendering many pages on every core.

Workers are forked after the renderer is built, so they inherit the loaded site, the compiled
templates and the card cache instead of receiving them pickled; only page bytes travel back.
A handful of pages (a save in `serve`) is rendered in-process, where forking would cost more.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
MIN_PARALLEL = 256  # below this many pages, one process is faster than starting workers

_work: tuple[Callable, Sequence] | None = None  # set in the parent just before the fork


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_pages(function: Callable[[T], bytes], items: Sequence[T], jobs: int) -> list[bytes]:
    """`[function(item) for item in items]`, spread over `jobs` forked processes when worth it."""
    return list(iterate_pages(function, items, jobs))


def iterate_pages(function: Callable[[T], bytes], items: Sequence[T], jobs: int) -> Iterator[bytes]:
    """`function(item)` for each item in order, as results arrive, so they need not all be held."""
    if jobs <= 1 or len(items) < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
        yield from (function(item) for item in items)
        return
    global _work
    _work = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_run, range(len(items)), chunksize=max(1, min(64, len(items) // (jobs * 8))))
    finally:
        _work = None


def _run(index: int) -> bytes:
    function, items = _work
    return function(items[index])
