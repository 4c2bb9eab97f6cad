"""`python -m site_builder.schemas`: rewrite the shipped JSON Schemas from the loader's key tables."""

from __future__ import annotations

from .generate import write_schemas


def main() -> int:
    written = write_schemas()
    for path in written:
        print(f"wrote {path}")
    if not written:
        print("the schemas are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
