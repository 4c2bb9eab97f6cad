"""What the loader makes of the trust fields: claim markers, where dates come from, qualified
attribution, discrepancies, corrections and private notes."""

from __future__ import annotations

import dataclasses
import re

import pytest

from site_builder.cli import main
from site_builder.loading.content import load_site
from site_builder.loading.dates import DateSpan, PartialDate
from site_builder.loading.model import Citation, Event, Source
from site_builder.site.markdown import convert_markdown

# The tiny site's archive: "On Monday the ministers met in Tokyo. They signed a “trade pact” — the first of its kind."
TWO_QUOTES = """\
sources:
  - source: daily
    quote: "the ministers met in Tokyo"
  - source: daily
    quote: "They signed a “trade pact” — the first of its kind."
    discrepancy: Other reports call it a memorandum.
"""


def meeting(tiny, extra: str, sources: str = TWO_QUOTES) -> Event:
    tiny.event(
        "2014-11-03-meeting",
        "title: Ministers meet\ndate: 2014-11-03\nsummary: They met.\ntags: [trade, diplomacy]\n" + extra + sources,
    )
    [event] = load_site(tiny.root).events
    return event


def test_each_citation_knows_its_number_and_how_many_claims_rest_on_it(tiny):
    event = meeting(tiny, "body: |\n  They met.[^1] They signed a pact.[^2][^1]\n\n  A pact, again.[^2]\n")
    assert [(c.number, c.claims) for c in event.citations] == [(1, 2), (2, 2)]


def test_a_citation_no_claim_names_has_no_claims(tiny):
    event = meeting(tiny, "body: They met.[^1]\n")
    assert [c.claims for c in event.citations] == [1, 0]


def test_the_discrepancy_stays_with_its_citation(tiny):
    event = meeting(tiny, "")
    assert [c.discrepancy for c in event.citations] == [None, "Other reports call it a memorandum."]


def test_quote_cuts_come_from_the_archived_text(tiny):
    event = meeting(tiny, "")
    fragment, sentence = event.citations
    assert (fragment.cut_before, fragment.cut_after) == (True, False)  # only the full stop is left off
    assert (sentence.cut_before, sentence.cut_after) == (False, False)
    assert fragment.shown() == "…the ministers met in Tokyo"
    assert sentence.shown() == "They signed a ‘trade pact’ — the first of its kind."


def test_a_body_sentence_without_a_marker_is_one_located_warning_per_event(tiny):
    tiny.event(
        "2014-11-03-meeting",
        """\
        title: Ministers meet
        date: 2014-11-03
        summary: They met.
        tags: [trade, diplomacy]
        body: |
          Brig. Gen. A. Smith said so.[^1] Nobody listened.

          The U.S. envoy was there. He left early.[^1]
        sources: [{source: daily, quote: "the ministers met in Tokyo"}]
        """,
    )
    [warning] = load_site(tiny.root).warnings
    assert (warning.path, warning.line, warning.column) == ("content/events/2014-11-03-meeting.yaml", 6, 36)
    assert '2 sentences of the body cite nothing, the first "Nobody listened.…"' in warning.message


def test_a_body_whose_every_sentence_is_marked_warns_of_nothing(tiny):
    meeting(
        tiny, "body: |\n  - They met in Tokyo.[^1]\n  - They signed (a pact).[^2]\n\n  ## Aftermath\n\n  Nothing.[^2]\n"
    )
    assert load_site(tiny.root).warnings == ()


def test_a_numbered_list_item_is_one_sentence_with_its_marker(tiny):
    body = "body: |\n  1. They met in Tokyo.[^1]\n  2. They signed a pact.[^2]\n\n  In 2014. Nothing more.[^2]\n"
    meeting(tiny, body)
    [warning] = load_site(tiny.root).warnings
    assert '1 sentence of the body cites nothing, the first "In 2014.…"' in warning.message


@pytest.mark.parametrize(
    ("date_from", "qualifier"),
    [("article", None), ("inference", "date inferred from the article"), ("other-reports", "dated from other reports")],
)
def test_where_the_date_comes_from_is_said_in_words(tiny, date_from, qualifier):
    event = meeting(tiny, f"date_from: {date_from}\ndate_note: The basis.\n")
    assert (event.date_from, event.date_qualifier(), event.date_note) == (date_from, qualifier, "The basis.")


def test_a_date_says_the_article_states_it_unless_told_otherwise(tiny):
    assert meeting(tiny, "").date_qualifier() is None


