"""Run a batch job: stream records through bounded async workers into the job store.

A producer reads the input and decides what is missing (the store says what is done), workers take the
cache, the rate limiter and the model in turn, and each article's outcome is committed before it is
reported. Queues are bounded, so memory does not grow with the input. Every article ends as exactly one
result or one error record; only a ConfigurationError (bad key, unknown model) stops the job, since it
would fail every article the same way.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..api import Extractor
from ..errors import ConfigurationError, ExtractorError
from ..schemas import ArticleExtraction
from .cache import ResponseCache
from .inputs import InputRecord
from .limiter import Limiter, TokenEstimator
from .prices import PriceTable
from .store import JobStore


@dataclass(frozen=True)
class JobOptions:
    concurrency: int = 8
    rpm: float | None = None
    tpm: float | None = None
    retry_errors: bool = False  # also re-run articles whose stored outcome is an error


@dataclass(frozen=True)
class BatchItem:
    """One article's outcome as it is committed: ``result`` or ``error`` (kind, message, attempts, last_output)."""

    ordinal: int
    article_id: str
    result: ArticleExtraction | None = None
    error: dict[str, Any] | None = None
    cached: bool = False

    @property
    def ok(self) -> bool:
        return self.result is not None


@dataclass
class JobSummary:
    """Counters of one run, updated live (progress bars read them)."""

    seen: int = 0  # input records read
    skipped: int = 0  # already finished in the store
    ok: int = 0
    errors: int = 0
    cache_hits: int = 0
    model_calls: int = 0  # answers received from the model, re-asks included
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    unpriced: int = 0  # articles whose model has no price: the cost above is then a lower bound
    error_kinds: Counter = field(default_factory=Counter)
    elapsed_s: float = 0.0

    @property
    def processed(self) -> int:
        return self.ok + self.errors

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["error_kinds"] = dict(self.error_kinds)
        return data


_DONE = object()


