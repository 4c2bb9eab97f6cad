"""`new`: start a timeline in a new folder: one source with its archived text, one event citing it,
a README for curators and the editors' schemas. Templates and static files stay the package's defaults."""

from __future__ import annotations

import argparse
import os
import shlex
from pathlib import Path

from ..defaults import DEFAULT_STATIC, DEFAULT_TEMPLATES
from ..errors import OutputError, UsageError
from ..project import Project
from ..schemas import ensure_schemas, modeline
from .yamlwriting import write_new_files

STARTER = Path(__file__).resolve().parent / "starter"
# Kept without the dot: a .gitignore inside the package would be read by the wheel's builder as its own.
_RENAMED = {"gitignore": ".gitignore"}
_SCHEMA_KINDS = {"content/site.yaml": "site", "content/sources": "source", "content/events": "event"}


def configure(cmd: argparse.ArgumentParser) -> None:
    """The arguments of `new`; the command line names it and gives its summary."""
    cmd.description = (
        "Write a starter project into DIR: content/site.yaml, one source with its archived text, one "
        "event citing it, a README for curators and the JSON Schemas editors use. DIR must be new or empty."
    )
    cmd.add_argument("folder", type=Path, metavar="DIR", help="the folder to start the timeline in")
    cmd.set_defaults(run=run_new)


def run_new(args: argparse.Namespace, project: Project) -> int:
    """`project` (the global --project) plays no part: the new timeline is DIR."""
    root: Path = args.folder
    _check_free(root)
    write_new_files(starter_files(root), root)
    try:
        ensure_schemas(root)
    except OSError as exc:
        raise OutputError(f"cannot write the schemas into {root / 'schemas'}: {exc.strerror}") from None
    shown = shlex.quote(str(root))
    print(f"Started a timeline in {root}:")
    for path in sorted(_written(root)):
        print(f"  {path}")
    print(
        f"\nTemplates and static files are the defaults in {DEFAULT_TEMPLATES} and {DEFAULT_STATIC}: to change "
        f"one, copy it into {root / 'templates'} or {root / 'static'} and edit the copy.\n"
        f"\nNext:\n  cd {shown}\n  site-builder check --strict\n  site-builder serve"
    )
    return 0


def starter_files(root: Path) -> list[tuple[Path, bytes]]:
    """Every file of the starter project as it is written under `root`, content files with their schema's modeline."""
    files = []
    for path in sorted(STARTER.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(STARTER).as_posix()
        relative = _RENAMED.get(relative, relative)
        data = path.read_bytes()
        kind = next((kind for prefix, kind in _SCHEMA_KINDS.items() if relative.startswith(prefix)), None)
        if kind is not None:
            data = f"{modeline(kind, Path(relative), root)}\n".encode() + data
        files.append((root / relative, data))
    return files


def _check_free(root: Path) -> None:
    """Refuse a DIR that is a file or holds anything: a new timeline never mixes with other files."""
    if root.is_dir():
        try:
            empty = not any(root.iterdir())
        except OSError as exc:
            raise UsageError(f"cannot read {root}: {exc.strerror}") from None
        if not empty:
            raise UsageError(f"{root} is not empty: give a new folder, or an empty one, to start a timeline in")
    elif os.path.lexists(root):
        raise UsageError(f"{root} is not a folder: give a new folder to start a timeline in")


def _written(root: Path) -> list[str]:
    return [Path(folder, name).relative_to(root).as_posix() for folder, _, names in os.walk(root) for name in names]
