"""How an article becomes incidents: one JSON answer (``OneCallStrategy``) or small questions (``DecomposedStrategy``).

``Extractor`` builds one strategy for its config and engine (``make_strategy``) and hands it every article's
context. A strategy says what identifies its prompt (provenance and the request fingerprint), how many
validation re-asks the pipeline may request, and runs the engine. Only the one-call strategy sends one
request per article, so only it can build that request without sending it or validate an answer obtained
elsewhere (the provider Batch API).
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from .article import Article
from .candidates import candidate_model
from .config import Config
from .decomposed import extract_decomposed, load_questions
from .decomposed.assemble import article_context
from .engines import CallLog, Engine, RequestBudget
from .errors import ConfigurationError, ExtractorError, InputError
from .passages import Passage, merge_passages, passage_chars, shift, split_passages
from .pipeline import ArticleContext, ValidatedDraft, validating
from .prompting import load_prompts, render_prompt
from .schemas import Incident, Usage

__all__ = ["DecomposedStrategy", "OneCallStrategy", "Outcome", "PromptId", "Strategy", "make_strategy"]


@dataclass(frozen=True)
class PromptId:
    """What identifies the instructions an article was extracted with: a hash of them for this article, and
    the version of the files they come from."""

    prompt_hash: str
    version: str


@dataclass
class Outcome:
    """One article's incidents, what producing them cost, and the prompt they were produced with."""

    incidents: list[Incident]
    log: CallLog
    prompt: PromptId
    #: How many passages the text was read in (1: the whole text at once).
    passages: int = 1


class Strategy(ABC):
    """One way to extract an article's incidents with an engine; chosen once per ``Extractor``."""

    #: The Config.strategy value this implements (recorded in provenance).
    name: ClassVar[str]

    def __init__(self, config: Config, engine: Engine) -> None:
        self.config = config
        self.engine = engine

    @property
    @abstractmethod
    def reasks_allowed(self) -> int:
        """How many validation re-asks the pipeline's validators may request for one article."""

    @property
    def candidate_mode(self) -> bool:
        """Whether fields are constrained to spans found in the text (recorded in provenance)."""
        return False

    @abstractmethod
    def prompt_id(self, article: Article) -> PromptId:
        """The prompt identity for ``article``, computed without calling the model."""

    @abstractmethod
    def extract(self, ctx: ArticleContext) -> Outcome:
        """The incidents of the article in ``ctx``; raises an ExtractorError subclass on failure."""

    @abstractmethod
    async def aextract(self, ctx: ArticleContext, budget: RequestBudget | None = None) -> Outcome:
        """The async twin of :meth:`extract`; ``budget`` is charged for every request sent."""

    def request_body(self, ctx: ArticleContext) -> dict[str, Any]:
        """The one request :meth:`extract` would send first, built without sending it."""
        raise ConfigurationError(f"strategy {self.name} sends no single request per article: use strategy one_call")

    def complete_from(self, ctx: ArticleContext, completion: Any) -> Outcome:
        """Validate an answer to :meth:`request_body` obtained elsewhere, as :meth:`extract` validates its own."""
        raise ConfigurationError(f"strategy {self.name} sends no single request per article: use strategy one_call")

    async def acomplete_from(
        self, ctx: ArticleContext, completion: Any, budget: RequestBudget | None = None
    ) -> Outcome:
        """The async twin of :meth:`complete_from`."""
        raise ConfigurationError(f"strategy {self.name} sends no single request per article: use strategy one_call")


