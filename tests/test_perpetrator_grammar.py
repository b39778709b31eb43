"""Who acted, read from grammar: a cleft's actor and the main clause's subject for a subjectless "-ing" clause that
tells the event. Sentences are invented."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.article import Article
from extractor.decomposed.subjects import subject_phrase
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
