"""Calendar arithmetic on partial dates, at each date's own precision, never past the calendar's ends, 1 and 9999.

Every step that could leave the calendar returns None rather than raising, so that a resolver can say so in its
reason instead of failing the whole article.
"""

from __future__ import annotations

import calendar
import datetime

from ...loading.dates import DateSpan, PartialDate

_DIGITS = {"day": 3, "week": 3, "month": 2, "year": 1, "decade": 1}  # how many of year, month, day a unit needs


def as_day(date: PartialDate) -> datetime.date:
    return datetime.date(date.year, date.month, date.day)


def add_days(date: PartialDate, days: int) -> PartialDate | None:
    """A day `days` after (or before) `date`, which has a day; None past the calendar's ends, 1 and 9999."""
    try:
        day = as_day(date) + datetime.timedelta(days=days)
    except OverflowError:
        return None
    return PartialDate(day.year, day.month, day.day)


def real(year: int, month: int, day: int = 0) -> PartialDate | None:
    """The date, or None when no such day exists (31 April) or the year falls outside 1–9999."""
    if not 1 <= year <= 9999 or not 0 <= month <= 12 or (day and (not month or day > _days_in(year, month))):
        return None
    return PartialDate(year, month, day)


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def shift(date: PartialDate, count: int, unit: str) -> PartialDate | None:
    """`date` moved by `count` units (negative: back), at the date's own precision; None when it has too little."""
    if unit in ("day", "week"):
        if not date.day:
            return None
        return add_days(date, count * (7 if unit == "week" else 1))
    if unit == "month" and not date.month:
        return None
    months = (date.month or 1) - 1 + count * {"month": 1, "year": 12, "decade": 120}[unit]
    year, month = date.year + months // 12, months % 12 + 1
    if not 1 <= year <= 9999:
        return None
    if not date.month:
        return PartialDate(year)
    return PartialDate(year, month, date.day if date.day and date.day <= _days_in(year, month) else 0)


def precise_enough(date: PartialDate, unit: str) -> bool:
    """Whether `date` is precise enough to count `unit`s from: a week needs a day, a month a month."""
    return (3 if date.day else 2 if date.month else 1) >= _DIGITS[unit]


def precision_for(unit: str) -> str:
    """The precision a date needs to count `unit`s from: weeks are counted in days."""
    return "day" if unit == "week" else unit


def cut_to(date: PartialDate, unit: str) -> PartialDate:
    """`date` at the precision of `unit` (day, month or year), so that a month ago is a month, not a day."""
    if unit == "day":
        return date
    return PartialDate(date.year, date.month if unit == "month" else 0)


def week_of(date: PartialDate, weeks: int) -> DateSpan | None:
    """Monday to Sunday of the week `weeks` after (or before) the one holding `date`."""
    monday = add_days(date, 7 * weeks - as_day(date).weekday())
    sunday = add_days(monday, 6) if monday else None
    return DateSpan(monday, sunday) if monday and sunday else None
