"""Candidate incident mentions: the sentences of an article that report an event, grouped with their follow-ups.

A small model answers small questions well and writes long JSON badly, so code first finds where incidents
are told. A mention starts at a sentence with an event cue (the sub-event cues of ``candidates``, plus a few
from the question data) and a date of its own, or at the first cued sentence of the body (the lede, which
the headline joins); the sentences after it that bring no new dated event are its continuation (the toll,
the claim, the blame usually follow the event sentence). The lede's mention is the article's primary one.

The article's structure is read from data (``ArticleStructure``, in ``prompts/questions.json``): site furniture
is read by nothing; a live blog's time stamp ends the entry before it; context, history and cumulative tolls
neither open a mention nor join one; a roundup's marker ("In other violence", a bullet) or a sentence led by a
new place ("In Tamsu, two were shot") opens a new mention, which takes the date of the one before when it gives
none; a sentence that refers back ("The bombing happened ...") never opens one. An event sentence that lists
places ("strikes in Kryvyi Rih, Dnipro and Kharkiv", "struck Makera, Akuzo and Usu villages") opens one mention per
place (GUIDE 2), each read from that sentence (its actors; not its one toll) until a sentence led by the place tells
it; a sentence counting the places hit ("raided three villages") sums them and is none of its own. A sentence that
places its event in another town than the incident told so far opens another; one that gives only the day of an
incident told before goes back to it, and so does one that names an incident told before by its day ("the wounded
from Tuesday's attack", "l'attaque de mardi"; structure ``dated_reference``) whatever event words it holds.
A time anchor between two events ("a raid carried out hours after a deadly bombing", "It came a day after rebels
stormed a post"; structure ``second_event_anchor``) splits its sentence: the words after it open an incident of their
own, lent no earlier day (a later sentence telling it with its day joins it), unless they only name one told ("hours
after the attack"); when the words before it refer back, they go to the incident told and the anchored incident
takes the sentences that follow.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..candidates import SUB_EVENT_CUE_PATTERNS
from ..language_cues import merged_alternation
from ..normalize.dates import find_date_expressions, resolve_date
from ..normalize.numbers import ordinal_number
from ..normalize.places import country_code, find_places, geocode
from ..schemas import SUB_EVENT_TYPES
from .question_file import ArticleStructure

__all__ = [
    "Mention",
    "Sentence",
    "cued_types",
    "dateline_end",
    "find_mentions",
    "periodic_report",
    "second_event",
    "split_sentences",
    "told_date",
]

# A period after these does not end a sentence ("U.S. troops", "Dec. 27", "Gen. Haftar").
_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr gen lt col sgt capt maj st no vs approx"
    " est govt dept brig cpl pte rev".split()
)
# A sentence ends at final punctuation and a space, or, in text as scraped, with no space between a word and
# the next sentence's capital ("vigilantes.Local media said", "Policía.En el Patía").
# Arabic has no capitals: a sentence of it starts at any Arabic letter (the cue file's script, data/cues_ar.json).
_BOUNDARY = re.compile(
    r"(?<=[.!?؟])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9\u0621-\u064A])"
    r"|(?<=[a-zß-öø-ÿ][a-zß-öø-ÿ][.!?])(?=[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]|(?:A|I)\s)"
    r"|(?<=[\u0621-\u064A]{2}[.؟])(?=[\u0621-\u064A]{2})"
)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[-*•])")
# "BAGHDAD (Wire) - ", "PORT SUDAN, Dec 19 (Wire) - ", "RAWALPINDI (Wire); ", "Peshawar, November 14, 2022: " open a story; their date is
# the filing date, not the event's.
# A bare dash ends a dateline only after a few words ("BAGHDAD - ", "Maputo — "): "The attacks on Sunday and Monday in
# three provinces - Farah, ..." is a sentence with a dash in it.
# A dateline may also lead with its date or end on one without a year ("May 23,Mogadishu:", "Mogadishu, 23 May -",
# "GOMA, Oct. 2 -"): the date and a place name, then a colon or a dash.
_DL_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DL_DATE = rf"(?:{_DL_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_DL_MONTH})(?:,?\s+\d{{4}})?"
_DATELINE = re.compile(
    r"^\s*[A-Z](?:[^\n.]{0,70}?(?:\)\s*[-–—;:]+\s|\d{4}:\s)|[^\n.\s]*(?:\s+[^\n.\s]+){0,4}?\s[-–—]+\s)"
    rf"|^\s*(?i:{_DL_DATE})\s*,\s*[A-Z][\w'’ -]{{0,30}}?\s*[:–—-]\s*"
    rf"|^\s*[A-Z][\w'’ -]{{0,30}}?,\s*(?i:{_DL_DATE})\s*(?:\([^()\n]{{1,30}}\)\s*)?[:–—-]\s*"
)


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
    #: Opened by a roundup's marker or a new place: with no date of its own it takes the previous mention's.
    in_roundup: bool = False
    #: Opened by a roundup's marker (a list entry, "In other violence"): one of the incidents the article reports.
    listed: bool = False
    #: Opened by a sentence that sums several incidents ("killed seven in two operations"); dropped when the
    #: next mention tells one of them.
    sums: bool = False
    #: The summing sentence this mention tells one incident of: it gives the day when the mention does not.
    summed_by: Sentence | None = None
    #: One of the places a sentence lists ("strikes in Kryvyi Rih, Dnipro and Kharkiv"): the incident's locality.
    place: str | None = None
    #: The sentence that tells this incident together with others (a list of places, a toll split by place): its
    #: actors are this incident's too, its one toll is not (GUIDE 10: a total over places is no place's count).
    shared: Sentence | None = None

    @property
    def lead(self) -> Sentence:
        """The sentence that opened the mention: its event sentence."""
        return self.sentences[0]

    @property
    def end_paragraph(self) -> int:
        return self.sentences[-1].paragraph

    @property
    def start(self) -> int:
        return self.sentences[0].start

    @property
    def end(self) -> int:
        return self.sentences[-1].end

    def text(self, article: str) -> str:
        return article[self.start : self.end]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with character offsets; a line without final punctuation (a headline) is a sentence."""
    sentences: list[Sentence] = []
    paragraph_starts = [0] + [m.end() for m in _PARAGRAPH.finditer(text)]
    for n, start in enumerate(paragraph_starts):
        end = paragraph_starts[n + 1] if n + 1 < len(paragraph_starts) else len(text)
        for line_start, line_end in _lines(text, start, end):
            cut = line_start
            for m in _BOUNDARY.finditer(text, line_start, line_end):
                before = text[cut : m.start()].rstrip("\"'”’)")
                last_word = re.search(r"([^\W\d_]+)\.$", before)  # "Policía.En": the word is "Policía", no initial
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
        if not text[cut:pos].rstrip().endswith((".", "!", "?", ",", ";", ":")) or text[pos + 1 : pos + 2] in "-*•":
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


