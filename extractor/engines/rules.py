"""The ``rules`` engine: no model. It answers the decomposed path's questions with the heuristic's pick.

Every question's options carry a log prior whose maximum is the fixed heuristic's answer (the first cued
type, the date and place in the event's own sentence, none where no claim or blame word occurs, ...); this
engine takes that answer. It is the baseline a model must beat, run through the same code and scorer.
"""

from __future__ import annotations

from typing import Any

from ..config import Config
from ..errors import ConfigurationError
from ..retry import TransportRetry
from .base import Choice, Engine


def choose_by_prior(options: list[str], prior: list[float] | None) -> Choice:
    """The option with the highest prior (the first on ties); without a prior, the first option."""
    if not options:
        raise ValueError("a question needs at least one option")
    scores = list(prior) if prior is not None else [0.0] + [-1.0] * (len(options) - 1)
    if len(scores) != len(options):
        raise ValueError(f"{len(options)} options but {len(scores)} prior values")
    best = max(range(len(options)), key=lambda i: (scores[i], -i))
    return Choice(best, tuple(scores))


class RulesEngine(Engine):
    backend = "rules"

    def __init__(self, config: Config, *, retry: TransportRetry | None = None) -> None:
        super().__init__(config, retry=retry or TransportRetry(retries=0))

    @property
    def model(self) -> str:
        return "rules"

    def raw_create(self, **kwargs: Any) -> Any:
        raise ConfigurationError("the rules backend has no model to write JSON: use strategy decomposed")

    async def raw_acreate(self, **kwargs: Any) -> Any:
        return self.raw_create(**kwargs)

    def choose(self, context: str, question: str, options: list[str], prior: list[float] | None = None) -> Choice:
        return choose_by_prior(options, prior)

    async def achoose(
        self, context: str, question: str, options: list[str], prior: list[float] | None = None
    ) -> Choice:
        return self.choose(context, question, options, prior)

    @property
    def tokens_evaluated(self) -> int:
        return 0


__all__ = ["RulesEngine", "choose_by_prior"]
