"""The small questions asked about one mention, and their options: spans of the article near it, plus none.

Options come in the order a fixed heuristic prefers (the event's own sentence first, the phrase after
"in"/"near" before a passing name, "none" first where a cue word is missing), and each option carries a log
prior: 0 for the heuristic's answer, ``-prior_weight`` for the others. A model adds its log-likelihood and
wins where it is confident enough; the no-model ``rules`` engine simply takes the heuristic's answer.
Question wording, type labels, extra cues and weights are data (``prompts/questions.json``), validated on load.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from pydantic import BaseModel, Field, field_validator

from ..candidates import _ACTOR, _SITE
from ..normalize.dates import find_date_expressions
from ..normalize.numbers import find_count_expressions
from ..normalize.places import country_code, find_places, geocode
from ..pipeline import ArticleContext
from ..resources import resource_dir
from ..schemas import SUB_EVENT_TYPES
from .mentions import Mention, Sentence, cued_types, dateline_end

__all__ = ["Choice", "Chooser", "Question", "QuestionSet", "build_questions", "load_questions"]

QUESTION_FILE = "questions.json"
FIELDS = ("incident", "sub_event_type", "date_text", "locality", "country", "site", "perpetrator", "claimed_by",
          "attributed_to", "target", "weapon", "killed", "injured")


class QuestionSpec(BaseModel):
    ask: str = Field(min_length=3)
    #: How many nats the model's log-likelihood must beat the heuristic's pick by to overrule it.
    prior_weight: float = Field(ge=0)
    #: Put to the engine at all; False keeps the heuristic's pick (measured on dev: the model does not help).
    model: bool = True


class QuestionSet(BaseModel):
    """prompts/questions.json: what is asked and how much the heuristic's order weighs."""

    version: int
    instructions: str
    passage_label: str
    none_option: str
    questions: dict[str, QuestionSpec]
    type_labels: dict[str, str]
    extra_cues: list[tuple[str, str]]
    not_event_patterns: list[str]
    primary_window_days: int = Field(ge=0)
    notes: str = ""
    #: The heuristic's preference among cued types: most specific first.
    type_precedence: list[str]
    digest: str = ""

    @field_validator("questions")
    @classmethod
    def _every_field(cls, value: dict[str, QuestionSpec]) -> dict[str, QuestionSpec]:
        missing = set(FIELDS) - set(value)
        if missing or set(value) - set(FIELDS):
            raise ValueError(f"questions must be exactly {', '.join(FIELDS)}; missing {sorted(missing)}")
        return value

    @field_validator("type_labels")
    @classmethod
    def _every_type(cls, value: dict[str, str]) -> dict[str, str]:
        if set(value) != set(SUB_EVENT_TYPES):
            raise ValueError(f"type_labels must name every sub-event type; differs on {sorted(set(value) ^ set(SUB_EVENT_TYPES))}")
        return value

    @field_validator("type_precedence")
    @classmethod
    def _all_types(cls, value: list[str]) -> list[str]:
        if sorted(value) != sorted(SUB_EVENT_TYPES):
            raise ValueError("type_precedence must list every sub-event type once")
        return value

    @field_validator("extra_cues")
    @classmethod
    def _known_types(cls, value: list[tuple[str, str]]) -> list[tuple[str, str]]:
        for pattern, sub in value:
            re.compile(pattern)
            if sub not in SUB_EVENT_TYPES:
                raise ValueError(f"extra cue {pattern!r}: unknown sub-event type {sub!r}")
        return value

    @property
    def cue_patterns(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        return _compiled_cues(tuple(self.extra_cues))

    @property
    def not_event(self) -> re.Pattern[str] | None:
        return re.compile("|".join(self.not_event_patterns), re.IGNORECASE) if self.not_event_patterns else None


@lru_cache(maxsize=8)
def _compiled_cues(cues: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern, re.IGNORECASE), sub) for pattern, sub in cues)


@lru_cache(maxsize=1)
def load_questions() -> QuestionSet:
    """Load and validate the packaged question file once per process; ``digest`` hashes its source."""
    raw = (resource_dir("prompts") / QUESTION_FILE).read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
        questions = QuestionSet.model_validate(data)
    except ValueError as exc:
        raise ValueError(f"prompts/{QUESTION_FILE}: {exc}") from exc
    return questions.model_copy(update={"digest": hashlib.sha256(raw.encode()).hexdigest()[:12]})


@dataclass(frozen=True)
class Choice:
    """The chosen option and each option's score (log-likelihood plus prior; the prior alone without a model)."""

    index: int
    logprobs: tuple[float, ...]


class Chooser(Protocol):
    """What the decomposed path needs of an engine: pick one option for a question about the article."""

    def choose(self, context: str, question: str, options: list[str], prior: list[float] | None = None) -> Choice: ...


@dataclass(frozen=True)
class Question:
    """One question about one mention: ``values[i]`` is what option ``i`` puts into the draft."""

    field: str
    text: str
    options: tuple[str, ...]
    values: tuple[str | None, ...]
    prior: tuple[float, ...]

    @property
    def trivial(self) -> bool:
        return len(self.options) < 2


# --- heuristics: each returns candidate spans, the preferred one first --------------------------------

_NEAR_PLACE = re.compile(r"\b(?:in|near|at|outside|around|of|from)\s+(?:the\s+)?(?:(?:town|city|village|district|province|region|state|capital)\s+of\s+)?$", re.I)
_SOURCE_VERBS = re.compile(r"^\s*(?:said|say|says|told|reported|added|confirmed|stated|announced|according)\b", re.I)
_CLAIM = re.compile(
    r"\bclaim(?:ed|s|ing)?\s+(?:(?:full\s+|sole\s+)?responsibility|credit|it\b|(?:the|this|that|both|these|its)\s+(?:\w+\s+){0,2}?"
    r"(?:attacks?|bombings?|strikes?|killings?|raids?|assaults?|ambush(?:es)?|abductions?|kidnappings?|operations?|blasts?"
    r"|explosions?|capture|shooting|barrage|seizure|executions?))|\b(?:took|accepted|assumed)\s+responsibility\b", re.I)
_NO_CLAIM = re.compile(r"\b(?:no|not|nobody|none)\b[^.]{0,30}claim|\bdenie[sd]\b|\bdeny\b", re.I)
_BLAME = re.compile(r"\b(?:blam\w*|suspect\w*|accus\w*|attribut\w*|believed to be|held responsible|pointed the finger)\b", re.I)
_TARGET_LEAD = re.compile(r"\b(?:on|at|against|targeting|targeted|hit|struck|attacked|raided|stormed|ambushed|killing|abducted|kidnapped|shot)\s+(?:dead\s+)?$", re.I)
_KILL_WORD = re.compile(r"kill|dead|died|death|lives|bodies|fatalit|slain|massacre|execut|no casualties|no one was hurt|no one was killed|nobody was", re.I)
_HURT_WORD = re.compile(r"wound|injur|hurt|hospital|casualt|maimed|unharmed|unhurt", re.I)
_ZERO_BOTH = re.compile(r"\bno (?:casualties|one was hurt|one was injured or killed|injuries or deaths|deaths or injuries)\b|\bno one (?:was )?hurt\b", re.I)
_ACTOR_WORDS = re.compile(r"^(?:gunm[ae]n|gunman)$", re.I)
_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'-]+?)(?:,\s*[A-Z][A-Za-z .]+)?\s*(?:\([^)]*\))?\s*[-–—]")


def _spans(sentences: list[Sentence], finder) -> list[tuple[Sentence, int, int, str]]:
    out = []
    for s in sentences:
        out += [(s, s.start + a, s.start + b, surface) for a, b, surface in finder(s.text)]
    return out