def _statement(
    text: str, statements: re.Pattern[str] | None, extra_cues: tuple[tuple[re.Pattern[str], str], ...]
) -> bool:
    """Whether words of a statement come before the first event cue ("Police warned that gunmen would attack")."""
    if statements is None:
        return False
    for start, end, _ in find_date_expressions(text):
        text = text[:start] + " " * (end - start) + text[end:]
    cue = min((m.start() for p, _ in (*extra_cues, *SUB_EVENT_CUE_PATTERNS) if (m := p.search(text))), default=None)
    said = statements.search(text)
    return said is not None and (cue is None or said.start() < cue)


def _title_line(sentence: Sentence) -> bool:
    return not sentence.text.rstrip().endswith((".", "!", "?", '"', "”", ":"))


def dateline_end(sentence: str) -> int:
    """Where the dateline of a story's first sentence ends (0 if it has none)."""
    m = _DATELINE.match(sentence)
    return m.end() if m else 0


_PLACE_LED = re.compile(
    r"(?:In|At|Near|Outside|On the outskirts of"
    rf"|{merged_alternation('sentence_place_openers')})\s+(?:the\s+)?([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)*"
    r"|[\u0621-\u064A]+)"  # Arabic has no capitals: its openers name the place kind ("وفي بلدة"), the word is the name
)


def _place_led(sentence: Sentence, told: str, lead: str = "", own_place: re.Pattern[str] | None = None) -> bool:
    """Whether the sentence opens on a name the mention has not told yet ("In Akuzo, three were killed").

    The gazetteer may lack the village, so any capitalised name counts, except a date ("In June"). With
    ``own_place``, a name is told only where the mention places something there ("in Akuzo") or its event sentence
    ``lead`` names it: a road "linking Lima with Ica" or a town "south of Lima" in passing is no incident there."""
    m = _PLACE_LED.match(sentence.text)
    if not m or any(start <= m.start(1) < end for start, end, _ in find_date_expressions(sentence.text)):
        return False
    name = m.group(1).casefold()
    if own_place is None:
        return name not in told.casefold()
    placed = {p.group(1).casefold() for p in own_place.finditer(told)}
    return name not in lead.casefold() and not any(name in p or p in name for p in placed)


def _list_led(sentence: Sentence, names: list[str], told: str) -> bool:
    """Whether the sentence opens on a list of places none of which the mention has told ("Huancayo, Piura and
    Ayacucho saw marches", "Kherson, Mykolaiv and Odesa were shelled"): the places are its subject, each one
    an incident of its own (GUIDE 2: one location)."""
    return (
        bool(names)
        and sentence.text.lstrip().startswith(names[0])
        and not any(n.casefold() in told.casefold() for n in names)
    )


# A byline or date line ("Staff | 8 September 2025", "17 Sep 2018"): a year, or fields split by a bar.
_BYLINE = re.compile(r"\b(?:19|20)\d\d\b|\s\|\s")


def _preamble_end(sentences: list[Sentence]) -> int:
    """Where the body starts: after the title lines, and after a standfirst set between them.

    A site may print a one-paragraph summary of the story (the standfirst, "Curfew declared after protesters
    break through police lines.") between the headline and the byline or date line; it retells the headline, so
    it is read as a title line, not as the lede."""
    end = 0
    while True:
        while end < len(sentences) and _title_line(sentences[end]):
            end += 1
        if end == 0 or end >= len(sentences):
            return end
        after = end
        while after < len(sentences) and sentences[after].paragraph == sentences[end].paragraph:
            after += 1
        if after - end > 2 or after >= len(sentences):
            return end
        nxt = sentences[after]
        if not (_title_line(nxt) and _BYLINE.search(nxt.text)):
            return end
        end = after


