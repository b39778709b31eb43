"""The provider batch's bookkeeping in the job store: its file rows, the outcomes it records, its progress.

``BatchLedger`` is the base of the phases (build, submit, poll, collect) that ``ProviderBatchJob`` composes; it
declares the state they share, which ProviderBatchJob.__init__ sets.
"""

from __future__ import annotations

import tempfile
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...retry import TransportRetry
from ...store import JobStore
from ...store.db import now
from ..cache import ResponseCache
from ..prices import Price
from .state import FileRow, ProviderBatchOptions, ProviderBatchProgress, ProviderBatchSummary

if TYPE_CHECKING:
    from ...api import Extractor

__all__ = ["BatchLedger"]


class BatchLedger:
    """Batch file rows, article outcomes and progress, over ``self.store``."""

    extractor: Extractor
    store: JobStore
    options: ProviderBatchOptions
    cache: ResponseCache | None
    client: Any
    retry: TransportRetry
    summary: ProviderBatchSummary
    on_progress: Callable[[ProviderBatchProgress], None] | None
    sleep: Callable[[float], None]
    _model: str
    _price: Price | None
    _batch_price: Price | None
    _run_id: int
    _job_key: str
    _spools: Path | None

    # -- the batch file rows --------------------------------------------------------------------------
    def _load_job_key(self) -> str:
        db = self.store.db
        row = db.execute("SELECT value FROM provider_batch_meta WHERE name = 'job_key'").fetchone()
        if row:
            return row[0]
        key = uuid.uuid4().hex[:16]
        db.execute("INSERT OR IGNORE INTO provider_batch_meta VALUES ('job_key', ?)", (key,))
        return db.execute("SELECT value FROM provider_batch_meta WHERE name = 'job_key'").fetchone()[0]

    def _rows(self, where: str, *args: Any) -> list[FileRow]:
        cursor = self.store.db.execute(
            "SELECT id, job_key, spool, content_sha256, requests, bytes, projected_cost_usd, planned_at, file_id, "
            f"batch_id, status FROM provider_batch_files WHERE {where} ORDER BY id",
            args,
        )
        return [FileRow(*row) for row in cursor]

    def _open_rows(self) -> list[FileRow]:
        return self._rows("batch_id IS NOT NULL AND collected_at IS NULL")

    def _update(self, row_id: int, **values: Any) -> None:
        names = ", ".join(f"{name} = ?" for name in values)
        self.store.db.execute(f"UPDATE provider_batch_files SET {names} WHERE id = ?", (*values.values(), row_id))

    def _drop_row(self, row_id: int, spool: str | None) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM provider_batch_items WHERE file = ?", (row_id,))
            db.execute("DELETE FROM provider_batch_files WHERE id = ?", (row_id,))
        if spool:
            Path(spool).unlink(missing_ok=True)

    def _in_open_batch(self, article_id: str) -> bool:
        """Whether ``article_id`` waits in a batch file not yet collected."""
        return (
            self.store.db.execute(
                "SELECT 1 FROM provider_batch_items i JOIN provider_batch_files f ON f.id = i.file "
                "WHERE i.article_id = ? AND f.collected_at IS NULL AND i.collected_at IS NULL LIMIT 1",
                (article_id,),
            ).fetchone()
            is not None
        )

    # -- where batch files wait -----------------------------------------------------------------------
    def _spool_dir(self) -> Path:
        """Batch files wait beside the job store until uploaded (a temporary directory for ":memory:")."""
        if self._spools is None:
            if self.store.path == ":memory:":
                self._spools = Path(tempfile.mkdtemp(prefix="extractor-batches-"))
            else:
                self._spools = Path(self.store.path + ".batches")
                self._spools.mkdir(parents=True, exist_ok=True)
        return self._spools

    def _remove_empty_spool_dir(self) -> None:
        """Batch files leave the spool directory once uploaded; an empty one is not left beside the store."""
        if self._spools is not None:
            try:
                self._spools.rmdir()  # only if empty: files not yet uploaded stay for the next run
            except OSError:
                return
            self._spools = None

    # -- outcomes -------------------------------------------------------------------------------------
    def _fail(
        self,
        article: dict[str, Any],
        kind: str,
        message: str,
        *,
        attempts: int = 0,
        last_output: str | None = None,
        tokens: tuple[int, int] = (0, 0),
        batch_tokens: tuple[int, int] = (0, 0),
        row: FileRow | None = None,
    ) -> None:
        error = {"kind": kind, "message": message, "attempts": attempts, "last_output": last_output}
        self.summary.errors += 1
        self.summary.error_kinds[kind] += 1
        self._store(article, row, error=error, tokens=tokens, batch_tokens=batch_tokens)

    def _store(
        self,
        article: dict[str, Any],
        row: FileRow | None,
        *,
        result: Any = None,
        error: dict[str, Any] | None = None,
        tokens: tuple[int, int],
        batch_tokens: tuple[int, int],
    ) -> None:
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
                db.execute(
                    "UPDATE provider_batch_items SET collected_at = ? WHERE file = ? AND article_id = ?",
                    (now(), row_id, article_id),
                )

        self.store.record(article, result=result, error=error, usage=usage, run_id=self._run_id, then=then)

    def _cost(self, tokens: tuple[int, int], batch_tokens: tuple[int, int]) -> float | None:
        if self._price is None or self._batch_price is None:
            self.summary.unpriced += 1
            return None
        reasked = (max(tokens[0] - batch_tokens[0], 0), max(tokens[1] - batch_tokens[1], 0))
        cost = self._batch_price.cost(*batch_tokens) + self._price.cost(*reasked)
        self.summary.cost_usd += cost
        return cost

    # -- progress -------------------------------------------------------------------------------------
    def _report(self, phase: str) -> None:
        rows = self._open_rows()
        statuses = Counter(r.status for r in rows)
        self._emit(ProviderBatchProgress(phase, len(rows), dict(statuses), sum(r.requests for r in rows), 0, 0))

    def _emit(self, progress: ProviderBatchProgress) -> None:
        if self.on_progress is not None:
            self.on_progress(progress)