class BatchJob:
    """One run over ``records``: ``async for item in BatchJob(...).run(records)``; ``summary`` stays readable."""

    def __init__(self, extractor: Extractor, store: JobStore, options: JobOptions = JobOptions(), *,
                 cache: ResponseCache | None = None, prices: PriceTable | None = None) -> None:
        self.extractor = extractor
        self.store = store
        # The local backend is one model in this process: parallel calls would only queue on its lock.
        concurrency = 1 if extractor.engine.backend == "local" else options.concurrency
        self.options = replace(options, concurrency=max(1, concurrency))
        self.cache = cache
        self.prices = prices or PriceTable()
        self.limiter = Limiter(options.rpm, options.tpm)
        self.estimator = TokenEstimator()
        self.summary = JobSummary()
        self._in_flight: set[str] = set()
        self._backend = extractor.engine.backend
        self._model = extractor.engine.model
        self._price = self.prices.price(self._backend, self._model)  # one model per job: looked up once

    async def run(self, records: Iterable[InputRecord]) -> AsyncIterator[BatchItem]:
        started = time.perf_counter()
        run_id = self.store.begin_run(self._backend, self._model, asdict(self.options))
        todo: asyncio.Queue = asyncio.Queue(maxsize=2 * self.options.concurrency)
        done: asyncio.Queue = asyncio.Queue(maxsize=2 * self.options.concurrency)
        producer = asyncio.ensure_future(self._produce(records, todo))
        workers = [asyncio.ensure_future(self._work(todo, done, run_id)) for _ in range(self.options.concurrency)]
        closer = asyncio.ensure_future(self._close(producer, workers, done))
        try:
            while (item := await done.get()) is not _DONE:
                if isinstance(item, BaseException):
                    raise item
                self.summary.elapsed_s = time.perf_counter() - started
                yield item
        finally:
            for task in (producer, *workers, closer):
                task.cancel()
            await asyncio.gather(producer, *workers, closer, return_exceptions=True)
            await self.extractor.engine.aclose_async()  # its connections die with this event loop
            self.summary.elapsed_s = time.perf_counter() - started
            self.store.finish_run(run_id, self.summary.as_dict())

    async def _close(self, producer: asyncio.Future, workers: list[asyncio.Future], done: asyncio.Queue) -> None:
        # FIRST_EXCEPTION: if every worker died, waiting for the producer (blocked on a full queue) would hang.
        finished, _ = await asyncio.wait([producer, *workers], return_when=asyncio.FIRST_EXCEPTION)
        failure = next((t.exception() for t in finished if not t.cancelled() and t.exception()), None)
        await done.put(failure if failure is not None else _DONE)  # the consumer re-raises and cancels the rest

    async def _produce(self, records: Iterable[InputRecord], todo: asyncio.Queue) -> None:
        for n, record in enumerate(records):
            self.summary.seen += 1
            chosen = self._choose(record)
            if chosen is None:
                self.summary.skipped += 1
                if n % 256 == 0:
                    await asyncio.sleep(0)  # a long run of finished articles must not starve the workers
                continue
            self._in_flight.add(chosen.article_id)
            await todo.put(chosen)
        for _ in range(self.options.concurrency):
            await todo.put(None)

    def _choose(self, record: InputRecord) -> InputRecord | None:
        """The record to run (possibly turned into a duplicate-id error), or None if it is already done."""
        state = self.store.state(record.article_id)
        duplicate = record.article_id in self._in_flight or (state is not None and state[0] != record.ordinal)
        if duplicate:
            first = f" (first at {state[0]})" if state is not None and state[0] != record.ordinal else ""
            record = replace(record, article_id=f"{record.article_id}#{record.ordinal}", text=None,
                             error=f"{record.where}: duplicate id {record.article_id!r}{first}; ids must be unique")
            state = self.store.state(record.article_id)
        if state is None or state[1] is None:
            return record
        return record if state[1] == "error" and self.options.retry_errors else None

    async def _work(self, todo: asyncio.Queue, done: asyncio.Queue, run_id: int) -> None:
        while (record := await todo.get()) is not None:
            try:
                item = await self._process(record, run_id)
            finally:
                self._in_flight.discard(record.article_id)
            await done.put(item)

    async def _process(self, record: InputRecord, run_id: int) -> BatchItem:
        article = {"id": record.article_id, "ordinal": record.ordinal, "published": record.published,
                   "source": record.source, "url": record.url, "metadata": record.metadata, "text": record.text,
                   "text_sha256": hashlib.sha256(record.text.encode("utf-8", "surrogatepass")).hexdigest()
                   if record.text is not None else None}
        if record.error is not None or record.text is None:
            return self._fail(record, article, "input", record.error or f"{record.where}: no text", run_id)
        key = None
        try:
            if self.cache is not None:
                key = self.extractor.request_fingerprint(record.text, published=record.published, source=record.source)
                hit = self.cache.get(key, record.article_id)
                if hit is not None:
                    self.store.record(article, result=hit, usage=(self._model, 0, 0, 0.0, True), run_id=run_id)
                    self.summary.ok += 1
                    self.summary.cache_hits += 1
                    return BatchItem(record.ordinal, record.article_id, result=hit, cached=True)
            estimate = self.estimator.estimate(record.text)
            await self.limiter.acquire(estimate)
            result = await self.extractor.aextract(record.text, published=record.published,
                                                   source=record.source, article_id=record.article_id)
        except ConfigurationError:
            raise
        except ExtractorError as error:
            usage = error.usage
            self.summary.model_calls += error.attempts
            message = f"{record.where}: {error.message}" if error.kind == "input" else error.message
            return self._fail(record, article, error.kind, message, run_id, attempts=error.attempts,
                              last_output=error.last_output, usage=usage, estimate=self.estimator.estimate(record.text))
        except Exception as error:  # a bug must cost one article, not the job; the record says what happened
            return self._fail(record, article, "internal", f"{type(error).__name__}: {error}", run_id)
        usage = result.provenance.usage
        self.summary.model_calls += result.provenance.attempts
        self._settle(record.text, estimate, usage.prompt_tokens, usage.completion_tokens)
        cost = self._cost(usage.prompt_tokens, usage.completion_tokens)
        self.store.record(article, result=result,
                          usage=(self._model, usage.prompt_tokens, usage.completion_tokens, cost, False), run_id=run_id)
        if key is not None:
            self.cache.put(key, result)  # after the commit: a crash in between only costs a re-ask
        self.summary.ok += 1
        return BatchItem(record.ordinal, record.article_id, result=result)

    def _fail(self, record: InputRecord, article: dict[str, Any], kind: str, message: str, run_id: int, *,
              attempts: int = 0, last_output: str | None = None, usage: Any = None, estimate: int = 0) -> BatchItem:
        error = {"kind": kind, "message": message, "attempts": attempts, "last_output": last_output}
        usage_row = None
        if usage is not None and (usage.prompt_tokens or usage.completion_tokens):
            self._settle(record.text or "", estimate, usage.prompt_tokens, usage.completion_tokens)
            cost = self._cost(usage.prompt_tokens, usage.completion_tokens)
            usage_row = (self._model, usage.prompt_tokens, usage.completion_tokens, cost, False)
        self.store.record(article, error=error, usage=usage_row, run_id=run_id)
        self.summary.errors += 1
        self.summary.error_kinds[kind] += 1
        return BatchItem(record.ordinal, record.article_id, error=error)

    def _settle(self, text: str, estimate: int, prompt_tokens: int, completion_tokens: int) -> None:
        actual = prompt_tokens + completion_tokens
        self.summary.prompt_tokens += prompt_tokens
        self.summary.completion_tokens += completion_tokens
        self.limiter.settle(estimate, actual)
        self.estimator.observe(text, actual)

    def _cost(self, prompt_tokens: int, completion_tokens: int) -> float | None:
        if self._price is None:
            self.summary.unpriced += 1
            return None
        cost = self._price.cost(prompt_tokens, completion_tokens)
        self.summary.cost_usd += cost
        return cost
