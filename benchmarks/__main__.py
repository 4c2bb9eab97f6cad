"""`python -m benchmarks` (or `make bench`): the speed of the product, as one table.

For each size N it generates a synthetic timeline (seeded, in our own content format, with
150–250-word Markdown bodies), then times, each in a new process and as the median of a few
rounds: the floor (our stack straight through: PyYAML's C loader, Markdown and Jinja2, no
validation) in one and in two processes; a cold build (no cache, no output); warm builds with
nothing changed, after editing one event, after adding one and after deleting one; and, in a
running `serve`, the time from saving one event to the server answering with the rebuilt page.
Every time is also given as a ratio to the two-process floor, which is what compares across
machines, beside the target it is held to.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from .corpus import generate

REPO = Path(__file__).resolve().parent.parent
# Settings read from the environment (a base URL, a cache folder) would make the runs differ by shell.
ENVIRONMENT = {name: value for name, value in os.environ.items() if not name.startswith("SITE_")}


class Target(NamedTuple):
    """A limit on a measurement: on its ratio to the floor (unit "×") or on its value ("s", "ms", "MB")."""

    limit: float
    unit: str

    def __str__(self) -> str:
        return f"≤ {self.limit:g}{'' if self.unit == '×' else ' '}{self.unit}"

    def verdict(self, value: float) -> str:
        return "met" if value <= self.limit else "missed"


# The targets are set for 10,000 events; smaller timelines are shown against them too.
COLD = Target(1.3, "×")
PEAK_MEMORY = Target(300, "MB")
NOTHING_CHANGED = Target(0.25, "s")
ONE_EDIT = Target(0.1, "×")
ADD_OR_DELETE = Target(0.15, "×")
SERVE_SAVE = Target(0.015, "×")
REAL_CONTENT_SAVE = Target(30, "ms")


class Build(NamedTuple):
    seconds: float
    memory: int  # MB, peak resident memory of the largest process in the tree
    written: int  # files the build wrote into the output


def run(command: list[str]) -> tuple[float, int, str]:
    """Seconds, peak resident memory (MB, of the largest process in the tree) and output."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENVIRONMENT)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    return seconds, usage.ru_maxrss // 1024, output


def build(root: Path) -> Build:
    seconds, memory, output = run([sys.executable, str(REPO / "build.py"), "--project", str(root), "build"])
    # Without a base URL the builder says so; any other warning means the corpus is not what it claims.
    warnings = [line for line in output.splitlines() if line.startswith("warning:") and "no base URL" not in line]
    if warnings:
        raise SystemExit("the synthetic content drew warnings:\n" + "\n".join(warnings[:5]))
    written = re.search(r"(\d+) files written", output)
    if written is None and not output.startswith("Up to date"):
        raise SystemExit(f"unexpected build output:\n{output}")
    return Build(seconds, memory, int(written.group(1)) if written else 0)


def typical(builds: list[Build]) -> Build:
    """The median time and files written of a measurement's rounds, and the largest memory."""
    return Build(
        statistics.median(b.seconds for b in builds),
        max(b.memory for b in builds),
        round(statistics.median(b.written for b in builds)),
    )


def remove_output(root: Path) -> None:
    for folder in (root / "_site", root / "._site.staging", root / ".cache"):
        shutil.rmtree(folder, ignore_errors=True)


def _events(root: Path) -> list[Path]:
    return sorted(path for path in (root / "content/events").glob("*.yaml") if "-copy-" not in path.stem)


def _retitled(text: str, marker: str) -> str:
    return re.sub(r"^title: (.*)$", rf"title: \1 {marker}", text, count=1, flags=re.M)


