"""`python -m benchmarks` (or `make bench`): the speed of the product, as one table.

For each size N it generates a synthetic timeline (seeded, in our own content format), then
times, each in a new process: the floor (our stack straight through: PyYAML's C loader, Markdown
and Jinja2, no validation) in one and in two processes; a cold build (no cache, no output); a warm
build with nothing changed; a warm build after editing one event; and, in a running `serve`, the
time from saving one event to the server answering with the rebuilt page. Every time is also
given as a ratio to the two-process floor, which is what compares across machines.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .corpus import generate

REPO = Path(__file__).resolve().parent.parent


def run(command: list[str]) -> tuple[float, int, str]:
    """Seconds, peak resident memory (MB, of the largest process in the tree) and output."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    return seconds, usage.ru_maxrss // 1024, output


def build(root: Path) -> tuple[float, int, int]:
    seconds, memory, output = run([sys.executable, str(REPO / "build.py"), "--project", str(root), "build"])
    written = re.search(r"(\d+) files written", output)
    if written is None and not output.startswith("Up to date"):
        raise SystemExit(f"unexpected build output:\n{output}")
    return seconds, memory, int(written.group(1)) if written else 0


def edit_one_event(root: Path, marker: str) -> Path:
    path = sorted((root / "content/events").glob("*.yaml"))[len(list((root / "content/events").iterdir())) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: (.*)$", rf"title: \1 {marker}", text, count=1, flags=re.M), encoding="utf-8")
    return path


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def serve_edits(root: Path, edits: int, port: int) -> list[float]:
    """Milliseconds from each save of one event to the first response showing it."""
    server = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--project", str(root), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        path = sorted((root / "content/events").glob("*.yaml"))[3]
        page_url = f"http://127.0.0.1:{port}/events/{path.stem}/"
        deadline = time.monotonic() + 300
        while _get(page_url) is None:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.1)
        original = path.read_text(encoding="utf-8")
        timings = []
        for number in range(edits):
            marker = f"serve edit {number}"
            time.sleep(0.5)  # a curator's saves are apart: the server is idle when each arrives
            started = time.perf_counter()
            path.write_text(
                re.sub(r"^title: (.*)$", rf"title: \1 {marker}", original, count=1, flags=re.M), encoding="utf-8"
            )
            while marker not in (_get(page_url) or ""):
                time.sleep(0.002)
            timings.append((time.perf_counter() - started) * 1000)
        return timings
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(events: int, port: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        root = generate(Path(folder) / "site", events)
        floor = {}
        for jobs in (1, 2):
            out = Path(folder) / f"floor{jobs}"
            floor[jobs], _, _ = run(
                [sys.executable, "-m", "benchmarks.floor", str(root / "content"), str(out), str(jobs)]
            )
            shutil.rmtree(out)
        cold = build(root)
        warm = build(root)
        edit_one_event(root, "edited")
        edited = build(root)
        edit_one_event(root, "edited again")  # the steady state: the staging tree now exists
        edited_again = build(root)
        serve = serve_edits(root, 5, port)
        pages = sum(1 for _ in (root / "_site").rglob("index.html"))
        largest = max(p.stat().st_size for p in (root / "_site").rglob("*") if p.is_file())
        first_page = (root / "_site/index.html").stat().st_size
        return {
            "events": events,
            "floor": floor,
            "cold": cold,
            "warm": warm,
            "edited": edited,
            "edited_again": edited_again,
            "serve": statistics.median(serve),
            "pages": pages,
            "largest": largest,
            "first_page": first_page,
        }


def real_content_serve(port: int) -> float:
    """Median save-to-page time in `serve` on a copy of this project's own content."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("content", "templates", "static"):
            shutil.copytree(REPO / name, root / name)
        return statistics.median(serve_edits(root, 10, port))


def report(rows: list[dict]) -> None:
    print("| measurement | " + " | ".join(f"N = {row['events']:,}" for row in rows) + " |")
    print("|---|" + "---|" * len(rows))

    def line(name: str, cell) -> None:
        print(f"| {name} | " + " | ".join(cell(row) for row in rows) + " |")

    def timed(seconds: float, row: dict) -> str:
        return f"{seconds:.2f} s ({seconds / row['floor'][2]:.2f}×)"

    line("floor, 1 process", lambda r: f"{r['floor'][1]:.2f} s")
    line("floor, 2 processes (= 1×)", lambda r: f"{r['floor'][2]:.2f} s")
    line("cold build (no cache, no output)", lambda r: timed(r["cold"][0], r))
    line("warm build, nothing changed", lambda r: timed(r["warm"][0], r))
    line("warm build, one event edited", lambda r: timed(r["edited"][0], r))
    line("warm build, another event edited", lambda r: timed(r["edited_again"][0], r))
    line("serve: save one event → page (median of 5)", lambda r: f"{r['serve']:.0f} ms")
    line("peak memory (largest process, cold)", lambda r: f"{r['cold'][1]} MB")
    line("files written: cold / warm / edited", lambda r: f"{r['cold'][2]} / {r['warm'][2]} / {r['edited_again'][2]}")
    line("pages (index.html files)", lambda r: f"{r['pages']:,}")
    line("cold build per event", lambda r: f"{r['cold'][0] * 1000 / r['events']:.2f} ms")
    line("largest file / first timeline page", lambda r: f"{r['largest'] // 1024} KB / {r['first_page'] // 1024} KB")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of events")
    parser.add_argument("--port", type=int, default=8765, help="port for the serve measurement")
    args = parser.parse_args()
    rows = [measure(events, args.port + index) for index, events in enumerate(args.sizes)]
    report(rows)
    print(
        f"\nserve on the real content ({REPO / 'content'}): save one event → page, median of 10: "
        f"{real_content_serve(args.port + len(rows)):.0f} ms"
    )


if __name__ == "__main__":
    main()
