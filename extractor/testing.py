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

It also serves OpenAI's Batch API: ``POST /v1/files`` (multipart upload), ``GET /v1/files`` and
``/v1/files/{id}/content``, ``POST /v1/batches``, ``GET /v1/batches[/{id}]`` and ``POST
/v1/batches/{id}/cancel``. A batch is ``validating`` for the first tenth of ``batch_delay_s``, then
``in_progress`` (its request counts growing), then ends as ``batch_script`` says, one entry per created batch:

- ``"ok"``: completed; every line answered by ``responder``
- ``"failed"``: failed at validation, with ``errors``, no output file
- ``"expired"``: expired with partial output: the first half answered, the rest in the error file
- ``"cancelled"``: cancelled, nothing answered

``item_faults`` maps a custom_id to ``"error"`` (a line in the error file, status 500) or ``"invalid_json"``
(answered with text that is not JSON). The first ``upload_failures`` uploads answer 500.
``batches_per_file`` counts batches created per input file.

``GoldResponder`` is the perfect-model mode: it answers each eval article's one-call request with that
article's gold incidents in the article's own words (``extractor.evals.surface``), so a run through it measures
what the pipeline loses of a capable model's answer.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import random
import threading
import time
import urllib.parse
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

EMPTY_ANSWER = '{"incidents": []}'


def fixed_responder(content: str = EMPTY_ANSWER) -> Callable[[dict[str, Any]], str]:
    return lambda request: content


@dataclass
class GoldResponder:
    """Answers each one-call request with the gold of the eval article in its user message, in its own words.

    The article is identified by its text between ``<article>`` tags; a passage of a long article (the one-call
    path reads those in parts) is answered with the incidents quoted from it. A request for an article the eval set
    does not hold is answered with no incident and its first 80 characters kept in ``unknown``; gold values
    with no surface form in the text are answered as null and listed per article in ``unsayable``.
    """

    root: Path
    split: str | None = None
    answers: dict[str, str] = field(init=False, default_factory=dict)
    drafts: dict[str, Any] = field(init=False, default_factory=dict)
    unsayable: dict[str, list[tuple[int, str, Any]]] = field(init=False, default_factory=dict)
    unknown: list[str] = field(init=False, default_factory=list)
    _by_text: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        from .evals.gold import load_gold_set
        from .evals.surface import surface_draft

        for article_id, (gold, text) in load_gold_set(Path(self.root), self.split).items():  # type: ignore[arg-type]
            raw = json.loads((Path(self.root) / "gold" / f"{article_id}.json").read_text(encoding="utf-8"))
            surfaced = surface_draft(gold.incidents, text, raw.get("language", "en"))
            self.drafts[article_id] = surfaced.answer()
            self.answers[article_id] = json.dumps(surfaced.answer(), ensure_ascii=False)
            self.unsayable[article_id] = surfaced.unsayable
            self._by_text[text.strip()] = article_id

    def article_id(self, request: dict[str, Any]) -> str | None:
        # The prompt's worked examples are earlier user turns: the article asked about is in the last one.
        return self._by_text.get(article_text(request).strip())

    def __call__(self, request: dict[str, Any]) -> str:
        article_id = self.article_id(request)
        if article_id is not None:
            return self.answers[article_id]
        passage = article_text(request).strip()
        whole = next((a for text, a in self._by_text.items() if passage and passage in text), None)
        if whole is not None:
            # one passage of a long report: its own incidents, those whose every quoted value it holds, as
            # passage_responder answers (an incident told across two passages is answered in neither)
            return passage_responder(self.drafts[whole]["incidents"])(request)
        with _UNKNOWN_LOCK:
            self.unknown.append(str(request.get("messages", [{}])[-1].get("content", ""))[:80])
        return EMPTY_ANSWER


_UNKNOWN_LOCK = threading.Lock()


def article_text(request: dict[str, Any]) -> str:
    """The article (or passage) text a one-call request carries: the last user message, inside ``<article>``."""
    users = [m.get("content") or "" for m in request.get("messages", []) if m.get("role") == "user"]
    content = users[-1] if users else ""
    start, end = content.find("<article>\n"), content.rfind("\n</article>")
    return content[start + len("<article>\n") : end] if start >= 0 and end > start else ""


