"""Date expressions in an article's text, each resolved to an ISO date or range, at the precision its words support.

Absolute dates ("March 3, 2019", "11/3/2014", "the first half of 2014") resolve as written; relative
ones ("on Monday", "last month", "in July", "five days after") against the publication date or a
date the text gives nearby, and are marked inferred; vague ones ("recently") are listed without a
date. Tense decides which way a bare weekday or month points: the past unless the clause says
otherwise, since news reports what happened.

The modules, in the order a text meets them: `sentences` splits it, `rules` finds the expressions (with the words
in `vocabulary`), `finder` picks and orders them, and the resolvers say what each means: `absolute`,
`day_month_order`, `relative` (with `tense`) and `counted`, on the calendar arithmetic of `arithmetic`, each
giving back a `mention.Result`.
"""

from .finder import find_dates
from .mention import KINDS, DateMention, Kind

__all__ = ["KINDS", "DateMention", "Kind", "find_dates"]
