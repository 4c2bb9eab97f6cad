"""A local stand-in for GitHub Pages: the same answers for folders, misses and case, under a sub-path."""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit


def _handler(site: Path, prefix: str):
    class PagesHandler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            if not path.startswith(prefix):
                return self._send(404, b"not this site")
            relative = path[len(prefix) :]
            target = (site / relative).resolve()
            if not target.is_relative_to(site.resolve()) or not _exists_exactly(site, relative):
                return self._missing()
            if target.is_dir():
                if not path.endswith("/"):  # Pages redirects a folder to its slash form
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.end_headers()
                    return None
                target = target / "index.html"
                if not target.is_file():
                    return self._missing()
            return self._send(200, target.read_bytes(), target.suffix)

        def _missing(self) -> None:
            page = site / "404.html"
            self._send(404, page.read_bytes() if page.is_file() else b"404", ".html")

        def _send(self, status: int, body: bytes, suffix: str = ".txt") -> None:
            types = {
                ".html": "text/html; charset=utf-8",
                ".css": "text/css",
                ".svg": "image/svg+xml",
                ".xml": "application/xml",
                ".js": "text/javascript",
                ".json": "application/json",
            }
            self.send_response(status)
            self.send_header("Content-Type", types.get(suffix, "text/plain"))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return PagesHandler


def _exists_exactly(site: Path, relative: str) -> bool:
    """Case-sensitive existence, as on Pages, whatever the local file system does with case."""
    current = site
    for part in [p for p in relative.split("/") if p]:
        if not current.is_dir() or part not in {child.name for child in current.iterdir()}:
            return False
        current = current / part
    return True


@contextlib.contextmanager
def pages_host(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `site` under `prefix` ('/' or '/repo/'); yields the origin, e.g. http://127.0.0.1:PORT."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(site, prefix))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
