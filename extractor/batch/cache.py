"""The response cache: successful extractions keyed by everything that decides them, shared by all jobs.

The key is ``Extractor.request_fingerprint`` (backend, model, prompt hash, schema version, article text,
parameters), so a cached answer is only reused where the model would have been asked the same question;
a second job over the same articles makes no model call. Failures are never cached: they may be transient.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..config import user_dir
from ..errors import ConfigurationError
from ..schemas import ArticleExtraction
from ..store import connect


def default_cache_path() -> Path:
    return user_dir() / "cache.db"


class ResponseCache:
    """A SQLite table fingerprint -> ArticleExtraction JSON. Safe to share between concurrent jobs (WAL)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = connect(str(self.path))  # losing the last entries to a power cut costs only a call
            self.db.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, extraction TEXT NOT NULL)")
        except (OSError, sqlite3.DatabaseError) as exc:
            raise ConfigurationError(f"{self.path}: cannot open the response cache ({exc}); use --no-cache") from None

    def get(self, key: str, article_id: str) -> ArticleExtraction | None:
        """The cached extraction, relabelled with this article's id (the id is not part of the question)."""
        row = self.db.execute("SELECT extraction FROM responses WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            cached = ArticleExtraction.model_validate_json(row[0])
        except ValueError:  # written by an incompatible version: treat as a miss, it will be overwritten
            return None
        return cached if cached.article_id == article_id else cached.model_copy(update={"article_id": article_id})

    def put(self, key: str, extraction: ArticleExtraction) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO responses (key, extraction) VALUES (?, ?)", (key, extraction.model_dump_json())
        )

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]

    def close(self) -> None:
        self.db.close()
