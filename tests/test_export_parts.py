"""The whole-timeline exports are joined from each event's part, kept between builds: after any
change, a rebuild writes the same bytes a cold build of the same content writes."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.builder import SiteBuilder

from conftest import TinyEvent, TinySite

EXPORTS = ("data.json", "timeline.json", "events.csv", "events.ics", "events.json")
FIRST = 1_600_000_000  # 13 September 2020, 12:26:40 UTC
DAY = 86_400


class Written:
    """What a builder wrote, as the output folder would hold it: each changed file replacing the last."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def __call__(self, path: str, data: bytes, data_digest: str) -> None:
        self.files[path] = data

    def exports(self) -> dict[str, bytes]:
        return {name: self.files[name] for name in EXPORTS}


def cold_exports(tiny: TinySite) -> dict[str, bytes]:
    written = Written()
    SiteBuilder(tiny.project, jobs=1).build(written)
    return written.exports()


def git(root: Path, *args: str, when: int = FIRST) -> None:
    stamp = f"@{when} +0000"
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env |= {"GIT_AUTHOR_NAME": "Curator", "GIT_AUTHOR_EMAIL": "curator@example.org"}
    env |= {"GIT_COMMITTER_NAME": "Curator", "GIT_COMMITTER_EMAIL": "curator@example.org"}
    env |= {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", "-C", str(root), *args], env=env, capture_output=True, check=True)


@pytest.fixture
def timeline(tiny: TinySite) -> TinyEvent:
    """A committed site of a dozen events with a base URL; the event the changes touch."""
    tiny.edit(
        "content/site.yaml", "title: Test Timeline\n", "title: Test Timeline\nbase_url: https://example.org/tl/\n"
    )
    events = tiny.add_events(12)
    event = next(event for event in events if (event.tag, event.source) == ("diplomacy", "weekly"))
    git(tiny.root, "init", "-q", "-b", "main")
    git(tiny.root, "add", "-A", "content")
    git(tiny.root, "commit", "-q", "-m", "content")
    return event


def edit_title(tiny: TinySite, event: TinyEvent) -> list[Path]:
    return [tiny.edit(event.file, f"title: {event.title}", "title: A title, edited")]


def edit_source_title(tiny: TinySite, event: TinyEvent) -> list[Path]:
    return [tiny.edit(f"content/sources/{event.source}.yaml", "title: Envoys talk trade", "title: Envoys talk shop")]


def edit_tag_label(tiny: TinySite, event: TinyEvent) -> list[Path]:
    return [tiny.edit("content/site.yaml", "label: Diplomacy", "label: Statecraft")]


def move_base_url(tiny: TinySite, event: TinyEvent) -> list[Path]:
    return [tiny.edit("content/site.yaml", "https://example.org/tl/", "https://example.net/timeline/")]


def redate_last_commit(tiny: TinySite, event: TinyEvent) -> list[Path]:
    """The files stay as they are; git now says they last changed a day later."""
    git(tiny.root, "commit", "-q", "--amend", "--no-edit", "--date", f"@{FIRST + DAY} +0000", when=FIRST + DAY)
    return []


CHANGES: dict[str, tuple[Callable[[TinySite, TinyEvent], list[Path]], set[str]]] = {
    # each change, and the exports it changes
    "event title": (edit_title, set(EXPORTS)),
    "source title": (edit_source_title, set(EXPORTS)),
    "tag label": (edit_tag_label, set(EXPORTS)),
    "base URL": (move_base_url, {"timeline.json", "events.csv", "events.ics"}),  # data.json's links are relative
    "git dates": (redate_last_commit, {"events.ics"}),  # a calendar entry's DTSTAMP is its last commit
}


@pytest.mark.parametrize("change", CHANGES)
def test_after_a_change_a_rebuild_writes_each_export_as_a_cold_build_does(tiny, timeline, change):
    make_change, changed = CHANGES[change]
    written = Written()
    builder = SiteBuilder(tiny.project, jobs=1)
    builder.build(written)
    before = written.exports()
    builder.forget(make_change(tiny, timeline))
    builder.build(written)
    assert written.exports() == cold_exports(tiny)
    assert {name for name in EXPORTS if written.files[name] != before[name]} == changed


def test_editing_a_source_title_rewrites_the_parts_of_the_events_citing_it(tiny, timeline):
    written = Written()
    builder = SiteBuilder(tiny.project, jobs=1)
    builder.build(written)
    builder.forget(edit_source_title(tiny, timeline))
    builder.build(written)
    citing = 6  # add_events gives every other pair of its twelve events the second source
    unfolded = {name: written.files[name].decode().replace("\r\n ", "") for name in EXPORTS}
    assert unfolded["timeline.json"].count("Source: Envoys talk shop, The Weekly Test") == citing
    assert unfolded["events.csv"].count("Envoys talk shop, The Weekly Test") == citing
    assert unfolded["events.ics"].count("Source: Envoys talk shop\\, The Weekly Test") == citing
    index = json.loads(unfolded["events.json"])["events"]
    assert sum("shop" in entry["text"].split() for entry in index) == citing
    assert "Envoys talk trade" not in "".join(unfolded.values())


class PartsMade:
    """Counts the events whose part of data.json was rendered rather than found kept."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from site_builder.site import render

        self.slugs: list[str] = []
        make = render.event_data

        def counted(event):  # type: ignore[no-untyped-def]
            self.slugs.append(event.slug)
            return make(event)

        monkeypatch.setattr(render, "event_data", counted)


def build_in_a_new_process(tiny: TinySite, cache: Path) -> Written:
    """A build as a new process makes it: nothing in memory, the cache folder on disk."""
    written = Written()
    builder = SiteBuilder(tiny.project, jobs=1, cache_dir=cache)
    builder.build(written)
    builder.save()
    return written


def test_a_new_process_renders_only_the_parts_of_the_events_that_changed(tiny, timeline, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    build_in_a_new_process(tiny, cache)
    made = PartsMade(monkeypatch)
    edit_title(tiny, timeline)
    written = build_in_a_new_process(tiny, cache)
    assert made.slugs == [timeline.slug]
    assert written.exports() == cold_exports(tiny)


def test_kept_parts_are_not_used_under_another_base_url(tiny, timeline, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    build_in_a_new_process(tiny, cache)
    made = PartsMade(monkeypatch)
    move_base_url(tiny, timeline)
    build_in_a_new_process(tiny, cache)
    assert len(made.slugs) == 13  # every event: the twelve added and the one the tiny site starts with


@pytest.mark.parametrize("damage", [b"not a database at all", b"SQLite format 3\x00" + b"\xff" * 300, b""])
def test_a_damaged_store_of_parts_costs_only_time(tiny, timeline, tmp_path, monkeypatch, damage):
    cache = tmp_path / "cache"
    build_in_a_new_process(tiny, cache)
    (store,) = cache.glob("*-parts.sqlite")
    store.write_bytes(damage)
    edit_title(tiny, timeline)
    assert build_in_a_new_process(tiny, cache).exports() == cold_exports(tiny)
    made = PartsMade(monkeypatch)  # the next build finds the store rewritten whole
    tiny.edit(timeline.file, "title: A title, edited", "title: A title, edited twice")
    written = build_in_a_new_process(tiny, cache)
    assert made.slugs == [timeline.slug]
    assert written.exports() == cold_exports(tiny)
