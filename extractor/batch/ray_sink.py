"""The Ray job's output: a Ray Data Datasink that writes each block of outcomes as it arrives, split into
DIR/results and DIR/errors parquet files (pyarrow, through the DIR's filesystem), and returns its counts.

Streaming, not materialized: a block's articles are on disk as soon as its write task ends, so a job that
dies late keeps what it finished and a re-run skips it. Each file is written under a temporary name and
then moved into place, so a reader never sees half a file. Imported only by the Ray job (it imports Ray).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from ray.data import Datasink

from ..store import ERROR_COLUMNS, RESULT_COLUMNS, parquet_filesystem

__all__ = ["OutcomeSink"]

_PARTS = (("results", "ok", RESULT_COLUMNS), ("errors", "error", ERROR_COLUMNS))


class OutcomeSink(Datasink):
    """Writes outcome rows (status 'ok' | 'error') to DIR/results and DIR/errors; ``counts`` after the write."""

    def __init__(self, out: str, outcome_schema: pa.Schema) -> None:
        self.out = out
        self.schemas = {name: pa.schema([outcome_schema.field(c) for c in columns]) for name, _, columns in _PARTS}
        self.run = uuid.uuid4().hex  # file names of this run: never those of an earlier one
        self.counts: Counter = Counter()

    def write(self, blocks: Iterable[Any], ctx: Any) -> Counter:
        from ray.data.block import BlockAccessor

        filesystem, root = parquet_filesystem(self.out)
        tables = [BlockAccessor.for_block(block).to_arrow() for block in blocks]
        counts: Counter = Counter()
        if not tables:
            return counts
        table = pa.concat_tables(tables, promote_options="default")
        unique = f"{self.run}_{ctx.task_idx:06d}"
        for name, status, columns in _PARTS:
            part = table.filter(pc.equal(table.column("status"), status))
            if part.num_rows == 0:
                continue
            filesystem.create_dir(f"{root.rstrip('/')}/{name}", recursive=True)  # a part only exists once written
            final = f"{root.rstrip('/')}/{name}/{unique}.parquet"
            temporary = f"{root.rstrip('/')}/{name}/.{unique}.parquet.tmp"
            pq.write_table(part.select(list(columns)).cast(self.schemas[name]), temporary, filesystem=filesystem)
            filesystem.move(temporary, final)
        for row in table.select(
            ["status", "kind", "cached", "calls", "prompt_tokens", "completion_tokens", "cost_usd"]
        ).to_pylist():
            counts["ok" if row["status"] == "ok" else "errors"] += 1
            counts["cache_hits"] += bool(row["cached"])
            counts["model_calls"] += row["calls"] or 0
            counts["prompt_tokens"] += row["prompt_tokens"] or 0
            counts["completion_tokens"] += row["completion_tokens"] or 0
            counts["cost_nano_usd"] += round((row["cost_usd"] or 0.0) * 1e9)  # integers add up exactly
            if row["cost_usd"] is None and (row["prompt_tokens"] or row["completion_tokens"]):
                counts["unpriced"] += 1
            if row["status"] != "ok":
                counts[f"kind:{row['kind']}"] += 1
        return counts

    def on_write_complete(self, write_result: Any) -> None:
        for counts in write_result.write_returns:
            self.counts.update(counts)

    def get_name(self) -> str:
        return "ExtractorOutcomes"
