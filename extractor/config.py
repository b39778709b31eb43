"""One frozen configuration object, and the one function that reads the environment.

Precedence, highest first: keyword arguments given to :func:`load_config` (or fields of a Config built by
hand), then environment variables, then the defaults below. With nothing configured the backend is
``local``: an ``OPENAI_API_KEY`` set for other tools never silently switches extraction to a paid service.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .errors import ConfigurationError

Backend = Literal["local", "openai", "rules"]
#: one_call: the model writes every incident as one JSON document. decomposed: code finds the incident
#: mentions and the model answers small multiple-choice questions about each (needs an engine that scores
#: options: local or rules).
Strategy = Literal["one_call", "decomposed"]
#: How the request asks for JSON. json_schema: OpenAI structured outputs (OpenAI, vLLM, Ollama, llama.cpp's
#: own server). json_object_schema: {"type": "json_object", "schema": ...}, the only form llama-cpp-python
#: applies as a grammar. tools: function calling. json_object: plain JSON mode, schema in the prompt.
StructuredOutput = Literal["json_schema", "json_object_schema", "tools", "json_object"]
UngroundedPolicy = Literal["drop", "flag", "reask"]
#: The HTTP transport under the SDK's async client (sync calls always use httpx2, the SDK's default).
AsyncTransport = Literal["aiohttp", "httpx"]

BACKENDS: tuple[str, ...] = ("local", "openai", "rules")
STRATEGIES: tuple[str, ...] = ("one_call", "decomposed")
#: Backends whose engine can score options (Engine.choose); the others keep the one-call path.
CHOOSING_BACKENDS: tuple[str, ...] = ("local", "rules")
STRUCTURED_OUTPUTS: tuple[str, ...] = ("json_schema", "json_object_schema", "tools", "json_object")
UNGROUNDED_POLICIES: tuple[str, ...] = ("drop", "flag", "reask")
ASYNC_TRANSPORTS: tuple[str, ...] = ("aiohttp", "httpx")
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"


@dataclass(frozen=True)
class Config:
    """Everything that decides how an article is extracted; immutable so it can be shared and hashed."""

    backend: Backend = "local"
    #: Model name for ``openai``; for ``local``, a GGUF path (``local_model`` is the same, kept for clarity).
    model: str | None = None
    api_key: str | None = field(default=None, repr=False)
    base_url: str | None = None
    local_model: str | None = None
    structured_output: StructuredOutput | None = None  # None: the backend's own default
    candidate_mode: bool | None = None  # None: on for local, off otherwise
    strategy: Strategy | None = None  # None: decomposed for local and rules, one_call otherwise
    ungrounded: UngroundedPolicy = "drop"
    max_reasks: int = 2
    transport_retries: int = 4
    retry_max_wait_s: float = 60.0
    timeout_s: float = 120.0
    max_tokens: int = 1536
    temperature: float = 0.0
    seed: int | None = 0
    #: The model's context window in tokens: the local engine loads the model with it, and the one-call path
    #: sizes its passages by it for every backend (8192: what SmolLM2 and every current hosted model hold).
    n_ctx: int = 8192
    #: The longest article text (in tokens of ~4 characters) the one-call path sends in one request; a longer
    #: text is read in overlapping passages (extractor.passages). None: what ``n_ctx`` holds after the prompt
    #: and the answer (``max_tokens``).
    max_passage_tokens: int | None = None
    n_threads: int | None = None
    #: HTTP connections kept per client: a batch sets it to its concurrency.
    max_connections: int = 100
    #: An answer larger than this fails as a transport error (a broken or hostile server), never fills memory.
    max_response_bytes: int = 16 * 1024 * 1024
    #: Under async calls (batches, extract_many, Ray): "aiohttp", the SDK's ``DefaultAioHttpClient`` (its
    #: documented choice for concurrency; less client CPU per request), or "httpx", the SDK's default.
    async_transport: AsyncTransport = "aiohttp"
    #: Extra alias tables (CSV "alias,canonical") that extend and override the packaged ones.
    weapon_alias_files: tuple[str, ...] = ()
    actor_alias_files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ConfigurationError(f"backend must be one of {', '.join(BACKENDS)}; got {self.backend!r}")
        if self.structured_output is not None and self.structured_output not in STRUCTURED_OUTPUTS:
            raise ConfigurationError(
                f"structured_output must be one of {', '.join(STRUCTURED_OUTPUTS)}; got {self.structured_output!r}"
            )
        if self.ungrounded not in UNGROUNDED_POLICIES:
            raise ConfigurationError(
                f"ungrounded must be one of {', '.join(UNGROUNDED_POLICIES)}; got {self.ungrounded!r}"
            )
        if self.async_transport not in ASYNC_TRANSPORTS:
            raise ConfigurationError(
                f"async_transport must be one of {', '.join(ASYNC_TRANSPORTS)}; got {self.async_transport!r}"
            )
        if self.strategy is not None and self.strategy not in STRATEGIES:
            raise ConfigurationError(f"strategy must be one of {', '.join(STRATEGIES)}; got {self.strategy!r}")
        if self.strategy == "decomposed" and self.backend not in CHOOSING_BACKENDS:
            raise ConfigurationError(
                f"strategy decomposed needs a backend that scores options: local or rules (got {self.backend!r})"
            )
        if self.strategy == "one_call" and self.backend == "rules":
            raise ConfigurationError(
                "the rules backend has no model to write JSON: it supports only strategy decomposed"
            )
        for name in ("max_reasks", "transport_retries", "max_tokens", "n_ctx"):
            if getattr(self, name) < 0:
                raise ConfigurationError(f"{name} must not be negative; got {getattr(self, name)}")
        for name in ("max_connections", "max_response_bytes", "timeout_s"):
            if getattr(self, name) <= 0:
                raise ConfigurationError(f"{name} must be positive; got {getattr(self, name)}")
        if self.max_passage_tokens is not None and self.max_passage_tokens <= 0:
            raise ConfigurationError(f"max_passage_tokens must be positive; got {self.max_passage_tokens}")

    @property
    def model_name(self) -> str:
        """The model as recorded in provenance: a name for remote backends, the file name for local."""
        if self.backend == "rules":
            return "rules"
        if self.backend == "local":
            from pathlib import Path

            return Path(self.local_model or self.model or "SmolLM2-135M-Instruct.Q4_1.gguf").name
        return self.model or DEFAULT_OPENAI_MODEL

    @property
    def effective_strategy(self) -> Strategy:
        if self.strategy is not None:
            return self.strategy
        return "decomposed" if self.backend in CHOOSING_BACKENDS else "one_call"

    @property
    def use_candidates(self) -> bool:
        return self.backend == "local" if self.candidate_mode is None else self.candidate_mode

    @property
    def output_form(self) -> StructuredOutput:
        if self.structured_output is not None:
            return self.structured_output
        return "json_object_schema" if self.backend == "local" else "json_schema"

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)


#: Environment variable -> Config field. Read only by load_config.
ENV_VARS: dict[str, str] = {
    "EXTRACTOR_BACKEND": "backend",
    "EXTRACTOR_MODEL": "model",
    "OPENAI_API_KEY": "api_key",
    "OPENAI_BASE_URL": "base_url",
    "EXTRACTOR_LOCAL_MODEL": "local_model",
    "EXTRACTOR_STRUCTURED_OUTPUT": "structured_output",
    "EXTRACTOR_CANDIDATES": "candidate_mode",
    "EXTRACTOR_STRATEGY": "strategy",
    "EXTRACTOR_MAX_PASSAGE_TOKENS": "max_passage_tokens",
}


def load_config(environ: Mapping[str, str] | None = None, **overrides: Any) -> Config:
    """Build a Config: ``overrides`` (non-None values) beat the environment, which beats the defaults.

    Reads EXTRACTOR_BACKEND, EXTRACTOR_MODEL, OPENAI_API_KEY, OPENAI_BASE_URL, EXTRACTOR_LOCAL_MODEL,
    EXTRACTOR_STRUCTURED_OUTPUT, EXTRACTOR_CANDIDATES (1/0, true/false) and EXTRACTOR_STRATEGY. Empty variables count as unset.
    EXTRACTOR_MAX_PASSAGE_TOKENS (a whole number) sets ``max_passage_tokens``.
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for var, name in ENV_VARS.items():
        raw = env.get(var, "").strip()
        if raw:
            if name == "candidate_mode":
                values[name] = _parse_bool(var, raw)
            elif name == "max_passage_tokens":
                values[name] = _parse_int(var, raw)
            else:
                values[name] = raw
    values.update({k: v for k, v in overrides.items() if v is not None})
    for name in ("backend", "strategy"):
        if values.get(name):
            values[name] = str(values[name]).lower().replace("-", "_")
    unknown = set(values) - {f.name for f in dataclasses.fields(Config)}
    if unknown:
        raise ConfigurationError(f"unknown configuration option(s): {', '.join(sorted(unknown))}")
    return Config(**values)


def user_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where user state (response cache, price table overrides) lives: $EXTRACTOR_HOME, else
    ~/.local/share/incident-extractor. Tests point EXTRACTOR_HOME at a temporary directory."""
    env = os.environ if environ is None else environ
    configured = env.get("EXTRACTOR_HOME", "").strip()
    return Path(configured).expanduser() if configured else Path.home() / ".local" / "share" / "incident-extractor"


def _parse_int(var: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{var} must be a whole number; got {raw!r}") from None


def _parse_bool(var: str, raw: str) -> bool:
    lowered = raw.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{var} must be true or false; got {raw!r}")
