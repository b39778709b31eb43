"""Poll: the status and request counts of every batch not yet collected, recorded and reported as progress."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from ...store.db import now
from .ledger import BatchLedger
from .state import TERMINAL_STATUSES, FileRow, ProviderBatchProgress, batch_errors

__all__ = ["PollPhase"]


class PollPhase(BatchLedger):
    """One round of status checks over the open batches."""

    def _poll(self) -> Iterator[tuple[FileRow, Any]]:
        """Ask the provider about every batch not yet collected and record what it says; yields each batch that
        has ended, with its row, to be collected."""
        statuses: Counter[str] = Counter()
        requests = completed = failed = 0
        for row in self._open_rows():
            batch = self.retry.call(self.client.batches.retrieve, row.batch_id)
            counts = batch.request_counts
            self._update(
                row.id,
                status=batch.status,
                polled_at=now(),
                completed_requests=counts.completed if counts else None,
                failed_requests=counts.failed if counts else None,
                output_file_id=batch.output_file_id,
                error_file_id=batch.error_file_id,
                error=batch_errors(batch),
            )
            if batch.status in TERMINAL_STATUSES:
                self._report("collecting")
                yield row, batch
                continue
            statuses[batch.status] += 1
            requests += row.requests
            completed += counts.completed if counts else 0
            failed += counts.failed if counts else 0
        if statuses:
            self._emit(
                ProviderBatchProgress("polling", sum(statuses.values()), dict(statuses), requests, completed, failed)
            )
