"""Reading YAML as located values, so every problem can name the line and column it came from.

Files are composed into YAML nodes (never constructed into Python objects by PyYAML), then read
key by key against a schema. Scalars are taken as written: `title: 2020` is the text "2020" and
`date: 2014-11-03` stays a string for `PartialDate` to parse at its own precision.

Each converter also says, as a JSON Schema, what it accepts (`json_schema`), so the schemas editors
check files with (site_builder.schemas) are made from the same definitions as the build's checks.
An editor parses YAML 1.2, where `2020` is a number and `yes` a string, so the schemas accept a
value in each form the editor may see it in.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urlsplit

import yaml

from ..errors import Problem, printable
from ..site.markdown import conversion_problem
from ..urls import UNSAFE_IN_BASE_URL, is_base_url, is_web_url
from . import claims
from .characters import FORBIDDEN
from .dates import DateError, PartialDate

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
# The tags plain YAML resolves to; any other (!!python/object, !custom) is refused.
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}
# A cheap first look for anchors (&a) and aliases (*a); only a file that has one is parsed twice to be sure.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\[\]{}]", re.MULTILINE)
# An event nests three levels (the event, its sources, a citation). PyYAML's composer recurses
# once per level and crashes the whole process a few thousand levels down, so depth is checked first.
MAX_DEPTH = 64
# Every level of nesting opens with one of these; a file holding fewer cannot nest too deep.
_OPENERS = "[{-?:"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# str.isdigit and int() take other scripts' digits and superscripts, and int() refuses 4,300 digits or more
_WHOLE_NUMBER = re.compile(r"0*[1-9][0-9]{0,8}")
_MOST_WHOLE_NUMBER = 999_999_999
_TEXT_LIMIT = 2_000  # characters, for text without a limit of its own


class Located(NamedTuple):
    """A value read from a file, with the 1-based position where it was written."""

    value: Any
    line: int
    column: int


class Invalid:
    """Returned by a converter that has already reported why the value cannot be used."""


INVALID = Invalid()


class FileReader:
    """Collects the problems of one file while it is parsed and read."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.text = ""  # as parsed, to locate words inside a value

    def locate(self, value: Located, words: str, nth: int = 0) -> Located:
        """Where the `nth` occurrence of `words` is written inside `value`, as far as the file shows it.

        YAML folds, unindents and unescapes a value, so its text is found in the file as written
        from the value's line on; words that cannot be found there are located at the value itself.
        """
        lines = self.text.split("\n")
        if value.line > len(lines):
            return value
        start = sum(len(line) + 1 for line in lines[: value.line - 1])
        at = start - 1
        for _ in range(nth + 1):
            at = self.text.find(words, at + 1) if words else -1
            if at < 0:
                return value
        line_start = self.text.rfind("\n", 0, at) + 1
        return Located(words, self.text.count("\n", 0, at) + 1, at - line_start + 1)

    def error(self, where: yaml.Node | Located | None, message: str) -> Invalid:
        """Record a problem; values quoted in `message` are shown with their control characters escaped."""
        line, column = _position(where)
        self.problems.append(Problem(self.path, line, column, printable(message)))
        return INVALID

    def parse(self, text: str) -> yaml.Node | None:
        """Compose the file's single YAML document; None (with a problem) when that fails.

        Anchors and aliases are refused (they let a few lines expand into gigabytes), and so
        are tags other than plain YAML's (they ask for objects no content file needs) and
        nesting deeper than MAX_DEPTH.
        """
        self.text = text
        try:
            if self._refuse_structure(text):
                return None
            node = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = Located(None, mark.line + 1, mark.column + 1) if mark else None
            what = " ".join(part for part in (exc.context, exc.problem) if part)
            line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
            hint = (
                "indent with spaces, not tabs"
                if "\t" in line[: len(line) - len(line.lstrip())]
                else "check the indentation and quoting here"
            )
            self.error(where, f"invalid YAML: {what}; {hint}")
            return None
        except yaml.reader.ReaderError as exc:  # a character YAML refuses in a file, as written
            start = text.rfind("\n", 0, exc.position) + 1
            where = Located(None, text.count("\n", 0, start) + 1, exc.position - start + 1)
            self.error(where, f"the file holds the unprintable character {chr(exc.character)}: remove it")
            return None
        except yaml.YAMLError as exc:
            self.error(None, f"invalid YAML: {exc}")
            return None
        if node is None:
            self.error(None, "the file is empty: write the fields as 'key: value' lines")
            return None
        return node if self._plain_tags_only(node) else None

    def _refuse_structure(self, text: str) -> bool:
        """Walk the parser's events, without composing, when the text may hold anchors or deep nesting."""
        if not _MAYBE_ANCHOR.search(text) and sum(map(text.count, _OPENERS)) <= MAX_DEPTH:
            return False
        depth = 0
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                message = "YAML anchors and aliases (&name, *name) are not allowed: write the value out in full"
            elif isinstance(event, yaml.CollectionStartEvent) and depth == MAX_DEPTH:
                message = (
                    f"the YAML is nested more than {MAX_DEPTH} levels deep here; content needs three at most: "
                    "check the brackets and the indentation"
                )
            else:
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
                continue
            mark = event.start_mark
            self.error(Located(None, mark.line + 1, mark.column + 1) if mark else None, message)
            return True
        return False

    def _plain_tags_only(self, node: yaml.Node) -> bool:
        pending, fine = [node], True
        while pending:
            current = pending.pop()
            if current.tag not in _PLAIN_TAGS:
                self.error(
                    current,
                    f"the YAML tag '{current.tag.replace('tag:yaml.org,2002:', '!!')}' is not "
                    "allowed: remove it and write a plain value",
                )
                fine = False
            if isinstance(current, yaml.MappingNode):
                pending += [part for pair in current.value for part in pair]
            elif isinstance(current, yaml.SequenceNode):
                pending += current.value
        return fine


