"""The article text cut into flat segments at every evidence boundary, for highlighting without raw HTML.

Each segment carries its start offset (the browser maps a selection back to article offsets from it) and
the evidence labels covering it; the template escapes each segment's text, so article HTML stays text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Segment", "segments"]


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str
    labels: tuple[str, ...]  # "m0:locality", ... (incident key, field)


def segments(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Segment]:
    """Non-overlapping segments covering ``text`` exactly, each with the labels of the spans over it."""
    spans = [(max(0, s), min(len(text), e), label) for s, e, label in spans if s < e and s < len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    starts: dict[int, list[str]] = {}
    ends: dict[int, list[str]] = {}
    for s, e, label in spans:
        starts.setdefault(s, []).append(label)
        ends.setdefault(e, []).append(label)
    active: dict[str, int] = {}
    result = []
    for left, right in zip(cuts, cuts[1:]):
        for label in ends.get(left, ()):
            active[label] -= 1
        for label in starts.get(left, ()):
            active[label] = active.get(label, 0) + 1
        labels = tuple(sorted(label for label, n in active.items() if n > 0))
        result.append(Segment(left, right, text[left:right], labels))
    return result
