"""The contract between the decomposed path and an engine that scores options: ``Choice`` and ``Chooser``.

Core layer, imported by both sides: ``decomposed`` asks a ``Chooser`` and engines (``local``, ``rules``)
implement it, so neither imports the other and importing the decomposed path loads no engine or SDK.
``extractor.engines.base`` re-exports both names for the engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = ["Choice", "Chooser"]


@dataclass(frozen=True)
class Choice:
    """The chosen option and each option's score (log-likelihood plus prior; the prior alone without a model)."""

    index: int
    logprobs: tuple[float, ...]


class Chooser(Protocol):
    """What the decomposed path needs of an engine: pick one option for a question about the article."""

    def choose(self, context: str, question: str, options: list[str], prior: list[float] | None = None) -> Choice: ...
