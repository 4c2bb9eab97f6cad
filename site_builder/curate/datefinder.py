"""`dates SOURCE-ID`: every date expression in a source's archived text, resolved against its publication date."""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from pathlib import Path

from ..errors import ContentError, UsageError, printable
from ..loading.context import LoadContext
from ..loading.dates import PartialDate
from ..loading.filecache import FileCache
from ..loading.files import read_file
from ..loading.model import Source
from ..loading.schema import SOURCE_SCHEMA
from ..loading.sources import load_sources
from ..loading.yamldoc import SLUG
from ..project import Project
from .datewords import KINDS, DateMention, find_dates


def configure(command: argparse.ArgumentParser) -> None:
    """The arguments of `dates`; the command line names it and gives its summary."""
    command.description = (
        "List every date expression in a source's archived text, in reading order, with its line, its sentence "
        "and the ISO date or range it stands for. Relative ones ('on Monday', 'last month', 'in July') are "
        "resolved against the source's publication date and marked inferred; vague ones ('recently') are listed "
        "without a date."
    )
    command.add_argument("source", metavar="SOURCE-ID", help="the source's id: its file name in content/sources/")
    command.add_argument("--json", action="store_true", help="print JSON, for other tools")
    command.set_defaults(run=run_dates)


def run_dates(args: argparse.Namespace, project: Project) -> int:
    source, archive, text = _read_source(project, args.source)
    mentions = find_dates(text, source.published)
    if args.json:
        print(json.dumps(_as_json(source, archive, mentions), ensure_ascii=False, indent=2))
    else:
        print("\n".join(_as_text(source, archive, mentions)))
    return 0


def _read_source(project: Project, source_id: str) -> tuple[Source, str, str]:
    """The source, where its archive lies (as shown), and the archive's text as written."""
    if not project.content.is_dir():
        raise UsageError(f"{project.content} not found: run this in a site folder or pass --project")
    folder = project.content / "sources"
    path = folder / f"{source_id}.yaml"
    if not SLUG.fullmatch(source_id) or not path.is_file():
        known = sorted(path.stem for path in folder.glob("*.yaml")) if folder.is_dir() else []
        listed = f"the sources are: {', '.join(known)}" if known else "there are no sources yet"
        raise UsageError(f"no source '{printable(source_id)}' in {folder.relative_to(project.root)}/: {listed}")
    context = LoadContext(project.root, FileCache())
    loaded = load_sources(context).loaded.get(source_id)
    where = context.where(path)
    problems = [problem for problem in context.problems if problem.path == where]
    if problems or loaded is None:
        raise ContentError(problems)
    if loaded.archive is None:
        raise UsageError(
            f"source '{source_id}' has no archived text to read: put the article's text beside it in "
            f"{folder.relative_to(project.root)}/ and name it in {where} with 'archive: FILE.txt'"
        )
    fields, _, _ = read_file(context, path, SOURCE_SCHEMA, "a source")
    assert fields is not None  # it loaded above, from the same bytes
    archive = Path(os.path.realpath(folder / fields.value("archive")))
    return loaded.source, loaded.archive.path, archive.read_text(encoding="utf-8")


def _publication(source: Source) -> str:
    if source.published is None:
        return "The source gives no publication date, so dates relative to it are left unresolved."
    notes = [
        note
        for note, present in (("approximate", source.published_circa), ("inferred", "published" in source.inferred))
        if present
    ]
    qualified = f" ({', '.join(notes)})" if notes else ""
    return f"Published {source.published.human()}{qualified}; relative dates are resolved against it."


def _as_text(source: Source, archive: str, mentions: tuple[DateMention, ...]) -> list[str]:
    lines = [f"Dates in {archive}, the archived text of '{source.id}'.", _publication(source), ""]
    width = len(str(max((mention.line for mention in mentions), default=1)))
    indent = " " * (width + 2)
    for mention in mentions:
        why = f"{mention.kind}: {mention.reason}" if mention.reason else mention.kind
        lines.append(f"{mention.line:>{width}}  {mention.expression} → {mention.iso or 'no date'} ({why})")
        lines.append(f"{indent}{mention.sentence}")
    counts = Counter(mention.kind for mention in mentions)
    if mentions:
        each = ", ".join(f"{counts[kind]} {kind}" for kind in KINDS if counts[kind])
        lines += ["", f"{len(mentions)} date expression{'s' if len(mentions) != 1 else ''}: {each}."]
    else:
        lines.append("No date expressions found.")
    return lines


def _as_json(source: Source, archive: str, mentions: tuple[DateMention, ...]) -> dict[str, object]:
    return {
        "source": source.id,
        "archive": archive,
        "published": _iso(source.published),
        "published_circa": source.published_circa,
        "published_inferred": "published" in source.inferred,
        "dates": [
            {
                "line": mention.line,
                "expression": mention.expression,
                "sentence": mention.sentence,
                "kind": mention.kind,
                "iso": mention.iso,
                "human": mention.when.human() if mention.when else None,
                "reason": mention.reason,
            }
            for mention in mentions
        ],
    }


def _iso(date: PartialDate | None) -> str | None:
    return date.iso() if date else None
