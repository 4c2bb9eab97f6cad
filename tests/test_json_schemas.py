"""The JSON Schemas editors check content files with agree with the build's own validation.

Files are read here as an editor's YAML 1.2 parser reads them (yaml-language-server): `2014-11-03`
is a string, `2014` a number, `yes` a word, and a repeated key is an error.
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import pytest
import yaml
from test_bad_content import CASES, lay_out, outcome, parse_case

from site_builder import schemas
from site_builder.loading.content import load_site
from site_builder.loading.schema import EVENT_SCHEMA, SITE_SCHEMA, SOURCE_SCHEMA
from site_builder.schemas import KINDS, MODELINE_PREFIX, PACKAGE_SCHEMAS, ensure_schemas, modeline, schema_name
from site_builder.schemas.generate import schema_text

from conftest import REPO

# Bad-content cases whose problem no schema of one file's values can see, each with the reason.
# Every other case must be refused by an editor too; a case listed here must be one it accepts.
INEXPRESSIBLE = {
    "10-end-with-other-precision": "compares the precision of two fields, date and end",
    "11-impossible-day": "how many days a month has depends on the month and the year",
    "13-end-before-start": "compares two dates",
    "19-undefined-tag": "the defined tags are in another file, site.yaml",
    "22-undefined-source": "the sources are other files",
    "26-quote-not-in-archive": "the archived text is another file",
    "27-quote-differs-only-in-case": "the archived text is another file",
    "29-archive-missing": "about the archived file, not the YAML",
    "30-archive-outside-content": "where the archived file lies, not the YAML",
    "33-slug-with-capitals-and-spaces": "the file's name, not its contents",
    "34-slug-with-dots": "the file's name, not its contents",
    "35-slugs-collide-by-case": "two files' names",
    "37-file-over-one-mebibyte": "the file's size",
    "38-anchors-and-aliases": "anchors are YAML syntax: an editor checks the values they stand for",
    "42-not-utf8": "the file's encoding: an editor decodes the bytes its own way",
    "44-link-outside-content": "where the file lies: a link out of content/",
    "54-uppercase-extension": "the file's name, not its contents",
    "55-archive-over-256-kib": "the archived file's size",
    "57-claim-marker-names-no-citation": "compares the body's markers with the number of citations",
    "59-date-from-reports-without-note": "a rule between two fields (date_from, date_note), checked in events.py",
    "61-end-circa-without-end": "a rule between two fields (end_circa, end), checked in events.py",
    "63-inferred-field-not-given": "a rule between fields (inferred names one the source gives), in sources.py",
    "66-image-file-missing": "about the picture's file",
    "67-image-over-5-mib": "about the picture's file",
    "68-image-that-is-not-an-image": "about the picture's file",
    "71-before-and-after": "a rule between two fields (before, after), checked in events.py",
    "72-before-with-an-end": "a rule between two fields (before/after, end), checked in events.py",
    "73-bce-year-with-a-leading-zero": "an editor reads -0500 as the number -500: the zero it cannot see",
    "75-end-before-start-across-the-era": "compares two dates",
    "76-bce-leap-day": "how many days a month has depends on the month and the year",
    "77-correction-dated-bce": "a correction's date is an ordinary date to the key table; events.py requires a day CE",
}


class EditorLoader(yaml.SafeLoader):
    """YAML 1.2's core schema, as yaml-language-server reads files; PyYAML alone reads YAML 1.1."""

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        for key in keys:
            if keys.count(key) > 1:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", node.start_mark)
        return super().construct_mapping(node, deep=deep)


_CORE_SCHEMA = {
    "bool": (r"true|True|TRUE|false|False|FALSE", lambda text: text.lower() == "true"),
    "int": (
        r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+",
        lambda text: int(text, 0) if text[:2] in ("0o", "0x") else int(text),
    ),
    "float": (
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN",
        lambda text: float(re.sub(r"\.(?=[a-zA-Z])", "", text)),  # .inf and .nan are inf and nan
    ),
    "null": (r"~|null|Null|NULL|", lambda text: None),
}
for _name, (_pattern, _make) in _CORE_SCHEMA.items():
    _tag = f"tag:yaml.org,2002:{_name}"
    EditorLoader.add_implicit_resolver(_tag, re.compile(f"^(?:{_pattern})$"), None)
    EditorLoader.add_constructor(_tag, lambda loader, node, make=_make: make(loader.construct_scalar(node)))


