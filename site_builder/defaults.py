"""The default templates and static files, which a project's own override file by file.

An installed wheel carries them inside the package; a source checkout or an editable install
uses the repository's top-level templates/ and static/, which are the same files.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SHIPPED = _PACKAGE / "default_files"  # where pyproject.toml puts them in the wheel


def default_folder(name: str) -> Path:
    """The default `templates` or `static` folder."""
    shipped = _SHIPPED / name
    return shipped if shipped.is_dir() else _PACKAGE.parent / name


DEFAULT_TEMPLATES = default_folder("templates")
DEFAULT_STATIC = default_folder("static")
