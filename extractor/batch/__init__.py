"""Batch extraction jobs: streamed inputs, a resumable SQLite job store, a response cache, rate limits, costs.

Layering: batch builds on the engines and the API; nothing in the core imports it.
"""

from .cache import ResponseCache
from .inputs import InputRecord, read_inputs
from .many import BatchRun, extract_many
from .prices import PriceTable
from .provider_batch import ProviderBatchJob, ProviderBatchOptions
from .runner import BatchItem, BatchJob, JobOptions, JobSummary
from .store import JobStore

__all__ = [
    "BatchItem",
    "BatchJob",
    "BatchRun",
    "InputRecord",
    "JobOptions",
    "JobStore",
    "JobSummary",
    "PriceTable",
    "ProviderBatchJob",
    "ProviderBatchOptions",
    "ResponseCache",
    "extract_many",
    "read_inputs",
]
