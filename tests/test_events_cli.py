"""``extractor events``: a job store, a batch directory or JSON Lines in; events in four formats out;
a missing or bad input is one error line and exit code 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from events_fixtures import airport_story

from extractor.batch import JobStore
from extractor.events import Event, merge_events
from extractor.events_io import EVENT_COLUMNS, read_extractions, write_acled_events, write_events
from extractor.export import ACLED_COLUMNS


@pytest.fixture
def run(capsys, monkeypatch):
    """``extractor events ARGS`` in this process (the entry point's own error handling included)."""
    from extractor.cli import main

    def invoke(*args) -> subprocess.CompletedProcess:
        monkeypatch.setattr(sys, "argv", ["extractor", "events", *map(str, args)])
        try:
            main()
            code = 0
        except SystemExit as done:
            code = done.code or 0
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return invoke


def write_store(path):
    with JobStore(path) as store:
        for n, extraction in enumerate(airport_story()):
            store.record(
                {
                    "id": extraction.article_id,
                    "ordinal": n,
                    "text_sha256": f"s{n}",
                    "published": extraction.published.isoformat(),
                    "source": extraction.source,
                    "url": None,
                    "metadata": {},
                },
                result=extraction,
            )
    return path


def write_jsonl(path):
    path.write_text("".join(a.model_dump_json() + "\n" for a in airport_story()), encoding="utf-8")
    return path


def test_events_from_a_job_store_as_json_lines(run, tmp_path):
    out = tmp_path / "events.jsonl"
    done = run(write_store(tmp_path / "job.db"), "--out", out)
    assert done.returncode == 0, done.stderr
    events = [Event.model_validate_json(line) for line in out.read_text().splitlines()]
    assert len(events) == 3 and sorted(len(e.reports) for e in events) == [1, 1, 4]
    assert "3 event(s) from 6 report(s)" in done.stderr


def test_events_from_json_lines_and_from_one_indented_document(run, tmp_path):
    done = run(write_jsonl(tmp_path / "in.jsonl"), "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert tuple(rows[0]) == EVENT_COLUMNS and len(rows) == 3
    airport = next(r for r in rows if r["n_reports"] == "4")
    assert airport["killed"] == "3" and airport["sources"] == "Meridian Wire; Northgate Press; Tigris Daily"
    single = tmp_path / "one.json"
    single.write_text(airport_story()[0].model_dump_json(indent=2), encoding="utf-8")  # as `extractor extract a.txt`
    assert [e.article_id for e in read_extractions(single)] == ["w1"]


def test_events_from_a_batch_output_directory(run, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    root = tmp_path / "out"
    (root / "results").mkdir(parents=True)
    (root / "errors").mkdir()
    story = airport_story()
    rows = [
        {
            "article_id": a.article_id,
            "text_sha256": "x",
            "published": str(a.published),
            "source": a.source,
            "url": None,
            "metadata": "{}",
            "extraction": a.model_dump_json(),
            "finished_at": "2026-01-01T00:00:00",
        }
        for a in story
    ]  # the columns a Ray job writes (extractor.batch.ray_sink)
    pq.write_table(pa.Table.from_pylist(rows), root / "results" / "part-0.parquet")
    # a later failed retry of one article: its newest row is an error, so it has no result
    pq.write_table(
        pa.Table.from_pylist(
            [
                {
                    "article_id": "later",
                    "text_sha256": "y",
                    "published": None,
                    "source": None,
                    "url": None,
                    "metadata": "{}",
                    "finished_at": "2026-01-02T00:00:00",
                    "kind": "provider",
                    "message": "down",
                    "attempts": 1,
                    "last_output": None,
                }
            ]
        ),
        root / "errors" / "part-0.parquet",
    )
    assert sorted(a.article_id for a in read_extractions(root)) == ["next", "w1", "w2"]
    done = run(root, "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p / "missing.jsonl", "no such file or directory"),
        (
            lambda p: (p / "bad.jsonl").write_text('{"article_id": "a"}\n') and p / "bad.jsonl",
            "bad.jsonl:1: not an ArticleExtraction",
        ),
        (lambda p: (p / "junk.jsonl").write_text("this is not json\n") and p / "junk.jsonl", "junk.jsonl:1: not JSON"),
        (lambda p: p, "not a batch output directory"),
    ],
)
def test_a_missing_or_bad_input_is_one_line_and_exit_2(run, tmp_path, make, message):
    done = run(make(tmp_path))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr and "Traceback" not in done.stderr


def test_a_sqlite_file_that_is_not_a_job_store_is_refused_untouched(run, tmp_path):
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x)")
    done = run(path)
    assert done.returncode == 2 and "not a job store" in done.stderr
    with sqlite3.connect(path) as db:
        assert [n for (n,) in db.execute("SELECT name FROM sqlite_master")] == ["t"]


def test_acled_export_of_events_is_one_row_per_event():
    out = io.StringIO()
    assert write_events(merge_events(airport_story()), "acled", out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    side = io.StringIO()
    again = write_acled_events(merge_events(airport_story()), io.StringIO(), provenance=side)
    assert again.written == 3 and not again.problems
    joined = {line["event_id_cnty"]: line for line in map(json.loads, side.getvalue().splitlines())}
    assert set(joined) == {r["event_id_cnty"] for r in rows}  # the same ids on a second export
    airport_side = next(v for v in joined.values() if set(v["article_ids"]) == {"later", "next", "w1", "w2"})
    assert any("killed: reports give 3 to 5" in note for note in airport_side["disagreements"])
    assert {r["article_id"] for r in airport_side["reports"]} == {"later", "next", "w1", "w2"}
    assert tuple(rows[0]) == ACLED_COLUMNS
    airport = next(r for r in rows if r["event_date"] == "2021-03-02")
    assert airport["fatalities"] == "3"  # the lower toll
    assert airport["source"] == "Meridian Wire; Northgate Press; Tigris Daily"  # every source
    # with no side named, the side the reports blame is the actor (extractor/acled/coding.py; evals/real's gold)
    assert airport["actor1"] == "Kataib Hezbollah"
    assert (airport["country"], airport["iso"], airport["location"]) == ("Iraq", "368", "Baghdad")


def test_parquet_events(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    assert write_events(merge_events(airport_story()), "parquet", path) == 3
    table = pq.read_table(path)
    assert table.column_names == list(EVENT_COLUMNS)
    assert sorted(table.column("n_reports").to_pylist()) == [1, 1, 4]
    assert json.loads(json.dumps(table.column("background_only").to_pylist())) == [False, False, False]


def test_the_installed_entry_point_reports_a_missing_input_in_one_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "extractor", "events", str(tmp_path / "none.jsonl")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (
        done.returncode == 2 and done.stderr.strip() == f"error: {tmp_path / 'none.jsonl'}: no such file or directory"
    )
