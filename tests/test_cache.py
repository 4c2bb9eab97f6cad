"""The persistent cache and the output writer: warm builds redo only what changed, and stay exact."""

from __future__ import annotations

import pickle
import shutil
import time
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.errors import OutputError
from site_builder.project import Project
from site_builder.publishing.cache import CACHE_FORMAT
from site_builder.publishing.output import MARKER, read_manifest

from conftest import TinyEvent, TinySite
from linkcheck import broken_links


@pytest.fixture
def events(tiny: TinySite) -> list[TinyEvent]:
    return tiny.add_events(20)


def cached_build(project: Project):
    return build(project, project.root / "_site", cache_dir=project.root / ".cache", jobs=1)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.usefixtures("events")
def test_a_warm_build_with_nothing_changed_renders_and_writes_nothing(tiny):
    first = cached_build(tiny.project)
    assert first.rendered == first.pages and (tiny.root / f".cache/site-builder-{CACHE_FORMAT}.pickle").is_file()
    mtimes = {p: p.stat().st_mtime_ns for p in (tiny.root / "_site").rglob("*")}
    again = cached_build(tiny.project)
    assert (again.rendered, again.written) == (0, 0)
    assert {p: p.stat().st_mtime_ns for p in (tiny.root / "_site").rglob("*")} == mtimes


def test_a_warm_build_re_renders_only_the_pages_whose_inputs_changed(tiny, events):
    cached_build(tiny.project)
    event = events[10]
    tiny.edit(event.file, f"title: {event.title}", "title: A new title")
    result = cached_build(tiny.project)  # a new builder: all it knows comes from .cache/
    assert f"events/{event.slug}/index.html" in result.changed
    assert 5 < result.rendered < result.pages / 3
    assert result.written == len(result.changed)


@pytest.mark.usefixtures("events")
def test_a_template_change_re_renders_everything(tiny):
    tiny.own("templates")
    first = cached_build(tiny.project)
    tiny.edit("templates/base.html", "</body>", "<!-- edited --></body>")
    assert cached_build(tiny.project).rendered == first.pages


