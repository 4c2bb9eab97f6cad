"""`serve` under abuse: saves keep being built whatever fails, odd requests get plain answers, only
this machine's pages may talk to it, and a signal stops it quietly, leaving a whole site behind."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from watchdog.events import FileCreatedEvent, FileModifiedEvent

from site_builder.serve.live import InputEvents, LiveSite
from site_builder.serve.server import STATUS_URL, Address

from conftest import EVENT_YAML, REPO, TinySite
from liveserver import RunningServer, free_port, live_server

MEETING = "content/events/2014-11-03-meeting.yaml"
MEETING_PAGE = "events/2014-11-03-meeting/"


def heading(html: str) -> str:
    [text] = re.findall(r"<h1\b[^>]*>(.*?)</h1>", html, re.S)
    return text.strip()


def wait_for_heading(server: RunningServer, path: str, text: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        status, page = server.get(path)
        if status == 200 and heading(page) == text:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} never showed {text!r}; the server said:\n{server.output()}")
        time.sleep(0.05)


def retitle(tiny: TinySite, title: str) -> None:
    """A curator's ordinary save: the meeting gets a new title."""
    path = tiny.root / MEETING
    path.write_text(re.sub(r"^title: .*$", f"title: {title}", path.read_text(), count=1, flags=re.M))


def write_file(path: bytes, text: str) -> None:
    """Create a file under a name that need not be UTF-8."""
    handle = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC)
    try:
        os.write(handle, text.encode())
    finally:
        os.close(handle)


