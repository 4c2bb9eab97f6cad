"""Finding a text's date expressions: sentence by sentence, the leftmost longest matches, resolved in order."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...loading.dates import PartialDate
from .mention import Context, DateMention
from .rules import OFFSET, RULES, Rule
from .sentences import Sentence, sentences, shorten


def find_dates(text: str, published: PartialDate | None) -> tuple[DateMention, ...]:
    """Every date expression in `text`, in reading order; relative ones resolved against `published`."""
    if published is not None and not 1 <= published.year <= 9999:
        published = None  # an article is not dated BCE; datetime cannot count from there
    mentions: list[DateMention] = []
    previous: list[DateMention] = []
    for sentence in sentences(text):
        previous = _sentence_mentions(sentence, published, mentions, previous)
        mentions.extend(previous)
    return tuple(mentions)


@dataclass(frozen=True)
class _Candidate:
    """A match of one rule, perhaps with the date an offset counts from written right after it."""

    start: int
    end: int
    rule: Rule
    match: re.Match[str]
    inner: _Candidate | None = None


def _sentence_mentions(
    sentence: Sentence, published: PartialDate | None, earlier: list[DateMention], previous: list[DateMention]
) -> list[DateMention]:
    """The sentence's dates: first those that stand alone, then those counted from others."""
    candidates = _merge_offsets(_leftmost_longest(sentence.text))
    resolved: dict[int, DateMention] = {}
    for candidate in sorted(candidates, key=lambda candidate: candidate.rule.dependent):
        alongside = sorted(resolved.items())
        before = earlier + [mention for at, mention in alongside if at < candidate.start]
        context = Context(published, sentence.text, candidate.start, candidate.end, before, alongside, previous)
        if candidate.inner is not None:
            inner = candidate.inner
            inner_context = replace(context, start=inner.start, end=inner.end)
            context = replace(context, inner=inner.rule.resolve(inner.match, inner_context))
        result = candidate.rule.resolve(candidate.match, context)
        resolved[candidate.start] = DateMention(
            line=sentence.line_at(candidate.start),
            expression=sentence.text[candidate.start : candidate.end],
            sentence=shorten(sentence.text, candidate.start, candidate.end),
            kind=result.kind,
            when=result.when,
            reason=result.reason,
        )
    return [mention for _, mention in sorted(resolved.items())]


def _leftmost_longest(text: str) -> list[_Candidate]:
    """Every rule's matches, keeping at each place the longest, so "3 March 2019" is one date, not three."""
    found = [
        _Candidate(match.start(), match.end(), rule, match)
        for rule in RULES
        for match in rule.pattern.finditer(text)
        if match.end() > match.start() and (rule.accepts is None or rule.accepts(match))
    ]
    found.sort(key=lambda c: (c.start, c.start - c.end))
    chosen: list[_Candidate] = []
    for candidate in found:
        if not chosen or candidate.start >= chosen[-1].end:
            chosen.append(candidate)
    return chosen


def _merge_offsets(candidates: list[_Candidate]) -> list[_Candidate]:
    """Join an offset ("five days after") and the date written right after it into one expression."""
    merged: list[_Candidate] = []
    for candidate in candidates:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.rule is OFFSET
            and last.inner is None
            and candidate.rule.dates_an_offset
            and last.match.group("direction").lower() in ("after", "before", "prior to")
            and not last.match.string[last.end : candidate.start].strip()
        ):
            merged[-1] = _Candidate(last.start, candidate.end, last.rule, last.match, candidate)
        else:
            merged.append(candidate)
    return merged
