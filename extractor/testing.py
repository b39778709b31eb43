"""A loopback OpenAI-compatible server that injects faults: the test seam for retries, batches and benchmarks.

It answers ``POST .../chat/completions`` on 127.0.0.1 with a completion whose content comes from
``responder(request_json)``. Faults are scripted (``script=["429", "500", "ok"]``, consumed one per request)
or drawn at ``fault_rate`` from ``fault_kinds`` with a fixed seed. Kinds:

- ``"429"``: rate limited, with ``Retry-After: <retry_after>``
- ``"500"``: server error
- ``"stall"``: sleeps ``stall_s`` before answering (longer than the client's timeout in tests)
- ``"drop"``: closes the connection without an answer
- ``"truncate"``: a 200 whose content is cut in half, ``finish_reason="length"``
- ``"401"``: credentials refused
- ``"negative_chunk"``: a chunked 200 whose chunk-size line is ``-6`` (a broken HTTP stack)
- ``"endless_header"``: a 200 whose header line never ends (bytes trickle until the client gives up)
- ``"huge_body"``: a 200 declaring and then sending a body of ``huge_body_bytes`` (a hostile server)
- ``"trickle"``: a 200 whose valid body arrives a byte every 100 ms, each read inside any read timeout
- ``"ok"``: the normal answer

``latency_s`` delays every answer; ``rpm`` answers 429 past that many requests in any 60 s window.
Every request is kept in ``requests`` (path, body, fault served) for assertions. Loopback only.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

EMPTY_ANSWER = '{"incidents": []}'


def fixed_responder(content: str = EMPTY_ANSWER) -> Callable[[dict[str, Any]], str]:
    return lambda request: content


@dataclass
class ServedRequest:
    path: str
    body: dict[str, Any]
    fault: str
    at: float
    peer: int = 0  # the client's port: one per connection


class FaultInjectingServer:
    """Start with ``with FaultInjectingServer(...) as server:``; ``server.base_url`` ends in ``/v1``."""

    def __init__(
        self,
        responder: Callable[[dict[str, Any]], str] | None = None,
        *,
        script: Iterable[str] = (),
        fault_rate: float = 0.0,
        fault_kinds: tuple[str, ...] = ("429", "500", "stall", "drop", "truncate"),
        retry_after: float = 0.0,
        stall_s: float = 2.0,
        latency_s: float = 0.0,
        rpm: int | None = None,
        seed: int = 0,
        prompt_tokens: int = 100,
        completion_tokens: int = 20,
        keep_requests: bool = True,
        huge_body_bytes: int = 64 * 1024 * 1024,
    ) -> None:
        self.responder = responder or fixed_responder()
        self.script: deque[str] = deque(script)
        self.fault_rate = fault_rate
        self.fault_kinds = fault_kinds
        self.retry_after = retry_after
        self.stall_s = stall_s
        self.latency_s = latency_s
        self.rpm = rpm
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens
        self.keep_requests = keep_requests
        self.huge_body_bytes = huge_body_bytes
        #: sent verbatim as Retry-After instead of ``retry_after`` (to test garbled headers)
        self.retry_after_header: str | None = None
        self.requests: list[ServedRequest] = []
        self.counts: dict[str, int] = {}
        self._random = random.Random(seed)
        self._window: deque[float] = deque()
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FaultInjectingServer:
        handler = type("Handler", (_Handler,), {"fault_server": self})
        self._httpd = _Server(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fault-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FaultInjectingServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def faults_served(self) -> list[str]:
        return [r.fault for r in self.requests]

    def _next_fault(self) -> str:
        with self._lock:
            now = time.monotonic()
            if self.rpm is not None:
                while self._window and now - self._window[0] >= 60.0:
                    self._window.popleft()
                if len(self._window) >= self.rpm:
                    return "429"
                self._window.append(now)
            if self.script:
                return self.script.popleft()
            if self.fault_rate and self._random.random() < self.fault_rate:
                return self._random.choice(self.fault_kinds)
            return "ok"

    def _record(self, path: str, body: dict[str, Any], fault: str, peer: int = 0) -> None:
        with self._lock:
            self.counts[fault] = self.counts.get(fault, 0) + 1
            if self.keep_requests:
                self.requests.append(ServedRequest(path, body, fault, time.monotonic(), peer))

    def completion(self, body: dict[str, Any], content: str, finish_reason: str = "stop") -> dict[str, Any]:
        return {
            "id": "chatcmpl-fault-server",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "fault-server"),
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}
            ],
            "usage": {
                "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
                "total_tokens": self.prompt_tokens + self.completion_tokens,
            },
        }


class _Server(ThreadingHTTPServer):
    # The default listen backlog (5) resets connections when a batch opens dozens at once.
    request_queue_size = 1024

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that goes away (closed event loop, killed process) is normal here, not worth a traceback.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; with Nagle on, the body waits for the client's delayed ACK
    # (40 ms on Linux) and a benchmark measures the kernel instead of the client.
    disable_nagle_algorithm = True
    fault_server: FaultInjectingServer

    def log_message(self, format: str, *args: Any) -> None:  # silence the default stderr logging
        pass

    def _send_json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        server = self.fault_server
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self._send_json(400, {"error": {"message": "body is not JSON"}})
            return
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_json(404, {"error": {"message": f"no route {self.path}"}})
            return
        fault = server._next_fault()
        server._record(self.path, body, fault, self.client_address[1])
        if server.latency_s:
            time.sleep(server.latency_s)
        if fault == "429":
            self._send_json(429, {"error": {"message": "rate limited", "type": "rate_limit"}},
                            {"Retry-After": server.retry_after_header or f"{server.retry_after:g}"})
        elif fault == "401":
            self._send_json(401, {"error": {"message": "invalid api key", "type": "invalid_request_error"}})
        elif fault == "500":
            self._send_json(500, {"error": {"message": "injected server error"}})
        elif fault == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
        elif fault == "stall":
            time.sleep(server.stall_s)
            self._send_json(200, server.completion(body, server.responder(body)))
        elif fault in _RAW_FAULTS:
            self._raw_fault(fault, server, body)
        elif fault == "truncate":
            content = server.responder(body)
            self._send_json(200, server.completion(body, content[: max(1, len(content) // 2)], "length"))
        else:
            self._send_json(200, server.completion(body, server.responder(body)))

    def _raw_fault(self, fault: str, server: FaultInjectingServer, body: dict[str, Any]) -> None:
        """Answers no well-behaved HTTP stack would write, sent as raw bytes on the socket."""
        self.close_connection = True
        out = self.wfile
        try:
            if fault == "negative_chunk":
                out.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                          b"-6\r\n{\"a\":1}\r\n0\r\n\r\n")
            elif fault == "endless_header":
                out.write(b"HTTP/1.1 200 OK\r\nX-Endless: ")
                for _ in range(1500):  # 6 MB of one header line over 15 s, until the client hangs up
                    out.write(b"a" * 4096)
                    out.flush()
                    time.sleep(0.01)
            elif fault == "huge_body":
                size = server.huge_body_bytes
                out.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          + f"Content-Length: {size}\r\n\r\n".encode())
                block = b" " * 65536
                for _ in range(size // len(block)):
                    out.write(block)
            elif fault == "trickle":
                data = json.dumps(server.completion(body, server.responder(body))).encode()
                out.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          + f"Content-Length: {len(data)}\r\n\r\n".encode())
                for i in range(len(data)):
                    out.write(data[i:i + 1])
                    out.flush()
                    time.sleep(0.1)
            out.flush()
        except (BrokenPipeError, ConnectionError):
            pass  # the client gave up, as it should


_RAW_FAULTS = frozenset({"negative_chunk", "endless_header", "huge_body", "trickle"})
