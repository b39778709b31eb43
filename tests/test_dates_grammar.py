"""The grammar of temporal expressions beyond single day words (issue 17): ranges of weekdays ("the night of Monday
to Tuesday", "dans la nuit de lundi à mardi", "ليل الثلاثاء الأربعاء") take their start day counted back from their
end day; parts of a month in French, Spanish and Portuguese ("début mars", "a finales de febrero", "em meados de
março") give the month; Arabic day words ("أمس", "فجر اليوم") and Arabic "last"/"next" after a weekday resolve as the
English ones. Every phrase is written for these tests; 2024-03-14 is a Thursday, 2024-03-11 a Monday."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.normalize.dates import FUTURE, DateResolution, find_date_expressions, resolve_date

D = dt.date
THU = D(2024, 3, 14)
MON = D(2024, 3, 11)

RANGES = [
    ("the night of Monday to Tuesday", THU, D(2024, 3, 11)),
    ("overnight Sunday into Monday", THU, D(2024, 3, 10)),
    ("between Tuesday and Wednesday", THU, D(2024, 3, 12)),
    ("dans la nuit de lundi à mardi", THU, D(2024, 3, 11)),
    ("dans la nuit du samedi au dimanche", THU, D(2024, 3, 9)),
    ("en la noche del lunes al martes", THU, D(2024, 3, 11)),
    ("del lunes al miércoles", THU, D(2024, 3, 11)),
    ("na noite de segunda para terça", THU, D(2024, 3, 11)),
    ("na madrugada de domingo para segunda-feira", THU, D(2024, 3, 10)),
    ("ليل الثلاثاء الأربعاء", THU, D(2024, 3, 12)),
    ("ليلة الاثنين إلى الثلاثاء", THU, D(2024, 3, 11)),
    ("overnight into Wednesday", D(2024, 3, 15), D(2024, 3, 12)),  # not the night before a Friday's report
    ("overnight into early Thursday morning", D(2024, 3, 15), D(2024, 3, 13)),
    # published on the start day's weekday: the night has not ended yet, so it is the week before
    ("the night of Monday to Tuesday", MON, D(2024, 3, 4)),
    ("dans la nuit de lundi à mardi", MON, D(2024, 3, 4)),
    ("ليل الاثنين الثلاثاء", MON, D(2024, 3, 4)),
]


@pytest.mark.parametrize(("phrase", "published", "expected"), RANGES)
def test_a_range_of_weekdays_is_one_expression_dated_by_its_start_day(
    phrase: str, published: dt.date, expected: dt.date
) -> None:
    assert [surface for _, _, surface in find_date_expressions(f"Gunmen struck {phrase}, police said.")] == [phrase]
    assert resolve_date(phrase, published) == DateResolution(expected, "day")


@pytest.mark.parametrize("phrase", ["samedi et dimanche", "on Monday and Tuesday", "el sábado y el domingo"])
def test_two_weekdays_joined_by_and_stay_two_days(phrase: str) -> None:
    """A summing sentence's "Saturday and Sunday" may cover two incidents: each day stays an expression."""
    assert len(find_date_expressions(phrase)) == 2


MONTH_PARTS = [
    ("début mars", D(2024, 3, 1)),
    ("mi-février", D(2024, 2, 1)),
    ("à la mi-février", D(2024, 2, 1)),
    ("fin d'avril", D(2023, 4, 1)),  # April is still to come in March 2024: last year's
    ("courant janvier 2022", D(2022, 1, 1)),
    ("a principios de marzo", D(2024, 3, 1)),
    ("a mediados de enero", D(2024, 1, 1)),
    ("a finales de febrero de 2023", D(2023, 2, 1)),
    ("no início de março", D(2024, 3, 1)),
    ("em meados de fevereiro", D(2024, 2, 1)),
    ("no fim de janeiro", D(2024, 1, 1)),
]


@pytest.mark.parametrize(("phrase", "expected"), MONTH_PARTS)
def test_a_part_of_a_month_gives_the_month(phrase: str, expected: dt.date) -> None:
    found = resolve_date(phrase, THU)
    assert (found.date, found.precision) == (expected, "month")
    assert [surface for _, _, surface in find_date_expressions(f"Les combats ont repris {phrase}.")] == [phrase]


