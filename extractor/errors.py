"""The error tree, split by who must act.

    ExtractorError                     root: catch this to catch everything the library raises
    ├── ConfigurationError             the user must fix settings (unknown backend, missing key or model file)
    ├── InputError                     the user must fix the article (empty, not text, bad date)
    │   └── UnsupportedLanguage        the chosen backend cannot read the article's language; another can
    ├── ProviderError                  the model service failed after transport retries (status, attempts)
    │   └── RateLimitError             still rate-limited after every retry
    └── ExtractionFailed               the model answered but no valid record came out of it
        └── OutputTruncatedError       the answer hit the token limit; raised at once, never re-asked

ProviderError and ExtractionFailed carry ``attempts``, ``last_output`` (the last raw model text, if any) and
``usage`` (tokens summed over every attempt), so a batch job can store what the failure cost.
Library code chains the underlying exception with ``raise ... from``.
"""

from __future__ import annotations

from typing import Any


class ExtractorError(Exception):
    """Root of every error the library raises."""

    def __init__(
        self,
        message: str,
        *,
        attempts: int = 0,
        last_output: str | None = None,
        usage: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.attempts = attempts
        self.last_output = last_output
        self.usage = usage

    @property
    def kind(self) -> str:
        """A short stable name for stores and reports, e.g. ``provider`` or ``output_truncated``."""
        return _KINDS.get(type(self), "error")


class ConfigurationError(ExtractorError):
    """Settings are wrong or incomplete; nothing was sent to a model."""


class InputError(ExtractorError):
    """The article itself cannot be processed (empty, binary, not UTF-8, bad publication date).

    ``input`` names what the user gave (a file, ``--published``, an article id) and ``problem`` says what is
    wrong with it, in the user's words; the message is ``"input: problem"``. A caller that names the input its
    own way (a batch says "articles.jsonl line 4") writes ``f"{where}: {error.problem}"``, so no name is
    printed twice and no internal name reaches the user.
    """

    def __init__(self, problem: str, *, input: str | None = None, **kwargs: Any) -> None:
        super().__init__(f"{input}: {problem}" if input else problem, **kwargs)
        self.input = input
        self.problem = problem


class UnsupportedLanguage(InputError):
    """The chosen backend has no cues for the article's language; ``backends`` names those that can read it."""

    def __init__(self, message: str, *, language: str, backends: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.language = language
        self.backends = backends


class ProviderError(ExtractorError):
    """The model service failed (HTTP error, timeout, dropped connection) after transport retries."""

    def __init__(self, message: str, *, status_code: int | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.status_code = status_code


class RateLimitError(ProviderError):
    """The service kept answering 429 after every retry."""


class ExtractionFailed(ExtractorError):
    """The model answered, but its output did not validate within the allowed re-asks."""


class OutputTruncatedError(ExtractionFailed):
    """The model's answer was cut by the token limit; re-asking would burn tokens the same way."""


_KINDS: dict[type, str] = {
    ExtractorError: "error",
    ConfigurationError: "configuration",
    InputError: "input",
    UnsupportedLanguage: "unsupported_language",
    ProviderError: "provider",
    RateLimitError: "rate_limit",
    ExtractionFailed: "extraction_failed",
    OutputTruncatedError: "output_truncated",
}


def message_at(error: ExtractorError, where: str) -> str:
    """``"where: problem"``: the error told about the input the caller names ``where`` (a file and line).

    An InputError's own name for the input (an article id, or an internal label) is dropped, so the input is
    named once and in the caller's words."""
    return f"{where}: {error.problem if isinstance(error, InputError) else error.message}"