def _dedupe(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def _window(mention: Mention) -> list[Sentence]:
    return ([mention.headline] if mention.headline else []) + mention.sentences


def _place_window(mention: Mention) -> list[Sentence]:
    return _window(mention) + ([mention.before] if mention.before else [])


_INTERVENTION = re.compile(
    r"(?i)tear ?gas|water cannon|dispers|\barrest|detain|baton|rubber bullet|broke up|break up|pushed back|charged"
    r"|clash\w* with (?:the )?(?:police|security|riot)|pepper spray|stun grenade")


def type_options(mention: Mention, qs: QuestionSet) -> list[str]:
    """Cued types, those of the event's own sentence (and headline) first, each group most specific first."""
    own = cued_types(" ".join(s.text for s in ([mention.headline] if mention.headline else []) + [mention.lead]), qs.cue_patterns)
    rank = qs.type_precedence.index
    ranked = sorted(own, key=rank) + sorted((c for c in mention.cues if c not in own), key=rank)
    if "Peaceful protest" not in ranked:  # arrests, dispersals and shootings are protest types only at a protest
        ranked = [t for t in ranked if t not in ("Protest with intervention", "Excessive force against protesters")] or ranked
    elif not _INTERVENTION.search(" ".join(s.text for s in _window(mention))):
        # "protest" and "march" cue both protest types; without tear gas, arrests or a dispersal nobody intervened
        ranked = [t for t in ranked if t != "Protest with intervention"]
    return ranked


def date_options(mention: Mention) -> list[str]:
    found = [(s is mention.lead, surface) for s, start, _, surface in _spans(mention.sentences, find_date_expressions)
             if not surface.lower().startswith("since") and start - s.start >= dateline_end(s.text)]
    lead = [surface for in_lead, surface in found if in_lead]
    return _dedupe(lead + [surface for _, surface in found])


def place_kind(surface: str, ctx: ArticleContext) -> str | None:
    """'country', 'town' or 'region' for a place name of the article; None for a name that is neither."""
    found = resolve_place(surface, ctx)
    return found[0] if found else None


def resolve_place(surface: str, ctx: ArticleContext) -> tuple[str, str] | None:
    """(kind, ISO country) of a place name, looked up first in the countries the article is about."""
    return _resolve_place(surface, ctx.place_names, tuple(article_countries(ctx)))


@lru_cache(maxsize=4096)
def _resolve_place(surface: str, context: tuple[str, ...], countries: tuple[str, ...]) -> tuple[str, str] | None:
    code = country_code(surface)
    if code is not None and geocode(surface, context=context).reason == "locality is a country":
        return "country", code
    for cc in countries or (None,):
        result = geocode(surface, country=cc, context=context)
        places = [result.place] if result.place is not None else list(result.candidates)
        places = [p for p in places if p is not None and (cc is None or p.country == cc)]
        if places:
            kind = "town" if any(p.feature == "city" for p in places) else "region" if any(p.feature == "admin1" for p in places) else None
            if kind is not None:
                return kind, places[0].country
    return ("country", code) if code is not None else None


def article_countries(ctx: ArticleContext) -> list[str]:
    """The countries an article is about, most likely first: country names count twice, demonyms once
    (they often name an actor), towns for their country; the headline and first lines count three times.
    Only named countries are candidates when there are any; otherwise only the top town country."""
    return list(_article_countries(ctx.article.text, ctx.place_names))


@lru_cache(maxsize=64)
def _article_countries(text: str, context: tuple[str, ...]) -> tuple[str, ...]:
    weights: dict[str, float] = {}
    named: set[str] = set()
    opening = len(" ".join(text.split("\n\n")[:3]))
    for start, _, surface in find_places(text):
        boost = 3.0 if start < opening else 1.0
        code = country_code(surface)
        if code is not None and geocode(surface, context=context).reason == "locality is a country":
            named.add(code)
            weights[code] = weights.get(code, 0.0) + boost * (1.0 if surface[:1].isupper() and surface.endswith(("n", "i", "ese", "ish", "ian")) else 2.0)
            continue
        result = geocode(surface, context=context)
        if result.place is not None and result.place.feature == "city":
            weights[result.place.country] = weights.get(result.place.country, 0.0) + 2.0 * boost
    ranked = sorted(weights, key=lambda c: -weights[c])
    return tuple(c for c in ranked if c in named) if named else tuple(ranked[:1])


_REGION_WORDS = re.compile(r"^\s+(?:region|province|state|oblast|governorate|department|county|prefecture)\b", re.I)


def region_named_for(town: str, country: str, ctx: ArticleContext) -> str | None:
    """The article's own name for the town's first-level region ("Donetsk region", "South Kivu province"),
    when the gazetteer puts the town in it; analysts code admin1 as the article names it."""
    text = ctx.article.text
    home = geocode(town, country=country, context=ctx.place_names).place
    if home is None or not home.admin1:
        return None
    for start, end, surface in find_places(text):
        if not _REGION_WORDS.match(text[end:end + 16]) and resolve_place(surface, ctx) != ("region", country):
            continue
        region = geocode(None, admin1=surface, country=country).place
        if region is not None and region.admin1 == home.admin1 and surface != town:
            return surface
    return None


def main_country(ctx: ArticleContext) -> list[str]:
    countries = article_countries(ctx)
    surface = country_surface(countries[0], ctx) if countries else None
    return [surface] if surface else []


def country_surface(code: str, ctx: ArticleContext) -> str | None:
    """The article's own words for a country (its name or demonym), so the value stays grounded."""
    return next((surface for _, _, surface in find_places(ctx.article.text) if country_code(surface) == code), None)


def _dateline(text: str) -> str | None:
    for line in text.splitlines()[1:6]:
        m = _DATELINE.match(line)
        if m:
            return m.group(1).strip().title()
    return None


def place_options(mention: Mention, ctx: ArticleContext) -> tuple[list[str], list[str]]:
    """(towns or regions, countries) named around the mention: a town after "in"/"near" in the event's own
    sentence first, then regions, then passing names, then the dateline's town."""
    text = ctx.article.text
    ranked: list[tuple[int, int, str]] = []
    countries: list[str] = []
    for n, (s, start, _, surface) in enumerate(_spans(_place_window(mention), find_places)):
        found = resolve_place(surface, ctx)
        if found is None:
            continue
        if found[0] == "country":
            countries.append(surface)
            continue
        own = s is mention.lead or s is mention.headline
        after_preposition = bool(_NEAR_PLACE.search(text[max(0, start - 30):start]))
        rank = (0 if own else 2) + (0 if after_preposition else 1)
        ranked.append((rank * 2 + (found[0] == "region"), n, surface))
    ranked.sort()
    places = [surface for *_, surface in ranked]
    if mention.primary and (line := _dateline(text)) and place_kind(line, ctx) in ("town", "region"):
        places.append(line)
    return _dedupe(places), _dedupe(countries)


def _actors_in(sentence: Sentence, ctx: ArticleContext) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), m.group(0)) for m in _ACTOR.finditer(sentence.text)]
    found += [(a, b, surface) for a, b, surface, _ in ctx.actors.find(sentence.text)]
    # Longest first at one position; then left to right.
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept, end = [], -1
    for a, b, surface in found:
        if a >= end:
            kept.append((a, b, re.sub(r"^(?:The|the)\s+", "", surface)))
            end = b
    return kept


