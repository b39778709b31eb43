"""Scale-out on Ray Data: ``extractor batch INPUT --out DIR --ray``, the per-article work mapped over actors.

Resource plan (one job):
- ``workers`` actors (ActorPoolStrategy(size=workers), default 2), each reserving ``cpus_per_worker`` (0.5):
  a worker mostly waits on the model server, and the rest of a CPU stays free for Ray Data's read, filter
  and write tasks. Each actor holds one Extractor (one HTTP client) and one response cache (the node's
  SQLite file, shared by the actors of a node).
- Inside an actor, Ray Data runs ``__call__`` (a coroutine) on the actor's event loop; an
  asyncio.Semaphore(concurrency) keeps ``concurrency`` articles in flight per worker, so the job's total is
  ``workers * concurrency``. Batches of ``batch_size`` rows (default twice the per-worker concurrency, at
  least 16): fewer, larger Ray tasks cost Ray's scheduler and object store less per article (bench_ray.py,
  2 x 32: Ray's own processes 4.9 -> 1.7 ms of CPU per article from 16 to 64 rows). Blocks of the same
  size, and two calls in flight per actor, so the semaphore never waits for Ray.
- With --rpm/--tpm, one budget actor (no CPU reserved) holds the token buckets for the whole job: every
  request of every worker waits on it (extractor.batch.budget).

The job: read JSON Lines, CSV or parquet (local or any pyarrow filesystem) -> canonical columns and
sha256 of the text -> drop (article_id, text_sha256) pairs already in DIR (results/, and errors/ unless
retry_errors) -> the actor pool -> outcomes streamed into DIR/results and DIR/errors parquet files
(extractor.batch.ray_sink), beside earlier runs' files -> DIR/job.json. A block's outcomes are on disk as
soon as it is written, so a run that dies keeps what it finished. A duplicated id keeps its first
occurrence (in input order); the others become error rows ``id#k``. A record without an id is named
``sha256:<16 hex of its text's hash>``, as the single-machine reader names it. Each article goes through
extractor.batch.process.ArticleProcessor, the single-machine runner's per-article function.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import math
import os
import socket
import time
from collections import Counter
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..config import Config
from ..errors import ConfigurationError, ExtractorError, InputError
from ..store import ERROR_COLUMNS, RESULT_COLUMNS, ResultsDir, parquet_filesystem
from .inputs import record_from_mapping
from .process import text_sha256
from .runner import JobSummary

__all__ = ["RayJobOptions", "run_ray_job", "ArticleWorker", "OUTCOME_COLUMNS"]

_log = logging.getLogger(__name__)

#: Canonical input columns after reading (``error``: why the record cannot run, e.g. no text).
INPUT_COLUMNS = ("article_id", "where", "text", "text_sha256", "published", "source", "url", "metadata", "error")
#: One row per article out of a worker: the union of the result and error columns, plus what the job counts.
OUTCOME_COLUMNS = tuple(dict.fromkeys(RESULT_COLUMNS + ERROR_COLUMNS + ("status", "calls")))
_INPUT_SUFFIXES = {".jsonl": "json", ".ndjson": "json", ".json": "json", ".csv": "csv", ".parquet": "parquet"}


@dataclass(frozen=True)
class RayJobOptions:
    workers: int = 2
    concurrency: int = 32  # per worker
    rpm: float | None = None
    tpm: float | None = None
    retry_errors: bool = False
    cache: bool = True
    cache_path: str | None = None  # None: each node's $EXTRACTOR_HOME/cache.db
    prices: tuple[str, ...] = ()
    address: str | None = None  # None: a running cluster if RAY_ADDRESS says so, else a local Ray
    batch_size: int | None = None  # None: 2 * concurrency, at least 16
    cpus_per_worker: float = 0.5
    progress: bool = False  # Ray Data's progress bars on stderr


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ConfigurationError("--ray needs Ray Data: pip install 'incident-extractor[ray]'") from None
    return ray


def _schemas() -> tuple[Any, Any]:
    import pyarrow as pa

    types = {
        "prompt_tokens": pa.int64(),
        "completion_tokens": pa.int64(),
        "attempts": pa.int64(),
        "calls": pa.int64(),
        "cost_usd": pa.float64(),
        "cached": pa.bool_(),
    }
    inputs = pa.schema([(name, pa.string()) for name in INPUT_COLUMNS])
    outcomes = pa.schema([(name, types.get(name, pa.string())) for name in OUTCOME_COLUMNS])
    return inputs, outcomes


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


# -- reading ----------------------------------------------------------------------------------------------
def _input_kind(source: str) -> tuple[str, Any, str]:
    """('json' | 'csv' | 'parquet', filesystem, path inside it), from the file's or the directory's suffixes."""
    import pyarrow.fs as pafs

    filesystem, inner = parquet_filesystem(source)
    info = filesystem.get_file_info(inner)
    if info.type == pafs.FileType.NotFound:
        raise InputError(f"{source}: no such file or directory")
    names = (
        [info.path]
        if info.type == pafs.FileType.File
        else [
            f.path
            for f in filesystem.get_file_info(pafs.FileSelector(inner, recursive=True))
            if f.type == pafs.FileType.File
        ]
    )
    kinds = {kind for n in names if (kind := _INPUT_SUFFIXES.get(os.path.splitext(n)[1].lower())) is not None}
    if len(kinds) == 1:
        return kinds.pop(), filesystem, inner
    if not kinds and any(n.lower().endswith(".txt") for n in names):
        raise InputError(f"{source}: a directory of .txt files runs without --ray (or convert it to JSON Lines)")
    found = ", ".join(sorted(kinds)) or "no .jsonl, .csv or .parquet file"
    raise InputError(f"{source}: --ray reads JSON Lines, CSV or parquet, one kind per input; found {found}")


def _read(ray: Any, source: str) -> Any:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    kind, filesystem, inner = _input_kind(source)
    common = dict(filesystem=filesystem, include_paths=True)
    if kind == "json":  # pandas' line reader (lines=True) types each line alone: mixed id types still read
        where = source if "://" in source else inner  # it resolves the filesystem from the path itself
        return ray.data.read_json(where, lines=True, include_paths=True, file_extensions=["jsonl", "ndjson", "json"])
    if kind == "csv":  # the named columns stay text: "0042" is an id, not a number
        types = {name: pa.string() for name in ("id", "text", "published", "source", "url")}
        return ray.data.read_csv(inner, convert_options=pacsv.ConvertOptions(column_types=types), **common)
    return ray.data.read_parquet(inner, **common)


def _plain(value: Any) -> Any:
    """A JSON-able Python value: dates as ISO text, NaN (pandas' missing) as None."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return _plain(value.item())
    return value


def normalize_batch(batch: Any) -> Any:
    """Raw input rows -> INPUT_COLUMNS, with the same field rules as the single-machine reader."""
    import pyarrow as pa

    rows = []
    for raw in batch.to_pylist():
        name = os.path.basename(str(raw.pop("path", None) or "input"))
        item = {key: _plain(value) for key, value in raw.items()}
        text = item.get("text")
        digest = text_sha256(text) if isinstance(text, str) else None
        fallback = f"{name}:{text_sha256(json.dumps(item, sort_keys=True, default=str))[:16]}"  # no text, no id
        record = record_from_mapping(item, 0, fallback, name, id_from_text=True)
        where = f"{name} id {record.article_id}"
        if record.error is not None:
            record = replace(record, error=record.error.replace(name, where, 1))
        rows.append(
            {
                "article_id": record.article_id,
                "where": where,
                "text": record.text,
                "text_sha256": digest,
                "published": record.published,
                "source": record.source,
                "url": record.url,
                "metadata": json.dumps(record.metadata, ensure_ascii=False, default=str),
                "error": record.error,
            }
        )
    return pa.Table.from_pylist(rows, schema=_schemas()[0])


def drop_done(batch: Any, done: frozenset, held: frozenset) -> Any:
    """Rows still to run: not an (id, hash) pair in ``done``, not an id the driver resolves (``held``)."""
    import pyarrow as pa

    keep = [
        (row_id, digest) not in done and row_id not in held
        for row_id, digest in zip(batch.column("article_id").to_pylist(), batch.column("text_sha256").to_pylist())
    ]
    return batch.filter(pa.array(keep, type=pa.bool_()))


# -- the worker ---------------------------------------------------------------------------------------------
class ArticleWorker:
    """One actor: one Extractor, one response cache and the single-machine runner's ArticleProcessor;
    ``__call__`` runs a batch's articles concurrently, at most ``concurrency`` per actor at a time."""

    def __init__(
        self,
        config: Config,
        concurrency: int,
        cache: bool,
        cache_path: str | None,
        budget: Any,
        prices: tuple[str, ...],
    ) -> None:
        from ..api import Extractor
        from ..normalize import places
        from .cache import ResponseCache
        from .prices import PriceTable
        from .process import ArticleProcessor

        logging.getLogger("instructor").setLevel(logging.CRITICAL)  # each failure is an error row
        extractor = Extractor(config.replace(max_connections=concurrency))  # one pooled connection per request
        self.processor = ArticleProcessor(
            extractor,
            cache=ResponseCache(cache_path) if cache else None,
            budget=budget,
            prices=PriceTable(tuple(prices)),
        )
        # The local backend is one model in this process: parallel calls would only queue on its lock.
        self.concurrency = 1 if self.processor.backend == "local" else concurrency
        self._semaphore: asyncio.Semaphore | None = None
        self._schema = _schemas()[1]
        places.load()  # before any request is in flight: the first article must not stall the others

    async def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        if self._semaphore is None:  # made on the event loop Ray Data runs async UDFs on
            self._semaphore = asyncio.Semaphore(self.concurrency)
        rows = await asyncio.gather(*(self._guarded(row) for row in batch.to_pylist()))
        return pa.Table.from_pylist(rows, schema=self._schema)

    async def _guarded(self, row: dict[str, Any]) -> dict[str, Any]:
        assert self._semaphore is not None
        async with self._semaphore:
            return await self.process(row)

    async def process(self, row: dict[str, Any]) -> dict[str, Any]:
        """One input row -> one outcome row. A ConfigurationError stops the job (it would fail every article)."""
        from .inputs import InputRecord

        record = InputRecord(
            0,
            row["article_id"],
            row["where"],
            text=row["text"],
            published=row["published"],
            source=row["source"],
            url=row["url"],
            metadata=json.loads(row["metadata"] or "{}"),
            error=row["error"],
            published_from="record" if row["published"] else "none",
            input_format="record",
        )
        outcome = await self.processor.process(record)
        model, prompt_tokens, completion_tokens, cost, cached = outcome.usage or (
            self.processor.model,
            0,
            0,
            None,
            False,
        )
        out = {name: row[name] for name in ("article_id", "text_sha256", "published", "source", "url", "metadata")}
        out.update(
            model=model,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cost_usd=cost,
            calls=outcome.model_calls,
            finished_at=_now(),
        )
        if outcome.result is not None:
            return {**out, "status": "ok", "extraction": outcome.result.model_dump_json(), "cached": outcome.cached}
        return {**out, "status": "error", **(outcome.error or {})}


# -- the job ------------------------------------------------------------------------------------------------
def _connect(ray: Any, address: str | None) -> None:
    if ray.is_initialized():
        return
    _reachable(address)
    try:
        ray.init(address=address, include_dashboard=False, logging_level=logging.WARNING)
    except Exception as exc:  # ConnectionError, ValueError, RuntimeError depending on what is wrong
        where = address or os.environ.get("RAY_ADDRESS") or "a local Ray"
        raise ConfigurationError(f"cannot start or reach Ray at {where}: {_first_line(exc)}") from None


def _reachable(address: str | None) -> None:
    """Fail in seconds, not after Ray's minutes of retries, when a HOST:PORT address does not answer."""
    if not address or "://" in address or ":" not in address:
        return  # "auto", "local", ray://: Ray's own checks are quick
    host, _, port = address.rpartition(":")
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"cannot reach Ray at {address}: {exc}") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def _rows(ray: Any, source: str) -> Any:
    return _read(ray, source).map_batches(normalize_batch, batch_format="pyarrow")


