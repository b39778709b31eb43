"""Dates as real reporting gives them (issue 17 items 2 and 5, issue 18 item 2): weekdays, brackets, words of the
future, French/Spanish/Portuguese day words, datelines, live-blog stamps, telling dates, a finer date told later, a
roundup's entries and the lede that dates an undated event sentence. Every sentence here is written for these tests;
expected dates are literal calendar values (2024-03-14 is a Thursday)."""

from __future__ import annotations

import datetime as dt

import pytest
from _decomposed_support import incidents, mentions

from extractor.decomposed import load_questions
from extractor.decomposed.assemble import merge_mentions
from extractor.decomposed.mentions import Mention, dateline_end
from extractor.decomposed.questions import date_options
from extractor.normalize.dates import FUTURE, find_date_expressions, resolve_date, sentence_anchor
from extractor.schemas import Incident

D = dt.date
THU = D(2024, 3, 14)  # a Thursday; its week runs Monday 2024-03-11 to Sunday 2024-03-17


def options(mention: Mention, published: dt.date = THU, news_days: int | None = None) -> list[str]:
    structure = load_questions().structure
    news_days = structure.report_window_days if news_days is None else news_days
    return date_options(
        mention, structure.pattern("telling_dates"), structure.pattern("telling_dates_after"), published, news_days
    )


# --- the weekday rule: the most recent such day on or before publication, unless the text says "next" ----------

WEEKDAYS = [
    ("on Monday", D(2024, 3, 11)),
    ("late on Wednesday", D(2024, 3, 13)),
    ("early on Thursday", THU),  # publication's own weekday: publication day
    ("on Friday night", D(2024, 3, 8)),  # no Friday yet this week: the one before
    ("overnight on Sunday", D(2024, 3, 10)),
    ("last Thursday", D(2024, 3, 7)),  # "last" with publication's weekday: strictly before
    ("Monday's attack", D(2024, 3, 11)),
]


@pytest.mark.parametrize(("text", "expected"), WEEKDAYS)
def test_a_weekday_is_the_most_recent_one_on_or_before_publication(text: str, expected: dt.date) -> None:
    assert (resolve_date(text, THU).date, resolve_date(text, THU).precision) == (expected, "day")


@pytest.mark.parametrize(
    "text", ["next Monday", "this coming Friday", "tomorrow", "next week", "lundi prochain", "el próximo lunes"]
)
def test_words_of_the_future_date_nothing(text: str) -> None:
    result = resolve_date(text, THU)
    assert result.date is None and result.reason == FUTURE
    assert find_date_expressions(f"Protesters plan to march {text} in the capital.") == []


def test_a_planned_march_next_monday_is_no_date_option_of_the_attack() -> None:
    text = "Gunmen shot dead two guards in Tarvo on Tuesday. Unions said they would strike next Monday."
    start = text.index("on Tuesday")
    assert find_date_expressions(text) == [(start, start + len("on Tuesday"), "on Tuesday")]


# --- a weekday with its date in brackets is one expression, dated by the bracket ---------------------------------

BRACKETS = [
    ("on Monday (March 11)", D(2024, 3, 11)),
    ("on Tuesday (March 12, 2024)", D(2024, 3, 12)),
    ("on Wednesday (13 March) afternoon", D(2024, 3, 13)),
    ("late on Friday (Mar. 8)", D(2024, 3, 8)),
]


@pytest.mark.parametrize(("text", "expected"), BRACKETS)
def test_a_bracketed_date_dates_its_weekday(text: str, expected: dt.date) -> None:
    assert find_date_expressions(text) == [(0, len(text), text)]
    assert resolve_date(text, THU).date == expected


# --- French, Spanish and Portuguese day words (extractor/data/date_words.csv) -----------------------------------

