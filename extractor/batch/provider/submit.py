"""Submit: upload each planned batch file and create its batch, never twice.

The file id is committed right after the upload; before ``batches.create``, a row from an earlier process first
looks for a batch already made from its file (``batches.list``: same input file id, or our job key and file
index in the metadata) and adopts it; the batch id is committed right after ``create``, in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import openai

from ...errors import ProviderError
from ...retry import as_provider_error, is_transient
from ...store.db import now
from .ledger import BatchLedger
from .state import ENDPOINT, FileRow

__all__ = ["SubmitPhase"]


class SubmitPhase(BatchLedger):
    """Uploads and batch creation, and the recovery of what a crash left between them."""

    def _resume_unsubmitted(self) -> None:
        """Rows a crash left behind: unfinished ones are dropped (nothing was sent), the rest submitted."""
        for row in self._rows("batch_id IS NULL"):
            if row.status == "planning":
                self._drop_row(row.id, row.spool)
            elif row.file_id is None and not self._spool_intact(row):
                self._drop_row(row.id, row.spool)  # its articles are planned again below
            else:
                self._upload_and_create(row, resumed=True)

    def _spool_intact(self, row: FileRow) -> bool:
        path = Path(row.spool)
        if not path.is_file():
            return False
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest() == row.content_sha256

    def _upload_and_create(self, row: FileRow, *, resumed: bool) -> None:
        file_id = row.file_id
        if file_id is None:
            file_id = (self._find_uploaded(row) if resumed else None) or self._upload(row)
            self._update(row.id, file_id=file_id, uploaded_at=now(), status="uploaded")
            Path(row.spool).unlink(missing_ok=True)  # the provider holds it now
        existing = self._find_batch(row, file_id) if resumed else None
        if existing is not None:
            self.summary.batches_adopted += 1
        else:
            existing = self._create_batch(row, file_id)
            self.summary.batches_submitted += 1
            self.summary.requests_submitted += row.requests
        self._update(row.id, batch_id=existing.id, submitted_at=now(), status=existing.status, polled_at=now())
        self._report("submitting")

    def _file_name(self, row: FileRow) -> str:
        return f"extractor-{row.job_key}-{row.id:05d}.jsonl"

    def _upload(self, row: FileRow) -> str:
        return self.retry.call(self._upload_once, row).id

    def _upload_once(self, row: FileRow) -> Any:
        # Opened per attempt: a retry must send the whole file again, not what is left of a read handle.
        # A file of up to 200 MB needs more than a chat call's timeout: allow at least 1 MB/s.
        timeout = max(self.extractor.config.timeout_s, 60.0 + row.bytes / 1_000_000)
        with open(row.spool, "rb") as handle:
            return self.client.files.create(file=(self._file_name(row), handle), purpose="batch", timeout=timeout)

    def _find_uploaded(self, row: FileRow) -> str | None:
        """A file uploaded before a crash kept its id from being recorded."""
        since = _epoch(row.planned_at) - 300
        for stored in self.retry.call(self.client.files.list, purpose="batch"):
            if stored.created_at < since:
                break
            if stored.filename == self._file_name(row) and stored.bytes == row.bytes:
                return stored.id
        return None

    def _find_batch(self, row: FileRow, file_id: str) -> Any | None:
        """A batch created before a crash kept its id from being recorded: adopt it, never create another."""
        since = _epoch(row.planned_at) - 300
        for batch in self.retry.call(self.client.batches.list, limit=100):
            metadata = batch.metadata or {}
            if batch.input_file_id == file_id or (
                metadata.get("extractor_job") == row.job_key and metadata.get("extractor_file") == str(row.id)
            ):
                return batch
            if batch.created_at < since:
                break
        return None

    def _create_batch(self, row: FileRow, file_id: str) -> Any:
        """``batches.create``; a transient failure may have created it anyway, so look before trying again."""
        metadata = {"extractor_job": row.job_key, "extractor_file": str(row.id)}
        attempts = self.retry.retries + 1
        for attempt in range(1, attempts + 1):
            if attempt > 1 and (found := self._find_batch(row, file_id)) is not None:
                return found
            try:
                return self.client.batches.create(
                    input_file_id=file_id, endpoint=ENDPOINT, completion_window="24h", metadata=metadata
                )
            except openai.OpenAIError as exc:
                if not is_transient(exc) or attempt == attempts:
                    raise as_provider_error(exc, attempt) from exc
                self.sleep(min(2.0**attempt, self.retry.max_wait_s))
        raise ProviderError("batch creation failed")  # not reached


def _epoch(iso: str) -> float:
    return dt.datetime.fromisoformat(iso).timestamp()
