"""incident-extractor: typed, grounded, normalized incident records from news articles.

Public API: ``extract``, ``aextract``, ``extract_many``, ``Extractor``, ``Config``, ``load_config``, the record
types and the error tree. Everything else is internal and may change.
"""

from .api import Extractor, aextract, extract
from .article import Article
from .batch import extract_many
from .config import Config, load_config
from .errors import (
    ConfigurationError,
    ExtractionFailed,
    ExtractorError,
    InputError,
    OutputTruncatedError,
    ProviderError,
    RateLimitError,
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
    "Usage",
    "aextract",
    "extract",
    "extract_many",
    "load_config",
]
