"""Alias tables: weapon words -> the Weapon vocabulary, group names -> canonical names, CSV loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.normalize.aliases import (
    NOT_A_WEAPON,
    WEAPON_PRECEDENCE,
    AliasTable,
    actor_aliases,
    load_alias_table,
    normalize_actor,
    normalize_weapon,
    weapon_aliases,
)
from extractor.schemas.vocab import WEAPONS

WEAPON_CASES = [
    ("a katyusha rocket", "rocket"),
    ("Grad rockets", "rocket"),
    ("rocket-propelled grenade", "rocket"),
    ("mortar shells", "mortar"),
    ("a ballistic missile", "missile"),
    ("cruise missiles", "missile"),
    ("heavy shelling", "artillery"),
    ("howitzers", "artillery"),
    ("shelled", "artillery"),
    ("a roadside bomb", "ied"),
    ("IED", "ied"),
    ("an improvised explosive device", "ied"),
    ("landmines", "ied"),
    ("a car bomb", "vehicle bomb"),
    ("VBIED", "vehicle bomb"),
    ("suicide car bomb", "vehicle bomb"),
    ("a suicide bomber", "suicide vest"),
    ("an explosive belt", "suicide vest"),
    ("a drone", "drone"),
    ("UAVs", "drone"),
    ("unmanned aerial vehicle", "drone"),
    ("air strike", "aircraft"),
    ("airstrikes", "aircraft"),
    ("air-strike", "aircraft"),
    ("helicopter gunship", "aircraft"),
    ("gunmen opened fire", "firearm"),
    ("gunfire", "firearm"),
    ("shot dead", "firearm"),
    ("AK-47 rifles", "firearm"),
    ("ak47", "firearm"),
    ("a hand grenade", "grenade"),
    ("knives", "bladed weapon"),
    ("hacked to death with machetes", "bladed weapon"),
    ("tear gas", None),  # crowd-control means are not coded as a weapon (GUIDE section 9)
    ("Tear-gas and rubber bullets", None),
    ("petrol bombs", "other"),
    ("stun grenade", None),
    ("Firearm", "firearm"),
    ("other", "other"),
    # several weapons: the platform beats the munition, the heavier weapon beats the lighter
    ("a drone-launched missile", "drone"),
    ("warplanes dropped bombs", "aircraft"),
    ("gunmen threw a grenade", "grenade"),
    ("a roadside bomb followed by gunfire", "ied"),
    ("mortar and rocket fire", "rocket"),
    # nothing recognizable
    ("a stone", None),
    ("the vehicle", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("text", "expected"), WEAPON_CASES)
def test_normalize_weapon(text: str | None, expected: str | None) -> None:
    assert normalize_weapon(text) == expected


ACTOR_CASES = [
    ("Islamic State", "Islamic State"),
    ("ISIS", "Islamic State"),
    ("ISIL", "Islamic State"),
    ("IS", "Islamic State"),
    ("Daesh", "Islamic State"),
    ("the Islamic State group", "Islamic State"),
    ("Islamic State militants", "Islamic State"),
    ("al-Shabaab", "al-Shabaab"),
    ("Al Shabaab", "al-Shabaab"),
    ("al-Shabab", "al-Shabaab"),
    ("Harakat al-Shabaab al-Mujahideen", "al-Shabaab"),
    ("Boko Haram", "Boko Haram"),
    ("JAS", "Boko Haram"),
    ("suspected Boko Haram militants", "Boko Haram"),
    ("ISWAP", "Islamic State West Africa Province"),
    ("JNIM", "JNIM"),
    ("Hizbollah", "Hezbollah"),
    ("the Houthis", "Houthis"),
    ("Houthi rebels", "Houthis"),
    ("Ansar Allah", "Houthis"),
    ("Taleban", "Taliban"),
    ("Pakistani Taliban", "Tehrik-e-Taliban Pakistan"),
    ("TTP", "Tehrik-e-Taliban Pakistan"),
    ("Hamas", "Hamas"),
    ("al-Qassam Brigades", "Hamas"),
    ("FARC dissidents", "FARC dissidents"),
    ("ELN", "ELN"),
    ("Wagner", "Wagner Group"),
    ("Wagner mercenaries", "Wagner Group"),
    ("Rapid Support Forces", "Rapid Support Forces"),
    ("RSF", "Rapid Support Forces"),
    ("M23 rebels", "M23"),
    ("ADF", "Allied Democratic Forces"),
    ("Kata'ib Hezbollah", "Kataib Hezbollah"),
    ("Kurdistan Workers’ Party", "PKK"),
    # no alias for the whole phrase: the phrase, tidied
    ("is", "is"),
    ("unidentified gunmen", "unidentified gunmen"),
    ("the gunmen,", "gunmen"),
    ('  "The army"  ', "army"),
    ("soldiers who fought Hamas", "soldiers who fought Hamas"),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("text", "expected"), ACTOR_CASES)
def test_normalize_actor(text: str | None, expected: str | None) -> None:
    assert normalize_actor(text) == expected


def test_packaged_tables_are_valid_and_generous() -> None:
    weapons, actors = weapon_aliases(), actor_aliases()
    assert {canonical for _, canonical in weapons.entries} == {*WEAPONS, NOT_A_WEAPON}
    assert len(weapons.entries) >= 100
    assert len({canonical for _, canonical in actors.entries}) >= 40
    assert set(WEAPON_PRECEDENCE) == set(WEAPONS)


def test_find_and_canonical() -> None:
    actors = actor_aliases()
    text = "Militants from IS and ISWAP clashed; the group is weak, Islamic State West Africa Province said."
    assert actors.find(text) == [
        (15, 17, "IS", "Islamic State"),
        (22, 27, "ISWAP", "Islamic State West Africa Province"),
        (56, 90, "Islamic State West Africa Province", "Islamic State West Africa Province"),
    ]
    assert actors.canonical("fighters of al-Shabaab and ISIS") == "al-Shabaab"
    assert actors.canonical("no group at all") is None
    assert actors.canonical(None) is None
    # longest alias first, on word boundaries: "gunmen" is not "gun", "gunship" is not "gun"
    weapons = weapon_aliases()
    assert [f[2] for f in weapons.find("gunmen and a helicopter gunship")] == ["gunmen", "helicopter gunship"]
    assert weapons.find("Begun") == []


@pytest.mark.parametrize(
    "text", ["deux voitures piégées ont explosé", "la detonación de coches bomba", "dois carros-bomba explodiram"]
)
def test_a_plural_that_inflects_the_first_word_is_still_a_vehicle_bomb(text: str) -> None:
    assert [canonical for *_, canonical in weapon_aliases().find(text)] == ["vehicle bomb"]


@pytest.mark.parametrize(
    "text",
    [
        "trois corps décapités retrouvés",
        "une femme égorgée chez elle",
        "dos campesinas degolladas",
        "la víctima fue apuñalada",
        "duas mulheres decapitadas",
        "uma jovem esfaqueada",
        "a spate of beheadings",
    ],
)
def test_the_verbs_of_beheading_and_stabbing_are_bladed_weapons_in_every_gender(text: str) -> None:
    assert normalize_weapon(text) == "bladed weapon"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_alias_table_with_comments(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.csv", "# my aliases\nalias,canonical\n\n# rows\nBlue Berets,UN peacekeepers\n")
    table = load_alias_table(path)
    assert isinstance(table, AliasTable)
    assert table.canonical("the blue berets arrived") == "UN peacekeepers"


def test_user_row_overrides_packaged_row(tmp_path: Path) -> None:
    assert normalize_weapon("a landmine") == "ied"
    user = _write(tmp_path, "weapons.csv", "alias,canonical\nlandmine,other\nslingshot,other\n")
    table = weapon_aliases([user])
    assert normalize_weapon("a landmine", table) == "other"
    assert normalize_weapon("slingshots", table) == "other"
    assert normalize_weapon("a roadside bomb", table) == "ied"  # packaged rows still there
    assert normalize_weapon("a landmine") == "ied"  # the packaged default is untouched


def test_user_actor_file(tmp_path: Path) -> None:
    user = _write(tmp_path, "actors.csv", "alias,canonical\nWagner,Africa Corps\nBlue Berets,UN peacekeepers\n")
    table = actor_aliases([user])
    assert normalize_actor("Wagner", table) == "Africa Corps"
    assert normalize_actor("the Blue Berets", table) == "UN peacekeepers"
    assert normalize_actor("Hamas", table) == "Hamas"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("alias,canonical\nslingshot,catapult\n", r"bad\.csv:2: unknown canonical value 'catapult'"),
        ("# c\nalias,canonical\nok,firearm\nslingshot\n", r"bad\.csv:4: expected 'alias,canonical'"),
        ("alias,canonical\nslingshot,firearm,extra\n", r"bad\.csv:2"),
        ("alias,canonical\n,firearm\n", r"bad\.csv:2"),
        ("name,value\nslingshot,other\n", r"bad\.csv:1: expected the header"),
        ("# only a comment\n", r"bad\.csv: empty alias table"),
        ("alias,canonical\nsling,other\nSling,firearm\n", r"bad\.csv:3: alias 'Sling' -> 'firearm' contradicts line 2"),
    ],
)
def test_bad_weapon_csv_raises(tmp_path: Path, content: str, message: str) -> None:
    bad = _write(tmp_path, "bad.csv", content)
    with pytest.raises(ValueError, match=message):
        weapon_aliases([bad])


def test_bad_generic_csv_raises(tmp_path: Path) -> None:
    bad = _write(tmp_path, "bad.csv", "alias;canonical\n")
    with pytest.raises(ValueError, match=r"bad\.csv:1"):
        load_alias_table(bad)
    with pytest.raises(ValueError, match=r"bad\.csv:1"):
        actor_aliases([bad])


def test_case_sensitive_short_acronyms() -> None:
    table = AliasTable((("IS", "Islamic State"), ("isis", "Islamic State")))
    assert table.canonical("the village is quiet") is None
    assert table.canonical("IS fighters") == "Islamic State"
    assert table.canonical("Isis fighters") == "Islamic State"


def test_normalize_weapon_ignores_foreign_canonicals() -> None:
    table = AliasTable((("slingshot", "catapult"),))
    assert normalize_weapon("slingshot", table) is None


def test_traded_fire_and_automatic_weapons_are_firearms() -> None:
    for words in (
        "the two sides traded heavy fire",
        "troops exchanged fire with gunmen",
        "abattus à l'arme automatique",
        "atacados con armas automáticas",
    ):
        assert normalize_weapon(words) == "firearm", words
