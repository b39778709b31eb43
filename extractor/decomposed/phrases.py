"""Reading phrases in an event sentence, shared by the claim, subject and target rules: where a noun or actor
phrase starting at a point ends, the lead-in and quantity words before it, asides between commas, and the
actors a sentence names.

The word lists come from ``prompts/questions.json`` (``actor_words``); every pattern is compiled here, once.
"""

from __future__ import annotations

import re

from ..candidates import ACTOR_PHRASE
from ..language_cues import merged_alternation
from ..normalize.dates import find_date_expressions
from ..pipeline import ArticleContext
from .mentions import Sentence, dateline_end
from .question_file import load_questions

__all__ = [
    "ADVERB_END",
    "ASIDE",
    "HEDGE",
    "LEAD_IN",
    "MORE_ACTOR_NOUNS",
    "NOT_ACTOR_SUBJECT",
    "NOT_PERPETRATORS",
    "NP_STOP",
    "PLACE_SUBJECT",
    "QUANTITY",
    "WORDS",
    "actor_phrase_after",
    "actors_in",
    "drop_the",
    "event_body",
    "is_side",
    "noun_phrase_after",
    "phrase_stop",
    "strip_lead_in",
    "whole_phrase",
]

#: The packaged word lists (validated on load).
WORDS = load_questions().actor_words