def _without_furniture(sentences: list[Sentence], boilerplate: re.Pattern[str] | None) -> list[Sentence]:
    """The sentences that are not site furniture; a photo credit in brackets takes its caption with it.

    "Police guard the square. (Jane Roe/Wire)" splits in two; the credit marks the sentences before it in its
    paragraph as the caption."""
    if boilerplate is None:
        return sentences
    kept: list[Sentence] = []
    for sentence in sentences:
        if not boilerplate.search(sentence.text):
            kept.append(sentence)
        elif sentence.text.startswith("("):
            while kept and kept[-1].paragraph == sentence.paragraph:
                kept.pop()
    return kept


_CLAUSE = re.compile(r"[,;:،]\s*|\s+(?=(?:and|while|whereas)\s)")  # "،": the Arabic comma


def _by_place(sentence: Sentence, clause: re.Pattern[str] | None, most: int = 4) -> list[tuple[Sentence, str | None]]:
    """A toll split by place ("Four were killed in Tamsu, two in Baram and one in Shuwari") as one clause per
    place, each from its count to the next, with its place (None for the words before the first share); []
    when the sentence names fewer than two places that way, or more than ``most`` (a tally by province is an
    aggregate, not one attack)."""
    if clause is None:
        return []
    starts, places = [], []
    cut = 0
    for m in [None, *_CLAUSE.finditer(sentence.text)]:
        begin = m.end() if m is not None else 0
        if begin < cut:
            continue
        found = clause.match(sentence.text[begin:])
        if found is None:
            continue
        place = next((g for g in found.groups() if g), None)
        if place is not None and place not in places:
            starts.append(begin)
            places.append(place)
            cut = begin + found.end()
    if not 2 <= len(starts) <= most:
        return []
    named: list[str | None] = list(places)
    if starts[0] > 0:  # the words before the first share ("Four of the youths ... in Tamsu") are a share too
        starts.insert(0, 0)
        named.insert(0, None)
    bounds = [*starts[1:], len(sentence.text)]
    out = []
    for a, b, place in zip(starts, bounds, named, strict=True):
        piece = sentence.text[a:b].rstrip(" ,;:،")
        out.append((Sentence(sentence.start + a, sentence.start + a + len(piece), piece, sentence.paragraph), place))
    return out


def _listed_places(
    sentence: Sentence, structure: ArticleStructure, published: dt.date | None, opening: bool = False
) -> list[str]:
    """The places an event sentence lists after a preposition ("in Kryvyi Rih, Dnipro and Kharkiv"), each once;
    [] unless every name is a town or region the gazetteer knows (a list of countries, people or groups is no
    list of incident places) and there are 2 to ``enumerated_max_places`` of them. An aggregate's list (structure
    ``list_aggregate``) or one dated coarser than a week ("In mid-November") is no list of incidents (GUIDE 2).
    A sentence ``opening`` a mention that and names a town of its own before the list is that town's incident."""
    place_list, joiners = structure.pattern("place_list"), structure.pattern("list_joiners")
    aggregate = structure.pattern("list_aggregate")
    if place_list is None:
        return []
    for _, _, surface in find_date_expressions(sentence.text):
        if resolve_date(surface, published).precision not in ("day", "week"):
            return []
    joiner = rf"(?:{joiners.pattern})\s+" if joiners is not None else r"(?!)"
    for m in place_list.finditer(sentence.text):
        group = next(k for k in range(1, (m.lastindex or 0) + 1) if m.group(k))
        parts = re.split(rf"\s*,\s*(?:{joiner})?|\s+{joiner}", m.group(group), flags=re.I)
        names = [p[c.start() :].strip() for p in parts if (c := _CAPITAL.search(p))]
        bare = [_WORD_AFTER_NAME.sub("", n) for n in names]
        # "in Awdigle district and in Mubarak village": the place words say the names are places, and go
        worded = bare != names
        names = list(dict.fromkeys(bare))
        if aggregate is not None and aggregate.search(
            sentence.text[: m.start(group)] + "_PLACES_" + sentence.text[m.end(group) :]
        ):
            continue
        if opening and _own_place_before(sentence.text, m.start(), structure.pattern("own_place")):
            return []
        # "Makera, Akuzo and Usu villages": the word after says they are places, also after a preposition's list
        # ("in the Tank and Bannu districts", which the preposition's pattern took without its place word)
        again = place_list.match(sentence.text, m.start(group))
        vouched = m.end(group) < m.end() or worded or (again is not None and again.end() > m.end())
        if 2 <= len(names) <= structure.enumerated_max_places and (vouched or all(map(_gazetteer_place, names))):
            return names
    return []


#: A lower-case word after a listed name ("Mubarak village"): a place word the list's pattern allowed.
_WORD_AFTER_NAME = re.compile(r"\s+[a-zß-öø-ÿ][\w-]*$")
_CAPITAL = re.compile(r"[A-ZÀ-Þ]")  # a name starts here; the words before it are its article ("el Patía")


def _own_place_before(text: str, end: int, own_place: re.Pattern[str] | None) -> bool:
    """Whether a town the gazetteer knows follows a preposition before ``end`` ("marched in Santiago")."""
    if own_place is None:
        return False
    return any(_gazetteer_place(m.group(1)) for m in own_place.finditer(text, dateline_end(text), end))


