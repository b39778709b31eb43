"""The provider Batch API path against the loopback server's /v1/files and /v1/batches."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _batch_support import ANSWER, article_text, make_extractor, write_jsonl

from extractor.batch import JobStore, read_inputs
from extractor.batch.prices import PriceTable
from extractor.batch.provider import ProviderBatchJob, ProviderBatchOptions

REPO = Path(__file__).resolve().parents[1]
BATCH_COST = (100 * 0.075 + 20 * 0.30) / 1e6  # the server's usage per answer at gpt-4o-mini's batch price
REALTIME_COST = (100 * 0.15 + 20 * 0.60) / 1e6


def run_job(server, tmp_path, n=10, *, store_name="job.db", extra=(), **options):
    source = tmp_path / "in.jsonl"
    if not source.exists():
        write_jsonl(source, n, extra=list(extra))
    options.setdefault("poll_interval_s", 0.0)
    extractor = make_extractor(server)
    with JobStore(tmp_path / store_name) as store:
        job = ProviderBatchJob(extractor, store, ProviderBatchOptions(**options), sleep=lambda s: time.sleep(0.01))
        try:
            summary = job.run(read_inputs(source))
        finally:
            job.close()
            extractor.close()
    return summary, sqlite3.connect(tmp_path / store_name)


def outcomes(db) -> dict[str, str]:
    return dict(db.execute("SELECT article_id, status FROM results"))


def errors(db) -> dict[str, tuple[str, str]]:
    return {a: (k, m) for a, k, m in db.execute("SELECT article_id, kind, message FROM errors")}


def uploaded_lines(server) -> list[list[dict]]:
    return [
        [json.loads(line) for line in f.content.splitlines()] for f in server.files.values() if f.purpose == "batch"
    ]


def test_happy_path_sends_the_real_time_body_and_records_batch_cost(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    summary, db = run_job(server, tmp_path, 10, extra=["{malformed"])
    assert outcomes(db) == {**{f"a{i}": "ok" for i in range(10)}, "in.jsonl:11": "error"}
    assert errors(db)["in.jsonl:11"][0] == "input"
    assert (summary.ok, summary.errors, summary.batches_submitted, summary.batches_collected) == (10, 1, 1, 1)
    [lines] = uploaded_lines(server)
    assert [line["custom_id"] for line in lines] == [f"a{i}" for i in range(10)]
    assert {(line["method"], line["url"]) for line in lines} == {("POST", "/v1/chat/completions")}
    # the line's body is byte for byte what a real-time call sends for the same article
    with make_extractor(server) as extractor:
        extractor.extract(article_text(3), published="2021-03-09", source="wire", article_id="a3")
    assert lines[3]["body"] == server.requests[-1].body
    assert lines[3]["body"]["response_format"]["type"] == "json_schema"
    incident = json.loads(db.execute("SELECT incident FROM incidents WHERE article_id = 'a3'").fetchone()[0])
    assert incident["locality"] == "Kano" and incident["evidence"]["locality"]["quote"] == "Kano"
    rows = db.execute("SELECT article_id, prompt_tokens, completion_tokens, cost_usd FROM usage").fetchall()
    assert len(rows) == 10
    assert all(r[1:3] == (100, 20) and r[3] == pytest.approx(BATCH_COST) for r in rows)
    assert summary.cost_usd == pytest.approx(10 * BATCH_COST)
    assert server.batches_per_file == {lines_file: 1 for lines_file in server.batches_per_file}
    assert not any(r.path.endswith("/chat/completions") for r in server.requests[:-1])  # no real-time call
    assert not (tmp_path / "job.db.batches").exists()  # uploaded files leave no empty spool directory behind


def test_files_are_split_by_requests_and_by_bytes(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    summary, db = run_job(server, tmp_path, 10, max_requests=4)
    assert [len(lines) for lines in uploaded_lines(server)] == [4, 4, 2]
    assert summary.batches_submitted == 3 and len(outcomes(db)) == 10

    line_bytes = len(next(f.content for f in server.files.values() if f.purpose == "batch").splitlines()[0]) + 1
    limit = int(line_bytes * 2.5)  # two requests fit in a file, a third does not
    by_bytes = fault_server(lambda body: ANSWER)
    (tmp_path / "by-bytes").mkdir()
    summary, db = run_job(by_bytes, tmp_path / "by-bytes", 5, max_bytes=limit)
    contents = [f.content for f in by_bytes.files.values() if f.purpose == "batch"]
    assert [c.count(b"\n") for c in contents] == [2, 2, 1]
    assert all(len(c) <= limit for c in contents)
    assert len(outcomes(db)) == 5 and summary.ok == 5


def test_a_request_larger_than_a_file_is_an_error_record(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    summary, db = run_job(server, tmp_path, 3, max_bytes=1000)
    assert {k for k, _ in errors(db).values()} == {"input"}
    assert "more than the batch file limit of 1,000" in errors(db)["a0"][1]
    assert summary.batches_submitted == 0 and len(outcomes(db)) == 3


def test_failed_and_expired_batches_and_item_errors_become_error_records(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, batch_script=["failed", "expired", "ok"], item_faults={"a9": "error"})
    summary, db = run_job(server, tmp_path, 12, max_requests=4)
    errs = errors(db)
    batch_ids = list(server.batches)
    # file 1 (a0-a3): the batch failed; every article says which batch and why
    for i in range(4):
        kind, message = errs[f"a{i}"]
        assert kind == "provider_batch" and batch_ids[0] in message and "failed" in message
        assert "injected failure" in message
    # file 2 (a4-a7): expired after answering the first half
    assert outcomes(db)["a4"] == outcomes(db)["a5"] == "ok"
    for i in (6, 7):
        assert errs[f"a{i}"][0] == "provider_batch" and "batch_expired" in errs[f"a{i}"][1]
        assert batch_ids[1] in errs[f"a{i}"][1]
    # file 3 (a8-a11): completed, one item in the error file
    assert "HTTP 500: injected item error" in errs["a9"][1]
    assert {a for a, s in outcomes(db).items() if s == "ok"} == {"a4", "a5", "a8", "a10", "a11"}
    assert summary.error_kinds == {"provider_batch": 7}
    # failures cost nothing: usage rows only for answered articles
    assert db.execute("SELECT COUNT(*) FROM usage").fetchone()[0] == 5


def test_cancelled_batch_becomes_error_records(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, batch_script=["cancelled"])
    summary, db = run_job(server, tmp_path, 3)
    assert {k for k, _ in errors(db).values()} == {"provider_batch"}
    assert all("cancelled" in m for _, m in errors(db).values())


def test_invalid_json_answer_is_reasked_in_real_time_and_its_usage_counted(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, item_faults={"a1": "invalid_json"})
    summary, db = run_job(server, tmp_path, 3)
    assert outcomes(db) == {"a0": "ok", "a1": "ok", "a2": "ok"}
    realtime = [r for r in server.requests if r.path.endswith("/chat/completions")]
    assert len(realtime) == 1
    last = realtime[0].body["messages"]
    assert last[-2] == {"role": "assistant", "content": "this is not JSON {"}
    assert "validation error" in last[-1]["content"]
    tokens, cost = db.execute(
        "SELECT prompt_tokens + completion_tokens, cost_usd FROM usage WHERE article_id = 'a1'"
    ).fetchone()
    assert tokens == 240  # the batch answer and the re-ask
    assert cost == pytest.approx(BATCH_COST + REALTIME_COST)
    extraction = json.loads(db.execute("SELECT extraction FROM results WHERE article_id = 'a1'").fetchone()[0])
    assert extraction["provenance"]["attempts"] == 2
    assert extraction["provenance"]["outcomes"][0].startswith("invalid")
    assert summary.model_calls == 4


def test_invalid_answers_beyond_max_reasks_are_error_records(fault_server, tmp_path):
    server = fault_server(lambda body: "still not JSON", item_faults={})
    summary, db = run_job(server, tmp_path, 1)
    kind, message = errors(db)["a0"]
    assert kind == "extraction_failed" and list(server.batches)[0] in message
    # the failed tries were paid for: one batch answer and one real-time re-ask (max_reasks=1)
    assert db.execute("SELECT prompt_tokens, completion_tokens FROM usage").fetchall() == [(200, 40)]


def test_retry_errors_reruns_only_the_errors(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, batch_script=["failed", "ok", "ok"], item_faults={"a5": "error"})
    run_job(server, tmp_path, 8, max_requests=4)
    failed_before = {a for a, s in outcomes(run_job(server, tmp_path, 8, max_requests=4)[1]).items() if s == "error"}
    assert failed_before == {"a0", "a1", "a2", "a3", "a5"}
    assert len(server.batches) == 2  # the plain re-run submitted nothing: everything has an outcome
    server.item_faults.clear()
    summary, db = run_job(server, tmp_path, 8, max_requests=4, retry_errors=True)
    retried = [line["custom_id"] for lines in uploaded_lines(server)[2:] for line in lines]
    assert sorted(retried) == sorted(failed_before)
    assert set(outcomes(db).values()) == {"ok"} and summary.ok == 5 and summary.skipped == 3
    assert all(n == 1 for n in server.batches_per_file.values())


def test_max_cost_stops_submitting_and_the_rest_stays_pending(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    run_job(server, tmp_path, 1, store_name="probe.db")
    line_bytes = len(next(f.content for f in server.files.values() if f.purpose == "batch"))
    # before any answer is known an article is projected at its request (~4 bytes a token) plus max_tokens
    per_article = PriceTable().batch_price("openai", "gpt-4o-mini").cost((line_bytes + 3) // 4, 1536)
    budget = per_article * 3.5
    (tmp_path / "capped").mkdir()
    summary, db = run_job(server, tmp_path / "capped", 10, max_requests=2, max_cost_usd=budget)
    submitted = sum(len(lines) for lines in uploaded_lines(server)) - 1  # minus the probe's line
    assert submitted == 3 and summary.held_back == 7
    assert len(outcomes(db)) == 3 and summary.cost_usd <= budget
    # raising the budget submits the rest; what is done is not sent again
    summary, db = run_job(server, tmp_path / "capped", 10, max_requests=20, max_cost_usd=1.0)
    assert summary.held_back == 0 and summary.requests_submitted == 7 and len(outcomes(db)) == 10
    assert db.execute("SELECT COUNT(*), COUNT(DISTINCT article_id) FROM usage").fetchone() == (10, 10)


def test_no_wait_submits_and_leaves_then_a_rerun_collects(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, batch_delay_s=1.5)
    summary, db = run_job(server, tmp_path, 6, max_requests=3, wait=False)
    assert summary.batches_submitted == 2 and summary.batches_running == 2 and outcomes(db) == {}
    collected, deadline = 0, time.monotonic() + 30
    while True:  # re-running the same command collects what has ended, submitting nothing again
        again, db = run_job(server, tmp_path, 6, max_requests=3, wait=False)
        assert again.batches_submitted == 0 and again.requests_submitted == 0
        collected += again.batches_collected
        if again.batches_running == 0:
            break
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert collected == 2
    assert set(outcomes(db).values()) == {"ok"} and len(outcomes(db)) == 6
    assert list(server.batches_per_file.values()) == [1, 1]


def test_polling_waits_for_the_processing_delay_and_reports_progress(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, batch_delay_s=0.4)
    write_jsonl(tmp_path / "in.jsonl", 4)
    seen = []
    with JobStore(tmp_path / "job.db") as store, make_extractor(server) as extractor:
        job = ProviderBatchJob(extractor, store, ProviderBatchOptions(poll_interval_s=0.05), on_progress=seen.append)
        started = time.monotonic()
        summary = job.run(read_inputs(tmp_path / "in.jsonl"))
        job.close()
    assert time.monotonic() - started >= 0.4 and summary.ok == 4
    polled = [p for p in seen if p.phase == "polling"]
    assert polled and {"validating", "in_progress"} & set().union(*(p.statuses for p in polled))
    assert all(p.requests == 4 for p in polled)


def test_a_crash_between_create_and_its_record_adopts_the_batch(fault_server, tmp_path, monkeypatch):
    server = fault_server(lambda body: ANSWER)
    original = ProviderBatchJob._update

    def crash_on_batch_id(self, row_id, **values):
        if "batch_id" in values:
            raise KeyboardInterrupt  # as if killed right after batches.create returned
        original(self, row_id, **values)

    monkeypatch.setattr(ProviderBatchJob, "_update", crash_on_batch_id)
    with pytest.raises(KeyboardInterrupt):
        run_job(server, tmp_path, 4)
    monkeypatch.setattr(ProviderBatchJob, "_update", original)
    assert len(server.batches) == 1
    summary, db = run_job(server, tmp_path, 4)
    assert summary.batches_adopted == 1 and summary.batches_submitted == 0
    assert len(server.batches) == 1 and list(server.batches_per_file.values()) == [1]
    assert set(outcomes(db).values()) == {"ok"} and len(outcomes(db)) == 4


def test_a_crash_between_upload_and_its_record_adopts_the_file(fault_server, tmp_path, monkeypatch):
    server = fault_server(lambda body: ANSWER)
    original = ProviderBatchJob._update

    def crash_on_file_id(self, row_id, **values):
        if "file_id" in values:
            raise KeyboardInterrupt
        original(self, row_id, **values)

    monkeypatch.setattr(ProviderBatchJob, "_update", crash_on_file_id)
    with pytest.raises(KeyboardInterrupt):
        run_job(server, tmp_path, 4)
    monkeypatch.setattr(ProviderBatchJob, "_update", original)
    summary, db = run_job(server, tmp_path, 4)
    assert len([f for f in server.files.values() if f.purpose == "batch"]) == 1  # not uploaded again
    assert summary.batches_submitted == 1 and len(outcomes(db)) == 4


def test_a_collection_cut_short_is_finished_without_duplicates(fault_server, tmp_path, monkeypatch):
    server = fault_server(lambda body: ANSWER)
    original = ProviderBatchJob._store
    stored = []

    def interrupted(self, article, row, **kwargs):
        if row is not None and len(stored) == 2:
            raise KeyboardInterrupt  # killed while collecting the third answer
        stored.append(article["id"])
        original(self, article, row, **kwargs)

    monkeypatch.setattr(ProviderBatchJob, "_store", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_job(server, tmp_path, 5)
    monkeypatch.setattr(ProviderBatchJob, "_store", original)
    db = sqlite3.connect(tmp_path / "job.db")
    assert len(outcomes(db)) == 2
    summary, db = run_job(server, tmp_path, 5)
    assert summary.ok == 3 and summary.batches_submitted == 0
    assert db.execute("SELECT COUNT(*), COUNT(DISTINCT article_id) FROM usage").fetchone() == (5, 5)
    assert len(server.batches) == 1


def test_duplicate_ids_become_error_records(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    source = tmp_path / "in.jsonl"
    write_jsonl(source, 2, extra=[json.dumps({"id": "a0", "text": article_text(7)})])
    summary, db = run_job(server, tmp_path)
    assert outcomes(db) == {"a0": "ok", "a1": "ok", "a0#2": "error"}
    assert "duplicate id 'a0'" in errors(db)["a0#2"][1]


def test_batch_prices_default_to_half_and_honour_explicit_columns(tmp_path):
    table = PriceTable()
    assert table.batch_price("openai", "gpt-4o-mini").input_per_mtok == pytest.approx(0.075)
    extra = tmp_path / "prices.csv"
    extra.write_text(
        "model,input_per_mtok,output_per_mtok,batch_input_per_mtok,batch_output_per_mtok\nmy-model,1.0,2.0,0.4,\n",
        encoding="utf-8",
    )
    price = PriceTable((extra,), batch_discount=0.25).batch_price("openai", "my-model")
    assert (price.input_per_mtok, price.output_per_mtok) == (0.4, 0.5)
    assert PriceTable().batch_price("openai", "unknown-model") is None


def test_provider_batch_needs_the_openai_backend(tmp_path):
    from extractor import Config, Extractor
    from extractor.errors import ConfigurationError

    class FakeLocal:
        backend = "local"
        model = "x.gguf"

    extractor = Extractor.__new__(Extractor)
    extractor.config, extractor.engine = Config(), FakeLocal()
    with JobStore(":memory:") as store, pytest.raises(ConfigurationError, match="openai backend"):
        ProviderBatchJob(extractor, store)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_while_polling_then_the_same_command_resumes_and_finishes(fault_server, tmp_path):
    n, per_file = 200, 50
    # long enough that the last batch is still running when the job starts polling, however slow the machine
    server = fault_server(lambda body: ANSWER, batch_delay_s=20.0, keep_requests=True)
    source, job = tmp_path / "in.jsonl", tmp_path / "job.db"
    write_jsonl(source, n)
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
        "--provider-batch",
        "--poll-interval",
        "0.2",
        "--batch-max-requests",
        str(per_file),
        "-q",
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}

    def polling_after_every_submission() -> bool:
        served = list(server.requests)
        creates = [i for i, r in enumerate(served) if r.path == "/v1/batches" and r.body]
        return len(creates) == n // per_file and any(r.path.startswith("/v1/batches/") for r in served[creates[-1] :])

    victim = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while not polling_after_every_submission():
        assert victim.poll() is None, victim.stderr.read().decode()
        assert time.monotonic() < deadline, "the job never started polling"
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    db = sqlite3.connect(job)
    assert db.execute("SELECT COUNT(*) FROM results").fetchone()[0] < n, "the kill did not land while polling"
    assert db.execute("SELECT COUNT(batch_id) FROM provider_batch_files").fetchone()[0] == n // per_file
    db.close()

    rerun = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr

    # the server saw exactly one batch per batch file, and each file uploaded once
    uploads = [f for f in server.files.values() if f.purpose == "batch"]
    assert len(uploads) == n // per_file and len(server.batches) == n // per_file
    assert sorted(server.batches_per_file) == sorted(f.id for f in uploads)
    assert set(server.batches_per_file.values()) == {1}
    # every article has exactly one outcome, and was paid for once
    db = sqlite3.connect(job)
    expected = {f"a{i}" for i in range(n)}
    assert {row[0] for row in db.execute("SELECT id FROM articles")} == expected
    results = [row[0] for row in db.execute("SELECT article_id FROM results")]
    assert len(results) == n and set(results) == expected
    assert dict(db.execute("SELECT status, COUNT(*) FROM results GROUP BY status").fetchall()) == {"ok": n}
    assert db.execute("SELECT COUNT(*), COUNT(DISTINCT article_id) FROM usage").fetchone() == (n, n)
    assert db.execute("SELECT COUNT(*) FROM incidents").fetchone()[0] == n


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "extractor", "batch", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_no_wait_then_rerun_collects(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, batch_delay_s=1.0)
    write_jsonl(tmp_path / "in.jsonl", 5)
    args = [
        "in.jsonl",
        "--out",
        "job.db",
        "--backend",
        "openai",
        "--base-url",
        server.base_url,
        "--no-candidates",
        "--provider-batch",
        "--poll-interval",
        "0.1",
        "-q",
    ]
    first = _cli(*args, "--no-wait", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    said = " ".join(first.stderr.split())  # rich wraps lines at the terminal width
    assert "1 batch(es) still running at the provider" in said
    assert "run the same command again to collect them" in said
    second = _cli(*args, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "still running" not in second.stderr
    assert "0 / 0 / 1" in second.stderr  # batches submitted / adopted / collected by this run
    db = sqlite3.connect(tmp_path / "job.db")
    assert dict(db.execute("SELECT status, COUNT(*) FROM results GROUP BY status").fetchall()) == {"ok": 5}
    assert len(server.batches) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--max-cost", "1"], "--no-wait and --max-cost work with --provider-batch only"),
        (["--provider-batch", "--backend", "local"], "--provider-batch needs the openai backend"),
    ],
)
def test_cli_refuses_provider_batch_options_that_cannot_apply(tmp_path, args, message):
    write_jsonl(tmp_path / "in.jsonl", 1)
    done = _cli("in.jsonl", "--out", "job.db", *args, cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(not hasattr(signal, "SIGINT"), reason="needs SIGINT")
def test_ctrl_c_while_polling_leaves_the_batch_running_and_says_how_to_resume(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, batch_delay_s=30.0)
    write_jsonl(tmp_path / "in.jsonl", 3)
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    command = [
        sys.executable,
        "-m",
        "extractor",
        "batch",
        "in.jsonl",
        "--out",
        "job.db",
        "--backend",
        "openai",
        "--base-url",
        server.base_url,
        "--no-candidates",
        "--provider-batch",
        "--poll-interval",
        "0.2",
        "-q",
    ]
    # A job started in the background by a non-interactive shell (as CI may run the suite) inherits SIGINT
    # ignored, and Python then installs no KeyboardInterrupt handler: give the child the default disposition,
    # as a terminal's Ctrl-C would find it.
    victim = subprocess.Popen(
        command,
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 180
    while sum(1 for r in list(server.requests) if r.path.startswith("/v1/batches/")) < 2:
        assert victim.poll() is None, victim.stderr.read()
        assert time.monotonic() < deadline, "the job never started polling"
        time.sleep(0.05)
    victim.send_signal(signal.SIGINT)
    _, stderr = victim.communicate(timeout=60)
    said = " ".join(stderr.split())
    assert victim.returncode == 130 and "Traceback" not in stderr
    assert "1 batch(es) keep running at the provider" in said and "run the same command again" in said
    assert [server.batch_view(b)["status"] for b in server.batches] in (["validating"], ["in_progress"])


def test_a_failed_upload_is_retried_with_the_whole_file(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, upload_failures=1)
    summary, db = run_job(server, tmp_path, 3)
    assert [r.fault for r in server.requests if r.path == "/v1/files"] == ["500", "ok"]
    assert [len(lines) for lines in uploaded_lines(server)] == [3]
    assert summary.ok == 3 and len(server.batches) == 1