def test_only_the_end_can_be_approximate():
    span = DateSpan(PartialDate.parse("2014-11-03"), PartialDate.parse("2014-11-07"), end_circa=True)
    assert span.human() == "3 \N{EN DASH} c. 7 November 2014"
    across_months = DateSpan(PartialDate.parse("2014-10-30"), PartialDate.parse("2014-11-02"), end_circa=True)
    assert across_months.human() == "30 October \N{EN DASH} c. 2 November 2014"


def test_corrections_are_kept_oldest_first(tiny):
    event = meeting(
        tiny,
        "corrections:\n  - {date: 2021-03-04, text: Second.}\n  - {date: 2020-01-02, text: First.}\n",
    )
    assert [(c.date.iso(), c.text) for c in event.corrections] == [("2020-01-02", "First."), ("2021-03-04", "Second.")]


def test_a_private_note_is_read_but_kept_nowhere_in_the_model(tiny):
    tiny.edit("content/sources/daily.yaml", "archive:", "private_note: SECRET-SOURCE-REMARK\narchive:")
    event = meeting(tiny, "private_note: SECRET-EVENT-REMARK\nnote: For readers.\n")
    everything = repr(load_site(tiny.root))
    assert event.note == "For readers."
    assert "SECRET" not in everything
    for model in (Event, Source, Citation):
        assert not any("private" in field.name for field in dataclasses.fields(model))


def test_a_private_note_is_checked_like_any_text(tiny):
    tiny.event(
        "2014-11-03-meeting",
        'title: Ministers meet\ndate: 2014-11-03\nsummary: They met.\nprivate_note: ""\n'
        'sources: [{source: daily, quote: "the ministers met"}]\n',
    )
    with pytest.raises(Exception, match="4:15: expected text, found an empty string"):
        load_site(tiny.root)


def inferred_source(tiny, inferred: str, extra: str = "") -> Source:
    tiny.write(
        "content/sources/daily.yaml",
        f"publisher: The Daily Test\nauthor: Ann Writer\npublished: 2014-11-03\narchive: daily.txt\n"
        f"inferred: [{inferred}]\n{extra}",
    )
    [source] = load_site(tiny.root).sources
    return source


def test_an_inferred_publisher_is_qualified(tiny):
    source = inferred_source(tiny, "publisher")
    assert (source.publisher_shown(), source.byline(), source.published_shown()) == (
        "probably The Daily Test",
        "by Ann Writer",
        "3 November 2014",
    )


def test_an_inferred_author_and_date_are_qualified(tiny):
    source = inferred_source(tiny, "author, published")
    assert (source.publisher_shown(), source.author_shown(), source.byline(), source.published_shown()) == (
        "The Daily Test",
        "probably Ann Writer",
        "probably by Ann Writer",
        "probably 3 November 2014",
    )


def test_an_inferred_approximate_date_reads_as_english(tiny):
    source = inferred_source(tiny, "published", "published_circa: true\n")
    assert source.published_shown() == "probably around 3 November 2014"


def test_the_events_publishers_are_qualified(tiny):
    inferred_source(tiny, "publisher")
    [event] = load_site(tiny.root).events
    assert event.publishers() == ("probably The Daily Test",)


@pytest.mark.parametrize(
    "url",
    [
        "https://web.archive.org/web/20171226000000/https://example.org/story",
        "https://archive.ph/AbCdE",
        "http://archive.today/2017.12.26-000000/https://example.org/story",
    ],
)
def test_an_archived_copy_may_be_in_a_web_archive(tiny, url):
    tiny.edit("content/sources/daily.yaml", "archive:", f"archived_url: {url}\narchive:")
    [source] = load_site(tiny.root).sources
    assert source.archived_url == url


def test_each_claim_marker_becomes_a_numbered_link_to_its_quote_with_its_own_id():
    html = convert_markdown("They met.[^1] They signed.[^1][^2]")
    links = re.findall(r'<a href="#cite-(\d)" id="claim-(\d)-(\d)"[^>]*>(\d)</a>', html)
    assert links == [("1", "1", "1", "1"), ("1", "1", "2", "1"), ("2", "2", "1", "2")]
    assert "[^" not in html


def test_a_body_cannot_forge_marker_html():
    html = convert_markdown('<sup class="claim"><a href="#cite-1" id="claim-1-1">1</a></sup> \x0e1\x0f')
    assert "class=" not in html and "id=" not in html


def test_check_strict_fails_on_a_claim_that_cites_nothing(tiny, capsys):
    meeting(tiny, "body: They met. Then they left.[^1]\n")
    assert main(["--project", str(tiny.root), "check"]) == 0
    assert main(["--project", str(tiny.root), "check", "--strict"]) == 1
    assert '5:7: 1 sentence of the body cites nothing, the first "They met.…"' in capsys.readouterr().err
