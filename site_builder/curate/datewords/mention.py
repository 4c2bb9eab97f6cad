"""What the date finder hands out, a `DateMention`, and what each resolver is given and gives back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...loading.dates import DateSpan, PartialDate
from .arithmetic import precise_enough
from .tense import Tense, tense

Kind = Literal["stated", "inferred", "vague", "unresolved"]
KINDS: tuple[Kind, ...] = ("stated", "inferred", "vague", "unresolved")


@dataclass(frozen=True)
class DateMention:
    """One date expression: where it is, its sentence, and what it resolves to and why."""

    line: int  # 1-based, in the text as given
    expression: str  # as written
    sentence: str  # the sentence it is in, cut with "…" when long
    kind: Kind  # stated; inferred (relative, partial or ambiguous); vague; unresolved
    when: DateSpan | None  # None for vague and unresolved expressions
    reason: str  # how it was resolved, or why it was not; empty for a date stated in full

    @property
    def iso(self) -> str | None:
        return self.when.iso() if self.when else None


@dataclass(frozen=True)
class Result:
    """What one expression resolves to: a mention without its place in the text."""

    kind: Kind
    when: DateSpan | None = None
    reason: str = ""


def _span(when: DateSpan | PartialDate) -> DateSpan:
    return when if isinstance(when, DateSpan) else DateSpan(when)


def stated(when: DateSpan | PartialDate, reason: str = "") -> Result:
    return Result("stated", _span(when), reason)


def inferred(when: DateSpan | PartialDate, reason: str) -> Result:
    return Result("inferred", _span(when), reason)


def vague(reason: str) -> Result:
    return Result("vague", None, reason)


def unresolved(reason: str) -> Result:
    return Result("unresolved", None, reason)


def publication_note(published: PartialDate) -> str:
    """The publication date as a reason names it: 'publication on 3 November 2014'."""
    return f"publication {'on' if published.day else 'in'} {published.human()}"


@dataclass(frozen=True)
class Context:
    """What resolving one expression may look at: the publication, the sentence, and the dates read so far."""

    published: PartialDate | None
    sentence: str
    start: int
    end: int
    earlier: list[DateMention]  # resolved before it, in reading order, this sentence's included
    alongside: list[tuple[int, DateMention]]  # this sentence's resolved dates, with their offsets
    previous: list[DateMention]  # the dates of the sentence before
    inner: Result | None = None  # the date written right after it ("five days after <3 March 2019>")

    def tense(self) -> Tense:
        return tense(self.sentence, self.start, self.end)

    def publication(self, precision: str) -> PartialDate | Result:
        """The publication date if it is known at least to `precision`, or why the expression stays unresolved."""
        if self.published is None:
            return unresolved("relative to the publication date, which the source does not give")
        if not precise_enough(self.published, precision):
            return unresolved(f"needs the publication's {precision}; the source gives only {self.published.human()}")
        return self.published
