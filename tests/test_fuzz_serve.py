"""Fuzzing whole content trees under `serve`: after any sequence of saves, the site served is the cold build.

A curator adds, edits, breaks, fixes, renames and deletes events, edits site.yaml and a source,
adds and removes static files, leaves editor litter behind, undoes a step, restarts `serve` and
runs `build` beside it. After every step the live site must equal what `build` makes from the
same files in a fresh folder; while the content has problems, it must show exactly the problems
the cold build reports, over the last good build; and open pages are told to reload whenever
what they show changed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import html
import itertools
import json
import os
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from hypothesis import HealthCheck, Phase, settings
from hypothesis import event as count_example
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from site_builder.build import build
from site_builder.errors import ContentError, Problem
from site_builder.project import Project, is_input_file
from site_builder.publishing.output import MARKER
from site_builder.serve.live import LiveSite

from conftest import ARCHIVE, QUOTES, REPO, TinySite
from liveserver import RunningServer, live_server

SETTLE_TIMEOUT = 10.0  # seconds for `serve` to show a save; a rebuild of these sites takes milliseconds
POLL = 0.05
# Shrinking a failing sequence of builds takes minutes; the failing steps are printed as they ran.
# Add Phase.shrink while investigating one.
UNSHRUNK = (Phase.explicit, Phase.reuse, Phase.generate)

# Names an event file is added or renamed under: valid ids, and names the loader refuses or skips.
EVENT_NAMES = ("2014-11-03-meeting.yaml", "visit.yaml", "2013-talks.yaml", "pact.yaml", "summit-2.yaml")
ODD_NAMES = (
    "Visit.yaml",  # not an id, and the same as visit.yaml ignoring case
    "two words.yaml",
    "pact.yml",  # the same id as pact.yaml
    "summit.YAML",
    "talks.txt",  # not YAML: no input
)
DATES = ("2013", "2013-05", "2013-05-17", "2014-11-03", "2014-11", "2012-02-29", "2015-01-30")
TAG_IDS = ("trade", "diplomacy", "culture")
MARKDOWN = (
    "Plain words.",
    "Some *emphasis* and **strength**.",
    "[A link](https://example.org/a) and `code`.",
    "- one\n- two",
    "1. first\n2. second",
    "# A heading",
    "> A quoted line",
    "<em>raw</em> <script>alert(1)</script>",
    "a & b < c",
    "Ünïcödé — “quotes”",
)
STATIC_FILES = ("favicon.svg", "style.css", "timeline.js")  # the templates use these
STATIC_NAMES = ("extra.txt", "print.css", "img/dot.svg", *STATIC_FILES)
LITTER = ("content/events/.#pact.yaml", "content/events/pact.yaml~", "content/events/.visit.yaml.swp", "static/4913")
QUOTE = QUOTES["daily"]

words = st.text(alphabet="abxyz ÉéÅ<&'\"", min_size=1, max_size=10)


@dataclass(frozen=True)
class EventDoc:
    """What an event file says, and how it is broken, if it is."""

    title: str
    date: str
    tags: tuple[str, ...]
    body: str
    source: str = "daily"
    fault: str | None = None  # "yaml": a syntax error; "key": a misspelt key

    def text(self) -> str:
        lines = [
            f"title: {json.dumps(self.title)}",  # a JSON string is a YAML double-quoted scalar
            f"date: {'[' if self.fault == 'yaml' else ''}{self.date}",
            f"{'sumary' if self.fault == 'key' else 'summary'}: {json.dumps('About ' + self.title)}",
            f"tags: [{', '.join(self.tags)}]",
        ]
        if self.body:
            lines += ["body: |", *(f"  {line}" if line else "" for line in self.body.split("\n"))]
        lines += ["sources:", f"  - source: {self.source}", f"    quote: {json.dumps(QUOTE)}"]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class SiteDoc:
    title: str
    tags: tuple[tuple[str, str], ...]  # (id, label)
    page_size: int | None = None

    def text(self) -> str:
        lines = [f"title: {json.dumps(self.title)}"]
        if self.page_size is not None:
            lines.append(f"timeline_page_size: {self.page_size}")
        if self.tags:
            lines.append("tags:")
            for tag, label in self.tags:
                lines += [f"  {tag}:", f"    label: {json.dumps(label)}"]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class SourceDoc:
    publisher: str | None  # required: None leaves it out
    quote_archived: bool = True

    def text(self) -> str:
        lines = ["title: Ministers meet", "published: 2014-11-03", "archive: daily.txt"]
        if self.publisher is not None:
            lines.append(f"publisher: {json.dumps(self.publisher)}")
        return "\n".join(lines) + "\n"

    def archive(self) -> str:
        return ARCHIVE if self.quote_archived else "Nothing that any event quotes.\n"


event_docs = st.builds(
    EventDoc,
    title=words,
    date=st.sampled_from(DATES),
    tags=st.lists(st.sampled_from(TAG_IDS), max_size=2, unique=True).map(tuple),
    body=st.lists(st.sampled_from(MARKDOWN), max_size=3).map("\n\n".join),
)


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, hidden ones included, by its relative path."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def tree_difference(actual: dict[str, bytes], expected: dict[str, bytes]) -> str:
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    differ = sorted(path for path in expected.keys() & actual.keys() if expected[path] != actual[path])
    return f"missing {missing}, not in the cold build {extra}, different bytes {differ}"


def file_contents(root: Path) -> dict[str, bytes | str]:
    """Every file under content/ and static/: its bytes, or for a link, where it points."""
    found: dict[str, bytes | str] = {}
    for folder in ("content", "static"):
        for parent, _, names in os.walk(root / folder):
            for name in names:
                path = Path(parent, name)
                found[path.relative_to(root).as_posix()] = os.readlink(path) if path.is_symlink() else path.read_bytes()
    return found


# What a curator's steps have made: the events, static files, site.yaml and source, and every file.
State = tuple[tuple[dict[str, EventDoc], set[str], SiteDoc, SourceDoc], dict[str, bytes | str]]
ColdBuild = tuple[dict[str, bytes] | None, tuple[Problem, ...]]  # its files, or its problems


class ColdBuilds:
    """`build` of a project into a fresh folder, once for each state of its input files.

    Examples of a run revisit states (the starting one, a save of an unchanged file, editor
    litter); the build promises the same output from the same input, so each state is built once.
    """

    def __init__(self) -> None:
        self.built: dict[str, ColdBuild] = {}

    def of(self, root: Path, scratch: Path) -> ColdBuild:
        state = input_state(root)
        if state not in self.built:
            out = scratch / "_site"
            try:
                build(Project(root), out, jobs=1)
                self.built[state] = (read_tree(out), ())
            except ContentError as error:
                self.built[state] = (None, tuple(error.problems))
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
        return self.built[state]


def input_state(root: Path) -> str:
    """A digest of every file and link under a project's input folders, litter included."""
    state = hashlib.sha256()
    for folder in ("content", "templates", "static"):
        for parent, folders, files in os.walk(root / folder):
            folders.sort()
            for name in sorted(files):
                path = Path(parent, name)
                content = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
                state.update(repr((path.relative_to(root).as_posix(), content)).encode())
    return state.hexdigest()


