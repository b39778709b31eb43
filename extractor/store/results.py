"""Read a job's outcomes wherever they were written: a SQLite job store or the parquet DIR of a Ray job.

``open_results(path)`` returns an object with the job store's reading API (``results()``, ``errors()``,
``counts()``, ``close()``), so export and review read either alike. A DIR holds ``results/`` and
``errors/`` parquet datasets (format in the Ray job's docstring); a re-run adds files beside the old ones,
so for each article_id the newest row by ``finished_at`` across both datasets is the article's outcome.
Reading needs pyarrow only, not Ray.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from ..errors import ConfigurationError, InputError
from ..schemas import ArticleExtraction
from .jobs import JobStore

__all__ = [
    "RESULT_COLUMNS",
    "ERROR_COLUMNS",
    "ResultsDir",
    "ResultSource",
    "open_results",
    "parquet_filesystem",
    "require_job_store",
]

#: Columns of DIR/results and DIR/errors (types in ray_job.OUTCOME_SCHEMA).
RESULT_COLUMNS = (
    "article_id",
    "text_sha256",
    "published",
    "source",
    "url",
    "metadata",
    "extraction",
    "model",
    "prompt_tokens",
    "completion_tokens",
    "cost_usd",
    "cached",
    "finished_at",
)
ERROR_COLUMNS = (
    "article_id",
    "text_sha256",
    "published",
    "source",
    "url",
    "metadata",
    "kind",
    "message",
    "attempts",
    "last_output",
    "model",
    "prompt_tokens",
    "completion_tokens",
    "cost_usd",
    "finished_at",
)


class ResultSource(Protocol):
    """What export reads: the job store's reading API."""

    def results(self) -> Iterator[tuple[dict[str, Any], ArticleExtraction]]: ...

    def errors(self) -> Iterator[dict[str, Any]]: ...


def open_results(path: str | Path) -> Any:
    """A JobStore for a job file, a ResultsDir for a directory (local or a pyarrow filesystem URI)."""
    text = str(path)
    if "://" in text or Path(text).is_dir():
        return ResultsDir(text)
    if Path(text).is_file():
        require_job_store(text)
        return JobStore(text)
    raise InputError(f"{text}: no such job store or results directory")


_SQLITE_MAGIC = b"SQLite format 3\x00"


def require_job_store(path: str | Path) -> None:
    """Raise InputError unless ``path`` is a job store written by ``extractor batch``.

    Readers call this before opening a file as a JobStore: its migrations run on open and would add the job
    store's tables to any other SQLite file (or turn an empty file into an empty job)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if head != _SQLITE_MAGIC:
        raise InputError(f"{path}: not a job store written by `extractor batch` (not a SQLite file)")
    import sqlite3
    from contextlib import closing

    try:
        with closing(sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)) as db:
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path}: cannot read this SQLite file: {exc}") from None
    if not {"articles", "results", "errors"} <= tables:
        raise InputError(f"{path}: a SQLite file, but not a job store written by `extractor batch`")


def parquet_filesystem(path: str) -> tuple[Any, str]:
    """(pyarrow filesystem, path inside it) for a local path or a URI such as s3://bucket/dir."""
    try:
        import pyarrow.fs as pafs
    except ImportError:
        raise ConfigurationError("reading parquet needs pyarrow: pip install 'incident-extractor[parquet]'") from None
    if "://" in path:
        try:
            return pafs.FileSystem.from_uri(path)
        except Exception as exc:  # pyarrow raises ArrowInvalid / OSError subclasses by scheme
            raise ConfigurationError(f"{path}: cannot open ({_first_line(exc)})") from None
    return pafs.LocalFileSystem(), str(Path(path).resolve())


class ResultsDir:
    """The parquet output of a Ray job, read with the job store's API. Rows are streamed in file order."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.filesystem, self.root = parquet_filesystem(path)
        self._winners: dict[str, tuple[str, str]] | None = None

    def __enter__(self) -> ResultsDir:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._winners = None

    def _dataset(self, name: str) -> Any:
        """The parquet dataset DIR/name, or None when no run has written it yet."""
        import pyarrow.dataset as pads
        import pyarrow.fs as pafs

        where = f"{self.root.rstrip('/')}/{name}"
        if self.filesystem.get_file_info(where).type != pafs.FileType.Directory:
            return None
        return pads.dataset(where, filesystem=self.filesystem, format="parquet", exclude_invalid_files=True)

    def _scan(self, name: str, columns: list[str]) -> Iterator[dict[str, Any]]:
        dataset = self._dataset(name)
        if dataset is None:
            return
        for fragment in sorted(dataset.get_fragments(), key=lambda f: f.path):
            for batch in fragment.to_batches(columns=columns):
                yield from batch.to_pylist()

    def winners(self) -> dict[str, tuple[str, str]]:
        """article_id -> (finished_at, 'results' | 'errors') of its newest row; a result wins a tie."""
        if self._winners is None:
            winners: dict[str, tuple[str, str]] = {}
            for name in ("errors", "results"):  # results second: on equal timestamps the result wins
                for row in self._scan(name, ["article_id", "finished_at"]):
                    known = winners.get(row["article_id"])
                    if known is None or row["finished_at"] >= known[0]:
                        winners[row["article_id"]] = (row["finished_at"], name)
            self._winners = winners
        return self._winners

    def _current(self, name: str, columns: list[str]) -> Iterator[dict[str, Any]]:
        winners, emitted = self.winners(), set()
        for row in self._scan(name, columns):
            article_id = row["article_id"]
            if winners.get(article_id) == (row["finished_at"], name) and article_id not in emitted:
                emitted.add(article_id)
                yield row

    def results(self) -> Iterator[tuple[dict[str, Any], ArticleExtraction]]:
        """(article row, extraction) for every article whose newest outcome is a result."""
        columns = ["article_id", "published", "source", "url", "metadata", "extraction", "finished_at"]
        for row in self._current("results", columns):
            article = {
                "id": row["article_id"],
                "ordinal": None,
                "published": row["published"],
                "source": row["source"],
                "url": row["url"],
                "metadata": json.loads(row["metadata"]) if row["metadata"] else {},
            }
            yield article, ArticleExtraction.model_validate_json(row["extraction"])

    def errors(self) -> Iterator[dict[str, Any]]:
        """The error of every article whose newest outcome is an error (same keys as JobStore.errors)."""
        columns = ["article_id", "kind", "message", "attempts", "last_output", "finished_at"]
        for row in self._current("errors", columns):
            yield {
                "article_id": row["article_id"],
                "ordinal": None,
                "kind": row["kind"],
                "message": row["message"],
                "attempts": row["attempts"],
                "last_output": row["last_output"],
            }

    def done_pairs(self, *, include_errors: bool = True) -> set[tuple[str, str]]:
        """(article_id, text_sha256) of every row written, for a re-run to skip."""
        names = ("results", "errors") if include_errors else ("results",)
        return {
            (row["article_id"], row["text_sha256"])
            for name in names
            for row in self._scan(name, ["article_id", "text_sha256"])
        }

    def counts(self) -> dict[str, int]:
        kinds = [name for _, name in self.winners().values()]
        return {"articles": len(kinds), "ok": kinds.count("results"), "error": kinds.count("errors")}


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]
