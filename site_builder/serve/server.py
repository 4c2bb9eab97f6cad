"""The live server: build, serve, watch the inputs, rebuild what changed and reload every open page.

Built on the `livereload` package's WebSocket handler and browser client, inside a Tornado
application of our own, because its `Server` has traps a curator would hit: it runs the build
on the event loop (blocking page requests), swallows exceptions from it, drops a reload that
comes within seconds of the previous one, and turns on Tornado's auto-restart for WSGI apps.
Here the watcher (watchdog, inotify-backed) feeds a worker thread that rebuilds; the event loop
only serves files and pushes reload messages.
"""

from __future__ import annotations

import errno
import html
import json
import mimetypes
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import ioloop, web
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..build import SiteBuilder
from ..errors import ContentError, Problem, display_path
from ..project import Project
from ..publishing.output import check_output_dir, publish, read_manifest

QUIET_PERIOD = 0.04  # seconds without further file events before a rebuild: one save, one rebuild
OVERLAY_URL = "/__site_builder__/overlay.css"
STATUS_URL = "/__site_builder__/status"
_EDITOR_LITTER = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload")


def is_input_file(path: Path) -> bool:
    """False for editors' hidden, backup and swap files, which never change the site."""
    name = path.name
    return not (name.startswith((".", "#")) or name.endswith(_EDITOR_LITTER) or name == "4913")


class LiveSite:
    """The state the watcher, the rebuild worker and the request handlers share."""

    def __init__(
        self,
        project: Project,
        out: Path,
        base_url: str | None = None,
        log: Callable[[str], None] = print,
        cache_dir: Path | None = None,
    ):
        self.project = project
        self.out = out
        self.builder = SiteBuilder(project, base_url, cache_dir=cache_dir)
        self.builder.assume_output(read_manifest(out) or {})
        self.log = log
        self.problems: tuple[Problem, ...] = ()
        self.generation = 0  # counts rebuilds that changed what the browser shows
        self._pending: set[Path] = set()
        self._last_event = 0.0
        self._lock = threading.Lock()
        self._wake = threading.Event()

    def first_build(self) -> None:
        """Build everything and replace the output whole; problems are shown, not raised."""
        started = time.perf_counter()
        try:
            result = self.builder.build()
        except ContentError as exc:
            self._show_problems(exc)
            return
        publish(self.out, result.manifest, result.data)
        self.log(f"Built {result.pages} pages in {(time.perf_counter() - started) * 1000:.0f} ms into {self.out}")

    def notice(self, path: Path) -> None:
        """Called from the watcher's thread for every file event."""
        if not is_input_file(path):
            return
        with self._lock:
            self._pending.add(path)
            self._last_event = time.monotonic()
        self._wake.set()

    def run(self, reload_browsers: Callable[[], None]) -> None:
        """The worker loop: wait for changes, let a save settle, rebuild, reload."""
        while True:
            self._wake.wait()
            while time.monotonic() - self._last_event < QUIET_PERIOD:
                time.sleep(QUIET_PERIOD / 4)
            with self._lock:
                paths, self._pending = self._pending, set()
                self._wake.clear()
            if paths and self.rebuild(paths):
                reload_browsers()

    def rebuild(self, paths: set[Path]) -> bool:
        """Rebuild after `paths` changed; True when open pages should reload."""
        saved_at = max((_mtime(path) for path in paths), default=time.time())
        started = time.perf_counter()
        what = _describe(paths, self.project.root)
        self.builder.forget(paths)
        try:
            result = self.builder.build(persist=False)
        except ContentError as exc:
            self.log(f"{what}: the content has problems; still serving the last good build")
            self._show_problems(exc)
            return True
        except Exception as exc:  # a bug in the builder must not take the server down
            self.log(f"{what}: internal error while building: {exc!r}")
            return False
        written = publish(self.out, result.manifest, result.data)
        recovered = bool(self.problems)
        self.problems = ()
        took = (time.perf_counter() - started) * 1000
        to_page = (time.time() - saved_at) * 1000
        pages = sum(1 for path in result.changed if path.endswith(".html"))
        self.log(
            f"{what}: {pages} page{'s' * (pages != 1)} written ({result.rendered} rendered, "
            f"{len(result.removed)} removed) in {took:.0f} ms; save to page {to_page:.0f} ms"
        )
        if written or result.removed or recovered:
            self.generation += 1
            return True
        return False

    def _show_problems(self, exc: ContentError) -> None:
        self.problems = tuple(exc.problems)
        self.generation += 1
        print(exc.report(), file=sys.stderr, flush=True)

    def overlay(self) -> str:
        """The problem list every served page shows while the content is broken."""
        if not self.problems:
            return ""
        items = "".join(
            f"<li><code>{html.escape(f'{p.path}:{p.line}:{p.column}')}</code> {html.escape(p.message)}</li>"
            for p in self.problems
        )
        count = len(self.problems)
        return (
            f'<link rel="stylesheet" href="{OVERLAY_URL}">'
            '<aside id="site-builder-problems" role="alert">'
            f"<h2>{count} problem{'s' * (count != 1)} in the content</h2>"
            "<p>This page shows the last good build. Fix the files below and save; the page reloads by itself.</p>"
            f"<ul>{items}</ul></aside>"
        )


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()  # deleted: the deletion happened just now


