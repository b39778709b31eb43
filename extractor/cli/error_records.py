"""``extractor errors JOB [--format table|jsonl]``: the articles of a job that became error records, and why.

JOB is a job store or a ``--ray`` DIR, read through ``extractor.store.open_results`` (the same reader
as export), so nobody needs sqlite3 to see what failed. The table goes to stdout, the count and what to do
about each kind of error to stderr; with no error record the command says so and exits 0.
"""

from __future__ import annotations

import json
from collections import Counter
from enum import Enum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ..store import open_results
from . import app

#: What the user can do about each kind of error record (ExtractorError.kind, plus the batch's own kinds).
NEXT_STEP = {
    "input": "fix the input record, then re-run the batch with --retry-errors",
    "provider": "the model service failed: re-run with --retry-errors",
    "rate_limit": "still rate-limited: lower --rpm/--tpm or --concurrency and re-run with --retry-errors",
    "extraction_failed": "no valid answer from the model: re-run with --retry-errors, or review the article",
    "output_truncated": "the answer hit the token limit: raise max_tokens and re-run with --retry-errors",
    "provider_batch": "the provider's batch failed this request: re-run with --retry-errors",
    "internal": "a bug in the extractor: please report it with the message",
}


class ErrorFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


@app.command("errors")
def errors_command(
    job: Annotated[str, typer.Argument(metavar="JOB", help="a job store or a --ray DIR written by `extractor batch`")],
    fmt: Annotated[
        ErrorFormat, typer.Option("--format", help="table (for people) or jsonl (one record a line)")
    ] = ErrorFormat.table,
    kind: Annotated[str | None, typer.Option("--kind", help="only errors of this kind (input, provider, ...)")] = None,
) -> None:
    """List the articles of a job that became error records: article id, kind, attempts and message."""
    with open_results(job) as store:
        records = [row for row in store.errors() if kind is None or row["kind"] == kind]
    if fmt is ErrorFormat.jsonl:
        for row in records:
            typer.echo(json.dumps(_public(row), ensure_ascii=False))
    elif records:
        Console().print(error_table(records))
    _summary(job, records, kind)


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row.get(key) for key in ("article_id", "kind", "message", "attempts", "last_output")}


def error_table(records: list[dict[str, Any]]) -> Table:
    """Article, kind, attempts and the whole message: the message column wraps, it is never cut."""
    table = Table(title="Error records", show_lines=True)
    table.add_column("article", overflow="fold", ratio=1)
    table.add_column("kind", no_wrap=True)
    table.add_column("tries", justify="right", no_wrap=True)
    table.add_column("message", overflow="fold", ratio=3)
    for row in records:
        table.add_row(row["article_id"], row["kind"], str(row.get("attempts") or 0), row["message"])
    return table


def _summary(job: str, records: list[dict[str, Any]], kind: str | None) -> None:
    err = Console(stderr=True)
    which = f" of kind {kind}" if kind else ""
    if not records:
        err.print(f"no error records{which} in {job}", markup=False, highlight=False)
        return
    kinds = Counter(row["kind"] for row in records)
    counted = ", ".join(f"{k} {n}" for k, n in kinds.most_common())
    err.print(f"{len(records)} error record(s){which} in {job} ({counted})", markup=False, highlight=False)
    for name in kinds:
        if name in NEXT_STEP:
            err.print(f"  {name}: {NEXT_STEP[name]}", markup=False, highlight=False, soft_wrap=True)
