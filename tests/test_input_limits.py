"""Hostile or broken input gets a located problem: never a crash, a hang, a traceback or gigabytes of output.

Every limit lies far beyond what a real timeline needs; each test shows the smallest input past one.
Cases that fit tests/bad_content/ live there (nesting, control characters, digits, counts, archives).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_builder.errors import ContentError
from site_builder.loading.content import load_site
from site_builder.site.markdown import conversion_problem, convert_markdown

from conftest import EVENT_YAML, REPO, TinySite

EVENT = "content/events/2014-11-03-meeting.yaml"


def problems(tiny: TinySite) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_site(tiny.root)
    return [str(problem) for problem in caught.value.problems]


def check(root: Path, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """`build.py check` in a process of its own, so that a crash or a hang fails the test, not pytest."""
    command = [*prefix, sys.executable, str(REPO / "build.py"), "--project", str(root), "check"]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def with_body(body: str) -> str:
    """The tiny site's event with a body, written as a literal block."""
    indented = "".join(f"  {line}\n" for line in body.splitlines())
    return EVENT_YAML.replace("tags: [trade]\n", f"tags: [trade]\nbody: |\n{indented}")


# Nesting


def test_an_event_nested_thirty_thousand_deep_is_a_located_problem_not_a_crash(tiny):
    tiny.event("2014-11-03-meeting", "title: " + "[" * 30_000 + "\n")
    result = check(tiny.root)
    assert result.returncode == 1, result.stderr[-300:]
    assert f"{EVENT}:1:71: the YAML is nested more than 64 levels deep here" in result.stderr
    assert "Traceback" not in result.stderr


def test_nesting_within_the_limit_is_read_as_usual(tiny):
    tiny.event(
        "2014-11-03-meeting", EVENT_YAML.replace("title: Ministers meet in Tokyo", "title: " + "[" * 63 + "]" * 63)
    )
    assert problems(tiny) == [f"{EVENT}:1:8: expected text, found a list"]


# Markdown bodies

SLOW_TO_CONVERT = {
    "unclosed brackets": "[" * 5_000,
    "unclosed links": "[a](" * 2_000,
    "unclosed tags": "<a\t" * 3_000,
    "heading underlines": "a\n-\n" * 3_000,
    "nested list markers": "- " * 2_000 + "a",
    "nested quotes": "> " * 2_000 + "a",
}


@pytest.mark.parametrize("body", SLOW_TO_CONVERT.values(), ids=SLOW_TO_CONVERT)
def test_a_body_markdown_would_take_seconds_over_is_a_located_problem(tiny, body):
    tiny.event("2014-11-03-meeting", with_body(body))
    [problem] = problems(tiny)
    assert problem.startswith(f"{EVENT}:5:7: "), problem
    assert "take too long to convert" in problem or "levels deep" in problem


# One mark of each cost class Python-Markdown reads ahead from, as one paragraph or many.
MARKS = ["[", "[a](", "<a\t", "<![CDATA[", "a\n=\n", "\\[", "*a* ", "- a\n"]