_OBJECT_VERB = re.compile(
    r"\b(?:(?:struck|hit|landed|fell|exploded|came down|went off)\s+(?:(?:early|late|shortly|just|right|directly|overnight|on|this|last|the|morning|afternoon|evening|night"
    r"|today|yesterday|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s+){0,4}?"
    r"(?:near|close to|outside|inside|at|in front of|next to|beside|under|beneath)"
    r"|(?:threw|thrown|hurled|lobbed|tossed|fired|launched)\b[^.,;]{0,40}?\b(?:at|into)|(?:drove|rammed|crashed)\b[^.,;]{0,40}?\binto"
    r"|(?:attack|bombing|assault|raid|ambush|strike|blast|explosion|shelling)s?\s+(?:on|at|against|targeting)"
    r"|opened fire on|fired on|fired at|fired into|set fire to|slammed into|came down on|rained down on|shot dead|shot down"
    r"|ripped through|tore through|blew (?:himself|herself|themselves) up (?:at|in|near|outside|inside|among)"
    r"|detonated\b[^.,;]{0,40}?\b(?:at|in|near|outside|inside|among)|ransacked|vandali[sz]ed|smashed|burned|burnt"
    r"|sexually assaulted"
    r"|hit|hits|struck|targeted|targeting|shelled|bombed|stormed|raided|ambushed|attacked|abducted|abducting"
    r"|kidnapped|kidnapping|seized|overran|killing|killed|shot|torched|looted|against|sprayed|burst into"
    r"|pelted|stoned|lynched|beat|attacking|raped|destroyed|fought|battled|clashed with|repelled)\s+", re.I)
#: Verbs whose object is a victim (people), preferred as target for attacks on civilians and abductions.
_VICTIM_VERBS = re.compile(r"(?i)^(?:killing|killed|shot dead|shot|abducted|abducting|kidnapped|kidnapping|sprayed|lynched|beat|raped"
                           r"|opened fire on|fired on|fired at|fired into)\s")
_WEAPON_OBJECT = re.compile(r"(?i)\b(?:devices?|landmines?|mines?|bombs?|ieds?|explosives?)$")
_VEHICLE = re.compile(r"(?i)\b(?:an?|the|their|its|his|her)\s+(?:[\w-]+\s+){0,2}?(?:bus|minibus|truck|car|vehicle|van|convoy|patrol|pickup|tanker|lorry)\b")
#: "Father X, a priest, was taken from ...", "18 worshippers were abducted": the subject is the victim.
_PASSIVE_VICTIM = re.compile(
    r"^([^,;]{3,60}?)(?:,[^,;]{0,80},)?\s+(?:was|were|had been|have been|has been)\s+(?:\w+ly\s+)?"
    r"(?:killed|abducted|kidnapped|taken|shot|wounded|injured|raped|attacked|beaten|hacked|stabbed|executed|seized|murdered)\b")
_HOSTAGE = re.compile(r"(?i)\btook\s+(?:(?:at least|about|some|more than)\s+)?(?:\d+|dozens of|scores of|several|\w+)?\s*([a-z][\w\s'-]{2,40}?)\s+hostage\b")
_PASSIVE_TARGET = re.compile(
    r"^([^,;]{3,60}?)(?:,[^,;]{0,80},)?\s+(?:was|were|had been|have been|has been)\s+(?:\w+ly\s+)?"
    r"(?:attacked|ambushed|hit|struck|targeted|shelled|bombed|raided|stormed|overrun|torched|set on fire|looted)\b"
    r"|^([^,;]{3,60}?)\s+came under\s+(?:heavy\s+)?(?:fire|attack|assault|shelling)\b")
#: A quantity before a noun ("at least six civilians" -> "civilians"): the count goes to killed/injured.
_QUANTITY = re.compile(
    r"(?i)^(?:(?:at least|more than|over|about|around|some|nearly|almost|up to|an estimated|between)\s+)?"
    r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty"
    r"|dozens|scores|hundreds|thousands|several|many)(?:\s+(?:and|to)\s+(?:\d+|\w+))?(?:\s+of)?\s+(?=[A-Za-z])")
