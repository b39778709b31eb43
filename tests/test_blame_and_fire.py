"""Who is blamed when the blame is passive or told apart from the event, and who fired when the event sentence's
subject is the fire itself ("Russian shelling killed two"): issue 17 (spans) and issue 19 (actor coding).
Every sentence here is written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.acled import code_incidents
from extractor.article import Article
from extractor.decomposed import extract_decomposed, load_questions
from extractor.decomposed.claims import blamed_actor
from extractor.decomposed.mentions import find_mentions
from extractor.decomposed.questions import build_questions
from extractor.decomposed.subjects import subject_phrase
from extractor.decomposed.targets import object_phrases
from extractor.engines.rules import choose_by_prior
from extractor.pipeline import ArticleContext

PUBLISHED = dt.date(2024, 3, 12)


def context(text: str) -> ArticleContext:
    return ArticleContext(Article.create(text, published=PUBLISHED, article_id="b"))


def picks(text: str) -> dict[str, str | None]:
    """The heuristic's answer to every question about the article's first mention."""
    ctx, qs = context(text), load_questions()
    mention = find_mentions(text, published=PUBLISHED, extra_cues=qs.cue_patterns, not_events=qs.not_event)[0]
    return {q.field: q.values[0] if q.values else None for q in build_questions(mention, ctx, qs)}


class Rules:
    def choose(self, context, question, options, prior=None):
        return choose_by_prior(options, prior)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Officials have blamed Tarn Valley militias for a wave of similar raids this year.", "Tarn Valley militias"),
        ("Copper Hills militiamen were blamed for the ambush.", "Copper Hills militiamen"),
        ("Police said fighters of the Ash Brigade were widely blamed for the blast.", "fighters of the Ash Brigade"),
        ("Two gunmen of the Sand Front have been accused of carrying out the killing.", "gunmen of the Sand Front"),
        ("The army accused the Sand Front of staging the raid.", "Sand Front"),
        ("No group has claimed the bombing, but police blamed the Ash Brigade.", "Ash Brigade"),
        ("Three herders were suspected of planting the mine, the governor said.", "herders"),
    ],
)
def test_a_blamed_actor_is_found_in_active_passive_and_accusing_forms(sentence: str, expected: str) -> None:
    assert blamed_actor(sentence, []) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Two men were accused of theft by the crowd that beat them.",  # the accused are the victims of a mob
        "The Ash Brigade was not blamed for the attack.",
        "No group has claimed the bombing and officials have not blamed anyone.",
    ],
)
def test_an_accusation_of_no_attack_or_a_denial_blames_nobody(sentence: str) -> None:
    assert blamed_actor(sentence, []) is None


def test_a_blame_told_in_a_background_sentence_attributes_the_event() -> None:
    text = (
        "Rocket hits Tarn depot\n\n"
        "TARN - A rocket struck a fuel depot in Tarn on Monday, officials said. No group has claimed responsibility. "
        "The governor has blamed Copper Hills militias for a string of similar attacks on the city this year.\n\n"
        "Last year, a drone strike on the same depot killed two guards."
    )
    lede = extract_decomposed(context(text), Rules()).incidents[0]
    assert (lede.attributed_to, lede.perpetrator, lede.claimed_by) == ("Copper Hills militias", None, None)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A fresh Patrian strike on the port killed five people on Tuesday.", None),  # no such state: no owner
        ("A fresh Israeli strike on the southern city killed seven people on Tuesday.", "Israeli strike"),
        ("The governor said on Monday that Russian shelling had killed two people.", "Russian shelling"),
        ("Regime artillery shelling hit the suburb on Sunday.", "Regime artillery shelling"),
        ("Coalition air strikes killed 12 fighters near the river.", "Coalition air strikes"),
        ("Rocket fire killed six people in the town on Monday.", None),
        ("Heavy shelling hit the town on Monday.", None),
        ("A drone strike killed three militants on Monday.", None),
    ],
)
def test_fire_with_an_owner_names_who_acted_and_fire_alone_names_nobody(sentence: str, expected: str | None) -> None:
    assert subject_phrase(sentence, context(sentence)) == expected


def test_owned_fire_is_coded_as_the_state_that_fired() -> None:
    text = "Strike hits Tarn\n\nRussian shelling killed two people in Kherson on Monday, the regional governor said."
    incident = extract_decomposed(context(text), Rules()).incidents[0]
    assert incident.perpetrator == "Russian shelling"
    coding = code_incidents([incident])[0]
    assert (coding.actor1 or "").startswith("Military Forces of Russia")


def test_an_accusation_as_a_noun_names_nobody() -> None:
    assert blamed_actor("The army rejects accusations that its raids harm civilians.", []) is None


def test_a_lower_case_word_owns_no_fire() -> None:
    sentence = "Artillery and rocket fire killed six civilians in the town on Tuesday."
    assert subject_phrase(sentence, context(sentence)) is None  # "and" is no country code's demonym


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Troops of the Tarn Army on patrol in Tarn State say they have neutralised two gunmen.",
            "Troops of the Tarn Army",
        ),
        ("The army said its soldiers repelled an attack on a base near Tarn.", "army"),
        ("Residents said they fled the village after the shooting.", None),
        ("Last Friday the insurgents, who came from the coast, murdered two fishermen.", "insurgents"),
        ("On Monday, gunmen shot dead four farmers in Tarn.", "gunmen"),
    ],
)
def test_a_speaker_reporting_its_own_act_did_it_and_a_lead_in_keeps_the_subject(
    sentence: str, expected: str | None
) -> None:
    assert subject_phrase(sentence, context(sentence)) == expected


def test_the_agent_of_a_passive_or_the_owner_of_the_attacks_is_the_perpetrator() -> None:
    text = (
        "Convoy ambushed\n\n05 August 2020 - South region (Tarn division): an aid convoy returning from a "
        "distribution was ambushed by an armed group at Tarn town."
    )
    assert picks(text)["perpetrator"] == "armed group"
    text = (
        "Posts attacked\n\nAt least 27 members of the security forces have been killed in a string of Taliban "
        "attacks on checkpoints in Tarn, officials said."
    )
    assert picks(text)["perpetrator"] == "Taliban attacks"


@pytest.mark.parametrize(
    ("sentence", "victims_first", "expected"),
    [
        (
            "05 August 2020 - South region (Tarn division): an aid convoy returning from a distribution in Tarn "
            "village was ambushed by an armed group at Tarn town.",
            False,
            "an aid convoy",
        ),
        (
            "In Tarn province, five officers, among them Ali Varo, commander of a reserve unit, were killed in an "
            "attack on Monday.",
            True,
            "officers",
        ),
        ("Troops say they have neutralised two terrorists in Tarn.", False, "terrorists"),
        ("The gunmen murdered two residents of Tarn village on Friday.", True, "residents of Tarn village"),
        ("He also reported damage to a kindergarten near the river.", False, "a kindergarten"),
        ("In Tarn, Baghdad, a teacher, a father of three, was shot dead outside his home.", True, "a teacher"),
    ],
)
def test_targets_of_long_passives_murders_and_damage(sentence: str, victims_first: bool, expected: str) -> None:
    assert object_phrases(sentence, victims_first=victims_first)[:1] == [expected]


def test_towns_and_a_checkpoint_s_relative_clause_are_no_target_or_actor() -> None:
    assert object_phrases("Boko Haram fighters raided two localities in the Far North region.") == []
    sentence = "Thirteen soldiers died when the checkpoint they were manning in Tarn district came under attack."
    assert subject_phrase(sentence, context(sentence)) is None  # not "checkpoint they"


def test_a_hedge_after_the_subject_makes_a_suspect_and_recovering_bodies_acts_on_nobody() -> None:
    hedged = picks("Man shot\n\nOn 28 May, armed Sand Front members allegedly shot dead a young man in Tarn camp.")
    assert (hedged["perpetrator"], hedged["attributed_to"]) == (None, "armed Sand Front members")
    recovered = picks(
        "Workers killed\n\nThe bodies of four workers killed in an attack in Tarn were recovered by Tarn security "
        "forces on Saturday, police said."
    )
    assert recovered["perpetrator"] is None


def test_a_victim_named_in_passing_is_no_perpetrator() -> None:
    sentence = "Media sources said a woman named Shama, aged about forty, was hit by two bullets fired by a sniper."
    assert subject_phrase(sentence, context(sentence)) is None


def test_a_blame_told_of_another_incident_in_the_paragraph_stays_with_it() -> None:
    text = (
        "Rocket hits Tarn depot\n\n"
        "A rocket struck a fuel depot in Tarn on Monday, officials said. On June 2, shells fell on farmland near "
        "Sarn, causing no casualties; officials blamed the Ash Brigade."
    )
    lede = extract_decomposed(context(text), Rules()).incidents[0]
    assert lede.attributed_to is None
