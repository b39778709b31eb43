"""Date resolution: the model copies date words, code turns them into dates relative to publication.

Expected dates are literal calendar values (checked with ``datetime``, see each block's comment), so a
regression in the arithmetic cannot hide behind the same arithmetic in the test.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from extractor.normalize.dates import NO_PUBLICATION, DateResolution, find_date_expressions, resolve_date

D = dt.date
TUE = D(2020, 6, 23)  # a Tuesday; the week runs Monday 2020-06-22 to Sunday 2020-06-28

RESOLVED = [
    # Every weekday against Tuesday 2020-06-23: the most recent one on or before publication.
    ("on Monday", TUE, D(2020, 6, 22), "day"),
    ("early Tuesday", TUE, D(2020, 6, 23), "day"),  # same weekday as publication: publication day
    ("late Wednesday", TUE, D(2020, 6, 17), "day"),
    ("Thursday night", TUE, D(2020, 6, 18), "day"),
    ("on Friday morning", TUE, D(2020, 6, 19), "day"),
    ("Saturday evening", TUE, D(2020, 6, 20), "day"),
    ("late on Sunday", TUE, D(2020, 6, 21), "day"),
    ("overnight Sunday", TUE, D(2020, 6, 21), "day"),  # the weekday wins over bare "overnight"
    ("last Tuesday", TUE, D(2020, 6, 16), "day"),  # "last" + publication weekday: a week earlier
    ("ON MONDAY", TUE, D(2020, 6, 22), "day"),
    # Day words relative to publication.
    ("today", TUE, TUE, "day"),
    ("earlier today", TUE, TUE, "day"),
    ("this morning", TUE, TUE, "day"),
    ("tonight", TUE, TUE, "day"),
    ("yesterday", TUE, D(2020, 6, 22), "day"),
    ("last night", TUE, D(2020, 6, 22), "day"),
    ("overnight", TUE, D(2020, 6, 22), "day"),
    ("the day before yesterday", TUE, D(2020, 6, 21), "day"),
    ("two days ago", TUE, D(2020, 6, 21), "day"),
    ("three days earlier", TUE, D(2020, 6, 20), "day"),
    ("2 weeks ago", TUE, D(2020, 6, 8), "week"),  # 2020-06-09 falls in the week of Monday 2020-06-08
    # Absolute dates in their common forms.
    ("June 11", TUE, D(2020, 6, 11), "day"),
    ("11 June", TUE, D(2020, 6, 11), "day"),
    ("June 11, 2020", TUE, D(2020, 6, 11), "day"),
    ("11 June 2020", TUE, D(2020, 6, 11), "day"),
    ("the 11th of June", TUE, D(2020, 6, 11), "day"),
    ("22-23 June", TUE, D(2020, 6, 22), "day"),  # a range starts on its first day
    ("Jan. 20", TUE, D(2020, 1, 20), "day"),
    ("Sept 3", TUE, D(2019, 9, 3), "day"),  # September 2020 is still to come
    ("2020-06-22", TUE, D(2020, 6, 22), "day"),
    ("22/06/2020", TUE, D(2020, 6, 22), "day"),  # day-first
    ("Monday, June 22, 2020", TUE, D(2020, 6, 22), "day"),
    ("on the 5th", TUE, D(2020, 6, 5), "day"),
    ("on the 30th", TUE, D(2020, 5, 30), "day"),  # June 30 is after publication
    ("on the 31st", D(2020, 5, 10), D(2020, 3, 31), "day"),  # May 31 to come, April has no 31st
    # Month, week and year level: the first day of the period.
    ("in January", TUE, D(2020, 1, 1), "month"),
    ("in August", TUE, D(2019, 8, 1), "month"),
    ("mid-March 2019", TUE, D(2019, 3, 1), "month"),
    ("earlier this month", TUE, D(2020, 6, 1), "month"),
    ("this month", TUE, D(2020, 6, 1), "month"),
    ("last month", TUE, D(2020, 5, 1), "month"),
    ("last week", TUE, D(2020, 6, 15), "week"),  # Monday of the previous ISO week
    ("this week", TUE, D(2020, 6, 22), "week"),
    ("earlier this week", TUE, D(2020, 6, 22), "week"),
    ("last year", TUE, D(2019, 1, 1), "year"),
    ("earlier this year", TUE, D(2020, 1, 1), "year"),
    ("in 2019", TUE, D(2019, 1, 1), "year"),
    # Year boundaries: 2021-01-01 is a Friday, 2021-01-02 a Saturday, 2021-01-04 a Monday.
    ("on Thursday", D(2021, 1, 1), D(2020, 12, 31), "day"),
    ("on Thursday", D(2021, 1, 2), D(2020, 12, 31), "day"),
    ("on Friday", D(2021, 1, 1), D(2021, 1, 1), "day"),
    ("December 30", D(2021, 1, 4), D(2020, 12, 30), "day"),
    ("December 30", D(2021, 1, 1), D(2020, 12, 30), "day"),
    ("yesterday", D(2021, 1, 1), D(2020, 12, 31), "day"),
    ("in December", D(2021, 1, 4), D(2020, 12, 1), "month"),
    ("last month", D(2021, 1, 15), D(2020, 12, 1), "month"),
    ("last week", D(2021, 1, 1), D(2020, 12, 21), "week"),  # 2021-01-01 is in ISO week 2020-W53
    ("this week", D(2021, 1, 1), D(2020, 12, 28), "week"),
    ("last year", D(2021, 1, 1), D(2020, 1, 1), "year"),
    # Leap days.
    ("February 29", D(2021, 3, 1), D(2020, 2, 29), "day"),  # the most recent February 29
    ("yesterday", D(2020, 3, 1), D(2020, 2, 29), "day"),
    ("yesterday", D(2021, 3, 1), D(2021, 2, 28), "day"),
    ("on the 29th", D(2021, 3, 10), D(2021, 1, 29), "day"),  # March 29 to come, no February 29 in 2021
    # Surrounding words; the first clear date wins.
    ("on Monday, according to police", TUE, D(2020, 6, 22), "day"),
    ("at dawn on 3 March 2021", D(2021, 3, 5), D(2021, 3, 3), "day"),
    ("police said on Tuesday the attack happened on Sunday", TUE, TUE, "day"),
    ("ahead of the vote on June 30, 2020, clashes broke out on Monday", TUE, D(2020, 6, 22), "day"),
    # A datetime publication is accepted as its date.
    ("yesterday", dt.datetime(2020, 6, 23, 8, 30), D(2020, 6, 22), "day"),
    # Absolute dates with a year need no publication date.
    ("June 11, 2020", None, D(2020, 6, 11), "day"),
    ("at dawn on 3 March 2021", None, D(2021, 3, 3), "day"),
    ("Sept. 3, 2020", None, D(2020, 9, 3), "day"),
    ("29 February 2020", None, D(2020, 2, 29), "day"),
    ("2019-12-31", None, D(2019, 12, 31), "day"),
    ("January 2020", None, D(2020, 1, 1), "month"),
    ("in 2019", None, D(2019, 1, 1), "year"),
]


@pytest.mark.parametrize(("text", "published", "expected", "precision"), RESOLVED)
def test_resolves(text: str, published: dt.date | None, expected: dt.date, precision: str) -> None:
    assert resolve_date(text, published) == DateResolution(expected, precision)


UNRESOLVED = [
    # Relative expressions need a publication date.
    ("on Monday", None, NO_PUBLICATION),
    ("yesterday", None, NO_PUBLICATION),
    ("last week", None, NO_PUBLICATION),
    ("June 11", None, NO_PUBLICATION),
    ("in January", None, NO_PUBLICATION),
    ("on the 5th", None, NO_PUBLICATION),
    ("this year", None, NO_PUBLICATION),
    # A date after publication is impossible.
    ("June 30, 2020", TUE, "after publication"),
    ("in July 2020", TUE, "after publication"),
    ("in 2021", TUE, "after publication"),
    ("January 2021", D(2020, 12, 5), "after publication"),
    # Not a date at all, or not a calendar date.
    (None, TUE, "no date text"),
    ("", TUE, "no date text"),
    ("   ", None, "no date text"),
    ("unknown", TUE, "no date expression"),
    ("up to 30 may have died", TUE, "no date expression"),  # "may" the verb
    ("on the 5th floor", TUE, "no date expression"),
    ("in the last year", TUE, "no date expression"),  # a twelve-month span, not a calendar year
    ("February 30", TUE, "not a calendar date"),
    ("February 29, 2021", None, "not a calendar date"),
    ("2020-13-45", None, "not a calendar date"),
]


@pytest.mark.parametrize(("text", "published", "reason"), UNRESOLVED)
def test_stays_unresolved(text: str | None, published: dt.date | None, reason: str) -> None:
    result = resolve_date(text, published)
    assert (result.date, result.precision) == (None, "unknown")
    assert reason in result.reason


@pytest.mark.parametrize(
    "text",
    [
        "ſept 3",
        "\x00",
        "٣ June",
        "99/99/9999",
        "0000-01-01",
        "on the 99th",
        "in early mid- " * 50,
        "Monday, " * 50,
    ],
)
@pytest.mark.parametrize("published", [None, D(1, 1, 1), TUE, D(9999, 12, 31)])
def test_never_raises(text: str, published: dt.date | None) -> None:
    result = resolve_date(text, published)
    assert (result.date is None) == (result.precision == "unknown") == bool(result.reason)


def test_find_date_expressions_in_a_paragraph() -> None:
    text = (
        "Gunmen attacked a village on Monday, June 22, killing five. Police said on Tuesday that a "
        "similar raid happened in January 2019, and another last week. Up to 30 may have died since 2018."
    )
    found = find_date_expressions(text)
    assert [surface for _, _, surface in found] == [
        "on Monday, June 22",
        "on Tuesday",
        "in January 2019",
        "last week",
        "since 2018",
    ]
    assert all(text[start:end] == surface for start, end, surface in found)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(found))  # in order, non-overlapping
