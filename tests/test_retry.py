"""Transport faults take the retry path (never the model); validation errors take the re-ask path.

Each test runs the real openai client against the loopback fault-injecting server and checks how many
requests were made, what was waited, and whether the model was shown anything about the fault.
"""

from __future__ import annotations

import json

import pytest

from extractor import Config, ExtractionFailed, Extractor, OutputTruncatedError, ProviderError, RateLimitError
from extractor.engines.openai import OpenAIEngine
from extractor.errors import ConfigurationError
from extractor.retry import TransportRetry

ARTICLE = "Gunmen shot dead two police officers at a checkpoint in Kano on Monday, police said."
PUBLISHED = "2021-03-09"
ANSWER = json.dumps(
    {
        "incidents": [
            {
                "primary": True,
                "sub_event_type": "Attack",
                "type_quote": "Gunmen shot dead two police officers",
                "date_text": "on Monday",
                "locality": "Kano",
                "site": "a checkpoint",
                "perpetrator": "Gunmen",
                "target": "two police officers",
                "weapon": "shot",
                "killed": "two police officers",
            }
        ]
    }
)


class SleepRecorder:
    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.waits.append(seconds)


def make_extractor(
    server, sleeps: SleepRecorder, *, retries: int = 3, timeout_s: float = 5.0, max_reasks: int = 2
) -> Extractor:
    config = Config(
        backend="openai",
        model="fault-model",
        api_key="test-key",
        base_url=server.base_url,
        candidate_mode=False,
        timeout_s=timeout_s,
        max_reasks=max_reasks,
    )
    retry = TransportRetry(retries=retries, max_wait_s=30, sleep=sleeps, asleep=sleeps.asleep)
    return Extractor(config, engine=OpenAIEngine(config, retry=retry))


def bodies(server) -> list[dict]:
    return [r.body for r in server.requests]


def test_rate_limit_waits_retry_after_and_never_reaches_the_model(fault_server):
    server = fault_server(lambda body: ANSWER, script=["429", "ok"], retry_after=7)
    sleeps = SleepRecorder()
    result = make_extractor(server, sleeps).extract(ARTICLE, published=PUBLISHED)
    assert server.faults_served() == ["429", "ok"]
    assert sleeps.waits == [7.0]
    first, second = bodies(server)
    assert first["messages"] == second["messages"]  # the fault was not fed back as a re-ask
    assert result.provenance.attempts == 1 and result.provenance.outcomes == ["ok"]
    assert result.incidents[0].killed == 2


def test_server_errors_back_off_then_succeed(fault_server):
    server = fault_server(lambda body: ANSWER, script=["500", "500", "ok"])
    sleeps = SleepRecorder()
    result = make_extractor(server, sleeps).extract(ARTICLE, published=PUBLISHED)
    assert server.faults_served() == ["500", "500", "ok"]
    assert len(sleeps.waits) == 2 and all(0 <= w <= 30 for w in sleeps.waits)
    assert len({json.dumps(b, sort_keys=True) for b in bodies(server)}) == 1
    assert result.provenance.attempts == 1


def test_stalled_response_times_out_and_is_retried(fault_server):
    server = fault_server(lambda body: ANSWER, script=["stall", "ok"], stall_s=1.5)
    sleeps = SleepRecorder()
    result = make_extractor(server, sleeps, timeout_s=0.3).extract(ARTICLE, published=PUBLISHED)
    assert server.faults_served() == ["stall", "ok"]
    assert len(sleeps.waits) == 1
    assert result.incidents[0].locality == "Kano"


def test_dropped_connection_is_retried(fault_server):
    server = fault_server(lambda body: ANSWER, script=["drop", "ok"])
    result = make_extractor(server, SleepRecorder()).extract(ARTICLE, published=PUBLISHED)
    assert server.faults_served() == ["drop", "ok"]
    assert result.provenance.attempts == 1


