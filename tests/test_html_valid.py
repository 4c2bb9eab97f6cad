"""Every generated page is valid HTML (W3C Nu checker), and the timeline stays small."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.build import build

from nuchecker import assert_valid_html
from sample_site import EVENTS, write_sample_site


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    project = write_sample_site(tmp_path_factory.mktemp("valid"))
    out = project.root / "_site"
    build(project, out, base_url="https://example.github.io/some-repo/")
    return out


def test_every_page_passes_the_nu_html_checker(published):
    pages = sorted(published.rglob("*.html"))
    every_event = {published / "events" / slug / "index.html" for slug in EVENTS}
    assert {published / "index.html", published / "404.html", *every_event} <= set(pages)
    assert_valid_html(pages)


def test_the_timeline_page_with_its_css_and_js_stays_under_60_kb(published):
    html = (published / "index.html").read_bytes()
    assets = [p for p in (published / "static").iterdir() if p.suffix in (".css", ".js")]
    total = len(html) + sum(p.stat().st_size for p in assets)
    assert total < 60_000, f"{total} bytes"


def test_scripts_never_block_rendering(published):
    for page in published.rglob("*.html"):
        html = page.read_text()
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert "defer" in opening or 'type="application/ld+json"' in opening, (page, opening)
