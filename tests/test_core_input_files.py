"""One rule decides which files are inputs: editor litter is neither read, published nor watched."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.builder import SiteBuilder
from site_builder.project import is_input_file

from conftest import REPO, TinySite
from liveserver import live_server

LITTER_BYTES = b"left behind by an editor"


@pytest.mark.parametrize(
    ("name", "is_input"),
    [
        ("2014-11-03-meeting.yaml", True),
        ("site.yaml", True),
        ("daily.txt", True),
        ("style.css", True),
        ("favicon.svg", True),
        ("_card.html", True),
        ("events.json", True),
        ("c#-notes.md", True),  # a hash inside a name is no lock file
        ("4913.yaml", True),
        (".hidden.css", False),
        (".#2014-11-03-meeting.yaml", False),  # Emacs' lock link
        ("#style.css#", False),  # Emacs' auto-save
        ("style.css~", False),  # a backup
        (".style.css.swp", False),  # Vim's swap file
        ("style.css.swp", False),
        ("notes.tmp", False),
        ("4913", False),  # Vim's probe for a writable folder
        (".DS_Store", False),
    ],
)
def test_the_input_file_rule(name, is_input):
    assert is_input_file(Path("content/events") / name) is is_input


def add_static_litter(tiny: TinySite) -> list[Path]:
    static = tiny.own("static")
    litter = [static / "notes.tmp", static / "#style.css#", static / ".style.css.swp"]
    for path in litter:
        path.write_bytes(LITTER_BYTES + b" as " + path.name.encode())
    return litter


def published_litter(site: Path) -> list[str]:
    """Output files holding the litter's bytes, under whatever name."""
    return [path.name for path in site.rglob("*") if path.is_file() and LITTER_BYTES in path.read_bytes()]


def test_litter_in_static_is_not_published(tiny):
    add_static_litter(tiny)
    out = tiny.root / "_site"
    build(tiny.project, out, jobs=1)
    assert (out / "index.html").is_file()
    assert published_litter(out) == []


def add_content_litter(tiny: TinySite) -> None:
    events = tiny.root / "content/events"
    (events / ".#2014-11-03-meeting.yaml").symlink_to("curator@laptop.4242:1700000000")  # dangling, as Emacs makes it
    (events / "#2014-11-03-meeting.yaml#").write_text("title: [half-typed\n")
    (events / "2014-11-03-meeting.yaml~").write_text("title: [half-typed\n")
    (events / "4913").write_text("")


@pytest.mark.parametrize("command", [["check"], ["build"], ["build", "--no-cache"]])
def test_the_loader_ignores_litter_in_content(tiny, command):
    add_content_litter(tiny)
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--project", str(tiny.root), *command],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "2014-11-03-meeting.yaml" not in result.stderr and "4913" not in result.stderr  # no word on litter
    if command[0] == "build":
        event_pages = [p.name for p in (tiny.root / "_site/events").iterdir() if p.is_dir() and p.name != "years"]
        assert event_pages == ["2014-11-03-meeting"]  # beside them, the list view's own pages


def test_litter_in_templates_or_static_renders_nothing_again(tiny):
    templates = tiny.own("templates")
    builder = SiteBuilder(tiny.project)
    builder.build()
    template_litter = [templates / "#base.html#", templates / "base.html~"]
    for path in template_litter:
        path.write_text("{% broken")
    builder.forget([*add_static_litter(tiny), *template_litter])
    result = builder.build()
    assert (result.rendered, result.changed, result.removed) == (0, frozenset(), frozenset())


def test_serve_ignores_litter_and_does_not_publish_it(tiny):
    tiny.own("templates")
    tiny.own("static")
    with live_server(tiny.root) as server:
        generation = server.status()["generation"]
        add_static_litter(tiny)
        time.sleep(0.5)  # far longer than serve waits for a save to settle
        assert server.status()["generation"] == generation

        tiny.edit("content/events/2014-11-03-meeting.yaml", "title: Ministers meet", "title: Envoys meet")
        server.wait_for(lambda status: status["generation"] > generation)
        time.sleep(0.2)
        assert server.status()["generation"] == generation + 1
        assert published_litter(tiny.root / "_site") == []
        log = server.output()
    assert "content/events/2014-11-03-meeting.yaml: " in log
    assert not any(name in log for name in ("notes.tmp", "#style.css#", ".swp")), log
