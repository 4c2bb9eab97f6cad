"""The live server: build, serve, watch the inputs, rebuild what changed and reload every open page.

Built on the `livereload` package's WebSocket handler and browser client, inside a Tornado
application of our own, because its `Server` has traps a curator would hit: it runs the build
on the event loop (blocking page requests), swallows exceptions from it, drops a reload that
comes within seconds of the previous one, and turns on Tornado's auto-restart for WSGI apps.
Here the watcher (watchdog, inotify-backed) feeds a worker thread that rebuilds (live.py); the
event loop only serves files and pushes reload messages.

The server answers only requests that name it: a web page elsewhere that points a domain of its
own at this machine (DNS rebinding) would otherwise read the drafts, the problems (which quote
archived articles) and the reload socket.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import ipaddress
import json
import mimetypes
import multiprocessing
import os
import signal
import socket
import sys
import threading
import traceback
import webbrowser
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any
from urllib.parse import quote, urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import httpserver, ioloop, netutil, web
from tornado.platform.asyncio import BaseAsyncIOLoop
from watchdog.observers import Observer

from ..errors import UsageError
from ..project import Project
from ..publishing.output import check_output_dir
from .live import OVERLAY_URL, InputEvents, LiveSite, NewInputFolders
from .terminal import readable, say

STATUS_URL = "/__site_builder__/status"
NAME_MAX = 255  # bytes in one file name: a longer path segment names no file
_UNSAFE_IN_PATH = frozenset(chr(code) for code in [*range(0x20), 0x7F])  # control characters: in no built file
WORKER_STOP_TIMEOUT = 5.0  # seconds to let a rebuild under way notice the server is stopping


@dataclass(frozen=True)
class Address:
    """Where the server listens, and which Host and Origin headers name it."""

    host: str
    port: int

    def is_named_by(self, authority: str) -> bool:
        """Whether `host[:port]` names this server: any IP address, `localhost` or the `--host` name,
        with the port served. A rebinding page's requests carry its own domain name, never an address."""
        if "@" in authority:
            return False
        try:
            parts = urlsplit("//" + authority)
            name, port = parts.hostname, parts.port or 80
        except ValueError:
            return False
        if not name or port != self.port:
            return False
        return name in ("localhost", self.host.lower()) or _is_ip_address(name)

    def refusal(self, host: str | None, origin: str | None) -> str | None:
        """Why a request with these headers is refused, or None to serve it."""
        if host is not None and not self.is_named_by(host):
            return f"the request names another host; open {self.url}"
        if origin is not None and not self.is_origin(origin):
            return "the request comes from a page of another site"
        return None

    def is_origin(self, origin: str) -> bool:
        parts = urlsplit(origin)
        return parts.scheme == "http" and self.is_named_by(parts.netloc)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"


