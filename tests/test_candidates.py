"""Candidate-constrained decoding: every choice is a span of the article, and the model can pick nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from extractor.article import Article
from extractor.candidates import candidate_model, find_candidates, sub_event_candidates
from extractor.pipeline import ArticleContext, validating

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "evals" / "articles").glob("*.txt")) + [ROOT / "examples" / "airport_rocket.txt"]
TEXT = (ROOT / "examples" / "airport_rocket.txt").read_text(encoding="utf-8")


def context(text: str = TEXT) -> ArticleContext:
    return ArticleContext(Article.create(text, published="2020-06-23", article_id="t"))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_every_candidate_is_a_span_of_the_article_and_safe_for_a_grammar(path):
    text = path.read_text(encoding="utf-8")
    for field, choices in find_candidates(context(text)).items():
        for choice in choices:
            assert choice in text, (field, choice)
            assert '"' not in choice and "\\" not in choice and all(ord(ch) >= 32 for ch in choice), (field, choice)


def test_candidates_of_the_example_article():
    found = find_candidates(context())
    assert "on Monday" in found["date_text"]
    assert {"Baghdad", "Iraqi"} <= set(found["locality"])
    assert "Baghdad airport" in found["site"]
    assert "no casualties" in found["killed"] and "no casualties" in found["injured"]
    assert any("Iran-backed militia" in actor for actor in found["attributed_to"])
    assert "Katyusha" in found["weapon"]


@pytest.mark.parametrize(
    "text, expected, absent",
    [
        ("Rockets hit the base.", "Shelling/artillery/missile attack", "Peaceful protest"),
        ("Police fired tear gas at the march.", "Protest with intervention", "Air/drone strike"),
        ("Gunmen kidnapped two engineers.", "Abduction/forced disappearance", "Chemical weapon"),
    ],
)
def test_sub_event_types_are_offered_when_the_text_gives_a_sign(text, expected, absent):
    offered = sub_event_candidates(text)
    assert expected in offered and absent not in offered


def test_with_no_sign_every_sub_event_type_is_offered():
    assert len(sub_event_candidates("The minister spoke about the budget.")) == 17


def test_the_per_article_model_accepts_only_the_articles_spans():
    ctx = context()
    model = candidate_model(ctx)
    good = {
        "primary": True,
        "sub_event_type": "Shelling/artillery/missile attack",
        "type_quote": "No group has claimed responsibility",
        "locality": "Baghdad",
        "killed": "no casualties",
    }
    with validating(ctx):
        assert model.model_validate({"incidents": [good]}).incidents_built[0].killed == 0
        with pytest.raises(ValidationError):
            model.model_validate({"incidents": [{**good, "locality": "Mosul"}]})
        with pytest.raises(ValidationError):
            model.model_validate({"incidents": [{**good, "sub_event_type": "Peaceful protest"}]})
    schema = model.model_json_schema()
    assert schema["properties"]["incidents"]["maxItems"] == 8
