"""Long texts in parts: overlapping passages on paragraph boundaries, offsets mapped back, shared incidents merged.

A model reads only what its context holds, so the one-call path splits a text longer than ``passage_chars`` into
passages of whole paragraphs (a paragraph longer than a passage is cut at sentence ends, then at spaces). Each
passage repeats the last paragraphs of the one before (about ``overlap`` of its size), so an incident told across
a paragraph break is read whole at least once. Every passage is extracted alone; ``shift`` moves its evidence to
offsets in the whole text. An incident told in the overlap is then found twice: ``merge_passages`` merges the
incidents that passages share with the events module's blocking and matching (one passage's incidents stay
distinct, as one article's do), and also the readings of the very same words (the same span typed alike), which
the matcher cannot place when the text gives no date or country.

Sizes are in characters: a token is taken as about ``CHARS_PER_TOKEN`` characters, as providers reckon.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .config import Config
from .events import MERGE_THRESHOLD, gazetteer_lookup
from .events.blocking import candidate_pairs
from .events.clustering import cluster
from .events.matching import make_key, pair_score
from .schemas import Evidence, Incident

__all__ = [
    "CHARS_PER_TOKEN",
    "DEFAULT_OVERLAP",
    "PROMPT_TOKENS",
    "Passage",
    "merge_passages",
    "passage_chars",
    "shift",
    "split_passages",
]

#: About this many characters make a token (English prose; the figure providers quote for estimates).
CHARS_PER_TOKEN = 4
#: The instructions, worked examples and the answer's JSON Schema sent with every passage: about 3,900
#: characters of messages and 3,200 of schema (measured on the packaged prompts), rounded up.
PROMPT_TOKENS = 2048
#: The share of a passage that the next one repeats (at least one paragraph when the passage has two).
DEFAULT_OVERLAP = 0.1
#: Never split into passages smaller than this many tokens, whatever the context left after the prompt.
MIN_PASSAGE_TOKENS = 256

_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*\Z)", re.DOTALL)
_SENTENCE = re.compile(r"\S.*?(?:[.!?]['\"\u2019\u201d)]*(?=\s)|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Passage:
    """One part of a text: ``text == whole[start:end]``; ``index`` counts from 0."""

    index: int
    start: int
    end: int
    text: str


def passage_chars(config: Config) -> int:
    """The longest text, in characters, read in one request.

    ``config.max_passage_tokens`` when set; else what the model's context (``config.n_ctx`` tokens) holds after
    the prompt (``PROMPT_TOKENS``) and the answer (``config.max_tokens``), at ``CHARS_PER_TOKEN`` a token."""
    tokens = config.max_passage_tokens
    if tokens is None:
        tokens = max(config.n_ctx - PROMPT_TOKENS - config.max_tokens, MIN_PASSAGE_TOKENS)
    return tokens * CHARS_PER_TOKEN


def split_passages(text: str, max_chars: int, overlap: float = DEFAULT_OVERLAP) -> list[Passage]:
    """``text`` as passages of at most ``max_chars`` characters, cut between paragraphs, each overlapping the
    one before by whole paragraphs (about ``overlap`` of ``max_chars``, at least one paragraph). A text that
    fits is one passage, the whole of it."""
    if max_chars <= 0:
        raise ValueError(f"max_chars must be positive; got {max_chars}")
    if len(text) <= max_chars:
        return [Passage(0, 0, len(text), text)]
    units = _units(text, max_chars)
    target = max(1, math.floor(max_chars * overlap)) if overlap > 0 else 0
    passages: list[Passage] = []
    first = 0
    while first < len(units):
        last = first
        while last + 1 < len(units) and units[last + 1][1] - units[first][0] <= max_chars:
            last += 1
        start, end = units[first][0], units[last][1]
        passages.append(Passage(len(passages), start, end, text[start:end]))
        if last == len(units) - 1:
            break
        first = _next_first(units, first, last, max_chars, target)
    return passages


def _next_first(units: list[tuple[int, int]], first: int, last: int, max_chars: int, target: int) -> int:
    """Where the next passage starts: the latest unit that still repeats ``target`` characters, among those
    that leave room for the next new unit (so every passage reads something new)."""
    following_end = units[last + 1][1]
    fitting = [k for k in range(first + 1, last + 2) if following_end - units[k][0] <= max_chars]
    enough = [k for k in fitting if k <= last and units[last][1] - units[k][0] >= target]
    if target == 0:
        return last + 1
    return max(enough) if enough else min(fitting)


def _units(text: str, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) of each paragraph; a paragraph longer than ``max_chars`` as sentences, a longer sentence
    cut at the last space that fits (or at ``max_chars`` in a text without spaces)."""
    units: list[tuple[int, int]] = []
    for paragraph in _PARAGRAPH.finditer(text):
        if paragraph.end() - paragraph.start() <= max_chars:
            units.append(paragraph.span())
            continue
        for sentence in _SENTENCE.finditer(text, paragraph.start(), paragraph.end()):
            start, end = sentence.span()
            while end - start > max_chars:
                cut = text.rfind(" ", start + 1, start + max_chars + 1)
                cut = cut if cut > start else start + max_chars
                units.append((start, cut))
                start = cut + 1 if text[cut : cut + 1] == " " else cut
                while start < end and text[start].isspace():
                    start += 1
            if end > start:
                units.append((start, end))
    return units


