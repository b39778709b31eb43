"""The public entry points: ``Extractor`` for many calls on one configured engine, ``extract``/``aextract``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .article import Article
from .config import Config, load_config
from .engines import Engine, RequestBudget, make_engine
from .ingest import check_language
from .judge import judge
from .normalize.aliases import actor_aliases, weapon_aliases
from .pipeline import ArticleContext
from .schemas import SCHEMA_VERSION, ArticleExtraction, Provenance
from .strategies import Outcome, Strategy, make_strategy


def _package_version() -> str:
    try:
        return version("incident-extractor")
    except PackageNotFoundError:
        return "0+unknown"


class Extractor:
    """Holds a configured engine (a client or a loaded model) and its strategy for many extractions.

    >>> extractor = Extractor(Config(backend="openai", model="gpt-4o-mini", api_key="..."))  # doctest: +SKIP
    >>> extractor.extract("A rocket landed near Baghdad airport on Monday ...", published="2020-06-23")  # doctest: +SKIP
    """

    def __init__(self, config: Config | None = None, *, engine: Engine | None = None) -> None:
        self.config = config or load_config()
        self.engine = engine or make_engine(self.config)
        #: One JSON answer per article, or small questions (Config.strategy): chosen here, once.
        self.strategy: Strategy = make_strategy(self.config, self.engine)
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
        prompt = self.strategy.prompt_id(article)
        c = self.config
        parts = [
            self.engine.backend,
            self.engine.model,
            c.base_url,
            prompt.prompt_hash,
            prompt.version,
            SCHEMA_VERSION,
            self._version,
            article.text,
            str(article.published),
            article.source,
            c.temperature,
            c.max_tokens,
            c.seed,
            c.use_candidates,
            c.output_form,
            c.ungrounded,
            c.max_reasks,
            c.weapon_alias_files,
            c.actor_alias_files,
            c.effective_strategy,
        ]
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()

    @property
    def decomposed(self) -> bool:
        """True when this extractor asks small questions (Config.strategy) instead of one JSON answer."""
        return self.strategy.name == "decomposed"

    def _context(self, text: Any, published: Any, source: str | None, article_id: str | None) -> ArticleContext:
        article = Article.create(text, published=published, source=source, article_id=article_id)
        check_language(article.text, self.engine.backend)  # ingest's language gate
        return ArticleContext(
            article,
            ungrounded=self.config.ungrounded,
            weapons=self._weapons,
            actors=self._actors,
            reasks_allowed=self.strategy.reasks_allowed,
        )

    def _result(self, ctx: ArticleContext, outcome: Outcome, started: float) -> ArticleExtraction:
        log = outcome.log
        provenance = Provenance(
            backend=self.engine.backend,
            model=self.engine.model,
            prompt_hash=outcome.prompt.prompt_hash,
            prompt_version=outcome.prompt.version,
            usage=log.usage,
            attempts=log.attempts,
            outcomes=log.outcomes,
            duration_s=round(time.perf_counter() - started, 3),
            candidate_mode=self.strategy.candidate_mode,
            strategy=self.strategy.name,
            extractor_version=self._version,
            passages=outcome.passages,
        )
        article = ctx.article
        # The judge step, for every strategy: confidence, needs_review and where each value came from. Re-asks are
        # the one-call answer's extra attempts (as the provenance records them, so stored runs can be re-judged).
        reasks = max(0, log.attempts - 1) if self.strategy.name == "one_call" else 0
        incidents = judge(
            outcome.incidents, article.text, published=article.published, reasks=reasks, choices=ctx.choices
        )
        return ArticleExtraction(
            article_id=article.article_id,
            published=article.published,
            source=article.source,
            incidents=incidents,
            provenance=provenance,
        )

    def extract(
        self,
        text: str,
        *,
        published: dt.date | str | None = None,
        source: str | None = None,
        article_id: str | None = None,
    ) -> ArticleExtraction:
        """Extract every incident of one article. Raises an ExtractorError subclass on failure."""
        ctx = self._context(text, published, source, article_id)
        started = time.perf_counter()
        return self._result(ctx, self.strategy.extract(ctx), started)

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
        ctx = self._context(text, published, source, article_id)
        started = time.perf_counter()
        return self._result(ctx, await self.strategy.aextract(ctx, budget), started)

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
        batch file carries. Only strategy one_call sends one request per article; others raise
        ConfigurationError."""
        return self.strategy.request_body(self._context(text, published, source, article_id))

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
        ctx = self._context(text, published, source, article_id)
        started = time.perf_counter()
        return self._result(ctx, self.strategy.complete_from(ctx, completion), started)

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
        ctx = self._context(text, published, source, article_id)
        started = time.perf_counter()
        return self._result(ctx, await self.strategy.acomplete_from(ctx, completion, budget), started)


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
