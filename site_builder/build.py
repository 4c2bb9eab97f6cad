"""Building a site: load, plan, render, as named and timed steps, keeping what did not change.

`SiteBuilder` holds the previous build in memory. A page is rendered again only when its own
inputs (its template context) changed, or when what every page shares did (templates, static
files, site.yaml, the base URL). `build()` is the one-shot form the command line uses.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import jinja2

from .assets import collect_assets
from .content import FileCache, load_site
from .model import Site
from .output import check_output_dir, write_site
from .plan import Page, normalise_base_url, plan_pages
from .problems import ContentError, Problem, display_path
from .render import make_environment, render_page

T = TypeVar("T")


@dataclass(frozen=True)
class Project:
    """Where a site's inputs live; the content, templates and static folders sit side by side."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def static(self) -> Path:
        return self.root / "static"

    @property
    def inputs(self) -> list[Path]:
        return [self.content, self.templates, self.static]


@dataclass
class BuildResult:
    """What one build produced: every output path, and the bytes of those that changed since the last."""

    site: Site
    paths: frozenset[str]
    changed: dict[str, bytes]
    removed: frozenset[str]
    rendered: int  # pages rendered this time; the others were unchanged and kept
    pages: int
    base_url: str | None
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        steps = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in self.timings.items())
        return f"{self.pages} pages in {sum(self.timings.values()):.2f} s ({steps})"


def _timed(timings: dict[str, float], name: str, work: Callable[[], T]) -> T:
    started = time.perf_counter()
    try:
        return work()
    finally:
        timings[name] = time.perf_counter() - started


def _tree_signature(folders: Iterable[Path]) -> tuple:
    """Changes when any file under the folders is added, removed or modified."""
    files = [path for folder in folders for path in sorted(folder.rglob("*")) if path.is_file()]
    return tuple((path.as_posix(), path.stat().st_mtime_ns, path.stat().st_size) for path in files)


class SiteBuilder:
    """Builds one project again and again, re-rendering only the pages whose inputs changed."""

    def __init__(self, project: Project, base_url: str | None = None):
        self.project = project
        self.base_url = base_url
        self.cache = FileCache()
        self._shared_key: tuple | None = None  # what every page depends on
        self._env: jinja2.Environment | None = None
        self._assets: dict = {}
        self._pages: dict[str, tuple[Page, str]] = {}  # output path -> (page, digest of its bytes)
        self._outputs: dict[str, str] = {}  # every output path -> digest

    def forget(self, paths: Iterable[Path]) -> None:
        """Re-read these files at the next build, whatever their timestamps say."""
        paths = [path.resolve() for path in paths]
        self.cache.forget(paths)
        shared = [self.project.templates.resolve(), self.project.static.resolve()]
        if any(path.is_relative_to(folder) for path in paths for folder in shared):
            self._shared_key = None

    def build(self) -> BuildResult:
        """Load, plan and render; raises `ContentError` (and keeps the previous state) on any problem."""
        timings: dict[str, float] = {}
        site = _timed(timings, "load", lambda: load_site(self.project.root, self.cache))
        base_url = normalise_base_url(self.base_url or site.config.base_url)
        pages = _timed(timings, "plan", lambda: plan_pages(site, base_url))
        changed, rendered, outputs, page_state = _timed(timings, "render", lambda: self._render(site, pages, base_url))
        removed = frozenset(self._outputs.keys() - outputs.keys())
        self._outputs, self._pages = outputs, page_state
        return BuildResult(site, frozenset(outputs), changed, removed, rendered, len(pages), base_url, timings)

    def _render(self, site: Site, pages: list[Page], base_url: str | None):
        shared_key = (_tree_signature([self.project.templates, self.project.static]), site.config, base_url)
        if shared_key != self._shared_key:
            self._env = make_environment(self.project.templates)
            self._assets = collect_assets(self.project.static)
            self._pages = {}
        changed: dict[str, bytes] = {}
        outputs: dict[str, str] = {}
        page_state: dict[str, tuple[Page, str]] = {}
        rendered = 0
        for page in pages:
            previous = self._pages.get(page.output_path)
            if previous is not None and previous[0] == page:
                page_state[page.output_path] = previous
                outputs[page.output_path] = previous[1]
                continue
            try:
                data = render_page(self._env, page, site, self._assets, base_url).encode("utf-8")
            except jinja2.TemplateError as exc:
                self._shared_key = None  # a fixed template must be picked up even if nothing else changed
                raise ContentError([template_problem(exc, self.project)]) from exc
            rendered += 1
            digest = hashlib.sha256(data).hexdigest()
            page_state[page.output_path] = (page, digest)
            outputs[page.output_path] = digest
            if self._outputs.get(page.output_path) != digest:
                changed[page.output_path] = data
        for path, data in [*((a.url, a.data) for a in self._assets.values()), (".nojekyll", b"")]:
            digest = hashlib.sha256(data).hexdigest()
            outputs[path] = digest
            if self._outputs.get(path) != digest:
                changed[path] = data
        self._shared_key = shared_key
        return changed, rendered, outputs, page_state


def build(project: Project, out: Path, base_url: str | None = None) -> BuildResult:
    """Load, plan, render and write the site; on any problem nothing is written."""
    check_output_dir(out, [*project.inputs, project.root])
    result = SiteBuilder(project, base_url).build()
    _timed(result.timings, "write", lambda: write_site(result.changed, out))
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
