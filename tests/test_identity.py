"""Each event and source is itself: a copy under a new name is a new object with its own origin.

Fingerprints and the card cache let an object's `origin` stand for the whole object, so two
objects that are different must never share one, even when their files hold the same bytes.
"""

import shutil

from site_builder.loading.content import load_site


def test_a_copied_event_file_is_a_second_event_with_its_own_origin(tiny):
    events = tiny.root / "content/events"
    shutil.copyfile(events / "2014-11-03-meeting.yaml", events / "2014-11-03-meeting-copy.yaml")
    original, copy = load_site(tiny.root).events
    assert (original.slug, copy.slug) == ("2014-11-03-meeting", "2014-11-03-meeting-copy")
    assert original.origin != copy.origin


def test_a_copied_source_file_is_a_second_source_with_its_own_origin(tiny):
    sources = tiny.root / "content/sources"
    shutil.copyfile(sources / "daily.yaml", sources / "daily-copy.yaml")
    original, copy = sorted(load_site(tiny.root).sources, key=lambda source: source.id)
    assert (original.id, copy.id) == ("daily", "daily-copy")
    assert original.origin != copy.origin


def test_an_edited_archive_changes_the_origin_of_its_source(tiny):
    before = load_site(tiny.root).sources[0].origin
    archive = tiny.root / "content/sources/daily.txt"
    archive.write_text(archive.read_text() + "A second paragraph.\n")
    assert load_site(tiny.root).sources[0].origin != before
