"""The public entry points: ``Extractor`` for many calls on one configured engine, ``extract``/``aextract``."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from .article import Article
from .config import Config, load_config
from .decomposed.questions import load_questions
from .engines import CallLog, Engine, RequestBudget, make_engine
from .errors import ConfigurationError
from .ingest import check_language
from .normalize.aliases import actor_aliases, weapon_aliases
from .pipeline import ArticleContext, ValidatedDraft, validating
from .prompting import RenderedPrompt, render_prompt
from .schemas import SCHEMA_VERSION, ArticleExtraction, Incident, Provenance


def _package_version() -> str:
    try:
        return version("incident-extractor")
    except PackageNotFoundError:
        return "0+unknown"


class Extractor:
    """Holds a configured engine (a client or a loaded model) for many extractions.

    >>> extractor = Extractor(Config(backend="openai", model="gpt-4o-mini", api_key="..."))  # doctest: +SKIP
    >>> extractor.extract("A rocket landed near Baghdad airport on Monday ...", published="2020-06-23")  # doctest: +SKIP
    """

    def __init__(self, config: Config | None = None, *, engine: Engine | None = None) -> None:
        self.config = config or load_config()
        self.engine = engine or make_engine(self.config)
        self._weapons = weapon_aliases([Path(p) for p in self.config.weapon_alias_files])
        self._actors = actor_aliases([Path(p) for p in self.config.actor_alias_files])
        self._version = _package_version()

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Extractor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def close(self) -> None:
        self.engine.close()

    async def aclose(self) -> None:
        """Close the async connections of the running event loop, then the engine (``async with`` does this)."""
        await self.engine.aclose_async()
        self.engine.close()

    async def arelease(self) -> None:
        """Close the async connections of the running event loop and keep the extractor usable.

        Connections belong to one event loop; call this before a loop ends (the end of an ``asyncio.run``) when
        the extractor will serve another loop later, so the old loop's sockets do not stay open until exit."""
        await self.engine.aclose_async()

    def request_fingerprint(self, text: Any, *, published: Any = None, source: str | None = None) -> str:
        """sha256 of everything that decides this article's answer, without calling the model.

        Backend, model, server, prompt hash and version, schema version, the article, and the parameters
        that change the output: equal fingerprints may share one answer (the batch response cache)."""
        article = Article.create(text, published=published, source=source, article_id="fingerprint")
        prompt = self._render(article, None)
        c = self.config
        parts = [self.engine.backend, self.engine.model, c.base_url, prompt.prompt_hash, prompt.version,
                 SCHEMA_VERSION, self._version, article.text, str(article.published), article.source,
                 c.temperature, c.max_tokens, c.seed, c.use_candidates, c.output_form, c.ungrounded,
                 c.max_reasks, c.weapon_alias_files, c.actor_alias_files, c.effective_strategy]
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()

    @property
    def decomposed(self) -> bool:
        """True when this extractor asks small questions (Config.strategy) instead of one JSON answer."""
        return self.config.effective_strategy == "decomposed"

    def _render(self, article: Article, ctx: ArticleContext | None) -> RenderedPrompt:
        if not self.decomposed:
            return render_prompt(article.text, article.published, article.source)
        from .decomposed.assemble import article_context

        questions = load_questions()
        ctx = ctx or ArticleContext(article)
        digest = hashlib.sha256(f"{questions.digest}\0{article_context(ctx, questions)}".encode()).hexdigest()[:16]
        return RenderedPrompt([], digest, questions.digest)

    def _prepare(self, text: Any, published: Any, source: str | None, article_id: str | None) -> _Call:
        article = Article.create(text, published=published, source=source, article_id=article_id)
        check_language(article.text, self.engine.backend)  # ingest's language gate
        # The decomposed path has nobody to re-ask: suspect records are kept with a note at once.
        ctx = ArticleContext(article, ungrounded=self.config.ungrounded, weapons=self._weapons, actors=self._actors,
                             reasks_allowed=0 if self.decomposed else self.config.max_reasks)
        if self.decomposed:
            return _Call(article, ctx, self._render(article, ctx), ValidatedDraft)
        if self.config.use_candidates:
            from .candidates import candidate_model

            response_model: type[ValidatedDraft] = candidate_model(ctx)
        else:
            response_model = ValidatedDraft
        return _Call(article, ctx, render_prompt(article.text, article.published, article.source), response_model)

    def _extract_decomposed(self, call: _Call) -> ArticleExtraction:
        """Small questions about each candidate mention, answered by the engine's ``choose``."""
        from .decomposed import extract_decomposed

        choose = getattr(self.engine, "choose", None)
        if choose is None:
            raise ConfigurationError(
                f"strategy decomposed needs a backend that scores options: local or rules (got {self.engine.backend!r})"
            )
        before = getattr(self.engine, "tokens_evaluated", 0)
        result = extract_decomposed(call.ctx, self.engine)  # type: ignore[arg-type]
        log = CallLog(attempts=result.questions_asked, outcomes=["ok", *result.notes])
        log.usage.add(getattr(self.engine, "tokens_evaluated", 0) - before, 0)
        return self._result(call, result.incidents, log)

    def _result(self, call: _Call, incidents: list[Incident], log: CallLog) -> ArticleExtraction:
        provenance = Provenance(
            backend=self.engine.backend,
            model=self.engine.model,
            prompt_hash=call.prompt.prompt_hash,
            prompt_version=call.prompt.version,
            usage=log.usage,
            attempts=log.attempts,
            outcomes=log.outcomes,
            duration_s=round(time.perf_counter() - call.started, 3),
            candidate_mode=self.config.use_candidates and not self.decomposed,
            strategy=self.config.effective_strategy,
            extractor_version=self._version,
        )
        article = call.article
        return ArticleExtraction(article_id=article.article_id, published=article.published, source=article.source,
                                 incidents=incidents, provenance=provenance)

    def extract(
        self,
        text: str,
        *,
        published: dt.date | str | None = None,
        source: str | None = None,
        article_id: str | None = None,
    ) -> ArticleExtraction:
        """Extract every incident of one article. Raises an ExtractorError subclass on failure."""
        call = self._prepare(text, published, source, article_id)
        if self.decomposed:
            return self._extract_decomposed(call)
        with validating(call.ctx):
            draft, log = self.engine.complete(call.prompt.messages, call.response_model)
        return self._result(call, draft.incidents_built, log)

    async def aextract(
        self,
        text: str,
        *,
        published: dt.date | str | None = None,
        source: str | None = None,
        article_id: str | None = None,
        budget: RequestBudget | None = None,
    ) -> ArticleExtraction:
        """The async twin of :meth:`extract`. ``budget`` (e.g. a batch's rate limiter) is charged for every
        request actually sent: the first, each validation re-ask and each transport retry."""
        call = self._prepare(text, published, source, article_id)
        if self.decomposed:  # the engine's scoring is CPU-bound and serialised: keep it off the event loop
            return await asyncio.to_thread(self._extract_decomposed, call)
        with validating(call.ctx):
            draft, log = await self.engine.acomplete(call.prompt.messages, call.response_model, budget=budget)
        return self._result(call, draft.incidents_built, log)

    def request_body(
        self,
        text: str,
        *,
        published: dt.date | str | None = None,
        source: str | None = None,
        article_id: str | None = None,
    ) -> dict[str, Any]:
        """The exact JSON body :meth:`extract` would send first for this article (model, messages,
        response_format or tools, sampling parameters), built without calling the model: what a provider
        batch file carries."""
        call = self._prepare(text, published, source, article_id)
        return self.engine.request_body(call.prompt.messages, call.response_model)

    def complete_from(
        self,
        text: str,
        completion: Any,
        *,
        published: dt.date | str | None = None,
        source: str | None = None,
        article_id: str | None = None,
    ) -> ArticleExtraction:
        """Validate a chat completion obtained elsewhere (a provider batch's answer to :meth:`request_body`)
        exactly as :meth:`extract` validates a live answer: same parsing, grounding and normalization. An
        answer that fails validation is re-asked live, within ``max_reasks``; provenance counts the batch
        answer and every re-ask. ``completion`` is a ChatCompletion or its JSON as a dict."""
        call = self._prepare(text, published, source, article_id)
        with validating(call.ctx):
            draft, log = self.engine.complete(call.prompt.messages, call.response_model,
                                              replay=_as_completion(completion))
        return self._result(call, draft.incidents_built, log)

    async def acomplete_from(
        self,
        text: str,
        completion: Any,
        *,
        published: dt.date | str | None = None,
        source: str | None = None,
        article_id: str | None = None,
        budget: RequestBudget | None = None,
    ) -> ArticleExtraction:
        """The async twin of :meth:`complete_from`; live re-asks are charged to ``budget``."""
        call = self._prepare(text, published, source, article_id)
        with validating(call.ctx):
            draft, log = await self.engine.acomplete(call.prompt.messages, call.response_model, budget=budget,
                                                     replay=_as_completion(completion))
        return self._result(call, draft.incidents_built, log)