_NP_STOP = re.compile(
    r"\s+(?:in|near|on|with|killing|wounding|injuring|and\s+(?:killed|wounded|injured|fled|set|\w+ed\b)|late|early|shortly|overnight"
    r"|as|when|while|after|before|during|from|using|by|but|which|who|outside|close|around|at|about|just|across|last|this|to death"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|\s*[,.;:()\"“”]|$", re.I)
_SUBJECT_VERBS = frozenset(
    "killed attacked opened hurled threw stormed shot fired launched struck hit seized took clashed fought set abducted"
    " kidnapped detonated carried have has had were was are is said say says raided ambushed bombed shelled stabbed"
    " hacked burned torched looted blocked marched gathered rallied protested occupied entered drove overran captured"
    " recaptured retook targeted pounded fired claimed blew dispersed used lobbed tossed exploded went burst broke"
    " sprayed conducted swept surrounded began continued pushed made led".split())
_ED_ADJECTIVES = frozenset("armed unidentified suspected hooded masked alleged uniformed organised organized unarmed".split())
_LEAD_IN = re.compile(
    r"^(?:\d{1,2}[:.]\d{2}\s*[-–—]?\s*|[A-Z][\w'’ -]{0,30}:\s+"
    r"|(?:on|in|late|early|at|around|shortly|overnight|last|this|according|after|before|during|following|earlier)\b[^,]{0,70},\s*)+", re.I)
_CLAUSE_OPENERS = re.compile(r"\b(?:when|as|after|where|while|because|that)\s+", re.I)
#: An aside between commas ("Gunmen, who came on motorbikes, shot ..."; "X, an offshoot of Y, claimed ...").
_ASIDE = re.compile(r",[^,;]{1,100},")
_SPEAKER_FOR = re.compile(r"(?i)\b(?:spokes(?:man|woman|person)|leader|commander|statement|message|channel)\s+(?:for|of|from|by)\s+(?:the\s+)?")
#: A place is no actor, though "checkpoint" or "base" also name who was attacked ("The checkpoint was set up ...").
_PLACE_SUBJECT = re.compile(r"(?i)\b(?:checkpoint|base|embassy|camp|market|station|post|building|convoy|vehicle|bus|car|truck)s?$")
#: Subjects that are no actor: pronouns, and the event or weapon itself ("A rocket strike on a base killed ...").
_NOT_ACTOR_SUBJECT = re.compile(
    r"(?i)^(?:it|this|that|there|he|she|they|we|i|you|who)$|^[-–\s]*(?:(?:an?|the|one|two|three|several)\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:strikes?|rockets?|missiles?|bombs?|blasts?|explosions?|shells?|shelling|attacks?|mortars?|devices?|mines?|fire|barrage"
    r"|fighting|clashes|battles?|gunfights?|firefights?|violence)\b")
_FIGHT_SUBJECT = re.compile(r"(?i)\b(?:fighting|clashes|battles?|gunfights?|firefights?|violence)\b")
#: The two sides of a fight: "fighting between [the army] and [rebels of X]", "clashes between [herders] and [farmers]".
_BETWEEN = re.compile(
    r"(?i)\b(?:fighting|clash(?:es)?|battles?|gunfights?|firefights?|exchanges? of fire|violence|erupted|broke out)\b[^.;]{0,80}?"
    r"\bbetween\s+(?:the\s+)?(.+?)\s+and\s+(?:the\s+)?(.+?)(?=\s+(?:in|near|on|at|around|killed|left|that|which|who|over|after)\b|[,.;]|$)")
#: "Troops retook the town from [insurgents]", "drove [the rebels] out of": who lost the ground.
_TAKEN_FROM = re.compile(
    r"(?i)\b(?:retook|recaptured|captured|seized|took(?:\s+back)?|wrested|liberated|freed|regained|reclaimed|retaken|recaptured)\b"
    r"[^.;]{0,80}?\bfrom\s+(?:the\s+(?:control|hands)\s+of\s+)?|\b(?:drove|pushed|chased|expelled|ousted)\s+(?=[^.;]{3,60}?\bout\b)")
#: "Soldiers repelled an attack by [militants]": who attacked follows "by".
_ATTACK_BY = re.compile(r"(?i)\b(?:attacks?|assaults?|raids?|ambush(?:es)?|offensive|incursions?)\s+(?:\w+\s+)?by\s+")
#: "A patrol came under fire from [militants]": the attacker follows, the subject was attacked.
_UNDER_FIRE = re.compile(r"(?i)\bcame under\s+(?:heavy\s+|sustained\s+)?(?:fire|attack|assault|gunfire|shelling)\s+(?:from|by)\s+")
_NOT_PERPETRATORS = re.compile(
    r"(?i)\b(?:officials?|sources?|spokes(?:man|woman|person)|ministry|minister|medics|doctors|witnesses"
    r"|reporters|journalists|observatory|monitor|agency|statement|people|civilians|toll)\b")
#: Verbs of saying: their subject is a source, never the actor of the event.
_SPEECH_VERBS = frozenset("said say says told reported added confirmed stated announced claimed".split())
_MORE_ACTOR_NOUNS = re.compile(
    r"(?i)\b(?:aircraft|warplanes?|jets?|drones?|command|coalition|brigades?|battalions?|regiment|unit|navy|air force"
    r"|man|woman|men|assailants?|attackers?|gunm[ae]n|bombers?|individuals|fighters|demonstrators|protesters|rioters"
    r"|activists|marchers|residents|youths?)\b")


#: A participle that describes the noun before it: the "by ..." after it says whose the place is, not who attacked.
_USED_BY = re.compile(r"(?i)\b(?:used|run|owned|operated|frequented|guarded|manned|occupied|held|controlled|popular|favoured|favored)$")


def noun_phrase_after(text: str, start: int, max_words: int = 9) -> str | None:
    """The words from ``start`` up to a preposition, a clause word or punctuation (at most ``max_words``)."""
    if _NP_STOP.match(" " + text[start:start + 20]) or re.match(r"(?i)(?:and|or|to|of|more|than)\b|(?:the|a|an)\b\s*(?:$|[,.;])", text[start:start + 8]):
        return None
    stop = _NP_STOP.search(text, start)
    while stop and re.match(r"\s+by\b", stop.group(0)) and _USED_BY.search(text[start:stop.start()]):
        stop = _NP_STOP.search(text, stop.end())  # "a hotel used by government officials": "by" belongs to the noun
    phrase = text[start:stop.start() if stop else len(text)].strip()
    words = phrase.split()
    if not words or len(words) > max_words:
        return " ".join(words[:max_words]) or None
    return phrase


#: A town, its centre or outskirts is where an event happened (site, locality), never what was attacked.
_TOWN_OBJECT = re.compile(
    r"(?i)\b(?:town|city|village|capital|province|region|district|governorate|state)\s+of\s+[A-Z]|^(?:the\s+)?(?:outskirts|edge|centre|center)\b"
    r"|^(?:the\s+)?(?:[\w-]+\s+)?(?:city|town)\s+(?:centre|center)$|^(?:the\s+)?(?:[\w-]+\s+)?(?:town|city|area|region|countryside)$")
_PROTEST_BEFORE = re.compile(r"(?i)\b(?:march\w*|protest\w*|rall\w*|demonstrat\w*|strik\w*|sit-in|campaign\w*|chant\w*|angry|anger)\s+(?:\w+\s+){0,2}$")


def object_phrases(sentence: str, *, victims_first: bool = False) -> list[str]:
    """What an event verb acts on: "a missile hit [an open-air market]", "threw a grenade at [a checkpoint]",
    "killing at least six [civilians]" (the quantity is dropped). With ``victims_first`` the objects of
    killing and abduction verbs come before those of "stormed" or "hit" (for attacks on people)."""
    found: list[tuple[bool, str]] = []
    for m in _OBJECT_VERB.finditer(sentence):
        start = m.end()
        quantity = _QUANTITY.match(sentence[start:])
        if quantity:
            start += quantity.end()
        phrase = noun_phrase_after(sentence, start)
        if phrase and not find_date_expressions(phrase) and not re.match(r"(?i)(?:least|about|around|some|dead|daily)\b", phrase) \
                and re.search(r"[A-Za-z]{3}", phrase) and not re.fullmatch(r"(?i)(?:the|a|an|its|their|his|her|each other|one another)", phrase) \
                and not re.search(r"(?i)\b(?:says?|said|told|broke|began)\b", phrase):
            if re.match(r"(?i)(?:an?\s+|the\s+)?(?:\w+\s+)?(?:attack|assault|raid|offensive|operation|ambush)s?$", phrase):
                continue  # "repelled an attack": the event, not who or what was attacked
            if any(a == 0 and b == len(phrase) for a, b, _ in find_places(phrase)) or _TOWN_OBJECT.search(phrase):
                continue  # "launched drones at Kharkiv", "shelled the rebel-held town of X": a town is where, not what
            if m.group(0).lower().startswith("against") and _PROTEST_BEFORE.search(sentence[max(0, m.start() - 40):m.start()]):
                continue  # "marched against a bill": what a protest opposes was not attacked
            found.append((bool(_VICTIM_VERBS.match(m.group(0))), re.sub(r"^(?:The|the)\s+", "", phrase)))
            if _WEAPON_OBJECT.search(found[-1][1]):  # "a bus struck a landmine": the bus was hit, not the mine
                vehicle = list(_VEHICLE.finditer(sentence[:m.start()]))
                found[-1] = (False, re.sub(r"^(?:The|the)\s+", "", vehicle[-1].group(0))) if vehicle else (False, "")
    found = [f for f in found if f[1]]
    hit = _PASSIVE_TARGET.match(_LEAD_IN.sub("", sentence[dateline_end(sentence):]))
    attacked = (hit.group(1) or hit.group(2)) if hit else None
    if attacked and (cut := _NP_STOP.search(attacked)):
        attacked = attacked[:cut.start()]
    if attacked and not _QUANTITY.match(attacked + " ") and not _TOWN_OBJECT.search(attacked.strip()):  # "An army convoy was ambushed ...": the subject was attacked
        found.append((False, re.sub(r"^(?:The|the)\s+", "", attacked).strip()))
    for m in _HOSTAGE.finditer(sentence):  # "took 30 guests hostage"
        found.append((True, re.sub(r"^(?:The|the)\s+", "", m.group(1))))
    passive = _PASSIVE_VICTIM.match(_LEAD_IN.sub("", sentence[dateline_end(sentence):]))
    if passive and (victims_first or not found):  # "a soldier was killed when he stepped on a mine": who was hit
        victim = re.split(r"(?i)\b(?:says?|said|told|reported|that)\s+", passive.group(1))[-1]
        quantity = _QUANTITY.match(victim + " ")
        victim = re.sub(r"^(?:The|the)\s+", "", victim[quantity.end():] if quantity and quantity.end() < len(victim) else victim)
        if not _NOT_ACTOR_SUBJECT.search(victim.strip()) and not _TOWN_OBJECT.search(victim.strip()):
            found.append((True, victim.strip()))
    if victims_first:
        found.sort(key=lambda f: not f[0])
    return [phrase for _, phrase in found if phrase]


def subject_phrase(sentence: str, ctx: ArticleContext) -> str | None:
    """The actor doing the event: the subject of the event sentence, or of its "when/where ..." clause
    ("Gunmen on motorcycles shot ...", "... were killed when police opened fire ...")."""
    body = _LEAD_IN.sub("", sentence[dateline_end(sentence):])
    candidates = [body] + [body[m.end():] for m in _CLAUSE_OPENERS.finditer(body)]
    for clause in candidates:
        subject = _clause_subject(clause, ctx)
        if subject == "":  # the event itself is the subject ("Rocket fire killed six ... as jets struck ..."): nobody
            return None
        if subject:
            return subject
    return None


def _clause_subject(clause: str, ctx: ArticleContext) -> str | None:
    clause = _LEAD_IN.sub("", clause)
    aside = _ASIDE.search(clause, 0, 120)
    if aside and aside.start() > 0 and len(clause[:aside.start()].split()) <= 8:  # "Gunmen, who came on motorbikes, shot ..."
        clause = clause[:aside.start()] + " " + clause[aside.end():]
    words = clause.split()
    for i, word in enumerate(words[:12]):
        bare = word.strip(",;:").lower()
        if _CLAUSE_OPENERS.match(bare + " "):
            return None
        if bare in _SUBJECT_VERBS or (bare.endswith("ed") and bare not in _ED_ADJECTIVES and "-" not in bare and i > 0):
            following = words[i + 1].lower() if i + 1 < len(words) else ""
            if (bare in ("were", "was", "is", "are") and following.endswith(("ed", "en"))) or \
                    (bare in ("have", "has", "had") and following == "been"):
                return None  # passive: the subject is the victim
            if bare in ("have", "has", "had") and following.endswith("ed") and following not in _SUBJECT_VERBS:
                return None  # "the army has named the soldier": a perfect, but of no event verb
            if bare in _SPEECH_VERBS or bare in ("died", "perished", "drowned"):
                return None  # "residents said": a source; "five soldiers died": the victims
            subject = " ".join(words[:i]).strip(" ,")
            for _, end, surface in find_date_expressions(subject)[::-1]:
                subject = subject.replace(surface, " ")
            subject = re.sub(r"\s+", " ", re.sub(r"^(?:The|the)\s+", "", subject)).strip(" ,")
            quantity = _QUANTITY.match(subject)
            subject = subject[quantity.end():] if quantity and quantity.end() < len(subject) else subject
            if subject and _NOT_ACTOR_SUBJECT.search(subject):
                return None if _FIGHT_SUBJECT.search(subject) else ""
            if not subject or _NOT_PERPETRATORS.search(subject) or _PLACE_SUBJECT.search(subject):
                return None
            if _ACTOR.search(subject[:1].lower() + subject[1:]) or _ACTOR.search(subject) or ctx.actors.find(subject) or _MORE_ACTOR_NOUNS.search(subject) or country_code(subject):
                return subject
            return None
        if word.endswith((",", ";", ":")) and i > 0:
            return None
    return None


_CLAIM_SAID = re.compile(
    r"\b(?:said|says|announced|stated|admitted|claimed)\b[^.;]{0,60}?\b(?:it|its\s+\w+|they|their\s+\w+|the group['’]s\s+\w+)\s+"
    r"(?:had\s+|have\s+|has\s+)?"
    r"(?:carried out|launched|fired|planted|detonated|attacked|targeted|conducted|struck|killed|shot down|downed"
    r"|ambushed|seized|captured|was behind|were behind|were responsible|was responsible)\b", re.I)
_CLAIMED_BY = re.compile(r"\b(?:was|were|been|is|being)\s+claimed\s+by\s+", re.I)
_ACTOR_NP_STOP = re.compile(
    r"\s+(?:for|over|who|which|that|after|of having|of being|of carrying|of staging|said|says|had|have|has|were|was|is|are"
    r"|would|will|positioned|operating|based|in|on|near|at|with|as|when|while|during|from|but|and\s+(?:said|warned|vowed))\b"
    r"|\s+(?!(?:armed|allied|backed|based|linked|led|masked|hooded|unidentified|suspected|alleged)\b)[a-z]+ed\b"
    r"|\s*[,.;:()\"“”]|$", re.I)
_AGAINST_WORDS = re.compile(r"^\s+(?:the|this|that|these|those|it|its)\b[^,.;]{0,40}?\b(?:on|to)\s+|^\s+(?:on|to|at)\s+", re.I)
_PROTESTER = re.compile(
    r"(?:\b(?:[A-Z][\w'’-]*|pro-\w+|anti-\w+|hooded|masked|angry|striking|unemployed|opposition|student|rival|local)\s+){0,3}"
    r"\b(?i:demonstrators|protesters|protestors|marchers|rioters|students|activists|supporters|youths|mob|crowd"
    r"|residents|villagers|workers|traders|teachers|farmers|relatives|families)\b"
    r"(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]*|two|rival|\w+)(?:\s+[\w'’-]+){0,3}?(?=\s*[,;]|\s+(?i:fought|clashed|marched|gathered"
    r"|blocked|set|burned|torched|stormed|threw|pelted|barricaded|rallied|protested)\b))?")
_EXPLICIT_PROTESTER = re.compile(r"(?i)\b(?:demonstrators|protesters|protestors|marchers|rioters)\b")
#: Sub-event types whose perpetrator is the demonstrators and whose target stays null (the codebook, section 7).
PROTEST_TYPES = ("Peaceful protest", "Protest with intervention")
RIOT_TYPES = ("Violent demonstration", "Mob violence")
BATTLE_TYPES = ("Armed clash", "Government regains territory", "Non-state actor overtakes territory")
#: Types whose target is the people attacked: the objects of "killed", "abducted", "shot" come first.
VICTIM_TYPES = ("Attack", "Abduction/forced disappearance", "Sexual violence", "Excessive force against protesters")


def actor_phrase_after(text: str, start: int, max_words: int = 8) -> str | None:
    """An actor phrase starting at ``start``, kept with its "of ..." complement ("fighters of the Pakistani
    Taliban") and cut at a clause word, a preposition of place or time, or punctuation."""
    stop = _ACTOR_NP_STOP.search(text, start)
    phrase = text[start:stop.start() if stop else len(text)].strip()
    phrase = re.sub(r"^(?:(?:the|The)\s+)?(?:members of\s+)?(?:(?:the|an?)\s+)?", "", phrase)
    words = phrase.split()
    if not words or len(words) > max_words or not re.search(r"[A-Za-z]{2}", phrase):
        return None
    if not (_ACTOR.search(phrase) or _MORE_ACTOR_NOUNS.search(phrase) or re.search(r"\b[A-Z][\w'’-]+|[a-z]{3,}s$", phrase)):
        return None
    return phrase


#: State forces that report their own operation ("the army said its troops killed 20 militants") state a fact;
#: they claim nothing. Lower case only: "Rapid Support Forces" is a group's name.
_STATE_WORDS = re.compile(r"\b(?:army|military|police|forces|troops|ministry|government|command|authorities|soldiers|navy)\b")


def claim_statement(sentence: str, actors: list[tuple[int, int, str]]) -> tuple[str, bool] | None:
    """(who claims the event in this sentence, whether it is a claim): "X claimed responsibility", "X said its
    fighters carried out the attack", "the attack was claimed by X". State forces saying they did it give
    (them, False): a statement of fact, not a claim. None when nobody (or "no group") claims it."""
    if _NO_CLAIM.search(sentence):
        return None
    passive = _CLAIMED_BY.search(sentence)
    if passive:
        actor = actor_phrase_after(sentence, passive.end())
        return (actor, True) if actor else None
    claim = _CLAIM.search(sentence)
    said = claim is None and (claim := _CLAIM_SAID.search(sentence)) is not None
    if claim is None:
        return None
    # The claimant is the subject: skip asides between commas ("X, which has fought the army since 2012, claimed").
    asides = [(m.start(), m.end()) for m in _ASIDE.finditer(sentence, 0, claim.start() + 1)]
    before = [surface for a, b, surface in actors if b <= claim.start() and not any(x <= a < y for x, y in asides)]
    actor = before[-1] if before else None
    speaker = _SPEAKER_FOR.search(sentence, 0, claim.start())
    if speaker:  # "a spokesman for the Sand Lions claimed ...": the group claims, not its spokesman
        actor = actor_phrase_after(sentence, speaker.end()) or actor
    if actor is None:
        head = _ASIDE.sub(" ", sentence[:claim.start()].rstrip() + ",") if asides else sentence[:claim.start()]
        subject = re.sub(r"^(?:the|The)\s+", "", _LEAD_IN.sub("", head).strip(" ,"))
        if subject and len(subject.split()) <= 6 and re.match(r"[A-Z]", subject) and not _NOT_PERPETRATORS.search(subject):
            actor = subject
    if actor is None:
        return None
    return (actor, not (said and _STATE_WORDS.search(actor)))


def claimant(sentence: str, actors: list[tuple[int, int, str]]) -> str | None:
    """Who claims the event in this sentence (see ``claim_statement``); None for no claim or a state report."""
    found = claim_statement(sentence, actors)
    return found[0] if found and found[1] else None


_EVENT_NOUN_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){0,2}?(?:attacks?|bomb\w*|strikes?|shelling|raids?|explosions?|blasts?|ambush\w*|killings?|poisoning"
    r"|arson|shooting)\b", re.I)
