"""Rebuilding in memory: an edit re-renders the pages that show what changed, and no others."""

from __future__ import annotations

import pytest

from site_builder.build import SiteBuilder
from site_builder.errors import ContentError
from site_builder.site.plan import url_for

EVENT = "2014-02-14-rakuten-buys-viber"


def rebuild_after_edit(builder: SiteBuilder, path, old: str, new: str):
    """Save a changed file, tell the builder (as serve's watcher does), and build again."""
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    builder.forget([path])
    return builder.build()


def test_first_build_renders_every_page(project):
    result = SiteBuilder(project).build()
    assert result.rendered == result.pages
    assert result.removed == frozenset()


def test_nothing_changed_renders_nothing(project):
    builder = SiteBuilder(project)
    builder.build()
    again = builder.build()
    assert (again.rendered, again.changed, again.removed) == (0, frozenset(), frozenset())


def test_editing_one_event_re_renders_only_the_pages_that_show_it(project):
    builder = SiteBuilder(project)
    builder.build()
    path = project.content / f"events/{EVENT}.yaml"
    result = rebuild_after_edit(builder, path, "title: Rakuten buys Israeli", "title: Rakuten buys the Israeli")
    site = result.site
    index = [e.slug for e in site.events].index(EVENT)
    event = site.events[index]
    expected = {
        f"events/{EVENT}/index.html",
        f"events/{site.events[index - 1].slug}/index.html",  # its neighbours link to it by title
        f"events/{site.events[index + 1].slug}/index.html",
        "index.html",
        "events.json",  # the timeline's search index holds its title
        *(f"tags/{tag.id}/index.html" for tag in event.tags),
        *(f"{url_for(named)}index.html" for named in event.people + event.places),
        *(f"sources/{citation.source.id}/index.html" for citation in event.citations),
    }
    assert set(result.changed) == expected
    assert result.rendered == len(expected) < result.pages / 3


def test_editing_a_body_leaves_pages_that_do_not_show_the_body_alone_but_keeps_them_current(project):
    builder = SiteBuilder(project)
    builder.build()
    path = project.content / f"events/{EVENT}.yaml"
    result = rebuild_after_edit(builder, path, "Writing in November 2014", "Writing on 3 November 2014")
    # the neighbours' context holds the whole event, so they re-render, but their bytes are unchanged
    assert set(result.changed) == {f"events/{EVENT}/index.html"}


def test_a_template_edit_re_renders_every_page(project):
    builder = SiteBuilder(project)
    first = builder.build()
    result = rebuild_after_edit(builder, project.templates / "base.html", "Skip to content", "Skip to the content")
    assert result.rendered == first.pages
    assert {p for p in result.changed if p.endswith(".html")} == {p for p in first.manifest if p.endswith(".html")}


def test_a_site_yaml_edit_re_renders_every_page(project):
    builder = SiteBuilder(project)
    first = builder.build()
    result = rebuild_after_edit(
        builder, project.content / "site.yaml", "title: Israel and Japan", "title: Israel & Japan"
    )
    assert result.rendered == first.pages


def test_deleting_an_event_removes_its_page(project):
    builder = SiteBuilder(project)
    builder.build()
    path = project.content / f"events/{EVENT}.yaml"
    path.unlink()
    builder.forget([path])
    result = builder.build()
    assert result.removed == {f"events/{EVENT}/index.html"}


def test_a_broken_edit_keeps_the_previous_state_for_the_next_good_build(project):
    builder = SiteBuilder(project)
    builder.build()
    path = project.content / f"events/{EVENT}.yaml"
    good = path.read_text()
    path.write_text("title: [\n")
    builder.forget([path])
    with pytest.raises(ContentError):
        builder.build()
    path.write_text(good)
    builder.forget([path])
    result = builder.build()
    assert (result.rendered, result.changed) == (0, frozenset())
