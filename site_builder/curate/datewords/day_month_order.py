"""'11/3/2014': a numeric date whose order, day or month first, the writer did not say.

When only one order makes a real day, that one is stated; when both do, the reading nearer the publication is
taken and marked inferred, since an article mostly speaks of days close to it.
"""

from __future__ import annotations

import datetime
import re

from .arithmetic import as_day, real
from .mention import Context, Result, inferred, publication_note, stated, unresolved


def numeric_date(match: re.Match[str], context: Context) -> Result:
    first, second, year = int(match["first"]), int(match["second"]), int(match["year"])
    month_first, day_first = real(year, first, second), real(year, second, first)
    if month_first is None and day_first is None:
        return unresolved("no such day, with the day first or the month first")
    if month_first is None or day_first is None or month_first == day_first:
        date = month_first or day_first
        assert date is not None
        order = "" if month_first == day_first else "month first" if day_first is None else "day first"
        return stated(date, f"{order}: {max(first, second)} cannot be a month" if order else "")
    readings = f"{day_first.human()} (day first) or {month_first.human()} (month first)"
    if context.published is None:
        return unresolved(f"day/month order unclear: {readings}")
    publication = datetime.date(*context.published.first_day()).toordinal()
    nearer, other = sorted(
        [(day_first, "day first"), (month_first, "month first")],
        key=lambda reading: abs(as_day(reading[0]).toordinal() - publication),
    )
    return inferred(
        nearer[0],
        f"day/month order unclear: read {nearer[1]}, nearer {publication_note(context.published)} than {other[1]} "
        f"({other[0].human()})",
    )