_BEHIND = re.compile(r"\b(?:was|were|is|are)\s+(?:likely\s+|probably\s+|possibly\s+)?behind\b", re.I)
_HOLDS = re.compile(r"\bhold(?:s|ing)?\s+(?=[^.;]{2,80}?\bresponsible\b)|\bidentified\s+(?:the\s+)?\w+\s+as\s+", re.I)


def blamed_actor(sentence: str, actors: list[tuple[int, int, str]]) -> str | None:
    """Who is blamed or suspected: "police blamed X", "blamed the attack on X", "attributing the raids to X",
    "suspected X", "X were behind the attack", "holds X responsible"; "suspected" before a noun is a hedge kept
    with it ("suspected jihadists opened fire"); before an event noun ("a suspected gas attack") it blames nobody."""
    for blame in _BLAME.finditer(sentence):
        if _NO_CLAIM.search(sentence[:blame.start()]):
            return None
        word = blame.group(0).lower()
        rest = sentence[blame.end():]
        if re.match(r"(?i)\s+of\b", rest) and word.startswith(("suspect", "accus")):
            continue  # "two men accused of theft": the accused are who was attacked, not who is blamed
        if word.startswith(("suspect", "alleg")) and _EVENT_NOUN_AFTER.match(rest):
            continue
        hedged = [(a, b, surface) for a, b, surface in actors if a == blame.start() and re.match(r"(?i)suspected|alleged", surface)]
        adjective = re.search(r"(?i)(?:^|\b(?:a|an|the|by|of|and|with|two|three|several|some|were|as)\s+)$", sentence[:blame.start()])
        if adjective and word.startswith(("suspect", "alleg")):
            if hedged:
                return actor_phrase_after(sentence, hedged[0][0]) or hedged[0][2]
            continue  # "a mob beat a suspected thief": the suspect is the victim
        lead = _AGAINST_WORDS.match(rest) if not word.startswith(("suspect", "accus")) else None
        phrase = actor_phrase_after(sentence, blame.end() + (lead.end() if lead else len(rest) - len(rest.lstrip())))
        if phrase:
            return phrase
        after = [surface for a, b, surface in actors if blame.end() <= a <= blame.end() + 40]
        if after:
            return after[0]
    holds = _HOLDS.search(sentence)
    if holds and not _NO_CLAIM.search(sentence[:holds.start()]):
        phrase = actor_phrase_after(sentence, holds.end())
        if phrase:
            return re.sub(r"\s+responsible$", "", phrase)
    behind = _BEHIND.search(sentence)
    if behind:
        opener = list(re.finditer(r"(?i)\b(?:that|said|says|suggests?|believe[sd]?|think|thought)\s+", sentence[:behind.start()]))
        start = opener[-1].end() if opener else 0
        phrase = re.sub(r"^(?:the|The)\s+", "", sentence[start:behind.start()].strip(" ,"))
        if phrase and len(phrase.split()) <= 10 and not _NOT_PERPETRATORS.search(phrase):
            return phrase
    return None


