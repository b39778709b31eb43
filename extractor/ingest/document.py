"""One input read: the text extraction runs on (evidence offsets index it) and what the source says about it."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

#: Where a record's reference (publication) date came from, in the order they are tried.
PublishedFrom = Literal["metadata", "front_matter", "manifest", "record", "option", "none"]
#: What the input was: plain text, an HTML page, a PDF, or a row of a JSONL/CSV/parquet file.
InputFormat = Literal["text", "html", "pdf", "record"]


@dataclass(frozen=True)
class Document:
    """The extracted text and the source's own metadata.

    ``text`` is what is stored with the record and what every evidence offset refers to: the main text of a page,
    a PDF's pages joined by blank lines, a .txt without its front matter. ``page_starts`` (PDF only) holds the
    offset in ``text`` where each page begins, so an offset maps back to its page (``page_at``).
    """

    name: str  # how messages name the input: a path, "stdin", "articles.jsonl line 7"
    text: str
    format: InputFormat = "text"
    published: str | None = None
    published_from: PublishedFrom = "none"
    source: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    page_starts: tuple[int, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding character ``offset`` of ``text``; None for inputs without pages."""
        return page_of(self.page_starts, offset)

    def with_defaults(
        self, *, published: str | None, source: str | None, url: str | None, published_from: PublishedFrom
    ) -> Document:
        """Fill what the document itself does not say from a later source (manifest, option); never overwrite."""
        changes: dict[str, Any] = {}
        if self.published is None and published:
            changes.update(published=published, published_from=published_from)
        if self.source is None and source:
            changes["source"] = source
        if self.url is None and url:
            changes["url"] = url
        return replace(self, **changes) if changes else self

    def metadata(self) -> dict[str, Any]:
        """What a job store keeps beside the text: the format, title, author and page table, when known."""
        found: dict[str, Any] = {"format": self.format}
        for key in ("title", "author"):
            if getattr(self, key):
                found[key] = getattr(self, key)
        if self.page_starts:
            found["page_starts"] = list(self.page_starts)
        return found


def page_of(page_starts: Sequence[int], offset: int) -> int | None:
    """The 1-based page whose text holds ``offset``, given where each page starts; None without a page table."""
    if not page_starts:
        return None
    return max(bisect.bisect_right(page_starts, offset), 1)
