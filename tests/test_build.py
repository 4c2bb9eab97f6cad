"""End to end: the real content built into a site, and the guarantees every build keeps."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.errors import ContentError
from site_builder.loading.content import load_site
from site_builder.project import Project

from conftest import REPO
from linkcheck import broken_links, parse

PROJECT = Project(REPO)


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("real") / "_site"
    build(PROJECT, out)
    return out


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_real_site_has_a_page_per_event_source_and_used_tag(real_site):
    site = load_site(REPO)
    event_files = sorted(p.stem for p in (REPO / "content/events").glob("*.yaml"))
    assert sorted(p.parent.name for p in real_site.glob("events/*/index.html")) == event_files
    source_files = sorted(p.stem for p in (REPO / "content/sources").glob("*.yaml"))
    assert sorted(p.parent.name for p in real_site.glob("sources/*/index.html")) == source_files
    used_tags = sorted({tag.id for event in site.events for tag in event.tags})
    assert sorted(p.parent.name for p in real_site.glob("tags/*/index.html")) == used_tags
    for page in ("index.html", "404.html", "sources/index.html", "tags/index.html", ".nojekyll"):
        assert (real_site / page).is_file(), page


def test_real_content_is_substantial_and_fully_cited():
    site = load_site(REPO)
    assert len(site.events) >= 18
    assert len(site.sources) == 5
    assert all(event.citations for event in site.events)
    assert not site.warnings  # every quote verified against an archive, every tag and source used


def test_every_event_page_shows_its_citations_with_quotes(real_site):
    site = load_site(REPO)
    for event in site.events:
        page = real_site / "events" / event.slug / "index.html"
        html = page.read_text(encoding="utf-8")
        assert parse(page).blockquotes == len(event.citations)
        for citation in event.citations:
            assert citation.source.publisher.replace("&", "&amp;") in html


def test_timeline_lists_every_event_in_chronological_order(real_site):
    site = load_site(REPO)
    html = (real_site / "index.html").read_text(encoding="utf-8")
    positions = [html.index(f'id="{event.slug}"') for event in site.events]
    assert positions == sorted(positions)
    assert [e.sort_key for e in site.events] == sorted(e.sort_key for e in site.events)


def test_every_internal_link_and_asset_resolves(real_site):
    assert broken_links(real_site) == []


def test_404_page_links_use_the_base_path(tmp_path):
    out = tmp_path / "_site"
    build(PROJECT, out, base_url="https://user.github.io/repo/")
    html = (out / "404.html").read_text(encoding="utf-8")
    assert 'href="/repo/static/style.' in html
    assert 'href="/repo/sources/"' in html
    assert broken_links(out, base_path="/repo/") == []


def test_archived_article_text_is_never_published(real_site):
    archives = {p.name for p in (REPO / "content/sources").glob("*.txt")}
    assert archives and not [p for p in real_site.rglob("*") if p.name in archives]
    everything = b"".join(p.read_bytes() for p in real_site.rglob("*") if p.is_file())
    assert b"fleece jackets" not in everything  # advertising that only the archive holds


def test_two_builds_of_the_same_content_are_byte_identical(real_site, tmp_path):
    again = tmp_path / "again"
    build(PROJECT, again)
    assert {k: v[0] for k, v in snapshot(again).items()} == {k: v[0] for k, v in snapshot(real_site).items()}


def test_a_failed_build_leaves_the_previous_site_untouched(tiny):
    out = tiny.root / "_site"
    build(tiny.project, out)
    before = snapshot(out)
    tiny.event("2014-11-03-meeting", "title: [broken\n")
    with pytest.raises(ContentError):
        build(tiny.project, out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tiny.root.iterdir()) == ["_site", "content", "static", "templates"]


def test_a_rebuild_replaces_the_site_whole(tiny):
    out = tiny.root / "_site"
    build(tiny.project, out)
    (tiny.root / "content/events/2014-11-03-meeting.yaml").rename(tiny.root / "content/events/2014-11-04-moved.yaml")
    build(tiny.project, out)
    assert sorted(p.name for p in (out / "events").iterdir()) == ["2014-11-04-moved"]


def test_a_template_error_is_reported_at_the_template_line(tiny):
    templates = tiny.root / "templates"
    templates.unlink()
    templates.mkdir()
    for template in (REPO / "templates").iterdir():
        (templates / template.name).write_text(template.read_text())
    broken = "{% extends 'base.html' %}\n{% block main %}\n{{ nothing_here }}\n{% endblock %}\n"
    (templates / "404.html").write_text(broken)
    with pytest.raises(ContentError) as caught:
        build(tiny.project, tiny.root / "_site")
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("templates/404.html", 3)
    assert "'nothing_here' is undefined" in problem.message


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, capture_output=True, text=True)


def test_cli_check_passes_on_the_real_content():
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")


def test_cli_reports_content_problems_with_exit_1_and_no_traceback(tiny):
    tiny.event("2014-11-03-meeting", "title: Ministers meet\nsumary: x\n")
    for command in ("check", "build"):
        result = run_cli("--project", str(tiny.root), command)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "content/events/2014-11-03-meeting.yaml:2:1: unknown key 'sumary'" in result.stderr
    assert result.stderr.rstrip().endswith("problems in 1 file. Nothing was written.")
    assert not (tiny.root / "_site").exists()


@pytest.mark.parametrize("args", [("frobnicate",), ("build", "--bogus"), ()])
def test_cli_usage_errors_exit_2(args):
    assert run_cli(*args).returncode == 2


@pytest.mark.parametrize("args", [("--help",), ("build", "--help"), ("check", "--help"), ("serve", "--help")])
def test_cli_help(args):
    result = run_cli(*args)
    assert result.returncode == 0
    assert "usage:" in result.stdout


def test_python_dash_m_runs_the_same_command_line():
    result = subprocess.run([sys.executable, "-m", "site_builder", "check"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_cli_build_writes_the_site(tiny):
    result = run_cli("--project", str(tiny.root), "build", "--out", str(tiny.root / "public"))
    assert result.returncode == 0, result.stderr
    assert (tiny.root / "public/events/2014-11-03-meeting/index.html").is_file()
