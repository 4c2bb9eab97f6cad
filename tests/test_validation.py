"""Each content rule, shown by the smallest site that breaks it: the message, the file and the line."""

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


def test_yaml_syntax_error_names_the_line(tiny):
    tiny.event("2014-11-03-meeting", 'title: "unclosed\ndate: 2014\n')
    [problem] = problems(tiny)
    assert problem.startswith(f"{EVENT}:3:1: invalid YAML: while scanning a quoted scalar found unexpected end")


def test_bad_indentation_is_a_yaml_error(tiny):
    tiny.event("2014-11-03-meeting", "title: A\n  date: 2014\nsummary: B\n")
    [problem] = problems(tiny)
    assert problem.startswith(f"{EVENT}:2:7: invalid YAML: mapping values are not allowed")


def test_empty_file(tiny):
    tiny.event("2014-11-03-meeting", "")
    assert problems(tiny) == [f"{EVENT}:1:1: the file is empty: write the fields as 'key: value' lines"]


def test_file_that_is_not_a_mapping(tiny):
    tiny.event("2014-11-03-meeting", "- just\n- a list\n")
    assert problems(tiny) == [f"{EVENT}:1:1: an event must be a mapping of 'key: value' lines, not a list"]


def test_unknown_key_suggests_the_closest(tiny):
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        date: 2014-11-03
        sumary: The ministers met.
        sources: [{source: daily, quote: "the ministers met"}]
        """,
    )
    assert problems(tiny) == [
        f"{EVENT}:1:1: missing required key 'summary' in an event: add 'summary: …'",
        f"{EVENT}:3:1: unknown key 'sumary' in an event (did you mean 'summary'?)",
    ]


def test_duplicate_key(tiny):
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        title: Ministers met
        date: 2014-11-03
        summary: The ministers met.
        sources: [{source: daily, quote: "the ministers met"}]
        """,
    )
    assert problems(tiny) == [f"{EVENT}:2:1: duplicate key 'title': keep one of them"]


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
        ("title: [a, b]", "2:8: expected text, found a list"),
        ("circa: maybe", "2:8: expected true or false, found the value 'maybe'"),
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


def test_impossible_date(tiny):
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        date: 2017-02-30
        summary: The ministers met.
        sources: [{source: daily, quote: "the ministers met"}]
        """,
    )
    assert problems(tiny) == [f"{EVENT}:2:7: '2017-02-30' is not a real day: February 2017 has 28 days"]


def test_end_before_start(tiny):
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        date: 2014-11-03
        end: 2014-10-30
        summary: The ministers met.
        sources: [{source: daily, quote: "the ministers met"}]
        """,
    )
    assert problems(tiny) == [
        f"{EVENT}:3:6: the end 2014-10-30 is before the date 2014-11-03: swap them or correct the end"
    ]


def test_citation_of_an_undefined_source(tiny):
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        date: 2014-11-03
        summary: The ministers met.
        sources:
          - source: dialy
            quote: "the ministers met"
        """,
    )
    assert problems(tiny) == [
        f"{EVENT}:5:13: source 'dialy' is not defined in content/sources/ (did you mean 'daily'?)"
    ]


def test_undefined_tag(tiny):
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        date: 2014-11-03
        summary: The ministers met.
        tags: [trade, defence]
        sources: [{source: daily, quote: "the ministers met"}]
        """,
    )
    assert problems(tiny) == [
        f"{EVENT}:4:15: tag 'defence' is not defined in content/site.yaml under 'tags:' (add it there with a "
        "label, or use one of: diplomacy, trade)"
    ]


def test_duplicate_event_slugs_differing_only_in_case(tiny):
    tiny.write("content/events/2014-11-03-Meeting.yaml", (tiny.root / EVENT).read_text())
    assert problems(tiny) == [
        "content/events/2014-11-03-Meeting.yaml:1:1: '2014-11-03-Meeting' is not a valid event id: use lowercase "
        "letters, digits and hyphens, e.g. rename the file to 2014-11-03-meeting.yaml",
        f"{EVENT}:1:1: duplicate event id '2014-11-03-meeting': content/events/2014-11-03-Meeting.yaml has the same "
        "name (ids are compared ignoring case); rename one of them",
    ]


def test_duplicate_event_slugs_with_yaml_and_yml(tiny):
    tiny.write("content/events/2014-11-03-meeting.yml", (tiny.root / EVENT).read_text())
    assert problems(tiny) == [
        "content/events/2014-11-03-meeting.yml:1:1: duplicate event id '2014-11-03-meeting': "
        f"{EVENT} has the same name (ids are compared ignoring case); rename one of them"
    ]


def test_slug_with_invalid_characters(tiny):
    (tiny.root / EVENT).rename(tiny.root / "content/events/Meeting in Tokyo.yaml")
    assert problems(tiny) == [
        "content/events/Meeting in Tokyo.yaml:1:1: 'Meeting in Tokyo' is not a valid event id: use lowercase "
        "letters, digits and hyphens, e.g. rename the file to meeting-in-tokyo.yaml"
    ]


@pytest.mark.parametrize("url", ["ftp://example.org/a", "example.org/a", "javascript:alert(1)", "https://"])
def test_url_that_is_not_http(tiny, url):
    tiny.write("content/sources/daily.yaml", f"publisher: The Daily Test\nurl: {url}\narchive: daily.txt\n")
    assert problems(tiny) == [
        f"content/sources/daily.yaml:2:6: '{url}' is not a web address: write a full http:// or https:// URL"
    ]


def test_event_with_no_citation(tiny):
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        date: 2014-11-03
        summary: The ministers met.
        sources: []
        """,
    )
    assert problems(tiny) == [
        f"{EVENT}:4:10: an event needs at least one citation under 'sources:' (- source: <source id>, quote: \"…\")"
    ]


def test_citation_without_a_quote(tiny):
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        date: 2014-11-03
        summary: The ministers met.
        sources:
          - source: daily
        """,
    )
    assert problems(tiny) == [f"{EVENT}:5:5: missing required key 'quote' in a citation: add 'quote: …'"]


def test_quote_not_in_the_archive_shows_the_closest_passage(tiny):
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        date: 2014-11-03
        summary: The ministers met.
        sources:
          - source: daily
            quote: "the ministers met in Kyoto"
        """,
    )
    assert problems(tiny) == [
        f"{EVENT}:6:12: quote not found in the archived text of 'daily' (content/sources/daily.txt); the closest "
        'passage is "the ministers met in Tokyo. They signed a "trade pact" - the": quote the article word for word'
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


def test_archive_file_missing(tiny):
    (tiny.root / "content/sources/daily.txt").unlink()
    found = problems(tiny)
    assert found[0] == (
        "content/sources/daily.yaml:5:10: archive 'daily.txt' not found: put the article's text at "
        "content/sources/daily.txt"
    )


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
