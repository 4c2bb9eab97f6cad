"""End to end: sites built whole, the one golden build of the real content, and the guarantees every build keeps."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markupsafe import escape

from site_builder.build import build
from site_builder.errors import ContentError
from site_builder.loading.content import load_site
from site_builder.project import Project
from site_builder.site import render

from conftest import REPO
from linkcheck import broken_links, parse
from sample_site import EVENTS, SOURCES, write_sample_site


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def digests(folder: Path) -> dict[str, str]:
    return {path: file_digest for path, (file_digest, _) in snapshot(folder).items()}


def test_the_real_content_builds_into_a_complete_sound_site(tmp_path):
    """The golden test: whatever the curators write, the real site is whole, linked, verified and stable."""
    site = load_site(REPO)
    assert site.warnings == ()  # every quote verified against its archive, every tag and source used
    out = tmp_path / "_site"
    build(Project(REPO), out, base_url="https://example.github.io/repo/")

    def pages_under(section: str) -> list[str]:
        return sorted(p.parent.name for p in out.glob(f"{section}/*/index.html"))

    assert pages_under("events") == sorted(p.stem for p in (REPO / "content/events").glob("*.yaml"))
    assert pages_under("sources") == sorted(p.stem for p in (REPO / "content/sources").glob("*.yaml"))
    assert pages_under("tags") == sorted({tag.id for event in site.events for tag in event.tags})
    assert broken_links(out, base_path="/repo/") == []
    archives = {p.name for p in (REPO / "content/sources").glob("*.txt")}
    assert archives and not [p for p in out.rglob("*") if p.name in archives]
    again = tmp_path / "again"
    build(Project(REPO), again, base_url="https://example.github.io/repo/")
    assert digests(again) == digests(out)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Project:
    return write_sample_site(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def sample_site(sample) -> Path:
    out = sample.root / "_site"
    build(sample, out)
    return out


def test_every_event_source_and_used_tag_has_a_page(sample_site):
    assert sorted(p.parent.name for p in sample_site.glob("events/*/index.html")) == sorted(EVENTS)
    assert sorted(p.parent.name for p in sample_site.glob("sources/*/index.html")) == sorted(SOURCES)
    assert sorted(p.parent.name for p in sample_site.glob("tags/*/index.html")) == [
        "council",
        "ferry",
        "festival",
        "market",
    ]
    for page in ("index.html", "404.html", "sources/index.html", "tags/index.html", "people/index.html"):
        assert (sample_site / page).is_file(), page


def test_the_site_tells_github_pages_to_publish_it_as_it_is(sample_site):
    assert (sample_site / ".nojekyll").read_bytes() == b""


def test_every_event_page_shows_its_citations_with_quotes(sample_site, sample):
    for event in load_site(sample.root).events:
        page = sample_site / "events" / event.slug / "index.html"
        assert parse(page).blockquotes == len(event.citations)
        html = page.read_text(encoding="utf-8")
        for citation in event.citations:
            assert escape(citation.quote) in html
            assert escape(citation.source.publisher) in html


def test_timeline_lists_every_event_in_chronological_order(sample_site):
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    positions = [html.index(f'id="{slug}"') for slug in EVENTS]
    assert positions == sorted(positions)


def test_every_internal_link_and_asset_resolves(sample_site):
    assert broken_links(sample_site) == []


def test_a_timeline_split_by_year_links_each_year_page_and_its_search_index(tmp_path):
    project = write_sample_site(tmp_path / "sample")
    with (project.content / "site.yaml").open("a", encoding="utf-8") as site_yaml:
        site_yaml.write("timeline_page_size: 5\n")
    out = tmp_path / "_site"
    build(project, out)
    years = sorted({slug[:4] for slug in EVENTS})
    assert sorted(p.parent.name for p in out.glob("years/*/index.html")) == years
    for page in [out / "index.html", *(out / "years" / year / "index.html" for year in years)]:
        [index] = re.findall(r'data-index="([^"]+)"', page.read_text(encoding="utf-8"))
        assert (page.parent / index).resolve() == page.parent / "events.json"  # the events this page lists
        assert (page.parent / index).is_file()
    assert broken_links(out) == []


def test_404_page_links_use_the_base_path(sample, tmp_path):
    out = tmp_path / "_site"
    build(sample, out, base_url="https://user.github.io/repo/")
    html = (out / "404.html").read_text(encoding="utf-8")
    assert 'href="/repo/static/style.' in html
    assert 'href="/repo/sources/"' in html
    assert broken_links(out, base_path="/repo/") == []


def test_archived_article_text_is_never_published(sample_site):
    assert not [p for p in sample_site.rglob("*.txt") if p.name != "robots.txt"]
    everything = b"".join(p.read_bytes() for p in sample_site.rglob("*") if p.is_file())
    assert b"free umbrella" not in everything  # advertising that only the archive holds


def test_templates_take_every_url_from_the_plan():
    """Routing lives in the plan: a template links to a model object, a page or a URL it was given,
    and asks the page what it is rather than testing which template renders it."""
    literal_url = r"""\b(?:link|absolute)\(\s*['"]"""
    built_url = r"\b(?:link|absolute)\([^)]*~"
    folder_path = r"""['"][\w-]+/['"]"""
    template_test = r"\.template\s*[!=]="
    routing = re.compile("|".join((literal_url, built_url, folder_path, template_test)))
    offending = [
        f"{template.name}:{number}: {line.strip()}"
        for template in sorted((REPO / "templates").iterdir())
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1)
        if routing.search(line)
    ]
    assert offending == []


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
    event_pages = [p.name for p in (out / "events").iterdir() if p.is_dir() and p.name != "years"]
    assert event_pages == ["2014-11-04-moved"]  # beside them, the list view's own pages


def break_line(path: Path, line: int, text: str) -> None:
    """Replace one line of a template, so the expected line number is the one chosen here."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1] = text + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_a_template_error_is_reported_at_the_template_line(tiny):
    broken = "{% extends 'base.html' %}\n{% block main %}\n{{ nothing_here }}\n{% endblock %}\n"
    (tiny.own("templates") / "404.html").write_text(broken)
    with pytest.raises(ContentError) as caught:
        build(tiny.project, tiny.root / "_site")
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("templates/404.html", 3)
    assert "'nothing_here' is undefined" in problem.message


def test_a_syntax_error_in_a_partial_is_reported_at_its_line(tiny):
    break_line(tiny.own("templates") / "_card.html", 3, "{% endif %}")  # closes nothing
    with pytest.raises(ContentError) as caught:
        build(tiny.project, tiny.root / "_site")
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("templates/_card.html", 3)
    assert problem.message.startswith("template error: ")
    assert not (tiny.root / "_site").exists()


@pytest.mark.parametrize(
    "expression",
    ["{{ asset('missing.css') }}", "{{ no_such_name }}", "{{ event.title + 1 }}", "{{ 1 // 0 }}"],
    ids=["helper", "undefined", "type", "arithmetic"],
)
def test_a_runtime_error_in_a_partial_is_reported_at_the_partial_line(tiny, expression):
    break_line(tiny.own("templates") / "_card.html", 5, expression)
    with pytest.raises(ContentError) as caught:
        build(tiny.project, tiny.root / "_site")
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("templates/_card.html", 5, 1)
    assert problem.message.startswith("template error: ")


def test_every_template_with_a_syntax_error_is_reported_not_only_the_first(tiny):
    templates = tiny.own("templates")
    break_line(templates / "_card.html", 2, "{{ event.title ) }}")
    break_line(templates / "tags.html", 4, "{% endfor %}")
    break_line(templates / "robots.txt", 1, "{% for %}")
    with pytest.raises(ContentError) as caught:
        build(tiny.project, tiny.root / "_site")
    located = [(problem.path, problem.line) for problem in caught.value.problems]
    assert located == [("templates/_card.html", 2), ("templates/robots.txt", 1), ("templates/tags.html", 4)]


def test_a_fault_in_the_builders_own_code_is_not_blamed_on_a_template(tiny, monkeypatch):
    monkeypatch.setattr(render, "search_text", lambda event: event.no_such_field)  # called by a template helper
    with pytest.raises(AttributeError):
        build(tiny.project, tiny.root / "_site")


def test_editor_litter_beside_the_templates_is_not_compiled(tiny):
    templates = tiny.own("templates")
    for litter in (".#_card.html", "_card.html~", "base.html.swp"):
        (templates / litter).write_text("{% if %}")
    build(tiny.project, tiny.root / "_site")
    assert (tiny.root / "_site/index.html").is_file()


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, capture_output=True, text=True)


def test_cli_check_passes_on_a_valid_site(sample):
    result = run_cli("--project", str(sample.root), "check")
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


def test_the_cli_reports_a_template_error_with_exit_1_and_no_traceback(tiny):
    break_line(tiny.own("templates") / "_card.html", 3, "{% endif %}")
    result = run_cli("--project", str(tiny.root), "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "templates/_card.html:3:1: template error: " in result.stderr
    assert not (tiny.root / "_site").exists()


@pytest.mark.parametrize("args", [("frobnicate",), ("build", "--bogus"), ()])
def test_cli_usage_errors_exit_2(args):
    assert run_cli(*args).returncode == 2


@pytest.mark.parametrize("args", [("--help",), ("build", "--help"), ("check", "--help"), ("serve", "--help")])
def test_cli_help(args):
    result = run_cli(*args)
    assert result.returncode == 0
    assert "usage:" in result.stdout


def test_python_dash_m_runs_the_same_command_line(sample):
    command = [sys.executable, "-m", "site_builder", "--project", str(sample.root), "check"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_cli_build_writes_the_site(tiny):
    result = run_cli("--project", str(tiny.root), "build", "--out", str(tiny.root / "public"))
    assert result.returncode == 0, result.stderr
    assert (tiny.root / "public/events/2014-11-03-meeting/index.html").is_file()
