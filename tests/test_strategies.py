"""The two strategies behind one interface: chosen once when the Extractor is built, each recording what it did."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor import Config, ConfigurationError, Extractor
from extractor.article import Article
from extractor.engines import Engine
from extractor.prompting import render_prompt
from extractor.strategies import DecomposedStrategy, OneCallStrategy, make_strategy

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "examples" / "airport_rocket.txt").read_text(encoding="utf-8")
ANSWER = {
    "incidents": [
        {
            "primary": True,
            "sub_event_type": "Shelling/artillery/missile attack",
            "type_quote": "A Katyusha rocket struck open ground close to Baghdad airport",
            "date_text": "on Monday",
            "country": "Iraqi",
            "locality": "Baghdad",
            "weapon": "Katyusha rocket",
        }
    ]
}


class CannedEngine(Engine):
    """An OpenAI-protocol engine that answers every request with one JSON answer, offline, and keeps the requests."""

    backend = "openai"

    def __init__(self, config: Config) -> None:
        from openai.types.chat import ChatCompletion

        super().__init__(config)
        self.requests: list[dict[str, Any]] = []
        self.completion = ChatCompletion.model_validate(
            {
                "id": "c",
                "object": "chat.completion",
                "created": 0,
                "model": config.model_name,
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": json.dumps(ANSWER)},
                    }
                ],
                "usage": {"prompt_tokens": 50, "completion_tokens": 10, "total_tokens": 60},
            }
        )

    def raw_create(self, **kwargs: Any) -> Any:
        self.requests.append(kwargs)
        return self.completion

    async def raw_acreate(self, **kwargs: Any) -> Any:
        return self.raw_create(**kwargs)


def one_call_config(**changes: Any) -> Config:
    return Config(
        backend="openai", model="m", base_url="http://unused.invalid/v1", api_key="k", transport_retries=0, **changes
    )


def test_the_strategy_follows_the_config_and_is_built_once():
    rules = Extractor(Config(backend="rules"))
    assert isinstance(rules.strategy, DecomposedStrategy) and rules.decomposed
    assert rules.strategy.reasks_allowed == 0 and rules.strategy.candidate_mode is False
    config = one_call_config(candidate_mode=True, max_reasks=3)
    one = Extractor(config, engine=CannedEngine(config))
    assert isinstance(one.strategy, OneCallStrategy) and not one.decomposed
    assert one.strategy.reasks_allowed == 3 and one.strategy.candidate_mode is True


def test_decomposed_needs_an_engine_that_scores_options_before_any_article():
    config = one_call_config()
    with pytest.raises(ConfigurationError, match="needs a backend that scores options: local or rules"):
        make_strategy(Config(backend="local", strategy="decomposed"), CannedEngine(config))


def test_one_call_sends_the_rendered_prompt_once_and_records_it():
    config = one_call_config(candidate_mode=False)
    engine = CannedEngine(config)
    with Extractor(config, engine=engine) as extractor:
        result = extractor.extract(TEXT, published="2020-06-23", article_id="a")
    prompt = render_prompt(TEXT, Article.create(TEXT, published="2020-06-23").published, None)
    assert [r["messages"] for r in engine.requests] == [prompt.messages]
    provenance = result.provenance
    assert (provenance.strategy, provenance.prompt_hash, provenance.prompt_version) == (
        "one_call",
        prompt.prompt_hash,
        prompt.version,
    )
    assert provenance.attempts == 1 and provenance.usage.prompt_tokens == 50
    assert [(i.sub_event_type, i.locality) for i in result.incidents] == [
        ("Shelling/artillery/missile attack", "Baghdad")
    ]


def test_one_call_validates_an_answer_obtained_elsewhere_without_sending_it():
    config = one_call_config(candidate_mode=False)
    engine = CannedEngine(config)
    with Extractor(config, engine=engine) as extractor:
        body = extractor.request_body(TEXT, published="2020-06-23")
        result = extractor.complete_from(TEXT, engine.completion.model_dump(), published="2020-06-23")
    assert engine.requests == [] and body["messages"][-1]["role"] == "user"
    assert result.provenance.attempts == 1 and result.incidents[0].locality == "Baghdad"


async def test_decomposed_records_its_question_file_and_has_no_single_request():
    with Extractor(Config(backend="rules")) as extractor:
        result = await extractor.aextract(TEXT, published="2020-06-23", article_id="a")
        fingerprint_prompt = extractor.strategy.prompt_id(Article.create(TEXT, published="2020-06-23"))
        with pytest.raises(ConfigurationError, match="strategy decomposed sends no single request"):
            extractor.request_body(TEXT, published="2020-06-23")
        with pytest.raises(ConfigurationError, match="use strategy one_call"):
            extractor.complete_from(TEXT, {}, published="2020-06-23")
    provenance = result.provenance
    assert (provenance.strategy, provenance.candidate_mode) == ("decomposed", False)
    # the fingerprint and the record name the same prompt: the cache cannot serve an answer of other questions
    assert (provenance.prompt_hash, provenance.prompt_version) == (
        fingerprint_prompt.prompt_hash,
        fingerprint_prompt.version,
    )
    # attempts counts the questions put to the engine: none, the packaged questions keep the heuristics' picks
    assert provenance.attempts == 0 and result.incidents