def _describe(paths: set[Path], root: Path) -> str:
    """Name what a save touched, leaving out temporary files an editor made and removed meanwhile."""
    existing = {path for path in paths if path.exists()}
    names = sorted(display_path(path, root) + ("" if path in existing else " (deleted)") for path in existing or paths)
    return names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"


class _InputEvents(FileSystemEventHandler):
    def __init__(self, live: LiveSite):
        self.live = live

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if path:
                self.live.notice(Path(path if isinstance(path, str) else path.decode()))


class PageHandler(web.RequestHandler):
    """Serves the output folder like a static host, adding the reload script and any problem overlay."""

    def initialize(self, live: LiveSite, port: int):
        self.live = live
        self.port = port

    def get(self, path: str) -> None:
        root = self.live.out.resolve()
        target = (root / unquote(path)).resolve()
        if not target.is_relative_to(root):
            return self._not_found()
        if target.is_dir():
            if path and not path.endswith("/"):
                return self.redirect("/" + path + "/", permanent=False)
            target = target / "index.html"
        if not target.is_file():
            return self._not_found()
        self._send(target, 200)

    def _not_found(self) -> None:
        page = self.live.out / "404.html"
        if page.is_file():
            return self._send(page, 404)
        self.set_status(404)
        self._write_html(b"<!doctype html><title>Not found</title><h1>Not found</h1>")

    def _send(self, file: Path, status: int) -> None:
        self.set_status(status)
        data = file.read_bytes()
        if file.suffix == ".html":
            return self._write_html(data)
        self.set_header("Content-Type", mimetypes.guess_type(file.name)[0] or "application/octet-stream")
        self.set_header("Cache-Control", "no-store")
        self.write(data)

    def _write_html(self, data: bytes) -> None:
        script = f'<script src="/livereload.js?port={self.port}" defer></script>'.encode()
        extra = script + self.live.overlay().encode()
        data = data.replace(b"</body>", extra + b"</body>", 1) if b"</body>" in data else data + extra
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(data)


class StatusHandler(web.RequestHandler):
    """A small JSON status for tools: build generation, open pages listening, current problems."""

    def initialize(self, live: LiveSite):
        self.live = live

    def get(self) -> None:
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.write(
            json.dumps(
                {
                    "generation": self.live.generation,
                    "clients": len(LiveReloadHandler.waiters),
                    "problems": [str(problem) for problem in self.live.problems],
                }
            )
        )


class OverlayStyleHandler(web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/css")
        self.write(OVERLAY_CSS)


OVERLAY_CSS = """
#site-builder-problems { position: fixed; inset: auto 0 0 0; z-index: 2147483647; max-height: 60vh; overflow: auto;
  margin: 0; padding: 1rem 1.25rem; background: #2b0b0b; color: #ffe9e6; border-top: 4px solid #ff5a47;
  font: 15px/1.5 system-ui, sans-serif; box-shadow: 0 -8px 24px rgba(0,0,0,.35); }
#site-builder-problems h2 { margin: 0 0 .25rem; font-size: 1.1rem; color: #fff; }
#site-builder-problems p { margin: 0 0 .5rem; }
#site-builder-problems ul { margin: 0; padding-left: 1.25rem; }
#site-builder-problems li { margin: .25rem 0; }
#site-builder-problems code { font: 600 14px/1.4 ui-monospace, monospace; color: #ffd2cc; }
"""


def make_app(live: LiveSite, port: int) -> web.Application:
    LiveReloadHandler.watcher = Watcher()  # read by the handler for its log line; it watches nothing
    LiveReloadHandler.live_css = False
    return web.Application(
        [
            (r"/livereload", LiveReloadHandler),
            (r"/livereload\.js", LiveReloadJSHandler),
            (OVERLAY_URL, OverlayStyleHandler),
            (STATUS_URL, StatusHandler, {"live": live}),
            (r"/(.*)", PageHandler, {"live": live, "port": port}),
        ],
        debug=False,  # never let Tornado restart the server when a module changes
        log_function=lambda handler: None,
    )


def serve(project: Project, out: Path, host: str, port: int, open_browser: bool = False) -> int:
    """Build, serve on host:port, and rebuild on every change until Ctrl-C."""
    check_output_dir(out, [*project.inputs, project.root])
    live = LiveSite(project, out, log=lambda line: print(line, flush=True), cache_dir=project.root / ".cache")
    live.first_build()
    loop = ioloop.IOLoop.current()
    try:
        make_app(live, port).listen(port, address=host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(
                f"error: port {port} is already in use: stop the other server or pass --port {port + 1}",
                file=sys.stderr,
            )
            return 2
        raise
    observer = Observer()
    for folder in project.inputs:
        if folder.is_dir():
            observer.schedule(_InputEvents(live), str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    reload_browsers = lambda: loop.add_callback(LiveReloadHandler.reload_waiters, "*")  # noqa: E731
    threading.Thread(target=live.run, args=(reload_browsers,), daemon=True, name="rebuild").start()
    url = f"http://{host}:{port}/"
    print(f"Serving {out} at {url} — edit files under content/, templates/ or static/; Ctrl-C to stop", flush=True)
    if open_browser:
        loop.call_later(0.5, webbrowser.open, url)
    try:
        loop.start()
    except KeyboardInterrupt:
        print("\nStopped.", flush=True)
    finally:
        observer.stop()
    return 0
