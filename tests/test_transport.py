"""The SDK's transport under hostile servers, user-given clients, pools sized to the concurrency, the budget
charged per request, and the exact request body a provider batch carries."""

from __future__ import annotations

import asyncio
import json
import time

import httpx2
import pytest
from _batch_support import ANSWER, article_text, make_extractor, write_jsonl

from extractor import Config, ConfigurationError, Extractor, ProviderError, extract_many
from extractor.engines.openai import OpenAIEngine
from extractor.normalize.places import geocode
from extractor.retry import TransportRetry
from extractor.schemas import ArticleExtraction

TIMEOUT = 3.0


def hostile_extractor(server, *, retries: int = 0, transport: str = "aiohttp") -> Extractor:
    config = Config(
        backend="openai",
        model="gpt-4o-mini",
        api_key="test-key",
        base_url=server.base_url,
        candidate_mode=False,
        timeout_s=TIMEOUT,
        max_reasks=0,
        max_response_bytes=1 << 20,
        async_transport=transport,
    )
    retry = TransportRetry(retries=retries, max_wait_s=0.01)
    return Extractor(config, engine=OpenAIEngine(config, retry=retry))


@pytest.mark.parametrize("transport", ["aiohttp", "httpx"])
@pytest.mark.parametrize("fault", ["negative_chunk", "endless_header", "huge_body", "trickle"])
async def test_a_hostile_answer_costs_one_error_within_the_timeout(fault_server, fault, transport):
    server = fault_server(lambda body: ANSWER, script=[fault], huge_body_bytes=8 << 20)
    extractor = hostile_extractor(server, transport=transport)
    started = time.monotonic()
    with pytest.raises(ProviderError) as caught:
        await extractor.aextract(article_text(0), published="2021-03-09")
    elapsed = time.monotonic() - started
    await extractor.aclose()
    assert elapsed < TIMEOUT + 1.5, f"{fault} held the client {elapsed:.1f} s"
    assert caught.value.attempts == 1 and server.faults_served() == [fault]


async def test_the_async_transport_is_the_sdks_client_of_that_name():
    import openai

    from extractor.engines.transport import async_client

    aio = async_client(connections=3, timeout_s=1.0, max_bytes=1024, transport="aiohttp")
    plain = async_client(connections=3, timeout_s=1.0, max_bytes=1024, transport="httpx")
    assert isinstance(aio, openai.DefaultAioHttpClient) and not isinstance(plain, openai.DefaultAioHttpClient)
    assert isinstance(plain, openai.DefaultAsyncHttpxClient)
    assert aio.event_hooks["response"] and plain.event_hooks["response"]  # the guards ride on both
    await aio.aclose()
    await plain.aclose()


def test_an_unknown_async_transport_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="async_transport"):
        Config(backend="openai", model="m", api_key="k", async_transport="curl")


@pytest.mark.parametrize("fault", ["negative_chunk", "huge_body"])
def test_the_sync_path_is_guarded_too(fault_server, fault):
    server = fault_server(lambda body: ANSWER, script=[fault], huge_body_bytes=8 << 20)
    with hostile_extractor(server) as extractor, pytest.raises(ProviderError):
        extractor.extract(article_text(0), published="2021-03-09")


def test_in_a_batch_hostile_answers_cost_their_articles_never_the_job(fault_server, tmp_path):
    faults = ["negative_chunk", "endless_header", "huge_body", "trickle"]
    server = fault_server(lambda body: ANSWER, script=faults, huge_body_bytes=8 << 20)
    source = tmp_path / "in.jsonl"
    write_jsonl(source, 10)
    geocode("Kano")  # the gazetteer's one-time build (seconds on a busy machine) is not the transport's time
    started = time.monotonic()
    items = list(
        extract_many(source, extractor=hostile_extractor(server), store=tmp_path / "job.db", cache=False, concurrency=4)
    )
    assert time.monotonic() - started < 10 * TIMEOUT  # no hang: each hostile answer ends at its deadline
    assert len(items) == 10 and len({i.article_id for i in items}) == 10
    assert sum(not i.ok for i in items) == 4 and all(i.error["kind"] == "provider" for i in items if not i.ok)


