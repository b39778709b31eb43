"""Review's tables in a job store, and their migrations (recorded in ``_review_migrations``).

``review_log`` is the append-only audit trail (triggers refuse UPDATE and DELETE); ``review_state`` holds each
touched incident's current values and a version for optimistic concurrency; ``review_articles`` holds the
reviewed record of each article marked reviewed, which the store's ``results()`` yields instead of the model's
(extractor.store.approvals). A new model outcome clears an article's reviewed mark, and a changed text clears
its decisions (the log keeps them): SQLite triggers do it, whoever writes the results. The model's own rows
(results, incidents) are never touched.
"""

from __future__ import annotations

import sqlite3

from ..store import JobStore, Migrations
from ..store.approvals import clear_on_new_text, serve_approved

__all__ = ["MIGRATIONS", "open_review_tables"]

MIGRATIONS = Migrations("_review_migrations")


@MIGRATIONS
def m001_review_tables(db: sqlite3.Connection) -> None:
    # IF NOT EXISTS throughout: a job store from before the split has these from its own m004_review.
    db.execute("""CREATE TABLE IF NOT EXISTS review_log (
        id INTEGER PRIMARY KEY, reviewer TEXT NOT NULL, at TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id), incident TEXT,
        action TEXT NOT NULL CHECK (action IN ('accept', 'edit', 'reject', 'add', 'reviewed')),
        field TEXT, before TEXT, after TEXT, evidence TEXT)""")
    db.execute("CREATE INDEX IF NOT EXISTS review_log_article ON review_log(article_id, id)")
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER IF NOT EXISTS review_log_no_{event.lower()} BEFORE {event} ON review_log "
            "BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END"
        )
    db.execute("""CREATE TABLE IF NOT EXISTS review_state (
        article_id TEXT NOT NULL REFERENCES articles(id), incident TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('model', 'added')), position INTEGER NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accepted', 'edited', 'rejected')),
        incident_json TEXT NOT NULL, version INTEGER NOT NULL, reviewer TEXT NOT NULL, updated_at TEXT NOT NULL,
        PRIMARY KEY (article_id, incident))""")
    db.execute("""CREATE TABLE IF NOT EXISTS review_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id), reviewer TEXT NOT NULL, reviewed_at TEXT NOT NULL,
        extraction TEXT NOT NULL)""")
    # The queue's "disagree" filter joins incidents on these columns.
    db.execute("CREATE INDEX IF NOT EXISTS incidents_event_key ON incidents(date, country, event_type)")
    serve_approved(db, "review_articles")
    clear_on_new_text(db, "review_state")


def open_review_tables(job: JobStore) -> JobStore:
    """Give ``job`` the review tables it lacks (a no-op once it has them); returns it."""
    job.apply(MIGRATIONS)
    return job
