"""How a feature's own tables take part in the job store without the store knowing them.

``approved_records`` is a view of (article_id, extraction): records a person approved, which ``JobStore.results``
yields instead of the model's. It is empty until a feature serves it from its table (``serve_approved``: review
does, from ``review_articles``). Two kinds of trigger keep such tables true to the model's rows, whoever writes
them (a batch run that never loads the feature included): a new outcome for an article clears its approval
(``serve_approved``), and a changed text clears the rows a feature keys on the article (``clear_on_new_text``).
Each function is idempotent, so a feature may call it from any of its migrations.
"""

from __future__ import annotations

import re
import sqlite3

__all__ = ["APPROVED_VIEW", "clear_on_new_text", "serve_approved", "serve_no_approvals"]

#: The view ``JobStore.results`` reads approved records from.
APPROVED_VIEW = "approved_records"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def serve_no_approvals(db: sqlite3.Connection) -> None:
    """The view with no rows: a job store no feature has approved anything in."""
    db.execute(f"DROP VIEW IF EXISTS {APPROVED_VIEW}")
    db.execute(f"CREATE VIEW {APPROVED_VIEW} AS SELECT NULL AS article_id, NULL AS extraction WHERE 0")


def serve_approved(db: sqlite3.Connection, table: str) -> None:
    """Serve the view from ``table`` (columns article_id, extraction), whose row for an article is deleted when
    the article gets a new outcome (a re-run, a retry): the approval was of a record that no longer stands."""
    _check(table)
    db.execute(f"DROP VIEW IF EXISTS {APPROVED_VIEW}")
    db.execute(f"CREATE VIEW {APPROVED_VIEW} AS SELECT article_id, extraction FROM {table}")
    for event in ("INSERT", "UPDATE"):
        db.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_cleared_on_result_{event.lower()} AFTER {event} ON results "
            f"BEGIN DELETE FROM {table} WHERE article_id = NEW.article_id; END"
        )


def clear_on_new_text(db: sqlite3.Connection, table: str) -> None:
    """Delete ``table``'s rows for an article (its ``article_id`` column) when the article's text changes."""
    _check(table)
    db.execute(
        f"CREATE TRIGGER IF NOT EXISTS {table}_cleared_on_new_text AFTER UPDATE OF text_sha256 ON articles "
        f"WHEN OLD.text_sha256 IS NOT NEW.text_sha256 BEGIN DELETE FROM {table} WHERE article_id = NEW.id; END"
    )


def _check(table: str) -> None:
    if not _NAME.match(table):
        raise ValueError(f"not a table name: {table!r}")