def _new_event_place(
    text: str, told: str, own_place: re.Pattern[str] | None, settlement: re.Pattern[str] | None = None
) -> bool:
    """Whether the sentence places its event, after a preposition, in a town that ``told`` (the incident's text so
    far) does not name, while ``told`` names a town of its own.

    A town is one the gazetteer knows, or, with ``settlement`` (structure ``settlement_words``), a name its place
    word vouches for ("near Simbolongo village"): villages are where the gazetteer is thinnest. A district or a
    neighbourhood word vouches for no new place: it may name a part of the town told ("the Aguaruto district")."""
    if own_place is None or not (
        any(_town(surface) for *_, surface in find_places(told)) or _named_places(told, own_place, settlement)
    ):
        return False  # a town after a region or a country ("in eastern Congo ... in Beni") places the same incident
    named = _named_places(text, own_place, settlement)
    return any(
        (_town(m.group(1)) or m.group(1) in named) and m.group(1).casefold() not in told.casefold()
        for m in own_place.finditer(text, dateline_end(text))
    )


def _named_places(text: str, own_place: re.Pattern[str], settlement: re.Pattern[str] | None) -> set[str]:
    """The names placed after a preposition whose place word follows them ("near Simbolongo village")."""
    if settlement is None:
        return set()
    return {
        m.group(1)
        for m in own_place.finditer(text, dateline_end(text))
        if (found := settlement.match(text, m.start(1))) is not None and found.group(1) == m.group(1)
    }


def _town(name: str) -> bool:
    """Whether the gazetteer reads ``name`` as a town (not a region or a country)."""
    found = geocode(name).place if _gazetteer_place(name) else None
    return found is not None and found.feature == "city"


def _gazetteer_place(name: str) -> bool:
    found = find_places(name)
    return len(found) == 1 and found[0][2] == name and country_code(name) is None


def _dated_earlier(
    mentions: list[Mention],
    current: Mention,
    dates: set[dt.date | str],
    published: dt.date | None,
    telling: re.Pattern[str] | None,
) -> Mention | None:
    """The last mention before ``current`` whose event sentence gives one of ``dates`` (days only), if any."""
    days = {d for d in dates if isinstance(d, dt.date)}
    for mention in reversed(mentions):
        if mention is not current and days & _dates(mention.lead, published, telling):
            return mention
    return None


def _open_listed(
    mentions: list[Mention], listed_at: dict[str, Mention], names: list[str], sentence: Sentence, cues: list[str]
) -> Mention | None:
    """One mention per listed place after the first (GUIDE 2), each read from the list's sentence until a sentence
    of its own tells it; the last one opened, or the last mention when ``names`` is empty."""
    first = mentions[-1] if mentions else None
    news = first is not None and (first is mentions[0] or first.listed)
    for name in names:
        mention = Mention([sentence], cues=list(cues), in_roundup=True, listed=news, place=name, shared=sentence)
        mentions.append(mention)
        listed_at[name.casefold()] = mention
    return mentions[-1] if mentions else None


def _unlisted_shares(
    pieces: list[tuple[Sentence, str | None]], listed_at: dict[str, Mention], cues: list[str] | None = None
) -> list[tuple[Sentence, str | None]]:
    """The shares of a toll split by place whose place no list named; each listed place's share ("Three died in
    Akuzo" after "the bandits struck Makera, Akuzo and Usu villages") goes to that place's incident (with
    ``cues``, the sentence's event cues) instead of opening another."""
    if cues is None:  # where the split sentence opens a mention, the shares go on as before
        return pieces
    kept = []
    for piece, place in pieces:
        told = listed_at.get(place.casefold()) if place is not None else None
        if told is None:
            kept.append((piece, place))
        else:
            _tell_listed(told, piece, cues)
    return kept


def _tell_listed(mention: Mention, sentence: Sentence, cues: list[str]) -> None:
    """A sentence led by a listed place ("In Dnipro the strikes hit ..."): it tells that place's incident, and
    becomes its event sentence when the list's sentence was all the mention had."""
    if mention.sentences == [mention.shared]:
        mention.sentences = [sentence]
        mention.cues = [*cues, *(c for c in mention.cues if c not in cues)]
    else:
        mention.sentences.append(sentence)
        mention.cues += [c for c in cues if c not in mention.cues]


def _after_stamp(sentence: Sentence, cut: int) -> Sentence:
    """The sentence from its first word after a live-blog stamp ("15:05 GMT - Two people ..." -> "Two people ...")."""
    m = re.compile(r"[\s:\-–—|]*").match(sentence.text, cut)
    cut = m.end() if m else cut
    return Sentence(sentence.start + cut, sentence.end, sentence.text[cut:], sentence.paragraph)


def told_date(
    text: str, start: int, end: int, telling: re.Pattern[str] | None, telling_after: re.Pattern[str] | None = None
) -> bool:
    """Whether the date at ``text[start:end]`` is the telling's, not the event's: the words before it say so
    ("police said on Tuesday", ``telling``), or the words after it ("Amnesty on Tuesday called for", ``telling_after``)."""
    before = bool(telling is not None and telling.search(text[max(0, start - 40) : start]))
    return before or bool(telling_after is not None and telling_after.search(text[end : end + 40]))


