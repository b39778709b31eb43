"""Helpers for tests that run the decomposed heuristics on sentences we wrote: the rules backend's chooser, and a
text's mentions and incidents against a publication date (by default 2024-03-14, a Thursday)."""

from __future__ import annotations

import datetime as dt

from extractor.article import Article
from extractor.decomposed import extract_decomposed, load_questions
from extractor.decomposed.mentions import Mention, find_mentions
from extractor.engines.rules import choose_by_prior
from extractor.pipeline import ArticleContext
from extractor.schemas import Incident

THURSDAY = dt.date(2024, 3, 14)


class RulesChooser:
    """Takes the heuristic's pick, as the rules backend does."""

    def choose(self, context: str, question: str, options: list[str], prior: list[float] | None = None):
        return choose_by_prior(options, prior)


def mentions(text: str, published: dt.date = THURSDAY) -> list[Mention]:
    qs = load_questions()
    return find_mentions(
        text, published=published, extra_cues=qs.cue_patterns, not_events=qs.not_event, structure=qs.structure
    )


def incidents(text: str, published: dt.date = THURSDAY) -> list[Incident]:
    ctx = ArticleContext(Article.create(text, published=published, article_id="t"))
    return extract_decomposed(ctx, RulesChooser()).incidents
