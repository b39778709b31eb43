"""A lean async POST of one chat completion: HTTP/1.1 on asyncio streams, the openai SDK's headers, URL and errors.

Why not the SDK's own async client: in a batch at 300 articles/s its request building, httpx layers and
response casting cost ~1.5 ms of CPU per call (aiohttp underneath still ~0.6 ms), as much as instructor,
grounding and the job store together, and the batch is CPU-bound on one core. This path sends the same
JSON body with the same headers to the same URL and raises the same ``openai`` exceptions, so
extractor.retry classifies every failure exactly as before; it costs ~0.15 ms per call.

Scope, deliberately small: one origin, HTTP/1.1 with keep-alive, bodies framed by Content-Length, chunked
encoding or connection close, TLS through asyncio, no proxies (the engine keeps the SDK's client when the
environment sets one for the URL, see ``env_proxy``). A connection that the server closed while it sat idle
is retried once on a fresh one, as every HTTP client does; anything else is the retry policy's business.

One ``ChatPoster`` belongs to one event loop (its connections cannot move); ``aclose`` it before the loop ends.
"""

from __future__ import annotations

import asyncio
import functools
import json
import ssl
import urllib.parse
import urllib.request
from typing import Any

import httpx2
import openai
import pydantic_core
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

_STATUS_ERRORS: dict[int, type[openai.APIStatusError]] = {
    400: openai.BadRequestError,
    401: openai.AuthenticationError,
    403: openai.PermissionDeniedError,
    404: openai.NotFoundError,
    409: openai.ConflictError,
    422: openai.UnprocessableEntityError,
    429: openai.RateLimitError,
}


def sdk_headers(client: openai.OpenAI | openai.AsyncOpenAI) -> dict[str, str]:
    """The headers the SDK would send on a chat completion: its defaults (user agent, organization,
    project, custom headers) plus the bearer key. Omitted values are the SDK's ``Omit`` markers, not strings."""
    headers = {key: value for key, value in client.default_headers.items() if isinstance(value, str)}
    headers.update(client.auth_headers)
    return headers


def env_proxy(url: str) -> str | None:
    """The proxy the environment sets for ``url`` (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, minus NO_PROXY), as httpx
    and so the SDK would use it."""
    parts = urllib.parse.urlsplit(url)
    if parts.hostname and urllib.request.proxy_bypass(parts.hostname):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(parts.scheme) or proxies.get("all")


class _Response:
    __slots__ = ("body", "headers", "keep_alive", "status")

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes, keep_alive: bool) -> None:
        self.status, self.headers, self.body, self.keep_alive = status, headers, body, keep_alive


class _Stale(Exception):
    """A reused connection closed before any byte of the answer: the server had dropped it while idle."""


