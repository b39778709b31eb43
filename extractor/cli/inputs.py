"""The commands' side of extractor.ingest: a path or stdin to a Document, a Document through the extractor, and
the readers' log lines kept off the terminal (each failure is already one error line or an error record)."""

from __future__ import annotations

import logging
import sys

from ..api import Extractor
from ..errors import InputError
from ..ingest import Document, Manifest, annotate, read_path
from ..schemas import ArticleExtraction

#: Loggers of the readers under extractor.ingest; a broken file is reported as an InputError instead.
READER_LOGGERS = ("trafilatura", "htmldate", "courlan", "pypdf")


def quiet_reader_logs() -> None:
    """The CLI owns its process, so it may silence the readers' own warnings ("EOF marker not found")."""
    for name in READER_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def read_input(path: str, manifest: Manifest | None, published: str | None, source: str | None) -> Document:
    """A file (.txt, .html, .pdf, by content) or stdin as a Document, its date, source and URL filled in order:
    the page's metadata, front matter, the manifest, then --published / --source. Unreadable: an InputError."""
    if path != "-":
        return read_path(path, manifest=manifest, published=published, source=source)
    try:
        data = sys.stdin.buffer.read()
    except OSError as exc:
        raise InputError(f"stdin: cannot read: {exc.strerror or exc}") from None
    return read_path(path, published=published, source=source, data=data, name="stdin")


def extract_document(extractor: Extractor, document: Document, article_id: str) -> ArticleExtraction:
    """One document through the extractor, with what ingest knows written into the result."""
    result = extractor.extract(
        document.text, published=document.published, source=document.source, article_id=article_id
    )
    return annotate(
        result,
        document.text,
        published_from=document.published_from,
        input_format=document.format,
        url=document.url,
        page_starts=document.page_starts,
    )
