"""Numbered schema migrations, one list per feature, each recorded by name in that feature's own table.

A feature (the job store itself, review, the provider batch) declares its steps in order with the list as a
decorator, and applies them when it opens a store; a step runs once, in a transaction with its record, so a
crash leaves it applied or not at all. Append new steps; never edit, rename or reorder released ones.

    MIGRATIONS = Migrations("_review_migrations")

    @MIGRATIONS
    def m001_tables(db): ...
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator

from .db import now, transaction

__all__ = ["Migration", "Migrations"]

Migration = Callable[[sqlite3.Connection], None]
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Migrations:
    """One feature's ordered migrations and the table recording which ones a database has."""

    def __init__(self, table: str) -> None:
        if not _NAME.match(table):
            raise ValueError(f"not a table name: {table!r}")
        self.table = table
        self.steps: list[Migration] = []

    def __call__(self, step: Migration) -> Migration:
        """Append ``step`` (used as a decorator); its function name is what the database records."""
        if any(known.__name__ == step.__name__ for known in self.steps):
            raise ValueError(f"{self.table}: a migration named {step.__name__} exists already")
        self.steps.append(step)
        return step

    def __iter__(self) -> Iterator[Migration]:
        return iter(self.steps)

    def applied(self, db: sqlite3.Connection) -> set[str]:
        """The names this database has recorded (empty for a database that never saw this feature)."""
        exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (self.table,)).fetchone()
        return {row[0] for row in db.execute(f"SELECT name FROM {self.table}")} if exists else set()

    def apply(self, db: sqlite3.Connection) -> list[str]:
        """Apply the steps this database lacks, in order; returns their names."""
        db.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = self.applied(db)
        applied = []
        for step in self.steps:
            if step.__name__ in done:
                continue
            with transaction(db):
                # Another process may have applied it since we looked: the check is repeated under the lock.
                if db.execute(f"SELECT 1 FROM {self.table} WHERE name = ?", (step.__name__,)).fetchone():
                    continue
                step(db)
                db.execute(f"INSERT INTO {self.table} VALUES (?, ?)", (step.__name__, now()))
            applied.append(step.__name__)
        return applied
