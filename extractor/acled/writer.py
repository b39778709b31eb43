"""Write ACLED rows: CSV or parquet in ACLED's 31 columns, a companion JSON Lines file joining each row to its
article(s), URL(s), actor mentions and evidence, and a problems file for the rows that could not be complete.

Job exports (extractor/export.py) and event exports (extractor/events_io.py) both build their rows with
:func:`extractor.acled.rows.acled_row` and write them here, so the two outputs are the same format.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import ConfigurationError
from .rows import ACLED_COLUMNS, AcledRow, event_id_cnty

__all__ = ["ACLED_DTYPES", "AcledExport", "Problem", "write_acled"]

#: ACLED's column types (as acledR reads ACLED's CSV: integers, doubles, a date, text), for pandas and parquet.
ACLED_DTYPES: dict[str, str] = {
    name: (
        "int"
        if name
        in (
            "year",
            "time_precision",
            "inter1",
            "inter2",
            "interaction",
            "iso",
            "geo_precision",
            "fatalities",
            "timestamp",
        )
        else "float"
        if name in ("latitude", "longitude")
        else "date"
        if name == "event_date"
        else "str"
    )
    for name in ACLED_COLUMNS
}


@dataclass(frozen=True)
class Problem:
    """A record that gave no row: which one, and why."""

    ref: dict[str, Any]
    reason: str

    def to_json(self) -> str:
        return json.dumps({**self.ref, "problem": self.reason}, ensure_ascii=False, default=str)


@dataclass
class AcledExport:
    """What a write did: rows written and the records left out (with why)."""

    written: int = 0
    problems: list[Problem] = field(default_factory=list)


def _cell(value: Any) -> Any:
    return "" if value is None else value


def _open(target: IO[str] | Path, stack: ExitStack) -> IO[str]:
    if isinstance(target, Path):
        return stack.enter_context(target.open("w", encoding="utf-8", newline=""))
    return target


def _unique(rows: Iterable[AcledRow | Problem]) -> Iterable[AcledRow | Problem]:
    """Rows with ids made unique: a repeated id (a hash collision) is re-hashed with a counter, deterministically."""
    seen: set[str] = set()
    for item in rows:
        if isinstance(item, AcledRow):
            ident, n = item.row["event_id_cnty"], 0
            prefix = ident.rstrip("0123456789")
            while ident in seen:
                n += 1
                ident = event_id_cnty(prefix, f"{item.row['event_id_cnty']}#{n}")
            seen.add(ident)
            if n:
                item = AcledRow({**item.row, "event_id_cnty": ident}, {**item.provenance, "event_id_cnty": ident})
        yield item


def write_acled(
    rows: Iterable[AcledRow | Problem],
    out: IO[str] | Path,
    *,
    fmt: str = "csv",
    provenance: IO[str] | Path | None = None,
    problems: IO[str] | Path | None = None,
) -> AcledExport:
    """Write ``rows`` (csv to a stream or path, parquet to a path); returns the count and the problems.

    ``provenance`` receives one JSON line per written row; ``problems`` one per record left out.
    """
    result = AcledExport()
    with ExitStack() as stack:
        side = _open(provenance, stack) if provenance is not None else None
        if fmt == "parquet":
            if not isinstance(out, Path):
                raise ConfigurationError("parquet is binary: give an output file with --out")
            sink = _ParquetSink(out)
            stack.callback(sink.close)
            add = sink.add
        elif fmt == "csv":
            writer = csv.DictWriter(_open(out, stack), fieldnames=ACLED_COLUMNS, lineterminator="\n")
            writer.writeheader()
            add = lambda row: writer.writerow({k: _cell(row.get(k)) for k in ACLED_COLUMNS})  # noqa: E731
        else:
            raise ConfigurationError(f"unknown ACLED output format {fmt!r}; choose csv or parquet")
        for item in _unique(rows):
            if isinstance(item, Problem):
                result.problems.append(item)
                continue
            add(item.row)
            result.written += 1
            if side is not None:
                side.write(json.dumps(item.provenance, ensure_ascii=False, default=str) + "\n")
    if problems is not None:  # written even when empty, so no stale list from an earlier export is left beside it
        with ExitStack() as stack:
            handle = _open(problems, stack)
            for problem in result.problems:
                handle.write(problem.to_json() + "\n")
    return result


class _ParquetSink:
    """Rows to a parquet file with ACLED's column types, in batches so memory stays flat."""

    def __init__(self, path: Path, batch_size: int = 10_000) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise ConfigurationError(
                "parquet export needs pyarrow: pip install 'incident-extractor[parquet]'"
            ) from None
        types = {"int": pa.int64(), "float": pa.float64(), "date": pa.date32(), "str": pa.string()}
        self._pa = pa
        self._schema = pa.schema([(name, types[ACLED_DTYPES[name]]) for name in ACLED_COLUMNS])
        self._writer = pq.ParquetWriter(str(path), self._schema)
        self._batch: list[dict[str, Any]] = []
        self._size = batch_size
        self._any = False

    def add(self, row: dict[str, Any]) -> None:
        import datetime as dt

        self._batch.append({**row, "event_date": dt.date.fromisoformat(row["event_date"])})
        if len(self._batch) >= self._size:
            self._flush()

    def _flush(self) -> None:
        self._writer.write_table(self._pa.Table.from_pylist(self._batch, schema=self._schema))
        self._batch, self._any = [], True

    def close(self) -> None:
        if self._batch or not self._any:
            self._flush()
        self._writer.close()
