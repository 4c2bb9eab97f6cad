"""`add-source`: archive an article's text and draft its source YAML from what the text itself shows.

Every value found in the text is a guess, written with a comment naming the line it comes from, for
the curator to check. Nothing is guessed that the text does not show: no URL, and no outlet unless
the text names the site the URL is on.
"""

from __future__ import annotations

import argparse
import calendar
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import UsageError, display_path
from ..loading import yamldoc
from ..loading.dates import DateError, PartialDate
from ..loading.model import slugify
from ..loading.schema import SOURCE_SCHEMA
from ..loading.sources import MAX_ARCHIVE_BYTES
from ..project import Project
from ..schemas import ensure_schemas, modeline
from .yamlwriting import (
    check_content_folder,
    check_value,
    existing_file,
    refusal,
    scalar,
    short_slug,
    write_new_files,
)

# The page's top (headline, byline, date line) ends at the first paragraph of the article itself;
# standfirsts and photo captions run shorter than this.
_PARAGRAPH_WORDS = 20
_TOP_LINES = 30
# Site names and section headings ("United with Israel", "What's Happening?") are this short; headlines are longer.
_HEADLINE_WORDS = range(4, 26)

_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name} | {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name
}
_MONTH_NUMBERS["sept"] = 9
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?:\.|\b)"
)
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[0-9]{4})(?![0-9])"
_DATE_PATTERNS = (
    # 2014-11-03, 2014/11/03: year first is never day first
    (
        "ymd",
        re.compile(r"(?<![0-9])(?P<year>[0-9]{4})(?P<sep>[-/.])(?P<b>[0-9]{1,2})(?P=sep)(?P<a>[0-9]{1,2})(?![0-9])"),
    ),
    # 11/3/2014, 27.12.2019: month or day first, to be settled
    ("numeric", re.compile(r"(?<![0-9])(?P<a>[0-9]{1,2})(?P<sep>[-/.])(?P<b>[0-9]{1,2})(?P=sep)" + _YEAR)),
    ("mdy", re.compile(rf"\b{_MONTH}\s*{_DAY},?\s+{_YEAR}", re.I)),  # Dec. 25, 2017
    ("dmy", re.compile(rf"(?<![0-9]){_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}", re.I)),  # 3 March 2019
    ("my", re.compile(rf"\b{_MONTH},?\s+{_YEAR}", re.I)),  # March 2019
)
_TWELVE_HOUR_CLOCK = re.compile(r"(?<![0-9])(?:1[0-2]|0?[1-9])(?::[0-5][0-9])?\s*[ap]\.?\s?m\b\.?", re.I)
_CLOCK = re.compile(r"(?<![0-9])[0-2]?[0-9]:[0-5][0-9](?::[0-5][0-9])?\s*(?:[ap]\.?\s?m\b\.?)?", re.I)
_WEEKDAY = re.compile(
    r"\b(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b\.?",
    re.I,
)
_WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Words a date line may hold beside the date; a line that says it was updated is not the publication date.
_DATE_LINE_WORDS = re.compile(r"\b(?:published|posted|first|on|at|date[ds]?|(?-i:[A-Z]{2,4}))\b|[^\w]", re.I)
_UPDATED = re.compile(r"\b(?:updated|modified|edited|revised)\b", re.I)
_BYLINE = re.compile(r"^\s*(?:written\s+)?by\s*:?\s+(?P<rest>\S.*)$", re.I)
_BYLINE_END = re.compile(r"\s+[|•·–—-]\s+|\s*\|\s*|\t|\s+(?:published|posted|updated)\b", re.I)
_NAME_JOINERS = frozenset("and & de da di del della der den van von la le bin ibn al el y".split())  # noqa: SIM905
_BREADCRUMB = re.compile(r"\s(?:/|›|»|>|\|)\s")
_CREDIT = re.compile(r"\bcredit\b|©|\bcopyright\b", re.I)


@dataclass(frozen=True)
class Guess:
    """A value read from the article, the line it is on, and what the curator should know to check it."""

    value: str
    line: int
    how: str


@dataclass(frozen=True)
class DateReading:
    """A date written in a line, read at the precision the text makes certain."""

    date: PartialDate
    written: str
    start: int
    end: int
    how: str  # how it was read, when that needed a choice: "read month first: …"; "" when it did not


@dataclass(frozen=True)
class ArticleFacts:
    title: Guess | None
    author: Guess | None
    published: Guess | None
    date_mention: Guess | None  # a date the text mentions elsewhere, offered when no date line was found