def _plan(ray: Any, source: str, done: set[tuple[str, str]]) -> tuple[dict[str, list[str]], int, int]:
    """One ordered pass over (id, hash): the ids seen more than once with their hashes in input order,
    how many records there are and how many are already done."""
    context = ray.data.DataContext.get_current()
    ordered = context.execution_options.preserve_order
    context.execution_options.preserve_order = True  # a dataset copies the context when it is made
    first: dict[str, str] = {}
    duplicated: dict[str, list[str]] = {}
    seen = 0
    try:
        rows = _rows(ray, source)
        for batch in rows.select_columns(["article_id", "text_sha256"]).iter_batches(
            batch_format="pyarrow", batch_size=4096
        ):
            for row_id, digest in zip(batch.column("article_id").to_pylist(), batch.column("text_sha256").to_pylist()):
                seen += 1
                if row_id in first:
                    duplicated.setdefault(row_id, [first[row_id]]).append(digest)
                else:
                    first[row_id] = digest
    finally:
        context.execution_options.preserve_order = ordered
    skipped = sum((row_id, digest) in done for row_id, digest in first.items() if row_id not in duplicated)
    return duplicated, seen, skipped


def _resolve_duplicates(
    rows: Any, duplicated: dict[str, list[str]], done: set[tuple[str, str]]
) -> tuple[list[dict], int]:
    """The rows of duplicated ids, decided at the driver: the first occurrence runs, later ones become errors."""
    held = frozenset(duplicated)
    found = rows.map_batches(_only_ids, fn_kwargs={"ids": held}, batch_format="pyarrow").take_all()
    by_id: dict[str, list[dict]] = {}
    for row in found:
        by_id.setdefault(row["article_id"], []).append(row)
    out, skipped = [], 0
    for row_id, group in by_id.items():
        order = duplicated[row_id]
        group.sort(key=lambda r: order.index(r["text_sha256"]) if r["text_sha256"] in order else len(order))
        for k, row in enumerate(group, start=1):
            if k > 1:
                message = f"{row['where']}: duplicate id {row_id!r} (occurrence {k}); ids must be unique"
                row = {**row, "article_id": f"{row_id}#{k}", "text": None, "error": message}
            if (row["article_id"], row["text_sha256"]) in done:
                skipped += 1
                continue
            out.append(row)
    return out, skipped


