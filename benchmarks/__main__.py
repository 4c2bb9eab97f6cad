"""`python -m benchmarks`: time the curator's loop on a copy of the real content.

serve-edit: start `build.py serve`, then save one event again and again with a new title, and
time from the moment the file is written until the server answers with the rebuilt page.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVENT = "2014-02-14-rakuten-buys-viber"
TITLE = "Rakuten buys Israeli messaging company Viber"


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def serve_edit(edits: int, port: int) -> list[float]:
    """Milliseconds from each save to the first response that shows it."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("content", "templates", "static"):
            shutil.copytree(REPO / name, root / name)
        server = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "--project", str(root), "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        try:
            page_url = f"http://127.0.0.1:{port}/events/{EVENT}/"
            deadline = time.monotonic() + 30
            while _get(page_url) is None:
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start")
                time.sleep(0.05)
            path = root / f"content/events/{EVENT}.yaml"
            original = path.read_text(encoding="utf-8")
            timings = []
            for number in range(edits):
                title = f"{TITLE} (edit {number})"
                time.sleep(0.3)  # a curator's saves are apart; the server is idle when each arrives
                started = time.perf_counter()
                path.write_text(original.replace(f"title: {TITLE}", f"title: {title}"), encoding="utf-8")
                while title not in (_get(page_url) or ""):
                    time.sleep(0.002)
                timings.append((time.perf_counter() - started) * 1000)
            return timings
        finally:
            server.terminate()
            server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--edits", type=int, default=20, help="saves to time (default: 20)")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    timings = serve_edit(args.edits, args.port)
    print("| measurement | median | max |")
    print("|---|---|---|")
    print(
        f"| serve: save one event → rebuilt page served ({args.edits} saves) "
        f"| {statistics.median(timings):.0f} ms | {max(timings):.0f} ms |"
    )


if __name__ == "__main__":
    main()
