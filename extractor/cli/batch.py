"""``extractor batch INPUT --out JOB.db``: a resumable, cached, rate-limited job with a progress bar."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ..api import Extractor
from ..batch import BatchJob, JobOptions, JobStore, JobSummary, PriceTable, ResponseCache, read_inputs
from ..batch.inputs import count_inputs
from . import app
from .options import Backend, BaseUrl, Candidates, LocalModel, Model, StrategyOption, StructuredOutput, build_config


@app.command()
def batch(
    input_path: Annotated[Path, typer.Argument(metavar="INPUT", help="directory of .txt files, .jsonl or .csv")],
    out: Annotated[Path, typer.Option("--out", help="the job store (SQLite); re-run to resume")],
    concurrency: Annotated[int, typer.Option(min=1, help="requests in flight (the local backend uses 1)")] = 8,
    rpm: Annotated[Optional[float], typer.Option(help="requests per minute allowed by the provider")] = None,
    tpm: Annotated[Optional[float], typer.Option(help="tokens per minute allowed by the provider")] = None,
    retry_errors: Annotated[bool, typer.Option("--retry-errors", help="also re-run articles that failed")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="neither read nor write the response cache")] = False,
    cache_path: Annotated[Optional[Path], typer.Option("--cache", help="cache file [default: $EXTRACTOR_HOME/cache.db]")] = None,
    prices: Annotated[Optional[list[Path]], typer.Option("--prices", help="extra price table CSV (model,input_per_mtok,output_per_mtok)")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    backend: Backend = None,
    model: Model = None,
    base_url: BaseUrl = None,
    local_model: LocalModel = None,
    structured_output: StructuredOutput = None,
    candidates: Candidates = None,
    strategy: StrategyOption = None,
) -> None:
    """Extract every article of INPUT into a job store; only what is missing runs again."""
    # One pooled HTTP connection per request in flight.
    config = build_config(backend, model, base_url, local_model, structured_output, candidates, strategy).replace(
        max_connections=concurrency)
    # instructor logs every failed try to stderr; here each failure is an error record and the bar counts it.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    records = read_inputs(input_path)  # raises InputError for a missing or unknown input, before any call
    price_table = PriceTable(tuple(prices or ()))
    options = JobOptions(concurrency=concurrency, rpm=rpm, tpm=tpm, retry_errors=retry_errors)
    console = Console(stderr=True)
    total = None if quiet else count_inputs(input_path)
    with JobStore(out) as store, Extractor(config) as extractor:
        cache = None if no_cache else ResponseCache(cache_path)
        try:
            job = BatchJob(extractor, store, options, cache=cache, prices=price_table)
            asyncio.run(_drive(job, records, total, console, quiet))
        finally:
            if cache is not None:
                cache.close()
        _print_summary(job.summary, store, extractor.engine.model, console)


async def _drive(job: BatchJob, records, total: int | None, console: Console, quiet: bool) -> None:
    summary = job.summary
    if quiet:
        async for _ in job.run(records):
            pass
        return
    progress = Progress(
        TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
        TextColumn("tokens {task.fields[tokens]}"), TextColumn("cost {task.fields[cost]}"),
        TextColumn("errors {task.fields[errors]}"), console=console, refresh_per_second=4,
    )
    with progress:
        task = progress.add_task("batch", total=total, rate="- art/s", tokens=0, cost="-", errors=0)
        async for _ in job.run(records):
            rate = summary.processed / summary.elapsed_s if summary.elapsed_s else 0.0
            progress.update(task, completed=summary.processed + summary.skipped, rate=_rate(rate),
                            tokens=f"{summary.prompt_tokens + summary.completion_tokens:,}",
                            cost=_money(summary.cost_usd, summary.unpriced), errors=summary.errors)
        progress.update(task, completed=summary.processed + summary.skipped)


def _money(cost: float, unpriced: int) -> str:
    if unpriced and not cost:
        return "unknown"
    return f"${cost:.4f}" + ("+" if unpriced else "")


def _print_summary(summary: JobSummary, store: JobStore, model: str, console: Console) -> None:
    counts, totals = store.counts(), store.totals()
    rate = summary.processed / summary.elapsed_s if summary.elapsed_s else 0.0
    table = Table(title=f"Batch summary ({model})", show_header=False)
    table.add_column("what")
    table.add_column("this run", justify="right")
    rows = [
        ("input records", f"{summary.seen:,}"),
        ("already done (skipped)", f"{summary.skipped:,}"),
        ("ok", f"{summary.ok:,}"),
        ("errors", f"{summary.errors:,}" + (f" ({', '.join(f'{k} {v}' for k, v in summary.error_kinds.most_common())})"
                                            if summary.error_kinds else "")),
        ("cache hits", f"{summary.cache_hits:,}"),
        ("model calls", f"{summary.model_calls:,}"),
        ("tokens (prompt / completion)", f"{summary.prompt_tokens:,} / {summary.completion_tokens:,}"),
        ("cost", _money(summary.cost_usd, summary.unpriced)),
        ("time / rate", f"{summary.elapsed_s:.1f} s / {_rate(rate)}"),
        ("job store: ok / errors", f"{counts['ok']:,} / {counts['error']:,}"),
        ("job store: total cost", "unknown" if totals["cost_usd"] is None else
         f"${totals['cost_usd']:.4f}" + ("" if totals["cost_complete"] else "+")),
    ]
    for what, value in rows:
        table.add_row(what, value)
    console.print(table)
    if counts["error"]:
        console.print(f"{counts['error']} article(s) failed: `extractor export` leaves them out; "
                      "re-run with --retry-errors to try them again.")


def _rate(per_second: float) -> str:
    """Articles per second, or seconds per article when slower than one a second (a local model)."""
    if per_second >= 1 or per_second <= 0:
        return f"{per_second:.1f} art/s"
    return f"{1 / per_second:.1f} s/art"