def _position(where: yaml.Node | Located | None) -> tuple[int, int]:
    if isinstance(where, Located):
        return where.line, where.column
    if isinstance(where, yaml.Node):
        return where.start_mark.line + 1, where.start_mark.column + 1
    return 1, 1


def _located(node: yaml.Node, value: Any) -> Located:
    return Located(value, node.start_mark.line + 1, node.start_mark.column + 1)


Convert = Callable[[yaml.Node, FileReader], Any]
JsonSchema = dict[str, Any]
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Key:
    """One key a mapping may hold: how to read its value, whether it must be there, and what it is for."""

    convert: Convert
    required: bool = False
    description: str = ""  # one sentence for a curator, shown by editors beside the key


def accepts(schema: Callable[[], JsonSchema]) -> Callable[[F], F]:
    """Declare the JSON Schema of the values a converter accepts (made when asked: schemas nest)."""

    def declare(convert: F) -> F:
        convert.json_schema = schema  # type: ignore[attr-defined]
        return convert

    return declare


def json_schema(convert: Convert) -> JsonSchema:
    """The JSON Schema of what `convert` accepts, as far as a schema can say without the other files."""
    schema = getattr(convert, "json_schema", None)
    if schema is None:
        name = getattr(convert, "__qualname__", repr(convert))
        raise TypeError(f"the converter {name} declares no JSON Schema: declare one with @accepts(...)")
    result: JsonSchema = schema()
    return result


def mapping_schema(schema: Mapping[str, Key]) -> JsonSchema:
    """A mapping's keys as JSON Schema properties: each described, the required ones required, no others."""
    properties = {}
    for key, spec in schema.items():
        fragment = json_schema(spec.convert)
        properties[key] = {"description": spec.description, **fragment} if spec.description else fragment
    required = [key for key, spec in schema.items() if spec.required]
    return {
        "type": "object",
        "properties": properties,
        **({"required": required} if required else {}),
        "additionalProperties": False,
    }


