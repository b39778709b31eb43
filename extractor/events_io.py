"""Read what ``extractor events`` merges and write the events it makes.

Inputs (``read_extractions``), told apart by what they are, not by their names:
    * a job store (SQLite file) written by ``extractor batch``: its successful results, through
      ``JobStore.results()``;
    * a batch output directory (``DIR/results/*.parquet``, see the Ray batch format): for each article the
      newest row by ``finished_at`` across ``results/`` and ``errors/`` (an article whose newest row is an
      error has no result);
    * ArticleExtraction JSON, as ``extractor extract`` prints it (one indented document for one article,
      JSON Lines for several) and ``extractor export --format jsonl`` writes it.

Outputs (``write_events``): ``jsonl`` one Event per line; ``csv`` and ``parquet`` one flat row per event
(resolved fields, ``n_reports``, ``sources``, ``article_ids``, notes); ``acled`` (CSV) and ``acled-parquet``
ACLED's 31 columns through the same writer as job exports (extractor.acled), one row per event, every source
joined in ``source``; the companion file joins each row to every report's article and evidence, and the
disagreements between reports (ArticleExtraction records carry no URL: join on article_id).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from .acled import AcledExport, AcledRow, Incomplete, Problem, acled_row, write_acled
from .errors import ConfigurationError, InputError
from .events import Event
from .export import write_csv, write_parquet
from .schemas import ArticleExtraction

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_FORMATS",
    "acled_event_rows",
    "event_rows",
    "read_extractions",
    "write_acled_events",
    "write_events",
]

EVENT_FORMATS = ("jsonl", "csv", "parquet", "acled", "acled-parquet")
EVENT_COLUMNS = (
    "event_id",
    "background_only",
    "n_reports",
    "sources",
    "article_ids",
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
)
_SQLITE_MAGIC = b"SQLite format 3\x00"


def read_extractions(path: Path) -> Iterator[ArticleExtraction]:
    """The ArticleExtraction records of a job store, a batch output directory or a JSON (Lines) file."""
    path = Path(path)
    if path.is_dir():
        yield from _read_results_dir(path)
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if head == _SQLITE_MAGIC:
        yield from _read_job_store(path)
    else:
        yield from _read_json(path)


def _read_job_store(path: Path) -> Iterator[ArticleExtraction]:
    import sqlite3

    from .store import JobStore

    try:  # look before JobStore opens it: its migrations would add tables to any SQLite file
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path}: cannot read this SQLite file: {exc}") from None
    if not {"articles", "results"} <= tables:
        raise InputError(f"{path}: a SQLite file, but not a job store written by `extractor batch`")
    try:
        with JobStore(path) as store:
            for _, extraction in store.results():
                yield extraction
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path}: not a job store written by `extractor batch`: {exc}") from None


def _read_results_dir(path: Path) -> Iterator[ArticleExtraction]:
    if not (path / "results").is_dir():
        raise InputError(f"{path}: a directory, but not a batch output directory (no results/ inside)")
    from .store import open_results  # the store reads parquet with pyarrow, an extra

    for _, extraction in open_results(path).results():
        yield extraction


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ())) or "record"
    return f"{where}: {err.get('msg', 'invalid')}"


def _read_json(path: Path) -> Iterator[ArticleExtraction]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (expected a job store, a batch directory or JSON Lines)") from None
    decoder = json.JSONDecoder()
    position, count = 0, 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            break
        line = text.count("\n", 0, position) + 1
        try:
            document, position = decoder.raw_decode(text, position)
            extraction = ArticleExtraction.model_validate(document)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{line}: not JSON ({exc.msg}); expected ArticleExtraction JSON Lines") from None
        except ValidationError as exc:
            raise InputError(f"{path}:{line}: not an ArticleExtraction: {_first_error(exc)}") from None
        count += 1
        yield extraction
    if count == 0:
        raise InputError(f"{path}: empty: no ArticleExtraction records")


def event_rows(events: Iterable[Event]) -> Iterator[dict[str, Any]]:
    """One flat row per event: resolved fields, report counts, sources, article ids, notes."""
    for event in events:
        row = event.incident.model_dump(mode="json", exclude={"evidence", "notes", "primary"})
        row.update(
            event_id=event.event_id,
            background_only=event.background_only,
            n_reports=len(event.reports),
            sources="; ".join(event.sources),
            article_ids="; ".join(event.article_ids),
            notes="; ".join(event.notes),
        )
        yield row


def acled_event_rows(events: Iterable[Event], *, timestamp: int | None = None) -> Iterator[AcledRow | Problem]:
    """ACLED's columns, one row per event (all sources in ``source``), or a Problem for an incomplete event."""
    stamp = int(time.time()) if timestamp is None else timestamp
    for event in events:
        reports = sorted(event.reports, key=lambda r: (not r.primary, r.article_id, r.incident_index))
        ref = {"event_id": event.event_id, "article_ids": event.article_ids}
        provenance = {
            **ref,
            "sources": event.sources,
            "reports": [
                {
                    "article_id": r.article_id,
                    "incident": r.incident_index,
                    "source": r.source,
                    "evidence": {k: v.model_dump() for k, v in r.incident.evidence.items()},
                }
                for r in reports
            ],
            "disagreements": list(event.notes),
        }
        try:
            yield acled_row(
                event.incident,
                key=f"event|{event.event_id}",
                source="; ".join(event.sources) or None,
                url=None,
                timestamp=stamp,
                provenance=provenance,
            )
        except Incomplete as exc:
            yield Problem(ref, str(exc))


def write_acled_events(
    events: Iterable[Event],
    out: IO[str] | Path,
    *,
    fmt: str = "csv",
    provenance: IO[str] | Path | None = None,
    problems: IO[str] | Path | None = None,
    timestamp: int | None = None,
) -> AcledExport:
    """Events in ACLED's columns with the companion and problems files (see extractor.acled.writer)."""
    return write_acled(
        acled_event_rows(events, timestamp=timestamp), out, fmt=fmt, provenance=provenance, problems=problems
    )


def write_events(events: Iterable[Event], fmt: str, out: IO[str] | Path) -> int:
    """Write events to ``out`` (a text stream, or a path; parquet needs a path); returns the rows written."""
    if fmt not in EVENT_FORMATS:
        raise ConfigurationError(f"unknown events format {fmt!r}; choose one of {', '.join(EVENT_FORMATS)}")
    if fmt == "acled-parquet":
        return write_acled_events(events, out, fmt="parquet").written
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ConfigurationError("parquet is binary: give an output file with --out")
        return write_parquet(event_rows(events), out, columns=EVENT_COLUMNS)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as handle:
            return write_events(events, fmt, handle)
    if fmt == "jsonl":
        count = 0
        for event in events:
            out.write(event.model_dump_json() + "\n")
            count += 1
        return count
    if fmt == "csv":
        return write_csv(event_rows(events), EVENT_COLUMNS, out)
    return write_acled_events(events, out).written
