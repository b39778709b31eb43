"""The SQLite connection every job-store file is opened with, and the write transaction they all share.

Connections are in autocommit mode, so a write is atomic only inside ``transaction(db)``: BEGIN IMMEDIATE takes
the write lock up front (a concurrent writer waits on busy_timeout instead of failing half-way).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["connect", "now", "transaction"]


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


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (KeyboardInterrupt too): all of a write or none."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def now() -> str:
    """The UTC time stamps the store writes (ISO 8601, seconds)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