@pytest.mark.parametrize("phrase", ["depuis mars", "desde marzo", "en mars", "em março"])
def test_a_span_start_or_a_bare_month_after_a_preposition_is_no_month_part(phrase: str) -> None:
    """ "since March" is a span's start, not an incident's date; a bare "en mars" in running text is mostly a
    context sentence's time and stays unoffered, as the measured folds asked."""
    assert resolve_date(phrase, THU).date is None


ARABIC = [
    ("قتل ثلاثة أمس", D(2024, 3, 13)),
    ("قتل ثلاثة بالأمس", D(2024, 3, 13)),
    ("قتل ثلاثة أول أمس", D(2024, 3, 12)),
    ("قصف فجر اليوم", THU),
    ("هجوم الأحد الماضي", D(2024, 3, 10)),
    ("هجوم الخميس الماضي", D(2024, 3, 7)),  # "last" on publication's weekday: a week earlier
]


@pytest.mark.parametrize(("phrase", "expected"), ARABIC)
def test_arabic_day_words_resolve_as_the_english_ones(phrase: str, expected: dt.date) -> None:
    assert resolve_date(phrase, THU).date == expected


def test_an_arabic_weekday_still_to_come_dates_nothing() -> None:
    assert resolve_date("الأحد المقبل", THU).reason == FUTURE
    assert find_date_expressions("اجتماع الأحد القادم") == []


@pytest.mark.parametrize("phrase", ["في اليوم نفسه", "في اليوم التالي"])
def test_the_arabic_word_for_the_day_alone_is_no_report_day(phrase: str) -> None:
    """ "اليوم" also means "the day": "the same day" and "the next day" date by another event, never publication."""
    assert resolve_date(phrase, THU).date is None


# --- a date in a plan's clause dates no incident (prompts/questions.json, structure.telling_dates) ---------------


def _plan_options(sentence: str) -> list[str]:
    from _decomposed_support import mentions

    from extractor.decomposed import load_questions
    from extractor.decomposed.questions import date_options

    structure = load_questions().structure
    found = mentions(sentence)
    return date_options(found[0], structure.pattern("telling_dates"), structure.pattern("telling_dates_after"), THU, 0)


@pytest.mark.parametrize(
    "plan",
    [
        "Organisers said they would march again on Friday.",
        "The union has called for more protests on Saturday.",
        "The bill is due to be debated on Monday.",
        "The group plans to hold another rally on Tuesday.",
    ],
)
def test_a_plan_or_a_call_gives_no_date(plan: str) -> None:
    """A march still to come is no incident's date, even when its weekday resolves to the past."""
    options = _plan_options(f"Police fired tear gas at hundreds of marchers in Kuro yesterday. {plan}")
    assert options == ["yesterday"]


def test_a_past_event_after_an_infinitive_keeps_its_date() -> None:
    """Only the future and a call mark a plan: "tried to storm the post on Tuesday" happened on Tuesday."""
    assert _plan_options("Gunmen tried to storm a police post in Kuro on Tuesday, killing two officers.") == [
        "on Tuesday"
    ]


def test_a_day_in_the_possessive_names_another_event_and_comes_after_the_events_own_date() -> None:
    """ "Tuesday's march was smaller than one in Kuro last month, when police shot two protesters": the Kuro
    protest is last month's; Tuesday's names the march the article led with."""
    from extractor.decomposed import load_questions
    from extractor.decomposed.mentions import Mention, Sentence
    from extractor.decomposed.questions import date_options

    text = "Tuesday's march was smaller than one in Kuro last month, when police shot dead two protesters."
    structure = load_questions().structure
    mention = Mention([Sentence(0, len(text), text, 0)], cues=["Protest with intervention"])
    telling, after = structure.pattern("telling_dates"), structure.pattern("telling_dates_after")
    assert date_options(mention, telling, after, THU, 0) == ["last month", "Tuesday"]
    plain = "The march on Tuesday was smaller than one in Kuro last month."
    mention = Mention([Sentence(0, len(plain), plain, 0)], cues=["Protest with intervention"])
    assert date_options(mention, telling, after, THU, 0)[0] == "on Tuesday"  # not a possessive: text order
