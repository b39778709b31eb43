"""A record dated only by its report joins the incident it reports (assemble.report_day, join_reports).

Every sentence here was written for these tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from _decomposed_support import incidents

from extractor.decomposed import load_questions
from extractor.decomposed.assemble import join_reports, report_day
from extractor.decomposed.question_file import ArticleStructure
from extractor.schemas import Evidence, Incident

STRIKE = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike", "country": "SO"}


def _span(text: str, words: str) -> Evidence:
    start = text.index(words)
    return Evidence(quote=words, start=start, end=start + len(words), alignment="exact")


def record(text: str, lead: str, date_words: str | None, day: str | None, **fields: Any) -> Incident:
    """A record whose event sentence is ``lead`` and whose date words are the first ``date_words`` in ``text``."""
    evidence = {"sub_event_type": _span(text, lead)}
    if date_words is not None:
        evidence["date_text"] = _span(text, date_words)
    return Incident.model_validate(
        {
            **STRIKE,
            "primary": True,
            "date": day,
            "date_text": date_words,
            "date_precision": "day" if day else "unknown",
            "evidence": evidence,
            **fields,
        }
    )


WEDNESDAY, THURSDAY = dt.date(2024, 3, 13), dt.date(2024, 3, 14)
LEDE = "Drone strikes on Harar killed six people, the regional health office said on Wednesday."
BODY = "Six people were killed on Monday night when a drone struck a market in Harar."
TEXT = f"{LEDE}\n\n{BODY}"


def test_a_date_the_telling_carries_is_the_reports_day_not_the_events() -> None:
    structure = load_questions().structure
    lede = record(TEXT, LEDE, "on Wednesday", "2024-03-13", locality="Harar")
    body = record(TEXT, BODY, "on Monday night", "2024-03-11", locality="Harar")
    assert report_day(lede, TEXT, structure, WEDNESDAY) == WEDNESDAY
    assert report_day(body, TEXT, structure, WEDNESDAY) is None


def test_a_statement_put_out_somewhere_on_a_day_tells_that_day() -> None:
    structure = load_questions().structure
    read = "Nine soldiers were killed near Harar, the army said in a statement read on state radio on Wednesday."
    assert report_day(record(read, read, "on Wednesday", "2024-03-13"), read, structure, THURSDAY) == WEDNESDAY
    issued = "Nine soldiers were killed, according to a statement issued by the army late on Wednesday."
    assert report_day(record(issued, issued, "on Wednesday", "2024-03-13"), issued, structure, THURSDAY) == WEDNESDAY
    event = "Soldiers read the names of nine comrades killed in Harar on Wednesday."
    assert report_day(record(event, event, "on Wednesday", "2024-03-13"), event, structure, THURSDAY) is None


def test_a_toll_update_tells_the_news_as_of_publication_whatever_date_it_picked_up() -> None:
    structure = load_questions().structure
    text = "The death toll from a bombing at a mosque in Baidoa rose to 14 on Wednesday."
    update = record(text, text, "on Wednesday", "2024-03-13", locality="Baidoa")
    assert report_day(update, text, structure, THURSDAY) == THURSDAY
    climbed = "The number of people killed in the fighting in Baidoa has climbed above 20. A photo of 6 June 2019."
    caption = record(climbed, climbed.split(". ")[0], "6 June 2019", "2019-06-06", locality="Baidoa")
    assert report_day(caption, climbed, structure, THURSDAY) == THURSDAY
    told = "A bomb went off at a mosque in Baidoa on Wednesday, killing 14."
    assert report_day(record(told, told, "on Wednesday", "2024-03-13", locality="Baidoa"), told, structure) is None


def test_the_report_joins_the_event_and_takes_its_day() -> None:
    lede = record(TEXT, LEDE, "on Wednesday", "2024-03-13", locality="Harar", killed=6)
    body = record(TEXT, BODY, "on Monday night", "2024-03-11", locality="Harar", site="a market")
    joined, count = join_reports([lede, body], [WEDNESDAY, None])
    assert count == 1 and len(joined) == 1
    one = joined[0]
    assert (one.date, one.date_text, one.killed, one.site) == (dt.date(2024, 3, 11), "on Monday night", 6, "a market")
    assert one.evidence["date_text"].quote == "on Monday night"


def test_a_report_prefers_the_event_in_its_own_town_to_one_that_names_none() -> None:
    lede = record(TEXT, LEDE, "on Wednesday", "2024-03-13", locality="Harar")
    placeless = record(TEXT, BODY, "on Monday night", "2024-03-12")
    body = record(TEXT, BODY, "on Monday night", "2024-03-11", locality="Harar")
    joined, count = join_reports([lede, placeless, body], [WEDNESDAY, None, None])
    assert count == 1
    assert [i.date for i in joined] == [dt.date(2024, 3, 11), dt.date(2024, 3, 12)]


def test_a_report_with_two_placeless_candidates_stays_apart() -> None:
    lede = record(TEXT, LEDE, "on Wednesday", "2024-03-13", locality="Harar")
    one = record(TEXT, BODY, "on Monday night", "2024-03-11")
    other = record(TEXT, BODY, "on Monday night", "2024-03-12")
    joined, count = join_reports([lede, one, other], [WEDNESDAY, None, None])
    assert count == 0 and len(joined) == 3


def test_an_entry_in_another_town_is_no_rival_to_the_placeless_telling() -> None:
    """A Harar report cannot be the news of a Jowhar entry, so that entry leaves the placeless strike its only
    candidate; a second placeless strike in reach would still keep them apart (the test above)."""
    lede = record(TEXT, LEDE, "on Wednesday", "2024-03-13", locality="Harar")
    strike = record(TEXT, BODY, "on Monday night", "2024-03-11", site="a market")
    elsewhere = record(TEXT, BODY, "on Monday night", "2024-03-12", locality="Jowhar")
    joined, count = join_reports([lede, strike, elsewhere], [WEDNESDAY, None, None])
    assert count == 1 and len(joined) == 2
    assert (joined[0].locality, joined[0].date, joined[0].site) == ("Harar", dt.date(2024, 3, 11), "a market")
    assert joined[1] == elsewhere


def test_a_placeless_report_among_entries_joins_none() -> None:
    """With no place of its own, a report may be the news of any entry of its event type in reach."""
    lede = record(TEXT, LEDE, "on Wednesday", "2024-03-13")
    strike = record(TEXT, BODY, "on Monday night", "2024-03-11")
    elsewhere = record(TEXT, BODY, "on Monday night", "2024-03-12", locality="Jowhar")
    joined, count = join_reports([lede, strike, elsewhere], [WEDNESDAY, None, None])
    assert count == 0 and len(joined) == 3


def test_what_a_report_cannot_be_the_news_of() -> None:
    lede = record(TEXT, LEDE, "on Wednesday", "2024-03-13", locality="Harar")
    elsewhere = record(TEXT, BODY, "on Monday night", "2024-03-11", locality="Jowhar")
    later = record(TEXT, BODY, "on Monday night", "2024-03-14", locality="Harar")
    long_before = record(TEXT, BODY, "on Monday night", "2024-02-26", locality="Harar")
    clash = record(
        TEXT,
        BODY,
        "on Monday night",
        "2024-03-11",
        locality="Harar",
        event_type="Battles",
        sub_event_type="Armed clash",
    )
    for other in (elsewhere, later, long_before, clash):
        joined, count = join_reports([lede, other], [WEDNESDAY, None])
        assert count == 0 and len(joined) == 2
    dated = record(TEXT, BODY, "on Monday night", "2024-03-11", locality="Harar")
    assert join_reports([dated, dated], [None, None]) == ([dated, dated], 0)  # only a report's record joins


def test_a_toll_update_lede_and_the_bodys_telling_are_one_incident() -> None:
    found = incidents(
        "Toll from Baidoa mosque bombing rises to 14\n\n"
        "The death toll from a bombing at a mosque in Baidoa rose to 14 on Wednesday, police said.\n\n"
        "A suicide bomber blew himself up among worshippers at the town's central mosque on Monday, killing nine.\n"
    )
    assert len(found) == 1
    assert (found[0].sub_event_type, found[0].date, found[0].locality) == (
        "Suicide bomb",
        dt.date(2024, 3, 11),
        "Baidoa",
    )


def test_a_toll_update_pattern_that_does_not_compile_is_refused() -> None:
    with pytest.raises(ValueError, match="structure.toll_update"):
        ArticleStructure(toll_update=["death toll (rose"])
