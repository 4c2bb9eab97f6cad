"""Render: pages to HTML strings with Jinja2 (autoescaped) and Markdown. No I/O beyond loading templates.

Whatever goes wrong in a template, at load or at render, comes out as a `ContentError` located at
the template file and line, as content problems are; only a fault in the builder's own code keeps
its traceback.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..errors import ContentError, Problem
from ..loading.dates import PartialDate, year_name, years_name
from ..loading.history import FileDates
from ..loading.model import Event, Site, SiteConfig, Source
from ..project import is_input_file
from ..urls import base_path_of
from .assets import Asset
from .exports import event_data, site_json, source_data, to_json
from .images import ShareImage
from .markdown import MarkdownCache
from .open_data import (
    Entry,
    PictureSizes,
    Updated,
    calendar_entry,
    csv_row,
    events_csv,
    events_ics,
    feed_json,
    timeline_json,
    timeline_slide,
)
from .plan import (
    DATA,
    EVENTS_CSV,
    EVENTS_ICS,
    NAV,
    SEARCH_INDEX,
    TIMELINE_DATA,
    Page,
    feed_url,
    json_feed_url,
    url_for,
    year_anchor,
)
from .search import index_entry, search_text

CARD_TEMPLATE = "_card.html"
_BUILDER_CODE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def event_json_ld(
    event: Event, base_url: str | None, dates: FileDates | None = None, image: ShareImage | None = None
) -> dict[str, Any]:
    """schema.org data for an event page: an Article about a moment in the past, citing its news articles.

    Not an `Event`: search engines read those as things to attend, and flag one without a venue's
    address; a page about a past happening is an article whose `temporalCoverage` is the happening's date.
    """

    def article(source: Source) -> dict[str, Any]:
        # schema.org has no way to say "probably": an inferred publisher, author or date is left out
        # rather than stated as fact to search engines. An approximate date is left out for the same reason.
        inferred = source.inferred
        publisher = source.publisher if "publisher" not in inferred else None
        author = source.author if "author" not in inferred else None
        dated = "published" not in inferred and not source.published_circa
        optional = {
            "publisher": {"@type": "Organization", "name": publisher} if publisher else None,
            "headline": source.title,
            "url": source.url,
            "datePublished": source.published.iso() if source.published and dated else None,
            "author": {"@type": "Person", "name": author} if author else None,
        }
        return {"@type": "NewsArticle"} | {key: value for key, value in optional.items() if value}

    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": event.title,
        "description": event.summary,
        "temporalCoverage": event.when.iso(),
        "citation": [article(source) for source, _ in event.quotes_by_source()],
    }
    mentioned = [{"@type": "Person", "name": person.name} for person in event.people]
    mentioned += [{"@type": "Place", "name": place.name} for place in event.places]
    if mentioned:
        data["mentions"] = mentioned
    if event.tags:
        data["keywords"] = [tag.label for tag in event.tags]
    if dates is not None:
        data["datePublished"] = dates.added.iso()
        data["dateModified"] = dates.changed.iso()
    if base_url:
        data["url"] = base_url + url_for(event)
        if image is not None:  # articles are shown with a picture in search results
            data["image"] = base_url + image.url
    return data


def atom_date(date: PartialDate) -> str:
    # RFC 3339 has no years BCE: an ancient event is dated at the earliest moment it can write.
    return "{:04d}-{:02d}-{:02d}T00:00:00Z".format(*(date.first_day() if not date.is_bce else (1, 1, 1)))


def entry_updated(event: Event, dates: FileDates | None) -> str:
    """When a feed entry last changed, as Atom writes it: its file's last commit or its latest
    correction, whichever is later; without git history, the correction or the event's own date
    (never the clock)."""
    corrections = [atom_date(correction.date) for correction in event.corrections]
    if dates is not None:
        return max([dates.changed.iso(), *corrections])
    return max(corrections, default=atom_date(event.when.start))


def feed_updated(entries: Iterable[tuple[Event, FileDates | None]]) -> str:
    """The feed's own date: its latest entry's, so the same content and history give the same feed."""
    return max((entry_updated(event, dates) for event, dates in entries), default="1970-01-01T00:00:00Z")


def claim_letter(number: int) -> str:
    """The letter that names the `number`-th claim resting on one quote: a … z, then aa, ab, …"""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, target: Any = "") -> str:
    """A link from the page being rendered to a model object, a page or a planned URL; none is the home page."""
    return str(context["root"]) + url_for(target)


@jinja2.pass_context
def _absolute(context: jinja2.runtime.Context, target: Any = "") -> str:
    """The public URL of a page, for the few places a standard asks for one (canonical, feed, sitemap)."""
    if not context["base_url"]:
        raise jinja2.TemplateRuntimeError("absolute URLs need a base URL: guard with {% if base_url %}")
    return str(context["base_url"]) + url_for(target)


@jinja2.pass_context
def _asset(context: jinja2.runtime.Context, name: str) -> str:
    assets: dict[str, Asset] = context["assets"]
    if name not in assets:
        raise jinja2.TemplateRuntimeError(f"asset '{name}' is not in static/")
    return str(context["root"]) + assets[name].url


def _is_template(name: str) -> bool:
    """Templates follow the project's one input-file rule, so editor litter is never compiled."""
    *folders, _ = name.split("/")
    return not any(folder.startswith(".") for folder in folders) and is_input_file(Path(name))


