"""The question data (``prompts/questions.json``): what is asked, the priors, the type labels and cues, and the
words the actor and target heuristics read. Validated on load, so a broken file fails naming the file and the
entry, before any article is read.

Kept apart from ``questions`` so that the phrase heuristics (``phrases``, ``claims``, ``subjects``, ``targets``)
can build their patterns from the words at import without importing the question builders.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from ..language_cues import check_alternative, cues_digest, language_cues
from ..resources import resource_dir
from ..schemas import SUB_EVENT_TYPES

__all__ = ["FIELDS", "QUESTION_FILE", "ActorWords", "ArticleStructure", "QuestionSet", "QuestionSpec", "load_questions"]

QUESTION_FILE = "questions.json"
FIELDS = (
    "incident",
    "sub_event_type",
    "date_text",
    "locality",
    "country",
    "site",
    "perpetrator",
    "claimed_by",
    "attributed_to",
    "target",
    "weapon",
    "killed",
    "injured",
)


def _top_level_bar(word: str) -> bool:
    """Whether ``word`` has a ``|`` outside brackets (two alternatives written as one word)."""
    depth, escaped = 0, False
    for ch in word:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


def _alternatives(name: str, value: list[str]) -> list[str]:
    """Each entry is one alternative of a regular expression: non-empty, valid alone, without capturing groups
    (the heuristics number theirs) and without a top-level ``|``."""
    if not value:
        raise ValueError(f"{name} must list at least one word")
    for word in value:
        check_alternative(name, word)
        if _top_level_bar(word):
            raise ValueError(f"{name}: {word!r} holds a top-level '|'; list the alternatives as separate words")
    return value


class ActorWords(BaseModel):
    """The words the actor and target heuristics read, one list per kind (the alternatives of one pattern)."""

    model_config = ConfigDict(extra="forbid")

    notes: str = ""
    #: Verbs of saying: their subject is a source, never the actor of the event.
    speech_verbs: list[str]
    #: Verbs that end the subject of an event sentence ("Gunmen [killed] ...").
    subject_verbs: list[str]
    #: Words in -ed that describe the subject, not end it ("armed", "suspected").
    ed_adjectives: list[str]
    #: A source verb right after an actor ("by police said ..."): the actor is a source, not the doer.
    source_verbs: list[str]
    #: State forces, lower case only: their report of their own operation claims nothing.
    state_words: list[str]
    #: Words of blame or suspicion.
    blame_words: list[str]
    #: Sources, officials and victims: never the perpetrator.
    not_perpetrators: list[str]
    #: Nouns that make a phrase an actor beyond the candidate actor nouns.
    more_actor_nouns: list[str]
    #: Places that can stand as a subject ("The checkpoint was ..."): no actor.
    place_subjects: list[str]
    #: Verbs whose object is a victim (people): preferred as target for attacks on civilians and abductions.
    victim_verbs: list[str]
    #: Objects that name nobody and nothing in particular ("people", "open ground"); matched whole.
    vague_victims: list[str]
    #: Armed or state forces, or what they hold: an attack on them is a battle.
    armed_objects: list[str]
    #: Armed men opening an event sentence: what they do to a crowd is no protest.
    armed_men: list[str]
    #: Words that name demonstrators outright.
    explicit_protesters: list[str]
    #: Civilians who protest or riot as a crowd.
    crowd_nouns: list[str]
    #: Stems of the codebook's acts of a violent demonstration (storm, loot, torch): a crowd doing one riots.
    riot_act_stems: list[str] = []
    #: Weapons hit by a vehicle ("struck a landmine"): the vehicle was the target.
    weapon_objects: list[str]
    #: Vehicles that can be what a weapon hit.
    vehicles: list[str]
    #: Words a whole noun phrase never ends with ("a convoy of", "inmates since", "members allegedly"): a phrase
    #: cut there is a fragment, and they are trimmed off it.
    dangling_words: list[str] = []
    #: Words that name nobody on their own ("there", "another", "the pair", "the group"): a pronoun or a word that
    #: points back to an actor named elsewhere is no actor or target; matched whole.
    anaphors: list[str] = []
    #: Crimes and conditions that operations are "against" ("drug trafficking and cargo theft"): no target.
    abstract_objects: list[str] = []
    #: Labels that open a photo caption ("PIC:", "Photo:"): a caption names people but attributes nothing.
    caption_labels: list[str] = []
    #: Owners of fire besides demonyms and known groups ("regime shelling", "coalition air strikes"): the owner and
    #: the strike or weapon together name the side that acted.
    fire_owners: list[str] = []
    #: Unarmed people and their vehicles ("an aid convoy", "passengers", "a bus"): an ambush on them is an attack on
    #: civilians, not a battle (the codebook: who is armed on each side decides).
    civilian_objects: list[str] = []
    #: Verbs of dying, with any auxiliary before them ("died", "ont trouvé la mort"): their subject is the victims,
    #: never the actor.
    died_verbs: list[str] = []
    #: Conjunctions that open a subordinate clause of time or cause ("when", "as", "quand", "cuando", "quando"): the
    #: clause has a subject of its own ("... died when [the checkpoint] came under attack"), read like a main clause's.
    subordinators: list[str] = []
    #: What a crowd does at a protest or riot ("marched", "took to the streets", "fought"): at a demonstration the
    #: subject of these verbs in the event sentence is the demonstrators, whatever noun names them ("people").
    crowd_verbs: list[str] = []
    #: Words that make an actor a suspect ("suspected", "presuntos"): before the actor noun, or after it in the
    #: languages that put the adjective there ("jihadistes présumés").
    hedge_words: list[str] = []
    #: Nouns and verbs of a fight whose two sides follow a ``between_words`` word ("clashes between X and Y"): the side
    #: named first is the perpetrator, the other its opponent (GUIDE 7).
    fight_nouns: list[str] = []
    between_words: list[str] = []
    #: A cleft sentence's frame ("it was [X] who ...", "foram [X] que ..."): the words between name the actor.
    cleft_openers: list[str] = []
    cleft_relatives: list[str] = []
    #: Verbs that destroy an aircraft in flight ("shot down", "brought down", "downed"): the aircraft after them is
    #: the target, not the means of an air strike.
    downing_verbs: list[str]
    #: Verbs of giving up ground ("withdrew", "pulled out", "retreated"): state forces doing so in the event sentence
    #: leave the place to the side that attacked them (the codebook: non-state actor overtakes territory).
    withdrawal_verbs: list[str]

    @field_validator("*")
    @classmethod
    def _valid_words(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, list):
            return _alternatives(f"actor_words.{info.field_name}", value)
        return value

    def alternation(self, name: str) -> str:
        """The words of list ``name`` joined as the alternatives of one pattern, in their order."""
        return "|".join(getattr(self, name))


class ArticleStructure(BaseModel):
    """How the mention finder reads an article's structure; each list is the alternatives of one pattern."""

    model_config = ConfigDict(extra="forbid")

    notes: str = ""
    #: Site furniture (menus, bylines, "Related:", "Subscribe", cookie notices): read by no question.
    boilerplate: list[str] = Field(default_factory=list)
    #: A live blog's time stamps ("1938 GMT:", "50m ago"): each ends the entry before it.
    time_stamps: list[str] = Field(default_factory=list)
    #: Context, history, diplomacy and cumulative tolls: open no mention and fill no field.
    context: list[str] = Field(default_factory=list)
    #: A roundup's markers at a sentence's start ("In other violence", a bullet): a new incident begins.
    new_incident: list[str] = Field(default_factory=list)
    #: A sentence that refers back to the incident being told ("The bombing happened ..."): never opens one.
    follow_up: list[str] = Field(default_factory=list)
    #: A time anchor that puts a second event beside the sentence's own ("a raid carried out hours after a deadly
    #: bombing", "the shelling comes a day after forces drove the rebels out"): the words after it tell an event of
    #: their own when they hold an event cue and do not refer back to one told ("hours after the attack").
    second_event_anchor: list[str] = Field(default_factory=list)
    #: The words after such an anchor when they only name an event told ("Tuesday's shelling", "the attack"): a
    #: definite or possessive noun phrase with no verb of its own, read from the anchor's end.
    anchor_reference: list[str] = Field(default_factory=list)
    #: An incident already told named by its day, read with the date replaced by ``_DATE_`` ("the attack _DATE_",
    #: "_DATE_'s bombing", "l'attaque de _DATE_"): the sentence tells that day's incident, not the one being told.
    dated_reference: list[str] = Field(default_factory=list)
    #: An incident already told named by a definite ordinal ("the second attack", "la seconde attaque"); its
    #: ordinal word (data/ordinal_words.csv) says which: the sentence tells the n-th incident told.
    ordinal_reference: list[str] = Field(default_factory=list)
    #: What precedes a date that is the report's, not the event's ("officials said on Tuesday"); ends with "$".
    telling_dates: list[str] = Field(default_factory=list)
    #: What follows a date that is the report's ("Amnesty on Tuesday called for ..."); starts with "^".
    telling_dates_after: list[str] = Field(default_factory=list)
    #: A sentence that updates an incident's toll ("the death toll rose to nine on Wednesday"): its day is the
    #: update's, not the event's, so it tells no incident apart from one told with its own day.
    toll_update: list[str] = Field(default_factory=list)
    #: One place's share of a toll split by place ("two in Baram"), read clause by clause; group 1 is the place.
    enumerated_clause: list[str] = Field(default_factory=list)
    #: A list of places after a preposition ("strikes in Kryvyi Rih, Dnipro and Kharkiv"): group 1 is the list.
    #: GUIDE 2 makes one incident per place, so an event sentence naming such a list opens one mention per place.
    place_list: list[str] = Field(default_factory=list)
    #: The words that join a list's last name ("and", "y", "et"): the list is split at them and at commas.
    list_joiners: list[str] = Field(default_factory=list)
    #: A place after a preposition (group 1): an event sentence naming a town so before its list of places is
    #: that town's incident ("marched in Santiago ... against troops in A and B"), and the list is not split.
    own_place: list[str] = Field(default_factory=list)
    #: A count of places hit ("raided three villages", "a string of cities"): the sentence sums the incidents a
    #: list of places after it names, and is none of its own.
    place_count: list[str] = Field(default_factory=list)
    #: Words that name an event without cueing a type ("strikes", "struck", "hit"): a list sentence with one of
    #: them and no cue of its own, told while a cued incident is, tells that incident's kind in each place.
    list_event_words: list[str] = Field(default_factory=list)
    #: A list that is an aggregate, read with the list replaced by ``_PLACES_`` ("28 dead, most of them in
    #: _PLACES_", "the attacks in _PLACES_", "attacks continued in _PLACES_"): it is not split.
    list_aggregate: list[str] = Field(default_factory=list)
    #: Words that make a toll split by place a tally ("across the country"): it is not split at all.
    tally: list[str] = Field(default_factory=list)
    #: More places than this in one sentence make a tally (deaths by province), not one attack's toll by village.
    enumerated_max_places: int = Field(default=4, ge=2)
    #: Words that follow or lead a place's name ("Wemdeley village", "the district of Kuro"): a name the
    #: gazetteer lacks still counts as a place when a mention finder compares places.
    place_words: list[str] = Field(default_factory=list)
    #: The place words of a populated place no bigger than a town ("Simbolongo village"): one is never a part of a
    #: town told before, as a district or a neighbourhood may be, so a new one is a new place (mentions).
    settlement_words: list[str] = Field(default_factory=list)
    #: What a site candidate's own words are not (GUIDE 6): an administrative area ("Tsafe Local Government Area"),
    #: the locality's or admin1's business; a social-media post or a newspaper.
    not_sites: list[str] = Field(default_factory=list)
    #: A whole site candidate that only points back ("the area", "the village"): no place of its own.
    pointer_sites: list[str] = Field(default_factory=list)
    #: A sentence that sums several incidents ("killed seven in two operations", "separate attacks"): the sentences
    #: after it tell each one, so it opens no incident of its own unless nothing else is told.
    summary: list[str] = Field(default_factory=list)
    #: Words of a statement, a threat or a condemnation ("warned", "would", "condemned"): before the sentence's
    #: first event cue they make it a statement, which opens no mention; after it ("..., so that civilians would
    #: not be hurt") they are the event's aftermath.
    statements: list[str] = Field(default_factory=list)
    #: Words that tell another incident by the same hands ("the Taliban also killed"): with a new place or a new
    #: kind of event in the sentence, a new incident.
    another: list[str] = Field(default_factory=list)
    #: Subheadings of sections that report no incident (displacement, education, aid, outlook): skipped whole.
    skip_sections: list[str] = Field(default_factory=list)
    #: A periodic report's title words ("Weekly overview", "News Brief", "Situation report").
    report: list[str] = Field(default_factory=list)
    #: In a periodic report, an incident dated at most this many days before publication is primary.
    report_window_days: int = Field(default=0, ge=0)
    #: A sentence after the lede's paragraph whose every date is at least this many days before publication
    #: tells history ("In January, a drone strike near the same airport killed ..."): it opens no mention. 0: off.
    history_window_days: int = Field(default=0, ge=0)
    #: When the lede gives no date, an incident dated at most this many days before publication is primary.
    undated_lede_window_days: int = Field(default=0, ge=0)

    @field_validator(
        "boilerplate",
        "time_stamps",
        "context",
        "new_incident",
        "follow_up",
        "dated_reference",
        "ordinal_reference",
        "telling_dates",
        "telling_dates_after",
        "toll_update",
        "enumerated_clause",
        "place_list",
        "list_joiners",
        "list_aggregate",
        "list_event_words",
        "place_count",
        "own_place",
        "skip_sections",
        "report",
        "summary",
        "statements",
        "another",
        "tally",
        "not_sites",
        "pointer_sites",
    )
    @classmethod
    def _valid_patterns(cls, value: list[str], info: ValidationInfo) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"structure.{info.field_name}: {pattern!r} is not a valid pattern ({exc})") from None
        return value

    def pattern(self, name: str) -> re.Pattern[str] | None:
        """The list ``name`` as one case-insensitive pattern (None when the list is empty)."""
        return _compiled_any(tuple(getattr(self, name)))

    def named_place_pattern(self) -> re.Pattern[str] | None:
        """Capitalised names before or after a place word ("Wemdeley village", "village of Tarvo"): group 1 or 2."""
        return _named_place(tuple(self.place_words))

    def settlement_pattern(self) -> re.Pattern[str] | None:
        """Capitalised names before or after a settlement word ("Simbolongo village"): group 1 or 2."""
        return _named_place(tuple(self.settlement_words))


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
    #: How the mention finder reads datelines, boilerplate, context and roundups.
    structure: ArticleStructure = Field(default_factory=ArticleStructure)
    #: The words the actor and target heuristics read.
    actor_words: ActorWords
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
            differs = sorted(set(value) ^ set(SUB_EVENT_TYPES))
            raise ValueError(f"type_labels must name every sub-event type; differs on {differs}")
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