def _is_loopback(host: str) -> bool:
    return host == "localhost" or (_is_ip_address(host) and ipaddress.ip_address(host).is_loopback)


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class LocalHandler(web.RequestHandler):
    """Refuses requests that do not name this server; prints a traceback only for a real bug."""

    def prepare(self) -> None:
        address: Address = self.settings["address"]
        refusal = address.refusal(self.request.headers.get("Host"), self.request.headers.get("Origin"))
        if refusal:
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(f"403 Forbidden: {refusal}\n")

    def log_exception(
        self, typ: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if isinstance(value, web.HTTPError):  # a refused request (a URL that is not UTF-8): no bug to report
            return
        lines = "".join(traceback.format_exception(value)) if value else ""
        say(f"internal error serving {self.request.method} {self.request.uri}:\n{lines.rstrip()}", sys.stderr)


class PageHandler(LocalHandler):
    """Serves the output folder like a static host, adding the reload script and any problem overlay."""

    def initialize(self, live: LiveSite, port: int) -> None:
        self.live = live
        self.port = port

    def get(self, path: str) -> None:
        found = locate(self.live.out, path)
        if isinstance(found, str):
            return self.redirect(found, permanent=False)
        if found is None or not self._send(found, 200):
            self._not_found()

    def head(self, path: str) -> None:
        self.get(path)  # Tornado sends the headers, with the length of the body it leaves out

    def _not_found(self) -> None:
        if self._send(self.live.out / "404.html", 404):
            return
        self.set_status(404)
        self._write_html(b"<!doctype html><title>Not found</title><h1>Not found</h1>")

    def _send(self, file: Path, status: int) -> bool:
        """Send a file; False when it cannot be read (gone since it was found)."""
        try:
            data = file.read_bytes()
        except OSError:
            return False
        self.set_status(status)
        if file.suffix == ".html":
            self._write_html(data)
            return True
        self.set_header("Content-Type", mimetypes.guess_type(file.name)[0] or "application/octet-stream")
        self.set_header("Cache-Control", "no-store")
        self.write(data)
        return True

    def _write_html(self, data: bytes) -> None:
        script = f'<script src="/livereload.js?port={self.port}" defer></script>'.encode()
        extra = script + self.live.overlay().encode("utf-8", "backslashreplace")
        data = data.replace(b"</body>", extra + b"</body>", 1) if b"</body>" in data else data + extra
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(data)


def locate(out: Path, path: str) -> Path | str | None:
    """The file a request path names in the output folder; for a folder named without its final
    slash, the normalised same-site path to redirect to; None when it names nothing there."""
    path = path.lstrip("/")  # `//host/x` is a path here, never another host
    segments = path.split("/")
    if any(len(os.fsencode(segment)) > NAME_MAX or _UNSAFE_IN_PATH.intersection(segment) for segment in segments):
        return None
    try:
        root = out.resolve()
        target = (root / path).resolve()
        if not target.is_relative_to(root):
            return None
        if target.is_dir():
            if path and not path.endswith("/"):
                relative = target.relative_to(root).as_posix()
                return "/" if relative == "." else "/" + quote(relative) + "/"
            target = target / "index.html"
        return target if target.is_file() else None
    except (OSError, RuntimeError, ValueError):  # a name too long for the system, a link loop
        return None


class StatusHandler(LocalHandler):
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
                    "problems": [readable(str(problem)) for problem in self.live.problems],
                }
            )
        )


class ReloadSocket(LocalHandler, LiveReloadHandler):
    """livereload's WebSocket, open only to this server's own pages."""

    def check_origin(self, origin: str) -> bool:
        address: Address = self.settings["address"]
        return address.is_origin(origin)

    def on_message(self, message: Any) -> None:
        try:
            super().on_message(message)
        except (ValueError, TypeError, AttributeError):  # not livereload's protocol: nobody to talk to
            self.close()


class ReloadScriptHandler(LocalHandler, LiveReloadJSHandler):
    pass


class OverlayStyleHandler(LocalHandler):
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


def make_app(live: LiveSite, address: Address) -> web.Application:
    LiveReloadHandler.watcher = Watcher()  # read by the handler for its log line; it watches nothing
    LiveReloadHandler.live_css = False
    return web.Application(
        [
            (r"/livereload", ReloadSocket),
            (r"/livereload\.js", ReloadScriptHandler),
            (OVERLAY_URL, OverlayStyleHandler),
            (STATUS_URL, StatusHandler, {"live": live}),
            (r"/(.*)", PageHandler, {"live": live, "port": address.port}),
        ],
        address=address,
        debug=False,  # never let Tornado restart the server when a module changes
        log_function=lambda handler: None,
    )


def _stop_before_serving(signum: int, frame: FrameType | None) -> None:
    """Until the server runs, nothing needs tidying: a build publishes by swapping whole trees in its
    last step and the kernel releases the output lock, so end at once rather than unwind through
    the render workers, where a signal that reached them too can leave a lock held for ever."""
    _write_now("\nStopped before serving; nothing half-built was published.\n")
    for child in multiprocessing.active_children():
        child.kill()
    os._exit(128 + signum)  # the shell's convention: 130 for Ctrl-C, 143 for SIGTERM


def _exit_now(signum: int, frame: FrameType | None) -> None:
    os._exit(128 + signum)


def _write_now(text: str) -> None:
    """Write from a signal handler, which may interrupt a print holding the stream's lock."""
    with contextlib.suppress(OSError, ValueError):
        os.write(sys.stdout.fileno(), text.encode(sys.stdout.encoding or "utf-8", "replace"))


