"""`new-event`: draft an event file citing a source, its quote checked against the archived article at once."""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from ..errors import ContentError, UsageError, display_path
from ..loading.config import load_config
from ..loading.context import LoadContext
from ..loading.dates import PartialDate
from ..loading.filecache import FileCache
from ..loading.quotes import displayed_quote
from ..loading.schema import CITATION_SCHEMA, EVENT_SCHEMA
from ..loading.sources import Archive, LoadedSource, load_sources
from ..loading.yamldoc import SLUG
from ..project import Project
from ..schemas import ensure_schemas, modeline
from .yamlwriting import check_content_folder, check_value, existing_file, refusal, scalar, short_slug, write_new_files


def configure(cmd: argparse.ArgumentParser) -> None:
    """The arguments of `new-event`; the command line names it and gives its summary."""
    cmd.description = (
        "Write content/events/DATE-SLUG.yaml citing SOURCE-ID with the quote, after checking the quote "
        "against the source's archived text as `check` does. Never replaces an existing file."
    )
    cmd.add_argument("source_id", metavar="SOURCE-ID", help="the id of a source in content/sources/")
    cmd.add_argument("title", metavar="TITLE", help="the event's title")
    cmd.add_argument("--date", required=True, help="when it happened: YYYY, YYYY-MM or YYYY-MM-DD")
    cmd.add_argument(
        "--quote",
        help="the article's words that support the event, copied exactly "
        "(without it, the draft leaves the quote for you to fill, and `check` fails until you do)",
    )
    cmd.add_argument("--slug", help="the file name after the date (default: from the title)")
    cmd.set_defaults(run=run_new_event)


def run_new_event(args: argparse.Namespace, project: Project) -> int:
    folder = check_content_folder(project.root) / "events"
    date_text = args.date.strip()
    date: PartialDate = check_value(EVENT_SCHEMA["date"].convert, date_text, "--date")
    title = " ".join(args.title.split())
    check_value(EVENT_SCHEMA["title"].convert, title, "TITLE")
    check_value(EVENT_SCHEMA["summary"].convert, title, "TITLE")  # it stands in for the summary
    quote = None if args.quote is None else " ".join(args.quote.split())
    if quote is not None:
        check_value(CITATION_SCHEMA["quote"].convert, quote, "--quote")
    slug = args.slug if args.slug is not None else short_slug(title)
    if not SLUG.fullmatch(slug):
        raise UsageError(f"--slug '{slug}' is not a slug: use lowercase letters, digits and hyphens")
    name = f"{_date_prefix(date)}-{slug}"
    clash = existing_file(folder, name, (".yaml", ".yml"))
    if clash is not None:
        raise refusal(clash, project.root, "--slug")

    context = LoadContext(project.root, FileCache())
    cited = _cited_source(context, args.source_id)
    shown = None if quote is None or cited.archive is None else _check_quote(quote, args.source_id, cited.archive)
    tags = sorted(load_config(context)[1])
    path = folder / f"{name}.yaml"
    draft = event_yaml(
        modeline("event", path.relative_to(project.root), project.root), title, date_text, args.source_id, quote, tags
    )
    write_new_files([(path, draft.encode("utf-8"))], project.root, "--slug")
    ensure_schemas(project.root)  # so the editor finds the schema the first line names

    print(f"Wrote {display_path(path, project.root)}, citing '{args.source_id}'.")
    if quote is None:
        line = draft.count("\n")  # the quote is the last line
        print(f"No --quote: copy the article's words into line {line}; `check` reports the event until you do.")
    elif shown is None:
        print(f"warning: quote not verified: source '{args.source_id}' has no archived text")
    else:
        print(f"The quote is in the archived text, and shows as: “{shown}”")
    print("Rewrite the summary in your own words, add a body with claim markers and tags, then run `check`.")
    return 0


def _date_prefix(date: PartialDate) -> str:
    """The date as a file name starts with it: 2014-11-03, or 500-bce for a year BCE (a name cannot start with -)."""
    if date.year > 0:
        return date.iso()
    parts = [f"{-date.year}-bce", f"{date.month:02d}" if date.month else "", f"{date.day:02d}" if date.day else ""]
    return "-".join(part for part in parts if part)


def _cited_source(context: LoadContext, source_id: str) -> LoadedSource:
    """The source as the loader reads it; an unknown id or a source with problems of its own is refused."""
    sources = load_sources(context)
    if source_id in sources.loaded:
        return sources.loaded[source_id]
    if source_id in sources.unloadable:
        own = [problem for problem in context.problems if Path(problem.path).stem.lower() == source_id.lower()]
        raise ContentError(own) if own else UsageError(f"source '{source_id}' cannot be read: run `check` for why")
    known = sorted(sources.loaded)
    close = difflib.get_close_matches(source_id, known, n=3, cutoff=0.5)
    if close:
        hint = "did you mean " + " or ".join(f"'{name}'" for name in close) + "?"
    elif known:
        hint = "the sources are: " + ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
    else:
        hint = "there are none yet: add one with `add-source ARTICLE.txt`"
    raise UsageError(f"source '{source_id}' is not in content/sources/ ({hint})")


def _check_quote(quote: str, source_id: str, archive: Archive) -> str:
    """The quote as the event page will show it; UsageError, with the closest passage, when the article lacks it."""
    cuts = archive.cuts_of(quote)
    if cuts is None:
        raise UsageError(f"--quote: {archive.missing(quote, source_id)}; nothing was written")
    return displayed_quote(quote, *cuts)


_QUOTE_GAP = "  # the article's words that support this event, copied exactly: `check` fails until they are here"


def event_yaml(first_line: str, title: str, date: str, source_id: str, quote: str | None, tags: list[str]) -> str:
    """The event's YAML: what is known filled in; the summary to rewrite, and the rest commented with a hint."""
    lines = [
        first_line,
        f"title: {scalar(title)}",
        f"date: {date}",
        "# date_from: inference  # if you worked the date out from the article's words (add date_note: which words)",
        f"summary: {scalar(title)}  # the title for now: rewrite it as one or two plain sentences",
        "# body: |",
        "#   What happened, in your own words; end each claim with the marker of the quote it rests on.[^1]",
    ]
    if tags:
        lines.append(f"# tags: []  # any of: {', '.join(tags)}")
    lines += [
        "sources:",
        f"  - source: {source_id}",
        f"    quote: {scalar(quote, quoted=True)}" if quote is not None else '    quote: ""' + _QUOTE_GAP,
    ]
    return "\n".join(lines) + "\n"
