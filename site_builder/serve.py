"""A plain local server for the built site."""

from __future__ import annotations

import errno
import functools
import http.server
import sys
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


def serve(out: Path, host: str, port: int) -> int:
    handler = functools.partial(_QuietHandler, directory=str(out))
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(
                f"error: port {port} is already in use: stop the other server or pass --port {port + 1}",
                file=sys.stderr,
            )
            return 2
        raise
    print(f"Serving {out} at http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        server.server_close()
    return 0
