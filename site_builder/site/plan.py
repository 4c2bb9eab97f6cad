"""Plan: the site's pages, each a URL, a template and what the template shows. All routing lives here."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import Any
from urllib.parse import urlsplit

from ..loading.model import Event, Named, Site, Source, Tag


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


SECTIONS = {"person": "people", "place": "places"}


def url_for(target: Event | Source | Tag | Named | str) -> str:
    """The site-relative URL of a model object, or of a named section ("sources/", "tags/")."""
    if isinstance(target, Event):
        return f"events/{target.slug}/"
    if isinstance(target, Source):
        return f"sources/{target.id}/"
    if isinstance(target, Tag):
        return f"tags/{target.id}/"
    if isinstance(target, Named):
        return f"{SECTIONS[target.kind]}/{target.slug}/"
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


def _timeline_pages(years: tuple[YearGroup, ...], total: int, tags: tuple[Tag, ...], page_size: int) -> list[Page]:
    """The timeline and its search index: one page, or past `page_size` events one page per year,
    with the home page showing the latest year, so no page grows with the whole archive."""
    span = (years[0].year, years[-1].year) if years else None
    counts = tuple((group.year, len(group.events)) for group in years)
    common = {"total": total, "span": span, "counts": counts, "tags": tags}

    def index(groups: tuple[YearGroup, ...]) -> dict:
        return {"events": tuple(event for group in groups for event in group.events)}

    if total <= page_size:
        return [
            Page("", "timeline.html", common | {"years": years, "paginated": False, "this_year": None}),
            Page("events.json", "events.json", index(years)),
        ]
    latest = years[-1:]
    pages = [
        Page("", "timeline.html", common | {"years": latest, "paginated": True, "this_year": None}),
        Page("events.json", "events.json", index(latest)),
    ]
    for group in years:
        context = common | {"years": (group,), "paginated": True, "this_year": group.year}
        pages.append(Page(f"years/{group.year}/", "timeline.html", context))
        pages.append(Page(f"years/{group.year}/events.json", "events.json", index((group,))))
    return pages


@dataclass(frozen=True)
class NamedGroup:
    """A person or place with every event that names it; spellings that share a slug share a page."""

    named: Named
    events: tuple[Event, ...]


def group_names(events: tuple[Event, ...], kind: str) -> tuple[NamedGroup, ...]:
    """People or places in alphabetical order, each with its events in timeline order."""
    groups: dict[str, tuple[Named, list[Event]]] = {}
    for event in events:
        for named in event.people if kind == "person" else event.places:
            groups.setdefault(named.slug, (named, []))[1].append(event)
    ordered = sorted(groups.values(), key=lambda group: group[0].name.casefold())
    # an event naming someone twice is listed once; identity, because hashing a whole Event is slow
    return tuple(NamedGroup(named, tuple({id(e): e for e in found}.values())) for named, found in ordered)


def search_text(event: Event) -> str:
    """What the timeline's free-text filter searches, folded to lowercase without accents."""
    words = [event.title, event.summary, event.when.human(), *(n.name for n in event.people + event.places)]
    decomposed = unicodedata.normalize("NFKD", " ".join(words).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def index_entry(event: Event) -> dict:
    end = event.when.end or event.when.start
    return {
        "slug": event.slug,
        "start": event.when.year,
        "end": end.year,
        "tags": [tag.id for tag in event.tags],
        "text": search_text(event),
    }


def plan_pages(site: Site, base_url: str | None = None) -> list[Page]:
    """Every page of the site, in a fixed order so the build is deterministic.

    The feed and the sitemap need absolute URLs, so they exist only when the base URL is known.
    """
    events = site.events
    citing: dict[str, list[Event]] = {source.id: [] for source in site.sources}
    tagged: dict[str, list[Event]] = {tag.id: [] for tag in site.tags}
    for event in events:  # one pass, in timeline order, so every list is chronological
        for source_id in dict.fromkeys(citation.source.id for citation in event.citations):
            citing[source_id].append(event)
        for tag in event.tags:
            tagged[tag.id].append(event)
    used_tags = tuple(tag for tag in site.tags if tagged[tag.id])

    years = by_year(events)
    pages = _timeline_pages(years, len(events), used_tags, site.config.timeline_page_size)
    paginated = len(pages) > 2
    for index, event in enumerate(events):
        pages.append(
            Page(
                url_for(event),
                "event.html",
                {
                    "event": event,
                    "previous": events[index - 1] if index > 0 else None,
                    "next": events[index + 1] if index + 1 < len(events) else None,
                    "listed_at": f"years/{event.when.year}/" if paginated else "",
                },
            )
        )
    # Index pages carry only the counts they show, so an edited event does not re-render them.
    counts = {source.id: len(citing[source.id]) for source in site.sources}
    pages.append(Page("sources/", "sources.html", {"sources": site.sources, "counts": counts}))
    pages += [
        Page(url_for(source), "source.html", {"source": source, "events": tuple(citing[source.id])})
        for source in site.sources
    ]
    tag_counts = {tag.id: len(tagged[tag.id]) for tag in used_tags}
    pages.append(Page("tags/", "tags.html", {"tags": used_tags, "counts": tag_counts}))
    pages += [
        Page(url_for(tag), "tag.html", {"tag": tag, "years": by_year(tagged[tag.id]), "count": len(tagged[tag.id])})
        for tag in used_tags
    ]
    for kind, section in SECTIONS.items():
        groups = group_names(events, kind)
        counts = tuple((group.named, len(group.events)) for group in groups)
        pages.append(Page(f"{section}/", "names.html", {"kind": kind, "counts": counts}))
        pages += [
            Page(url_for(group.named), "named.html", {"group": group, "years": by_year(group.events)})
            for group in groups
        ]
    pages.append(Page("404.html", "404.html", {}))
    if base_url:
        listed = tuple(p.url for p in pages if p.output_path.endswith("index.html"))
        pages.append(Page("sitemap.xml", "sitemap.xml", {"urls": listed}))
        newest = tuple(sorted(events, key=lambda e: e.sort_key, reverse=True)[:FEED_SIZE])
        pages.append(Page("feed.xml", "feed.xml", {"events": newest}))
    pages.append(Page("robots.txt", "robots.txt", {}))
    return pages
