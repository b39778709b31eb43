"""Targets and sites as whole clause roles in every cue language (issue 17 item 2): the passive subject of a
subordinate clause ("... died when [the outpost they were holding] came under attack"), a passive subject past an
aside or a quotation mark, and the hospital the wounded were taken to, which is no site. Every sentence and name here
is invented for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.article import Article
from extractor.decomposed.locations import site_options
from extractor.decomposed.mentions import find_mentions
from extractor.decomposed.questions import load_questions
from extractor.decomposed.targets import object_phrases
from extractor.pipeline import ArticleContext


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "came under attack" in a "when" clause: its subject was attacked, cut before its relative clause
        (
            "In Varno province, at least nine guards died when the outpost they were holding in Kest district came "
            "under attack, an official said.",
            "outpost",
        ),
        ("Two rangers died after their watchtower came under heavy fire near the lake.", "their watchtower"),
        # a passive of attack in the subordinate clause
        ("Villagers fled when the convoy was ambushed on the hill road.", "convoy"),
        ("Cinq gendarmes ont trouvé la mort quand leur poste a été attaqué par des hommes armés.", "leur poste"),
        ("Tres jornaleros murieron cuando su camión fue atacado en la vereda.", "su camión"),
        ("Dois guardas morreram quando a viatura foi atacada perto da ponte.", "a viatura"),
    ],
)
def test_the_subject_of_a_passive_in_a_subordinate_clause_is_the_target(sentence: str, expected: str) -> None:
    assert expected in object_phrases(sentence)


def test_the_main_clause_s_passive_comes_first() -> None:
    # the opening clause has its own passive subject: it is read before the "when" clause's
    assert object_phrases("The depot was shelled when the bridge was attacked by rebels.") == ["depot"]


def test_a_subject_running_over_a_subordinator_is_not_taken_whole() -> None:
    # "Residents fled when the convoy" is no noun phrase: the passive's subject is in the "when" clause
    objects = object_phrases("Residents fled when the convoy was shelled overnight.")
    assert objects == ["convoy"]
    assert not any("Residents" in o for o in objects)


def test_a_subordinate_clause_without_a_passive_of_attack_adds_no_target() -> None:
    assert object_phrases("Two guards died when a fire broke out in the barracks kitchen.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a bracketed aside with a comma of its own does not hide the passive's subject
        ("A patrol of the River Guard (RG, an allied militia) was ambushed near the ford on Friday.", "patrol"),
        # a quoted clause: the opening quotation mark is no part of its subject
        ('Officials said: "a depot of the Tarsk brigade was shelled overnight".', "depot"),
    ],
)
def test_asides_and_quotation_marks_do_not_hide_a_passive_subject(sentence: str, expected: str) -> None:
    assert any(expected in phrase for phrase in object_phrases(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "Un poste de gendarmerie a été attaqué par des hommes armés près de Vorla.",
        "Una patrulla del Ejército fue emboscada cerca del río Tamaro.",
        "Uma viatura da polícia foi atacada perto da ponte de Sarema.",
    ],
)
def test_the_article_that_is_also_the_number_one_opens_a_passive_target(sentence: str) -> None:
    # "un", "una", "uma" are the article here, not a count of victims: the subject was attacked
    objects = object_phrases(sentence)
    assert objects and objects[0].split()[-1].lower() in {"gendarmerie", "ejército", "polícia"}


def test_a_counted_passive_subject_stays_a_victim_count() -> None:
    # "Five soldiers were attacked": the count goes to the toll, the victims' noun is kept
    assert object_phrases("Five soldiers were attacked near the river.") == ["soldiers"]


@pytest.mark.parametrize(
    "text",
    [
        "Tiroteo en Vallenar\n\nHombres armados mataron a dos comerciantes en Vallenar el sábado; un policía resultó "
        "herido y fue llevado a un hospital.",
        "Ataque em Marmelo\n\nHomens armados mataram dois comerciantes em Marmelo no sábado; um ferido foi levado "
        "a um hospital.",
    ],
)
def test_the_hospital_the_wounded_were_taken_to_is_no_site(text: str) -> None:
    # where the wounded were taken is not where the event happened, in every cue language as in English
    ctx = ArticleContext(Article.create(text, published=dt.date(2024, 5, 6), article_id="s"))
    qs = load_questions()
    mention = find_mentions(text, published=ctx.article.published, extra_cues=qs.cue_patterns, not_events=qs.not_event)[
        0
    ]
    assert not any("hospital" in site for site in site_options(mention))


def test_a_hospital_that_was_attacked_stays_the_site() -> None:
    text = "Ataque en Vallenar\n\nHombres armados atacaron un hospital en Vallenar el sábado y mataron a dos guardias."
    ctx = ArticleContext(Article.create(text, published=dt.date(2024, 5, 6), article_id="s"))
    qs = load_questions()
    mention = find_mentions(text, published=ctx.article.published, extra_cues=qs.cue_patterns, not_events=qs.not_event)[
        0
    ]
    assert any("hospital" in site for site in site_options(mention))
