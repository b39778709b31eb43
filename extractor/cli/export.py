"""``extractor export JOB --format jsonl|csv|parquet|acled|acled-parquet [--out FILE]``; JOB is a job store or a
Ray job's DIR. The ACLED formats also write a companion provenance file (``--with-provenance`` or
``--provenance FILE``) and list the incidents they could not write in a problems file, counted on stderr."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..acled import AcledExport
from ..errors import ConfigurationError
from ..export import export as export_store
from ..export import export_acled
from ..store import open_results
from . import app


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    acled = "acled"
    acled_parquet = "acled-parquet"


WithProvenance = Annotated[
    bool,
    typer.Option(
        "--with-provenance", help="ACLED formats: also write OUT.provenance.jsonl joining rows to articles and evidence"
    ),
]
ProvenanceFile = Annotated[
    Path | None,
    typer.Option(
        "--provenance",
        help="ACLED formats: the companion JSON Lines file [default with --with-provenance: beside --out]",
    ),
]
ProblemsFile = Annotated[
    Path | None,
    typer.Option("--problems", help="ACLED formats: where incidents left out are listed [default: OUT.problems.jsonl]"),
]


def acled_sidecars(
    out: Path | None, with_provenance: bool, provenance: Path | None, problems: Path | None
) -> tuple[Path | None, Path | None]:
    """The provenance and problems paths of an ACLED export: as given, else beside ``--out``."""
    if with_provenance and provenance is None:
        if out is None:
            raise ConfigurationError(
                "--with-provenance writes beside the output file: give --out, or --provenance FILE"
            )
        provenance = out.with_name(out.stem + ".provenance.jsonl")
    if problems is None and out is not None:
        problems = out.with_name(out.stem + ".problems.jsonl")
    return provenance, problems


def report_acled(result: AcledExport, out: Path | None, problems: Path | None, what: str = "row(s)") -> None:
    """The ACLED export's counts on stderr: rows written, and the records left out with where they are listed."""
    where = f" to {out}" if out is not None else ""
    typer.echo(f"{result.written} {what} written{where}", err=True)
    if result.problems:
        listed = f"listed in {problems}" if problems is not None else "listed below"
        typer.echo(
            f"{len(result.problems)} record(s) left out (cannot be complete: no date or no country), {listed}", err=True
        )
        if problems is None:
            for problem in result.problems:
                typer.echo(f"  {problem.to_json()}", err=True)


@app.command()
def export(
    job: Annotated[str, typer.Argument(metavar="JOB", help="a job store or a --ray DIR written by `extractor batch`")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="jsonl, csv, parquet, acled or acled-parquet")] = (
        ExportFormat.jsonl
    ),
    out: Annotated[Path | None, typer.Option("--out", help="output file [default: stdout]")] = None,
    primary_only: Annotated[bool, typer.Option("--primary-only", help="only each article's main event")] = False,
    with_provenance: WithProvenance = False,
    provenance: ProvenanceFile = None,
    problems: ProblemsFile = None,
) -> None:
    """Write a job's results in a format other tools read."""
    if fmt in (ExportFormat.acled, ExportFormat.acled_parquet):
        provenance, problems = acled_sidecars(out, with_provenance, provenance, problems)
        with open_results(job) as store:
            result = export_acled(
                store,
                out if out is not None else sys.stdout,
                fmt="parquet" if fmt is ExportFormat.acled_parquet else "csv",
                primary_only=primary_only,
                provenance=provenance,
                problems=problems,
            )
        report_acled(result, out, problems)
        return
    with open_results(job) as store:
        count = export_store(store, fmt.value, out if out is not None else sys.stdout, primary_only=primary_only)
    if out is not None:
        typer.echo(f"{count} row(s) written to {out}", err=True)
