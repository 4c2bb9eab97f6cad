"""A broken template is a located problem, like broken content: in a build and while serving."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO, TinySite
from liveserver import live_server

# Each mistake is put on line 2 of the event card, a partial every timeline page includes.
MISTAKES = {
    "syntax": "{{ event.title | }}",  # found when the template loads
    "undefined": "{{ event.no_such_field }}",  # found only when a card renders
}
WHERE = "templates/_card.html:2:1"


def break_card(tiny: TinySite, mistake: str) -> str:
    """Put a mistake on line 2 of the card template; returns the good text."""
    card = tiny.own("templates") / "_card.html"
    good = card.read_text(encoding="utf-8")
    first, rest = good.split("\n", 1)
    card.write_text(f"{first}\n{mistake}\n{rest}", encoding="utf-8")
    return good


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_build_reports_a_template_error_at_its_line_without_a_traceback(tiny, mistake):
    break_card(tiny, MISTAKES[mistake])
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--project", str(tiny.root), "build"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert f"{WHERE}: template error: " in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tiny.root / "_site").exists()


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_serve_shows_a_template_error_at_its_line_until_it_is_fixed(tiny, mistake):
    tiny.add_events(4)  # every tag and source used: no warnings, so no problems until the mistake
    tiny.own("templates")
    with live_server(tiny.root) as server:
        assert server.status()["problems"] == []
        good = break_card(tiny, MISTAKES[mistake])
        server.wait_for(lambda status: any(p.startswith(f"{WHERE}: template error: ") for p in status["problems"]))
        status, page = server.get("")
        assert status == 200 and 'id="site-builder-problems"' in page and WHERE in page

        (tiny.root / "templates/_card.html").write_text(good, encoding="utf-8")
        server.wait_for(lambda status: status["problems"] == [])
        status, page = server.get("")
        assert status == 200 and "site-builder-problems" not in page
        assert "Traceback" not in server.output()
