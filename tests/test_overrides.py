"""A project's own templates/ and static/ replace the package's defaults file by file."""

from __future__ import annotations

import pytest

from site_builder.build import build
from site_builder.defaults import DEFAULT_STATIC, DEFAULT_TEMPLATES
from site_builder.errors import ContentError
from site_builder.project import Project

from conftest import REPO, TinySite
from liveserver import live_server

OWN_CARD = '<li id="{{ event.slug }}">The project\'s own card for {{ event.title }}</li>\n'
SHOWN_CARD = "The project's own card for Ministers meet in Tokyo"


@pytest.fixture
def bare(tiny: TinySite) -> TinySite:
    """A project of content only: every template and static file is the package's default."""
    (tiny.root / "templates").unlink()
    (tiny.root / "static").unlink()
    return tiny


def published_asset(site: TinySite, name: str) -> bytes:
    """The bytes published for a static file, under its fingerprinted name."""
    stem, suffix = name.rsplit(".", 1)
    [path] = (site.root / "_site/static").glob(f"{stem}.*.{suffix}")
    return path.read_bytes()


def test_a_project_without_templates_or_static_builds_with_the_defaults(bare):
    build(bare.project, bare.root / "_site")

    assert "Ministers meet in Tokyo" in (bare.root / "_site/index.html").read_text()
    assert published_asset(bare, "style.css") == (DEFAULT_STATIC / "style.css").read_bytes()


def test_a_template_of_the_project_replaces_only_the_default_of_its_name(bare):
    build(bare.project, bare.root / "_site")
    default_404 = (bare.root / "_site/404.html").read_bytes()
    bare.write("templates/_card.html", OWN_CARD)

    build(bare.project, bare.root / "_site")

    assert SHOWN_CARD in (bare.root / "_site/index.html").read_text()
    assert (bare.root / "_site/404.html").read_bytes() == default_404


def test_a_static_file_of_the_project_replaces_only_the_default_of_its_name(bare):
    bare.write("static/style.css", "body { color: rebeccapurple }\n")

    build(bare.project, bare.root / "_site")

    assert published_asset(bare, "style.css") == b"body { color: rebeccapurple }\n"
    assert published_asset(bare, "timeline.js") == (DEFAULT_STATIC / "timeline.js").read_bytes()


def test_a_static_file_only_the_project_has_is_published_beside_the_defaults(bare):
    bare.write("static/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>\n")

    build(bare.project, bare.root / "_site")

    assert published_asset(bare, "logo.svg") == b"<svg xmlns='http://www.w3.org/2000/svg'/>\n"
    assert published_asset(bare, "style.css") == (DEFAULT_STATIC / "style.css").read_bytes()


def test_a_syntax_error_in_an_override_names_the_override(bare):
    bare.write("templates/_card.html", "<li>\n{% if %}\n</li>\n")

    with pytest.raises(ContentError) as error:
        build(bare.project, bare.root / "_site")

    assert [(problem.path, problem.line) for problem in error.value.problems] == [("templates/_card.html", 2)]


def test_a_failure_while_rendering_an_override_names_the_override(bare):
    bare.write("templates/_card.html", "<li>\n{{ event.no_such_field }}\n</li>\n")

    with pytest.raises(ContentError) as error:
        build(bare.project, bare.root / "_site")

    assert [(problem.path, problem.line) for problem in error.value.problems] == [("templates/_card.html", 2)]


def test_the_project_folders_come_before_the_defaults(tmp_path):
    project = Project(tmp_path)

    assert project.template_folders == (tmp_path / "templates", DEFAULT_TEMPLATES)
    assert project.static_folders == (tmp_path / "static", DEFAULT_STATIC)


def test_the_repository_s_own_folders_are_the_defaults_so_one_folder_each():
    project = Project(REPO)

    assert project.template_folders == (REPO / "templates",)
    assert project.static_folders == (REPO / "static",)


def test_an_override_added_after_a_cached_build_is_built(bare):
    cache = bare.root / ".cache"
    build(bare.project, bare.root / "_site", cache_dir=cache)
    bare.write("templates/_card.html", OWN_CARD)

    result = build(bare.project, bare.root / "_site", cache_dir=cache)

    assert not result.up_to_date
    assert SHOWN_CARD in (bare.root / "_site/index.html").read_text()


def test_serve_sees_a_templates_folder_made_while_it_runs(bare):
    with live_server(bare.root) as server:
        generation = server.status()["generation"]
        bare.write("templates/_card.html", OWN_CARD)
        server.wait_for(lambda status: status["generation"] > generation)

        assert SHOWN_CARD in server.get("")[1]
