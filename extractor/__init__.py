"""incident-extractor: typed, grounded, normalized incident records from news articles.

Public API: ``extract``, ``aextract``, ``extract_many``, ``Extractor``, ``Config``, ``load_config``, the record
types and the error tree. Everything else is internal and may change.

The names that drive a model (``Extractor``, ``extract``, ``aextract``, ``extract_many``) are imported on first
use, so importing the package, its records or its scorers loads no provider SDK (openai, instructor).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .article import Article
from .config import Config, load_config
from .errors import (
    ConfigurationError,
    ExtractionFailed,
    ExtractorError,
    InputError,
    OutputTruncatedError,
    ProviderError,
    RateLimitError,
    UnsupportedLanguage,
)
from .schemas import SCHEMA_VERSION, ArticleExtraction, Evidence, Incident, Provenance, Usage

__all__ = [
    "Article",
    "ArticleExtraction",
    "Config",
    "ConfigurationError",
    "Evidence",
    "ExtractionFailed",
    "Extractor",
    "ExtractorError",
    "Incident",
    "InputError",
    "OutputTruncatedError",
    "Provenance",
    "ProviderError",
    "RateLimitError",
    "SCHEMA_VERSION",
    "UnsupportedLanguage",
    "Usage",
    "aextract",
    "extract",
    "extract_many",
    "load_config",
]

#: Public name -> the module that defines it, imported on first access (PEP 562).
_LAZY = {"Extractor": "api", "aextract": "api", "extract": "api", "extract_many": "batch"}

if TYPE_CHECKING:
    from .api import Extractor, aextract, extract
    from .batch import extract_many


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
