"""The job store: migrations run once and upgrade old files; each outcome is one atomic write."""

from __future__ import annotations

import sqlite3

import pytest

from extractor import ArticleExtraction, Provenance
from extractor.store import JobStore
from extractor.store.schema import MIGRATIONS, m001_initial, migrate


def extraction(article_id: str) -> ArticleExtraction:
    return ArticleExtraction(
        article_id=article_id, provenance=Provenance(backend="openai", model="m", prompt_hash="h", prompt_version="v")
    )


def article(article_id: str, ordinal: int = 1) -> dict:
    return {
        "id": article_id,
        "ordinal": ordinal,
        "text_sha256": "s",
        "published": None,
        "source": None,
        "url": None,
        "metadata": {"k": "v"},
    }


def test_migrations_apply_once_and_are_recorded(tmp_path):
    path = tmp_path / "job.db"
    JobStore(path).close()
    db = sqlite3.connect(path)
    assert [r[0] for r in db.execute("SELECT name FROM _migrations")] == [m.__name__ for m in MIGRATIONS]
    assert migrate(db) == []
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_old_store_is_upgraded_without_losing_data(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    m001_initial(db)
    db.execute("INSERT INTO _migrations VALUES ('m001_initial', 'then')")
    db.execute("INSERT INTO articles (id, ordinal) VALUES ('old', 1)")
    db.execute("INSERT INTO results (article_id, status, finished_at) VALUES ('old', 'error', 'then')")
    db.close()
    with JobStore(path) as store:
        assert store.state("old") == (None, "error")  # (text sha256, status): the old row had no hash
        columns = {r[1] for r in store.db.execute("PRAGMA table_info(results)")}
        assert "run_id" in columns


def test_rerecording_replaces_the_outcome_but_keeps_what_was_spent(tmp_path):
    with JobStore(tmp_path / "job.db") as store:
        store.record(
            article("a"), error={"kind": "provider", "message": "down", "attempts": 3}, usage=("m", 100, 0, 0.01, False)
        )
        assert store.state("a") == ("s", "error")
        store.record(article("a"), result=extraction("a"), usage=("m", 100, 20, 0.02, False))
        assert store.state("a") == ("s", "ok")
        assert list(store.errors()) == []
        assert store.counts() == {"articles": 1, "ok": 1, "error": 0}
        totals = store.totals()
        assert totals["prompt_tokens"] == 200 and totals["cost_usd"] == pytest.approx(0.03)
        [(row, result)] = list(store.results())
        assert row["metadata"] == {"k": "v"} and result.article_id == "a"


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    with JobStore(tmp_path / "job.db") as store:
        with pytest.raises(sqlite3.IntegrityError):  # the error row lacks its NOT NULL message
            store.record(article("b"), error={"kind": "provider", "message": None})
        assert store.state("b") is None
        assert store.counts() == {"articles": 0, "ok": 0, "error": 0}


def test_unknown_cost_stays_unknown(tmp_path):
    with JobStore(tmp_path / "job.db") as store:
        store.record(article("a"), result=extraction("a"), usage=("mystery", 10, 5, None, False))
        assert store.totals()["cost_usd"] is None
