"""Date expressions in an article's text, each resolved to an ISO date or range, at the precision its words support.

Absolute dates ("March 3, 2019", "11/3/2014", "the first half of 2014") resolve as written; relative
ones ("on Monday", "last month", "in July", "five days after") against the publication date or a
date the text gives nearby, and are marked inferred; vague ones ("recently") are listed without a
date. Tense decides which way a bare weekday or month points: the past unless the clause says
otherwise, since news reports what happened.
"""

from __future__ import annotations

import calendar
import datetime
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from ..loading.dates import DateSpan, PartialDate

Kind = Literal["stated", "inferred", "vague", "unresolved"]
KINDS: tuple[Kind, ...] = ("stated", "inferred", "vague", "unresolved")
SENTENCE_LIMIT = 160  # characters of a sentence shown; a longer one is cut around the expression


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


def find_dates(text: str, published: PartialDate | None) -> tuple[DateMention, ...]:
    """Every date expression in `text`, in reading order; relative ones resolved against `published`."""
    if published is not None and not 1 <= published.year <= 9999:
        published = None  # an article is not dated BCE; datetime cannot count from there
    mentions: list[DateMention] = []
    previous: list[DateMention] = []
    for sentence in _sentences(text):
        previous = _sentence_mentions(sentence, published, mentions, previous)
        mentions.extend(previous)
    return tuple(mentions)


# --- Reading the text as sentences -------------------------------------------------------------------------------

