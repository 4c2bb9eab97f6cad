"""Render: pages to HTML strings with Jinja2 (autoescaped) and Markdown. No I/O beyond loading templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..loading.model import Event, Site, Source
from .assets import Asset
from .markdown import MarkdownCache
from .plan import Page, base_path_of, index_entry, url_for


def event_json_ld(event: Event, base_url: str | None) -> dict:
    """schema.org data for an event page: the Event, with each cited article as a NewsArticle about it."""

    def article(source: Source) -> dict:
        data = {"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": source.publisher}}
        optional = {
            "headline": source.title,
            "url": source.url,
            "datePublished": source.published.iso() if source.published else None,
            "author": {"@type": "Person", "name": source.author} if source.author else None,
        }
        return data | {key: value for key, value in optional.items() if value}

    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.when.start.iso(),
        "description": event.summary,
        "subjectOf": [article(source) for source, _ in event.quotes_by_source()],
    }
    if event.when.end:
        data["endDate"] = event.when.end.iso()
    if event.places:
        data["location"] = [{"@type": "Place", "name": place.name} for place in event.places]
    if event.people:
        data["attendee"] = [{"@type": "Person", "name": person.name} for person in event.people]
    if base_url:
        data["url"] = base_url + url_for(event)
    return data


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, target: Any = "") -> str:
    """A link from the page being rendered to a model object or a site-relative URL."""
    return context["root"] + url_for(target)


@jinja2.pass_context
def _absolute(context: jinja2.runtime.Context, target: Any = "") -> str:
    """The public URL of a page, for the few places a standard asks for one (canonical, feed, sitemap)."""
    if not context["base_url"]:
        raise jinja2.TemplateRuntimeError("absolute URLs need a base URL: guard with {% if base_url %}")
    return context["base_url"] + url_for(target)


@jinja2.pass_context
def _asset(context: jinja2.runtime.Context, name: str) -> str:
    assets: dict[str, Asset] = context["assets"]
    if name not in assets:
        raise jinja2.TemplateRuntimeError(f"asset '{name}' is not in static/")
    return context["root"] + assets[name].url


def make_environment(templates_dir: Path, markdown: MarkdownCache) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = markdown.html
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}
    env.globals["json_ld"] = event_json_ld
    env.globals["search_index"] = lambda events: [index_entry(event) for event in events]
    env.globals.update(link=_link, absolute=_absolute, asset=_asset)
    env.filters["atom_date"] = lambda date: "{:04d}-{:02d}-{:02d}T00:00:00Z".format(*date.first_day())
    return env


def page_root(page: Page, base_url: str | None) -> str:
    """The prefix that leads from a page back to the site root.

    Relative everywhere, so the site works under any path; the 404 page is served at any depth,
    so it alone uses the absolute base path.
    """
    if page.template == "404.html":
        return base_path_of(base_url)
    return "../" * page.depth or "./"


class Renderer:
    """Renders the pages of one build: shared values bound once, event cards rendered once per depth."""

    def __init__(
        self,
        env: jinja2.Environment,
        site: Site,
        assets: dict[str, Asset],
        base_url: str | None,
        cards: dict[tuple[str, str], Markup],
    ):
        """`cards` maps (event origin, root) to a rendered card; it may outlive this renderer while
        the templates, static files and site.yaml stay the same."""
        self.env = env
        self.shared = {"site": site.config, "assets": assets, "base_url": base_url}
        self.base_url = base_url
        card_template = env.get_template("_card.html")

        @jinja2.pass_context
        def card(context: jinja2.runtime.Context, event: Event) -> Markup:
            key = (event.origin or str(id(event)), context["root"])
            if key not in cards:
                cards[key] = Markup(card_template.render(self.shared, event=event, root=context["root"]))
            return cards[key]

        self.shared["card"] = card

    def render(self, page: Page) -> str:
        """One page as text."""
        template = self.env.get_template(page.template)
        return template.render(page.context, **self.shared, page=page, root=page_root(page, self.base_url))
