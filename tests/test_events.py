"""Merging reports into events: the issue's scenario, look-alikes kept apart, date windows by precision,
background mentions, resolution by ACLED's conventions and ids that do not depend on input order."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from events_fixtures import airport_story, article, incident

from extractor import InputError
from extractor.events import Event, event_id, merge_events

D = dt.date


def by_report(events: list[Event]) -> dict[str, Event]:
    return {r.ref: e for e in events for r in e.reports}


def clusters(events: list[Event]) -> set[frozenset[str]]:
    return {frozenset(r.ref for r in e.reports) for e in events}


def test_two_wires_a_recall_and_a_next_day_attack():
    events = merge_events(airport_story())
    found = by_report(events)
    airport = found["w1#0"]
    # both wires, the later background recall and the recall in the next day's article: one event
    assert {r.ref for r in airport.reports} == {"w1#0", "w2#0", "next#1", "later#1"}
    assert airport.incident.killed == 3  # the lower toll
    assert airport.sources == ["Meridian Wire", "Northgate Press", "Tigris Daily"]
    toll_note = next(n for n in airport.notes if n.startswith("killed:"))
    assert "3 to 5" in toll_note and "w2#0" in toll_note
    assert set(airport.agreement["killed"]["agreed"]) == {"w1#0", "next#1"}
    assert set(airport.agreement["killed"]["disagreed"]) == {"w2#0", "later#1"}
    assert airport.incident.date == D(2021, 3, 2) and airport.incident.date_precision == "day"  # not the month
    assert not airport.background_only and airport.incident.primary
    # the next day's attack in the same city stays its own event
    assert found["next#0"] is not airport and [r.ref for r in found["next#0"].reports] == ["next#0"]
    assert found["later#0"].incident.locality == "Basra"
    assert len(events) == 3


def test_resolved_place_is_geocoded_when_reports_have_no_coordinates():
    airport = by_report(merge_events(airport_story()))["w1#0"]
    assert airport.incident.geonameid is not None and airport.incident.geo_precision == 1
    assert 33 < airport.incident.latitude < 34  # Baghdad
    assert all(r.incident.geonameid is None for r in airport.reports)  # the reports stay as extracted


def test_the_same_inputs_give_the_same_ids_in_any_order():
    first = merge_events(airport_story())
    for seed in range(5):
        shuffled = airport_story()
        random.Random(seed).shuffle(shuffled)
        again = merge_events(shuffled)
        assert [e.event_id for e in again] == [e.event_id for e in first]
        assert clusters(again) == clusters(first)
    anchor = by_report(first)["w1#0"]
    assert anchor.event_id == event_id("w1", 0)  # the first primary report in (article_id, index) order


def same_day(**fields):
    return dict(date=D(2021, 5, 10), date_text="on Monday", date_precision="day", **fields)


def bombing(**fields):
    return incident(
        event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED", **same_day(**fields)
    )


@pytest.mark.parametrize(
    "first, second",
    [
        (dict(weapon="ied"), dict(weapon="grenade")),  # weapons contradict
        (dict(target="the central market"), dict(target="an army patrol")),  # targets contradict
        (dict(perpetrator="al-Shabaab"), dict(perpetrator="Islamic State fighters")),  # actors contradict
    ],
)
def test_two_attacks_the_same_day_in_the_same_town_stay_apart(first, second):
    a = article("a", "2021-05-11", "Wire A", bombing(**first))
    b = article("b", "2021-05-11", "Wire B", bombing(**second))
    assert len(merge_events([a, b])) == 2


def test_same_day_same_town_without_contradiction_is_one_event():
    a = article("a", "2021-05-11", "Wire A", bombing(weapon="ied", target="the central market", killed=4))
    b = article(
        "b", "2021-05-11", "Wire B", bombing(target="shoppers at the market", killed=6, claimed_by="Islamic State")
    )
    [event] = merge_events([a, b])
    assert event.incident.killed == 4 and event.incident.claimed_by == "Islamic State"
    assert event.incident.perpetrator is None  # a claim is not promoted to the perpetrator


def test_one_article_never_reports_one_event_twice():
    a = article("a", "2021-05-11", "Wire A", bombing(weapon="ied"), bombing(weapon="ied"))
    assert len(merge_events([a])) == 2


def rockets_on(
    day: D, precision: str = "day", primary: bool = True, published: str = "2021-06-30", aid: str = "x", **fields
):
    return article(
        aid,
        published,
        f"Source {aid}",
        incident(primary=primary, date=day, date_text="words", date_precision=precision, weapon="rocket", **fields),
    )


@pytest.mark.parametrize(
    "other, merged",
    [
        (dict(day=D(2021, 6, 10)), True),  # the same day
        (dict(day=D(2021, 6, 11)), True),  # a day matches a day within one day
        (dict(day=D(2021, 6, 12)), False),  # two days apart
        (dict(day=D(2021, 6, 1), precision="month", primary=False), True),  # "in June" covers the 10th
        (dict(day=D(2021, 5, 1), precision="month", primary=False), False),  # "in May" does not
        (dict(day=D(2021, 6, 7), precision="week", primary=False), True),  # "last week" (Mon 7 - Sun 13)
        (dict(day=D(2021, 5, 31), precision="week", primary=False), False),  # the week before: 31 May - 6 June
        (dict(day=D(2021, 1, 1), precision="year", primary=False), True),  # "in 2021"
    ],
)
def test_date_windows_follow_each_reports_precision(other, merged):
    event = rockets_on(D(2021, 6, 10), aid="a")
    mention = rockets_on(other.pop("day"), aid="b", **other)
    assert (len(merge_events([event, mention])) == 1) is merged


def test_places_compatible_by_distance_and_admin1():
    town = rockets_on(D(2021, 6, 10), aid="a", locality="Baghdad", admin1="Baghdad")
    region_only = rockets_on(D(2021, 6, 10), aid="b", locality=None, admin1="Baghdad")
    elsewhere = rockets_on(D(2021, 6, 10), aid="c", locality="Mosul", admin1="Nineveh")
    events = merge_events([town, region_only, elsewhere])
    assert clusters(events) == {frozenset({"a#0", "b#0"}), frozenset({"c#0"})}
    merged = by_report(events)["a#0"]
    assert merged.incident.locality == "Baghdad"  # the most precise report's place


def test_a_background_mention_that_matches_nothing_is_a_background_only_event():
    recall = article(
        "r1",
        "2021-06-30",
        "Tigris Daily",
        incident(
            primary=False,
            date=D(2021, 2, 1),
            date_text="in February",
            date_precision="month",
            locality="Kirkuk",
            admin1="Kirkuk",
            weapon="vehicle bomb",
            event_type="Explosions/Remote violence",
            sub_event_type="Remote explosive/landmine/IED",
            killed=12,
        ),
    )
    recall_again = article(
        "r2",
        "2021-07-02",
        "Meridian Wire",
        incident(
            primary=False,
            date=D(2021, 2, 14),
            date_text="on Feb. 14",
            date_precision="day",
            locality="Kirkuk",
            admin1="Kirkuk",
            weapon="vehicle bomb",
            event_type="Explosions/Remote violence",
            sub_event_type="Remote explosive/landmine/IED",
            killed=14,
        ),
    )
    [event] = merge_events([recall, recall_again])  # two recalls of one unreported bombing: one event
    assert event.background_only and not event.incident.primary
    assert any("known only from background mentions" in n for n in event.notes)
    assert event.incident.date == D(2021, 2, 14) and event.incident.killed == 12


def test_a_retrospective_mention_is_never_dated_to_the_publication_day():
    published = "2022-03-02"
    retrospective = article(
        "r",
        published,
        "Tigris Daily",
        incident(
            primary=False,
            date=D(2022, 3, 2),
            date_text="a year after the bombing",
            date_precision="day",
            weapon="rocket",
            target="the airport",
        ),
    )
    todays_attack = article(
        "t",
        published,
        "Meridian Wire",
        incident(date=D(2022, 3, 2), date_text="today", date_precision="day", weapon="rocket", target="the airport"),
    )
    events = merge_events([retrospective, todays_attack])
    assert len(events) == 2  # the recall is not today's attack
    recall = by_report(events)["r#0"]
    assert recall.background_only and recall.incident.date is None
    assert any("dated to its own publication day" in n for n in recall.notes)


def test_a_zero_toll_from_an_early_report_is_set_aside_when_a_later_one_counts_dead():
    early = article("e", "2021-05-10", "Wire A", incident(**same_day(weapon="rocket"), killed=0))
    later = article("l", "2021-05-12", "Wire B", incident(**same_day(weapon="rocket"), killed=2))
    [event] = merge_events([early, later])
    assert event.incident.killed == 2
    assert any("0 in e#0 set aside" in n for n in event.notes)


def test_an_article_given_twice_is_an_input_error():
    story = airport_story()
    with pytest.raises(InputError, match="w1"):
        merge_events([*story, story[0]])


def test_events_serialize_and_load_back():
    event = by_report(merge_events(airport_story()))["w1#0"]
    again = Event.model_validate_json(event.model_dump_json())
    assert again.incident == event.incident and [r.ref for r in again.reports] == [r.ref for r in event.reports]
    assert again.agreement["killed"]["value"] == 3


def test_two_groups_of_reports_agreeing_on_consecutive_days_are_two_events():
    # nothing contradicts and a day matches a day within one day, but each day has its own agreeing wires
    def wire(aid: str, day: int) -> object:
        return rockets_on(D(2021, 6, day), aid=aid, published="2021-06-20", target="the airport")

    events = merge_events([wire("a1", 10), wire("a2", 10), wire("b1", 11), wire("b2", 11)])
    assert clusters(events) == {frozenset({"a1#0", "a2#0"}), frozenset({"b1#0", "b2#0"})}
    # one report a day late is the same event, not a second one
    assert len(merge_events([wire("a1", 10), wire("a2", 10), wire("b1", 11)])) == 1
