"""Whose weapon, and in which clause (issue 17, GUIDE 9): the weapon is the means of the incident's violence.

The incidents of one sentence that splits a toll by place share the weapon told of them all (in the headline or
the sentence next to theirs), not one told inside another incident's share. A crewed aircraft that a verb of
downing hit ("rebels brought down a helicopter") was the target, not the weapon; a drone or missile downed by air
defence stays the weapon of its attack; "shot" in "shot down" is no firearm. A weapon denied ("no shots were
fired") was not used. An air strike told by a bare "strike" takes the platform of the article's qualified strikes.
Every sentence here is invented for the test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from _decomposed_support import incidents
from _decomposed_support import mentions as mentions_of

from extractor.article import Article
from extractor.decomposed import load_questions
from extractor.decomposed.questions import build_questions
from extractor.normalize.aliases import normalize_weapon
from extractor.pipeline import ArticleContext

PUBLISHED = dt.date(2025, 4, 9)


def weapons(text: str) -> list[str | None]:
    """The heuristic's weapon (normalized) for each mention of the article."""
    ctx, qs = ArticleContext(Article.create(text, published=PUBLISHED, article_id="w")), load_questions()
    picks = []
    for mention in mentions_of(text, PUBLISHED):
        question = next(q for q in build_questions(mention, ctx, qs) if q.field == "weapon")
        picks.append(normalize_weapon(question.values[0]) if question.values else None)
    return picks


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels fought troops in Tarvo on Monday and brought down an army helicopter, officials said.",
        "Militia fighters shot down two army jets over Tarvo on Monday during clashes with the army.",
        "An army helicopter was shot down near Tarvo on Monday as rebels and troops clashed.",
        "Les rebelles ont combattu l'armée à Tarvo lundi; un hélicoptère a été abattu.",
    ],
)
def test_an_aircraft_that_was_downed_is_no_weapon(sentence: str) -> None:
    assert weapons(sentence)[0] is None


def test_a_weapon_told_besides_the_downing_is_kept() -> None:
    text = "Rebels attacked an army base in Tarvo on Monday with mortars and brought down a helicopter, killing four."
    assert weapons(text)[0] == "mortar"


@pytest.mark.parametrize(
    "sentence",
    [
        "Debris from a drone that was shot down fell on a house in Tarvo on Monday, killing two people.",
        "Air defences shot down three missiles over Tarvo on Monday; falling debris killed two people.",
    ],
)
def test_a_munition_downed_by_air_defence_is_the_attack_s_weapon(sentence: str) -> None:
    assert weapons(sentence)[0] in ("drone", "missile")


def test_a_preposition_ends_what_was_downed() -> None:
    text = "Troops brought down the building with helicopter fire in Tarvo on Monday, killing four fighters."
    assert weapons(text)[0] == "aircraft"


@pytest.mark.parametrize(
    ("sentence", "weapon"),
    [
        ("Gunmen shot dead two farmers in Tarvo on Monday.", "firearm"),
        ("A helicopter gunship fired rockets at a village near Tarvo on Monday, killing three people.", "aircraft"),
        ("A drone struck a car near Tarvo on Monday, killing two men.", "drone"),
    ],
)
def test_a_weapon_that_was_used_is_still_found(sentence: str, weapon: str) -> None:
    assert weapons(sentence)[0] == weapon


def test_people_shot_down_were_shot() -> None:
    assert weapons("Three protesters were shot down in Tarvo on Monday, witnesses said.")[0] == "firearm"


def by_place(text: str) -> dict[str | None, str | None]:
    return {i.locality: i.weapon for i in incidents(text)}


def test_a_weapon_told_of_a_whole_list_is_each_incident_s() -> None:
    text = (
        "Gunmen kill seven in Plateau villages\n\n"
        "Gunmen on Tuesday killed seven people in three villages of Bokkos in Plateau State.\n\n"
        "Four of the victims were killed in Mushu, two in Daffo and one in Manguna, residents said. "
        "Witnesses said all of them were shot as they returned from their farms."
    )
    found = [(i.locality, i.weapon) for i in incidents(text)]
    assert len(found) == 3 and {weapon for _, weapon in found} == {"firearm"}, found


def test_a_weapon_told_inside_one_share_stays_that_incident_s() -> None:
    text = (
        "Attacks in Plateau villages\n\n"
        "Gunmen on Tuesday attacked three villages of Bokkos in Plateau State.\n\n"
        "Two people were shot dead in Mushu, three died in Daffo and one in Manguna, residents said."
    )
    found = by_place(text)
    assert found.get("Mushu") == "firearm", found
    assert found.get("Daffo") is None and found.get("Manguna") is None, found


def test_incidents_told_with_different_weapons_keep_their_own() -> None:
    text = (
        "Attacks in Plateau villages\n\n"
        "Gunmen on Tuesday attacked three villages of Bokkos in Plateau State.\n\n"
        "Two people were shot dead in Mushu and three were hacked to death in Daffo, residents said. "
        "Witnesses said the attackers also used machetes."
    )
    found = by_place(text)
    assert (found.get("Mushu"), found.get("Daffo")) == ("firearm", "bladed weapon"), found


def test_a_bare_strike_takes_the_platform_the_article_names() -> None:
    text = (
        "Strikes hit Tarvo\n\n"
        "Enemy strikes hit the town of Tarvo on Monday, killing five people, officials said.\n\n"
        "In Oska, air strikes killed two farmers on Tuesday."
    )
    assert weapons(text)[:2] == ["aircraft", "aircraft"]


@pytest.mark.parametrize(
    "other",
    [
        "In Oska, shelling killed two farmers on Tuesday.",
        "In Oska, air strikes and drone strikes killed two farmers on Tuesday.",
    ],
)
def test_a_bare_strike_names_no_platform_alone_or_with_two(other: str) -> None:
    text = f"Strikes hit Tarvo\n\nEnemy strikes hit the town of Tarvo on Monday, killing five people.\n\n{other}"
    assert weapons(text)[0] is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels took control of Tarvo on Monday after troops withdrew; residents said no shots were fired.",
        "Rebels took control of Tarvo on Monday without a shot being fired, residents said.",
        "Des rebelles ont attaqué le village de Tarvo lundi et tué trois civils, sans tirer un coup de feu.",
    ],
)
def test_a_weapon_denied_was_not_used(sentence: str) -> None:
    assert weapons(sentence)[0] is None


@pytest.mark.parametrize(
    "sentence",
    [
        "No one was spared when gunmen opened fire on a bus near Tarvo on Monday, killing four passengers.",
        "Des rebelles ont attaqué le village de Tarvo lundi et tué trois civils par balles.",
    ],
)
def test_a_negation_elsewhere_in_the_sentence_denies_no_weapon(sentence: str) -> None:
    assert weapons(sentence)[0] == "firearm"