class CuratedProject(RuleBasedStateMachine):
    """A tiny project edited as a curator would; `saved(paths)` hears of every file a step touched."""

    out: Path  # the output folder the site is served from

    def __init__(self, folder: Path, cold_builds: ColdBuilds):
        super().__init__()
        self.folder = folder
        self.site = TinySite(folder / "project")
        self.site.own("static")
        self.config = SiteDoc("Test Timeline", (("trade", "Trade"), ("diplomacy", "Diplomacy")))
        self.source = SourceDoc("The Daily Test")
        self.events = {"2014-11-03-meeting.yaml": EventDoc("Ministers meet in Tokyo", "2014-11-03", ("trade",), "")}
        static = self.site.root / "static"
        self.static = {path.relative_to(static).as_posix() for path in static.rglob("*") if path.is_file()}
        self.write("content/site.yaml", self.config.text())
        self.write("content/sources/daily.yaml", self.source.text())
        self.write("content/events/2014-11-03-meeting.yaml", self.events["2014-11-03-meeting.yaml"].text())
        self.cold_builds = cold_builds
        self.last_good: dict[str, bytes] | None = None  # the cold build of the last valid content
        self.now: State | None = None  # the model and the files after the last step
        self.before: State | None = None  # ... and before it, for an undo

    def saved(self, paths: set[Path]) -> None:
        raise NotImplementedError

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # Helpers

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.site.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def event_path(self, name: str) -> Path:
        return self.site.root / "content/events" / name

    def save_event(self, name: str, event: EventDoc) -> None:
        self.events[name] = event
        self.saved({self.write(f"content/events/{name}", event.text())})

    def expect_cold_build(self) -> tuple[Problem, ...]:
        """Cold-build the project; keep its files when it is valid and return its problems."""
        tree, problems = self.cold_builds.of(self.site.root, self.folder / "cold")
        count_example("content with problems" if problems else "valid content")  # --hypothesis-show-statistics
        if tree is not None:
            self.on_valid_build(tree)
            self.last_good = tree
        assert self.last_good is not None, f"the starting content has problems: {problems}"
        return problems

    def on_valid_build(self, tree: dict[str, bytes]) -> None:
        """Called with each valid cold build before it becomes `last_good`."""

    @invariant()
    def remember_for_undo(self) -> None:
        """Not a check: the one hook that runs after every step."""
        model = (dict(self.events), set(self.static), self.config, self.source)
        self.before, self.now = self.now, (model, file_contents(self.site.root))

    # Events

    @rule(name=st.sampled_from(EVENT_NAMES), event=event_docs)
    def add_event(self, name: str, event: EventDoc) -> None:
        self.save_event(name, event)

    @precondition(lambda self: self.events)
    @rule(data=st.data(), change=st.sampled_from(["title", "date", "tags", "body", "break", "fix", "source"]))
    def edit_event(self, data: st.DataObject, change: str) -> None:
        name = data.draw(st.sampled_from(sorted(self.events)), label="event file")
        event = self.events[name]
        if change == "title":
            event = dataclasses.replace(event, title=data.draw(words, label="title"))
        elif change == "date":
            event = dataclasses.replace(event, date=data.draw(st.sampled_from([*DATES, "2014-02-30"]), label="date"))
        elif change == "tags":  # a tag site.yaml may not define, or one listed twice
            tags = data.draw(st.lists(st.sampled_from([*TAG_IDS, "nope"]), max_size=3).map(tuple), label="tags")
            event = dataclasses.replace(event, tags=tags)
        elif change == "body":
            event = dataclasses.replace(event, body=data.draw(event_docs, label="body from").body)
        elif change == "break":
            event = dataclasses.replace(event, fault=data.draw(st.sampled_from(["yaml", "key"]), label="fault"))
        elif change == "source":
            event = dataclasses.replace(event, source=data.draw(st.sampled_from(["daily", "nowhere"]), label="source"))
        else:
            event = dataclasses.replace(event, fault=None, source="daily")
        self.save_event(name, event)

    @precondition(lambda self: self.events)
    @rule(data=st.data())
    def delete_event(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.events)), label="event file")
        del self.events[name]
        path = self.event_path(name)
        path.unlink()
        self.saved({path})

    @precondition(lambda self: self.events)
    @rule(data=st.data(), new_name=st.sampled_from(EVENT_NAMES + ODD_NAMES))
    def rename_event(self, data: st.DataObject, new_name: str) -> None:
        name = data.draw(st.sampled_from(sorted(self.events)), label="event file")
        old, new = self.event_path(name), self.event_path(new_name)
        old.replace(new)
        self.events[new_name] = self.events.pop(name)
        self.saved({old, new})

    # site.yaml and the source

    @rule(data=st.data(), change=st.sampled_from(["title", "label", "add tag", "drop tag", "page size"]))
    def edit_site_yaml(self, data: st.DataObject, change: str) -> None:
        tags = dict(self.config.tags)
        if change == "title":
            self.config = dataclasses.replace(self.config, title=data.draw(words, label="site title"))
        elif change == "page size":
            size = data.draw(st.sampled_from([None, 1, 2]), label="timeline_page_size")
            self.config = dataclasses.replace(self.config, page_size=size)
        elif change == "add tag" and tags.keys() != set(TAG_IDS):
            tag = data.draw(st.sampled_from(sorted(set(TAG_IDS) - tags.keys())), label="tag added")
            tags[tag] = data.draw(words, label="label")
        elif change == "drop tag" and tags:
            del tags[data.draw(st.sampled_from(sorted(tags)), label="tag dropped")]
        elif change == "label" and tags:
            tags[data.draw(st.sampled_from(sorted(tags)), label="tag relabelled")] = data.draw(words, label="label")
        # a change that does not apply (no tag left to drop) saves the file unchanged, as curators do
        self.config = dataclasses.replace(self.config, tags=tuple(tags.items()))
        self.saved({self.write("content/site.yaml", self.config.text())})

    @rule(change=st.sampled_from(["publisher", "no publisher", "archive"]), publisher=words)
    def edit_source(self, change: str, publisher: str) -> None:
        if change == "archive":  # the archived text loses, or regains, the quote every event cites
            self.source = dataclasses.replace(self.source, quote_archived=not self.source.quote_archived)
            self.saved({self.write("content/sources/daily.txt", self.source.archive())})
            return
        self.source = dataclasses.replace(self.source, publisher=None if change == "no publisher" else publisher)
        self.saved({self.write("content/sources/daily.yaml", self.source.text())})

    # static/, editor litter and the command line

    @rule(name=st.sampled_from(STATIC_NAMES), data=st.binary(max_size=16))
    def write_static_file(self, name: str, data: bytes) -> None:
        self.static.add(name)
        self.saved({self.write(f"static/{name}", data)})

    @precondition(lambda self: self.static)
    @rule(data=st.data())
    def delete_static_file(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.static)), label="static file")
        self.static.discard(name)
        path = self.site.root / "static" / name
        path.unlink()
        self.saved({path})

    # Fixing

    @rule()
    def repair(self) -> None:
        """Undo every breakage the steps can make, in one save of many files, as a `git checkout` would."""
        touched = set()
        source = SourceDoc(self.source.publisher or "The Daily Test")
        if source != self.source:
            self.source = source
            touched.add(self.write("content/sources/daily.yaml", source.text()))
            touched.add(self.write("content/sources/daily.txt", source.archive()))
        for name in sorted(set(STATIC_FILES) - self.static):
            self.static.add(name)
            touched.add(self.write(f"static/{name}", (REPO / "static" / name).read_bytes()))
        for name in sorted(self.events.keys() & set(ODD_NAMES)):
            odd, free = self.event_path(name), [valid for valid in EVENT_NAMES if valid not in self.events]
            touched.add(odd)
            if free:
                odd.replace(self.event_path(free[0]))
                self.events[free[0]] = self.events.pop(name)
                touched.add(self.event_path(free[0]))
            else:
                odd.unlink()
                del self.events[name]
        defined = dict(self.config.tags)
        for name, event in sorted(self.events.items()):
            tags = tuple(dict.fromkeys(tag for tag in event.tags if tag in defined))
            date = event.date if event.date in DATES else DATES[0]
            repaired = EventDoc(event.title, date, tags, event.body)
            if repaired != event:
                self.events[name] = repaired
                touched.add(self.write(f"content/events/{name}", repaired.text()))
        self.saved(touched)

    @precondition(lambda self: self.before is not None)
    @rule()
    def undo_last_step(self) -> None:
        """Put every file back as it was before the last step, in one save, as an editor's undo or
        `git checkout` would: the site goes back to a state it was in a moment ago."""
        assert self.before is not None
        (events, static, self.config, self.source), wanted = self.before
        self.events, self.static = dict(events), set(static)
        files = file_contents(self.site.root)
        changed = sorted(path for path in files.keys() | wanted.keys() if files.get(path) != wanted.get(path))
        for relative in changed:
            path, content = self.site.root / relative, wanted.get(relative)
            if path.is_symlink() or not isinstance(content, bytes):
                path.unlink(missing_ok=True)
            if isinstance(content, str):
                path.symlink_to(content)
            elif content is not None:
                self.write(relative, content)
        self.saved({self.site.root / relative for relative in changed})

    @rule()
    def build_while_serving(self) -> None:
        """`build` run into the output `serve` publishes to, sharing its cache, as the command line does."""
        with contextlib.suppress(ContentError):
            build(self.site.project, self.out, jobs=1, cache_dir=self.site.root / ".cache")

    @rule(relative=st.sampled_from(LITTER), as_link=st.booleans())
    def leave_editor_litter(self, relative: str, as_link: bool) -> None:
        """A lock, backup or swap file: as a regular file, or as a dangling link (Emacs' `.#x`)."""
        path = self.site.root / relative
        if path.is_symlink() or path.exists():
            path.unlink()
        elif as_link:
            path.symlink_to("curator@host.1234:1700000000")
        else:
            path.write_text("title: [half a save\n", encoding="utf-8")
        self.saved({path})


