"""What every engine shares: one instructor call per article, accounted request by request.

An engine supplies a raw ``create`` (sync and async) that speaks the OpenAI chat-completions protocol. This
module wraps it through instructor's public ``patch(create=...)``: the request's response_format is rewritten
into the form the server honours, transport failures go through the one retry policy, every request sent is
charged to the caller's rate budget, every completion's usage and text are recorded, and instructor's
validation re-asks run on top. The same machinery builds a request without sending it (``request_body``, for
the provider Batch API) and validates an answer obtained elsewhere (``replay``). Failures leave as the
library's errors with attempts, usage and last output.
"""

from __future__ import annotations

import contextvars
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol, TypeVar

import instructor
from instructor.core import Hooks, IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel

from ..candidates import grammar_safe_text
from ..choice import Choice as Choice  # re-exported: the engines' side of the decomposed path's contract
from ..choice import Chooser as Chooser
from ..config import Config, StructuredOutput
from ..errors import ExtractionFailed, ExtractorError, OutputTruncatedError
from ..retry import TransportRetry
from ..schemas import Usage

M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=BaseException)

_MODES: dict[str, instructor.Mode] = {
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json_object_schema": instructor.Mode.JSON_SCHEMA,  # rewritten below into llama.cpp's form
    "tools": instructor.Mode.TOOLS,
    "json_object": instructor.Mode.JSON,
}


@dataclass
class CallLog:
    """What one extraction cost: every completion's tokens, the attempts and how each ended."""

    usage: Usage = field(default_factory=Usage)
    attempts: int = 0
    outcomes: list[str] = field(default_factory=list)
    last_output: str | None = None

    def record(self, response: Any) -> None:
        self.attempts += 1
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.usage.add(getattr(usage, "prompt_tokens", 0), getattr(usage, "completion_tokens", 0))
        self.last_output = _completion_text(response)
        self.outcomes.append("ok")  # replaced by the reason if parsing or validation then fails

    def parse_failed(self, error: Exception, **_: Any) -> None:
        reason = f"invalid: {_first_line(error)}"
        if self.outcomes and self.outcomes[-1] == "ok":
            self.outcomes[-1] = reason
        else:
            self.outcomes.append(reason)


def _completion_text(response: Any) -> str | None:
    try:
        message = response.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    if getattr(message, "content", None):
        return message.content
    calls = getattr(message, "tool_calls", None) or []
    return calls[0].function.arguments if calls else None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return (text.splitlines()[0] if text else type(error).__name__)[:300]


def adapt_request(kwargs: dict[str, Any], form: StructuredOutput) -> dict[str, Any]:
    """Rewrite instructor's OpenAI-style response_format into the form this server applies as a grammar."""
    response_format = kwargs.get("response_format")
    if (
        form == "json_object_schema"
        and isinstance(response_format, dict)
        and response_format.get("type") == "json_schema"
    ):
        kwargs = dict(kwargs)
        schema = grammar_safe(response_format["json_schema"]["schema"])
        kwargs["response_format"] = {"type": "json_object", "schema": schema}
    return kwargs


def _unsafe_literal(value: Any) -> bool:
    return isinstance(value, str) and not grammar_safe_text(value)


