"""Rebuilding in memory: an edit re-renders the pages that show what changed, and no others."""

from __future__ import annotations

import pytest

from site_builder.builder import SiteBuilder
from site_builder.errors import ContentError

from conftest import TinyEvent, TinySite


@pytest.fixture
def events(tiny: TinySite) -> list[TinyEvent]:
    return tiny.add_events(20)


def rebuild_after_edit(builder: SiteBuilder, tiny: TinySite, relative: str, old: str, new: str):
    """Save a changed file, tell the builder (as serve's watcher does), and build again."""
    builder.forget([tiny.edit(relative, old, new)])
    return builder.build()


@pytest.mark.usefixtures("events")
def test_first_build_renders_every_page(tiny):
    result = SiteBuilder(tiny.project).build()
    assert result.rendered == result.pages
    assert result.removed == frozenset()


@pytest.mark.usefixtures("events")
def test_nothing_changed_renders_nothing(tiny):
    builder = SiteBuilder(tiny.project)
    builder.build()
    again = builder.build()
    assert (again.rendered, again.changed, again.removed) == (0, frozenset(), frozenset())


def test_editing_one_event_re_renders_only_the_pages_that_show_it(tiny, events):
    builder = SiteBuilder(tiny.project)
    builder.build()
    before, event, after = events[9:12]
    result = rebuild_after_edit(builder, tiny, event.file, f"title: {event.title}", "title: A new title")
    expected = {
        f"events/{event.slug}/index.html",
        f"events/{before.slug}/index.html",  # its neighbours link to it by title
        f"events/{after.slug}/index.html",
        "index.html",
        "events.json",  # the timeline's search index holds its title
        "data.json",  # and the open data every field
        "timeline.json",  # the other exports show its title too
        "events.csv",
        "events.ics",
        f"years/{event.slug[:4]}/index.html",  # its year's page, in both views
        f"events/years/{event.slug[:4]}/index.html",
        "events/index.html",  # and the list view
        f"tags/{event.tag}/index.html",
        f"people/{event.person_slug}/index.html",
        f"places/{event.place_slug}/index.html",
        f"sources/{event.source}/index.html",
    }
    assert set(result.changed) == expected
    assert result.rendered == len(expected) < result.pages / 3


def test_editing_a_body_leaves_pages_that_do_not_show_the_body_alone_but_keeps_them_current(tiny, events):
    builder = SiteBuilder(tiny.project)
    builder.build()
    event = events[10]
    result = rebuild_after_edit(builder, tiny, event.file, event.body, "A different body.")
    # the neighbours' context holds the whole event, so they re-render, but their bytes are unchanged
    # the body's words are searchable: the timeline's search index changes too
    assert set(result.changed) == {f"events/{event.slug}/index.html", "data.json", "events.json"}


@pytest.mark.usefixtures("events")
def test_a_template_edit_re_renders_every_page(tiny):
    tiny.own("templates")
    builder = SiteBuilder(tiny.project)
    first = builder.build()
    result = rebuild_after_edit(builder, tiny, "templates/base.html", "</body>", "<!-- edited --></body>")
    assert result.rendered == first.pages
    assert {p for p in result.changed if p.endswith(".html")} == {p for p in first.manifest if p.endswith(".html")}


@pytest.mark.usefixtures("events")
def test_a_site_yaml_edit_re_renders_every_page(tiny):
    builder = SiteBuilder(tiny.project)
    first = builder.build()
    result = rebuild_after_edit(builder, tiny, "content/site.yaml", "title: Test Timeline", "title: Test & Timeline")
    assert result.rendered == first.pages


def test_deleting_an_event_removes_its_page(tiny, events):
    builder = SiteBuilder(tiny.project)
    builder.build()
    path = tiny.root / events[10].file
    path.unlink()
    builder.forget([path])
    result = builder.build()
    assert result.removed == {f"events/{events[10].slug}/index.html"}


def test_a_broken_edit_keeps_the_previous_state_for_the_next_good_build(tiny, events):
    builder = SiteBuilder(tiny.project)
    builder.build()
    path = tiny.root / events[10].file
    good = path.read_text()
    path.write_text("title: [\n")
    builder.forget([path])
    with pytest.raises(ContentError):
        builder.build()
    path.write_text(good)
    builder.forget([path])
    result = builder.build()
    assert (result.rendered, result.changed) == (0, frozenset())