async def test_a_user_async_client_is_used_not_bypassed(fault_server):
    server = fault_server(lambda body: ANSWER)
    sent: list[str] = []

    async def log_request(request: httpx2.Request) -> None:
        sent.append(str(request.url))

    user_client = httpx2.AsyncClient(event_hooks={"request": [log_request]})
    config = Config(backend="openai", model="m", api_key="test-key", base_url=server.base_url, candidate_mode=False)
    extractor = Extractor(config, engine=OpenAIEngine(config, async_http_client=user_client))
    result = await extractor.aextract(article_text(1), published="2021-03-09")
    await extractor.aclose()
    assert result.incidents and sent == [f"{server.base_url}/chat/completions"]
    assert not user_client.is_closed  # the user's client is the user's to close
    await user_client.aclose()


async def test_a_sync_only_user_client_refuses_async_calls_clearly(fault_server):
    server = fault_server(lambda body: ANSWER)
    config = Config(backend="openai", model="m", api_key="test-key", base_url=server.base_url, candidate_mode=False)
    with httpx2.Client() as user_client:  # the user's client is the user's to close
        extractor = Extractor(config, engine=OpenAIEngine(config, http_client=user_client))
        assert extractor.extract(article_text(1), published="2021-03-09").incidents  # sync calls use it
        with pytest.raises(ConfigurationError, match="async_http_client"):
            await extractor.aextract(article_text(1), published="2021-03-09")
        extractor.close()
    assert len(server.requests) == 1


def test_the_connection_pool_is_sized_to_the_concurrency(fault_server, tmp_path):
    server = fault_server(lambda body: ANSWER, latency_s=0.05)
    source = tmp_path / "in.jsonl"
    write_jsonl(source, 24)
    items = list(
        extract_many(
            source,
            extractor=None,
            config=Config(
                backend="openai", model="m", api_key="test-key", base_url=server.base_url, candidate_mode=False
            ),
            store=tmp_path / "job.db",
            cache=False,
            concurrency=3,
        )
    )
    assert len(items) == 24 and all(i.ok for i in items)
    peers = {r.peer for r in server.requests}
    assert 1 <= len(peers) <= 3, peers


class CountingBudget:
    def __init__(self) -> None:
        self.acquired: list[int] = []
        self.settled: list[tuple[int, int]] = []

    async def acquire(self, estimated_tokens: int) -> None:
        self.acquired.append(estimated_tokens)

    def settle(self, estimated_tokens: int, actual_tokens: int) -> None:
        self.settled.append((estimated_tokens, actual_tokens))


async def test_the_budget_is_charged_for_every_request_sent(fault_server):
    bad = json.dumps({"incidents": [{"primary": True, "sub_event_type": "Attack", "type_quote": "not in the text"}]})
    answers = iter([bad, ANSWER])
    server = fault_server(lambda body: next(answers), script=["500", "ok", "ok"])
    extractor = make_extractor(server, retries=2, max_reasks=1)
    budget = CountingBudget()
    result = await extractor.aextract(article_text(2), published="2021-03-09", budget=budget)
    await extractor.aclose()
    # a 500 (retried), the first answer (re-asked), the re-ask: three requests on the wire, three charges
    assert len(server.requests) == 3 and len(budget.acquired) == 3 and len(budget.settled) == 3
    assert [actual for _, actual in budget.settled] == [0, 120, 120]  # the 500 carried no usage
    assert all(estimate > 100 for estimate in budget.acquired)
    assert result.provenance.attempts == 2


