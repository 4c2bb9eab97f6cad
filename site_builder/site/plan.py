"""Plan: the site's pages, each a URL, a template and what the template shows. All routing lives here."""

from __future__ import annotations

import heapq
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import groupby
from operator import attrgetter
from typing import Any

from ..loading.dates import DateSpan, PartialDate, astronomical, from_astronomical, years_from
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
# The same events in the formats other tools read, linked beside it.
TIMELINE_DATA = "timeline.json"  # TimelineJS3's format
EVENTS_CSV = "events.csv"  # one row per event, for spreadsheets
EVENTS_ICS = "events.ics"  # the events dated to the day, for calendars
FEED = "feed.xml"
JSON_FEED = "feed.json"  # the Atom feed's entries as JSON Feed 1.1
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


def feed_url(base_url: str | None) -> str | None:
    """The feed's URL, when there is one: its entries need absolute URLs, so only with a base URL."""
    return FEED if base_url else None


def json_feed_url(base_url: str | None) -> str | None:
    """The JSON Feed's URL, when there is one: it is written with the Atom feed, and only with it."""
    return JSON_FEED if feed_url(base_url) else None


@dataclass(frozen=True)
class View:
    """A way to show the timeline: its events as cards, or one line each for scanning. Each view has a
    page for the whole timeline (the latest year's when the timeline is split) and one per year."""

    label: str
    heading: str  # what its first page lists, after the site's title
    url: str
    introduced: bool  # whether its first page opens with the site's description
    one_line: bool  # each event one line (date and title) rather than a card

    def year_url(self, year: int) -> str:
        return f"{self.url}years/{year_slug(year)}/"


CARDS = View("Timeline", "a sourced timeline", TIMELINE.url, introduced=True, one_line=False)
# Under events/, so a reader who trims an event's URL lands on a list of every event.
COMPACT = View("List", "every event", "events/", introduced=False, one_line=True)
VIEWS = (CARDS, COMPACT)


def year_url(year: int) -> str:
    """The page of the timeline that lists one year's events."""
    return CARDS.year_url(year)


def year_slug(year: int) -> str:
    """A year as URLs and ids name it: 'years/2014/', 'years/500-bce/'."""
    return f"{-year}-bce" if year < 0 else str(year)


def year_anchor(year: int) -> str:
    """The id of a year's heading on any page that lists the year."""
    return f"year-{year_slug(year)}"


@dataclass(frozen=True)
class ViewLink:
    """The switch to a view of what the page shows: the same year, or the whole timeline."""

    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class YearLink:
    """A year page a page leads to: the year before or after the one it lists."""

    year: int
    count: int
    url: str


@dataclass(frozen=True)
class YearGroup:
    year: int
    events: tuple[Event, ...]
    # Whole years, at least, since the events listed before it on the same page, when that is long
    # enough to say: time between events, not their order, is what a reader should see.
    years_later: int | None = None
    url: str | None = None  # the year's own page, for its heading to link to where a page lists more

    @property
    def anchor(self) -> str:
        return year_anchor(self.year)


GAP_YEARS = 2  # the shortest stretch without events that the timeline marks with its length


def whole_years_between(earlier: PartialDate, later: PartialDate) -> int:
    """The whole years that surely lie between two dates: from the last day `earlier` may mean
    to the first day `later` may mean, so an imprecise date never stretches a gap."""
    return _whole_years(earlier.last_day(), later.first_day())


Day = tuple[int, int, int]  # year, month, day


def _whole_years(end: Day, start: Day) -> int:
    return years_from(end[0], start[0]) - (1 if start[1:] < end[1:] else 0)


Reach = tuple[Day, Day]  # a date as dates sort (a year before its months), and the last day it may mean
_OPEN_ENDED: Reach = ((sys.maxsize, 0, 0), (sys.maxsize, 0, 0))  # reaches past every date: known only to be 'after' one


def _reach(when: DateSpan) -> Reach:
    """The latest date an event may reach."""
    if when.bound == "after":
        return _OPEN_ENDED
    date = when.end or when.start
    return ((date.year, date.month, date.day), date.last_day())


