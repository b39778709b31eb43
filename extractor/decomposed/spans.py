"""Small helpers the option heuristics share: the sentences a mention's questions read and the spans in them.

Kept apart so that ``questions``, ``actors`` and ``locations`` use one definition without importing each other.
"""

from __future__ import annotations

from .mentions import Mention, Sentence

__all__ = ["dedupe", "mention_window", "spans_in"]


def spans_in(sentences: list[Sentence], finder) -> list[tuple[Sentence, int, int, str]]:
    """(sentence, start, end, surface) for each span ``finder`` returns in a sentence, in article offsets."""
    out = []
    for s in sentences:
        out += [(s, s.start + a, s.start + b, surface) for a, b, surface in finder(s.text)]
    return out


def dedupe(values: list[str]) -> list[str]:
    """The stripped, non-empty values in first-seen order, each once."""
    return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def mention_window(mention: Mention) -> list[Sentence]:
    """The sentences a mention's questions read: its headline, if any, then its own sentences."""
    return ([mention.headline] if mention.headline else []) + mention.sentences