def _as_completion(completion: Any) -> Any:
    """A ChatCompletion from its JSON (as a batch output line holds it); objects pass through unchanged."""
    if not isinstance(completion, dict):
        return completion
    from openai.types.chat import ChatCompletion

    return ChatCompletion.model_validate(completion)


@dataclass
class _Call:
    """One article on its way through the engine."""

    article: Article
    ctx: ArticleContext
    prompt: RenderedPrompt
    response_model: type[ValidatedDraft]
    started: float = field(default_factory=time.perf_counter)


def extract(
    text: str,
    *,
    published: dt.date | str | None = None,
    source: str | None = None,
    article_id: str | None = None,
    config: Config | None = None,
) -> ArticleExtraction:
    """Extract one article with a one-off Extractor (use Extractor for many articles)."""
    extractor = Extractor(config)
    try:
        return extractor.extract(text, published=published, source=source, article_id=article_id)
    finally:
        extractor.close()


async def aextract(
    text: str,
    *,
    published: dt.date | str | None = None,
    source: str | None = None,
    article_id: str | None = None,
    config: Config | None = None,
) -> ArticleExtraction:
    """The async twin of :func:`extract`."""
    extractor = Extractor(config)
    try:
        return await extractor.aextract(text, published=published, source=source, article_id=article_id)
    finally:
        await extractor.aclose()
