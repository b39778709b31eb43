"""Engines turn chat messages into a validated structured answer; only they touch a model."""

from __future__ import annotations

from ..config import Config
from ..errors import ConfigurationError
from .base import CallLog, Choice, Chooser, Engine, RequestBudget


def make_engine(config: Config) -> Engine:
    """The engine for ``config.backend``; imports the heavy local runtime only when asked for."""
    if config.backend == "openai":
        from .openai import OpenAIEngine

        return OpenAIEngine(config)
    if config.backend == "local":
        from .local import LocalEngine

        return LocalEngine(config)
    if config.backend == "rules":
        from .rules import RulesEngine

        return RulesEngine(config)
    raise ConfigurationError(f"unknown backend {config.backend!r}")


__all__ = ["CallLog", "Choice", "Chooser", "Engine", "RequestBudget", "make_engine"]