FOREIGN = [
    ("hier", D(2024, 3, 13), "day"),
    ("avant-hier", D(2024, 3, 12), "day"),
    ("aujourd'hui", THU, "day"),
    ("ce matin", THU, "day"),
    ("cette nuit", D(2024, 3, 13), "day"),  # as "overnight": the night before the morning's report
    ("dimanche soir", D(2024, 3, 10), "day"),
    ("lundi dernier", D(2024, 3, 11), "day"),
    ("jeudi dernier", D(2024, 3, 7), "day"),  # "last" with publication's weekday: a week earlier
    ("il y a trois jours", D(2024, 3, 11), "day"),
    ("l'an dernier", D(2023, 1, 1), "year"),
    ("ayer", D(2024, 3, 13), "day"),
    ("anteayer", D(2024, 3, 12), "day"),
    ("anoche", D(2024, 3, 13), "day"),
    ("esta mañana", THU, "day"),
    ("el pasado lunes", D(2024, 3, 11), "day"),
    ("el jueves pasado", D(2024, 3, 7), "day"),
    ("hace dos semanas", D(2024, 2, 26), "week"),  # 2024-02-29 lies in the week of Monday 2024-02-26
    ("el año pasado", D(2023, 1, 1), "year"),
    ("ontem", D(2024, 3, 13), "day"),
    ("anteontem", D(2024, 3, 12), "day"),
    ("hoje", THU, "day"),
    ("na madrugada de sábado", D(2024, 3, 9), "day"),
    ("na segunda-feira passada", D(2024, 3, 11), "day"),
    ("há 3 dias", D(2024, 3, 11), "day"),
    # a range of days or a night across two dates takes its start day (GUIDE 15, nights and ranges)
    ("dans la nuit du 11 au 12 mars", D(2024, 3, 11), "day"),
    ("du 1er au 3 mars 2023", D(2023, 3, 1), "day"),
    ("del 3 al 5 de marzo", D(2024, 3, 3), "day"),
    ("entre 3 e 5 de março", D(2024, 3, 3), "day"),
    ("11-12 mars", D(2024, 3, 11), "day"),
    # this week, this month: the period's start, as "this week" and "this month"
    ("cette semaine", D(2024, 3, 11), "week"),
    ("a principios de esta semana", D(2024, 3, 11), "week"),
    ("nesta semana", D(2024, 3, 11), "week"),
    ("ce mois-ci", D(2024, 3, 1), "month"),
    ("este mes", D(2024, 3, 1), "month"),
    ("neste mês", D(2024, 3, 1), "month"),
]


@pytest.mark.parametrize(("text", "expected", "precision"), FOREIGN)
def test_french_spanish_and_portuguese_day_words(text: str, expected: dt.date, precision: str) -> None:
    result = resolve_date(text, THU)
    assert (result.date, result.precision) == (expected, precision)


def test_foreign_day_words_need_a_publication_date() -> None:
    assert resolve_date("hier", None).date is None and resolve_date("hace tres días", None).date is None


def test_a_spanish_report_dates_the_clash_by_the_day_it_names_not_the_day_of_the_report() -> None:
    text = (
        "Tres soldados murieron en combates con disidentes en el departamento del Meta, informaron este jueves "
        "fuentes militares.\n\n"
        "Según el Ejército, los enfrentamientos ocurrieron la tarde del martes en la vereda El Mirador."
    )
    found = mentions(text)
    assert options(found[0])[0] == "martes"
    assert incidents(text)[0].date == D(2024, 3, 12)


# --- datelines and live-blog stamps are no event's date ----------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "March 13,Tarvo: Gunmen killed four herders on Tuesday.",
        "Tarvo, 13 March - Gunmen killed four herders on Tuesday.",
        "TARVO, Mar. 13 (Wire) - Gunmen killed four herders on Tuesday.",
        "Tarvo, March 13, 2024: Gunmen killed four herders on Tuesday.",
    ],
)
def test_a_dateline_date_is_the_filing_date_not_the_event_date(sentence: str) -> None:
    assert sentence[dateline_end(sentence) :] == "Gunmen killed four herders on Tuesday."
    found = mentions(sentence)
    assert options(found[0]) == ["on Tuesday"]
    assert incidents(sentence)[0].date == D(2024, 3, 12)


def test_a_sentence_that_opens_on_a_date_is_no_dateline() -> None:
    assert dateline_end("March 3, the day the siege began - a day of mourning") == 0
    assert dateline_end("On Monday, gunmen killed two traders.") == 0


def test_a_live_blog_stamp_is_no_date_and_each_entry_keeps_its_own_day() -> None:
    text = (
        "Live: strikes across the east\n\n"
        "10:42 GMT - A drone strike hit a fuel depot in Kuro on Wednesday night, killing two workers.\n\n"
        "Updated at 11:05 GMT\n\n"
        "09:15 GMT - Shelling killed a farmer in Dalo early on Monday, the regional governor said."
    )
    found = mentions(text)
    assert [options(m) for m in found] == [["on Wednesday night"], ["early on Monday"]]
    assert sorted(i.date for i in incidents(text)) == [D(2024, 3, 11), D(2024, 3, 13)]


