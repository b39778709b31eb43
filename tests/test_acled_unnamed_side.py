"""ACLED actor coding of an unnamed side: an event by aircraft or drone with no side named is the state's, and
shelling in Syria's civil war with no side named is the Syrian military's (extractor/data/acled_conflict_defaults.csv).
Incidents here are written for these tests."""

from __future__ import annotations

import datetime as dt

from extractor import Incident
from extractor.acled import code_actors, resolve_actor


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


def test_aircraft_alone_name_no_owner_so_the_sub_event_s_default_codes_the_strike() -> None:
    # "hostile aircraft" in a Lebanese report are not Lebanon's: the conflict's side of a strike with no side named
    lebanon = incident(
        country="LB",
        admin1="South",
        locality="Tyre",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        date=dt.date(2024, 10, 2),
        perpetrator="hostile aircraft",
        weapon="aircraft",
    )
    coding = code_actors(lebanon)
    assert (coding.actor1 or "").startswith("Military Forces of Israel")
    assert coding.inter1 == 8
    # a phrase that names no side does not beat the air strike's default (only states fly): the state's forces
    mali = incident(
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        date=dt.date(2024, 3, 18),
        perpetrator="warplanes",
    )
    assert (code_actors(mali).actor1 or "").startswith("Military Forces of Mali")


def test_aircraft_beside_a_demonym_or_a_state_forces_word_stay_that_state_s() -> None:
    assert resolve_actor("warplanes", "PS", dt.date(2024, 1, 5)) is None
    syrian = resolve_actor("Syrian warplanes", "SY", dt.date(2016, 1, 5))
    regime = resolve_actor("regime aircraft", "SY", dt.date(2016, 1, 5))
    assert syrian is not None and syrian.name.startswith("Military Forces of Syria")
    assert regime is not None and regime.name.startswith("Military Forces of Syria")
    us = resolve_actor("US aircraft", "SO", dt.date(2020, 2, 1))
    assert us is not None and us.inter == 8


def test_an_ally_that_regained_territory_for_the_government_did_not_take_it_from_the_state() -> None:
    def regained(perpetrator: str) -> Incident:
        return incident(
            country="YE",
            admin1="Shabwah",
            locality="Bayhan",
            event_type="Battles",
            sub_event_type="Government regains territory",
            date=dt.date(2022, 1, 10),
            perpetrator=perpetrator,
        )

    ally = code_actors(regained("Giants Brigades"))
    assert ally.actor1 == "Giants Brigades"
    assert ally.actor2 == "Unidentified Armed Group (Yemen)"
    assert not (ally.actor2 or "").startswith("Military Forces")
    army = code_actors(regained("government troops"))
    assert (army.actor1 or "").startswith("Military Forces of Yemen")
    assert army.actor2 == "Unidentified Armed Group (Yemen)"
