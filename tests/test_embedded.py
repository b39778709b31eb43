"""The embedded engine for real: llama.cpp in process with the packaged SmolLM2 model, no server, no key."""

from __future__ import annotations

import pytest

from extractor import ArticleExtraction, Config, Extractor

ARTICLE = "Gunmen shot dead two police officers at a checkpoint in Kano on Monday, police said."


@pytest.mark.embedded
def test_embedded_engine_returns_a_valid_grounded_extraction():
    with Extractor(Config(max_tokens=512)) as extractor:
        assert extractor.engine.backend == "local"
        result = extractor.extract(ARTICLE, published="2021-03-09", article_id="kano")
    assert isinstance(result, ArticleExtraction)
    ArticleExtraction.model_validate_json(result.model_dump_json())
    provenance = result.provenance
    assert provenance.backend == "local" and provenance.model.endswith(".gguf")
    assert provenance.candidate_mode is True
    assert provenance.usage.prompt_tokens > 0 and provenance.usage.completion_tokens > 0
    assert len(provenance.prompt_hash) == 16
    for incident in result.incidents:
        for name, evidence in incident.evidence.items():
            assert ARTICLE[evidence.start:evidence.end] == evidence.quote, name
        if incident.date is not None:
            assert incident.date <= result.published
