"""Fuzzing the loader: whatever a content file holds or is named, the answer is a site or located problems.

Never an uncaught exception, never a hang: each example has a deadline. Problems are printable
text, whatever bytes a file name holds.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.errors import ContentError
from site_builder.loading.content import load_site

from conftest import EVENT_YAML, SOURCE_YAML, TinySite

EXAMPLES = settings(
    max_examples=300,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples every run: a red test means a real regression
)
KEYS = [
    "title",
    "date",
    "end",
    "circa",
    "summary",
    "body",
    "note",
    "tags",
    "people",
    "places",
    "sources",
    "importance",
    "source",
    "quote",
    "publisher",
    "archive",
    "url",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.dates().map(str),
    st.text(max_size=40),
    st.sampled_from(
        [
            "2014",
            "2014-11",
            "2014-11-03",
            "2017-02-30",
            "trade",
            "daily",
            "the ministers met",
            "http://x",
            "javascript:x",
            "major",
        ]
    ),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=10)), children, max_size=8),
    ),
    max_leaves=30,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> TinySite:
    return TinySite(tmp_path_factory.mktemp("fuzz"))


def loads_or_reports(site: TinySite, relative: str, data: bytes) -> None:
    target: Path = site.root / relative
    original = target.read_bytes() if target.exists() else None
    target.write_bytes(data)
    try:
        load_site(site.root)
    except ContentError as error:
        assert error.problems and all(p.line >= 1 and p.column >= 1 and p.path for p in error.problems)
    finally:
        if original is None:
            target.unlink()
        else:
            target.write_bytes(original)


@EXAMPLES
@given(document=documents)
def test_any_yaml_document_as_an_event(site, document):
    text = yaml.safe_dump(document, allow_unicode=True)
    loads_or_reports(site, "content/events/2014-11-03-meeting.yaml", text.encode())


@EXAMPLES
@given(document=documents)
def test_any_yaml_document_as_a_source_or_site_yaml(site, document):
    text = yaml.safe_dump(document, allow_unicode=True).encode()
    loads_or_reports(site, "content/sources/daily.yaml", text)
    loads_or_reports(site, "content/site.yaml", text)


@EXAMPLES
@given(data=st.binary(max_size=400))
def test_any_bytes_as_an_event(site, data):
    loads_or_reports(site, "content/events/2014-11-03-meeting.yaml", data)


@EXAMPLES
@given(text=st.text(alphabet=st.sampled_from(list("ab:- \t\n\"'[]{}&*!|>#%@`,?~\\0123456789")), max_size=200))
def test_any_yaml_punctuation_as_an_event(site, text):
    loads_or_reports(site, "content/events/2014-11-03-meeting.yaml", text.encode())


# Names as a file system may hold them: any bytes but "/" and NUL, up to its 255-byte limit.
name_bytes = st.one_of(
    st.binary(min_size=1, max_size=120),
    st.text(min_size=1, max_size=60).map(lambda text: text.encode("utf-8", "surrogateescape")),
    st.sampled_from([b"2014-11-04-visit", b"Visit", b"a.b", b"..x", b"-", b"x" * 240, b"caf\xe9", b"\x1b[31mred"]),
)
suffixes = st.sampled_from([b".yaml", b".yml", b".YAML", b".Yml", b"", b".yaml~", b".txt", b".yaml.yaml", b". yaml"])
file_names = st.builds(bytes.__add__, name_bytes, suffixes).filter(
    lambda name: b"/" not in name and b"\0" not in name and name not in (b".", b"..") and len(name) <= 255
)


@EXAMPLES
@given(name=file_names, folder=st.sampled_from(["events", "sources"]))
def test_any_file_name_in_events_or_sources(site, name, folder):
    path = os.path.join(os.fsencode(site.root / "content" / folder), name)
    if os.path.lexists(path):
        return  # a name the tiny site already uses
    with open(path, "w", encoding="utf-8") as file:
        file.write(EVENT_YAML if folder == "events" else SOURCE_YAML)
    try:
        load_site(site.root)
    except ContentError as error:
        for problem in error.problems:
            assert str(problem).isprintable(), repr(str(problem))
            str(problem).encode("utf-8")
    finally:
        os.unlink(path)
