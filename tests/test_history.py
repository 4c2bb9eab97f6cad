"""Freshness from git: when each event was added and last changed, in the feed, the sitemap and on its page."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.loading.content import load_site
from site_builder.loading.history import Moment, head_state, read_history
from site_builder.site.render import event_json_ld

from conftest import TinySite

BASE = "https://example.org/tl/"
DAY = 86_400
FIRST = 1_600_000_000  # 13 September 2020, 12:26:40 UTC


def git(root: Path, *args: str, when: int = FIRST) -> str:
    stamp = f"@{when} +0000"
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("GIT_")},
        "GIT_AUTHOR_NAME": "Curator",
        "GIT_AUTHOR_EMAIL": "curator@example.org",
        "GIT_COMMITTER_NAME": "Curator",
        "GIT_COMMITTER_EMAIL": "curator@example.org",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    done = subprocess.run(["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout


def commit(root: Path, when: int) -> None:
    git(root, "add", "-A", "content")
    git(root, "commit", "-q", "-m", "content", when=when)


@pytest.fixture
def repo(tiny):
    git(tiny.root, "init", "-q", "-b", "main")
    commit(tiny.root, FIRST)
    return tiny


def test_each_event_file_has_the_dates_of_its_first_and_last_commit(repo):
    repo.edit("content/events/2014-11-03-meeting.yaml", "The ministers met.", "The ministers met at last.")
    commit(repo.root, FIRST + 10 * DAY)
    dates = read_history(repo.root).of("2014-11-03-meeting")
    assert dates is not None
    assert (dates.added, dates.changed) == (Moment(FIRST), Moment(FIRST + 10 * DAY))


def test_moments_are_written_as_atom_sitemaps_and_readers_want_them():
    moment = Moment(FIRST)
    assert (moment.iso(), moment.day(), moment.human()) == ("2020-09-13T12:26:40Z", "2020-09-13", "13 September 2020")


def test_a_renamed_event_is_dated_from_its_new_name(repo):
    (repo.root / "content/events/2014-11-03-meeting.yaml").rename(repo.root / "content/events/2014-11-03-talks.yaml")
    commit(repo.root, FIRST + DAY)
    history = read_history(repo.root)
    assert history.of("2014-11-03-talks") is not None
    assert history.of("2014-11-03-talks").added == Moment(FIRST + DAY)


def test_a_project_outside_git_has_no_dates(tiny):
    assert read_history(tiny.root).events == {}


def test_a_shallow_clone_has_no_dates_rather_than_wrong_ones(repo, tmp_path):
    repo.edit("content/events/2014-11-03-meeting.yaml", "The ministers met.", "The ministers met again.")
    commit(repo.root, FIRST + DAY)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    assert read_history(clone).events == {}


def test_the_history_is_read_again_only_when_a_commit_moves_the_head(repo, monkeypatch):
    first = read_history(repo.root)
    assert read_history(repo.root, first) is first
    repo.edit("content/events/2014-11-03-meeting.yaml", "The ministers met.", "They met.")
    commit(repo.root, FIRST + DAY)
    assert read_history(repo.root, first).of("2014-11-03-meeting").changed == Moment(FIRST + DAY)


def test_the_feed_offers_a_newly_added_old_event_as_new(repo, tmp_path):
    repo.event(
        "1952-05-15-long-ago",
        """\
        title: Something long ago
        date: 1952-05-15
        summary: It happened long ago.
        tags: [trade]
        sources: [{source: daily, quote: "the ministers met in Tokyo"}]
        """,
    )
    commit(repo.root, FIRST + 30 * DAY)
    build(repo.project, tmp_path / "out", BASE)
    feed = (tmp_path / "out/feed.xml").read_text()
    assert feed.index("Something long ago") < feed.index("Ministers meet in Tokyo")
    assert "<published>2020-10-13T12:26:40Z</published>" in feed
    assert "<updated>2020-10-13T12:26:40Z</updated>" in feed.split("<entry>")[0]  # the feed's own date


def test_an_entry_is_updated_when_its_file_last_changed(repo, tmp_path):
    repo.edit("content/events/2014-11-03-meeting.yaml", "The ministers met.", "The ministers met at last.")
    commit(repo.root, FIRST + 2 * DAY)
    build(repo.project, tmp_path / "out", BASE)
    [entry] = (tmp_path / "out/feed.xml").read_text().split("<entry>")[1:]
    assert "<published>2020-09-13T12:26:40Z</published>" in entry
    assert "<updated>2020-09-15T12:26:40Z</updated>" in entry


def test_the_sitemap_gives_each_event_page_its_last_change(repo, tmp_path):
    build(repo.project, tmp_path / "out", BASE)
    sitemap = (tmp_path / "out/sitemap.xml").read_text()
    assert f"<loc>{BASE}events/2014-11-03-meeting/</loc><lastmod>2020-09-13T12:26:40Z</lastmod>" in sitemap
    assert f"<loc>{BASE}</loc></url>" in sitemap  # pages with no file of their own carry no date


def test_without_history_the_feed_has_no_published_date_and_stays_reproducible(tiny, tmp_path):
    build(tiny.project, tmp_path / "one", BASE)
    build(tiny.project, tmp_path / "two", BASE)
    one = (tmp_path / "one/feed.xml").read_text()
    assert "<published>" not in one and "lastmod" not in (tmp_path / "one/sitemap.xml").read_text()
    assert one == (tmp_path / "two/feed.xml").read_text()


def test_a_commit_that_changes_no_file_still_rebuilds_the_dates(repo, tmp_path):
    cache = tmp_path / "cache"
    assert build(repo.project, tmp_path / "out", BASE, cache_dir=cache).site is not None
    assert build(repo.project, tmp_path / "out", BASE, cache_dir=cache).up_to_date
    git(repo.root, "commit", "-q", "--allow-empty", "-m", "nothing", when=FIRST + DAY)
    assert not build(repo.project, tmp_path / "out", BASE, cache_dir=cache).up_to_date


def test_structured_data_says_when_the_page_was_published_and_modified_and_when_the_happening_was(repo):
    repo.edit("content/events/2014-11-03-meeting.yaml", "The ministers met.", "The ministers met at last.")
    commit(repo.root, FIRST + 2 * DAY)
    [event] = load_site(repo.root).events
    data = event_json_ld(event, BASE, read_history(repo.root).of(event.slug))
    assert data["@type"] == "Article"  # not an Event: search engines expect a venue's address there
    assert (data["temporalCoverage"], data["datePublished"], data["dateModified"]) == (
        "2014-11-03",
        "2020-09-13T12:26:40Z",
        "2020-09-15T12:26:40Z",
    )


def test_the_event_page_says_when_it_was_added_and_last_changed(repo, tmp_path):
    repo.edit("content/events/2014-11-03-meeting.yaml", "The ministers met.", "The ministers met at last.")
    commit(repo.root, FIRST + 2 * DAY)
    build(repo.project, tmp_path / "out", BASE)
    page = (tmp_path / "out/events/2014-11-03-meeting/index.html").read_text()
    assert (
        'Added to the timeline <time datetime="2020-09-13">13 September 2020</time>; '
        'last changed <time datetime="2020-09-15">15 September 2020</time>.'
    ) in page


def test_without_history_the_event_page_gives_no_dates_rather_than_the_build_time(tiny, tmp_path):
    build(tiny.project, tmp_path / "out", BASE)
    assert "Added to the timeline" not in (tmp_path / "out/events/2014-11-03-meeting/index.html").read_text()


def test_a_project_outside_git_never_runs_git(tiny, monkeypatch):
    def no_git(*args, **kwargs):
        raise AssertionError(f"git was run: {args}")

    monkeypatch.setattr(subprocess, "run", no_git)
    assert head_state(tiny.root) == ""
    assert read_history(tiny.root).events == {}


def test_a_project_in_a_subfolder_of_a_checkout_is_dated_through_git(tmp_path):
    site = TinySite(tmp_path / "repo" / "site")
    git(tmp_path / "repo", "init", "-q", "-b", "main")
    git(tmp_path / "repo", "add", "-A", "site/content")
    git(tmp_path / "repo", "commit", "-q", "-m", "content")
    assert head_state(site.root) != ""
    dates = read_history(site.root).of("2014-11-03-meeting")
    assert dates is not None and dates.added == Moment(FIRST)