def editor_reads(text: str) -> Any:
    return yaml.load(text, Loader=EditorLoader)


def validator(kind: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads((PACKAGE_SCHEMAS / schema_name(kind)).read_text(encoding="utf-8")))


def kind_of(path: Path, content: Path) -> str:
    folder = path.parent.relative_to(content).as_posix()
    return {".": "site", "sources": "source", "events": "event"}[folder]


def content_files(root: Path) -> list[Path]:
    """Every YAML file of a project's content, as an editor would open it (.YAML too)."""
    content = root / "content"
    found = [content / "site.yaml"] if (content / "site.yaml").exists() else []
    for folder in ("sources", "events"):
        found += sorted(path for path in (content / folder).iterdir() if path.suffix.lower() == ".yaml")
    return found


def editor_problems(path: Path, kind: str) -> list[str]:
    """What an editor reports in the file: YAML errors, then the schema's."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # an editor guesses some encoding and shows the file
    try:
        document = editor_reads(text)
    except yaml.YAMLError as error:
        return [f"YAML: {str(error).splitlines()[0]}"]
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator(kind).iter_errors(document)
    ]


def editor_verdict(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root)}: {problem}"
        for path in content_files(root)
        for problem in editor_problems(path, kind_of(path, root / "content"))
    ]


# The shipped schemas


@pytest.mark.parametrize("kind", KINDS)
def test_the_shipped_schema_is_what_the_key_tables_make(kind):
    shipped = (PACKAGE_SCHEMAS / schema_name(kind)).read_text(encoding="utf-8")
    assert shipped == schema_text(kind), (
        f"{schema_name(kind)} is out of date with site_builder/loading/schema.py: run `python -m site_builder.schemas`"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_the_schema_is_valid_draft_07(kind):
    jsonschema.Draft7Validator.check_schema(json.loads(schema_text(kind)))


@pytest.mark.parametrize("table", [EVENT_SCHEMA, SOURCE_SCHEMA, SITE_SCHEMA], ids=KINDS)
def test_every_key_says_what_it_is_for(table):
    assert [key for key, spec in table.items() if not spec.description] == []


def schema_patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [value for key, value in node.items() if key == "pattern" and isinstance(value, str)] + [
            pattern for key, value in node.items() if key != "pattern" for pattern in schema_patterns(value)
        ]
    if isinstance(node, list):
        return [pattern for item in node for pattern in schema_patterns(item)]
    return []


@pytest.mark.browser
def test_every_pattern_compiles_as_editors_compile_it(page):
    """yaml-language-server runs patterns as JavaScript regexes in Unicode mode, stricter than Python's."""
    patterns = sorted({pattern for kind in KINDS for pattern in schema_patterns(json.loads(schema_text(kind)))})
    assert patterns
    failing = page.evaluate(
        "patterns => patterns.filter(p => { try { new RegExp(p, 'u'); return false } catch (e) { return true } })",
        patterns,
    )
    assert failing == []


# The real content


REAL_FILES = content_files(REPO)


@pytest.mark.parametrize("path", REAL_FILES, ids=[path.name for path in REAL_FILES])
def test_every_real_content_file_validates(path):
    assert editor_problems(path, kind_of(path, REPO / "content")) == []


@pytest.mark.parametrize("path", REAL_FILES, ids=[path.name for path in REAL_FILES])
def test_every_real_content_file_names_its_schema_first(path):
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first.startswith(MODELINE_PREFIX)
    named = path.parent / first.removeprefix(MODELINE_PREFIX)
    assert named.resolve() == PACKAGE_SCHEMAS / schema_name(kind_of(path, REPO / "content"))


# Agreement over the bad-content corpus


def test_every_inexpressible_case_exists():
    assert sorted(set(INEXPRESSIBLE) - {case.stem for case in CASES}) == []


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_an_editor_refuses_what_the_build_refuses(tiny, case):
    lay_out(case, tiny.root)
    loaded = outcome(tiny.root)
    assert loaded == parse_case(case)[1]  # the case's premise, as test_bad_content checks it
    seen = editor_verdict(tiny.root)
    if loaded.startswith("valid: "):
        assert seen == [], "the build accepts this content; the schema must too"
    elif case.stem in INEXPRESSIBLE:
        assert seen == [], f"listed as beyond a schema ({INEXPRESSIBLE[case.stem]}), yet the schema refuses it"
    else:
        assert seen, (
            "the build refuses this content but the schema accepts it: make the converter's JSON Schema "
            "(site_builder/loading/yamldoc.py) refuse it, or list the case in INEXPRESSIBLE with the reason"
        )


