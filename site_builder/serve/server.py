"""The live server: build, serve, watch the inputs, rebuild what changed and reload every open page.

Built on the `livereload` package's WebSocket handler and browser client, inside a Tornado
application of our own, because its `Server` has traps a curator would hit: it runs the build
on the event loop (blocking page requests), swallows exceptions from it, drops a reload that
comes within seconds of the previous one, and turns on Tornado's auto-restart for WSGI apps.
Here the watcher (watchdog, inotify-backed) feeds a worker thread that rebuilds (live.py); the
event loop only serves files and pushes reload messages.
"""

from __future__ import annotations

import errno
import json
import mimetypes
import threading
import webbrowser
from pathlib import Path
from urllib.parse import unquote

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import ioloop, web
from watchdog.observers import Observer

from ..errors import UsageError
from ..project import Project
from ..publishing.output import check_output_dir
from .live import OVERLAY_URL, InputEvents, LiveSite

STATUS_URL = "/__site_builder__/status"


class PageHandler(web.RequestHandler):
    """Serves the output folder like a static host, adding the reload script and any problem overlay."""

    def initialize(self, live: LiveSite, port: int) -> None:
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

    def initialize(self, live: LiveSite) -> None:
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
    out = check_output_dir(out, [*project.inputs, project.root])
    live = LiveSite(project, out, log=lambda line: print(line, flush=True), cache_dir=project.root / ".cache")
    live.first_build()
    loop = ioloop.IOLoop.current()
    try:
        make_app(live, port).listen(port, address=host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} is already in use: stop the other server or pass --port {port + 1}") from exc
        raise
    observer = Observer()
    for folder in project.inputs:
        if folder.is_dir():
            observer.schedule(InputEvents(live), str(folder), recursive=True)
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
