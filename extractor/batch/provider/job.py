"""The provider's Batch API (OpenAI ``/v1/files`` + ``/v1/batches``, or any compatible server), resumable.

Articles are written as request lines (the exact body a real-time call sends) into batch files within the
provider's limits (build.py), uploaded and submitted (submit.py), polled (poll.py), and collected when a batch
ends (collect.py), through the same validation, grounding and normalization as real-time answers.
``ProviderBatchJob`` runs the phases in that order over the rows the job store keeps (ledger.py).

Never submitting (and paying) twice is a protocol on the job store:

1. a file's row and its articles are committed before the upload (status ``planning`` while it fills,
   ``planned`` with its content hash once complete; a crash while planning drops the row, nothing was sent);
2. the file id is committed right after the upload;
3. before ``batches.create``, a row from an earlier process first looks for a batch already made from its
   file (``batches.list``: same input file id, or our job key and file index in the metadata) and adopts it;
4. the batch id is committed right after ``create``, in its own transaction.

A re-run reads the rows, finishes what was interrupted, and resumes polling. Each article's outcome is
committed together with its "collected" mark, so a collection cut short is finished without duplicates.
The library never prints: progress goes to ``on_progress``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any

import openai

from ...api import Extractor
from ...errors import ConfigurationError
from ...retry import TransportRetry, as_provider_error
from ...store import JobStore
from ..cache import ResponseCache
from ..inputs import InputRecord
from ..prices import PriceTable
from .build import BuildPhase
from .collect import CollectPhase
from .poll import PollPhase
from .schema import MIGRATIONS
from .state import ProviderBatchOptions, ProviderBatchProgress, ProviderBatchSummary
from .submit import SubmitPhase

__all__ = ["ProviderBatchJob"]


class ProviderBatchJob(BuildPhase, SubmitPhase, PollPhase, CollectPhase):
    """One run over ``records`` through the provider's Batch API: ``summary = job.run(records)``."""

    def __init__(
        self,
        extractor: Extractor,
        store: JobStore,
        options: ProviderBatchOptions = ProviderBatchOptions(),  # noqa: B008 - frozen
        *,
        prices: PriceTable | None = None,
        cache: ResponseCache | None = None,
        client: Any = None,
        on_progress: Callable[[ProviderBatchProgress], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        config = extractor.config
        if extractor.engine.backend != "openai":
            raise ConfigurationError("the provider Batch API needs the openai backend (--backend openai)")
        self.extractor = extractor
        self.store = store
        store.apply(MIGRATIONS)
        self.options = options
        self.cache = cache
        self.on_progress = on_progress
        self.sleep = sleep
        self.client = client or openai.OpenAI(
            api_key=config.api_key or "not-needed", base_url=config.base_url, max_retries=0, timeout=config.timeout_s
        )
        self._owns_client = client is None
        self.retry = TransportRetry(retries=config.transport_retries, max_wait_s=config.retry_max_wait_s)
        self.summary = ProviderBatchSummary()
        self._backend = extractor.engine.backend
        self._model = extractor.engine.model
        prices = prices or PriceTable()
        self._price = prices.price(self._backend, self._model)
        self._batch_price = prices.batch_price(self._backend, self._model)
        self._run_id = 0
        self._job_key = ""
        self._planning = None
        self._stopped = False
        self._spools = None
        self._completion_mean = None

    # -- the run ---------------------------------------------------------------------------------------
    def run(self, records: Iterable[InputRecord]) -> ProviderBatchSummary:
        """Collect what has ended, finish interrupted submissions, submit what is missing, then poll.

        KeyboardInterrupt leaves the batches running at the provider; the same call later resumes them.
        """
        started = time.perf_counter()
        self._run_id = self.store.begin_run(
            self._backend, self._model, {**asdict(self.options), "provider_batch": True}
        )
        self._job_key = self._load_job_key()
        try:
            self._poll_once()
            self._resume_unsubmitted()
            for row in self._build(records):
                self._upload_and_create(row, resumed=False)
            while self._open_rows() and self.options.wait:
                self.sleep(self.options.poll_interval_s)
                self._poll_once()
            return self.summary
        except openai.OpenAIError as exc:  # a call outside the retried ones (a list's next page)
            raise as_provider_error(exc, 1) from exc
        finally:
            self._abandon_planning()
            running = self._open_rows()
            self.summary.batches_running = len(running)
            self.summary.projected_cost_usd = sum(r.projected_cost_usd or 0.0 for r in running)
            self.summary.elapsed_s = time.perf_counter() - started
            self.store.finish_run(self._run_id, self.summary.as_dict())
            self._remove_empty_spool_dir()

    def _poll_once(self) -> None:
        """One round: poll every open batch and collect each one that has ended."""
        for row, batch in self._poll():
            self._collect(row, batch)

    def close(self) -> None:
        if self._owns_client:
            self.client.close()
