"""Who acted: the subject of the event sentence (the ``perpetrator``), the crowd at a protest or riot, and
whether armed men or civilians open the sentence (which decides between protest, riot and battle).

"Gunmen on motorcycles shot ...", "... were killed when police opened fire ...": the subject of the event
verb, or of its "when/where ..." clause; sources ("residents said"), victims ("five soldiers died") and the
event itself ("Rocket fire killed ...") are no perpetrator.
"""

from __future__ import annotations

import re

from ..candidates import ACTOR_PHRASE
from ..language_cues import merged_alternation
from ..normalize.aliases import packaged_alias_table
from ..normalize.dates import find_date_expressions
from ..normalize.places import country_code
from ..pipeline import ArticleContext
from .mentions import Mention, dateline_end
from .phrases import (
    ASIDE,
    MORE_ACTOR_NOUNS,
    NOT_ACTOR_SUBJECT,
    NOT_PERPETRATORS,
    PLACE_SUBJECT,
    QUANTITY,
    WORDS,
    actor_phrase_after,
    drop_the,
    event_body,
    noun_phrase_after,
    strip_lead_in,
    whole_phrase,
)
from .targets import ARMED_OBJECT

__all__ = [
    "EXPLICIT_PROTESTER",
    "PROTESTER",
    "armed_men_open",
    "crowd_phrase",
    "crowd_subject",
    "owned_fire",
    "protester_phrase",
    "subject_phrase",
]

