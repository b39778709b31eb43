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
    "DISORDER_TYPES",
    "EVENT_TYPES",
    "EVENT_TYPE_OF",
    "JUDGE_FIELDS",
    "SCHEMA_VERSION",
    "SUB_EVENT_TYPES",
    "SURFACE_FIELDS",
    "WEAPONS",
    "ArticleExtraction",
    "DatePrecision",
    "EventType",
    "Evidence",
    "ExtractionDraft",
    "FieldSource",
    "Incident",
    "IncidentDraft",
    "Provenance",
    "SubEventType",
    "Usage",
    "Weapon",
]
