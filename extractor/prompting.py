"""Prompt templates and worked examples: loaded from prompts/, validated on load, rendered with a hash.

The templates and examples are data users edit, in the top-level ``prompts/`` directory (shipped in the wheel). Every rendering returns the sha256 of the exact
messages sent, so any result can be traced to its prompt; the prompt version hashes the sources.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jinja2

from .resources import resource_dir
from .schemas import EVENT_TYPES, SURFACE_FIELDS, ExtractionDraft

_PROMPT_FILES = ("system.j2", "user.j2", "examples.json")


@dataclass(frozen=True)
class WorkedExample:
    published: dt.date | None
    source: str | None
    text: str
    answer: ExtractionDraft


@dataclass(frozen=True)
class PromptSet:
    system: jinja2.Template
    user: jinja2.Template
    examples: tuple[WorkedExample, ...]
    version: str


@dataclass(frozen=True)
class RenderedPrompt:
    messages: list[dict[str, str]]
    prompt_hash: str
    version: str


def _read(name: str) -> str:
    return (resource_dir("prompts") / name).read_text(encoding="utf-8")


def _validate_example(index: int, raw: dict[str, Any]) -> WorkedExample:
    """An example teaches the model; a wrong one teaches it wrong, so it must validate and be grounded."""
    where = f"prompts/examples.json example {index}"
    try:
        answer = ExtractionDraft.model_validate(raw["answer"])
        text = raw["text"]
        published = dt.date.fromisoformat(raw["published"]) if raw.get("published") else None
    except (KeyError, ValueError) as exc:
        raise ValueError(f"{where}: {exc}") from exc
    for n, incident in enumerate(answer.incidents):
        for name in SURFACE_FIELDS:
            value = getattr(incident, name)
            if value is not None and value not in text:
                raise ValueError(f"{where}, incident {n}: {name} {value!r} is not copied from the text")
    return WorkedExample(published, raw.get("source"), text, answer)


@lru_cache(maxsize=1)
def load_prompts() -> PromptSet:
    """Load and validate the packaged prompts once per process."""
    sources = {name: _read(name) for name in _PROMPT_FILES}
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False)
    examples = tuple(_validate_example(i, raw) for i, raw in enumerate(json.loads(sources["examples.json"])))
    version = hashlib.sha256("\0".join(sources[n] for n in _PROMPT_FILES).encode()).hexdigest()[:12]
    return PromptSet(env.from_string(sources["system.j2"]), env.from_string(sources["user.j2"]), examples, version)


def _user_message(prompts: PromptSet, text: str, published: dt.date | None, source: str | None) -> str:
    # The article must not be able to close its own delimiter and speak outside it.
    fenced = text.replace("</article>", "</ article>")
    return prompts.user.render(text=fenced, published=published.isoformat() if published else None, source=source)


@lru_cache(maxsize=1)
def _prefix() -> tuple[dict[str, str], ...]:
    """System message and worked examples: the same for every article, so rendered once per process."""
    prompts = load_prompts()
    messages = [{"role": "system", "content": prompts.system.render(event_types=EVENT_TYPES)}]
    for example in prompts.examples:
        messages.append(
            {"role": "user", "content": _user_message(prompts, example.text, example.published, example.source)}
        )
        messages.append({"role": "assistant", "content": example.answer.model_dump_json(exclude_none=False)})
    return tuple(messages)


@lru_cache(maxsize=1)
def _prefix_json() -> str:
    """json.dumps of the prefix messages without the closing bracket: the hash's fixed part, encoded once."""
    return json.dumps(list(_prefix()), ensure_ascii=False)[:-1]


def render_prompt(text: str, published: dt.date | None = None, source: str | None = None) -> RenderedPrompt:
    """The chat messages for one article: system, worked examples as prior turns, then the article.

    prompt_hash is the sha256 of json.dumps(messages); the prefix's part of that JSON is cached."""
    content, digest = _article_turn(text, published, source)
    messages = [*(dict(m) for m in _prefix()), {"role": "user", "content": content}]  # fresh: callers append
    return RenderedPrompt(messages, digest, load_prompts().version)


# A batch renders each article twice in a row (its cache key, then the call): the second is a look-up.
@lru_cache(maxsize=256)
def _article_turn(text: str, published: dt.date | None, source: str | None) -> tuple[str, str]:
    content = _user_message(load_prompts(), text, published, source)
    encoded = f"{_prefix_json()}, {json.dumps({'role': 'user', 'content': content}, ensure_ascii=False)}]"
    return content, hashlib.sha256(encoded.encode()).hexdigest()[:16]