# --- the telling's date is not the event's -------------------------------------------------------------------------


def test_a_date_before_a_reporting_verb_is_the_telling_date() -> None:
    text = "Amnesty International on Wednesday said an air strike on Kuro market on March 2 killed six villagers."
    found = mentions(text)
    assert options(found[0]) == ["on March 2"]  # GUIDE 15: the telling's day is no option at all
    assert incidents(text)[0].date == D(2024, 3, 2)


def test_a_date_before_an_event_verb_stays_the_event_date() -> None:
    text = "Gunmen on Tuesday killed four herders in Tarvo, police said on Wednesday."
    assert options(mentions(text)[0]) == ["on Tuesday"]


def test_only_the_report_day_leaves_the_date_empty() -> None:
    """GUIDE 15: "officials said on Monday" with no date words for the event itself gives date null."""
    text = "Rebels killed six traders on the road to Kuro, the district governor said on Tuesday."
    assert options(mentions(text)[0]) == []
    found = incidents(text)[0]
    assert (found.date, found.date_precision) == (None, "unknown")


def test_a_roundup_entry_naming_only_the_report_day_does_not_take_the_day_before() -> None:
    text = (
        "Rebels attacked army posts in three districts, killing at least 20 soldiers, officials said.\n\n"
        "In Bama, nine soldiers died when their checkpoint came under attack late on Tuesday.\n\n"
        "In Damboa, rebels ambushed a convoy and killed seven, residents reported on Thursday."
    )
    found = mentions(text)
    assert [m.in_roundup for m in found] == [True, True]
    dates = {i.locality: i.date for i in incidents(text)}
    # neither the report's Thursday (GUIDE 15) nor the Tuesday of the entry before: the entry names its own day
    assert dates == {"Bama": D(2024, 3, 12), "Damboa": None}


def test_a_history_date_told_after_the_lede_does_not_date_the_news() -> None:
    """The primary incident is news (GUIDE 3): a later sentence's day a year back is history, and the lede's day
    dates the incident whose event sentence names none. The history event after its time anchor ("a year after
    crowds stormed ...") is an incident of its own, background, dated by its own day."""
    text = (
        "Nationwide protests against the government left at least five people dead in the country on Wednesday, "
        "according to rights groups.\n\n"
        "Thousands of marchers took to the streets of Kuro and police fired tear gas at them.\n\n"
        "The protests fell a year after crowds stormed the town hall on 13 March last year and set it on fire."
    )
    found = mentions(text)
    assert found[0].sentences[-1].text == "The protests fell"  # the words before the anchor continue the news
    assert found[1].sentences[0].text.startswith("crowds stormed the town hall")  # the anchored history event
    assert options(found[0], news_days=0) == options(found[0]) == ["on Wednesday"]  # history never dates the news
    assert [(i.date, i.primary) for i in incidents(text)] == [(D(2024, 3, 13), True), (D(2023, 3, 13), False)]


# --- the most precise date of the incident wins --------------------------------------------------------------------


def test_a_later_day_inside_the_weeks_period_dates_the_incident() -> None:
    text = (
        "Only last week a patrol officer was hurt when a mine planted by rebels exploded in Kuro district.\n\n"
        "That blast took place on Wednesday (March 6) afternoon near the river crossing."
    )
    found = mentions(text)
    assert options(found[0])[0] == "on Wednesday (March 6) afternoon"
    assert (incidents(text)[0].date, incidents(text)[0].date_precision) == (D(2024, 3, 6), "day")


def test_a_day_after_the_weekend_is_not_inside_it() -> None:
    text = "A teacher kidnapped by rebels in Dalo over the weekend was freed on Monday."
    assert options(mentions(text)[0]) == ["over the weekend", "on Monday"]


def test_a_day_outside_the_month_does_not_replace_it() -> None:
    text = "In February, gunmen abducted twelve pupils from a school in Tarvo; the last were freed on March 2."
    assert options(mentions(text)[0])[0] == "In February"


# --- roundups: each entry its own day ------------------------------------------------------------------------------


