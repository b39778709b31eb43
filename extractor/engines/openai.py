"""The ``openai`` engine: OpenAI itself or any compatible server (Ollama, vLLM, llama.cpp server, Azure).

The client's own retries are switched off: transport retries belong to extractor.retry alone, so their
count and waits are known and Retry-After is honoured once, not twice.
"""

from __future__ import annotations

import asyncio
from typing import Any

import openai
from openai.types.chat import ChatCompletion

from ..config import Config
from ..errors import ConfigurationError
from ..retry import TransportRetry
from .base import Engine
from .chat_http import ChatPoster, env_proxy


class OpenAIEngine(Engine):
    backend = "openai"

    def __init__(self, config: Config, *, retry: TransportRetry | None = None, http_client: Any = None) -> None:
        if not config.api_key and not config.base_url:
            raise ConfigurationError(
                "the openai backend needs OPENAI_API_KEY (or --base-url for a local server such as Ollama or vLLM)"
            )
        # Local servers accept any key; the client insists on a non-empty one.
        api_key = config.api_key or "not-needed"
        common: dict[str, Any] = dict(api_key=api_key, base_url=config.base_url, max_retries=0, timeout=config.timeout_s)
        self._client = openai.OpenAI(**common, http_client=http_client)
        self._aclient: openai.AsyncOpenAI | None = None
        self._poster: ChatPoster | None = None
        self._async_loop: asyncio.AbstractEventLoop | None = None
        self._common = common
        # Through a proxy the SDK's client (httpx) does the talking: ChatPoster connects directly only.
        self._proxied = env_proxy(str(self._client.base_url)) is not None
        super().__init__(config, retry=retry)

    def raw_create(self, **kwargs: Any) -> Any:
        if _sdk_only(kwargs):
            return self._client.chat.completions.create(**kwargs)
        return self._client.post(_PATH, body=kwargs, cast_to=ChatCompletion)

    async def raw_acreate(self, **kwargs: Any) -> Any:
        # Both are created lazily and belong to one event loop: connections cannot outlive or change loops.
        # Under a new loop (a second asyncio.run) those of the old one are abandoned, never reused.
        loop = asyncio.get_running_loop()
        if loop is not self._async_loop:
            self._aclient = self._poster = None
            self._async_loop = loop
        if self._proxied or _sdk_only(kwargs):
            if self._aclient is None:
                self._aclient = openai.AsyncOpenAI(**self._common)
            return await self._aclient.chat.completions.create(**kwargs)
        if self._poster is None:
            self._poster = ChatPoster(self._client, self.config.timeout_s)
        return await self._poster.post(kwargs)

    def close(self) -> None:
        self._client.close()

    async def aclose_async(self) -> None:
        client, self._aclient = self._aclient, None
        poster, self._poster = self._poster, None
        self._async_loop = None
        if client is not None:
            await client.close()
        if poster is not None:
            await poster.aclose()


# create() deep-walks every request (the JSON schema included) to apply TypedDict aliases that chat
# completions do not have: about 1 ms of CPU per call. post() sends the same JSON body; the async path
# (batches) goes further through chat_http.ChatPoster. Requests carrying per-call client options still go
# through create().
_PATH = "/chat/completions"
_CLIENT_OPTIONS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout", "stream"})


def _sdk_only(kwargs: dict[str, Any]) -> bool:
    return not _CLIENT_OPTIONS.isdisjoint(kwargs)