def _only_ids(batch: Any, ids: frozenset) -> Any:
    import pyarrow as pa

    return batch.filter(pa.array([row_id in ids for row_id in batch.column("article_id").to_pylist()], type=pa.bool_()))


def run_ray_job(source: str, out: str, config: Config, options: RayJobOptions = RayJobOptions()) -> JobSummary:
    """Run the job; returns its counters. Raises InputError / ConfigurationError before any model call."""
    import pyarrow as pa
    import pyarrow.fs as pafs

    started, started_at = time.perf_counter(), _now()
    filesystem, root = parquet_filesystem(out)
    if filesystem.get_file_info(root).type == pafs.FileType.File:
        raise ConfigurationError(f"{out}: with --ray, --out is a directory (this is a file, a job store?)")
    _input_kind(source)  # a missing or unreadable input fails here, before Ray starts
    ray = _import_ray()
    _connect(ray, options.address)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = options.progress
    context.print_on_execution_start = False
    context.raise_original_map_exception = True  # a worker's ConfigurationError reaches us as itself

    existing = ResultsDir(out)
    done = existing.done_pairs(include_errors=not options.retry_errors)
    rows = _rows(ray, source)
    try:
        clock = time.perf_counter()
        duplicated, seen, skipped = _plan(ray, source, done)
        _log.info(
            "plan: %d records, %d done, %d duplicated ids in %.2f s",
            seen,
            skipped,
            len(duplicated),
            time.perf_counter() - clock,
        )
        todo = rows.map_batches(
            drop_done, fn_kwargs={"done": frozenset(done), "held": frozenset(duplicated)}, batch_format="pyarrow"
        )
        if duplicated:
            extra, extra_skipped = _resolve_duplicates(rows, duplicated, done)
            skipped += extra_skipped
            if extra:
                todo = todo.union(ray.data.from_arrow(pa.Table.from_pylist(extra, schema=_schemas()[0])))
        summary = JobSummary(seen=seen, skipped=skipped)
        if seen > skipped:  # else nothing to run: no actor starts
            from .ray_sink import OutcomeSink

            clock = time.perf_counter()
            sink = OutcomeSink(out, _schemas()[1])
            _map(ray, todo, config, options).write_datasink(sink)
            _count(sink.counts, summary)
            _log.info("map and write: %d outcomes in %.2f s", summary.processed, time.perf_counter() - clock)
    except Exception as exc:
        raise _library_error(exc) from None
    summary.elapsed_s = time.perf_counter() - started
    _write_job_json(
        filesystem,
        root,
        {
            "input": source,
            "backend": config.backend,
            "model": config.model_name,
            "options": asdict(options),
            "started_at": started_at,
            "finished_at": _now(),
            "summary": summary.as_dict(),
        },
    )
    return summary