class _Connection(asyncio.Protocol):
    """One keep-alive connection; ``exchange`` sends a request and waits for its whole response."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.reused = False
        self.closed = False
        self._buffer = bytearray()
        # status, headers, where the body starts, keep-alive: set once the head has arrived
        self._head: tuple[int, list[tuple[str, str]], int, bool] | None = None
        self._waiter: asyncio.Future[_Response] | None = None

    # -- asyncio callbacks ---------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        if self._waiter is None:  # bytes nobody asked for: the stream can no longer be trusted
            self.close()
            return
        self._buffer += data
        if not self._waiter.done():
            try:
                response = self._parse(eof=False)
            except ValueError as exc:
                self._fail(ConnectionError(f"malformed HTTP response: {exc}"))
                return
            if response is not None:
                self._waiter.set_result(response)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self._waiter is None or self._waiter.done():
            return
        try:
            response = self._parse(eof=True) if self._buffer else None
        except ValueError:
            response = None
        if response is not None:
            self._waiter.set_result(response)
        elif not self._buffer and self.reused:
            self._waiter.set_exception(_Stale())
        else:
            how = "mid-answer" if self._buffer else "without answering"
            self._waiter.set_exception(ConnectionError(f"the server closed the connection {how} ({exc or 'EOF'})"))

    # -- one exchange --------------------------------------------------------------------------------
    async def exchange(self, request: bytes, timeout_s: float) -> _Response:
        loop = asyncio.get_running_loop()
        self._waiter = waiter = loop.create_future()
        self._buffer.clear()
        self._head = None
        timer = loop.call_later(timeout_s, self._fail, asyncio.TimeoutError())
        try:
            self.transport.write(request)  # type: ignore[union-attr]
            return await waiter
        except BaseException:
            self.close()  # a half-finished exchange (error, timeout, cancellation) leaves the stream unusable
            raise
        finally:
            timer.cancel()
            self._waiter = None
            self.reused = True

    def _fail(self, exc: BaseException) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(exc)
        self.close()

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    # -- framing -------------------------------------------------------------------------------------
    def _parse(self, *, eof: bool) -> _Response | None:
        buffer = self._buffer
        if self._head is None:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return None
            lines = bytes(buffer[:end]).decode("latin-1").split("\r\n")
            version, _, rest = lines[0].partition(" ")
            status = int(rest[:3])
            headers = [(k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in lines[1:]) if k]
            if 100 <= status < 200:  # interim answer (100 Continue, 103 Early Hints): the real one follows
                del buffer[:end + 4]
                return self._parse(eof=eof)
            connection = _header(headers, "connection").lower()
            keep_alive = "close" not in connection and (version == "HTTP/1.1" or "keep-alive" in connection)
            self._head = (status, headers, end + 4, keep_alive)
        status, headers, start, keep_alive = self._head
        if "chunked" in _header(headers, "transfer-encoding").lower():
            body = _dechunk(buffer, start)
            return _Response(status, headers, body, keep_alive) if body is not None else None
        length = _header(headers, "content-length")
        if length:
            size = int(length)
            if len(buffer) - start < size:
                return None
            return _Response(status, headers, bytes(buffer[start:start + size]), keep_alive)
        if status in (204, 304):
            return _Response(status, headers, b"", keep_alive)
        return _Response(status, headers, bytes(buffer[start:]), False) if eof else None  # framed by close


def _header(headers: list[tuple[str, str]], name: str) -> str:
    return next((value for key, value in headers if key.lower() == name), "")


def _dechunk(buffer: bytearray, position: int) -> bytes | None:
    """The body of a complete chunked message starting at ``position``, or None while chunks are missing."""
    parts: list[bytes] = []
    while True:
        line_end = buffer.find(b"\r\n", position)
        if line_end < 0:
            return None
        size = int(bytes(buffer[position:line_end]).split(b";")[0].strip() or b"0", 16)
        if size == 0:
            # trailers (usually none) end with an empty line
            return b"".join(parts) if buffer.find(b"\r\n\r\n", line_end - 2) >= 0 else None
        start, end = line_end + 2, line_end + 2 + size
        if len(buffer) < end + 2:
            return None
        parts.append(bytes(buffer[start:end]))
        position = end + 2


class ChatPoster:
    """POSTs chat-completion bodies to ``{base_url}chat/completions`` and returns ``ChatCompletion`` objects."""

    def __init__(self, client: openai.OpenAI | openai.AsyncOpenAI, timeout_s: float) -> None:
        self.url = f"{str(client.base_url).rstrip('/')}/chat/completions"
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {self.url}")
        self._tls = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port or (443 if self._tls else 80)
        self._timeout_s = timeout_s
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host = parts.netloc.rpartition("@")[2]  # never send userinfo
        lines = [f"POST {target} HTTP/1.1", f"Host: {host}",
                 *(f"{key}: {value}" for key, value in sdk_headers(client).items() if key.lower() != "host")]
        self._request_head = ("\r\n".join(lines) + "\r\n").encode("latin-1")
        self._idle: list[_Connection] = []

    async def post(self, body: dict[str, Any]) -> ChatCompletion:
        data = pydantic_core.to_json(body)  # the same JSON as json.dumps, in a third of the time
        request = self._request_head + b"Content-Length: %d\r\n\r\n" % len(data) + data
        try:
            response = await self._exchange(request)
        except asyncio.TimeoutError as exc:
            raise openai.APITimeoutError(request=self._request(data)) from exc
        except (OSError, ssl.SSLError) as exc:  # ConnectionError is an OSError
            raise openai.APIConnectionError(message=f"connection failed: {exc}", request=self._request(data)) from exc
        if response.status >= 400:
            raise self._status_error(response, data)
        return self._completion(response, data)

    async def _exchange(self, request: bytes) -> _Response:
        while self._idle:
            connection = self._idle.pop()
            if connection.closed:  # closed while idle, noticed by asyncio: nothing was sent on it
                continue
            try:
                return self._release(connection, await connection.exchange(request, self._timeout_s))
            except _Stale:
                break  # dropped unnoticed while idle: once more on a fresh connection, never on another idle one
        connection = await self._connect()
        try:
            return self._release(connection, await connection.exchange(request, self._timeout_s))
        except _Stale as exc:  # cannot happen on a fresh connection, but must not escape as itself
            raise ConnectionError("the server closed the connection before answering") from exc

    def _release(self, connection: _Connection, response: _Response) -> _Response:
        if response.keep_alive and not connection.closed:
            self._idle.append(connection)
        else:
            connection.close()
        return response

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        opening = loop.create_connection(_Connection, self._host, self._port, ssl=_ssl_context() if self._tls else None,
                                         server_hostname=self._host if self._tls else None)
        _, connection = await asyncio.wait_for(opening, self._timeout_s)
        return connection

    async def aclose(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()
        await asyncio.sleep(0)  # let the transports run their close callbacks on this loop

    # -- errors and parsing: rare or cheap paths, built with the SDK's own types ---------------------------
    def _request(self, data: bytes) -> httpx2.Request:
        return httpx2.Request("POST", self.url, content=data)

    def _response(self, response: _Response, data: bytes) -> httpx2.Response:
        return httpx2.Response(response.status, headers=response.headers, content=response.body,
                               request=self._request(data))

    def _status_error(self, response: _Response, data: bytes) -> openai.APIStatusError:
        try:
            body: Any = json.loads(response.body)
        except ValueError:
            body = response.body.decode("utf-8", "replace")
        detail = body.get("error", body) if isinstance(body, dict) else body
        status = response.status
        error_class = _STATUS_ERRORS.get(status, openai.InternalServerError if status >= 500 else openai.APIStatusError)
        return error_class(f"Error code: {status} - {body}", response=self._response(response, data), body=detail)

    def _completion(self, response: _Response, data: bytes) -> ChatCompletion:
        try:
            return ChatCompletion.model_validate_json(response.body)
        except ValidationError:
            pass
        try:
            payload = json.loads(response.body)
        except ValueError:
            payload = None
        if not isinstance(payload, dict) or not isinstance(payload.get("choices"), list):
            raise openai.APIResponseValidationError(
                response=self._response(response, data), body=response.body.decode("utf-8", "replace"),
                message=f"the server answered HTTP {response.status} without a chat completion: "
                        f"{response.body[:200]!r}")
        # Servers that leave out fields OpenAI always sends (created, object, ids): the SDK accepts those
        # leniently, so do we.
        return ChatCompletion.construct(**payload)


@functools.lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    # httpx2's default context (SSL_CERT_FILE, SSL_CERT_DIR, system store): the roots the SDK trusts.
    return httpx2.create_ssl_context()