_HANDLERS = (_stop_before_serving, _exit_now)


def _quiet_render_worker() -> None:
    """In a render worker forked during the first build. Ctrl-C reaches the whole terminal group,
    but only the server answers it (it ends its workers); SIGTERM ends a worker without a word; and
    a worker never outlives the server, holding its port."""
    if signal.getsignal(signal.SIGTERM) not in _HANDLERS:
        return  # forked by something other than serve
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


_PR_SET_PDEATHSIG = 1
if hasattr(os, "register_at_fork"):  # inert unless serve's own handlers are installed
    os.register_at_fork(after_in_child=_quiet_render_worker)


def _on_signal(handler: Callable[[int, FrameType | None], None]) -> None:
    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


@contextlib.contextmanager
def _signal_handlers() -> Iterator[None]:
    """Restore the handlers for Ctrl-C and SIGTERM that were there before serving."""
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def serve(
    project: Project, out: Path, host: str, port: int, open_browser: bool = False, cache_dir: Path | None = None
) -> int:
    """Build, serve on host:port, and rebuild on every change until Ctrl-C or SIGTERM.

    Stopped while serving, it says "Stopped." and returns 0. Stopped before (during the first
    build), the process exits 130 (Ctrl-C) or 143 (SIGTERM). Either way without a traceback, and
    the output folder holds a complete build: the last one, or the one under way if it finished.
    """
    with _signal_handlers():
        _on_signal(_stop_before_serving)
        out = check_output_dir(out, [*project.inputs, project.root])
        if not _is_loopback(host):
            say(
                f"warning: listening on {host}: other machines on the network can open this site, "
                "drafts and content problems included; use --host 127.0.0.1 to keep it to this machine",
                sys.stderr,
            )
        sockets = _listen(host, port)
        address = Address(host, sockets[0].getsockname()[1])
        live = LiveSite(project, out, log=say, cache_dir=cache_dir or project.root / ".cache")
        live.first_build()
        _serve_live(live, address, sockets, open_browser)
    say("\nStopped.")
    return 0


def _listen(host: str, port: int) -> list[socket.socket]:
    try:
        return netutil.bind_sockets(port, address=host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} is already in use: stop the other server or pass --port {port + 1}") from exc
        reason = exc.strerror or str(exc)
        raise UsageError(f"cannot listen on {host} port {port}: {reason}") from exc


def _serve_live(live: LiveSite, address: Address, sockets: list[socket.socket], open_browser: bool) -> None:
    """Serve until Ctrl-C or SIGTERM, which stop the event loop between two requests."""
    loop = ioloop.IOLoop.current()
    assert isinstance(loop, BaseAsyncIOLoop)  # Tornado runs on asyncio
    httpserver.HTTPServer(make_app(live, address)).add_sockets(sockets)
    observer = Observer()
    for folder in live.project.inputs:
        if folder.is_dir():
            observer.schedule(InputEvents(live), str(folder), recursive=True)
    missing = [folder for folder in (live.project.templates, live.project.static) if not folder.is_dir()]
    if missing:  # a curator who makes one to override a default sees the change at once
        observer.schedule(NewInputFolders(live, observer, missing), str(live.project.root))
    observer.daemon = True
    worker = threading.Thread(
        target=live.run,
        args=(lambda: loop.add_callback(LiveReloadHandler.reload_waiters, "*"),),
        daemon=True,
        name="rebuild",
    )
    try:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.asyncio_loop.add_signal_handler(signum, loop.stop)
        observer.start()
        live.trust_watcher()  # before the worker runs: changes from now on are all reported
        worker.start()
        say(f"Serving {live.out} at {address.url} — edit files under content/, templates/ or static/; Ctrl-C to stop")
        if open_browser:
            loop.call_later(0.5, webbrowser.open, address.url)
        loop.start()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.asyncio_loop.remove_signal_handler(signum)
        _on_signal(_exit_now)  # a second Ctrl-C while stopping ends at once
        observer.stop()
        live.stop()
        if worker.is_alive():
            worker.join(WORKER_STOP_TIMEOUT)  # so the process never exits while a rebuild is publishing
