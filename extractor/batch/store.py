"""The job store: one SQLite file (WAL) holding a batch job's articles, results, incidents, errors and usage.

Each article's outcome is written in one transaction, so a crash, SIGKILL or Ctrl-C leaves every article
either finished or untouched, never half-written; a re-run asks ``status`` and does only what is missing.
The schema evolves through numbered migration functions, applied once each and recorded in ``_migrations``.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError
from ..schemas import ArticleExtraction


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
        db.execute(f"CREATE TRIGGER review_log_no_{event.lower()} BEFORE {event} ON review_log "
                   "BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END")
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


#: Applied in order; append new functions, never edit or reorder released ones.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [m001_initial, m002_runs, m003_superseded, m004_review,
                                                        m005_provider_batches]


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply the migrations this database lacks; returns their names."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    applied = []
    for migration in MIGRATIONS:
        if migration.__name__ in done:
            continue
        with _transaction(db):
            migration(db)
            db.execute("INSERT INTO _migrations VALUES (?, ?)", (migration.__name__, _now()))
        applied.append(migration.__name__)
    return applied


def connect(path: str) -> sqlite3.Connection:
    """An autocommit connection in WAL mode, shared safely by concurrent jobs (the job store, the cache).

    synchronous NORMAL in WAL mode: a commit survives a process crash or SIGKILL (only an OS crash or power
    loss can drop the last ones), at a fraction of FULL's fsync cost.
    """
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA busy_timeout = 10000")
    if path != ":memory:":
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    return db


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (the connection is in autocommit mode)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class JobStore:
    """A job's SQLite file; ``":memory:"`` gives a throwaway store (the Python API's default)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.db = connect(self.path)
            migrate(self.db)
        except sqlite3.DatabaseError as exc:
            raise ConfigurationError(f"{self.path}: not a usable job store ({exc})") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> JobStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs -----------------------------------------------------------------------------------------
    def begin_run(self, backend: str, model: str, options: dict[str, Any]) -> int:
        cursor = self.db.execute(
            "INSERT INTO runs (started_at, backend, model, options) VALUES (?, ?, ?, ?)",
            (_now(), backend, model, json.dumps(options, default=str)),
        )
        # The ids a run has seen (see()): a temporary table of this connection, so memory stays flat.
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS run_seen (run_id INTEGER NOT NULL, article_id TEXT NOT NULL, "
                        "n INTEGER NOT NULL, PRIMARY KEY (run_id, article_id)) WITHOUT ROWID")
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        self.db.execute("UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
                        (_now(), json.dumps(summary, default=str), run_id))
        self.db.execute("DELETE FROM run_seen WHERE run_id = ?", (run_id,))

    # -- per article ----------------------------------------------------------------------------------
    def state(self, article_id: str) -> tuple[str | None, str | None] | None:
        """(text sha256, 'ok' | 'error' | None) of a known article, None for one never seen."""
        row = self.db.execute(
            "SELECT a.text_sha256, r.status FROM articles a LEFT JOIN results r ON r.article_id = a.id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def see(self, run_id: int, article_id: str) -> int:
        """Count one more occurrence of ``article_id`` in run ``run_id`` (from begin_run); returns the count (1 the
        first time). Kept in a temporary table of this connection, so a run over millions of articles stays flat."""
        row = self.db.execute(
            "INSERT INTO run_seen VALUES (?, ?, 1) ON CONFLICT (run_id, article_id) DO UPDATE SET n = n + 1 RETURNING n",
            (run_id, article_id)).fetchone()
        return int(row[0])

    def record(
        self,
        article: dict[str, Any],
        *,
        result: ArticleExtraction | None = None,
        error: dict[str, Any] | None = None,
        usage: tuple[str | None, int, int, float | None, bool] | None = None,
        run_id: int | None = None,
        then: Callable[[sqlite3.Connection], None] | None = None,
    ) -> None:
        """Store one article's outcome (a result or an error) and its usage, atomically.

        ``article``: id, ordinal, text_sha256, published, source, url, metadata, text. ``error``: kind, message,
        attempts, last_output. ``usage``: (model, prompt tokens, completion tokens, cost or None, cached).
        A re-run replaces the article's previous outcome; its usage rows are kept (that money was spent). When
        the text changed (another sha256), the replaced result is kept in ``superseded``.
        ``then`` runs in the same transaction (the provider batch marks the article collected with it).
        """
        article_id = article["id"]
        cached = bool(usage and usage[4])
        with _transaction(self.db) as db:
            db.execute(
                "INSERT INTO superseded (article_id, text_sha256, status, extraction, finished_at, superseded_at) "
                "SELECT a.id, a.text_sha256, r.status, r.extraction, r.finished_at, ? FROM articles a "
                "JOIN results r ON r.article_id = a.id WHERE a.id = ? AND a.text_sha256 IS NOT ? ",
                (_now(), article_id, article.get("text_sha256")))
            # A new model outcome must be reviewed again; for a changed text the old decisions no longer apply
            # (review_log keeps them).
            db.execute("DELETE FROM review_state WHERE article_id IN "
                       "(SELECT id FROM articles WHERE id = ? AND text_sha256 IS NOT ?)",
                       (article_id, article.get("text_sha256")))
            db.execute("DELETE FROM review_articles WHERE article_id = ?", (article_id,))
            db.execute(
                "INSERT INTO articles (id, ordinal, text_sha256, published, source, url, metadata, text) "
                "VALUES (:id, :ordinal, :text_sha256, :published, :source, :url, :metadata, :text) "
                "ON CONFLICT(id) DO UPDATE SET ordinal = excluded.ordinal, text_sha256 = excluded.text_sha256, "
                "published = excluded.published, source = excluded.source, url = excluded.url, "
                "metadata = excluded.metadata, text = COALESCE(excluded.text, articles.text)",
                {**article, "metadata": json.dumps(article.get("metadata") or {}, ensure_ascii=False, default=str),
                 "text": article.get("text")},
            )
            db.execute("DELETE FROM incidents WHERE article_id = ?", (article_id,))
            db.execute("DELETE FROM errors WHERE article_id = ?", (article_id,))
            db.execute(
                "INSERT INTO results (article_id, status, extraction, cached, finished_at, run_id) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET status = excluded.status, "
                "extraction = excluded.extraction, cached = excluded.cached, finished_at = excluded.finished_at, "
                "run_id = excluded.run_id",
                (article_id, "ok" if result is not None else "error",
                 result.model_dump_json() if result is not None else None, int(cached), _now(), run_id),
            )
            if result is not None:
                db.executemany(
                    "INSERT INTO incidents (article_id, n, event_type, sub_event_type, date, country, incident) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(article_id, n, i.event_type, i.sub_event_type, i.date.isoformat() if i.date else None,
                      i.country, i.model_dump_json()) for n, i in enumerate(result.incidents)],
                )
            if error is not None:
                db.execute(
                    "INSERT INTO errors (article_id, kind, message, attempts, last_output) VALUES (?, ?, ?, ?, ?)",
                    (article_id, error["kind"], error["message"], error.get("attempts", 0), error.get("last_output")),
                )
            if usage is not None:
                model, prompt_tokens, completion_tokens, cost, cached_flag = usage
                db.execute(
                    "INSERT INTO usage (article_id, model, prompt_tokens, completion_tokens, cost_usd, cached, run_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (article_id, model, prompt_tokens, completion_tokens, cost, int(cached_flag), run_id),
                )
            if then is not None:
                then(db)

    # -- reading --------------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        rows = dict(self.db.execute("SELECT status, COUNT(*) FROM results GROUP BY status").fetchall())
        return {"articles": self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
                "ok": rows.get("ok", 0), "error": rows.get("error", 0)}

    def totals(self) -> dict[str, Any]:
        """Tokens and cost over the whole job (every run, failed tries included)."""
        prompt, completion, cost, priced, rows = self.db.execute(
            "SELECT COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), "
            "COALESCE(SUM(cost_usd), 0), COUNT(cost_usd), COUNT(*) FROM usage WHERE cached = 0"
        ).fetchone()
        return {"prompt_tokens": prompt, "completion_tokens": completion,
                "cost_usd": cost if priced else None, "cost_complete": priced == rows}

    def errors(self) -> Iterator[dict[str, Any]]:
        cursor = self.db.execute(
            "SELECT e.article_id, a.ordinal, e.kind, e.message, e.attempts, e.last_output FROM errors e "
            "JOIN articles a ON a.id = e.article_id ORDER BY a.ordinal")
        for article_id, ordinal, kind, message, attempts, last_output in cursor:
            yield {"article_id": article_id, "ordinal": ordinal, "kind": kind, "message": message,
                   "attempts": attempts, "last_output": last_output}

    def results(self, reviewed: bool = True) -> Iterator[tuple[dict[str, Any], ArticleExtraction]]:
        """(article row, extraction) for every successful or reviewed article, in input order, streamed.

        An article an analyst marked reviewed yields the reviewed record (extractor.review), even if the
        model failed on it; the others yield the model's. ``reviewed=False`` gives the model's only.
        """
        if not reviewed:
            query = ("SELECT a.id, a.ordinal, a.published, a.source, a.url, a.metadata, r.extraction FROM results r "
                     "JOIN articles a ON a.id = r.article_id WHERE r.status = 'ok' ORDER BY a.ordinal, a.id")
        else:
            query = ("SELECT a.id, a.ordinal, a.published, a.source, a.url, a.metadata, "
                     "COALESCE(v.extraction, r.extraction) FROM articles a "
                     "LEFT JOIN results r ON r.article_id = a.id LEFT JOIN review_articles v ON v.article_id = a.id "
                     "WHERE r.status = 'ok' OR v.extraction IS NOT NULL ORDER BY a.ordinal, a.id")
        cursor = self.db.execute(query)
        for article_id, ordinal, published, source, url, metadata, extraction in cursor:
            row = {"id": article_id, "ordinal": ordinal, "published": published, "source": source, "url": url,
                   "metadata": json.loads(metadata) if metadata else {}}
            yield row, ArticleExtraction.model_validate_json(extraction)
