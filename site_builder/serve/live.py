"""The live site behind `serve`: the watcher's events in, one rebuild per save, problems kept for the overlay.

The watcher (watchdog, inotify-backed) calls `notice` from its thread; `run` is the rebuild
worker's loop; the HTTP handlers read `problems` and `generation`. A rebuild streams its changed
files into the output through the same `Publication` the command-line build uses.

Nothing that goes wrong in one rebuild, in the watcher's callback or in printing a line ends
the worker: the curator's next save is always built.
"""

from __future__ import annotations

import gc
import html
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.api import BaseObserver

from ..build import BuildResult
from ..builder import SiteBuilder
from ..errors import ContentError, Problem, SiteBuilderError, display_path
from ..project import Project, is_input_file
from ..publishing.output import Publication, Tree, output_lock, still_holds, update_in_place
from .terminal import readable, say

IN_PLACE_LIMIT = 200  # changed files a rebuild writes straight into the output; more publish a new tree
QUIET_PERIOD = 0.04  # seconds without further file events before a rebuild: one save, one rebuild
SETTLE_POLL = 0.005  # seconds between looks at whether the changes have settled
OVERLAY_URL = "/__site_builder__/overlay.css"
INTERNAL_ERROR = Problem(
    "", 0, 0, "internal error while building: the terminal running serve shows the details; save again to retry"
)


class Stopping(Exception):
    """Raised inside a rebuild when the server is stopping, so it ends before it publishes."""


