"""The provider batch's tables in a job store, and their migrations (recorded in ``_provider_batch_migrations``).

Every batch file and the articles in it. A file row is written before its upload; file id and batch id are
recorded as soon as they are known, so a re-run adopts what exists instead of submitting (and paying) twice.
"""

from __future__ import annotations

import sqlite3

from ...store import Migrations

__all__ = ["MIGRATIONS"]

MIGRATIONS = Migrations("_provider_batch_migrations")


@MIGRATIONS
def m001_provider_batch_tables(db: sqlite3.Connection) -> None:
    # IF NOT EXISTS throughout: a job store from before the split has these from its own m005_provider_batches.
    db.execute("CREATE TABLE IF NOT EXISTS provider_batch_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("""CREATE TABLE IF NOT EXISTS provider_batch_files (
        id INTEGER PRIMARY KEY, job_key TEXT NOT NULL, spool TEXT NOT NULL, content_sha256 TEXT NOT NULL,
        requests INTEGER NOT NULL, bytes INTEGER NOT NULL, projected_cost_usd REAL, planned_at TEXT NOT NULL,
        file_id TEXT, uploaded_at TEXT, batch_id TEXT UNIQUE, submitted_at TEXT,
        status TEXT NOT NULL DEFAULT 'planned', polled_at TEXT, completed_requests INTEGER,
        failed_requests INTEGER, output_file_id TEXT, error_file_id TEXT, error TEXT, collected_at TEXT)""")
    db.execute("""CREATE TABLE IF NOT EXISTS provider_batch_items (
        file INTEGER NOT NULL REFERENCES provider_batch_files(id), article_id TEXT NOT NULL,
        ordinal INTEGER NOT NULL, article TEXT NOT NULL, text TEXT NOT NULL, collected_at TEXT,
        PRIMARY KEY (file, article_id))""")
    db.execute("CREATE INDEX IF NOT EXISTS provider_batch_items_article ON provider_batch_items(article_id)")
