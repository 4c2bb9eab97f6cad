"""`add-source`: an article's text archived, and its source YAML drafted from what the text shows, for review."""

from pathlib import Path

import pytest

from site_builder import cli
from site_builder.curate.articles import read_article
from site_builder.curate.yamlwriting import write_new_files
from site_builder.errors import UsageError
from site_builder.loading.content import load_site
from site_builder.loading.sources import MAX_ARCHIVE_BYTES

ARTICLES = Path(__file__).parent / "articles"
# A republished copy as it is found: the republisher's date (day first) above the headline, the
# byline's own date (month first, with a 12-hour clock) below it.
REPUBLISHED = """\
04/11/2014
Official Israeli Delegation Leaves to Solidify Japanese Alliance
5-day visit of leading government and industrial representatives sets out as Japanese trade booms.
By Ari Yashar 11/3/2014, 1:02 PM
Israel continues to turn East as Prime Minister's Office Director-General Harel Locker on Monday left for Japan \
leading a delegation of 30 senior representatives.
"""
PARAGRAPH = (
    "The ministers of the two countries met in the capital on Monday and signed an agreement that both said "
    "would double their trade within five years.\n"
)


def article(top: str) -> str:
    """A small article: the given headline, byline and date lines, then one paragraph."""
    return top + PARAGRAPH


