"""Building a site: load, plan, render, as named and timed steps, keeping what did not change.

`SiteBuilder` holds the previous build in memory. A page is rendered again only when its own
inputs (its template context) changed, or when what every page shares did (templates, static
files, site.yaml, the base URL). `build()` is the one-shot form the command line uses.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import jinja2

from .errors import ContentError, Problem, display_path
from .hashing import digest, fingerprint
from .loading.content import load_site
from .loading.filecache import FileCache
from .loading.model import Site
from .project import Project
from .publishing.cache import cache_file, read_pickle, stamp_file, up_to_date_stamp, write_pickle
from .publishing.output import Publication, check_output_dir, read_manifest
from .site.assets import collect_assets
from .site.markdown import MarkdownCache, convert_markdown
from .site.parallel import default_jobs, iterate_pages, map_pages
from .site.plan import Page, normalise_base_url, plan_pages
from .site.render import Renderer, make_environment

T = TypeVar("T")
Sink = Callable[[str, bytes, str], None]  # (output path, bytes, digest) of each changed file


@dataclass
class BuildResult:
    """What one build produced: every output path with its digest, and which changed since the last."""

    site: Site | None  # None when the build found everything up to date
    manifest: dict[str, str]  # every output path -> digest of its bytes
    changed: frozenset[str]
    removed: frozenset[str]
    rendered: int  # pages rendered this time; the others were unchanged and kept
    pages: int
    base_url: str | None
    timings: dict[str, float] = field(default_factory=dict)
    written: int = 0
    up_to_date: bool = False  # nothing changed since the last build: nothing was loaded or written
    data: dict[str, bytes] = field(default_factory=dict)  # the changed files' bytes, unless a sink took them

    def summary(self) -> str:
        steps = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in self.timings.items())
        return f"{self.pages} pages in {sum(self.timings.values()):.2f} s ({steps})"


def _timed(timings: dict[str, float], name: str, work: Callable[[], T]) -> T:
    started = time.perf_counter()
    try:
        return work()
    finally:
        timings[name] = time.perf_counter() - started


def _shared_fingerprint(project: Project, site: Site, base_url: str | None) -> str:
    """What every page depends on: the templates, the static files, site.yaml and the base URL."""
    files = [p for folder in (project.templates, project.static) for p in sorted(folder.rglob("*")) if p.is_file()]
    return fingerprint(
        [[p.relative_to(project.root).as_posix(), digest(p.read_bytes())] for p in files] + [site.config, base_url]
    )


class SiteBuilder:
    """Builds one project again and again, re-rendering only the pages whose inputs changed.

    With a `cache_dir`, what it knows survives the process: parsed files, rendered Markdown, and
    each page's input fingerprint with the digest of what it rendered to.
    """

    def __init__(
        self,
        project: Project,
        base_url: str | None = None,
        jobs: int | None = None,
        cache_dir: Path | None = None,
    ):
        self.project = project
        self.base_url = base_url
        self.jobs = jobs or default_jobs()
        self.cache_dir = cache_dir
        stored = self._read_cache()
        self.cache = FileCache(stored.get("parsed"), stored.get("digests"))
        self._markdown_stored = False  # whether the Markdown cache file has been read
        self.markdown = MarkdownCache()
        self._markdown_added = 0
        self._shared = stored.get("shared")  # fingerprint of what every page depends on
        self._pages: dict[str, tuple[str, str]] = stored.get("pages", {})  # path -> (inputs, output digest)
        self._outputs: dict[str, str] = stored.get("outputs", {})  # every output path -> digest
        self._cards: dict = {}
        self._env: jinja2.Environment | None = None
        self._assets: dict = {}

    def forget(self, paths: Iterable[Path]) -> None:
        """Re-read these files at the next build, whatever their timestamps say."""
        self.cache.forget(paths)  # templates and static files need nothing: their bytes are fingerprinted

    def assume_output(self, manifest: dict[str, str]) -> None:
        """Build against what an output folder really holds, if it is not what this builder last made."""
        if manifest != self._outputs:
            self._outputs = manifest
            self._pages = {}

    def build(self, persist: bool = True, sink: Sink | None = None) -> BuildResult:
        """Load, plan and render; raises `ContentError` (and keeps the previous state) on any problem.

        Each changed file goes to `sink(path, bytes, digest)` as soon as it is rendered, or, without
        a sink, into the result's `data`. With `persist` (and a cache folder) what changed is saved
        for the next process; `serve` keeps it in memory instead, so a save does not wait for it.
        """
        kept: dict[str, bytes] = {}
        sink = sink or (lambda path, data, _: kept.__setitem__(path, data))
        misses = self.cache.misses
        timings: dict[str, float] = {}
        site = _timed(timings, "load", lambda: load_site(self.project.root, self.cache))
        base_url = normalise_base_url(self.base_url or site.config.base_url)
        pages = _timed(timings, "plan", lambda: plan_pages(site, base_url))
        changed, rendered, outputs, page_state = _timed(
            timings, "render", lambda: self._render(site, pages, base_url, sink)
        )
        removed = frozenset(self._outputs.keys() - outputs.keys())
        stale = rendered or removed or self.cache.misses != misses or not self._cache_file().is_file()
        self._outputs, self._pages = outputs, page_state
        if self.cache_dir and persist and stale:
            _timed(timings, "cache", lambda: self._write_cache(site))
        return BuildResult(
            site, dict(outputs), frozenset(changed), removed, rendered, len(pages), base_url, timings, data=kept
        )

    def _render(self, site: Site, pages: list[Page], base_url: str | None, sink: Sink):
        shared = _shared_fingerprint(self.project, site, base_url)
        if shared != self._shared or self._env is None:
            self._env = make_environment(self.project.templates, self.markdown)
            self._assets = collect_assets(self.project.static)
            self._cards = {}
            if shared != self._shared:
                self._pages = {}
        outputs: dict[str, str] = {}
        page_state: dict[str, tuple[str, str]] = {}
        todo: list[tuple[Page, str]] = []
        for page in pages:
            inputs = fingerprint((shared, page.template, page.url, page.context))
            previous = self._pages.get(page.output_path)
            if previous is not None and previous[0] == inputs:
                page_state[page.output_path] = previous
                outputs[page.output_path] = previous[1]
            else:
                todo.append((page, inputs))
        self._convert_markdown([page for page, _ in todo])
        renderer = Renderer(self._env, site, self._assets, base_url, self._cards)

        def render(page: Page) -> bytes:
            try:
                return renderer.render(page).encode("utf-8")
            except jinja2.TemplateError as exc:
                raise ContentError([template_problem(exc, self.project)]) from exc

        changed: set[str] = set()

        def deliver(path: str, data: bytes) -> None:
            outputs[path] = digest(data)
            if self._outputs.get(path) != outputs[path]:
                sink(path, data, outputs[path])
                changed.add(path)

        try:
            for (page, inputs), data in zip(todo, iterate_pages(render, [p for p, _ in todo], self.jobs), strict=True):
                deliver(page.output_path, data)
                page_state[page.output_path] = (inputs, outputs[page.output_path])
        except ContentError:
            self._env = None  # start from a fresh environment next time, whatever the templates hold
            raise
        for asset in self._assets.values():
            deliver(asset.url, asset.data)
        deliver(".nojekyll", b"")
        self._shared = shared
        return changed, len(todo), outputs, page_state

    def _convert_markdown(self, pages: list[Page]) -> None:
        """Convert the bodies the pages about to render need, spread over processes, once each."""
        bodies = {page.context["event"].body for page in pages if page.template == "event.html"}
        missing = self.markdown.missing(bodies)
        if len(missing) > 32 and not self._markdown_stored:  # worth reading the stored conversions
            self.markdown.merge(self._read_cache("markdown").get("markdown", {}))
            self._markdown_stored = True
            missing = self.markdown.missing(missing)
        html = map_pages(lambda body: convert_markdown(body).encode(), missing, self.jobs)
        self.markdown.add({body: text.decode() for body, text in zip(missing, html, strict=True)})
        self._markdown_added += len(missing)

    # The persistent cache: what is stored (cache.py says how).

    def _cache_file(self, part: str = "") -> Path:
        return cache_file(self.cache_dir or Path(".cache"), part)

    def _read_cache(self, part: str = "") -> dict:
        return read_pickle(self._cache_file(part)) if self.cache_dir else {}

    def _write_cache(self, site: Site) -> None:
        write_pickle(
            self._cache_file(),
            {
                "parsed": self.cache.results,
                "digests": self.cache.digests,
                "shared": self._shared,
                "pages": self._pages,
                "outputs": self._outputs,
            },
        )
        if self._markdown_added:  # the conversions are kept apart: most builds neither need nor change them
            if not self._markdown_stored:
                self.markdown.merge(self._read_cache("markdown").get("markdown", {}))
                self._markdown_stored = True
            self.markdown.keep(event.body for event in site.events if event.body)
            write_pickle(self._cache_file("markdown"), {"markdown": self.markdown.stored()})
            self._markdown_added = 0


def build(
    project: Project,
    out: Path,
    base_url: str | None = None,
    jobs: int | None = None,
    cache_dir: Path | None = None,
) -> BuildResult:
    """Load, plan, render and write the site; on any problem nothing is written.

    With a cache folder, a build whose inputs and output are exactly as the last build left them
    stops after checking that, without loading anything.
    """
    check_output_dir(out, [*project.inputs, project.root])
    started = time.perf_counter()
    stamp = up_to_date_stamp(project.inputs, out, base_url) if cache_dir else None
    if stamp and stamp_file(cache_dir).is_file() and stamp_file(cache_dir).read_text(encoding="utf-8") == stamp:
        manifest = read_manifest(out) or {}
        pages = sum(1 for path in manifest if path.endswith((".html", ".xml", ".json", ".txt")))
        return BuildResult(
            None,
            manifest,
            frozenset(),
            frozenset(),
            0,
            pages,
            base_url,
            {"check": time.perf_counter() - started},
            up_to_date=True,
        )
    builder = SiteBuilder(project, base_url, jobs, cache_dir)
    publication = Publication(out)  # rendered files stream into it: the site is never all in memory
    builder.assume_output(publication.current or {})
    result = builder.build(sink=publication.put)
    result.written = _timed(result.timings, "write", lambda: publication.finish(result.manifest))
    if stamp:
        after = up_to_date_stamp(project.inputs, out, base_url, inputs_digest=stamp.split()[0])
        stamp_file(cache_dir).write_text(after, encoding="utf-8")
    return result


def template_problem(exc: jinja2.TemplateError, project: Project) -> Problem:
    """Locate a template error at the template file and line, as content problems are."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        where = display_path(Path(exc.filename), project.root)
        return Problem(where, exc.lineno or 1, 1, f"template error: {exc.message}")
    templates = project.templates.resolve()
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if path.is_absolute() and path.resolve().is_relative_to(templates):
            return Problem(display_path(path, project.root), frame.lineno or 1, 1, f"template error: {exc}")
    return Problem(display_path(project.templates, project.root), 1, 1, f"template error: {exc}")
