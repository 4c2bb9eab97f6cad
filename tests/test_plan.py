"""The plan groups the timeline once per build; each page still shows its own selection of it."""

from __future__ import annotations

from site_builder.loading.content import load_site
from site_builder.site.plan import Page, plan_pages


def dated(tiny, slug: str, date: str, extra: str = "") -> None:
    tiny.event(
        slug,
        f"""\
        title: Event {slug}
        date: {date}
        summary: It happened.
        sources: [{{source: daily, quote: "the ministers met"}}]
        """
        + extra,
    )


def page(pages: list[Page], url: str) -> Page:
    [found] = [p for p in pages if p.url == url]
    return found


def test_a_topic_measures_its_gaps_between_its_own_events(tiny):
    dated(tiny, "early", "1900", "tags: [trade]\n")
    dated(tiny, "between", "1950", "tags: [diplomacy]\n")
    pages = plan_pages(load_site(tiny.root))
    timeline = [(group.year, group.years_later) for group in page(pages, "").context["years"]]
    trade = [(group.year, group.years_later) for group in page(pages, "tags/trade/").context["years"]]
    assert timeline == [(1900, None), (1950, 49), (2014, 63)]
    assert trade == [(1900, None), (2014, 113)]  # from the end of 1900 to November 2014


def test_an_event_naming_one_person_in_two_spellings_is_listed_once_on_their_page(tiny):
    dated(tiny, "talks", "2013-05", "people: [Ada Lovelace, ada lovelace]\n")
    pages = plan_pages(load_site(tiny.root))
    group = page(pages, "people/ada-lovelace/").context["group"]
    assert [event.slug for event in group.events] == ["talks"]
    assert page(pages, "people/").context["counts"] == ((group.named, 1),)


def test_the_feed_offers_the_latest_events_in_the_timeline_without_git_dates(tiny):
    dated(tiny, "late", "2020")
    dated(tiny, "early", "1990")
    dated(tiny, "same-day", "2014-11-03")  # sorts after the meeting on the same day, by its slug
    pages = plan_pages(load_site(tiny.root), "https://example.org/")
    entries = page(pages, "feed.xml").context["entries"]
    assert [event.slug for event, _ in entries] == ["late", "same-day", "2014-11-03-meeting", "early"]