class LiveSiteMachine(CuratedProject):
    """The live site in this process, rebuilt as the watcher asks after each step."""

    def __init__(self, folder: Path, cold_builds: ColdBuilds):
        super().__init__(folder, cold_builds)
        self.out = folder / "live" / "_site"
        self.log: list[str] = []
        self.live = self.start()

    def start(self) -> LiveSite:
        live = LiveSite(self.site.project, self.out, log=self.log.append, cache_dir=self.site.root / ".cache")
        live.first_build()
        return live

    def saved(self, paths: set[Path]) -> None:
        """Rebuild as the watcher would; open pages must reload exactly when the output or the problems changed."""
        watched = {path for path in paths if is_input_file(path)}  # what `LiveSite.notice` lets through
        before = (read_tree(self.out), self.live.problems)
        reload = self.live.rebuild(watched) if watched else False
        after = (read_tree(self.out), self.live.problems)
        changed = after != before
        assert reload == changed, (
            f"rebuild({sorted(p.name for p in watched)}) asked open pages to reload: {reload}, "
            f"but the output {'changed' if after[0] != before[0] else 'stayed'} and the problems "
            f"{'changed' if after[1] != before[1] else 'stayed'}; log: {self.log[-3:]}"
        )

    @rule()
    def restart_serve(self) -> None:
        """`serve` stopped and started again starts warm, from the cache and the output it left."""
        self.live = self.start()

    @invariant()
    def live_site_equals_a_cold_build(self) -> None:
        problems = self.expect_cold_build()
        assert self.live.problems == problems, "the live site's problems differ from the cold build's"
        assert self.last_good is not None
        shown = read_tree(self.out)
        which = "the cold build" if not problems else "the cold build of the last valid content"
        assert shown == self.last_good, f"the live output is not {which}: {tree_difference(shown, self.last_good)}"


