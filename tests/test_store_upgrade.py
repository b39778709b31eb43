"""A job store written by the code before the split (review and provider-batch tables in the store's own
schema) opens with the code of now: nothing lost, reviewed records still served, and still cleared by a re-run
that never loads the review package."""

from __future__ import annotations

import sqlite3

import pytest
from _legacy_job_store import build_legacy_store

from extractor import ArticleExtraction, Provenance
from extractor.grounding import Aligner
from extractor.review import ReviewStore
from extractor.review.edits import new_incident
from extractor.review.schema import MIGRATIONS as REVIEW_MIGRATIONS
from extractor.store import JobStore
from extractor.store.schema import MIGRATIONS

MODEL = Provenance(backend="openai", model="m", prompt_hash="h", prompt_version="v")
TEXT = "Protesters marched in Kano on Monday."


def extraction(article_id: str, reviewed_by: str | None = None) -> str:
    provenance = MODEL.model_copy(
        update={"reviewed_by": reviewed_by, "reviewed_at": "2026-01-02T00:00:00+00:00" if reviewed_by else None}
    )
    return ArticleExtraction(article_id=article_id, provenance=provenance).model_dump_json()


@pytest.fixture
def legacy(tmp_path):
    """Two articles: r1 reviewed by ana (one decision, its log row, the reviewed record), e1 an error;
    and one provider batch file holding e1."""
    path = tmp_path / "old.db"
    db = build_legacy_store(path)
    for n, article_id in enumerate(("r1", "e1")):
        db.execute("INSERT INTO articles (id, ordinal, text_sha256, text) VALUES (?, ?, 's', ?)", (article_id, n, TEXT))
    db.execute(
        "INSERT INTO results (article_id, status, extraction, finished_at) VALUES ('r1', 'ok', ?, 'then')",
        (extraction("r1"),),
    )
    db.execute("INSERT INTO results (article_id, status, finished_at) VALUES ('e1', 'error', 'then')")
    db.execute("INSERT INTO errors (article_id, kind, message) VALUES ('e1', 'provider', 'down')")
    added = new_incident("Peaceful protest", True, Aligner(TEXT).align("Protesters marched"), published=None)
    db.execute(
        "INSERT INTO review_state VALUES ('r1', 'a1', 'added', 1, 'accepted', ?, 1, 'ana', 'then')",
        (added.model_dump_json(),),
    )
    db.execute("INSERT INTO review_log (reviewer, at, article_id, action) VALUES ('ana', 'then', 'r1', 'reviewed')")
    db.execute("INSERT INTO review_articles VALUES ('r1', 'ana', 'then', ?)", (extraction("r1", "ana"),))
    db.execute(
        "INSERT INTO provider_batch_files (job_key, spool, content_sha256, requests, bytes, planned_at, "
        "batch_id) VALUES ('k', 'spool', 'c', 1, 10, 'then', 'batch-1')"
    )
    db.execute("INSERT INTO provider_batch_items VALUES (1, 'e1', 1, '{}', ?, NULL)", (TEXT,))
    db.close()
    return path


def article(article_id: str, sha: str) -> dict:
    return {
        "id": article_id,
        "ordinal": 0,
        "text_sha256": sha,
        "published": None,
        "source": None,
        "url": None,
        "metadata": {},
    }


def test_an_old_store_opens_with_its_data_and_reviewed_records(legacy):
    with JobStore(legacy) as store:
        names = [row[0] for row in store.db.execute("SELECT name FROM _migrations ORDER BY rowid")]
        assert names == [
            "m001_initial",
            "m002_runs",
            "m003_superseded",
            "m004_review",
            "m005_provider_batches",
            "m004_article_text",
            "m005_approved_records",
        ]
        assert store.counts() == {"articles": 2, "ok": 1, "error": 1}
        assert [e["message"] for e in store.errors()] == ["down"]
        # the reviewed record is what export reads, though the review package has not opened the file
        [(row, record)] = list(store.results())
        assert row["id"] == "r1" and record.provenance.reviewed_by == "ana"
        [(_, model)] = list(store.results(reviewed=False))
        assert model.provenance.reviewed_by is None


def test_a_rerun_by_the_new_code_clears_an_old_review_as_the_old_code_did(legacy):
    with JobStore(legacy) as store:
        store.record(article("r1", "s"), result=ArticleExtraction.model_validate_json(extraction("r1")))
        assert store.db.execute("SELECT COUNT(*) FROM review_articles").fetchone()[0] == 0  # a new outcome
        assert store.db.execute("SELECT COUNT(*) FROM review_state").fetchone()[0] == 1  # same text: kept
        assert next(store.results())[1].provenance.reviewed_by is None
        store.record(article("r1", "changed"), result=ArticleExtraction.model_validate_json(extraction("r1")))
        assert store.db.execute("SELECT COUNT(*) FROM review_state").fetchone()[0] == 0  # another text
        assert store.db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 1  # the trail stays


def test_review_and_the_provider_batch_adopt_their_old_tables(legacy):
    from extractor.batch.provider.schema import MIGRATIONS as PROVIDER_MIGRATIONS

    with JobStore(legacy) as store:
        review = ReviewStore(store, "bo")
        assert REVIEW_MIGRATIONS.applied(store.db) == {"m001_review_tables"}
        view = review.article("r1")
        assert view.reviewed_by == "ana" and [i.key for i in view.incidents] == ["a1"]
        assert store.apply(PROVIDER_MIGRATIONS) == ["m001_provider_batch_tables"]
        assert store.db.execute("SELECT batch_id FROM provider_batch_files").fetchall() == [("batch-1",)]
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store.db.execute("DELETE FROM review_log")
    with JobStore(legacy) as store:  # opened again: nothing left to apply
        assert store.apply(REVIEW_MIGRATIONS) == [] and store.apply(PROVIDER_MIGRATIONS) == []


def test_a_new_store_has_only_its_own_tables_until_a_feature_opens_it(tmp_path):
    with JobStore(tmp_path / "new.db") as store:
        tables = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == {"_migrations", "articles", "results", "incidents", "errors", "usage", "runs", "superseded"}
        assert [m.__name__ for m in MIGRATIONS] == [row[0] for row in store.db.execute("SELECT name FROM _migrations")]
        store.record(article("a", "s"), result=ArticleExtraction.model_validate_json(extraction("a")))
        assert [row["id"] for row, _ in store.results()] == ["a"]
        ReviewStore(store, "ana")
        tables = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"review_log", "review_state", "review_articles", "_review_migrations"} <= tables


def test_a_failing_migration_step_leaves_the_file_as_it_was(tmp_path):
    from extractor.store import Migrations

    steps = Migrations("_demo_migrations")

    @steps
    def m001_table(db):
        db.execute("CREATE TABLE demo (x INTEGER)")

    @steps
    def m002_broken(db):
        db.execute("ALTER TABLE demo ADD COLUMN y INTEGER")
        raise RuntimeError("disk on fire")

    with pytest.raises(ValueError, match="exists already"):
        steps(m001_table)
    with JobStore(tmp_path / "job.db") as store:
        with pytest.raises(RuntimeError):
            store.apply(steps)
        assert steps.applied(store.db) == {"m001_table"}
        assert [row[1] for row in store.db.execute("PRAGMA table_info(demo)")] == ["x"]  # m002's column rolled back
