"""Loading again: an event is checked again only when something it was checked against changed,
and what its last check found, problems and warnings included, is reported as before."""

from __future__ import annotations

import pickle

import pytest

from site_builder.build import build
from site_builder.errors import ContentError
from site_builder.loading import files
from site_builder.loading.content import load_site
from site_builder.loading.filecache import FileCache
from site_builder.loading.model import Site
from site_builder.loading.sources import Archive
from site_builder.parallel import MIN_PARALLEL, iterate_pages

from conftest import TinySite


@pytest.fixture
def cache() -> FileCache:
    return FileCache()


def load(tiny: TinySite, cache: FileCache) -> Site:
    return load_site(tiny.root, cache)


def save(tiny: TinySite, cache: FileCache, relative: str, old: str, new: str) -> None:
    """Edit a file and tell the cache, as serve's watcher does: an edit within one clock tick is not missed."""
    cache.forget([tiny.edit(relative, old, new)])


def by_slug(site: Site) -> dict:
    return {event.slug: event for event in site.events}


def reused(before: Site, after: Site) -> set[str]:
    """The slugs of the events the second load took over from the first, the very same objects."""
    old = by_slug(before)
    return {event.slug for event in after.events if old.get(event.slug) is event}


def test_an_unchanged_event_is_reused_not_checked_again(tiny, cache):
    tiny.add_events(4)
    first = load(tiny, cache)
    misses = cache.misses
    second = load(tiny, cache)
    assert reused(first, second) == set(by_slug(first))
    assert cache.misses == misses


def test_an_edited_event_alone_is_checked_again(tiny, cache):
    events = tiny.add_events(4)
    first = load(tiny, cache)
    save(tiny, cache, events[1].file, events[1].title, "A new title")
    second = load(tiny, cache)
    assert by_slug(second)[events[1].slug].title == "A new title"
    assert reused(first, second) == set(by_slug(first)) - {events[1].slug}


def test_editing_a_source_checks_again_the_events_citing_it_and_only_those(tiny, cache):
    events = tiny.add_events(6)
    first = load(tiny, cache)
    save(tiny, cache, "content/sources/weekly.yaml", "The Weekly Test", "The Weekly Review")
    second = load(tiny, cache)
    citing = {event.slug for event in events if event.source == "weekly"}
    assert {by_slug(second)[slug].citations[0].source.publisher for slug in citing} == {"The Weekly Review"}
    assert reused(first, second) == set(by_slug(first)) - citing


def test_editing_an_archive_checks_again_the_events_quoting_it_and_only_those(tiny, cache):
    events = tiny.add_events(6)
    first = load(tiny, cache)
    # the quote now ends where the article's sentence ends
    save(tiny, cache, "content/sources/weekly.txt", "about trade and little else", "about trade. Little else")
    second = load(tiny, cache)
    quoting = {event.slug for event in events if event.source == "weekly"}
    assert {by_slug(first)[slug].citations[0].cut_after for slug in quoting} == {True}
    assert {by_slug(second)[slug].citations[0].cut_after for slug in quoting} == {False}
    assert reused(first, second) == set(by_slug(first)) - quoting


def test_changing_a_tag_definition_checks_again_the_events_with_that_tag_and_only_those(tiny, cache):
    events = tiny.add_events(6)
    first = load(tiny, cache)
    save(tiny, cache, "content/site.yaml", "label: Diplomacy", "label: Foreign affairs")
    second = load(tiny, cache)
    tagged = {event.slug for event in events if event.tag == "diplomacy"}
    assert {by_slug(second)[slug].tags[0].label for slug in tagged} == {"Foreign affairs"}
    assert reused(first, second) == set(by_slug(first)) - tagged


def test_a_reused_event_reports_its_warnings_again(tiny, cache):
    tiny.event("2015-01-01-talks", EVENT_WITH_BODY.format(body="The ministers met. Nobody said why."))
    first = load(tiny, cache)
    second = load(tiny, cache)
    assert [warning.message for warning in first.warnings if "cite" in warning.message]
    assert second.warnings == first.warnings


def test_a_file_with_problems_stays_an_error_until_it_is_fixed(tiny, cache):
    tiny.event("2015-01-01-talks", EVENT_WITH_BODY.format(body="The ministers met.[^2]"))
    with pytest.raises(ContentError) as first:
        load(tiny, cache)
    with pytest.raises(ContentError) as second:
        load(tiny, cache)
    assert second.value.problems == first.value.problems
    assert [problem.path for problem in second.value.problems] == ["content/events/2015-01-01-talks.yaml"]
    save(tiny, cache, "content/events/2015-01-01-talks.yaml", "[^2]", "[^1]")
    assert "2015-01-01-talks" in by_slug(load(tiny, cache))


