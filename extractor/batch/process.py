"""One article's way through a batch, the same on every runner: cache, budget, model, cost, one outcome.

``ArticleProcessor.process`` turns an input record into an :class:`Outcome` (a result or an error, with what
it cost) and never raises for a single article's failure: a bad input, a provider that gave up or a bug in
one article costs that article an error record, never the job. Only a ConfigurationError (bad key, unknown
model) escapes, since it would fail every article the same way. Where the outcome goes (the SQLite job store,
a parquet dataset, a provider batch's bookkeeping) is the runner's business.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..api import Extractor
from ..engines import RequestBudget
from ..errors import ConfigurationError, ExtractorError, InputError, message_at
from ..ingest import annotate
from ..schemas import ArticleExtraction
from .cache import ResponseCache
from .inputs import InputRecord
from .prices import PriceTable

__all__ = ["ArticleProcessor", "Outcome", "annotated", "annotated_row", "article_row", "text_sha256"]


def text_sha256(text: str) -> str:
    """The article's identity beside its id: a changed text is a new article to extract."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Outcome:
    """What one article came to, ready to be stored: ``result`` or ``error`` (kind, message, attempts,
    last_output), and the usage row (model, prompt tokens, completion tokens, cost or None, cached)."""

    record: InputRecord
    article: dict[str, Any]
    result: ArticleExtraction | None = None
    error: dict[str, Any] | None = None
    usage: tuple[str | None, int, int, float | None, bool] | None = None
    cached: bool = False
    model_calls: int = 0

    @property
    def ok(self) -> bool:
        return self.result is not None


def article_row(record: InputRecord) -> dict[str, Any]:
    """The article's columns as the job store and the parquet datasets keep them."""
    return {
        "id": record.article_id,
        "ordinal": record.ordinal,
        "published": record.published,
        "source": record.source,
        "url": record.url,
        "metadata": record.metadata,
        "text": record.text,
        "text_sha256": text_sha256(record.text) if record.text is not None else None,
        "published_from": record.published_from,
        "input_format": record.input_format,
        "page_starts": list(record.page_starts),
    }


def annotated(result: ArticleExtraction, record: InputRecord) -> ArticleExtraction:
    """The result with what ingest knows of its record: date source, language, format, URL, PDF pages."""
    return annotate(
        result,
        record.text or "",
        published_from=record.published_from,
        input_format=record.input_format,
        url=record.url,
        page_starts=record.page_starts,
    )


def annotated_row(result: ArticleExtraction, text: str, article: dict[str, Any]) -> ArticleExtraction:
    """The same from an ``article_row`` kept aside (a provider batch collects its answers hours later)."""
    return annotate(
        result,
        text,
        published_from=article.get("published_from"),
        input_format=article.get("input_format"),
        url=article.get("url"),
        page_starts=article.get("page_starts") or (),
    )


@dataclass
class ArticleProcessor:
    """Cache look-up, the budget charged per request, the model call, and the cost, for one article at a time.

    ``cache`` may be None (``--no-cache``); ``budget`` may be None (no rate limits). One processor serves
    many concurrent ``process`` calls.
    """

    extractor: Extractor
    cache: ResponseCache | None = None
    budget: RequestBudget | None = None
    prices: PriceTable = field(default_factory=PriceTable)

    def __post_init__(self) -> None:
        self.backend = self.extractor.engine.backend
        self.model = self.extractor.engine.model
        self.price = self.prices.price(self.backend, self.model)  # one model per job: looked up once

    async def process(self, record: InputRecord) -> Outcome:
        article = article_row(record)
        if record.error is not None or record.text is None:
            return self._failed(record, article, "input", record.error or f"{record.where}: no text")
        key = None
        try:
            if self.cache is not None:
                key = self.extractor.request_fingerprint(record.text, published=record.published, source=record.source)
                hit = self.cache.get(key, record.article_id)
                if hit is not None:
                    return Outcome(
                        record, article, result=annotated(hit, record), usage=(self.model, 0, 0, 0.0, True), cached=True
                    )
            result = await self.extractor.aextract(
                record.text,
                published=record.published,
                source=record.source,
                article_id=record.article_id,
                budget=self.budget,
            )
        except ConfigurationError:
            raise
        except ExtractorError as error:
            message = message_at(error, record.where) if isinstance(error, InputError) else error.message
            return self._failed(
                record,
                article,
                error.kind,
                message,
                attempts=error.attempts,
                last_output=error.last_output,
                usage=error.usage,
            )
        except Exception as error:  # a bug must cost one article, not the job; the record says what happened
            return self._failed(record, article, "internal", f"{type(error).__name__}: {error}")
        usage = result.provenance.usage
        if key is not None:
            self.cache.put(key, result)  # type: ignore[union-attr]
        return Outcome(
            record,
            article,
            result=annotated(result, record),
            model_calls=result.provenance.attempts,
            usage=(
                self.model,
                usage.prompt_tokens,
                usage.completion_tokens,
                self.cost(usage.prompt_tokens, usage.completion_tokens),
                False,
            ),
        )

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float | None:
        return None if self.price is None else self.price.cost(prompt_tokens, completion_tokens)

    def _failed(
        self,
        record: InputRecord,
        article: dict[str, Any],
        kind: str,
        message: str,
        *,
        attempts: int = 0,
        last_output: str | None = None,
        usage: Any = None,
    ) -> Outcome:
        error = {"kind": kind, "message": message, "attempts": attempts, "last_output": last_output}
        usage_row = None
        if usage is not None and (usage.prompt_tokens or usage.completion_tokens):
            usage_row = (
                self.model,
                usage.prompt_tokens,
                usage.completion_tokens,
                self.cost(usage.prompt_tokens, usage.completion_tokens),
                False,
            )
        return Outcome(record, article, error=error, usage=usage_row, model_calls=attempts)