def fetch(server: RunningServer, path: str, method: str = "GET", **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One raw request, the path sent exactly as given."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request(method, path, headers={name.replace("_", "-"): value for name, value in headers.items()})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def open_reload_socket(server: RunningServer, origin: str) -> int:
    """The status a WebSocket handshake for the reload channel gets, sent from a page at `origin`."""
    request = (
        "GET /livereload HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{server.port}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: {origin}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(request.encode())
        status_line = connection.recv(1024).split(b"\r\n", 1)[0]
    return int(status_line.split()[1])


def serve_command(root: Path, *extra: str) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "--project", str(root), "serve", *extra]


def children(pid: int) -> list[int]:
    """The processes `pid` started that are still running (its render workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """One server for the tests that only send requests."""
    tiny = TinySite(tmp_path_factory.mktemp("served"))
    with live_server(tiny.root) as server:
        yield server


# The rebuild worker outlives any failure


def test_a_save_after_a_failed_publication_is_served(tiny):
    with live_server(tiny.root) as server:
        blocker = tiny.root / "_site" / MEETING_PAGE / ".tmp-index.html"  # where the saved page is written first
        (blocker / "in-the-way").mkdir(parents=True)  # a folder there makes writing fail, as a full disk would
        retitle(tiny, "Saved while publishing fails")
        server.wait_for(lambda status: status["problems"])
        shutil.rmtree(blocker)
        retitle(tiny, "Saved after the fault is gone")
        wait_for_heading(server, MEETING_PAGE, "Saved after the fault is gone")


def test_a_save_after_a_failed_publication_of_a_whole_tree_is_served(tiny):
    with live_server(tiny.root) as server:
        in_place = tiny.root / "_site" / MEETING_PAGE / ".tmp-index.html"
        (in_place / "in-the-way").mkdir(parents=True)
        retitle(tiny, "Saved while publishing fails")
        server.wait_for(lambda status: status["problems"])
        shutil.rmtree(in_place)
        blocker = tiny.root / "._site.staging"  # after a failure the whole tree is published: block that too
        shutil.rmtree(blocker, ignore_errors=True)
        blocker.write_text("in the way, as a full disk would be")
        retitle(tiny, "Saved while publishing still fails")
        server.wait_for(lambda status: "staging" in " ".join(status["problems"]))
        blocker.unlink()
        retitle(tiny, "Saved after the fault is gone")
        wait_for_heading(server, MEETING_PAGE, "Saved after the fault is gone")


def test_a_save_after_a_looping_link_under_events_is_served(tiny):
    with live_server(tiny.root) as server:
        loop = tiny.root / "content/events/loop.yaml"
        loop.symlink_to("loop.yaml")
        server.wait_for(lambda status: status["problems"])
        loop.unlink()
        retitle(tiny, "Saved after the loop is gone")
        wait_for_heading(server, MEETING_PAGE, "Saved after the loop is gone")


@pytest.mark.parametrize(("terminal", "name"), [("ascii:strict", "café".encode()), ("utf-8:strict", b"caf\xe9")])
def test_a_save_after_a_file_name_the_terminal_cannot_print_is_served(tiny, monkeypatch, terminal, name):
    monkeypatch.setenv("PYTHONIOENCODING", terminal)  # a terminal that refuses what it cannot show
    with live_server(tiny.root) as server:
        generation = server.status()["generation"]
        odd = os.fsencode(tiny.root / "content/events") + b"/2014-11-04-" + name + b".yaml"
        write_file(odd, EVENT_YAML)
        server.wait_for(lambda status: status["problems"] or status["generation"] > generation)
        os.unlink(odd)
        retitle(tiny, "Saved after the odd name is gone")
        wait_for_heading(server, MEETING_PAGE, "Saved after the odd name is gone")
        log = server.output()
    assert "Traceback" not in log
    assert "2014-11-04-caf\\x" in log  # the name, with what the terminal cannot show escaped


def test_an_exception_in_one_rebuild_leaves_the_worker_building_the_next_save(tiny, monkeypatch):
    live = LiveSite(tiny.project, tiny.root / "_site", log=lambda line: None)
    built: list[set[Path]] = []
    second_built = threading.Event()

    def rebuild(paths: set[Path]) -> bool:
        built.append(paths)
        if len(built) == 1:
            raise RuntimeError("a fault in the first rebuild")
        second_built.set()
        return False

    monkeypatch.setattr(live, "rebuild", rebuild)
    worker = threading.Thread(target=live.run, args=(lambda: None,), daemon=True)
    worker.start()
    live.notice(tiny.root / MEETING)
    deadline = time.monotonic() + 5
    while not built and time.monotonic() < deadline:
        time.sleep(0.01)
    live.notice(tiny.root / "content/site.yaml")
    assert second_built.wait(5), "the save after the fault was never built"
    assert built[1] == {tiny.root / "content/site.yaml"}
    live.stop()
    worker.join(5)
    assert not worker.is_alive()


def test_a_watcher_event_for_a_name_that_is_not_utf8_is_built(tiny):
    live = LiveSite(tiny.project, tiny.root / "_site", log=lambda line: None)
    live.first_build()
    reloaded = threading.Event()
    worker = threading.Thread(target=live.run, args=(reloaded.set,), daemon=True)
    worker.start()
    name = os.fsencode(tiny.root / "content/events") + b"/caf\xe9.yaml"
    write_file(name, EVENT_YAML)
    InputEvents(live).on_any_event(FileCreatedEvent(name))  # as watchdog reports it for a folder named in bytes
    assert reloaded.wait(10), "the new file was never built"
    live.stop()
    worker.join(5)


def test_an_exception_in_the_watchers_callback_is_reported_and_swallowed(tiny, monkeypatch, capsys):
    live = LiveSite(tiny.project, tiny.root / "_site", log=lambda line: None)

    def notice(path: Path, written: bool = False) -> None:
        raise RuntimeError("a fault while noticing")

    monkeypatch.setattr(live, "notice", notice)
    InputEvents(live).on_any_event(FileModifiedEvent(str(tiny.root / MEETING)))
    assert "RuntimeError: a fault while noticing" in capsys.readouterr().err


# Every page stays servable


def test_a_file_name_that_is_not_utf8_leaves_every_page_served_with_the_name_escaped(tiny):
    with live_server(tiny.root) as server:
        write_file(os.fsencode(tiny.root / "content/events") + b"/caf\xe9.yaml", EVENT_YAML)
        server.wait_for(lambda status: status["problems"])
        status, page = server.get("")
        assert status == 200 and 'id="site-builder-problems"' in page
        assert "content/events/caf\\xe9.yaml" in page
        status, page = server.get("no-such-page/")
        assert status == 404 and "content/events/caf\\xe9.yaml" in page


# Odd requests get plain answers


def test_paths_no_file_can_have_get_404_and_no_traceback(tiny):
    paths = [
        "/%00",
        "/events/%00/",
        "/" + "a" * 300,
        "/events/" + "%C3%A9" * 128 + "/",  # 256 bytes in one segment
        "/a%0D%0ASet-Cookie:%20x=1",
        "/x%0D%0A/../events",
        "/events%0A",
    ]
    with live_server(tiny.root) as server:
        statuses = {path: fetch(server, path)[0] for path in paths}
        not_utf8 = fetch(server, "/%FF")[0]
        log = server.output()
    assert statuses == dict.fromkeys(paths, 404)
    assert not_utf8 == 400
    assert "Traceback" not in log


def test_head_gets_the_headers_of_get_without_the_body(served):
    status, headers, body = fetch(served, "/")
    head_status, head_headers, head_body = fetch(served, "/", "HEAD")
    assert status == head_status == 200 and head_body == b""
    assert head_headers["Content-Type"] == headers["Content-Type"]
    assert int(head_headers["Content-Length"]) == len(body) > 0
    missing_status, _, missing_body = fetch(served, "/no-such-page/", "HEAD")
    assert (missing_status, missing_body) == (404, b"")


# Redirects stay on this site


def test_a_folder_named_without_its_slash_redirects_to_it(served):
    status, headers, _ = fetch(served, "/events")
    assert (status, headers["Location"]) == (302, "/events/")


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/%5Cevil.example/../events", "/events/"),  # a browser reads `/\host` and `//host` as another site
        ("/%5C%5Cevil.example/../events", "/events/"),
        ("//evil.example/../events", "/events/"),
        ("/%2F%2Fevil.example/../events", "/events/"),
        ("/events/..", "/"),
    ],
)
def test_a_redirect_names_the_normalised_path_on_this_site(served, path, location):
    status, headers, _ = fetch(served, path)
    assert (status, headers["Location"]) == (302, location)


# Only this machine's pages may use the server


@pytest.mark.parametrize("url", ["/", "/" + MEETING_PAGE, STATUS_URL])
def test_a_request_naming_another_host_is_refused(served, url):
    assert fetch(served, url, Host=f"evil.example:{served.port}")[0] == 403  # a rebinding page's own name
    assert fetch(served, url, Host=f"127.0.0.1:{served.port + 1}")[0] == 403
    assert fetch(served, url, Host=f"localhost:{served.port}")[0] == 200
    assert fetch(served, url, Host=f"[::1]:{served.port}")[0] == 200


def test_the_status_refuses_a_page_of_another_site(served):
    assert fetch(served, STATUS_URL, Origin="http://evil.example")[0] == 403
    assert fetch(served, STATUS_URL, Origin=f"http://evil.example:{served.port}")[0] == 403
    assert fetch(served, STATUS_URL, Origin="null")[0] == 403
    assert fetch(served, STATUS_URL, Origin=f"http://127.0.0.1:{served.port}")[0] == 200


def test_the_reload_socket_opens_only_to_this_sites_pages(served):
    assert open_reload_socket(served, "http://evil.example") == 403
    assert open_reload_socket(served, f"http://localhost:{served.port}") == 101


@pytest.mark.parametrize(
    ("host", "named"),
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("LOCALHOST:8000", True),
        ("[::1]:8000", True),
        ("192.168.1.5:8000", True),  # an address: a rebinding page's requests carry a name instead
        ("evil.example:8000", False),
        ("localhost.evil.example:8000", False),
        ("127.0.0.1:8001", False),
        ("127.0.0.1", False),  # port 80
        ("127.0.0.1:http", False),
        ("evil.example@127.0.0.1:8000", False),
        ("", False),
    ],
)
def test_the_hosts_a_server_answers(host, named):
    assert Address("127.0.0.1", 8000).is_named_by(host) is named


def test_a_server_answers_the_name_it_was_given():
    assert Address("studio.lan", 8000).is_named_by("studio.lan:8000")
    assert not Address("127.0.0.1", 8000).is_named_by("studio.lan:8000")


def test_listening_beyond_this_machine_prints_a_warning(tiny):
    with socket.socket() as holder:  # the port is taken, so serve stops before anything is exposed
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = subprocess.run(
            serve_command(tiny.root, "--host", "0.0.0.0", "--port", str(port)),
            capture_output=True,
            text=True,
            timeout=20,
        )
    lines = result.stderr.splitlines()
    assert lines[0].startswith("warning: listening on 0.0.0.0: other machines on the network can open this site")
    assert lines[1:] == [f"error: port {port} is already in use: stop the other server or pass --port {port + 1}"]


# Ports and addresses


@pytest.mark.parametrize("port", ["-1", "0", "70000", "eighty"])
def test_a_port_outside_1_to_65535_is_a_usage_error(tiny, port):
    result = subprocess.run(serve_command(tiny.root, "--port", port), capture_output=True, text=True, timeout=20)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"build.py serve: error: argument --port: '{port}' is not a port number: give a whole number from 1 to 65535"
    )


def test_an_address_this_machine_does_not_have_is_a_usage_error(tiny):
    port = free_port()
    result = subprocess.run(
        serve_command(tiny.root, "--host", "192.0.2.1", "--port", str(port)),  # TEST-NET-1: never assigned
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2
    refusal = f"error: cannot listen on 192.0.2.1 port {port}: Cannot assign requested address"
    assert result.stderr.splitlines()[-1] == refusal


def test_the_start_message_names_the_port_served(tiny):
    with live_server(tiny.root) as server:
        log = server.output()
    assert f" at http://127.0.0.1:{server.port}/ " in log


# Stopping


@pytest.mark.parametrize(
    ("signum", "exit_code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["ctrl-c", "sigterm"]
)
def test_a_signal_during_the_first_build_exits_quietly_and_publishes_nothing(tiny, signum, exit_code):
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("with one core the first build renders without workers")
    tiny.add_events(1000)  # enough for the first build to fork render workers and take a while
    process = subprocess.Popen(
        serve_command(tiny.root, "--port", str(free_port())),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives a command
    )
    try:
        deadline = time.monotonic() + 15
        while not (tiny.root / "._site.staging").exists():  # pages are being rendered, by forked workers
            assert process.poll() is None and time.monotonic() < deadline, "the first build never rendered"
            time.sleep(0.005)
        assert children(process.pid), "the first build rendered in one process"
        os.killpg(process.pid, signum)  # as Ctrl-C does: to the server and its workers
        out, _ = process.communicate(timeout=15)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group, should the test fail
        process.communicate()
    assert process.returncode == exit_code, out
    assert "Traceback" not in out
    assert out.strip().splitlines()[-1] == "Stopped before serving; nothing half-built was published."
    assert not (tiny.root / "_site").exists()


def test_sigterm_during_a_rebuild_stops_the_server_quietly_with_a_whole_site(tiny):
    events = tiny.add_events(1000)
    template = tiny.own("templates") / "base.html"
    with live_server(tiny.root) as server:
        template.write_text(template.read_text().replace("</body>", "<!-- edited --></body>"))
        staging = tiny.root / "._site.staging"
        deadline = time.monotonic() + 15
        while not (staging.is_dir() and not (staging / ".site-builder").exists()):  # pages are being published
            assert time.monotonic() < deadline, "the rebuild never started publishing"
            time.sleep(0.01)
        log = server.output()  # SIGTERM
    assert server.process.returncode == 0, log
    assert "Traceback" not in log
    assert log.strip().splitlines()[-1] == "Stopped."
    pages = [tiny.root / "_site/events" / event.slug / "index.html" for event in events]
    edited = sum("<!-- edited -->" in page.read_text() for page in pages)
    assert edited in (0, len(pages)), f"{edited} of {len(pages)} pages were published"
