"""Build: the request lines of the articles still to do, written into batch files within the provider's limits.

A file's row and its articles are committed before its upload (status ``planning`` while it fills, ``planned``
with its content hash once complete); a crash while planning drops the row, since nothing was sent.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import ConfigurationError, ExtractorError, message_at
from ...store.db import now
from ..inputs import InputRecord
from ..process import annotated, article_row, text_sha256
from .ledger import BatchLedger
from .state import ENDPOINT, FileRow

__all__ = ["BuildPhase"]


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


class BuildPhase(BatchLedger):
    """Which articles to send, and the batch files that carry them."""

    _planning: _Planning | None
    _stopped: bool  # max_cost reached: nothing more is submitted in this run
    _completion_mean: float | None

    def _build(self, records: Iterable[InputRecord]) -> Iterator[FileRow]:
        """Plan each record into the file being filled; yields every file as soon as it is complete."""
        for record in records:
            self.summary.seen += 1
            chosen = self._choose(record)
            if chosen is None:
                self.summary.skipped += 1
                continue
            if self._stopped:
                self.summary.held_back += 1
                continue
            yield from self._plan(chosen)
        yield from self._flush()

    def _choose(self, record: InputRecord) -> InputRecord | None:
        """The record to submit (possibly turned into a duplicate-id error), or None if done or in flight.

        As in the real-time runner, identity is (id, text hash) and the n-th repeat of an id within one input
        becomes the error record ``id#n``; an article waiting in a submitted batch is never submitted again."""
        occurrence = self.store.see(self._run_id, record.article_id)
        if occurrence > 1:
            record = InputRecord(
                record.ordinal,
                f"{record.article_id}#{occurrence}",
                record.where,
                error=f"{record.where}: duplicate id {record.article_id!r} (occurrence "
                f"{occurrence}); ids must be unique",
            )
        elif self._in_open_batch(record.article_id):
            return None
        state = self.store.state(record.article_id)
        if state is None:
            return record
        stored_hash, status = state
        if status is None or stored_hash != (text_sha256(record.text) if record.text is not None else None):
            return record  # never finished, or the text changed since: extract it again
        return record if status == "error" and self.options.retry_errors else None

    def _plan(self, record: InputRecord) -> Iterator[FileRow]:
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
                self.store.record(
                    article, result=annotated(hit, record), usage=(self._model, 0, 0, 0.0, True), run_id=self._run_id
                )
                self.summary.ok += 1
                self.summary.cache_hits += 1
                return
        try:
            body = self.extractor.request_body(
                record.text, published=record.published, source=record.source, article_id=record.article_id
            )
        except ExtractorError as error:
            self._fail(article, error.kind, message_at(error, record.where))
            return
        line = (
            json.dumps(
                {"custom_id": record.article_id, "method": "POST", "url": ENDPOINT, "body": body}, ensure_ascii=False
            )
            + "\n"
        ).encode("utf-8")
        if len(line) > self.options.max_bytes:
            self._fail(
                article,
                "input",
                f"{record.where}: its request takes {len(line):,} bytes, more than the "
                f"batch file limit of {self.options.max_bytes:,}",
            )
            return
        planning = self._planning
        if planning is not None and (
            planning.requests >= self.options.max_requests or planning.bytes + len(line) > self.options.max_bytes
        ):
            yield from self._flush()
        projected = self._projected_cost(len(line))
        if self._over_budget(projected):
            self._stopped = True
            self.summary.held_back += 1
            yield from self._flush()
            return
        planning = self._planning or self._start_file()
        planning.handle.write(line)
        planning.digest.update(line)
        planning.requests += 1
        planning.bytes += len(line)
        planning.projected += projected
        self.store.db.execute(
            "INSERT INTO provider_batch_items (file, article_id, ordinal, article, text) VALUES (?, ?, ?, ?, ?)",
            (
                planning.row_id,
                record.article_id,
                record.ordinal,
                json.dumps(article, ensure_ascii=False, default=str),
                record.text,
            ),
        )

    def _start_file(self) -> _Planning:
        db = self.store.db
        cursor = db.execute(
            "INSERT INTO provider_batch_files (job_key, spool, content_sha256, requests, bytes, planned_at, status) "
            "VALUES (?, '', '', 0, 0, ?, 'planning')",
            (self._job_key, now()),
        )
        row_id = int(cursor.lastrowid or 0)
        spool = self._spool_dir() / f"{self._job_key}-{row_id:05d}.jsonl"
        db.execute("UPDATE provider_batch_files SET spool = ? WHERE id = ?", (str(spool), row_id))
        self._planning = _Planning(row_id, spool, spool.open("wb"))
        return self._planning

    def _flush(self) -> Iterator[FileRow]:
        """Close the file being filled and commit its row as planned; yields the row, to be submitted."""
        planning, self._planning = self._planning, None
        if planning is None:
            return
        planning.handle.close()
        self.store.db.execute(
            "UPDATE provider_batch_files SET content_sha256 = ?, requests = ?, bytes = ?, projected_cost_usd = ?, "
            "status = 'planned' WHERE id = ?",
            (planning.digest.hexdigest(), planning.requests, planning.bytes, planning.projected, planning.row_id),
        )
        yield self._rows("id = ?", planning.row_id)[0]

    def _abandon_planning(self) -> None:
        """An exception while filling a file: the row never became ``planned`` and nothing was sent."""
        planning, self._planning = self._planning, None
        if planning is not None:
            planning.handle.close()
            self._drop_row(planning.row_id, str(planning.spool))

    # -- cost ----------------------------------------------------------------------------------------
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
                "SELECT AVG(completion_tokens) FROM usage WHERE cached = 0 AND completion_tokens > 0"
            ).fetchone()[0]
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
            "AND status != 'planning'"
        ).fetchone()[0]
        filling = self._planning.projected if self._planning is not None else 0.0
        return spent + committed + filling + projected > self.options.max_cost_usd
