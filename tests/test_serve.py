"""`serve` as a curator uses it: open a page, edit YAML, watch the browser follow, break it, fix it."""

from __future__ import annotations

import http.client
import multiprocessing.pool
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from site_builder.serve.server import LiveSite

from conftest import LINE, REPO, TinyEvent, TinySite
from liveserver import RunningServer, live_server


@pytest.fixture
def events(tiny: TinySite) -> list[TinyEvent]:
    return tiny.add_events(6)


@pytest.fixture
def server(tiny: TinySite, events: list[TinyEvent]):
    tiny.own("templates")
    tiny.own("static")
    with live_server(tiny.root) as server:
        yield server


def open_live(browser, server: RunningServer, url: str):
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
def test_edit_break_and_fix_an_event_while_the_page_is_open(browser, server, tiny, events):
    event = events[3]
    page = open_live(browser, server, f"events/{event.slug}/")
    assert page.locator("h1").inner_text() == event.title

    tiny.edit(event.file, f"title: {event.title}", "title: A title saved while serving")
    wait_for_text(page, "h1", "A title saved while serving")

    tiny.edit(event.file, "tags: [", "tags: [[")  # unbalanced brackets: a YAML syntax error
    wait_for_text(page, "#site-builder-problems", f"{event.file}:")
    overlay = page.locator("#site-builder-problems").inner_text()
    assert re.search(rf"{re.escape(event.file)}:\d+:\d+", overlay)
    assert page.locator("h1").inner_text() == "A title saved while serving"  # last good build

    fresh = browser.new_page()  # a page opened after the bad save shows the problems too
    fresh.goto(server.url)
    assert fresh.locator("#site-builder-problems").count() == 1
    fresh.close()

    tiny.edit(event.file, "tags: [[", "tags: [")
    page.wait_for_selector("#site-builder-problems", state="detached", timeout=10_000)
    assert page.locator("h1").inner_text() == "A title saved while serving"
    assert server.process.poll() is None
    page.close()


@pytest.mark.browser
def test_a_new_event_file_appears_on_the_timeline_and_a_deleted_one_goes(browser, server, tiny, events):
    before = events[2]
    date = before.slug[:8] + "15"  # later in the same month: the next event is a month or more away
    slug = f"{date}-test-event"
    assert before.slug < slug < events[3].slug
    page = open_live(browser, server, "")
    new_file = tiny.event(
        slug,
        f"title: A freshly added event\ndate: {date}\nsummary: Added while serving.\n"
        "sources:\n  - source: daily\n    quote: the ministers met in Tokyo\n",
    )
    wait_for_text(page, ".event-title", "A freshly added event")
    # the neighbour's "next" link now points at the new event
    response = page.request.get(server.url + f"events/{before.slug}/")
    assert f"events/{slug}/" in response.text()

    new_file.unlink()
    page.wait_for_function("() => !document.body.textContent.includes('A freshly added event')", timeout=10_000)
    assert page.request.get(server.url + f"events/{slug}/").status == 404
    assert slug not in page.request.get(server.url + f"events/{before.slug}/").text()
    page.close()


@pytest.mark.browser
def test_two_saves_a_second_apart_both_reach_the_browser(browser, server, tiny, events):
    event = events[3]
    page = open_live(browser, server, f"events/{event.slug}/")
    tiny.edit(event.file, f"title: {event.title}", "title: First save")
    wait_for_text(page, "h1", "First save")
    time.sleep(1)
    tiny.edit(event.file, "title: First save", "title: Second save")
    wait_for_text(page, "h1", "Second save")
    page.close()


def heading(html: str) -> str:
    [text] = re.findall(r"<h1\b[^>]*>(.*?)</h1>", html, re.S)
    return text.strip()


def test_break_and_fix_an_event_shows_then_clears_the_problem_on_every_page(server, tiny, events):
    event = events[3]
    status, text = server.get(f"events/{event.slug}/")
    assert status == 200 and heading(text) == event.title and "site-builder-problems" not in text

    tiny.edit(event.file, "summary:", "sumary:")  # an unknown key, on a known line
    where = f"{event.file}:{LINE['summary']}:1"
    server.wait_for(lambda status: any(p.startswith(f"{where}: ") and "'sumary'" in p for p in status["problems"]))
    status, text = server.get(f"events/{event.slug}/")
    assert status == 200 and 'id="site-builder-problems"' in text and where in text
    assert heading(text) == event.title  # the last good build
    assert 'id="site-builder-problems"' in server.get("")[1]  # every page shows it

    path = tiny.root / event.file  # fixed and renamed in one save
    path.write_text(path.read_text().replace("sumary:", "summary:").replace(event.title, "Fixed and renamed"))
    server.wait_for(lambda status: status["problems"] == [])
    status, text = server.get(f"events/{event.slug}/")
    assert status == 200 and heading(text) == "Fixed and renamed" and "site-builder-problems" not in text


