"""Static files, published under content-hashed names so browsers may cache them forever."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from ..hashing import digest
from ..project import Project


@dataclass(frozen=True)
class Asset:
    name: str  # as templates ask for it: "style.css"
    url: str  # site-relative, fingerprinted: "static/style.3f2a9c1b.css"
    data: bytes


def collect_assets(project: Project) -> dict[str, Asset]:
    """Every input file under the project's static/ and the default static files, the project's
    winning where both have a name: the project's rules leave out hidden files and editor litter,
    and refuse links that lead out of static/."""
    assets = {}
    for name, path in project.layered_files(project.static_folders).items():
        relative = PurePosixPath(name)
        data = path.read_bytes()
        hashed = relative.with_name(f"{relative.stem}.{digest(data)[:10]}{relative.suffix}").as_posix()
        assets[name] = Asset(name, f"static/{hashed}", data)
    return assets
