"""Nothing unsafe is published, and nothing the curator owns is lost."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from site_builder.build import build
from site_builder.errors import OutputError
from site_builder.publishing.output import read_manifest

from conftest import REPO

PAYLOADS = [
    "<script>alert('x1')</script>",
    "<img src=x onerror=\"alert('x2')\">",
    "[click](javascript:alert('x3'))",
    "<a href=\"JaVaScRiPt:alert('x4')\">x</a>",
    '<iframe src="https://evil.example/x5"></iframe>',
    "<svg onload=alert('x6')></svg>",
    "<style>body{background:url(x7)}</style>",
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgneDgnKTwvc2NyaXB0Pg==)",
    '<object data="x9.swf"></object><embed src="x10.swf">',
    '<form action="https://evil.example"><input name=x11></form>',
    "<div onmouseover=\"alert('x12')\">hover</div>",
    "<math><mi xlink:href=\"javascript:alert('x13')\">m</mi></math>",
    "<a href=\"vbscript:msgbox('x14')\">v</a>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/x15">',
    '<base href="https://evil.example/x16/">',
    '"><script>alert("x17")</script>',
]


class _MarkupAudit(HTMLParser):
    """Collects every element or attribute in a page that could run code or leave the site's control."""

    FORBIDDEN = frozenset({"iframe", "object", "embed", "svg", "math", "base", "style", "frame", "applet"})

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and not (
            values.get("type") == "application/ld+json" or (values.get("src") or "").split("/")[-2:-1] == ["static"]
        ):
            self.found.append(f"script {values}")
        refresh = tag == "meta" and values.get("http-equiv", "").lower() == "refresh"
        if tag in self.FORBIDDEN or refresh or (tag == "form" and "action" in values):  # our filter form has none
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action") and re.match(r"\s*(javascript|vbscript|data):", value or "", re.I):
                self.found.append(f"{tag} {name}={value}")


def unsafe_markup(html: str) -> list[str]:
    audit = _MarkupAudit()
    audit.feed(html)
    return audit.found


def test_classic_xss_payloads_do_not_survive_in_bodies_or_fields(tiny):
    event = {
        "title": '"><script>alert("t1")</script>',
        "date": "2014-11-03",
        "summary": '<img src=x onerror=alert("s1")>',
        "people": ['<script>alert("p1")</script>'],
        "body": "\n\n".join(PAYLOADS),
        "sources": [{"source": "daily", "quote": "the ministers met"}],
    }
    (tiny.root / "content/events/2014-11-03-meeting.yaml").write_text(yaml.safe_dump(event, allow_unicode=True))
    out = tiny.root / "_site"
    build(tiny.project, out, jobs=1)
    for page in out.rglob("*.html"):
        assert unsafe_markup(page.read_text()) == [], page
    event = (out / "events/2014-11-03-meeting/index.html").read_text()
    assert "&lt;script&gt;alert(&#34;t1&#34;)&lt;/script&gt;" in event or "&lt;script&gt;alert(&quot;t1&quot;)" in event


def test_links_in_bodies_keep_only_web_mail_and_relative_targets(tiny):
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        date: 2014-11-03
        summary: The ministers met.
        body: |
          [web](https://example.org/a) [mail](mailto:a@example.org) [here](../../sources/daily/)
          [ftp](ftp://example.org/b) [file](file:///etc/passwd) [tel](tel:123)
        sources: [{source: daily, quote: "the ministers met"}]
        """,
    )
    out = tiny.root / "_site"
    build(tiny.project, out, jobs=1)
    html = (out / "events/2014-11-03-meeting/index.html").read_text()
    hrefs = re.findall(r'<div class="prose">(.*?)</div>', html, re.S)[0]
    assert re.findall(r'href="([^"]+)"', hrefs) == [
        "https://example.org/a",
        "mailto:a@example.org",
        "../../sources/daily/",
    ]


def test_every_page_carries_a_content_security_policy(tiny):
    out = tiny.root / "_site"
    build(tiny.project, out, jobs=1)
    for page in out.rglob("*.html"):
        assert '<meta http-equiv="Content-Security-Policy" content="default-src \'self\';' in page.read_text(), page


@pytest.mark.parametrize("where", [".", "content", "content/events", "templates", "static"])
def test_the_output_may_not_be_the_project_or_its_inputs(tiny, where):
    tiny.own("templates")  # were the check to fail, the build would replace a copy, not the repository's
    tiny.own("static")
    with pytest.raises(OutputError):
        build(tiny.project, tiny.root / where)


def test_the_output_may_not_be_home_or_the_root(tiny):
    for target in (Path.home(), Path("/")):
        with pytest.raises(OutputError):
            build(tiny.project, target)


def test_a_folder_the_build_did_not_make_is_never_replaced(tiny):
    folder = tiny.root / "notes"
    folder.mkdir()
    (folder / "draft.md").write_text("precious")
    with pytest.raises(OutputError, match="did not make"):
        build(tiny.project, folder)
    assert (folder / "draft.md").read_text() == "precious"
    assert sorted(p.name for p in tiny.root.iterdir()) == ["content", "notes", "static", "templates"]


def content_hashes(root: Path) -> dict[str, str]:
    """Every file under a folder, by its path relative to it, with a digest of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_build_never_changes_its_inputs(tiny):
    tiny.add_events(20)
    tiny.own("templates")
    tiny.own("static")
    before = [content_hashes(folder) for folder in tiny.project.inputs]
    build(tiny.project, tiny.root / "_site", jobs=1, cache_dir=tiny.root / ".cache")
    tiny.edit("content/events/2014-11-03-meeting.yaml", "title: Ministers meet", "title: Envoys meet")
    before[0] = content_hashes(tiny.project.content)
    build(tiny.project, tiny.root / "_site", jobs=1, cache_dir=tiny.root / ".cache")
    assert [content_hashes(folder) for folder in tiny.project.inputs] == before


def test_a_build_killed_midway_leaves_the_previous_site_or_the_new_one_whole(tmp_path):
    from benchmarks.corpus import generate

    root = generate(tmp_path / "big", 1500)
    out = root / "_site"
    command = [sys.executable, str(REPO / "build.py"), "--project", str(root), "build", "--no-cache"]
    subprocess.run(command, check=True, capture_output=True)
    before = content_hashes(out)
    assert read_manifest(out)
    # change every event page, so the next build has much to write, then kill it part-way
    template = root / "templates/event.html"
    assert "Cite this event" in template.read_text()
    template.write_text(template.read_text().replace("Cite this event", "How to cite this event"))
    killed = 0
    seen = []  # what the output held after each killed (or finished) run
    for delay in (0.8, 1.2, 1.6, 2.0, 2.4):
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            killed += 1
        process.wait()
        seen.append(content_hashes(out))
        assert read_manifest(out)
        if seen[-1] != before:  # this run finished before the kill
            break
    assert killed >= 1
    # the next build recovers, whatever state the staging tree was left in, and makes the new site
    subprocess.run(command, check=True, capture_output=True)
    after = content_hashes(out)
    assert after != before
    assert all("How to cite" in p.read_text() for p in out.glob("events/*/index.html"))
    for number, state in enumerate(seen, 1):
        assert state in (before, after), f"run {number} left a site that is neither the old one nor the new one"
