"""Plan: the site's pages, each a URL, a template and what the template shows. All routing lives here."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from ..loading.history import History
from ..loading.model import Event, Named, Site, Source, Tag


@dataclass(frozen=True)
class Page:
    """One output file: rendered from `template` with `context`, or, without a template, fixed `text`."""

    url: str  # relative to the site root: "" is the home page; folders end in "/"
    template: str | None
    context: Mapping[str, Any] = field(default_factory=dict)
    text: str = ""  # the whole file, for outputs no template author should be able to break
    # Served in place of any missing URL, at any depth: its links start from the base path, and it
    # has no address of its own to name as canonical.
    served_at_any_path: bool = False

    @property
    def output_path(self) -> str:
        """The file a host serves for the URL: folders are answered by their index.html."""
        return self.url + "index.html" if self.url == "" or self.url.endswith("/") else self.url

    @property
    def depth(self) -> int:
        return self.url.count("/")


@dataclass(frozen=True)
class Section:
    """An index page of the site, named as the masthead and the breadcrumbs name it."""

    label: str
    url: str


TIMELINE = Section("Timeline", "")
TOPICS = Section("Topics", "tags/")
PEOPLE = Section("People", "people/")
PLACES = Section("Places", "places/")
SOURCES = Section("Sources", "sources/")
NAV = (TIMELINE, TOPICS, PEOPLE, PLACES, SOURCES)  # the masthead's links, in order
NAMED_SECTIONS = {"person": PEOPLE, "place": PLACES}

SEARCH_INDEX = "events.json"  # beside each timeline page, listing the events it shows
DATA = "data.json"  # the whole timeline as data, linked from every page's footer
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
FEED_SIZE = 50  # the most recent events a feed reader is offered


def url_for(target: Event | Source | Tag | Named | Section | Page | str) -> str:
    """The site-relative URL of a model object, a section or a page; a string is taken as a planned URL."""
    if isinstance(target, Event):
        return f"events/{target.slug}/"
    if isinstance(target, Source):
        return f"sources/{target.id}/"
    if isinstance(target, Tag):
        return f"tags/{target.id}/"
    if isinstance(target, Named):
        return f"{NAMED_SECTIONS[target.kind].url}{target.slug}/"
    if isinstance(target, Section | Page):
        return target.url
    return target


def year_url(year: int) -> str:
    return f"years/{year}/"


def feed_url(base_url: str | None) -> str | None:
    """The feed's URL, when there is one: its entries need absolute URLs, so only with a base URL."""
    return FEED if base_url else None


@dataclass(frozen=True)
class YearGroup:
    year: int
    events: tuple[Event, ...]


@dataclass(frozen=True)
class YearLink:
    """A year in the timeline's year list: its own page when the timeline is split, else None."""

    year: int
    count: int
    url: str | None


def by_year(events: Iterable[Event]) -> tuple[YearGroup, ...]:
    return tuple(YearGroup(year, tuple(group)) for year, group in groupby(events, key=lambda e: e.when.year))


def _timeline_pages(years: tuple[YearGroup, ...], total: int, tags: tuple[Tag, ...], paginated: bool) -> list[Page]:
    """The timeline and its search index: one page, or when paginated one page per year, with the
    home page showing the latest year, so no page grows with the whole archive."""
    span = (years[0].year, years[-1].year) if years else None
    year_links = tuple(YearLink(g.year, len(g.events), year_url(g.year) if paginated else None) for g in years)
    common = {"total": total, "span": span, "year_links": year_links, "tags": tags, "paginated": paginated}

    def timeline(url: str, groups: tuple[YearGroup, ...], this_year: int | None) -> list[Page]:
        index_url = url + SEARCH_INDEX
        context = common | {"years": groups, "this_year": this_year, "index_url": index_url}
        return [
            Page(url, "timeline.html", context),
            Page(index_url, "events.json", {"events": tuple(event for group in groups for event in group.events)}),
        ]

    if not paginated:
        return timeline(TIMELINE.url, years, None)
    pages = timeline(TIMELINE.url, years[-1:], None)
    for group in years:
        pages += timeline(year_url(group.year), (group,), group.year)
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
    # an event naming someone twice is listed once; by slug, because hashing a whole Event is slow
    return tuple(NamedGroup(named, tuple({e.slug: e for e in found}.values())) for named, found in ordered)