class LiveSite:
    """The state the watcher, the rebuild worker and the request handlers share."""

    def __init__(
        self,
        project: Project,
        out: Path,
        base_url: str | None = None,
        log: Callable[[str], None] = say,
        cache_dir: Path | None = None,
    ):
        self.project = project
        self.out = out
        self.builder = SiteBuilder(project, base_url, cache_dir=cache_dir)
        self.log = log
        self.problems: tuple[Problem, ...] = ()
        self.generation = 0  # counts rebuilds that changed what the browser shows
        self._pending: set[Path] = set()
        self._last_event = 0.0
        self._written = False  # whether the one file pending was last closed after writing: the save is done
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._tree: Tree | None = None  # what the output holds, when this server published it last

    def first_build(self) -> None:
        """Build everything before the server starts; problems are shown, not raised."""
        started = time.perf_counter()
        if self._publish("first build") is None:
            return
        try:
            self.builder.save()  # the next `serve` or `build` starts warm
        except SiteBuilderError as exc:  # a cache that cannot be written costs the next start its head start
            self.log(f"warning: {exc}; the next start will not be warm")
        except Exception:
            self.report_bug("saving the cache")
        self.log(f"Built the site in {(time.perf_counter() - started) * 1000:.0f} ms into {self.out}")
        _settle_memory()

    def trust_watcher(self) -> None:
        """From now on the watcher names every changed input: a rebuild reads the disk only there."""
        self.builder.files.start_trusting()

    def notice(self, path: Path, written: bool = False) -> None:
        """Called from the watcher's thread for every file event; `written` when a file opened for
        writing was closed, which ends an editor's save."""
        if not is_input_file(path):
            return
        with self._lock:
            self._pending.add(path)
            self._last_event = time.monotonic()
            self._written = written and self._pending == {path}
        self._wake.set()

    def run(self, reload_browsers: Callable[[], None]) -> None:
        """The worker loop: wait for changes, let a save settle, rebuild, reload; until `stop()`."""
        while not self._stopping.is_set():
            try:
                self._wake.wait()
                # One file written and closed is a whole save: it is built at once. Anything else (a
                # rename, a deletion, several files) waits for the burst to settle.
                while not self._settled():
                    time.sleep(SETTLE_POLL)
                with self._lock:
                    paths, self._pending = self._pending, set()
                    self._written = False
                    self._wake.clear()
                if paths and not self._stopping.is_set() and self.rebuild(paths):
                    reload_browsers()
                if paths:
                    _settle_memory()
            except Exception:  # whatever failed, the next save must still be built
                self.report_bug("rebuilding")
                time.sleep(QUIET_PERIOD)  # a fault that repeats at once must not spin a core

    def _settled(self) -> bool:
        """Whether the pending changes are whole: a save closed, a burst quiet, or the server stopping."""
        return self._written or self._stopping.is_set() or time.monotonic() - self._last_event >= QUIET_PERIOD

    def stop(self) -> None:
        """End `run` and any rebuild under way, without publishing it."""
        self._stopping.set()
        self._wake.set()

    def report_bug(self, doing: str) -> None:
        """Print the traceback of the exception being handled; the server carries on."""
        say(f"internal error while {doing}; the server carries on:\n{traceback.format_exc().rstrip()}", sys.stderr)

    def rebuild(self, paths: set[Path]) -> bool:
        """Rebuild after `paths` changed; True when open pages should reload."""
        saved_at = max((_mtime(path) for path in paths), default=time.time())
        started = time.perf_counter()
        what = _describe(paths, self.project.root)
        self.builder.forget(paths)
        before = self.generation
        result = self._publish(what)
        if result is None:
            return self.generation != before
        took = (time.perf_counter() - started) * 1000
        to_page = (time.time() - saved_at) * 1000
        pages = sum(1 for path in result.changed if path.endswith(".html"))
        self.log(
            f"{what}: {pages} page{'s' * (pages != 1)} written ({result.rendered} rendered, "
            f"{len(result.removed)} removed) in {took:.0f} ms; save to page {to_page:.0f} ms"
        )
        if result.changed or result.removed:  # an undo may write nothing: the staging tree still held it
            self.generation += 1
        return self.generation != before

    def _publish(self, what: str) -> BuildResult | None:
        """Build and publish; the result, or None after a problem.

        Whatever fails, the server keeps serving the last good build and the next save retries:
        content problems go to the overlay, anything else to the terminal with its traceback.
        """
        tree, self._tree = self._tree, None  # unless this publication completes, the output is read afresh
        if tree is not None and not still_holds(self.out, tree):
            tree = None
        try:
            with output_lock(self.out):
                result = self._build_and_publish(tree)
        except Stopping:
            return None
        except ContentError as exc:
            self.log(f"{what}: the content has problems; still serving the last good build")
            self._show(tuple(exc.problems))
            say(exc.report(), sys.stderr)
            return None
        except SiteBuilderError as exc:  # the output folder cannot be written: say why, in words
            self.log(f"{what}: {exc}; still serving the last good build")
            self._show((Problem("", 0, 0, str(exc)),))
            return None
        except Exception:  # a bug or a failing disk must not stop the rebuilds that follow
            self.report_bug(f"building after {what}")
            self._show((INTERNAL_ERROR,))
            return None
        if self.problems:
            self._show(())
        for warning in result.site.warnings if result.site else ():
            self.log(f"warning: {warning}")
        return result

    def _build_and_publish(self, tree: Tree | None) -> BuildResult:
        """Build, then publish: a few changed files straight into the output this server published
        last (`tree`), more (a template edited) as a whole new tree swapped in, as the command line does.

        Changed files are held in memory until the build has succeeded, so a failing build writes nothing.
        """
        held: dict[str, tuple[bytes, str]] = {}
        publication = None if tree is not None else Publication(self.out)
        if publication is not None:
            self.builder.assume_output(publication.current or {})  # files deleted or changed by hand

        def put(path: str, data: bytes, data_digest: str) -> None:
            nonlocal publication
            self._check_stopping()
            if publication is None and len(held) < IN_PLACE_LIMIT:
                held[path] = (data, data_digest)
                return
            if publication is None:  # too many for in place: the files held so far start a new tree
                publication = Publication(self.out)
                for held_path, (held_data, held_digest) in held.items():
                    publication.put(held_path, held_data, held_digest)
                held.clear()
            publication.put(path, data, data_digest)

        result = self.builder.build(put)
        self._check_stopping()
        if publication is None:
            assert tree is not None
            changed = {path: data for path, (data, _) in held.items()}
            self._tree = update_in_place(self.out, tree, changed, result.manifest)
        else:
            publication.finish(result.manifest)
            self._tree = publication.published
        return result

    def _check_stopping(self) -> None:
        if self._stopping.is_set():
            raise Stopping

    def _show(self, problems: tuple[Problem, ...]) -> None:
        if problems != self.problems:
            self.problems = problems
            self.generation += 1

    def overlay(self) -> str:
        """The problem list every served page shows while the content is broken."""
        if not self.problems:
            return ""
        items = "".join(
            f"<li><code>{_html(p.location)}</code> {_html(p.message)}</li>"
            if p.location
            else f"<li>{_html(p.message)}</li>"
            for p in self.problems
        )
        count = len(self.problems)
        return (
            f'<link rel="stylesheet" href="{OVERLAY_URL}">'
            '<aside id="site-builder-problems" role="alert">'
            f"<h2>{count} problem{'s' * (count != 1)} in the content</h2>"
            "<p>This page shows the last good build. Fix the files below and save; the page reloads by itself.</p>"
            f"<ul>{items}</ul></aside>"
        )


