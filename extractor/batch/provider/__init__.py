"""Extraction through the provider's Batch API, split by phase: build, submit, poll, collect (see job.py)."""

from .job import ProviderBatchJob
from .state import TERMINAL_STATUSES, ProviderBatchOptions, ProviderBatchProgress, ProviderBatchSummary

__all__ = [
    "ProviderBatchJob",
    "ProviderBatchOptions",
    "ProviderBatchProgress",
    "ProviderBatchSummary",
    "TERMINAL_STATUSES",
]
