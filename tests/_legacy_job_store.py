"""The job store as the code before the split made it (extractor/batch/store.py at d3d55f5): its five
migrations, copied as they were, so tests can build a file from then and open it with the code of now."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def m001_initial(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE articles (
        id TEXT PRIMARY KEY, ordinal INTEGER NOT NULL, text_sha256 TEXT,
        published TEXT, source TEXT, url TEXT, metadata TEXT)""")
    db.execute("""CREATE TABLE results (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
        extraction TEXT, cached INTEGER NOT NULL DEFAULT 0, finished_at TEXT NOT NULL)""")
    db.execute("""CREATE TABLE incidents (
        article_id TEXT NOT NULL REFERENCES articles(id), n INTEGER NOT NULL,
        event_type TEXT, sub_event_type TEXT, date TEXT, country TEXT, incident TEXT NOT NULL,
        PRIMARY KEY (article_id, n))""")
    db.execute("""CREATE TABLE errors (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        kind TEXT NOT NULL, message TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_output TEXT)""")
    # One row per try, failed ones included: what a job cost is everything it spent.
    db.execute("""CREATE TABLE usage (
        id INTEGER PRIMARY KEY, article_id TEXT NOT NULL, model TEXT,
        prompt_tokens INTEGER NOT NULL DEFAULT 0, completion_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL, cached INTEGER NOT NULL DEFAULT 0)""")


def m002_runs(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE runs (
        id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,
        backend TEXT, model TEXT, options TEXT, summary TEXT)""")
    db.execute("ALTER TABLE results ADD COLUMN run_id INTEGER REFERENCES runs(id)")
    db.execute("ALTER TABLE usage ADD COLUMN run_id INTEGER REFERENCES runs(id)")
    db.execute("CREATE INDEX results_status ON results(status)")
    db.execute("CREATE INDEX articles_ordinal ON articles(ordinal)")


def m003_superseded(db: sqlite3.Connection) -> None:
    # Articles are keyed on id + text hash: a re-run over a changed text extracts it again, and the result it
    # replaces is kept here rather than lost.
    db.execute("""CREATE TABLE superseded (
        id INTEGER PRIMARY KEY, article_id TEXT NOT NULL, text_sha256 TEXT, status TEXT NOT NULL,
        extraction TEXT, finished_at TEXT, superseded_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX superseded_article ON superseded(article_id)")


def m004_review(db: sqlite3.Connection) -> None:
    """Analyst review (extractor.review): the article text, an append-only audit log and the current state.

    ``review_state`` holds each reviewed incident's current values and a version for optimistic
    concurrency; ``review_articles.extraction`` is the reviewed record, written when an article is marked
    reviewed and cleared by any later change. The model's own rows (results, incidents) are never touched.
    """
    db.execute("ALTER TABLE articles ADD COLUMN text TEXT")
    db.execute("""CREATE TABLE review_log (
        id INTEGER PRIMARY KEY, reviewer TEXT NOT NULL, at TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id), incident TEXT,
        action TEXT NOT NULL CHECK (action IN ('accept', 'edit', 'reject', 'add', 'reviewed')),
        field TEXT, before TEXT, after TEXT, evidence TEXT)""")
    db.execute("CREATE INDEX review_log_article ON review_log(article_id, id)")
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER review_log_no_{event.lower()} BEFORE {event} ON review_log "
            "BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END"
        )
    db.execute("""CREATE TABLE review_state (
        article_id TEXT NOT NULL REFERENCES articles(id), incident TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('model', 'added')), position INTEGER NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accepted', 'edited', 'rejected')),
        incident_json TEXT NOT NULL, version INTEGER NOT NULL, reviewer TEXT NOT NULL, updated_at TEXT NOT NULL,
        PRIMARY KEY (article_id, incident))""")
    db.execute("""CREATE TABLE review_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id), reviewer TEXT NOT NULL, reviewed_at TEXT NOT NULL,
        extraction TEXT NOT NULL)""")
    db.execute("CREATE INDEX incidents_event_key ON incidents(date, country, event_type)")


def m005_provider_batches(db: sqlite3.Connection) -> None:
    """Provider Batch API bookkeeping (batch/provider_batch.py): every batch file and the articles in it.

    A file row is written before its upload; file id and batch id are recorded as soon as they are known,
    so a re-run adopts what exists instead of submitting (and paying) twice.
    """
    db.execute("CREATE TABLE provider_batch_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("""CREATE TABLE provider_batch_files (
        id INTEGER PRIMARY KEY, job_key TEXT NOT NULL, spool TEXT NOT NULL, content_sha256 TEXT NOT NULL,
        requests INTEGER NOT NULL, bytes INTEGER NOT NULL, projected_cost_usd REAL, planned_at TEXT NOT NULL,
        file_id TEXT, uploaded_at TEXT, batch_id TEXT UNIQUE, submitted_at TEXT,
        status TEXT NOT NULL DEFAULT 'planned', polled_at TEXT, completed_requests INTEGER,
        failed_requests INTEGER, output_file_id TEXT, error_file_id TEXT, error TEXT, collected_at TEXT)""")
    db.execute("""CREATE TABLE provider_batch_items (
        file INTEGER NOT NULL REFERENCES provider_batch_files(id), article_id TEXT NOT NULL,
        ordinal INTEGER NOT NULL, article TEXT NOT NULL, text TEXT NOT NULL, collected_at TEXT,
        PRIMARY KEY (file, article_id))""")
    db.execute("CREATE INDEX provider_batch_items_article ON provider_batch_items(article_id)")


LEGACY_MIGRATIONS = [m001_initial, m002_runs, m003_superseded, m004_review, m005_provider_batches]


def build_legacy_store(path: Path) -> sqlite3.Connection:
    """A new job-store file with the old schema, each migration recorded in ``_migrations`` as the old code did."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for migration in LEGACY_MIGRATIONS:
        migration(db)
        db.execute("INSERT INTO _migrations VALUES (?, '2026-01-01T00:00:00+00:00')", (migration.__name__,))
    return db
