"""``extractor events INPUT [--out FILE] [--format jsonl|csv|parquet|acled|acled-parquet]``: one record per event.

INPUT is a job store, a batch output directory or ArticleExtraction JSON Lines (see extractor.events_io).
A missing or unreadable input is one error line and exit 2, like the other commands.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..events import MERGE_THRESHOLD, merge_events
from ..events_io import read_extractions, write_acled_events, write_events
from . import app
from .export import ProblemsFile, ProvenanceFile, WithProvenance, acled_sidecars, report_acled


class EventFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    acled = "acled"
    acled_parquet = "acled-parquet"


@app.command()
def events(
    source: Annotated[Path, typer.Argument(metavar="INPUT", help="job store, batch output directory, or JSON Lines")],
    out: Annotated[Path | None, typer.Option("--out", help="output file \\[default: stdout]")] = None,
    fmt: Annotated[EventFormat, typer.Option("--format", help="jsonl, csv, parquet, acled or acled-parquet")] = (
        EventFormat.jsonl
    ),
    geocode: Annotated[
        bool,
        typer.Option("--geocode/--no-geocode", help="place reports without coordinates with the offline gazetteer"),
    ] = True,
    threshold: Annotated[float, typer.Option(help="pair score needed to merge two reports")] = MERGE_THRESHOLD,
    with_provenance: WithProvenance = False,
    provenance: ProvenanceFile = None,
    problems: ProblemsFile = None,
) -> None:
    """Merge every article's incidents into events: one record per real-world event, with all its reports."""
    acled = fmt in (EventFormat.acled, EventFormat.acled_parquet)
    if acled:
        provenance, problems = acled_sidecars(out, with_provenance, provenance, problems)
    merged = merge_events(read_extractions(source), geocode=geocode, threshold=threshold)
    if acled:
        result = write_acled_events(
            merged,
            out if out is not None else sys.stdout,
            provenance=provenance,
            problems=problems,
            fmt="parquet" if fmt is EventFormat.acled_parquet else "csv",
        )
        reports = sum(len(e.reports) for e in merged)
        report_acled(result, out, problems, what=f"event(s) (merged from {reports} report(s))")
        return
    count = write_events(merged, fmt.value, out if out is not None else sys.stdout)
    reports = sum(len(e.reports) for e in merged)
    where = f" to {out}" if out is not None else ""
    typer.echo(f"{count} event(s) from {reports} report(s) written{where}", err=True)
