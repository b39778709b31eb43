"""The job store: one SQLite file (WAL) holding a batch job's articles, results, incidents, errors and usage.

Each article's outcome is written in one transaction, so a crash, SIGKILL or Ctrl-C leaves every article
either finished or untouched, never half-written; a re-run asks ``status`` and does only what is missing.
The store's own tables and migrations are in schema.py; a feature with tables of its own adds them with
``apply`` and writes across them and the store's atomically with ``transaction``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError
from ..schemas import ArticleExtraction
from .approvals import APPROVED_VIEW
from .db import connect, now, transaction
from .migrations import Migrations
from .schema import migrate

__all__ = ["JobStore"]


class JobStore:
    """A job's SQLite file; ``":memory:"`` gives a throwaway store (the Python API's default)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.db = connect(self.path)
            migrate(self.db)
        except sqlite3.DatabaseError as exc:
            raise ConfigurationError(f"{self.path}: not a usable job store ({exc})") from None

    def apply(self, migrations: Migrations) -> list[str]:
        """Apply a feature's migrations (its own tables) that this file lacks; returns their names."""
        try:
            return migrations.apply(self.db)
        except sqlite3.DatabaseError as exc:
            raise ConfigurationError(f"{self.path}: cannot add {migrations.table} to this job store ({exc})") from None

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """``with store.transaction() as db:`` one atomic write (BEGIN IMMEDIATE ... COMMIT, or ROLLBACK)."""
        return transaction(self.db)

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
            (now(), backend, model, json.dumps(options, default=str)),
        )
        # The ids a run has seen (see()): a temporary table of this connection, so memory stays flat.
        self.db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS run_seen (run_id INTEGER NOT NULL, article_id TEXT NOT NULL, "
            "n INTEGER NOT NULL, PRIMARY KEY (run_id, article_id)) WITHOUT ROWID"
        )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        self.db.execute(
            "UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
            (now(), json.dumps(summary, default=str), run_id),
        )
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
            (run_id, article_id),
        ).fetchone()
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
        with transaction(self.db) as db:
            # A feature's rows that depend on the old outcome or text are cleared by its triggers (approvals).
            db.execute(
                "INSERT INTO superseded (article_id, text_sha256, status, extraction, finished_at, superseded_at) "
                "SELECT a.id, a.text_sha256, r.status, r.extraction, r.finished_at, ? FROM articles a "
                "JOIN results r ON r.article_id = a.id WHERE a.id = ? AND a.text_sha256 IS NOT ? ",
                (now(), article_id, article.get("text_sha256")),
            )
            db.execute(
                "INSERT INTO articles (id, ordinal, text_sha256, published, source, url, metadata, text) "
                "VALUES (:id, :ordinal, :text_sha256, :published, :source, :url, :metadata, :text) "
                "ON CONFLICT(id) DO UPDATE SET ordinal = excluded.ordinal, text_sha256 = excluded.text_sha256, "
                "published = excluded.published, source = excluded.source, url = excluded.url, "
                "metadata = excluded.metadata, text = COALESCE(excluded.text, articles.text)",
                {
                    **article,
                    "metadata": json.dumps(article.get("metadata") or {}, ensure_ascii=False, default=str),
                    "text": article.get("text"),
                },
            )
            db.execute("DELETE FROM incidents WHERE article_id = ?", (article_id,))
            db.execute("DELETE FROM errors WHERE article_id = ?", (article_id,))
            db.execute(
                "INSERT INTO results (article_id, status, extraction, cached, finished_at, run_id) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET status = excluded.status, "
                "extraction = excluded.extraction, cached = excluded.cached, finished_at = excluded.finished_at, "
                "run_id = excluded.run_id",
                (
                    article_id,
                    "ok" if result is not None else "error",
                    result.model_dump_json() if result is not None else None,
                    int(cached),
                    now(),
                    run_id,
                ),
            )
            if result is not None:
                db.executemany(
                    "INSERT INTO incidents (article_id, n, event_type, sub_event_type, date, country, incident) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            article_id,
                            n,
                            i.event_type,
                            i.sub_event_type,
                            i.date.isoformat() if i.date else None,
                            i.country,
                            i.model_dump_json(),
                        )
                        for n, i in enumerate(result.incidents)
                    ],
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
        return {
            "articles": self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
            "ok": rows.get("ok", 0),
            "error": rows.get("error", 0),
        }

    def totals(self) -> dict[str, Any]:
        """Tokens and cost over the whole job (every run, failed tries included)."""
        prompt, completion, cost, priced, rows = self.db.execute(
            "SELECT COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), "
            "COALESCE(SUM(cost_usd), 0), COUNT(cost_usd), COUNT(*) FROM usage WHERE cached = 0"
        ).fetchone()
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "cost_usd": cost if priced else None,
            "cost_complete": priced == rows,
        }

    def errors(self) -> Iterator[dict[str, Any]]:
        cursor = self.db.execute(
            "SELECT e.article_id, a.ordinal, e.kind, e.message, e.attempts, e.last_output FROM errors e "
            "JOIN articles a ON a.id = e.article_id ORDER BY a.ordinal"
        )
        for article_id, ordinal, kind, message, attempts, last_output in cursor:
            yield {
                "article_id": article_id,
                "ordinal": ordinal,
                "kind": kind,
                "message": message,
                "attempts": attempts,
                "last_output": last_output,
            }

    def results(self, reviewed: bool = True) -> Iterator[tuple[dict[str, Any], ArticleExtraction]]:
        """(article row, extraction) for every successful or reviewed article, in input order, streamed.

        An article with an approved record (one an analyst marked reviewed in extractor.review) yields that
        record, even if the model failed on it; the others yield the model's. ``reviewed=False``: the model's only.
        """
        if not reviewed:
            query = (
                "SELECT a.id, a.ordinal, a.published, a.source, a.url, a.metadata, r.extraction FROM results r "
                "JOIN articles a ON a.id = r.article_id WHERE r.status = 'ok' ORDER BY a.ordinal, a.id"
            )
        else:
            query = (
                "SELECT a.id, a.ordinal, a.published, a.source, a.url, a.metadata, "
                "COALESCE(v.extraction, r.extraction) FROM articles a "
                f"LEFT JOIN results r ON r.article_id = a.id LEFT JOIN {APPROVED_VIEW} v ON v.article_id = a.id "
                "WHERE r.status = 'ok' OR v.extraction IS NOT NULL ORDER BY a.ordinal, a.id"
            )
        cursor = self.db.execute(query)
        for article_id, ordinal, published, source, url, metadata, extraction in cursor:
            row = {
                "id": article_id,
                "ordinal": ordinal,
                "published": published,
                "source": source,
                "url": url,
                "metadata": json.loads(metadata) if metadata else {},
            }
            yield row, ArticleExtraction.model_validate_json(extraction)