def search_text(event: Event) -> str:
    """What the timeline's free-text filter searches, folded to lowercase without accents."""
    words = [event.title, event.summary, event.when.human(), *(n.name for n in event.people + event.places)]
    decomposed = unicodedata.normalize("NFKD", " ".join(words).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def index_entry(event: Event) -> dict[str, Any]:
    end = event.when.end or event.when.start
    return {
        "slug": event.slug,
        "start": event.when.year,
        "end": end.year,
        "tags": [tag.id for tag in event.tags],
        "text": search_text(event),
    }


def plan_pages(site: Site, base_url: str | None = None, history: History | None = None) -> list[Page]:
    """Every page of the site, in a fixed order so the build is deterministic.

    The feed and the sitemap need absolute URLs, so they exist only when the base URL is known.
    `history` dates the event pages, the feed's entries and the sitemap, when git has them.
    """
    history = history or History()
    events = site.events
    citing: dict[str, list[Event]] = {source.id: [] for source in site.sources}
    tagged: dict[str, list[Event]] = {tag.id: [] for tag in site.tags}
    for event in events:  # one pass, in timeline order, so every list is chronological
        for source_id in dict.fromkeys(citation.source.id for citation in event.citations):
            citing[source_id].append(event)
        for tag in event.tags:
            tagged[tag.id].append(event)
    used_tags = tuple(tag for tag in site.tags if tagged[tag.id])

    paginated = len(events) > site.config.timeline_page_size
    pages = _timeline_pages(by_year(events), len(events), used_tags, paginated)
    for index, event in enumerate(events):
        pages.append(
            Page(
                url_for(event),
                "event.html",
                {
                    "event": event,
                    "previous": events[index - 1] if index > 0 else None,
                    "next": events[index + 1] if index + 1 < len(events) else None,
                    "listed_at": year_url(event.when.year) if paginated else TIMELINE.url,
                    "dates": history.of(event.slug),
                },
            )
        )
    # Index pages carry only the counts they show, so an edited event does not re-render them.
    counts = {source.id: len(citing[source.id]) for source in site.sources}
    pages.append(Page(SOURCES.url, "sources.html", {"sources": site.sources, "counts": counts}))
    pages += [
        Page(url_for(source), "source.html", {"source": source, "events": tuple(citing[source.id]), "up": SOURCES})
        for source in site.sources
    ]
    tag_counts = {tag.id: len(tagged[tag.id]) for tag in used_tags}
    pages.append(Page(TOPICS.url, "tags.html", {"tags": used_tags, "counts": tag_counts}))
    pages += [
        Page(
            url_for(tag),
            "tag.html",
            {"tag": tag, "years": by_year(tagged[tag.id]), "count": len(tagged[tag.id]), "up": TOPICS},
        )
        for tag in used_tags
    ]
    for kind, section in NAMED_SECTIONS.items():
        groups = group_names(events, kind)
        named_counts = tuple((group.named, len(group.events)) for group in groups)
        pages.append(Page(section.url, "names.html", {"kind": kind, "section": section, "counts": named_counts}))
        pages += [
            Page(url_for(group.named), "named.html", {"group": group, "years": by_year(group.events), "up": section})
            for group in groups
        ]
    pages.append(Page("404.html", "404.html", {"sources": SOURCES}, served_at_any_path=True))
    pages.append(Page(DATA, "data.json", {"events": events, "sources": site.sources, "tags": used_tags}))
    if base_url:
        listed = tuple(p.url for p in pages if p.output_path.endswith("index.html"))
        changed = {url_for(event): dates.changed for event in events if (dates := history.of(event.slug))}
        pages.append(Page(SITEMAP, "sitemap.xml", {"urls": tuple((url, changed.get(url)) for url in listed)}))
    feed = feed_url(base_url)
    if feed:
        newest = _newest(events, history)
        entries = tuple((event, history.of(event.slug)) for event in newest)
        pages.append(Page(feed, "feed.xml", {"entries": entries}))
    pages.append(Page("robots.txt", "robots.txt", {"sitemap": SITEMAP if base_url else None}))
    pages.append(Page(".nojekyll", None, text=""))  # GitHub Pages publishes the files as they are, without Jekyll
    return pages


def _newest(events: tuple[Event, ...], history: History) -> tuple[Event, ...]:
    """The feed's events: the latest added first when git dates them, so an old event added today is
    news; else the latest in the timeline."""

    def added(event: Event) -> int:
        dates = history.of(event.slug)
        return dates.added.seconds if dates else -1

    return tuple(sorted(events, key=lambda event: (added(event), event.sort_key), reverse=True)[:FEED_SIZE])