# Valid content in every form the build accepts

EVERY_EVENT_KEY = """\
    title: Ministers meet
    date: 2014-11
    end: 2014-12
    circa: false
    end_circa: true
    uncertain: true
    before: false
    after: false
    date_from: inference
    date_note: The article says "last month".
    summary: The ministers met.
    body: |
      The ministers met in Tokyo.[^1]
    note: For readers.
    private_note: For curators.
    corrections:
      - date: 2020-05-01
        text: The place was wrong.
    tags: [trade, diplomacy]
    people: [Ada Lovelace]
    places: [Tokyo]
    importance: major
    sources:
      - source: daily
        quote: "the ministers met in Tokyo"
        discrepancy: Other reports say Osaka.
    images: []
"""
EVERY_SOURCE_KEY = """\
    title: Ministers meet
    publisher: The Daily Test
    author: A. Writer
    published: 2014-11-03
    published_circa: false
    url: https://example.org/ministers-meet
    archived_url: https://web.archive.org/web/2014/https://example.org/ministers-meet
    archive: daily.txt
    inferred: [author, published]
    date_note: From the byline.
    note: For readers.
    private_note: For curators.
"""
EVERY_SITE_KEY = """\
    title: Test Timeline
    subtitle: A test
    description: A timeline for tests.
    language: en-GB
    base_url: https://example.org/repo/
    timeline_page_size: 100
    tags:
      trade:
        label: Trade
        description: Buying and selling.
      diplomacy:
        label: Diplomacy
"""
EVENT = "content/events/2014-11-03-meeting.yaml"
# (file, text): each valid, and each written as an editor reads it differently from PyYAML.
VALID_VARIANTS = {
    "every event key": (EVENT, EVERY_EVENT_KEY),
    "every source key": ("content/sources/daily.yaml", EVERY_SOURCE_KEY),
    "every site key": ("content/site.yaml", EVERY_SITE_KEY),
    "a year as a number": (EVENT, "title: T\ndate: 2014\nsummary: S.\nsources: [{source: daily, quote: Tokyo}]\n"),
    "a year BCE": (EVENT, "title: T\ndate: -500\ncirca: true\nsummary: S.\nsources: [{source: daily, quote: Tokyo}]\n"),
    "a day BCE": (EVENT, "title: T\ndate: -44-03-15\nsummary: S.\nsources: [{source: daily, quote: Tokyo}]\n"),
    "a year with leading zeros": (
        EVENT,
        "title: T\ndate: 0622\nsummary: S.\nsources: [{source: daily, quote: Tokyo}]\n",
    ),
    "a bound": (
        EVENT,
        "title: T\ndate: 1952-03\nbefore: true\nsummary: S.\nsources: [{source: daily, quote: Tokyo}]\n",
    ),
    "YAML 1.1 booleans": (
        EVENT,
        "title: T\ndate: 2014\ncirca: yes\nend_circa: Off\nsummary: S.\nsources: [{source: daily, quote: Tokyo}]\n",
    ),
    "numbers as text": (
        EVENT,
        "title: 1984\ndate: 2014\nsummary: 3.5\npeople: [42]\nsources: [{source: daily, quote: Tokyo}]\n",
    ),
    "a quoted page size": ("content/site.yaml", 'title: T\ntimeline_page_size: "0500"\ntags: {trade: {label: T}}\n'),
    "capitals in a URL's scheme and host": (
        "content/sources/daily.yaml",
        "publisher: P\narchive: daily.txt\nurl: HTTPS://Example.org/a\narchived_url: https://Web.Archive.org/web/1/x\n",
    ),
}


@pytest.mark.parametrize("variant", VALID_VARIANTS)
def test_an_editor_accepts_what_the_build_accepts(tiny, variant):
    relative, text = VALID_VARIANTS[variant]
    tiny.write(relative, text)
    load_site(tiny.root)  # raises if the build refuses it
    assert editor_verdict(tiny.root) == []


