"""A rebuild after any kind of change publishes exactly what a cold build of the same content does."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.builder import SiteBuilder
from site_builder.project import Project
from site_builder.publishing.output import MARKER

from conftest import TinyEvent, TinySite

NEW_EVENT = """\
title: Envoys meet again
date: 2012-06-15
summary: The envoys met again.
body: They *talked* about trade, as ever.
tags: [diplomacy]
people: [Grace Hopper]
sources:
  - source: weekly
    quote: "the envoys talked about trade"
"""


def edit_event(tiny: TinySite, events: list[TinyEvent]) -> list[Path]:
    event = events[3]
    return [tiny.edit(event.file, f"title: {event.title}", "title: A new title")]


def add_event(tiny: TinySite, events: list[TinyEvent]) -> list[Path]:
    return [tiny.event("2012-06-15-envoys-meet-again", NEW_EVENT)]


def delete_event(tiny: TinySite, events: list[TinyEvent]) -> list[Path]:
    path = tiny.root / events[3].file
    path.unlink()
    return [path]


def rename_event(tiny: TinySite, events: list[TinyEvent]) -> list[Path]:
    old = tiny.root / events[3].file
    new = old.with_name("a-new-name.yaml")
    old.rename(new)
    return [old, new]


def edit_source(tiny: TinySite, events: list[TinyEvent]) -> list[Path]:
    return [tiny.edit("content/sources/weekly.yaml", "publisher: The Weekly Test", "publisher: The Weekly Review")]


def edit_archive(tiny: TinySite, events: list[TinyEvent]) -> list[Path]:
    # the quoted words stay, but now start a line: the quotes citing it are no longer shown cut before
    return [tiny.edit("content/sources/weekly.txt", "All week the", "All week.\nthe")]


def edit_site_yaml(tiny: TinySite, events: list[TinyEvent]) -> list[Path]:
    # a tag's label: the events that carry the tag show it, though no event file changed
    return [tiny.edit("content/site.yaml", "label: Trade", "label: Commerce")]


def edit_template(tiny: TinySite, events: list[TinyEvent]) -> list[Path]:
    # the card every timeline, topic, person and place page lists events with
    return [tiny.edit("templates/_card.html", '<p class="event-summary">', '<p class="event-summary edited">')]


def edit_static_file(tiny: TinySite, events: list[TinyEvent]) -> list[Path]:
    return [tiny.edit("static/style.css", "--text: #1d1f23;", "--text: #101010;")]


CHANGES: dict[str, Callable[[TinySite, list[TinyEvent]], list[Path]]] = {
    "edit an event": edit_event,
    "add an event": add_event,
    "delete an event": delete_event,
    "rename an event": rename_event,
    "edit a source": edit_source,
    "edit an archive": edit_archive,
    "edit site.yaml": edit_site_yaml,
    "edit a template": edit_template,
    "edit a static file": edit_static_file,
}


@pytest.fixture
def events(tiny: TinySite) -> list[TinyEvent]:
    tiny.own("templates")
    tiny.own("static")
    return tiny.add_events(8)


@pytest.fixture
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the project, for cold builds of copies of it."""
    return tmp_path_factory.mktemp("fresh")


def files(folder: Path) -> dict[str, bytes]:
    """What a build published, without the marker that lists it."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def cold_build(tiny: TinySite, fresh: Path) -> dict[str, bytes]:
    """A build of a copy of the project, in a new folder, with nothing remembered from before."""
    shutil.copytree(tiny.root, fresh / "project", symlinks=True, ignore=shutil.ignore_patterns("_site", ".cache"))
    build(Project(fresh / "project"), fresh / "out", jobs=1)
    return files(fresh / "out")


class Published:
    """What a long-lived builder has published, kept up to date from what each build sends and removes."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, path: str, data: bytes, data_digest: str) -> None:
        self.files[path] = data

    def build(self, builder: SiteBuilder) -> None:
        result = builder.build(self.put)
        for path in result.removed:
            del self.files[path]


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_the_same_builder_rebuilds_what_a_cold_build_makes(tiny, events, change, fresh):
    builder = SiteBuilder(tiny.project, jobs=1)
    published = Published()
    published.build(builder)
    builder.forget(change(tiny, events))  # as serve's watcher does
    published.build(builder)
    assert published.files == cold_build(tiny, fresh)


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_new_builder_from_the_cache_rebuilds_what_a_cold_build_makes(tiny, events, change, fresh):
    out, cache = tiny.root / "_site", tiny.root / ".cache"
    build(tiny.project, out, cache_dir=cache, jobs=1)
    change(tiny, events)
    build(tiny.project, out, cache_dir=cache, jobs=1)  # a new builder: all it knows comes from the cache
    assert files(out) == cold_build(tiny, fresh)


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_each_change_shows_in_what_is_published(tiny, events, change, fresh):
    before = cold_build(tiny, fresh / "before")
    change(tiny, events)
    assert cold_build(tiny, fresh / "after") != before
