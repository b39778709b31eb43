"""The provider's Batch API (OpenAI ``/v1/files`` + ``/v1/batches``, or any compatible server), resumable.

Articles are written as request lines (the exact body a real-time call sends) into batch files within the
provider's limits, uploaded, and submitted; answers are collected when a batch ends and go through the same
validation, grounding and normalization as real-time answers (``complete_from``), with real-time re-asks for
answers that fail validation. Per-item errors, and every article of a failed, expired or cancelled batch,
become error records that ``retry_errors`` re-runs.

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

import datetime as dt
import hashlib
import json
import math
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import openai

from ..api import Extractor
from ..errors import ConfigurationError, ExtractorError, ProviderError, message_at
from ..retry import TransportRetry, as_provider_error, is_transient
from .cache import ResponseCache
from .inputs import InputRecord
from .prices import PriceTable
from .process import article_row, text_sha256
from .runner import JobSummary
from .store import JobStore, _transaction

__all__ = ["ProviderBatchJob", "ProviderBatchOptions", "ProviderBatchProgress", "ProviderBatchSummary",
           "TERMINAL_STATUSES"]

ENDPOINT = "/v1/chat/completions"
#: The provider's statuses after which nothing changes any more.
TERMINAL_STATUSES = frozenset({"completed", "failed", "expired", "cancelled"})
#: Batches whose unanswered articles become error records.
_FAILED_STATUSES = frozenset({"failed", "expired", "cancelled"})


@dataclass(frozen=True)
class ProviderBatchOptions:
    #: OpenAI allows 50,000 requests and 200 MB per batch input file; the byte default leaves a margin.
    max_requests: int = 50_000
    max_bytes: int = 190_000_000
    poll_interval_s: float = 30.0
    wait: bool = True  # False: submit, collect what has already ended, and leave
    max_cost_usd: float | None = None  # stop submitting once projected plus spent cost would pass this
    retry_errors: bool = False

    def __post_init__(self) -> None:
        if self.max_requests < 1 or self.max_bytes < 1:
            raise ConfigurationError("batch file limits must be positive")
        if self.max_cost_usd is not None and self.max_cost_usd < 0:
            raise ConfigurationError("--max-cost must not be negative")


@dataclass
class ProviderBatchSummary(JobSummary):
    """The run's counters (JobSummary's, plus the batches')."""

    batches_submitted: int = 0  # created by this run
    batches_adopted: int = 0  # found already created (a crash between create and its record)
    batches_collected: int = 0
    batches_running: int = 0  # still at the provider when the run ended
    requests_submitted: int = 0
    held_back: int = 0  # articles left unsubmitted by max_cost_usd
    projected_cost_usd: float = 0.0  # of the batches still running


@dataclass(frozen=True)
class ProviderBatchProgress:
    """A snapshot for progress bars: requests answered so far over the batches not yet collected."""

    phase: str  # "submitting", "polling", "collecting"
    batches: int
    statuses: dict[str, int]
    requests: int
    completed: int
    failed: int


@dataclass
class _Row:
    id: int
    job_key: str
    spool: str
    content_sha256: str
    requests: int
    bytes: int
    projected_cost_usd: float | None
    planned_at: str
    file_id: str | None
    batch_id: str | None
    status: str


@dataclass
class _Planning:
    """The batch file being filled: its row exists with status ``planning`` and its items are committed."""

    row_id: int
    spool: Path
    handle: Any
    digest: Any = field(default_factory=hashlib.sha256)
    requests: int = 0
    bytes: int = 0
    projected: float = 0.0


