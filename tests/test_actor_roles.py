"""Perpetrator, claimed_by and attributed_to on reporting as it is written (issue 17; GUIDE section 7).

A group that claimed the attack is claimed_by, "suspected X" is attributed_to with its hedge, and a sentence that
says nobody has claimed it names no claimant. Every sentence here is invented for the test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from _decomposed_support import mentions

from extractor.article import Article
from extractor.decomposed import load_questions
from extractor.decomposed.actors import actor_options
from extractor.decomposed.claims import blamed_actor, claimant
from extractor.decomposed.mentions import find_mentions, split_sentences
from extractor.decomposed.phrases import actors_in
from extractor.decomposed.subjects import subject_phrase
from extractor.pipeline import ArticleContext


def _actors(sentence: str):
    ctx = ArticleContext(Article.create(sentence, published=dt.date(2025, 4, 9), article_id="c"))
    return actors_in(split_sentences(sentence)[0], ctx)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Sand Front spokesman Ali Varo said the group was responsible for the raid on the depot.", "Sand Front"),
        ("The Sand Front spokesman said the group was responsible for the ambush.", "Sand Front"),
        ("Police said no one was hurt and the Sand Front said it carried out the attack.", "Sand Front"),
        ("The Sand Front said in a statement that its fighters planted the bomb.", "Sand Front"),
    ],
)
def test_the_group_that_claims_is_the_claimant(sentence: str, expected: str) -> None:
    assert claimant(sentence, _actors(sentence)) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Nobody has said they planted the bomb.",
        "No group has said it carried out the attack.",
        "None of the groups active in the valley has said it planted the mine.",
        "Nobody has yet said they were behind the blast.",
    ],
)
def test_nobody_claiming_gives_no_claimant_and_blames_nobody(sentence: str) -> None:
    actors = _actors(sentence)
    assert claimant(sentence, actors) is None
    assert blamed_actor(sentence, actors) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Police said suspected herders killed four farmers near the well.", "suspected herders"),
        ("Officials said the Sand Front was behind the blast.", "Sand Front"),
    ],
)
def test_a_suspect_is_blamed_with_its_hedge(sentence: str, expected: str) -> None:
    actors = _actors(sentence)
    assert blamed_actor(sentence, actors) == expected
    assert claimant(sentence, actors) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("12 March 2025 - Eastern region (Orlo district): armed men attacked a convoy of grain trucks.", "armed men"),
        ("The same night, hitmen opened fire on a patrol car near the ferry terminal.", "hitmen"),
        (
            "In response, the same week, dock workers and smugglers clashed with the coast guard.",
            "dock workers and smugglers",
        ),
        ("Later the same Friday an armed group raided the market of Orlo, killing two traders.", "an armed group"),
        ("Separately, criminals stormed a petrol station in Orlo.", "criminals"),
    ],
)
def test_the_subject_after_a_bulletin_label_or_a_time_lead_in(sentence: str, expected: str | None) -> None:
    ctx = ArticleContext(Article.create(sentence, published=dt.date(2025, 4, 9), article_id="s"))
    assert subject_phrase(sentence, ctx) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The governor did not blame the Lakeside Cartel directly but spoke of organised crime.", None),
        ("The same night, suspected smugglers opened fire on a patrol boat near the pier.", "suspected smugglers"),
        ("Police blamed the Lakeside Cartel for the attack on the pier.", "Lakeside Cartel"),
    ],
)
def test_a_negated_blame_blames_nobody_and_a_hedge_after_a_comma_is_kept(sentence: str, expected: str | None) -> None:
    assert blamed_actor(sentence, _actors(sentence)) == expected


def test_a_photo_caption_attributes_nothing() -> None:
    text = (
        "Gunmen kill four farmers near Orlo\n\n"
        "Gunmen shot dead four farmers near Orlo on Monday, police said.\n\n"
        "PIC: Suspected members of the Granite Brigade at their trial in Kessel last year."
    )
    ctx = ArticleContext(Article.create(text, published=dt.date(2025, 4, 9), article_id="p"))
    qs = load_questions()
    mention = find_mentions(text, published=dt.date(2025, 4, 9), extra_cues=qs.cue_patterns, not_events=qs.not_event)[0]
    roles = actor_options(mention, ctx, "Attack")
    assert roles["attributed_to"] == []
    assert roles["perpetrator"][:1] == ["Gunmen"]


def _mention_roles(text: str, lead: str) -> dict[str, list[str]]:
    ctx = ArticleContext(Article.create(text, published=dt.date(2025, 4, 9), article_id="p"))
    mention = next(m for m in mentions(text, ctx.article.published) if m.lead.text.startswith(lead))
    return actor_options(mention, ctx, "Attack")


@pytest.mark.parametrize(
    ("text", "lead", "expected"),
    [
        (  # an English passive's agent with its article
            "Farmers seized near Orlo\n\nFour farmers were taken away by the gunmen near Orlo on Monday, police said.",
            "Four farmers",
            ["gunmen"],
        ),
        (  # "at the hands of"
            "Traders killed in Orlo\n\nTwo traders were killed at the hands of armed herders in Orlo on Monday.",
            "Two traders",
            ["armed herders"],
        ),
        (  # no auxiliary: "led by" tells who led the talks, not who attacked
            "Farmers shot near Orlo\n\nFour farmers were shot dead in Orlo on Monday, days after peace talks led by "
            "the army.",
            "Four farmers",
            [],
        ),
    ],
)
def test_a_passive_agent_with_its_article_is_the_perpetrator(text: str, lead: str, expected: list[str]) -> None:
    assert _mention_roles(text, lead)["perpetrator"][:1] == expected


def test_the_fighters_point_back_to_the_one_group_named_before() -> None:
    text = (
        "Checkpoints overrun in Orlo\n\n"
        "A group of Taliban fighters hit a checkpoint in Orlo on Monday, killing four police officers. "
        "In another attack in Kessel district two officers were killed and three others were taken away by the "
        "fighters.\n\n"
        "Separately, in Dorsa, three officers were killed and two were taken away by the gunmen, police said."
    )
    assert _mention_roles(text, "In another attack")["perpetrator"][:1] == ["Taliban"]
    # a new paragraph with no group named before it: the description is kept as written
    assert _mention_roles(text, "Separately")["perpetrator"][:1] == ["gunmen"]


def test_a_passive_agent_in_a_speakers_account_is_no_stated_perpetrator() -> None:
    text = (
        "Shells hit camp near Orlo\n\nTwo shells hit a camp near Orlo on Saturday, killing five people. The army said "
        "the shells had been fired by the Sand Front rebels from the hills."
    )
    assert "Sand Front rebels" not in _mention_roles(text, "Two shells")["perpetrator"]
