"""The Ray path on a local Ray instance against the fault-injecting server: one outcome per article, resume
without model calls, appended articles alone, one rpm budget across workers. Skipped without Ray."""

from __future__ import annotations

import json
import logging
import os
import sys

import pytest
from _batch_support import ANSWER, article_text, write_jsonl
from typer.testing import CliRunner

from extractor import Config, ConfigurationError, InputError
from extractor.cli import app
from extractor.store import open_results


@pytest.fixture(scope="module")
def local_ray(tmp_path_factory):
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    home = tmp_path_factory.mktemp("ray-home")
    saved = os.environ.get("EXTRACTOR_HOME")
    os.environ["EXTRACTOR_HOME"] = str(home)  # worker processes inherit the environment of ray.init
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False)
    yield home
    ray.shutdown()
    if saved is None:
        os.environ.pop("EXTRACTOR_HOME", None)
    else:
        os.environ["EXTRACTOR_HOME"] = saved


def fast_config(server) -> Config:
    """Transport retries on, with short timeouts and waits, so faults cost milliseconds."""
    return Config(
        backend="openai",
        model="gpt-4o-mini",
        api_key="test-key",
        base_url=server.base_url,
        candidate_mode=False,
        timeout_s=1.0,
        retry_max_wait_s=0.05,
        transport_retries=4,
        max_reasks=1,
    )


def outcome_ids(out) -> tuple[list[str], list[str]]:
    """Every article_id row written in DIR/results and DIR/errors (rows, not a primary key)."""
    import pyarrow.dataset as pads

    ids = {}
    for name in ("results", "errors"):
        files = sorted(str(f) for f in (out / name).glob("*.parquet"))
        ids[name] = (
            pads.dataset(files).to_table(columns=["article_id"]).column("article_id").to_pylist() if files else []
        )
    return ids["results"], ids["errors"]


def files_in(out) -> set[str]:
    return {str(p.relative_to(out)) for p in out.rglob("*.parquet")}


def test_ray_job_one_outcome_per_article_resume_and_appended(local_ray, fault_server, tmp_path):
    from extractor.batch.ray_job import RayJobOptions, run_ray_job

    server = fault_server(
        lambda body: ANSWER, fault_rate=0.25, fault_kinds=("429", "500", "stall", "drop"), stall_s=1.5, seed=3
    )
    source, out = tmp_path / "in.jsonl", tmp_path / "out"
    n = 40
    write_jsonl(
        source,
        n,
        extra=[
            json.dumps({"id": "a5", "text": "A second text under a used id."}),
            json.dumps({"id": "no-text", "published": "2021-03-09"}),
        ],
    )
    options = RayJobOptions(workers=2, concurrency=8, cache_path=str(tmp_path / "cache.db"))

    first = run_ray_job(str(source), str(out), fast_config(server), options)
    results, errors = outcome_ids(out)
    assert first.seen == n + 2 and first.ok + first.errors == n + 2
    assert len(results) + len(errors) == n + 2 and len(set(results + errors)) == n + 2  # none twice
    assert "a5#2" in errors and "no-text" in errors and "a5" in results
    assert server.counts.get("500", 0) + server.counts.get("429", 0) + server.counts.get("stall", 0) > 0
    with open_results(out) as job:
        messages = {e["article_id"]: e["message"] for e in job.errors()}
        assert "duplicate id 'a5'" in messages["a5#2"] and "has no 'text' field" in messages["no-text"]
        assert job.counts() == {"articles": n + 2, "ok": len(results), "error": len(errors)}
        kano = next(extraction for row, extraction in job.results() if row["id"] == "a1")
        assert kano.incidents[0].locality == "Kano" and kano.article_id == "a1"

    requests, written = len(server.requests), files_in(out)
    again = run_ray_job(str(source), str(out), fast_config(server), options)
    assert len(server.requests) == requests  # no model call
    assert again.skipped == n + 2 and again.ok == again.errors == 0 and files_in(out) == written

    with source.open("a", encoding="utf-8") as handle:
        for i in range(n, n + 5):
            handle.write(json.dumps({"id": f"a{i}", "text": article_text(i), "published": "2021-03-09"}) + "\n")
    third = run_ray_job(str(source), str(out), fast_config(server), options)
    assert third.skipped == n + 2 and third.ok + third.errors == 5
    sent = [json.dumps(r.body) for r in server.requests[requests:]]
    assert sent and all(any(f"Report number {i}." in body for i in range(n, n + 5)) for body in sent)
    results, errors = outcome_ids(out)
    assert len(results) + len(errors) == n + 7 and len(set(results + errors)) == n + 7

    exported = CliRunner().invoke(app, ["export", str(out), "--format", "jsonl"])
    assert exported.exit_code == 0, exported.output
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(lines) == len(results) and {line["article_id"] for line in lines} == set(results)