def test_the_hint_for_an_undefined_tag_follows_the_definitions(tiny, cache):
    tiny.edit("content/events/2014-11-03-meeting.yaml", "tags: [trade]", "tags: [economy]")
    with pytest.raises(ContentError) as before:
        load(tiny, cache)
    assert "did you mean" not in before.value.problems[0].message
    save(tiny, cache, "content/site.yaml", "  trade:\n", "  economics:\n    label: Economics\n  trade:\n")
    with pytest.raises(ContentError) as after:
        load(tiny, cache)
    assert "did you mean 'economics'?" in after.value.problems[0].message


def test_checked_events_are_reused_by_another_process_from_the_stored_cache(tiny, cache):
    tiny.add_events(4)
    first = load(tiny, cache)
    stored = pickle.loads(pickle.dumps((cache.results, cache.digests)))
    later = FileCache(*stored)
    assert load(tiny, later).events == first.events
    assert later.misses == 0


def test_a_quote_is_looked_for_once_in_an_unchanged_archive(tiny, cache, monkeypatch):
    looked_for = []
    cuts_of = Archive.cuts_of
    monkeypatch.setattr(Archive, "cuts_of", lambda archive, quote: looked_for.append(quote) or cuts_of(archive, quote))
    tiny.add_events(6)  # three events quote each archive
    load(tiny, cache)
    assert sorted(looked_for) == ["the envoys talked about trade", "the ministers met in Tokyo"]


def test_files_parsed_in_several_processes_load_as_in_one(tiny, monkeypatch):
    tiny.add_events(MIN_PARALLEL)
    tiny.event("2015-01-01-broken", EVENT_WITH_BODY.format(body="[Unclosed"))
    spread = []
    monkeypatch.setattr(files, "iterate_pages", lambda *args: spread.append(args[2]) or iterate_pages(*args))
    with pytest.raises(ContentError) as alone:
        load_site(tiny.root, FileCache(), jobs=1)
    cache = FileCache()
    with pytest.raises(ContentError) as together:
        load_site(tiny.root, cache, jobs=2)
    assert spread == [2]  # the events were parsed by two processes; the two sources were too few to spread
    assert together.value.problems == alone.value.problems
    save(tiny, cache, "content/events/2015-01-01-broken.yaml", "[Unclosed", "Mended.[^1]")
    assert len(load_site(tiny.root, cache, jobs=2).events) == MIN_PARALLEL + 2


def test_fingerprints_are_equal_across_cold_loads(tiny):
    tiny.add_events(4)
    first, second = load(tiny, FileCache()), load(tiny, FileCache())
    assert [event.fingerprint for event in first.events] == [event.fingerprint for event in second.events]
    assert [source.fingerprint for source in first.sources] == [source.fingerprint for source in second.sources]
    assert all(event.fingerprint for event in first.events)
    assert len({event.fingerprint for event in first.events}) == len(first.events)


def test_a_fingerprint_changes_with_what_the_object_was_read_from(tiny):
    events = tiny.add_events(4)
    before = load(tiny, FileCache())
    tiny.edit(events[0].file, events[0].title, "A new title")
    tiny.edit("content/sources/weekly.txt", "All week", "All that week")
    after = load(tiny, FileCache())
    changed = {event.slug for event in after.events if event.fingerprint != by_slug(before)[event.slug].fingerprint}
    assert changed == {events[0].slug} | {event.slug for event in events if event.source == "weekly"}
    old_sources = {source.id: source.fingerprint for source in before.sources}
    assert {source.id for source in after.sources if source.fingerprint != old_sources[source.id]} == {"weekly"}


def test_fingerprints_are_never_published(tiny, tmp_path):
    tiny.add_events(4)
    site = load(tiny, FileCache())
    out = tmp_path / "out"
    build(tiny.project, out, jobs=1)
    published = b"".join(path.read_bytes() for path in out.rglob("*") if path.is_file())
    for fingerprint in [event.fingerprint for event in site.events] + [source.fingerprint for source in site.sources]:
        assert fingerprint.encode() not in published


EVENT_WITH_BODY = """\
title: Talks
date: 2015-01-01
summary: They talked.
body: {body}
tags: [trade]
sources:
  - source: daily
    quote: "the ministers met in Tokyo"
"""