class Fields(Mapping[str, Located]):
    """The valid fields of a mapping, by key; a mapping that failed to read has fewer of them."""

    def __init__(self, values: dict[str, Located]):
        self._values = values

    def __getitem__(self, key: str) -> Located:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def value(self, key: str, default: Any = None) -> Any:
        return self._values[key].value if key in self._values else default


def read_mapping(node: yaml.Node, schema: Mapping[str, Key], reader: FileReader, what: str) -> Fields | Invalid:
    """Read a mapping against its schema: unknown, duplicate, missing and mistyped keys are problems."""
    if not isinstance(node, yaml.MappingNode):
        return reader.error(node, f"{what} must be a mapping of 'key: value' lines, not {_kind(node)}")
    values: dict[str, Located] = {}
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is None or key not in schema:
            reader.error(key_node, _unknown_key(key, schema, what))
            continue
        if key in seen:
            reader.error(key_node, f"duplicate key '{key}': keep one of them")
            continue
        seen.add(key)
        value = schema[key].convert(value_node, reader)
        if value is not INVALID:
            values[key] = _located(value_node, value)
    for key, spec in schema.items():
        if spec.required and key not in seen:
            reader.error(node, f"missing required key '{key}' in {what}: add '{key}: …'")
    return Fields(values)


def _unknown_key(key: str | None, schema: Mapping[str, Key], what: str) -> str:
    if key is None:
        return f"keys in {what} must be plain words"
    close = difflib.get_close_matches(key, list(schema), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(schema)
    return f"unknown key '{key}' in {what} ({hint})"


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "empty" if node.tag == _NULL else f"the value '{_short(node.value)}'"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Converters: each reads one node, reporting (and returning INVALID) when it cannot, and declares its JSON Schema.


def _ecma_class(characters: re.Pattern[str]) -> str:
    """The inside of a one-class regex, with each character outside printable ASCII written \\uXXXX.

    Python and JavaScript (which editors run JSON Schema patterns in) read the escaped form alike.
    """
    inside = characters.pattern.removeprefix("[").removesuffix("]")
    return "".join(char if " " < char < "\x7f" else f"\\u{ord(char):04x}" for char in inside)


# Some character that is not white space, and none that is forbidden: a text the loader takes.
# (A lookahead, then one class: a pattern that can backtrack would take seconds over a long body.)
_TEXT_PATTERN = f"^(?=[\\s\\S]*\\S)[^{_ecma_class(FORBIDDEN)}]*$"
_TEXT_MESSAGE = "write some text, without control characters"


def _text_schema(limit: int) -> JsonSchema:
    # A number or true/false is text too, as written: an editor's YAML 1.2 reads `title: 1984` as a number.
    return {
        "type": ["string", "number", "boolean"],
        "maxLength": limit,
        "pattern": _TEXT_PATTERN,
        "patternErrorMessage": _TEXT_MESSAGE,
    }


@accepts(lambda: _text_schema(_TEXT_LIMIT))
def text(node: yaml.Node, reader: FileReader, limit: int = _TEXT_LIMIT) -> str | Invalid:
    if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL:
        return reader.error(node, f"expected text, found {_kind(node)}")
    value = node.value.strip()
    if not value:
        return reader.error(node, "expected text, found an empty string")
    if len(value) > limit:
        return reader.error(
            node, f"this text is {len(value):,} characters long; the most this field takes is {limit:,}"
        )
    forbidden = FORBIDDEN.search(value)
    if forbidden:
        return reader.error(
            node,
            f"the text holds the unprintable character {printable(forbidden.group())}: remove it "
            "(in double quotes, YAML escapes such as \\e and \\x00 write such characters)",
        )
    return value


def text_up_to(limit: int) -> Convert:
    """Text with its own length limit, for fields that are longer or shorter than most."""
    return accepts(lambda: _text_schema(limit))(lambda node, reader: text(node, reader, limit))


class Body(NamedTuple):
    """An event's Markdown body, with its claim markers and the sentences that have none, located."""

    text: str
    markers: tuple[Located, ...]  # each value a claims.Marker
    unmarked: tuple[Located, ...]  # each value a sentence, as written


def body_markdown(limit: int) -> Convert:
    """Markdown with claim markers, which must also be quick to convert (see `conversion_problem`).

    The markers and unmarked sentences are found here, while the file's text is at hand to
    locate them; whether each marker names a citation is for the event to check.
    """

    def read(node: yaml.Node, reader: FileReader) -> Body | Invalid:
        value = text(node, reader, limit)
        if not isinstance(value, str):
            return value
        problem = conversion_problem(value)
        if problem:
            return reader.error(node, problem)
        where = _located(node, None)
        seen: dict[str, int] = {}
        found = []
        for marker in claims.markers(value):
            found.append(reader.locate(where, marker.text, seen.get(marker.text, 0))._replace(value=marker))
            seen[marker.text] = seen.get(marker.text, 0) + 1
        unmarked = tuple(
            reader.locate(where, sentence.split("\n", 1)[0][:60])._replace(value=sentence)
            for sentence in claims.unmarked_sentences(value)
        )
        return Body(value, tuple(found), unmarked)

    return accepts(lambda: _text_schema(limit))(read)


@accepts(
    lambda: {
        **_text_schema(_TEXT_LIMIT),
        "allOf": [
            {
                "pattern": f"^(?![\\s\\S]*{claims.MARKER.pattern})",
                "patternErrorMessage": "claim markers like [^1] belong in the body: move it there or remove it",
            }
        ],
    }
)
def unclaimed_text(node: yaml.Node, reader: FileReader) -> str | Invalid:
    """Text shown where claim markers are not: a marker here would print as written."""
    value = text(node, reader)
    if isinstance(value, str) and claims.MARKER.search(value):
        return reader.error(node, "claim markers like [^1] belong in the body: move it there or remove it")
    return value


# PyYAML reads YAML 1.1, where yes/no and on/off are true and false; an editor's YAML 1.2 reads them as words.
_YAML_1_1_BOOLEANS = "yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"


@accepts(
    lambda: {
        "type": ["boolean", "string"],
        "pattern": f"^(?:{_YAML_1_1_BOOLEANS})$",
        "patternErrorMessage": "write true or false",
    }
)
def flag(node: yaml.Node, reader: FileReader) -> bool | Invalid:
    if not isinstance(node, yaml.ScalarNode) or node.tag != _BOOL:
        return reader.error(node, f"expected true or false, found {_kind(node)}")
    return node.value.lower() in ("true", "yes", "on", "y")


# What PartialDate.parse takes, as far as a pattern can tell: a year CE in four digits but 0000, or a
# year BCE as "-" and up to four digits with no leading zero; then perhaps a month, then perhaps a day.
_DATE_PATTERN = "^(?:(?!0000)[0-9]{4}|-[1-9][0-9]{0,3})(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$"


@accepts(
    lambda: {
        # An editor reads `date: 2014` and `date: -500` as numbers; it cannot see a year's leading zeros (0622).
        "type": ["string", "integer"],
        "pattern": _DATE_PATTERN,
        "patternErrorMessage": "write YYYY, YYYY-MM or YYYY-MM-DD (-YYYY for a year BCE)",
        "minimum": -9999,
        "maximum": 9999,
        "not": {"const": 0},
    }
)
def partial_date(node: yaml.Node, reader: FileReader) -> PartialDate | Invalid:
    if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL:
        return reader.error(node, f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD), found {_kind(node)}")
    try:
        return PartialDate.parse(node.value)
    except DateError as exc:
        return reader.error(node, str(exc))


@accepts(
    lambda: {
        "type": ["integer", "string"],
        "minimum": 1,
        "maximum": _MOST_WHOLE_NUMBER,
        "pattern": f"^{_WHOLE_NUMBER.pattern}$",
        "patternErrorMessage": f"write a whole number from 1 to {_MOST_WHOLE_NUMBER}",
    }
)
def positive_int(node: yaml.Node, reader: FileReader) -> int | Invalid:
    if not isinstance(node, yaml.ScalarNode) or not _WHOLE_NUMBER.fullmatch(node.value):
        return reader.error(node, f"expected a whole number from 1 to {_MOST_WHOLE_NUMBER:,}, found {_kind(node)}")
    return int(node.value)


def _escaped(char: str, special: str) -> str:
    # re.escape escapes more than JavaScript's regexes allow in their strict (Unicode) mode
    return "\\" + char if char in special else char


def _caseless(word: str) -> str:
    """A regex matching `word` in any letter case, as URL schemes and host names are compared."""
    return "".join(
        f"[{char.lower()}{char.upper()}]" if char.isalpha() else _escaped(char, "\\^$.|?*+()[]{}/") for char in word
    )


_SCHEME = f"{_caseless('http')}[sS]?://"
_NOT_IN_URL = "\\s" + _ecma_class(FORBIDDEN)
_URL_MESSAGE = "write a full http:// or https:// address"


@accepts(
    lambda: {
        "type": "string",
        "maxLength": _TEXT_LIMIT,
        "pattern": f"^{_SCHEME}[^/?#{_NOT_IN_URL}][^{_NOT_IN_URL}]*$",
        "patternErrorMessage": _URL_MESSAGE,
    }
)
def web_url(node: yaml.Node, reader: FileReader) -> str | Invalid:
    value = text(node, reader)
    if isinstance(value, str) and not is_web_url(value):
        return reader.error(node, f"'{_short(value)}' is not a web address: write a full http:// or https:// URL")
    return value


# Web archives whose copies are stable and citable: the Wayback Machine and archive.today's mirrors.
ARCHIVE_HOSTS = frozenset(
    {"web.archive.org", "archive.org", "wayback.archive.org"}
    | {f"archive.{tld}" for tld in ("today", "ph", "is", "li", "vn", "fo", "md")}
)


@accepts(
    lambda: {
        "type": "string",
        "maxLength": _TEXT_LIMIT,
        "pattern": (
            f"^{_SCHEME}(?:[^/?#@{_NOT_IN_URL}]*@)?"
            f"(?:{'|'.join(_caseless(host) for host in sorted(ARCHIVE_HOSTS))})"
            f"(?::[0-9]*)?(?:[/?#][^{_NOT_IN_URL}]*)?$"
        ),
        "patternErrorMessage": "give a Wayback Machine (web.archive.org) or archive.today (archive.ph, …) address",
    }
)
def archive_url(node: yaml.Node, reader: FileReader) -> str | Invalid:
    value = web_url(node, reader)
    if isinstance(value, str) and (urlsplit(value).hostname or "") not in ARCHIVE_HOSTS:
        return reader.error(
            node,
            f"'{_short(value)}' is not a web archive's copy: give a Wayback Machine (web.archive.org) or "
            "archive.today (archive.ph, archive.is, …) address, or leave archived_url out",
        )
    return value


_NOT_IN_BASE_URL = _NOT_IN_URL + "".join(_escaped(char, "\\]^-") for char in sorted({"?", "#", *UNSAFE_IN_BASE_URL}))


@accepts(
    lambda: {
        "type": "string",
        "maxLength": _TEXT_LIMIT,
        "pattern": f"^{_SCHEME}[^/@:{_NOT_IN_BASE_URL}]+(?::[1-9][0-9]{{0,4}})?(?:/[^{_NOT_IN_BASE_URL}]*)?$",
        "patternErrorMessage": "write the site's full http:// or https:// address, with no query (?) or fragment (#)",
    }
)
def base_url(node: yaml.Node, reader: FileReader) -> str | Invalid:
    value = text(node, reader)
    if isinstance(value, str) and not is_base_url(value):
        return reader.error(
            node,
            f"'{_short(value)}' is not a base URL: write the site's full http:// or https:// address, "
            "with no query (?), fragment (#) or password",
        )
    return value


@accepts(
    lambda: {
        "type": ["string", "integer"],
        "minimum": 0,
        "maxLength": _TEXT_LIMIT,
        "pattern": f"^{SLUG.pattern}$",
        "patternErrorMessage": "use lowercase letters, digits and hyphens",
    }
)
def slug(node: yaml.Node, reader: FileReader) -> str | Invalid:
    value = text(node, reader)
    if isinstance(value, str) and not SLUG.fullmatch(value):
        return reader.error(node, f"'{_short(value)}' is not an id: use lowercase letters, digits and hyphens")
    return value


def one_of(choices: tuple[str, ...]) -> Convert:
    """Text that must be one of a few words."""

    def read(node: yaml.Node, reader: FileReader) -> str | Invalid:
        value = text(node, reader)
        if isinstance(value, str) and value not in choices:
            return reader.error(node, f"'{_short(value)}' is not allowed here: write one of {', '.join(choices)}")
        return value

    return accepts(lambda: {"enum": list(choices)})(read)


def list_of(convert: Convert, most: int, what: str) -> Convert:
    """A YAML list of at most `most` items, each read by `convert` and kept with its position."""

    def read(node: yaml.Node, reader: FileReader) -> tuple[Located, ...] | Invalid:
        if not isinstance(node, yaml.SequenceNode):
            return reader.error(node, f"expected a list (like [a, b] or '- a' lines), found {_kind(node)}")
        if len(node.value) > most:
            return reader.error(
                node, f"{len(node.value):,} {what} listed here; at most {most} are allowed: keep those that matter most"
            )
        items = ((item, convert(item, reader)) for item in node.value)
        return tuple(_located(item, value) for item, value in items if value is not INVALID)

    return accepts(lambda: {"type": "array", "maxItems": most, "items": json_schema(convert)})(read)


def at_least_one(convert: Convert, message: str) -> Convert:
    """A list read by `convert` that must not be empty; `message` says what to add."""

    def read(node: yaml.Node, reader: FileReader) -> Any:
        if isinstance(node, yaml.SequenceNode) and not node.value:
            return reader.error(node, message)
        return convert(node, reader)

    return accepts(lambda: {**json_schema(convert), "minItems": 1})(read)


def mapping_of(schema: Mapping[str, Key], what: str) -> Convert:
    """A nested mapping read against its own schema."""
    return accepts(lambda: mapping_schema(schema))(lambda node, reader: read_mapping(node, schema, reader, what))


def table_of(convert: Convert, most: int, what: str) -> Convert:
    """A mapping of at most `most` ids (slugs) to values, such as the tag definitions in site.yaml."""

    def read(node: yaml.Node, reader: FileReader) -> dict[str, Located] | Invalid:
        if not isinstance(node, yaml.MappingNode):
            return reader.error(node, f"expected a mapping of {what}, found {_kind(node)}")
        if len(node.value) > most:
            return reader.error(node, f"{len(node.value):,} {what} here; at most {most} are allowed: merge some")
        table: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key = slug(key_node, reader)
            if isinstance(key, Invalid):
                continue
            if key in table:
                reader.error(key_node, f"'{key}' is defined twice: keep one definition")
                continue
            value = convert(value_node, reader)
            if value is not INVALID:
                table[key] = _located(key_node, value)
        return table

    return accepts(
        lambda: {
            "type": "object",
            "maxProperties": most,
            "propertyNames": json_schema(slug),
            "additionalProperties": json_schema(convert),
        }
    )(read)
