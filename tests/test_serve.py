"""`serve` as a curator uses it: open a page, edit YAML, watch the browser follow, break it, fix it."""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO
from liveserver import copy_project, live_server

EVENT = "2014-02-14-rakuten-buys-viber"
TITLE = "Rakuten buys Israeli messaging company Viber"


@pytest.fixture
def server(tmp_path):
    with live_server(copy_project(tmp_path)) as server:
        yield server


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def open_live(browser, server, url: str):
    """Open a page and wait until its live-reload connection is registered with the server."""
    before = server.status()["clients"]
    page = browser.new_page()
    page.goto(server.url + url)
    server.wait_for(lambda status: status["clients"] > before)
    return page


def wait_for_text(page, selector: str, text: str, timeout: float = 10_000) -> None:
    page.wait_for_function(
        "([selector, text]) => [...document.querySelectorAll(selector)].some(e => e.textContent.includes(text))",
        arg=[selector, text],
        timeout=timeout,
    )


@pytest.mark.browser
def test_edit_break_and_fix_an_event_while_the_page_is_open(browser, server):
    yaml_file = server.root / f"content/events/{EVENT}.yaml"
    page = open_live(browser, server, f"events/{EVENT}/")
    assert page.locator("h1").inner_text() == TITLE

    edit(yaml_file, f"title: {TITLE}", "title: Rakuten completes its Viber purchase")
    wait_for_text(page, "h1", "Rakuten completes its Viber purchase")

    edit(yaml_file, "tags: [", "tags: [[")  # unbalanced brackets: a YAML syntax error
    wait_for_text(page, "#site-builder-problems", f"content/events/{EVENT}.yaml:")
    overlay = page.locator("#site-builder-problems").inner_text()
    assert re.search(rf"content/events/{EVENT}\.yaml:\d+:\d+", overlay)
    assert page.locator("h1").inner_text() == "Rakuten completes its Viber purchase"  # last good build

    fresh = browser.new_page()  # a page opened after the bad save shows the problems too
    fresh.goto(server.url)
    assert fresh.locator("#site-builder-problems").count() == 1
    fresh.close()

    edit(yaml_file, "tags: [[", "tags: [")
    page.wait_for_selector("#site-builder-problems", state="detached", timeout=10_000)
    assert page.locator("h1").inner_text() == "Rakuten completes its Viber purchase"
    assert server.process.poll() is None
    page.close()


@pytest.mark.browser
def test_a_new_event_file_appears_on_the_timeline_and_a_deleted_one_goes(browser, server):
    page = open_live(browser, server, "")
    new_file = server.root / "content/events/2014-02-20-test-event.yaml"
    new_file.write_text(
        "title: A freshly added event\ndate: 2014-02-20\nsummary: Added while serving.\n"
        "sources:\n  - source: inn-2014-11-03-delegation\n    quote: Israel continues to turn East\n",
        encoding="utf-8",
    )
    wait_for_text(page, ".event-title", "A freshly added event")
    # the neighbour's "next" link now points at the new event
    response = page.request.get(server.url + f"events/{EVENT}/")
    assert "events/2014-02-20-test-event/" in response.text()

    new_file.unlink()
    page.wait_for_function("() => !document.body.textContent.includes('A freshly added event')", timeout=10_000)
    assert page.request.get(server.url + "events/2014-02-20-test-event/").status == 404
    assert "2014-02-20-test-event" not in page.request.get(server.url + f"events/{EVENT}/").text()
    page.close()


@pytest.mark.browser
def test_two_saves_a_second_apart_both_reach_the_browser(browser, server):
    yaml_file = server.root / f"content/events/{EVENT}.yaml"
    page = open_live(browser, server, f"events/{EVENT}/")
    edit(yaml_file, f"title: {TITLE}", "title: First save")
    wait_for_text(page, "h1", "First save")
    time.sleep(1)
    edit(yaml_file, "title: First save", "title: Second save")
    wait_for_text(page, "h1", "Second save")
    page.close()


def test_editor_style_saves_rebuild_once(server):
    """Write to a temporary file and rename it over the original, as many editors do."""
    yaml_file = server.root / f"content/events/{EVENT}.yaml"
    generation = server.status()["generation"]
    temporary = yaml_file.with_name(f".{yaml_file.name}.swp")
    temporary.write_text(yaml_file.read_text().replace(TITLE, "Saved by rename"), encoding="utf-8")
    temporary.replace(yaml_file)
    with yaml_file.open("a", encoding="utf-8") as stream:  # and a second write right after: still one save
        stream.write("\n")
        stream.flush()
    server.wait_for(lambda status: status["generation"] > generation)
    time.sleep(0.5)
    assert server.status()["generation"] == generation + 1
    log = server.output()
    assert log.count(f"content/events/{EVENT}.yaml: ") == 1


def test_the_server_prints_one_line_per_save_with_pages_and_timing(server):
    generation = server.status()["generation"]
    edit(server.root / f"content/events/{EVENT}.yaml", f"title: {TITLE}", "title: Timed")
    server.wait_for(lambda status: status["generation"] > generation)
    log = server.output()
    assert re.search(
        rf"content/events/{EVENT}\.yaml: \d+ pages written \(\d+ rendered, 0 removed\) "
        r"in \d+ ms; save to page \d+ ms",
        log,
    ), log


def test_requests_outside_the_site_root_get_404(server):
    connection = http.client.HTTPConnection("127.0.0.1", int(server.url.rsplit(":", 1)[1].strip("/")))
    for path in ("/../content/site.yaml", "/%2e%2e/content/site.yaml", "/events/../../content/site.yaml"):
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        assert response.status == 404, path
    connection.close()


def test_served_pages_carry_the_reload_script_but_built_files_do_not(server):
    connection = http.client.HTTPConnection("127.0.0.1", int(server.url.rsplit(":", 1)[1].strip("/")))
    connection.request("GET", "/")
    assert b"livereload.js" in connection.getresponse().read()
    assert b"livereload" not in (server.root / "_site/index.html").read_bytes()


def test_port_in_use_gets_a_one_line_error(tmp_path):
    with live_server(copy_project(tmp_path)) as server:
        port = server.url.rsplit(":", 1)[1].strip("/")
        second = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "--project", str(tmp_path), "serve", "--port", port],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert second.returncode == 2
    assert (
        second.stderr.strip()
        == f"error: port {port} is already in use: stop the other server or pass --port {int(port) + 1}"
    )


def test_ctrl_c_stops_the_server_cleanly(tmp_path):
    with live_server(copy_project(tmp_path)) as server:
        server.process.send_signal(signal.SIGINT)
        out, _ = server.process.communicate(timeout=10)
    assert server.process.returncode == 0
    assert "Traceback" not in out
    assert out.rstrip().endswith("Stopped.")


def test_serve_starts_even_when_the_content_is_broken(tmp_path):
    root = copy_project(tmp_path)
    (root / f"content/events/{EVENT}.yaml").write_text("title: [\n")
    with live_server(root) as server:
        status = server.status()
        assert status["problems"] and status["problems"][0].startswith(f"content/events/{EVENT}.yaml:")


def test_binds_to_loopback_by_default(server):
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    listening = [
        line.split()[1]
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
        if line.split()[3] == "0A"  # LISTEN
    ]
    assert f"0100007F:{port:04X}" in listening  # 127.0.0.1, little-endian as the kernel writes it
