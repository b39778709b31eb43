"""Gold labels: the hand-labeled eval articles and their incidents, loaded and validated.

Layout of an eval set directory: ``articles/<id>.txt`` holds the article text exactly as the extractor
receives it; ``gold/<id>.json`` holds a GoldArticle. Labels follow evals/GUIDE.md.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from ..schemas import Incident

Split = Literal["dev", "test"]


class GoldArticle(BaseModel):
    """One labeled article; ``incidents`` is empty when the article reports no qualifying incident."""

    article_id: str
    published: dt.date | None = None
    source: str | None = None
    style: str = Field(description="wire, local press, military statement, police statement, NGO update, live blog")
    split: Split
    notes: str = Field(default="", description="what this article exercises")
    incidents: list[Incident] = Field(default_factory=list)


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