_SUBJECT_VERBS = frozenset(WORDS.subject_verbs)
_ED_ADJECTIVES = frozenset(WORDS.ed_adjectives)
#: Verbs of saying: their subject is a source, never the actor of the event.
_SPEECH_VERBS = frozenset(WORDS.speech_verbs)
#: Verbs of dying with their auxiliary (data): "five soldiers died", "24 soldats ont trouvé la mort" tell victims.
_DIED = re.compile(rf"(?i)(?:{WORDS.alternation('died_verbs')})\b")
_PASSIVE_AUXILIARY = re.compile(rf"(?i)(?:{merged_alternation('passive_auxiliaries')})")
_CLAUSE_OPENERS = re.compile(r"\b(?:when|as|after|where|while|because|that)\s+", re.I)
#: A clause in the present progressive ("the army is fighting ...", "rebels have been fighting ..."): what is going
#: on around the event, background for it; its subject did not carry the event out.
_ONGOING = re.compile(
    r"(?i)^(?:[\w'’.-]+\s+){1,5}?(?:is|are|has been|have been)\s+(?:\w+ly\s+)?(?:fighting|battling|waging|operating"
    r"|trying|seeking|struggling|combating|combatting|conducting|active|present)\b"
)
#: "The army said [troops had driven ...]": the reported clause has the event's subject.
_REPORTED = re.compile(r"\b(?:said|says|reported|announced|confirmed|added|stated)\s+(?:that\s+)?", re.I)
_FIGHT_SUBJECT = re.compile(r"(?i)\b(?:fighting|clashes|battles?|gunfights?|firefights?|violence)\b")
#: "Troops say they have neutralised two terrorists", "the army said its soldiers repelled ...": the speaker
#: reports its own act, so it is the actor (a state force's report is a fact; ``claims`` keeps it from claimed_by).
_SELF_REPORT = re.compile(
    r"(?i)^(?:that\s+)?(?:it|they|we|its\s+[\w-]+|their\s+[\w-]+)\s+(?:had\s+|have\s+|has\s+)?(?:\w+ly\s+)?"
    r"(?:killed|neutrali[sz]ed|eliminated|repelled|repulsed|destroyed|attacked|ambushed|struck|shot|fired|launched"
    r"|carried out|conducted|bombed|shelled|raided|stormed|captured|seized|overran|downed|shot down|clashed"
    r"|fought|engaged)\b"
)
#: A subject ending in a relative pronoun belongs to a relative clause, not to the event; so does one ending in
#: a personal pronoun ("the checkpoint they [were manning]": the clause's subject is "they").
_RELATIVE_END = re.compile(r"(?i)\b(?:who|which|that|whose)$")
_PRONOUN_END = re.compile(r"(?i)\s(?:they|he|she|we|i|you)$")
#: Participles not in -ed/-en that make "was hit", "were shot" a passive: the subject is the victim.
_IRREGULAR_PARTICIPLES = frozenset(("hit", "shot", "struck", "hurt", "caught", "cut", "burnt", "slain", "held", "left"))
_SPACES = re.compile(r"\s+")
_ARMED_MEN = re.compile(rf"(?i)\b(?:{WORDS.alternation('armed_men')})\b")
#: A crowd of civilians, with its description and "of ..." complement ("Activists of two student groups").
PROTESTER = re.compile(
    r"(?:\b(?:[A-Z][\w'’-]*|pro-\w+|anti-\w+|hooded|masked|angry|striking|unemployed|opposition|student|rival|local"
    r"|young)\s+){0,3}"
    rf"\b(?i:{WORDS.alternation('crowd_nouns')})\b"
    r"(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]*|two|rival|\w+)(?:\s+[\w'’-]+){0,3}?(?=\s*[,;]|\s+(?i:fought|clashed"
    r"|marched|gathered"
    r"|blocked|set|burned|torched|stormed|threw|pelted|barricaded|rallied|protested)\b))?"
)
#: What a crowd does at a protest or riot (data): the subject of these verbs is the demonstrators.
_CROWD_VERB = re.compile(rf"(?i)\b(?:{WORDS.alternation('crowd_verbs')})\b")
_CROWD_NOUN = re.compile(rf"(?i)\b(?:{WORDS.alternation('crowd_nouns')})\b")
#: "people", "personas": a crowd named by no more than that.
_PEOPLE = re.compile(rf"(?i)\b(?:{WORDS.alternation('vague_victims')})\b")
#: State forces (data, lower case as in ``claims``): they police a demonstration, they are not its crowd.
_STATE_FORCE = re.compile(rf"(?i)\b(?:{WORDS.alternation('state_words')}|police\w*|gendarm\w*)\b")
EXPLICIT_PROTESTER = re.compile(rf"(?i)\b(?:{WORDS.alternation('explicit_protesters')})\b")
#: Fire with its owner: "Russian shelling", "regime warplanes", "a fresh Israeli strike", "Houthi drones".
_OWNED_FIRE = re.compile(
    r"(?:^|(?<=\s))(?P<owner>[\w.'’-]+)\s+(?:(?:air|drone|missile|rocket|artillery|mortar|naval|tank|aerial|cruise"
    r"|ballistic|heavy)\s+){0,2}"
    r"(?P<noun>(?:air\s*)?strikes?|airstrikes?|shelling|bombardments?|bombing|barrages?|warplanes?|jets?|drones?"
    r"|missiles?|rockets?|artillery|helicopters?|gunships?|tanks|attacks?|raids?|ambush(?:es)?|assaults?|offensive"
    r"|incursions?)\b",
    re.I,
)
_FIRE_OWNERS = re.compile(rf"(?i)(?:{WORDS.alternation('fire_owners')})")
#: A cleft sentence at the start of a clause: "it was [X] who opened fire", "foram [X] que trocaram tiros" (data).
_CLEFT = re.compile(
    rf"(?i)(?:^|[,;:]\s+)(?:{WORDS.alternation('cleft_openers')})\s+(?P<actor>[^,;:.]{{3,80}}?)\s+"
    rf"(?:{WORDS.alternation('cleft_relatives')})\s"
)
#: A clause with no subject of its own, led by the -ing form of an event verb ("[security forces lost a soldier]
#: while killing nine militants"): its subject is the main clause's.
_GERUND_CLAUSE = re.compile(r"(?i)^(?:while|after|when)\s+(?P<verb>\w+)ing\b")  # openers _CLAUSE_OPENERS finds


