"""The one transport-retry policy: rate limits, server errors, timeouts and dropped connections.

These failures are the service's, not the model's: they are retried here with exponential backoff and
jitter, honouring Retry-After, and are never shown to the model. Validation re-asks live in instructor.
When retries run out the failure becomes a ProviderError (or RateLimitError) carrying the attempt count.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn, TypeVar

import openai
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from .errors import ConfigurationError, ProviderError, RateLimitError

T = TypeVar("T")

_RETRYABLE = (openai.RateLimitError, openai.InternalServerError, openai.APITimeoutError, openai.APIConnectionError)


def is_transient(exc: BaseException) -> bool:
    """True for failures worth retrying: 429, 5xx, timeouts, dropped or refused connections."""
    if isinstance(exc, _RETRYABLE):
        return True
    status = exc.status_code if isinstance(exc, openai.APIStatusError) else None
    return status is not None and (status in (408, 409, 425, 429) or status >= 500)


def retry_after_seconds(exc: BaseException) -> float | None:
    """The wait the server asked for (Retry-After seconds or HTTP date, or retry-after-ms), if any."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return max(float(ms) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:  # an HTTP date; a malformed one is the server's mistake: fall back to our own backoff
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    try:
        return max(parsed.timestamp() - time.time(), 0.0)
    except (OverflowError, OSError, ValueError):
        return None


@dataclass
class TransportRetry:
    """Retry policy for one service; ``sleep``/``asleep`` are seams so tests can record waits."""

    retries: int = 4
    max_wait_s: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    asleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _backoff: Any = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._backoff = wait_random_exponential(multiplier=0.5, max=self.max_wait_s)

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(exc) if exc is not None else None
        if asked is not None:
            return min(asked, self.max_wait_s)
        return self._backoff(state)

    def _settings(self) -> dict[str, Any]:
        return dict(
            stop=stop_after_attempt(self.retries + 1),
            wait=self._wait,
            retry=retry_if_exception(is_transient),
            reraise=True,
        )

    # The first attempt runs bare: building tenacity's state costs ~0.1 ms per call, a tenth of a batch's
    # CPU per article, and almost every call succeeds at once. A first failure is replayed into tenacity
    # as its attempt 1, so waits, Retry-After and attempt counts are exactly those of a plain retry loop.
    def call(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            first = self._first_failure(exc)
        retrying = Retrying(sleep=self.sleep, **self._settings())
        try:
            return retrying(_replaying(first, func), *args, **kwargs)
        except Exception as exc:
            _raise_translated(exc, retrying.statistics.get("attempt_number", 1))

    async def acall(self, func: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        try:
            return await func(*args, **kwargs)
        except Exception as exc:
            first = self._first_failure(exc)
        retrying = AsyncRetrying(sleep=self.asleep, **self._settings())
        try:
            return await retrying(_areplaying(first, func), *args, **kwargs)
        except Exception as exc:
            _raise_translated(exc, retrying.statistics.get("attempt_number", 1))

    def _first_failure(self, exc: Exception) -> Exception:
        if self.retries < 1 or not is_transient(exc):
            _raise_translated(exc, 1)
        return exc


def _raise_translated(exc: Exception, attempts: int) -> NoReturn:
    translated = as_provider_error(exc, attempts)
    if translated is exc:
        raise exc
    raise translated from exc


def _replaying(first: Exception, func: Callable[..., T]) -> Callable[..., T]:
    pending = [first]

    def attempt(*args: Any, **kwargs: Any) -> T:
        if pending:
            raise pending.pop()
        return func(*args, **kwargs)

    return attempt


def _areplaying(first: Exception, func: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
    pending = [first]

    async def attempt(*args: Any, **kwargs: Any) -> T:
        if pending:
            raise pending.pop()
        return await func(*args, **kwargs)

    return attempt


def as_provider_error(exc: Exception, attempts: int) -> Exception:
    """Translate a client exception into the library's tree; other exceptions pass through unchanged."""
    if not isinstance(exc, openai.OpenAIError):
        return exc
    status = getattr(exc, "status_code", None)
    tried = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
    if status in (401, 403):
        return ConfigurationError(f"the service refused the credentials (HTTP {status}): check OPENAI_API_KEY")
    if status == 404:
        return ConfigurationError(f"the service does not know this model or path (HTTP 404): {_brief(exc)}")
    if isinstance(exc, openai.RateLimitError) or status == 429:
        return RateLimitError(f"still rate-limited {tried}", status_code=status, attempts=attempts)
    if isinstance(exc, openai.APITimeoutError):
        return ProviderError(
            f"the model service at {_url(exc)} did not answer in time ({_reason(exc)}), {tried}", attempts=attempts
        )
    if isinstance(exc, openai.APIConnectionError):
        return ProviderError(
            f"cannot reach the model service at {_url(exc)}: {_reason(exc)} ({tried}); "
            "check --base-url / OPENAI_BASE_URL and that the server is running",
            attempts=attempts,
        )
    return ProviderError(f"model service failed {tried}: {_brief(exc)}", status_code=status, attempts=attempts)


def _url(exc: openai.APIConnectionError) -> str:
    """The URL that failed, without its query (which may carry a key)."""
    request = getattr(exc, "request", None)
    url = getattr(request, "url", None)
    return str(url).split("?")[0] if url is not None else "the configured base URL"


def _reason(exc: BaseException) -> str:
    """What the network said, from the innermost cause: 'Connection refused', 'Name or service not known'."""
    reason, seen, cause = _brief(exc), 0, exc.__cause__ or exc.__context__
    while cause is not None and seen < 16:
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror
        reason = _brief(cause)
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return reason.rstrip(".")


def _brief(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:300]
