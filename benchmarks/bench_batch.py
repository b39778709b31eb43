"""Batch benchmark: prints figures, asserts nothing (speed targets live here, not in the test suite).

    python benchmarks/bench_batch.py            # every scenario (a few minutes)
    python benchmarks/bench_batch.py startup throughput overhead memory faults

Scenarios, all against the loopback fault-injecting server run in its own process (benchmarks/fake_server.py):
- startup: seconds until the gazetteer is ready, on a machine's first run and on later runs
- throughput: concurrency 64, 200 ms latency, response cache on as in the CLI: our batch and the peer (a plain
  instructor loop, asyncio.gather + semaphore, as its users write it), each on the SDK's default httpx2 client
  and on its aiohttp client (KINDS), each in its own process pinned to CPU 0,
  each after a 64-article warm-up in that process, each 3 times (median and range); only successful articles
  count toward a rate, and the success counts are printed; then our batch with --rpm 6000
- overhead: the same two at zero latency (client CPU per article, end to end over HTTP), then our batch
  machinery alone (an in-process engine that answers at once), then a fully cached re-run
- memory: peak RSS of a job over 1,000 and 100,000 streamed input articles (in-process engine)
- faults: 20% faults (429, 500, stall, drop, truncate): articles lost, articles processed twice (counted from
  usage rows, never from a primary key), failures without a record
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor import Config, Extractor  # noqa: E402
from extractor.batch import BatchJob, JobOptions, JobStore, ResponseCache, read_inputs  # noqa: E402
from extractor.engines.base import Engine  # noqa: E402

HERE = Path(__file__).resolve().parent
FILLER = (
    "Residents said the attackers arrived on motorcycles before dawn and set several houses on fire. "
    "Local officials called for more security in the area, which has seen repeated raids this year. "
)


def article(i: int) -> str:
    return f"Gunmen attacked a village near Kano on Monday, killing two people, police said. Report {i}. " + FILLER * 3


def write_input(path: Path, n: int, prefix: str = "a") -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = article(i) if prefix == "a" else article(i).replace("Report", "Warm-up report")
            out.write(json.dumps({"id": f"{prefix}{i}", "text": text, "published": "2021-03-09"}) + "\n")
    return path


def pin(cpu: int) -> None:
    if hasattr(os, "sched_setaffinity") and os.cpu_count() and os.cpu_count() > 1:
        os.sched_setaffinity(0, {cpu})


@contextmanager
def server(*args: str):
    cpu = ["--cpu", "1"] if (os.cpu_count() or 1) > 1 else []
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "fake_server.py"), *args, *cpu], stdout=subprocess.PIPE, text=True
    )
    try:
        yield proc.stdout.readline().strip()
    finally:
        proc.kill()
        proc.wait()


def config(base_url: str, **overrides: Any) -> Config:
    values = dict(
        backend="openai",
        model="gpt-4o-mini",
        api_key="bench-key",
        base_url=base_url,
        candidate_mode=False,
        timeout_s=10.0,
        retry_max_wait_s=2.0,
    )
    values.update(overrides)
    return Config(**values)


def run_job(
    extractor: Extractor,
    source: Path,
    job: Path,
    *,
    concurrency: int,
    cache: ResponseCache | None = None,
    rpm: float | None = None,
) -> tuple[Any, float]:
    async def go() -> Any:
        with JobStore(job) as store:
            batch = BatchJob(extractor, store, JobOptions(concurrency=concurrency, rpm=rpm), cache=cache)
            async for _ in batch.run(read_inputs(source)):
                pass
            return batch.summary

    started_cpu = time.process_time()
    summary = asyncio.run(go())
    return summary, time.process_time() - started_cpu


class InstantEngine(Engine):
    """Answers at once, in process: what remains is the batch machinery, instructor and the pipeline."""

    backend = "openai"

    def __init__(self, cfg: Config, answer: str) -> None:
        from openai.types.chat import ChatCompletion

        super().__init__(cfg)
        self._response = ChatCompletion.model_validate(
            {
                "id": "x",
                "object": "chat.completion",
                "created": 0,
                "model": cfg.model_name,
                "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": answer}}],
                "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
            }
        )

    async def raw_acreate(self, **kwargs: Any) -> Any:
        return self._response


def instant_extractor(answer: str | None = None) -> Extractor:
    from fake_server import ANSWER  # noqa: PLC0415

    cfg = config("http://unused.invalid/v1")
    return Extractor(cfg, engine=InstantEngine(cfg, answer or ANSWER))


# -- scenarios ------------------------------------------------------------------------------------------
REPEATS = 3  # the headline scenarios run this many times: a shared machine's noise shows as the range
#: Our batch on its default async transport (aiohttp) and on httpx2; the peer on the SDK's default client
#: (httpx2, as its users write it) and on the SDK's aiohttp client.
KINDS = ("ours", "ours-httpx", "peer", "peer-aiohttp")


def child(kind: str, url: str, source: Path, tmp: Path, concurrency: int, rpm: float | None = None) -> dict:
    """One measured run in its own process pinned to CPU 0 (the server has CPU 1), after a 64-article
    warm-up in that same process: the same treatment for our batch and for the peer."""
    args = [sys.executable, __file__, "_child", kind, url, str(source), str(tmp), str(concurrency), str(rpm or 0)]
    out = subprocess.run(
        args, capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(HERE.parent)}
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _child(kind: str, url: str, source: str, tmp: str, concurrency: str, rpm: str) -> None:
    pin(0)
    tmp_dir, n_conc, rpm_value = Path(tmp), int(concurrency), float(rpm) or None
    warm = write_input(tmp_dir / f"warm-{kind}-{os.getpid()}.jsonl", 64, prefix="w")
    if kind.startswith("ours"):  # "ours": the default async transport (aiohttp); "ours-httpx": httpx2's
        cfg = config(url).replace(
            max_connections=n_conc, async_transport="httpx" if kind == "ours-httpx" else "aiohttp"
        )
        with Extractor(cfg) as extractor:
            run_job(extractor, warm, tmp_dir / f"warm-{os.getpid()}.db", concurrency=n_conc)
        with Extractor(cfg) as extractor:  # as the CLI runs: response cache on
            job = tmp_dir / f"run-{os.getpid()}.db"
            summary, cpu = run_job(
                extractor,
                Path(source),
                job,
                concurrency=n_conc,
                rpm=rpm_value,
                cache=ResponseCache(tmp_dir / f"cache-{os.getpid()}.db"),
            )
        print(
            json.dumps(
                {
                    "ok": summary.ok,
                    "total": summary.processed,
                    "errors": summary.errors,
                    "elapsed": summary.elapsed_s,
                    "cpu": cpu,
                    "duplicates": duplicates(job),
                }
            )
        )
    else:
        texts = [json.loads(line)["text"] for line in Path(source).read_text(encoding="utf-8").splitlines()]
        warm_texts = [json.loads(line)["text"] for line in warm.read_text(encoding="utf-8").splitlines()]
        aiohttp = kind == "peer-aiohttp"
        asyncio.run(instructor_loop(url, warm_texts, n_conc, aiohttp=aiohttp))
        cpu = time.process_time()
        ok, total, elapsed = asyncio.run(instructor_loop(url, texts, n_conc, aiohttp=aiohttp))
        print(
            json.dumps(
                {
                    "ok": ok,
                    "total": total,
                    "errors": total - ok,
                    "elapsed": elapsed,
                    "cpu": time.process_time() - cpu,
                    "duplicates": None,
                }
            )
        )


def duplicates(job: Path) -> int:
    """Articles our batch processed more than once, counted from usage rows (one per committed outcome)."""
    db = sqlite3.connect(job)
    return db.execute(
        "SELECT COUNT(*) FROM (SELECT article_id FROM usage GROUP BY article_id HAVING COUNT(*) > 1)"
    ).fetchone()[0]


def report(label: str, runs: list[dict], ceiling: float | None) -> None:
    rates = [r["ok"] / r["elapsed"] for r in runs]  # only successful articles count toward a rate
    ordered = sorted(rates)
    median = ordered[len(ordered) // 2]
    cpu = sorted(1000 * r["cpu"] / max(r["total"], 1) for r in runs)[len(runs) // 2]
    against = f" = {100 * median / ceiling:.1f}% of the {ceiling:.0f}/s ceiling" if ceiling else ""
    dups = ", ".join(str(r["duplicates"]) for r in runs) if runs[0]["duplicates"] is not None else "not tracked"
    print(
        f"{label}: median {median:.1f}/s (range {ordered[0]:.1f}-{ordered[-1]:.1f} over {len(runs)} runs){against}; "
        f"ok {'/'.join(str(r['ok']) for r in runs)} of {runs[0]['total']}; client CPU {cpu:.2f} ms/article; "
        f"duplicates {dups}"
    )


def throughput(tmp: Path, n: int = 3000) -> None:
    """Concurrency 64 at 200 ms latency (ceiling 320/s): our batch against the plain instructor loop."""
    source = write_input(tmp / "tp.jsonl", n)
    with server("--latency", "0.2") as url:
        for kind in KINDS:
            runs = [child(kind, url, source, tmp, 64) for _ in range(REPEATS)]
            report(f"throughput  {kind:>12}, concurrency 64, latency 200 ms", runs, 64 / 0.2)
    with server("--latency", "0.2", "--rpm", "6000") as url:
        runs = [child("ours", url, write_input(tmp / "tp_rpm.jsonl", 1500), tmp, 64, rpm=6000)]
        report("throughput  ours, --rpm 6000", runs, 6000 / 60)


def startup(tmp: Path) -> None:
    """One-time cost before the first article: the gazetteer, built (first run on a machine) or read back."""
    code = (
        "import time; t = time.perf_counter(); from extractor.normalize import places; i = time.perf_counter(); "
        "places.find_places('Kano'); places.geocode('Kano'); print(i - t, time.perf_counter() - i)"
    )
    home = tmp / "startup-home"
    env = {**os.environ, "EXTRACTOR_HOME": str(home), "PYTHONPATH": str(HERE.parent)}
    for label in ("first run (builds the town index)", "later runs (reads it back)"):
        imports, gazetteer = map(
            float,
            subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            ).stdout.split(),
        )
        print(f"startup     {label}: gazetteer ready in {gazetteer:.2f} s (after {imports:.2f} s of imports)")


def overhead(tmp: Path, n: int = 3000) -> None:
    """Zero latency, one core each: end-to-end client CPU of our batch and of the instructor loop, then our
    batch machinery alone (an in-process engine) and a fully cached re-run."""
    source = write_input(tmp / "oh.jsonl", n)
    with server() as url:
        for kind in KINDS:
            runs = [child(kind, url, source, tmp, 16) for _ in range(REPEATS)]
            report(f"overhead    {kind:>12}, zero latency, concurrency 16, 1 core", runs, None)
    pin(0)
    extractor = instant_extractor()
    run_job(extractor, write_input(tmp / "warm2.jsonl", 64, prefix="w"), tmp / "warm2.db", concurrency=16)
    cache = ResponseCache(tmp / "cache.db")
    summary, cpu = run_job(extractor, source, tmp / "instant.db", concurrency=16, cache=cache)
    print(
        f"overhead    in-process engine (batch + instructor + pipeline + store + cache writes): "
        f"{summary.processed / summary.elapsed_s:.1f} articles/s, {1000 * cpu / summary.processed:.2f} ms/article"
    )
    summary, cpu = run_job(extractor, source, tmp / "cached.db", concurrency=16, cache=cache)
    print(
        f"overhead    fully cached re-run ({summary.cache_hits} hits, {summary.model_calls} model calls): "
        f"{summary.processed / summary.elapsed_s:.1f} articles/s, {1000 * cpu / summary.processed:.2f} ms/article"
    )


def memory(tmp: Path, sizes: tuple[int, ...] = (1_000, 100_000)) -> None:
    for n in sizes:
        source = write_input(tmp / f"mem{n}.jsonl", n)
        out = subprocess.run(
            [sys.executable, __file__, "_memory_child", str(source), str(tmp / f"mem{n}.db")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        print(
            f"memory      {n:>7,} input articles ({source.stat().st_size / 1e6:.1f} MB): peak RSS {int(out[0]) / 1024:.1f} MiB, "
            f"{int(out[1]) / float(out[2]):.0f} articles/s"
        )


def _memory_child(source: str, job: str) -> None:
    summary, _ = run_job(instant_extractor('{"incidents": []}'), Path(source), Path(job), concurrency=16)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, summary.processed, summary.elapsed_s)


def faults(tmp: Path, n: int = 1000) -> None:
    source = write_input(tmp / "faults.jsonl", n)
    with server("--latency", "0.05", "--fault-rate", "0.2", "--stall", "3") as url:
        with Extractor(config(url, timeout_s=1.0, retry_max_wait_s=1.0)) as extractor:
            summary, _ = run_job(extractor, source, tmp / "faults.db", concurrency=64)
    db = sqlite3.connect(tmp / "faults.db")
    ids = {r[0] for r in db.execute("SELECT article_id FROM results")}
    failed = db.execute("SELECT COUNT(*) FROM results WHERE status = 'error'").fetchone()[0]
    recorded = db.execute("SELECT COUNT(*) FROM errors").fetchone()[0]
    kinds = dict(db.execute("SELECT kind, COUNT(*) FROM errors GROUP BY kind").fetchall())
    print(
        f"faults      20% faults over {n} articles in {summary.elapsed_s:.1f} s: lost {n - len(ids)}, "
        f"processed twice {duplicates(tmp / 'faults.db')} (from usage rows), ok {len(ids) - failed}, "
        f"failed {failed} (error records {recorded}: {kinds})"
    )


async def instructor_loop(
    url: str, texts: list[str], concurrency: int, *, aiohttp: bool = False
) -> tuple[int, int, float]:
    """The peer as its users write it: instructor.from_openai, asyncio.gather and a semaphore, the SDK's own
    retries; no store, no resume, no cache, no grounding, results held in memory. ``aiohttp``: on the SDK's
    documented aiohttp client, as our batch runs by default."""
    import instructor
    import openai

    from extractor.prompting import render_prompt
    from extractor.schemas import ExtractionDraft

    options = {"http_client": openai.DefaultAioHttpClient()} if aiohttp else {}
    raw = openai.AsyncOpenAI(base_url=url, api_key="bench-key", max_retries=4, **options)
    client = instructor.from_openai(raw, mode=instructor.Mode.JSON_SCHEMA)
    semaphore = asyncio.Semaphore(concurrency)

    async def one(text: str) -> ExtractionDraft | None:
        async with semaphore:
            try:
                return await client.chat.completions.create(
                    model="gpt-4o-mini",
                    response_model=ExtractionDraft,
                    max_retries=2,
                    messages=render_prompt(text).messages,
                    temperature=0,
                )
            except Exception:
                return None

    started = time.perf_counter()
    results = await asyncio.gather(*(one(text) for text in texts))
    elapsed = time.perf_counter() - started
    await raw.close()
    return sum(r is not None for r in results), len(texts), elapsed


SCENARIOS = {"startup": startup, "throughput": throughput, "overhead": overhead, "memory": memory, "faults": faults}


def main(argv: list[str]) -> None:
    if argv[:1] == ["_memory_child"]:
        _memory_child(*argv[1:3])
        return
    if argv[:1] == ["_child"]:
        import logging

        logging.getLogger("instructor").setLevel(logging.CRITICAL)
        _child(*argv[1:7])
        return
    import logging

    logging.getLogger("instructor").setLevel(logging.CRITICAL)  # failed tries are counted, not logged
    chosen = argv or list(SCENARIOS)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["EXTRACTOR_HOME"] = tmp  # never touch the user's cache
        for name in chosen:
            SCENARIOS[name](Path(tmp))


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main(sys.argv[1:])
