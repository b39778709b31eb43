"""A PDF's text, page by page (pypdf), with paragraphs rebuilt from the page's geometry.

pypdf gives one string per printed line. Lines are joined into a paragraph while they sit one line-height apart
in the same type size; a larger vertical gap or a change of size (a heading) starts a new paragraph, written
after a blank line as in a .txt article. Typographic ligatures (the "fi" of "five") become plain letters, so
numbers and names read as they were written. Pages are joined by a blank line; ``page_starts`` keeps where each
page begins in the text, so an evidence offset maps back to its page.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ..errors import InputError
from .document import Document

PAGE_SEPARATOR = "\n\n"
#: A gap between two lines wider than this many type sizes starts a new paragraph (lines are ~1.2 apart).
PARAGRAPH_GAP = 1.5
#: Two lines whose type sizes differ by more than this fraction are never one paragraph (a heading, a body).
SIZE_CHANGE = 0.15
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st", "\u00ad": None})


@dataclass
class _Line:
    text: str
    y: float | None
    size: float


def read_pdf(data: bytes, name: str) -> Document:
    """The Document of a PDF's bytes; a broken, encrypted or unreadable PDF is an InputError naming ``name``."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(f"{name}: the PDF is encrypted; give a copy without a password")
        pages = [page_text(page) for page in reader.pages]
        info = reader.metadata
        title = str(info.title).strip() if info is not None and info.title else None
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise InputError(f"{name}: cannot read the PDF ({type(exc).__name__}: {exc})") from None
    starts: list[int] = []
    offset = 0
    for text in pages:
        starts.append(offset)
        offset += len(text) + len(PAGE_SEPARATOR)
    return Document(name=name, text=PAGE_SEPARATOR.join(pages), format="pdf", title=title or None,
                    page_starts=tuple(starts))


def page_text(page: object) -> str:
    """One page's paragraphs, separated by blank lines."""
    lines: list[_Line] = []
    current: list[str] = []
    where: list[tuple[float | None, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        parts = text.split("\n")
        for n, part in enumerate(parts):
            if n:
                _close(lines, current, where)
            if part:
                current.append(part)
                if part.strip():
                    scale = abs(cm[3]) or 1.0
                    where.append((tm[5] * cm[3] + cm[5], abs(size * tm[3]) * scale or size))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    _close(lines, current, where)
    return "\n\n".join(_paragraphs(lines))


def _close(lines: list[_Line], current: list[str], where: list[tuple[float | None, float]]) -> None:
    text = " ".join("".join(current).translate(_LIGATURES).split())
    if text:
        y, size = where[0] if where else (None, 0.0)
        lines.append(_Line(text, y, max((s for _, s in where), default=size)))
    current.clear()
    where.clear()


def _paragraphs(lines: list[_Line]) -> list[str]:
    paragraphs: list[list[str]] = []
    previous: _Line | None = None
    for line in lines:
        if previous is None or _breaks(previous, line):
            paragraphs.append([line.text])
        else:
            paragraphs[-1].append(line.text)
        previous = line
    return [_join(parts) for parts in paragraphs]


def _breaks(above: _Line, below: _Line) -> bool:
    if above.y is None or below.y is None or not above.size or not below.size:
        return True
    if abs(above.size - below.size) > SIZE_CHANGE * max(above.size, below.size):
        return True
    return abs(below.y - above.y) > PARAGRAPH_GAP * max(above.size, below.size)


def _join(parts: list[str]) -> str:
    """Lines of one paragraph as one line; a line ending in a hyphen runs on without a space ("north-east")."""
    out = parts[0]
    for part in parts[1:]:
        out += part if out.endswith("-") and part[:1].islower() else " " + part
    return re.sub(r" {2,}", " ", out)