class Chronology:
    """The events in timeline order, each one's dating worked out once as plain values, so any
    selection of them (a topic's, a person's) is grouped by year without date arithmetic or
    dataclass comparisons: by position, with lookups in lists."""

    def __init__(self, events: tuple[Event, ...]) -> None:
        self._events = events
        self._position = {event.slug: position for position, event in enumerate(events)}
        self._year = [event.when.start.year for event in events]
        # The first day each may mean, or None when a gap up to it is not sure: known only to be
        # 'before' its date.
        self._opens = [None if event.when.bound == "before" else event.when.start.first_day() for event in events]
        self._reach = [_reach(event.when) for event in events]

    def by_year(self, events: Iterable[Event]) -> tuple[YearGroup, ...]:
        """Some of the events, in timeline order, grouped by year, each group knowing how long after
        the events before it it begins.

        A gap is only said where it is sure: not up to an event known only to be 'before' its date, nor
        after one known only to be 'after' it.
        """
        timeline, opens, reach = self._events, self._opens, self._reach
        positions = map(self._position.__getitem__, map(attrgetter("slug"), events))
        groups: list[YearGroup] = []
        latest: Reach | None = None  # the latest date any event listed so far reaches, while that is known
        for year, group in groupby(positions, key=self._year.__getitem__):
            listed = tuple(group)
            first = opens[listed[0]]
            gap = _whole_years(latest[1], first) if latest is not None and first is not None else 0
            groups.append(YearGroup(year, tuple(map(timeline.__getitem__, listed)), gap if gap >= GAP_YEARS else None))
            reached = max(map(reach.__getitem__, listed))
            latest = None if reached == _OPEN_ENDED else reached if latest is None else max(latest, reached)
        return tuple(groups)


def by_year(events: Iterable[Event]) -> tuple[YearGroup, ...]:
    """Events, in timeline order, grouped by year (see Chronology.by_year)."""
    listed = tuple(events)
    return Chronology(listed).by_year(listed)


OVERVIEW_MARKS = 10  # the most marks a year stacks in the overview; past that each mark stands for several events
SPARSE_YEARS = 12  # up to this many years with events, the overview labels each and keeps it wide enough to tap
LABEL_EVERY = 8  # on a denser overview, years between two labels, at least
QUIET_DRAWN = 100  # years without events drawn to scale, at most; a longer stretch is drawn this long


@dataclass(frozen=True)
class OverviewYear:
    """A year with events in the overview strip: a link to its events, drawn as a stack of marks."""

    year: int
    count: int
    marks: tuple[str, ...]  # each mark's importance, strongest first
    url: str | None  # the year's page, or None when it is listed on the page itself, under its anchor
    labelled: bool  # whether the strip prints the year under its marks (a focused year always shows it)
    quiet = False

    @property
    def anchor(self) -> str:
        return year_anchor(self.year)


@dataclass(frozen=True)
class QuietYears:
    """Years without events between two that have some, so the strip keeps time to scale."""

    first: int
    years: int
    quiet = True

    @property
    def drawn(self) -> int:
        return min(self.years, QUIET_DRAWN)


@dataclass(frozen=True)
class Overview:
    """The whole span of the timeline at a glance, drawn by the server: a column per year, to scale."""

    columns: tuple[OverviewYear | QuietYears, ...]
    per_mark: int  # events a mark stands for
    dense: bool  # too many years to label each or to keep each wide enough to tap

    @property
    def years(self) -> tuple[OverviewYear, ...]:
        return tuple(column for column in self.columns if isinstance(column, OverviewYear))


