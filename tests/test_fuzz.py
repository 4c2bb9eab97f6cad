"""Fuzzing the loader: whatever a content file holds, the answer is a site or located problems.

Never an uncaught exception, never a hang: each example has a deadline.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.errors import ContentError
from site_builder.loading.content import load_site

from conftest import TinySite

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