def test_editor_style_saves_rebuild_once(server, tiny, events):
    """Write to a temporary file and rename it over the original, as many editors do."""
    event = events[3]
    yaml_file = tiny.root / event.file
    generation = server.status()["generation"]
    temporary = yaml_file.with_name(f".{yaml_file.name}.swp")
    temporary.write_text(yaml_file.read_text().replace(event.title, "Saved by rename"), encoding="utf-8")
    temporary.replace(yaml_file)
    with yaml_file.open("a", encoding="utf-8") as stream:  # and a second write right after: still one save
        stream.write("\n")
        stream.flush()
    server.wait_for(lambda status: status["generation"] > generation)
    time.sleep(0.5)
    assert server.status()["generation"] == generation + 1
    log = server.output()
    assert log.count(f"{event.file}: ") == 1


def test_the_server_prints_one_line_per_save_with_pages_and_timing(server, tiny, events):
    event = events[3]
    generation = server.status()["generation"]
    tiny.edit(event.file, f"title: {event.title}", "title: Timed")
    server.wait_for(lambda status: status["generation"] > generation)
    log = server.output()
    assert re.search(
        rf"{re.escape(event.file)}: \d+ pages written \(\d+ rendered, 0 removed\) "
        r"in \d+ ms; save to page \d+ ms",
        log,
    ), log


def test_requests_outside_the_site_root_get_404(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.port)
    for path in ("/../content/site.yaml", "/%2e%2e/content/site.yaml", "/events/../../content/site.yaml"):
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        assert response.status == 404, path
    connection.close()


def test_served_pages_carry_the_reload_script_but_built_files_do_not(server):
    status, page = server.get("")
    assert status == 200 and "livereload.js" in page
    assert b"livereload" not in (server.root / "_site/index.html").read_bytes()


def test_port_in_use_gets_a_one_line_error(tiny):
    with live_server(tiny.root) as server:
        second = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "--project", str(tiny.root), "serve", "--port", str(server.port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert second.returncode == 2
    assert (
        second.stderr.strip()
        == f"error: port {server.port} is already in use: stop the other server or pass --port {server.port + 1}"
    )


def test_ctrl_c_stops_the_server_cleanly(tiny):
    with live_server(tiny.root) as server:
        server.process.send_signal(signal.SIGINT)
        try:
            out, _ = server.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            raise AssertionError("serve did not stop within 10 s of Ctrl-C") from None
    assert server.process.returncode == 0
    assert "Traceback" not in out
    assert out.rstrip().endswith("Stopped.")


def test_serve_starts_even_when_the_content_is_broken(tiny):
    tiny.event("2014-11-03-meeting", "title: [\n")
    with live_server(tiny.root) as server:
        status = server.status()
        assert status["problems"] and status["problems"][0].startswith("content/events/2014-11-03-meeting.yaml:")


def test_binds_to_loopback_by_default(server):
    listening = [
        line.split()[1]
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
        if line.split()[3] == "0A"  # LISTEN
    ]
    assert f"0100007F:{server.port:04X}" in listening  # 127.0.0.1, little-endian as the kernel writes it


def test_serve_renders_a_large_site_without_forking_while_its_threads_run(tiny, monkeypatch):
    """A process forked while other threads run inherits the locks they hold and can deadlock."""
    events = tiny.add_events(300)  # enough pages to be worth rendering on several cores
    tiny.own("templates")

    def refuse(*args, **kwargs):
        raise AssertionError("serve started a process while its threads were running")

    monkeypatch.setattr(os, "fork", refuse)
    monkeypatch.setattr(multiprocessing.pool, "Pool", refuse)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)  # cores to spare
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    stop = threading.Event()
    server_thread = threading.Thread(target=stop.wait, name="stands in for the event loop and the watcher")
    server_thread.start()
    try:
        out = tiny.root / "_site"
        log: list[str] = []
        live = LiveSite(tiny.project, out, log=log.append)
        live.first_build()
        assert (out / f"events/{events[0].slug}/index.html").is_file(), live.problems

        template = tiny.edit("templates/base.html", "</body>", "<!-- edited --></body>")
        assert live.rebuild({template}), log
    finally:
        stop.set()
        server_thread.join()
    pages = list(out.glob("events/*/index.html"))
    assert len(pages) == len(events) + 1
    assert all("<!-- edited -->" in page.read_text() for page in pages)