def configure(cmd: argparse.ArgumentParser) -> None:
    """The arguments of `add-source`; the command line names it and gives its summary."""
    cmd.description = (
        "Copy an article's text to content/sources/ID.txt and write content/sources/ID.yaml, pre-filled "
        "with the headline, the byline's author and the publication date found in the text, each marked "
        "for checking. Never replaces an existing file."
    )
    cmd.add_argument("article", type=Path, metavar="ARTICLE.txt", help="the article's text, as UTF-8")
    cmd.add_argument("--url", help="the article's own web address (never guessed)")
    cmd.add_argument("--id", dest="source_id", help="the source's id (default: from the date and the headline)")
    cmd.add_argument("--publisher", help="the outlet's name (default: only when the text names the URL's site)")
    cmd.set_defaults(run=run_add_source)


def run_add_source(args: argparse.Namespace, project: Project) -> int:
    folder = check_content_folder(project.root) / "sources"
    raw, article = _read_article(args.article)
    if args.url is not None:
        check_value(SOURCE_SCHEMA["url"].convert, args.url, "--url")
    if args.publisher is not None:
        check_value(SOURCE_SCHEMA["publisher"].convert, args.publisher, "--publisher")
    facts = read_article(article)
    publisher = (
        Guess(" ".join(args.publisher.split()), 0, "") if args.publisher is not None else _named_site(article, args.url)
    )
    source_id = args.source_id if args.source_id is not None else default_id(facts, args.article)
    if not yamldoc.SLUG.fullmatch(source_id):
        raise UsageError(
            f"--id '{source_id}' is not an id: use lowercase letters, digits and hyphens, e.g. {slugify(source_id)}"
        )
    for suffixes in ((".txt",), (".yaml", ".yml")):
        clash = existing_file(folder, source_id, suffixes)
        if clash is not None:
            raise refusal(clash, project.root, "--id")
    yaml_path, text_path = folder / f"{source_id}.yaml", folder / f"{source_id}.txt"
    draft = source_yaml(
        facts,
        publisher,
        args.url,
        text_path.name,
        modeline("source", yaml_path.relative_to(project.root), project.root),
    )
    write_new_files([(text_path, raw), (yaml_path, draft.encode("utf-8"))], project.root, "--id")
    ensure_schemas(project.root)  # so the editor finds the schema the first line names
    print(f"Archived {args.article} as {display_path(text_path, project.root)}")
    print(f"Wrote {display_path(yaml_path, project.root)}:")
    for line in _summary(facts, publisher, args.url):
        print(f"  {line}")
    print("Check each guessed field against the article, then run `check`.")
    return 0


def _read_article(path: Path) -> tuple[bytes, str]:
    """The article's bytes, and its text: UTF-8 no larger than an archive may be."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_ARCHIVE_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"{path} not found: give the path of the article's text file") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder: give the path of the article's text file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    if len(raw) > MAX_ARCHIVE_BYTES:
        raise UsageError(
            f"{path} is over {MAX_ARCHIVE_BYTES // 1024} KiB, the most an archived article may be: "
            "keep only the article's own text"
        )
    if b"\0" in raw:
        raise UsageError(f"{path} is not text (it holds NUL bytes): save the article's text as a UTF-8 .txt file")
    try:
        article = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path} is not UTF-8 text (byte {exc.start}): save it as UTF-8") from None
    if not article.strip():
        raise UsageError(f"{path} holds no text")
    return raw, article.removeprefix("\ufeff")


def read_article(article: str) -> ArticleFacts:
    """The headline, the byline's author and the publication date an article's text shows, each located."""
    lines = [line.rstrip("\r") for line in article.split("\n")]
    top = _top_of_page(lines)
    byline_at, author = _byline(lines, top)
    published = _publication_date(lines, top, byline_at)
    title = _headline(lines, [number for number in top if number < byline_at] or top)
    mention = None if published else _first_date_mention(lines)
    return ArticleFacts(title, author, published, mention)


def _top_of_page(lines: list[str]) -> list[int]:
    """The 1-based numbers of the non-blank lines above the article's first paragraph."""
    top = []
    for number, line in enumerate(lines[:_TOP_LINES], start=1):
        if len(line.split()) >= _PARAGRAPH_WORDS:
            break
        if line.strip():
            top.append(number)
    return top


def _byline(lines: list[str], top: list[int]) -> tuple[int, Guess | None]:
    """The byline's line number (past the top when there is none) and the author it names."""
    for number in top:
        match = _BYLINE.match(lines[number - 1])
        if not match:
            continue
        rest = match.group("rest")
        dates = dates_in_line(rest)
        names = rest[: dates[0].start] if dates else rest
        names = _BYLINE_END.split(names, maxsplit=1)[0]
        names = re.sub(r"(?:[\s,;]|\bon\b|\bat\b)+$", "", " ".join(names.split()))
        if _is_name(names):
            return number, Guess(names, number, "the byline")
    return len(lines) + 1, None