def add_source(project: Path, article_path: Path, *options: str) -> int:
    return cli.main(["--project", str(project), "add-source", str(article_path), *options])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A timeline with no sources yet."""
    root = tmp_path / "site"
    (root / "content" / "sources").mkdir(parents=True)
    (root / "content" / "events").mkdir()
    (root / "content" / "site.yaml").write_text("title: Test Timeline\n", encoding="utf-8")
    return root


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "download" / "article.txt"
    path.parent.mkdir()
    path.write_text(REPUBLISHED, encoding="utf-8")
    return path


def sources(project: Path) -> list[str]:
    return sorted(path.name for path in (project / "content" / "sources").iterdir())


def found(guess) -> tuple[str, int] | None:
    """A guessed value and the line it was read from, or None when nothing was found."""
    return None if guess is None else (guess.value, guess.line)


# What is found in each of the five archived articles.


# The headline, author and date each article shows, with their lines: none of the others has a byline,
# a date line or (the Glance summary) a headline.
@pytest.mark.parametrize(
    ("name", "title", "author", "published"),
    [
        (
            "inn-2014-11-03-delegation",
            ("Official Israeli Delegation Leaves to Solidify Japanese Alliance", 2),
            ("Ari Yashar", 4),
            ("2014-11-03", 4),
        ),
        (
            "jpost-2017-05-03-economic-cyber-agreements",
            ("Israel, Japan sign economic, cyber cooperation agreements", 1),
            None,
            None,
        ),
        ("glance-2026-01-lawmakers-delegation", None, None, None),
        (
            "uwi-2017-12-25-japan-strengthens-ties",
            ("Japan Strengthens Ties with Israel Despite UN Vote", 3),
            None,
            None,
        ),
        ("jns-2022-08-30-defense-agreement", ("Israel, Japan sign historic defense agreement", 3), None, None),
    ],
)
def test_each_archived_article_gives_its_headline_byline_and_date(name, title, author, published):
    facts = read_article((ARTICLES / f"{name}.txt").read_text(encoding="utf-8"))
    assert found(facts.title) == title
    assert found(facts.author) == author
    assert found(facts.published) == published


def test_the_byline_date_wins_over_a_republishers_date_above_the_headline():
    facts = read_article(REPUBLISHED)
    assert found(facts.author) == ("Ari Yashar", 4)
    assert found(facts.published) == ("2014-11-03", 4)


def test_a_date_in_a_photo_caption_is_offered_but_not_taken_as_the_publication_date():
    facts = read_article((ARTICLES / "uwi-2017-12-25-japan-strengthens-ties.txt").read_text(encoding="utf-8"))
    assert facts.published is None
    assert found(facts.date_mention) == ("2017-12-25", 7)


def test_a_site_name_and_a_section_heading_are_not_headlines():
    facts = read_article(article("United with Israel\n\nWhat's Happening?\n"))
    assert facts.title is None


def test_a_standfirst_ending_in_a_full_stop_is_not_the_headline():
    facts = read_article(
        article("A standfirst says what the story is about in a sentence.\nThe Real Headline Comes Here\n")
    )
    assert facts.title.value == "The Real Headline Comes Here"


# Bylines.


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Judah Ari Gross", "Judah Ari Gross"),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe"),
        ("By Jane Doe, John Roe and Ann Poe | March 3, 2019", "Jane Doe, John Roe and Ann Poe"),
        ("By: Maria de la Cruz", "Maria de la Cruz"),
        ("Written by Ari Yashar on March 3, 2019", "Ari Yashar"),
    ],
)
def test_the_byline_names_the_author(byline, author):
    facts = read_article(article(f"Ministers Sign a Trade Pact in Tokyo\n{byline}\n"))
    assert found(facts.author) == (author, 2)


def test_a_sentence_starting_with_by_is_not_a_byline():
    facts = read_article(article("Ministers Sign a Trade Pact in Tokyo\nBy the end of the week, talks had stalled\n"))
    assert facts.author is None


# Dates: every format, and which of day and month comes first.


@pytest.mark.parametrize(
    ("written", "published"),
    [
        ("11/3/2014, 1:02 PM", "2014-11-03"),
        ("Dec. 25, 2017", "2017-12-25"),
        ("27/12/2019", "2019-12-27"),
        ("2014-11-03", "2014-11-03"),
        ("March 3, 2019", "2019-03-03"),
        ("3 March 2019", "2019-03-03"),
        ("March 3rd, 2019 at 10:04 am", "2019-03-03"),
        ("27.12.2019 13:02", "2019-12-27"),
    ],
)
def test_a_bylines_date_in_each_format(written, published):
    facts = read_article(article(f"Ministers Sign a Trade Pact in Tokyo\nBy Jane Doe {written}\n"))
    assert found(facts.published) == (published, 2)


@pytest.mark.parametrize(
    ("written", "published"),
    [
        ("11/3/2014, 1:02 PM", "2014-11-03"),  # a 12-hour clock beside it is US style: month first
        ("11/3/2014 1:02 p.m.", "2014-11-03"),
        ("27/12/2019", "2019-12-27"),  # a first number over 12 is the day
        ("12/27/2019", "2019-12-27"),  # a second number over 12 is the day
        ("Tuesday 04/11/2014", "2014-11-04"),  # 4 November 2014 was a Tuesday, 11 April 2014 a Friday
        ("04/11/2014, updated 04/15/2014", "2014-04-11"),  # the same line writes the month first
        ("5/5/2015", "2015-05-05"),  # either way the same day
    ],
)
def test_month_or_day_first_is_settled_by_the_line(written, published):
    facts = read_article(article(f"Ministers Sign a Trade Pact in Tokyo\nBy Jane Doe {written}\n"))
    assert facts.published.value == published


@pytest.mark.parametrize("written", ["04/11/2014", "04/11/2014 13:02", "04.11.2014"])
def test_an_unsettled_order_keeps_only_the_year_and_names_both_readings(written):
    facts = read_article(article(f"Ministers Sign a Trade Pact in Tokyo\nBy Jane Doe {written}\n"))
    assert facts.published.value == "2014"
    assert "4 November 2014 read day first" in facts.published.how
    assert "11 April 2014 read month first" in facts.published.how


def test_a_date_line_beside_the_byline_gives_the_date():
    facts = read_article(article("Ministers Sign a Trade Pact in Tokyo\nBy Jane Doe\nPublished: March 3, 2019 10:04\n"))
    assert found(facts.published) == ("2019-03-03", 3)


def test_a_date_line_saying_it_was_updated_is_not_the_publication_date():
    facts = read_article(article("Ministers Sign a Trade Pact in Tokyo\nUpdated: March 5, 2019\n"))
    assert facts.published is None


def test_without_a_byline_date_a_date_alone_on_a_line_is_taken():
    facts = read_article(article("2014-11-03\nMinisters Sign a Trade Pact in Tokyo\n"))
    assert found(facts.published) == ("2014-11-03", 1)


def test_a_date_inside_a_sentence_is_not_the_publication_date():
    facts = read_article(article("Ministers Sign a Trade Pact in Tokyo\nThe talks began on March 3, 2019 in Tokyo\n"))
    assert facts.published is None


# The command.


def test_the_text_is_archived_byte_for_byte_and_the_source_loads_back(project, article_file):
    assert add_source(project, article_file, "--publisher", "Arutz Sheva", "--url", "https://example.org/a") == 0
    name = "2014-11-03-official-israeli-delegation-leaves-solidify"
    assert sources(project) == [f"{name}.txt", f"{name}.yaml"]
    assert (project / "content" / "sources" / f"{name}.txt").read_bytes() == article_file.read_bytes()
    [source] = load_site(project).sources
    assert source.id == name
    assert source.title == "Official Israeli Delegation Leaves to Solidify Japanese Alliance"
    assert (source.publisher, source.author, source.published.iso()) == ("Arutz Sheva", "Ari Yashar", "2014-11-03")
    assert source.url == "https://example.org/a"
    assert cli.main(["--project", str(project), "check"]) == 0


def test_the_source_file_names_its_schema_on_its_first_line(project, article_file):
    add_source(project, article_file, "--id", "delegation")
    first = (project / "content" / "sources" / "delegation.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = first.split("=", 1)[1]
    assert (project / "content" / "sources" / schema).resolve().is_file()


def test_each_guessed_field_names_the_line_to_check(project, article_file):
    add_source(project, article_file, "--id", "delegation")
    lines = (project / "content" / "sources" / "delegation.yaml").read_text(encoding="utf-8").splitlines()
    assert (
        "title: Official Israeli Delegation Leaves to Solidify Japanese Alliance  # guessed from line 2"
        in "\n".join(lines)
    )
    assert any(line.startswith("author: Ari Yashar  # guessed from line 4") for line in lines)
    assert any(line.startswith("published: 2014-11-03  # guessed from line 4") for line in lines)


def test_a_missing_publisher_is_left_to_the_curator_and_check_names_it(project, article_file, capsys):
    assert add_source(project, article_file, "--id", "delegation") == 0
    assert "publisher:  not found" in capsys.readouterr().out
    yaml_text = (project / "content" / "sources" / "delegation.yaml").read_text(encoding="utf-8")
    assert "\npublisher:" not in yaml_text
    assert cli.main(["--project", str(project), "check"]) == 1
    assert "missing required key 'publisher'" in capsys.readouterr().err


def test_the_outlet_is_taken_when_the_text_names_the_urls_site(project, tmp_path):
    path = tmp_path / "uwi.txt"
    path.write_bytes((ARTICLES / "uwi-2017-12-25-japan-strengthens-ties.txt").read_bytes())
    url = "https://unitedwithisrael.org/japan-strengthens-ties-with-israel-despite-un-vote/"
    assert add_source(project, path, "--url", url, "--id", "uwi") == 0
    [source] = load_site(project).sources
    assert (source.publisher, source.url) == ("United with Israel", url)


def test_no_url_is_written_unless_given(project, article_file):
    add_source(project, article_file, "--id", "delegation", "--publisher", "Arutz Sheva")
    assert load_site(project).sources[0].url is None


@pytest.mark.parametrize("url", ["ftp://example.org/a", "example.org/a", "https://exa mple.org/a", "https://"])
def test_a_bad_url_is_refused_and_nothing_written(project, article_file, capsys, url):
    assert add_source(project, article_file, "--url", url) == 2
    assert "--url" in capsys.readouterr().err
    assert sources(project) == []


def test_an_id_that_is_not_a_slug_is_refused(project, article_file, capsys):
    assert add_source(project, article_file, "--id", "Delegation_2014") == 2
    assert "is not an id" in capsys.readouterr().err
    assert sources(project) == []


@pytest.mark.parametrize("existing", ["delegation.yaml", "delegation.txt", "delegation.yml", "Delegation.yaml"])
def test_an_existing_file_is_never_overwritten(project, article_file, capsys, existing):
    (project / "content" / "sources" / existing).write_text("kept\n", encoding="utf-8")
    assert add_source(project, article_file, "--id", "delegation") == 2
    assert existing in capsys.readouterr().err
    assert sources(project) == [existing]
    assert (project / "content" / "sources" / existing).read_text(encoding="utf-8") == "kept\n"


def test_a_binary_file_is_refused(project, tmp_path, capsys):
    path = tmp_path / "picture.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    assert add_source(project, path) == 2
    assert "is not text" in capsys.readouterr().err
    assert sources(project) == []


def test_a_file_that_is_not_utf8_is_refused(project, tmp_path, capsys):
    path = tmp_path / "latin1.txt"
    path.write_bytes(article("Ministers Sign a Trade Pact in Tōkyō\n").encode("latin-1", "replace") + b"\xe9")
    assert add_source(project, path) == 2
    assert "is not UTF-8" in capsys.readouterr().err
    assert sources(project) == []


def test_a_text_over_the_archive_limit_is_refused(project, tmp_path, capsys):
    path = tmp_path / "long.txt"
    path.write_text("word " * (MAX_ARCHIVE_BYTES // 5) + "words", encoding="utf-8")
    assert path.stat().st_size > MAX_ARCHIVE_BYTES
    assert add_source(project, path) == 2
    assert f"over {MAX_ARCHIVE_BYTES // 1024} KiB" in capsys.readouterr().err
    assert sources(project) == []


def test_a_missing_article_is_a_usage_error(project, tmp_path, capsys):
    assert add_source(project, tmp_path / "nowhere.txt") == 2
    assert "nowhere.txt not found" in capsys.readouterr().err


def test_writing_never_replaces_a_file_made_meanwhile_and_leaves_none_of_its_own(tmp_path):
    made, taken = tmp_path / "made.txt", tmp_path / "taken.yaml"
    taken.write_text("kept\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"taken\.yaml already exists"):
        write_new_files([(made, b"new\n"), (taken, b"new\n")], tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["taken.yaml"]
    assert taken.read_text(encoding="utf-8") == "kept\n"


def test_a_date_line_after_the_byline_is_preferred_to_one_above_the_headline():
    facts = read_article(article("2014-11-04\n\nMinisters Sign a Trade Pact in Tokyo\nBy Jane Doe\n\nNov. 3, 2014\n"))
    assert found(facts.published) == ("2014-11-03", 6)
