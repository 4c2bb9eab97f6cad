"""Running `build.py serve` on a tiny site, as a curator would, for the serve tests."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from conftest import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningServer:
    root: Path
    url: str
    process: subprocess.Popen

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1].strip("/"))

    def status(self) -> dict:
        with urllib.request.urlopen(self.url + "__site_builder__/status", timeout=5) as response:
            return json.load(response)

    def get(self, path: str) -> tuple[int, str]:
        """The status code and text of a served page."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def wait_for(self, condition: Callable[[dict], bool], timeout: float = 10.0) -> dict:
        """Poll the status until `condition(status)` holds."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.status()
            if condition(status):
                return status
            if time.monotonic() > deadline:
                raise AssertionError(f"server status never matched: {status}")
            time.sleep(0.05)

    def output(self) -> str:
        """Stop the server and return what it printed."""
        return self.stop()

    def stop(self, timeout: float = 10.0) -> str:
        """Ask the server to stop, as a service manager would; one that does not is killed, and fails the test."""
        self.process.terminate()
        try:
            out, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, _ = self.process.communicate()
            raise AssertionError(f"serve did not stop within {timeout:.0f} s of SIGTERM; it printed:\n{out}") from None
        return out


@contextlib.contextmanager
def live_server(root: Path, *extra: str) -> Iterator[RunningServer]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--project", str(root), "serve", "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    server = RunningServer(root, f"http://127.0.0.1:{port}/", process)
    deadline = time.monotonic() + 20
    while True:
        try:
            server.status()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not start: {process.communicate()[0]}") from None
            time.sleep(0.05)
    try:
        yield server
    finally:
        if process.poll() is None:
            server.stop()
