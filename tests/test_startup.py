"""A build that finds nothing changed, and the command line itself, start without the heavy stack:
Jinja2, Markdown, the loader and the curator's commands are imported only when something needs them."""

from __future__ import annotations

import json
import subprocess
import sys

from site_builder.build import build

HEAVY = ("jinja2", "markdown", "yaml", "site_builder.loading.content", "site_builder.builder", "site_builder.curate")

REPORT_IMPORTS = """
import json, sys
from site_builder.cli import main
code = main(sys.argv[1:])
heavy = sorted({name.split(".")[0] if not name.startswith("site_builder") else name for name in sys.modules})
print(json.dumps([code, heavy]))
"""


def imported(*argv: str) -> tuple[int, list[str]]:
    """The exit code of the command line run with `argv`, and the modules it imported."""
    run = subprocess.run([sys.executable, "-c", REPORT_IMPORTS, *argv], capture_output=True, text=True, check=True)
    code, modules = json.loads(run.stdout.splitlines()[-1])
    return code, [module for module in modules if module.startswith(HEAVY)]


def test_a_build_that_finds_nothing_changed_imports_nothing_heavy(tiny):
    build(tiny.project, tiny.root / "_site", cache_dir=tiny.root / ".cache", jobs=1)
    assert imported("--project", str(tiny.root), "build") == (0, [])


def test_a_build_with_something_to_do_imports_what_it_needs(tiny):
    code, modules = imported("--project", str(tiny.root), "build")
    assert code == 0 and {"jinja2", "markdown", "site_builder.builder"} <= set(modules)


def test_a_curator_command_imports_only_its_own_module(tiny):
    code, modules = imported("--project", str(tiny.root), "dates", "daily")
    commands = {f"site_builder.curate.{name}" for name in ("starter", "articles", "datefinder", "scaffold")}
    assert code == 0 and commands.intersection(modules) == {"site_builder.curate.datefinder"}
