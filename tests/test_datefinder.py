"""The date finder: every date expression in an article, resolved against its publication date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.cli import main
from site_builder.curate.datewords import DateMention, find_dates
from site_builder.loading.dates import PartialDate

ARTICLES = Path(__file__).parent / "articles"


def found(mentions: tuple[DateMention, ...]) -> set[tuple[int, str, str | None, str]]:
    return {(mention.line, mention.expression, mention.iso, mention.kind) for mention in mentions}


# Every happening in each archived article, with its date words and what they resolve to, read off
# the article by hand: (line, expression as written, ISO date or range or None, kind). The publication
# dates are the sources' (content/sources/*.yaml, seeds/PROVENANCE.md), written here so a curator's
# edit to content/ never changes what these tests expect.
HAPPENINGS = {
    "inn-2014-11-03-delegation": (
        PartialDate(2014, 11, 3),  # a Monday
        {
            (1, "04/11/2014", "2014-11-04", "inferred"),  # the republisher's date line: 4 Nov, day first
            (3, "5-day visit", "2014-11-03/2014-11-07", "inferred"),  # "sets out": from publication
            (4, "11/3/2014", "2014-11-03", "inferred"),  # the byline: month first, as US bylines write it
            (5, "on Monday", "2014-11-03", "inferred"),  # "left"
            (6, "will last 5 days", "2014-11-03/2014-11-07", "inferred"),  # from the Monday it left
            (6, "May", "2014-05", "inferred"),  # "Netanyahu's May visit"
            (6, "in July", "2014-07", "inferred"),  # the R&D agreement's signing
            (6, "last month", "2014-10", "inferred"),  # the Deputy Foreign Minister's visit
            (7, "on Monday", "2014-11-03", "inferred"),
            (7, "2020", "2020", "stated"),  # "the 2020 Tokyo Olympics"
            (9, "recently", None, "vague"),  # the anime campaign
            (12, "recent", None, "vague"),  # Rakuten's "recent purchase" of Viber
            (12, "last week", "2014-10-27/2014-11-02", "inferred"),  # Kurita "reported last week"
            (13, "the first half of 2014", "2014-01/2014-06", "stated"),
            (13, "2013", "2013", "stated"),
        },
    ),
    "jpost-2017-05-03-economic-cyber-agreements": (
        PartialDate(2017, 5, 3),  # a Wednesday
        {
            (8, "on Wednesday", "2017-05-03", "inferred"),  # the ministers "signed"
            (11, "2020", "2020", "stated"),
            (14, "2016", "2016", "stated"),  # the trade volume "in 2016"
        },
    ),
    "glance-2026-01-lawmakers-delegation": (
        PartialDate(2026, 1),  # known only to the month
        {
            (2, "recently", None, "vague"),  # the delegation "recently visited Israel"
            (3, "scheduled", None, "vague"),  # Motegi's "scheduled visit"
        },
    ),
    "uwi-2017-12-25-japan-strengthens-ties": (
        PartialDate(2017, 12, 25),  # a Monday
        {
            (7, "Dec. 25, 2017", "2017-12-25", "stated"),  # the photo caption
            (9, "Just days after", None, "vague"),
            (12, "Five days after", "2017-12-20", "inferred"),  # the UN vote: five days before the Monday
            (12, "on Monday", "2017-12-25", "inferred"),  # Netanyahu "hosted" Kono
            (18, "the past three years", "2014-12/2017-12", "inferred"),
            (20, "Earlier in the day", "2017-12-25", "inferred"),  # Kono met Rivlin the same Monday
            (26, "in recent years", None, "vague"),
            (26, "the last three years", "2014-12/2017-12", "inferred"),
            (30, "in the near future", None, "vague"),  # the hoped-for direct flights
        },
    ),
    "jns-2022-08-30-defense-agreement": (
        PartialDate(2022, 8, 30),  # a Tuesday
        {
            (5, "on Tuesday", "2022-08-30", "inferred"),  # the memorandum "signed"
            (9, "70th anniversary", "1952", "inferred"),  # diplomatic relations established
            (11, "the past decade", "2012-08/2022-08", "inferred"),
            (17, "on Monday", "2022-08-29", "inferred"),  # Gantz "arrived"
        },
    ),
}


@pytest.mark.parametrize("source_id", sorted(HAPPENINGS))
def test_every_happening_in_the_article_is_found(source_id: str) -> None:
    published, expected = HAPPENINGS[source_id]
    text = (ARTICLES / f"{source_id}.txt").read_text(encoding="utf-8")
    assert expected <= found(find_dates(text, published))


def test_the_article_copies_are_all_covered() -> None:
    assert {path.stem for path in ARTICLES.glob("*.txt")} == set(HAPPENINGS)


@pytest.mark.parametrize("source_id", sorted(HAPPENINGS))
def test_mentions_come_in_reading_order(source_id: str) -> None:
    published, _ = HAPPENINGS[source_id]
    mentions = find_dates((ARTICLES / f"{source_id}.txt").read_text(encoding="utf-8"), published)
    lines = [mention.line for mention in mentions]
    assert lines == sorted(lines)


# --- Each kind of expression, on the smallest sentence that shows it -----------------------------------------------

WEDNESDAY = PartialDate(2014, 11, 5)  # the publication date the relative examples count from


def only(text: str, published: PartialDate | None = WEDNESDAY) -> DateMention:
    mentions = find_dates(text, published)
    assert len(mentions) == 1, mentions
    return mentions[0]


def resolved(text: str, published: PartialDate | None = WEDNESDAY) -> tuple[str, str | None, str]:
    mention = only(text, published)
    return mention.expression, mention.iso, mention.kind


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The pact was signed on March 3, 2019.", ("March 3, 2019", "2019-03-03", "stated")),
        ("The pact was signed on 3 March 2019.", ("3 March 2019", "2019-03-03", "stated")),
        ("The pact was signed on the 3rd of March, 2019.", ("the 3rd of March, 2019", "2019-03-03", "stated")),
        ("Kono in Jerusalem, Dec. 25, 2017.", ("Dec. 25, 2017", "2017-12-25", "stated")),
        ("Sales fell in April 2020.", ("April 2020", "2020-04", "stated")),
        ("Trade doubled in 2016.", ("2016", "2016", "stated")),
        ("It was signed on 2014-11-03.", ("2014-11-03", "2014-11-03", "stated")),
        ("Exports rose in the first half of 2014.", ("the first half of 2014", "2014-01/2014-06", "stated")),
        ("Exports rose in the third quarter of 2014.", ("the third quarter of 2014", "2014-07/2014-09", "stated")),
        ("Exports rose in Q4 2014.", ("Q4 2014", "2014-10/2014-12", "stated")),
        ("Ties grew in the 1990s.", ("the 1990s", "1990/1999", "stated")),
        ("Ties grew from 2014 to 2016.", ("from 2014 to 2016", "2014/2016", "stated")),
        ("The minister visited on 1–5 May 2017.", ("1–5 May 2017", "2017-05-01/2017-05-05", "stated")),
        ("Help came in mid-2014.", ("mid-2014", "2014", "stated")),
        ("It prepares for the 2020 Tokyo Olympics.", ("2020", "2020", "stated")),
    ],
)
def test_an_absolute_date_resolves_as_written(sentence: str, expected: tuple[str, str, str]) -> None:
    assert resolved(sentence) == expected


def test_an_absolute_date_needs_no_publication_date() -> None:
    assert resolved("The pact was signed on March 3, 2019.", None) == ("March 3, 2019", "2019-03-03", "stated")


def test_a_weekday_before_a_full_date_is_part_of_it() -> None:
    assert resolved("They met on Monday, March 3, 2019.") == ("Monday, March 3, 2019", "2019-03-03", "stated")


def test_a_numeric_date_that_reads_one_way_only_says_which() -> None:
    mention = only("Filed 27/12/2019.", None)
    assert (mention.iso, mention.kind) == ("2019-12-27", "stated")
    assert "day first" in mention.reason


def test_a_numeric_date_that_reads_both_ways_takes_the_reading_nearer_publication() -> None:
    mention = only("By Ari Yashar 11/3/2014, 1:02 PM")
    assert (mention.iso, mention.kind) == ("2014-11-03", "inferred")
    assert "month first" in mention.reason and "11 March 2014" in mention.reason


def test_a_numeric_date_that_reads_both_ways_without_publication_is_left_open() -> None:
    mention = only("By Ari Yashar 11/3/2014, 1:02 PM", None)
    assert (mention.iso, mention.kind) == (None, "unresolved")
    assert "3 November 2014" in mention.reason and "11 March 2014" in mention.reason


def test_a_day_that_does_not_exist_is_listed_unresolved() -> None:
    assert resolved("It was signed on February 30, 2019.") == ("February 30, 2019", None, "unresolved")


@pytest.mark.parametrize(
    "sentence",
    [
        "Both countries may also explore joint initiatives.",
        "May the talks succeed.",
        "Protesters will march on the capital.",
        "The deal was worth $2016 million, and 2016 people came; imports rose 12%.",
        "It ended at $954 million as opposed to $856 million.",
        "PM Netanyahu at 1:02 PM",
    ],
)
def test_words_and_numbers_that_are_not_dates_are_not_listed(sentence: str) -> None:
    assert find_dates(sentence, WEDNESDAY) == ()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The minister left on Monday.", ("on Monday", "2014-11-03")),
        ("The minister will leave on Monday.", ("on Monday", "2014-11-10")),
        ("The minister arrived on Wednesday.", ("on Wednesday", "2014-11-05")),
        ("They meet again next Wednesday.", ("next Wednesday", "2014-11-12")),
        ("They met last Wednesday.", ("last Wednesday", "2014-10-29")),
        ("Talks open today.", ("today", "2014-11-05")),
        ("Talks opened yesterday.", ("yesterday", "2014-11-04")),
        ("Talks open tomorrow.", ("tomorrow", "2014-11-06")),
        ("It was reported last week.", ("last week", "2014-10-27/2014-11-02")),
        ("Talks continue this month.", ("this month", "2014-11")),
        ("The envoy visited last month.", ("last month", "2014-10")),
        ("Trade grew last year.", ("last year", "2013")),
        ("Trade will grow next year.", ("next year", "2015")),
        ("The deal was signed in July.", ("in July", "2014-07")),
        ("The deal will be signed in July.", ("in July", "2015-07")),
        ("The deal was signed in November.", ("in November", "2014-11")),
        ("Netanyahu's May visit was a success.", ("May", "2014-05")),
        ("It was signed on March 3.", ("March 3", "2014-03-03")),
        ("It will be signed on March 3.", ("March 3", "2015-03-03")),
        ("Investment doubled in the past three years.", ("the past three years", "2011-11/2014-11")),
        ("No minister came over the past decade.", ("the past decade", "2004-11/2014-11")),
        ("They met two weeks ago.", ("two weeks ago", "2014-10-20/2014-10-26")),
        ("They met three years ago.", ("three years ago", "2011")),
        ("The signing marks the 70th anniversary of relations.", ("70th anniversary", "1944")),
        ("A 3-day conference opens in Tokyo.", ("3-day conference", "2014-11-05/2014-11-07")),
    ],
)
def test_a_relative_date_resolves_against_publication_and_is_inferred(sentence: str, expected: tuple[str, str]) -> None:
    assert resolved(sentence) == (*expected, "inferred")


def test_a_weekday_says_how_it_was_resolved() -> None:
    assert only("The minister left on Monday.").reason == (
        "the Monday before publication on 5 November 2014; past tense"
    )


def test_an_offset_from_a_written_date_is_one_expression() -> None:
    expected = ("five days after 3 March 2019", "2019-03-08", "stated")
    assert resolved("The treaty took effect five days after 3 March 2019.") == expected


def test_an_offset_from_an_undated_happening_dates_it_from_the_sentences_other_date() -> None:
    mentions = find_dates("Five days after the vote, the minister arrived on Monday.", WEDNESDAY)
    assert found(mentions) == {
        (1, "Five days after", "2014-10-29", "inferred"),  # the vote: five days before Monday 3 November
        (1, "on Monday", "2014-11-03", "inferred"),
    }


def test_an_offset_from_an_undated_happening_alone_is_unresolved() -> None:
    assert resolved("Five days after the vote, the minister arrived.") == ("Five days after", None, "unresolved")


def test_a_later_offset_counts_from_the_date_read_last() -> None:
    mentions = find_dates("They met on 3 March 2019. Two days later they signed.", WEDNESDAY)
    assert (1, "Two days later", "2019-03-05", "inferred") in found(mentions)


def test_earlier_in_the_day_is_the_day_read_last() -> None:
    mentions = find_dates("Kono met Netanyahu on Monday.\n\nEarlier in the day Kono met Rivlin.", WEDNESDAY)
    assert (3, "Earlier in the day", "2014-11-03", "inferred") in found(mentions)


def test_a_duration_counts_from_the_day_written_before_it() -> None:
    mentions = find_dates("The delegation left on Monday.\nThe visit will last 5 days.", WEDNESDAY)
    assert (2, "will last 5 days", "2014-11-03/2014-11-07", "inferred") in found(mentions)


@pytest.mark.parametrize(
    "sentence", ["The embassy recently opened a campaign.", "A visit is scheduled.", "Flights may start soon."]
)
def test_a_vague_expression_is_listed_without_a_date(sentence: str) -> None:
    mention = only(sentence)
    assert (mention.iso, mention.kind) == (None, "vague")
    assert "5 November 2014" in mention.reason


def test_without_a_publication_date_a_relative_date_is_unresolved_and_says_why() -> None:
    mention = only("The minister left on Monday.", None)
    assert (mention.iso, mention.kind) == (None, "unresolved")
    assert "publication date" in mention.reason


def test_a_relative_date_needing_more_than_the_publication_gives_is_unresolved() -> None:
    mention = only("The minister left on Monday.", PartialDate(2026, 1))
    assert (mention.iso, mention.kind) == (None, "unresolved")
    assert "January 2026" in mention.reason


def test_a_relative_date_resolves_at_the_precision_the_publication_gives() -> None:
    assert resolved("The envoy visited last month.", PartialDate(2026, 1)) == ("last month", "2025-12", "inferred")
    assert resolved("Trade grew last year.", PartialDate(2026)) == ("last year", "2025", "inferred")


def test_a_line_number_counts_every_line_of_the_text_blank_ones_included() -> None:
    assert only("Headline\n\n\nThe minister left on Monday.\n").line == 4


def test_a_sentence_carried_onto_the_next_line_is_read_whole() -> None:
    mention = only("The delegation visited Israel's security\nand met the minister on Monday.")
    assert (mention.line, mention.sentence) == (
        2,
        "The delegation visited Israel's security and met the minister on Monday.",
    )


def test_an_abbreviated_month_does_not_end_the_sentence() -> None:
    assert only("Netanyahu meets Kono in Jerusalem, Dec. 25, 2017. Then lunch.").sentence == (
        "Netanyahu meets Kono in Jerusalem, Dec. 25, 2017."
    )


def test_a_long_sentence_is_cut_around_the_expression() -> None:
    sentence = "Word " * 40 + "the minister left on Monday and " + "then " * 40 + "went home."
    shown = only(sentence).sentence
    assert "on Monday" in shown
    assert shown.startswith("…") and shown.endswith("…")
    assert len(shown) <= 162


def test_text_without_dates_gives_nothing() -> None:
    assert find_dates("X\nX\n\n", WEDNESDAY) == ()


DATE_WORDS = (
    "on Monday",
    "last week",
    "3 March 2019",
    "Feb. 29",
    "February 30, 2019",
    "11/3/2014",
    "13/13/2014",
    "five days after",
    "Two days later",
    "the following day",
    "Earlier in the day",
    "3000th anniversary",
    "will last 5 days",
    "0-day visit",
    "the past decade",
    "the past years",
    "the 1990s",
    "2016-2014",
    "H3 2014",
    "9999-12-31",
    "0001-01-01",
    "in July",
    "May",
    "recently",
    "yesterday",
    "a few days ago",
    "9000 years after",
)
PUBLICATIONS = (
    None,
    WEDNESDAY,
    PartialDate(2026, 1),
    PartialDate(1300),
    PartialDate(9999, 12, 31),
    PartialDate(1, 1, 1),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(DATE_WORDS), st.sampled_from((" ", ".\n", ", ", "\n\nand ")), st.text())),
    st.sampled_from(PUBLICATIONS),
)
def test_any_text_gives_dates_in_reading_order_at_real_lines(pieces: list[str], published: PartialDate | None) -> None:
    text = " ".join(pieces)
    mentions = find_dates(text, published)
    lines = [mention.line for mention in mentions]
    assert lines == sorted(lines)
    assert all(1 <= line <= len(text.splitlines()) for line in lines)


# --- The command ---------------------------------------------------------------------------------------------------


def tiny_project(root: Path, source: str, archive: str | None = "The ministers met on Monday.\n") -> Path:
    sources = root / "content" / "sources"
    sources.mkdir(parents=True)
    (sources / "daily.yaml").write_text(source, encoding="utf-8")
    if archive is not None:
        (sources / "daily.txt").write_text(archive, encoding="utf-8")
    return root


DAILY = "publisher: The Daily Test\npublished: 2014-11-05\narchive: daily.txt\n"


def test_dates_lists_each_date_with_its_line_resolution_and_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tiny_project(tmp_path, DAILY, "Headline\n\nThe ministers met on Monday.\n")
    assert main(["--project", str(root), "dates", "daily"]) == 0
    out = capsys.readouterr().out
    assert "Published 5 November 2014" in out
    assert "3  on Monday → 2014-11-03 (inferred: the Monday before publication on 5 November 2014; past tense)\n" in out
    assert "\n   The ministers met on Monday.\n" in out


def test_dates_json_gives_every_field_for_tools(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tiny_project(tmp_path, DAILY)
    assert main(["--project", str(root), "dates", "daily", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["source"], data["published"], data["published_circa"]) == ("daily", "2014-11-05", False)
    assert data["dates"] == [
        {
            "line": 1,
            "expression": "on Monday",
            "sentence": "The ministers met on Monday.",
            "kind": "inferred",
            "iso": "2014-11-03",
            "human": "3 November 2014",
            "reason": "the Monday before publication on 5 November 2014; past tense",
        }
    ]


def test_dates_of_an_unknown_source_names_the_sources_there_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tiny_project(tmp_path, DAILY)
    assert main(["--project", str(root), "dates", "weekly"]) == 2
    assert "no source 'weekly' in content/sources/: the sources are: daily" in capsys.readouterr().err


def test_dates_refuses_a_source_id_that_is_a_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tiny_project(tmp_path, DAILY)
    (root / "content" / "outside.yaml").write_text(DAILY, encoding="utf-8")
    assert main(["--project", str(root), "dates", "../outside"]) == 2
    assert "no source '../outside'" in capsys.readouterr().err


def test_dates_without_a_publication_date_lists_relative_dates_unresolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tiny_project(tmp_path, "publisher: The Daily Test\narchive: daily.txt\n")
    assert main(["--project", str(root), "dates", "daily"]) == 0
    out = capsys.readouterr().out
    assert "The source gives no publication date" in out
    assert "on Monday → no date (unresolved: relative to the publication date, which the source does not give)" in out


def test_dates_of_a_source_without_an_archive_says_how_to_add_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tiny_project(tmp_path, "publisher: The Daily Test\npublished: 2014-11-05\n", archive=None)
    assert main(["--project", str(root), "dates", "daily"]) == 2
    assert "has no archived text" in capsys.readouterr().err


def test_dates_of_a_broken_source_reports_its_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tiny_project(tmp_path, DAILY + "pubished: 2014\n")
    assert main(["--project", str(root), "dates", "daily"]) == 1
    assert "content/sources/daily.yaml:4:1: unknown key 'pubished'" in capsys.readouterr().err


def test_dates_outside_a_site_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(tmp_path), "dates", "daily"]) == 2
    assert "content not found" in capsys.readouterr().err