def test_the_every_key_variants_use_every_key():
    written = {
        kind: set(editor_reads(textwrap.dedent(text)))
        for kind, text in zip(KINDS, (EVERY_EVENT_KEY, EVERY_SOURCE_KEY, EVERY_SITE_KEY), strict=True)
    }
    assert written == {"event": set(EVENT_SCHEMA), "source": set(SOURCE_SCHEMA), "site": set(SITE_SCHEMA)}


# The modeline is a comment: problems keep their lines, one further down


@pytest.mark.parametrize("stem", ["14-unknown-key", "26-quote-not-in-archive", "57-claim-marker-names-no-citation"])
def test_a_modeline_moves_each_problem_one_line_down(tiny, stem):
    case = next(case for case in CASES if case.stem == stem)
    lay_out(case, tiny.root)
    before = outcome(tiny.root).splitlines()
    for path in content_files(tiny.root):
        kind = kind_of(path, tiny.root / "content")
        path.write_text(modeline(kind, path, tiny.root) + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    moved = [re.sub(r"^([^:]+):(\d+):", lambda m: f"{m[1]}:{int(m[2]) + 1}:", line) for line in before]
    assert outcome(tiny.root).splitlines() == moved


# modeline() and ensure_schemas()


def test_the_modeline_names_the_package_schema_from_inside_the_repository():
    line = modeline("event", Path("content/events/2014-11-03-meeting.yaml"), REPO)
    assert line == MODELINE_PREFIX + "../../site_builder/schemas/event.schema.json"


def test_the_modeline_of_site_yaml_is_one_folder_up():
    assert (
        modeline("site", REPO / "content/site.yaml", REPO)
        == MODELINE_PREFIX + "../site_builder/schemas/site.schema.json"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_a_project_outside_the_package_names_its_own_copy(tmp_path, kind):
    file = tmp_path / "content/sources/daily.yaml"
    line = modeline(kind, file, tmp_path)
    assert line == MODELINE_PREFIX + f"../../schemas/{kind}.schema.json"
    assert (file.parent / line.removeprefix(MODELINE_PREFIX)).resolve() == tmp_path.resolve() / "schemas" / schema_name(
        kind
    )


def test_ensure_schemas_copies_each_schema_into_a_project(tmp_path):
    ensure_schemas(tmp_path)
    assert sorted(path.name for path in (tmp_path / "schemas").iterdir()) == sorted(map(schema_name, KINDS))
    for kind in KINDS:
        assert (tmp_path / "schemas" / schema_name(kind)).read_bytes() == (
            PACKAGE_SCHEMAS / schema_name(kind)
        ).read_bytes()


def test_ensure_schemas_replaces_an_outdated_copy_and_leaves_everything_else(tmp_path):
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas/event.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "schemas/notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/site.yaml").write_text("title: Mine\n", encoding="utf-8")
    ensure_schemas(tmp_path)
    assert (tmp_path / "schemas/event.schema.json").read_bytes() == (PACKAGE_SCHEMAS / "event.schema.json").read_bytes()
    assert (tmp_path / "schemas/notes.txt").read_text(encoding="utf-8") == "mine"
    assert [path.name for path in (tmp_path / "content").iterdir()] == ["site.yaml"]
    assert (tmp_path / "content/site.yaml").read_text(encoding="utf-8") == "title: Mine\n"


def test_ensure_schemas_writes_nothing_when_the_package_is_part_of_the_project():
    ensure_schemas(REPO)
    assert not (REPO / "schemas").exists()


def test_a_package_installed_in_the_project_virtual_environment_is_not_the_project_copy(tmp_path, monkeypatch):
    installed = tmp_path / ".venv/lib/python3.11/site-packages/site_builder/schemas"
    shutil.copytree(PACKAGE_SCHEMAS, installed)
    monkeypatch.setattr(schemas, "PACKAGE_SCHEMAS", installed)
    assert (
        modeline("event", tmp_path / "content/events/a.yaml", tmp_path)
        == MODELINE_PREFIX + "../../schemas/event.schema.json"
    )
    ensure_schemas(tmp_path)
    assert (tmp_path / "schemas/event.schema.json").read_bytes() == (installed / "event.schema.json").read_bytes()
