"""`python -m benchmarks.lighthouse` (or `make lighthouse`): Lighthouse scores of the key pages, as one table.

Builds the real site and the test suite's sample site (which has an event with a picture), serves
each as GitHub Pages would (gzip, cache headers), and runs Lighthouse 12 with Debian's Chromium in
its mobile and desktop settings on: the timeline, the compact view and an event page with an image.
Lighthouse comes from the npm registry into .cache/lighthouse/ the first time; nothing else is
fetched. Exits 1 when any score is under the bar.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the sample site is the test suite's

from site_builder.build import build  # noqa: E402
from site_builder.project import Project  # noqa: E402

from sample_site import write_sample_site  # noqa: E402

LIGHTHOUSE = REPO / ".cache" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BAR = 95


class PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as GitHub Pages does: text gzipped, and a short cache lifetime on everything."""

    def send_head(self) -> BinaryIO | None:
        target = Path(self.translate_path(self.path))
        if target.is_dir() and self.path.split("?")[0].endswith("/"):
            target = target / "index.html"
        compressible = target.suffix in (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")
        if not (compressible and target.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()  # images, missing files, and the redirect to a folder's slash
        body = gzip.compress(target.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(PagesLikeHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def lighthouse_bin() -> Path:
    binary = LIGHTHOUSE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        LIGHTHOUSE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(LIGHTHOUSE), "lighthouse@12"],
            check=True,
        )
    return binary


def scores(url: str, desktop: bool, report: Path) -> dict[str, int]:
    command = [
        str(lighthouse_bin()),
        url,
        "--quiet",
        f"--chrome-flags={FLAGS}",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=" + ",".join(CATEGORIES),
    ]
    if desktop:
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    categories = json.loads(report.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bar", type=int, default=BAR, help=f"the lowest score that passes (default {BAR})")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        sites = {"real": work / "real/_site", "sample": work / "sample/_site"}
        build(Project(REPO), sites["real"], "https://example.org/timeline/")
        build(write_sample_site(work / "sample"), sites["sample"], "https://example.org/sample/")
        pages = [
            ("timeline", "real", ""),
            ("compact view", "real", "events/"),
            ("event with an image", "sample", _event_with_image(sites["sample"])),
        ]
        servers = {name: serve(folder) for name, folder in sites.items()}
        failed = False
        print(f"{'page':<22} {'form':<8} " + " ".join(f"{name:>14}" for name in CATEGORIES))
        for label, site, path in pages:
            for desktop in (False, True):
                got = scores(servers[site][1] + path, desktop, work / "report.json")
                failed |= any(score < args.bar for score in got.values())
                form = "desktop" if desktop else "mobile"
                print(f"{label:<22} {form:<8} " + " ".join(f"{got[name]:>14}" for name in CATEGORIES), flush=True)
        for server, _ in servers.values():
            server.shutdown()
    return 1 if failed else 0


def _event_with_image(site: Path) -> str:
    """The first event page of the sample site that shows a picture."""
    for page in sorted((site / "events").glob("*/index.html")):
        if "<picture" in page.read_text(encoding="utf-8"):
            return page.parent.relative_to(site).as_posix() + "/"
    raise SystemExit("the sample site has no event with a picture")


if __name__ == "__main__":
    sys.exit(main())
