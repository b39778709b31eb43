"""Candidate incident mentions: the sentences of an article that report an event, grouped with their follow-ups.

A small model answers small questions well and writes long JSON badly, so code first finds where incidents
are told. A mention starts at a sentence with an event cue (the sub-event cues of ``candidates``, plus a few
from the question data) and a date of its own, or at the first cued sentence of the body (the lede, which
the headline joins); the sentences after it that bring no new dated event are its continuation (the toll,
the claim, the blame usually follow the event sentence). The lede's mention is the article's primary one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..candidates import SUB_EVENT_CUE_PATTERNS
from ..normalize.dates import find_date_expressions, resolve_date
from ..normalize.places import find_places
from ..schemas import SUB_EVENT_TYPES

__all__ = ["Mention", "Sentence", "cued_types", "dateline_end", "find_mentions", "split_sentences"]

# A period after these does not end a sentence ("U.S. troops", "Dec. 27", "Gen. Haftar").
_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr gen lt col sgt capt maj st no vs approx"
    " est govt dept brig cpl pte rev".split()
)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[-*•])")
# "BAGHDAD (Wire) - ", "PORT SUDAN, Dec 19 (Wire) - ", "Peshawar, November 14, 2022: " open a story; their date is
# the filing date, not the event's.
_DATELINE = re.compile(r"^\s*[A-Z][^\n.]{0,70}?(?:\)\s*[-–—]+\s|\s[-–—]+\s|\d{4}:\s)")


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text == article[start:end]``; ``paragraph`` counts blank-line blocks from 0."""

    start: int
    end: int
    text: str
    paragraph: int


@dataclass
class Mention:
    """Where one incident (or several, to be told apart by the questions) is reported."""

    sentences: list[Sentence]
    primary: bool = False
    #: Sub-event types whose cues occur in the mention, most specific first (the cue table's order).
    cues: list[str] = field(default_factory=list)
    headline: Sentence | None = None
    #: The sentence before the event sentence in its paragraph (it often names the place).
    before: Sentence | None = None
    #: On the primary mention: the body's sentences that belong to no mention (a claim or a blame told paragraphs
    #: later, "The Sand Lions claimed the bombing in a statement on Tuesday"); only the claim and blame questions read them.
    asides: list[Sentence] = field(default_factory=list)

    @property
    def lead(self) -> Sentence:
        """The sentence that opened the mention: its event sentence."""
        return self.sentences[0]

    @property
    def start(self) -> int:
        return self.sentences[0].start

    @property
    def end(self) -> int:
        return self.sentences[-1].end

    def text(self, article: str) -> str:
        return article[self.start:self.end]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with character offsets; a line without final punctuation (a headline) is a sentence."""
    sentences: list[Sentence] = []
    paragraph_starts = [0] + [m.end() for m in _PARAGRAPH.finditer(text)]
    for n, start in enumerate(paragraph_starts):
        end = paragraph_starts[n + 1] if n + 1 < len(paragraph_starts) else len(text)
        for line_start, line_end in _lines(text, start, end):
            cut = line_start
            for m in _BOUNDARY.finditer(text, line_start, line_end):
                before = text[cut:m.start()].rstrip("\"'”’)")
                last_word = re.search(r"([A-Za-z]+)\.$", before)
                if last_word and (last_word.group(1).lower() in _ABBREVIATIONS or len(last_word.group(1)) == 1):
                    continue
                _add(sentences, text, cut, m.start(), n)
                cut = m.end()
            _add(sentences, text, cut, line_end, n)
    return sentences


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Single newlines inside a paragraph split it only after a line that lacks final punctuation."""
    spans, cut = [], start
    for m in re.finditer(r"\n", text[start:end]):
        pos = start + m.start()
        if not text[cut:pos].rstrip().endswith((".", "!", "?", ",", ";", ":")) or text[pos + 1:pos + 2] in "-*•":
            spans.append((cut, pos))
            cut = pos + 1
    spans.append((cut, end))
    return spans


def _add(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end], paragraph))


