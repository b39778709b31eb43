"""The JSON Schemas of the public records, generated from the pydantic models.

The committed copies in the top-level ``schemas/`` directory are what other tools (and other languages)
validate against; ``tests/test_json_schemas.py`` fails when they drift from the models, and
``python scripts/generate_schemas.py`` rewrites them.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .incident import SCHEMA_VERSION, ArticleExtraction, Evidence, Incident, Provenance

__all__ = ["PUBLIC_RECORDS", "json_schemas", "write_json_schemas"]

#: File stem -> model. Add a record here when it becomes part of the public contract.
PUBLIC_RECORDS: dict[str, type[BaseModel]] = {
    "article_extraction": ArticleExtraction,
    "incident": Incident,
    "evidence": Evidence,
    "provenance": Provenance,
}


def json_schemas() -> dict[str, str]:
    """File name -> the schema's text (2-space JSON, trailing newline), as committed in ``schemas/``."""
    out = {}
    for stem, model in PUBLIC_RECORDS.items():
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"incident-extractor/{stem}/{SCHEMA_VERSION}",
            **model.model_json_schema(mode="serialization"),
        }
        out[f"{stem}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return out


def write_json_schemas(directory: str | Path) -> list[Path]:
    """Write every public record's schema into ``directory``; returns the files written."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in json_schemas().items():
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