def _is_name(words: str) -> bool:
    """Whether a byline's words read as one or more people's names ("Ari Yashar", "Jane Doe and John Roe")."""
    parts = words.replace(",", " ").split()
    if not 1 <= len(parts) <= 12 or parts[0].lower() in _NAME_JOINERS:
        return False
    return all(part[0].isupper() or part.lower() in _NAME_JOINERS for part in parts) and any(
        char.isalpha() for char in words
    )


def _publication_date(lines: list[str], top: list[int], byline_at: int) -> Guess | None:
    """The byline's date, else a date line beside the byline, else the first date line at the top.

    A date alone above the headline is often a republisher's date, not the article's, so a byline's
    own date is preferred to it.
    """
    if byline_at <= len(lines):
        on_byline = dates_in_line(lines[byline_at - 1])
        if on_byline:
            return _date_guess(on_byline[0], byline_at, "the byline's date")
    at = top.index(byline_at) if byline_at in top else -1
    neighbours = [] if at < 0 else top[at + 1 : at + 2] + top[max(at - 1, 0) : at]  # the line after, then before
    for number in neighbours + top:
        reading = _date_line(lines[number - 1])
        if reading is not None:
            where = "beside the byline" if number in neighbours else "a date line"
            return _date_guess(reading, number, where)
    return None


def _date_guess(reading: DateReading, line: int, where: str) -> Guess:
    how = f'{where}, "{reading.written}"' + (f", {reading.how}" if reading.how else "")
    return Guess(reading.date.iso(), line, how)


def _date_line(line: str) -> DateReading | None:
    """The date of a line that holds little else: a time, a weekday, "Published" or "Posted on"."""
    readings = dates_in_line(line)
    if len(readings) != 1 or _UPDATED.search(line):
        return None
    reading = readings[0]
    rest = line[: reading.start] + " " + line[reading.end :]
    rest = _DATE_LINE_WORDS.sub(" ", _WEEKDAY.sub(" ", _CLOCK.sub(" ", _TWELVE_HOUR_CLOCK.sub(" ", rest))))
    return None if rest.strip() else reading


def _first_date_mention(lines: list[str]) -> Guess | None:
    """The first day the text mentions anywhere, to point the curator at when no date line says when it ran."""
    for number, line in enumerate(lines, start=1):
        for reading in dates_in_line(line):
            if reading.date.precision == "day":
                return Guess(reading.date.iso(), number, f'mentions "{reading.written}"')
    return None


def _headline(lines: list[str], candidates: list[int]) -> Guess | None:
    """The first line that reads as a headline: a few words that do not end as a sentence does."""
    for number in candidates:
        line = " ".join(lines[number - 1].split())
        if (
            len(line.split()) in _HEADLINE_WORDS
            and len(line) <= 300
            and not line.endswith((".", ",", ":", ";"))
            and (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘")
            and not _BYLINE.match(line)
            and not _BREADCRUMB.search(line)
            and not _CREDIT.search(line)
            and not dates_in_line(line)
        ):
            return Guess(line, number, "the headline")
    return None


def dates_in_line(line: str) -> list[DateReading]:
    """Every date written in `line` (day, month and year, or month and year), in order, none overlapping."""
    found: list[DateReading] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(line):
            if any(match.start() < other.end and other.start < match.end() for other in found):
                continue
            if "month" in match.groupdict() and not match.group("month")[0].isupper():
                continue  # "may 2019" in lower case is a verb
            reading = _reading(kind, match, line)
            if reading is not None:
                found.append(reading)
    return sorted(found, key=lambda reading: reading.start)


def _reading(kind: str, match: re.Match[str], line: str) -> DateReading | None:
    year = int(match.group("year"))
    if kind == "numeric":
        return _numeric_reading(match, line)
    if kind == "ymd":
        month, day = int(match.group("b")), int(match.group("a"))
    else:
        month = _MONTH_NUMBERS[match.group("month").lower()]
        day = int(match.group("day")) if kind != "my" else 0
    date = _date(year, month, day)
    return None if date is None else DateReading(date, match.group(), match.start(), match.end(), "")


def _date(year: int, month: int, day: int) -> PartialDate | None:
    try:
        return PartialDate.parse(f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else ""))
    except DateError:
        return None


def _numeric_reading(match: re.Match[str], line: str) -> DateReading | None:
    """A date like 11/3/2014: month first (US) or day first, as the line settles it, else only its year."""
    first, second, year = int(match.group("a")), int(match.group("b")), int(match.group("year"))
    month_first, day_first = _date(year, first, second), _date(year, second, first)
    written = match.group()

    def read(date: PartialDate | None, how: str) -> DateReading | None:
        return None if date is None else DateReading(date, written, match.start(), match.end(), how)

    if month_first is None or day_first is None or month_first == day_first:
        return read(month_first or day_first, "")
    settled = _order_from_line(line, match, month_first, day_first)
    if settled is not None:
        month_is_first, why = settled
        return read(month_first if month_is_first else day_first, f"read {why}")
    return read(
        PartialDate(year),
        f"which is {day_first.human()} read day first or {month_first.human()} read month first: "
        "only the year is certain",
    )


