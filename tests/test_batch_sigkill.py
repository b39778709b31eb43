"""A job killed with SIGKILL halfway and restarted ends with exactly one outcome per article."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _batch_support import ANSWER, write_jsonl

REPO = Path(__file__).resolve().parents[1]
N = 1000


def finished(job: Path) -> int:
    if not job.exists():
        return 0
    try:
        with sqlite3.connect(job, timeout=10) as db:
            return db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    except sqlite3.OperationalError:  # tables not created yet
        return 0


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_halfway_then_restart_loses_and_duplicates_nothing(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, latency_s=0.005, keep_requests=False)
    source, job = tmp_path / "in.jsonl", tmp_path / "job.db"
    write_jsonl(source, N - 2, extra=["{malformed", '{"id": "no-text"}'])
    command = [
        sys.executable,
        "-m",
        "extractor",
        "batch",
        str(source),
        "--out",
        str(job),
        "--backend",
        "openai",
        "--model",
        "gpt-4o-mini",
        "--base-url",
        server.base_url,
        "--no-candidates",
        "--concurrency",
        "16",
        "-q",
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}

    victim = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300  # generous: a loaded CI machine is slow, not stuck
    while finished(job) < N // 2:
        assert victim.poll() is None, victim.stderr.read().decode()
        assert time.monotonic() < deadline, "the job made no progress"
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    at_kill = finished(job)
    assert N // 2 <= at_kill < N, "the kill did not land mid-run"

    rerun = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 3, rerun.stderr  # finished, with the two bad input lines as error records

    db = sqlite3.connect(job)
    ids = [row[0] for row in db.execute("SELECT article_id FROM results")]
    assert len(ids) == len(set(ids)) == N
    expected = {f"a{i}" for i in range(N - 2)} | {"in.jsonl:999", "no-text"}
    assert set(ids) == expected
    statuses = dict(db.execute("SELECT status, COUNT(*) FROM results GROUP BY status").fetchall())
    assert statuses == {"ok": N - 2, "error": 2}
    assert db.execute("SELECT COUNT(*) FROM errors").fetchone()[0] == 2
    assert db.execute("SELECT COUNT(DISTINCT article_id), COUNT(*) FROM incidents").fetchone() == (N - 2, N - 2)
    # every successful article was paid for exactly once: the restart re-ran only what was not committed
    assert db.execute("SELECT COUNT(*), COUNT(DISTINCT article_id) FROM usage").fetchone() == (N - 2, N - 2)
