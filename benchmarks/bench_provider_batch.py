"""Provider Batch API benchmark: prints figures, asserts nothing.

    python benchmarks/bench_provider_batch.py                 # 10,000 articles, 60 s processing delay
    python benchmarks/bench_provider_batch.py --n 2000 --delay 20

The loopback server (benchmarks/fake_server.py, its own process) takes ``--delay`` seconds to process each
batch. The job runs as ``extractor batch --provider-batch`` does (ProviderBatchJob, response cache off),
polling every ``--poll`` seconds. Printed: wall time split into planning + upload, waiting and collection,
against the delay; then the same articles as a real-time job (BatchJob, concurrency 64) on the same server,
and the cost each job recorded in its store.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import config, server, write_input  # noqa: E402

from extractor import Extractor  # noqa: E402
from extractor.batch import BatchJob, JobOptions, JobStore, read_inputs  # noqa: E402
from extractor.batch.provider import ProviderBatchJob, ProviderBatchOptions, ProviderBatchProgress  # noqa: E402


def provider_batch(url: str, source: Path, job: Path, poll: float) -> dict[str, float]:
    marks: dict[str, float] = {}
    started = time.perf_counter()

    def on_progress(progress: ProviderBatchProgress) -> None:
        now = time.perf_counter() - started
        if progress.phase == "submitting":
            marks["submitted"] = now
        elif progress.phase == "collecting":
            marks.setdefault("collecting", now)

    with Extractor(config(url)) as extractor, JobStore(job) as store:
        batch = ProviderBatchJob(extractor, store, ProviderBatchOptions(poll_interval_s=poll), on_progress=on_progress)
        summary = batch.run(read_inputs(source))
        batch.close()
        marks["done"] = time.perf_counter() - started
        marks["ok"], marks["errors"] = summary.ok, summary.errors
        marks["files"] = summary.batches_submitted
        marks["bytes"] = store.db.execute("SELECT SUM(bytes) FROM provider_batch_files").fetchone()[0]
    return marks


def real_time(url: str, source: Path, job: Path) -> tuple[float, str]:
    async def go() -> str:
        with Extractor(config(url)) as extractor, JobStore(job) as store:
            run = BatchJob(extractor, store, JobOptions(concurrency=64))
            async for _ in run.run(read_inputs(source)):
                pass
            kinds = ", ".join(f"{kind} {n}" for kind, n in run.summary.error_kinds.most_common())
            return f"{run.summary.ok:,} ok, {run.summary.errors} errors" + (f" ({kinds})" if kinds else "")

    started = time.perf_counter()
    outcome = asyncio.run(go())
    return time.perf_counter() - started, outcome


def recorded_cost(job: Path) -> tuple[float, int, int]:
    with sqlite3.connect(job) as db:
        return db.execute("SELECT SUM(cost_usd), SUM(prompt_tokens), SUM(completion_tokens) FROM usage").fetchone()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--delay", type=float, default=60.0, help="the server's processing time per batch (s)")
    parser.add_argument("--poll", type=float, default=5.0, help="seconds between polls")
    args = parser.parse_args()
    logging.getLogger("instructor").setLevel(logging.CRITICAL)  # as the CLI: failed tries are counted, not logged
    with tempfile.TemporaryDirectory() as tmp_name, server("--batch-delay", str(args.delay)) as url:
        tmp = Path(tmp_name)
        source = write_input(tmp / "articles.jsonl", args.n)
        with Extractor(config(url)) as extractor:  # warm-up: imports, gazetteer index, templates
            extractor.extract("Gunmen attacked a village near Kano on Monday.", published="2021-03-09")
        marks = provider_batch(url, source, tmp / "batch.db", args.poll)
        rt_wall, rt_outcome = real_time(url, source, tmp / "realtime.db")
        (b_cost, b_in, b_out), (r_cost, r_in, r_out) = (
            recorded_cost(tmp / "batch.db"),
            recorded_cost(tmp / "realtime.db"),
        )
    wall = marks["done"]
    print(f"provider batch, {args.n:,} articles, server processing delay {args.delay:g} s, poll every {args.poll:g} s")
    print(
        f"  {int(marks['ok']):,} ok, {int(marks['errors'])} errors, {int(marks['files'])} batch file(s), "
        f"{marks['bytes'] / 1e6:.1f} MB uploaded"
    )
    print(
        f"  wall {wall:.1f} s = plan + upload + create {marks['submitted']:.1f} s, "
        f"waiting {marks['collecting'] - marks['submitted']:.1f} s, collection {wall - marks['collecting']:.1f} s "
        f"({(wall - marks['collecting']) / args.n * 1000:.2f} ms/article); overhead over the delay "
        f"{wall - args.delay:.1f} s"
    )
    print(f"  recorded cost ${b_cost:.4f} ({b_in:,} prompt + {b_out:,} completion tokens)")
    print(
        f"real time, same articles, concurrency 64: {rt_outcome}; wall {rt_wall:.1f} s, recorded cost "
        f"${r_cost:.4f} ({r_in:,} + {r_out:,} tokens)"
    )
    print(f"batch / real-time cost: {b_cost / r_cost:.3f}")


if __name__ == "__main__":
    main()
