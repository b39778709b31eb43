"""Analyst review of a job store's records: a local web app (``extractor.review.app``, needs the ``review``
extra), an append-only audit trail, and reviewed articles exported as eval gold.

Layering: review sits on top, with the CLI; it imports the job store, evals and core, and nothing imports it.
This package's root does not import Starlette, so the gold export works without the web extra.
"""

from .edits import EDITABLE_FIELDS, EditError, apply_edit
from .gold import GoldExport, export_gold
from .store import NotFound, QueueFilters, ReviewStore, StaleVersion

__all__ = [
    "EDITABLE_FIELDS",
    "EditError",
    "GoldExport",
    "NotFound",
    "QueueFilters",
    "ReviewStore",
    "StaleVersion",
    "apply_edit",
    "export_gold",
]
