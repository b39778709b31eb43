"""Resolve the date words a model copied from an article ("on Monday", "January 20") to calendar dates.

The model copies date phrases verbatim; arithmetic belongs in code, where it is testable. Relative
phrases are resolved against the article's publication date, and a date after publication is refused
(an incident cannot be reported before it happens), as is any relative phrase without a publication
date. English, plus weekday and month names in French, Spanish, Portuguese and Arabic
(``extractor/data/date_words.csv``: "mardi", "25 de enero", "no sábado", "في 17 يناير"). Stdlib only:
each kind of expression is one row of ``_RULES`` (a regex and a small resolver); every rule is run over
the text and the longest non-overlapping matches win, so "Monday, June 22, 2020" is one explicit date rather
than a weekday followed by a date.

Choices where English is ambiguous:
- Weekdays and year-less dates mean the most recent such day on or before publication (news reports
  the past); "last Monday" means strictly before, so a Monday article saying it means a week earlier.
- "overnight" and "last night" mean the day before publication: reports are typically filed the
  morning after, and ACLED codes an event by the day it started.
- "N days ago/earlier" subtract from publication; "N weeks ago" give that week's Monday (precision week).
- "over the weekend" and "last weekend" give that weekend's Saturday (precision week); "last weekend" said on
  a Saturday or Sunday means the weekend before. "March last year" is March of the year before publication.
- "in the past 24 hours" means the day before publication, as "overnight" does.
- Words that date an event by another one ("the same day", "hours later", "later that night", "a day earlier",
  "the next day", "le même jour", "horas depois") resolve only against an ``anchor``: the date of the incident
  the article told just before (the caller knows it, the words do not). Without one they stay unresolved
  ("two days earlier" then counts from publication, as before), and ``find_date_expressions`` does not offer
  them. With an anchor, "two days earlier" counts from it. When the words' own sentence names a day ("killed a day
  earlier, the ministry said on Saturday"), ``sentence_anchor`` gives that day as the anchor.
- Numeric dates are day-first ("22/06/2020"), as in most non-US wire copy; ISO dates are year-first.
- A weekday with the date in brackets ("on Monday (September 23)", "on Tuesday (Sept. 24, 2024)") is one
  expression, dated by the bracket.
- Words of the future ("next Monday", "tomorrow", "lundi prochain", "el próximo lunes") name no incident's date:
  they resolve to nothing and are not offered by ``find_date_expressions``.
- French, Spanish and Portuguese day words ("hier", "ayer", "ontem", "ce matin", "il y a trois jours") and the
  words for "last" ("lundi dernier", "el pasado lunes") are rows of date_words.csv, resolved as the English ones.
  Their ranges take the start day, as the English ones do ("dans la nuit du 11 au 12 mars", "del 3 al 5 de marzo":
  GUIDE 15), and "cette semaine", "esta semana", "ce mois-ci", "este mes" are this week and this month.
- A range of weekdays ("the night of Monday to Tuesday", "dans la nuit de lundi à mardi", "del lunes al miércoles",
  "ليل الثلاثاء الأربعاء") is one expression: its start day, counted back from its end day (the most recent such
  day on or before publication), so a Monday report of "Monday to Tuesday" means the week before. "Overnight into
  Wednesday" is the Tuesday. Two weekdays joined by "and" ("samedi et dimanche") stay two days: a summing sentence
  may cover two incidents.
- A part of a month in French, Spanish or Portuguese ("début mars", "a finales de febrero", "em meados de março":
  date_words.csv, kind month_part) gives the month, as "early March" does; a bare "en mars" is not offered.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..resources import data_rows
from ..schemas.vocab import DatePrecision

NO_PUBLICATION = "relative date without a publication date"
NO_ANCHOR = "dated by another event, and no earlier incident has a date"
FUTURE = "a date still to come"


@dataclass(frozen=True)
class DateResolution:
    """A resolved date and how precise it is; ``reason`` says why it stayed unresolved (else empty)."""

    date: dt.date | None
    precision: DatePrecision
    reason: str = ""


class _Unresolved(Exception):
    """Raised by a resolver when its expression matched but cannot give a date."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- vocabulary -----------------------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun"), 1)}
_MONTHS |= {m: i for i, m in enumerate(("jul", "aug", "sep", "oct", "nov", "dec"), 7)}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_NUMBERS |= {"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

_FULL_MONTH = (
    r"january|february|march|april|june|july|august|september|october|november|december"
    # "may" is also a verb: "up to 30 may have died" is not May 30.
    r"|may(?!\s+(?:have|has|be|been|not|never|also|still|well|yet|need|take|face|remain|continue)\b)"
)
# Abbreviations may carry a dot ("Jan."); full names may not, so a sentence's final period stays out.
_MONTH = rf"(?P<month>(?:{_FULL_MONTH})\b|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?)"
_WEEKDAY = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
_WEEKDAY_PREFIX = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<year>(?:19|20)\d\d)\b"
# Words that place a bare month or year in time; required so "May" and "2019" alone do not match.
# Bounded repetition: an unbounded one rescans long runs of qualifiers quadratically.
_QUALIFIERS = r"(?:(?:in|early|late|since|during|until|throughout|from|by|of|end\s+of)\s+|mid-?\s*){1,3}"
# "on the 5th floor" is not a date.
_NOT_A_DAY = r"(?!\s+(?:floor|day|anniversary|time|round|century|brigade|battalion|division|regiment)\b)"