def protester_phrase(mention: Mention) -> str | None:
    """The demonstrators: the people who open the event sentence ("Residents of the township barricaded ..."),
    else those the event sentence names (explicit "protesters" first), else those of the headline and follow-ups."""
    body = _LEAD_IN.sub("", mention.lead.text[dateline_end(mention.lead.text):])
    opening = _PROTESTER.match(body)
    found = [opening.group(0)] if opening else []
    for sentences in ([mention.lead], ([mention.headline] if mention.headline else []) + mention.sentences[1:]):
        named = [m.group(0).strip() for s in sentences for m in _PROTESTER.finditer(s.text)]
        found += [f for f in named if _EXPLICIT_PROTESTER.search(f)] + named
    if not found:
        return None
    pick = re.sub(r"^(?:The|the)\s+", "", found[0].strip())
    quantity = _QUANTITY.match(pick)
    return pick[quantity.end():] if quantity else pick


def actor_options(mention: Mention, ctx: ArticleContext, event_type: str | None = None) -> dict[str, list[str]]:
    """Candidate actors per role, the heuristic's pick first (or nothing when the role has no cue).

    ``event_type`` is the heuristic's type: at protests and riots the demonstrators are the perpetrator
    and a protest has no target; for attacks on people the victims are the target (the codebook, 7-8)."""
    roles: dict[str, list[str]] = {"perpetrator": [], "claimed_by": [], "attributed_to": [], "target": [], "all": []}
    lead_subject = subject_phrase(mention.lead.text, ctx)
    sides = _BETWEEN.search(mention.lead.text)
    under_fire = _UNDER_FIRE.search(mention.lead.text)
    if sides:  # the side named first initiated, as far as the article tells (the codebook, section 7)
        lead_subject = re.sub(r"^(?:The|the)\s+", "", sides.group(1)).strip(" ,")
        roles["target"].append(re.sub(r"^(?:The|the)\s+", "", sides.group(2)).strip(" ,"))
    elif (attack_by := _ATTACK_BY.search(mention.lead.text)) and (attacker := actor_phrase_after(mention.lead.text, attack_by.end())):
        if lead_subject:  # "troops repelled an attack by militants on their base": the militants initiated
            roles["target"].append(lead_subject)
        lead_subject = attacker
    elif under_fire and (attacker := actor_phrase_after(mention.lead.text, under_fire.end())):
        victim = _LEAD_IN.sub("", mention.lead.text[dateline_end(mention.lead.text):under_fire.start()]).strip(" ,")
        lead_subject = attacker
        if victim and len(victim.split()) <= 6:
            roles["target"].append(re.sub(r"^(?:The|the)\s+", "", victim))
    lead_window = ([mention.lead, mention.headline] if mention.headline else [mention.lead])
    if event_type in PROTEST_TYPES + RIOT_TYPES:
        protesters = protester_phrase(mention)
        if protesters and not (lead_subject and _PROTESTER.search(lead_subject)):
            roles["perpetrator"].append(protesters)
    if lead_subject and re.match(r"(?i)suspected|alleged", lead_subject):
        roles["attributed_to"].append(lead_subject)
    elif lead_subject:
        roles["perpetrator"].append(lead_subject)
    if event_type in BATTLE_TYPES:  # "retook the town of X from Houthi fighters": the side that lost it
        for sentence in lead_window:
            taken = _TAKEN_FROM.search(sentence.text)
            loser = actor_phrase_after(sentence.text, taken.end()) if taken else None
            if loser and not find_places(loser):
                roles["target"].append(loser)
    if event_type == "Excessive force against protesters":  # the codebook: the target is the demonstrators
        named = [m.group(0) for s in lead_window for m in _PROTESTER.finditer(s.text) if _EXPLICIT_PROTESTER.search(m.group(0))]
        doers = {d.lower() for d in roles["perpetrator"][:1]}
        roles["target"] += [n for n in (re.sub(r"^(?:The|the)\s+", "", n.strip()) for n in named) if n.lower() not in doers]
    if event_type not in PROTEST_TYPES:
        for sentence in lead_window + mention.sentences[1:]:
            objects = object_phrases(sentence.text, victims_first=event_type in VICTIM_TYPES)
            if event_type in BATTLE_TYPES:  # a battle's target is the other side (the codebook, section 8)
                objects.sort(key=lambda o: not (_ACTOR.search(o) or _MORE_ACTOR_NOUNS.search(o)) or bool(_PLACE_SUBJECT.search(o)))
            roles["target"] += objects
    for sentence in _window(mention):
        actors = _actors_in(sentence, ctx)
        st = sentence.text
        roles["all"] += [a for _, _, a in actors]
        claimed = claimant(st, actors)
        if claimed:
            roles["claimed_by"].append(claimed)
        blamed = blamed_actor(st, actors)
        if blamed:
            roles["attributed_to"].append(blamed)
        for a, b, surface in actors:
            if re.search(r"\bby\s+$", st[max(0, a - 6):a]) and not _SOURCE_VERBS.match(st[b:b + 20]) \
                    and not re.search(r"(?i)(?:claimed|carried|reported|said|statement|attributed)\s+by\s+$", st[max(0, a - 30):a]):
                roles["perpetrator"].append(surface)
    if not roles["claimed_by"] and not roles["attributed_to"]:
        for sentence in mention.asides:  # a claim or blame told apart from any event: the primary event's
            actors = _actors_in(sentence, ctx)
            claimed = claimant(sentence.text, actors)
            blamed = blamed_actor(sentence.text, actors)
            if claimed:
                roles["claimed_by"].append(claimed)
                break
            if blamed:
                roles["attributed_to"].append(blamed)
                break
    return {role: _dedupe(values) for role, values in roles.items()}


