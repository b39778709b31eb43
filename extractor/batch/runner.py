"""Run a batch job: stream records through bounded async workers into the job store.

A producer reads the input and decides what is missing: an article is keyed on its id and the sha256 of its
text, so appending, inserting or reordering articles re-runs only what is new, and an article whose text
changed is extracted again (its old result moves to the store's ``superseded`` table). Workers run each
article through the shared ArticleProcessor (cache, rate budget charged per request sent, model, cost) and
each outcome is committed before it is reported. Queues are bounded and the ids seen so far live in SQLite,
so memory does not grow with the input. Every article ends as exactly one result or one error record.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..api import Extractor
from ..normalize import places
from ..schemas import ArticleExtraction
from ..store import JobStore
from .cache import ResponseCache
from .inputs import InputRecord
from .limiter import Limiter
from .prices import PriceTable
from .process import ArticleProcessor, Outcome, text_sha256


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

    def __init__(
        self,
        extractor: Extractor,
        store: JobStore,
        options: JobOptions = JobOptions(),
        *,
        cache: ResponseCache | None = None,
        prices: PriceTable | None = None,
    ) -> None:
        self.extractor = extractor
        self.store = store
        # The local backend is one model in this process: parallel calls would only queue on its lock.
        concurrency = 1 if extractor.engine.backend == "local" else options.concurrency
        self.options = replace(options, concurrency=max(1, concurrency))
        self.cache = cache
        self.limiter = Limiter(options.rpm, options.tpm)
        self.processor = ArticleProcessor(
            extractor,
            cache=cache,
            budget=self.limiter if options.rpm or options.tpm else None,
            prices=prices or PriceTable(),
        )
        self.summary = JobSummary()
        self._in_flight: set[str] = set()

    async def run(self, records: Iterable[InputRecord]) -> AsyncIterator[BatchItem]:
        started = time.perf_counter()
        places.load()  # before any request is in flight: the first article must not stall the others
        run_id = self.store.begin_run(self.processor.backend, self.processor.model, asdict(self.options))
        todo: asyncio.Queue = asyncio.Queue(maxsize=2 * self.options.concurrency)
        done: asyncio.Queue = asyncio.Queue(maxsize=2 * self.options.concurrency)
        producer = asyncio.ensure_future(self._produce(records, todo, run_id))
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

    async def _close(self, producer: asyncio.Future, workers: Sequence[asyncio.Future], done: asyncio.Queue) -> None:
        # FIRST_EXCEPTION: if every worker died, waiting for the producer (blocked on a full queue) would hang.
        finished, _ = await asyncio.wait([producer, *workers], return_when=asyncio.FIRST_EXCEPTION)
        failure = next((t.exception() for t in finished if not t.cancelled() and t.exception()), None)
        await done.put(failure if failure is not None else _DONE)  # the consumer re-raises and cancels the rest

    async def _produce(self, records: Iterable[InputRecord], todo: asyncio.Queue, run_id: int) -> None:
        for n, record in enumerate(records):
            self.summary.seen += 1
            chosen = self._choose(record, run_id)
            if chosen is None:
                self.summary.skipped += 1
                if n % 256 == 0:
                    await asyncio.sleep(0)  # a long run of finished articles must not starve the workers
                continue
            self._in_flight.add(chosen.article_id)
            await todo.put(chosen)
        for _ in range(self.options.concurrency):
            await todo.put(None)

    def _choose(self, record: InputRecord, run_id: int) -> InputRecord | None:
        """The record to run (possibly turned into a duplicate-id error), or None if it is already done.

        Identity is (id, text hash), never the position in the input. The n-th repeat of an id within one
        input becomes the error record ``id#n``, the same on every run."""
        occurrence = self.store.see(run_id, record.article_id)
        if occurrence > 1:
            record = replace(
                record,
                article_id=f"{record.article_id}#{occurrence}",
                text=None,
                error=f"{record.where}: duplicate id {record.article_id!r} (occurrence {occurrence}); "
                "ids must be unique",
            )
        state = self.store.state(record.article_id)
        if state is None:
            return record
        stored_hash, status = state
        current_hash = text_sha256(record.text) if record.text is not None else None
        if status is None or stored_hash != current_hash:
            return record  # never finished, or the text changed since: extract it again
        return record if status == "error" and self.options.retry_errors else None

    async def _work(self, todo: asyncio.Queue, done: asyncio.Queue, run_id: int) -> None:
        while (record := await todo.get()) is not None:
            try:
                outcome = await self.processor.process(record)
                item = self._commit(outcome, run_id)
            finally:
                self._in_flight.discard(record.article_id)
            await done.put(item)

    def _commit(self, outcome: Outcome, run_id: int) -> BatchItem:
        record, summary = outcome.record, self.summary
        self.store.record(
            outcome.article, result=outcome.result, error=outcome.error, usage=outcome.usage, run_id=run_id
        )
        summary.model_calls += outcome.model_calls
        if outcome.usage is not None and not outcome.cached:
            _, prompt_tokens, completion_tokens, cost, _ = outcome.usage
            summary.prompt_tokens += prompt_tokens
            summary.completion_tokens += completion_tokens
            if cost is None:
                summary.unpriced += 1
            else:
                summary.cost_usd += cost
        if outcome.ok:
            summary.ok += 1
            summary.cache_hits += outcome.cached
            return BatchItem(record.ordinal, record.article_id, result=outcome.result, cached=outcome.cached)
        summary.errors += 1
        summary.error_kinds[outcome.error["kind"]] += 1  # type: ignore[index]
        return BatchItem(record.ordinal, record.article_id, error=outcome.error)