class ProviderBatchJob:
    """One run over ``records`` through the provider's Batch API: ``summary = job.run(records)``."""

    def __init__(self, extractor: Extractor, store: JobStore, options: ProviderBatchOptions = ProviderBatchOptions(),
                 *, prices: PriceTable | None = None, cache: ResponseCache | None = None, client: Any = None,
                 on_progress: Callable[[ProviderBatchProgress], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        config = extractor.config
        if extractor.engine.backend != "openai":
            raise ConfigurationError("the provider Batch API needs the openai backend (--backend openai)")
        self.extractor = extractor
        self.store = store
        self.options = options
        self.cache = cache
        self.on_progress = on_progress
        self.sleep = sleep
        self.client = client or openai.OpenAI(api_key=config.api_key or "not-needed", base_url=config.base_url,
                                              max_retries=0, timeout=config.timeout_s)
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
        self._planning: _Planning | None = None
        self._stopped = False  # max_cost reached: nothing more is submitted in this run
        self._spools: Path | None = None
        self._completion_mean: float | None = None

    # -- the run --------------------------------------------------------------------------------------
    def run(self, records: Iterable[InputRecord]) -> ProviderBatchSummary:
        """Collect what has ended, finish interrupted submissions, submit what is missing, then poll.

        KeyboardInterrupt leaves the batches running at the provider; the same call later resumes them.
        """
        started = time.perf_counter()
        self._run_id = self.store.begin_run(self._backend, self._model,
                                            {**asdict(self.options), "provider_batch": True})
        self._job_key = self._load_job_key()
        try:
            self._poll_once()
            self._resume_unsubmitted()
            self._submit(records)
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

    def _remove_empty_spool_dir(self) -> None:
        """Batch files leave the spool directory once uploaded; an empty one is not left beside the store."""
        if self._spools is not None:
            try:
                self._spools.rmdir()  # only if empty: files not yet uploaded stay for the next run
            except OSError:
                return
            self._spools = None

    def close(self) -> None:
        if self._owns_client:
            self.client.close()

    # -- the job store's batch rows -------------------------------------------------------------------
    def _load_job_key(self) -> str:
        db = self.store.db
        row = db.execute("SELECT value FROM provider_batch_meta WHERE name = 'job_key'").fetchone()
        if row:
            return row[0]
        key = uuid.uuid4().hex[:16]
        db.execute("INSERT OR IGNORE INTO provider_batch_meta VALUES ('job_key', ?)", (key,))
        return db.execute("SELECT value FROM provider_batch_meta WHERE name = 'job_key'").fetchone()[0]

    def _rows(self, where: str, *args: Any) -> list[_Row]:
        cursor = self.store.db.execute(
            "SELECT id, job_key, spool, content_sha256, requests, bytes, projected_cost_usd, planned_at, file_id, "
            f"batch_id, status FROM provider_batch_files WHERE {where} ORDER BY id", args)
        return [_Row(*row) for row in cursor]

    def _open_rows(self) -> list[_Row]:
        return self._rows("batch_id IS NOT NULL AND collected_at IS NULL")

    def _update(self, row_id: int, **values: Any) -> None:
        names = ", ".join(f"{name} = ?" for name in values)
        self.store.db.execute(f"UPDATE provider_batch_files SET {names} WHERE id = ?", (*values.values(), row_id))

    def _drop_row(self, row_id: int, spool: str | None) -> None:
        with _transaction(self.store.db) as db:
            db.execute("DELETE FROM provider_batch_items WHERE file = ?", (row_id,))
            db.execute("DELETE FROM provider_batch_files WHERE id = ?", (row_id,))
        if spool:
            Path(spool).unlink(missing_ok=True)

    def _in_open_batch(self, article_id: str) -> bool:
        """Whether ``article_id`` waits in a batch file not yet collected."""
        return self.store.db.execute(
            "SELECT 1 FROM provider_batch_items i JOIN provider_batch_files f ON f.id = i.file "
            "WHERE i.article_id = ? AND f.collected_at IS NULL AND i.collected_at IS NULL LIMIT 1",
            (article_id,)).fetchone() is not None

    # -- submitting -----------------------------------------------------------------------------------
    def _resume_unsubmitted(self) -> None:
        """Rows a crash left behind: unfinished ones are dropped (nothing was sent), the rest submitted."""
        for row in self._rows("batch_id IS NULL"):
            if row.status == "planning":
                self._drop_row(row.id, row.spool)
            elif row.file_id is None and not self._spool_intact(row):
                self._drop_row(row.id, row.spool)  # its articles are planned again below
            else:
                self._upload_and_create(row, resumed=True)

    def _spool_intact(self, row: _Row) -> bool:
        path = Path(row.spool)
        if not path.is_file():
            return False
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest() == row.content_sha256

    def _submit(self, records: Iterable[InputRecord]) -> None:
        for record in records:
            self.summary.seen += 1
            chosen = self._choose(record)
            if chosen is None:
                self.summary.skipped += 1
                continue
            if self._stopped:
                self.summary.held_back += 1
                continue
            self._plan(chosen)
        self._flush()

    def _choose(self, record: InputRecord) -> InputRecord | None:
        """The record to submit (possibly turned into a duplicate-id error), or None if done or in flight.

        As in the real-time runner, identity is (id, text hash) and the n-th repeat of an id within one input
        becomes the error record ``id#n``; an article waiting in a submitted batch is never submitted again."""
        occurrence = self.store.see(self._run_id, record.article_id)
        if occurrence > 1:
            record = InputRecord(record.ordinal, f"{record.article_id}#{occurrence}", record.where,
                                 error=f"{record.where}: duplicate id {record.article_id!r} (occurrence "
                                       f"{occurrence}); ids must be unique")
        elif self._in_open_batch(record.article_id):
            return None
        state = self.store.state(record.article_id)
        if state is None:
            return record
        stored_hash, status = state
        if status is None or stored_hash != (text_sha256(record.text) if record.text is not None else None):
            return record  # never finished, or the text changed since: extract it again
        return record if status == "error" and self.options.retry_errors else None

    def _plan(self, record: InputRecord) -> None:
        article = article_row(record)
        if record.error is not None or record.text is None:
            self._fail(article, "input", record.error or f"{record.where}: no text")
            return
        key = None
        if self.cache is not None:
            try:
                key = self.extractor.request_fingerprint(record.text, published=record.published, source=record.source)
            except ExtractorError as error:
                self._fail(article, error.kind, message_at(error, record.where))
                return
            hit = self.cache.get(key, record.article_id)
            if hit is not None:
                self.store.record(article, result=hit, usage=(self._model, 0, 0, 0.0, True), run_id=self._run_id)
                self.summary.ok += 1
                self.summary.cache_hits += 1
                return
        try:
            body = self.extractor.request_body(record.text, published=record.published, source=record.source,
                                               article_id=record.article_id)
        except ExtractorError as error:
            self._fail(article, error.kind, message_at(error, record.where))
            return
        line = (json.dumps({"custom_id": record.article_id, "method": "POST", "url": ENDPOINT, "body": body},
                           ensure_ascii=False) + "\n").encode("utf-8")
        if len(line) > self.options.max_bytes:
            self._fail(article, "input", f"{record.where}: its request takes {len(line):,} bytes, more than the "
                                         f"batch file limit of {self.options.max_bytes:,}")
            return
        planning = self._planning
        if planning is not None and (planning.requests >= self.options.max_requests
                                     or planning.bytes + len(line) > self.options.max_bytes):
            self._flush()
        projected = self._projected_cost(len(line))
        if self._over_budget(projected):
            self._stopped = True
            self.summary.held_back += 1
            self._flush()
            return
        planning = self._planning or self._start_file()
        planning.handle.write(line)
        planning.digest.update(line)
        planning.requests += 1
        planning.bytes += len(line)
        planning.projected += projected
        self.store.db.execute(
            "INSERT INTO provider_batch_items (file, article_id, ordinal, article, text) VALUES (?, ?, ?, ?, ?)",
            (planning.row_id, record.article_id, record.ordinal, json.dumps(article, ensure_ascii=False, default=str),
             record.text))

    def _start_file(self) -> _Planning:
        db = self.store.db
        cursor = db.execute(
            "INSERT INTO provider_batch_files (job_key, spool, content_sha256, requests, bytes, planned_at, status) "
            "VALUES (?, '', '', 0, 0, ?, 'planning')", (self._job_key, _now()))
        row_id = int(cursor.lastrowid or 0)
        spool = self._spool_dir() / f"{self._job_key}-{row_id:05d}.jsonl"
        db.execute("UPDATE provider_batch_files SET spool = ? WHERE id = ?", (str(spool), row_id))
        self._planning = _Planning(row_id, spool, spool.open("wb"))
        return self._planning

    def _spool_dir(self) -> Path:
        """Batch files wait beside the job store until uploaded (a temporary directory for ":memory:")."""
        if self._spools is None:
            if self.store.path == ":memory:":
                self._spools = Path(tempfile.mkdtemp(prefix="extractor-batches-"))
            else:
                self._spools = Path(self.store.path + ".batches")
                self._spools.mkdir(parents=True, exist_ok=True)
        return self._spools

    def _flush(self) -> None:
        """Close the file being filled, commit its row as planned, then upload and submit it."""
        planning, self._planning = self._planning, None
        if planning is None:
            return
        planning.handle.close()
        self.store.db.execute(
            "UPDATE provider_batch_files SET content_sha256 = ?, requests = ?, bytes = ?, projected_cost_usd = ?, "
            "status = 'planned' WHERE id = ?",
            (planning.digest.hexdigest(), planning.requests, planning.bytes, planning.projected, planning.row_id))
        row = self._rows("id = ?", planning.row_id)[0]
        self._upload_and_create(row, resumed=False)

    def _abandon_planning(self) -> None:
        """An exception while filling a file: the row never became ``planned`` and nothing was sent."""
        planning, self._planning = self._planning, None
        if planning is not None:
            planning.handle.close()
            self._drop_row(planning.row_id, str(planning.spool))

    def _projected_cost(self, line_bytes: int) -> float:
        """An article's batch cost before it is sent: its request at ~4 bytes per token (as
        limiter.TokenEstimator counts text), and an answer as long as this job's answers so far on
        average, or ``max_tokens`` (the most it can be) before any answer is known."""
        if self._batch_price is None:
            return 0.0
        prompt_tokens = math.ceil(line_bytes / 4)
        return self._batch_price.cost(prompt_tokens, self._expected_completion_tokens())

    def _expected_completion_tokens(self) -> float:
        if self._completion_mean is None:
            mean = self.store.db.execute(
                "SELECT AVG(completion_tokens) FROM usage WHERE cached = 0 AND completion_tokens > 0").fetchone()[0]
            self._completion_mean = float(mean) if mean else float(self.extractor.config.max_tokens)
        return self._completion_mean

    def _over_budget(self, projected: float) -> bool:
        if self.options.max_cost_usd is None:
            return False
        if self._batch_price is None:
            raise ConfigurationError(f"--max-cost needs a price for {self._model!r}: add it with --prices FILE")
        spent = self.store.totals()["cost_usd"] or 0.0
        committed = self.store.db.execute(
            "SELECT COALESCE(SUM(projected_cost_usd), 0) FROM provider_batch_files WHERE collected_at IS NULL "
            "AND status != 'planning'").fetchone()[0]
        filling = self._planning.projected if self._planning is not None else 0.0
        return spent + committed + filling + projected > self.options.max_cost_usd

    def _upload_and_create(self, row: _Row, *, resumed: bool) -> None:
        file_id = row.file_id
        if file_id is None:
            file_id = (self._find_uploaded(row) if resumed else None) or self._upload(row)
            self._update(row.id, file_id=file_id, uploaded_at=_now(), status="uploaded")
            Path(row.spool).unlink(missing_ok=True)  # the provider holds it now
        existing = self._find_batch(row, file_id) if resumed else None
        if existing is not None:
            self.summary.batches_adopted += 1
        else:
            existing = self._create_batch(row, file_id)
            self.summary.batches_submitted += 1
            self.summary.requests_submitted += row.requests
        self._update(row.id, batch_id=existing.id, submitted_at=_now(), status=existing.status, polled_at=_now())
        self._report("submitting")

    def _file_name(self, row: _Row) -> str:
        return f"extractor-{row.job_key}-{row.id:05d}.jsonl"

    def _upload(self, row: _Row) -> str:
        return self.retry.call(self._upload_once, row).id

    def _upload_once(self, row: _Row) -> Any:
        # Opened per attempt: a retry must send the whole file again, not what is left of a read handle.
        # A file of up to 200 MB needs more than a chat call's timeout: allow at least 1 MB/s.
        timeout = max(self.extractor.config.timeout_s, 60.0 + row.bytes / 1_000_000)
        with open(row.spool, "rb") as handle:
            return self.client.files.create(file=(self._file_name(row), handle), purpose="batch", timeout=timeout)

    def _find_uploaded(self, row: _Row) -> str | None:
        """A file uploaded before a crash kept its id from being recorded."""
        since = _epoch(row.planned_at) - 300
        for stored in self.retry.call(self.client.files.list, purpose="batch"):
            if stored.created_at < since:
                break
            if stored.filename == self._file_name(row) and stored.bytes == row.bytes:
                return stored.id
        return None

    def _find_batch(self, row: _Row, file_id: str) -> Any | None:
        """A batch created before a crash kept its id from being recorded: adopt it, never create another."""
        since = _epoch(row.planned_at) - 300
        for batch in self.retry.call(self.client.batches.list, limit=100):
            metadata = batch.metadata or {}
            if batch.input_file_id == file_id or (metadata.get("extractor_job") == row.job_key
                                                  and metadata.get("extractor_file") == str(row.id)):
                return batch
            if batch.created_at < since:
                break
        return None

    def _create_batch(self, row: _Row, file_id: str) -> Any:
        """``batches.create``; a transient failure may have created it anyway, so look before trying again."""
        metadata = {"extractor_job": row.job_key, "extractor_file": str(row.id)}
        attempts = self.retry.retries + 1
        for attempt in range(1, attempts + 1):
            if attempt > 1 and (found := self._find_batch(row, file_id)) is not None:
                return found
            try:
                return self.client.batches.create(input_file_id=file_id, endpoint=ENDPOINT, completion_window="24h",
                                                  metadata=metadata)
            except openai.OpenAIError as exc:
                if not is_transient(exc) or attempt == attempts:
                    raise as_provider_error(exc, attempt) from exc
                self.sleep(min(2.0 ** attempt, self.retry.max_wait_s))
        raise ProviderError("batch creation failed")  # not reached

    # -- polling and collecting -----------------------------------------------------------------------
    def _poll_once(self) -> None:
        statuses: Counter[str] = Counter()
        requests = completed = failed = 0
        for row in self._open_rows():
            batch = self.retry.call(self.client.batches.retrieve, row.batch_id)
            counts = batch.request_counts
            self._update(row.id, status=batch.status, polled_at=_now(),
                         completed_requests=counts.completed if counts else None,
                         failed_requests=counts.failed if counts else None,
                         output_file_id=batch.output_file_id, error_file_id=batch.error_file_id,
                         error=_batch_errors(batch))
            if batch.status in TERMINAL_STATUSES:
                self._report("collecting")
                self._collect(row, batch)
                continue
            statuses[batch.status] += 1
            requests += row.requests
            completed += counts.completed if counts else 0
            failed += counts.failed if counts else 0
        if statuses:
            self._emit(ProviderBatchProgress("polling", sum(statuses.values()), dict(statuses), requests,
                                             completed, failed))

    def _collect(self, row: _Row, batch: Any) -> None:
        waiting = {article_id: (json.loads(article), text) for article_id, article, text in self.store.db.execute(
            "SELECT article_id, article, text FROM provider_batch_items WHERE file = ? AND collected_at IS NULL",
            (row.id,))}
        for line in self._lines(batch.output_file_id):
            item = waiting.pop(str(line.get("custom_id")), None)
            if item is not None:
                self._answer(row, batch, item, line)
        for line in self._lines(batch.error_file_id):
            item = waiting.pop(str(line.get("custom_id")), None)
            if item is not None:
                self._item_failed(row, item[0], f"batch {batch.id} ({batch.status}): {_line_error(line)}")
        reason = _batch_errors(batch) or "no answer for this article"
        for article, _ in waiting.values():
            self._item_failed(row, article, f"batch {batch.id} {batch.status}: {reason}")
        self._update(row.id, collected_at=_now())
        self.summary.batches_collected += 1

    def _lines(self, file_id: str | None) -> Iterator[dict[str, Any]]:
        """The lines of an output or error file, downloaded to disk first (retried whole, memory flat)."""
        if not file_id:
            return
        path = self._spool_dir() / f"download-{file_id}.jsonl"
        try:
            self.retry.call(self._download, file_id, path)
            with path.open("rb") as handle:
                for raw in handle:
                    if raw.strip():
                        try:
                            yield json.loads(raw)
                        except ValueError:
                            continue  # a provider's broken line: its article ends as "no answer"
        finally:
            path.unlink(missing_ok=True)

    def _download(self, file_id: str, path: Path) -> None:
        with self.client.files.with_streaming_response.content(file_id) as response, path.open("wb") as out:
            for chunk in response.iter_bytes():
                out.write(chunk)

    def _answer(self, row: _Row, batch: Any, item: tuple[dict[str, Any], str], line: dict[str, Any]) -> None:
        article, text = item
        response = line.get("response") or {}
        body = response.get("body")
        if response.get("status_code") != 200 or not isinstance(body, dict):
            self._item_failed(row, article, f"batch {batch.id} ({batch.status}): {_line_error(line)}")
            return
        batch_usage = body.get("usage") or {}
        batch_tokens = (int(batch_usage.get("prompt_tokens") or 0), int(batch_usage.get("completion_tokens") or 0))
        try:
            result = self.extractor.complete_from(text, body, published=article["published"],
                                                  source=article["source"], article_id=article["id"])
        except ConfigurationError:
            raise
        except ExtractorError as error:
            self.summary.model_calls += max(error.attempts, 1)
            usage = error.usage
            totals = (usage.prompt_tokens, usage.completion_tokens) if usage is not None else batch_tokens
            self._fail(article, error.kind, f"batch {batch.id}: {error.message}", attempts=error.attempts,
                       last_output=error.last_output, tokens=totals, batch_tokens=batch_tokens, row=row)
            return
        usage = result.provenance.usage
        self.summary.model_calls += result.provenance.attempts
        self.summary.ok += 1
        self._store(article, row, result=result, tokens=(usage.prompt_tokens, usage.completion_tokens),
                    batch_tokens=batch_tokens)
        if self.cache is not None:
            self.cache.put(self.extractor.request_fingerprint(text, published=article["published"],
                                                              source=article["source"]), result)

    def _item_failed(self, row: _Row, article: dict[str, Any], message: str) -> None:
        self._fail(article, "provider_batch", message, row=row)

    def _fail(self, article: dict[str, Any], kind: str, message: str, *, attempts: int = 0,
              last_output: str | None = None, tokens: tuple[int, int] = (0, 0),
              batch_tokens: tuple[int, int] = (0, 0), row: _Row | None = None) -> None:
        error = {"kind": kind, "message": message, "attempts": attempts, "last_output": last_output}
        self.summary.errors += 1
        self.summary.error_kinds[kind] += 1
        self._store(article, row, error=error, tokens=tokens, batch_tokens=batch_tokens)

    def _store(self, article: dict[str, Any], row: _Row | None, *, result: Any = None,
               error: dict[str, Any] | None = None, tokens: tuple[int, int], batch_tokens: tuple[int, int]) -> None:
        """One outcome, its usage (the batch answer at the batch price, re-asks at the real-time price) and,
        for a batch item, its collected mark: one transaction."""
        usage = None
        if tokens[0] or tokens[1]:
            self.summary.prompt_tokens += tokens[0]
            self.summary.completion_tokens += tokens[1]
            cost = self._cost(tokens, batch_tokens)
            usage = (self._model, tokens[0], tokens[1], cost, False)
        then = None
        if row is not None:
            def then(db: Any, row_id: int = row.id, article_id: str = article["id"]) -> None:
                db.execute("UPDATE provider_batch_items SET collected_at = ? WHERE file = ? AND article_id = ?",
                           (_now(), row_id, article_id))
        self.store.record(article, result=result, error=error, usage=usage, run_id=self._run_id, then=then)

    def _cost(self, tokens: tuple[int, int], batch_tokens: tuple[int, int]) -> float | None:
        if self._price is None or self._batch_price is None:
            self.summary.unpriced += 1
            return None
        reasked = (max(tokens[0] - batch_tokens[0], 0), max(tokens[1] - batch_tokens[1], 0))
        cost = self._batch_price.cost(*batch_tokens) + self._price.cost(*reasked)
        self.summary.cost_usd += cost
        return cost

    def _report(self, phase: str) -> None:
        rows = self._open_rows()
        statuses = Counter(r.status for r in rows)
        self._emit(ProviderBatchProgress(phase, len(rows), dict(statuses), sum(r.requests for r in rows), 0, 0))

    def _emit(self, progress: ProviderBatchProgress) -> None:
        if self.on_progress is not None:
            self.on_progress(progress)


def _batch_errors(batch: Any) -> str | None:
    errors = getattr(batch, "errors", None)
    data = getattr(errors, "data", None) or []
    messages = [f"{e.code}: {e.message}" if getattr(e, "code", None) else str(e.message) for e in data]
    return "; ".join(messages)[:1000] or None


def _line_error(line: dict[str, Any]) -> str:
    """What an error-file or non-200 output line says went wrong."""
    error = line.get("error")
    if isinstance(error, dict) and (error.get("code") or error.get("message")):
        return f"{error.get('code') or 'error'}: {error.get('message') or ''}".strip()
    response = line.get("response") or {}
    body = response.get("body") if isinstance(response, dict) else None
    detail = body.get("error") if isinstance(body, dict) else None
    message = detail.get("message") if isinstance(detail, dict) else None
    return f"HTTP {response.get('status_code')}: {message or 'no answer'}"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _epoch(iso: str) -> float:
    return dt.datetime.fromisoformat(iso).timestamp()
