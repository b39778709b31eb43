"""Limits on what one answer may cost the client: a body-size cap and a deadline for the whole exchange.

HTTP itself is the openai SDK's: its ``DefaultHttpxClient`` for sync calls and, for async ones, its
``DefaultAioHttpClient`` (an httpx2 client on an aiohttp transport, which the SDK documents for concurrency:
8.9 against 11.3 ms of client CPU per article at concurrency 64 in benchmarks/bench_batch.py) or
``DefaultAsyncHttpxClient`` (``Config.async_transport``), each with its own pool and proxy handling. httpx
bounds each read by the timeout, but not the whole exchange or the size of a body: a server that trickles bytes,
or answers a gigabyte, would hold a batch's worker forever. Two httpx event hooks (its public extension point)
check each answer's headers and count its body as it is read, failing such an answer with httpx2's own
exceptions (``ReadTimeout``, ``RemoteProtocolError``), which the SDK turns into ``APITimeoutError`` /
``APIConnectionError`` and extractor.retry treats like any other transport failure.
Protocol errors (a negative chunk size, an endless header line) are already refused by the HTTP/1.1 parsers
(h11's and aiohttp's) with bounded buffers, and the SDK reports them as connection errors.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx2

__all__ = ["DEFAULT_MAX_RESPONSE_BYTES", "async_client", "sync_client"]

#: A chat completion for one article is kilobytes; 16 MiB leaves room for long answers and logprobs.
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024


class _Guard:
    def __init__(self, request: httpx2.Request, max_bytes: int, deadline_s: float) -> None:
        self.request = request
        self.max_bytes = max_bytes
        self.deadline = time.monotonic() + deadline_s
        self.deadline_s = deadline_s
        self.received = 0

    def check_headers(self, response: httpx2.Response) -> None:
        declared = response.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            raise httpx2.RemoteProtocolError(
                f"response body of {declared} bytes exceeds the {self.max_bytes}-byte limit", request=self.request
            )
        self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise httpx2.ReadTimeout(f"no complete answer within {self.deadline_s:g} s", request=self.request)

    def count(self, chunk: bytes) -> bytes:
        self.received += len(chunk)
        if self.received > self.max_bytes:
            raise httpx2.RemoteProtocolError(
                f"response body exceeds the {self.max_bytes}-byte limit", request=self.request
            )
        self.check_time()
        return chunk


class _GuardedStream(httpx2.SyncByteStream):
    def __init__(self, inner: httpx2.SyncByteStream, guard: _Guard) -> None:
        self.inner = inner
        self.guard = guard

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.inner:
            yield self.guard.count(chunk)

    def close(self) -> None:
        self.inner.close()


class _AsyncGuardedStream(httpx2.AsyncByteStream):
    def __init__(self, inner: httpx2.AsyncByteStream, guard: _Guard) -> None:
        self.inner = inner
        self.guard = guard

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.inner:
            yield self.guard.count(chunk)

    async def aclose(self) -> None:
        await self.inner.aclose()


def _guards(max_bytes: int, deadline_s: float, *, is_async: bool) -> dict[str, list]:
    """httpx event hooks: the request hook starts the clock, the response hook checks the headers and wraps the
    (not yet read) body in a counting stream. The client's own transport, pool and proxies stay as they are."""

    def start(request: httpx2.Request) -> None:
        request.extensions[_GUARD_KEY] = _Guard(request, max_bytes, deadline_s)

    def check(response: httpx2.Response) -> None:
        guard = response.request.extensions.get(_GUARD_KEY) or _Guard(response.request, max_bytes, deadline_s)
        guard.check_headers(response)
        wrapper = _AsyncGuardedStream if is_async else _GuardedStream
        response.stream = wrapper(response.stream, guard)  # type: ignore[arg-type]

    if not is_async:
        return {"request": [start], "response": [check]}

    async def astart(request: httpx2.Request) -> None:
        start(request)

    async def acheck(response: httpx2.Response) -> None:
        check(response)

    return {"request": [astart], "response": [acheck]}


_GUARD_KEY = "extractor.guard"


def _limits(connections: int) -> httpx2.Limits:
    return httpx2.Limits(max_connections=connections, max_keepalive_connections=connections)


def sync_client(*, connections: int, timeout_s: float, max_bytes: int) -> httpx2.Client:
    """The SDK's default sync client (its timeouts, redirects, proxies from the environment) with
    ``connections`` pooled connections and the guards of this module."""
    import openai

    return openai.DefaultHttpxClient(
        limits=_limits(connections), timeout=timeout_s, event_hooks=_guards(max_bytes, timeout_s, is_async=False)
    )


def async_client(
    *, connections: int, timeout_s: float, max_bytes: int, transport: str = "aiohttp"
) -> httpx2.AsyncClient:
    """The async twin of :func:`sync_client` on the chosen transport; connections are sized to the caller's
    concurrency. "aiohttp" needs the aiohttp package (a dependency of this project through ``openai[aiohttp]``)."""
    import openai

    options: dict[str, Any] = dict(
        limits=_limits(connections), timeout=timeout_s, event_hooks=_guards(max_bytes, timeout_s, is_async=True)
    )
    if transport == "httpx":
        return openai.DefaultAsyncHttpxClient(**options)
    try:
        return openai.DefaultAioHttpClient(**options)
    except RuntimeError as exc:  # the SDK's stand-in when aiohttp is missing
        from ..errors import ConfigurationError

        raise ConfigurationError(
            f"async_transport aiohttp: {exc} (pip install 'openai[aiohttp]'), or choose async_transport httpx"
        ) from None