@pytest.mark.usefixtures("events")
@pytest.mark.parametrize("damage", ["garbage", "truncated", "old-format"])
def test_a_corrupt_or_old_cache_is_ignored(tiny, damage):
    first = cached_build(tiny.project)
    cache = tiny.root / f".cache/site-builder-{CACHE_FORMAT}.pickle"
    if damage == "garbage":
        cache.write_bytes(b"\x00not a pickle at all")
    elif damage == "truncated":
        cache.write_bytes(cache.read_bytes()[: cache.stat().st_size // 2])
    else:
        stored = pickle.loads(cache.read_bytes())
        stored["key"] = (0, (2, 7), "0.0.1")
        cache.write_bytes(pickle.dumps(stored))
    shutil.rmtree(tiny.root / "_site")
    result = cached_build(tiny.project)
    assert result.rendered == first.pages
    assert broken_links(tiny.root / "_site") == []


def test_cached_and_uncached_builds_are_byte_identical(tiny, events, tmp_path):
    cached_build(tiny.project)
    tiny.edit(events[10].file, f"title: {events[10].title}", "title: A new title")
    cached_build(tiny.project)  # partly from the cache
    uncached = tmp_path / "uncached"
    build(tiny.project, uncached, jobs=1)
    assert files(uncached).keys() == files(tiny.root / "_site").keys()
    for name, data in files(uncached).items():
        if name != MARKER:
            assert files(tiny.root / "_site")[name] == data, name


@pytest.mark.usefixtures("events")
def test_parallel_and_serial_builds_are_byte_identical(tiny, tmp_path):
    from site_builder import parallel

    serial, forked = tmp_path / "serial", tmp_path / "forked"
    build(tiny.project, serial, jobs=1)
    minimum, parallel.MIN_PARALLEL = parallel.MIN_PARALLEL, 1  # force the fork even for a small site
    try:
        build(tiny.project, forked, jobs=2)
    finally:
        parallel.MIN_PARALLEL = minimum
    assert files(serial) == files(forked)


def test_the_output_lists_what_it_holds_and_a_rebuild_swaps_trees_whole(tiny, events):
    cached_build(tiny.project)
    out = tiny.root / "_site"
    manifest = read_manifest(out)
    assert set(manifest) == set(files(out)) - {MARKER}
    (tiny.root / events[10].file).unlink()
    cached_build(tiny.project)
    assert not (out / f"events/{events[10].slug}").exists()
    assert (tiny.root / "._site.staging" / f"events/{events[10].slug}/index.html").exists()  # the previous tree


def test_a_build_without_the_cache_leaves_no_cache(tiny):
    build(tiny.project, tiny.root / "_site", jobs=1)
    assert not (tiny.root / ".cache").exists()


def test_a_long_timeline_gets_one_page_per_year(tiny):
    tiny.write("content/site.yaml", (tiny.root / "content/site.yaml").read_text() + "timeline_page_size: 1\n")
    tiny.event(
        "2015-01-02-later",
        """\
        title: A later meeting
        date: 2015-01-02
        summary: They met again.
        sources: [{source: daily, quote: "the ministers met"}]
        """,
    )
    out = tiny.root / "_site"
    build(tiny.project, out, jobs=1)
    assert (out / "years/2014/index.html").is_file() and (out / "years/2015/index.html").is_file()
    home = (out / "index.html").read_text()
    assert "A later meeting" in home and "Ministers meet in Tokyo" not in home  # the latest year only
    assert 'href="./years/2014/"' in home
    event_page = (out / "events/2014-11-03-meeting/index.html").read_text()
    assert 'href="../../years/2014/#2014-11-03-meeting"' in event_page
    assert broken_links(out) == []


@pytest.mark.usefixtures("events")
def test_an_unchanged_project_is_found_up_to_date_without_loading(tiny):
    cached_build(tiny.project)
    assert cached_build(tiny.project).up_to_date


OUTPUT_CHANGES = ["output removed", "output added", "output rewritten", "output resized", "output folder added"]


@pytest.mark.parametrize("change", ["edit", "add", "delete", "output", "template", *OUTPUT_CHANGES])
def test_any_change_to_inputs_or_output_defeats_the_up_to_date_check(tiny, events, change):
    tiny.own("templates")
    cached_build(tiny.project)
    event = tiny.root / events[10].file
    if change == "edit":
        tiny.edit(events[10].file, "summary: In short", "summary: Briefly")
    elif change == "add":
        shutil.copy(event, tiny.root / "content/events/2014-02-15-copy.yaml")
    elif change == "delete":
        event.unlink()
    elif change == "output":
        (tiny.root / "_site/index.html").unlink()
        (tiny.root / "_site" / MARKER).write_text("{}")
    elif change in OUTPUT_CHANGES:  # by hand, the marker left as the build wrote it
        page = tiny.root / "_site" / f"events/{events[3].slug}/index.html"
        if change == "output removed":
            page.unlink()
        elif change == "output added":
            (page.parent / "notes.txt").write_text("mine")
        elif change == "output rewritten":  # the same number of bytes, a moment later
            time.sleep(0.01)
            page.write_bytes(page.read_bytes().upper())
        elif change == "output resized":
            page.write_bytes(page.read_bytes() + b" ")
        else:
            (page.parent / "drafts").mkdir()
    else:
        (tiny.root / "templates/404.html").write_text((tiny.root / "templates/404.html").read_text() + " ")
    if change == "output added":  # found, so the build looks at the output and refuses to lose the file
        with pytest.raises(OutputError, match=r"notes\.txt"):
            cached_build(tiny.project)
        return
    result = cached_build(tiny.project)
    assert not result.up_to_date and result.site is not None
