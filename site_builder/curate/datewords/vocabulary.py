"""The words dates are written with: counts, ordinals, units, months, weekdays, and parts of a year.

The upper-case strings (COUNT, UNIT, MONTH_ANY, …) are pieces of the patterns in `rules`; the dictionaries and
functions turn what those patterns matched back into numbers.
"""

from __future__ import annotations

import calendar
import re

_SMALL_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
)
NUMBERS = {word: value for value, word in enumerate(_SMALL_NUMBERS.split())} | {
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
COUNT = rf"\d+|{'|'.join(sorted(NUMBERS, key=len, reverse=True))}|{_VAGUE_COUNTS}"
_SMALL_ORDINALS = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth"
ORDINAL_WORDS = {word: value for value, word in enumerate(_SMALL_ORDINALS.split())} | {
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
ORDINAL = rf"\d+(?:st|nd|rd|th)|{'|'.join(sorted(ORDINAL_WORDS, key=len, reverse=True))}"
UNIT = r"days?|weeks?|months?|years?|decades?"
_MONTH_NUMBERS = (
    {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
    | {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)
MONTH_FULL = "|".join(name for name in calendar.month_name if name)
MONTH_ANY = rf"(?:{MONTH_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
# Months that are also everyday words ("may", "march", "august"): taken bare only after a word that dates.
_WORDLIKE_MONTHS = frozenset({5, 3, 8})
_MONTH_CUE = re.compile(
    r"(?:\b(?:in|of|since|until|till|by|during|before|after|from|to|through|early|late|mid|last|next|this|each|every)"
    r"\s+|['’]s\s+|mid-)\Z",
    re.IGNORECASE,
)
WEEKDAYS = tuple(calendar.day_name)  # Monday first, as datetime.weekday() counts
WEEKDAY = "|".join(WEEKDAYS)
YEAR = r"(?:1[2-9]\d\d|20\d\d|21\d\d)"
HALVES = {"first": 1, "1st": 1, "second": 2, "2nd": 2}
QUARTERS = {
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


def count_of(word: str | None) -> int | None:
    """A written count as a number; None for "a few", "several" and the like."""
    if word is None:
        return None
    word = word.lower()
    return int(word) if word.isdigit() else NUMBERS.get(word)


def unit_of(word: str) -> str:
    """The unit a word names, singular: "weeks" is "week"."""
    return word.lower().removesuffix("s")


def in_years(count: int, unit: str) -> tuple[int, str]:
    """Decades counted as years, which calendar arithmetic steps by; any other unit as it is."""
    return (count * 10, "year") if unit == "decade" else (count, unit)


def plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def month_number(word: str) -> int:
    return _MONTH_NUMBERS[word.lower().rstrip(".")]


def month_words(month: int, day: int) -> str:
    return f"{day} {calendar.month_name[month]}" if day else calendar.month_name[month]


def is_month(match: re.Match[str]) -> bool:
    """A capitalised month name is a month unless it is also a word ("May", "March") with nothing dating it."""
    if month_number(match["month"]) not in _WORDLIKE_MONTHS or match["prep"]:
        return True
    return bool(_MONTH_CUE.search(match.string[: match.start()]))


def words_of(match: re.Match[str]) -> str:
    """The matched words in lower case, one space between each: "Earlier  Today" is "earlier today"."""
    return " ".join(match.group().lower().split())
