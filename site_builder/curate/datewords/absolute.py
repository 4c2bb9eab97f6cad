"""Resolvers for dates the text states: '3 March 2019', 'March 2019', '2014–2016', 'Q3 2014', 'the 1990s'.

A day and month written without a year ('on 3 March') is read here too; its year comes from the publication,
so it is inferred.
"""

from __future__ import annotations

import re

from ...loading.dates import DateSpan, PartialDate
from .arithmetic import real
from .mention import Context, Kind, Result, stated, unresolved
from .relative import year_for
from .vocabulary import HALVES, QUARTERS, month_number


def iso_day(match: re.Match[str], context: Context) -> Result:
    date = real(int(match["year"]), int(match["month"]), int(match["day"]))
    return stated(date) if date else unresolved("no such day")


def month_day(match: re.Match[str], context: Context) -> Result:
    """'3 March 2019', 'March 3-7', 'the 3rd of March': a day or a few, stated when the year is."""
    month, day = month_number(match["month"]), int(match["day"])
    last = int(match["day2"]) if match["day2"] else None
    kind: Kind
    if match["year"]:
        year = int(match["year"])
        reason, kind = "", "stated"
    else:
        guessed = year_for(month, day, context)
        if isinstance(guessed, Result):
            return guessed
        (year, reason), kind = guessed, "inferred"
    start, end = real(year, month, day), real(year, month, last) if last else None
    if start is None or (last is not None and (end is None or last <= day)):
        return unresolved("no such day")
    return Result(kind, DateSpan(start, end), reason)


def month_year(match: re.Match[str], context: Context) -> Result:
    first = real(int(match["year"]), month_number(match["month"]))
    assert first is not None
    if match["month2"]:
        second = real(int(match["year"]), month_number(match["month2"]))
        assert second is not None
        return stated(DateSpan(first, second)) if second > first else unresolved("the range runs backwards")
    return stated(first)


def bare_year(match: re.Match[str], context: Context) -> Result:
    return stated(PartialDate(int(match["year"])))


def year_range(match: re.Match[str], context: Context) -> Result:
    first, second = int(match["first"]), int(match["second"])
    if second <= first:
        return unresolved("the range runs backwards")
    return stated(DateSpan(PartialDate(first), PartialDate(second)))


def part_of_year(match: re.Match[str], context: Context) -> Result:
    """A half or quarter written out: 'the first half of 2014', 'the third quarter of 2014'."""
    if match["half"]:
        return _months_of(int(match["year"]), HALVES[match["half"].lower()], 6)
    return _months_of(int(match["year"]), QUARTERS[match["quarter"].lower()], 3)


def numbered_part_of_year(match: re.Match[str], context: Context) -> Result:
    """A half or quarter numbered: 'Q3 2014', 'H1 2014'."""
    months = 3 if match["letter"] == "Q" else 6
    if int(match["number"]) * months > 12:
        return unresolved(f"a year has no {match['letter']}{match['number']}")
    return _months_of(int(match["year"]), int(match["number"]), months)


def _months_of(year: int, number: int, months: int) -> Result:
    """The `number`th stretch of `months` months in `year`: the second quarter is April to June."""
    first = (number - 1) * months + 1
    return stated(DateSpan(PartialDate(year, first), PartialDate(year, first + months - 1)))


def rough_year(match: re.Match[str], context: Context) -> Result:
    """'Early 2014', 'the end of 2014': the year is stated, the part of it is too loose to date."""
    return stated(PartialDate(int(match["year"])), f"{match['part'].lower()} {match['year']}: only the year")


def decade(match: re.Match[str], context: Context) -> Result:
    start = int(match["decade"])
    part = f"{match['part'].lower()} {start}s: " if match["part"] else ""
    return stated(DateSpan(PartialDate(start), PartialDate(start + 9)), f"{part}the decade" if part else "")
