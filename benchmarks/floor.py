"""The floor: the least our stack can do for a corpus, straight through, with no validation.

PyYAML's C loader, Python-Markdown and Jinja2 in one or more processes: one page per event, its
Markdown body converted to HTML (claim markers left as text, no sanitising), and a timeline,
written to a fresh folder. Every benchmark figure is also given as a ratio to this.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from pathlib import Path

import jinja2
import markdown
import yaml

PAGE = jinja2.Template(
    "<!doctype html><html lang=en><title>{{ e.title }}</title><h1>{{ e.title }}</h1><p>{{ e.date }}</p>"
    "<p>{{ e.summary }}</p>{{ body }}<ul>{% for s in e.sources %}<li><blockquote>{{ s.quote }}</blockquote>"
    "{{ s.source }}</li>{% endfor %}</ul></html>",
    autoescape=True,
)
TIMELINE = jinja2.Template(
    "<!doctype html><html lang=en><title>Timeline</title><ol>{% for slug, e in events %}"
    "<li><a href='events/{{ slug }}/'>{{ e.title }}</a> {{ e.date }} {{ e.summary }}</li>{% endfor %}</ol></html>",
    autoescape=True,
)


def _load(paths: list[Path]) -> list[tuple[str, dict]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [(path.stem, yaml.load(path.read_text(encoding="utf-8"), Loader=loader)) for path in paths]


def _write_pages(events: list[tuple[str, dict]], out: Path) -> None:
    for slug, event in events:
        html = PAGE.render(e=event, body=markdown.markdown(event.get("body", "")))
        target = out / "events" / slug
        target.mkdir(parents=True, exist_ok=True)
        (target / "index.html").write_text(html, encoding="utf-8")


def _work(job: tuple[list[Path], Path]) -> list[tuple[str, dict]]:
    paths, out = job
    events = _load(paths)
    _write_pages(events, out)
    return events


def floor_build(content: Path, out: Path, jobs: int = 1) -> float:
    """Seconds to read, convert, render and write every event page and the timeline."""
    started = time.perf_counter()
    paths = sorted((content / "events").glob("*.yaml"))
    chunks = [(paths[i::jobs], out) for i in range(jobs)]
    if jobs == 1:
        events = _work(chunks[0])
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            events = [event for part in pool.map(_work, chunks) for event in part]
    events.sort(key=lambda item: str(item[1]["date"]))
    (out / "index.html").write_text(TIMELINE.render(events=events), encoding="utf-8")
    return time.perf_counter() - started


if __name__ == "__main__":
    print(f"{floor_build(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1):.2f}")