def test_truncated_output_fails_fast_without_reask(fault_server):
    server = fault_server(lambda body: ANSWER, script=["truncate", "ok", "ok"])
    with pytest.raises(OutputTruncatedError) as caught:
        make_extractor(server, SleepRecorder()).extract(ARTICLE, published=PUBLISHED)
    assert server.faults_served() == ["truncate"]
    error = caught.value
    assert error.attempts == 1
    assert error.usage.completion_tokens == server.completion_tokens
    assert error.last_output == ANSWER[: len(ANSWER) // 2]


def test_persistent_rate_limit_raises_with_attempts(fault_server):
    server = fault_server(lambda body: ANSWER, script=["429"] * 10, retry_after=1)
    sleeps = SleepRecorder()
    with pytest.raises(RateLimitError) as caught:
        make_extractor(server, sleeps, retries=2).extract(ARTICLE, published=PUBLISHED)
    assert server.faults_served() == ["429", "429", "429"]
    assert sleeps.waits == [1.0, 1.0]
    assert caught.value.attempts == 3 and caught.value.status_code == 429
    assert isinstance(caught.value, ProviderError)


def test_refused_credentials_are_a_configuration_error_and_not_retried(fault_server):
    server = fault_server(lambda body: ANSWER, script=["401"])
    with pytest.raises(ConfigurationError, match="credentials"):
        make_extractor(server, SleepRecorder()).extract(ARTICLE, published=PUBLISHED)
    assert server.faults_served() == ["401"]


def test_invalid_answer_is_reasked_with_the_validation_error(fault_server):
    answers = iter([json.dumps({"incidents": [{"primary": True, "sub_event_type": "Rocket attack"}]}), ANSWER])
    server = fault_server(lambda body: next(answers))
    result = make_extractor(server, SleepRecorder()).extract(ARTICLE, published=PUBLISHED)
    first, second = bodies(server)
    assert len(second["messages"]) > len(first["messages"])
    assert "sub_event_type" in json.dumps(second["messages"][-1])
    assert result.provenance.attempts == 2
    assert result.provenance.outcomes[0].startswith("invalid:") and result.provenance.outcomes[1] == "ok"
    assert result.provenance.usage.prompt_tokens == 2 * server.prompt_tokens


def test_reasks_are_bounded_and_failure_carries_accounting(fault_server):
    bad = json.dumps({"incidents": [{"primary": True, "sub_event_type": "Rocket attack"}]})
    server = fault_server(lambda body: bad)
    with pytest.raises(ExtractionFailed) as caught:
        make_extractor(server, SleepRecorder(), max_reasks=1).extract(ARTICLE, published=PUBLISHED)
    assert len(server.requests) == 2
    assert caught.value.attempts == 2
    assert caught.value.last_output == bad
    assert caught.value.usage.completion_tokens == 2 * server.completion_tokens


async def test_async_path_takes_the_same_retries(fault_server):
    server = fault_server(lambda body: ANSWER, script=["429", "500", "ok"], retry_after=3)
    sleeps = SleepRecorder()
    result = await make_extractor(server, sleeps).aextract(ARTICLE, published=PUBLISHED)
    assert server.faults_served() == ["429", "500", "ok"]
    assert sleeps.waits[0] == 3.0 and len(sleeps.waits) == 2
    assert result.incidents[0].date.isoformat() == "2021-03-08"


# Every transport failure, a dropped connection included, takes one backoff wait before its retry.
@pytest.mark.parametrize(
    ("script", "waits"),
    [(["drop", "ok"], 1), (["stall", "ok"], 1), (["500", "drop", "ok"], 2), (["500", "drop", "drop", "ok"], 3)],
)
async def test_async_path_retries_drops_and_stalls(fault_server, script, waits):
    server = fault_server(lambda body: ANSWER, script=script, stall_s=2.0)
    sleeps = SleepRecorder()
    result = await make_extractor(server, sleeps, timeout_s=0.5).aextract(ARTICLE, published=PUBLISHED)
    assert server.faults_served() == script
    assert len(sleeps.waits) == waits
    assert result.provenance.attempts == 1  # the model saw one clean request


async def test_async_path_fails_like_the_sync_path(fault_server):
    server = fault_server(lambda body: ANSWER, script=["429"] * 3 + ["401", "truncate"], retry_after=1)
    extractor = make_extractor(server, SleepRecorder(), retries=2)
    with pytest.raises(RateLimitError) as caught:
        await extractor.aextract(ARTICLE, published=PUBLISHED)
    assert caught.value.attempts == 3 and caught.value.status_code == 429
    with pytest.raises(ConfigurationError, match="credentials"):
        await extractor.aextract(ARTICLE, published=PUBLISHED)
    with pytest.raises(OutputTruncatedError):
        await extractor.aextract(ARTICLE, published=PUBLISHED)
    assert server.faults_served() == ["429"] * 3 + ["401", "truncate"]


async def test_async_path_goes_through_a_proxy_from_the_environment(fault_server, monkeypatch):
    proxy = fault_server(lambda body: ANSWER)  # answers the proxied request itself
    monkeypatch.setenv("HTTP_PROXY", proxy.base_url.rsplit("/v1", 1)[0])
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    config = Config(
        backend="openai",
        model="fault-model",
        api_key="test-key",
        base_url="http://llm.example.invalid/v1",
        candidate_mode=False,
    )
    result = await Extractor(config).aextract(ARTICLE, published=PUBLISHED)
    assert result.incidents[0].locality == "Kano"
    assert proxy.requests[0].path == "http://llm.example.invalid/v1/chat/completions"


@pytest.mark.parametrize(
    ("header", "parsed"),
    [("soon", None), ("Mon, 99 Foo 2021 25:61:00 GMT", None), ("-", None), ("1e999999", float("inf"))],
)
def test_a_malformed_retry_after_is_the_providers_error_not_the_models(fault_server, header, parsed):
    """The server's garbled header falls back to our backoff; when retries run out the error names the
    service (ProviderError/RateLimitError, who acts: the provider), never ExtractionFailed."""
    from extractor.retry import retry_after_seconds

    server = fault_server(lambda body: ANSWER, script=["429"] * 3)
    server.retry_after_header = header
    sleeps = SleepRecorder()
    with pytest.raises(RateLimitError) as caught:
        make_extractor(server, sleeps, retries=2).extract(ARTICLE, published=PUBLISHED)
    assert not isinstance(caught.value, ExtractionFailed)
    assert caught.value.attempts == 3 and len(sleeps.waits) == 2 and all(w <= 30 for w in sleeps.waits)

    class Response:
        headers = {"retry-after": header}

    class Failure(Exception):
        response = Response()

    assert retry_after_seconds(Failure()) == parsed  # inf is capped at max_wait_s by the policy
