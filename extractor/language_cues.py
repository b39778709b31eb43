"""Cue words for the languages beyond English that the decomposed strategy reads (``data/cues_<lang>.json``).

The decomposed strategy finds incidents and their fields with cue words: the sub-event cues of ``candidates``,
the actor and structure words of ``prompts/questions.json``. Each file here adds one language's words to those
lists (merged: a French word does not occur in English text, so the English reading is unchanged) and says
where the words come from. A backend reads a language only when it has cues for it (``cue_languages``; the
language gate's table, data/backend_languages.csv, lists the same codes). Validated on load, so a broken file
fails naming the file and the entry before any article is read.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .schemas import SUB_EVENT_TYPES

__all__ = [
    "LanguageCues",
    "check_alternative",
    "cue_languages",
    "cues_digest",
    "language_cues",
    "merged",
    "merged_alternation",
]

#: Structure lists whose patterns capture the place they name in their one group (prompts/questions.json's own
#: enumerated_clause: "four were killed in (Tamsu)").
PLACE_GROUP_LISTS = frozenset({"enumerated_clause"})
#: The files' names: data/cues_fr.json, data/cues_es.json, ...
CUE_FILE = re.compile(r"^cues_([a-z]{2})\.json$")


def check_alternative(name: str, word: str) -> None:
    """One alternative of a cue pattern (``name`` says where, for the error): non-empty, valid alone and without
    capturing groups, which the heuristics number themselves. Shared with prompts/questions.json's word lists."""
    if not word.strip():
        raise ValueError(f"{name}: an empty word")
    try:
        compiled = re.compile(f"(?:{word})")
    except re.error as exc:
        raise ValueError(f"{name}: {word!r} is not a valid pattern ({exc})") from None
    if compiled.groups:
        raise ValueError(f"{name}: {word!r} has a capturing group; use (?:...)")


def _valid_patterns(name: str, value: list[str]) -> list[str]:
    for pattern in value:
        check_alternative(name, pattern)
    return value