def _dates(
    sentence: Sentence,
    published: dt.date | None,
    telling: re.Pattern[str] | None = None,
    telling_after: re.Pattern[str] | None = None,
) -> set[dt.date | str]:
    """The dates a sentence gives (outside a dateline, and not the telling's: "police said on Tuesday");
    unresolvable phrases count by their words."""
    skip = dateline_end(sentence.text)
    out: set[dt.date | str] = set()
    for start, end, surface in find_date_expressions(sentence.text):
        if start >= skip and told_date(sentence.text[skip:], start - skip, end - skip, telling, telling_after):
            continue
        if start >= skip and not surface.lower().startswith("since"):
            resolved = resolve_date(surface, published).date
            out.add(resolved if resolved is not None else surface.lower())
    return out


def second_event(
    sentence: Sentence,
    anchor: re.Pattern[str] | None,
    follow_up: re.Pattern[str] | None,
    extra_cues: tuple[tuple[re.Pattern[str], str], ...] = (),
    own_event: bool = True,
    reference: re.Pattern[str] | None = None,
) -> tuple[Sentence, Sentence] | None:
    """A sentence that tells two events about a time anchor ("a raid carried out hours after a deadly bombing",
    "the shelling comes a day after forces drove the rebels out of Harib"): its words before the anchor and after
    it, or None. The words after it tell an event of their own only with an event cue and no reference back to one
    told (``follow_up``, ``reference``: "hours after the attack"); ``own_event`` asks the words before it for a cue
    and no reference back too (a sentence opening an incident), where a continuation's may refer back ("It came a
    day after ...")."""
    if anchor is None:
        return None
    m = anchor.search(sentence.text, dateline_end(sentence.text))
    if m is None or m.start() == 0:
        return None
    head, tail = sentence.text[: m.start()].rstrip(" ,;:،"), sentence.text[m.end() :]
    if not cued_types(tail, extra_cues):
        return None
    if own_event and (
        not cued_types(head, extra_cues) or any(p is not None and p.search(head) for p in (follow_up, reference))
    ):
        return None  # "The bombing came hours after ...", "The march came ...": the words before it refer back
    if any(p is not None and p.search(tail) for p in (follow_up, reference)):
        return None  # "shortly after the attack", "a day after Saturday's shelling": the incident already told
    return (
        Sentence(sentence.start, sentence.start + len(head), head, sentence.paragraph),
        Sentence(sentence.start + m.end(), sentence.end, tail, sentence.paragraph),
    )


def _names_day(text: str, reference: re.Pattern[str] | None) -> bool:
    """Whether the sentence names an incident by its day ("the attack on Saturday", "l'attaque de samedi"): the
    ``reference`` pattern read with each date phrase in turn replaced by ``_DATE_``."""
    if reference is None:
        return False
    return any(reference.search(text[:start] + "_DATE_" + text[end:]) for start, end, _ in find_date_expressions(text))


def _ordinal_told(text: str, reference: re.Pattern[str] | None, mentions: list[Mention]) -> Mention | None:
    """The incident a definite ordinal names ("the second attack", "la seconde attaque"): the n-th mention told."""
    m = reference.search(text) if reference is not None else None
    if m is None:
        return None
    told = [t for t in mentions if not t.sums]  # a sentence summing the incidents ("two attacks") is none of them
    n = next((k for w in re.findall(r"\w+", m.group(0)) if (k := ordinal_number(w)) is not None), 0)
    return told[n - 1] if 0 < n <= len(told) else None


def _same_or_later(dates: set[dt.date | str], current: set[dt.date | str]) -> bool:
    """Whether a sentence's dates can be those of the incident being told: none, the same, or later ones (the
    day "last week" names, the day the bodies were found); a sentence that refers back to "the attack" but
    dates it earlier than the mention tells another."""
    if not dates or not current or dates & current:
        return True
    told = [d for d in current if isinstance(d, dt.date)]
    return bool(told) and all(isinstance(d, dt.date) and d >= min(told) for d in dates)


def _history(dates: set[dt.date | str], published: dt.date | None, window_days: int) -> bool:
    """Whether every date of a sentence lies ``window_days`` or more before publication (0: never)."""
    if not window_days or published is None or not dates:
        return False
    return all(isinstance(d, dt.date) and (published - d).days >= window_days for d in dates)


def periodic_report(text: str, structure: ArticleStructure) -> bool:
    """Whether the article is a periodic report (a digest, an NGO's brief): its title lines or its first full
    sentence, site furniture aside, name one ("Weekly overview", "This digest draws together ...")."""
    report = structure.pattern("report")
    if report is None:
        return False
    opening: list[Sentence] = []
    for sentence in _without_furniture(split_sentences(text), structure.pattern("boilerplate")):
        opening.append(sentence)
        if not _title_line(sentence):
            break
    return any(report.search(s.text) for s in opening)