@lru_cache(maxsize=32)
def _compiled_any(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE | re.MULTILINE) if patterns else None


@lru_cache(maxsize=8)
def _named_place(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    name = r"([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2})"
    word = "|".join(re.escape(w) for w in words)
    return re.compile(rf"{name}\s+(?i:{word})\b|\b(?i:{word})\s+of\s+{name}")


@lru_cache(maxsize=1)
def load_questions() -> QuestionSet:
    """Load and validate the packaged question file once per process; ``digest`` hashes its source."""
    raw = (resource_dir("prompts") / QUESTION_FILE).read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
        questions = QuestionSet.model_validate(data)
    except ValueError as exc:
        raise ValueError(f"prompts/{QUESTION_FILE}: {exc}") from exc
    try:
        questions = QuestionSet.model_validate(_with_language_words(data))
    except ValueError as exc:
        raise ValueError(f"extractor/data/cues_*.json, merged into prompts/{QUESTION_FILE}: {exc}") from exc
    digest = hashlib.sha256((raw + cues_digest()).encode()).hexdigest()[:12]
    return questions.model_copy(update={"digest": digest})


def _with_language_words(data: dict) -> dict:
    """``data`` with each cue file's words (extractor/data/cues_*.json) added to the lists of the same name."""
    merged = json.loads(json.dumps(data))
    for code, cues in sorted(language_cues().items()):
        for section, lists in (("actor_words", cues.actor_words), ("structure", cues.structure)):
            for name, words in lists.items():
                target = merged.setdefault(section, {})
                if not isinstance(target.get(name, []), list):
                    raise ValueError(f"extractor/data/cues_{code}.json: {section}.{name} is not a word list")
                target[name] = [*target.get(name, []), *words]
        merged["not_event_patterns"] = [*merged.get("not_event_patterns", []), *cues.not_event_patterns]
    return merged
