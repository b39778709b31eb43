"""Formats in, one text out, plus metadata and language.

A file (.txt with front matter, .html, .pdf) becomes a :class:`Document`: the text extraction reads and stores
(every evidence offset refers to it), the source's title, date, author, site and URL, and for a PDF where each
page starts. The reference date comes from the first source that has one: the page's metadata, the front
matter, a manifest, the caller's default; the record says which (``Provenance.published_from``).
``check_language`` is the embedded engine's language gate; ``annotate`` writes what ingest knows into a result.
Heavy readers (trafilatura, pypdf, lingua) are imported on first use.
"""

from __future__ import annotations

from .annotate import annotate
from .document import Document, InputFormat, PublishedFrom, page_of
from .formats import ARTICLE_SUFFIXES, read_document, read_html, read_text, sniff_format
from .front_matter import split_front_matter
from .language import check_language, detect_language, language_name
from .manifest import MANIFEST_NAMES, Manifest, ManifestEntry
from .pdf import read_pdf
from .sources import read_bytes, read_path, with_default_date

__all__ = [
    "ARTICLE_SUFFIXES",
    "MANIFEST_NAMES",
    "Document",
    "InputFormat",
    "Manifest",
    "ManifestEntry",
    "PublishedFrom",
    "annotate",
    "check_language",
    "detect_language",
    "language_name",
    "page_of",
    "read_bytes",
    "read_document",
    "read_html",
    "read_path",
    "read_pdf",
    "read_text",
    "sniff_format",
    "split_front_matter",
    "with_default_date",
]