class OneCallStrategy(Strategy):
    """The model writes every incident of the article as one JSON answer, validated and re-asked on failure.

    A text longer than one request holds (``extractor.passages.passage_chars``) is read in overlapping passages:
    each is extracted alone (concurrently in :meth:`aextract`, at most ``config.max_connections`` at a time),
    its evidence moved to the whole text's offsets, and the incidents passages share merged once. The
    outcome's accounting sums every passage's requests."""

    name = "one_call"

    @property
    def reasks_allowed(self) -> int:
        return self.config.max_reasks

    @property
    def candidate_mode(self) -> bool:
        return self.config.use_candidates

    def passages(self, article: Article) -> list[Passage]:
        """The parts the article is read in: one, the whole text, unless it is longer than a request holds."""
        return split_passages(article.text, passage_chars(self.config))

    def prompt_id(self, article: Article) -> PromptId:
        parts = self.passages(article)
        if len(parts) == 1:
            prompt = render_prompt(article.text, article.published, article.source)
            return PromptId(prompt.prompt_hash, prompt.version)
        hashes = [render_prompt(p.text, article.published, article.source).prompt_hash for p in parts]
        digest = hashlib.sha256("\0".join(hashes).encode()).hexdigest()[:16]
        return PromptId(digest, load_prompts().version)

    def _request(self, ctx: ArticleContext) -> tuple[list[dict[str, str]], type[ValidatedDraft], PromptId]:
        article = ctx.article
        prompt = render_prompt(article.text, article.published, article.source)
        response_model = candidate_model(ctx) if self.config.use_candidates else ValidatedDraft
        return prompt.messages, response_model, PromptId(prompt.prompt_hash, prompt.version)

    def _one(self, ctx: ArticleContext) -> Outcome:
        messages, response_model, prompt = self._request(ctx)
        with validating(ctx):
            draft, log = self.engine.complete(messages, response_model)
        return Outcome(draft.incidents_built, log, prompt)

    async def _aone(self, ctx: ArticleContext, budget: RequestBudget | None) -> Outcome:
        messages, response_model, prompt = self._request(ctx)
        with validating(ctx):
            draft, log = await self.engine.acomplete(messages, response_model, budget=budget)
        return Outcome(draft.incidents_built, log, prompt)

    def extract(self, ctx: ArticleContext) -> Outcome:
        parts = self.passages(ctx.article)
        if len(parts) == 1:
            return self._one(ctx)
        done: list[Outcome] = []
        for part in parts:
            try:
                done.append(self._one(_passage_context(ctx, part)))
            except ExtractorError as error:
                raise _passage_failed(error, part, len(parts), done) from None
        return self._combined(ctx, parts, done)

    async def aextract(self, ctx: ArticleContext, budget: RequestBudget | None = None) -> Outcome:
        parts = self.passages(ctx.article)
        if len(parts) == 1:
            return await self._aone(ctx, budget)
        gate = asyncio.Semaphore(self.config.max_connections)
        done: dict[int, Outcome] = {}

        async def read(part: Passage) -> None:
            async with gate:
                try:
                    done[part.index] = await self._aone(_passage_context(ctx, part), budget)
                except ExtractorError as error:
                    raise _passage_failed(error, part, len(parts), list(done.values())) from None

        tasks = [asyncio.ensure_future(read(part)) for part in parts]
        try:
            await asyncio.gather(*tasks)
        except BaseException:  # the first passage that failed (or a cancellation): stop the others, then raise it
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        return self._combined(ctx, parts, [done[part.index] for part in parts])

    def _combined(self, ctx: ArticleContext, parts: list[Passage], outcomes: list[Outcome]) -> Outcome:
        """One outcome from every passage's: incidents on the whole text, shared ones merged, costs summed."""
        found = [
            (part, [shift(incident, part) for incident in outcome.incidents])
            for part, outcome in zip(parts, outcomes, strict=True)
        ]
        incidents = merge_passages(found, published=ctx.article.published)
        log = CallLog()
        for part, outcome in zip(parts, outcomes, strict=True):
            log.usage.add(outcome.log.usage.prompt_tokens, outcome.log.usage.completion_tokens)
            log.attempts += outcome.log.attempts
            log.outcomes.extend(f"passage {part.index + 1}: {line}" for line in outcome.log.outcomes)
            log.last_output = outcome.log.last_output
        return Outcome(incidents, log, self.prompt_id(ctx.article), passages=len(parts))

    def _single_request(self, ctx: ArticleContext) -> None:
        """The provider Batch API sends one request per article: a text that needs passages cannot go."""
        limit = passage_chars(self.config)
        if len(ctx.article.text) > limit:
            raise InputError(
                f"{ctx.article.article_id}: the text is {len(ctx.article.text)} characters, more than one request "
                f"holds ({limit}, see max_passage_tokens); the provider Batch API sends one request per article, "
                "so extract it with `extract` or `batch` (which read it in passages)"
            )

    def request_body(self, ctx: ArticleContext) -> dict[str, Any]:
        self._single_request(ctx)
        messages, response_model, _ = self._request(ctx)
        return self.engine.request_body(messages, response_model)

    def complete_from(self, ctx: ArticleContext, completion: Any) -> Outcome:
        self._single_request(ctx)
        messages, response_model, prompt = self._request(ctx)
        with validating(ctx):
            draft, log = self.engine.complete(messages, response_model, replay=_as_completion(completion))
        return Outcome(draft.incidents_built, log, prompt)

    async def acomplete_from(
        self, ctx: ArticleContext, completion: Any, budget: RequestBudget | None = None
    ) -> Outcome:
        self._single_request(ctx)
        messages, response_model, prompt = self._request(ctx)
        with validating(ctx):
            draft, log = await self.engine.acomplete(
                messages, response_model, budget=budget, replay=_as_completion(completion)
            )
        return Outcome(draft.incidents_built, log, prompt)