def subject_phrase(sentence: str, ctx: ArticleContext) -> str | None:
    """The actor doing the event: the subject of the event sentence, or of its "when/where ..." clause
    ("Gunmen on motorcycles shot ...", "... were killed when police opened fire ...")."""
    body = event_body(sentence)
    cleft = _CLEFT.search(body)
    if cleft and _is_actor(cleft.group("actor").strip(), ctx):
        return drop_the(cleft.group("actor").strip())  # "foram dois grupos rivais que trocaram tiros"
    if (shared := _gerund_subject(body, ctx)) is not None:
        return shared
    openers = sorted([*_CLAUSE_OPENERS.finditer(body), *_REPORTED.finditer(body)], key=lambda m: m.start())
    candidates = [body] + [body[m.end() :] for m in openers]
    for clause in candidates:
        if clause is not body and _ONGOING.match(clause):
            continue  # "..., where the army is fighting an insurgency": a state of affairs, not the event's actor
        subject = _clause_subject(clause, ctx)
        if subject == "":  # the event itself is the subject ("Rocket fire killed six ... as jets struck ..."): nobody
            return None
        if subject:
            return subject
    return None


def _clause_subject(clause: str, ctx: ArticleContext) -> str | None:
    clause = strip_lead_in(clause)
    aside = ASIDE.search(clause, 0, 120)
    # "Gunmen, who came on motorbikes, shot ...": the aside is no part of the subject
    if aside and aside.start() > 0 and len(clause[: aside.start()].split()) <= 8:
        clause = clause[: aside.start()] + " " + clause[aside.end() :]
    words = clause.split()
    for i, word in enumerate(words[:12]):
        bare = word.strip(",;:").lower()
        if _CLAUSE_OPENERS.match(bare + " "):
            return None
        if bare in _SUBJECT_VERBS or (bare.endswith("ed") and bare not in _ED_ADJECTIVES and "-" not in bare and i > 0):
            following = words[i + 1].lower() if i + 1 < len(words) else ""
            passive = following.endswith(("ed", "en")) or following in _IRREGULAR_PARTICIPLES
            if (
                (bare in ("were", "was", "is", "are") and passive)
                or (bare in ("have", "has", "had") and following == "been")
                or _PASSIVE_AUXILIARY.fullmatch(f"{bare} {following}")  # "ont été", "han sido" (data/cues_*.json)
            ):
                return None  # passive: the subject is the victim
            if bare in ("have", "has", "had") and following.endswith("ed") and following not in _SUBJECT_VERBS:
                return None  # "the army has named the soldier": a perfect, but of no event verb
            if (bare in _SPEECH_VERBS and not _SELF_REPORT.match(" ".join(words[i + 1 : i + 8]))) or _DIED.match(
                " ".join(words[i : i + 6])
            ):
                return None  # "residents said": a source; "five soldiers died", "ont trouvé la mort": the victims
            subject = " ".join(words[:i]).strip(" ,")
            first = subject.split()[0].lower() if subject else ""
            if first.endswith("ed") and first not in _ED_ADJECTIVES and first not in _SUBJECT_VERBS:
                return None  # "emerged from former FARC fronts": a relative clause's verb, not a noun phrase
            if bare in _SPEECH_VERBS:  # a report of its own act: the speaker, cut before its "on operations in X"
                subject = actor_phrase_after(subject, 0) or subject
            if _RELATIVE_END.search(subject) or _PRONOUN_END.search(subject):
                return None  # "five women who had left the camp were raped": a relative clause, not the event's subject
            subject = _SPACES.sub(" ", drop_the(_without_dates(subject, ctx))).strip(" ,")
            quantity = QUANTITY.match(subject)
            subject = subject[quantity.end() :] if quantity and quantity.end() < len(subject) else subject
            if subject and NOT_ACTOR_SUBJECT.search(subject):
                owned = owned_fire(subject, ctx)
                if owned:
                    return owned  # "Russian shelling killed two": the side that fired acted (GUIDE 7)
                return None if _FIGHT_SUBJECT.search(subject) else ""
            if not subject or NOT_PERPETRATORS.search(subject) or PLACE_SUBJECT.search(subject):
                return None
            return subject if _is_actor(subject, ctx) else None
        if word.endswith((",", ";", ":")) and i > 0:
            return None
    return None


