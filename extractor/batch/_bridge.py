"""INTERIM (branch pbatch only): ``request_body`` and ``complete_from`` until ``Extractor`` provides them.

The lead's engine refactor adds ``Extractor.request_body`` and ``Extractor.complete_from``; until it lands,
these two functions give the same contract through the current engine so provider_batch.py can be written
and tested against it. When the refactor is merged, provider_batch.py calls the Extractor's methods and this
module is deleted.
"""

from __future__ import annotations

from typing import Any

import instructor
from openai.types.chat import ChatCompletion

from ..api import Extractor
from ..engines.base import _MODES, _after_completion, adapt_request, prepared_model
from ..pipeline import validating
from ..schemas import ArticleExtraction

__all__ = ["complete_from", "request_body"]


class _Captured(Exception):
    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__("captured")
        self.body = body


def request_body(extractor: Extractor, text: str, *, published: Any = None, source: str | None = None,
                 article_id: str | None = None) -> dict[str, Any]:
    engine = extractor.engine
    call = extractor._prepare(text, published, source, article_id)

    def capture(**kwargs: Any) -> Any:
        raise _Captured(adapt_request(kwargs, engine.config.output_form))

    create = instructor.patch(create=capture, mode=_MODES[engine.config.output_form])
    try:
        create(messages=call.prompt.messages, response_model=prepared_model(call.response_model), max_retries=0,
               **engine._request_params())
    except Exception as exc:
        cause: BaseException | None = exc
        while cause is not None and not isinstance(cause, _Captured):
            cause = cause.__cause__ or cause.__context__
        if cause is None:
            raise
        return cause.body
    raise AssertionError("the request was not captured")


def complete_from(extractor: Extractor, text: str, completion: dict[str, Any], *, published: Any = None,
                  source: str | None = None, article_id: str | None = None) -> ArticleExtraction:
    engine = extractor.engine
    call = extractor._prepare(text, published, source, article_id)
    pending = [ChatCompletion.model_validate(completion)]

    def create(**kwargs: Any) -> Any:
        if pending:
            response = pending.pop()
            _after_completion(response)
            return response
        return engine._accounted_create(**kwargs)

    patched = instructor.patch(create=create, mode=_MODES[engine.config.output_form])
    with validating(call.ctx), engine._accounted() as log:
        draft = patched(**engine._call_kwargs(call.prompt.messages, call.response_model, log))
    return extractor._result(call, draft, log)
