"""The patterns that find date expressions, each paired with the resolver that says what it means.

The order of `RULES` matters only between matches of the same start and length: the first rule listed wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import absolute, counted, relative
from .day_month_order import numeric_date
from .mention import Context, Result
from .vocabulary import COUNT, MONTH_ANY, MONTH_FULL, NUMBERS, ORDINAL, UNIT, WEEKDAY, YEAR, is_month

Resolver = Callable[[re.Match[str], Context], Result]
Accepts = Callable[[re.Match[str]], bool]


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    resolve: Resolver
    dependent: bool = False  # resolved from the sentence's other dates or earlier ones, so after them
    dates_an_offset: bool = False  # "five days after" may be written right before it
    accepts: Accepts | None = None  # a second look at a match the pattern cannot give


def _date(pattern: str, resolve: Resolver, *, flags: int = 0, accepts: Accepts | None = None) -> Rule:
    """A date that stands alone, and may be the one an offset counts from: "five days after <it>"."""
    return Rule(re.compile(pattern, flags), resolve, dates_an_offset=True, accepts=accepts)


def _counted(pattern: str, resolve: Resolver) -> Rule:
    """A date counted from others: resolved after the sentence's other dates."""
    return Rule(re.compile(pattern, re.IGNORECASE), resolve, dependent=True)


def _stretch(pattern: str, resolve: Resolver) -> Rule:
    """A stretch of time no offset counts from: a decade, 'the past three years', 'recently'."""
    return Rule(re.compile(pattern, re.IGNORECASE), resolve)


_I = re.IGNORECASE
_WEEKDAY_BEFORE = rf"(?:(?:{WEEKDAY}),?\s+)?"
_DAYS = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"  # 3, 3rd, 3-7
# Bare numbers that are amounts, not years.
_NOT_A_YEAR_AFTER = r"(?![\w%]|[.,/:]\d|\s*(?:million|billion|thousand|percent|per\s+cent|people)\b)"

# "Five days after": joined with a date written right after it into one expression (see finder._merge_offsets).
OFFSET = _counted(
    rf"\b(?:(?:just|only|mere(?:ly)?|barely)\s+)?(?:(?P<count>{COUNT})\s+)?(?P<unit>{UNIT})\s+"
    rf"(?P<direction>after|before|later|earlier|prior\s+to)\b",
    counted.offset,
)


