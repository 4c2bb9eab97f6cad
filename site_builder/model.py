"""The validated site: plain frozen data that every later stage reads and none re-checks."""

from __future__ import annotations

from dataclasses import dataclass

from .dates import DateSpan, PartialDate


@dataclass(frozen=True)
class Tag:
    id: str
    label: str
    description: str | None = None


@dataclass(frozen=True)
class Source:
    """One archived article."""

    id: str
    publisher: str
    title: str | None = None
    author: str | None = None
    published: PartialDate | None = None
    published_circa: bool = False
    url: str | None = None
    note: str | None = None

    def published_human(self) -> str | None:
        if self.published is None:
            return None
        return DateSpan(self.published, circa=self.published_circa).human()


@dataclass(frozen=True)
class Citation:
    source: Source
    quote: str


@dataclass(frozen=True)
class Event:
    slug: str
    title: str
    when: DateSpan
    summary: str
    citations: tuple[Citation, ...]
    body: str | None = None
    note: str | None = None
    tags: tuple[Tag, ...] = ()
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def quotes_by_source(self) -> tuple[tuple[Source, tuple[str, ...]], ...]:
        """The cited sources in the order first cited, each with all the quotes taken from it."""
        grouped: dict[Source, list[str]] = {}
        for citation in self.citations:
            grouped.setdefault(citation.source, []).append(citation.quote)
        return tuple((source, tuple(quotes)) for source, quotes in grouped.items())

    @property
    def sort_key(self) -> tuple:
        """Chronological, a year before its months; the slug keeps equal dates in a stable order."""
        return (self.when.start, self.when.end or self.when.start, self.slug)


@dataclass(frozen=True)
class SiteConfig:
    title: str
    language: str = "en"
    subtitle: str | None = None
    description: str | None = None
    base_url: str | None = None


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    tags: tuple[Tag, ...]
    sources: tuple[Source, ...]
    events: tuple[Event, ...]  # in chronological order
    warnings: tuple[str, ...] = ()
