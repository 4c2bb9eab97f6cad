"""build(): the whole pipeline as a flat list of named, timed steps."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import jinja2

from .assets import collect_assets
from .content import load_site
from .model import Site
from .output import check_output_dir, write_site
from .plan import plan_pages
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


@dataclass
class BuildReport:
    site: Site | None = None
    pages: int = 0
    written: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def step(self, name: str, work: Callable[[], T]) -> T:
        started = time.perf_counter()
        try:
            return work()
        finally:
            self.timings[name] = time.perf_counter() - started

    def summary(self) -> str:
        steps = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in self.timings.items())
        return f"{self.pages} pages in {sum(self.timings.values()):.2f} s ({steps})"


def base_path_of(base_url: str | None) -> str:
    """The path part of the base URL, '/' or '/REPO/', which the 404 page needs for its links."""
    path = urlsplit(base_url).path if base_url else "/"
    return path if path.endswith("/") else path + "/"


def validate(project: Project) -> Site:
    """Load and validate the content only; raises `ContentError`."""
    return load_site(project.root)


def render_site(project: Project, site: Site, base_url: str | None) -> dict[str, bytes]:
    """Every output file of the site, by its path inside the output folder."""
    env = make_environment(project.templates)
    assets = collect_assets(project.static)
    base_path = base_path_of(base_url or site.config.base_url)
    files: dict[str, bytes] = {}
    for page in plan_pages(site):
        try:
            html = render_page(env, page, site, assets, base_path)
        except jinja2.TemplateError as exc:
            raise ContentError([template_problem(exc, project)]) from exc
        files[page.output_path] = html.encode("utf-8")
    files.update((asset.url, asset.data) for asset in assets.values())
    files[".nojekyll"] = b""
    return files


def build(project: Project, out: Path, base_url: str | None = None) -> BuildReport:
    """Load, plan, render and write the site; on any problem nothing is written."""
    report = BuildReport()
    check_output_dir(out, [project.root, project.content, project.templates, project.static])
    site = report.site = report.step("load", lambda: validate(project))
    files = report.step("render", lambda: render_site(project, site, base_url))
    report.pages = sum(1 for path in files if path.endswith(".html"))
    report.written = report.step("write", lambda: write_site(files, out))
    return report


def template_problem(exc: jinja2.TemplateError, project: Project) -> Problem:
    """Locate a template error at the template file and line, as content problems are."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return Problem(
            display_path(Path(exc.filename), project.root), exc.lineno or 1, 1, f"template error: {exc.message}"
        )
    templates = project.templates.resolve()
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if path.is_absolute() and path.resolve().is_relative_to(templates):
            return Problem(display_path(path, project.root), frame.lineno or 1, 1, f"template error: {exc}")
    return Problem(display_path(project.templates, project.root), 1, 1, f"template error: {exc}")