def largest_accepted(unit: str, layout: str) -> str:
    """The longest body of `unit`s, in `layout`, that the loader would accept."""

    def body(count: int) -> str:
        text = unit * count if layout == "one paragraph" else (unit * 30 + "\n\n") * (count // 30 + 1)
        return text[:20_000]

    low, high = 1, 20_000 // len(unit) + 1
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if conversion_problem(body(middle)) is None else (low, middle)
    return body(low)


@pytest.mark.parametrize("layout", ["one paragraph", "short paragraphs"])
@pytest.mark.parametrize("unit", MARKS)
def test_every_body_the_loader_accepts_converts_within_a_second(unit, layout):
    body = largest_accepted(unit, layout)
    assert conversion_problem(body) is None
    started = time.perf_counter()
    convert_markdown(body)
    assert time.perf_counter() - started < 1.0


def long_real_body() -> str:
    """20,000 characters as a curator writes them: wrapped paragraphs with links, emphasis, a list, a quote."""
    words = ["the", "minister", "met", "his", "counterpart", "in", "Tokyo", "and", "signed", "a", "trade", "pact"]
    rng = random.Random(15)

    def paragraph() -> str:
        sentence = []
        for _ in range(300):
            word = rng.choice(words)
            roll = rng.random()
            if roll < 0.05:
                word = f"[{word} talks](https://example.org/news/{rng.randint(1, 99_999)}?ref=timeline)"
            elif roll < 0.1:
                word = f"*{word}*"
            sentence.append(word)
        return "\n".join(" ".join(sentence[i : i + 12]) for i in range(0, len(sentence), 12))

    parts = []
    while sum(map(len, parts)) < 20_000:
        parts += [
            paragraph(),
            "\n".join(f"- item {i}: {rng.choice(words)}" for i in range(20)),
            "> " + rng.choice(words),
        ]
    return "\n\n".join(parts)[:19_990].strip()


def test_a_long_real_body_is_accepted(tiny):
    tiny.event("2014-11-03-meeting", with_body(long_real_body()))
    assert load_site(tiny.root).events[0].body


def test_a_body_over_twenty_thousand_characters_is_refused(tiny):
    tiny.event("2014-11-03-meeting", with_body("word " * 4_001))
    assert problems(tiny) == [f"{EVENT}:5:7: this text is 20,004 characters long; the most this field takes is 20,000"]


# Archived articles


def archive_of(size: int, passage: str) -> str:
    """Text of about `size` characters with `passage` in its middle."""
    rng = random.Random(16)
    words = [f"{rng.choice('bcdfghklmnprstvz')}{rng.choice('aeiou')}{rng.choice('nrst')}" for _ in range(400)]
    filler = " ".join(rng.choice(words) for _ in range(size // 4))
    return f"{filler[: size // 2]} {passage} {filler[size // 2 :]}"[:size]


def test_a_long_wrong_quote_against_the_largest_archive_names_the_closest_passage_quickly(tiny):
    passage = "The delegation of thirty executives signed a water technology agreement in Osaka on Tuesday"
    archive = archive_of(250_000, passage)
    copied = archive[archive.index(passage) - 1_400 :].split(" ", 1)[1][:1_500]  # whole words, ending past it
    quote = copied.replace("water technology agreement", "water treaty")
    tiny.write("content/sources/daily.txt", archive)
    tiny.event("2014-11-03-meeting", EVENT_YAML.replace("the ministers met in Tokyo", quote))
    started = time.perf_counter()
    [problem] = problems(tiny)
    assert time.perf_counter() - started < 2.0
    assert f'the closest passage is "{copied[:80]}' in problem


# Counts that multiply output


@pytest.mark.parametrize(("field", "most"), [("tags", 20), ("people", 50), ("places", 50)])
def test_an_event_lists_a_bounded_number_of_tags_people_and_places(tiny, field, most):
    items = ", ".join(f"n{i}" for i in range(most + 1))
    tiny.event("2014-11-03-meeting", EVENT_YAML.replace("tags: [trade]", f"{field}: [{items}]"))
    assert problems(tiny) == [
        f"{EVENT}:4:{len(field) + 3}: {most + 1} {field} listed here; at most {most} are allowed: "
        "keep those that matter most"
    ]


def test_an_event_cites_at_most_fifty_passages(tiny):
    citation = '\n  - source: daily\n    quote: "the ministers met in Tokyo"'
    tiny.event("2014-11-03-meeting", EVENT_YAML.split("sources:")[0] + "sources:" + citation * 51 + "\n")
    assert problems(tiny) == [
        f"{EVENT}:6:3: 51 citations listed here; at most 50 are allowed: keep those that matter most"
    ]


def test_site_yaml_defines_at_most_five_hundred_tags(tiny):
    definitions = "".join(f"  t{i}:\n    label: Topic {i}\n" for i in range(501))
    tiny.write("content/site.yaml", f"title: Test Timeline\ntags:\n{definitions}")
    assert "content/site.yaml:3:3: 501 tag definitions here; at most 500 are allowed: merge some" in problems(tiny)


def test_twenty_thousand_tags_used_on_one_event_are_refused_before_anything_is_built(tiny):
    ids = [f"t{i}" for i in range(20_000)]
    tiny.write("content/site.yaml", "title: Test Timeline\ntags:\n" + "".join(f"  {i}: {{label: {i}}}\n" for i in ids))
    tiny.event("2014-11-03-meeting", EVENT_YAML.replace("tags: [trade]", f"tags: [{', '.join(ids)}]"))
    result = check(tiny.root)
    assert result.returncode == 1
    assert "content/site.yaml:3:3: 20,000 tag definitions here" in result.stderr
    assert f"{EVENT}:4:7: 20,000 tags listed here" in result.stderr


# The content folders


@pytest.mark.parametrize(("folder", "holds"), [("events", "event"), ("sources", "source (one article)")])
def test_a_missing_content_folder_is_a_located_problem(tiny, folder, holds):
    shutil.rmtree(tiny.root / "content" / folder)
    assert f"content/{folder}: not found: make it a folder holding one YAML file per {holds}" in problems(tiny)


def test_a_renamed_events_folder_fails_the_check(tiny):
    (tiny.root / "content/events").rename(tiny.root / "content/event")
    result = check(tiny.root)
    assert result.returncode == 1
    assert "content/events: not found: make it a folder holding one YAML file per event" in result.stderr


def test_an_events_folder_with_no_events_yet_is_a_new_timeline(tiny):
    (tiny.root / EVENT).unlink()
    assert load_site(tiny.root).events == ()


# Characters that cannot be published or printed


@pytest.mark.parametrize(
    ("escape", "shown"),
    [
        ("\\0", "\\x00"),
        ("\\e[2J", "\\x1b"),
        ("\\x7f", "\\x7f"),
        ("\\x9b", "\\x9b"),
        ("\\r", "\\r"),
        ("\\uFFFF", "\\uffff"),
    ],
)
def test_a_control_character_written_as_a_yaml_escape_is_refused_and_shown_escaped(tiny, escape, shown):
    tiny.event("2014-11-03-meeting", EVENT_YAML.replace("summary: The ministers met.", f'summary: "The{escape} end"'))
    assert problems(tiny) == [
        f"{EVENT}:3:10: the text holds the unprintable character {shown}: remove it "
        "(in double quotes, YAML escapes such as \\e and \\x00 write such characters)"
    ]


def test_tabs_and_line_breaks_stay_allowed_in_text(tiny):
    tiny.event("2014-11-03-meeting", EVENT_YAML.replace("summary: The ministers met.", 'summary: "One\\ttwo\\nthree"'))
    assert load_site(tiny.root).events[0].summary == "One\ttwo\nthree"


def test_a_key_holding_an_escape_sequence_is_shown_escaped(tiny):
    tiny.event("2014-11-03-meeting", EVENT_YAML + '"note\\e]0;owned\\a": x\n')
    [problem] = problems(tiny)
    assert problem.startswith(f"{EVENT}:8:1: unknown key 'note\\x1b]0;owned\\x07' in an event")


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (b"2014-11-04-\x1b[31mred.yaml", "2014-11-04-\\x1b[31mred.yaml"),
        (b"caf\xe9.yaml", "caf\\xe9.yaml"),  # Latin-1, not UTF-8
        (b"2014-11-04-\xe2\x80\xaeevil.yaml", "2014-11-04-\\u202eevil.yaml"),  # a right-to-left override
    ],
)
def test_a_file_name_that_cannot_be_printed_is_shown_escaped(tiny, name, shown):
    with open(os.path.join(os.fsencode(tiny.root / "content/events"), name), "w", encoding="utf-8") as file:
        file.write(EVENT_YAML)
    with pytest.raises(ContentError) as caught:
        load_site(tiny.root)
    [problem] = caught.value.problems
    assert problem.path == f"content/events/{shown}"
    assert str(problem).isprintable()
    str(problem).encode("utf-8")  # a name that is not UTF-8 must not make the report unwritable


# Faults of the file system


def test_a_dangling_link_is_a_located_problem(tiny):
    (tiny.root / "content/events/2014-11-04-gone.yaml").symlink_to("2014-11-04-renamed.yaml")
    result = check(tiny.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "content/events/2014-11-04-gone.yaml:1:1: this file is a link to 2014-11-04-renamed.yaml, "
        "which does not exist: remove the link or restore its file"
    ) in result.stderr


def test_a_looping_link_is_a_located_problem(tiny):
    (tiny.root / "content/events/2014-11-04-loop.yaml").symlink_to("2014-11-04-loop.yaml")
    result = check(tiny.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "content/events/2014-11-04-loop.yaml:1:1: this file is a link that loops back on itself: remove the link"
    ) in result.stderr


def test_an_editors_dangling_lock_link_is_ignored(tiny):
    (tiny.root / "content/events/.#2014-11-03-meeting.yaml").symlink_to("curator@laptop.4242:1700000000")
    assert check(tiny.root).returncode == 0


def test_a_folder_named_like_an_event_is_a_located_problem(tiny):
    (tiny.root / "content/events/2014-11-04-visit.yaml").mkdir()
    assert problems(tiny) == [
        "content/events/2014-11-04-visit.yaml:1:1: this is a folder, not a file: "
        "rename it, or move what it holds out of it"
    ]


def test_a_pipe_named_like_an_event_is_a_located_problem_not_a_hang(tiny):
    os.mkfifo(tiny.root / "content/events/2014-11-04-pipe.yaml")
    result = check(tiny.root)
    assert result.returncode == 1
    assert (
        "content/events/2014-11-04-pipe.yaml:1:1: this is not a regular file (a pipe, a socket or a device): remove it"
    ) in result.stderr


@pytest.mark.parametrize("extension", [".YAML", ".Yml"])
def test_a_file_with_a_capitalised_extension_is_reported_not_skipped(tiny, extension):
    tiny.write(f"content/events/2014-11-04-visit{extension}", EVENT_YAML)
    assert problems(tiny) == [
        f"content/events/2014-11-04-visit{extension}:1:1: a {extension} file is not read: "
        f"rename it to 2014-11-04-visit{extension.lower()}"
    ]


def as_a_user_permissions_apply_to() -> tuple[str, ...]:
    """A command prefix under which file permissions apply, even when the tests run as root."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv, so no permission can stop a read")
    without = "-dac_override,-dac_read_search"  # root's power to read what its permissions forbid
    return (setpriv, f"--inh-caps={without}", f"--bounding-set={without}")


@pytest.mark.parametrize(
    ("unreadable", "expected"),
    [
        (EVENT, f"{EVENT}:1:1: cannot read the file: Permission denied"),
        ("content/events", "content/events: cannot read this folder: Permission denied"),
        (
            "content/sources/daily.txt",
            "content/sources/daily.yaml:5:10: archive 'daily.txt' cannot be read: Permission denied",
        ),
    ],
)
def test_an_unreadable_file_or_folder_is_a_located_problem(tiny, unreadable, expected):
    prefix = as_a_user_permissions_apply_to()
    (tiny.root / unreadable).chmod(0)
    try:
        result = check(tiny.root, prefix)
    finally:
        (tiny.root / unreadable).chmod(0o755)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert expected in result.stderr
