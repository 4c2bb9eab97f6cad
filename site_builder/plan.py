"""Plan: the site's pages, each a URL, a template and what the template shows. All routing lives here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import Any
from urllib.parse import urlsplit

from .model import Event, Site, Source, Tag


@dataclass(frozen=True)
class Page:
    url: str  # relative to the site root: "" is the home page; folders end in "/"
    template: str
    context: Mapping[str, Any]

    @property
    def output_path(self) -> str:
        """The file a host serves for the URL: folders are answered by their index.html."""
        return self.url + "index.html" if self.url == "" or self.url.endswith("/") else self.url

    @property
    def depth(self) -> int:
        return self.url.count("/")


def url_for(target: Event | Source | Tag | str) -> str:
    """The site-relative URL of a model object, or of a named section ("sources/", "tags/")."""
    if isinstance(target, Event):
        return f"events/{target.slug}/"
    if isinstance(target, Source):
        return f"sources/{target.id}/"
    if isinstance(target, Tag):
        return f"tags/{target.id}/"
    return target


def normalise_base_url(url: str | None) -> str | None:
    """The public URL of the site's root, ending in a slash so page URLs append to it."""
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


def base_path_of(base_url: str | None) -> str:
    """The path part of the base URL, '/' or '/REPO/': what a page served at any depth links from."""
    path = urlsplit(base_url).path if base_url else "/"
    return path if path.endswith("/") else path + "/"


FEED_SIZE = 50  # the most recent events a feed reader is offered


@dataclass(frozen=True)
class YearGroup:
    year: int
    events: tuple[Event, ...]


def by_year(events: Iterable[Event]) -> tuple[YearGroup, ...]:
    return tuple(YearGroup(year, tuple(group)) for year, group in groupby(events, key=lambda e: e.when.year))


def plan_pages(site: Site, base_url: str | None = None) -> list[Page]:
    """Every page of the site, in a fixed order so the build is deterministic.

    The feed and the sitemap need absolute URLs, so they exist only when the base URL is known.
    """
    events = site.events
    citing = {
        source.id: tuple(e for e in events if any(c.source == source for c in e.citations)) for source in site.sources
    }
    tagged = {tag.id: tuple(e for e in events if tag in e.tags) for tag in site.tags}
    used_tags = tuple(tag for tag in site.tags if tagged[tag.id])

    pages = [Page("", "timeline.html", {"years": by_year(events), "events": events, "tags": used_tags})]
    for index, event in enumerate(events):
        pages.append(
            Page(
                url_for(event),
                "event.html",
                {
                    "event": event,
                    "previous": events[index - 1] if index > 0 else None,
                    "next": events[index + 1] if index + 1 < len(events) else None,
                },
            )
        )
    # Index pages carry only the counts they show, so an edited event does not re-render them.
    counts = {source.id: len(citing[source.id]) for source in site.sources}
    pages.append(Page("sources/", "sources.html", {"sources": site.sources, "counts": counts}))
    pages += [
        Page(url_for(source), "source.html", {"source": source, "events": citing[source.id]}) for source in site.sources
    ]
    tag_counts = {tag.id: len(tagged[tag.id]) for tag in used_tags}
    pages.append(Page("tags/", "tags.html", {"tags": used_tags, "counts": tag_counts}))
    pages += [
        Page(url_for(tag), "tag.html", {"tag": tag, "years": by_year(tagged[tag.id]), "count": len(tagged[tag.id])})
        for tag in used_tags
    ]
    pages.append(Page("404.html", "404.html", {}))
    if base_url:
        pages.append(Page("sitemap.xml", "sitemap.xml", {"urls": tuple(p.url for p in pages if p.url != "404.html")}))
        newest = tuple(sorted(events, key=lambda e: e.sort_key, reverse=True)[:FEED_SIZE])
        pages.append(Page("feed.xml", "feed.xml", {"events": newest}))
    pages.append(Page("robots.txt", "robots.txt", {}))
    return pages
