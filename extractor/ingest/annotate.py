"""What ingest knows, written into a result: where the reference date came from, the language, the format, the
URL, and for a PDF the page of every evidence span (from the document's page-offset table)."""

from __future__ import annotations

from collections.abc import Sequence

from ..schemas import ArticleExtraction, Evidence
from .document import page_of
from .language import detect_language


def annotate(
    result: ArticleExtraction,
    text: str,
    *,
    published_from: str | None,
    input_format: str | None = None,
    url: str | None = None,
    page_starts: Sequence[int] = (),
) -> ArticleExtraction:
    """A copy of ``result`` whose provenance says where its date came from, the text's language and the input's
    format, with the source URL and, when ``page_starts`` is given, each evidence span's page."""
    provenance = result.provenance.model_copy(
        update={"published_from": published_from, "language": detect_language(text), "input_format": input_format}
    )
    update: dict[str, object] = {"provenance": provenance}
    if url:
        update["url"] = url
    if page_starts:
        update["incidents"] = [
            incident.model_copy(
                update={"evidence": {name: _paged(span, page_starts) for name, span in incident.evidence.items()}}
            )
            for incident in result.incidents
        ]
    return result.model_copy(update=update)


def _paged(span: Evidence, page_starts: Sequence[int]) -> Evidence:
    return span.model_copy(update={"page": page_of(page_starts, span.start)})
