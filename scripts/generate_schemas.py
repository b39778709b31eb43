"""Rewrite the top-level schemas/ directory from the pydantic models (run after changing a public record).

python scripts/generate_schemas.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.schemas.json_schema import write_json_schemas  # noqa: E402

if __name__ == "__main__":
    for path in write_json_schemas(ROOT / "schemas"):
        print(path.relative_to(ROOT))
