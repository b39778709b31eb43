"""Bytes to a Document: the format is read from the content (``%PDF`` magic, HTML markup), the suffix only breaks
ties; then plain text (with its front matter), an HTML page's main text and metadata (trafilatura), or a PDF's
text page by page (extractor.ingest.pdf). trafilatura and pypdf are imported when a page or a PDF is read.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath

from ..article import decode_article, parse_published
from ..errors import InputError
from .document import Document, InputFormat
from .front_matter import split_front_matter
from .pdf import read_pdf

#: File suffixes a folder of articles is read for; anything else in the folder (a manifest, notes) is skipped.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".pdf")
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>])", re.IGNORECASE | re.DOTALL
)
_HTML_TAG = re.compile(rb"<(p|div|body|article|title|br|h1|h2|meta)[\s/>]", re.IGNORECASE)


def sniff_format(data: bytes, name: str = "") -> InputFormat:
    """``pdf`` for the PDF magic number, ``html`` for a page's opening markup, else ``text``.

    A fragment that opens with markup (``<p>``, ``<h1>``: stdin, a .txt) is HTML; a file named .html/.htm with
    tags anywhere in its head is HTML; a .txt holding a whole page is HTML too. The content decides; the suffix
    only settles a fragment whose first tag comes after some text."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if _HTML_START.match(head):
        return "html"
    if _HTML_TAG.match(head.lstrip()):  # a fragment opening with markup: no article starts with "<p>"
        return "html"
    if PurePath(name).suffix.lower() in (".html", ".htm") and _HTML_TAG.search(head):
        return "html"
    return "text"


def read_document(data: bytes, name: str) -> Document:
    """The Document of a file's bytes; an unreadable input is an InputError naming ``name`` and the reason."""
    kind = sniff_format(data, name)
    if kind == "pdf":
        document = read_pdf(data, name)
    elif kind == "html":
        document = read_html(data, name)
    else:
        document = read_text(decode_article(data, name), name)
    if not document.text.strip():
        empty = {"pdf": "the PDF has no text layer (a scanned image?)", "html": "the page has no main text"}
        raise InputError(f"{name}: {empty.get(document.format, 'the file is empty')}")
    return document


def read_text(text: str, name: str) -> Document:
    """Plain text; a front matter block (published/source/url) becomes metadata and is cut off."""
    fields, body = split_front_matter(text, name)
    published = fields.get("published")
    return Document(
        name=name,
        text=body,
        format="text",
        published=published,
        published_from="front_matter" if published else "none",
        source=fields.get("source"),
        url=fields.get("url"),
    )


def read_html(data: bytes, name: str) -> Document:
    """The page's main text (boilerplate, navigation and markup removed) with its title as the first paragraph,
    and the title, publication date, author, site name and canonical URL from the page's own metadata."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(
            data,
            as_dict=False,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            date_extraction_params={
                "extensive_search": False,
                "original_date": True,
                "max_date": dt.date.today().isoformat(),
            },
        )
    except Exception as exc:  # a parser failure on one page must name the page, not end a batch
        raise InputError(f"{name}: cannot read the HTML page ({type(exc).__name__}: {exc})") from None
    if found is None or isinstance(found, dict) or not (found.text or "").strip():
        raise InputError(f"{name}: the page has no main text")
    paragraphs = [line.strip() for line in (found.text or "").splitlines() if line.strip()]
    title = (found.title or "").strip() or None
    if title and (not paragraphs or paragraphs[0] != title):
        paragraphs.insert(0, title)
    published = _metadata_date(found.date)
    return Document(
        name=name,
        text="\n\n".join(paragraphs),
        format="html",
        published=published,
        published_from="metadata" if published else "none",
        source=found.sitename or None,
        url=found.url or None,
        title=title,
        author=found.author or None,
    )


def _metadata_date(value: str | None) -> str | None:
    """The page's date as YYYY-MM-DD, or None when the metadata holds no usable date."""
    if not value:
        return None
    try:
        return parse_published(value).isoformat()  # type: ignore[union-attr]
    except InputError:
        return None