def _marks(events: tuple[Event, ...], per_mark: int) -> tuple[str, ...]:
    count = Counter(event.importance for event in events)
    total = -(-len(events) // per_mark)
    major = -(-count["major"] // per_mark)  # a year with one major event among many still shows one
    minor = min(total - major, count["minor"] // per_mark)
    return ("major",) * major + ("normal",) * (total - major - minor) + ("minor",) * minor


def _labelled(years: list[int], dense: bool) -> set[int]:
    """The years the strip prints: each on a sparse strip; else the first, the last and the
    decades between, none closer than LABEL_EVERY years to the one before."""
    if not dense:
        return set(years)
    kept: list[int] = []
    for year in years:
        if (year == years[0] or year % 10 == 0) and (not kept or years_from(kept[-1], year) >= LABEL_EVERY):
            kept.append(year)
    if kept[-1] != years[-1]:
        if years_from(kept[-1], years[-1]) < LABEL_EVERY and len(kept) > 1:
            kept.pop()
        kept.append(years[-1])
    return set(kept)


def overview(groups: tuple[YearGroup, ...], year_page: Callable[[int], str] | None) -> Overview:
    """The strip for every year in `groups`; `year_page` gives each year's URL, or None keeps the
    links on the page itself."""
    per_mark = max(1, -(-max((len(g.events) for g in groups), default=0) // OVERVIEW_MARKS))
    dense = len(groups) > SPARSE_YEARS
    labelled = _labelled([g.year for g in groups], dense)
    columns: list[OverviewYear | QuietYears] = []
    for before, group in zip((None, *groups), groups, strict=False):
        if before is not None and years_from(before.year, group.year) > 1:
            first_quiet = from_astronomical(astronomical(before.year) + 1)
            columns.append(QuietYears(first_quiet, years_from(before.year, group.year) - 1))
        url = year_page(group.year) if year_page else None
        marks = _marks(group.events, per_mark)
        columns.append(OverviewYear(group.year, len(group.events), marks, url, group.year in labelled))
    return Overview(tuple(columns), per_mark, dense)


def _year_link(years: tuple[YearGroup, ...], index: int | None, step: int, view: View) -> YearLink | None:
    """The year page `step` years away in the list from the year at `index`, if there is one."""
    if index is None or not 0 <= index + step < len(years):
        return None
    group = years[index + step]
    return YearLink(group.year, len(group.events), view.year_url(group.year))


def _timeline_pages(years: tuple[YearGroup, ...], total: int, tags: tuple[Tag, ...], paginated: bool) -> list[Page]:
    """Both views of the timeline, each as one page or, when paginated, as the latest year's page
    (so no page grows with the whole archive), and always one page per year, so a year's link works
    without scripts. A split timeline's pages each carry a search index of the events they list; else
    one index serves every page. The compact pages search with their twin's index."""
    span = (years[0].year, years[-1].year) if years else None
    common = {"total": total, "span": span, "tags": tags, "paginated": paginated, "section": TIMELINE}
    # Every page's overview covers the whole span; the years link within a page that lists them all.
    year_pages = {view: overview(years, view.year_url) for view in VIEWS}
    on_page = year_pages if paginated else dict.fromkeys(VIEWS, overview(years, None))
    pages: list[Page] = []

    def listing(year: int | None, groups: tuple[YearGroup, ...], index: int | None = None) -> None:
        index_url = (CARDS.year_url(year) if year and paginated else CARDS.url) + SEARCH_INDEX
        for view in VIEWS:
            context = common | {
                "view": view,
                "views": tuple(ViewLink(v.label, v.year_url(year) if year else v.url, v == view) for v in VIEWS),
                "years": groups if year else tuple(replace(g, url=view.year_url(g.year)) for g in groups),
                "this_year": year,
                "index_url": index_url,
                "overview": year_pages[view] if year else on_page[view],
                "earlier": _year_link(years, index, -1, view),
                "later": _year_link(years, index, +1, view),
            }
            pages.append(Page(view.year_url(year) if year else view.url, "timeline.html", context))
        if paginated or not year:
            events = tuple(event for group in groups for event in group.events)
            pages.append(Page(index_url, "events.json", {"events": events}))

    # A year's own page lists the year alone, so no gap is measured to the year before it.
    if paginated:
        listing(None, tuple(YearGroup(g.year, g.events) for g in years[-1:]), len(years) - 1)
    else:
        listing(None, years)
    for index, group in enumerate(years):
        listing(group.year, (YearGroup(group.year, group.events),), index)
    return pages


@dataclass(frozen=True)
class NamedGroup:
    """A person or place with every event that names it; spellings that share a slug share a page."""

    named: Named
    events: tuple[Event, ...]


class _Groupings:
    """Who and what each event is listed under, gathered in one pass over the events in timeline
    order, so every list is chronological and no page sorts or filters the events again."""

    def __init__(self, events: tuple[Event, ...], sources: tuple[Source, ...], tags: tuple[Tag, ...]) -> None:
        self.citing: dict[str, list[Event]] = {source.id: [] for source in sources}
        self.tagged: dict[str, list[Event]] = {tag.id: [] for tag in tags}
        named: dict[str, dict[str, tuple[Named, list[Event]]]] = {kind: {} for kind in NAMED_SECTIONS}
        people, places = named["person"], named["place"]
        for event in events:
            for source_id in dict.fromkeys(citation.source.id for citation in event.citations):
                self.citing[source_id].append(event)
            for tag in event.tags:
                self.tagged[tag.id].append(event)
            for found, names in ((people, event.people), (places, event.places)):
                for name in names:
                    listed = found.setdefault(name.slug, (name, []))[1]
                    if not listed or listed[-1] is not event:  # an event naming someone twice is listed once
                        listed.append(event)
        # People and places in alphabetical order, each with its events in timeline order.
        self.named = {
            kind: tuple(
                NamedGroup(name, tuple(listed))
                for name, listed in sorted(groups.values(), key=lambda group: group[0].name.casefold())
            )
            for kind, groups in named.items()
        }


def plan_pages(site: Site, base_url: str | None = None, history: History | None = None) -> list[Page]:
    """Every page of the site, in a fixed order so the build is deterministic.

    The feed and the sitemap need absolute URLs, so they exist only when the base URL is known.
    `history` dates the event pages, the feed's entries and the sitemap, when git has them.
    """
    history = history or History()
    events = site.events  # in timeline order
    groupings = _Groupings(events, site.sources, site.tags)
    citing, tagged = groupings.citing, groupings.tagged
    used_tags = tuple(tag for tag in site.tags if tagged[tag.id])
    chronology = Chronology(events)

    paginated = len(events) > site.config.timeline_page_size
    years = chronology.by_year(events)
    pages = _timeline_pages(years, len(events), used_tags, paginated)
    listed_at = {group.year: year_url(group.year) if paginated else TIMELINE.url for group in years}
    for index, event in enumerate(events):
        pages.append(
            Page(
                url_for(event),
                "event.html",
                {
                    "event": event,
                    "section": TIMELINE,
                    "previous": events[index - 1] if index > 0 else None,
                    "next": events[index + 1] if index + 1 < len(events) else None,
                    "listed_at": listed_at[event.when.year],
                    "dates": history.of(event.slug),
                },
            )
        )
    # Index pages carry only the counts they show, so an edited event does not re-render them.
    counts = {source.id: len(citing[source.id]) for source in site.sources}
    pages.append(Page(SOURCES.url, "sources.html", {"sources": site.sources, "counts": counts, "section": SOURCES}))
    pages += [
        Page(
            url_for(source),
            "source.html",
            {"source": source, "events": tuple(citing[source.id]), "up": SOURCES, "section": SOURCES},
        )
        for source in site.sources
    ]
    tag_counts = {tag.id: len(tagged[tag.id]) for tag in used_tags}
    pages.append(Page(TOPICS.url, "tags.html", {"tags": used_tags, "counts": tag_counts, "section": TOPICS}))
    pages += [
        Page(
            url_for(tag),
            "tag.html",
            {
                "tag": tag,
                "years": chronology.by_year(tagged[tag.id]),
                "count": len(tagged[tag.id]),
                "up": TOPICS,
                "section": TOPICS,
            },
        )
        for tag in used_tags
    ]
    for kind, section in NAMED_SECTIONS.items():
        groups = groupings.named[kind]
        named_counts = tuple((group.named, len(group.events)) for group in groups)
        pages.append(Page(section.url, "names.html", {"kind": kind, "section": section, "counts": named_counts}))
        pages += [
            Page(
                url_for(group.named),
                "named.html",
                {"group": group, "years": chronology.by_year(group.events), "up": section, "section": section},
            )
            for group in groups
        ]
    # A reader who trims a URL or follows a stale one is offered every event, one line each.
    pages.append(
        Page("404.html", "404.html", {"sources": SOURCES, "every_event": COMPACT.url}, served_at_any_path=True)
    )
    pages.append(Page(DATA, "data.json", {"events": events, "sources": site.sources, "tags": used_tags}))
    pages.append(Page(TIMELINE_DATA, "timeline.json", {"events": events}))
    pages.append(Page(EVENTS_CSV, "events.csv", {"events": events}))
    dated = tuple((event, history.of(event.slug)) for event in events)  # a calendar entry's stamp is its last change
    pages.append(Page(EVENTS_ICS, "events.ics", {"entries": dated}))
    if base_url:
        listed = tuple(p.url for p in pages if p.output_path.endswith("index.html"))
        changed = {url_for(event): dates.changed for event in events if (dates := history.of(event.slug))}
        pages.append(Page(SITEMAP, "sitemap.xml", {"urls": tuple((url, changed.get(url)) for url in listed)}))
    feed = feed_url(base_url)
    if feed:
        newest = _newest(events, history)
        entries = tuple((event, history.of(event.slug)) for event in newest)
        pages.append(Page(feed, "feed.xml", {"entries": entries}))
        pages.append(Page(JSON_FEED, "feed.json", {"entries": entries}))
    pages.append(Page("robots.txt", "robots.txt", {"sitemap": SITEMAP if base_url else None}))
    pages.append(Page(".nojekyll", None, text=""))  # GitHub Pages publishes the files as they are, without Jekyll
    return pages


def _newest(events: tuple[Event, ...], history: History) -> tuple[Event, ...]:
    """The feed's events: the latest added first when git dates them, so an old event added today is
    news; else the latest in the timeline."""

    def added_then_position(position: int) -> tuple[int, int]:
        dates = history.of(events[position].slug)
        return (dates.added.seconds if dates else -1, position)

    # The events are in timeline order, so a position sorts as the event's own sort key would.
    newest = heapq.nlargest(FEED_SIZE, range(len(events)), key=added_then_position)
    return tuple(events[position] for position in newest)