# Words written with a full stop that does not end the sentence.
_ABBREVIATED = (
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun mr mrs ms dr "
    "prof gen brig col lt sgt capt cmdr adm gov sen rep st jr sr no vs etc inc ltd co corp dept res approx est"
)
_ABBREVIATIONS = frozenset(_ABBREVIATED.split())
_LAST_WORD = re.compile(r"\S+\Z")
_SENTENCE_END = re.compile(r"[.!?]+[\"'’”)\]]*\s+(?=[\"'‘“(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class _Sentence:
    text: str  # on one line: a line break inside a sentence is a space
    offset: int  # where it starts in its paragraph
    line_starts: tuple[tuple[int, int], ...]  # (offset in the paragraph, line number) of each of its lines

    def line_at(self, offset: int) -> int:
        """The line number of the character at `offset` in this sentence."""
        starts = [start for start, _ in self.line_starts]
        return self.line_starts[bisect_right(starts, self.offset + offset) - 1][1]


def _sentences(text: str) -> list[_Sentence]:
    """The text's sentences; a line ends one unless the next line carries on in lower case."""
    paragraphs: list[tuple[str, tuple[tuple[int, int], ...]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if paragraphs and line[0].islower() and paragraphs[-1][0][-1] not in ".!?":
            paragraph, starts = paragraphs[-1]
            paragraphs[-1] = (f"{paragraph} {line}", (*starts, (len(paragraph) + 1, number)))
        else:
            paragraphs.append((line, ((0, number),)))
    sentences = []
    for paragraph, starts in paragraphs:
        begin = 0
        for end in [*_sentence_ends(paragraph), len(paragraph)]:
            piece = paragraph[begin:end]
            offset = begin + len(piece) - len(piece.lstrip())
            if piece.strip():
                sentences.append(_Sentence(piece.strip(), offset, starts))
            begin = end
    return sentences


def _sentence_ends(paragraph: str) -> list[int]:
    ends = []
    for end in _SENTENCE_END.finditer(paragraph):
        last = _LAST_WORD.search(paragraph, max(end.start() - 40, 0), end.start())
        word = last.group().strip("\"'‘“([$") if last else ""
        if word.lower() in _ABBREVIATIONS or "." in word or (len(word) == 1 and word.isupper()):
            continue
        ends.append(end.end())
    return ends


def _shorten(sentence: str, start: int, end: int) -> str:
    """The sentence, or as much of it around [start, end) as fits, cut at spaces and marked with "…"."""
    if len(sentence) <= SENTENCE_LIMIT:
        return sentence
    room = max(SENTENCE_LIMIT - (end - start), 0)
    left = min(max(start - room // 2, 0), max(len(sentence) - SENTENCE_LIMIT, 0))
    right = max(end, left + SENTENCE_LIMIT)
    if left > 0:
        left = sentence.find(" ", left, start) + 1 or left
    if right < len(sentence):
        space = sentence.rfind(" ", end, right)
        right = space if space > 0 else right
    return ("…" if left > 0 else "") + sentence[left:right].strip() + ("…" if right < len(sentence) else "")


# --- Tense ------------------------------------------------------------------------------------------------------

# A participle after "will be" or "to be" ("will be signed") belongs to the future, not the past.
_FUTURE = re.compile(
    r"\b(?:(?:will|shall|won['’]t)(?:\s+(?:not|also|then))?(?:\s+(?:be|have\s+been)\s+\w+)?|"
    r"(?:is|are|was|were)\s+(?:expected|set|scheduled|due|slated|going)\s+to|to\s+be\s+\w+|plans?\s+to|"
    r"upcoming|next|tomorrow)\b|['’]ll\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|ago|yesterday|left|met|said|told|held|went|came|took|made|gave|began|spoke|sent|saw|"
    r"bought|sold|won|lost|flew|wrote|paid|ran|brought|kept|found|\w+ed)\b",
    re.IGNORECASE,
)
# Words ending in -ed that are not verbs in the past.
_NOT_PAST_WORDS = "need indeed speed feed seed proceed exceed succeed united red bed shed hundred embed breed greed"
_NOT_PAST = frozenset(_NOT_PAST_WORDS.split())
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014]|\s[-\u2013]\s")

Tense = Literal["past", "future", "unknown"]


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The stretch between the punctuation around [start, end), which is itself never split."""
    breaks = [match.start() for match in _CLAUSE_BREAK.finditer(sentence)]
    before = [at for at in breaks if at < start]
    after = [at for at in breaks if at >= end]
    return (before[-1] + 1 if before else 0, after[0] if after else len(sentence))


def _tense(sentence: str, start: int, end: int) -> Tense:
    """The tense of the verb nearest the expression within its clause."""
    low, high = _clause(sentence, start, end)
    markers: list[tuple[int, Tense]] = []
    futures = [match.span() for match in _FUTURE.finditer(sentence, low, high)]
    markers += [(at, "future") for at, stop in futures if not (at < end and stop > start)]
    for match in _PAST.finditer(sentence, low, high):
        overlaps = any(at < match.end() and match.start() < stop for at, stop in [*futures, (start, end)])
        if not overlaps and match.group().lower() not in _NOT_PAST:
            markers.append((match.start(), "past"))
    if not markers:
        return "unknown"
    return min(markers, key=lambda marker: abs(marker[0] - start))[1]


# --- Words for numbers, months, days -----------------------------------------------------------------------------

_SMALL_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
)
_NUMBERS = {word: value for value, word in enumerate(_SMALL_NUMBERS.split())} | {
    "a": 1,
    "an": 1,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_VAGUE_COUNTS = r"a\s+few|few|several|some|many|a\s+couple\s+of|couple\s+of"
_COUNT = rf"\d+|{'|'.join(sorted(_NUMBERS, key=len, reverse=True))}|{_VAGUE_COUNTS}"
_SMALL_ORDINALS = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth"
_ORDINAL_WORDS = {word: value for value, word in enumerate(_SMALL_ORDINALS.split())} | {
    "fifteenth": 15,
    "twentieth": 20,
    "twenty-fifth": 25,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "seventy-fifth": 75,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
}
_UNIT = r"days?|weeks?|months?|years?|decades?"
_MONTH_NUMBERS = (
    {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
    | {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)
_MONTH_FULL = "|".join(name for name in calendar.month_name if name)
_MONTH_ANY = rf"(?:{_MONTH_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
# Months that are also everyday words ("may", "march", "august"): taken bare only after a word that dates.
_WORDLIKE_MONTHS = frozenset({5, 3, 8})
_MONTH_CUE = re.compile(
    r"(?:\b(?:in|of|since|until|till|by|during|before|after|from|to|through|early|late|mid|last|next|this|each|every)"
    r"\s+|['’]s\s+|mid-)\Z",
    re.IGNORECASE,
)
_WEEKDAYS = tuple(calendar.day_name)  # Monday first, as datetime.weekday() counts
_WEEKDAY = "|".join(_WEEKDAYS)
_YEAR = r"(?:1[2-9]\d\d|20\d\d|21\d\d)"
_HALVES = {"first": 1, "1st": 1, "second": 2, "2nd": 2}
_QUARTERS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
    "last": 4,
}


def _count(word: str | None) -> int | None:
    """A written count as a number; None for "a few", "several" and the like."""
    if word is None:
        return None
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBERS.get(word)


def _unit(word: str) -> str:
    return word.lower().removesuffix("s")


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


# --- Date arithmetic ---------------------------------------------------------------------------------------------


def _day(date: PartialDate) -> datetime.date:
    return datetime.date(date.year, date.month, date.day)


def _from_day(day: datetime.date) -> PartialDate:
    return PartialDate(day.year, day.month, day.day)


def _add_days(date: PartialDate, days: int) -> PartialDate | None:
    """A day `days` after (or before) `date`, which has a day; None past the calendar's ends, 1 and 9999."""
    try:
        return _from_day(_day(date) + datetime.timedelta(days=days))
    except OverflowError:
        return None


def _real(year: int, month: int, day: int = 0) -> PartialDate | None:
    """The date, or None when no such day exists (31 April) or the year falls outside 1–9999."""
    if not 1 <= year <= 9999 or not 0 <= month <= 12 or (day and (not month or day > _days_in(year, month))):
        return None
    return PartialDate(year, month, day)


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift(date: PartialDate, count: int, unit: str) -> PartialDate | None:
    """`date` moved by `count` units (negative: back), at the date's own precision; None when it has too little."""
    if unit in ("day", "week"):
        if not date.day:
            return None
        return _add_days(date, count * (7 if unit == "week" else 1))
    if unit == "month" and not date.month:
        return None
    months = (date.month or 1) - 1 + count * {"month": 1, "year": 12, "decade": 120}[unit]
    year, month = date.year + months // 12, months % 12 + 1
    if not 1 <= year <= 9999:
        return None
    if not date.month:
        return PartialDate(year)
    return PartialDate(year, month, date.day if date.day and date.day <= _days_in(year, month) else 0)


def _precise_enough(date: PartialDate, unit: str) -> bool:
    needed = {"day": 3, "week": 3, "month": 2, "year": 1, "decade": 1}[unit]
    return (3 if date.day else 2 if date.month else 1) >= needed


def _week_of(date: PartialDate, weeks: int) -> DateSpan | None:
    """Monday to Sunday of the week `weeks` after (or before) the one holding `date`."""
    monday = _add_days(date, 7 * weeks - _day(date).weekday())
    sunday = _add_days(monday, 6) if monday else None
    return DateSpan(monday, sunday) if monday and sunday else None


# --- Resolving -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Result:
    kind: Kind
    when: DateSpan | None = None
    reason: str = ""


def _stated(when: DateSpan | PartialDate, reason: str = "") -> _Result:
    return _Result("stated", when if isinstance(when, DateSpan) else DateSpan(when), reason)


def _inferred(when: DateSpan | PartialDate, reason: str) -> _Result:
    return _Result("inferred", when if isinstance(when, DateSpan) else DateSpan(when), reason)


def _vague(reason: str) -> _Result:
    return _Result("vague", None, reason)


def _unresolved(reason: str) -> _Result:
    return _Result("unresolved", None, reason)


@dataclass(frozen=True)
class _Context:
    """What resolving one expression may look at: the publication, the sentence, and the dates read so far."""

    published: PartialDate | None
    sentence: str
    start: int
    end: int
    earlier: list[DateMention]  # resolved before it, in reading order, this sentence's included
    alongside: list[tuple[int, DateMention]]  # this sentence's resolved dates, with their offsets
    previous: list[DateMention]  # the dates of the sentence before
    inner: _Result | None = None  # the date written right after it ("five days after <3 March 2019>")

    def tense(self) -> Tense:
        return _tense(self.sentence, self.start, self.end)

    def publication(self, precision: str) -> PartialDate | _Result:
        """The publication date if it is known at least to `precision`, or why the expression stays unresolved."""
        if self.published is None:
            return _unresolved("relative to the publication date, which the source does not give")
        if not _precise_enough(self.published, precision):
            return _unresolved(f"needs the publication's {precision}; the source gives only {self.published.human()}")
        return self.published


def _pub_note(published: PartialDate) -> str:
    return f"publication {'on' if published.day else 'in'} {published.human()}"


_Resolver = Callable[[re.Match[str], _Context], _Result]


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: _Resolver
    dependent: bool = False  # resolved from the sentence's other dates or earlier ones, so after them
    dates_an_offset: bool = False  # "five days after" may be written right before it
    accepts: Callable[[re.Match[str]], bool] | None = None  # a second look at a match the pattern cannot give


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: _Rule
    match: re.Match[str]
    inner: _Candidate | None = None


def _sentence_mentions(
    sentence: _Sentence, published: PartialDate | None, earlier: list[DateMention], previous: list[DateMention]
) -> list[DateMention]:
    """The sentence's dates: first those that stand alone, then those counted from others."""
    candidates = _merge_offsets(_leftmost_longest(sentence.text))
    resolved: dict[int, DateMention] = {}
    for candidate in sorted(candidates, key=lambda candidate: candidate.rule.dependent):
        alongside = sorted(resolved.items())
        before = earlier + [mention for at, mention in alongside if at < candidate.start]
        context = _Context(published, sentence.text, candidate.start, candidate.end, before, alongside, previous)
        if candidate.inner is not None:
            inner = candidate.inner
            inner_context = replace(context, start=inner.start, end=inner.end)
            context = replace(context, inner=inner.rule.resolve(inner.match, inner_context))
        result = candidate.rule.resolve(candidate.match, context)
        resolved[candidate.start] = DateMention(
            line=sentence.line_at(candidate.start),
            expression=sentence.text[candidate.start : candidate.end],
            sentence=_shorten(sentence.text, candidate.start, candidate.end),
            kind=result.kind,
            when=result.when,
            reason=result.reason,
        )
    return [mention for _, mention in sorted(resolved.items())]


def _leftmost_longest(text: str) -> list[_Candidate]:
    found = [
        _Candidate(match.start(), match.end(), rule, match)
        for rule in _RULES
        for match in rule.pattern.finditer(text)
        if match.end() > match.start() and (rule.accepts is None or rule.accepts(match))
    ]
    found.sort(key=lambda c: (c.start, c.start - c.end))
    chosen: list[_Candidate] = []
    for candidate in found:
        if not chosen or candidate.start >= chosen[-1].end:
            chosen.append(candidate)
    return chosen


def _merge_offsets(candidates: list[_Candidate]) -> list[_Candidate]:
    """Join an offset ("five days after") and the date written right after it into one expression."""
    merged: list[_Candidate] = []
    for candidate in candidates:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.rule is _OFFSET
            and last.inner is None
            and candidate.rule.dates_an_offset
            and last.match.group("direction").lower() in ("after", "before", "prior to")
            and not last.match.string[last.end : candidate.start].strip()
        ):
            merged[-1] = _Candidate(last.start, candidate.end, last.rule, last.match, candidate)
        else:
            merged.append(candidate)
    return merged


# --- The rules, one resolver each --------------------------------------------------------------------------------


def _iso_day(match: re.Match[str], context: _Context) -> _Result:
    date = _real(int(match["year"]), int(match["month"]), int(match["day"]))
    return _stated(date) if date else _unresolved("no such day")


def _numeric(match: re.Match[str], context: _Context) -> _Result:
    first, second, year = int(match["first"]), int(match["second"]), int(match["year"])
    month_first, day_first = _real(year, first, second), _real(year, second, first)
    if month_first is None and day_first is None:
        return _unresolved("no such day, with the day first or the month first")
    if month_first is None or day_first is None or month_first == day_first:
        date = month_first or day_first
        assert date is not None
        order = "" if month_first == day_first else "month first" if day_first is None else "day first"
        return _stated(date, f"{order}: {max(first, second)} cannot be a month" if order else "")
    readings = f"{day_first.human()} (day first) or {month_first.human()} (month first)"
    if context.published is None:
        return _unresolved(f"day/month order unclear: {readings}")
    publication = datetime.date(*context.published.first_day()).toordinal()
    nearer, other = sorted(
        [(day_first, "day first"), (month_first, "month first")],
        key=lambda reading: abs(_day(reading[0]).toordinal() - publication),
    )
    return _inferred(
        nearer[0],
        f"day/month order unclear: read {nearer[1]}, nearer {_pub_note(context.published)} than {other[1]} "
        f"({other[0].human()})",
    )


def _month_number(word: str) -> int:
    return _MONTH_NUMBERS[word.lower().rstrip(".")]


def _month_day(match: re.Match[str], context: _Context) -> _Result:
    month, day = _month_number(match["month"]), int(match["day"])
    last = int(match["day2"]) if match["day2"] else None
    kind: Kind
    if match["year"]:
        year = int(match["year"])
        reason, kind = "", "stated"
    else:
        guessed = _year_for(month, day, context)
        if isinstance(guessed, _Result):
            return guessed
        (year, reason), kind = guessed, "inferred"
    start, end = _real(year, month, day), _real(year, month, last) if last else None
    if start is None or (last is not None and (end is None or last <= day)):
        return _unresolved("no such day")
    return _Result(kind, DateSpan(start, end), reason)


def _year_for(month: int, day: int, context: _Context) -> tuple[int, str] | _Result:
    """The year of a month (and day) written without one: the latest on or before publication, or the first on or
    after it when the clause speaks of the future."""
    published = context.publication("month")
    if isinstance(published, _Result):
        return published
    tense = context.tense()
    written = (month, day)
    at = (published.month, published.day if day and published.day else day)
    if tense == "future":
        year = published.year if written >= at else published.year + 1
        return year, f"the first {_month_words(month, day)} on or after {_pub_note(published)}; future tense"
    year = published.year if written <= at else published.year - 1
    why = "past tense" if tense == "past" else "tense unclear, read as past"
    return year, f"the latest {_month_words(month, day)} on or before {_pub_note(published)}; {why}"


def _month_words(month: int, day: int) -> str:
    return f"{day} {calendar.month_name[month]}" if day else calendar.month_name[month]


def _month_year(match: re.Match[str], context: _Context) -> _Result:
    first = _real(int(match["year"]), _month_number(match["month"]))
    assert first is not None
    if match["month2"]:
        second = _real(int(match["year"]), _month_number(match["month2"]))
        assert second is not None
        return _stated(DateSpan(first, second)) if second > first else _unresolved("the range runs backwards")
    return _stated(first)


def _bare_month(match: re.Match[str], context: _Context) -> _Result:
    month = _month_number(match["month"])
    prep = (match["prep"] or "").strip().lower()
    published = context.publication("month")
    if isinstance(published, _Result):
        return published
    if prep == "this":
        return _inferred(PartialDate(published.year, month), f"{calendar.month_name[month]} of {_pub_note(published)}")
    if prep in ("last", "next"):
        step = -1 if prep == "last" else 1
        year = published.year + (0 if (month - published.month) * step > 0 else step)
        side = "before" if prep == "last" else "after"
        return _inferred(PartialDate(year, month), f"the {calendar.month_name[month]} {side} {_pub_note(published)}")
    guessed = _year_for(month, 0, context)
    if isinstance(guessed, _Result):
        return guessed
    return _inferred(PartialDate(guessed[0], month), guessed[1])


def _is_month(match: re.Match[str]) -> bool:
    """A capitalised month name is a month unless it is also a word ("May", "March") with nothing dating it."""
    if _month_number(match["month"]) not in _WORDLIKE_MONTHS or match["prep"]:
        return True
    return bool(_MONTH_CUE.search(match.string[: match.start()]))


def _year(match: re.Match[str], context: _Context) -> _Result:
    return _stated(PartialDate(int(match["year"])))


def _year_range(match: re.Match[str], context: _Context) -> _Result:
    first, second = int(match["first"]), int(match["second"])
    if second <= first:
        return _unresolved("the range runs backwards")
    return _stated(DateSpan(PartialDate(first), PartialDate(second)))


def _part_of_year(match: re.Match[str], context: _Context) -> _Result:
    """A half or quarter written out: 'the first half of 2014', 'the third quarter of 2014'."""
    if match["half"]:
        return _months_of(int(match["year"]), _HALVES[match["half"].lower()], 6)
    return _months_of(int(match["year"]), _QUARTERS[match["quarter"].lower()], 3)


def _numbered_part_of_year(match: re.Match[str], context: _Context) -> _Result:
    """A half or quarter numbered: 'Q3 2014', 'H1 2014'."""
    months = 3 if match["letter"] == "Q" else 6
    if int(match["number"]) * months > 12:
        return _unresolved(f"a year has no {match['letter']}{match['number']}")
    return _months_of(int(match["year"]), int(match["number"]), months)


def _months_of(year: int, number: int, months: int) -> _Result:
    first = (number - 1) * months + 1
    return _stated(DateSpan(PartialDate(year, first), PartialDate(year, first + months - 1)))


def _rough_year(match: re.Match[str], context: _Context) -> _Result:
    return _stated(PartialDate(int(match["year"])), f"{match['part'].lower()} {match['year']}: only the year")


def _decade(match: re.Match[str], context: _Context) -> _Result:
    start = int(match["decade"])
    part = f"{match['part'].lower()} {start}s: " if match["part"] else ""
    return _stated(DateSpan(PartialDate(start), PartialDate(start + 9)), f"{part}the decade" if part else "")


def _weekday(match: re.Match[str], context: _Context) -> _Result:
    weekday = _WEEKDAYS.index(match["weekday"])
    published = context.publication("day")
    if isinstance(published, _Result):
        return published
    prep = (match["prep"] or "").lower()
    published_weekday = _day(published).weekday()
    tense = context.tense()
    name = match["weekday"]
    if prep == "next" or (tense == "future" and prep != "last"):
        days = (weekday - published_weekday) % 7 or (7 if prep == "next" else 0)
        why = "'next'" if prep == "next" else "future tense"
    else:
        days = -((published_weekday - weekday) % 7 or (7 if prep == "last" else 0))
        why = "'last'" if prep == "last" else "past tense" if tense == "past" else "tense unclear, read as past"
    day = _add_days(published, days)
    if day is None:
        return _unresolved("falls outside the calendar")
    if day == published:
        return _inferred(day, f"the day of publication, {published.human()}, a {name}; {why}")
    side = "before" if day < published else "after"
    return _inferred(day, f"the {name} {side} {_pub_note(published)}; {why}")


_DAY_WORDS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "earlier today": 0,
    "later today": 0,
    "yesterday": -1,
    "tomorrow": 1,
}


def _today(match: re.Match[str], context: _Context) -> _Result:
    words = " ".join(match.group().lower().split())
    published = context.publication("day")
    if isinstance(published, _Result):
        return published
    day = _add_days(published, _DAY_WORDS[words])
    if day is None:
        return _unresolved("falls outside the calendar")
    return _inferred(day, f"'{words}' from {_pub_note(published)}")


def _calendar_period(match: re.Match[str], context: _Context) -> _Result:
    which, unit = match["which"].lower(), _unit(match["unit"])
    step = {"last": -1, "previous": -1, "this": 0, "next": 1}[which]
    published = context.publication("day" if unit == "week" else unit)
    if isinstance(published, _Result):
        return published
    words = f"{which} {unit}"
    side = ("before", "of", "after")[step + 1]
    if unit == "week":
        span = _week_of(published, step)
        if span is None:
            return _unresolved("falls outside the calendar")
        return _inferred(span, f"the week (Monday to Sunday) {side} {'that of ' if step else ''}{_pub_note(published)}")
    date = _shift(PartialDate(published.year, published.month if unit == "month" else 0), step, unit)
    if date is None:
        return _unresolved(f"{words} falls outside the calendar")
    return _inferred(date, f"the {unit} {side} {_pub_note(published)}")


def _trailing_period(match: re.Match[str], context: _Context) -> _Result:
    unit = _unit(match["unit"])
    count = 1 if match["count"] is None and not match["unit"].endswith("s") else _count(match["count"])
    if count is None:
        return _vague("a stretch up to publication of no stated length")
    if unit == "decade":
        unit, count = "year", count * 10
    published = context.publication("day" if unit in ("day", "week") else "year" if unit == "year" else "month")
    if isinstance(published, _Result):
        return published
    end = PartialDate(published.year, published.month) if unit in ("year", "month") else published
    start = _shift(end, -count, unit)
    if start is None:
        return _unresolved("reaches back before the calendar")
    return _inferred(DateSpan(start, end), f"{_plural(count, unit)} up to {_pub_note(published)}")


def _ago(match: re.Match[str], context: _Context) -> _Result:
    unit, count = _unit(match["unit"]), _count(match["count"])
    if count is None:
        return _vague(f"{match['count']} {match['unit']} before publication")
    if unit == "decade":
        unit, count = "year", count * 10
    published = context.publication("day" if unit in ("day", "week") else unit)
    if isinstance(published, _Result):
        return published
    if unit == "week":  # a week, not a day: "two weeks ago" says no more
        span = _week_of(published, -count)
        if span is None:
            return _unresolved("reaches back before the calendar")
        return _inferred(span, f"the week {_plural(count, 'week')} before {_pub_note(published)}")
    base = published if unit == "day" else PartialDate(published.year, published.month if unit == "month" else 0)
    date = _shift(base, -count, unit)
    if date is None:
        return _unresolved("reaches back before the calendar")
    return _inferred(date, f"{_plural(count, unit)} before {_pub_note(published)}")


def _offset(match: re.Match[str], context: _Context) -> _Result:
    """'Five days after' a date written next to it, a date elsewhere in the sentence, or the date read last."""
    direction = match["direction"].lower()
    unit, count = _unit(match["unit"]), _count(match["count"])
    if count is None:
        return _vague(f"some {unit}s {direction} a happening it names, how many not said")
    if unit == "decade":
        unit, count = "year", count * 10
    ahead = direction in ("after", "later")
    if context.inner is not None:
        return _from_inner(count, unit, ahead, context.inner)
    if direction in ("later", "earlier"):
        return _from_last_read(count, unit, ahead, context)
    return _from_sentence(count, unit, ahead, context)


def _next_one(match: re.Match[str], context: _Context) -> _Result:
    """'The following day': one day after the date read last."""
    return _from_last_read(1, _unit(match["unit"]), True, context)


def _amount(count: int, unit: str, ahead: bool) -> str:
    return f"{_plural(count, unit)} {'after' if ahead else 'before'}"


def _from_inner(count: int, unit: str, ahead: bool, inner: _Result) -> _Result:
    """'Five days after 3 March 2019': the happening's date, as sure as the date it counts from."""
    if inner.when is None or inner.when.end is not None:
        return _unresolved("counts from a date not resolved to a single day, month or year")
    date = _shift(inner.when.start, count if ahead else -count, unit)
    if date is None:
        return _unresolved(f"counts {unit}s from {inner.when.start.human()}, which is not that precise")
    kind: Kind = "stated" if inner.kind == "stated" else "inferred"
    return _Result(kind, DateSpan(date), f"{_amount(count, unit, ahead)} {inner.when.start.human()}")


def _from_last_read(count: int, unit: str, ahead: bool, context: _Context) -> _Result:
    """'Two days later': counted from the date read last."""
    anchor = _last_date(context.earlier, unit)
    if anchor is None or anchor.when is None:
        return _unresolved(f"counts from an earlier date, and none before it gives the {unit}")
    date = _shift(anchor.when.start, count if ahead else -count, unit)
    if date is None:
        return _unresolved("falls outside the calendar")
    written = f"{anchor.when.start.human()} ('{anchor.expression}', line {anchor.line})"
    return _inferred(date, f"{_amount(count, unit, ahead)} {written}")


def _from_sentence(count: int, unit: str, ahead: bool, context: _Context) -> _Result:
    """'Five days after Japan voted, … on Monday': the sentence's other date dates one end, this phrase the other."""
    others = [
        (at, mention)
        for at, mention in context.alongside
        if mention.when is not None and mention.when.end is None and _precise_enough(mention.when.start, unit)
    ]
    if not others:
        return _unresolved("counts from a happening the text does not date")
    at, anchor = min(others, key=lambda other: abs(other[0] - context.start))
    assert anchor.when is not None
    written = f"{anchor.when.start.human()} ('{anchor.expression}')"
    low, high = _clause(context.sentence, context.start, context.end)
    if low <= at < high:  # the date is of what it counts from: "five days after the vote on 3 March"
        date = _shift(anchor.when.start, count if ahead else -count, unit)
        reason = f"{_amount(count, unit, ahead)} {written}"
    else:  # the date is of the sentence's happening, so this phrase dates what it counts from
        date = _shift(anchor.when.start, -count if ahead else count, unit)
        reason = f"the happening it counts from: {_amount(count, unit, not ahead)} {written}"
    if date is None:
        return _unresolved("falls outside the calendar")
    return _inferred(date, reason)


def _last_date(mentions: list[DateMention], unit: str) -> DateMention | None:
    """The last single date read that is precise enough to count `unit`s from."""
    for mention in reversed(mentions):
        if mention.when is not None and mention.when.end is None and _precise_enough(mention.when.start, unit):
            return mention
    return None


def _same_day(match: re.Match[str], context: _Context) -> _Result:
    anchor = _last_date(context.earlier, "day")
    if anchor is not None and anchor.when is not None:
        day = anchor.when.start
        return _inferred(day, f"the day of '{anchor.expression}' (line {anchor.line}): {day.human()}")
    published = context.publication("day")
    if isinstance(published, _Result):
        return _unresolved("the same day as a date the text does not give")
    return _inferred(published, f"no day given before it: {_pub_note(published)}")


def _duration(match: re.Match[str], context: _Context) -> _Result:
    """'Will last 5 days', 'a 5-day visit': a range from the day it starts, which the text or publication gives."""
    count, unit = _count(match["count"]), _unit(match["unit"])
    if count is None or count < 1:
        return _vague("a stretch of no stated length")
    anchor = _last_date([mention for at, mention in context.alongside if at < context.start], "day")
    if anchor is None:
        anchor = _last_date(context.previous, "day")
    if anchor is not None and anchor.when is not None:
        start, source = anchor.when.start, f"'{anchor.expression}', line {anchor.line}"
    elif context.tense() != "past" and context.published is not None and context.published.day:
        start, source = context.published, "the day of publication"
    else:
        return _unresolved(f"{_plural(count, unit)} from a day the text does not give")
    if unit in ("day", "week"):
        end = _add_days(start, count * (7 if unit == "week" else 1) - 1)
        if end is None:
            return _unresolved("runs past the calendar")
        span = DateSpan(start, end)
    elif unit == "month":
        first = PartialDate(start.year, start.month)
        last = _shift(first, count - 1, "month")
        span = DateSpan(first, last) if last and last != first else DateSpan(first)
    else:
        years = count * (10 if unit == "decade" else 1)
        span = (
            DateSpan(PartialDate(start.year), PartialDate(start.year + years - 1))
            if years > 1
            else DateSpan(PartialDate(start.year))
        )
    return _inferred(span, f"{_plural(count, unit)} from {start.human()}, {source}")


def _anniversary(match: re.Match[str], context: _Context) -> _Result:
    ordinal = match["ordinal"].lower()
    years = int(ordinal[:-2]) if ordinal[:-2].isdigit() else _ORDINAL_WORDS[ordinal]
    dated = [mention for _, mention in context.alongside if mention.when is not None and mention.kind != "vague"]
    if dated and dated[0].when is not None:
        year, source = dated[0].when.start.year, f"'{dated[0].expression}'"
    elif context.published is not None:
        year, source = context.published.year, "the year of publication"
    else:
        return _unresolved(f"{years} years before a year the text does not give")
    if year - years < 1:
        return _unresolved("reaches back before the calendar")
    return _inferred(PartialDate(year - years), f"{years} years before {year}, {source}")


_VAGUE_SIDES = {
    "recently": "before",
    "recent": "before",
    "lately": "before",
    "in recent": "before",
    "soon": "after",
    "shortly": "after",
    "upcoming": "after",
    "forthcoming": "after",
    "scheduled": "after",
    "in the near future": "after",
    "in the coming": "after",
}


def _vague_word(match: re.Match[str], context: _Context) -> _Result:
    words = " ".join(match.group().lower().split())
    side = next((side for start, side in _VAGUE_SIDES.items() if words.startswith(start)), "around")
    if context.published is None:
        return _vague(f"some time {side} publication, which the source does not date")
    return _vague(f"some time {side} {_pub_note(context.published)}")


def _rule(
    pattern: str,
    resolve: _Resolver,
    *,
    flags: int = 0,
    dependent: bool = False,
    dates: bool = False,
    accepts: Callable[[re.Match[str]], bool] | None = None,
) -> _Rule:
    return _Rule(re.compile(pattern, flags), resolve, dependent, dates, accepts)


_I = re.IGNORECASE
_ORDINAL = rf"\d+(?:st|nd|rd|th)|{'|'.join(sorted(_ORDINAL_WORDS, key=len, reverse=True))}"
_WEEKDAY_BEFORE = rf"(?:(?:{_WEEKDAY}),?\s+)?"
_DAYS = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"  # 3, 3rd, 3-7
# Bare numbers that are amounts, not years.
_NOT_A_YEAR_AFTER = r"(?![\w%]|[.,/:]\d|\s*(?:million|billion|thousand|percent|per\s+cent|people)\b)"
_OFFSET = _rule(
    rf"\b(?:(?:just|only|mere(?:ly)?|barely)\s+)?(?:(?P<count>{_COUNT})\s+)?(?P<unit>{_UNIT})\s+"
    rf"(?P<direction>after|before|later|earlier|prior\s+to)\b",
    _offset,
    flags=_I,
    dependent=True,
)


_RULES: tuple[_Rule, ...] = (
    _rule(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b", _iso_day, dates=True),
    _rule(r"\b(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>\d{4})\b", _numeric, dates=True),
    _rule(
        rf"\b{_WEEKDAY_BEFORE}(?P<month>{_MONTH_ANY})\s+{_DAYS}(?:,?\s+(?P<year>\d{{4}}))?(?![\d:])",
        _month_day,
        dates=True,
    ),
    _rule(
        rf"\b{_WEEKDAY_BEFORE}(?:the\s+)?{_DAYS}\s+(?:of\s+)?(?P<month>{_MONTH_ANY})(?:,?\s+(?P<year>\d{{4}}))?\b",
        _month_day,
        dates=True,
    ),
    _rule(
        rf"\b(?P<month>{_MONTH_ANY})(?:\s*[-\u2013]\s*(?P<month2>{_MONTH_ANY}))?\s+(?:of\s+)?(?P<year>{_YEAR})\b",
        _month_year,
        dates=True,
    ),
    _rule(
        rf"(?:\b(?P<prep>(?i:in|last|next|this|early|late|since|until|by|during)\s+|(?i:mid)-))?"
        rf"\b(?P<month>{_MONTH_FULL})\b(?!\.?,?\s+(?:of\s+)?\d|\s*[-\u2013]\s*\d)",
        _bare_month,
        dates=True,
        accepts=_is_month,
    ),
    _rule(rf"(?<![\w$€£¥.,/:#-])(?P<year>{_YEAR}){_NOT_A_YEAR_AFTER}", _year, dates=True),
    _rule(rf"\b(?P<first>{_YEAR})\s*[-\u2013]\s*(?P<second>{_YEAR})\b", _year_range, dates=True),
    _rule(rf"\b(?i:from)\s+(?P<first>{_YEAR})\s+(?i:to|until)\s+(?P<second>{_YEAR})\b", _year_range, dates=True),
    _rule(
        rf"\b(?:the\s+)?(?:(?P<half>first|second|1st|2nd)\s+half|(?P<quarter>first|second|third|fourth|final|last|"
        rf"1st|2nd|3rd|4th)\s+quarter)\s+of\s+(?P<year>{_YEAR})\b",
        _part_of_year,
        flags=_I,
        dates=True,
    ),
    _rule(rf"\b(?P<letter>[QH])(?P<number>[1-4])\s+(?P<year>{_YEAR})\b", _numbered_part_of_year, dates=True),
    _rule(
        rf"\b(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)[-\s]+(?P<year>{_YEAR})\b",
        _rough_year,
        flags=_I,
        dates=True,
    ),
    _rule(
        r"\b(?:the\s+)?(?:(?P<part>early|mid|late)[-\s])?(?P<decade>1[2-9]\d0|20\d0)['’]?s\b",
        _decade,
        flags=_I,
    ),
    _rule(
        rf"(?:\b(?P<prep>(?i:on|last|next|this|since|until|by|from))\s+)?\b(?P<weekday>{_WEEKDAY})(?!s)"
        rf"(?:\s+(?i:morning|afternoon|evening|night))?\b(?!,?\s+(?:the\s+)?(?:\d|{_MONTH_ANY}))",
        _weekday,
        dates=True,
    ),
    _rule(
        r"\b(?:today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|(?:earlier|later)\s+today)\b",
        _today,
        flags=_I,
        dates=True,
    ),
    _rule(
        r"(?<!\bthe\s)\b(?:(?:earlier|later)\s+)?(?P<which>last|this|next|previous)\s+(?P<unit>week|month|year)\b",
        _calendar_period,
        flags=_I,
        dates=True,
    ),
    _rule(
        rf"\bthe\s+(?:past|last|previous)\s+(?:(?P<count>{_COUNT})\s+)?(?P<unit>{_UNIT})\b",
        _trailing_period,
        flags=_I,
    ),
    _rule(rf"\b(?P<count>{_COUNT})\s+(?P<unit>{_UNIT})\s+ago\b", _ago, flags=_I, dates=True),
    _OFFSET,
    _rule(
        r"\b(?:(?:earlier|later)\s+(?:in\s+the|that|on\s+the\s+same)\s+day|(?:on\s+)?(?:that|the)\s+same\s+day)\b",
        _same_day,
        flags=_I,
        dependent=True,
    ),
    _rule(
        rf"\b(?:will\s+)?(?:last|lasts|lasted|lasting|run|runs|ran|running|continue|continues|continued)\s+"
        rf"(?:for\s+)?(?P<count>{_COUNT})\s+(?P<unit>{_UNIT})\b",
        _duration,
        flags=_I,
        dependent=True,
    ),
    _rule(
        rf"\b(?P<count>\d+|{'|'.join(_NUMBERS)})-(?P<unit>day|week|month|year)\s+(?:visit|trip|tour|mission|"
        r"conference|summit|meeting|festival|exhibition|event|stay|programme|program|course|ceasefire|truce|strike|"
        r"campaign|journey|workshop|seminar|forum|fair|operation|delegation)\b",
        _duration,
        flags=_I,
        dependent=True,
    ),
    _rule(r"\bthe\s+(?:following|next)\s+(?P<unit>day|week|month|year)\b", _next_one, flags=_I, dependent=True),
    _rule(rf"\b(?P<ordinal>{_ORDINAL})\s+anniversary\b", _anniversary, flags=_I, dependent=True),
    _rule(
        r"\b(?:recently|recent|lately|soon|shortly|upcoming|forthcoming|scheduled|in\s+the\s+near\s+future|"
        r"in\s+the\s+coming\s+(?:days|weeks|months|years)|in\s+recent\s+(?:days|weeks|months|years|times)|"
        r"these\s+days|nowadays)\b",
        _vague_word,
        flags=_I,
    ),
)
