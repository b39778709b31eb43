"""The job store's own schema: articles, results, incidents, errors, usage, runs and superseded results.

Features keep their tables beside their code and apply their own migrations when they open a store
(extractor.review.schema, extractor.batch.provider.schema). Until the split, two of them lived here as
``m004_review`` and ``m005_provider_batches``: files written then keep those names in ``_migrations``, and the
steps below (like the features' first ones) adopt what such a file already has instead of creating it again.
"""

from __future__ import annotations

import sqlite3

from .approvals import clear_on_new_text, serve_approved, serve_no_approvals
from .migrations import Migrations

__all__ = ["MIGRATIONS", "migrate"]

#: The job store's migrations, recorded in ``_migrations``.
MIGRATIONS = Migrations("_migrations")


@MIGRATIONS
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


@MIGRATIONS
def m002_runs(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE runs (
        id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,
        backend TEXT, model TEXT, options TEXT, summary TEXT)""")
    db.execute("ALTER TABLE results ADD COLUMN run_id INTEGER REFERENCES runs(id)")
    db.execute("ALTER TABLE usage ADD COLUMN run_id INTEGER REFERENCES runs(id)")
    db.execute("CREATE INDEX results_status ON results(status)")
    db.execute("CREATE INDEX articles_ordinal ON articles(ordinal)")


@MIGRATIONS
def m003_superseded(db: sqlite3.Connection) -> None:
    # Articles are keyed on id + text hash: a re-run over a changed text extracts it again, and the result it
    # replaces is kept here rather than lost.
    db.execute("""CREATE TABLE superseded (
        id INTEGER PRIMARY KEY, article_id TEXT NOT NULL, text_sha256 TEXT, status TEXT NOT NULL,
        extraction TEXT, finished_at TEXT, superseded_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX superseded_article ON superseded(article_id)")


@MIGRATIONS
def m004_article_text(db: sqlite3.Connection) -> None:
    """The article's text, kept with its record (review shows it; gold export writes it)."""
    if "text" not in {row[1] for row in db.execute("PRAGMA table_info(articles)")}:  # m004_review added it
        db.execute("ALTER TABLE articles ADD COLUMN text TEXT")


@MIGRATIONS
def m005_approved_records(db: sqlite3.Connection) -> None:
    """The view of approved records (see approvals); a file from before the split gets it served from the review
    tables its old m004_review made, since a run may rewrite results before review opens the file again."""
    serve_no_approvals(db)
    if db.execute("SELECT 1 FROM _migrations WHERE name = 'm004_review'").fetchone():
        serve_approved(db, "review_articles")
        clear_on_new_text(db, "review_state")


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply the job store's migrations this database lacks; returns their names."""
    return MIGRATIONS.apply(db)