def grammar_safe(node: Any) -> Any:
    """The schema without enum values that llama-cpp-python cannot turn into a grammar.

    Its JSON-schema-to-GBNF converter escapes the quotes of a JSON-encoded enum value but not the
    backslashes, so a value holding ``"`` or ``\\`` (a candidate span quoting speech) yields a grammar that
    llama.cpp fails to parse, and the process then crashes (segfault) instead of raising. Dropping those
    choices only narrows what the model may pick; the response model still validates the answer.
    An enum left with no value becomes ``{"type": "null"}`` (its field can then only be null).
    """
    if isinstance(node, list):
        return [grammar_safe(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: grammar_safe(value) for key, value in node.items()}
    if isinstance(out.get("enum"), list) and any(_unsafe_literal(v) for v in out["enum"]):
        safe = [v for v in out["enum"] if not _unsafe_literal(v)]
        if not safe:
            return {"type": "null"}
        out["enum"] = safe
    return out


@lru_cache(maxsize=16)
def prepared_model(response_model: type[M]) -> type[M]:
    """The response model as instructor wants it, built once: instructor otherwise wraps the model in a new
    class and regenerates its JSON schema on every call (~5-10 ms), which dominates a batch's overhead.
    The schema is what instructor would send; it is shared, so nothing may mutate it."""
    wrapped = instructor.response_schema(response_model)
    schema = wrapped.model_json_schema()
    return type(
        wrapped.__name__,
        (wrapped,),
        {
            "__module__": response_model.__module__,
            "__doc__": response_model.__doc__,
            "model_json_schema": classmethod(lambda cls, *args, **kwargs: schema),
        },
    )


class RequestBudget(Protocol):
    """A rate budget charged for every request an engine actually sends: first tries, validation re-asks and
    transport retries alike (extractor.batch.limiter.Limiter, or a budget shared across machines)."""

    async def acquire(self, estimated_tokens: int) -> None: ...

    def settle(self, estimated_tokens: int, actual_tokens: int) -> None: ...


@dataclass
class _Call:
    """One structured call in flight (per thread and asyncio task): its accounting and how requests go out."""

    log: CallLog
    budget: RequestBudget | None = None
    #: A completion obtained elsewhere (a provider batch's answer): it answers the first request, unsent.
    replay: Any = None
    #: Build the request and stop: the first request raises _Captured with its body instead of being sent.
    capture: bool = False


_active: contextvars.ContextVar[_Call] = contextvars.ContextVar("extractor_call")


class _Captured(Exception):
    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__("request captured")
        self.body = body


def estimate_tokens(request: dict[str, Any]) -> int:
    """What a request may count against a tokens-per-minute limit before its usage is known: its JSON text at
    about four characters a token plus the completion it may ask for (max_tokens), as providers reckon."""
    shown = {k: request.get(k) for k in ("messages", "response_format", "tools") if request.get(k) is not None}
    return math.ceil(len(json.dumps(shown, ensure_ascii=False)) / 4) + int(request.get("max_tokens") or 0)


def _usage_tokens(response: Any) -> int:
    usage = getattr(response, "usage", None)
    return (getattr(usage, "prompt_tokens", 0) or 0) + (getattr(usage, "completion_tokens", 0) or 0)


class Engine:
    """Base engine; subclasses set ``backend`` and provide ``raw_create`` / ``raw_acreate``."""

    backend = "base"

    def __init__(self, config: Config, *, retry: TransportRetry | None = None) -> None:
        self.config = config
        self.retry = retry or TransportRetry(retries=config.transport_retries, max_wait_s=config.retry_max_wait_s)
        mode = _MODES[config.output_form]
        # instructor's public entry point: it builds the request, parses, validates and re-asks; every
        # request it makes comes back through the two accounted functions below.
        self._create = instructor.patch(create=self._accounted_create, mode=mode)
        self._acreate = instructor.patch(create=self._accounted_acreate, mode=mode)

    # Subclasses implement these two: one OpenAI-protocol chat completion, no retries of their own.
    def raw_create(self, **kwargs: Any) -> Any:
        raise NotImplementedError

    async def raw_acreate(self, **kwargs: Any) -> Any:
        raise NotImplementedError

    @property
    def model(self) -> str:
        return self.config.model_name

    def close(self) -> None:
        """Release connections or model memory; the engine is unusable afterwards."""

    async def aclose_async(self) -> None:
        """Close what belongs to the running event loop (async connections) before that loop ends.

        The engine stays usable: a later event loop gets fresh async connections.
        """

    def _request_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {
            "model": self.model,
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_tokens,
        }
        if self.config.seed is not None:
            params["seed"] = self.config.seed
        return params

    def _accounted_create(self, **kwargs: Any) -> Any:
        call = _active.get(None)
        request = adapt_request(kwargs, self.config.output_form)
        if call is not None and call.capture:
            raise _Captured(request)
        if call is not None and call.replay is not None:
            response, call.replay = call.replay, None
        else:
            response = self.retry.call(self.raw_create, **request)
        _after_completion(response)
        return response

    async def _accounted_acreate(self, **kwargs: Any) -> Any:
        call = _active.get(None)
        request = adapt_request(kwargs, self.config.output_form)
        if call is not None and call.replay is not None:
            response, call.replay = call.replay, None
        elif call is not None and call.budget is not None:
            response = await self.retry.acall(self._budgeted_acreate, call.budget, **request)
        else:
            response = await self.retry.acall(self.raw_acreate, **request)
        _after_completion(response)
        return response

    async def _budgeted_acreate(self, budget: RequestBudget, **request: Any) -> Any:
        """One request on the wire, charged to the budget before it leaves and settled with its real usage."""
        estimate = estimate_tokens(request)
        await budget.acquire(estimate)
        actual = 0
        try:
            response = await self.raw_acreate(**request)
            actual = _usage_tokens(response)
            return response
        finally:
            budget.settle(estimate, actual)

    @contextmanager
    def _accounted(self, call: _Call | None = None) -> Iterator[CallLog]:
        """Collect one call's accounting and turn whatever escapes into the library's errors."""
        call = call or _Call(CallLog())
        token = _active.set(call)
        try:
            yield call.log
        except Exception as exc:
            raise _as_library_error(exc, call.log) from exc
        finally:
            _active.reset(token)

    def _call_kwargs(self, messages: list[dict[str, str]], response_model: type[M], log: CallLog) -> dict[str, Any]:
        return dict(
            messages=messages,
            response_model=prepared_model(response_model),
            max_retries=self.config.max_reasks,
            hooks=_hooks(log),
            **self._request_params(),
        )

    def complete(
        self, messages: list[dict[str, str]], response_model: type[M], *, replay: Any = None
    ) -> tuple[M, CallLog]:
        """One structured answer for ``messages``, re-asked on validation errors up to config.max_reasks.

        ``replay``: a chat completion obtained elsewhere that answers the first request instead of the model;
        validation re-asks, if needed, go to the model."""
        with self._accounted(_Call(CallLog(), replay=replay)) as log:
            return self._create(**self._call_kwargs(messages, response_model, log)), log

    async def acomplete(
        self,
        messages: list[dict[str, str]],
        response_model: type[M],
        *,
        budget: RequestBudget | None = None,
        replay: Any = None,
    ) -> tuple[M, CallLog]:
        """The async twin of :meth:`complete`; ``budget`` is charged for every request sent."""
        with self._accounted(_Call(CallLog(), budget=budget, replay=replay)) as log:
            return await self._acreate(**self._call_kwargs(messages, response_model, log)), log

    def request_body(self, messages: list[dict[str, str]], response_model: type[M]) -> dict[str, Any]:
        """The exact JSON body the first request of :meth:`complete` would send, built by instructor and the
        server adaptation, without sending anything (the provider Batch API submits it later)."""
        call = _Call(CallLog(), capture=True)
        token = _active.set(call)
        try:
            self._create(**self._call_kwargs(messages, response_model, call.log))
        except Exception as exc:
            captured = _find_cause(exc, _Captured)
            if captured is None:
                raise _as_library_error(exc, call.log) from exc
            return captured.body
        finally:
            _active.reset(token)
        raise AssertionError("the request was sent instead of captured")  # pragma: no cover


def _find_cause(exc: BaseException | None, kind: type[E]) -> E | None:
    seen = 0
    while exc is not None and seen < 16:
        if isinstance(exc, kind):
            return exc
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def _after_completion(response: Any) -> None:
    call = _active.get(None)
    log = call.log if call is not None else None
    if log is not None:
        log.record(response)
    choices = getattr(response, "choices", None) or []
    if choices and choices[0].finish_reason == "length":
        # Fail here, before instructor could treat the cut-off JSON as a validation error and re-ask.
        raise OutputTruncatedError(
            "the model's answer was cut off by the token limit (max_tokens); raise max_tokens or shorten the article",
            attempts=log.attempts if log else 1,
            last_output=_completion_text(response),
            usage=log.usage if log else None,
        )


def _hooks(log: CallLog) -> Hooks:
    hooks = Hooks()
    hooks.on("parse:error", log.parse_failed)
    return hooks


def _as_library_error(exc: Exception, log: CallLog) -> ExtractorError:
    """Unwrap instructor's exceptions so callers see one error tree with the call's accounting."""
    cause: BaseException | None = exc
    while isinstance(cause, InstructorRetryException) and cause.__cause__ is not None:
        cause = cause.__cause__
    if isinstance(cause, ExtractorError):
        error = cause
    elif isinstance(exc, IncompleteOutputException):
        error = OutputTruncatedError("the model's answer was cut off by the token limit (max_tokens)")
    elif isinstance(exc, InstructorRetryException):
        error = ExtractionFailed(f"no valid answer after {log.attempts} attempt(s): {_first_line(cause or exc)}")
    else:
        return ExtractorError(f"unexpected failure: {_first_line(exc)}", attempts=log.attempts, usage=log.usage)
    error.attempts = max(error.attempts, log.attempts)
    error.usage = log.usage
    error.last_output = error.last_output or log.last_output
    return error
