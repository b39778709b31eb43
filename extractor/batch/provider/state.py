"""What the provider batch's phases share: its options, counters, progress snapshots and a batch file's row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...errors import ConfigurationError
from ..runner import JobSummary

__all__ = [
    "ENDPOINT",
    "TERMINAL_STATUSES",
    "FileRow",
    "ProviderBatchOptions",
    "ProviderBatchProgress",
    "ProviderBatchSummary",
    "batch_errors",
]

ENDPOINT = "/v1/chat/completions"
#: The provider's statuses after which nothing changes any more.
TERMINAL_STATUSES = frozenset({"completed", "failed", "expired", "cancelled"})


@dataclass(frozen=True)
class ProviderBatchOptions:
    #: OpenAI allows 50,000 requests and 200 MB per batch input file; the byte default leaves a margin.
    max_requests: int = 50_000
    max_bytes: int = 190_000_000
    poll_interval_s: float = 30.0
    wait: bool = True  # False: submit, collect what has already ended, and leave
    max_cost_usd: float | None = None  # stop submitting once projected plus spent cost would pass this
    retry_errors: bool = False

    def __post_init__(self) -> None:
        if self.max_requests < 1 or self.max_bytes < 1:
            raise ConfigurationError("batch file limits must be positive")
        if self.max_cost_usd is not None and self.max_cost_usd < 0:
            raise ConfigurationError("--max-cost must not be negative")


@dataclass
class ProviderBatchSummary(JobSummary):
    """The run's counters (JobSummary's, plus the batches')."""

    batches_submitted: int = 0  # created by this run
    batches_adopted: int = 0  # found already created (a crash between create and its record)
    batches_collected: int = 0
    batches_running: int = 0  # still at the provider when the run ended
    requests_submitted: int = 0
    held_back: int = 0  # articles left unsubmitted by max_cost_usd
    projected_cost_usd: float = 0.0  # of the batches still running


@dataclass(frozen=True)
class ProviderBatchProgress:
    """A snapshot for progress bars: requests answered so far over the batches not yet collected."""

    phase: str  # "submitting", "polling", "collecting"
    batches: int
    statuses: dict[str, int]
    requests: int
    completed: int
    failed: int


@dataclass
class FileRow:
    """One batch file's row in ``provider_batch_files`` (the columns the phases read)."""

    id: int
    job_key: str
    spool: str
    content_sha256: str
    requests: int
    bytes: int
    projected_cost_usd: float | None
    planned_at: str
    file_id: str | None
    batch_id: str | None
    status: str


def batch_errors(batch: Any) -> str | None:
    """What a failed batch says went wrong (at most 1,000 characters), or None."""
    errors = getattr(batch, "errors", None)
    data = getattr(errors, "data", None) or []
    messages = [f"{e.code}: {e.message}" if getattr(e, "code", None) else str(e.message) for e in data]
    return "; ".join(messages)[:1000] or None
