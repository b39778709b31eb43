"""Candidate-constrained decoding: offer the model spans found in the text instead of free text.

Before the call, code finds candidates for each text field (date expressions, counts, gazetteer places,
actor and site phrases, weapon words, clauses) and builds a per-article response model whose fields are
enumerations of those spans plus null. Under a JSON-schema grammar a weak model can then only choose words
that are in the article, so grounding holds by construction and it cannot write "killed": "2020".
"""

from __future__ import annotations

import re
from typing import Any, Literal, Optional

from pydantic import Field, create_model

from .language_cues import language_cues, merged, merged_alternation
from .normalize.dates import find_date_expressions
from .normalize.numbers import find_count_expressions
from .normalize.places import find_places
from .pipeline import ArticleContext, ValidatedDraft
from .schemas import SUB_EVENT_TYPES, IncidentDraft

#: Upper bound of choices per field, to keep the grammar and the prompt small on long articles.
MAX_CHOICES = 60
#: Upper bound of incidents per answer: a weak model can otherwise repeat one incident until the token limit.
MAX_INCIDENTS = 8

_ACTOR_NOUNS = (
    "militants|gunmen|gunman|fighters|militia|militias|militiamen|forces|troops|soldiers|army|police|policemen|"
    "officers|rebels|insurgents|jihadists|attackers|assailants|protesters|protestors|demonstrators|students|"
    "civilians|villagers|residents|workers|bandits|herders|farmers|youths|mob|crowd|group|groups|guards|"
    "convoy|patrol|checkpoint|base|embassy|government|military|authorities|men|women|children|journalists|"
    "worshippers|pilgrims|passengers|refugees|settlers|members|supporters|vigilantes"
)
_MODIFIER = r"(?:[A-Z][\w'’.-]*|[a-z]+-[a-z]+|suspected|unidentified|unknown|armed|security|government|rival|local|pro-government|anti-government)"
#: The same in the other languages read (data/cues_*.json): the modifiers follow the noun ("hommes armés non
#: identifiés", "civiles armados"), and a group's name follows "of" ("rebeldes del ELN", "milice CODECO").
#: Nouns in lower case or capitalised, never in capitals: a Spanish letterhead in an English article ("POLICÍA
#: METROPOLITANA") names no actor.
_ROMANCE_NOUNS = "|".join(f"[{noun[0].upper()}{noun[0]}]{noun[1:]}" for noun in merged("actor_nouns")) or r"(?!x)x"
_ROMANCE_ACTOR = (
    rf"(?:{_ROMANCE_NOUNS})"
    rf"(?:\s+(?i:{merged_alternation('actor_modifiers')})){{0,3}}"
    rf"(?:\s+(?:(?:{merged_alternation('name_links')})\s*)?[A-Z0-9][\w'’-]*(?:\s+[A-Z0-9][\w'’-]*){{0,3}})?"
)
#: An actor phrase: up to four modifiers and an actor noun ("suspected Boko Haram fighters"), or a phrase of the
#: other languages read; shared with decomposed/.
ACTOR_PHRASE = re.compile(
    rf"\b(?:{_MODIFIER}\s+){{0,4}}(?:{_ACTOR_NOUNS})(?:\s+(?:{_ACTOR_NOUNS}))?\b|\b{_ROMANCE_ACTOR}(?!\w)"
)
_PROPER = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of|al|el|for|and|[A-Z][\w'’.-]*))*(?<![\s,])")
_SITE_NOUNS = (
    "airport|market|marketplace|embassy|checkpoint|base|camp|mosque|church|school|hospital|clinic|bridge|road|"
    "highway|compound|prison|station|university|village|district|neighbourhood|neighborhood|port|square|"
    "headquarters|barracks|office|border crossing|mine|oil field|refinery|hotel|restaurant|bus station|stadium"
)
#: A site phrase: a place noun below the town with its modifiers and "of X" ("the central market of Gao").
SITE_PHRASE = re.compile(
    rf"\b(?:the\s+)?(?:(?:[A-Z][\w'’.-]*|central|main|military|international|police|army|air|local|refugee|"
    rf"displacement|busy|crowded|primary|secondary|old|new)\s+){{0,3}}(?:{_SITE_NOUNS})\b"
    r"(?:\s+of\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?"
)
# Clauses end at sentence punctuation and at straight double quotes: llama-cpp-python's schema-to-grammar
# converter mis-escapes a '"' inside an enum value and rejects the whole grammar.
_CLAUSE = re.compile(r'[^.;:!?\n"]+')
_NOT_ACTORS = frozenset(
    "The A An On In At It He She They We But And This That According No Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday January February March April May June July August September October November December".split()
)


#: Words that make a sub-event type a candidate. The model still chooses; the cues only rule out types the
#: article gives no sign of, which a weak model would otherwise copy from the worked examples.
_SUB_EVENT_CUES: tuple[tuple[str, str], ...] = (
    (
        r"rocket|mortar|shell(?:s|ing|ed)?\b|artillery|missile|katyusha|grad\b|howitzer",
        "Shelling/artillery/missile attack",
    ),
    (r"air ?strike|air raid|drone|warplane|fighter jet|helicopter|bombard|aerial", "Air/drone strike"),
    (
        r"roadside bomb|\bied\b|improvised explosive|landmine|\bmine\b|car bomb|explosive device|blast|explo(?:sion|ded)|bomb",
        "Remote explosive/landmine/IED",
    ),
    (r"suicide", "Suicide bomb"),
    (r"grenade", "Grenade"),
    (r"chemical|chlorine|sarin|mustard gas|toxic gas|nerve agent", "Chemical weapon"),
    (
        r"clash|fighting|fought|battle(?!field)|exchange of fire|firefight|gunfight|ambush|repelled|offensive",
        "Armed clash",
    ),
    (
        r"recaptur|retook|retaken|regain|liberat(?:ed|ing|es?\b|ion of)|back under (?:government|army) control",
        "Government regains territory",
    ),
    (
        r"seized control|took control|captur(?!ad[oa]s?\b|aron\b|ó\b|é)|overran|overrun|fell to|stormed",
        "Non-state actor overtakes territory",
    ),
    (r"\brape|sexual", "Sexual violence"),
    (r"kidnap|abduct|hostage|taken captive|disappear", "Abduction/forced disappearance"),
    (r"kill|shot|gunm[ae]n|attack|massacre|stabb|execut|murder|hacked|machete|torched|burn", "Attack"),
    (r"protest|march(?!é)|rally|rallied|demonstrat|sit-in|picket", "Peaceful protest"),  # "marché": a market
    (r"protest|march(?!é)|rally|demonstrat", "Protest with intervention"),
    (r"tear ?gas|water cannon|dispers|arrest|detain|baton|rubber bullet", "Protest with intervention"),
    (
        r"protesters? (?:were|was) (?:killed|shot|wounded)|fired (?:on|at|into) (?:the )?(?:protest|demonstrat|crowd)|live (?:ammunition|rounds)",
        "Excessive force against protesters",
    ),
    (r"riot|torched|looted|loot|set fire|stones|rocks|petrol bomb|vandal|rampage", "Violent demonstration"),
    (r"\bmob\b|lynch|vigilante|angry crowd|beaten to death", "Mob violence"),
)
#: The cue table compiled, English first, then the other languages read (data/cues_*.json, merged: their words do
#: not occur in English text): (pattern, sub-event type); decomposed/ finds mentions with it.
SUB_EVENT_CUE_PATTERNS = tuple(
    (re.compile(pattern, re.IGNORECASE), sub)
    for pattern, sub in (
        *_SUB_EVENT_CUES,
        *(cue for _, cues in sorted(language_cues().items()) for cue in cues.sub_event_cues),
    )
)


def cue_spans(
    text: str, sub_event_type: str | None, extra_cues: tuple[tuple[re.Pattern[str], str], ...] = ()
) -> list[tuple[int, int]]:
    """Where each cue pattern of ``sub_event_type`` (``extra_cues`` from data, then the cue table) first matches in
    ``text``: the verbs and nouns that name the event ("shot dead", "stormed")."""
    return [
        m.span() for pattern, sub in (*extra_cues, *SUB_EVENT_CUE_PATTERNS)
        if sub == sub_event_type and (m := pattern.search(text)) is not None
    ]  # fmt: skip


def sub_event_candidates(text: str) -> list[str]:
    """The sub-event types the article gives a sign of, in the vocabulary's order; all of them if none."""
    cued = {sub for pattern, sub in SUB_EVENT_CUE_PATTERNS if pattern.search(text)}
    return [sub for sub in SUB_EVENT_TYPES if sub in cued] or list(SUB_EVENT_TYPES)


def grammar_safe_text(span: str) -> bool:
    # llama-cpp-python's schema-to-grammar converter does not escape '"', '\\' or control characters in enum
    # values: such a choice breaks the grammar, or lets the model write a raw newline into a JSON string.
    return '"' not in span and "\\" not in span and not any(ord(ch) < 32 for ch in span)


def _unique(spans: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for span in spans:
        span = span.strip(" ,\"'“”‘’()")
        if span and len(span) <= 160 and grammar_safe_text(span) and span not in seen:
            seen[span] = None
    return list(seen)[:MAX_CHOICES]


def _actor_phrases(text: str, ctx: ArticleContext) -> list[str]:
    found = [m.group(0) for m in ACTOR_PHRASE.finditer(text)]
    found += [surface for _, _, surface, _ in ctx.actors.find(text)]
    found += [m.group(0) for m in _PROPER.finditer(text) if m.group(0).split()[0] not in _NOT_ACTORS]
    return [re.sub(r"^(?:The|the)\s+", "", f) for f in found]


_KILLED_CUES = re.compile(
    r"kill|dead|died|death|lives|bodies|fatalit|casualt|massacre|execut|shot dead|slain|no one|nobody"
    rf"|{merged_alternation('killed_words')}",
    re.I,
)
_INJURED_CUES = re.compile(
    rf"wound|injur|hurt|hospital|casualt|maimed|no one|nobody|unharmed|unhurt|{merged_alternation('injured_words')}",
    re.I,
)


def _counts_near(text: str, counts: list[tuple[int, int, str]], cues: re.Pattern[str]) -> list[str]:
    """Count phrases with a casualty word close by: "200 km" or "two countries" are not death tolls."""
    return [
        surface for start, end, surface in counts if cues.search(text, max(0, start - 50), min(len(text), end + 50))
    ]


def _clauses(text: str) -> list[str]:
    clauses = []
    for match in _CLAUSE.finditer(text):
        words = match.group(0).split()
        if len(words) >= 3:
            clauses.append(" ".join(words[:25]) if len(words) > 25 else match.group(0).strip())
    # Collapsed white space may no longer be a substring; keep only those that still are.
    return [c for c in clauses if c in text]


def find_candidates(ctx: ArticleContext) -> dict[str, list[str]]:
    """Candidate spans per draft field, each an exact substring of the article."""
    text = ctx.article.text
    places = _unique([surface for _, _, surface in find_places(text)])
    actors = _unique(_actor_phrases(text, ctx))
    counts = find_count_expressions(text)
    return {
        "type_quote": _unique(_clauses(text)),
        "date_text": _unique([surface for _, _, surface in find_date_expressions(text)]),
        "country": places,
        "admin1": places,
        "locality": places,
        "site": _unique([m.group(0) for m in SITE_PHRASE.finditer(text)]),
        "perpetrator": actors,
        "claimed_by": actors,
        "attributed_to": actors,
        "target": _unique(actors + [m.group(0) for m in SITE_PHRASE.finditer(text)]),
        "weapon": _unique([surface for _, _, surface, _ in ctx.weapons.find(text)]),
        "killed": _unique(_counts_near(text, counts, _KILLED_CUES)),
        "injured": _unique(_counts_near(text, counts, _INJURED_CUES)),
    }


def _choice_type(choices: list[str]) -> Any:
    return Optional[Literal[tuple(choices)]] if choices else type(None)  # noqa: UP007, UP045 - runtime construction


def candidate_model(ctx: ArticleContext) -> type[ValidatedDraft]:
    """A per-article response model whose text fields accept only that article's candidates or null."""
    subs = sub_event_candidates(ctx.article.text)
    fields: dict[str, Any] = {"sub_event_type": (Literal[tuple(subs)], ...)}
    for name, choices in find_candidates(ctx).items():
        described = IncidentDraft.model_fields[name].description
        if name == "type_quote" and choices:  # required: the type of every record must rest on the text
            fields[name] = (Literal[tuple(choices)], Field(description=described))
        else:
            fields[name] = (_choice_type(choices), Field(default=None, description=described))
    incident = create_model("IncidentChoice", __base__=IncidentDraft, **fields)
    return create_model(
        "ExtractionChoice",
        __base__=ValidatedDraft,
        incidents=(list[incident], Field(default_factory=list, max_length=MAX_INCIDENTS)),  # type: ignore[valid-type]
    )
