"""The job store: one SQLite file per job (schema, numbered migrations, transactions) and the results reader.

Layering: the store imports only core (schemas, errors); batch, review, export and events build on it. A feature
with tables of its own keeps them, and their migrations, beside its code and applies them with
``JobStore.apply``; ``approvals`` is how such tables take part in what the store reads and writes.
"""

from .db import connect, transaction
from .jobs import JobStore
from .migrations import Migrations
from .results import ERROR_COLUMNS, RESULT_COLUMNS, ResultsDir, ResultSource, open_results, parquet_filesystem

__all__ = [
    "ERROR_COLUMNS",
    "RESULT_COLUMNS",
    "JobStore",
    "Migrations",
    "ResultSource",
    "ResultsDir",
    "connect",
    "open_results",
    "parquet_filesystem",
    "transaction",
]
