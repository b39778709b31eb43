"""The records of merged events: ``Event`` (one real-world incident) and ``EventReport`` (one article's account).

An event's ``incident`` holds the resolved values in the Incident contract (the same field names as every
other record of the project); its ``notes`` list the disagreements between reports, and ``agreement`` says,
field by field, which reports gave the resolved value and which gave another. Resolved ``evidence`` is
empty: a quote belongs to one article, so evidence lives on each report.

A report is referred to as ``"<article_id>#<incident_index>"`` (``EventReport.ref``) in ``agreement``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field
from typing_extensions import TypedDict

from ..schemas import Incident

__all__ = ["Event", "EventReport", "FieldAgreement", "report_ref"]

EVENT_FORMAT = "incident-extractor.event/1"


def report_ref(article_id: str, incident_index: int) -> str:
    """The short reference of a report used in ``agreement`` and notes: ``"a17#0"``."""
    return f"{article_id}#{incident_index}"


class EventReport(BaseModel):
    """One contributing incident: which article and position it came from, and what it said."""

    article_id: str
    incident_index: int = Field(ge=0, description="position, from 0, in that article's incidents")
    source: str | None = None
    published: dt.date | None = None
    primary: bool = Field(description="the article's main event, or a background mention of this event")
    incident: Incident = Field(description="the report's own fields and evidence, as extracted")

    @property
    def ref(self) -> str:
        return report_ref(self.article_id, self.incident_index)


class FieldAgreement(TypedDict):
    """For one resolved field: its value, the reports that gave it and those that gave another value.

    Reports that leave the field empty are in neither list. A plain dict (events carry one per field, and
    a million events are built in a benchmark)."""

    value: Any
    agreed: list[str]
    disagreed: list[str]


class Event(BaseModel):
    """One event merged from every report of it, across articles and sources."""

    event_id: str = Field(description="stable: a hash of the anchor report's (article_id, incident_index)")
    background_only: bool = Field(
        default=False, description="known only from background mentions: no article reported it as its main event"
    )
    incident: Incident = Field(description="resolved values; notes hold the disagreements and ranges")
    agreement: dict[str, FieldAgreement] = Field(default_factory=dict)
    reports: list[EventReport]

    @property
    def notes(self) -> list[str]:
        return self.incident.notes

    @property
    def sources(self) -> list[str]:
        """Distinct sources of the reports, sorted."""
        return sorted({r.source for r in self.reports if r.source})

    @property
    def article_ids(self) -> list[str]:
        return sorted({r.article_id for r in self.reports})
