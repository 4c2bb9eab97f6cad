"""While `serve` trusts its watcher, a rebuild reads the disk only where the watcher saw a change:
unchanged files are not checked again and unchanged folders are not listed again."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from site_builder.builder import SiteBuilder
from site_builder.errors import ContentError
from site_builder.loading import filecache, files
from site_builder.serve import live as live_module

from conftest import TinySite


@pytest.fixture
def trusting(tiny: TinySite) -> SiteBuilder:
    tiny.add_events(8)
    builder = SiteBuilder(tiny.project, jobs=1)
    builder.build()
    builder.files.start_trusting()
    builder.build()  # the first build after the watcher starts checks everything once
    return builder


class DiskReads:
    """Counts the files looked at (their status read, their digest checked) and the folders listed, by name."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.looked_at: list[str] = []
        self.listed: list[str] = []
        signature, problem, scandir = filecache.file_signature, files.file_problem, os.scandir

        def checked(path: Path):  # type: ignore[no-untyped-def]
            self.looked_at.append(path.name)
            return signature(path)

        def looked_at(context, path, entry=None):  # type: ignore[no-untyped-def]
            self.looked_at.append(path.name)
            return problem(context, path, entry)

        def listed(folder):  # type: ignore[no-untyped-def]
            self.listed.append(Path(folder).name)
            return scandir(folder)

        monkeypatch.setattr(filecache, "file_signature", checked)
        monkeypatch.setattr(files, "file_problem", looked_at)
        monkeypatch.setattr(files.os, "scandir", listed)


def title(builder: SiteBuilder, slug: str) -> str:
    site = builder.build().site
    assert site is not None
    return next(event.title for event in site.events if event.slug == slug)


def test_a_reported_save_is_built_reading_only_that_file(tiny, trusting, monkeypatch):
    reads = DiskReads(monkeypatch)
    saved = tiny.edit("content/events/2014-11-03-meeting.yaml", "title: ", "title: Saved, ")
    trusting.forget([saved])
    assert title(trusting, "2014-11-03-meeting").startswith("Saved, ")
    assert reads.looked_at == ["2014-11-03-meeting.yaml"]
    assert not {"events", "sources"}.intersection(reads.listed)  # templates/ and static/ are small: listed each time


def test_a_change_the_watcher_did_not_report_is_not_looked_for(tiny, trusting):
    before = title(trusting, "2014-11-03-meeting")
    tiny.edit("content/events/2014-11-03-meeting.yaml", "title: ", "title: Unreported, ")
    assert title(trusting, "2014-11-03-meeting") == before
    assert title(SiteBuilder(tiny.project, jobs=1), "2014-11-03-meeting").startswith("Unreported, ")


def test_a_reported_new_file_and_a_reported_deletion_are_seen(tiny, trusting):
    meeting = tiny.root / "content/events/2014-11-03-meeting.yaml"
    copy = tiny.write("content/events/2015-01-01-copy.yaml", meeting.read_text())
    trusting.forget([copy])
    site = trusting.build().site
    assert site is not None and "2015-01-01-copy" in {event.slug for event in site.events}
    copy.unlink()
    trusting.forget([copy])
    site = trusting.build().site
    assert site is not None and "2015-01-01-copy" not in {event.slug for event in site.events}


def test_a_reported_new_folder_among_the_events_is_a_problem(tiny, trusting):
    folder = tiny.root / "content/events/drafts.yaml"
    folder.mkdir()
    trusting.forget([folder])
    with pytest.raises(ContentError, match="this is a folder, not a file"):
        trusting.build()
    folder.rmdir()
    trusting.forget([folder])
    assert trusting.build().site is not None


def test_a_folder_moved_away_and_back_is_read_again(tiny, trusting):
    events = tiny.root / "content/events"
    away = tiny.root / "elsewhere"
    events.rename(away)
    trusting.forget([events])
    meeting = away / "2014-11-03-meeting.yaml"
    meeting.write_text(meeting.read_text().replace("title: ", "title: Moved, ", 1))
    away.rename(events)
    trusting.forget([events])
    assert title(trusting, "2014-11-03-meeting").startswith("Moved, ")


def test_a_file_written_and_closed_is_built_at_once_and_anything_else_waits_to_settle(tiny, monkeypatch):
    monkeypatch.setattr(live_module, "QUIET_PERIOD", 60.0)  # longer than the test waits
    live = live_module.LiveSite(tiny.project, tiny.root / "_site", log=lambda line: None)
    built: list[set[Path]] = []
    monkeypatch.setattr(live, "rebuild", lambda paths: built.append(paths) or False)
    worker = threading.Thread(target=live.run, args=(lambda: None,), daemon=True)
    worker.start()
    try:
        meeting = tiny.root / "content/events/2014-11-03-meeting.yaml"
        live.notice(meeting)  # written: more may follow
        live.notice(tiny.root / "content/site.yaml", written=True)  # closed, but another file is pending
        time.sleep(0.3)
        assert built == []
        live.notice(meeting, written=True)  # still two files: a burst (a checkout), left to settle
        time.sleep(0.3)
        assert built == []
    finally:
        live.stop()
        worker.join(5)
    saved = live_module.LiveSite(tiny.project, tiny.root / "_site", log=lambda line: None)
    monkeypatch.setattr(saved, "rebuild", lambda paths: built.append(paths) or False)
    worker = threading.Thread(target=saved.run, args=(lambda: None,), daemon=True)
    worker.start()
    try:
        saved.notice(meeting)
        saved.notice(meeting, written=True)  # one file, written and closed: the save is whole
        deadline = time.monotonic() + 5
        while not built and time.monotonic() < deadline:
            time.sleep(0.01)
        assert built == [{meeting}]
    finally:
        saved.stop()
        worker.join(5)