def edit_event(root: Path, number: int, marker: str) -> None:
    """Change the title of one event, a different one for each number, from the middle of the timeline."""
    events = _events(root)
    path = events[len(events) // 2 + number]
    path.write_text(_retitled(path.read_text(encoding="utf-8"), marker), encoding="utf-8")


def add_event(root: Path, number: int) -> None:
    """A new event file: a copy of an existing one, under its own name and title."""
    events = _events(root)
    model = events[len(events) // 3 + number]
    text = _retitled(model.read_text(encoding="utf-8"), f"(copy {number})")
    model.with_name(f"{model.stem}-copy-{number}.yaml").write_text(text, encoding="utf-8")


def delete_event(root: Path, number: int) -> None:
    events = _events(root)
    events[2 * len(events) // 3 + number].unlink()


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_edits(root: Path, edits: int) -> list[float]:
    """Milliseconds from each save of one event to the first response showing it."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--project", str(root), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        env=ENVIRONMENT,
    )
    try:
        path = _events(root)[3]
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
            path.write_text(_retitled(original, marker), encoding="utf-8")
            while marker not in (_get(page_url) or ""):
                time.sleep(0.002)
            timings.append((time.perf_counter() - started) * 1000)
        return timings
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(events: int, rounds: int, serve_rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        root = generate(Path(folder) / "site", events)
        floor = {}
        for jobs in (1, 2):
            out = Path(folder) / f"floor{jobs}"
            times = []
            for _ in range(rounds):
                seconds, _, _ = run(
                    [sys.executable, "-m", "benchmarks.floor", str(root / "content"), str(out), str(jobs)]
                )
                times.append(seconds)
                shutil.rmtree(out)
            floor[jobs] = statistics.median(times)
        cold = []
        for _ in range(rounds):
            remove_output(root)
            cold.append(build(root))
        warm = [build(root) for _ in range(rounds)]
        edit_event(root, 0, "edited")
        first_edit = build(root)  # the staging tree beside the output is made here
        edited, added, deleted = [], [], []
        for number in range(rounds):
            edit_event(root, number + 1, f"edited {number}")
            edited.append(build(root))
        for number in range(rounds):
            add_event(root, number)
            added.append(build(root))
        for number in range(rounds):
            delete_event(root, number)
            deleted.append(build(root))
        serve = serve_edits(root, serve_rounds)
        site = root / "_site"
        return {
            "events": events,
            "floor": floor,
            "cold": typical(cold),
            "warm": typical(warm),
            "first_edit": first_edit,
            "edited": typical(edited),
            "added": typical(added),
            "deleted": typical(deleted),
            "serve": statistics.median(serve),
            "pages": sum(1 for _ in site.rglob("index.html")),
            "largest": max(p.stat().st_size for p in site.rglob("*") if p.is_file()),
            "first_page": (site / "index.html").stat().st_size,
        }


def real_content_serve(edits: int) -> float:
    """Median save-to-page time in `serve` on a copy of this project's own content."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("content", "templates", "static"):
            shutil.copytree(REPO / name, root / name)
        return statistics.median(serve_edits(root, edits))


def _ratio(ratio: float) -> str:
    return f"{ratio:.3f}×" if ratio < 0.1 else f"{ratio:.2f}×"


def report(rows: list[dict], rounds: int, real_content: float) -> None:
    print(
        f"Medians of {rounds} round{'s' if rounds > 1 else ''}; each time also as a ratio to the two-process floor "
        "of the same run; the targets are set for 10,000 events.\n"
    )
    print("| measurement | target | " + " | ".join(f"N = {row['events']:,}" for row in rows) + " |")
    print("|---|---|" + "---|" * len(rows))

    def line(name: str, target: Target | None, cell: Callable[[dict], str]) -> None:
        print(f"| {name} | {target or ''} | " + " | ".join(cell(row) for row in rows) + " |")

    def timed(key: str, target: Target) -> Callable[[dict], str]:
        def cell(row: dict) -> str:
            measured: Build = row[key]
            ratio = measured.seconds / row["floor"][2]
            verdict = target.verdict(measured.seconds if target.unit == "s" else ratio)
            return f"{measured.seconds:.2f} s ({_ratio(ratio)}), {measured.written:,} files: {verdict}"

        return cell

    def serve(row: dict) -> str:
        ratio = row["serve"] / 1000 / row["floor"][2]
        return f"{row['serve']:.0f} ms ({_ratio(ratio)}): {SERVE_SAVE.verdict(ratio)}"

    line("floor, 1 process", None, lambda r: f"{r['floor'][1]:.2f} s")
    line("floor, 2 processes (= 1×)", None, lambda r: f"{r['floor'][2]:.2f} s")
    line("cold build (no cache, no output)", COLD, timed("cold", COLD))
    line(
        "peak memory (largest process, cold)",
        PEAK_MEMORY,
        lambda r: f"{r['cold'].memory} MB: {PEAK_MEMORY.verdict(r['cold'].memory)}",
    )
    line("warm build, nothing changed", NOTHING_CHANGED, timed("warm", NOTHING_CHANGED))
    line("warm build, first edit after the cold build", ONE_EDIT, timed("first_edit", ONE_EDIT))
    line("warm build, one event edited", ONE_EDIT, timed("edited", ONE_EDIT))
    line("warm build, one event added", ADD_OR_DELETE, timed("added", ADD_OR_DELETE))
    line("warm build, one event deleted", ADD_OR_DELETE, timed("deleted", ADD_OR_DELETE))
    line("serve: save one event → page", SERVE_SAVE, serve)
    line("pages (index.html files)", None, lambda r: f"{r['pages']:,}")
    line("cold build per event", None, lambda r: f"{r['cold'].seconds * 1000 / r['events']:.2f} ms")
    line(
        "largest file / first timeline page",
        None,
        lambda r: f"{r['largest'] // 1024} KB / {r['first_page'] // 1024} KB",
    )
    print("\n| on this project's own content | target | measured |\n|---|---|---|")
    print(
        f"| serve: save one event → page | {REAL_CONTENT_SAVE} | "
        f"{real_content:.0f} ms: {REAL_CONTENT_SAVE.verdict(real_content)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of events")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each build measured (the median is shown)")
    parser.add_argument("--quick", action="store_true", help="one round at 1,000 events: a check that it all runs")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.rounds = [1000], 1
    started = time.monotonic()
    serve_rounds = max(3, args.rounds)
    rows = [measure(events, args.rounds, serve_rounds) for events in args.sizes]
    real_content = real_content_serve(2 * serve_rounds)
    report(rows, args.rounds, real_content)
    print(f"\n(the benchmark took {(time.monotonic() - started) / 60:.1f} minutes)")


if __name__ == "__main__":
    main()
