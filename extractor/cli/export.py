"""``extractor export JOB --format jsonl|csv|parquet|acled [--out FILE]``; JOB is a job store or a Ray job's DIR."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..export import export as export_store
from ..store import open_results
from . import app


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    acled = "acled"


@app.command()
def export(
    job: Annotated[str, typer.Argument(metavar="JOB", help="a job store or a --ray DIR written by `extractor batch`")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="jsonl, csv, parquet or acled")] = ExportFormat.jsonl,
    out: Annotated[Optional[Path], typer.Option("--out", help="output file [default: stdout]")] = None,
    primary_only: Annotated[bool, typer.Option("--primary-only", help="only each article's main event")] = False,
) -> None:
    """Write a job's results in a format other tools read."""
    with open_results(job) as store:
        count = export_store(store, fmt.value, out if out is not None else sys.stdout, primary_only=primary_only)
    if out is not None:
        typer.echo(f"{count} row(s) written to {out}", err=True)