RULES: tuple[Rule, ...] = (
    _date(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b", absolute.iso_day),
    _date(r"\b(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>\d{4})\b", numeric_date),
    _date(
        rf"\b{_WEEKDAY_BEFORE}(?P<month>{MONTH_ANY})\s+{_DAYS}(?:,?\s+(?P<year>\d{{4}}))?(?![\d:])",
        absolute.month_day,
    ),
    _date(
        rf"\b{_WEEKDAY_BEFORE}(?:the\s+)?{_DAYS}\s+(?:of\s+)?(?P<month>{MONTH_ANY})(?:,?\s+(?P<year>\d{{4}}))?\b",
        absolute.month_day,
    ),
    _date(
        rf"\b(?P<month>{MONTH_ANY})(?:\s*[-\u2013]\s*(?P<month2>{MONTH_ANY}))?\s+(?:of\s+)?(?P<year>{YEAR})\b",
        absolute.month_year,
    ),
    _date(
        rf"(?:\b(?P<prep>(?i:in|last|next|this|early|late|since|until|by|during)\s+|(?i:mid)-))?"
        rf"\b(?P<month>{MONTH_FULL})\b(?!\.?,?\s+(?:of\s+)?\d|\s*[-\u2013]\s*\d)",
        relative.bare_month,
        accepts=is_month,
    ),
    _date(rf"(?<![\w$€£¥.,/:#-])(?P<year>{YEAR}){_NOT_A_YEAR_AFTER}", absolute.bare_year),
    _date(rf"\b(?P<first>{YEAR})\s*[-\u2013]\s*(?P<second>{YEAR})\b", absolute.year_range),
    _date(rf"\b(?i:from)\s+(?P<first>{YEAR})\s+(?i:to|until)\s+(?P<second>{YEAR})\b", absolute.year_range),
    _date(
        rf"\b(?:the\s+)?(?:(?P<half>first|second|1st|2nd)\s+half|(?P<quarter>first|second|third|fourth|final|last|"
        rf"1st|2nd|3rd|4th)\s+quarter)\s+of\s+(?P<year>{YEAR})\b",
        absolute.part_of_year,
        flags=_I,
    ),
    _date(rf"\b(?P<letter>[QH])(?P<number>[1-4])\s+(?P<year>{YEAR})\b", absolute.numbered_part_of_year),
    _date(
        rf"\b(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)[-\s]+(?P<year>{YEAR})\b",
        absolute.rough_year,
        flags=_I,
    ),
    _stretch(
        r"\b(?:the\s+)?(?:(?P<part>early|mid|late)[-\s])?(?P<decade>1[2-9]\d0|20\d0)['’]?s\b",
        absolute.decade,
    ),
    _date(
        rf"(?:\b(?P<prep>(?i:on|last|next|this|since|until|by|from))\s+)?\b(?P<weekday>{WEEKDAY})(?!s)"
        rf"(?:\s+(?i:morning|afternoon|evening|night))?\b(?!,?\s+(?:the\s+)?(?:\d|{MONTH_ANY}))",
        relative.weekday,
    ),
    _date(
        r"\b(?:today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|(?:earlier|later)\s+today)\b",
        relative.today,
        flags=_I,
    ),
    _date(
        r"(?<!\bthe\s)\b(?:(?:earlier|later)\s+)?(?P<which>last|this|next|previous)\s+(?P<unit>week|month|year)\b",
        relative.calendar_period,
        flags=_I,
    ),
    _stretch(
        rf"\bthe\s+(?:past|last|previous)\s+(?:(?P<count>{COUNT})\s+)?(?P<unit>{UNIT})\b",
        relative.trailing_period,
    ),
    _date(rf"\b(?P<count>{COUNT})\s+(?P<unit>{UNIT})\s+ago\b", relative.ago, flags=_I),
    OFFSET,
    _counted(
        r"\b(?:(?:earlier|later)\s+(?:in\s+the|that|on\s+the\s+same)\s+day|(?:on\s+)?(?:that|the)\s+same\s+day)\b",
        counted.same_day,
    ),
    _counted(
        rf"\b(?:will\s+)?(?:last|lasts|lasted|lasting|run|runs|ran|running|continue|continues|continued)\s+"
        rf"(?:for\s+)?(?P<count>{COUNT})\s+(?P<unit>{UNIT})\b",
        counted.duration,
    ),
    _counted(
        rf"\b(?P<count>\d+|{'|'.join(NUMBERS)})-(?P<unit>day|week|month|year)\s+(?:visit|trip|tour|mission|"
        r"conference|summit|meeting|festival|exhibition|event|stay|programme|program|course|ceasefire|truce|strike|"
        r"campaign|journey|workshop|seminar|forum|fair|operation|delegation)\b",
        counted.duration,
    ),
    _counted(r"\bthe\s+(?:following|next)\s+(?P<unit>day|week|month|year)\b", counted.next_one),
    _counted(rf"\b(?P<ordinal>{ORDINAL})\s+anniversary\b", counted.anniversary),
    _stretch(
        r"\b(?:recently|recent|lately|soon|shortly|upcoming|forthcoming|scheduled|in\s+the\s+near\s+future|"
        r"in\s+the\s+coming\s+(?:days|weeks|months|years)|in\s+recent\s+(?:days|weeks|months|years|times)|"
        r"these\s+days|nowadays)\b",
        relative.vague_word,
    ),
)
