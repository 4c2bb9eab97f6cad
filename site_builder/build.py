"""Building a site: named, timed steps from the content folder to a published output folder.

`build()` is the whole run the command line makes, read top to bottom: check the output, stop if
nothing changed, load, resolve the base URL, plan, fingerprint, render, write, save the cache.
`SiteBuilder` (builder.py) owns the middle steps and keeps what they learnt in memory, so `serve` runs them
again after a save and re-renders only the pages whose inputs changed.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from .project import Project
from .publishing.cache import BuildState, inputs_stamp, is_up_to_date, record_up_to_date
from .publishing.output import Publication, check_output_dir, output_lock, read_manifest

if TYPE_CHECKING:
    from .loading.model import Site

P = ParamSpec("P")
T = TypeVar("T")
Sink = Callable[[str, bytes, str], None]  # (output path, bytes, digest) of each changed file


class Steps:
    """Runs and times named steps; with a `log` (the command line's --verbose) each is printed as it ends."""

    def __init__(self, log: Callable[[str], None] | None = None):
        self.timings: dict[str, float] = {}
        self.log = log

    def run(self, name: str, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        started = time.perf_counter()
        try:
            return work(*args, **kwargs)
        finally:
            took = time.perf_counter() - started
            self.timings[name] = self.timings.get(name, 0.0) + took
            if self.log:
                self.log(f"  {name:<14} {took * 1000:8.1f} ms")


@dataclass(frozen=True)
class BuildResult:
    """What one build produced: every output path with its digest, and what changed since the last."""

    site: Site | None  # None when the build found everything up to date and loaded nothing
    manifest: Mapping[str, str]  # every output path -> digest of its bytes
    changed: frozenset[str]
    removed: frozenset[str]
    rendered: int  # pages rendered this time; the others were unchanged and kept
    pages: int
    base_url: str | None
    timings: Mapping[str, float]
    written: int = 0  # files written into the output folder
    up_to_date: bool = False

    def summary(self) -> str:
        steps = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in self.timings.items())
        return f"{self.pages} pages in {sum(self.timings.values()):.2f} s ({steps})"


def build(
    project: Project,
    out: Path,
    base_url: str | None = None,
    jobs: int | None = None,
    cache_dir: Path | None = None,
    log: Callable[[str], None] | None = None,
) -> BuildResult:
    """Load, plan, render and write the site; on any problem nothing is written.

    With a cache folder, a build whose inputs and output are exactly as the last build left them
    stops after checking that, without loading anything.
    """
    steps = Steps(log)
    out = steps.run("check output", check_output_dir, out, [*project.inputs, project.root])
    waiting = (lambda: log(f"waiting for another build of {out} to finish")) if log else None
    with output_lock(out, waiting):
        if cache_dir is not None:
            inputs = steps.run("up to date?", inputs_stamp, project, base_url)
            if is_up_to_date(cache_dir, inputs, out):
                return _unchanged(out, base_url, steps.timings)
        # Jinja2, Markdown and the loader are imported only now: a build that finds nothing changed
        # is over before they would have loaded.
        from .builder import SiteBuilder

        state = steps.run("read cache", BuildState.load, cache_dir)
        builder = SiteBuilder(project, base_url, jobs, cache_dir, state)
        publication = Publication(out)  # rendered files stream into it: the site is never all in memory
        builder.assume_output(publication.current or {})
        result = builder.build(publication.put, steps)
        written = steps.run("write", publication.finish, result.manifest)
        if cache_dir is not None:
            steps.run("save cache", builder.save)
            record_up_to_date(cache_dir, inputs, out)
    return dataclasses.replace(result, written=written, timings=dict(steps.timings))


def _unchanged(out: Path, base_url: str | None, timings: Mapping[str, float]) -> BuildResult:
    manifest = read_manifest(out) or {}
    pages = sum(1 for path in manifest if path.endswith((".html", ".xml", ".json", ".txt")))
    return BuildResult(None, manifest, frozenset(), frozenset(), 0, pages, base_url, dict(timings), up_to_date=True)
