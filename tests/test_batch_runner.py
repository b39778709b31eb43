"""Batch jobs against the loopback fault server: one outcome per article, resume, retry, cache, costs."""

from __future__ import annotations

import json
import sqlite3

import pytest
from _batch_support import ANSWER, article_text, make_extractor, write_jsonl
from typer.testing import CliRunner

from extractor import ConfigurationError, extract_many
from extractor.batch import JobStore, ResponseCache
from extractor.cli import app


def outcomes(path) -> dict[str, str]:
    return dict(sqlite3.connect(path).execute("SELECT article_id, status FROM results").fetchall())


def test_a_job_stores_one_outcome_per_article_with_input_errors_named(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, script=["ok", "truncate"])
    source = tmp_path / "in.jsonl"
    write_jsonl(source, 6, extra=["{broken", json.dumps({"id": "late", "text": "x", "published": "yesterday"})])
    items = list(
        extract_many(source, extractor=make_extractor(server), store=tmp_path / "job.db", cache=False, concurrency=3)
    )
    assert len(items) == 8 and len({i.article_id for i in items}) == 8
    status = outcomes(tmp_path / "job.db")
    assert len(status) == 8 and list(status.values()).count("ok") == 5
    with JobStore(tmp_path / "job.db") as store:
        errors = {e["article_id"]: e for e in store.errors()}
    assert errors["in.jsonl:7"]["message"].startswith("in.jsonl line 7: not valid JSON")
    assert errors["late"]["message"].startswith("in.jsonl line 8: ") and "YYYY-MM-DD" in errors["late"]["message"]
    truncated = [e for e in errors.values() if e["kind"] == "output_truncated"]
    assert len(truncated) == 1 and truncated[0]["attempts"] == 1 and truncated[0]["last_output"]
    ok = next(i for i in items if i.ok)
    assert ok.result.incidents[0].locality == "Kano"


def test_rerun_does_only_what_is_missing_and_retry_errors_only_the_failed(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, script=["500", "500", "500"])  # a0's three tries all fail
    source, job = tmp_path / "in.jsonl", tmp_path / "job.db"
    write_jsonl(source, 5)
    first = extract_many(source, extractor=make_extractor(server), store=job, cache=False, concurrency=1)
    assert sum(not i.ok for i in first) == 1
    assert len(server.requests) == 3 + 4
    again = extract_many(source, extractor=make_extractor(server), store=job, cache=False)
    assert list(again) == [] and again.summary.skipped == 5
    assert len(server.requests) == 7  # nothing was missing: no request
    retried = list(extract_many(source, extractor=make_extractor(server), store=job, cache=False, retry_errors=True))
    assert [(i.article_id, i.ok) for i in retried] == [("a0", True)]
    assert len(server.requests) == 8
    assert set(outcomes(job).values()) == {"ok"} and len(outcomes(job)) == 5
    with JobStore(job) as store:
        assert store.totals()["prompt_tokens"] == 5 * server.prompt_tokens  # failed tries had no usage


def test_second_job_over_the_same_articles_is_served_by_the_cache(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    source = tmp_path / "in.jsonl"
    write_jsonl(source, 4)
    first = extract_many(source, extractor=make_extractor(server), store=tmp_path / "one.db")
    assert all(i.ok and not i.cached for i in first) and len(server.requests) == 4
    second = extract_many(source, extractor=make_extractor(server), store=tmp_path / "two.db")
    items = list(second)
    assert len(server.requests) == 4  # zero model calls
    assert all(i.cached for i in items) and second.summary.cache_hits == 4 and second.summary.model_calls == 0
    assert items[0].result.incidents[0].perpetrator == "Gunmen"
    assert (tmp_path / "extractor-home" / "cache.db").is_file()  # the default: $EXTRACTOR_HOME/cache.db
    other_model = extract_many(source, extractor=make_extractor(server, model="gpt-4o"), store=tmp_path / "three.db")
    assert sum(1 for _ in other_model) == 4 and len(server.requests) == 8  # another model is another question
    uncached = extract_many(source, extractor=make_extractor(server), store=tmp_path / "four.db", cache=False)
    assert sum(1 for _ in uncached) == 4 and len(server.requests) == 12


def test_tokens_and_cost_are_accounted(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, prompt_tokens=1000, completion_tokens=100)
    run = extract_many([article_text(i) for i in range(3)], extractor=make_extractor(server), cache=False)
    assert all(item.ok for item in run)
    assert run.summary.prompt_tokens == 3000 and run.summary.completion_tokens == 300
    assert run.summary.cost_usd == pytest.approx(3 * (1000 * 0.15 + 100 * 0.60) / 1e6)


def test_duplicate_ids_become_error_records(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    items = list(
        extract_many(
            [{"id": "same", "text": article_text(1)}, {"id": "same", "text": article_text(2)}],
            extractor=make_extractor(server),
            cache=False,
            concurrency=1,
        )
    )
    assert sorted((i.article_id, i.ok) for i in items) == [("same", True), ("same#2", False)]
    assert "duplicate id 'same'" in next(i for i in items if not i.ok).error["message"]


def test_refused_credentials_stop_the_job(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, script=["401"] * 10)
    with pytest.raises(ConfigurationError, match="credentials"):
        list(
            extract_many(
                [article_text(i) for i in range(5)],
                extractor=make_extractor(server),
                store=tmp_path / "job.db",
                cache=False,
            )
        )
    assert outcomes(tmp_path / "job.db") == {}  # nothing recorded: a fixed key re-runs everything


async def test_async_iteration(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    seen = [
        item.article_id
        async for item in extract_many(
            [article_text(i) for i in range(3)], extractor=make_extractor(server), cache=False
        )
    ]
    assert sorted(seen) == ["articles:1", "articles:2", "articles:3"]


def test_cli_batch_then_export(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    source, job = tmp_path / "in.jsonl", tmp_path / "job.db"
    write_jsonl(source, 3, extra=["{broken"])
    args = [
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
        "2",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 3, result.output  # the broken line became an error record
    assert "cache hits" in result.output and "input 1" in result.output
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 3 and len(server.requests) == 3  # the job still holds that error record
    exported = CliRunner().invoke(app, ["export", str(job), "--format", "acled"])
    assert exported.exit_code == 0
    lines = exported.stdout.strip().splitlines()
    assert lines[0].startswith("event_id_cnty,event_date,year,time_precision,disorder_type") and len(lines) == 4


def test_cache_relabels_a_hit_with_the_new_article_id(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    extractor = make_extractor(server)
    cache = ResponseCache(tmp_path / "c.db")
    result = extractor.extract(article_text(1), article_id="first")
    key = extractor.request_fingerprint(article_text(1))
    cache.put(key, result)
    assert cache.get(key, "second").article_id == "second"
    assert extractor.request_fingerprint(article_text(1), published="2021-01-01") != key
