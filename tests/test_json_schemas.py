"""The committed JSON Schemas in schemas/ are exactly what the pydantic models generate (no drift)."""

from __future__ import annotations

from pathlib import Path

from extractor.resources import resource_dir
from extractor.schemas.json_schema import json_schemas

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
REGENERATE = "run `python scripts/generate_schemas.py` and commit schemas/"


def test_committed_schemas_match_the_models():
    generated = json_schemas()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.schema.json")}
    assert sorted(committed) == sorted(generated), f"schemas/ holds other files than the public records: {REGENERATE}"
    stale = [name for name, text in generated.items() if committed[name] != text]
    assert not stale, f"{stale} drifted from the models: {REGENERATE}"


def test_the_incident_schema_names_every_public_field():
    import json

    schema = json.loads((SCHEMAS / "incident.schema.json").read_text(encoding="utf-8"))
    for name in ("primary", "event_type", "sub_event_type", "date", "country", "killed", "injured", "evidence"):
        assert name in schema["properties"], name


def test_resource_dirs_are_found_in_a_checkout():
    assert (resource_dir("prompts") / "system.j2").is_file()
    assert (resource_dir("schemas") / "incident.schema.json").is_file()
