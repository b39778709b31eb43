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
    """The article itself cannot be processed (empty, binary, not UTF-8, bad publication date)."""


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