def find_mentions(
    text: str,
    *,
    published: dt.date | None = None,
    extra_cues: tuple[tuple[re.Pattern[str], str], ...] = (),
    not_events: re.Pattern[str] | None = None,
    structure: ArticleStructure | None = None,
) -> list[Mention]:
    """The article's candidate incident mentions in text order; the first is the primary (lede) one.

    The title lines before the first full sentence are the preamble (letterhead, headline, dateline); the
    first of them with an event cue is the headline, which joins the lede's mention. A cued sentence with
    a date of its own (other than the current mention's) opens a new mention. ``not_events`` matches
    sentences that never open a mention (aggregate tallies, statements, calls); they may continue one.
    ``structure`` says how boilerplate, time stamps, context, roundups and follow-ups read (module docstring).
    """
    structure = structure or ArticleStructure()
    boilerplate, stamp, context, marker, follow_up = (
        structure.pattern(name) for name in ("boilerplate", "time_stamps", "context", "new_incident", "follow_up")
    )
    sentences = _without_furniture(split_sentences(text), boilerplate)
    # Paragraphs counted without the furniture: an embed or a photo credit between two paragraphs parts nothing.
    block = {p: n for n, p in enumerate(sorted({s.paragraph for s in sentences}))}
    named_place, settlement = structure.named_place_pattern(), structure.settlement_pattern()
    telling, telling_after = structure.pattern("telling_dates"), structure.pattern("telling_dates_after")
    enumerated = structure.pattern("enumerated_clause")
    tally = structure.pattern("tally")
    skip_section = structure.pattern("skip_sections")
    summary, another, statements = (structure.pattern(name) for name in ("summary", "another", "statements"))
    event_words, place_count = structure.pattern("list_event_words"), structure.pattern("place_count")
    listed_at: dict[str, Mention] = {}  # the places the last list named, each its incident's mention
    dated_reference = structure.pattern("dated_reference")
    ordinal_reference = structure.pattern("ordinal_reference")
    time_anchor = structure.pattern("second_event_anchor")
    anchor_reference = structure.pattern("anchor_reference")

    def _rejoin(
        told: Mention, sentence: Sentence, cues: list[str], dates: set[dt.date | str]
    ) -> tuple[Mention, set[dt.date | str]]:
        """Give ``sentence`` to an incident told before; it becomes the current one, with its lead's dates."""
        told.sentences.append(sentence)
        told.cues += [c for c in cues if c not in told.cues]
        return told, _dates(told.lead, published, telling) | dates

    def _aggregate(sentence: Sentence) -> bool:  # a tally, or a sentence that sums incidents told one by one
        return any(p is not None and p.search(sentence.text) for p in (tally, summary))

    def _listed(sentence: Sentence, opening: bool = False) -> list[str]:
        return _listed_places(sentence, structure, published, opening)

    skipping = False
    preamble = _preamble_end(sentences)
    titles = sentences[:preamble]
    headline = next((s for s in titles if cued_types(s.text, extra_cues)), None) or max(
        (s for s in titles if len(s.text.split()) >= 4), key=lambda s: len(s.text), default=None
    )
    mentions: list[Mention] = []
    asides: list[Sentence] = []
    current: Mention | None = None
    current_dates: set[dt.date | str] = set()
    reach = -1
    summed_dates: set[dt.date | str] = set()  # the days a summing lede covers
    current_places: set[str] = set()
    for n, sentence in enumerate(sentences[preamble:], start=preamble):
        stamped = stamp.search(sentence.text) if stamp else None
        if stamped:  # a live blog's new entry: "14:20 - Gunmen ..." opens on its own
            current = None
        if _title_line(sentence) or (stamped and len(sentence.text[stamped.end() :].split()) < 4):
            current = None  # a time stamp alone ("1938 GMT: Syria.") or a subheading in the body ends the mention
            asides.append(sentence)
            if _title_line(sentence) and not stamped:  # "8. Displacement" opens a section no question reads
                skipping = bool(skip_section and skip_section.search(sentence.text.strip()))
            continue
        if skipping:
            continue
        if stamped:  # the entry is read without its stamp: no question sees "GMT - Two people" as a phrase
            sentence = _after_stamp(sentence, stamped.end())
        dates = _dates(sentence, published, telling, telling_after)
        if context and context.search(sentence.text) and (mentions or not dates):  # a dated lede stays
            reach = block[sentence.paragraph]  # a context paragraph parts no mention from its next sentence
            continue  # background, history, diplomacy, a cumulative toll: no mention, no field
        cues = cued_types(sentence.text, extra_cues)
        said = _statement(sentence.text, statements, extra_cues)
        led = _PLACE_LED.match(sentence.text)
        if led and (told_place := listed_at.get(led.group(1).casefold())) is not None:
            _tell_listed(told_place, sentence, cues)  # "In Dnipro the strikes hit ...": that place's incident
            current, current_dates, current_places = told_place, set(dates), {told_place.place or ""}
            continue
        if (
            current is not None
            and dates
            and current_dates
            and not dates & current_dates
            and _names_day(sentence.text, dated_reference)
            and (earlier := _dated_earlier(mentions, current, dates, published, telling)) is not None
        ):
            # "33 of the wounded from Saturday's attack are stable", told after Sunday's attack: a sentence naming
            # an incident told before by its day tells that incident, whatever event words it holds; it opens none.
            (current, current_dates), current_places = _rejoin(earlier, sentence, cues, dates), set()
            continue
        if (
            current is not None
            and len(mentions) > 1
            and not (marker and marker.search(sentence.text))  # "In the second incident, ..." opens an entry
            and (nth := _ordinal_told(sentence.text, ordinal_reference, mentions)) is not None
            and nth is not current
        ):
            # "Two wounded in the second attack were flown out": a definite ordinal names the n-th incident told.
            (current, current_dates), current_places = _rejoin(nth, sentence, cues, dates), set()
            continue
        opens = bool(cues) and not (not_events and not_events.search(sentence.text))
        opens = opens and not _statement(sentence.text, statements, extra_cues)
        if opens and mentions and _history(dates, published, structure.history_window_days):
            if block[sentence.paragraph] > block[mentions[0].lead.paragraph]:
                current = None  # history told after the lede: no mention, no field
                asides.append(sentence)
                continue
        places = {surface for *_, surface in find_places(sentence.text)}
        if named_place is not None:  # villages the gazetteer lacks ("Wemdeley village") count as places too
            places |= {m.group(1) or m.group(2) for m in named_place.finditer(sentence.text)}
        new_place = bool(places - current_places)
        told = text[current.start : current.end] if current is not None else ""
        listed = bool(marker and marker.search(sentence.text)) and not (
            (not_events and not_events.search(sentence.text)) or _statement(sentence.text, statements, extra_cues)
        )
        lead_text = current.lead.text if current is not None else ""
        roundup = (
            listed
            or _place_led(sentence, told, lead_text, structure.pattern("own_place"))
            or (opens and not _aggregate(sentence) and _list_led(sentence, _listed(sentence, opening=True), told))
        )
        if current is not None and opens and current_places and not roundup:
            # "..., the body of a man shot dead was found in the San Isidro district": an event in a town the incident
            # told so far has not named is another incident (GUIDE 2: one location), unless it refers back to it or
            # breaks down a nationwide tally
            roundup = not (
                follow_up and follow_up.search(sentence.text) or tally and tally.search(told)
            ) and _new_event_place(sentence.text, told, structure.pattern("own_place"), settlement)
        if current is not None and another is not None and another.search(sentence.text):
            roundup = roundup or new_place or bool(set(cues) - set(current.cues))
        if (
            current is not None
            and not cues
            and not said
            and not listed
            and event_words is not None
            and event_words.search(sentence.text)
            and not _aggregate(sentence)
            and not (follow_up and follow_up.search(sentence.text))
            and _new_event_place(sentence.text, told, structure.pattern("own_place"), settlement)
        ):
            # "A house was struck in Kizomys, where a woman died": a sentence whose only event words strike a town the
            # incident told so far has not named tells the same kind of event there, another incident (GUIDE 2).
            cues, opens, roundup = list(current.cues), True, True
        refers_back = bool(follow_up and follow_up.search(sentence.text))
        refers_back = refers_back and _same_or_later(dates, current_dates)
        # An undated event sentence ("Police broke up a rally") is often dated by the next one of the same kind
        # in the same place ("The crowd had gathered on Tuesday"): that one tells when, it opens nothing.
        # The lede may name only the country and the detail the village ("raided a village in North Kivu on Monday").
        tells_when = (
            current is not None
            and not current_dates
            # An Arabic roundup entry takes the day before it: a dated sentence after it tells an earlier event
            # ("وكانت تقارير قد تحدثت الشهر الماضي ..."). English keeps its measured reading.
            and not (current.in_roundup and _ARABIC_LETTER.search(sentence.text))
            and bool(set(cues) & set(current.cues))
            and (not new_place or current is mentions[0])
            # a sentence listing places ("killed nine in raids in the Tank and Bannu districts") tells incidents
            # of its own, one per place (GUIDE 2), never the day of one told before
            and not (opens and _listed(sentence, opening=True))
        )
        # A sentence dated before the days a summing sentence covers tells history, not one of the summed incidents.
        summing = current is not None and current.sums and _same_or_later(dates, current_dates)
        if (opens or listed) and (
            current is None
            or roundup
            or summing
            or (not refers_back and not tells_when and dates and (not dates & current_dates or new_place))
        ):
            before = sentences[n - 1] if n > preamble and sentences[n - 1].paragraph == sentence.paragraph else None
            pieces = (
                _by_place(sentence, enumerated, structure.enumerated_max_places)
                if opens and not (tally and tally.search(sentence.text))
                else []
            )
            summed_by = current.lead if summing and current is not None else None
            names = [] if pieces or not opens or _aggregate(sentence) else _listed(sentence, opening=True)
            sums = bool(summary and summary.search(sentence.text)) and not pieces
            # "a raid carried out hours after a deadly bombing": the event after the anchor is an incident of its own
            pair = (
                None
                if pieces or names or sums
                else second_event(sentence, time_anchor, follow_up, extra_cues, reference=anchor_reference)
            )
            back = (
                None
                if pieces or names or sums or pair or current is None
                else second_event(
                    sentence, time_anchor, follow_up, extra_cues, own_event=False, reference=anchor_reference
                )
            )
            if pair:  # the words before the anchor are the incident's event sentence: their cues, their days
                cues, dates = cued_types(pair[0].text, extra_cues), _dates(pair[0], published, telling, telling_after)
            if back and current is not None:
                # "The bombing came a day after a roadside bomb hit a convoy on Saturday": the words before the anchor
                # tell the incident told, those after it open the new one, which the next sentences go on telling
                current.sentences.append(back[0])
                sentence, cues = back[1], cued_types(back[1].text, extra_cues)
            # An incident dated on a day the summing sentence covers ("attacks on Sunday and Monday") is one it
            # reports: news, like a list entry.
            reported = bool(dates) and dates <= summed_dates
            current = Mention(
                [pieces[0][0] if pieces else pair[0] if pair else sentence],
                cues=list(cues),
                before=before,
                in_roundup=roundup,
                listed=listed or reported,
                sums=sums,
                summed_by=summed_by,
                place=names[0] if names else None,
                shared=sentence if pieces or names else None,
            )
            if sums and not mentions:
                summed_dates = set(dates)
            current_dates, current_places = set(dates), set(places)
            mentions.append(current)
            if pair:  # the anchored event follows; the sentences after this one go on telling the main one
                mentions.append(Mention([pair[1]], cues=cued_types(pair[1].text, extra_cues)))
            for piece, _ in pieces[1:]:  # a toll split by place in the event sentence itself
                current = Mention([piece], cues=list(cues), in_roundup=True, shared=sentence)
                mentions.append(current)
            if names:  # one incident per listed place (GUIDE 2)
                listed_at = {names[0].casefold(): current}
                current = _open_listed(mentions, listed_at, names[1:], sentence, cues)
        elif (
            current is not None
            and opens
            and not (tally and tally.search(sentence.text))
            and (pieces := _by_place(sentence, enumerated, structure.enumerated_max_places))
        ):
            pieces = _unlisted_shares(pieces, listed_at, cues)
            if pieces:  # the first place's share stays; each other place opens its own
                current.sentences.append(pieces[0][0])
            current.cues += [c for c in cues if c not in current.cues]
            for piece, _ in pieces[1:]:
                current = Mention([piece], cues=list(current.cues), in_roundup=True, shared=sentence)
                mentions.append(current)
            current_dates |= dates
            current_places |= places
        elif (
            current is not None
            and (opens or (not cues and not said and bool(event_words and event_words.search(sentence.text))))
            and not _aggregate(sentence)
            and block[sentence.paragraph] - max(block[current.end_paragraph], reach) <= 1
            and (names := [n for n in _listed(sentence) if n.casefold() not in listed_at])
        ):
            # "Gunmen struck overnight. Strikes were reported in Dnipro, Kharkiv and Mykolaiv.": the mention told so
            # far is the first place's incident when it names no place of its own (or names that one); when it
            # summed them ("raided three villages"), each place's incident is one it sums, and it is none of its own.
            current.sentences.append(sentence)
            cues = cues or list(current.cues)  # "the bandits struck A, B and C villages": the incident's kind
            current.cues += [c for c in cues if c not in current.cues]
            own = next((n for n in names if n in current_places), None)
            sums_places = current.sums or bool(place_count and place_count.search(current.lead.text))
            if not sums_places and (own is not None or not current_places - places):
                current.place = own or names[0]
                names = [n for n in names if n != current.place]
                listed_at[current.place.casefold()] = current
            current.shared = current.shared or sentence
            summing_lead = current.lead if sums_places else None
            current = _open_listed(mentions, listed_at, names, sentence, cues)
            for name in names:
                listed_at[name.casefold()].summed_by = summing_lead
            current_dates |= dates
            current_places = set(places)
        elif (
            current is not None
            and not opens
            and dates
            and current_dates
            and not dates & current_dates
            and (earlier := _dated_earlier(mentions, current, dates, published, telling)) is not None
        ):
            # "Lundi déjà, des rebelles avaient tué ... Le village visé samedi, Mann, ...": a sentence that brings
            # no event of its own but the day of an incident told before goes back to that incident.
            earlier.sentences.append(sentence)
            current, current_dates, current_places = earlier, _dates(earlier.lead, published, telling) | dates, places
        elif current is not None and block[sentence.paragraph] - max(block[current.end_paragraph], reach) <= 1:
            pair = (
                None
                if said
                else second_event(
                    sentence, time_anchor, follow_up, extra_cues, own_event=False, reference=anchor_reference
                )
            )
            if pair:  # "The shelling comes a day after forces drove the rebels out": the anchored event is news
                current.sentences.append(pair[0])
                current.cues += [c for c in cued_types(pair[0].text, extra_cues) if c not in current.cues]
                current = Mention([pair[1]], cues=cued_types(pair[1].text, extra_cues))
                mentions.append(current)
                current_dates, current_places = set(dates), set(places)
            else:
                current.sentences.append(sentence)
                current.cues += [c for c in cues if c not in current.cues]
                current_dates |= dates
                current_places |= places
        else:
            current = None
            asides.append(sentence)
    # A list entry opens even when its event is told a sentence later ("... stopped a convoy. The driver was shot
    # dead."); one whose sentences cue no event at all is no incident. A summing sentence told incident by
    # incident after it is no incident of its own (GUIDE 2: a series described in aggregate).
    told_after = {id(m.summed_by) for m in mentions if m.summed_by is not None}
    mentions = [m for m in mentions if m.cues and id(m.lead) not in told_after]
    # After the lede, earlier incidents summed in passing and told no further ("on Saturday forty had died in three
    # attacks in the same regions") are a series described only in aggregate (GUIDE 2): no incident.
    if mentions:
        lede_days = _dates(mentions[0].lead, published, telling)
        mentions = [
            m
            for m in mentions
            if m is mentions[0] or not m.sums or _same_or_later(_dates(m.lead, published, telling), lede_days)
        ]
    if mentions:
        mentions[0].primary = True
        mentions[0].asides = asides
        if headline is not None:
            mentions[0].headline = headline
            head_cues = cued_types(headline.text, extra_cues)
            mentions[0].cues = [*head_cues, *(c for c in mentions[0].cues if c not in head_cues)]
    elif headline is not None and cued_types(headline.text, extra_cues):
        mentions.append(
            Mention([headline], primary=True, cues=cued_types(headline.text, extra_cues), headline=headline)
        )
    return mentions