def test_a_batch_charges_its_rate_limiter_per_request(fault_server, tmp_path):
    from extractor.batch import BatchJob, JobOptions, JobStore
    from extractor.batch.limiter import Limiter

    server = fault_server(lambda body: ANSWER, script=["500", "500"])
    source = tmp_path / "in.jsonl"
    write_jsonl(source, 3)
    with JobStore(tmp_path / "job.db") as store:
        job = BatchJob(make_extractor(server), store, JobOptions(concurrency=1, rpm=600))
        assert isinstance(job.processor.budget, Limiter) and job.processor.budget is job.limiter
        counting = job.processor.budget = CountingBudget()

        async def drain() -> list:
            from extractor.batch import read_inputs

            return [item async for item in job.run(read_inputs(source))]

        items = asyncio.run(drain())
    assert all(i.ok for i in items) and len(server.requests) == 5 and len(counting.acquired) == 5
    assert BatchJob(make_extractor(server), JobStore(":memory:")).processor.budget is None  # no limits: no budget


@pytest.mark.parametrize("candidates", [False, True])
def test_request_body_is_exactly_what_a_live_call_sends(fault_server, candidates):
    server = fault_server(lambda body: '{"incidents": []}' if candidates else ANSWER)
    config = Config(
        backend="openai",
        model="m",
        api_key="test-key",
        base_url=server.base_url,
        candidate_mode=candidates,
        structured_output="json_object_schema" if candidates else None,
    )
    with Extractor(config) as extractor:
        body = extractor.request_body(article_text(3), published="2021-03-09", source="wire")
        extractor.extract(article_text(3), published="2021-03-09", source="wire")
    assert len(server.requests) == 1  # building the body sent nothing
    assert json.loads(json.dumps(body)) == server.requests[0].body


def test_complete_from_validates_a_batch_answer_like_a_live_one(fault_server):
    server = fault_server(lambda body: ANSWER)
    config = Config(backend="openai", model="m", api_key="test-key", base_url=server.base_url, candidate_mode=False)
    with Extractor(config) as extractor:
        live = extractor.extract(article_text(4), published="2021-03-09", article_id="x")
        completion = server.completion({"model": "m"}, ANSWER)
        replayed = extractor.complete_from(article_text(4), completion, published="2021-03-09", article_id="x")
    assert len(server.requests) == 1  # the batch answer was not sent again
    assert replayed.incidents == live.incidents
    assert replayed.provenance.usage.prompt_tokens == server.prompt_tokens


async def test_an_invalid_batch_answer_is_reasked_live_and_counted(fault_server):
    server = fault_server(lambda body: ANSWER)
    config = Config(
        backend="openai", model="m", api_key="test-key", base_url=server.base_url, candidate_mode=False, max_reasks=1
    )
    extractor = Extractor(config)
    completion = server.completion({"model": "m"}, '{"incidents": [{"primary": tru')
    result = await extractor.acomplete_from(article_text(5), completion, published="2021-03-09")
    await extractor.aclose()
    assert len(server.requests) == 1 and result.incidents[0].locality == "Kano"
    assert result.provenance.attempts == 2
    assert result.provenance.usage.prompt_tokens == 2 * server.prompt_tokens
    reask = server.requests[0].body["messages"]
    assert reask[-2]["role"] == "assistant" and "tru" in reask[-2]["content"]


def test_successive_event_loops_get_fresh_connections(fault_server):
    server = fault_server(lambda body: ANSWER)
    extractor = make_extractor(server)

    async def one_loop(i: int) -> ArticleExtraction:
        try:
            return await extractor.aextract(article_text(i), published="2021-03-09")
        finally:
            await extractor.arelease()  # this loop's sockets close with it; the extractor serves the next loop

    for i in range(2):
        assert asyncio.run(one_loop(i)).incidents
    extractor.close()
    assert len(server.requests) == 2
    assert len({r.peer for r in server.requests}) == 2  # the second loop opened its own connection
