"""Export a job's results: JSON Lines (one ArticleExtraction per line), CSV or Parquet (one row per incident),
or ACLED's 31 columns (``acled`` as CSV, ``acled-parquet`` typed) so records load beside ACLED downloads. The job
is anything with the job store's reading API: a JobStore, or the parquet DIR of a Ray job
(extractor.store.open_results).

The ACLED columns are coded by extractor.acled (actors resolved to ACLED names and types, inter and interaction
codes, civilian targeting, region, source scale, notes written from the fields, a stable event_id_cnty); an
incident without a date or a country gives no row but a problem (see :func:`export_acled`).
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .acled import (
    ACLED_COLUMNS,
    AcledExport,
    AcledRow,
    Incomplete,
    Problem,
    acled_row,
    code_incidents,
    incident_key,
    write_acled,
)
from .errors import ConfigurationError
from .schemas import ArticleExtraction, Incident
from .store import ResultSource

FORMATS = ("jsonl", "csv", "parquet", "acled", "acled-parquet")

INCIDENT_COLUMNS = (
    "article_id",
    "incident",
    "primary",
    "event_type",
    "sub_event_type",
    "date",
    "date_precision",
    "date_text",
    "country",
    "admin1",
    "locality",
    "site",
    "latitude",
    "longitude",
    "geonameid",
    "geo_precision",
    "perpetrator",
    "claimed_by",
    "attributed_to",
    "target",
    "weapon",
    "killed",
    "injured",
    "notes",
    "published",
    "source",
    "url",
    "model",
    "confidence",
    "needs_review",
    "review_fields",
)

__all__ = ["ACLED_COLUMNS", "FORMATS", "INCIDENT_COLUMNS", "acled_rows", "export", "export_acled", "incident_rows"]


def export(store: ResultSource, fmt: str, out: IO[str] | Path, *, primary_only: bool = False) -> int:
    """Write the store's successful results to ``out`` (a text stream, or a path for parquet); returns rows.

    For the ACLED formats incomplete incidents are left out silently here; :func:`export_acled` reports them.
    """
    if fmt not in FORMATS:
        raise ConfigurationError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt in ("acled", "acled-parquet"):
        return export_acled(
            store, out, fmt="parquet" if fmt == "acled-parquet" else "csv", primary_only=primary_only
        ).written
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ConfigurationError("parquet is binary: give an output file with --out")
        return _write_parquet(incident_rows(store, primary_only), out)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as handle:
            return export(store, fmt, handle, primary_only=primary_only)
    if fmt == "jsonl":
        count = 0
        for _, extraction in store.results():
            if primary_only:
                extraction = extraction.model_copy(update={"incidents": [i for i in extraction.incidents if i.primary]})
            out.write(extraction.model_dump_json() + "\n")
            count += 1
        return count
    return _write_csv(incident_rows(store, primary_only), INCIDENT_COLUMNS, out)


def export_acled(
    store: ResultSource,
    out: IO[str] | Path,
    *,
    fmt: str = "csv",
    primary_only: bool = False,
    provenance: IO[str] | Path | None = None,
    problems: IO[str] | Path | None = None,
    timestamp: int | None = None,
) -> AcledExport:
    """ACLED's 31 columns (csv or parquet), a companion JSON Lines file (``provenance``: article id, URL, actor
    mentions as written with their evidence, the record's own death count) and the incidents left out
    (``problems``). ``timestamp`` (Unix seconds, ACLED's upload time) defaults to now."""
    return write_acled(
        acled_rows(store, primary_only, timestamp=timestamp), out, fmt=fmt, provenance=provenance, problems=problems
    )


def _incidents(
    store: ResultSource, primary_only: bool
) -> Iterator[tuple[dict[str, Any], ArticleExtraction, int, Incident]]:
    for article, extraction in store.results():
        for n, incident in enumerate(extraction.incidents):
            if incident.primary or not primary_only:
                yield article, extraction, n, incident


def incident_rows(store: ResultSource, primary_only: bool = False) -> Iterator[dict[str, Any]]:
    """One flat row per incident: every Incident field plus the article's id, dates, source and model."""
    for article, extraction, n, inc in _incidents(store, primary_only):
        row = inc.model_dump(mode="json", exclude={"evidence", "notes", "field_sources", "choice_probability"})
        row.update(
            article_id=extraction.article_id,
            incident=n,
            notes="; ".join(inc.notes),
            review_fields="; ".join(inc.review_fields),
            published=extraction.published.isoformat() if extraction.published else None,
            source=extraction.source,
            url=article.get("url"),
            model=extraction.provenance.model,
        )
        yield row


def acled_rows(
    store: ResultSource, primary_only: bool = False, *, timestamp: int | None = None
) -> Iterator[AcledRow | Problem]:
    """One ACLED row per incident, or a Problem for an incident that cannot be complete."""
    stamp = int(time.time()) if timestamp is None else timestamp
    for article, extraction in store.results():
        seen: dict[str, int] = {}
        codings = code_incidents(extraction.incidents)  # an unnamed side read in its article's context
        for n, inc in enumerate(extraction.incidents):
            key = f"{extraction.article_id}|{incident_key(inc)}"
            seen[key] = seen.get(key, 0) + 1
            if not (inc.primary or not primary_only):
                continue
            url = article.get("url")
            ref = {"article_id": extraction.article_id, "incident": n, "url": url}
            try:
                yield acled_row(
                    inc,
                    key=key + f"#{seen[key]}" * (seen[key] > 1),
                    source=extraction.source,
                    url=url,
                    timestamp=stamp,
                    provenance={**ref, "source": extraction.source, "model": extraction.provenance.model},
                    coding=codings[n],
                )
            except Incomplete as exc:
                yield Problem(ref, str(exc))


def _write_csv(rows: Iterator[dict[str, Any]], columns: tuple[str, ...], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
        count += 1
    return count


def _cell(value: Any) -> Any:
    if value is None:
        return ""  # unknown stays empty, never "None" or 0
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_parquet(
    rows: Iterator[dict[str, Any]], path: Path, batch_size: int = 10_000, columns: tuple[str, ...] = INCIDENT_COLUMNS
) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigurationError("parquet export needs pyarrow: pip install 'incident-extractor[parquet]'") from None
    schema = pa.schema(
        [
            (
                name,
                pa.bool_()
                if name in _BOOL_COLUMNS
                else pa.float64()
                if name in ("latitude", "longitude", "confidence")
                else pa.int64()
                if name in _INT_COLUMNS
                else pa.string(),
            )
            for name in columns
        ]
    )
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:  # written in batches: memory stays flat
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


_BOOL_COLUMNS = frozenset({"primary", "background_only", "needs_review"})
_INT_COLUMNS = frozenset({"incident", "geonameid", "geo_precision", "killed", "injured", "n_reports"})

# Shared with the events export (extractor/events_io.py).
write_csv = _write_csv
write_parquet = _write_parquet
