"""Options shared by the commands that call a model, and the one place they become a Config."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..config import Config, load_config

Backend = Annotated[Optional[str], typer.Option("--backend", help="local, openai or rules (no model) [env: EXTRACTOR_BACKEND]")]
Model = Annotated[Optional[str], typer.Option("--model", help="model name (openai) [env: EXTRACTOR_MODEL]")]
BaseUrl = Annotated[
    Optional[str], typer.Option("--base-url", help="OpenAI-compatible server URL [env: OPENAI_BASE_URL]")
]
LocalModel = Annotated[
    Optional[str], typer.Option("--local-model", help="GGUF file for the local backend [env: EXTRACTOR_LOCAL_MODEL]")
]
StructuredOutput = Annotated[
    Optional[str],
    typer.Option(
        "--structured-output",
        help="json_schema | json_object_schema (llama-cpp-python server) | tools | json_object",
    ),
]
Candidates = Annotated[
    Optional[bool],
    typer.Option("--candidates/--no-candidates", help="constrain fields to spans found in the text [default: on for local]"),
]

StrategyOption = Annotated[
    Optional[str],
    typer.Option(
        "--strategy",
        help="one_call (one JSON answer) or decomposed (small questions; local and rules) "
        "[default: decomposed for local and rules] [env: EXTRACTOR_STRATEGY]",
    ),
]


def build_config(
    backend: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    local_model: str | None = None,
    structured_output: str | None = None,
    candidates: bool | None = None,
    strategy: str | None = None,
) -> Config:
    return load_config(
        backend=backend,
        model=model,
        base_url=base_url,
        local_model=local_model,
        structured_output=structured_output,
        candidate_mode=candidates,
        strategy=strategy,
    )