def make_environment(template_folders: Sequence[Path], markdown: MarkdownCache) -> jinja2.Environment:
    """The Jinja environment with every template compiled; raises `ContentError` listing every syntax error.

    A template is read from the first of `template_folders` that holds it: the project's own, then the defaults.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_folders),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        cache_size=-1,  # every template stays compiled: a template edit makes a new environment
        auto_reload=False,
    )
    env.filters["markdown"] = markdown.html
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}
    env.globals["json_ld"] = event_json_ld
    env.globals["search_index"] = lambda events: [index_entry(event) for event in events]
    env.globals.update(link=_link, absolute=_absolute, asset=_asset)
    env.globals.update(entry_updated=entry_updated, feed_updated=feed_updated)
    env.globals["claim_letter"] = claim_letter
    env.globals.update(timeline_json=timeline_json, events_csv=events_csv, events_ics=events_ics, feed_json=feed_json)
    env.globals.update(year_name=year_name, years_name=years_name, year_anchor=year_anchor)
    folders = _TemplateFolders(template_folders)
    problems = []
    for name in env.list_templates(filter_func=_is_template):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            shown = folders.shown(exc.filename) or folders.display(name)
            problems.append(Problem(shown, exc.lineno or 1, 1, f"template error: {exc.message}"))
        except UnicodeDecodeError:
            problems.append(Problem(folders.display(name), 1, 1, "template error: not UTF-8 text"))
    if problems:
        raise ContentError(problems)
    return env


class _TemplateFolders:
    """Template files as the curator can open them: the project's own relative to the project
    (templates/_card.html), a default one by its full path."""

    def __init__(self, folders: Sequence[Path]):
        self.paths = [os.path.normpath(folder) for folder in folders]  # as the loader spells the files it reads

    def _shown(self, folder: str, name: str) -> str:
        if folder == self.paths[0]:
            return f"{os.path.basename(folder)}/{name}"
        return Path(folder, name).as_posix()

    def display(self, name: str) -> str:
        """The file the loader reads the template `name` from."""
        folder = next((path for path in self.paths if os.path.isfile(os.path.join(path, name))), self.paths[0])
        return self._shown(folder, name)

    def shown(self, filename: str | None) -> str | None:
        """A file the loader read, as the curator can open it; None for a file outside the folders."""
        if not filename:
            return None
        filename = os.path.normpath(filename)
        for folder in self.paths:
            if filename.startswith(folder + os.sep):
                return self._shown(folder, Path(os.path.relpath(filename, folder)).as_posix())
        return None

    def problem(self, exc: Exception, template: str) -> Problem | None:
        """Where in the templates `exc` was raised: the innermost template frame, else `template` at line 1.

        None when the exception is not the template's fault: raised from the builder's own code
        without being a Jinja error, it is a bug to show with its traceback.
        """
        if isinstance(exc, jinja2.TemplateSyntaxError):  # a template first loaded while rendering
            shown = self.shown(exc.filename) or self.display(template)
            return Problem(shown, exc.lineno or 1, 1, f"template error: {exc.message}")
        shown, line = self.display(template), 1
        frames = traceback.extract_tb(exc.__traceback__)
        called: list[traceback.FrameSummary] = frames  # the frames below the innermost template frame
        for index, frame in enumerate(frames):
            if found := self.shown(frame.filename):
                shown, line, called = found, frame.lineno or 1, frames[index + 1 :]
        from_builder = any(os.path.abspath(frame.filename).startswith(_BUILDER_CODE) for frame in called)
        if from_builder and not isinstance(exc, jinja2.TemplateError):
            return None
        return Problem(shown, line, 1, f"template error: {_describe(exc)}")


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"no template named '{exc.name}'"
    if isinstance(exc, jinja2.TemplateError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def page_root(page: Page, base_url: str | None) -> str:
    """The prefix that leads from a page back to the site root.

    Relative, so the site works under any path; a page served at any path (the 404 page) uses
    the absolute base path instead.
    """
    if page.served_at_any_path:
        return base_path_of(base_url)
    return "../" * page.depth or "./"


# The templates of files joined from every event's part (kept in `cards` by `kept` below): they render
# in the building process, so the parts outlive a pool of workers.
JOINING_TEMPLATES = frozenset({"data.json", "timeline.json", "events.csv", "events.ics", "events.json"})


class Renderer:
    """Renders the pages of one build: shared values bound once, event cards rendered once per depth,
    each event's part of data.json, timeline.json, events.csv, events.ics and the search index written once."""

    def __init__(
        self,
        env: jinja2.Environment,
        site: Site,
        assets: dict[str, Asset],
        base_url: str | None,
        cards: dict[tuple[str, str], Markup],
    ):
        """`cards` maps (event origin, root) to a rendered card, (event origin, DATA) to the event's
        part of data.json, and likewise for its slide, CSV row, search words and calendar entry (whose
        key holds its git dates too) and for each source's part of data.json; it may outlive this
        renderer while the templates, static files, site.yaml and base URL stay the same. An event's
        origin covers its file, its sources' files and archives, its tags and its pictures, so an
        event whose part would read differently has another key."""
        self.env = env
        loader = env.loader
        assert isinstance(loader, jinja2.FileSystemLoader), "made by make_environment"
        self.templates = _TemplateFolders([Path(folder) for folder in loader.searchpath])
        self.base_url = base_url
        self.shared: dict[str, Any] = {
            "site": site.config,
            "assets": assets,
            "base_url": base_url,
            "nav": NAV,
            "feed": feed_url(base_url),
            "data_url": DATA,
            "json_feed": json_feed_url(base_url),
            "timeline_data_url": TIMELINE_DATA,
            "csv_url": EVENTS_CSV,
            "calendar_url": EVENTS_ICS,
        }

        @jinja2.pass_context
        def card(context: jinja2.runtime.Context, event: Event) -> Markup:
            root = context["root"]
            if not event.origin:  # an event not read from a file has no identity to cache it by
                return self._card(event, root)
            key = (event.origin, root)
            if key not in cards:
                cards[key] = self._card(event, root)
            return cards[key]

        def kept(item: Event | Source, name: str, write: Callable[[], str]) -> str:
            """The event's or source's part `name`, written once while its origin stays the same."""
            if not item.origin:
                return write()
            key = (item.origin, name)
            if key not in cards:
                cards[key] = Markup(write())
            return cards[key]

        def event_json(event: Event) -> str:
            return kept(event, DATA, lambda: to_json(event_data(event)))

        def source_json(source: Source) -> str:
            return kept(source, DATA, lambda: to_json(source_data(source)))

        # The template passes the arguments again: a part is kept only when they are the ones it is kept for.
        def timeline(site: SiteConfig, events: Iterable[Event], url: str | None, renditions: PictureSizes) -> str:
            if url != base_url or renditions is not env.globals.get("renditions"):
                return timeline_json(site, events, url, renditions)

            def slide(event: Event) -> str:
                return kept(event, TIMELINE_DATA, lambda: timeline_slide(event, url, renditions))

            return timeline_json(site, events, url, renditions, slide)

        def spreadsheet(events: Iterable[Event], url: str | None) -> str:
            if url != base_url:
                return events_csv(events, url)
            return events_csv(events, url, lambda event: kept(event, EVENTS_CSV, lambda: csv_row(event, url)))

        def calendar(site: SiteConfig, entries: Iterable[Entry], url: str | None, updated: Updated) -> str:
            if url != base_url or site is not self.shared["site"] or updated is not env.globals.get("entry_updated"):
                return events_ics(site, entries, url, updated)

            def vevent(event: Event, dates: FileDates | None) -> str:
                # DTSTAMP is `updated(event, dates)`: the same for the same event and git dates.
                name = f"{EVENTS_ICS} {dates.added.seconds} {dates.changed.seconds}" if dates else EVENTS_ICS
                return kept(event, name, lambda: calendar_entry(site, event, url, updated(event, dates)))

            return events_ics(site, entries, url, updated, vevent)

        def search_entry(event: Event) -> dict[str, Any]:
            return index_entry(event, kept(event, SEARCH_INDEX, lambda: search_text(event)))

        def search_index(events: Iterable[Event]) -> list[dict[str, Any]]:
            return [search_entry(event) for event in events]

        self.shared["card"] = card
        self.shared["site_json"] = lambda events, sources, tags: site_json(
            events, sources, tags, event_json, source_json
        )
        self.shared.update(timeline_json=timeline, events_csv=spreadsheet, events_ics=calendar)
        self.shared["search_index"] = search_index

    def _card(self, event: Event, root: str) -> Markup:
        return Markup(self.env.get_template(CARD_TEMPLATE).render(self.shared, event=event, root=root))

    def render(self, page: Page) -> str:
        """One page as text; raises `ContentError` located in the templates when a template fails."""
        if page.template is None:
            return page.text
        try:
            template = self.env.get_template(page.template)
            return template.render(page.context, **self.shared, page=page, root=page_root(page, self.base_url))
        except Exception as exc:
            problem = self.templates.problem(exc, page.template)
            if problem is None:
                raise
            raise ContentError([problem]) from exc
