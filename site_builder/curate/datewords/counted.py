"""Resolvers for dates counted from another date in the text: 'five days after 3 March', 'two days later',
'the same day', 'a five-day visit', 'the 70th anniversary'.

These run after the sentence's other dates are resolved (their rules are `dependent`), so that the date they
count from is known.
"""

from __future__ import annotations

import re

from ...loading.dates import DateSpan, PartialDate
from .arithmetic import add_days, precise_enough, shift
from .mention import Context, DateMention, Kind, Result, inferred, publication_note, unresolved, vague
from .tense import clause
from .vocabulary import ORDINAL_WORDS, count_of, in_years, plural, unit_of


def offset(match: re.Match[str], context: Context) -> Result:
    """'Five days after' a date written next to it, a date elsewhere in the sentence, or the date read last."""
    direction = match["direction"].lower()
    unit, count = unit_of(match["unit"]), count_of(match["count"])
    if count is None:
        return vague(f"some {unit}s {direction} a happening it names, how many not said")
    count, unit = in_years(count, unit)
    ahead = direction in ("after", "later")
    if context.inner is not None:
        return _from_inner(count, unit, ahead, context.inner)
    if direction in ("later", "earlier"):
        return _from_last_read(count, unit, ahead, context)
    return _from_sentence(count, unit, ahead, context)


def next_one(match: re.Match[str], context: Context) -> Result:
    """'The following day': one day after the date read last."""
    return _from_last_read(1, unit_of(match["unit"]), True, context)


def _amount(count: int, unit: str, ahead: bool) -> str:
    return f"{plural(count, unit)} {'after' if ahead else 'before'}"


def _from_inner(count: int, unit: str, ahead: bool, inner: Result) -> Result:
    """'Five days after 3 March 2019': the happening's date, as sure as the date it counts from."""
    if inner.when is None or inner.when.end is not None:
        return unresolved("counts from a date not resolved to a single day, month or year")
    date = shift(inner.when.start, count if ahead else -count, unit)
    if date is None:
        return unresolved(f"counts {unit}s from {inner.when.start.human()}, which is not that precise")
    kind: Kind = "stated" if inner.kind == "stated" else "inferred"
    return Result(kind, DateSpan(date), f"{_amount(count, unit, ahead)} {inner.when.start.human()}")


def _from_last_read(count: int, unit: str, ahead: bool, context: Context) -> Result:
    """'Two days later': counted from the date read last."""
    anchor = _last_date(context.earlier, unit)
    if anchor is None or anchor.when is None:
        return unresolved(f"counts from an earlier date, and none before it gives the {unit}")
    date = shift(anchor.when.start, count if ahead else -count, unit)
    if date is None:
        return unresolved("falls outside the calendar")
    written = f"{anchor.when.start.human()} ('{anchor.expression}', line {anchor.line})"
    return inferred(date, f"{_amount(count, unit, ahead)} {written}")


def _from_sentence(count: int, unit: str, ahead: bool, context: Context) -> Result:
    """'Five days after Japan voted, … on Monday': the sentence's other date dates one end, this phrase the other."""
    others = [(at, mention) for at, mention in context.alongside if _countable(mention, unit)]
    if not others:
        return unresolved("counts from a happening the text does not date")
    at, anchor = min(others, key=lambda other: abs(other[0] - context.start))
    assert anchor.when is not None
    written = f"{anchor.when.start.human()} ('{anchor.expression}')"
    low, high = clause(context.sentence, context.start, context.end)
    if low <= at < high:  # the date is of what it counts from: "five days after the vote on 3 March"
        date = shift(anchor.when.start, count if ahead else -count, unit)
        reason = f"{_amount(count, unit, ahead)} {written}"
    else:  # the date is of the sentence's happening, so this phrase dates what it counts from
        date = shift(anchor.when.start, -count if ahead else count, unit)
        reason = f"the happening it counts from: {_amount(count, unit, not ahead)} {written}"
    if date is None:
        return unresolved("falls outside the calendar")
    return inferred(date, reason)


def _countable(mention: DateMention, unit: str) -> bool:
    """Whether `unit`s can be counted from the mention: a single date, precise enough."""
    return mention.when is not None and mention.when.end is None and precise_enough(mention.when.start, unit)


def _last_date(mentions: list[DateMention], unit: str) -> DateMention | None:
    """The last single date read that is precise enough to count `unit`s from."""
    return next((mention for mention in reversed(mentions) if _countable(mention, unit)), None)


def same_day(match: re.Match[str], context: Context) -> Result:
    """'That same day': the day read last, else the day of publication."""
    anchor = _last_date(context.earlier, "day")
    if anchor is not None and anchor.when is not None:
        day = anchor.when.start
        return inferred(day, f"the day of '{anchor.expression}' (line {anchor.line}): {day.human()}")
    published = context.publication("day")
    if isinstance(published, Result):
        return unresolved("the same day as a date the text does not give")
    return inferred(published, f"no day given before it: {publication_note(published)}")


def duration(match: re.Match[str], context: Context) -> Result:
    """'Will last 5 days', 'a 5-day visit': a range from the day it starts, which the text or publication gives."""
    count, unit = count_of(match["count"]), unit_of(match["unit"])
    if count is None or count < 1:
        return vague("a stretch of no stated length")
    anchor = _last_date([mention for at, mention in context.alongside if at < context.start], "day")
    if anchor is None:
        anchor = _last_date(context.previous, "day")
    if anchor is not None and anchor.when is not None:
        start, source = anchor.when.start, f"'{anchor.expression}', line {anchor.line}"
    elif context.tense() != "past" and context.published is not None and context.published.day:
        start, source = context.published, "the day of publication"
    else:
        return unresolved(f"{plural(count, unit)} from a day the text does not give")
    if unit in ("day", "week"):
        end = add_days(start, count * (7 if unit == "week" else 1) - 1)
        if end is None:
            return unresolved("runs past the calendar")
        span = DateSpan(start, end)
    elif unit == "month":
        first = PartialDate(start.year, start.month)
        last = shift(first, count - 1, "month")
        span = DateSpan(first, last) if last and last != first else DateSpan(first)
    else:
        years = count * (10 if unit == "decade" else 1)
        span = (
            DateSpan(PartialDate(start.year), PartialDate(start.year + years - 1))
            if years > 1
            else DateSpan(PartialDate(start.year))
        )
    return inferred(span, f"{plural(count, unit)} from {start.human()}, {source}")


def anniversary(match: re.Match[str], context: Context) -> Result:
    """'The 70th anniversary': the year that many years before the sentence's date, or the publication's."""
    ordinal = match["ordinal"].lower()
    years = int(ordinal[:-2]) if ordinal[:-2].isdigit() else ORDINAL_WORDS[ordinal]
    dated = [mention for _, mention in context.alongside if mention.when is not None and mention.kind != "vague"]
    if dated and dated[0].when is not None:
        year, source = dated[0].when.start.year, f"'{dated[0].expression}'"
    elif context.published is not None:
        year, source = context.published.year, "the year of publication"
    else:
        return unresolved(f"{years} years before a year the text does not give")
    if year - years < 1:
        return unresolved("reaches back before the calendar")
    return inferred(PartialDate(year - years), f"{years} years before {year}, {source}")
