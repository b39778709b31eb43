"""Who acted, read from grammar: a cleft's actor, the main clause's subject for a subjectless "-ing" clause that
tells the event, an Arabic pluperfect's fronted subject, an Arabic attack's owner after its genitive "lam", and an
actor told in one share of a toll split by place. Sentences are invented."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.article import Article
from extractor.decomposed import extract_decomposed
from extractor.decomposed.subjects import subject_phrase
from extractor.decomposed.verb_first import verb_first_subject
from extractor.engines.rules import choose_by_prior
from extractor.pipeline import ArticleContext

PUBLISHED = dt.date(2025, 3, 14)


def context(text: str) -> ArticleContext:
    return ArticleContext(Article.create(text, published=PUBLISHED, article_id="g"))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It was the rebels who opened fire on the convoy near Kessa.", "rebels"),
        ("Em Vila Nova, foram dois grupos rivais de pistoleiros que trocaram tiros na praça.", "dois grupos rivais"),
        ("Ce sont des hommes armés qui ont attaqué le village de Kessa.", "hommes armés"),
        ("It was a quiet night that ended in gunfire.", None),  # no actor between the cleft's words
        ("El comerciante fue asesinado por sicarios que huyeron en moto.", None),  # a passive, not a cleft
    ],
)
def test_a_cleft_names_its_actor(sentence: str, expected: str | None) -> None:
    found = subject_phrase(sentence, context(sentence))
    if expected is None:
        assert found is None
    else:
        assert found is not None and found.startswith(expected)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Last week, security forces lost a soldier while killing nine militants in two raids.", "security forces"),
        ("Troops lost two men after attacking a rebel camp near Kessa.", "Troops"),
        ("Soldiers were ambushed while killing time at a checkpoint.", None),  # passive: the soldiers were hit
        ("Soldiers lost a vehicle while patrolling the road.", None),  # patrolling is no event verb
        ("Police said they arrested two men after raiding a house.", None),  # a source, not the actor
    ],
)
def test_a_subjectless_ing_clause_shares_the_main_clauses_subject(sentence: str, expected: str | None) -> None:
    assert subject_phrase(sentence, context(sentence)) == expected


class _Rules:
    def choose(self, context, question, options, prior=None):  # type: ignore[no-untyped-def]
        return choose_by_prior(options, prior)


def _perpetrators(text: str) -> list[tuple[str | None, str | None]]:
    found = extract_decomposed(context(text), _Rules()).incidents
    return [(i.locality, i.perpetrator) for i in found]


def test_an_actor_told_in_one_share_of_a_split_toll_is_that_shares_only() -> None:
    text = (
        "Six dead in northern towns\n\nTwo people were killed in Tamsu on Monday, three others were shot dead by "
        "soldiers in Baram, while one died in Kessa."
    )
    assert _perpetrators(text) == [("Tamsu", None), ("Baram", "soldiers"), ("Kessa", None)]


def test_an_elliptical_share_keeps_the_agent_of_the_verb_it_shares() -> None:
    text = (
        "Villagers killed\n\nFour villagers were shot dead by gunmen in Tamsu and two in Baram on Monday, police said."
    )
    assert _perpetrators(text) == [("Tamsu", "gunmen"), ("Baram", "gunmen")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("وكانت ألوية العمالقة قد استعادت البلدة في العاشر من يناير.", "ألوية العمالقة"),  # a known group's name
        ('وكان "مسلحون مجهولون" قد هاجموا القرية ليلا.', "مسلحون مجهولون"),  # an actor noun, in quotes
        ("وكان الطقس قد تحسن صباح الأحد.", None),  # the weather had improved: no actor
    ],
)
def test_an_arabic_pluperfect_puts_its_subject_between_kana_and_qad(sentence: str, expected: str | None) -> None:
    assert verb_first_subject(sentence, context(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("وشهدت المدينة أمس أول هجوم مؤكد للحوثيين على مطارها.", "الحوثيين"),  # the Houthis' attack
        ("وأسفر هجوم على مواقع للجيش عن مقتل جنديين.", None),  # an attack on the army's positions: no owner
    ],
)
def test_an_arabic_attack_is_owned_by_the_actor_after_its_genitive_lam(sentence: str, expected: str | None) -> None:
    assert verb_first_subject(sentence, context(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a date inside the subject is an adverbial: the actor is the side of it that names one, one span of text
        ("The mayor said that only last week members of a farmers' guard had killed five cattle thieves.", None),
        ("Rebels on Sunday night stormed the village of Kessa.", "Rebels"),
        ("Just last month armed herders attacked a camp near Tamsu.", "armed herders"),
    ],
)
def test_a_date_inside_the_subject_leaves_one_span(sentence: str, expected: str | None) -> None:
    found = subject_phrase(sentence, context(sentence))
    if expected is None:  # the subject of the reported clause, without the words before its date
        assert found is not None and found.startswith("members of a farmers' guard")
        assert found in sentence
    else:
        assert found == expected


def _actor_roles(text: str) -> list[tuple[str | None, str | None]]:
    return [(i.perpetrator, i.claimed_by) for i in extract_decomposed(context(text), _Rules()).incidents]


def test_a_claimant_the_event_sentence_states_as_the_doer_is_also_the_perpetrator() -> None:
    text = (
        "Checkpoint overrun in Kessa\n\nAl-Shabaab attacked a police checkpoint in Kessa on "
        "Monday, killing four officers, the district chief said. A spokesman for Al-Shabaab said the group "
        "carried out the attack."
    )
    stated = _actor_roles(text)
    assert stated and stated[0][1] is not None and stated[0][0] == stated[0][1]


def test_a_claim_told_in_the_event_sentence_stays_a_claim_only() -> None:
    text = (
        "Bomb claimed in Kessa\n\nAl-Shabaab said its fighters planted the bomb that killed four soldiers in "
        "Kessa on Monday."
    )
    claimed = _actor_roles(text)
    assert claimed and claimed[0][1] is not None
    assert (claimed[0][0] or "").lower() != claimed[0][1].lower()  # the claimant is not copied into perpetrator


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a group named only in ACLED's actor aliases is an actor as the subject; its object is no perpetrator
        ("The Free Syrian Army defended the suburb and brought down a helicopter near Kessa.", "Free Syrian Army"),
        ("The Free Syrian Army Museum fired two guards in Kessa.", None),  # the name inside another, not as a whole
    ],
)
def test_a_name_from_acleds_actor_list_is_a_subject(sentence: str, expected: str | None) -> None:
    assert subject_phrase(sentence, context(sentence)) == expected