#: "The" (or another language's article, data/cues_*.json) before a phrase, dropped from the names returned.
_LEADING_THE = re.compile(rf"^(?:(?:The|the|{merged_alternation('determiners')})\s+|l['’](?=\w))")
#: Endings of adverbs ("sporadically", "effectively"), not of nouns such as "supply" or "family".
ADVERB_END = r"(?:ally|ively|edly|ously|ently|antly|ately|fully|lessly)"
#: Punctuation ends a phrase, except the brackets of an acronym that belongs to it ("Armed Forces (FAMa)").
_PUNCTUATION_STOP = r"\s*(?:[,.;:)\"“”]|\((?![A-Z]{2,8}\)))"
#: Where a noun phrase ends: a preposition, a clause word, a verb, a time word or punctuation.
NP_STOP = re.compile(
    r"\s+(?:in|near|on|with|killing|wounding|injuring|and\s+(?:killed|wounded|injured|fled|set|\w+ed\b)|late|early"
    r"|shortly|overnight"
    r"|as|when|while|after|before|during|from|using|by|but|which|who|outside|close|around|at|about|just|across|last"
    r"|this|to death"
    r"|was|were|is|are|has|had|have|repelled|blocking|demanding|protesting|marching|demonstrating|waiting|trying"
    r"|preparing"
    r"|returning|travelling|traveling|working|fleeing|posted|stationed|deployed"
    rf"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\w+{ADVERB_END}|{merged_alternation('phrase_stops')})\b"
    rf"|{_PUNCTUATION_STOP}|$",
    re.I,
)
#: Where an actor phrase ends: like a noun phrase, but "of ..." and "-ed" adjectives ("Iran-backed") stay with it.
_ACTOR_NP_STOP = re.compile(
    r"\s+(?:for|over|who|which|that|after|of having|of being|of carrying|of staging|suspected of|believed to"
    r"|thought to|said|says|had|have|has|were|was|is"
    r"|are"
    r"|would|will|positioned|operating|based|in|on|near|at|with|as|when|while|during|from|but|out of|and\s+(?:said"
    r"|warned|vowed))\b"
    r"|\s+(?!(?:armed|allied|backed|based|linked|led|masked|hooded|unidentified|suspected|alleged)\b)[a-z]+ed\b"
    rf"|\s+\w+{ADVERB_END}\b|{_PUNCTUATION_STOP}|$",
    re.I,
)
#: Words at the start of a phrase that begin none: a conjunction, a comparison, or an article alone.
_NO_PHRASE_START = re.compile(r"(?i)(?:and|or|to|of|more|than)\b|(?:the|a|an)\b\s*(?:$|[,.;])")
#: The stop "by" after a noun phrase.
_BY_STOP = re.compile(r"\s+by\b")
#: A participle that describes the noun before it: the "by ..." after it says whose the place is, not who attacked.
_USED_BY = re.compile(
    r"(?i)\b(?:used|run|owned|operated|frequented|guarded|manned|occupied|held|controlled|popular"
    r"|favoured|favored)$"
)
#: Articles and "members of" before an actor phrase, dropped.
_ACTOR_LEAD = re.compile(r"^(?:(?:the|The)\s+)?(?:members of\s+)?(?:(?:the|an?)\s+)?")
#: Two letters in a row: a phrase of punctuation and digits names nobody.
_TWO_LETTERS = re.compile(r"[A-Za-z]{2}|[\u0621-\u064a]{2}")  # Latin or Arabic (data/cues_ar.json) letters
#: A capitalised word, or a plural noun: an actor phrase without an actor noun still names someone.
_NAME_OR_PLURAL = re.compile(r"\b[A-Z][\w'’-]+|[a-z]{3,}s$")
#: The time, place or attribution before the subject of a sentence ("On Monday, ...", "Police said: ...").
LEAD_IN = re.compile(
    r"^(?:\d{1,2}[:.]\d{2}\s*[-–—]?\s*|[A-Z][\w'’ -]{0,30}:\s+"
    r"|\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?\s*[-–—]\s*[^:.;]{0,80}:\s+"  # "04 August 2020 - Sahel region (Yagha): "
    r"|(?:the\s+)?same\s+(?:day|night|morning|afternoon|evening|week|month)\s*,\s*"
    r"|(?:later|earlier|meanwhile|separately|elsewhere|in response|in a separate (?:attack|incident))\b"
    r"(?:\s+the\s+same\s+\w+)?\s*,?\s*"
    r"|(?:(?:hours|days|weeks|months|minutes|moments|a day|a week)\s+(?:after|before|later)|on|in|near|outside|late"
    r"|early|at|around"
    r"|shortly"
    r"|overnight|last|this|according|after|before|during|following|earlier"
    rf"|{merged_alternation('lead_in_words')})\b[^,]{{0,70}},\s*)+",  # the other languages' (data/cues_*.json)
    re.I,
)
#: A quantity before a noun ("at least six civilians" -> "civilians"): the count goes to killed/injured.
QUANTITY = re.compile(
    r"(?i)^(?:(?:at least|more than|over|about|around|some|nearly|almost|up to|an estimated|between)\s+)?"
    r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty"
    r"|dozens|scores|hundreds|thousands|several|many)(?:\s+(?:and|to)\s+(?:\d+|\w+))?(?:\s+of)?\s+(?=[A-Za-z])"
    # the other languages' ("au moins quatre", "por lo menos 20"; data/cues_*.json)
    rf"|^(?:(?:{merged_alternation('quantity_qualifiers')})\s+)?(?:\d[\d.,]*|{merged_alternation('number_words')})"
    r"(?:\s+(?:de|d['’]))?\s+(?=\w)"
)
#: An aside between commas ("Gunmen, who came on motorbikes, shot ..."; "X, an offshoot of Y, claimed ...").
ASIDE = re.compile(r",[^,;]{1,100},")
#: The hedges the cue languages put after the noun ("jihadistes présumés", "sicarios presuntos"), from the same list.
_POSTPOSED_HEDGES = "|".join(w for w in WORDS.hedge_words if w not in ("suspected", "alleged"))
#: A hedge that makes a named actor a suspect, not a known perpetrator: at the head of the phrase, or in the other
#: languages right after its first one or two words.
HEDGE = re.compile(rf"(?i)(?:{WORDS.alternation('hedge_words')})\b|\S+(?:\s+\S+)?\s+(?:{_POSTPOSED_HEDGES})\b")
#: Sources, officials and victims (data): never the perpetrator.
NOT_PERPETRATORS = re.compile(rf"(?i)\b(?:{WORDS.alternation('not_perpetrators')})\b")
#: Actor nouns beyond the candidate table's (data): aircraft, units, attackers, crowds.
MORE_ACTOR_NOUNS = re.compile(rf"(?i)\b(?:{WORDS.alternation('more_actor_nouns')})\b")
#: A place is no actor, though "checkpoint" or "base" also name who was attacked ("The checkpoint was set up ...").
PLACE_SUBJECT = re.compile(rf"(?i)\b(?:{WORDS.alternation('place_subjects')})s?$")
#: Subjects that are no actor: pronouns, and the event or weapon itself ("A rocket strike on a base killed ...").
NOT_ACTOR_SUBJECT = re.compile(
    r"(?i)^(?:it|this|that|there|he|she|they|we|i|you|who)$|^[-–\s]*(?:(?:an?|the|one|two|three"
    r"|several)\s+)?(?:[\w.'’-]+\s+){0,2}"
    r"(?:strikes?|rockets?|missiles?|drones?|bombs?|blasts?|explosions?|shells?|shelling|attacks?|mortars?|devices?"
    r"|mines?|fire|barrage|bullets?|rounds|gunfire|gunshots?|grenades?|shrapnel"
    r"|fighting|clashes|battles?|gunfights?|firefights?|violence)\b"
)


