"""Work spread over every core: parsing files and rendering pages.

Workers are forked after the renderer is built, so they inherit the loaded site, the compiled
templates and the card cache instead of receiving them pickled; only page bytes travel back.
A handful of pages (a save in `serve`) is rendered in-process, where forking would cost more.

A process that runs other threads (the server's event loop, the file watcher) is never forked:
a child would inherit locks those threads hold and could deadlock. It renders in-process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
MIN_PARALLEL = 256  # below this many pages, one process is faster than starting workers

# In a worker only: the function and items it inherited from the parent at the fork.
_inherited: tuple[Callable[[Any], bytes], Sequence[Any]] | None = None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def can_fork() -> bool:
    """Forking is safe only from a process whose one thread is the one forking."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def map_pages(function: Callable[[T], bytes], items: Sequence[T], jobs: int) -> list[bytes]:
    """`[function(item) for item in items]`, spread over `jobs` forked processes when worth it."""
    return list(iterate_pages(function, items, jobs))


def iterate_pages(
    function: Callable[[T], bytes], items: Sequence[T], jobs: int, here: Callable[[T], bool] = lambda item: False
) -> Iterator[bytes]:
    """`function(item)` for each item in order, as results arrive, so they need not all be held.

    Items `here` picks are done in this process while the workers run, so whatever `function`
    remembers of them (the parts of the whole-timeline files) outlives the pool.
    """
    if jobs <= 1 or len(items) < MIN_PARALLEL or not can_fork():
        yield from (function(item) for item in items)
        return
    elsewhere = [index for index, item in enumerate(items) if not here(item)]
    context = multiprocessing.get_context("fork")
    # With fork the initializer's arguments are inherited in memory, never pickled.
    with context.Pool(jobs, initializer=_inherit, initargs=(function, items)) as pool:
        arriving = pool.imap(_run, elsewhere, chunksize=max(1, min(64, len(elsewhere) // (jobs * 8))))
        done_here = {index: function(item) for index, item in enumerate(items) if here(item)}
        for index in range(len(items)):
            yield done_here.pop(index) if index in done_here else next(arriving)


def _inherit(function: Callable[[Any], bytes], items: Sequence[Any]) -> None:
    global _inherited
    _inherited = (function, items)


def _run(index: int) -> bytes:
    assert _inherited is not None, "runs only in a worker set up by _inherit"
    function, items = _inherited
    return function(items[index])
