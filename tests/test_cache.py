"""The persistent cache and the output writer: warm builds redo only what changed, and stay exact."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.project import Project
from site_builder.publishing.cache import CACHE_FORMAT
from site_builder.publishing.output import MARKER, read_manifest

from linkcheck import broken_links

EVENT = "2014-02-14-rakuten-buys-viber"


def cached_build(project: Project):
    return build(project, project.root / "_site", cache_dir=project.root / ".cache", jobs=1)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_warm_build_with_nothing_changed_renders_and_writes_nothing(project):
    first = cached_build(project)
    assert first.rendered == first.pages and (project.root / f".cache/site-builder-{CACHE_FORMAT}.pickle").is_file()
    mtimes = {p: p.stat().st_mtime_ns for p in (project.root / "_site").rglob("*")}
    again = cached_build(project)
    assert (again.rendered, again.written) == (0, 0)
    assert {p: p.stat().st_mtime_ns for p in (project.root / "_site").rglob("*")} == mtimes


def test_a_warm_build_re_renders_only_the_pages_whose_inputs_changed(project):
    cached_build(project)
    path = project.content / f"events/{EVENT}.yaml"
    path.write_text(path.read_text().replace("title: Rakuten buys Israeli", "title: Rakuten buys the Israeli"))
    result = cached_build(project)  # a new builder: all it knows comes from .cache/
    assert f"events/{EVENT}/index.html" in result.changed
    assert 5 < result.rendered < 15 < result.pages
    assert result.written == len(result.changed)


def test_a_template_change_re_renders_everything(project):
    first = cached_build(project)
    template = project.templates / "base.html"
    template.write_text(template.read_text().replace("Skip to content", "Skip to the content"))
    assert cached_build(project).rendered == first.pages


@pytest.mark.parametrize("damage", ["garbage", "truncated", "old-format"])
def test_a_corrupt_or_old_cache_is_ignored(project, damage):
    first = cached_build(project)
    cache = project.root / f".cache/site-builder-{CACHE_FORMAT}.pickle"
    if damage == "garbage":
        cache.write_bytes(b"\x00not a pickle at all")
    elif damage == "truncated":
        cache.write_bytes(cache.read_bytes()[:1000])
    else:
        stored = pickle.loads(cache.read_bytes())
        stored["key"] = (0, (2, 7), "0.0.1")
        cache.write_bytes(pickle.dumps(stored))
    shutil.rmtree(project.root / "_site")
    result = cached_build(project)
    assert result.rendered == first.pages
    assert broken_links(project.root / "_site") == []


def test_cached_and_uncached_builds_are_byte_identical(project, tmp_path):
    cached_build(project)
    path = project.content / f"events/{EVENT}.yaml"
    path.write_text(path.read_text().replace("title: Rakuten buys Israeli", "title: Rakuten buys the Israeli"))
    cached_build(project)  # partly from the cache
    uncached = tmp_path / "uncached"
    build(project, uncached, jobs=1)
    assert files(uncached).keys() == files(project.root / "_site").keys()
    for name, data in files(uncached).items():
        if name != MARKER:
            assert files(project.root / "_site")[name] == data, name


def test_parallel_and_serial_builds_are_byte_identical(project, tmp_path):
    from site_builder.site import parallel

    serial, forked = tmp_path / "serial", tmp_path / "forked"
    build(project, serial, jobs=1)
    minimum, parallel.MIN_PARALLEL = parallel.MIN_PARALLEL, 1  # force the fork even for a small site
    try:
        build(project, forked, jobs=2)
    finally:
        parallel.MIN_PARALLEL = minimum
    assert files(serial) == files(forked)


def test_the_output_lists_what_it_holds_and_a_rebuild_swaps_trees_whole(project):
    cached_build(project)
    out = project.root / "_site"
    manifest = read_manifest(out)
    assert set(manifest) == set(files(out)) - {MARKER}
    path = project.content / f"events/{EVENT}.yaml"
    path.unlink()
    cached_build(project)
    assert not (out / f"events/{EVENT}").exists()
    assert (project.root / "._site.staging" / f"events/{EVENT}/index.html").exists()  # the previous tree


def test_a_build_without_the_cache_leaves_no_cache(project):
    build(project, project.root / "_site", jobs=1)
    assert not (project.root / ".cache").exists()


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


def test_an_unchanged_project_is_found_up_to_date_without_loading(project):
    cached_build(project)
    assert cached_build(project).up_to_date


@pytest.mark.parametrize("change", ["edit", "add", "delete", "output", "template"])
def test_any_change_to_inputs_or_output_defeats_the_up_to_date_check(project, change):
    cached_build(project)
    event = project.content / f"events/{EVENT}.yaml"
    if change == "edit":
        event.write_text(event.read_text().replace("summary: Japanese online", "summary: The Japanese online"))
    elif change == "add":
        shutil.copy(event, project.content / "events/2014-02-15-copy.yaml")
    elif change == "delete":
        event.unlink()
    elif change == "output":
        (project.root / "_site/index.html").unlink()
        (project.root / "_site" / MARKER).write_text("{}")
    else:
        (project.templates / "404.html").write_text((project.templates / "404.html").read_text() + " ")
    result = cached_build(project)
    assert not result.up_to_date and result.site is not None