def _map(ray: Any, todo: Any, config: Config, options: RayJobOptions) -> Any:
    budget = None
    if options.rpm or options.tpm:
        from .budget import BudgetKeeper, RemoteBudget

        keeper = ray.remote(num_cpus=0)(BudgetKeeper).remote(options.rpm, options.tpm)
        budget = RemoteBudget(keeper)
    batch_size = options.batch_size or max(16, 2 * options.concurrency)
    calls = max(2, math.ceil(2 * options.concurrency / batch_size))
    return todo.repartition(target_num_rows_per_block=batch_size).map_batches(
        ArticleWorker,
        batch_size=batch_size,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(
            size=options.workers, max_tasks_in_flight_per_actor=calls, max_concurrent_calls_per_actor=calls
        ),
        num_cpus=options.cpus_per_worker,
        fn_constructor_kwargs={
            "config": config,
            "concurrency": options.concurrency,
            "cache": options.cache,
            "cache_path": options.cache_path,
            "budget": budget,
            "prices": options.prices,
        },
    )


def _count(counts: Counter, summary: JobSummary) -> None:
    """The sink's counters into the job summary."""
    for name in ("ok", "errors", "cache_hits", "model_calls", "prompt_tokens", "completion_tokens", "unpriced"):
        setattr(summary, name, counts.get(name, 0))
    summary.cost_usd = counts.get("cost_nano_usd", 0) / 1e9
    summary.error_kinds = Counter({key[5:]: value for key, value in counts.items() if key.startswith("kind:")})


def _library_error(exc: BaseException) -> BaseException:
    """The library error behind a Ray failure (a worker's ConfigurationError comes back wrapped in Ray's
    exceptions, as their ``cause``), else a ProviderError naming the failure."""
    from ..errors import ProviderError

    found: BaseException | None = None
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if type(current).__module__ == ExtractorError.__module__:
            found = current  # the deepest one is the original
        current = getattr(current, "cause", None) or current.__cause__ or current.__context__
    return found if found is not None else ProviderError(f"the Ray job failed: {_first_line(exc)}")


def _write_job_json(filesystem: Any, root: str, run: dict[str, Any]) -> None:
    """DIR/job.json: every run over this DIR, the latest last."""
    path = f"{root.rstrip('/')}/job.json"
    runs: list[dict[str, Any]] = []
    try:
        with filesystem.open_input_stream(path) as handle:
            runs = json.loads(handle.read().decode("utf-8")).get("runs", [])
    except (FileNotFoundError, OSError, ValueError):
        runs = []
    filesystem.create_dir(root, recursive=True)
    with filesystem.open_output_stream(path) as handle:
        handle.write(json.dumps({"runs": [*runs, run]}, indent=2, default=str).encode("utf-8"))