_SITE_NOUNS = (
    r"airport|market|marketplace|embassy|checkpoint|base|camp|mosque|church|school|hospital|clinic|bridge|road|highway"
    r"|compound|prison|station|university|campus|village|district|neighbourhood|neighborhood|port|square|headquarters"
    r"|barracks|office|crossing|refinery|hotel|restaurant|stadium|building|hall|township|house|avenue|street|post"
    r"|complex|plaza|parliament|courthouse|palace|factory|farm|bus park|park|depot|residence|settlement|hamlet|area|quarter|suburb|track|junction|roundabout|intersection")
_MORE_SITES = re.compile(
    r"\b(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){1,3}(?i:post|complex|plaza|avenue|street|district|neighbourhood|hamlet|township"
    r"|camp|market|base|station|square|bridge|road|airport|university|building|hall|hotel|hospital|mosque|church|school"
    r"|prison|stadium|area)\b|\b(?:Place|Plaza|Avenida|Rue|Avenue)\s+(?:de\s+(?:la\s+|l['’])?)?[A-Z][\w'’-]+"
    r"|\bthe\s+(?:village|hamlet|neighbourhood|neighborhood|camp|area)\s+of\s+[A-Z][\w'’-]+(?:\s+(?:[A-Z]|al-|el-)[\w'’-]+)?")
#: A generic place after a determiner ("a busy market", "the provincial council building", "his parish house").
_GENERIC_SITE = re.compile(
    rf"\b(?:the|a|an|his|her|their|its)\s+(?:(?!(?:on|in|at|of|near|and|to|from|by|with|for|into|was|were|through|against|over|after|before|during"
    rf"|about|across|between|under|who|which|that|same)\b)[\w'’-]+\s+){{0,3}}?"
    rf"(?:{_SITE_NOUNS})\b")


_DIRECTION = r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)\s+)"
#: Places described rather than named (the codebook, section 6): "a village 20 km from Beni", "a village in North
#: Darfur", "about 30 km northeast of Jilib".
_DESCRIBED_SITE = re.compile(
    rf"\b(?:(?:a|an)\s+(?:[\w-]+\s+)?(?:village|hamlet|settlement|area|camp|market|farm|spot)\s+)?"
    rf"(?:(?:about|some|approximately|around|nearly|roughly)\s+)?\d+\s*(?:km|kilometres|kilometers|miles)\s+"
    rf"(?:\([^)]{{0,20}}\)\s+)?{_DIRECTION}?(?:of|from)\s+[A-Z][\w'’-]+(?:\s+(?:[A-Z]|al-|el-)[\w'’-]+)?"
    rf"|\b(?:a|an)\s+(?:[\w-]+\s+)?(?:village|hamlet|settlement|area|camp|market)\s+in\s+(?:rural\s+|northern\s+|southern\s+"
    rf"|eastern\s+|western\s+|central\s+)?[A-Z][\w'’-]+(?:\s+(?:[A-Z]|al-|el-)[\w'’-]+)?")
_DESTINATION = re.compile(r"(?i)(?<!adjacent )(?<!next )(?<!close )(?<!due )\b(?:to|towards|toward)\s+(?:(?:the|a|an|its|their|his|her)\s+)?(?:[\w-]+\s+){0,2}$")
_BARE_DISTANCE = re.compile(r"(?i)^(?:(?:about|some|approximately|around|nearly|roughly)\s+)?\d")
_OUTSKIRTS = re.compile(r"\b(?:the\s+)?(?:outskirts|edge|entrance)\s+of\s+(?:the\s+)?[\w'’-]+", re.I)
#: A site named only as where a source speaks or the wounded were taken is not where the event happened.
_SOURCE_SITE_BEFORE = re.compile(r"(?i)\b(?:taken|rushed|admitted|treated|transferred|evacuated|brought|died|sources|officials"
                                 r"|doctors|staff|medics|spokes\w+)\s+(?:(?!from\b)\w+\s+){0,3}$")
_SOURCE_SITE_AFTER = re.compile(r"(?i)^['’]?s?\s*(?:said|says|say|told|reported|spokes\w+|statement)\b")


#: What locates a site further ("a checkpoint [on the Sariab road]", "an avenue [in the hillside neighbourhood of
#: Siloé]", "the road [between Niono and Diabaly]"): the codebook writes sites with it ("a checkpoint on the Gao road").
_SITE_COMPLEMENT = re.compile(
    rf"^(?:\s*\([^()]{{1,30}}\))?\s+(?:(?:on|in|at|near|outside|inside|along|of)\s+(?:the\s+|a\s+|an\s+)?(?:(?:[a-z][\w'’-]*|[A-Z][\w'’.-]*)\s+){{0,3}}?"
    rf"(?:{_SITE_NOUNS}|entrance|outskirts|edge|gates?|town|city)\b|(?:on|in|at|of|near)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*|al-[\w'’-]+)(?:\s+(?:(?:de|del|la|el)\s+)?(?:[A-Z][\w'’.-]*|al-[\w'’-]+))*"
    rf"(?:\s+(?:{_SITE_NOUNS})\b)?|between\s+(?:[A-Z][\w'’-]+\s+){{1,2}}and\s+[A-Z][\w'’-]+)")


#: A village named with its description ("a raid on [Anguwan Gamu, a farming settlement]"): the name is the site.
_APPOSITIVE_SITE = re.compile(
    r"\b(?:[A-Z][\w'’-]+|al-[\w'’-]+)(?:\s+(?:[A-Z][\w'’-]+|al-[\w'’-]+)){0,2},\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:village|settlement|hamlet|neighbourhood|neighborhood|district|suburb|township|quarter|camp)\b")


