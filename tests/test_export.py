"""Exports: JSON Lines, CSV and Parquet rows per incident, and ACLED's columns filled only from the record."""

from __future__ import annotations

import builtins
import csv
import datetime as dt
import io
import json

import pytest

from extractor import ArticleExtraction, ConfigurationError, Incident, Provenance
from extractor.batch import JobStore
from extractor.export import ACLED_COLUMNS, INCIDENT_COLUMNS, export, export_acled


def make_store(tmp_path) -> JobStore:
    store = JobStore(tmp_path / "job.db")
    provenance = Provenance(backend="openai", model="gpt-4o-mini", prompt_hash="h", prompt_version="v")
    full = Incident(
        primary=True,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        date=dt.date(2020, 6, 22),
        date_text="on Monday",
        date_precision="day",
        country="IQ",
        admin1="Baghdad",
        locality="Baghdad",
        site="the airport",
        latitude=33.34,
        longitude=44.4,
        geo_precision=1,
        perpetrator="Kataib Hezbollah",
        target="the airport",
        weapon="rocket",
        killed=0,
        notes=["killed: no casualties"],
        evidence={"event_type": {"quote": "A rocket landed", "start": 0, "end": 15, "alignment": "exact"}},
    )
    sparse = Incident(
        primary=False,
        event_type="Protests",
        sub_event_type="Peaceful protest",
        date=dt.date(2020, 6, 1),
        date_precision="month",
        attributed_to="unknown gunmen",
    )
    store.record(
        {
            "id": "a1",
            "ordinal": 1,
            "text_sha256": "s",
            "published": "2020-06-23",
            "source": "Reuters",
            "url": "http://x",
            "metadata": {},
        },
        result=ArticleExtraction(
            article_id="a1",
            published=dt.date(2020, 6, 23),
            source="Reuters",
            incidents=[full, sparse],
            provenance=provenance,
        ),
    )
    store.record(
        {"id": "a2", "ordinal": 2, "text_sha256": "t", "published": None, "source": None, "url": None, "metadata": {}},
        error={"kind": "provider", "message": "down", "attempts": 5},
    )
    return store


def test_jsonl_is_one_extraction_per_successful_article(tmp_path):
    out = io.StringIO()
    assert export(make_store(tmp_path), "jsonl", out) == 1
    [line] = out.getvalue().splitlines()
    assert ArticleExtraction.model_validate_json(line).incidents[0].weapon == "rocket"


def test_csv_is_one_row_per_incident_with_empty_unknowns(tmp_path):
    out = io.StringIO()
    assert export(make_store(tmp_path), "csv", out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == INCIDENT_COLUMNS
    assert rows[0]["killed"] == "0" and rows[0]["injured"] == "" and rows[0]["url"] == "http://x"
    assert rows[0]["notes"] == "killed: no casualties" and rows[1]["primary"] == "false"
    primary = io.StringIO()
    assert export(make_store(tmp_path), "csv", primary, primary_only=True) == 1


def test_acled_columns_and_conventions(tmp_path):
    out, problems = io.StringIO(), io.StringIO()
    export_acled(make_store(tmp_path), out, problems=problems, timestamp=1_700_000_000)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == ACLED_COLUMNS and len(ACLED_COLUMNS) == 31
    [first] = rows  # the second incident has no country: it cannot be complete, so it is listed, not written
    assert json.loads(problems.getvalue()) == {
        "article_id": "a1",
        "incident": 1,
        "url": "http://x",
        "problem": "no country",
    }
    assert first["event_id_cnty"].startswith("IRQ") and first["event_id_cnty"][3:].isdigit()
    assert first["event_date"] == "2020-06-22" and first["year"] == "2020" and first["time_precision"] == "1"
    assert first["disorder_type"] == "Political violence"
    assert (first["country"], first["iso"], first["region"]) == ("Iraq", "368", "Middle East")
    assert first["actor1"] == "Kataib Hezbollah" and first["inter1"] == "3"
    assert first["actor2"] == "" and first["inter2"] == "0" and first["interaction"] == "30"  # a place: no actor
    assert first["civilian_targeting"] == "" and first["admin2"] == first["admin3"] == ""
    assert first["location"] == "Baghdad" and first["geo_precision"] == "1"
    assert (first["source"], first["source_scale"]) == ("Reuters", "International")
    assert first["notes"].startswith("On 22 June 2020, Kataib Hezbollah") and "A rocket landed" not in first["notes"]
    assert first["fatalities"] == "0" and first["timestamp"] == "1700000000"


def test_parquet(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "out.parquet"
    assert export(make_store(tmp_path), "parquet", path) == 2
    table = pq.read_table(path)
    assert table.column_names == list(INCIDENT_COLUMNS)
    assert table.column("killed").to_pylist() == [0, None]


def test_parquet_without_pyarrow_is_a_clear_error(tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name.startswith("pyarrow"):
            raise ImportError("no pyarrow")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(ConfigurationError, match=r"pip install 'incident-extractor\[parquet\]'"):
        export(make_store(tmp_path), "parquet", tmp_path / "out.parquet")


def test_unknown_format(tmp_path):
    with pytest.raises(ConfigurationError, match="unknown export format"):
        export(make_store(tmp_path), "xlsx", io.StringIO())