def shift(incident: Incident, passage: Passage) -> Incident:
    """The incident with every evidence span moved from ``passage``'s offsets to the whole text's."""
    if passage.start == 0:
        return incident
    moved = {
        name: span.model_copy(update={"start": span.start + passage.start, "end": span.end + passage.start})
        for name, span in incident.evidence.items()
    }
    return incident.model_copy(update={"evidence": moved})


def merge_passages(
    found: Sequence[tuple[Passage, Sequence[Incident]]], *, published=None, threshold: float = MERGE_THRESHOLD
) -> list[Incident]:
    """One list of incidents from every passage's (evidence already ``shift``-ed to the whole text), in the
    order they are first told, with each incident that passages share kept once.

    Two readings are one incident when they type the same words of the text alike, or when the events matcher
    pairs them (blocking, ``pair_score`` at least ``threshold``, complete linkage; readings from one passage
    are never merged). A merged incident is the reading that fills the most fields, completed from the
    others with their evidence; its notes say which passages read it and any value they disagreed on."""
    rows = [(passage.index, n, incident) for passage, incidents in found for n, incident in enumerate(incidents)]
    if len(rows) < 2:
        return [incident for _, _, incident in rows]
    geo = gazetteer_lookup()
    keys = [make_key(n, f"passage {p}", i, incident, published, geo) for n, (p, i, incident) in enumerate(rows)]
    edges = [(score, i, j) for i, j in candidate_pairs(keys) if (score := pair_score(keys[i], keys[j])) is not None]
    edges += [(math.inf, i, j) for i, j in _same_words(rows)]
    groups = cluster(keys, edges, threshold)
    groups.sort(key=lambda group: min(group))
    return [_merged([rows[n] for n in group]) for group in groups]


def _same_words(rows: list[tuple[int, int, Incident]]) -> list[tuple[int, int]]:
    """Pairs of readings from different passages that type the same span of the text alike."""
    seen: dict[tuple[str, str, int, int], list[int]] = {}
    for n, (_, _, incident) in enumerate(rows):
        span = incident.evidence.get("event_type")
        if span is not None:
            seen.setdefault((incident.event_type, incident.sub_event_type, span.start, span.end), []).append(n)
    return [
        (i, j)
        for group in seen.values()
        for a, i in enumerate(group)
        for j in group[a + 1 :]
        if rows[i][0] != rows[j][0]
    ]


_FILLED = (
    "date",
    "country",
    "admin1",
    "locality",
    "site",
    "perpetrator",
    "claimed_by",
    "attributed_to",
    "target",
    "weapon",
    "killed",
    "injured",
)
#: Evidence keys that go with each field filled from another reading.
_EVIDENCE_OF = {
    "date": ("date", "date_text", "date_precision"),
    "country": ("country",),
    "admin1": ("admin1",),
    "locality": ("locality", "latitude", "longitude", "geonameid", "geo_precision"),
}
_WITH = {"date": ("date_text", "date_precision"), "locality": ("latitude", "longitude", "geonameid", "geo_precision")}


def _merged(readings: list[tuple[int, int, Incident]]) -> Incident:
    if len(readings) == 1:
        return readings[0][2]
    ranked = sorted(readings, key=lambda r: (-sum(getattr(r[2], f) is not None for f in _FILLED), r[0], r[1]))
    best = ranked[0][2]
    values: dict[str, object] = {}
    evidence: dict[str, Evidence] = dict(best.evidence)
    notes = list(best.notes)
    for field in _FILLED:
        given = [(p, getattr(inc, field)) for p, _, inc in ranked if getattr(inc, field) is not None]
        others = sorted({str(v) for _, v in given} - {str(getattr(best, field))})
        if getattr(best, field) is None and given:
            donor = next(inc for _, _, inc in ranked if getattr(inc, field) is not None)
            values[field] = getattr(donor, field)
            for extra in _WITH.get(field, ()):
                values[extra] = getattr(donor, extra)
            for name in _EVIDENCE_OF.get(field, (field,)):
                if name in donor.evidence:
                    evidence[name] = donor.evidence[name]
        elif getattr(best, field) is not None and others:
            notes.append(f"{field}: passages disagree: also {', '.join(others)}; kept {getattr(best, field)}")
    passages = sorted({p + 1 for p, _, _ in readings})
    notes.append(f"read in passages {', '.join(map(str, passages))} of the text; merged into one incident")
    values.update(evidence=evidence, notes=notes, primary=any(inc.primary for _, _, inc in readings))
    return best.model_copy(update=values)
