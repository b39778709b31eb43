"""Batch benchmark: prints figures, asserts nothing (speed targets live here, not in the test suite).

    python benchmarks/bench_batch.py            # every scenario (a few minutes)
    python benchmarks/bench_batch.py startup throughput overhead memory faults instructor

Scenarios, all against the loopback fault-injecting server run in its own process (benchmarks/fake_server.py):
- startup: seconds until the gazetteer is ready, on a machine's first run and on later runs
- throughput: concurrency 64, 200 ms latency, response cache on as in the CLI, after a warm-up; articles/s
  against the ceiling min(concurrency / latency, rpm)
- overhead: zero latency, client pinned to one core: articles/s and client CPU per article, end to end
  (HTTP + openai + instructor + pipeline + batch), then the batch machinery alone (an in-process engine
  that answers at once), then a fully cached re-run
- memory: peak RSS of a job over 1,000 and 100,000 streamed input articles (in-process engine)
- faults: 20% faults (429, 500, stall, drop, truncate): lost / duplicated articles, failures without a record
- instructor: the same throughput scenario written as a plain instructor loop (asyncio.gather + semaphore)
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
FILLER = ("Residents said the attackers arrived on motorcycles before dawn and set several houses on fire. "
          "Local officials called for more security in the area, which has seen repeated raids this year. ")


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
    proc = subprocess.Popen([sys.executable, str(HERE / "fake_server.py"), *args, *cpu], stdout=subprocess.PIPE, text=True)
    try:
        yield proc.stdout.readline().strip()
    finally:
        proc.kill()
        proc.wait()


def config(base_url: str, **overrides: Any) -> Config:
    values = dict(backend="openai", model="gpt-4o-mini", api_key="bench-key", base_url=base_url, candidate_mode=False,
                  timeout_s=10.0, retry_max_wait_s=2.0)
    values.update(overrides)
    return Config(**values)


def run_job(extractor: Extractor, source: Path, job: Path, *, concurrency: int, cache: ResponseCache | None = None,
            rpm: float | None = None) -> tuple[Any, float]:
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
        self._response = ChatCompletion.model_validate({
            "id": "x", "object": "chat.completion", "created": 0, "model": cfg.model_name,
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": answer}}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
        })

    async def raw_acreate(self, **kwargs: Any) -> Any:
        return self._response


def instant_extractor(answer: str | None = None) -> Extractor:
    from fake_server import ANSWER  # noqa: PLC0415

    cfg = config("http://unused.invalid/v1")
    return Extractor(cfg, engine=InstantEngine(cfg, answer or ANSWER))


# -- scenarios ------------------------------------------------------------------------------------------
REPEATS = 3  # the headline scenarios run this many times: a shared machine's noise shows as the range


def spread(rates: list[float]) -> str:
    ordered = sorted(rates)
    return f"median {ordered[len(ordered) // 2]:.1f}/s over {len(rates)} runs (range {ordered[0]:.1f}-{ordered[-1]:.1f})"


def throughput(tmp: Path, n: int = 3000) -> None:
    source = write_input(tmp / "tp.jsonl", n)
    for rpm in (None, 6000):
        ceiling = min(64 / 0.2, (rpm or float("inf")) / 60)
        rates: list[float] = []
        with server("--latency", "0.2", *(["--rpm", str(rpm)] if rpm else [])) as url:
            src = source if rpm is None else write_input(tmp / "tp_rpm.jsonl", 1500)
            with Extractor(config(url)) as extractor:  # warm-up: imports, gazetteer (see startup), templates
                run_job(extractor, write_input(tmp / f"warm{rpm}.jsonl", 64, prefix="w"), tmp / f"warm{rpm}.db",
                        concurrency=64)
            for run in range(REPEATS if rpm is None else 1):
                with Extractor(config(url)) as extractor:  # as the CLI runs: response cache on
                    summary, cpu = run_job(extractor, src, tmp / f"tp{rpm}-{run}.db", concurrency=64, rpm=rpm,
                                           cache=ResponseCache(tmp / f"tp{rpm}-{run}-cache.db"))
                rate = summary.processed / summary.elapsed_s
                rates.append(rate)
                print(f"throughput  concurrency 64, latency 200 ms, rpm {rpm or 'none':>5}: {summary.processed} "
                      f"articles in {summary.elapsed_s:.2f} s = {rate:.1f}/s; ceiling {ceiling:.1f}/s -> "
                      f"{100 * rate / ceiling:.1f}% (errors {summary.errors}, client CPU "
                      f"{1000 * cpu / summary.processed:.2f} ms/article)")
        if len(rates) > 1:
            median = sorted(rates)[len(rates) // 2]
            print(f"throughput  {spread(rates)} -> {100 * median / ceiling:.1f}% of the ceiling")


def startup(tmp: Path) -> None:
    """One-time cost before the first article: the gazetteer, built (first run on a machine) or read back."""
    code = ("import time; t = time.perf_counter(); from extractor.normalize import places; i = time.perf_counter(); "
            "places.find_places('Kano'); places.geocode('Kano'); print(i - t, time.perf_counter() - i)")
    home = tmp / "startup-home"
    env = {**os.environ, "EXTRACTOR_HOME": str(home), "PYTHONPATH": str(HERE.parent)}
    for label in ("first run (builds the town index)", "later runs (reads it back)"):
        imports, gazetteer = map(float, subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                                       text=True, check=True).stdout.split())
        print(f"startup     {label}: gazetteer ready in {gazetteer:.2f} s (after {imports:.2f} s of imports)")


def overhead(tmp: Path, n: int = 3000) -> None:
    pin(0)
    source = write_input(tmp / "oh.jsonl", n)
    rates: list[float] = []
    with server() as url:
        with Extractor(config(url)) as extractor:  # warm-up: imports, gazetteer, prompt templates
            run_job(extractor, write_input(tmp / "warm.jsonl", 50), tmp / "warm.db", concurrency=16)
        for run in range(REPEATS):
            with Extractor(config(url)) as extractor:
                summary, cpu = run_job(extractor, source, tmp / f"oh{run}.db", concurrency=16)
            rates.append(summary.processed / summary.elapsed_s)
            print(f"overhead    end to end over loopback HTTP, 1 core: {rates[-1]:.1f} articles/s, "
                  f"client CPU {1000 * cpu / summary.processed:.2f} ms/article")
    print(f"overhead    end to end over loopback HTTP, 1 core: {spread(rates)}")
    extractor = instant_extractor()
    run_job(extractor, write_input(tmp / "warm2.jsonl", 50), tmp / "warm2.db", concurrency=16)
    cache = ResponseCache(tmp / "cache.db")
    summary, cpu = run_job(extractor, source, tmp / "instant.db", concurrency=16, cache=cache)
    print(f"overhead    in-process engine (batch + instructor + pipeline + store + cache writes): "
          f"{summary.processed / summary.elapsed_s:.1f} articles/s, {1000 * cpu / summary.processed:.2f} ms/article")
    summary, cpu = run_job(extractor, source, tmp / "cached.db", concurrency=16, cache=cache)
    print(f"overhead    fully cached re-run ({summary.cache_hits} hits, {summary.model_calls} model calls): "
          f"{summary.processed / summary.elapsed_s:.1f} articles/s, {1000 * cpu / summary.processed:.2f} ms/article")


def memory(tmp: Path, sizes: tuple[int, ...] = (1_000, 100_000)) -> None:
    for n in sizes:
        source = write_input(tmp / f"mem{n}.jsonl", n)
        out = subprocess.run([sys.executable, __file__, "_memory_child", str(source), str(tmp / f"mem{n}.db")],
                             capture_output=True, text=True, check=True).stdout.split()
        print(f"memory      {n:>7,} input articles ({source.stat().st_size / 1e6:.1f} MB): peak RSS {int(out[0]) / 1024:.1f} MiB, "
              f"{int(out[1]) / float(out[2]):.0f} articles/s")


def _memory_child(source: str, job: str) -> None:
    summary, _ = run_job(instant_extractor('{"incidents": []}'), Path(source), Path(job), concurrency=16)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, summary.processed, summary.elapsed_s)


def faults(tmp: Path, n: int = 1000) -> None:
    source = write_input(tmp / "faults.jsonl", n)
    with server("--latency", "0.05", "--fault-rate", "0.2", "--stall", "3") as url:
        with Extractor(config(url, timeout_s=1.0, retry_max_wait_s=1.0)) as extractor:
            summary, _ = run_job(extractor, source, tmp / "faults.db", concurrency=64)
    db = sqlite3.connect(tmp / "faults.db")
    ids = [r[0] for r in db.execute("SELECT article_id FROM results")]
    failed = db.execute("SELECT COUNT(*) FROM results WHERE status = 'error'").fetchone()[0]
    recorded = db.execute("SELECT COUNT(*) FROM errors").fetchone()[0]
    kinds = dict(db.execute("SELECT kind, COUNT(*) FROM errors GROUP BY kind").fetchall())
    print(f"faults      20% faults over {n} articles in {summary.elapsed_s:.1f} s: lost {n - len(set(ids))}, "
          f"duplicated {len(ids) - len(set(ids))}, ok {len(ids) - failed}, failed {failed} "
          f"(error records {recorded}: {kinds})")


def instructor_loop(tmp: Path, n: int = 3000) -> None:
    import instructor
    import openai

    from extractor.prompting import render_prompt
    from extractor.schemas import ExtractionDraft

    async def go(url: str, concurrency: int) -> tuple[int, int, float]:
        raw = openai.AsyncOpenAI(base_url=url, api_key="bench-key", max_retries=4)
        client = instructor.from_openai(raw, mode=instructor.Mode.JSON_SCHEMA)
        semaphore = asyncio.Semaphore(concurrency)

        async def one(i: int) -> ExtractionDraft | None:
            async with semaphore:
                try:
                    return await client.chat.completions.create(
                        model="gpt-4o-mini", response_model=ExtractionDraft, max_retries=2,
                        messages=render_prompt(article(i)).messages, temperature=0)
                except Exception:
                    return None

        started = time.perf_counter()
        results = await asyncio.gather(*(one(i) for i in range(n)))
        elapsed = time.perf_counter() - started
        await raw.close()
        return sum(r is not None for r in results), n, elapsed

    with server("--latency", "0.2") as url:
        cpu = time.process_time()
        ok, total, elapsed = asyncio.run(go(url, 64))
        cpu = time.process_time() - cpu
    print(f"instructor  plain loop, concurrency 64, latency 200 ms: {ok}/{total} in {elapsed:.2f} s = "
          f"{total / elapsed:.1f}/s ({100 * total / elapsed / 320:.1f}% of 320/s), client CPU {1000 * cpu / total:.2f} ms/article; "
          "no store, no resume, no cache, no grounding, results held in memory")
    pin(0)
    with server() as url:
        cpu = time.process_time()
        ok, total, elapsed = asyncio.run(go(url, 16))
        cpu = time.process_time() - cpu
    print(f"instructor  plain loop at zero latency, 1 core: {total / elapsed:.1f} articles/s, "
          f"client CPU {1000 * cpu / total:.2f} ms/article")


SCENARIOS = {"startup": startup, "throughput": throughput, "overhead": overhead, "memory": memory, "faults": faults,
             "instructor": instructor_loop}


def main(argv: list[str]) -> None:
    if argv[:1] == ["_memory_child"]:
        _memory_child(*argv[1:3])
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