def _without_dates(subject: str, ctx: ArticleContext) -> str:
    """The subject without the time adverbials inside it ("the Taliban on Monday", "only last week members of a
    vigilance group"): the words on one side of a date, the first side that names an actor, so the phrase stays one
    span of the text and still grounds; with no such side, the words around the dates joined."""
    surfaces = [surface for *_, surface in find_date_expressions(subject)]
    if not surfaces:
        return subject
    parts = re.split("|".join(re.escape(s) for s in surfaces), subject)
    for part in parts:
        part = part.strip(" ,")
        if part and _is_actor(part, ctx):
            return part
    return " ".join(parts)


def _is_actor(phrase: str, ctx: ArticleContext) -> bool:
    """Whether ``phrase`` names an actor: an actor phrase, a known group, an actor noun or a country."""
    if not phrase or NOT_PERPETRATORS.search(phrase) or PLACE_SUBJECT.search(phrase):
        return False
    return bool(
        ACTOR_PHRASE.search(phrase[:1].lower() + phrase[1:])
        or ACTOR_PHRASE.search(phrase)
        or ctx.actors.find(phrase)
        or MORE_ACTOR_NOUNS.search(phrase)
        or country_code(phrase)
        or _named_group(phrase)
    )


def _named_group(phrase: str) -> bool:
    """Whether ``phrase`` is, as a whole, a name in ACLED's actor aliases (``acled_actor_aliases.csv``: "The Free
    Syrian Army defended ..."), names the alias table of weapons and forces may lack."""
    phrase = drop_the(phrase.strip())
    return any(a == 0 and b == len(phrase) for a, b, *_ in packaged_alias_table("acled_actor_aliases.csv").find(phrase))


def _gerund_subject(body: str, ctx: ArticleContext) -> str | None:
    """The main clause's subject when a subjectless "-ing" clause tells the event ("Security forces lost a soldier
    while killing nine militants": they killed, and the soldier they lost is their loss, not their victim); None
    when no such clause follows an active main clause whose subject is an actor."""
    for opener in _CLAUSE_OPENERS.finditer(body):
        gerund = _GERUND_CLAUSE.match(body[opener.start() :])
        if not gerund:
            continue
        stem = gerund.group("verb").lower()  # "kill", "fir", "hitt": its past by English spelling rules
        doubled = stem[:-1] if stem[-1:] == stem[-2:-1] else ""
        if not {stem + "ed", stem + "d", doubled, doubled + "ed"} & _SUBJECT_VERBS:
            continue  # "while patrolling": no event verb
        head = body[: opener.start()].split()
        for i, word in enumerate(head[1:8], start=1):
            bare = word.strip(",;:").lower()
            if word.endswith((",", ";", ":")):
                return None
            if bare in ("was", "were", "is", "are", "had", "has", "have", "been") or bare in _SPEECH_VERBS:
                return None  # "soldiers were ambushed while ...": passive or a source
            if _DIED.match(bare):
                return None
            if bare.endswith("ed") or bare in _SUBJECT_VERBS or bare == "lost":
                subject = drop_the(" ".join(head[:i]).strip(" ,"))
                return subject if _is_actor(subject, ctx) else None
        return None
    return None


