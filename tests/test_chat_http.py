"""The lean chat-completions transport: framing, keep-alive, failures mapped onto the SDK's exceptions, TLS."""

from __future__ import annotations

import asyncio
import json
import shutil
import ssl
import subprocess

import openai
import pytest

from extractor.engines.chat_http import ChatPoster, env_proxy, sdk_headers
from extractor.testing import fixed_responder

BODY = {"model": "m", "messages": [{"role": "user", "content": "Gunmen attacked Kano — «quoted» text."}]}
ANSWER = '{"incidents": []}'


def completion(content: str = ANSWER) -> bytes:
    return json.dumps({"id": "c1", "object": "chat.completion", "created": 0, "model": "m",
                       "choices": [{"index": 0, "finish_reason": "stop",
                                    "message": {"role": "assistant", "content": content}}],
                       "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}}).encode()


def poster(base_url: str, timeout_s: float = 5.0, **client_options) -> ChatPoster:
    return ChatPoster(openai.OpenAI(base_url=base_url, api_key="placeholder-key", **client_options), timeout_s)


class RawServer:
    """A loopback server that answers each request with the next scripted raw byte string (or closes)."""

    def __init__(self, answers: list[bytes | None], *, close_after_each: bool = False) -> None:
        self.answers = list(answers)
        self.requests: list[bytes] = []
        self.connections = 0
        self.close_after_each = close_after_each

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while self.answers:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                                  if line.lower().startswith(b"content-length")))
                self.requests.append(head + await reader.readexactly(length))
                answer = self.answers.pop(0)
                if answer is None:
                    break  # close without answering
                writer.write(answer)
                await writer.drain()
                if self.close_after_each:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    async def __aenter__(self) -> str:
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}/v1"

    async def __aexit__(self, *exc: object) -> None:
        self.server.close()


def framed(body: bytes, status: str = "200 OK", extra: str = "") -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
            .encode() + body)


async def test_posts_the_sdk_headers_and_json_body_and_parses_the_completion():
    server = RawServer([framed(completion())])
    async with server as url:
        chat = poster(url, organization="placeholder-org")
        response = await chat.post(BODY)
        await chat.aclose()
    assert response.choices[0].message.content == ANSWER
    assert response.usage.prompt_tokens == 3
    head, _, body = server.requests[0].partition(b"\r\n\r\n")
    assert head.startswith(b"POST /v1/chat/completions HTTP/1.1\r\n")
    assert json.loads(body) == BODY  # non-ASCII text arrives intact as UTF-8
    lines = {line.split(b": ", 1)[0].lower(): line.split(b": ", 1)[1] for line in head.split(b"\r\n")[1:]}
    assert lines[b"authorization"] == b"Bearer placeholder-key"
    assert lines[b"openai-organization"] == b"placeholder-org"
    assert lines[b"host"] == url.split("/")[2].encode()
    assert lines[b"content-type"] == b"application/json"


async def test_keeps_the_connection_alive_between_requests():
    server = RawServer([framed(completion("1")), framed(completion("2")), framed(completion("3"))])
    async with server as url:
        chat = poster(url)
        answers = [(await chat.post(BODY)).choices[0].message.content for _ in range(3)]
        await chat.aclose()
    assert answers == ["1", "2", "3"]
    assert server.connections == 1


async def test_reads_chunked_and_close_framed_bodies():
    data = completion("chunked")
    chunked = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
               + b"".join(b"%x;ext=1\r\n%s\r\n" % (len(data[i:i + 7]), data[i:i + 7]) for i in range(0, len(data), 7))
               + b"0\r\n\r\n")
    until_close = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + completion("close")
    interim = b"HTTP/1.1 100 Continue\r\n\r\n" + framed(completion("after 100"))
    server = RawServer([chunked, interim])
    async with server as url:
        chat = poster(url)
        first = (await chat.post(BODY)).choices[0].message.content
        second = (await chat.post(BODY)).choices[0].message.content
        await chat.aclose()
    async with RawServer([until_close], close_after_each=True) as url:
        chat = poster(url)
        third = (await chat.post(BODY)).choices[0].message.content
        assert chat._idle == []  # a close-framed answer ends its connection
        await chat.aclose()
    assert (first, second, third) == ("chunked", "after 100", "close")
    assert server.connections == 1


async def test_a_connection_closed_while_idle_is_retried_once_on_a_fresh_one():
    server = RawServer([framed(completion("first"), extra="Connection: keep-alive\r\n"), None,
                        framed(completion("second"))])
    async with server as url:
        chat = poster(url)
        await chat.post(BODY)
        second = await chat.post(BODY)  # the reused connection is closed unanswered: one fresh retry
        await chat.aclose()
    assert second.choices[0].message.content == "second"
    assert server.connections == 2 and len(server.requests) == 3


async def test_a_fresh_connection_closed_unanswered_is_a_connection_error():
    async with RawServer([None]) as url:
        chat = poster(url)
        with pytest.raises(openai.APIConnectionError, match="without answering") as caught:
            await chat.post(BODY)
        await chat.aclose()
    assert not isinstance(caught.value, openai.APITimeoutError)


async def test_a_truncated_body_is_a_connection_error_not_a_parse_error():
    async with RawServer([framed(completion())[:-10]], close_after_each=True) as url:
        chat = poster(url)
        with pytest.raises(openai.APIConnectionError, match="mid-answer"):
            await chat.post(BODY)
        await chat.aclose()


