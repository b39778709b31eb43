"""Batch extraction jobs: streamed inputs, a response cache, rate limits, costs, over the job store.

Layering: batch builds on the engines, the API and the job store (extractor.store); nothing in the core imports
it. The runners (real-time, the provider's Batch API, Ray) drive a model, so they are imported on first use:
importing this package, its inputs or its prices loads no provider SDK (openai, instructor).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..store import JobStore
from .cache import ResponseCache
from .inputs import InputRecord, read_inputs
from .prices import PriceTable

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

#: Public name -> the module of this package that defines it, imported on first access (PEP 562).
_LAZY = {
    "BatchItem": "runner",
    "BatchJob": "runner",
    "JobOptions": "runner",
    "JobSummary": "runner",
    "BatchRun": "many",
    "extract_many": "many",
    "ProviderBatchJob": "provider",
    "ProviderBatchOptions": "provider",
}

if TYPE_CHECKING:
    from .many import BatchRun, extract_many
    from .provider import ProviderBatchJob, ProviderBatchOptions
    from .runner import BatchItem, BatchJob, JobOptions, JobSummary


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
