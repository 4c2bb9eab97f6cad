"""When each event was added and last changed, from the content's git history.

Read from the commits, never from the clock or the files' times, so two builds of the same
checkout are identical. A project outside git, a checkout without its whole history (a shallow
clone: every file would seem added by its one commit) or a machine without git has no dates,
and the site leaves them out.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from time import gmtime, strftime

from ..project import is_input_file

EVENTS_FOLDER = "content/events"
_COMMIT = "\x1e"  # starts each commit's record in `git log` output; no path holds it
_GIT_TIMEOUT = 60  # seconds; a whole large history takes well under one


@dataclass(frozen=True, order=True)
class Moment:
    """A commit's time, in seconds since the epoch (UTC)."""

    seconds: int

    def iso(self) -> str:
        """As Atom and sitemaps write it: 2026-11-23T18:04:00Z."""
        return strftime("%Y-%m-%dT%H:%M:%SZ", gmtime(self.seconds))

    def day(self) -> str:
        """The day, as HTML's datetime attribute takes it: 2026-11-23."""
        return strftime("%Y-%m-%d", gmtime(self.seconds))

    def human(self) -> str:
        """'23 November 2026'."""
        moment = gmtime(self.seconds)
        return f"{moment.tm_mday} {strftime('%B %Y', moment)}"


@dataclass(frozen=True)
class FileDates:
    added: Moment  # the first commit that holds the file under its current name
    changed: Moment  # the last commit that changed it


@dataclass(frozen=True)
class History:
    """Each event file's dates, by the event's slug; empty when there is no usable history."""

    events: Mapping[str, FileDates] = field(default_factory=dict)
    head: str = ""  # what the history was read at: reading it again at the same head gives the same

    def of(self, slug: str) -> FileDates | None:
        return self.events.get(slug)


def head_state(root: Path) -> str:
    """Changes with every commit, cheaply: the current branch and its ref, read from .git directly.

    When the project is not at the top of a checkout with a plain .git folder (a subfolder of
    one, a worktree), git itself is asked. Outside any checkout it is empty without running git,
    so a project that is not under git pays nothing for it on every build and save.
    """
    git = root / ".git"
    if not git.is_dir():
        inside = any((folder / ".git").exists() for folder in (root.resolve(), *root.resolve().parents))
        return (_git(root, "rev-parse", "HEAD") or "").strip() if inside else ""
    try:
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
        ref = head.removeprefix("ref: ")
        target = git / ref
        if ref != head and target.is_file():
            return head + " " + target.read_text(encoding="utf-8").strip()
        packed = git / "packed-refs"
        return head + " " + (str(packed.stat().st_mtime_ns) if packed.exists() else "")
    except OSError:
        return ""


def read_history(root: Path, previous: History | None = None) -> History:
    """The dates of every event file that git has seen committed; `previous` is reused at the same head."""
    head = head_state(root)
    if not head:
        return History()
    if previous is not None and previous.head == head:
        return previous
    shallow = _git(root, "rev-parse", "--is-shallow-repository")
    if shallow != "false\n":  # not a repository, no git, or a shallow clone
        return History(head=head)
    log = _git(root, "log", "-z", "--format=" + _COMMIT + "%ct", "--name-only", "--relative", "--", EVENTS_FOLDER)
    return History(_parse(log or ""), head)


def _parse(log: str) -> dict[str, FileDates]:
    """Newest commit first: the first commit naming a file changed it last, the last one added it.

    With -z each commit is its time, a NUL, then a line break and the NUL-ended paths it touched.
    """
    changed: dict[str, int] = {}
    added: dict[str, int] = {}
    for record in log.split(_COMMIT)[1:]:
        seconds, *paths = record.split("\0")
        for path in filter(None, (path.lstrip("\n") for path in paths)):
            file = PurePosixPath(path)
            if file.parent.as_posix() != EVENTS_FOLDER or file.suffix not in (".yaml", ".yml"):
                continue
            if not is_input_file(Path(path)):
                continue
            changed.setdefault(file.stem, int(seconds))
            added[file.stem] = int(seconds)
    return {slug: FileDates(Moment(added[slug]), Moment(changed[slug])) for slug in changed}


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            timeout=_GIT_TIMEOUT,
            check=False,
            env=_plain_git_environment(),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _plain_git_environment() -> dict[str, str]:
    """The environment without variables that would point git at another repository."""
    return {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
