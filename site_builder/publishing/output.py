"""Write: publish a new site tree whole, writing only the files whose bytes changed.

Two trees live side by side: the output (`_site/`) and a hidden staging tree (`._site.staging/`),
which holds the site as it was one build ago. A build brings the staging tree up to date,
writing only the files whose digest differs, then swaps the two folders in one atomic rename.
Readers of `_site/` therefore see the old site or the new one, never a mix, and an interrupted
build leaves `_site/` untouched. Each tree carries its manifest (path -> digest, and each file's
size) in its marker file, so knowing what a tree holds costs one small read and a listing.

A tree is replaced whole, so a file the build did not make (a CNAME put into `_site/` by hand)
would be lost: the build refuses to publish over one, names it, and deletes nothing. What the
site needs comes from the project, so every build, on every machine, publishes it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from ..errors import OutputError
from ..hashing import digest

MARKER = ".site-builder"  # marks a folder this tool made, and lists what it holds
_MANIFEST_VERSION = 2
_SIZELESS_VERSION = 1  # listed the files without their sizes: still tells the build's files from others
_UNKNOWN = ""  # the digest of a listed file deleted or changed by hand: it matches no content
# A file system without locks (some network mounts) still builds, as before there were locks.
_NO_LOCKS_HERE = (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL)
_TEMPORARY = ".tmp-"  # prefix of a file being written; never part of a finished tree


def check_output_dir(out: Path, protected: Iterable[Path]) -> Path:
    """The real folder to publish into, refusing any whose replacement would lose work or loop.

    A link is followed, so the link stays and the folder it names holds the site. Refused: the
    project and its input folders (and anything inside them, which `serve` would rebuild forever),
    home, /, files, and folders this tool did not make.
    """
    try:
        resolved = out.resolve(strict=False)
        inputs = [p.resolve() for p in protected]
        _refuse_unsafe(out, resolved, inputs)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a looping link, before Python 3.13
        raise OutputError(f"refusing to write the site to {out}: {describe_os_error(exc)}") from exc
    return resolved


def _refuse_unsafe(out: Path, resolved: Path, inputs: list[Path]) -> None:
    for folder in [*inputs, Path.home().resolve(), Path("/")]:
        if resolved == folder or folder.is_relative_to(resolved):
            raise OutputError(f"refusing to write the site to {out}: it would replace {folder}")
    for folder in inputs[:-1]:  # the last is the project root, whose _site/ is the default
        if resolved.is_relative_to(folder):
            raise OutputError(
                f"refusing to write the site to {out}: it lies inside the input folder {folder}; "
                "choose a folder outside content/, templates/ and static/"
            )
    if resolved.exists() and not resolved.is_dir():
        raise OutputError(f"refusing to write the site to {out}: it is a file")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / MARKER).exists():
        raise OutputError(
            f"refusing to write the site to {out}: it is a folder this tool did not make "
            f"(no {MARKER} file); choose an empty or new folder with --out"
        )


def staging_dir(out: Path) -> Path:
    return out.with_name(f".{out.name}.staging")


@contextlib.contextmanager
def output_lock(out: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the output folder for one build; a second build waits for the first to publish.

    The lock is the kernel's (flock) on the folder that holds the output and its staging twin,
    so it leaves no file behind and is released when its holder exits, even by a kill.
    """
    with _output_errors(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(out.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError as exc:
            if exc.errno not in _NO_LOCKS_HERE:
                raise OutputError(f"cannot lock the site's folder {out.parent}: {describe_os_error(exc)}") from exc
        yield
    finally:
        os.close(handle)  # closing releases the lock


@contextlib.contextmanager
def _output_errors(out: Path) -> Iterator[None]:
    """A full disk, a read-only folder or a permission turned into one line naming the output."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"cannot write the site to {out}: {describe_os_error(exc)}") from exc


def describe_os_error(exc: BaseException) -> str:
    """An operating system's complaint in words, with the file it concerns."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror + (f" ({exc.filename})" if exc.filename else "")
    return str(exc)


def read_manifest(tree: Path) -> dict[str, str] | None:
    """What a tree holds according to its marker; None when unknown (no marker, or a damaged one)."""
    marker = _read_marker(tree)
    return marker[0] if marker else None


def _read_marker(tree: Path) -> tuple[dict[str, str], dict[str, int]] | None:
    """The manifest and the sizes a tree's marker lists; no sizes from the version that kept none."""
    try:
        data = json.loads((tree / MARKER).read_text(encoding="utf-8"))
        version, files, sizes = data.get("version"), data.get("files"), data.get("sizes", {})
        if version in (_MANIFEST_VERSION, _SIZELESS_VERSION) and isinstance(files, dict) and isinstance(sizes, dict):
            return files, sizes
    except (OSError, ValueError, AttributeError):
        pass
    return None


def tree_listing(tree: Path) -> dict[str, int]:
    """Every file of a tree but its marker, with its size: what is really there, read from the disk.

    A link to a folder counts as one file: the build never makes one, and it is not entered.
    """
    listing = {}
    unread = [(os.fspath(tree), "")]
    while unread:
        folder, prefix = unread.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    unread.append((entry.path, f"{prefix}{entry.name}/"))
                elif prefix or entry.name != MARKER:
                    listing[prefix + entry.name] = entry.stat(follow_symlinks=False).st_size
    return dict(sorted(listing.items()))


def _hash_tree(tree: Path) -> tuple[dict[str, str], dict[str, int]]:
    """The manifest and sizes of a tree whose marker was lost, e.g. by a build killed while
    updating it; its half-written files are removed."""
    manifest, listing = {}, tree_listing(tree)
    for relative in list(listing):
        path = tree / relative
        if path.name.startswith(_TEMPORARY) or not path.is_file() or path.is_symlink():
            path.unlink(missing_ok=True)
            del listing[relative]
        else:
            manifest[relative] = digest(path.read_bytes())
    return manifest, listing


def verified_manifest(tree: Path) -> dict[str, str] | None:
    """What a tree really holds: its marker's manifest, with any file deleted or resized by hand
    given an unknown digest; None when the tree has no readable marker.

    Raises `OutputError` for files the build did not make: the tree is replaced whole, so they
    would be lost, and a file published by hand is one the next machine to build will not have.
    """
    verified = _verify(tree)
    return verified[0] if verified else None


def _verify(tree: Path) -> tuple[dict[str, str], dict[str, int]] | None:
    """`verified_manifest`, with the size of every file the tree really holds."""
    marker = _read_marker(tree) if tree.is_dir() else None
    if marker is None:
        return None
    files, sizes = marker
    listing = tree_listing(tree)
    for relative in [relative for relative in listing if relative.rpartition("/")[2].startswith(_TEMPORARY)]:
        (tree / relative).unlink(missing_ok=True)  # left by a process killed while replacing a file
        del listing[relative]
    foreign = sorted(listing.keys() - files.keys())
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        raise OutputError(
            f"{tree} holds files the build did not make: {shown}. The build replaces the folder whole and "
            "publishes only what it makes, so move them out first (a custom domain is set in the "
            "repository's Pages settings, a site verification by a DNS record or a <meta> tag in a "
            "template; other files go under static/)"
        )
    manifest = {path: known if listing.get(path) == sizes.get(path) else _UNKNOWN for path, known in files.items()}
    return manifest, listing


class Publication:
    """One update of an output folder: changed files arrive as they are rendered, then the trees swap.

    Files go straight into the staging tree, so a build never holds the whole site in memory.
    """

    def __init__(self, out: Path):
        self.out = out
        self.stage = staging_dir(out)
        with _output_errors(out):
            verified = _verify(out)
        self.current = verified[0] if verified else None
        # what the output holds once finished, by path: digest and size (see `update_in_place`)
        self.published: Tree | None = verified
        self.written = 0
        self._staged: dict[str, str] | None = None  # what the staging tree holds; None until opened
        self._sizes: dict[str, int] = {}  # the size of every file in the staging tree, once opened

    def _open(self) -> dict[str, str]:
        if self._staged is None:
            # Checked like the output: it was the output one build ago, and files put there by hand
            # during that build came along. Once its marker is gone, it holds only this tool's files.
            opened = _verify(self.stage)
            if opened is None and self.stage.is_dir():
                opened = _hash_tree(self.stage)
            self.stage.mkdir(parents=True, exist_ok=True)
            (self.stage / MARKER).unlink(missing_ok=True)  # until it is finished, the staging tree is unknown
            self._staged, self._sizes = opened or ({}, {})
        return self._staged

    def put(self, relative: str, data: bytes, data_digest: str) -> None:
        """A file that differs from what the output holds now."""
        with _output_errors(self.out):
            self._put(relative, data, data_digest)

    def _put(self, relative: str, data: bytes, data_digest: str) -> None:
        staged = self._open()
        if staged.get(relative) != data_digest:
            self._write(relative, lambda temporary: temporary.write_bytes(data))
            staged[relative] = data_digest
            self.written += 1

    def finish(self, manifest: Mapping[str, str]) -> int:
        """Complete the staging tree from the current output, then swap; return the files written."""
        with _output_errors(self.out):
            return self._finish(manifest)

    def _finish(self, manifest: Mapping[str, str]) -> int:
        if self._staged is None and self.current == manifest:
            return 0  # nothing changed: no write, no swap
        staged = self._open()
        for relative, wanted in manifest.items():
            if staged.get(relative) == wanted:
                continue
            if self.current is None or self.current.get(relative) != wanted:
                raise OutputError(f"internal error: no content for {relative}; build again with a new --out")
            self._write(relative, functools.partial(_link_or_copy, self.out / relative))
        for relative in sorted(staged.keys() - manifest.keys()):
            _remove(self.stage, relative)
            self._sizes.pop(relative, None)
        _write_marker(self.stage, manifest, self._sizes)
        _swap(self.stage, self.out)
        self.published = (dict(manifest), dict(self._sizes))
        return self.written

    def _write(self, relative: str, fill: Callable[[Path], object]) -> None:
        target = self.stage / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{_TEMPORARY}{target.name}")
        fill(temporary)
        os.replace(temporary, target)  # a new inode: a file shared with `out` is never changed in place
        self._sizes[relative] = target.stat().st_size


Tree = tuple[dict[str, str], dict[str, int]]  # a published tree's files: digest and size, by path
_PENDING = -1  # the size a marker gives a file while it is being replaced: it matches no file


def update_in_place(out: Path, tree: Tree, changed: Mapping[str, bytes], manifest: Mapping[str, str]) -> Tree:
    """Bring a tree this process published up to `manifest` by writing the few changed files straight
    into it, each replaced whole; return what it holds then.

    For `serve`, where a save changes a handful of files and re-listing and swapping whole trees of
    10,000 would cost most of the wait. A reader sees each file old or new, never half-written. The
    marker first lists every file about to change as unknown, so a process killed midway leaves a
    tree whose marker vouches for no bytes it does not hold: the next build rewrites those files.
    """
    with _output_errors(out):
        digests, sizes = dict(tree[0]), dict(tree[1])
        removed = digests.keys() - manifest.keys()
        for relative in changed.keys() | removed:
            digests.setdefault(relative, _UNKNOWN)
            sizes[relative] = _PENDING
        _write_marker(out, digests, sizes)
        for relative, data in changed.items():
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f"{_TEMPORARY}{target.name}")
            temporary.write_bytes(data)
            os.replace(temporary, target)
            sizes[relative] = len(data)
        for relative in sorted(removed):
            _remove(out, relative)
            sizes.pop(relative, None)
        digests = dict(manifest)
        _write_marker(out, digests, sizes)
    return digests, sizes


def still_holds(out: Path, tree: Tree) -> bool:
    """Whether every file of a tree this process published is still there at its size; one deleted
    or changed by hand since sends the next publication through the whole check."""
    root = os.fspath(out)
    try:
        return all(os.stat(f"{root}/{relative}").st_size == size for relative, size in tree[1].items())
    except OSError:
        return False


def _write_marker(tree: Path, manifest: Mapping[str, str], sizes: Mapping[str, int]) -> None:
    """The tree's marker, replaced whole."""
    files, sizes = dict(sorted(manifest.items())), dict(sorted(sizes.items()))
    marker = {"files": files, "sizes": sizes, "version": _MANIFEST_VERSION}  # keys in order: no sort needed
    temporary = tree / f"{_TEMPORARY}{MARKER}"
    temporary.write_text(json.dumps(marker, separators=(",", ":")), encoding="utf-8")
    os.replace(temporary, tree / MARKER)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _remove(tree: Path, relative: str) -> None:
    target = tree / relative
    target.unlink(missing_ok=True)
    for folder in target.parents:  # drop folders the removal left empty, up to the tree itself
        if folder == tree or not folder.is_relative_to(tree) or any(folder.iterdir()):
            break
        folder.rmdir()


def _swap(stage: Path, out: Path) -> None:
    """Exchange the two folders atomically where the system can (Linux), else by renames."""
    if not out.exists():
        stage.rename(out)
        return
    if _rename_exchange(stage, out):
        return
    parked = out.with_name(f".{out.name}.swap")
    out.rename(parked)
    stage.rename(out)
    parked.rename(stage)


def _rename_exchange(first: Path, second: Path) -> bool:
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0
