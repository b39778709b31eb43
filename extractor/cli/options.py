"""Option groups shared by commands: each group is a dataclass, written once, that a command takes as one value.

``@options(ModelOptions)`` adds the group's flags to a Typer command (after the command's own parameters,
with the same names and help everywhere) and calls the command with one ``ModelOptions`` object in the
parameter annotated with that class. Typer reads a command's parameters from ``inspect.signature``; the
decorator hands it the command's signature with the group's fields in place of the group parameter.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import typer

from ..config import Config, load_config

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ModelOptions:
    """The model a command calls: every command that extracts takes these flags, alike."""

    backend: Annotated[
        str | None, typer.Option("--backend", help="local, openai or rules (no model) \\[env: EXTRACTOR_BACKEND]")
    ] = None
    model: Annotated[str | None, typer.Option("--model", help="model name (openai) \\[env: EXTRACTOR_MODEL]")] = None
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="OpenAI-compatible server URL \\[env: OPENAI_BASE_URL]")
    ] = None
    local_model: Annotated[
        str | None, typer.Option("--local-model", help="GGUF file for the local backend \\[env: EXTRACTOR_LOCAL_MODEL]")
    ] = None
    structured_output: Annotated[
        str | None,
        typer.Option(
            "--structured-output",
            help="json_schema | json_object_schema (llama-cpp-python server) | tools | json_object",
        ),
    ] = None
    candidates: Annotated[
        bool | None,
        typer.Option(
            "--candidates/--no-candidates", help="constrain fields to spans found in the text \\[default: on for local]"
        ),
    ] = None
    strategy: Annotated[
        str | None,
        typer.Option(
            "--strategy",
            help="one_call (one JSON answer) or decomposed (small questions; local and rules) "
            "\\[default: decomposed for local and rules] \\[env: EXTRACTOR_STRATEGY]",
        ),
    ] = None
    max_passage_tokens: Annotated[
        int | None,
        typer.Option(
            "--max-passage-tokens",
            min=1,
            help="one_call: read a longer text in overlapping passages of this many tokens (~4 characters each) "
            "\\[default: what the model's context holds] \\[env: EXTRACTOR_MAX_PASSAGE_TOKENS]",
        ),
    ] = None

    def config(self, **overrides: Any) -> Config:
        """The one Config these flags describe (the environment fills what a flag leaves unset)."""
        return build_config(
            self.backend,
            self.model,
            self.base_url,
            self.local_model,
            self.structured_output,
            self.candidates,
            self.strategy,
            self.max_passage_tokens,
        ).replace(**overrides)


def build_config(
    backend: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    local_model: str | None = None,
    structured_output: str | None = None,
    candidates: bool | None = None,
    strategy: str | None = None,
    max_passage_tokens: int | None = None,
) -> Config:
    return load_config(
        backend=backend,
        model=model,
        base_url=base_url,
        local_model=local_model,
        structured_output=structured_output,
        candidate_mode=candidates,
        strategy=strategy,
        max_passage_tokens=max_passage_tokens,
    )


def options(*groups: type) -> Callable[[F], F]:
    """Give a command the flags of each dataclass in ``groups``; it receives one instance per group.

    The command names a parameter annotated with the group's class (``model: ModelOptions``); the flags of
    the group's fields take its place, and the instance is built from them at call time."""

    def decorate(command: F) -> F:
        hints = typing.get_type_hints(command, include_extras=True)
        signature = inspect.signature(command)
        slots = {name: hints[name] for name in signature.parameters if hints.get(name) in groups}
        missing = [group.__name__ for group in groups if group not in slots.values()]
        if missing:
            raise TypeError(f"{command.__name__} has no parameter annotated with {', '.join(missing)}")
        kept = [
            p.replace(annotation=hints.get(p.name, p.annotation))
            for p in signature.parameters.values()
            if p.name not in slots
        ]
        fields = {slot: _fields(group) for slot, group in slots.items()}
        added = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
            for group_fields in fields.values()
            for name, annotation, default in group_fields
        ]
        names = [p.name for p in (*kept, *added)]
        clash = sorted({name for name in names if names.count(name) > 1})
        if clash:
            raise TypeError(f"{command.__name__}: option names used twice: {', '.join(clash)}")

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            built = {
                slot: group(**{name: kwargs.pop(name) for name, _, _ in fields[slot]}) for slot, group in slots.items()
            }
            return command(*args, **kwargs, **built)

        parameters = [*kept, *added]
        # Positional-or-keyword parameters may not follow keyword-only ones: keep Python's order rules.
        parameters.sort(key=lambda p: p.kind == inspect.Parameter.KEYWORD_ONLY)
        run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in parameters}
        if signature.return_annotation is not inspect.Signature.empty:
            run.__annotations__["return"] = hints.get("return", signature.return_annotation)
        return run  # type: ignore[return-value]

    return decorate


def _fields(group: type) -> list[tuple[str, Any, Any]]:
    """(name, Annotated type, default) of each field of an option-group dataclass."""
    hints = typing.get_type_hints(group, include_extras=True)
    return [(f.name, hints[f.name], f.default) for f in dataclasses.fields(group)]
