"""``extract_many``: the batch runner for Python callers, as a generator or an async iterator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..api import Extractor
from ..config import Config, load_config
from ..errors import ConfigurationError
from ..store import JobStore
from .cache import ResponseCache
from .inputs import read_inputs, records_from_objects
from .prices import PriceTable
from .runner import BatchItem, BatchJob, JobOptions, JobSummary


class BatchRun:
    """Iterate with ``for`` or ``async for``; each item is a committed BatchItem, in completion order.
    ``summary`` holds the counters (cache hits, tokens, cost) during and after the run. Single use."""

    def __init__(
        self,
        articles: Any,
        *,
        config: Config | None,
        extractor: Extractor | None,
        store: str | Path | JobStore | None,
        cache: bool | str | Path | ResponseCache,
        options: JobOptions,
        prices: tuple[str | Path, ...],
    ) -> None:
        self._articles = articles
        self._config = config
        self._extractor = extractor
        self._store = store
        self._cache = cache
        self._options = options
        self._prices = prices
        self.summary = JobSummary()

    async def __aiter__(self) -> AsyncGenerator[BatchItem, None]:
        records = (
            read_inputs(self._articles)
            if isinstance(self._articles, (str, Path))
            else records_from_objects(self._articles)
        )
        owned: list[Any] = []
        extractor = self._extractor
        if extractor is None:  # one pooled connection per request in flight, no more
            config = (self._config or load_config()).replace(max_connections=self._options.concurrency)
            extractor = Extractor(config)
            owned.append(extractor)
        store = self._store if isinstance(self._store, JobStore) else JobStore(self._store or ":memory:")
        if store is not self._store:
            owned.append(store)
        cache = self._cache
        if cache is True or isinstance(cache, (str, Path)):
            cache = ResponseCache(None if cache is True else cache)
            owned.append(cache)
        try:
            live_cache = cache if isinstance(cache, ResponseCache) else None
            job = BatchJob(extractor, store, self._options, cache=live_cache, prices=PriceTable(self._prices))
            self.summary = job.summary
            async for item in job.run(records):
                yield item
        finally:
            for resource in reversed(owned):
                resource.close()

    def __iter__(self) -> Iterator[BatchItem]:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise ConfigurationError("extract_many inside a running event loop: use `async for`, not `for`")
        loop = asyncio.new_event_loop()
        items = self.__aiter__()
        try:
            while True:
                try:
                    yield loop.run_until_complete(items.__anext__())
                except StopAsyncIteration:
                    return
        finally:
            loop.run_until_complete(items.aclose())
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()


def extract_many(
    articles: str | Path | Iterable[Any],
    *,
    config: Config | None = None,
    extractor: Extractor | None = None,
    store: str | Path | JobStore | None = None,
    cache: bool | str | Path | ResponseCache = True,
    concurrency: int = 8,
    rpm: float | None = None,
    tpm: float | None = None,
    retry_errors: bool = False,
    prices: tuple[str | Path, ...] = (),
) -> BatchRun:
    """Extract many articles concurrently, with the job store, response cache and rate limits of ``extractor batch``.

    ``articles``: a path (directory of .txt, .jsonl, .csv) or an iterable of texts, Articles or mappings with
    id/text/published/source/url. ``store``: a job file to resume (default: in memory); articles already
    finished there are skipped, not yielded. ``cache``: True (the user cache), a path, or False.

    >>> for item in extract_many(["Gunmen attacked ...", "A rocket hit ..."], config=config):  # doctest: +SKIP
    ...     print(item.article_id, item.result or item.error)
    """
    options = JobOptions(concurrency=concurrency, rpm=rpm, tpm=tpm, retry_errors=retry_errors)
    return BatchRun(
        articles, config=config, extractor=extractor, store=store, cache=cache, options=options, prices=tuple(prices)
    )
