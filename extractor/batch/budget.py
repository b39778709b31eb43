"""One rpm/tpm budget shared by many processes: the token buckets live in one Ray actor, workers ask it.

``BudgetKeeper`` holds extractor.batch.limiter's Limiter; the Ray job runs it as an async actor (no CPU
reserved) and hands its handle to every worker. ``RemoteBudget`` is the worker's local side of the budget
protocol the engine calls for every request it sends: ``await acquire(estimated_tokens)`` waits for the
keeper's answer, ``settle(estimated, actual)`` corrects the token bucket without waiting. So the limits
hold for the whole job however many workers share them. This module does not import Ray: the handle is
passed in.
"""

from __future__ import annotations

from typing import Any

from .limiter import Limiter

__all__ = ["BudgetKeeper", "RemoteBudget"]


class BudgetKeeper:
    """The shared buckets. Its methods run on the actor's event loop, so the Limiter's lock orders callers."""

    def __init__(self, rpm: float | None, tpm: float | None) -> None:
        self.limiter = Limiter(rpm, tpm)
        self.granted = 0

    async def acquire(self, estimated_tokens: int) -> int:
        await self.limiter.acquire(estimated_tokens)
        self.granted += 1
        return self.granted

    def settle(self, estimated_tokens: int, actual_tokens: int) -> None:
        self.limiter.settle(estimated_tokens, actual_tokens)

    def stats(self) -> dict[str, Any]:
        return {"granted": self.granted}


class RemoteBudget:
    """A worker's proxy for a BudgetKeeper actor (``handle`` is its Ray actor handle)."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    async def acquire(self, estimated_tokens: int) -> None:
        await self.handle.acquire.remote(int(estimated_tokens))

    def settle(self, estimated_tokens: int, actual_tokens: int) -> None:
        self.handle.settle.remote(
            int(estimated_tokens), int(actual_tokens)
        )  # fire and forget: ordering kept per caller
