import pytest

from site_builder.loading.dates import DateError, DateSpan, PartialDate


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


@pytest.mark.parametrize("text", ["2014", "2014-11", "2014-11-03", "2016-02-29"])
def test_valid_dates_keep_their_precision_in_iso(text):
    assert d(text).iso() == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2017-02-30", "February 2017 has 28 days"),
        ("2015-02-29", "February 2015 has 28 days"),
        ("2014-13", "no month 13"),
        ("2014-00-10", "no month 00"),
        ("14-11-03", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2014/11/03", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("0000", "names the year 0, which no calendar has"),
    ],
)
def test_impossible_or_malformed_dates_are_rejected_with_a_reason(text, message):
    with pytest.raises(DateError, match=message):
        d(text)


def test_a_year_sorts_before_its_months_and_a_month_before_its_days():
    dates = [d("2014-05-01"), d("2014-05"), d("2015"), d("2014"), d("2013-12-31")]
    assert [x.iso() for x in sorted(dates)] == ["2013-12-31", "2014", "2014-05", "2014-05-01", "2015"]


@pytest.mark.parametrize(
    ("start", "end", "circa", "human"),
    [
        ("2014-11-03", None, False, "3 November 2014"),
        ("2014-05", None, False, "May 2014"),
        ("2014", None, False, "2014"),
        ("2014", None, True, "c. 2014"),
        ("2014-11-03", "2014-11-07", False, "3–7 November 2014"),
        ("2014-05-30", "2014-06-02", False, "30 May – 2 June 2014"),
        ("2014-12-30", "2015-01-02", False, "30 December 2014 – 2 January 2015"),
        ("2014-01", "2014-06", False, "January–June 2014"),
        ("2015", "2017", True, "c. 2015–2017"),
        ("2014", "2014-05", False, "2014 – May 2014"),
    ],
)
def test_spans_print_as_a_person_writes_them(start, end, circa, human):
    span = DateSpan(d(start), d(end) if end else None, circa)
    assert span.human() == human


def test_a_range_ending_within_its_starting_month_is_not_before_it():
    assert not d("2014-11").last_day() < d("2014-11-30").first_day()
    assert d("2014-10").last_day() < d("2014-11-01").first_day()
