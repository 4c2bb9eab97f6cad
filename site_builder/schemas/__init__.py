"""JSON Schemas of the content files, which editors use to complete and check fields while typing.

Each content file names its schema on its first line, in the modeline yaml-language-server reads
(VS Code's YAML extension, Neovim, Helix, Emacs and others use it). The `*.schema.json` files here
are generated from the loader's own key tables (`python -m site_builder.schemas` rewrites them),
so an editor and the build agree on what a file may hold.
"""

from __future__ import annotations

import os
from pathlib import Path

KINDS = ("event", "source", "site")
PACKAGE_SCHEMAS = Path(__file__).resolve().parent
PROJECT_SCHEMAS = "schemas"  # the folder, under a project's root, that holds its copies
MODELINE_PREFIX = "# yaml-language-server: $schema="


def schema_name(kind: str) -> str:
    """The file name of a kind's schema: `event.schema.json`."""
    if kind not in KINDS:
        raise ValueError(f"no schema for {kind!r}: the kinds are {', '.join(KINDS)}")
    return f"{kind}.schema.json"


def uses_package_copy(project_root: Path) -> bool:
    """Whether the project can name the package's own schemas: the package is part of the project.

    A package installed into a virtual environment inside the project (`.venv/…/site-packages`)
    is not: that copy moves with every reinstall and is not the project's to commit.
    """
    try:
        inside = PACKAGE_SCHEMAS.relative_to(Path(project_root).resolve())
    except ValueError:
        return False
    return not any(part.startswith(".") or part == "site-packages" for part in inside.parts)


def schema_path(kind: str, project_root: Path) -> Path:
    """The schema a project's files of this kind name: the package's own, or the project's copy."""
    if uses_package_copy(project_root):
        return PACKAGE_SCHEMAS / schema_name(kind)
    return Path(project_root).resolve() / PROJECT_SCHEMAS / schema_name(kind)


def modeline(kind: str, file: Path, project_root: Path) -> str:
    """The first line of a content file: its schema, as a path relative to the file's folder."""
    folder = (Path(project_root).resolve() / file).parent.resolve()
    relative = os.path.relpath(schema_path(kind, project_root), folder)
    return MODELINE_PREFIX + Path(relative).as_posix()


def ensure_schemas(project_root: Path) -> None:
    """Copy each schema missing or outdated into `project_root/schemas/`, unless the project uses the package's.

    Only the `*.schema.json` files there are written (whole, through a temporary file beside them).
    """
    if uses_package_copy(project_root):
        return
    folder = Path(project_root) / PROJECT_SCHEMAS
    folder.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        shipped = (PACKAGE_SCHEMAS / schema_name(kind)).read_bytes()
        target = folder / schema_name(kind)
        if target.is_file() and target.read_bytes() == shipped:
            continue
        staging = target.with_name(f".{target.name}.tmp")
        staging.write_bytes(shipped)
        os.replace(staging, target)
