"""What every engine shares: one instructor call per article, accounted attempt by attempt.

An engine supplies a raw ``create`` (sync and async) that speaks the OpenAI chat-completions protocol. This
module wraps it: the request's response_format is rewritten into the form the server honours, transport
failures go through the one retry policy, every completion's usage and text are recorded, and instructor's
validation re-asks run on top. Failures leave as the library's errors with attempts, usage and last output.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

import instructor
from instructor.core.hooks import Hooks
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.v2.core.function_calls import response_schema
from pydantic import BaseModel

from ..candidates import grammar_safe_text
from ..config import Config, StructuredOutput
from ..errors import ExtractionFailed, ExtractorError, OutputTruncatedError
from ..retry import TransportRetry
from ..schemas import Usage

M = TypeVar("M", bound=BaseModel)

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


_active_log: contextvars.ContextVar[CallLog] = contextvars.ContextVar("extractor_call_log")


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
    if form == "json_object_schema" and isinstance(response_format, dict) and response_format.get("type") == "json_schema":
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
    wrapped = response_schema(response_model)
    schema = wrapped.model_json_schema()
    return type(wrapped.__name__, (wrapped,), {
        "__module__": response_model.__module__,
        "__doc__": response_model.__doc__,
        "model_json_schema": classmethod(lambda cls, *args, **kwargs: schema),
    })


def _check_async_validators_once() -> None:
    """Make instructor's async-validator check run once per response model instead of four times per call.

    instructor 1.17 walks the whole class hierarchy of the response model on every request to refuse
    models with async validators; that walk is a third of a batch's CPU per article. The answer depends
    only on the class, so it is remembered per class. Classes that fail are not remembered (they raise).
    """
    try:
        from instructor.v2.core import patch as patch_module
        from instructor.v2.validation import async_validators
    except ImportError:  # another instructor layout: keep its behaviour, lose only the speed-up
        return
    original = async_validators.reject_async_validators
    if getattr(original, "_extractor_memo", False):
        return
    checked: weakref.WeakSet[type] = weakref.WeakSet()

    def reject_once(response_model: Any) -> None:
        if isinstance(response_model, type) and response_model in checked:
            return
        original(response_model)
        if isinstance(response_model, type):
            checked.add(response_model)

    reject_once._extractor_memo = True  # type: ignore[attr-defined]
    async_validators.reject_async_validators = reject_once
    if getattr(patch_module, "reject_async_validators", None) is original:
        patch_module.reject_async_validators = reject_once


_check_async_validators_once()


class Engine:
    """Base engine; subclasses set ``backend`` and provide ``raw_create`` / ``raw_acreate``."""

    backend = "base"

    def __init__(self, config: Config, *, retry: TransportRetry | None = None) -> None:
        self.config = config
        self.retry = retry or TransportRetry(retries=config.transport_retries, max_wait_s=config.retry_max_wait_s)
        mode = _MODES[config.output_form]
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
        response = self.retry.call(self.raw_create, **adapt_request(kwargs, self.config.output_form))
        _after_completion(response)
        return response

    async def _accounted_acreate(self, **kwargs: Any) -> Any:
        response = await self.retry.acall(self.raw_acreate, **adapt_request(kwargs, self.config.output_form))
        _after_completion(response)
        return response

    @contextmanager
    def _accounted(self) -> Iterator[CallLog]:
        """Collect one call's accounting and turn whatever escapes into the library's errors."""
        log = CallLog()
        token = _active_log.set(log)
        try:
            yield log
        except Exception as exc:
            raise _as_library_error(exc, log) from exc
        finally:
            _active_log.reset(token)

    def _call_kwargs(self, messages: list[dict[str, str]], response_model: type[M], log: CallLog) -> dict[str, Any]:
        return dict(messages=messages, response_model=prepared_model(response_model),
                    max_retries=self.config.max_reasks, hooks=_hooks(log), **self._request_params())

    def complete(self, messages: list[dict[str, str]], response_model: type[M]) -> tuple[M, CallLog]:
        """One structured answer for ``messages``, re-asked on validation errors up to config.max_reasks."""
        with self._accounted() as log:
            return self._create(**self._call_kwargs(messages, response_model, log)), log

    async def acomplete(self, messages: list[dict[str, str]], response_model: type[M]) -> tuple[M, CallLog]:
        """The async twin of :meth:`complete`."""
        with self._accounted() as log:
            return await self._acreate(**self._call_kwargs(messages, response_model, log)), log


def _after_completion(response: Any) -> None:
    log = _active_log.get(None)
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
        error = ExtractionFailed(
            f"no valid answer after {log.attempts} attempt(s): {_first_line(cause or exc)}"
        )
    else:
        return ExtractorError(f"unexpected failure: {_first_line(exc)}", attempts=log.attempts, usage=log.usage)
    error.attempts = max(error.attempts, log.attempts)
    error.usage = log.usage
    error.last_output = error.last_output or log.last_output
    return error