def cued_types(text: str, extra_cues: tuple[tuple[re.Pattern[str], str], ...] = ()) -> list[str]:
    """Sub-event types cued in ``text``: the extra (data) cues first, then the cue table's order.

    Date phrases are blanked first: "On 27 March" is not a march."""
    for start, end, _ in find_date_expressions(text):
        text = text[:start] + " " * (end - start) + text[end:]
    found: dict[str, None] = {}
    for pattern, sub in (*extra_cues, *SUB_EVENT_CUE_PATTERNS):
        if sub not in found and pattern.search(text):
            found[sub] = None
    return [sub for sub in found if sub in SUB_EVENT_TYPES]


def _title_line(sentence: Sentence) -> bool:
    return not sentence.text.rstrip().endswith((".", "!", "?", '"', "”", ":"))


def dateline_end(sentence: str) -> int:
    """Where the dateline of a story's first sentence ends (0 if it has none)."""
    m = _DATELINE.match(sentence)
    return m.end() if m else 0


def _dates(sentence: Sentence, published: dt.date | None) -> set[dt.date | str]:
    """The dates a sentence gives (outside a dateline); unresolvable phrases count by their words."""
    skip = dateline_end(sentence.text)
    out: set[dt.date | str] = set()
    for start, _, surface in find_date_expressions(sentence.text):
        if start >= skip and not surface.lower().startswith("since"):
            resolved = resolve_date(surface, published).date
            out.add(resolved if resolved is not None else surface.lower())
    return out


def find_mentions(
    text: str,
    *,
    published: dt.date | None = None,
    extra_cues: tuple[tuple[re.Pattern[str], str], ...] = (),
    not_events: re.Pattern[str] | None = None,
) -> list[Mention]:
    """The article's candidate incident mentions in text order; the first is the primary (lede) one.

    The title lines before the first full sentence are the preamble (letterhead, headline, dateline); the
    first of them with an event cue is the headline, which joins the lede's mention. A cued sentence with
    a date of its own (other than the current mention's) opens a new mention. ``not_events`` matches
    sentences that never open a mention (aggregate tallies, statements, calls); they may continue one.
    """
    sentences = split_sentences(text)
    preamble = 0
    while preamble < len(sentences) and _title_line(sentences[preamble]):
        preamble += 1
    titles = sentences[:preamble]
    headline = next((s for s in titles if cued_types(s.text, extra_cues)), None) or max(
        (s for s in titles if len(s.text.split()) >= 4), key=lambda s: len(s.text), default=None)
    mentions: list[Mention] = []
    asides: list[Sentence] = []
    current: Mention | None = None
    current_dates: set[dt.date | str] = set()
    current_places: set[str] = set()
    for n, sentence in enumerate(sentences[preamble:], start=preamble):
        if _title_line(sentence):  # a time stamp or a subheading in the body ends the mention
            current = None
            asides.append(sentence)
            continue
        cues = cued_types(sentence.text, extra_cues)
        dates = _dates(sentence, published)
        opens = bool(cues) and not (not_events and not_events.search(sentence.text))
        places = {surface for *_, surface in find_places(sentence.text)}
        new_place = bool(places - current_places)
        if opens and (current is None or (dates and (not dates & current_dates or new_place))):
            before = sentences[n - 1] if n > preamble and sentences[n - 1].paragraph == sentence.paragraph else None
            current = Mention([sentence], cues=list(cues), before=before)
            current_dates, current_places = set(dates), set(places)
            mentions.append(current)
        elif current is not None and (sentence.paragraph - current.sentences[-1].paragraph) <= 1:
            current.sentences.append(sentence)
            current.cues += [c for c in cues if c not in current.cues]
            current_dates |= dates
            current_places |= places
        else:
            current = None
            asides.append(sentence)
    if mentions:
        mentions[0].primary = True
        mentions[0].asides = asides
        if headline is not None:
            mentions[0].headline = headline
            head_cues = cued_types(headline.text, extra_cues)
            mentions[0].cues = [*head_cues, *(c for c in mentions[0].cues if c not in head_cues)]
    elif headline is not None and cued_types(headline.text, extra_cues):
        mentions.append(Mention([headline], primary=True, cues=cued_types(headline.text, extra_cues), headline=headline))
    return mentions
