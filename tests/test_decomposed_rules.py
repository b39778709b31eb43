"""Each public rule of the decomposed path's actor heuristics, called directly on sentences written for these
tests: phrase reading (``phrases``), claims and blame (``claims``), who acted (``subjects``), what was attacked
(``targets``), the roles combined (``actors``), and the word lists they read from ``prompts/questions.json``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extractor.article import Article
from extractor.decomposed import load_questions
from extractor.decomposed.actors import actor_options
from extractor.decomposed.claims import blamed_actor, claim_statement, claimant
from extractor.decomposed.mentions import Mention, find_mentions, split_sentences
from extractor.decomposed.phrases import (
    NP_STOP,
    actor_phrase_after,
    actors_in,
    drop_the,
    event_body,
    is_side,
    noun_phrase_after,
    phrase_stop,
)
from extractor.decomposed.question_file import ActorWords, QuestionSet
from extractor.decomposed.subjects import armed_men_open, crowd_subject, protester_phrase, subject_phrase
from extractor.decomposed.targets import attacks_armed_side, battle_losers, object_phrases
from extractor.pipeline import ArticleContext

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = dt.date(2024, 3, 12)


def context(text: str) -> ArticleContext:
    return ArticleContext(Article.create(text, published=PUBLISHED, article_id="r"))


def first_mention(text: str) -> Mention:
    qs = load_questions()
    return find_mentions(text, published=PUBLISHED, extra_cues=qs.cue_patterns, not_events=qs.not_event)[0]


def actors_of(sentence: str) -> list[tuple[int, int, str]]:
    return actors_in(split_sentences(sentence)[0], context(sentence))


def after(sentence: str, prefix: str) -> int:
    assert sentence.startswith(prefix)
    return len(prefix)


# --- phrases --------------------------------------------------------------------------------------------


def test_a_noun_phrase_ends_at_a_preposition_and_keeps_whose_place_it_is():
    text = "They shelled the old grain silo near the river on Tuesday."
    assert noun_phrase_after(text, after(text, "They shelled ")) == "the old grain silo"
    text = "They hit a hotel used by visiting engineers, police said."
    assert noun_phrase_after(text, after(text, "They hit ")) == "a hotel used by visiting engineers"
    text = "Troops fought and then withdrew."
    assert noun_phrase_after(text, after(text, "Troops fought ")) is None  # "and" starts no phrase


def test_an_actor_phrase_drops_members_of_and_keeps_an_acronym():
    text = "The raid was carried out by members of the Salt Marsh Brigade in the night."
    assert actor_phrase_after(text, after(text, "The raid was carried out by ")) == "Salt Marsh Brigade"
    text = "blamed on the Malian Armed Forces (FAMa), which denied it"
    assert actor_phrase_after(text, after(text, "blamed on ")) == "Malian Armed Forces (FAMa)"
    assert actor_phrase_after("by 12, 14", 3) is None  # no letters: nobody


def test_a_phrase_stop_skips_the_bracket_of_an_acronym():
    text = "the Malian Armed Forces (FAMa), which"
    stop = phrase_stop(NP_STOP, text, 0)
    assert stop is not None and text[: stop.start()] == "the Malian Armed Forces (FAMa)"


def test_actors_in_a_sentence_are_found_without_the():
    sentence = "The officers arrested suspected gunmen near the market."
    assert [surface for *_, surface in actors_of(sentence)] == ["officers", "suspected gunmen"]


def test_drop_the_and_the_event_body_after_dateline_and_lead_in():
    assert [drop_the(p) for p in ("The Ember Guard", "the guard", "Theodore")] == ["Ember Guard", "guard", "Theodore"]
    assert event_body("LORVALE (Coast Wire) - On Monday night, gunmen stormed a bank.") == "gunmen stormed a bank."


def test_a_side_is_an_armed_actor_not_a_place():
    assert is_side("rebels of the North Ridge")
    assert not is_side("the checkpoint") and not is_side("the bridge")


# --- claims and blame -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Ridge Falcons claimed responsibility for the bombing.", ("Ridge Falcons", True)),
        ("The Ridge Falcons said its fighters had attacked the convoy.", ("Ridge Falcons", True)),
        ("The ambush was claimed by the Dune Front in an online post.", ("Dune Front", True)),
        # state forces reporting their own operation state a fact: no claim
        ("The army said its troops killed 20 militants in the hills.", ("army", False)),
        ("No group claimed the attack.", None),
    ],
)
def test_claim_statement_tells_a_claim_from_a_state_report(sentence, expected):
    assert claim_statement(sentence, actors_of(sentence)) == expected


def test_claimant_is_who_claims_and_nobody_for_a_state_report():
    assert claimant("The Ridge Falcons claimed responsibility for the bombing.", []) == "Ridge Falcons"
    sentence = "The army said its troops killed 20 militants in the hills."
    assert claimant(sentence, actors_of(sentence)) is None


def test_blamed_actor_follows_blame_on_and_stops_at_a_denial():
    sentence = "Officials blamed the raid on herders from the Tana plains."
    assert blamed_actor(sentence, actors_of(sentence)) == "herders"
    sentence = "Nobody has claimed it and officials have not blamed anyone."
    assert blamed_actor(sentence, actors_of(sentence)) is None


# --- who acted ------------------------------------------------------------------------------------------


def test_subject_phrase_is_the_doer_not_a_source():
    ctx = context("x")
    assert subject_phrase("Masked gunmen shot two traders at the cattle market.", ctx) == "Masked gunmen"
    assert subject_phrase("Two traders were shot when gunmen opened fire at the market.", ctx) == "gunmen"
    assert subject_phrase("Witnesses said the market was quiet.", ctx) is None


def test_armed_men_at_the_start_of_the_event_sentence():
    assert armed_men_open("Armed men on motorbikes marched 20 travellers into the forest.")
    assert not armed_men_open("Hundreds of teachers marched through Lorvale on Monday.")


def test_a_crowd_of_civilians_opens_a_riot_and_armed_men_do_not():
    assert crowd_subject("Hundreds of students stormed the rector's office on Monday.")
    assert crowd_subject("Dozens of angry youths pelted police with stones.")
    assert not crowd_subject("Rebels stormed the barracks on Monday.")


def test_the_demonstrators_of_a_protest():
    text = (
        "Nurses protest in Lorvale\n\n"
        "Hundreds of nurses marched through central Lorvale on Monday to demand unpaid wages, organisers said."
    )
    assert protester_phrase(first_mention(text)) == "nurses"


# --- what was attacked ----------------------------------------------------------------------------------


def test_object_phrases_name_what_the_verb_acts_on():
    sentence = "Militants set fire to a grain store and abducted three farmers."
    assert object_phrases(sentence) == ["a grain store", "farmers"]
    assert object_phrases(sentence, victims_first=True)[0] == "farmers"


def test_an_attack_on_an_armed_side_is_a_battle():
    assert attacks_armed_side("Gunmen attacked a police station in Lorvale on Monday.")
    assert attacks_armed_side("Nine soldiers were killed when their truck hit a mine.")
    assert not attacks_armed_side("Gunmen attacked a wedding party in Lorvale on Monday.")


def test_the_side_that_lost_the_ground():
    assert battle_losers("Government troops retook the town of Dovra from Grey Banner fighters on Sunday.") == [
        "Grey Banner fighters"
    ]
    assert battle_losers("The army entered Dovra after the militants withdrew overnight.") == ["militants"]
    assert battle_losers("Troops recaptured the hill from Dovra.") == []  # a place lost nothing


# --- the roles combined ---------------------------------------------------------------------------------


def test_actor_options_per_role():
    text = (
        "Rebels attack army post\n\n"
        "Rebels of the North Ridge Front attacked an army post near Dovra on Monday, killing four soldiers. "
        "The North Ridge Front claimed responsibility in a statement."
    )
    roles = actor_options(first_mention(text), context(text), "Armed clash")
    assert roles["perpetrator"][:1] == ["Rebels of the North Ridge Front"]
    assert roles["claimed_by"] == ["North Ridge Front"] and roles["attributed_to"] == []
    assert roles["target"] == ["an army post", "soldiers"]  # what was attacked before the consequence's victims


def test_actor_options_read_the_sides_of_a_fight_and_who_fired():
    text = (
        "Clashes in Dovra\n\n"
        "Fighting broke out on Monday between the army and Grey Banner militiamen in Dovra, residents said."
    )
    roles = actor_options(first_mention(text), context(text), "Armed clash")
    assert (roles["perpetrator"], roles["target"]) == (["army"], ["Grey Banner militiamen"])
    text = "Post attacked\n\nA police post near Dovra came under fire from suspected bandits on Monday, officials said."
    roles = actor_options(first_mention(text), context(text), "Armed clash")
    assert roles["perpetrator"] == [] and roles["attributed_to"][0] == "suspected bandits"  # a hedge is a suspicion
    assert roles["target"] == ["A police post"]


def test_a_protest_has_demonstrators_and_no_target():
    text = (
        "Nurses protest in Lorvale\n\n"
        "Hundreds of nurses marched through central Lorvale on Monday to demand unpaid wages, organisers said."
    )
    roles = actor_options(first_mention(text), context(text), "Peaceful protest")
    assert (roles["perpetrator"], roles["target"]) == (["nurses"], [])


# --- the word lists are data, validated on load --------------------------------------------------------


def raw_questions() -> dict:
    return json.loads((ROOT / "prompts" / "questions.json").read_text(encoding="utf-8"))


def test_the_packaged_word_lists_load_and_build_the_patterns():
    words = load_questions().actor_words
    assert "claimed" in words.speech_verbs and "gunm[ae]n" in words.armed_men
    # English first; the other languages' words (extractor/data/cues_*.json) follow
    assert words.alternation("explicit_protesters").startswith("demonstrators|protesters|protestors|marchers|rioters|")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"armed_men": []}, "armed_men must list at least one word"),
        ({"armed_men": ["gunm[ae"]}, "is not a valid pattern"),
        ({"armed_men": ["(gunmen)"]}, "capturing group"),
        ({"armed_men": ["gunmen|rebels"]}, "top-level '|'"),
        ({"armed_men": ["  "]}, "an empty word"),
        ({"armed_mne": ["gunmen"]}, "armed_mne"),  # a misspelt list is refused, not ignored
    ],
)
def test_a_broken_word_list_is_refused_naming_the_list(change, message):
    raw = raw_questions()
    raw["actor_words"] = {**raw["actor_words"], **change}
    with pytest.raises(ValueError, match=message):
        QuestionSet.model_validate(raw)


def test_every_list_is_required():
    raw = raw_questions()["actor_words"]
    del raw["vehicles"]
    with pytest.raises(ValueError, match="vehicles"):
        ActorWords.model_validate(raw)
