"""Partial dates: a year, a month or a day, each sorting and printing at its own precision.

Years are counted as people count them: 500 BCE is the year -500, and 1 BCE (-1) is followed by
1 CE (1), with no year 0 between. Where years are subtracted or written for machines (ISO 8601,
HTML, feeds) they go through the astronomical count, which has a year 0 (1 BCE) so that subtraction
gives elapsed years.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

# A year CE is written with four digits, as ISO 8601 writes it; a year BCE with a minus and the year as
# people count it, so "-500" is 500 BCE. \d and int() take any script's digits, hence [0-9].
_PATTERN = re.compile(r"(-?)([0-9]+)(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
MONTHS = tuple(calendar.month_name)  # locale-independent English names; index 0 is ""
BOUNDS = ("before", "after")  # an event known only to have happened before, or after, its date


class DateError(ValueError):
    """A date string that is malformed or names a day that does not exist."""


def astronomical(year: int) -> int:
    """The year on the count that has a year 0: 1 BCE is 0, 500 BCE is -499, CE years are unchanged."""
    return year + 1 if year < 0 else year


def from_astronomical(year: int) -> int:
    """The year as people count it, from the astronomical count: 0 is 1 BCE (-1)."""
    return year - 1 if year <= 0 else year


def years_from(earlier: int, later: int) -> int:
    """How many years `later` is after `earlier`: from 1 BCE to 1 CE is one year, not two."""
    return astronomical(later) - astronomical(earlier)


def year_name(year: int) -> str:
    """A year as a reader reads it: '2014', '500 BCE'."""
    return f"{-year} BCE" if year < 0 else str(year)


def years_name(first: int, last: int) -> str:
    """A stretch of years as a reader reads it: '2011–2014', '500–450 BCE', '100 BCE – 50 CE'."""
    return DateSpan(PartialDate(first), PartialDate(last)).human()


def _days_in(year: int, month: int) -> int:
    """Leap years counted as in the proleptic Gregorian calendar, on the astronomical count (1 BCE leaps)."""
    return calendar.monthrange(astronomical(year), month)[1]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day.

    Missing parts compare as 0, so a year sorts before its months and a month before its days; a
    negative year is BCE, so every date BCE sorts before every date CE.
    """

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = _PATTERN.fullmatch(text.strip())
        if not match:
            digits = " with the digits 0-9" if any(char.isdigit() and not char.isascii() for char in text) else ""
            raise DateError(f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD{digits}")
        minus, digits, month_text, day_text = match.groups()
        if not minus and len(digits) != 4 and digits.strip("0"):
            raise DateError(f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
        if not digits.strip("0"):
            raise DateError(f"'{text}' names the year 0, which no calendar has: 1 BCE (-1) is followed by 1 CE (0001)")
        if minus and digits.startswith("0"):
            raise DateError(
                f"'{text}' starts its year BCE with a zero: write the year as people count it, "
                f"-{digits.lstrip('0')} for {digits.lstrip('0')} BCE"
            )
        if minus and len(digits) > 4:
            raise DateError(f"'{text}' is too long ago: the earliest year is 9999 BCE (-9999)")
        year = -int(digits) if minus else int(digits)
        month, day = int(month_text or 0), int(day_text or 0)
        if month_text and not 1 <= month <= 12:
            raise DateError(f"'{text}' has no month {month:02d}: months run from 01 to 12")
        if day_text:
            last = _days_in(year, month)
            if not 1 <= day <= last:
                raise DateError(f"'{text}' is not a real day: {MONTHS[month]} {year_name(year)} has {last} days")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def is_bce(self) -> bool:
        return self.year < 0

    @property
    def astronomical_year(self) -> int:
        return astronomical(self.year)

    def _parts(self, year: str) -> str:
        parts = [year, f"{self.month:02d}" if self.month else "", f"{self.day:02d}" if self.day else ""]
        return "-".join(part for part in parts if part)

    def iso(self) -> str:
        """ISO 8601 at the date's precision: 2014, 2014-11 or 2014-11-03; a year BCE in the expanded,
        astronomical form ('-0499' for 500 BCE, '0000' for 1 BCE), which HTML cannot hold."""
        year = self.astronomical_year
        return self._parts(f"{year:05d}" if year < 0 else f"{year:04d}")

    def written(self) -> str:
        """As a curator writes it in an event's YAML: '2014-11-03', '-500', '-44-03-15'."""
        return self._parts(f"{self.year:04d}" if self.year > 0 else str(self.year))

    def human(self) -> str:
        """As a person writes it: '3 November 2014', 'November 2014', '2014' or '15 March 44 BCE'."""
        parts = [str(self.day) if self.day else "", MONTHS[self.month], year_name(self.year)]
        return " ".join(part for part in parts if part)

    def last_day(self) -> tuple[int, int, int]:
        """The latest day this date may stand for, to compare a range's end with its start."""
        month = self.month or 12
        return (self.year, month, self.day or _days_in(self.year, month))

    def first_day(self) -> tuple[int, int, int]:
        return (self.year, self.month or 1, self.day or 1)

    def shifted(self, step: int) -> PartialDate:
        """The date `step` (1 or -1) of its own units later: the next year, month or day."""
        if self.precision == "year":
            return PartialDate(from_astronomical(self.astronomical_year + step))
        if self.precision == "month":
            months = self.astronomical_year * 12 + self.month - 1 + step
            return PartialDate(from_astronomical(months // 12), months % 12 + 1)
        day = self.day + step
        if 1 <= day <= _days_in(self.year, self.month):
            return PartialDate(self.year, self.month, day)
        month = PartialDate(self.year, self.month).shifted(step)
        return PartialDate(month.year, month.month, 1 if step > 0 else _days_in(month.year, month.month))


@dataclass(frozen=True)
class DateSpan:
    """When an event happened: a partial date, perhaps a range, perhaps approximate, uncertain or a bound."""

    start: PartialDate
    end: PartialDate | None = None
    circa: bool = False  # the whole span is approximate
    end_circa: bool = False  # only its end is
    uncertain: bool = False  # the date may be wrong: shown with a question mark
    bound: str | None = None  # one of BOUNDS: the event happened before, or after, `start`; never with an end

    def human(self) -> str:
        """'3 November 2014', '3–7 November 2014', 'c. 2014', '3 – c. 7 November 2014', '500–450 BCE',
        '100 BCE – 50 CE', '1952?', 'before March 1952'."""
        if self.end is None:
            text = self.start.human()
        elif self.end_circa:
            text = _human_range(self.start, self.end, end_prefix="c. ")
        else:
            text = _human_range(self.start, self.end)
        text = f"c. {text}" if self.circa else text
        text = f"{self.bound} {text}" if self.bound else text
        return f"{text}?" if self.uncertain else text

    def iso(self) -> str:
        """ISO 8601: a date, a range 'start/end', or for a bound the open range schema.org reads,
        '../1952-02' (before March 1952) or '1991/..' (after 1990)."""
        if self.bound == "before":
            return f"../{self.start.shifted(-1).iso()}"
        if self.bound == "after":
            return f"{self.start.shifted(+1).iso()}/.."
        return self.start.iso() if self.end is None else f"{self.start.iso()}/{self.end.iso()}"

    def html_datetime(self) -> str | None:
        """The start for HTML's datetime attribute, or None: HTML has no years BCE, and a bound's date
        is not when the event happened."""
        return None if self.start.is_bce or self.bound else self.start.iso()

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def sort_key(self) -> tuple[PartialDate, int, PartialDate]:
        """Chronological, a year before its months. A date 'before' X is listed just ahead of the
        events dated X, and one 'after' X just behind every event within X."""
        if self.bound == "before":
            return (self.start, -1, self.start)
        if self.bound == "after":
            last = PartialDate(*self.start.last_day())
            return (last, 1, last)
        return (self.start, 0, self.end or self.start)


def _human_range(start: PartialDate, end: PartialDate, end_prefix: str = "") -> str:
    """Share what the two ends have in common, as '3–7 November 2014', '3 May – 7 June 2014' or
    '500–450 BCE'; a range from BCE into CE marks its end '50 CE'.

    An `end_prefix` ("c. ") sets the end apart with spaces around the dash: '3 – c. 7 November 2014'.
    """
    dash = f" \N{EN DASH} {end_prefix}" if end_prefix else "\N{EN DASH}"
    if start.precision == end.precision and start.year == end.year:
        year = year_name(start.year)
        if start.precision == "day" and start.month == end.month:
            return f"{start.day}{dash}{end.day} {MONTHS[start.month]} {year}"
        if start.precision == "day":
            return f"{start.day} {MONTHS[start.month]} \N{EN DASH} {end_prefix}{end.day} {MONTHS[end.month]} {year}"
        if start.precision == "month":
            return f"{MONTHS[start.month]}{dash}{MONTHS[end.month]} {year}"
    if start.precision == end.precision == "year" and start.is_bce == end.is_bce:
        era = " BCE" if start.is_bce else ""
        return f"{abs(start.year)}{dash}{abs(end.year)}{era}"
    era = " CE" if start.is_bce and not end.is_bce else ""
    return f"{start.human()} \N{EN DASH} {end_prefix}{end.human()}{era}"
