"""A Ray job's parquet DIR read like a job store: newest row per article wins, export and the CLI read it.
Written by hand with pyarrow (the format of extractor.store.results), so no Ray is needed."""

from __future__ import annotations

import datetime as dt
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
from typer.testing import CliRunner

from extractor import ArticleExtraction, Incident, InputError, Provenance
from extractor.batch import JobStore
from extractor.cli import app
from extractor.export import export
from extractor.store import ERROR_COLUMNS, RESULT_COLUMNS, ResultsDir, open_results


def extraction(article_id: str, locality: str) -> str:
    provenance = Provenance(backend="openai", model="gpt-4o-mini", prompt_hash="h", prompt_version="v")
    incident = Incident(
        primary=True,
        event_type="Protests",
        sub_event_type="Peaceful protest",
        date=dt.date(2021, 3, 8),
        country="NG",
        locality=locality,
    )
    return ArticleExtraction(
        article_id=article_id, published=dt.date(2021, 3, 9), source="wire", incidents=[incident], provenance=provenance
    ).model_dump_json()


def row(article_id: str, finished_at: str, **values) -> dict:
    base = {
        "article_id": article_id,
        "text_sha256": f"sha-{article_id}",
        "published": "2021-03-09",
        "source": "wire",
        "url": None,
        "metadata": json.dumps({"desk": "north"}),
        "model": "gpt-4o-mini",
        "prompt_tokens": 100,
        "completion_tokens": 20,
        "cost_usd": None,
        "finished_at": finished_at,
    }
    return {**base, **values}


def write(directory, name: str, columns: tuple[str, ...], rows: list[dict]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows]), directory / name)


def make_dir(tmp_path):
    out = tmp_path / "out"
    ok = {"cached": False}
    write(
        out / "results",
        "run1.parquet",
        RESULT_COLUMNS,
        [
            row("a1", "2026-01-01T00:00:01+00:00", extraction=extraction("a1", "Kano"), **ok),
            row("a2", "2026-01-01T00:00:02+00:00", extraction=extraction("a2", "Old town"), **ok),
        ],
    )
    write(
        out / "errors",
        "run1.parquet",
        ERROR_COLUMNS,
        [
            row("a3", "2026-01-01T00:00:03+00:00", kind="provider", message="down", attempts=5, last_output=None),
            row(
                "a2",
                "2026-01-01T00:00:05+00:00",
                kind="provider",
                message="later failure",
                attempts=5,
                last_output=None,
            ),
        ],
    )
    write(
        out / "results",
        "run2.parquet",
        RESULT_COLUMNS,
        [  # a --retry-errors run fixed a3
            row("a3", "2026-01-01T00:00:09+00:00", extraction=extraction("a3", "Zaria"), **ok)
        ],
    )
    return out


def test_newest_row_per_article_is_its_outcome(tmp_path):
    with open_results(make_dir(tmp_path)) as job:
        assert isinstance(job, ResultsDir)
        results = {article["id"]: (article, ex) for article, ex in job.results()}
        assert sorted(results) == ["a1", "a3"]  # a2's newest row is an error
        assert results["a3"][1].incidents[0].locality == "Zaria"
        assert results["a1"][0]["metadata"] == {"desk": "north"}
        assert [e["article_id"] for e in job.errors()] == ["a2"]
        assert job.counts() == {"articles": 3, "ok": 2, "error": 1}
        assert job.done_pairs(include_errors=False) == {("a1", "sha-a1"), ("a2", "sha-a2"), ("a3", "sha-a3")}


def test_export_reads_a_dir_as_it_reads_a_job_store(tmp_path):
    out = make_dir(tmp_path)
    buffer = io.StringIO()
    assert export(ResultsDir(str(out)), "csv", buffer) == 2
    assert {"Kano", "Zaria"} <= set(buffer.getvalue().replace("\n", ",").split(","))
    result = CliRunner().invoke(app, ["export", str(out), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert sorted(json.loads(line)["article_id"] for line in result.stdout.splitlines()) == ["a1", "a3"]
    assert isinstance(open_results(_store(tmp_path)), JobStore)
    missing = CliRunner().invoke(app, ["export", str(tmp_path / "nowhere")])
    assert missing.exit_code != 0 and isinstance(missing.exception, InputError)


def _store(tmp_path):
    JobStore(tmp_path / "job.db").close()
    return tmp_path / "job.db"


def test_an_empty_dir_reads_as_an_empty_job(tmp_path):
    (tmp_path / "empty").mkdir()
    with open_results(tmp_path / "empty") as job:
        assert list(job.results()) == [] and list(job.errors()) == [] and job.counts()["articles"] == 0
