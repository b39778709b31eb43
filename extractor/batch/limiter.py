"""Token buckets on requests and tokens per minute, so a job runs at the provider's limit and not past it.

Each bucket holds at most ``burst`` units and refills at ``(limit - burst) / 60`` per second: starting full,
no 60-second window can ever take more than ``limit``. A request's tokens are estimated before the call and
corrected afterwards with the real usage; a request larger than the burst waits for a full bucket and then
leaves it in debt, so the average rate still holds.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable


class TokenBucket:
    """One limit per minute. ``clock`` is a seam for tests."""

    def __init__(
        self, per_minute: float, *, burst_seconds: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if per_minute <= 0:
            raise ValueError("a rate limit must be positive")
        self.limit = per_minute
        self.burst = max(1.0, math.ceil(per_minute * burst_seconds / 60.0))
        self.rate = max(per_minute - self.burst, per_minute / 2.0) / 60.0  # units per second
        self.clock = clock
        self.level = self.burst
        self._last = clock()

    def _refill(self) -> None:
        now = self.clock()
        self.level = min(self.burst, self.level + (now - self._last) * self.rate)
        self._last = now

    def wait_time(self, amount: float) -> float:
        """Seconds until ``amount`` may be taken (0: now)."""
        self._refill()
        needed = min(amount, self.burst) - self.level
        # A rounding-error shortfall must not turn into a sleep too small to move the clock (a busy loop).
        return needed / self.rate if needed > 1e-9 * self.burst else 0.0

    def take(self, amount: float) -> None:
        self._refill()
        self.level -= amount

    def adjust(self, delta: float) -> None:
        """Give back (negative delta) or charge extra units once the real cost is known."""
        self._refill()
        self.level = min(self.burst, self.level - delta)


class Limiter:
    """Requests-per-minute and tokens-per-minute together; either may be None (unlimited)."""

    def __init__(
        self,
        rpm: float | None = None,
        tpm: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.requests = TokenBucket(rpm, clock=clock) if rpm else None
        self.tokens = TokenBucket(tpm, clock=clock) if tpm else None
        self.sleep = sleep
        self._lock = asyncio.Lock()  # first come, first served: a big request is not starved by small ones

    async def acquire(self, estimated_tokens: int) -> None:
        if self.requests is None and self.tokens is None:
            return
        async with self._lock:
            while True:
                wait = max(
                    self.requests.wait_time(1) if self.requests else 0.0,
                    self.tokens.wait_time(estimated_tokens) if self.tokens else 0.0,
                )
                if wait <= 0:
                    break
                await self.sleep(wait)
            if self.requests:
                self.requests.take(1)
            if self.tokens:
                self.tokens.take(estimated_tokens)

    def settle(self, estimated_tokens: int, actual_tokens: int) -> None:
        """Correct the token bucket once the call's real usage is known."""
        if self.tokens is not None:
            self.tokens.adjust(actual_tokens - estimated_tokens)


class TokenEstimator:
    """Tokens a request will use, before it is sent: text length / 4 plus what prompts and answers have
    actually added so far (learned from real usage, starting from ``overhead``)."""

    def __init__(self, overhead: float = 1500.0) -> None:
        self.overhead = overhead

    def estimate(self, text: str) -> int:
        return int(len(text) / 4 + self.overhead)

    def observe(self, text: str, actual_tokens: int) -> None:
        if actual_tokens > 0:
            self.overhead += 0.1 * ((actual_tokens - len(text) / 4) - self.overhead)