def test_the_live_site_equals_a_cold_build_after_any_sequence_of_saves(tmp_path):
    examples, cold_builds = itertools.count(), ColdBuilds()
    run_state_machine_as_test(
        lambda: LiveSiteMachine(tmp_path / f"example-{next(examples)}", cold_builds),
        settings=settings(
            max_examples=40,
            stateful_step_count=12,
            deadline=None,
            database=None,  # no .hypothesis/ folder in the repository
            derandomize=True,  # the same sequences every run: a red test is a regression, never bad luck
            print_blob=True,
            phases=UNSHRUNK,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_undoing_a_save_reloads_open_pages(tmp_path):
    """Found by the fuzzing above: the staging tree still holds the pages as they were before the
    save, so publishing the undo writes no file, yet every page showing the event changed."""
    tiny = TinySite(tmp_path / "project")
    live = LiveSite(tiny.project, tmp_path / "out" / "_site", log=lambda line: None)
    live.first_build()
    event_file = tiny.edit("content/events/2014-11-03-meeting.yaml", "title: Ministers meet in Tokyo", "title: Typo")
    assert live.rebuild({event_file})
    tiny.edit("content/events/2014-11-03-meeting.yaml", "title: Typo", "title: Ministers meet in Tokyo")
    assert live.rebuild({event_file}), "the pages went back to the first title, but open pages were not reloaded"
    assert "Ministers meet in Tokyo" in (tmp_path / "out/_site/events/2014-11-03-meeting/index.html").read_text()


class ServeMachine(CuratedProject):
    """A real `serve` process watching the project; each step is checked over HTTP once the server settles."""

    def __init__(self, folder: Path, cold_builds: ColdBuilds):
        super().__init__(folder, cold_builds)
        self.out = self.site.root / "_site"
        self.gone: set[str] = set()  # files earlier valid builds made that the current one does not
        self.shown: tuple[dict[str, bytes], tuple[Problem, ...]] | None = None  # what the last check found
        self.running = contextlib.ExitStack()
        self.start()

    def start(self) -> None:
        self.server: RunningServer = self.running.enter_context(live_server(self.site.root))
        self.script = f'<script src="/livereload.js?port={self.server.port}" defer></script>'.encode()
        self.generation = self.server.status()["generation"]

    def saved(self, paths: set[Path]) -> None:
        """The server's watcher hears of them."""

    @rule()
    def restart_serve(self) -> None:
        """`serve` stopped and started again starts warm, from the cache and the output it left."""
        self.running.close()
        self.start()

    def teardown(self) -> None:
        try:
            self.running.close()
        finally:
            super().teardown()

    def on_valid_build(self, tree: dict[str, bytes]) -> None:
        if self.last_good is not None:
            self.gone = (self.gone | self.last_good.keys()) - tree.keys()

    @invariant()
    def served_site_equals_a_cold_build(self) -> None:
        problems = self.expect_cold_build()
        assert self.last_good is not None
        reload = self.shown is not None and self.shown != (self.last_good, problems)
        self.shown = (self.last_good, problems)
        settle(lambda: self.difference(problems, reload))

    def difference(self, problems: tuple[Problem, ...], reload: bool) -> str | None:
        """How what the server shows differs from the expectation; None when it does not.

        With `reload`, what the pages show has changed since the last check, so the generation
        open pages follow must have moved too.
        """
        assert self.last_good is not None
        if self.server.process.poll() is not None:
            raise AssertionError(f"serve exited with {self.server.process.returncode}: {self.server.output()}")
        status = self.server.status()
        if reload and status["generation"] == self.generation:
            return f"the status generation stayed {self.generation}: open pages were not told to reload"
        listed = status["problems"]
        if listed != [str(problem) for problem in problems]:
            return f"the status lists the problems {listed}, the cold build {[str(p) for p in problems]}"
        try:
            on_disk = read_tree(self.out)
        except OSError as error:  # read during the swap of two trees
            return f"cannot read {self.out}: {error}"
        if on_disk != self.last_good:
            return f"{self.out} is not the last valid cold build: {tree_difference(on_disk, self.last_good)}"
        for path, built in self.last_good.items():
            if path == MARKER:  # the build's bookkeeping, compared on disk above
                continue
            code, served = fetch(self.server, quote(path))
            if code != 200:
                return f"/{path} answers {code}"
            if not path.endswith(".html"):
                if served != built:
                    return f"/{path} is not the file the cold build made"
                continue
            why = self.injection_problem(served, built, problems)
            if why:
                return f"/{path}: {why}"
        for path in sorted(self.gone):
            urls = [path, path.removesuffix("index.html")] if path.endswith("/index.html") else [path]
            for url in urls:
                code, _ = fetch(self.server, quote(url))
                if code != 404:
                    return f"/{url} was built before but not now, and answers {code}, not 404"
        self.generation = status["generation"]
        return None

    def injection_problem(self, served: bytes, built: bytes, problems: tuple[Problem, ...]) -> str | None:
        """What is wrong with a served page that should be `built` with the reload script and the
        overlay naming `problems` (none when the content is valid) inserted before `</body>`."""
        at = built.find(b"</body>")
        at = len(built) if at < 0 else at
        head, tail = built[:at] + self.script, built[at:]
        if len(served) < len(head) + len(tail) or not (served.startswith(head) and served.endswith(tail)):
            return "not the cold build's page with the reload script before </body>"
        overlay = served[len(head) : len(served) - len(tail)].decode("utf-8")
        if not problems:
            return f"an overlay on valid content: {overlay!r}" if overlay else None
        items = overlay.count("<li>")
        missing = [
            str(problem)
            for problem in problems
            if html.escape(problem.location) not in overlay or html.escape(problem.message) not in overlay
        ]
        if items != len(problems) or missing:
            return f"the overlay lists {items} problems, not the cold build's {len(problems)}; missing {missing}"
        return None


def fetch(server: RunningServer, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(server.url + path, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def settle(difference: Callable[[], str | None], timeout: float = SETTLE_TIMEOUT) -> None:
    """Poll until `difference()` is None; fail with the last difference after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while (why := difference()) is not None:
        if time.monotonic() > deadline:
            raise AssertionError(f"serve did not show the cold build within {timeout:.0f} s: {why}")
        time.sleep(POLL)


def test_serve_shows_a_cold_build_after_any_sequence_of_saves(tmp_path):
    examples, cold_builds = itertools.count(), ColdBuilds()
    run_state_machine_as_test(
        lambda: ServeMachine(tmp_path / f"example-{next(examples)}", cold_builds),
        settings=settings(
            max_examples=10,
            stateful_step_count=10,
            deadline=None,
            database=None,
            derandomize=True,
            print_blob=True,
            phases=UNSHRUNK,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
