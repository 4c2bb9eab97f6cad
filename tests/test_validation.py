"""Each content rule, shown by the smallest site that breaks it: the message, the file and the line.

Rules shown by a case in tests/bad_content/ are not repeated here.
"""

import pytest

from site_builder.errors import ContentError
from site_builder.loading.content import load_site

EVENT = "content/events/2014-11-03-meeting.yaml"


def problems(tiny) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_site(tiny.root)
    return [str(problem) for problem in caught.value.problems]


def test_the_tiny_site_is_valid(tiny):
    site = load_site(tiny.root)
    assert [event.slug for event in site.events] == ["2014-11-03-meeting"]


def test_bad_indentation_is_a_yaml_error(tiny):
    tiny.event("2014-11-03-meeting", "title: A\n  date: 2014\nsummary: B\n")
    [problem] = problems(tiny)
    assert problem.startswith(f"{EVENT}:2:7: invalid YAML: mapping values are not allowed")


def test_missing_required_fields(tiny):
    tiny.event("2014-11-03-meeting", "title: Ministers meet\n")
    assert problems(tiny) == [
        f"{EVENT}:1:1: missing required key 'date' in an event: add 'date: …'",
        f"{EVENT}:1:1: missing required key 'sources' in an event: add 'sources: …'",
        f"{EVENT}:1:1: missing required key 'summary' in an event: add 'summary: …'",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("tags: trade", "2:7: expected a list (like [a, b] or '- a' lines), found the value 'trade'"),
        ("people: {name: x}", "2:9: expected a list (like [a, b] or '- a' lines), found a mapping"),
        ("end: [2014]", "2:6: expected a date (YYYY, YYYY-MM or YYYY-MM-DD), found a list"),
    ],
)
def test_wrong_types(tiny, line, expected):
    tiny.event(
        "2014-11-03-meeting",
        f"""\
        summary: The ministers met.
        {line}
        date: 2014-11-03
        sources: [{{source: daily, quote: "the ministers met"}}]
        """,
    )
    found = problems(tiny)
    assert f"{EVENT}:{expected}" in found


def test_duplicate_event_slugs_with_yaml_and_yml(tiny):
    tiny.write("content/events/2014-11-03-meeting.yml", (tiny.root / EVENT).read_text())
    assert problems(tiny) == [
        "content/events/2014-11-03-meeting.yml:1:1: duplicate event id '2014-11-03-meeting': "
        f"{EVENT} has the same name (ids are compared ignoring case); rename one of them"
    ]


@pytest.mark.parametrize("url", ["example.org/a", "https://"])
def test_url_that_is_not_http(tiny, url):
    tiny.write("content/sources/daily.yaml", f"publisher: The Daily Test\nurl: {url}\narchive: daily.txt\n")
    assert problems(tiny) == [
        f"content/sources/daily.yaml:2:6: '{url}' is not a web address: write a full http:// or https:// URL"
    ]


def test_quote_matches_across_whitespace_and_typographic_quotes_and_dashes(tiny):
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        date: 2014-11-03
        summary: The ministers met.
        sources:
          - source: daily
            quote: 'They signed a "trade   pact" -- the first'
        """,
    )
    with pytest.raises(ContentError):  # a double hyphen is not a dash
        load_site(tiny.root)
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        date: 2014-11-03
        summary: The ministers met.
        sources:
          - source: daily
            quote: 'They signed a "trade
              pact" – the first'
        """,
    )
    assert load_site(tiny.root).events[0].citations[0].quote.startswith("They signed")


def test_undefined_tag_in_site_yaml_is_suggested(tiny):
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        date: 2014-11-03
        summary: The ministers met.
        tags: [trades]
        sources: [{source: daily, quote: "the ministers met"}]
        """,
    )
    assert problems(tiny) == [
        f"{EVENT}:4:8: tag 'trades' is not defined in content/site.yaml under 'tags:' (did you mean 'trade'?)"
    ]


def test_every_problem_in_every_file_is_reported_in_one_run(tiny):
    tiny.event("2014-11-03-meeting", "title: Ministers meet\ndate: 2014-02-30\nsumary: x\nsources: []\n")
    tiny.event("2015-other", "title: [x]\n")
    tiny.write("content/site.yaml", "title: Test\ntagz: {}\n")
    with pytest.raises(ContentError) as caught:
        load_site(tiny.root)
    error = caught.value
    assert len({p.path for p in error.problems}) == 3
    assert len(error.problems) == 9
    assert error.report().endswith("9 problems in 3 files.")


def test_values_are_read_as_written_not_as_yaml_types(tiny):
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: 2020
        date: 2014
        summary: yes
        sources: [{source: daily, quote: "the ministers met"}]
        """,
    )
    [event] = load_site(tiny.root).events
    assert (event.title, event.summary, event.when.start.iso()) == ("2020", "yes", "2014")


@pytest.mark.parametrize("name", ["#2014-11-04-draft.yaml", ".#2014-11-04-draft.yaml", ".2014-11-04-draft.yaml"])
def test_editor_litter_beside_the_events_is_not_read(tiny, name):
    tiny.write(f"content/events/{name}", "title: [not, even, valid\n")
    assert [event.slug for event in load_site(tiny.root).events] == ["2014-11-03-meeting"]


def test_a_quote_of_a_source_without_archive_is_a_located_warning(tiny):
    tiny.write("content/sources/daily.yaml", "publisher: The Daily Test\n")
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        date: 2014-11-03
        summary: The ministers met.
        tags: [trade]
        sources:
          - source: daily
            quote: "the ministers met"
        """,
    )
    warnings = load_site(tiny.root).warnings
    assert f"{EVENT}:7:12: quote not verified: source 'daily' has no archived text" in map(str, warnings)


def test_a_tag_no_event_uses_is_a_warning_at_its_definition(tiny):
    tiny.write(
        "content/site.yaml",
        """\
        title: Test Timeline
        tags:
          trade: {label: Trade}
          unused:
            label: Unused
        """,
    )
    [warning] = load_site(tiny.root).warnings
    assert str(warning) == "content/site.yaml:4:3: tag 'unused' is defined but no event uses it"
    assert warning.severity == "warning"


def test_a_source_no_event_cites_is_a_warning_at_its_file(tiny):
    tiny.write("content/sources/weekly.yml", "publisher: The Weekly Test\n")
    warnings = load_site(tiny.root).warnings
    assert "content/sources/weekly.yml:1:1: no event cites this source" in map(str, warnings)
    assert {warning.severity for warning in warnings} == {"warning"}
