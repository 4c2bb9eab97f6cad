"""`new-event`: an event drafted citing a source, its quote checked against the archived article first."""

from pathlib import Path

import pytest

from site_builder import cli
from site_builder.loading.content import load_site

ARTICLES = Path(__file__).parent / "articles"
MEETING = "content/events/2014-11-03-meeting.yaml"  # the tiny site's own event


def new_event(tiny, *arguments: str) -> int:
    return cli.main(["--project", str(tiny.root), "new-event", *arguments])


def check(tiny) -> int:
    return cli.main(["--project", str(tiny.root), "check"])


def events(tiny) -> list[str]:
    return sorted(path.name for path in (tiny.root / "content" / "events").iterdir())


def test_the_drafted_event_passes_check(tiny, capsys):
    quote = "They signed a “trade pact” — the first of its kind."
    assert new_event(tiny, "daily", "Ministers sign a trade pact", "--date", "2014-11-03", "--quote", quote) == 0
    assert "content/events/2014-11-03-ministers-sign-trade-pact.yaml" in capsys.readouterr().out
    assert check(tiny) == 0
    event = next(event for event in load_site(tiny.root).events if event.slug == "2014-11-03-ministers-sign-trade-pact")
    assert (event.title, event.when.start.iso(), event.date_from) == (
        "Ministers sign a trade pact",
        "2014-11-03",
        "article",
    )
    [citation] = event.citations
    assert (citation.source.id, citation.quote) == ("daily", quote)


def test_a_quote_from_a_real_article_passes_check(tiny):
    tiny.write("content/sources/inn.yaml", "title: Delegation\npublisher: Arutz Sheva\narchive: inn.txt\n")
    (tiny.root / "content" / "sources" / "inn.txt").write_bytes(
        (ARTICLES / "inn-2014-11-03-delegation.txt").read_bytes()
    )
    quote = "Israel continues to turn East as Prime Minister's Office Director-General Harel Locker on Monday left"
    assert new_event(tiny, "inn", "Delegation leaves for Japan", "--date", "2014-11-03", "--quote", quote) == 0
    assert check(tiny) == 0


def test_the_event_names_its_schema_and_leaves_the_curators_words_commented(tiny):
    new_event(tiny, "daily", "Ministers meet", "--date", "2014-11", "--quote", "the ministers met in Tokyo")
    lines = (tiny.root / "content/events/2014-11-ministers-meet.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=")
    assert any(line.startswith("summary: Ministers meet  # ") for line in lines)
    assert any(line.startswith("# body: |") for line in lines)
    assert any(line.startswith("# tags: []  # any of: diplomacy, trade") for line in lines)


def test_a_quote_the_article_lacks_is_refused_with_the_closest_passage_and_nothing_written(tiny, capsys):
    assert (
        new_event(tiny, "daily", "Ministers meet", "--date", "2014-11-03", "--quote", "the ministers met in Kyoto") == 2
    )
    error = capsys.readouterr().err
    assert "not found in the archived text of 'daily'" in error
    assert 'the closest passage is "the ministers met in Tokyo. They signed' in error
    assert events(tiny) == ["2014-11-03-meeting.yaml"]


def test_a_quote_differing_only_in_capitals_is_refused_with_that_said(tiny, capsys):
    assert new_event(tiny, "daily", "Ministers meet", "--date", "2014-11-03", "--quote", "The Ministers met") == 2
    assert "matches only if letter case is ignored" in capsys.readouterr().err
    assert events(tiny) == ["2014-11-03-meeting.yaml"]


def test_an_existing_file_is_never_overwritten(tiny, capsys):
    before = (tiny.root / MEETING).read_bytes()
    assert new_event(tiny, "daily", "Meeting", "--date", "2014-11-03", "--quote", "the ministers met in Tokyo") == 2
    assert f"{MEETING} already exists" in capsys.readouterr().err
    assert (tiny.root / MEETING).read_bytes() == before


def test_the_slug_can_be_chosen(tiny):
    assert (
        new_event(tiny, "daily", "Meeting", "--date", "2014-11-03", "--slug", "tokyo-talks", "--quote", "they met") == 2
    )
    assert (
        new_event(tiny, "daily", "Meeting", "--date", "2014-11-03", "--slug", "tokyo-talks", "--quote", "met in Tokyo")
        == 0
    )
    assert "2014-11-03-tokyo-talks.yaml" in events(tiny)


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2014-02-30", "'2014-02-30' is not a real day"),
        ("3 November 2014", "'3 November 2014' is not a date"),
        ("2014-13", "no month 13"),
    ],
)
def test_a_date_the_loader_refuses_is_refused(tiny, capsys, date, message):
    assert new_event(tiny, "daily", "Ministers meet", "--date", date, "--quote", "the ministers met in Tokyo") == 2
    error = capsys.readouterr().err
    assert error.startswith("error: --date: ") and message in error
    assert events(tiny) == ["2014-11-03-meeting.yaml"]


def test_a_year_bce_is_accepted_as_the_loader_accepts_it(tiny):
    assert new_event(tiny, "daily", "Ministers meet", "--date", "-500", "--quote", "the ministers met in Tokyo") == 0
    assert "500-bce-ministers-meet.yaml" in events(tiny)
    assert check(tiny) == 0


def test_an_unknown_source_is_refused_naming_the_closest(tiny, capsys):
    assert new_event(tiny, "dialy", "Ministers meet", "--date", "2014-11-03", "--quote", "the ministers met") == 2
    assert "source 'dialy' is not in content/sources/ (did you mean 'daily'?)" in capsys.readouterr().err
    assert events(tiny) == ["2014-11-03-meeting.yaml"]


def test_a_source_with_problems_of_its_own_is_refused_with_them(tiny, capsys):
    tiny.write("content/sources/daily.yaml", "title: Ministers meet\narchive: daily.txt\n")
    assert new_event(tiny, "daily", "Ministers meet", "--date", "2014-11-03", "--quote", "the ministers met") == 1
    assert "content/sources/daily.yaml:1:1: missing required key 'publisher'" in capsys.readouterr().err
    assert events(tiny) == ["2014-11-03-meeting.yaml"]


def test_without_a_quote_the_draft_leaves_it_to_fill_and_check_says_where(tiny, capsys):
    assert new_event(tiny, "daily", "Ministers meet", "--date", "2014-11-04") == 0
    out = capsys.readouterr().out
    path = tiny.root / "content/events/2014-11-04-ministers-meet.yaml"
    line = len(path.read_text(encoding="utf-8").splitlines())
    assert f"copy the article's words into line {line}" in out
    assert check(tiny) == 1
    assert f"content/events/2014-11-04-ministers-meet.yaml:{line}:" in capsys.readouterr().err


def test_a_title_too_long_for_an_event_is_refused(tiny, capsys):
    assert new_event(tiny, "daily", "word " * 100, "--date", "2014-11-03", "--quote", "the ministers met") == 2
    assert "TITLE: " in capsys.readouterr().err
