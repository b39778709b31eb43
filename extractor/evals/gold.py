"""Gold labels: the hand-labeled eval articles and their incidents, loaded and validated.

Layout of an eval set directory: ``articles/<id>.txt`` holds the article text exactly as the extractor
receives it; ``gold/<id>.json`` holds a GoldArticle. Labels follow evals/GUIDE.md.

Optional labels: a gold incident may carry ACLED's actor coding (``actor1``, ``assoc_actor_1``, ``actor2``,
``assoc_actor_2`` as ACLED-style names, ``inter1``/``inter2`` as ACLED's actor-type codes 1-8, 0 or null for no
actor, ``interaction`` as ACLED's code, ``civilian_targeting`` true/false); a field left out of the file is
"not labelled" (:meth:`GoldIncident.labelled`), which the scorer keeps apart from a labelled null. A gold article
may say which real page it was rewritten from (``based_on``), its ``language`` (ISO 639-1) and ``features``
("roundup", "live blog", "context", "ungazetteered", "non-English", ...).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    Field,
    SerializerFunctionWrapHandler,
    ValidationError,
    field_validator,
    model_serializer,
)

from ..schemas import Incident

Split = Literal["dev", "test"]


#: The optional ACLED actor-coding fields of a gold incident, in report order.
ACLED_GOLD_FIELDS: tuple[str, ...] = (
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "inter1",
    "inter2",
    "interaction",
    "civilian_targeting",
)


class GoldIncident(Incident):
    """An Incident plus the optional ACLED coding a labeler gave it (see the module docstring)."""

    actor1: str | None = None
    assoc_actor_1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter1: int | None = Field(default=None, ge=0, le=8)
    inter2: int | None = Field(default=None, ge=0, le=8)
    interaction: int | None = Field(default=None, ge=0, le=88)
    civilian_targeting: bool | None = None

    @field_validator("inter1", "inter2")
    @classmethod
    def _zero_is_none(cls, value: int | None) -> int | None:
        return value or None  # 0 and null both mean "no actor"

    @field_validator("interaction")
    @classmethod
    def _interaction_code(cls, value: int | None) -> int | None:
        if value is None or value == 0:
            return None
        low, high = divmod(value, 10)
        if not (1 <= low <= 8 and (high == 0 or low <= high <= 8)):
            raise ValueError(f"interaction {value} is not an ACLED code (two actor types 1-8, lower first; or 10*x)")
        return value

    @model_serializer(mode="wrap")
    def _only_labelled(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """ACLED fields the labeler did not give stay out of the dump, so a written gold file still says "not
        labelled" rather than a labelled null."""
        data = handler(self)
        return {k: v for k, v in data.items() if k not in ACLED_GOLD_FIELDS or k in self.model_fields_set}

    def labelled(self, name: str) -> bool:
        """Whether the gold file gave ``name`` (an ACLED field), even as null."""
        return name in self.model_fields_set


class GoldArticle(BaseModel):
    """One labeled article; ``incidents`` is empty when the article reports no qualifying incident."""

    article_id: str
    published: dt.date | None = None
    source: str | None = None
    style: str = Field(description="wire, local press, military statement, police statement, NGO update, live blog")
    split: Split
    notes: str = Field(default="", description="what this article exercises")
    based_on: str | list[str] | None = Field(
        default=None, description="URL of the real page this article was rewritten from (several for a digest)"
    )
    language: str | None = Field(default=None, description="ISO 639-1 code of the article text")
    features: list[str] = Field(default_factory=list, description='e.g. "roundup", "live blog", "non-English"')
    incidents: list[GoldIncident] = Field(default_factory=list)

    @field_validator("incidents", mode="before")
    @classmethod
    def _plain_incidents(cls, value: object) -> object:
        """A plain Incident (from a reviewed record, or code) becomes a GoldIncident with no ACLED labels."""
        if isinstance(value, list):
            return [v.model_dump() if isinstance(v, Incident) and not isinstance(v, GoldIncident) else v for v in value]
        return value


class GoldSetError(ValueError):
    """A gold file is missing, unreadable or does not validate."""


def load_gold_article(path: Path) -> GoldArticle:
    """Read and validate one gold file, checking dates against its publication date."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        published = raw.get("published")
        context = {"published": dt.date.fromisoformat(published)} if published else {}
        return GoldArticle.model_validate(raw, context=context)
    except (OSError, ValueError, ValidationError) as exc:
        raise GoldSetError(f"{path}: {exc}") from exc


def load_gold_set(root: Path, split: Split | None = None) -> dict[str, tuple[GoldArticle, str]]:
    """Return ``{article_id: (gold, article_text)}`` for every article of ``root`` (optionally one split)."""
    gold_dir, text_dir = root / "gold", root / "articles"
    if not gold_dir.is_dir():
        raise GoldSetError(f"{root}: no gold/ directory")
    result: dict[str, tuple[GoldArticle, str]] = {}
    for path in sorted(gold_dir.glob("*.json")):
        gold = load_gold_article(path)
        if gold.article_id != path.stem:
            raise GoldSetError(f"{path}: article_id {gold.article_id!r} does not match the file name")
        if split is not None and gold.split != split:
            continue
        text_path = text_dir / f"{path.stem}.txt"
        try:
            text = text_path.read_text(encoding="utf-8")
        except OSError as exc:
            raise GoldSetError(f"{text_path}: {exc}") from exc
        result[gold.article_id] = (gold, text)
    return result
