"""Static files, published under content-hashed names so browsers may cache them forever."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Asset:
    name: str  # as templates ask for it: "style.css"
    url: str  # site-relative, fingerprinted: "static/style.3f2a9c1b.css"
    data: bytes


def collect_assets(static_dir: Path) -> dict[str, Asset]:
    """Every file under static/, skipping hidden and editor backup files."""
    assets = {}
    if not static_dir.is_dir():
        return assets
    for path in sorted(static_dir.rglob("*")):
        relative = path.relative_to(static_dir)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts) or path.name.endswith("~"):
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:10]
        name = relative.as_posix()
        hashed = relative.with_name(f"{relative.stem}.{digest}{relative.suffix}").as_posix()
        assets[name] = Asset(name, f"static/{hashed}", data)
    return assets
