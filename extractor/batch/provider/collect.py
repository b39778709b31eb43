"""Collect: the answers of an ended batch, through the same validation, grounding and normalization as real-time
answers (``Extractor.complete_from``, with real-time re-asks for answers that fail validation).

Per-item errors, and every article of a failed, expired or cancelled batch, become error records that
``retry_errors`` re-runs. Each article's outcome is committed together with its "collected" mark, so a
collection cut short is finished without duplicates.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import ConfigurationError, ExtractorError
from ...store.db import now
from ..process import annotated_row
from .ledger import BatchLedger
from .state import FileRow, batch_errors

__all__ = ["CollectPhase"]


class CollectPhase(BatchLedger):
    """Downloads of output and error files, and one outcome per article."""

    def _collect(self, row: FileRow, batch: Any) -> None:
        waiting = {
            article_id: (json.loads(article), text)
            for article_id, article, text in self.store.db.execute(
                "SELECT article_id, article, text FROM provider_batch_items WHERE file = ? AND collected_at IS NULL",
                (row.id,),
            )
        }
        for line in self._lines(batch.output_file_id):
            item = waiting.pop(str(line.get("custom_id")), None)
            if item is not None:
                self._answer(row, batch, item, line)
        for line in self._lines(batch.error_file_id):
            item = waiting.pop(str(line.get("custom_id")), None)
            if item is not None:
                self._item_failed(row, item[0], f"batch {batch.id} ({batch.status}): {_line_error(line)}")
        reason = batch_errors(batch) or "no answer for this article"
        for article, _ in waiting.values():
            self._item_failed(row, article, f"batch {batch.id} {batch.status}: {reason}")
        self._update(row.id, collected_at=now())
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

    def _answer(self, row: FileRow, batch: Any, item: tuple[dict[str, Any], str], line: dict[str, Any]) -> None:
        article, text = item
        response = line.get("response") or {}
        body = response.get("body")
        if response.get("status_code") != 200 or not isinstance(body, dict):
            self._item_failed(row, article, f"batch {batch.id} ({batch.status}): {_line_error(line)}")
            return
        batch_usage = body.get("usage") or {}
        batch_tokens = (int(batch_usage.get("prompt_tokens") or 0), int(batch_usage.get("completion_tokens") or 0))
        try:
            result = self.extractor.complete_from(
                text, body, published=article["published"], source=article["source"], article_id=article["id"]
            )
        except ConfigurationError:
            raise
        except ExtractorError as error:
            self.summary.model_calls += max(error.attempts, 1)
            usage = error.usage
            totals = (usage.prompt_tokens, usage.completion_tokens) if usage is not None else batch_tokens
            self._fail(
                article,
                error.kind,
                f"batch {batch.id}: {error.message}",
                attempts=error.attempts,
                last_output=error.last_output,
                tokens=totals,
                batch_tokens=batch_tokens,
                row=row,
            )
            return
        result = annotated_row(result, text, article)  # what ingest knew of the article: date source, pages
        usage = result.provenance.usage
        self.summary.model_calls += result.provenance.attempts
        self.summary.ok += 1
        self._store(
            article,
            row,
            result=result,
            tokens=(usage.prompt_tokens, usage.completion_tokens),
            batch_tokens=batch_tokens,
        )
        if self.cache is not None:
            self.cache.put(
                self.extractor.request_fingerprint(text, published=article["published"], source=article["source"]),
                result,
            )

    def _item_failed(self, row: FileRow, article: dict[str, Any], message: str) -> None:
        self._fail(article, "provider_batch", message, row=row)


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