async def test_a_stalled_answer_times_out():
    async def stall(reader, writer):
        await reader.readuntil(b"\r\n\r\n")
        await asyncio.sleep(5)

    server = await asyncio.start_server(stall, "127.0.0.1", 0)
    chat = poster(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/v1", timeout_s=0.2)
    with pytest.raises(openai.APITimeoutError):
        await chat.post(BODY)
    await chat.aclose()
    server.close()


async def test_a_refused_connection_is_a_connection_error():
    probe = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = probe.sockets[0].getsockname()[1]
    probe.close()
    await probe.wait_closed()
    with pytest.raises(openai.APIConnectionError):
        await poster(f"http://127.0.0.1:{port}/v1").post(BODY)


@pytest.mark.parametrize(("status", "error_class"), [
    ("400 Bad Request", openai.BadRequestError), ("401 Unauthorized", openai.AuthenticationError),
    ("404 Not Found", openai.NotFoundError), ("429 Too Many Requests", openai.RateLimitError),
    ("503 Service Unavailable", openai.InternalServerError), ("418 I'm a teapot", openai.APIStatusError),
])
async def test_error_statuses_become_the_sdks_exceptions_with_headers(status, error_class):
    body = json.dumps({"error": {"message": "nope", "type": "x"}}).encode()
    async with RawServer([framed(body, status, "Retry-After: 7\r\n")]) as url:
        chat = poster(url)
        with pytest.raises(openai.APIStatusError) as caught:
            await chat.post(BODY)
        await chat.aclose()
    assert type(caught.value) is error_class
    assert caught.value.status_code == int(status[:3])
    assert caught.value.response.headers["retry-after"] == "7"
    assert caught.value.body == {"message": "nope", "type": "x"}


async def test_a_200_without_a_completion_is_a_response_validation_error():
    async with RawServer([framed(b"<html>gateway says hi</html>")]) as url:
        chat = poster(url)
        with pytest.raises(openai.APIResponseValidationError, match="without a chat completion"):
            await chat.post(BODY)
        await chat.aclose()


async def test_a_lenient_completion_missing_optional_fields_is_accepted():
    sparse = json.dumps({"choices": [{"index": 0, "finish_reason": "stop",
                                      "message": {"role": "assistant", "content": ANSWER}}]}).encode()
    async with RawServer([framed(sparse)]) as url:
        chat = poster(url)
        response = await chat.post(BODY)
        await chat.aclose()
    assert response.choices[0].message.content == ANSWER


async def test_works_against_the_fault_injecting_server(fault_server):
    server = fault_server(fixed_responder(ANSWER), script=["ok", "429"], retry_after=3)
    chat = poster(server.base_url)
    assert (await chat.post(BODY)).choices[0].message.content == ANSWER
    with pytest.raises(openai.RateLimitError) as caught:
        await chat.post(BODY)
    await chat.aclose()
    assert caught.value.response.headers["retry-after"] == "3"
    assert [r.body for r in server.requests] == [BODY, BODY]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
async def test_tls_verifies_the_server_against_the_trusted_roots(tmp_path, monkeypatch):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server = RawServer([framed(completion("secure"))])

    async def serve():
        return await asyncio.start_server(server.handle, "127.0.0.1", 0, ssl=context)

    listener = await serve()
    url = f"https://localhost:{listener.sockets[0].getsockname()[1]}/v1"
    from extractor.engines import chat_http

    chat_http._ssl_context.cache_clear()
    with pytest.raises(openai.APIConnectionError):  # self-signed: not trusted by default
        await poster(url).post(BODY)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    chat_http._ssl_context.cache_clear()
    try:
        chat = poster(url)
        assert (await chat.post(BODY)).choices[0].message.content == "secure"
        await chat.aclose()
    finally:
        chat_http._ssl_context.cache_clear()
        listener.close()


def test_proxy_from_the_environment_honours_no_proxy(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                 "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert env_proxy("https://api.openai.com/v1/chat/completions") is None
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    assert env_proxy("https://api.openai.com/v1/chat/completions") == "http://proxy.internal:3128"
    assert env_proxy("http://127.0.0.1:8000/v1/chat/completions") is None


def test_sdk_headers_carry_the_key_and_leave_out_unset_options():
    headers = sdk_headers(openai.OpenAI(base_url="http://127.0.0.1:1/v1", api_key="placeholder-key"))
    assert headers["Authorization"] == "Bearer placeholder-key"
    assert "OpenAI-Organization" not in headers
    assert all(isinstance(value, str) for value in headers.values())


def test_one_extractor_serves_successive_event_loops(fault_server, caplog):
    from extractor import Config, Extractor

    server = fault_server(fixed_responder(ANSWER))
    config = Config(backend="openai", model="m", api_key="placeholder-key", base_url=server.base_url,
                    candidate_mode=False)
    extractor = Extractor(config)
    for _ in range(3):  # e.g. a notebook calling asyncio.run per cell: old loops' connections are not reused
        result = asyncio.run(extractor.aextract("Gunmen attacked Kano on Monday.", published="2021-03-09"))
        assert result.incidents == []
    extractor.close()
    assert len(server.requests) == 3
    assert not [r for r in caplog.records if r.name == "asyncio" and r.levelname == "ERROR"]


async def test_async_with_closes_the_connections(fault_server):
    from extractor import Config, Extractor

    server = fault_server(fixed_responder(ANSWER))
    config = Config(backend="openai", model="m", api_key="placeholder-key", base_url=server.base_url,
                    candidate_mode=False)
    async with Extractor(config) as extractor:
        await extractor.aextract("Gunmen attacked Kano on Monday.", published="2021-03-09")
        poster = extractor.engine._poster
        assert poster is not None and len(poster._idle) == 1
        connection = poster._idle[0]
    await asyncio.sleep(0)
    assert extractor.engine._poster is None and connection.closed
