"""ACLED actor coding of an unnamed side: an event by aircraft or drone with no side named is the state's, and
shelling in Syria's civil war with no side named is the Syrian military's (extractor/data/acled_conflict_defaults.csv).
Incidents here are written for these tests."""

from __future__ import annotations

import datetime as dt

from extractor import Incident
from extractor.acled import code_actors


def incident(**fields) -> Incident:
    base = dict(primary=True, date_precision="day", country="ML", admin1="Mopti", locality="Mopti")
    base.update(fields)
    return Incident(**base)


def test_an_unnamed_drone_attack_on_civilians_is_the_state_s() -> None:
    drone = incident(
        event_type="Violence against civilians", sub_event_type="Attack", date=dt.date(2024, 3, 18), weapon="drone"
    )
    coding = code_actors(drone)
    assert (coding.actor1 or "").startswith("Military Forces of Mali")
    assert (coding.actor2, coding.interaction, coding.civilian_targeting) == ("Civilians (Mali)", 17, True)


def test_an_unnamed_gun_attack_stays_unidentified_and_a_named_side_wins_over_the_weapon() -> None:
    date = dt.date(2024, 3, 18)
    shot = incident(event_type="Violence against civilians", sub_event_type="Attack", date=date, weapon="firearm")
    assert code_actors(shot).actor1 == "Unidentified Armed Group (Mali)"
    named = incident(
        event_type="Violence against civilians", sub_event_type="Attack", date=date, weapon="drone", perpetrator="JNIM"
    )
    assert not (code_actors(named).actor1 or "").startswith("Military Forces")


def test_unnamed_shelling_in_syria_s_civil_war_is_the_syrian_military_s_and_not_after_it() -> None:
    def shelling(day: dt.date) -> Incident:
        return incident(
            event_type="Explosions/Remote violence",
            sub_event_type="Shelling/artillery/missile attack",
            country="SY",
            admin1="Rif Dimashq",
            locality="Douma",
            date=day,
        )

    assert (code_actors(shelling(dt.date(2013, 5, 2))).actor1 or "").startswith("Military Forces of Syria")
    assert not (code_actors(shelling(dt.date(2025, 5, 2))).actor1 or "").startswith("Military Forces of Syria")


def test_civilians_take_the_event_s_country_and_an_aid_convoy_is_civilian() -> None:
    from extractor.acled.actors import resolve_actor

    day = dt.date(2020, 8, 9)
    foreign = resolve_actor("six French aid workers", "NE", day)
    assert foreign is not None and (foreign.name, foreign.associate) == ("Civilians (Niger)", "Aid Workers (France)")
    convoy = resolve_actor("an aid convoy", "CM", day)
    assert convoy is not None and convoy.name == "Civilians (Cameroon)"
    army = resolve_actor("an army convoy", "CM", day)
    assert army is not None and army.name.startswith("Military Forces of Cameroon")
