"""Inputs are streamed; a bad record becomes an error naming the file and line, and reading goes on."""

from __future__ import annotations

import hashlib
import json

import pytest

from extractor import Article, InputError
from extractor.batch.inputs import count_inputs, read_inputs, records_from_objects


def test_directory_of_txt_files_in_name_order_with_unreadable_files_as_errors(tmp_path):
    (tmp_path / "b.txt").write_text("Second article.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First article.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_bytes(b"\xff\xfe not utf-8 \xc3")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    records = list(read_inputs(tmp_path))
    assert [r.article_id for r in records] == ["a", "b", "sub/c"]
    assert records[0].text == "First article." and records[0].error is None
    assert records[2].error is not None and "c.txt" in records[2].error and "UTF-8" in records[2].error
    assert count_inputs(tmp_path) == 3


def test_jsonl_keeps_extra_fields_as_metadata_and_reports_bad_lines(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "id": "x1",
                        "text": "A text.",
                        "published": "2021-01-02",
                        "source": "AFP",
                        "url": "http://u",
                        "lang": "en",
                        "tags": ["a"],
                    }
                ),
                "",
                "{not json",
                json.dumps(["a", "list"]),
                json.dumps({"id": 7, "text": 42}),
                json.dumps({"text": "No id here."}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    records = list(read_inputs(path))
    assert len(records) == 5
    first = records[0]
    assert (first.article_id, first.published, first.source, first.url) == ("x1", "2021-01-02", "AFP", "http://u")
    assert first.metadata == {"lang": "en", "tags": ["a"]}
    assert records[1].error.startswith("articles.jsonl line 3: not valid JSON")
    assert records[1].article_id == "articles.jsonl:3"
    assert "line 4" in records[2].error and "JSON object" in records[2].error
    assert records[3].article_id == "7" and "'text' must be a string" in records[3].error
    assert records[4].article_id == "sha256:" + hashlib.sha256(b"No id here.").hexdigest()[:16]
    assert records[4].error is None
    assert count_inputs(path) == 5


def test_csv_with_quoted_newlines_and_a_short_row(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text(
        'id,text,published,desk\nc1,"Line one.\nLine two.",2020-05-01,africa\nc2,too few\n,Third article.,,asia\n',
        encoding="utf-8",
    )
    records = list(read_inputs(path))
    assert records[0].text == "Line one.\nLine two." and records[0].metadata == {"desk": "africa"}
    assert records[1].error == "articles.csv line 4: 2 fields, the header has 4"
    assert records[2].article_id.startswith("sha256:") and records[2].published is None


def test_csv_without_a_text_column_and_unknown_inputs_are_input_errors(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("id,body\n1,hello\n", encoding="utf-8")
    with pytest.raises(InputError, match="'text' column"):
        list(read_inputs(bad))
    with pytest.raises(InputError, match="no such file"):
        read_inputs(tmp_path / "missing.jsonl")
    (tmp_path / "x.xml").write_text("<a/>", encoding="utf-8")
    with pytest.raises(InputError, match="unknown input kind"):
        read_inputs(tmp_path / "x.xml")


def test_reading_is_lazy(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": "t"}) + "\n" for i in range(1000)), encoding="utf-8")
    stream = read_inputs(path)
    assert next(stream).article_id == "0"  # a generator: nothing beyond the first line was parsed yet


def test_python_objects():
    records = list(
        records_from_objects(
            ["text one", Article.create("text two", article_id="t2"), {"id": "m", "text": "three", "extra": 1}, 5]
        )
    )
    assert [r.article_id for r in records] == ["articles:1", "t2", "m", "articles:4"]
    assert records[2].metadata == {"extra": 1}
    assert "expected a string" in records[3].error
