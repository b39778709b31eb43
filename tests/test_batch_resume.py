"""Resume keys on article id plus text hash, never on the position in the input."""

from __future__ import annotations

import json
import sqlite3

from _batch_support import ANSWER, article_text, make_extractor

from extractor import extract_many
from extractor.batch import JobStore


def write(path, ids: list[str], texts: dict[str, str] | None = None) -> None:
    texts = texts or {}
    path.write_text(
        "".join(
            json.dumps({"id": i, "text": texts.get(i, article_text(int(i[1:]))), "published": "2021-03-09"}) + "\n"
            for i in ids
        ),
        encoding="utf-8",
    )


def run(server, source, job, **kwargs):
    return list(extract_many(source, extractor=make_extractor(server), store=job, cache=False, **kwargs))


def test_appended_and_inserted_articles_run_alone_and_record_no_error(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    source, job = tmp_path / "in.jsonl", tmp_path / "job.db"
    write(source, ["a0", "a1", "a2", "a3"])
    assert len(run(server, source, job)) == 4 and len(server.requests) == 4
    write(source, ["a0", "a1", "a9", "a2", "a3", "a4", "a5"])  # one inserted in the middle, two appended
    items = run(server, source, job)
    assert sorted(i.article_id for i in items) == ["a4", "a5", "a9"] and all(i.ok for i in items)
    assert len(server.requests) == 7
    write(source, ["a5", "a3", "a9", "a0", "a4", "a2", "a1"])  # reordered: nothing new
    assert run(server, source, job) == [] and len(server.requests) == 7
    with JobStore(job) as store:
        assert store.counts() == {"articles": 7, "ok": 7, "error": 0}
        assert list(store.errors()) == []


def test_a_changed_text_is_extracted_again_and_the_old_result_kept(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    source, job = tmp_path / "in.jsonl", tmp_path / "job.db"
    write(source, ["a0", "a1"])
    run(server, source, job)
    changed = article_text(1) + " Updated with a correction."
    write(source, ["a0", "a1"], {"a1": changed})
    items = run(server, source, job)
    assert [(i.article_id, i.ok) for i in items] == [("a1", True)] and len(server.requests) == 3
    db = sqlite3.connect(job)
    ((old_hash, status, extraction),) = db.execute("SELECT text_sha256, status, extraction FROM superseded").fetchall()
    new_hash = db.execute("SELECT text_sha256 FROM articles WHERE id = 'a1'").fetchone()[0]
    assert status == "ok" and old_hash != new_hash and json.loads(extraction)["article_id"] == "a1"
    assert run(server, source, job) == []  # same text again: done


def test_duplicate_ids_in_one_input_stay_error_records_on_every_run(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    source, job = tmp_path / "in.jsonl", tmp_path / "job.db"
    write(source, ["a0", "a1", "a0", "a2", "a0"])
    items = run(server, source, job)
    errors = sorted(i.article_id for i in items if not i.ok)
    assert errors == ["a0#2", "a0#3"] and len(server.requests) == 3
    assert all("duplicate id 'a0'" in i.error["message"] for i in items if not i.ok)
    write(source, ["a7", "a0", "a1", "a0", "a2", "a0"])  # one inserted before: the same error records, one new article
    items = run(server, source, job)
    assert [i.article_id for i in items] == ["a7"]
    with JobStore(job) as store:
        assert sorted(e["article_id"] for e in store.errors()) == ["a0#2", "a0#3"]


def test_records_without_ids_are_named_by_their_text(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER)
    source, job = tmp_path / "in.jsonl", tmp_path / "job.db"
    lines = [json.dumps({"text": article_text(i), "published": "2021-03-09"}) for i in range(3)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run(server, source, job)
    source.write_text("\n".join([json.dumps({"text": article_text(9)}), *lines]) + "\n", encoding="utf-8")
    items = run(server, source, job)
    assert len(items) == 1 and len(server.requests) == 4