class LanguageCues(BaseModel):
    """One language's cue words; each list holds the alternatives of one regular expression."""

    model_config = ConfigDict(extra="forbid")

    language: str = Field(pattern=r"^[a-z]{2}$")
    #: Where the words come from (required: domain knowledge is data with its source).
    source: str = Field(min_length=20)
    notes: str = ""
    #: (pattern, sub-event type): words that make a type a candidate, as candidates' English cue table.
    sub_event_cues: list[tuple[str, str]]
    #: Head nouns of an actor phrase ("hommes", "militares"), in lower case: read in lower case or capitalised, and
    #: never an English word ("police", "forces"), which English's own table reads in lower case only.
    actor_nouns: list[str]
    #: Words that follow the noun in an actor phrase ("armés", "non identificados"), lower case.
    actor_modifiers: list[str]
    #: Words between an actor noun and the group's name ("rebelles du M23", "disidentes de las FARC").
    name_links: list[str]
    #: Words before an actor phrase that can be its article ("des", "los"); dropped from the names returned.
    determiners: list[str]
    #: Words before the doer of a passive ("par", "por"): what English says with "by".
    agent_markers: list[str]
    #: The article that is also the number one ("un marché", "una persona"): such a count is a toll only right
    #: beside a casualty word.
    article_numbers: list[str]
    #: Units of distance and time: a count of them ("une vingtaine de kilomètres") is never a toll.
    measure_words: list[str]
    #: Words that make a nearby count a death toll, and an injury toll.
    killed_words: list[str]
    injured_words: list[str]
    #: What comes right before a town's name ("à", "dans le village de", "en el municipio de"): what English says
    #: with "in", "near", "the village of".
    place_lead_ins: list[str]
    #: The lead-ins that call the name a settlement ("le village de", "la vereda"), like "the village of".
    settlement_lead_ins: list[str]
    #: Capitalised words that start a sentence or name a day or month, never a town ("Le", "Martes").
    not_place_names: list[str]
    #: Words where a noun phrase ends (prepositions, clause words, auxiliaries): "dans", "cuando", "foram".
    phrase_stops: list[str]
    #: What comes right before the object of an event ("attaque contre", "mataron a"): English "attacked", "on".
    object_lead_ins: list[str]
    #: The auxiliaries of a passive ("ont été", "fueron") and the participles whose passive subject is the
    #: victim ("tués", "asesinados") or what was attacked ("attaqué", "emboscados").
    passive_auxiliaries: list[str]
    passive_victim_verbs: list[str]
    passive_target_verbs: list[str]
    #: The time, place or source before a sentence's subject ("selon", "en", "durante"), up to a comma.
    lead_in_words: list[str]
    #: A sentence that opens on one of these and a new name is told of another place ("En Inzá, ..."), as English
    #: "In X, ...".
    sentence_place_openers: list[str]
    #: A quantity before a noun ("au moins quatre", "por lo menos 20"): the count goes to killed or injured.
    quantity_qualifiers: list[str]
    number_words: list[str]
    #: Event verbs that come before their subject (Arabic: "أطلق الحوثيون", the Houthis fired), with the
    #: particles and object pronouns written onto them; read by decomposed.verb_first.
    verb_first_verbs: list[str] = Field(default_factory=list)
    #: Nouns of fire that the owner's nationality follows in such a language ("غارة إسرائيلية", an Israeli strike).
    owned_fire_nouns: list[str] = Field(default_factory=list)
    #: Words that tell someone intervened at a protest (tear gas, a dispersal, arrests): English's in
    #: decomposed/questions.py; without them a protest is peaceful.
    intervention_words: list[str] = Field(default_factory=list)
    #: Verbs of taking the wounded into care ("llevado", "évacués", "socorridos"): the hospital they were taken to is
    #: no site of the event, as English "taken to", "admitted to" (decomposed.locations).
    care_verbs: list[str] = Field(default_factory=list)
    #: Words added to the lists of the same name in prompts/questions.json's actor_words and structure.
    actor_words: dict[str, list[str]] = Field(default_factory=dict)
    structure: dict[str, list[str]] = Field(default_factory=dict)
    not_event_patterns: list[str] = Field(default_factory=list)

    @field_validator(
        "actor_nouns",
        "actor_modifiers",
        "name_links",
        "determiners",
        "agent_markers",
        "article_numbers",
        "measure_words",
        "killed_words",
        "injured_words",
        "place_lead_ins",
        "settlement_lead_ins",
        "not_place_names",
        "phrase_stops",
        "object_lead_ins",
        "passive_auxiliaries",
        "passive_victim_verbs",
        "passive_target_verbs",
        "lead_in_words",
        "sentence_place_openers",
        "quantity_qualifiers",
        "number_words",
        "not_event_patterns",
        "verb_first_verbs",
        "owned_fire_nouns",
        "intervention_words",
        "care_verbs",
    )
    @classmethod
    def _patterns(cls, value: list[str], info: object) -> list[str]:
        return _valid_patterns(getattr(info, "field_name", "list"), value)

    @field_validator("actor_words", "structure")
    @classmethod
    def _word_lists(cls, value: dict[str, list[str]], info: object) -> dict[str, list[str]]:
        for name, words in value.items():
            if name in PLACE_GROUP_LISTS:  # one capturing group: the place the clause names
                words = [re.sub(r"\((?!\?)", "(?:", word, count=1) for word in words]
            _valid_patterns(f"{getattr(info, 'field_name', 'list')}.{name}", words)
        return value

    @field_validator("sub_event_cues")
    @classmethod
    def _known_types(cls, value: list[tuple[str, str]]) -> list[tuple[str, str]]:
        for pattern, sub in value:
            _valid_patterns("sub_event_cues", [pattern])
            if sub not in SUB_EVENT_TYPES:
                raise ValueError(f"sub_event_cues {pattern!r}: unknown sub-event type {sub!r}")
        return value


@lru_cache(maxsize=1)
def _raw_files() -> tuple[tuple[str, str], ...]:
    """(file name, text) of every packaged cue file, in name order."""
    data = files("extractor") / "data"
    found = [(entry.name, entry.read_text(encoding="utf-8")) for entry in data.iterdir() if CUE_FILE.match(entry.name)]
    return tuple(sorted(found))


@lru_cache(maxsize=1)
def language_cues() -> dict[str, LanguageCues]:
    """Every packaged language's cues by ISO 639-1 code; a broken file raises ValueError naming it."""
    out: dict[str, LanguageCues] = {}
    for name, raw in _raw_files():
        try:
            cues = LanguageCues.model_validate(json.loads(raw))
        except (ValueError, ValidationError) as exc:
            raise ValueError(f"extractor/data/{name}: {exc}") from None
        code = CUE_FILE.match(name)
        if code is None or cues.language != code.group(1):
            raise ValueError(f"extractor/data/{name}: says language {cues.language!r}, its name another")
        out[cues.language] = cues
    return out


def cue_languages() -> frozenset[str]:
    """The languages the decomposed strategy has cues for: English (its own tables) and every cue file's."""
    return frozenset({"en", *language_cues()})


def cues_digest() -> str:
    """The cue files' text, joined: whatever changes a cue word changes a digest made with it."""
    return "".join(f"{name}\n{raw}" for name, raw in _raw_files())


def merged(name: str) -> list[str]:
    """The words of list ``name`` ("actor_nouns", "killed_words", ...) over every language, in code order."""
    return [word for _, cues in sorted(language_cues().items()) for word in getattr(cues, name)]


def merged_alternation(name: str) -> str:
    """``merged(name)`` as the alternatives of one pattern; a pattern that matches nothing when none is listed."""
    words = merged(name)
    return "|".join(words) if words else r"(?!x)x"
