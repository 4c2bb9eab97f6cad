"""Shared fixtures: tiny sites written inline, built with the project's real templates and styles."""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from site_builder.project import Project

REPO = Path(__file__).resolve().parent.parent

SITE_YAML = """\
title: Test Timeline
tags:
  trade:
    label: Trade
  diplomacy:
    label: Diplomacy
"""
SOURCE_YAML = """\
title: Ministers meet
publisher: The Daily Test
published: 2014-11-03
url: https://example.org/ministers-meet
archive: daily.txt
"""
ARCHIVE = "On Monday the ministers met in Tokyo. They signed a “trade pact” — the first of its kind.\n"
EVENT_YAML = """\
title: Ministers meet in Tokyo
date: 2014-11-03
summary: The ministers met.
tags: [trade]
sources:
  - source: daily
    quote: "the ministers met in Tokyo"
"""
SECOND_SOURCE_YAML = """\
title: Envoys talk trade
publisher: The Weekly Test
published: 2011-01-01
archive: weekly.txt
"""
SECOND_ARCHIVE = "All week the envoys talked about trade and little else.\n"

# What `add_events` cycles through: (name, the slug its page has), and each source with a quote its archive holds.
PEOPLE = (("Ada Lovelace", "ada-lovelace"), ("Grace Hopper", "grace-hopper"), ("Alan Turing", "alan-turing"))
PLACES = (("Tokyo", "tokyo"), ("Tel Aviv", "tel-aviv"))
TAGS = ("trade", "diplomacy")
QUOTES = {"daily": "the ministers met in Tokyo", "weekly": "the envoys talked about trade"}

# The line each field sits on in an event that `add_events` writes.
LINE = {"title": 1, "date": 2, "summary": 3, "body": 4, "tags": 5, "people": 6, "places": 7, "sources": 8}


@dataclass(frozen=True)
class TinyEvent:
    """An event `add_events` wrote, and what it shows."""

    slug: str
    title: str
    body: str
    tag: str
    person: str
    place: str
    source: str

    @property
    def file(self) -> str:
        return f"content/events/{self.slug}.yaml"

    @property
    def person_slug(self) -> str:
        return dict(PEOPLE)[self.person]

    @property
    def place_slug(self) -> str:
        return dict(PLACES)[self.place]


class TinySite:
    """A project folder holding a minimal valid site; tests overwrite or add single files.

    templates/ and static/ are links to the repository's own; `write`, `edit` and `own` replace
    the link by a copy first, so a test changes its own copy, never the repository.
    """

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        (root / "templates").symlink_to(REPO / "templates")
        (root / "static").symlink_to(REPO / "static")
        self.write("content/site.yaml", SITE_YAML)
        self.write("content/sources/daily.yaml", SOURCE_YAML)
        self.write("content/sources/daily.txt", ARCHIVE)
        self.write("content/events/2014-11-03-meeting.yaml", EVENT_YAML)

    @property
    def project(self) -> Project:
        return Project(self.root)

    def path(self, relative: str) -> Path:
        """A file of the site; one under templates/ or static/ lies in this site's own copy."""
        folder = relative.split("/", 1)[0]
        if folder in ("templates", "static"):
            self.own(folder)
        return self.root / relative

    def write(self, relative: str, text: str) -> Path:
        path = self.path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def event(self, slug: str, text: str) -> Path:
        return self.write(f"content/events/{slug}.yaml", text)

    def edit(self, relative: str, old: str, new: str) -> Path:
        """Replace the first `old` in a file, which must hold it, as a curator's save would."""
        path = self.path(relative)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    def own(self, folder: str) -> Path:
        """Replace the link to the repository's templates/ or static/ by a copy this test may change."""
        path = self.root / folder
        if path.is_symlink():
            path.unlink()
            shutil.copytree(REPO / folder, path)
        return path

    def add_events(self, count: int, first_year: int = 2011, years: int = 3) -> list[TinyEvent]:
        """`count` events over `years` years before the meeting, cycling through two tags, three
        people, two places and two sources; returned in timeline order."""
        self.write("content/sources/weekly.yaml", SECOND_SOURCE_YAML)
        self.write("content/sources/weekly.txt", SECOND_ARCHIVE)
        made = []
        for i in range(count):
            year, month, day = first_year + i % years, 1 + (i // years) % 12, 1 + (i // (years * 12)) % 28
            made.append(
                TinyEvent(
                    slug=f"{year}-{month:02d}-{day:02d}-event-{i}",
                    title=f"Event {i} of the tiny timeline",
                    body=f"What happened at event {i}, in *Markdown*.[^1]",
                    tag=TAGS[i % len(TAGS)],
                    person=PEOPLE[i % len(PEOPLE)][0],
                    place=PLACES[i % len(PLACES)][0],
                    source=tuple(QUOTES)[i // 2 % len(QUOTES)],
                )
            )
        for event in made:
            self.event(
                event.slug,
                f"title: {event.title}\n"
                f"date: {event.slug[:10]}\n"
                f"summary: In short, event {event.slug}.\n"
                f"body: {event.body}\n"
                f"tags: [{event.tag}]\n"
                f"people: [{event.person}]\n"
                f"places: [{event.place}]\n"
                f"sources:\n"
                f"  - source: {event.source}\n"
                f'    quote: "{QUOTES[event.source]}"\n',
            )
        return sorted(made, key=lambda event: event.slug[:10])


@pytest.fixture
def tiny(tmp_path: Path) -> TinySite:
    return TinySite(tmp_path)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run; each test opens its own pages."""
    from browser import launch_browser

    with launch_browser() as browser:
        yield browser


@pytest.fixture
def page(browser):
    """A new page in the shared browser; the test fails if the page logs an error or throws."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert errors == []