def _passage_context(ctx: ArticleContext, part: Passage) -> ArticleContext:
    """The context of one passage: the same article and settings, with the passage's text (offsets start at 0)."""
    return ArticleContext(
        dataclasses.replace(ctx.article, text=part.text),
        ungrounded=ctx.ungrounded,
        weapons=ctx.weapons,
        actors=ctx.actors,
        reasks_allowed=ctx.reasks_allowed,
    )


def _passage_failed(error: ExtractorError, part: Passage, total: int, done: list[Outcome]) -> ExtractorError:
    """The error of a failed passage, naming it, with the requests the passages read before it cost."""
    error.message = f"passage {part.index + 1} of {total} (characters {part.start}-{part.end}): {error.message}"
    error.args = (error.message,)
    spent = sum(outcome.log.attempts for outcome in done)
    error.attempts += spent
    if done:
        usage = error.usage if isinstance(error.usage, Usage) else Usage()
        for outcome in done:
            usage.add(outcome.log.usage.prompt_tokens, outcome.log.usage.completion_tokens)
        error.usage = usage
    return error


class DecomposedStrategy(Strategy):
    """Code finds the incident mentions and the engine answers small multiple-choice questions about each
    (``extractor.decomposed``); the engine must score options (``choose``: the local and rules engines)."""

    name = "decomposed"

    def __init__(self, config: Config, engine: Engine) -> None:
        if getattr(engine, "choose", None) is None:
            raise ConfigurationError(
                f"strategy decomposed needs a backend that scores options: local or rules (got {engine.backend!r})"
            )
        super().__init__(config, engine)

    @property
    def reasks_allowed(self) -> int:
        return 0  # nobody to re-ask: suspect records are kept with a note at once

    def prompt_id(self, article: Article) -> PromptId:
        return self._prompt(ArticleContext(article))

    def _prompt(self, ctx: ArticleContext) -> PromptId:
        """The question file's digest, and a hash of it with the context every question of the article shares."""
        questions = load_questions()
        digest = hashlib.sha256(f"{questions.digest}\0{article_context(ctx, questions)}".encode()).hexdigest()[:16]
        return PromptId(digest, questions.digest)

    def extract(self, ctx: ArticleContext) -> Outcome:
        prompt = self._prompt(ctx)
        before = getattr(self.engine, "tokens_evaluated", 0)
        result = extract_decomposed(ctx, self.engine)  # type: ignore[arg-type]  # checked in __init__
        log = CallLog(attempts=result.questions_asked, outcomes=["ok", *result.notes])
        log.usage.add(getattr(self.engine, "tokens_evaluated", 0) - before, 0)
        return Outcome(result.incidents, log, prompt)

    async def aextract(self, ctx: ArticleContext, budget: RequestBudget | None = None) -> Outcome:
        # The engine's scoring is CPU-bound and serialised: keep it off the event loop.
        return await asyncio.to_thread(self.extract, ctx)


def make_strategy(config: Config, engine: Engine) -> Strategy:
    """The strategy ``config`` asks for (Config.effective_strategy), over ``engine``."""
    if config.effective_strategy == "decomposed":
        return DecomposedStrategy(config, engine)
    return OneCallStrategy(config, engine)


def _as_completion(completion: Any) -> Any:
    """A ChatCompletion from its JSON (as a batch output line holds it); objects pass through unchanged."""
    if not isinstance(completion, dict):
        return completion
    from openai.types.chat import ChatCompletion

    return ChatCompletion.model_validate(completion)
