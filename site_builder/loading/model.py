"""The validated site: plain frozen data that every later stage reads and none re-checks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import Problem
from ..hashing import digest
from .dates import DateSpan, PartialDate

IMPORTANCE = ("major", "normal", "minor")


def slugify(name: str) -> str:
    """A URL-safe id for a name: 'Gideon Sa'ar' -> 'gideon-saar'; names with no Latin letters get a digest."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", ascii_name.lower())).strip("-")
    return slug or digest(name.encode())[:10]


@dataclass(frozen=True)
class Named:
    """A person or a place that events name; people and places each get a page."""

    kind: str  # "person" or "place"
    name: str
    slug: str = field(init=False, compare=False)  # worked out once: plan and render ask for it often

    def __post_init__(self) -> None:
        object.__setattr__(self, "slug", slugify(self.name))


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
    origin: str = field(default="", compare=False, repr=False)  # digest of its id, file and archive

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
    people: tuple[Named, ...] = ()
    places: tuple[Named, ...] = ()
    importance: str = "normal"  # one of IMPORTANCE
    origin: str = field(default="", compare=False, repr=False)  # digest of its slug, file, tags and sources

    def publishers(self) -> tuple[str, ...]:
        """The outlets the event cites, each once, in citation order."""
        return tuple(dict.fromkeys(citation.source.publisher for citation in self.citations))

    def quotes_by_source(self) -> tuple[tuple[Source, tuple[str, ...]], ...]:
        """The cited sources in the order first cited, each with all the quotes taken from it."""
        grouped: dict[Source, list[str]] = {}
        for citation in self.citations:
            grouped.setdefault(citation.source, []).append(citation.quote)
        return tuple((source, tuple(quotes)) for source, quotes in grouped.items())

    @property
    def sort_key(self) -> tuple[PartialDate, PartialDate, str]:
        """Chronological, a year before its months; the slug keeps equal dates in a stable order."""
        return (self.when.start, self.when.end or self.when.start, self.slug)


@dataclass(frozen=True)
class SiteConfig:
    title: str
    language: str = "en"
    subtitle: str | None = None
    description: str | None = None
    base_url: str | None = None
    timeline_page_size: int = 500  # past this many events the timeline is split into one page per year


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    tags: tuple[Tag, ...]
    sources: tuple[Source, ...]
    events: tuple[Event, ...]  # in chronological order
    warnings: tuple[Problem, ...] = ()  # located, with severity "warning"
