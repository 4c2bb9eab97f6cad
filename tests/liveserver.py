"""Running `build.py serve` on a copy of the project, as a curator would, for the serve tests."""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from conftest import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_project(target: Path) -> Path:
    for folder in ("content", "templates", "static"):
        shutil.copytree(REPO / folder, target / folder)
    return target


@dataclass
class RunningServer:
    root: Path
    url: str
    process: subprocess.Popen

    def status(self) -> dict:
        with urllib.request.urlopen(self.url + "__site_builder__/status", timeout=5) as response:
            return json.load(response)

    def wait_for(self, condition, timeout: float = 10.0) -> dict:
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
        self.process.terminate()
        out, _ = self.process.communicate(timeout=10)
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
            process.terminate()
            process.communicate(timeout=10)
