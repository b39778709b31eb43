"""``extractor batch INPUT --out JOB.db``: a resumable, cached, rate-limited job with a progress bar.

With ``--provider-batch`` the articles go through the provider's Batch API instead (batch/provider/):
submitted, polled with a progress bar, collected; Ctrl-C leaves the batches running and a re-run resumes.
With ``--ray`` the same job runs on Ray Data (extractor.batch.ray_job) and ``--out`` is a directory.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ..api import Extractor
from ..batch import BatchJob, JobOptions, JobStore, JobSummary, PriceTable, ResponseCache, read_inputs
from ..batch.inputs import count_inputs
from ..batch.provider import ProviderBatchJob, ProviderBatchOptions, ProviderBatchProgress
from ..batch.ray_job import RayJobOptions, run_ray_job
from ..config import Config
from ..errors import ConfigurationError
from ..store import open_results
from . import EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, app
from .inputs import quiet_reader_logs
from .options import ModelOptions, options


@dataclass(frozen=True)
class ProviderBatchFlags:
    """``--provider-batch`` and the flags that only it reads."""

    provider_batch: Annotated[
        bool, typer.Option("--provider-batch", help="use the provider's Batch API (half price, answers within 24 h)")
    ] = False
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="with --provider-batch: submit and leave; re-run to collect")
    ] = False
    poll_interval: Annotated[
        float, typer.Option("--poll-interval", min=0.0, help="with --provider-batch: seconds between polls")
    ] = 30.0
    max_cost: Annotated[
        float | None,
        typer.Option(
            "--max-cost",
            min=0.0,
            metavar="USD",
            help="with --provider-batch: stop submitting once projected plus spent cost would pass this",
        ),
    ] = None
    batch_max_requests: Annotated[int, typer.Option("--batch-max-requests", min=1, help="requests per batch file")] = (
        50_000
    )
    batch_max_bytes: Annotated[int, typer.Option("--batch-max-bytes", min=1, help="bytes per batch file")] = 190_000_000


@dataclass(frozen=True)
class RayFlags:
    """``--ray`` and the flags that only it reads."""

    ray: Annotated[bool, typer.Option("--ray", help="run on Ray Data: an actor pool, parquet results in --out DIR")] = (
        False
    )
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray-address", help="Ray cluster to join (auto, ray://host:10001) \\[default: RAY_ADDRESS or a local Ray]"
        ),
    ] = None
    workers: Annotated[int, typer.Option("--workers", min=1, help="Ray actors, one Extractor each (with --ray)")] = 2


@app.command(
    epilog="Exit codes: 0 every article ended ok; 3 the job store holds error records (list them with "
    "`extractor errors JOB`; re-run with --retry-errors); 2 bad input path, flags or configuration "
    "(nothing ran); 1 the job stopped on a model or service failure; 130 interrupted (re-run to "
    "resume)."
)
@options(ModelOptions, ProviderBatchFlags, RayFlags)
def batch(
    input_path: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="directory of .txt, .html and .pdf files, .jsonl "
            "or .csv (--ray: .jsonl, .csv or parquet, local "
            "or a URI)",
        ),
    ],
    out: Annotated[
        str, typer.Option("--out", help="the job store (SQLite), or with --ray a directory; re-run to resume")
    ],
    concurrency: Annotated[
        int, typer.Option(min=1, help="requests in flight, per worker with --ray (the local backend uses 1)")
    ] = 8,
    rpm: Annotated[float | None, typer.Option(help="requests per minute allowed by the provider")] = None,
    tpm: Annotated[float | None, typer.Option(help="tokens per minute allowed by the provider")] = None,
    retry_errors: Annotated[bool, typer.Option("--retry-errors", help="also re-run articles that failed")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="neither read nor write the response cache")] = False,
    cache_path: Annotated[
        Path | None, typer.Option("--cache", help="cache file \\[default: $EXTRACTOR_HOME/cache.db]")
    ] = None,
    prices: Annotated[
        list[Path] | None, typer.Option("--prices", help="extra price table CSV (model,input_per_mtok,output_per_mtok)")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            help="CSV or JSONL with path, published, source, "
            "url per file of a directory \\[default: its manifest.csv or "
            "manifest.jsonl]",
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="publication date YYYY-MM-DD of the "
            "articles that give none (metadata, front matter, manifest, "
            "a record's field)",
        ),
    ] = None,
    *,
    model: ModelOptions,
    provider: ProviderBatchFlags,
    ray: RayFlags,
) -> None:
    """Extract every article of INPUT into a job store; only what is missing runs again."""
    # One pooled HTTP connection per request in flight.
    config = model.config(max_connections=concurrency)
    if ray.ray:
        if manifest or published:
            raise ConfigurationError(
                "--manifest and --published work without --ray: give each record its 'published' field instead"
            )
        if provider.provider_batch:
            raise ConfigurationError("--ray and --provider-batch are two ways to run a job: choose one")
        counts = _run_on_ray(
            input_path,
            out,
            config,
            RayJobOptions(
                workers=ray.workers,
                concurrency=concurrency,
                rpm=rpm,
                tpm=tpm,
                retry_errors=retry_errors,
                cache=not no_cache,
                cache_path=str(cache_path) if cache_path else None,
                prices=tuple(str(p) for p in prices or ()),
                address=ray.ray_address,
                progress=not quiet,
            ),
        )
        raise typer.Exit(_job_exit_code(counts))
    # raises InputError for a missing or unknown input, a bad manifest or --published, before any call
    records = read_inputs(input_path, manifest=manifest, published=published)
    quiet_reader_logs()
    price_table = PriceTable(tuple(prices or ()))
    job_options = JobOptions(concurrency=concurrency, rpm=rpm, tpm=tpm, retry_errors=retry_errors)
    console = Console(stderr=True)
    if provider.provider_batch:
        if config.backend != "openai":
            raise ConfigurationError("--provider-batch needs the openai backend (--backend openai)")
        batch_options = ProviderBatchOptions(
            max_requests=provider.batch_max_requests,
            max_bytes=provider.batch_max_bytes,
            poll_interval_s=provider.poll_interval,
            wait=not provider.no_wait,
            max_cost_usd=provider.max_cost,
            retry_errors=retry_errors,
        )
        counts = _provider_batch(
            config, records, out, batch_options, price_table, None if no_cache else cache_path, no_cache, console, quiet
        )
        raise typer.Exit(_job_exit_code(counts))
    if provider.no_wait or provider.max_cost is not None:
        raise ConfigurationError("--no-wait and --max-cost work with --provider-batch only")
    total = None if quiet else count_inputs(input_path)
    with JobStore(out) as store, Extractor(config) as extractor:
        cache = None if no_cache else ResponseCache(cache_path)
        try:
            job = BatchJob(extractor, store, job_options, cache=cache, prices=price_table)
            asyncio.run(_drive(job, records, total, console, quiet))
        finally:
            if cache is not None:
                cache.close()
        counts = store.counts()
        _print_summary(job.summary, counts, store.totals(), extractor.engine.model, console, where="job store", job=out)
    raise typer.Exit(_job_exit_code(counts))


def _job_exit_code(counts: dict[str, int]) -> int:
    """0 when the job holds no error record, EXIT_PARTIAL when it does (whichever run made them)."""
    return EXIT_PARTIAL if counts["error"] else EXIT_OK


def _run_on_ray(input_path: str, out: str, config: Config, options: RayJobOptions) -> dict[str, int]:
    console = Console(stderr=True)
    summary = run_ray_job(input_path, out, config, options)
    with open_results(out) as results:
        counts = results.counts()
    _print_summary(
        summary,
        counts,
        None,
        config.model_name,
        console,
        where=f"{out} ({options.workers} worker(s) x {options.concurrency})",
        job=out,
    )
    return counts


async def _drive(job: BatchJob, records, total: int | None, console: Console, quiet: bool) -> None:
    summary = job.summary
    if quiet:
        async for _ in job.run(records):
            pass
        return
    progress = Progress(
        TextColumn("[bold]batch"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        TextColumn("tokens {task.fields[tokens]}"),
        TextColumn("cost {task.fields[cost]}"),
        TextColumn("errors {task.fields[errors]}"),
        console=console,
        refresh_per_second=4,
    )
    with progress:
        task = progress.add_task("batch", total=total, rate="- art/s", tokens=0, cost="-", errors=0)
        async for _ in job.run(records):
            rate = summary.processed / summary.elapsed_s if summary.elapsed_s else 0.0
            progress.update(
                task,
                completed=summary.processed + summary.skipped,
                rate=_rate(rate),
                tokens=f"{summary.prompt_tokens + summary.completion_tokens:,}",
                cost=_money(summary.cost_usd, summary.unpriced),
                errors=summary.errors,
            )
        progress.update(task, completed=summary.processed + summary.skipped)


def _provider_batch(
    config,
    records,
    out: str | Path,
    options: ProviderBatchOptions,
    prices: PriceTable,
    cache_path: Path | None,
    no_cache: bool,
    console: Console,
    quiet: bool,
) -> dict[str, int]:
    with JobStore(out) as store, Extractor(config) as extractor:
        cache = None if no_cache else ResponseCache(cache_path)
        progress = _BatchProgress(console, quiet)
        job = ProviderBatchJob(extractor, store, options, prices=prices, cache=cache, on_progress=progress.update)
        try:
            with progress:
                job.run(records)
        except KeyboardInterrupt:
            running = job.summary.batches_running
            console.print(
                f"interrupted: {running} batch(es) keep running at the provider; run the same command "
                "again to resume polling and collect them (nothing is submitted twice)."
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
        finally:
            job.close()
            if cache is not None:
                cache.close()
        summary = job.summary
        counts = store.counts()
        _print_summary(
            summary,
            counts,
            store.totals(),
            extractor.engine.model,
            console,
            where="job store",
            job=str(out),
            extra=[
                (
                    "batches submitted / adopted / collected",
                    f"{summary.batches_submitted} / {summary.batches_adopted} / {summary.batches_collected}",
                ),
                ("requests submitted", f"{summary.requests_submitted:,}"),
            ],
        )
    if summary.held_back:
        console.print(
            f"{summary.held_back:,} article(s) not submitted: --max-cost ${options.max_cost_usd:g} would be "
            "passed (spent plus projected); they stay pending, raise --max-cost and run again."
        )
    if summary.batches_running:
        console.print(
            f"{summary.batches_running} batch(es) still running at the provider (projected "
            f"${summary.projected_cost_usd:.4f}): run the same command again to collect them."
        )
    return counts


class _BatchProgress:
    """A rich bar over the requests of the batches being polled; silent with --quiet."""

    def __init__(self, console: Console, quiet: bool) -> None:
        self.quiet = quiet
        self.bar = Progress(
            TextColumn("[bold]provider batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[state]}"),
            console=console,
            refresh_per_second=2,
        )
        self.task = self.bar.add_task("provider batch", total=None, state="submitting")

    def __enter__(self) -> _BatchProgress:
        if not self.quiet:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.quiet:
            self.bar.stop()

    def update(self, progress: ProviderBatchProgress) -> None:
        states = ", ".join(f"{status} {n}" for status, n in sorted(progress.statuses.items()))
        state = f"{progress.phase}: {progress.batches} batch(es) {states}"
        if progress.phase == "polling":  # the provider's request counts; other phases only name what happens
            self.bar.update(
                self.task, total=progress.requests or None, completed=progress.completed + progress.failed, state=state
            )
        else:
            self.bar.update(self.task, state=state)


def _money(cost: float, unpriced: int) -> str:
    if unpriced and not cost:
        return "unknown"
    return f"${cost:.4f}" + ("+" if unpriced else "")


def _print_summary(
    summary: JobSummary,
    counts: dict[str, int],
    totals: dict | None,
    model: str,
    console: Console,
    where: str,
    extra: Sequence[tuple[str, str]] = (),
    job: str = "JOB",
) -> None:
    rate = summary.processed / summary.elapsed_s if summary.elapsed_s else 0.0
    table = Table(title=f"Batch summary ({model})", show_header=False)
    table.add_column("what")
    table.add_column("this run", justify="right")
    rows = [
        ("input records", f"{summary.seen:,}"),
        ("already done (skipped)", f"{summary.skipped:,}"),
        ("ok", f"{summary.ok:,}"),
        (
            "errors",
            f"{summary.errors:,}"
            + (
                f" ({', '.join(f'{k} {v}' for k, v in summary.error_kinds.most_common())})"
                if summary.error_kinds
                else ""
            ),
        ),
        ("cache hits", f"{summary.cache_hits:,}"),
        ("model calls", f"{summary.model_calls:,}"),
        ("tokens (prompt / completion)", f"{summary.prompt_tokens:,} / {summary.completion_tokens:,}"),
        ("cost", _money(summary.cost_usd, summary.unpriced)),
        ("time / rate", f"{summary.elapsed_s:.1f} s / {_rate(rate)}"),
        (f"{where}: ok / errors", f"{counts['ok']:,} / {counts['error']:,}"),
    ]
    if totals is not None:
        rows.append(
            (
                "job store: total cost",
                "unknown"
                if totals["cost_usd"] is None
                else f"${totals['cost_usd']:.4f}" + ("" if totals["cost_complete"] else "+"),
            )
        )
    rows += extra
    for what, value in rows:
        table.add_row(what, value)
    console.print(table)
    if counts["error"]:
        console.print(
            f"{counts['error']} article(s) failed: `extractor errors {job}` lists them, `extractor export` "
            "leaves them out; re-run with --retry-errors to try them again.",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )


def _rate(per_second: float) -> str:
    """Articles per second, or seconds per article when slower than one a second (a local model)."""
    if per_second >= 1 or per_second <= 0:
        return f"{per_second:.1f} art/s"
    return f"{1 / per_second:.1f} s/art"
