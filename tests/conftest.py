"""Shared fixtures: tiny sites written inline, built with the project's real templates and styles."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from site_builder.project import Project

REPO = Path(__file__).resolve().parent.parent

SITE_YAML = """\
title: Test Timeline
tags:
  trade:
    label: Trade
  diplomacy:
    label: Diplomacy
"""
SOURCE_YAML = """\
title: Ministers meet
publisher: The Daily Test
published: 2014-11-03
url: https://example.org/ministers-meet
archive: daily.txt
"""
ARCHIVE = "On Monday the ministers met in Tokyo. They signed a “trade pact” — the first of its kind.\n"
EVENT_YAML = """\
title: Ministers meet in Tokyo
date: 2014-11-03
summary: The ministers met.
tags: [trade]
sources:
  - source: daily
    quote: "the ministers met in Tokyo"
"""


class TinySite:
    """A project folder holding a minimal valid site; tests overwrite or add single files."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        (root / "templates").symlink_to(REPO / "templates")
        (root / "static").symlink_to(REPO / "static")
        self.write("content/site.yaml", SITE_YAML)
        self.write("content/sources/daily.yaml", SOURCE_YAML)
        self.write("content/sources/daily.txt", ARCHIVE)
        self.write("content/events/2014-11-03-meeting.yaml", EVENT_YAML)

    @property
    def project(self) -> Project:
        return Project(self.root)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def event(self, slug: str, text: str) -> Path:
        return self.write(f"content/events/{slug}.yaml", text)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of the real project (content, templates, static) that a test may change."""
    for folder in ("content", "templates", "static"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return Project(tmp_path)


@pytest.fixture
def tiny(tmp_path: Path) -> TinySite:
    return TinySite(tmp_path)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run; each test opens its own pages."""
    from browser import launch_browser

    with launch_browser() as browser:
        yield browser