def test_a_roundup_entry_dated_by_its_own_event_sentence() -> None:
    text = (
        "Rebels attacked army posts in three districts, killing at least 20 soldiers, officials said on Thursday.\n\n"
        "In Kuro district, nine soldiers died when their checkpoint came under attack. The firefight started late "
        "Tuesday and went on into the night.\n\n"
        "In Dalo district, rebels ambushed a convoy, killing seven. The ambush happened on Wednesday morning.\n\n"
        "Separately, in Tarvo district, rebels attacked a police post and killed four officers."
    )
    found = mentions(text)
    assert [options(m) for m in found[:2]] == [["late Tuesday"], ["on Wednesday morning"]]
    assert {D(2024, 3, 12), D(2024, 3, 13)} <= {i.date for i in incidents(text)}


def test_a_roundup_entry_is_not_dated_by_an_aftermath_sentence() -> None:
    text = (
        "Bandits on Tuesday killed nine farmers in four villages of Kuro district.\n\n"
        "Four were killed in Abari, two in Belo, two in Cindi and one in Doma.\n\n"
        "The governor, who visited the bereaved families on Wednesday, promised more patrols."
    )
    dates = {i.locality: i.date for i in incidents(text)}
    assert dates.get("Doma") == D(2024, 3, 12)
    assert set(dates.values()) == {D(2024, 3, 12)}


# --- the lede dates an undated event sentence ----------------------------------------------------------------------


def test_the_lede_dates_the_primary_incident_when_its_own_sentences_give_no_day() -> None:
    text = (
        "Mine kills five policemen in the west\n\n"
        "Five policemen died in the west of the country on Tuesday when their truck drove over hidden explosives.\n\n"
        "The blast in Kuro district destroyed the vehicle, the district police chief said."
    )
    found = mentions(text)
    assert "The blast" in found[0].lead.text
    assert options(found[0]) == ["on Tuesday"]
    assert incidents(text)[0].date == D(2024, 3, 12)


def test_a_digest_period_in_the_opening_dates_no_incident() -> None:
    text = (
        "Weekly overview\n\n"
        "This overview covers the first week of March 2024.\n\n"
        "Rebels killed four soldiers in an ambush near Kuro."
    )
    found = mentions(text)
    assert options(found[0]) == []


def test_a_caption_ends_on_a_date_but_a_lede_ending_on_one_stays() -> None:
    text = (
        "Troops kill two rebels in Kuro ambush\n\n"
        "Soldiers say they killed two rebels and seized rifles in an ambush before dawn on Wednesday, March 13, 2024.\n\n"
        "Villagers leave Kuro on foot, Kuro district, March 12, 2024."
    )
    found = mentions(text)
    assert "before dawn" in found[0].lead.text
    assert "Villagers leave" not in " ".join(s.text for m in found for s in m.sentences)
    assert incidents(text)[0].date == D(2024, 3, 13)


# --- a merged record takes the precision with the date -------------------------------------------------------------


def test_a_merged_twin_takes_the_dates_precision_with_the_date() -> None:
    base = {
        "primary": True,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "country": "NG",
        "locality": "Kuro",
    }
    undated = Incident.model_validate({**base, "date": None, "date_precision": "unknown"})
    dated = Incident.model_validate(
        {**base, "date": "2024-03-13", "date_text": "on Wednesday", "date_precision": "day"}
    )
    merged, count = merge_mentions([undated, dated])
    assert count == 1 and len(merged) == 1
    assert (merged[0].date, merged[0].date_precision) == (D(2024, 3, 13), "day")


# --- words that date an event by the one told before ("the day before", "A day later") ----------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the day before", D(2024, 3, 10)),
        ("the night before", D(2024, 3, 10)),
        ("the previous evening", D(2024, 3, 10)),
        ("el día anterior", D(2024, 3, 10)),
        ("the following morning", D(2024, 3, 12)),
        ("A day later", D(2024, 3, 12)),
        ("the same night", D(2024, 3, 11)),
    ],
)
def test_words_dated_by_the_incident_before_need_its_date(text: str, expected: dt.date) -> None:
    assert resolve_date(text, THU, anchor=D(2024, 3, 11)).date == expected
    assert resolve_date(text, THU).date is None