def test_rpm_budget_holds_across_two_workers(local_ray, fault_server, tmp_path):
    from extractor.batch.ray_job import RayJobOptions, run_ray_job

    server = fault_server(lambda body: ANSWER)
    source = tmp_path / "in.jsonl"
    n, rpm = 30, 300  # the job's bucket: a burst of 5, then 4.92 requests/s, whichever worker asks
    write_jsonl(source, n)
    summary = run_ray_job(
        str(source),
        str(tmp_path / "out"),
        fast_config(server),
        RayJobOptions(workers=2, concurrency=8, rpm=rpm, cache=False),
    )
    assert summary.ok == n
    times = sorted(r.at for r in server.requests)
    assert len(times) == n
    burst, rate, window = 5, (rpm - 5) / 60, 2.0
    # The budget grants; a request reaches the server a little later (a worker's first request opens its
    # connection), so a window may hold a few more than the bucket granted in it. Two private buckets, one per
    # worker, would allow 10 + 19.7 in a window and finish in half the time.
    for i, start in enumerate(times):
        in_window = sum(1 for t in times[i:] if t - start <= window)
        assert in_window <= burst + rate * window + 3, (i, in_window)
    assert times[-1] - times[0] >= 0.8 * (n - burst) / rate


def test_refused_credentials_stop_the_job_with_the_library_error(local_ray, fault_server, tmp_path):
    from extractor.batch.ray_job import RayJobOptions, run_ray_job

    server = fault_server(lambda body: ANSWER, fault_rate=1.0, fault_kinds=("401",))
    write_jsonl(tmp_path / "in.jsonl", 3)
    with pytest.raises(ConfigurationError):
        run_ray_job(
            str(tmp_path / "in.jsonl"),
            str(tmp_path / "out"),
            fast_config(server),
            RayJobOptions(workers=1, concurrency=2, cache=False),
        )
    assert server.requests  # it was the server's answer, not a failure before the first call


def test_ray_cli_errors_are_one_line(tmp_path, monkeypatch):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("Gunmen attacked a village.", encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(texts), "--out", str(tmp_path / "out"), "--ray", "-q"])
    assert result.exit_code != 0 and isinstance(result.exception, InputError)
    assert "runs without --ray" in str(result.exception)
    job = tmp_path / "job.db"
    job.write_bytes(b"")
    write_jsonl(tmp_path / "in.jsonl", 1)
    from extractor.batch.ray_job import RayJobOptions, run_ray_job

    with pytest.raises(ConfigurationError, match="--out is a directory"):
        run_ray_job(str(tmp_path / "in.jsonl"), str(job), Config(backend="openai", api_key="k"), RayJobOptions())
    from extractor.batch.ray_job import _reachable

    with pytest.raises(ConfigurationError, match="cannot reach Ray at 127.0.0.1:1"):
        _reachable("127.0.0.1:1")  # nothing listens on port 1: a clean error in seconds, not Ray's minutes
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    with pytest.raises(ConfigurationError, match=r"incident-extractor\[ray\]"):
        run_ray_job(
            str(tmp_path / "in.jsonl"), str(tmp_path / "out"), Config(backend="openai", api_key="k"), RayJobOptions()
        )
