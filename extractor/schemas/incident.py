"""The public record types: Incident, Evidence, Provenance, ArticleExtraction.

Field names are a contract that evaluations, exports and users depend on: add fields, rename none.
Semantics: ``None`` means the article does not report the value; ``0`` means the article says none
("no casualties"); counts are conservative ("at least 5" -> 5, "5 to 7" -> 5).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from .vocab import EVENT_TYPES, Alignment, DatePrecision, EventType, SubEventType, Weapon

#: Where a field's value came from (Incident.field_sources), set by the judge step.
FieldSource = Literal["event_sentence", "nearby", "headline", "dateline", "context", "inferred", "model"]

#: The Incident fields the judge step sets: a verdict about the record, not values read from the article.
JUDGE_FIELDS = ("confidence", "needs_review", "review_fields", "field_sources", "choice_probability")

#: Bumped whenever a field of these models changes meaning or type; recorded in every provenance.
SCHEMA_VERSION = "1.0"


def _iso_alpha2_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"}  # Kosovo: user-assigned, used by ACLED


_ISO_CODES = _iso_alpha2_codes()


class Evidence(BaseModel):
    """The span of the article that supports one field: ``text[start:end]`` is (close to) ``quote``."""

    model_config = ConfigDict(frozen=True)

    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    alignment: Alignment = Field(description="how the quote was found: exact, normalized (case/space), fuzzy")
    derived: bool = Field(default=False, description="the value was computed from this span, not copied")
    page: int | None = Field(
        default=None,
        ge=1,
        exclude_if=lambda page: page is None,
        description="the PDF page the span starts on; absent for other inputs",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Evidence:
        if self.end < self.start:
            raise ValueError(f"evidence end {self.end} is before start {self.start}")
        return self


class Incident(BaseModel):
    """One incident: one date, one place, one pair of actors (ACLED's unit of record)."""

    primary: bool = Field(description="the article's main event (True) or a background mention (False)")
    event_type: EventType
    sub_event_type: SubEventType
    date: dt.date | None = None
    date_text: str | None = Field(default=None, description="the words the article uses for the date")
    date_precision: DatePrecision = "unknown"
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2")
    admin1: str | None = None
    locality: str | None = None
    site: str | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    geonameid: int | None = None
    geo_precision: int | None = Field(default=None, ge=1, le=3)
    perpetrator: str | None = Field(default=None, description="stated as fact by the article")
    claimed_by: str | None = Field(default=None, description="an actor that claimed responsibility")
    attributed_to: str | None = Field(default=None, description="blamed or suspected, not confirmed")
    target: str | None = None
    weapon: Weapon | None = None
    killed: int | None = Field(default=None, ge=0)
    injured: int | None = Field(default=None, ge=0)
    notes: list[str] = Field(default_factory=list, description="what normalization kept aside, e.g. vague counts")
    evidence: dict[str, Evidence] = Field(default_factory=dict, description="field name -> supporting span")
    # Set by the judge step (extractor.judge); records written before it load with these defaults.
    confidence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="the judge's expected share of the record's fields that are right; None: not judged",
    )
    needs_review: bool = Field(default=False, description="some field is likely wrong: see review_fields")
    review_fields: list[str] = Field(default_factory=list, description="the fields the judge flags for review")
    field_sources: dict[str, FieldSource] = Field(
        default_factory=dict,
        description="field name -> where its value came from: event_sentence, nearby (the event's paragraph or "
        "the next), headline, dateline, context (elsewhere in the article), inferred (no span of its own: a "
        "gazetteer or a default), model (the engine chose it over the heuristic's pick)",
    )
    choice_probability: dict[str, float] = Field(
        default_factory=dict,
        description="field name -> the share of the option scores the decomposed engine gave the value it chose "
        "(softmax over the model's log-likelihoods plus the heuristic prior, or the prior alone); absent where no "
        "question chose the value (one-call records, inferred values)",
    )

    @field_validator("country")
    @classmethod
    def _iso_country(cls, value: str | None) -> str | None:
        if value is not None and value not in _ISO_CODES:
            raise ValueError(f"country must be an ISO 3166-1 alpha-2 code, got {value!r}")
        return value

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Incident:
        if self.sub_event_type not in EVENT_TYPES[self.event_type]:
            allowed = ", ".join(EVENT_TYPES[self.event_type])
            raise ValueError(
                f"sub_event_type {self.sub_event_type!r} is not a kind of {self.event_type!r} (allowed: {allowed})"
            )
        published = (info.context or {}).get("published") if info else None
        if published is not None and self.date is not None and self.date > published:
            raise ValueError(f"incident date {self.date} is after the publication date {published}")
        return self


class Usage(BaseModel):
    """Tokens summed over every attempt of one extraction (re-asks and transport retries included)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def add(self, prompt_tokens: int | None, completion_tokens: int | None) -> None:
        self.prompt_tokens += prompt_tokens or 0
        self.completion_tokens += completion_tokens or 0


class Provenance(BaseModel):
    """How a result was made, so it can be traced and reproduced."""

    backend: str
    model: str
    prompt_hash: str = Field(description="sha256 of the rendered messages, first 16 hex digits")
    prompt_version: str = Field(description="sha256 of the template sources, first 12 hex digits")
    schema_version: str = SCHEMA_VERSION
    usage: Usage = Field(default_factory=Usage)
    attempts: int = Field(default=1, ge=0, description="model calls made, re-asks included")
    outcomes: list[str] = Field(default_factory=list, description="one line per attempt: ok, or why it failed")
    duration_s: float = Field(default=0.0, ge=0)
    candidate_mode: bool = False
    strategy: str = Field(default="one_call", description="one_call (one JSON answer) or decomposed (small questions)")
    extractor_version: str = ""
    reviewed_by: str | None = Field(default=None, description="the analyst who reviewed the record; None: model output")
    reviewed_at: str | None = Field(default=None, description="when it was marked reviewed (UTC, ISO 8601)")
    published_from: str | None = Field(
        default=None,
        description="where the reference date came from: metadata (the page's), front_matter (of a "
        ".txt), manifest, record (a JSONL/CSV row's field), option (--published), none (relative dates stay null); "
        "None when the text was given directly to the Python API",
    )
    language: str | None = Field(default=None, description="the article's language (ISO 639-1), None if unknown")
    input_format: str | None = Field(default=None, description="text, html, pdf or record (a JSONL/CSV row)")
    passages: int = Field(
        default=1,
        ge=1,
        description="how many overlapping passages the text was read in: 1 "
        "unless it was longer than one request holds (usage and attempts sum over them)",
    )


class ArticleExtraction(BaseModel):
    """Everything extracted from one article."""

    article_id: str
    published: dt.date | None = None
    source: str | None = None
    url: str | None = Field(
        default=None, description="the source's URL (a page's canonical URL, front matter, manifest)"
    )
    incidents: list[Incident] = Field(default_factory=list)
    provenance: Provenance

    @model_validator(mode="after")
    def _dates_not_after_publication(self) -> ArticleExtraction:
        if self.published is None:
            return self
        for i, incident in enumerate(self.incidents):
            if incident.date is not None and incident.date > self.published:
                raise ValueError(f"incident {i} is dated {incident.date}, after the publication date {self.published}")
        return self

    def to_json(self, **kwargs: Any) -> str:
        return self.model_dump_json(**kwargs)
