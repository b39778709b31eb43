"""Ray benchmark: prints figures, asserts nothing. Needs the `ray` extra.

    python benchmarks/bench_ray.py                 # 1 worker x 64 and 2 workers x 32, 3 runs each
    python benchmarks/bench_ray.py --n 3200 --runs 1

Against benchmarks/fake_server.py in its own process (200 ms latency), on a local Ray started once
(ray.init(num_cpus=2): a cluster is running before a job is submitted), total concurrency 64 either way:
the ceiling is 64 / 0.2 s = 320 articles/s. A warm-up job first (imports, gazetteer index on disk), then
each configuration runs ``--runs`` times over fresh output directories, with the response cache on as in
the CLI (a fresh cache file per run). Two rates per run:
- job: articles / wall time of run_ray_job (reading, planning, actor start-up, map, parquet writes);
- map: articles / span between the first and the last article finished (``finished_at`` of the rows),
  what the actor pool sustains once started.
Lost and duplicated articles are counted from the parquet rows (article_id of every row written). The CPU
time every process on the machine spent during a run is printed per article, by role (from /proc): where
the two cores went.
The machine has 2 cores: Ray's own processes, the actors and the fake server share them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_batch import REPEATS, config, write_input  # noqa: E402

CEILING = 64 / 0.2


def spread(rates: list[float]) -> str:
    ordered = sorted(rates)
    return (
        f"median {ordered[len(ordered) // 2]:.1f}/s over {len(rates)} runs (range {ordered[0]:.1f}-{ordered[-1]:.1f})"
    )


def server_process(*args: str):
    proc = subprocess.Popen([sys.executable, str(HERE / "fake_server.py"), *args], stdout=subprocess.PIPE, text=True)
    return proc, proc.stdout.readline().strip()


def rows_written(out: Path) -> tuple[list[str], list[float]]:
    """article_id and finished_at (epoch seconds) of every row in DIR/results and DIR/errors."""
    import pyarrow.dataset as pads

    ids: list[str] = []
    finished: list[float] = []
    for name in ("results", "errors"):
        files = sorted(str(f) for f in (out / name).glob("*.parquet"))
        if files:
            table = pads.dataset(files).to_table(columns=["article_id", "finished_at"])
            ids += table.column("article_id").to_pylist()
            finished += [dt.datetime.fromisoformat(t).timestamp() for t in table.column("finished_at").to_pylist()]
    return ids, finished


def _process_cpu() -> dict[int, tuple[str, float]]:
    """(role, CPU seconds) of every process on the machine, from /proc (Linux; empty elsewhere)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    out: dict[int, tuple[str, float]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        out[int(entry.name)] = (_role(int(entry.name), command), (int(fields[11]) + int(fields[12])) / tick)
    return out


def _role(pid: int, command: str) -> str:
    if pid == os.getpid():
        return "driver (this process: reading, planning, Ray Data's executor, parquet writes)"
    if "fake_server.py" in command:
        return "model server (fake_server.py)"
    if "ArticleWorker" in command or "MapWorker" in command:
        return "actors (ArticleWorker)"
    if "ray" in command.lower():
        return "other Ray processes (raylet, GCS, tasks)"
    return "everything else on the machine"


class CpuWatch:
    """Samples every process's CPU time twice a second while a job runs (actors exit before the job returns,
    so a snapshot at the end would miss them); ``spent()`` is the CPU seconds per role since the start."""

    def __init__(self) -> None:
        self.before = _process_cpu()
        self.last = dict(self.before)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self._sample()

    def _sample(self) -> None:
        for pid, (role, seconds) in _process_cpu().items():
            known = self.last.get(pid)
            # a Ray worker process gets its actor's title after it starts: keep the most specific role seen
            keep = known[0] if known and known[0].startswith("actors") else role
            self.last[pid] = (keep, seconds)

    def spent(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        self._sample()
        out: dict[str, float] = {}
        for pid, (role, seconds) in self.last.items():
            out[role] = out.get(role, 0.0) + seconds - self.before.get(pid, (role, 0.0))[1]
        return out


def main() -> None:
    from extractor.batch.ray_job import RayJobOptions, run_ray_job

    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=6400, help="articles per run (6400: 20 s at the ceiling)")
    parser.add_argument("--runs", type=int, default=REPEATS)
    parser.add_argument("--setups", default="1x64,2x32", help="WORKERSxCONCURRENCY, comma-separated")
    parser.add_argument(
        "--batch-size", type=int, default=None, help="rows per actor call (default: the job's, 2 x concurrency)"
    )
    args = parser.parse_args()
    import ray

    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    phases = logging.getLogger("extractor.batch.ray_job")  # "plan: ... in X s", "map and write: ... in Y s"
    phases.setLevel(logging.INFO)
    phases.addHandler(logging.StreamHandler(sys.stdout))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, ray {ray.__version__}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["EXTRACTOR_HOME"] = str(tmp / "home")  # set before ray.init: the workers inherit it
        proc, url = server_process("--latency", "0.2")
        try:
            started = time.perf_counter()
            ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False)
            print(f"ray.init (local, 2 CPUs): {time.perf_counter() - started:.1f} s")
            source = write_input(tmp / "articles.jsonl", args.n)
            warm = write_input(tmp / "warm.jsonl", 128, prefix="w")
            for setup in args.setups.split(","):
                workers, concurrency = map(int, setup.split("x"))
                options = RayJobOptions(workers=workers, concurrency=concurrency, batch_size=args.batch_size)
                run_ray_job(
                    str(warm),
                    str(tmp / f"warm-{setup}"),
                    config(url),
                    RayJobOptions(workers=workers, concurrency=concurrency, cache=False, batch_size=args.batch_size),
                )
                job_rates, map_rates = [], []
                for run in range(args.runs):
                    out = tmp / f"out-{setup}-{run}"
                    run_options = RayJobOptions(
                        **{**options.__dict__, "cache_path": str(tmp / f"cache-{setup}-{run}.db")}
                    )
                    clock, watch = time.perf_counter(), CpuWatch()
                    summary = run_ray_job(str(source), str(out), config(url), run_options)
                    wall = time.perf_counter() - clock
                    spent = watch.spent()
                    ids, finished = rows_written(out)
                    span = max(finished) - min(finished)
                    job_rates.append(len(ids) / wall)
                    map_rates.append((len(ids) - 1) / span)
                    print(
                        f"ray {workers} worker(s) x {concurrency}: {args.n} articles, job {wall:.1f} s = "
                        f"{job_rates[-1]:.1f}/s ({100 * job_rates[-1] / CEILING:.1f}%), map {span:.1f} s = "
                        f"{map_rates[-1]:.1f}/s ({100 * map_rates[-1] / CEILING:.1f}%); ok {summary.ok}, "
                        f"errors {summary.errors}, lost {args.n - len(set(ids))}, "
                        f"duplicated {len(ids) - len(set(ids))}"
                    )
                    print(
                        "  CPU during the job, ms per article: "
                        + "; ".join(
                            f"{role} {1000 * seconds / args.n:.2f}"
                            for role, seconds in sorted(spent.items())
                            if seconds > 0
                        )
                        + f"; all {1000 * sum(spent.values()) / args.n:.2f} of {1000 * 2 * wall / args.n:.2f} available"
                    )
                for label, rates in (("job", job_rates), ("map", map_rates)):
                    median = sorted(rates)[len(rates) // 2]
                    print(
                        f"ray {workers} worker(s) x {concurrency}, {label}: {spread(rates)} -> "
                        f"{100 * median / CEILING:.1f}% of the {CEILING:.0f}/s ceiling"
                    )
        finally:
            ray.shutdown()
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
