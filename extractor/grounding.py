"""Align a quote from the model to character offsets in the article text.

Three tries, in order, and the one that worked is recorded: ``exact`` (the quote occurs as is),
``normalized`` (equal after folding case, curly quotes, dashes, runs of white space, Unicode
normalization form and the Arabic tatweel), ``fuzzy`` (rapidfuzz partial alignment scoring at least
FUZZY_THRESHOLD out of 100 on the normalized forms). Any script works: a quote written in NFC matches a
text in NFD and back (both are folded to NFD, combining marks in canonical order). Offsets index the exact
string the caller passed in code points (Python str indices), and the recorded quote is always
``text[start:end]``. A quote that aligns nowhere is reported as None: the caller
decides, by policy, whether that value is dropped, flagged or re-asked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz

from .schemas import Evidence
from .schemas.vocab import Alignment

#: Minimum rapidfuzz partial-alignment score (0-100) for a fuzzy match; below it the quote is ungrounded.
FUZZY_THRESHOLD = 90.0
#: Quotes shorter than this are only matched exactly or normalized: fuzzy matching tiny strings is noise.
FUZZY_MIN_LENGTH = 8

_FOLD = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "}
)
_SPACE = re.compile(r"\s+")
#: Dropped when folding: the Arabic tatweel only stretches a word (U+0640).
_DROPPED = "\u0640"


@dataclass(frozen=True)
class FoldedText:
    """A case- and space-folded copy of a text with a map from each folded character to its source index."""

    folded: str
    source_index: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> FoldedText:
        chars: list[str] = []
        index: list[int] = []
        previous_space = False
        for i, ch in enumerate(text):
            if ch.isspace():
                if previous_space or not chars:
                    continue
                chars.append(" ")
                index.append(i)
                previous_space = True
                continue
            previous_space = False
            # casefold may lengthen ("ß" -> "ss"); NFD splits "é" into "e" and its accent, both mapped to i
            for folded_char in unicodedata.normalize("NFD", ch.translate(_FOLD).casefold()):
                if folded_char not in _DROPPED:
                    chars.append(folded_char)
                    index.append(i)
        _canonical_order(chars, index)
        return cls("".join(chars), tuple(index))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span covering folded characters start..end (end exclusive)."""
        return self.source_index[start], self.source_index[end - 1] + 1


def _canonical_order(chars: list[str], index: list[int]) -> None:
    """Sort each run of combining marks by combining class, as NFD of the whole string does (Arabic shadda
    and fatha typed in either order are the same text); source indexes move with their marks."""
    n = len(chars)
    i = 0
    while i < n:
        if not unicodedata.combining(chars[i]):
            i += 1
            continue
        j = i
        while j < n and unicodedata.combining(chars[j]):
            j += 1
        if j - i > 1:
            run = sorted(zip(chars[i:j], index[i:j]), key=lambda pair: unicodedata.combining(pair[0]))
            chars[i:j] = [c for c, _ in run]
            index[i:j] = [k for _, k in run]
        i = j


def fold(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.translate(_FOLD).casefold())
    return _SPACE.sub(" ", folded.translate({ord(c): None for c in _DROPPED})).strip()


class Aligner:
    """Aligns many quotes against one article; folds the article once."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _folded(self) -> FoldedText:
        # Built only when a quote is not found verbatim: most are, and folding costs a pass over the text.
        return FoldedText.of(self.text)

    def align(self, quote: str | None) -> Evidence | None:
        if quote is None or not quote.strip():
            return None
        quote = quote.strip()
        start = self.text.find(quote)
        if start >= 0:
            return Evidence(quote=quote, start=start, end=start + len(quote), alignment="exact")
        needle = fold(quote)
        if not needle:
            return None
        position = self._folded.folded.find(needle)
        if position >= 0:
            return self._evidence(position, position + len(needle), "normalized")
        if len(needle) < FUZZY_MIN_LENGTH:
            return None
        found = fuzz.partial_ratio_alignment(needle, self._folded.folded, score_cutoff=FUZZY_THRESHOLD)
        if found is None or found.dest_end <= found.dest_start:
            return None
        return self._evidence(found.dest_start, found.dest_end, "fuzzy")

    def _evidence(self, start: int, end: int, alignment: Alignment) -> Evidence:
        source_start, source_end = self._folded.source_span(start, end)
        if alignment == "fuzzy":  # a fuzzy window may cut words; widen it to whole words
            while source_start > 0 and self.text[source_start - 1].isalnum():
                source_start -= 1
            while source_end < len(self.text) and self.text[source_end].isalnum():
                source_end += 1
        return Evidence(
            quote=self.text[source_start:source_end], start=source_start, end=source_end, alignment=alignment
        )


def align(quote: str | None, text: str) -> Evidence | None:
    """Align one quote; use Aligner for several quotes against the same text."""
    return Aligner(text).align(quote)
