"""Pydantic models and controlled vocabularies (shipped inside the wheel)."""

from .draft import SURFACE_FIELDS, ExtractionDraft, IncidentDraft
from .incident import (
    JUDGE_FIELDS,
    SCHEMA_VERSION,
    ArticleExtraction,
    Evidence,
    FieldSource,
    Incident,
    Provenance,
    Usage,
)
from .vocab import (
    DISORDER_TYPES,
    EVENT_TYPE_OF,
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    WEAPONS,
    DatePrecision,
    EventType,
    SubEventType,
    Weapon,
)

__all__ = [
    "ArticleExtraction",
    "DISORDER_TYPES",
    "DatePrecision",
    "EVENT_TYPES",
    "EVENT_TYPE_OF",
    "Evidence",
    "EventType",
    "ExtractionDraft",
    "FieldSource",
    "Incident",
    "IncidentDraft",
    "JUDGE_FIELDS",
    "Provenance",
    "SCHEMA_VERSION",
    "SUB_EVENT_TYPES",
    "SURFACE_FIELDS",
    "SubEventType",
    "Usage",
    "WEAPONS",
    "Weapon",
]
