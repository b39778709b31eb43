"""Reviewed articles as eval gold: ``DIR/gold/<id>.json`` (GoldArticle), ``DIR/articles/<id>.txt`` (the exact
text), and ``DIR/model_predictions.jsonl`` (the model's own records for the same articles), so that
``extractor eval score --pred DIR/model_predictions.jsonl --gold DIR`` measures the model against the analysts
and any other tool's predictions score the same way.

An existing gold file with different content is not overwritten unless asked: a hand-labeled eval set may
share the directory.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..errors import ConfigurationError
from ..evals.gold import GoldArticle, GoldIncident, Split
from ..schemas import ArticleExtraction
from ..store import JobStore
from .schema import open_review_tables

__all__ = ["GoldExport", "export_gold"]

PREDICTIONS_FILE = "model_predictions.jsonl"
_UNSAFE = re.compile(r"[/\\\x00]|^\.")


@dataclass
class GoldExport:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "id: why"


def export_gold(job: JobStore, root: Path, *, split: Split = "test", overwrite: bool = False) -> GoldExport:
    """Write every reviewed article of ``job`` under ``root`` in the eval gold format."""
    try:
        (root / "gold").mkdir(parents=True, exist_ok=True)
        (root / "articles").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(f"{root}: cannot create the gold directory: {exc.strerror or exc}") from None
    result = GoldExport()
    open_review_tables(job)
    with (root / PREDICTIONS_FILE).open("w", encoding="utf-8") as predictions:
        _write(job, root, split, overwrite, result, predictions)
    return result


def _write(job: JobStore, root: Path, split: Split, overwrite: bool, result: GoldExport, predictions: IO[str]) -> None:
    cursor = job.db.execute(
        "SELECT a.id, a.text, a.metadata, v.reviewer, v.reviewed_at, v.extraction, r.extraction "
        "FROM review_articles v JOIN articles a ON a.id = v.article_id LEFT JOIN results r ON r.article_id = a.id "
        "AND r.status = 'ok' ORDER BY a.ordinal, a.id"
    )
    for article_id, text, metadata, reviewer, reviewed_at, reviewed, model in cursor:
        if _UNSAFE.search(article_id) or len(article_id) > 200:
            result.skipped.append(f"{article_id}: the id cannot be a file name")
            continue
        if text is None:
            result.skipped.append(f"{article_id}: the job store has no text for it (written before texts were kept)")
            continue
        extraction = ArticleExtraction.model_validate_json(reviewed)
        gold = GoldArticle(
            article_id=article_id,
            published=extraction.published,
            source=extraction.source,
            style=_style(metadata),
            split=split,
            notes=f"reviewed by {reviewer} at {reviewed_at}",
            incidents=[GoldIncident.model_validate(i, from_attributes=True) for i in extraction.incidents],
        )
        gold_path = root / "gold" / f"{article_id}.json"
        content = gold.model_dump_json(indent=2, exclude_none=False) + "\n"
        if gold_path.exists() and not overwrite and gold_path.read_text(encoding="utf-8") != content:
            result.skipped.append(f"{article_id}: {gold_path} exists with other labels (use --overwrite)")
            continue
        gold_path.write_text(content, encoding="utf-8")
        (root / "articles" / f"{article_id}.txt").write_text(text, encoding="utf-8", newline="")
        if model is not None:
            predictions.write(model + "\n")
        result.written.append(article_id)


def _style(metadata: str | None) -> str:
    try:
        style = (json.loads(metadata) if metadata else {}).get("style")
    except ValueError:
        style = None
    return str(style) if style else "unspecified"