def _order_from_line(
    line: str, match: re.Match[str], month_first: PartialDate, day_first: PartialDate
) -> tuple[bool, str] | None:
    """Whether the line shows its dates month first (True) or day first (False), and why; None if it does not."""
    weekday = _WEEKDAY.search(line)
    if weekday is not None and weekday.group()[0].isupper():
        named = _WEEKDAY_NAMES.index(weekday.group(1)[:3].lower())
        fits = [_weekday(date) == named for date in (month_first, day_first)]
        if fits.count(True) == 1:
            return fits[0], f"{'month' if fits[0] else 'day'} first: only that reading falls on a {weekday.group()}"
    for other in _DATE_PATTERNS[1][1].finditer(line):
        if other.start() != match.start() and other.group("sep") == match.group("sep"):
            if int(other.group("a")) > 12:
                return False, f'day first, as "{other.group()}" on the same line is'
            if int(other.group("b")) > 12:
                return True, f'month first, as "{other.group()}" on the same line is'
    clock = _TWELVE_HOUR_CLOCK.search(line)
    if clock is not None:
        return True, f'month first: a 12-hour clock ("{clock.group().strip()}") is US style'
    return None


def _weekday(date: PartialDate) -> int:
    return calendar.weekday(date.year, date.month, date.day)


def _named_site(article: str, url: str | None) -> Guess | None:
    """The outlet, when a line of the text names the URL's site ("United with Israel": unitedwithisrael.org)."""
    if url is None:
        return None
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    site = _letters(host.rsplit(".", 1)[0]) if "." in host else ""
    for number, line in enumerate(article.split("\n"), start=1):
        if site and _letters(line) == site:
            return Guess(" ".join(line.split()), number, "it names the URL's site")
    return None


def _letters(words: str) -> str:
    folded = unicodedata.normalize("NFKD", words.casefold())
    return "".join(char for char in folded if char.isalnum() and char.isascii())


def default_id(facts: ArticleFacts, article: Path) -> str:
    """An id from the publication date and the headline's first words, as "2014-11-03-official-israeli-delegation"."""
    date = facts.published.value if facts.published else ""
    name = short_slug(facts.title.value) if facts.title else slugify(article.stem)
    return "-".join(part for part in (date, name) if part)


def source_yaml(facts: ArticleFacts, publisher: Guess | None, url: str | None, archive: str, first_line: str) -> str:
    """The source's YAML: every guess commented with where it comes from, every gap with what to put there."""
    lines = [first_line]
    lines.append(_field("title", facts.title, "no headline found: copy the article's, or leave it out if it has none"))
    lines.append(
        _field(
            "publisher",
            publisher,
            "required, not found: the outlet's name; `check` reports this source until it is set",
        )
    )
    lines.append(_field("author", facts.author, "no byline found: add the author if the article names one"))
    gap = "no byline or date line found" + (
        f"; line {facts.date_mention.line} {facts.date_mention.how}" if facts.date_mention else ""
    )
    lines.append(_field("published", facts.published, gap + ": YYYY, YYYY-MM or YYYY-MM-DD", as_date=True))
    lines.append(f"url: {scalar(url)}" if url else "# url:  # the article's own address, only if known")
    lines.append(f"archive: {scalar(archive)}")
    return "\n".join(lines) + "\n"


def _field(key: str, guess: Guess | None, gap: str, as_date: bool = False) -> str:
    if guess is None:
        return f"# {key}:  # {gap}"
    value = guess.value if as_date else scalar(guess.value)  # a date unquoted, as curators write it
    if not guess.line:  # given on the command line
        return f"{key}: {value}"
    return f"{key}: {value}  # guessed from line {guess.line}, {guess.how}: check"


def _summary(facts: ArticleFacts, publisher: Guess | None, url: str | None) -> list[str]:
    """One line per field for the terminal: what was found where, and what is left to the curator."""
    shown = []
    for key, guess, missing in (
        ("title", facts.title, "not found"),
        ("publisher", publisher, "not found: add the outlet's name (`check` reports the source until you do)"),
        ("author", facts.author, "not found"),
        ("published", facts.published, "not found"),
    ):
        if guess is None:
            shown.append(f"{key + ':':11} {missing}")
        elif guess.line:
            shown.append(f"{key + ':':11} {guess.value} (guessed from line {guess.line}, {guess.how})")
        else:
            shown.append(f"{key + ':':11} {guess.value}")
    shown.append(f"{'url:':11} {url}" if url else f"{'url:':11} not given (--url)")
    return shown