def with_complement(text: str, end: int) -> int:
    """The end of a site span at ``end`` taken with at most three complements that place it (a site noun or a
    name after "on"/"in"/"of", or "between X and Y"); a town named after "in" still extends it, which costs
    nothing: the site's words only need to contain the label's."""
    for _ in range(3):
        m = _SITE_COMPLEMENT.match(text[end:end + 80])
        if not m or find_date_expressions(m.group(0)):
            break
        end += m.end()
    return end


def site_options(mention: Mention) -> list[str]:
    """Places below the town, those of the event sentence first: a described place ("a village 20 km from
    Beni"), a named one ("Sarband police post", "Plaza de Bolívar"), a generic one ("a market"), the town's
    outskirts; then the headline's and the follow-up sentences' places. Where a source speaks or the wounded
    were taken ("medics at X hospital said", "taken to hospital") is no site."""
    def finder(pattern: re.Pattern[str], extend: bool = True):
        def find(text: str) -> list[tuple[int, int, str]]:
            found = []
            for m in pattern.finditer(text):
                end = with_complement(text, m.end()) if extend else m.end()
                if not _SOURCE_SITE_BEFORE.search(text[max(0, m.start() - 40):m.start()]) \
                        and not _SOURCE_SITE_AFTER.match(text[end:end + 20]):
                    found.append((m.start(), end, text[m.start():end]))
            return found
        return find

    def named_sites(sentences: list[Sentence]) -> list[str]:
        named = [surface for *_, surface in _spans(sentences, finder(_MORE_SITES))]
        named += [surface for *_, surface in _spans(sentences, finder(_APPOSITIVE_SITE, extend=False))]
        return [n for n in named if not re.match(r"(?i)(?:the\s+)?(?:In|On|At|Near|When|Late|Early)\b", n)]

    def sites(sentences: list[Sentence]) -> list[str]:
        described = [surface for *_, surface in _spans(sentences, finder(_DESCRIBED_SITE, extend=False))]
        named = named_sites(sentences)
        # where people were going ("carrying traders to the weekly market") is not where the event happened
        bound = {surface for pattern in (_MORE_SITES, _GENERIC_SITE, _SITE) for s, a, _, surface in _spans(sentences, finder(pattern))
                 if _DESTINATION.search(s.text[max(0, a - s.start - 40):a - s.start])}
        generic = [surface for *_, surface in _spans(sentences, finder(_GENERIC_SITE))]
        generic += [surface for *_, surface in _spans(sentences, finder(_SITE)) if not re.search(r"(?i)\bmine$", surface)]
        outskirts = [surface for *_, surface in _spans(sentences, finder(_OUTSKIRTS))]
        # "a checkpoint on the Kasese road" holds the named "the Kasese road": the whole place goes first
        named = [next((g for g in generic if n in g and len(g) > len(n)), n) for n in named]
        # a bare distance ("about 20 km west of Niono") only places the event when the sentence names no place
        bare = [d for d in described if _BARE_DISTANCE.match(d)]
        described = [d for d in described if d not in bare]
        places = described + named + generic + outskirts
        return [p for p in places if p not in bound] + bare + [p for p in places if p in bound]

    headline = [mention.headline] if mention.headline else []
    lead = sites([mention.lead])
    if lead and re.match(r"(?i)an?\s", lead[0]) and not named_sites([mention.lead]):
        # "shells hit a residential neighbourhood ... The shells struck houses in the Al-Jahmaliya area": the place
        # the event sentence only describes is named later; the name is the more specific site
        lead = named_sites(mention.sentences[1:])[:1] + lead
    return _dedupe(lead + sites(headline) + sites(mention.sentences[1:]))


def weapon_options(mention: Mention, ctx: ArticleContext) -> tuple[list[str], list[str]]:
    """(weapon words, actor words that also name a weapon such as "gunmen"): the latter never win alone."""
    found = _spans(_window(mention), lambda t: [(a, b, surface) for a, b, surface, _ in ctx.weapons.find(t)])
    words = _dedupe([surface for *_, surface in found])
    return [w for w in words if not _ACTOR_WORDS.match(w)], [w for w in words if _ACTOR_WORDS.match(w)]


def count_options(mention: Mention) -> tuple[list[str], list[str], list[str]]:
    """(killed, injured, other counts): a count goes to the casualty word nearest to it in its sentence."""
    killed, injured, other = [], [], []
    for s in _window(mention):
        for a, b, surface in find_count_expressions(s.text):
            if _ZERO_BOTH.search(surface):
                killed.append(surface)
                injured.append(surface)
                continue
            kill = _distance(_KILL_WORD, s.text, a, b)
            hurt = _distance(_HURT_WORD, s.text, a, b)
            if kill is None and hurt is None:
                other.append(surface)
            elif hurt is None or (kill is not None and kill <= hurt):
                killed.append(surface)
            else:
                injured.append(surface)
        for m in _ZERO_BOTH.finditer(s.text):
            killed.append(m.group(0))
            injured.append(m.group(0))
    return _dedupe(killed), _dedupe(injured), _dedupe(other)


def _distance(pattern: re.Pattern[str], text: str, start: int, end: int) -> int | None:
    best = None
    for m in pattern.finditer(text, max(0, start - 60), min(len(text), end + 60)):
        d = 0 if m.start() < end and m.end() > start else (m.start() - end if m.start() >= end else start - m.end())
        best = d if best is None else min(best, d)
    return best


# --- questions -----------------------------------------------------------------------------------------

def _question(qs: QuestionSet, name: str, preferred: list[str], others: list[str] = (), *,
              none_first: bool | None = None, labels: dict[str, str] | None = None, with_none: bool = True) -> Question:
    """Options: the heuristic's pick first (none when it has no pick); prior 0 for it, -prior_weight for others."""
    values: list[str | None] = _dedupe([*preferred, *others])
    if with_none:
        none_first = not preferred if none_first is None else none_first
        values = [None, *values] if none_first else [*values, None]
    weight = qs.questions[name].prior_weight
    options = [qs.none_option if v is None else (labels or {}).get(v, v) for v in values]
    prior = [0.0] + [-weight] * (len(values) - 1)
    return Question(name, qs.questions[name].ask, tuple(options), tuple(values), tuple(prior))


def build_questions(mention: Mention, ctx: ArticleContext, qs: QuestionSet) -> list[Question]:
    """Every question about one mention, in the order the draft is filled."""
    places, countries = place_options(mention, ctx)
    types = type_options(mention, qs)
    actors = actor_options(mention, ctx, types[0] if types else None)
    weapons, actor_weapons = weapon_options(mention, ctx)
    killed, injured, counts = count_options(mention)
    sites = site_options(mention)
    return [
        _question(qs, "incident", ["yes"], ["no"], with_none=False),
        _question(qs, "sub_event_type", types, labels=qs.type_labels, with_none=False),
        _question(qs, "date_text", date_options(mention)),
        _question(qs, "locality", places),
        _question(qs, "country", [] if places else main_country(ctx), countries),
        _question(qs, "site", sites[:1], sites[1:]),
        _question(qs, "perpetrator", actors["perpetrator"][:1], actors["all"]),
        _question(qs, "claimed_by", actors["claimed_by"][:1], actors["all"]),
        _question(qs, "attributed_to", actors["attributed_to"][:1], actors["all"]),
        _question(qs, "target", actors["target"][:1], actors["all"]),
        _question(qs, "weapon", weapons, actor_weapons),
        _question(qs, "killed", killed[:1], counts + killed[1:]),
        _question(qs, "injured", injured[:1], counts + injured[1:]),
    ]
