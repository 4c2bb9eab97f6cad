"""The command line: build, check and serve, and the curator's commands. Exit 0 on success, 1 on content
problems, 2 on usage errors."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from .build import build
from .errors import ContentError, Problem, SiteBuilderError, UsageError
from .project import Project
from .publishing.cache import check_cache_dir
from .urls import is_base_url

# The curator's commands: each name with its module under site_builder.curate and its summary. A
# module is imported only when its command is chosen, so a `build` that finds nothing to do starts
# without the article reader, the date finder and the loader behind them.
CURATOR_COMMANDS = {
    "new": ("starter", "start a new timeline in a new folder"),
    "add-source": ("articles", "archive an article's text and draft its source YAML for review"),
    "dates": ("datefinder", "list the dates in a source's archived text"),
    "new-event": ("scaffold", "draft an event citing a source, its quote checked against the archived article"),
}


def _parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; of the curator's commands only `chosen` gets its arguments."""
    invoked = Path(sys.argv[0]).name
    parser = argparse.ArgumentParser(
        prog="python -m site_builder" if invoked == "__main__.py" else invoked,
        description="Build a sourced timeline from content/ into a static site, and help curate it."
    )
    parser.add_argument(
        "--project", type=Path, default=Path("."), help="folder holding content/, templates/ and static/ (default: .)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_cmd = commands.add_parser(
        "build", help="validate the content and write the site", description="Validate the content and write the site."
    )
    build_cmd.add_argument("--out", type=Path, default=None, help="output folder (default: PROJECT/_site)")
    build_cmd.add_argument("--jobs", type=int, default=None, help="processes to render with (default: all cores)")
    caching = build_cmd.add_mutually_exclusive_group()
    caching.add_argument("--no-cache", action="store_true", help="ignore and do not write the cache")
    caching.add_argument("--cache-dir", type=Path, default=None, help=CACHE_DIR_HELP)
    build_cmd.add_argument("--verbose", "-v", action="store_true", help="print each build step with its time")
    build_cmd.add_argument(
        "--base-url",
        default=None,
        help="public URL of the site, e.g. https://user.github.io/repo/ (default: $SITE_BASE_URL, then site.yaml)",
    )

    check_cmd = commands.add_parser(
        "check",
        help="validate the content only; write nothing",
        description="Validate the content only; write nothing.",
    )
    check_cmd.add_argument(
        "--strict",
        action="store_true",
        help="fail on warnings too (a claim that cites nothing, an unverified quote), e.g. before publishing",
    )

    serve_cmd = commands.add_parser(
        "serve", help="build, then serve the site on localhost", description="Build, then serve the site on localhost."
    )
    serve_cmd.add_argument("--out", type=Path, default=None, help="output folder (default: PROJECT/_site)")
    serve_cmd.add_argument(
        "--host",
        type=_host,
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 opens the site to the network)",
    )
    serve_cmd.add_argument("--port", type=_port, default=8000, help="port to listen on, 1-65535 (default: 8000)")
    serve_cmd.add_argument("--open", action="store_true", help="open the site in a web browser")
    serve_cmd.add_argument("--cache-dir", type=Path, default=None, help=CACHE_DIR_HELP)
    for name, (module, summary) in CURATOR_COMMANDS.items():
        command = commands.add_parser(name, help=summary)
        if name == chosen:
            importlib.import_module(f"{__package__}.curate.{module}").configure(command)
    return parser


def _command_named(argv: Sequence[str]) -> str | None:
    """The command an argument list names: its first word that is neither an option nor --project's value."""
    words = iter(argv)
    for word in words:
        if word == "--project":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


CACHE_DIR_HELP = "folder for the build cache, safe to delete (default: $SITE_CACHE_DIR, then PROJECT/.cache)"


def _cache_dir(args: argparse.Namespace, project: Project, out: Path) -> Path | None:
    """Where the build keeps what the next build can reuse; None with --no-cache."""
    if getattr(args, "no_cache", False):
        return None
    chosen = args.cache_dir or os.environ.get("SITE_CACHE_DIR") or None
    return check_cache_dir(Path(chosen), project, out) if chosen else project.root / ".cache"


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number: give a whole number from 1 to 65535")
    return port


def _host(text: str) -> str:
    host = text.strip()
    if host.startswith("[") and host.endswith("]"):  # an IPv6 address written as in a URL
        host = host[1:-1]
    if not host or any(char.isspace() or char in "/@" for char in host):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an address or host name: give e.g. 127.0.0.1, localhost or 0.0.0.0"
        )
    return host


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser(_command_named(argv)).parse_args(argv)
    try:
        return _run(args)
    except BrokenPipeError:  # `... | head` stopped reading: stop quietly, as other command-line tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so exit's flush cannot raise again
        return 1
    except SiteBuilderError as exc:
        message = exc.report() if isinstance(exc, ContentError) else f"error: {exc}"
        if isinstance(exc, ContentError) and args.command != "check":
            message += " Nothing was written."
        print(message, file=sys.stderr)
        return exc.exit_code


def _run(args: argparse.Namespace) -> int:
    project = Project(args.project)
    if hasattr(args, "run"):  # a curator's command: it checks the project it needs itself
        return int(args.run(args, project))
    if not project.content.is_dir():
        raise UsageError(f"{project.content} not found: run this in a site folder or pass --project")
    out = getattr(args, "out", None) or project.root / "_site"
    if args.command == "check":
        from .loading.content import load_site  # the loader's dependencies load only when checking

        site = load_site(project.root)
        if args.strict and site.warnings:
            raise ContentError(list(site.warnings))
        _print_warnings(site.warnings)
        print(f"OK: {len(site.events)} events, {len(site.sources)} sources, {len(site.tags)} tags.")
        return 0
    if args.command == "serve":
        from .serve.server import serve  # the server's dependencies load only when serving

        return serve(project, out, args.host, args.port, args.open, _cache_dir(args, project, out))
    base_url = args.base_url or os.environ.get("SITE_BASE_URL") or None
    if base_url and not is_base_url(base_url):
        where = "--base-url" if args.base_url else "SITE_BASE_URL"
        raise UsageError(
            f"{where} {base_url!r} is not a base URL: give the site's full http:// or https:// address, "
            "e.g. https://user.github.io/repo/, with no query (?), fragment (#), password or spaces"
        )
    cache_dir = _cache_dir(args, project, out)
    log = (lambda line: print(line, flush=True)) if args.verbose else None
    result = build(project, out, base_url, args.jobs, cache_dir, log)
    if result.site is None:
        print(f"Up to date: nothing changed since the last build of {out}.")
        return 0
    _print_warnings(result.site.warnings)
    if not result.base_url:
        _print_warnings((NO_BASE_URL,))
    print(f"Built {result.summary()} into {out}; {result.written} files written")
    return 0


NO_BASE_URL = Problem(
    "",
    0,
    0,
    "no base URL: canonical links, the feed and the sitemap are left out "
    "(pass --base-url, set SITE_BASE_URL, or add base_url to content/site.yaml)",
    "warning",
)


def _print_warnings(warnings: Iterable[Problem]) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
