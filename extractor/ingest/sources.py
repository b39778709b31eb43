"""A file to a Document with its reference date from the first source that has one, in this order: the page's
metadata, the .txt's front matter, the manifest, then the caller's default (``--published``); source and URL
the same way. A Document with none says so (``published_from="none"``)."""

from __future__ import annotations

from pathlib import Path

from ..article import parse_published
from ..errors import InputError
from .document import Document
from .formats import read_document
from .manifest import Manifest


def read_path(
    path: str | Path,
    *,
    manifest: Manifest | None = None,
    published: str | None = None,
    source: str | None = None,
    data: bytes | None = None,
    name: str | None = None,
) -> Document:
    """Read ``path`` (or ``data`` already read from it; ``-`` is stdin) and fill its date, source and URL in order.

    An unreadable file is an InputError naming it and the reason."""
    name = name or str(path)
    if data is None:
        data = read_bytes(path, name)
    document = read_document(data, name)
    entry = manifest.lookup(path) if manifest is not None and str(path) != "-" else None
    if entry is not None:
        document = document.with_defaults(
            published=entry.published, source=entry.source, url=entry.url, published_from="manifest"
        )
    return with_default_date(document, published=published, source=source)


def with_default_date(document: Document, *, published: str | None, source: str | None = None) -> Document:
    """The caller's defaults (``--published``, ``--source``) for what the document has no value of."""
    if published:
        published = parse_published(published, "--published").isoformat()  # type: ignore[union-attr]
    return document.with_defaults(published=published, source=source, url=None, published_from="option")


def read_bytes(path: str | Path, name: str) -> bytes:
    """A file's bytes; a missing file, a directory or a read error is an InputError naming it."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not an article file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