def _plain(word: str) -> str:
    """Lower case without accents: "Sábado" and "sabado" are one key."""
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c))


@functools.cache
def _foreign_rows() -> tuple[tuple[str, str, int], ...]:
    """``(word, kind, value)`` rows of the packaged date_words.csv: weekday 0..6, month 1..12, day 1..31."""
    return tuple((row["word"].casefold(), row["kind"], int(row["value"])) for row in data_rows("date_words.csv"))


@functools.cache
def _foreign_words() -> dict[str, dict[str, int]]:
    """``{kind: {word: value}}`` for each kind of date_words.csv (weekday, month, day, days_back, number, last,
    next, month_part), keys without accents."""
    table: dict[str, dict[str, int]] = {
        k: {} for k in ("weekday", "month", "day", "days_back", "number", "last", "next", "month_part")
    }
    for word, kind, value in _foreign_rows():
        table[kind][_plain(word)] = value
    return table


def _alternation(kind: str) -> str:
    """A regex alternation of the foreign words of ``kind``, each with or without its accents, longest first."""
    words = {form for word, k, _ in _foreign_rows() if k == kind for form in (word, _plain(word))}
    return "|".join(
        re.escape(w).replace(r"\-", r"[-\s]?").replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


# --- resolvers: (named groups, publication date) -> (date, precision), or raise _Unresolved ---------

Groups = dict[str, str | None]
Resolver = Callable[[Groups, dt.date | None], tuple[dt.date, DatePrecision]]


def _need(published: dt.date | None) -> dt.date:
    if published is None:
        raise _Unresolved(NO_PUBLICATION)
    return published


def _group(g: Groups, name: str) -> str:
    """A group the resolver's pattern always captures (a missing one is a bug in the pattern table)."""
    value = g.get(name)
    if value is None:
        raise _Unresolved(f"pattern captured no {name}")
    return value


def _day_of(g: Groups) -> int:
    return _foreign_words()["day"][_plain(_group(g, "fday"))] if g.get("fday") else int(_group(g, "day"))


def _month_of(g: Groups) -> int:
    if g.get("fmonth"):
        return _foreign_words()["month"][_plain(re.sub(r"\s+", " ", _group(g, "fmonth")))]
    return int(_group(g, "mnum")) if g.get("mnum") else _MONTHS[_group(g, "month")[:3].lower()]


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _first_of_previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _calendar_date(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    month, day = _month_of(g), _day_of(g)
    if g.get("year"):
        return dt.date(int(_group(g, "year")), month, day), "day"
    dt.date(2000, month, day)  # raises for "February 30" whatever the year (2000 is a leap year)
    published = _need(published)
    # The most recent such date on or before publication; 8 years always reach a February 29.
    for year in range(published.year, published.year - 9, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate, "day"
    raise _Unresolved("no such date before publication")


def _day_of_month(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    """Resolve "on the 5th": this month's 5th, or an earlier month's if that is still to come (or missing)."""
    day, published = int(_group(g, "day")), _need(published)
    cursor = published.replace(day=1)
    for _ in range(4):
        try:
            candidate = cursor.replace(day=day)
        except ValueError:  # the 31st of a 30-day month: look further back
            candidate = None
        if candidate is not None and candidate <= published:
            return candidate, "day"
        cursor = _first_of_previous_month(cursor)
    raise _Unresolved(f"no day {day} in recent months")


def _weekday(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    published = _need(published)
    if g.get("fwd"):
        weekday = _foreign_words()["weekday"][_plain(re.sub(r"[-\s]+", "-", _group(g, "fwd")))]
    else:
        weekday = _WEEKDAYS.index(_group(g, "wd")[:3].lower())
    back = (published.weekday() - weekday) % 7
    if back == 0 and ((g.get("mod") or "").lower() == "last" or g.get("flast") or g.get("flast2")):
        back = 7
    return published - dt.timedelta(days=back), "day"


def _weekday_range(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    """ "the night of Monday to Tuesday", "dans la nuit de lundi à mardi", "ليل الثلاثاء الأربعاء": the start day
    (GUIDE 15, nights and ranges), counted back from the end day, the most recent such day on or before
    publication: a night that ends on publication's weekday began the day before, not a week after it."""
    end = _weekday({"wd": g.get("wd2"), "fwd": g.get("fwd2") or g.get("wdy")}, published)[0]
    start = _weekday({"wd": g.get("wd"), "fwd": g.get("fwd") or g.get("wdx")}, end)[0]
    return start, "day"


def _night_into(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    """ "overnight into Wednesday": the night began the day before the weekday it ran into (GUIDE 15: the start day)."""
    return _weekday({"wd": g.get("wd2")}, published)[0] - dt.timedelta(days=1), "day"


def _future(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    """ "next Monday", "tomorrow": a plan or a threat, never the date of something that happened."""
    raise _Unresolved(FUTURE)


def _days_back(days: int) -> Resolver:
    return lambda g, published: (_need(published) - dt.timedelta(days=days), "day")


def _foreign_days_back(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    """ "hier", "ayer", "ontem", "ce matin": the days back from publication the word names (date_words.csv)."""
    days = _foreign_words()["days_back"][_plain(re.sub(r"\s+", " ", _group(g, "fback")))]
    return _need(published) - dt.timedelta(days=days), "day"


def _foreign_ago(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    """ "il y a trois jours", "hace dos semanas", "há 3 dias": as "N days/weeks ago"."""
    count = _group(g, "fn")
    n = int(count) if count.isdigit() else _foreign_words()["number"][_plain(count)]
    unit = "week" if _plain(_group(g, "funit")).startswith("s") else "day"
    return _ago({"n": str(n), "unit": unit}, published)


def _ago(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    count = _group(g, "n")
    n = int(count) if count.isdigit() else _NUMBERS[count.lower()]
    if _group(g, "unit").lower() == "week":
        return _monday(_need(published) - dt.timedelta(weeks=n)), "week"
    return _need(published) - dt.timedelta(days=n), "day"


def _this_or_last(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    published, last = _need(published), _group(g, "rel").lower() == "last"
    unit = _group(g, "unit").lower()
    if unit == "week":
        return _monday(published) - dt.timedelta(weeks=last), "week"
    if unit == "month":
        first = published.replace(day=1)
        return (_first_of_previous_month(first) if last else first), "month"
    return dt.date(published.year - last, 1, 1), "year"


def _bracketed_date(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    return _calendar_date(g, published) if g.get("mnum") else _day_of_month(g, published)


def _weekend(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    published = _need(published)
    saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
    if (g.get("mod") or "").lower() == "last" and published - saturday <= dt.timedelta(days=1):
        saturday -= dt.timedelta(weeks=1)
    return saturday, "week"


def _month_of_year(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    """ "March last year", "June this year": that month of the year before publication, or of its year."""
    year = _need(published).year - (_group(g, "rel").lower() == "last")
    return dt.date(year, _month_of(g), 1), "month"


def _anchored(days: int) -> Resolver:
    """A resolver for words dated by another event: ``days`` after the anchor, passed in place of publication."""

    def resolve(g: Groups, anchor: dt.date | None) -> tuple[dt.date, DatePrecision]:
        if anchor is None:
            raise _Unresolved(NO_ANCHOR)
        return anchor + dt.timedelta(days=days), "day"

    return resolve


def _anchored_period(g: Groups, anchor: dt.date | None) -> tuple[dt.date, DatePrecision]:
    """ "the same week/month/year" as another event: the start of that period around the anchor."""
    if anchor is None:
        raise _Unresolved(NO_ANCHOR)
    unit = _group(g, "unit").lower()
    if unit == "week":
        return _monday(anchor), "week"
    return (anchor.replace(day=1), "month") if unit == "month" else (dt.date(anchor.year, 1, 1), "year")


_COARSENESS: tuple[DatePrecision, ...] = ("day", "week", "month", "year")


def _anchored_shift(g: Groups, anchor: dt.date | None) -> tuple[dt.date, DatePrecision]:
    """ "the week before", "the following month": the start of the period next to the anchor's."""
    if anchor is None:
        raise _Unresolved(NO_ANCHOR)
    unit, direction = (g.get("unit") or _group(g, "unit2")).lower(), (g.get("dir") or _group(g, "dir2")).lower()
    sign = -1 if direction in ("before", "previous") else 1
    if unit == "week":
        return _monday(anchor) + dt.timedelta(weeks=sign), "week"
    if unit == "month":
        first = anchor.replace(day=1)
        return (
            _first_of_previous_month(first)
            if sign < 0
            else (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        ), "month"
    return dt.date(anchor.year + sign, 1, 1), "year"


def _coarsen(date: dt.date, precision: DatePrecision, to: DatePrecision) -> tuple[dt.date, DatePrecision]:
    """A date no more precise than ``to``: "hours after" an attack "in May 2016" is May 2016."""
    if to not in _COARSENESS or _COARSENESS.index(precision) >= _COARSENESS.index(to):
        return date, precision
    if to == "week":
        return _monday(date), "week"
    return (date.replace(day=1), "month") if to == "month" else (dt.date(date.year, 1, 1), "year")


def _anchored_n(g: Groups, anchor: dt.date | None) -> tuple[dt.date, DatePrecision]:
    if anchor is None:
        raise _Unresolved(NO_ANCHOR)
    count = _group(g, "n")
    n = int(count) if count.isdigit() else _NUMBERS[count.lower()]
    sign = -1 if _group(g, "dir").lower() in ("earlier", "before") else 1
    return anchor + dt.timedelta(days=sign * n), "day"


def _month_level(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    month = _month_of(g)
    if g.get("year"):
        return dt.date(int(_group(g, "year")), month, 1), "month"
    published = _need(published)
    return dt.date(published.year - (month > published.month), month, 1), "month"


def _year_level(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    return dt.date(int(_group(g, "year")), 1, 1), "year"


def _week_of(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    """ "the week of 17 October": the Monday of the week holding that day."""
    day, _ = _calendar_date(g, published)
    return _monday(day), "week"


_ORDINAL_WEEKS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


def _nth_week(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    """ "the second week of October": the month's second Monday; "the last week of October" the last Monday
    whose week ends inside the month (a month's weeks are counted by the Mondays that start them)."""
    first, _ = _month_level(g, published)
    month_end = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    first_monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    nth = _group(g, "nth").lower()
    if nth == "last":
        return _monday(month_end - dt.timedelta(days=6)), "week"
    monday = first_monday + dt.timedelta(weeks=_ORDINAL_WEEKS[nth] - 1)
    if monday > month_end:
        raise _Unresolved(f"no {nth} week in {first:%B %Y}")
    return monday, "week"


def _day_of_year(g: Groups, published: dt.date | None) -> tuple[dt.date, DatePrecision]:
    """ "on 25 June last year", "on June 25 this year": that day in the year before publication, or in its year."""
    year = _need(published).year - (_group(g, "rel").lower() == "last")
    return dt.date(year, _month_of(g), int(_group(g, "day"))), "day"


# --- the rules ------------------------------------------------------------------------------------

# The day parts that may follow a weekday ("Monday morning", "on Thursday (August 14) afternoon").
_DAY_PART = r"(?:\s+(?:morning|afternoon|evening|night|overnight)\b)?"
_WEEKDAY_BARE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"

_RULES: list[tuple[str, Resolver]] = [
    # [on] Monday (September 23[, 2024]) [morning], [on] Monday (23 September): the bracket dates the weekday
    (
        rf"\b(?:(?:early|late)\s+)?(?:on\s+)?{_WEEKDAY_BARE}\s*\(\s*{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\s*\){_DAY_PART}",
        _calendar_date,
    ),
    (
        rf"\b(?:(?:early|late)\s+)?(?:on\s+)?{_WEEKDAY_BARE}\s*\(\s*{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\s*\)"
        rf"{_DAY_PART}",
        _calendar_date,
    ),
    # next Monday, this coming Friday, next week, tomorrow: still to come
    (
        rf"\b(?:(?:next|coming|this\s+coming)\s+(?:{_WEEKDAY_BARE}|week(?:end)?\b|month\b|year\b)"
        r"|tomorrow\b|the\s+day\s+after\s+tomorrow\b)",
        _future,
    ),
    (r"\b(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})\b", _calendar_date),  # 2020-06-22
    (r"\b(?P<day>\d{1,2})[/.](?P<mnum>\d{1,2})[/.](?P<year>\d{4})\b", _calendar_date),  # 22/06/2020
    # [on] [Monday,] June 11[th][, 2020]
    (rf"\b(?:on\s+)?{_WEEKDAY_PREFIX}{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?", _calendar_date),
    # [on] [Monday,] [the] 11[th][-12] [of] June[,] [2020]; a range keeps its first day
    (
        (
            rf"\b(?:on\s+)?{_WEEKDAY_PREFIX}(?:the\s+)?{_DAY}(?:\s*(?:-|–|to)\s*\d{{1,2}}(?:st|nd|rd|th)?)?"
            rf"\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
        ),
        _calendar_date,
    ),
    (rf"\bon\s+the\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)\b{_NOT_A_DAY}", _day_of_month),
    # [overnight | the night of | from] Monday [night] to/into [early] Tuesday [morning], between Monday and Tuesday:
    # the start day (a plain "Monday and Tuesday" is two days, each maybe an incident's)
    (
        (
            r"\b(?:(?:overnight|from)\s+(?:on\s+)?|(?:(?:on|in|during)\s+)?the\s+night\s+(?:of|from)\s+)?"
            rf"{_WEEKDAY}(?:\s+(?:night|evening))?\s*(?:to|into|until|-|–)\s*(?:early\s+)?"
            rf"(?P<wd2>{_WEEKDAY_BARE})(?:\s+morning\b)?"
        ),
        _weekday_range,
    ),
    (
        (
            r"\b(?:overnight|(?:late\s+)?at\s+night)\s+(?:into|to)\s+(?:early\s+)?"
            rf"(?P<wd2>{_WEEKDAY_BARE})(?:\s+morning\b)?"
        ),
        _night_into,
    ),
    (
        rf"\b(?:(?:on|in|during)\s+the\s+night\s+)?between\s+{_WEEKDAY}(?:\s+(?:night|evening))?\s+and\s+"
        rf"(?:early\s+)?(?P<wd2>{_WEEKDAY_BARE})(?:\s+morning\b)?",
        _weekday_range,
    ),
    (
        (
            rf"\b(?:(?P<mod>early|late|last|this|past|overnight)\s+)?(?:on\s+)?{_WEEKDAY}"
            r"(?:\s+(?:morning|afternoon|evening|night|overnight)\b)?"
        ),
        _weekday,
    ),
    (r"\b(?:(?:earlier|later)\s+)?(?:today|tonight|this\s+(?:morning|afternoon|evening))\b", _days_back(0)),
    # with no earlier incident to refer to, "earlier in the day" is the day of the report, as "earlier today"
    (r"\b(?:earlier|later)\s+in\s+the\s+day\b", _days_back(0)),
    (r"\b(?:the\s+)?day\s+before\s+yesterday\b", _days_back(2)),
    (r"\b(?:(?:early|late)\s+)?(?:yesterday|last\s+night|overnight)\b", _days_back(1)),
    # "during the night" with no night named is "overnight" (GUIDE 5); "the night of 11 to 12 March" is not
    (r"\b(?:throughout|during|in)\s+the\s+night\b(?!\s+(?:of|on|to|between|before|after)\b)", _days_back(1)),
    (rf"\b(?P<n>\d{{1,2}}|{'|'.join(_NUMBERS)})\s+(?P<unit>day|week)s?\s+(?:ago|earlier)\b", _ago),
    # "in the last year" is a span of twelve months, not last calendar year.
    (
        r"(?<!\bthe\s)\b(?:(?:earlier|later)\s+)?(?P<rel>this|last)\s+(?P<unit>week|month|year)\b",
        _this_or_last,
    ),
    (rf"\b(?:{_QUALIFIERS})?{_MONTH},?\s+{_YEAR}", _month_level),  # [in] January[,] 2020
    (rf"\b{_QUALIFIERS}{_MONTH}(?!\s*\d)", _month_level),  # in January, mid-March
    # a month named alone is the whole date phrase a reader gave ("February"); in running text it needs "in"
    (rf"^\s*(?:last\s+)?{_MONTH}\s*$", _month_level),
    (rf"\b{_QUALIFIERS}{_YEAR}", _year_level),  # in 2019
    (r"\b(?:over\s+the\s+|(?P<mod>last|this|past)\s+)weekend\b", _weekend),
    (rf"\b(?:in\s+)?{_MONTH}\s+(?P<rel>last|this)\s+year\b", _month_of_year),  # March last year
    # [on] 25 June last year, [on] June 25 this year
    (rf"\b(?:on\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\s+(?P<rel>last|this)\s+year\b", _day_of_year),
    (rf"\b(?:on\s+)?{_MONTH}\s+{_DAY}\s+(?P<rel>last|this)\s+year\b", _day_of_year),
    # [in] the week of 17 October [2022], the week of October 17
    (rf"\b(?:in\s+|during\s+)?the\s+week\s+of\s+(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?", _week_of),
    (rf"\b(?:in\s+|during\s+)?the\s+week\s+of\s+{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?", _week_of),
    # [in] the second week of October [2022], the last week of October
    (
        (
            rf"\b(?:in\s+|during\s+)?the\s+(?P<nth>{'|'.join(_ORDINAL_WEEKS)}|last)\s+week\s+of\s+{_MONTH}"
            rf"(?:,?\s+{_YEAR})?"
        ),
        _nth_week,
    ),
    # a range of days takes its start day (GUIDE: nights and ranges): between 8 and 14 October
    (
        rf"\bbetween\s+(?:the\s+)?{_DAY}\s+and\s+\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?",
        _calendar_date,
    ),
    (rf"\bbetween\s+{_MONTH}\s+{_DAY}\s+and\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?", _calendar_date),
    # with no day named, the early hours or the morning the report tells of are the report's day
    (r"\b(?:early|late)\s+in\s+the\s+(?:morning|afternoon|evening)\b(?!,?\s+(?:of|on)\b)", _days_back(0)),
    (r"\b(?:in|over|during|within)\s+the\s+(?:past|last)\s+24\s+hours\b", _days_back(1)),
]
# ASCII: under Unicode case folding "ſept" would match "sept" and miss the month table.
_COMPILED = [(re.compile(pattern, re.IGNORECASE | re.ASCII), resolve) for pattern, resolve in _RULES]


_SAME_DAY = (
    r"\b(?:(?:on|during|in)\s+)?(?:(?:earlier|later)\s+)?(?:on\s+|in\s+)?(?:that|the\s+same)\s+"
    r"(?:day|night|morning|afternoon|evening)\b"
    r"|\b(?:earlier|later)\s+in\s+the\s+(?:day|night|morning|afternoon|evening)\b"
    r"|\b(?:only\s+|just\s+|a\s+few\s+|several\s+|two\s+|three\s+)?(?:hours|minutes)\s+"
    r"(?:later|after(?:wards)?|earlier|before)\b"
    r"|\bshortly\s+(?:after(?:wards)?|before)\b"
    r"|\b(?:le\s+)?m[eê]me\s+jour\b|\bquelques\s+heures\s+(?:plus\s+tard|apr[eè]s)\b"
    r"|\b(?:el\s+)?mismo\s+d[ií]a\b|\bhoras\s+(?:m[aá]s\s+tarde|despu[eé]s|depois|antes)\b"
    r"|\b(?:no\s+)?mesmo\s+dia\b|بعد\s+ساعات|في\s+اليوم\s+نفسه|في\s+نفس\s+اليوم"
)
_ANCHORED_RULES: list[tuple[str, Resolver]] = [
    (_SAME_DAY, _anchored(0)),
    (r"\b(?:(?:in|during)\s+)?(?:that|the\s+same)\s+(?P<unit>week|month|year)\b", _anchored_period),
    (
        (
            r"\b(?:a|one)\s+day\s+(?:earlier|before)\b|\bthe\s+(?:day\s+before|previous\s+day|eve)\b|\bla\s+veille\b"
            r"|\bthe\s+(?:night|evening)\s+before\b|\bthe\s+previous\s+(?:night|evening)\b"
            r"|\bel\s+d[ií]a\s+anterior\b|\bla\s+noche\s+anterior\b|\bno\s+dia\s+anterior\b|\bna\s+noite\s+anterior\b"
        ),
        _anchored(-1),
    ),
    (
        (
            r"\b(?:a|one)\s+day\s+(?:later|after)\b|\bthe\s+(?:next|following)\s+(?:day|morning)\b|\ble\s+lendemain\b"
            r"|\bal\s+d[ií]a\s+siguiente\b|\bno\s+dia\s+seguinte\b|بعد\s+يوم"
        ),
        _anchored(1),
    ),
    (rf"\b(?P<n>\d{{1,2}}|{'|'.join(_NUMBERS)})\s+days?\s+(?P<dir>earlier|later|before|after)\b", _anchored_n),
    (
        (
            r"\bthe\s+(?P<unit>week|month|year)\s+(?P<dir>before|after)\b"
            r"|\bthe\s+(?P<dir2>previous|following|next)\s+(?P<unit2>week|month|year)\b"
        ),
        _anchored_shift,
    ),
]
_COMPILED_ANCHORED = [(re.compile(p, re.IGNORECASE), resolve) for p, resolve in _ANCHORED_RULES]


@functools.cache
def _foreign_rules() -> list[tuple[re.Pattern[str], Resolver]]:
    """Rules over the foreign names; Unicode word boundaries, since Arabic letters are no ASCII word characters."""
    wd, month = f"(?P<fwd>{_alternation('weekday')})", f"(?P<fmonth>{_alternation('month')})"
    wd_any, last, nxt = _alternation("weekday"), _alternation("last"), _alternation("next")
    year = r"(?P<year>(?:19|20)\d\d)(?!\d)"
    rules: list[tuple[str, Resolver]] = [
        # a range of days takes its start day (GUIDE 15, nights and ranges): dans la nuit du 11 au 12 mars, del 3 al
        # 5 de mayo, entre 3 e 5 de maio, 11-12 mars
        (
            (
                r"(?:(?:du|del|de|entre)\s+(?:(?:le|el|o)\s+)?)?(?P<day>\d{1,2})(?:er|º|°|o)?"
                r"(?:\s*[-–/]\s*|\s+(?:au|al|a|à|et|y|e)\s+(?:(?:le|el|o)\s+)?)\d{1,2}(?:er|º|°|o)?\s+"
                rf"(?:de\s+)?{month}(?:,?\s+(?:de\s+)?{year})?"
            ),
            _calendar_date,
        ),
        # [samedi] 30 mars [2024], jueves 25 de enero, 1er août, في 17 يناير
        (
            (
                rf"(?:(?:{_alternation('weekday')})[,\s]+)?(?P<day>\d{{1,2}})(?:er|º|°|o)?\s+(?:de\s+)?{month}"
                rf"(?:,?\s+(?:de\s+)?{year})?"
            ),
            _calendar_date,
        ),
        # no domingo (1º/5), nesta quinta-feira (21): the date in brackets says more than the weekday
        (
            rf"(?:{_alternation('weekday')})\s*\((?P<day>\d{{1,2}})(?:º|°|o)?(?:/(?P<mnum>\d{{1,2}}))?\)",
            _bracketed_date,
        ),
        # dans la nuit de lundi à mardi, la noche del lunes al martes, na noite de segunda para terça, ليل الثلاثاء
        # الأربعاء: a range of weekdays takes its start day (GUIDE 15); "samedi et dimanche" is two days
        (
            (
                r"(?:(?:dans\s+|en\s+|na\s+|durante\s+)?(?:la\s+|a\s+)?(?:nuit|noche|noite|madrugada)|ليل|ليلة)\s+"
                r"(?:(?:du|de|del|da|do|entre)\s+(?:(?:le|el|la|o|a)\s+)?)?"
                rf"(?P<fwd>{wd_any})(?:\s+(?:soir|noche|noite))?"
                r"(?:\s+(?:au|à|a|al|ao|para|até|y|et|e|إلى|على)\s+(?:(?:le|el|la|o|a)\s+)?|\s*[-–/]\s*|\s+و?)"
                rf"(?P<fwd2>{wd_any})"
                r"|(?:(?:du|de|del|da|do)\s+(?:(?:le|el|la|o|a)\s+)?)?"
                rf"(?P<wdx>{wd_any})\s+(?:au|à|al|ao|para|até|إلى)\s+(?:(?:le|el|la|o|a)\s+)?(?P<wdy>{wd_any})"
            ),
            _weekday_range,
        ),
        # début mars, a finales de febrero, em meados de março, en mai 2023: the month (GUIDE 5, precision month)
        (
            rf"(?:{_alternation('month_part')})(?:\s+|-)(?:(?:du\s+)?mois\s+)?(?:de\s+|d['’]\s*)?{month}"
            rf"(?:,?\s+(?:de\s+)?{year})?(?!\s*\d)",
            _month_level,
        ),
        # lundi prochain, el próximo lunes, na próxima segunda: still to come
        (rf"(?:(?:{nxt})\s+(?:{wd_any})|(?:{wd_any})\s+(?:{nxt}))", _future),
        # el pasado lunes, lundi dernier, el lunes pasado, na segunda-feira passada: strictly before publication
        (rf"(?:(?:el|la|le)\s+)?(?P<flast>{last})\s+{wd}", _weekday),
        (rf"{wd}\s+(?P<flast2>{last})", _weekday),
        (rf"(?<!santo\s){wd}", _weekday),  # mardi, el sábado, nesta quinta-feira, الأربعاء
        # hier, ayer, ontem, avant-hier, aujourd'hui, ce matin, anoche, esta manhã
        (rf"(?P<fback>{_alternation('days_back')})", _foreign_days_back),
        # il y a trois jours, hace dos semanas, há 3 dias
        (
            rf"(?:il\s+y\s+a|hace|h[áa])\s+(?P<fn>\d{{1,2}}|{_alternation('number')})\s+"
            r"(?P<funit>jours?|d[ií]as?|semaines?|semanas?)",
            _foreign_ago,
        ),
        # l'an dernier, l'année dernière, el año pasado, no ano passado
        (
            r"(?:l['’]an\s+dernier|l['’]ann[ée]e\s+derni[èe]re|el\s+a[ñn]o\s+pasado|(?:n?o\s+)?ano\s+passado)",
            lambda g, published: _this_or_last({"rel": "last", "unit": "year"}, published),
        ),
        # le week-end dernier, ce week-end, el fin de semana (pasado), no fim de semana (passado)
        (
            r"(?:(?:le|ce)\s+week-?end(?:\s+dernier)?|el\s+(?:pasado\s+)?fin\s+de\s+semana(?:\s+pasado)?"
            r"|n?o\s+(?:último\s+|ultimo\s+)?fim\s+de\s+semana(?:\s+passado)?)",
            lambda g, published: _weekend({}, published),
        ),
        (rf"{month}\s+(?:de\s+)?{year}", _month_level),  # mars 2023, marzo de 2023
        (rf"(?:en|em|depuis|desde|durante|au\s+cours\s+de)\s+{year}", _year_level),  # em 2021
        # في العاشر من يناير: an Arabic ordinal day of a month
        (rf"(?:في\s+)?(?P<fday>{_alternation('day')})\s+من\s+(?:شهر\s+)?{month}", _calendar_date),
        # last week / last month: la semaine dernière, la semana pasada, na semana passada, الأسبوع الماضي
        (
            r"(?:la\s+semaine\s+derni[eè]re|la\s+semana\s+pasada|(?:na\s+)?semana\s+passada|الأسبوع\s+الماضي)",
            lambda g, published: _this_or_last({"rel": "last", "unit": "week"}, published),
        ),
        # this week / this month: cette semaine, esta semana, nesta semana, ce mois-ci, este mes, neste mês
        (
            r"(?:cette\s+semaine|(?:esta|nesta)\s+semana)",
            lambda g, published: _this_or_last({"rel": "this", "unit": "week"}, published),
        ),
        (
            r"(?:ce\s+mois(?:-ci)?|(?:este|neste)\s+m[eê]s)",
            lambda g, published: _this_or_last({"rel": "this", "unit": "month"}, published),
        ),
        (
            r"(?:le\s+mois\s+dernier|el\s+mes\s+pasado|(?:no\s+)?m[eê]s\s+passado|الشهر\s+الماضي)",
            lambda g, published: _this_or_last({"rel": "last", "unit": "month"}, published),
        ),
        # the early hours the report tells of, with no day named, are the report's day (not "la madrugada del
        # sábado", which the weekday dates)
        (
            r"(?:durante|en|esta|nesta|de|desta|na)\s+(?:la\s+|a\s+)?madrugada(?!,?\s+(?:del?|do|da|el|este|esta|deste|desta|neste|nesta)\b)",
            _days_back(0),
        ),
    ]
    return [(re.compile(rf"(?<!\w){p}(?!\w)", re.IGNORECASE), resolve) for p, resolve in rules]


def _matches(text: str, anchored: bool = False) -> Iterator[tuple[re.Match[str], Resolver]]:
    """Every rule's matches, keeping the longest where they overlap, yielded in text order; ``anchored`` adds
    the rules for words dated by another event (they win over a plain rule on the same words)."""
    rules = (*_COMPILED_ANCHORED, *_COMPILED, *_foreign_rules()) if anchored else (*_COMPILED, *_foreign_rules())
    found = [(m, resolve) for rx, resolve in rules for m in rx.finditer(text)]
    found.sort(key=lambda item: (item[0].start() - item[0].end(), item[0].start()))  # longest, leftmost
    taken = bytearray(len(text))  # 1 where a character is already inside a kept match
    kept: list[tuple[re.Match[str], Resolver]] = []
    for m, resolve in found:
        if not any(taken[m.start() : m.end()]):
            taken[m.start() : m.end()] = b"\1" * (m.end() - m.start())
            kept.append((m, resolve))
    yield from sorted(kept, key=lambda item: item[0].start())


def find_date_expressions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, surface) of each date expression in ``text``, in order and non-overlapping.

    Offered to the model as candidate date phrases; ``text[start:end] == surface``.
    """
    if not isinstance(text, str):
        return []
    return [(m.start(), m.end(), m.group()) for m, resolve in _matches(text) if resolve is not _future]


def find_anchored_expressions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, surface) of the words in ``text`` that date an event by another one ("A day later", "the
    same night", "hours after"): ``resolve_date`` dates them only with the anchor, the incident told before."""
    if not isinstance(text, str):
        return []
    anchored = {resolve for _, resolve in _COMPILED_ANCHORED}
    return [(m.start(), m.end(), m.group()) for m, resolve in _matches(text, anchored=True) if resolve in anchored]


# Where a sentence (or a clause set off by a semicolon) ends: a stop, a question or exclamation mark or a semicolon
# before a space, or a line break.
_CLAUSE_END = re.compile(r"[.!?;](?=\s)|\n")


def sentence_anchor(text: str, start: int, end: int, published: dt.date | None) -> DateResolution | None:
    """The day that words dating an event by another one at ``text[start:end]`` ("a day earlier", "the previous
    day") count from when their own sentence names one: "were killed a day earlier, the ministry said on Saturday",
    "The army said on Monday it had shelled the hills the day before". The time just named is the one they refer
    to, not the incident told sentences before. The nearest plain date expression of the sentence that resolves;
    None when the words are no such words or the sentence names no day.
    """
    if not find_anchored_expressions(text[start:end]):
        return None
    begin = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    stop = next((m.start() for m in _CLAUSE_END.finditer(text, end)), len(text))
    sentence = text[begin:stop]
    found = []
    for a, b, surface in find_date_expressions(sentence):
        if begin + b <= start or begin + a >= end:  # not the anchored words themselves ("a day earlier")
            resolved = resolve_date(surface, published)
            if resolved.date is not None:
                found.append((min(abs(begin + a - end), abs(start - begin - b)), resolved))
    return min(found, key=lambda f: f[0])[1] if found else None


def resolve_date(
    date_text: str | None,
    published: dt.date | None,
    anchor: dt.date | None = None,
    anchor_precision: DatePrecision = "day",
) -> DateResolution:
    """Resolve the first clear date expression in ``date_text`` against the publication date.

    ``anchor`` is the date of the incident told just before, for words such as "hours later"; they stay
    unresolved without it. Such words take the anchor's precision when it is coarser (GUIDE 5: "the same week"
    as an attack "in May 2016" is May 2016, precision month).

    Expressions that cannot give a date (relative without publication, impossible, after publication)
    are skipped in favour of a later one; if none resolves, the first one's reason is returned.
    """
    if not isinstance(date_text, str) or not date_text.strip():
        return DateResolution(None, "unknown", "no date text")
    if isinstance(published, dt.datetime):  # a datetime does not compare with a date
        published = published.date()
    first_reason = ""
    anchored = {resolve for _, resolve in _COMPILED_ANCHORED}
    for m, resolve in _matches(date_text, anchored=anchor is not None):
        try:
            date, precision = resolve(m.groupdict(), anchor if resolve in anchored else published)
            if resolve in anchored and anchor is not None:
                date, precision = _coarsen(anchor if anchor_precision != "day" else date, precision, anchor_precision)
        except _Unresolved as exc:
            reason = exc.reason
        except (ValueError, OverflowError):  # month 13, February 30, year 0 ...
            reason = f"not a calendar date: {m.group()!r}"
        else:
            if published is None or date <= published:
                return DateResolution(date, precision)
            reason = f"date after publication: {m.group()!r} is {date}, published {published}"
        first_reason = first_reason or reason
    return DateResolution(None, "unknown", first_reason or f"no date expression in {date_text!r}")
