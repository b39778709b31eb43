"""``extractor events INPUT [--out FILE] [--format jsonl|csv|parquet|acled]``: one record per event.

INPUT is a job store, a batch output directory or ArticleExtraction JSON Lines (see extractor.events_io).
A missing or unreadable input is one error line and exit 2, like the other commands.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..events import MERGE_THRESHOLD, merge_events
from ..events_io import read_extractions, write_events
from . import app


class EventFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    acled = "acled"


@app.command()
def events(
    source: Annotated[Path, typer.Argument(metavar="INPUT", help="job store, batch output directory, or JSON Lines")],
    out: Annotated[Optional[Path], typer.Option("--out", help="output file \\[default: stdout]")] = None,
    fmt: Annotated[EventFormat, typer.Option("--format", help="jsonl, csv, parquet or acled")] = EventFormat.jsonl,
    geocode: Annotated[bool, typer.Option("--geocode/--no-geocode",
                                          help="place reports without coordinates with the offline gazetteer")] = True,
    threshold: Annotated[float, typer.Option(help="pair score needed to merge two reports")] = MERGE_THRESHOLD,
) -> None:
    """Merge every article's incidents into events: one record per real-world event, with all its reports."""
    merged = merge_events(read_extractions(source), geocode=geocode, threshold=threshold)
    count = write_events(merged, fmt.value, out if out is not None else sys.stdout)
    reports = sum(len(e.reports) for e in merged)
    where = f" to {out}" if out is not None else ""
    typer.echo(f"{count} event(s) from {reports} report(s) written{where}", err=True)
