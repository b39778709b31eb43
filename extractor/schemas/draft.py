"""What the model writes: incidents as words copied from the article, before grounding and normalization.

Every text field holds a surface form taken from the article ("on Monday", "no casualties", "katyusha
rocket"), so code can align it to character offsets and turn it into a typed value. The model never does
calendar arithmetic, geocoding or number parsing.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from .vocab import EVENT_TYPE_OF, SubEventType

#: Draft fields that hold words copied from the article; grounding aligns each of them.
SURFACE_FIELDS: tuple[str, ...] = (
    "type_quote",
    "date_text",
    "country",
    "admin1",
    "locality",
    "site",
    "perpetrator",
    "claimed_by",
    "attributed_to",
    "target",
    "weapon",
    "killed",
    "injured",
)


class IncidentDraft(BaseModel):
    """One incident as the model reports it; text fields are exact words from the article or null."""

    primary: bool = Field(description="true for the article's main event, false for a background mention")
    # The quote comes before the type: a model that has just written what happened types it better.
    type_quote: str | None = Field(default=None, description="words that describe what happened")
    # Only the sub-event type is asked for: its event type follows from it, so the pair cannot disagree.
    sub_event_type: SubEventType
    date_text: str | None = Field(default=None, description='words giving the date, e.g. "on Monday"')
    country: str | None = Field(default=None, description="country name or adjective as written")
    admin1: str | None = Field(default=None, description="province or state as written")
    locality: str | None = Field(default=None, description="town or city as written")
    site: str | None = Field(default=None, description="specific place, e.g. an airport or a market")
    perpetrator: str | None = Field(default=None, description="who did it, stated as fact")
    claimed_by: str | None = Field(default=None, description="who claimed responsibility")
    attributed_to: str | None = Field(default=None, description="who was blamed or suspected")
    target: str | None = Field(default=None, description="who or what was attacked")
    weapon: str | None = Field(default=None, description='the weapon as written, e.g. "katyusha rocket"')
    killed: str | None = Field(default=None, description='words giving the dead, e.g. "three soldiers"')
    injured: str | None = Field(default=None, description='words giving the injured, e.g. "no casualties"')

    @property
    def event_type(self) -> str:
        return EVENT_TYPE_OF[self.sub_event_type]


class ExtractionDraft(BaseModel):
    """The model's whole answer for one article."""

    incidents: list[IncidentDraft] = Field(
        default_factory=list, description="every qualifying incident; empty if there is none"
    )
