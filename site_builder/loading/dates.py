"""Partial dates: a year, a month or a day, each sorting and printing at its own precision."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # \d and int() take any script's digits
MONTHS = tuple(calendar.month_name)  # locale-independent English names; index 0 is ""


class DateError(ValueError):
    """A date string that is malformed or names a day that does not exist."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day.

    Missing parts compare as 0, so a year sorts before its months and a month before its days.
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
        year, month, day = (int(part) if part else 0 for part in match.groups())
        if year < 1:
            raise DateError(f"'{text}' has no year 0000: years start at 0001")
        if match.group(2) and not 1 <= month <= 12:
            raise DateError(f"'{text}' has no month {month:02d}: months run from 01 to 12")
        if match.group(3):
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise DateError(f"'{text}' is not a real day: {MONTHS[month]} {year} has {last} days")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """The form HTML's datetime attribute and schema.org accept: 2014, 2014-11 or 2014-11-03."""
        parts = [f"{self.year:04d}", f"{self.month:02d}" if self.month else "", f"{self.day:02d}" if self.day else ""]
        return "-".join(part for part in parts if part)

    def human(self) -> str:
        """As a person writes it: '3 November 2014', 'November 2014' or '2014'."""
        parts = [str(self.day) if self.day else "", MONTHS[self.month], str(self.year)]
        return " ".join(part for part in parts if part)

    def last_day(self) -> tuple[int, int, int]:
        """The latest day this date may stand for, to compare a range's end with its start."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return (self.year, month, day)

    def first_day(self) -> tuple[int, int, int]:
        return (self.year, self.month or 1, self.day or 1)


@dataclass(frozen=True)
class DateSpan:
    """When an event happened: a partial date, perhaps a range, perhaps approximate."""

    start: PartialDate
    end: PartialDate | None = None
    circa: bool = False  # the whole span is approximate
    end_circa: bool = False  # only its end is

    def human(self) -> str:
        """'3 November 2014', '3–7 November 2014', 'January–June 2014', 'c. 2014', '3 – c. 7 November 2014'."""
        if self.end is None:
            text = self.start.human()
        elif self.end_circa:
            text = _human_range(self.start, self.end, end_prefix="c. ")
        else:
            text = _human_range(self.start, self.end)
        return f"c. {text}" if self.circa else text

    def iso(self) -> str:
        return self.start.iso() if self.end is None else f"{self.start.iso()}/{self.end.iso()}"

    @property
    def year(self) -> int:
        return self.start.year


def _human_range(start: PartialDate, end: PartialDate, end_prefix: str = "") -> str:
    """Share what the two ends have in common, as '3–7 November 2014' or '3 May – 7 June 2014'.

    An `end_prefix` ("c. ") sets the end apart with spaces around the dash: '3 – c. 7 November 2014'.
    """
    dash = f" \N{EN DASH} {end_prefix}" if end_prefix else "\N{EN DASH}"
    if start.precision == end.precision and start.year == end.year:
        if start.precision == "day" and start.month == end.month:
            return f"{start.day}{dash}{end.day} {MONTHS[start.month]} {start.year}"
        if start.precision == "day":
            return (
                f"{start.day} {MONTHS[start.month]} \N{EN DASH} {end_prefix}{end.day} {MONTHS[end.month]} {start.year}"
            )
        if start.precision == "month":
            return f"{MONTHS[start.month]}{dash}{MONTHS[end.month]} {start.year}"
    if start.precision == end.precision == "year":
        return f"{start.year}{dash}{end.year}"
    return f"{start.human()} \N{EN DASH} {end_prefix}{end.human()}"
