"""The build's middle steps, kept in memory between builds: load, plan, fingerprint, render.

`SiteBuilder` runs them again and again for one project (the command line once, `serve` after
every save) and keeps what they learnt, so each build redoes only what changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import jinja2
from markupsafe import Markup

from .build import BuildResult, Sink, Steps
from .hashing import digest, fingerprint
from .loading.content import load_site
from .loading.filecache import FileCache
from .loading.history import History, read_history
from .loading.model import Event, Site
from .parallel import default_jobs, iterate_pages, map_pages
from .project import Project
from .publishing.cache import BuildState, ImageCache, PartStore, load_markdown, save_markdown
from .site.assets import Asset, collect_assets
from .site.images import Media, make_media
from .site.incremental import PageRecord, RenderWork, pages_to_render, shared_fingerprint
from .site.markdown import MarkdownCache, convert_markdown
from .site.plan import Page, plan_pages
from .site.render import JOINING_TEMPLATES, Renderer, make_environment
from .urls import normalise_base_url

MARKDOWN_WORTH_READING = 32  # conversions missing before the stored ones are worth unpickling


class SiteBuilder:
    """Runs the load-to-render steps again and again for one project, redoing only what changed.

    Between builds it keeps the parsed files, the Markdown conversions, the compiled templates
    and each page's input fingerprint; with a `cache_dir` these survive the process too.
    """

    def __init__(
        self,
        project: Project,
        base_url: str | None = None,
        jobs: int | None = None,
        cache_dir: Path | None = None,
        state: BuildState | None = None,
    ):
        self.project = project
        self.base_url = base_url
        self.jobs = jobs or default_jobs()
        self.cache_dir = cache_dir
        state = state if state is not None else BuildState.load(cache_dir)
        self.files = FileCache(dict(state.parsed), dict(state.digests))
        self.markdown = MarkdownCache()
        self._markdown_read = False  # whether the stored conversions have been merged in
        self._markdown_added = 0
        self._shared = state.shared
        self._pages: dict[str, PageRecord] = dict(state.pages)
        self._outputs: dict[str, str] = dict(state.outputs)
        self._changed_since_saved = not state.outputs  # nothing stored yet: the first save writes
        self._site: Site | None = None
        self._env: jinja2.Environment | None = None
        self._assets: dict[str, Asset] = {}
        self._cards: dict[tuple[str, str], Markup] = {}
        self._parts = PartStore(cache_dir) if cache_dir is not None else None
        self._cards_read = False  # whether the stored parts have been merged into `_cards`
        self._images = ImageCache(cache_dir) if cache_dir is not None else None
        self._media: Media | None = None
        self._history = History()  # read again only when a commit moves the head

    def forget(self, paths: Iterable[Path]) -> None:
        """Re-read these files at the next build, whatever their timestamps say."""
        self.files.forget(paths)

    def assume_output(self, manifest: Mapping[str, str]) -> None:
        """Build against what an output folder really holds, if it is not what this builder last made."""
        if manifest != self._outputs:
            self._outputs = dict(manifest)
            self._pages = {}

    def build(self, sink: Sink | None = None, steps: Steps | None = None) -> BuildResult:
        """Load, plan and render, sending each changed file to `sink(path, bytes, digest)`.

        Raises `ContentError` on any problem and keeps the previous state for the next build.
        Without a sink the changed files are rendered and counted but not kept.
        """
        steps = steps or Steps()
        misses = self.files.misses
        site = steps.run("load", load_site, self.project.root, self.files, self.jobs)
        base_url = steps.run("base URL", normalise_base_url, self.base_url or site.config.base_url)
        self._history = steps.run("history", read_history, self.project.root, self._history)
        pages = steps.run("plan", plan_pages, site, base_url, self._history)
        media = steps.run("images", self._make_media, site, base_url, sink or _discard)
        work = steps.run("fingerprint", self._fingerprint, site, pages, base_url, media)
        outputs, changed = steps.run("render", self._render, site, work, base_url, sink or _discard, media)
        removed = frozenset(self._outputs.keys() - outputs.keys())
        self._changed_since_saved |= bool(work.todo or removed) or self.files.misses != misses
        self._outputs = outputs
        self._site = site
        self._media = media
        return BuildResult(
            site, dict(outputs), frozenset(changed), removed, len(work.todo), len(pages), base_url, steps.timings
        )

    def save(self) -> None:
        """Keep what this builder knows in the cache folder, if anything changed since it was read."""
        if self.cache_dir is None or self._site is None:
            return
        if self._changed_since_saved:
            state = BuildState(self.files.results, self.files.digests, self._shared, self._pages, self._outputs)
            state.save(self.cache_dir)
            self._changed_since_saved = False
        if self._markdown_added:
            self._read_stored_markdown()
            self.markdown.keep(event.body for event in self._site.events if event.body)
            save_markdown(self.cache_dir, self.markdown.stored())
            self._markdown_added = 0
        if self._parts is not None and self._cards_read:
            self._parts.write(self._shared or "", self._cards)
        if self._images is not None and self._media is not None:
            # what this build made no cards for (built without a base URL) is left for the next that does
            kinds = ("picture-", "card-") if self._media.site_card else ("picture-",)
            self._images.keep_only(self._media.cached, kinds)

    def _make_media(self, site: Site, base_url: str | None, sink: Sink) -> Media:
        """Every picture and share card, each made only if neither the output nor the cache holds it."""
        return make_media(site, base_url, self.project.content, self._images, self._outputs, sink, self.jobs)

    def _fingerprint(self, site: Site, pages: list[Page], base_url: str | None, media: Media) -> RenderWork:
        # the files templates and pages can reach: a default a project's own file replaces is not among them
        files = [
            (f"{kind}/{name}", path)
            for kind, folders in (("templates", self.project.template_folders), ("static", self.project.static_folders))
            for name, path in self.project.layered_files(folders).items()
        ]
        # Pages name pictures and cards by URL, and those change with the encoders and the card fonts.
        shared = fingerprint((shared_fingerprint(files, self.files.digest_of, site.config, base_url), media.version))
        if shared != self._shared or self._env is None:
            self._env = make_environment(self.project.template_folders, self.markdown)
            self._assets = collect_assets(self.project)
            self._cards = {}
            self._cards_read = False
            if shared != self._shared:
                self._pages = {}
            self._shared = shared
        return pages_to_render(pages, shared, self._pages)

    def _render(
        self, site: Site, work: RenderWork, base_url: str | None, sink: Sink, media: Media
    ) -> tuple[dict[str, str], set[str]]:
        assert self._env is not None  # made by _fingerprint
        self._convert_markdown(page for page, _ in work.todo)
        if work.todo and not self._cards_read:
            self._read_stored_parts()
        self._env.globals.update(renditions=media.renditions, share_image=media.share_image)
        renderer = Renderer(self._env, site, self._assets, base_url, self._cards)
        outputs = {path: record[1] for path, record in work.kept.items()} | dict(media.outputs)
        records: dict[str, PageRecord] = dict(work.kept)
        changed: set[str] = set(media.changed)

        def deliver(path: str, data: bytes) -> str:
            outputs[path] = digest(data)
            if self._outputs.get(path) != outputs[path]:
                sink(path, data, outputs[path])
                changed.add(path)
            return outputs[path]

        pages = [page for page, _ in work.todo]
        try:
            rendered = iterate_pages(
                lambda page: renderer.render(page).encode("utf-8"), pages, self.jobs, here=_joins_every_event
            )
            for (page, inputs), data in zip(work.todo, rendered, strict=True):
                records[page.output_path] = (inputs, deliver(page.output_path, data))
        except BaseException:
            self._env = None  # start from a fresh environment next time, whatever the templates hold
            raise
        for asset in self._assets.values():
            deliver(asset.url, asset.data)
        self._pages = records
        # parts of events and sources edited away are never asked for again: a long `serve` must not hoard them
        origins = {event.origin for event in site.events} | {source.origin for source in site.sources}
        for key in [key for key in self._cards if key[0] not in origins]:
            del self._cards[key]
        return outputs, changed

    def _convert_markdown(self, pages: Iterable[Page]) -> None:
        """Convert the bodies the pages about to render show, spread over processes, once each."""
        bodies = [event.body for page in pages if isinstance(event := page.context.get("event"), Event) and event.body]
        missing = self.markdown.missing(bodies)
        if len(missing) > MARKDOWN_WORTH_READING:
            self._read_stored_markdown()
            missing = self.markdown.missing(missing)
        html = map_pages(lambda body: convert_markdown(body).encode(), missing, self.jobs)
        self.markdown.add({body: text.decode() for body, text in zip(missing, html, strict=True)})
        self._markdown_added += len(missing)

    def _read_stored_parts(self) -> None:
        """Merge in the parts an earlier process rendered under the same templates, site.yaml and base URL."""
        if self._parts is not None and self._shared is not None:
            self._cards = self._parts.read(self._shared) | self._cards
        self._cards_read = True

    def _read_stored_markdown(self) -> None:
        if not self._markdown_read:
            self.markdown.merge(load_markdown(self.cache_dir))
            self._markdown_read = True


def _joins_every_event(page: Page) -> bool:
    return page.template in JOINING_TEMPLATES


def _discard(path: str, data: bytes, data_digest: str) -> None:
    """A sink for builds that only count what would change."""