def owned_fire(text: str, ctx: ArticleContext) -> str | None:
    """The strike, weapon or attack with its owner when a state (by its demonym or name), a known group or an owner
    word fires it: "A fresh Israeli strike on the city" -> "Israeli strike", "a string of Taliban attacks" ->
    "Taliban attacks"; "Rocket fire" has no owner: None."""
    subject = text
    for fire in _OWNED_FIRE.finditer(subject):
        owner = fire.group("owner").strip(".")
        named = owner[:1].isupper() and (country_code(owner) or ctx.actors.find(owner))  # "and": Andorra's code
        if _FIRE_OWNERS.fullmatch(owner) or named:
            return subject[fire.start("owner") : fire.end("noun")]
    return None


def crowd_phrase(sentence: str) -> str | None:
    """Who demonstrated or rioted: the subject of the event sentence's crowd verb ("thousands of people marched",
    "civic leaders in X called a strike and marched", "strikers fought MAS supporters"), whatever noun names them;
    None when the subject is no crowd (the police, an official, a place) or the verb has no plain subject."""
    body = event_body(sentence)
    verb = _CROWD_VERB.search(body, 0, 200)
    head = body[: verb.start()].lstrip(" ,") if verb else ""
    aside = ASIDE.search(head)
    if aside and aside.start() > 0 and len(head[: aside.start()].split()) <= 8:  # "Residents of X, south of Y, ..."
        head = head[: aside.start()] + " " + head[aside.end() :]
    head = head.strip(" ,")
    head = re.split(r"[,;:]\s*|\b(?:where|when|as|after|while|because)\s", head)[-1].strip()  # the verb's clause
    phrase = noun_phrase_after(head, 0) if head else None
    if not phrase or len(phrase.split()) > 8:
        return None
    for word in phrase.lower().split():
        if word in _SUBJECT_VERBS or (word.endswith("ed") and word not in _ED_ADJECTIVES) or word in _SPEECH_VERBS:
            return None  # "Police dispersed protesters who": a clause, not the crowd
    people = _CROWD_NOUN.search(phrase) or _PEOPLE.search(phrase)
    if (NOT_PERPETRATORS.search(phrase) and not people) or _STATE_FORCE.search(phrase) or PLACE_SUBJECT.search(phrase):
        return None
    if NOT_ACTOR_SUBJECT.search(phrase) or _CLAUSE_OPENERS.search(phrase + " "):
        return None
    return whole_phrase(drop_the(phrase))


def armed_men_open(sentence: str) -> bool:
    """Whether armed men are named at the start of the event sentence (after any dateline): what they do to a
    crowd ("marched 31 travellers into the bush") is no protest."""
    return bool(_ARMED_MEN.search(sentence[dateline_end(sentence) :][:60]))


def crowd_subject(sentence: str) -> bool:
    """Whether the event sentence opens with a crowd of civilians ("Hundreds of protesters stormed ...",
    "Activists of two student groups fought ..."): their violence is a riot, not a battle (the codebook, 4)."""
    body = event_body(sentence)
    body = QUANTITY.sub("", body) if QUANTITY.match(body) else body
    crowd = PROTESTER.match(body)
    return crowd is not None and not ARMED_OBJECT.search(crowd.group(0))


def protester_phrase(mention: Mention) -> str | None:
    """The demonstrators: the people who open the event sentence ("Residents of the township barricaded ..."),
    else those the event sentence names (explicit "protesters" first), else those of the headline and follow-ups."""
    body = event_body(mention.lead.text)
    opening = PROTESTER.match(body)
    found = [opening.group(0)] if opening else []
    for sentences in ([mention.lead], ([mention.headline] if mention.headline else []) + mention.sentences[1:]):
        named = [m.group(0).strip() for s in sentences for m in PROTESTER.finditer(s.text)]
        found += [f for f in named if EXPLICIT_PROTESTER.search(f)] + named
    if not found:
        return None
    pick = drop_the(found[0].strip())
    quantity = QUANTITY.match(pick)
    return pick[quantity.end() :] if quantity else pick