def drop_the(phrase: str) -> str:
    """``phrase`` without a leading "The"/"the"."""
    return _LEADING_THE.sub("", phrase)


#: The first comma-delimited words of a clause ("Le même jeudi matin, ", "Cundinamarca, ").
_FIRST_SEGMENT = re.compile(r"^([^,;:.]{1,120}?),\s+(?=\S)")
#: Verbs that make a segment a clause of its own (its subject's), never a lead-in (data: subject, speech, died verbs).
_CLAUSE_VERBS = frozenset(w.lower() for w in (*WORDS.subject_verbs, *WORDS.speech_verbs, *WORDS.died_verbs))
#: A place's name alone (one to three capitalised words): the region after a town in "In La Vega, Cundinamarca, ...".
_PLACE_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*)(?:\s+(?:de\s+|del\s+|do\s+|da\s+)?[A-Z][\w'’.-]*){0,2}$")


def _names_actor(text: str) -> bool:
    lowered = text[:1].lower() + text[1:]
    return bool(ACTOR_PHRASE.search(text) or ACTOR_PHRASE.search(lowered) or MORE_ACTOR_NOUNS.search(text))


def _time_or_place_segment(text: str, after_place: bool) -> int:
    """Where a clause's opening time or place segment ends (0 if it has none): a short segment before a comma that
    holds a date and names no actor ("Le même jeudi matin, des hommes armés ..."), or, right after a place lead-in,
    the region of that place ("In La Vega, Cundinamarca, unidentified gunmen ..."): a place, not the subject."""
    segment = _FIRST_SEGMENT.match(text)
    if not segment or len(segment.group(1).split()) > 16 or _names_actor(segment.group(1)):
        return 0
    if any(w.lower().strip(",") in _CLAUSE_VERBS for w in segment.group(1).split()):
        return 0  # "Five people were killed on Monday, police said": a clause, not a time
    if find_date_expressions(segment.group(1)):
        return segment.end()
    if after_place and _PLACE_NAME.match(segment.group(1)) and text[segment.end() :][:1].islower():
        return segment.end()
    return 0


def strip_lead_in(text: str) -> str:
    """``text`` without its lead-in words ("On Monday, ", "According to police, ", "Le même jeudi matin, ", "In La
    Vega, Cundinamarca, "). A lead-in with no comma of its own runs on into the subject ("Last Friday the insurgents,
    who came from the coast, killed ..."): there only the date goes, and the subject stays."""
    lead = LEAD_IN.match(text)
    if not lead:
        cut = _time_or_place_segment(text, after_place=False)
        return text[cut:] if cut else text
    dates = find_date_expressions(lead.group(0))
    if dates and dates[0][0] == 0:
        end = dates[0][1]
        rest = lead.group(0)[end:].strip(" ,")
        if rest and "," not in lead.group(0)[:end] and (ACTOR_PHRASE.search(rest) or MORE_ACTOR_NOUNS.search(rest)):
            return text[end:].lstrip(" ,")
    rest = text[lead.end() :]
    place = lead.group(0).rstrip().endswith(",") and re.match(r"(?i)\s*(?:in|near|outside|at)\b", lead.group(0))
    cut = _time_or_place_segment(rest, after_place=bool(place))
    return rest[cut:] if cut else rest


def event_body(sentence: str) -> str:
    """The event sentence after its dateline and lead-in words: where its subject starts."""
    return strip_lead_in(sentence[dateline_end(sentence) :])


def actors_in(sentence: Sentence, ctx: ArticleContext) -> list[tuple[int, int, str]]:
    """(start, end, surface) of each actor the sentence names (actor phrases and the alias table's names), the
    longest at one position, left to right, without a leading "the"."""
    found = [(m.start(), m.end(), m.group(0)) for m in ACTOR_PHRASE.finditer(sentence.text)]
    found += [(a, b, surface) for a, b, surface, _ in ctx.actors.find(sentence.text)]
    # Longest first at one position; then left to right.
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept, end = [], -1
    for a, b, surface in found:
        if a >= end:
            kept.append((a, b, drop_the(surface)))
            end = b
    return kept


def phrase_stop(stops: re.Pattern[str], text: str, start: int) -> re.Match[str] | None:
    """Where a phrase starting at ``start`` ends; the closing bracket of an acronym it holds does not end it."""
    stop = stops.search(text, start)
    while stop and stop.group(0) == ")" and "(" in text[start : stop.start()]:  # "the Malian Armed Forces (FAMa)"
        stop = stops.search(text, stop.end())
    return stop


def noun_phrase_after(text: str, start: int, max_words: int = 9) -> str | None:
    """The words from ``start`` up to a preposition, a clause word or punctuation (at most ``max_words``)."""
    if NP_STOP.match(" " + text[start : start + 20]) or _NO_PHRASE_START.match(text[start : start + 8]):
        return None
    stop = phrase_stop(NP_STOP, text, start)
    while stop and _BY_STOP.match(stop.group(0)) and _USED_BY.search(text[start : stop.start()]):
        stop = NP_STOP.search(text, stop.end())  # "a hotel used by government officials": "by" belongs to the noun
    phrase = text[start : stop.start() if stop else len(text)].strip()
    words = phrase.split()
    if not words or len(words) > max_words:
        return " ".join(words[:max_words]) or None
    return phrase


def actor_phrase_after(text: str, start: int, max_words: int = 8) -> str | None:
    """An actor phrase starting at ``start``, kept with its "of ..." complement ("fighters of the Pakistani
    Taliban") and cut at a clause word, a preposition of place or time, or punctuation."""
    stop = phrase_stop(_ACTOR_NP_STOP, text, start)
    phrase = text[start : stop.start() if stop else len(text)].strip()
    phrase = _ACTOR_LEAD.sub("", phrase)
    words = phrase.split()
    if not words or len(words) > max_words or not _TWO_LETTERS.search(phrase):
        return None
    if not (ACTOR_PHRASE.search(phrase) or MORE_ACTOR_NOUNS.search(phrase) or _NAME_OR_PLURAL.search(phrase)):
        return None
    return phrase


def is_side(phrase: str) -> bool:
    """An armed actor (a side of a battle), not a place or a thing."""
    return bool(ACTOR_PHRASE.search(phrase) or MORE_ACTOR_NOUNS.search(phrase)) and not PLACE_SUBJECT.search(phrase)


# --- whole noun phrases: what a span cut in the wrong place leaves (issue 17, item 2) -------------------------

#: A dateline or a shouted place at the start ("BAGHDAD Nearly 120 people", "JAYAPURA, Indonesia—The bodies").
_DATELINE_HEAD = re.compile(
    r"^[A-Z]{3,}(?:[\s,]+[A-Z]{3,})*(?:,\s*[A-Z][\w'’. -]{1,30}?)?(?:\s*\([^)]{1,30}\))?"
    r"(?:\s*[-–—:]+\s*|\s+(?=(?:The|A|An|At|Nearly|More|Some|About|Around|Over|Up)\s))"
)
#: A clause word or preposition at the start: the phrase began before its noun ("When Masambo", "by both sides").
_HEAD_WORD = re.compile(
    r"(?i)^(?:when|while|as|after|before|if|because|since|until|though|although|by|and|or|but"
    r"|in our view|according to \w+)\b[\s,]*"
)
#: A preposition of place or time that opens the phrase ("In Talla Massali village three people"): the noun of the
#: phrase, if any, follows a quantity.
_PLACE_HEAD = re.compile(
    rf"(?i)^(?:in|on|at|near|outside|inside|around|from|into|across|with|(?:{merged_alternation('phrase_stops')}))\b"
)  # "con drones", "dans le village": the other languages' prepositions and clause words (data/cues_*.json)
#: A count with no noun ("two", "dos"): the head noun was cut off, so the span names nobody.
_BARE_NUMBER = re.compile(
    rf"(?i)(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|several|dozens|many|some"
    rf"|{merged_alternation('number_words')})"
)
#: A place told by what it is beside ("next to two pieces of heavy equipment"): where, never who or what.
_BESIDE_HEAD = re.compile(r"(?i)^(?:next|close|adjacent|opposite)\s+to\b")
#: A number left at the end ("... equipment and three"): the head of a count the span cut off.
_DANGLING_NUMBER = re.compile(
    r"(?i)\s+(?:(?:and|or)\s+)?(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten)$"
)
#: Where a clause starts inside a span: a finite verb, "and" before a verb, a dash, a quote mark, "to" before a
#: verb, a participle of motion ("people and leaving 50 others", "Houses were burned and ...", "soldiers - 18").
_CLAUSE_CUT = re.compile(
    r"\s+(?:was|were|is|are|has|have|had|will|would|can|could|lost|died|fled)\b"
    r"|\s+(?:and|or|but)\s+(?:\w+ing|\w+ed|shot|left|leaving|set|fled|took|made|went|began|hit)\b"
    r"|,?\s+(?:who|which|whom|whose)\b|\s+of\s+\w+ing\b"
    r"|\s+to\s+(?:help|reach|ensure|protect|guard|secure|support|stop|prevent|avoid|try|make|take|get|be|do)\b"
    r"|\s+\w+ing\s+(?:for|to|towards?|into|from|through|along)\b"
    # a participle clause with its object after a plural: "troops carrying out an operation", "men riding motorcycles"
    r"|(?<=s|n)\s+(?!(?:during|including|according|following|morning|evening|building|wedding|housing|nothing)\b)"
    r"[a-z]+ing"
    r"\s+(?:out|up|an?|the|their|his|her|its)\b"
    r"|\s*[-–—]+\s|\s*[\"“”]|\s*[;:!?]|(?<=[a-z]{2})\.(?:\s|$)"
    r"|\s+(?:the\s+)?(?:same|previous|following|next|last|this)\s+(?:day|night|morning|afternoon|evening|week)\b"
    r"|\s*\|"  # a site's separator ("célula delictiva | Clima"): never inside a noun phrase
    r"|,?\s+(?:que|qui|quien|quienes|dont|onde|cuyo|cuya)\b"  # the cue languages' relative words, as "who"
)
#: A report's source and its verb before the phrase ("media sources said a woman named X"): the phrase follows it.
_SAID_HEAD = re.compile(rf"^[^,;]{{0,60}}?\b(?:{WORDS.alternation('speech_verbs')})\s+(?:that\s+)?(?=\S)", re.I)
#: A verb of dying at the head ("Murieron tres hombres"): the victims follow it.
_DIED_HEAD = re.compile(rf"(?i)^(?:{WORDS.alternation('died_verbs')})\s+")
#: A participle left at the end ("a base shared [by ...]"): the phrase's agent was cut off; it describes nothing.
_ARTICLE_ONLY = re.compile(r"(?i)\s*(?:the|a|an)?\s*")
_DANGLING_PARTICIPLE = re.compile(r"(?<=\w)\s+(?!(?:" + "|".join(WORDS.ed_adjectives) + r")\b)[a-z]+ed$")
#: Words a whole phrase never ends with, and words that name nobody on their own (data).
_DANGLING = re.compile(rf"(?i)\s*(?:\s|^)(?:{WORDS.alternation('dangling_words')}|\w+{ADVERB_END})$")
_ANAPHOR = re.compile(rf"(?i)(?:(?:the|a|an|this|that|these|those)\s+)?(?:{WORDS.alternation('anaphors')})")
#: Trailing punctuation and the leading article "The" of a sentence-initial span.
_EDGE_PUNCTUATION = re.compile(r"^[\s,;:.'\"“”‘’(-]+|[\s,;:.'\"“”‘’-]+$")


def whole_phrase(phrase: str | None) -> str | None:
    """``phrase`` as a whole noun phrase, or None when no noun phrase is left: a dateline, a clause word or a
    quantity at its head is dropped ("BAGHDAD Nearly 120 people" -> "people"), a clause inside it is cut off
    ("people and leaving 50 others" -> "people"), as are words it cannot end on ("a convoy of" -> "a convoy",
    "members allegedly" -> "members") and an unclosed bracket; a pronoun or a word pointing back ("there",
    "another", "the group") names nobody. The result is always a substring of ``phrase``, so it still grounds."""
    if not phrase or _BESIDE_HEAD.match(phrase.strip()):
        return None
    if phrase.lstrip()[:1] in '"“‘' and not re.search(r"[\"”’]", phrase.lstrip()[1:]):
        return None  # a quote's first words: '"We were attacked'
    text = phrase
    for _ in range(3):  # heads can stack: "JAYAPURA, Indonesia—When the gunmen"
        before = text
        text = _EDGE_PUNCTUATION.sub("", text)
        text = _DATELINE_HEAD.sub("", text, count=1) if _DATELINE_HEAD.match(text) and text.upper() != text else text
        text = _HEAD_WORD.sub("", text, count=1)
        text = LEAD_IN.sub("", text) if "," in text else text  # "In our view, the separatists"
        text = _SAID_HEAD.sub("", text, count=1)  # "media sources said a woman named X"
        text = _DIED_HEAD.sub("", text, count=1)  # "Murieron tres hombres y un policía"
        if _PLACE_HEAD.match(text):
            counted = re.search(QUANTITY.pattern.replace("^", r"\s", 1), text)
            if not counted:
                return None  # "next to two pieces": a place or a time, not a noun phrase
            text = text[counted.start() :].strip()
        if text == before:
            break
    cut = _CLAUSE_CUT.search(text)
    if cut:
        text = text[: cut.start()]
    if text.count("(") > text.count(")"):  # "the National Liberation Army (ELN"
        text = text[: text.rfind("(")]
    quantity = QUANTITY.match(text + " ")
    if quantity and quantity.end() <= len(text) and not text[: quantity.end()].strip().lower().startswith("one"):
        text = text[quantity.end() :]  # the count belongs to killed/injured: "Nearly 120 people" -> "people"
    while (dangling := _DANGLING.search(text) or _DANGLING_NUMBER.search(text)) and dangling.start() > 0:
        text = text[: dangling.start()]
    participle = _DANGLING_PARTICIPLE.search(text)
    if participle and not _ARTICLE_ONLY.fullmatch(text[: participle.start()]):  # "a base shared", not "the wounded"
        text = text[: participle.start()]
    text = _EDGE_PUNCTUATION.sub("", text).strip()
    if (
        not text
        or _ANAPHOR.fullmatch(text)
        or not _TWO_LETTERS.search(text)
        or _DANGLING.fullmatch(" " + text)
        or _BARE_NUMBER.fullmatch(text)
    ):
        return None
    return text