def passage_responder(incidents: Iterable[dict[str, Any]]) -> Callable[[dict[str, Any]], str]:
    """A passage-aware answer: each request gets the incidents (IncidentDraft JSON) whose every quoted value
    occurs in the text it carries, so each passage of a long report is answered with its own incidents, quoted
    from it, and an incident told in the overlap of two passages is answered in both."""
    drafts = [dict(incident) for incident in incidents]

    def respond(request: dict[str, Any]) -> str:
        text = article_text(request)
        found = [
            d for d in drafts if all(v in text for k, v in d.items() if isinstance(v, str) and k != "sub_event_type")
        ]
        return json.dumps({"incidents": found})

    return respond


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
        batch_delay_s: float = 0.0,
        batch_script: Iterable[str] = (),
        item_faults: dict[str, str] | None = None,
        upload_failures: int = 0,
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
        self.batch_delay_s = batch_delay_s
        self.batch_script: deque[str] = deque(batch_script)
        self.item_faults = dict(item_faults or {})
        self.upload_failures = upload_failures
        self.files: dict[str, _StoredFile] = {}
        self.batches: dict[str, _StoredBatch] = {}
        self.batches_per_file: Counter[str] = Counter()
        self._ids = itertools.count(1)

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

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

    # -- the Batch API -------------------------------------------------------------------------------
    def _new_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids):06d}"

    def upload_file(self, filename: str, purpose: str, content: bytes) -> dict[str, Any]:
        with self._lock:
            stored = _StoredFile(self._new_id("file"), filename, purpose, content, int(time.time()))
            self.files[stored.id] = stored
        return stored.as_json()

    def list_files(self, purpose: str | None) -> list[dict[str, Any]]:
        with self._lock:
            found = [f for f in self.files.values() if purpose is None or f.purpose == purpose]
        return [f.as_json() for f in reversed(found)]

    def create_batch(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            source = self.files.get(str(body.get("input_file_id")))
            if source is None or source.purpose != "batch":
                return 400, {"error": {"message": f"no batch input file {body.get('input_file_id')!r}"}}
            if body.get("endpoint") != "/v1/chat/completions" or body.get("completion_window") != "24h":
                return 400, {"error": {"message": "endpoint must be /v1/chat/completions, window 24h"}}
            outcome = self.batch_script.popleft() if self.batch_script else "ok"
            lines = [json.loads(line) for line in source.content.splitlines() if line.strip()]
            batch = _StoredBatch(
                self._new_id("batch"),
                source.id,
                body.get("metadata"),
                outcome,
                lines,
                int(time.time()),
                time.monotonic(),
            )
            self.batches[batch.id] = batch
            self.batches_per_file[source.id] += 1
            self._advance(batch)
            return 200, batch.as_json()

    def cancel_batch(self, batch_id: str) -> dict[str, Any] | None:
        with self._lock:
            batch = self.batches.get(batch_id)
            if batch is not None and batch.status not in _FINAL:
                batch.outcome = "cancelled"
                batch.cancel_requested = True
        return self.batch_view(batch_id) if batch is not None else None

    def list_batches(self) -> list[dict[str, Any]]:
        """Newest first, as OpenAI lists them."""
        return [view for batch_id in reversed(list(self.batches)) if (view := self.batch_view(batch_id))]

    def batch_view(self, batch_id: str) -> dict[str, Any] | None:
        with self._lock:
            batch = self.batches.get(batch_id)
            if batch is None:
                return None
            self._advance(batch)
            return batch.as_json()

    def _advance(self, batch: _StoredBatch) -> None:
        if batch.status in _FINAL:
            return
        elapsed = time.monotonic() - batch.started
        if batch.cancel_requested:
            self._finish(batch, "cancelled")
        elif elapsed < 0.1 * self.batch_delay_s:
            batch.status = "validating"
        elif batch.outcome == "failed":
            batch.status = "failed"
            batch.errors = [
                {"code": "invalid_request", "message": "injected failure: the batch failed validation", "line": 1}
            ]
        elif elapsed < self.batch_delay_s:
            batch.status = "in_progress"
            batch.completed = int(len(batch.lines) * elapsed / self.batch_delay_s) if self.batch_delay_s else 0
        else:
            self._finish(batch, {"ok": "completed"}.get(batch.outcome, batch.outcome))

    def _finish(self, batch: _StoredBatch, status: str) -> None:
        output: list[str] = []
        errors: list[str] = []
        for n, line in enumerate(batch.lines):
            custom_id = line.get("custom_id")
            request_id = f"{batch.id}-req-{n}"
            fault = self.item_faults.get(str(custom_id), "ok")
            if status == "cancelled" or (status == "expired" and n >= len(batch.lines) // 2):
                code = "batch_cancelled" if status == "cancelled" else "batch_expired"
                errors.append(
                    json.dumps(
                        {
                            "id": request_id,
                            "custom_id": custom_id,
                            "response": None,
                            "error": {"code": code, "message": f"the request was not run ({code})"},
                        }
                    )
                )
            elif fault == "error":
                body = {"error": {"message": "injected item error", "type": "server_error"}}
                errors.append(
                    json.dumps(
                        {
                            "id": request_id,
                            "custom_id": custom_id,
                            "error": None,
                            "response": {"status_code": 500, "request_id": request_id, "body": body},
                        }
                    )
                )
            else:
                request = line.get("body") or {}
                content = "this is not JSON {" if fault == "invalid_json" else self.responder(request)
                output.append(
                    json.dumps(
                        {
                            "id": request_id,
                            "custom_id": custom_id,
                            "error": None,
                            "response": {
                                "status_code": 200,
                                "request_id": request_id,
                                "body": self.completion(request, content),
                            },
                        }
                    )
                )
        for lines, attribute in ((output, "output_file_id"), (errors, "error_file_id")):
            if lines:
                stored = _StoredFile(
                    self._new_id("file"),
                    f"{batch.id}_{attribute}.jsonl",
                    "batch_output",
                    ("\n".join(lines) + "\n").encode(),
                    int(time.time()),
                )
                self.files[stored.id] = stored
                setattr(batch, attribute, stored.id)
        batch.status = status
        batch.completed, batch.failed = len(output), len(errors)


_FINAL = ("completed", "failed", "expired", "cancelled")


@dataclass
class _StoredFile:
    id: str
    filename: str
    purpose: str
    content: bytes
    created_at: int

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "file",
            "bytes": len(self.content),
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": "processed",
        }


@dataclass
class _StoredBatch:
    id: str
    input_file_id: str
    metadata: dict[str, str] | None
    outcome: str
    lines: list[dict[str, Any]]
    created_at: int
    started: float
    status: str = "validating"
    completed: int = 0
    failed: int = 0
    cancel_requested: bool = False
    errors: list[dict[str, Any]] | None = None
    output_file_id: str | None = None
    error_file_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        ended = {
            "completed": "completed_at",
            "failed": "failed_at",
            "expired": "expired_at",
            "cancelled": "cancelled_at",
        }.get(self.status)
        view: dict[str, Any] = {
            "id": self.id,
            "object": "batch",
            "endpoint": "/v1/chat/completions",
            "completion_window": "24h",
            "input_file_id": self.input_file_id,
            "status": self.status,
            "created_at": self.created_at,
            "metadata": self.metadata,
            "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id,
            "request_counts": {"total": len(self.lines), "completed": self.completed, "failed": self.failed},
            "errors": {"object": "list", "data": self.errors} if self.errors else None,
        }
        if ended:
            view[ended] = int(time.time())
        return view


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

    def _send_bytes(self, content: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def _not_found(self) -> None:
        self._send_json(404, {"error": {"message": f"no route or object {self.path}"}})

    def _list(self, items: list[dict[str, Any]], query: dict[str, list[str]]) -> None:
        """OpenAI's cursor pagination: ``after`` an id, ``limit`` items, ``has_more``."""
        after = query.get("after", [None])[0]
        limit = int(query.get("limit", ["20"])[0])
        ids = [item["id"] for item in items]
        start = ids.index(after) + 1 if after in ids else 0
        page = items[start : start + limit]
        self._send_json(
            200,
            {
                "object": "list",
                "data": page,
                "has_more": start + limit < len(items),
                "first_id": page[0]["id"] if page else None,
                "last_id": page[-1]["id"] if page else None,
            },
        )

    def do_GET(self) -> None:
        server = self.fault_server
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        parts = url.path.rstrip("/").split("/")[2:]  # after "/v1"
        server._record(url.path, {}, "ok")
        if parts == ["files"]:
            self._list(server.list_files(query.get("purpose", [None])[0]), query)
        elif len(parts) == 3 and parts[0] == "files" and parts[2] == "content" and parts[1] in server.files:
            self._send_bytes(server.files[parts[1]].content)
        elif parts == ["batches"]:
            self._list(server.list_batches(), query)
        elif len(parts) == 2 and parts[0] == "batches" and (view := server.batch_view(parts[1])) is not None:
            self._send_json(200, view)
        else:
            self._not_found()

    def _upload(self, raw: bytes) -> None:
        # The SDK sends multipart/form-data; the standard library's MIME parser reads it.
        header = f"Content-Type: {self.headers.get('Content-Type', '')}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + raw)
        fields: dict[str, tuple[str | None, bytes]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            fields[str(name)] = (part.get_filename(), payload if isinstance(payload, bytes) else b"")
        if "file" not in fields or "purpose" not in fields:
            self._send_json(400, {"error": {"message": "multipart upload needs 'file' and 'purpose'"}})
            return
        filename, content = fields["file"]
        server = self.fault_server
        with server._lock:
            fail, server.upload_failures = server.upload_failures > 0, max(server.upload_failures - 1, 0)
        server._record(self.path, {"filename": filename, "bytes": len(content)}, "500" if fail else "ok")
        if fail:
            self._send_json(500, {"error": {"message": "injected upload failure"}})
            return
        self._send_json(
            200, self.fault_server.upload_file(filename or "upload", fields["purpose"][1].decode(), content)
        )

    def _batch_post(self, parts: list[str], body: dict[str, Any]) -> None:
        server = self.fault_server
        server._record(self.path, body, "ok")
        if parts == ["batches"]:
            status, payload = server.create_batch(body)
            self._send_json(status, payload)
        elif (
            len(parts) == 3
            and parts[0] == "batches"
            and parts[2] == "cancel"
            and (view := server.cancel_batch(parts[1])) is not None
        ):
            self._send_json(200, view)
        else:
            self._not_found()

    def do_POST(self) -> None:
        server = self.fault_server
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = urllib.parse.urlsplit(self.path).path.rstrip("/").split("/")[2:]
        if parts == ["files"]:
            self._upload(raw)
            return
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self._send_json(400, {"error": {"message": "body is not JSON"}})
            return
        if parts and parts[0] == "batches":
            self._batch_post(parts, body)
            return
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_json(404, {"error": {"message": f"no route {self.path}"}})
            return
        fault = server._next_fault()
        server._record(self.path, body, fault, self.client_address[1])
        if server.latency_s:
            time.sleep(server.latency_s)
        if fault == "429":
            self._send_json(
                429,
                {"error": {"message": "rate limited", "type": "rate_limit"}},
                {"Retry-After": server.retry_after_header or f"{server.retry_after:g}"},
            )
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
                out.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    b'-6\r\n{"a":1}\r\n0\r\n\r\n'
                )
            elif fault == "endless_header":
                out.write(b"HTTP/1.1 200 OK\r\nX-Endless: ")
                for _ in range(1500):  # 6 MB of one header line over 15 s, until the client hangs up
                    out.write(b"a" * 4096)
                    out.flush()
                    time.sleep(0.01)
            elif fault == "huge_body":
                size = server.huge_body_bytes
                out.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {size}\r\n\r\n".encode()
                )
                block = b" " * 65536
                for _ in range(size // len(block)):
                    out.write(block)
            elif fault == "trickle":
                data = json.dumps(server.completion(body, server.responder(body))).encode()
                out.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(data)}\r\n\r\n".encode()
                )
                for i in range(len(data)):
                    out.write(data[i : i + 1])
                    out.flush()
                    time.sleep(0.1)
            out.flush()
        except (BrokenPipeError, ConnectionError):
            pass  # the client gave up, as it should


_RAW_FAULTS = frozenset({"negative_chunk", "endless_header", "huge_body", "trickle"})
