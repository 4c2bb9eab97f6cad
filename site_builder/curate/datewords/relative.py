"""Resolvers for dates the text gives relative to its publication: 'in July', 'on Monday', 'last month',
'two weeks ago', 'the past three years', 'recently'.

Each needs the publication date to a precision of its own, and says so in its reason when the source does not
give it. Which way a bare month or weekday points is the clause's tense.
"""

from __future__ import annotations

import calendar
import re

from ...loading.dates import DateSpan, PartialDate
from .arithmetic import add_days, as_day, cut_to, precision_for, shift, week_of
from .mention import Context, Result, inferred, publication_note, unresolved, vague
from .vocabulary import WEEKDAYS, count_of, in_years, month_number, month_words, plural, unit_of, words_of


def year_for(month: int, day: int, context: Context) -> tuple[int, str] | Result:
    """The year of a month (and day) written without one: the latest on or before publication, or the first on or
    after it when the clause speaks of the future."""
    published = context.publication("month")
    if isinstance(published, Result):
        return published
    tense = context.tense()
    written = (month, day)
    at = (published.month, published.day if day and published.day else day)
    if tense == "future":
        year = published.year if written >= at else published.year + 1
        return year, f"the first {month_words(month, day)} on or after {publication_note(published)}; future tense"
    year = published.year if written <= at else published.year - 1
    why = "past tense" if tense == "past" else "tense unclear, read as past"
    return year, f"the latest {month_words(month, day)} on or before {publication_note(published)}; {why}"


def bare_month(match: re.Match[str], context: Context) -> Result:
    """'In July', 'last March', 'this May': a month of the publication's year, or of the one before or after."""
    month = month_number(match["month"])
    prep = (match["prep"] or "").strip().lower()
    published = context.publication("month")
    if isinstance(published, Result):
        return published
    name = calendar.month_name[month]
    if prep == "this":
        return inferred(PartialDate(published.year, month), f"{name} of {publication_note(published)}")
    if prep in ("last", "next"):
        step = -1 if prep == "last" else 1
        year = published.year + (0 if (month - published.month) * step > 0 else step)
        side = "before" if prep == "last" else "after"
        return inferred(PartialDate(year, month), f"the {name} {side} {publication_note(published)}")
    guessed = year_for(month, 0, context)
    if isinstance(guessed, Result):
        return guessed
    return inferred(PartialDate(guessed[0], month), guessed[1])


def weekday(match: re.Match[str], context: Context) -> Result:
    """'On Monday', 'next Friday': the nearest such day before publication, or after it in the future tense."""
    wanted = WEEKDAYS.index(match["weekday"])
    published = context.publication("day")
    if isinstance(published, Result):
        return published
    prep = (match["prep"] or "").lower()
    published_weekday = as_day(published).weekday()
    tense = context.tense()
    name = match["weekday"]
    if prep == "next" or (tense == "future" and prep != "last"):
        days = (wanted - published_weekday) % 7 or (7 if prep == "next" else 0)
        why = "'next'" if prep == "next" else "future tense"
    else:
        days = -((published_weekday - wanted) % 7 or (7 if prep == "last" else 0))
        why = "'last'" if prep == "last" else "past tense" if tense == "past" else "tense unclear, read as past"
    day = add_days(published, days)
    if day is None:
        return unresolved("falls outside the calendar")
    if day == published:
        return inferred(day, f"the day of publication, {published.human()}, a {name}; {why}")
    side = "before" if day < published else "after"
    return inferred(day, f"the {name} {side} {publication_note(published)}; {why}")


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


def today(match: re.Match[str], context: Context) -> Result:
    words = words_of(match)
    published = context.publication("day")
    if isinstance(published, Result):
        return published
    day = add_days(published, _DAY_WORDS[words])
    if day is None:
        return unresolved("falls outside the calendar")
    return inferred(day, f"'{words}' from {publication_note(published)}")


def calendar_period(match: re.Match[str], context: Context) -> Result:
    """'Last week', 'this month', 'next year': the whole week, month or year, not a day in it."""
    which, unit = match["which"].lower(), unit_of(match["unit"])
    step = {"last": -1, "previous": -1, "this": 0, "next": 1}[which]
    published = context.publication(precision_for(unit))
    if isinstance(published, Result):
        return published
    side = ("before", "of", "after")[step + 1]
    if unit == "week":
        span = week_of(published, step)
        if span is None:
            return unresolved("falls outside the calendar")
        note = publication_note(published)
        return inferred(span, f"the week (Monday to Sunday) {side} {'that of ' if step else ''}{note}")
    date = shift(cut_to(published, unit), step, unit)
    if date is None:
        return unresolved(f"{which} {unit} falls outside the calendar")
    return inferred(date, f"the {unit} {side} {publication_note(published)}")


def trailing_period(match: re.Match[str], context: Context) -> Result:
    """'The past three years': a range that ends at publication."""
    unit = unit_of(match["unit"])
    count = 1 if match["count"] is None and not match["unit"].endswith("s") else count_of(match["count"])
    if count is None:
        return vague("a stretch up to publication of no stated length")
    count, unit = in_years(count, unit)
    published = context.publication(precision_for(unit))
    if isinstance(published, Result):
        return published
    # Counted in whole months even for years: "the past two years" from November 2014 starts in November 2012.
    end = PartialDate(published.year, published.month) if unit in ("year", "month") else published
    start = shift(end, -count, unit)
    if start is None:
        return unresolved("reaches back before the calendar")
    return inferred(DateSpan(start, end), f"{plural(count, unit)} up to {publication_note(published)}")


def ago(match: re.Match[str], context: Context) -> Result:
    """'Two months ago': at the precision of its unit, so a month, not a day."""
    unit, count = unit_of(match["unit"]), count_of(match["count"])
    if count is None:
        return vague(f"{match['count']} {match['unit']} before publication")
    count, unit = in_years(count, unit)
    published = context.publication(precision_for(unit))
    if isinstance(published, Result):
        return published
    if unit == "week":  # a week, not a day: "two weeks ago" says no more
        span = week_of(published, -count)
        if span is None:
            return unresolved("reaches back before the calendar")
        return inferred(span, f"the week {plural(count, 'week')} before {publication_note(published)}")
    date = shift(cut_to(published, unit), -count, unit)
    if date is None:
        return unresolved("reaches back before the calendar")
    return inferred(date, f"{plural(count, unit)} before {publication_note(published)}")


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


def vague_word(match: re.Match[str], context: Context) -> Result:
    """'Recently', 'soon': listed for the curator to date, with the side of publication they point to."""
    words = words_of(match)
    side = next((side for start, side in _VAGUE_SIDES.items() if words.startswith(start)), "around")
    if context.published is None:
        return vague(f"some time {side} publication, which the source does not date")
    return vague(f"some time {side} {publication_note(context.published)}")
