"""The validated site: plain frozen data that every later stage reads and none re-checks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import Problem
from ..hashing import digest
from .dates import DateSpan, PartialDate
from .quotes import displayed_quote

IMPORTANCE = ("major", "normal", "minor")
# Where an event's date comes from: the article states it; it is worked out from the article's words
# ("on Wednesday" and the publication date); or it comes from other reports, which the date note names.
DATE_FROM = ("article", "inference", "other-reports")
_DATE_QUALIFIERS = {"inference": "date inferred from the article", "other-reports": "dated from other reports"}
# The attribution fields a source may mark as inferred; each is then printed as "probably …".
INFERABLE = ("publisher", "author", "published")


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
    archived_url: str | None = None  # a copy in a web archive (Wayback Machine, archive.today)
    note: str | None = None  # for readers, about the source
    date_note: str | None = None  # for readers, about its publication date
    inferred: frozenset[str] = frozenset()  # the INFERABLE fields the curator worked out rather than read
    origin: str = field(default="", compare=False, repr=False)  # digest of its id, file and archive
    # equal for two sources exactly when they hold the same: a digest of what they were read from and of the loader
    fingerprint: str = field(default="", compare=False, repr=False)

    # Nothing prints a source's publisher, author or date but through these, so an inferred one is
    # qualified wherever it appears.
    def _qualified(self, name: str, text: str) -> str:
        return f"probably {text}" if name in self.inferred else text

    def publisher_shown(self) -> str:
        """'probably Arutz Sheva' when the outlet is inferred, else its name."""
        return self._qualified("publisher", self.publisher)

    def author_shown(self) -> str | None:
        return None if self.author is None else self._qualified("author", self.author)

    def byline(self) -> str | None:
        """'by Ari Yashar', or 'probably by Ari Yashar' when the author is inferred."""
        return None if self.author is None else self._qualified("author", f"by {self.author}")

    def published_shown(self) -> str | None:
        """'3 May 2017', 'c. 3 May 2017', 'probably 3 May 2017' when inferred, 'probably around 3 May 2017'."""
        if self.published is None:
            return None
        if "published" in self.inferred and self.published_circa:
            return f"probably around {self.published.human()}"
        return self._qualified("published", DateSpan(self.published, circa=self.published_circa).human())


@dataclass(frozen=True)
class Citation:
    """A quote from a source that an event rests on, and what the reader should know beside it."""

    source: Source
    quote: str  # verbatim, as the curator wrote it
    number: int = 1  # its place in the event's list, which body claim markers [^N] name
    discrepancy: str | None = None  # where the article differs from other reports
    cut_before: bool = False  # the quote starts mid-sentence in the article
    cut_after: bool = False  # and stops mid-sentence
    claims: int = 0  # how many claim markers in the body name it

    def shown(self) -> str:
        """The quote as a reader sees it: its cuts marked with "…", inner quotation marks made single."""
        return displayed_quote(self.quote, self.cut_before, self.cut_after)


@dataclass(frozen=True)
class Correction:
    """A dated change to an event that readers saw, and why it was made."""

    date: PartialDate  # to the day
    text: str


@dataclass(frozen=True)
class Picture:
    """An image an event shows: a file under content/media/, described for readers who cannot see it."""

    file: str  # its name under content/media/
    alt: str  # what the picture shows, for readers who cannot see it
    credit: str  # who made it
    license: str  # under what terms it is published
    caption: str | None = None
    width: int = 0  # as displayed, after its EXIF orientation
    height: int = 0
    transparent: bool = False  # some of it is see-through: published as PNG, not JPEG, where a format lacks alpha
    digest: str = ""  # of the file's bytes: the published sizes are named and cached by it


@dataclass(frozen=True)
class Event:
    slug: str
    title: str
    when: DateSpan
    summary: str
    citations: tuple[Citation, ...]
    body: str | None = None  # Markdown, with claim markers [^N]
    date_from: str = "article"  # one of DATE_FROM
    date_note: str | None = None  # for readers: where the date comes from
    note: str | None = None  # for readers: the curator's note
    corrections: tuple[Correction, ...] = ()  # oldest first
    tags: tuple[Tag, ...] = ()
    people: tuple[Named, ...] = ()
    places: tuple[Named, ...] = ()
    importance: str = "normal"  # one of IMPORTANCE
    images: tuple[Picture, ...] = ()  # the first is the picture shared with links to the event
    origin: str = field(default="", compare=False, repr=False)  # digest of its slug, file, tags and sources
    # equal for two events exactly when they hold the same: a digest of what they were read from and of the loader
    fingerprint: str = field(default="", compare=False, repr=False)
    # Chronological (see DateSpan.sort_key), the slug keeping equal dates in a stable order; in plain
    # integers, which compare many times faster than dates do when 10,000 events are sorted.
    sort_key: tuple[int, int, int, int, int, int, int, str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        start, order, end = self.when.sort_key
        key = (start.year, start.month, start.day, order, end.year, end.month, end.day, self.slug)
        object.__setattr__(self, "sort_key", key)

    def publishers(self) -> tuple[str, ...]:
        """The outlets the event cites, each once, in citation order."""
        return tuple(dict.fromkeys(citation.source.publisher_shown() for citation in self.citations))

    def quotes_by_source(self) -> tuple[tuple[Source, tuple[Citation, ...]], ...]:
        """The cited sources in the order first cited, each with all the citations of it."""
        grouped: dict[Source, list[Citation]] = {}
        for citation in self.citations:
            grouped.setdefault(citation.source, []).append(citation)
        return tuple((source, tuple(citations)) for source, citations in grouped.items())

    def date_qualifier(self) -> str | None:
        """Words saying the date does not come straight from the article, or None when it does."""
        return _DATE_QUALIFIERS.get(self.date_from)


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