def test_a_roundup_entry_dated_only_by_the_incident_before_takes_its_day() -> None:
    text = (
        "Attacks on aid workers\n\n"
        "- Rebels ambushed a convoy of aid trucks near Kuro on Monday, wounding two drivers.\n"
        "- A day later, gunmen shot dead an aid worker on the road to Dalo."
    )
    found = mentions(text)
    assert len(found) == 2 and options(found[1]) == ["A day later"]
    assert D(2024, 3, 12) in {i.date for i in incidents(text)}


@pytest.mark.parametrize(
    ("sentence", "words", "expected"),
    [
        (
            "Two guards were killed a day earlier in Kuro, the ministry said on Wednesday; the search went on.",
            "a day earlier",
            D(2024, 3, 12),
        ),
        ("The army said on Monday it had shelled the hills the day before.", "the day before", D(2024, 3, 10)),
        ("Rebels struck Dalo on 5 March and, two days later, burned the market.", "two days later", D(2024, 3, 7)),
    ],
)
def test_words_dated_by_another_event_count_from_the_day_their_own_sentence_names(
    sentence: str, words: str, expected: dt.date
) -> None:
    text = f"Gunmen raided a village on Tuesday. {sentence} Nobody was arrested on Thursday."
    start = text.index(words)
    found = sentence_anchor(text, start, start + len(words), THU)
    assert found is not None and found.date is not None
    assert resolve_date(words, THU, anchor=found.date, anchor_precision=found.precision).date == expected


def test_a_sentence_naming_no_day_leaves_the_anchor_to_the_incident_before() -> None:
    text = "Gunmen raided a village on Tuesday. A day later, soldiers clashed with them near Dalo."
    start = text.index("A day later")
    assert sentence_anchor(text, start, start + len("A day later"), THU) is None
    start = text.index("on Tuesday")  # plain words need no anchor
    assert sentence_anchor(text, start, start + len("on Tuesday"), THU) is None


def test_a_day_earlier_than_the_report_day_of_its_own_sentence() -> None:
    text = (
        "Strikes across the south\n\n"
        "- Air strikes overnight hit a school in Bama, killing nine, rescuers said.\n"
        "- Seven people were killed a day earlier when air strikes hit Damboa, the health ministry said on Thursday."
    )
    dates = {i.locality: i.date for i in incidents(text)}
    assert dates.get("Damboa") == D(2024, 3, 13)  # the day before Thursday, not the day before Bama's strike


def test_the_first_incident_is_not_dated_by_words_that_need_one_before() -> None:
    text = "Explosions shook the capital hours after rebels sent drones against several towns."
    found = mentions(text)
    assert options(found[0]) == []


def test_a_portuguese_last_weekday_and_a_byline_date() -> None:
    assert resolve_date("na última quinta-feira", THU).date == D(2024, 3, 7)
    text = (
        "Gunmen kill four herders\n\n"
        "By Jane Roe | 12 March 2024\n\n"
        "Gunmen killed four herders in Tarvo, villagers said.\n\n"
        "Updated 13 March 2024, 10:42"
    )
    found = mentions(text)
    assert len(found) == 1 and options(found[0]) == []
    assert incidents(text)[0].date is None


def test_a_date_closing_a_clause_before_said_stays_the_event_date() -> None:
    text = "Gunmen killed five traders in Tarvo market on Tuesday, said the district police chief."
    assert options(mentions(text)[0]) == ["on Tuesday"]
    assert incidents(text)[0].date == D(2024, 3, 12)


def test_a_night_with_no_day_named_is_the_night_before_publication() -> None:
    published = dt.date(2023, 9, 18)
    for words in ("throughout the night", "during the night", "in the night"):
        assert resolve_date(words, published).date == dt.date(2023, 9, 17), words
    assert resolve_date("during the night of 11 to 12 March", published).date == dt.date(2023, 3, 11)


def test_a_month_given_alone_as_the_date_phrase_is_that_month() -> None:
    published = dt.date(2024, 9, 18)
    assert (resolve_date("February", published).date, resolve_date("February", published).precision) == (
        dt.date(2024, 2, 1),
        "month",
    )
    assert resolve_date("last February", dt.date(2024, 3, 10)).date == dt.date(2024, 2, 1)
    # in running text a bare month is no date phrase ("May" is a verb as often as a month)
    assert [s for _, _, s in find_date_expressions("Troops may return in May. Talks resume.")] == ["in May"]