class InputEvents(FileSystemEventHandler):
    """Hands every file event under the watched folders to the live site."""

    def __init__(self, live: LiveSite):
        self.live = live

    def on_any_event(self, event: FileSystemEvent) -> None:
        try:
            # A folder's own "modified" only echoes a change to a file in it, which has its own event;
            # a folder created, deleted or moved changes what the loader lists.
            echo = event.is_directory and event.event_type == "modified"
            if echo or event.event_type in ("opened", "closed_no_write"):
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    self.live.notice(Path(os.fsdecode(path)), written=event.event_type == "closed")
        except Exception:  # an exception here would end the watcher's thread, and with it every later save
            self.live.report_bug("noticing a file change")


class NewInputFolders(FileSystemEventHandler):
    """Watches the project folder for a templates/ or static/ it lacked when serving began, then
    watches inside it as the other input folders are watched."""

    def __init__(self, live: LiveSite, observer: BaseObserver, missing: Iterable[Path]):
        self.live = live
        self.observer = observer
        self.missing = {os.path.normpath(folder) for folder in missing}  # as the watcher spells paths

    def on_any_event(self, event: FileSystemEvent) -> None:
        try:
            for path in (event.src_path, getattr(event, "dest_path", "")):
                folder = os.path.normpath(os.fsdecode(path)) if path else ""
                if folder in self.missing and os.path.isdir(folder):
                    self.missing.discard(folder)
                    self.observer.schedule(InputEvents(self.live), folder, recursive=True)
                    self.live.notice(Path(folder))  # the rebuild also finds what was written before the watch began
        except Exception:  # an exception here would end the watcher's thread, and with it every later save
            self.live.report_bug("noticing a new folder")


def _settle_memory() -> None:
    """Collect what the last rebuild left, then set every live object aside from the collector.

    The site lives as long as the server; once frozen, the collector's full passes no longer walk
    all of it in the middle of the next save's rebuild (a third of a second at 10,000 events).
    Unfreezing first lets the previous site's leftovers be freed.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()  # deleted: the deletion happened just now


def _describe(paths: Iterable[Path], root: Path) -> str:
    """Name what a save touched, leaving out temporary files an editor made and removed meanwhile."""
    paths = set(paths)
    existing = {path for path in paths if os.path.lexists(path)}
    names = sorted(display_path(path, root) + ("" if path in existing else " (deleted)") for path in existing or paths)
    return names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"


def _html(text: str) -> str:
    return html.escape(readable(text))
