"""The openai engine against a real OpenAI-compatible server (llama_cpp.server), replayed from cassettes.

Recorded through the real openai client against ``python -m llama_cpp.server`` serving SmolLM2 on loopback
(see docs/development.md, "Re-recording cassettes"). Requests are matched on method, path and body, so a change to the
prompt, the schema or the request parameters makes these tests fail until the cassettes are re-recorded.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from extractor import ArticleExtraction, Config, Extractor

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (ROOT / "examples" / "airport_rocket.txt").read_text(encoding="utf-8")
CASSETTES = Path(__file__).parent / "cassettes" / "test_openai_engine"
# Only used when recording; replay never opens a connection.
BASE_URL = os.environ.get("EXTRACTOR_RECORD_BASE_URL", "http://127.0.0.1:8765/v1")


def llama_server_config(**changes) -> Config:
    return Config(
        backend="openai",
        model="smollm2",
        base_url=BASE_URL,
        api_key="placeholder-key",
        structured_output="json_object_schema",
        **changes,
    )


def check_grounded(result: ArticleExtraction, text: str) -> None:
    for incident in result.incidents:
        for name, evidence in incident.evidence.items():
            assert text[evidence.start : evidence.end] == evidence.quote, name


@pytest.mark.vcr
@pytest.mark.parametrize("candidates", [False, True], ids=["free-text", "candidates"])
def test_extraction_through_llama_cpp_server(candidates):
    with Extractor(llama_server_config(candidate_mode=candidates)) as extractor:
        result = extractor.extract(ARTICLE, published="2020-06-23", article_id="airport_rocket")
    assert result.provenance.backend == "openai" and result.provenance.model == "smollm2"
    assert result.provenance.candidate_mode is candidates
    assert result.provenance.usage.prompt_tokens > 0 and result.provenance.usage.completion_tokens > 0
    assert result.provenance.attempts >= 1
    assert result.incidents, "the recorded answer has at least one incident"
    check_grounded(result, ARTICLE)
    for incident in result.incidents:
        if incident.date is not None:
            assert incident.date <= result.published


def test_cassettes_hold_no_credentials_and_use_the_grammar_form():
    files = sorted(CASSETTES.glob("*.yaml"))
    assert files, "cassettes are missing: record them (docs/development.md)"
    for path in files:
        raw = path.read_text(encoding="utf-8")
        assert "placeholder-key" not in raw and "authorization" not in raw.lower()
        for interaction in yaml.safe_load(raw)["interactions"]:
            body = interaction["request"]["body"]
            # llama-cpp-python applies a grammar only for this form; json_schema would be ignored silently.
            assert '"type": "json_object"' in body or '"type":"json_object"' in body
            assert '"schema"' in body
