"""The ``openai`` engine: OpenAI itself or any compatible server (Ollama, vLLM, llama.cpp server, Azure).

Every request, sync or async, goes through the openai SDK's own clients. The clients we build are the SDK's
defaults on a guarded transport (extractor.engines.transport: a body-size cap and a deadline for the whole
exchange) with a connection pool sized to ``config.max_connections``. A client the user passes (custom CA,
mTLS, a proxy) is used as given, for the calls it can serve: ``http_client`` for sync calls,
``async_http_client`` for async ones; asking for an async call with only a sync client given is a
ConfigurationError, never a silent bypass.

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
from .transport import async_client, sync_client

# create() deep-walks every request (the JSON schema included) to apply TypedDict aliases that chat
# completions do not have: about 1 ms of CPU per call. The SDK's documented post() sends the same JSON body
# to the same path with the same headers and error handling. Requests carrying per-call client options
# (extra_headers, timeout, ...) go through create().
_PATH = "/chat/completions"
_CLIENT_OPTIONS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout", "stream"})


class OpenAIEngine(Engine):
    backend = "openai"

    def __init__(
        self,
        config: Config,
        *,
        retry: TransportRetry | None = None,
        http_client: Any = None,
        async_http_client: Any = None,
    ) -> None:
        if not config.api_key and not config.base_url:
            raise ConfigurationError(
                "the openai backend needs OPENAI_API_KEY (or --base-url for a local server such as Ollama or vLLM)"
            )
        # Local servers accept any key; the client insists on a non-empty one.
        self._common: dict[str, Any] = dict(
            api_key=config.api_key or "not-needed", base_url=config.base_url, max_retries=0, timeout=config.timeout_s
        )
        self._user_sync = http_client
        self._user_async = async_http_client
        self._client = openai.OpenAI(
            **self._common,
            http_client=http_client
            or sync_client(
                connections=config.max_connections, timeout_s=config.timeout_s, max_bytes=config.max_response_bytes
            ),
        )
        self._aclient: openai.AsyncOpenAI | None = None
        self._async_loop: asyncio.AbstractEventLoop | None = None
        super().__init__(config, retry=retry)

    @property
    def client(self) -> openai.OpenAI:
        """The sync SDK client (files and batches of the provider Batch API use it too)."""
        return self._client

    def async_client(self) -> openai.AsyncOpenAI:
        """The async SDK client of the running event loop, created on first use in that loop.

        Connections belong to one event loop: under a new loop (a second ``asyncio.run``) those of the old one
        are abandoned, never reused."""
        loop = asyncio.get_running_loop()
        if loop is not self._async_loop or self._aclient is None:
            if self._user_async is None and self._user_sync is not None:
                raise ConfigurationError(
                    "an http_client was given for sync calls only; pass async_http_client (an httpx2.AsyncClient) "
                    "for aextract, extract_many and batch jobs"
                )
            http_client = self._user_async or async_client(
                connections=self.config.max_connections,
                timeout_s=self.config.timeout_s,
                max_bytes=self.config.max_response_bytes,
                transport=self.config.async_transport,
            )
            self._aclient = openai.AsyncOpenAI(**self._common, http_client=http_client)
            self._async_loop = loop
        return self._aclient

    def raw_create(self, **kwargs: Any) -> Any:
        if _CLIENT_OPTIONS.isdisjoint(kwargs):
            return self._client.post(_PATH, body=kwargs, cast_to=ChatCompletion)
        return self._client.chat.completions.create(**kwargs)

    async def raw_acreate(self, **kwargs: Any) -> Any:
        client = self.async_client()
        if _CLIENT_OPTIONS.isdisjoint(kwargs):
            return await client.post(_PATH, body=kwargs, cast_to=ChatCompletion)
        return await client.chat.completions.create(**kwargs)

    def close(self) -> None:
        if self._user_sync is None:  # a client the user passed is the user's to close
            self._client.close()

    async def aclose_async(self) -> None:
        client, self._aclient = self._aclient, None
        self._async_loop = None
        if client is not None and self._user_async is None:
            await client.close()
