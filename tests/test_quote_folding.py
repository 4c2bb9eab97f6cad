"""Archived text is folded the way quotes are: every whitespace run one space, or one newline
when it holds a line break. Checked against the plain definition, on every kind of whitespace."""

from __future__ import annotations

import itertools
import re

import pytest

from site_builder.loading.quotes import _LINE_BREAKS, _fold, archive_text, normalise

WHITESPACE = [chr(code) for code in range(0x3001) if chr(code).isspace()]


def folded_by_definition(raw: str) -> str:
    """Each run of whitespace becomes a newline when it holds a line break, else a space."""

    def one(run: re.Match[str]) -> str:
        return "\n" if any(character in _LINE_BREAKS for character in run.group()) else " "

    return re.sub(r"\s+", one, _fold(raw)).strip()


def test_every_kind_of_whitespace_is_known_to_the_check():
    assert len(WHITESPACE) > 20 and set(WHITESPACE) > _LINE_BREAKS


@pytest.mark.parametrize("run", ["".join(run) for run in itertools.product(WHITESPACE, repeat=2)])
def test_a_run_of_whitespace_folds_as_defined(run):
    for raw in (f"a{run}b", f"{run}a{run}", f"a{run}{run}b{run}c", f"“a”{run}—{run}…"):
        assert archive_text(raw) == folded_by_definition(raw)
        assert archive_text(raw).replace("\n", " ") == normalise(raw)


def test_a_long_article_folds_as_defined():
    lines = [f"Line {n},{WHITESPACE[n % len(WHITESPACE)] * (n % 4)} with words\u00a0and  spaces." for n in range(500)]
    raw = "\r\n".join(lines) + "\n\n\u2028 end \t"
    assert archive_text(raw) == folded_by_definition(raw)
