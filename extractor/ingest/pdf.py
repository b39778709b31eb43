"""A PDF's text, page by page (pypdf), with paragraphs rebuilt from the page's geometry.

pypdf gives one string per printed line. Lines are joined into a paragraph while they sit one line-height apart
in the same type size; a larger vertical gap or a change of size (a heading) starts a new paragraph, written
after a blank line as in a .txt article. The line-height is the page's own (a report set at 1.2, a web page
printed from a browser at 1.5): the commonest gap between lines of one size, in type sizes. A line that ends
short of the column (a forced line break) keeps its line end. Typographic ligatures (the "fi" of "five") become
plain letters, so numbers and names read as they were written. Pages are joined by a blank line; ``page_starts``
keeps where each page begins in the text, so an evidence offset maps back to its page.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from ..errors import InputError
from .document import Document

PAGE_SEPARATOR = "\n\n"
#: A gap between two lines wider than this many type sizes starts a new paragraph (lines are ~1.2 apart) ...
PARAGRAPH_GAP = 1.5
#: ... or wider than this many of the page's line-heights, when its lines sit further apart (1.5 apart: 1.8).
LINE_HEIGHT_GAP = 1.2
#: A line ends with a line break, not a wrap, when it and the next line's first word fill at most this share of
#: the page's longest line of that type size (in characters: a safe margin for proportional type).
SHORT_LINE = 0.8
#: A gap of more than this many type sizes is never a line-height: on a page of one-line paragraphs the
#: commonest gap is the paragraph gap, which must still break.
MAX_LINE_HEIGHT = 1.75
#: Two lines whose type sizes differ by more than this fraction are never one paragraph (a heading, a body).
SIZE_CHANGE = 0.15
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00ad": None,
    }
)


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
    return Document(
        name=name, text=PAGE_SEPARATOR.join(pages), format="pdf", title=title or None, page_starts=tuple(starts)
    )


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
    paragraphs: list[list[_Line]] = []
    previous: _Line | None = None
    gap = max(PARAGRAPH_GAP, LINE_HEIGHT_GAP * (_line_height(lines) or 0.0))
    for line in lines:
        if previous is None or _breaks(previous, line, gap):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
        previous = line
    longest: dict[float, int] = {}
    for line in lines:
        longest[round(line.size, 1)] = max(longest.get(round(line.size, 1), 0), len(line.text))
    return [_join(parts, longest) for parts in paragraphs]


def _line_height(lines: list[_Line]) -> float | None:
    """The page's commonest gap between consecutive lines of one type size, in type sizes (to 0.05), at most
    MAX_LINE_HEIGHT; the smallest of equally common gaps. None on a page without two such lines."""
    gaps: Counter[float] = Counter()
    for above, below in pairwise(lines):
        if above.y is None or below.y is None or not above.size or not below.size or _resized(above, below):
            continue
        ratio = round(abs(below.y - above.y) / max(above.size, below.size) * 20) / 20
        if 0 < ratio <= MAX_LINE_HEIGHT:
            gaps[ratio] += 1
    return min(gaps, key=lambda ratio: (-gaps[ratio], ratio)) if gaps else None


def _resized(above: _Line, below: _Line) -> bool:
    return abs(above.size - below.size) > SIZE_CHANGE * max(above.size, below.size)


def _breaks(above: _Line, below: _Line, gap: float = PARAGRAPH_GAP) -> bool:
    """Whether ``below`` starts a new paragraph: no position known, a change of type size, or a vertical gap of
    more than ``gap`` type sizes."""
    if above.y is None or below.y is None or not above.size or not below.size:
        return True
    if _resized(above, below):
        return True
    return abs(below.y - above.y) > gap * max(above.size, below.size) + 1e-6


def _join(lines: list[_Line], longest: dict[float, int]) -> str:
    """Lines of one paragraph as one line; a line ending in a hyphen after a letter or digit runs on without a
    space ("north-east", "al-Suwaihri", "2019-2020"), as a browser breaks a line after a word's hyphen. A line
    that ended although the next word had room on it (a line break: "Share this: ...", an address) keeps its
    line end, as a .txt article has it."""
    out = lines[0].text
    for above, line in pairwise(lines):
        part = line.text
        room = longest.get(round(above.size, 1), 0) * SHORT_LINE
        if out.endswith("-") and out[-2:-1].isalnum() and part[:1].isalnum():
            out += part
        elif len(above.text) + 1 + len(part.split(" ", 1)[0]) <= room:
            out += "\n" + part
        else:
            out += " " + part
    return re.sub(r" {2,}", " ", out)
