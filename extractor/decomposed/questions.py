"""The small questions asked about one mention, and their options: spans of the article near it, plus none.

Options come in the order a fixed heuristic prefers (the event's own sentence first, the phrase after
"in"/"near" before a passing name, "none" first where a cue word is missing), and each option carries a log
prior: 0 for the heuristic's answer, ``-prior_weight`` for the others. A model adds its log-likelihood and
wins where it is confident enough; the no-model ``rules`` engine simply takes the heuristic's answer.
Question wording, type labels, extra cues and weights are data (``prompts/questions.json``, read by ``question_file``).
The candidate spans for actors and targets come from ``actors``, those for places and sites from ``locations``;
the small builders for types, dates, weapons and counts stay here.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..candidates import cue_spans
from ..language_cues import merged_alternation
from ..normalize.dates import find_anchored_expressions, find_date_expressions, resolve_date
from ..normalize.numbers import (
    DYING_VERBS,
    SIDES_JOINER,
    battle_side,
    count_fate,
    definite_count,
    find_count_expressions,
    gapped_counts,
    is_part,
    ordinal_victim,
    parse_count,
    refines,
    revises_toll,
    sums_places,
)
from ..pipeline import ArticleContext
from ..resources import data_rows
from .actors import BATTLE_TYPES, PROTEST_TYPES, RIOT_TYPES, actor_options
from .locations import main_country, place_options, site_options, sites_apart_from_places
from .mentions import Mention, Sentence, cued_types, dateline_end, told_date
from .phrases import WORDS, event_body, noun_phrase_after
from .question_file import QuestionSet, load_questions
from .spans import dedupe, mention_window, spans_in
from .subjects import armed_men_open, crowd_subject
from .targets import ARMED_OBJECT, attacks_armed_side

__all__ = [
    "Question",
    "QuestionSet",
    "build_questions",
    "load_questions",  # with QuestionSet, from question_file
    "shared_weapons",
]


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


# --- the small option builders: types, dates, weapons, counts (actors and places have their own modules) ----

_KILL_WORD = re.compile(
    r"kill|dead|died|death|\btoll\b|lives|bodies|fatalit|slain|massacre|execut|no casualties|no one was hurt|no one was killed|nobody was"
    r"|murder|gunned down|martyr|neutrali[sz]|behead|lynch|assassinat"  # words that say the victim died
    rf"|{merged_alternation('killed_words')}"  # the other languages' words (data/cues_*.json)
    rf"|\b(?:{'|'.join(sorted(DYING_VERBS, key=len, reverse=True))})\b",  # their verbs of dying (count_words.csv)
    re.I,
)
_HURT_WORD = re.compile(
    rf"wound|injur|hurt|hospital|casualt|maimed|unharmed|unhurt|{merged_alternation('injured_words')}", re.I
)
#: "No casualties", "no one was hurt" or "nobody was injured": killed 0 and injured 0 (GUIDE 10).
_ZERO_BOTH = re.compile(
    r"\bno (?:casualties|injuries or deaths|deaths or injuries)\b"
    r"|\b(?:no one|nobody|no-one)\s+(?:else\s+)?(?:(?:was|were)\s+)?(?:\w+ly\s+)?"
    r"(?:(?:killed|hurt|injured|wounded)\s+or\s+)?(?:hurt|injured|wounded|harmed|killed\s+or\s+\w+)\b",
    re.I,
)
#: The other languages' article that is also the number one (data/cues_*.json), and how near a casualty word must
#: be for it to count ("un civil tué", "un policía resultó herido").
_ARTICLE_NUMBER = re.compile(rf"(?i)(?:{merged_alternation('article_numbers')})\b")
_ARTICLE_REACH = 12
_MEASURE = re.compile(rf"(?i)\b(?:{merged_alternation('measure_words')})$")

_TAKEOVER = re.compile(
    r"(?i)seized|took (?:over|control)|captur|overr[au]n|fell to|in control of|control of (?:the )?(?:town|city|village|base|area)"
)
_PROTEST_WORD = re.compile(r"(?i)protest|demonstrat|march|rally|rallies|sit-in|\bstrike(?:rs?)?\b")
_LYNCHING = re.compile(r"(?i)\bmob\b|lynch|vigilante|beaten to death")
_INTERVENTION = re.compile(
    r"(?i)tear ?gas|water cannon|dispers|(?<!demand the )(?<!demanded the )(?<!demanding the )\barrest|detain|baton|rubber bullet|broke up|break up|pushed back|charged"
    r"|clash\w* with (?:the )?(?:police|security|riot)|pepper spray|stun grenade"
    rf"|{merged_alternation('intervention_words')}"  # the other languages' (data/cues_*.json)
)

#: Armed people among the dead or wounded ("killed 14 policemen", "seven officers were killed", "two police officials
#: were among four people martyred"): an attack with armed victims is a battle (the codebook: police and soldiers
#: are armed). The nouns are data (prompts/questions.json actor_words.armed_objects and data/cues_*.json).
_ARMED = rf"(?:{WORDS.alternation('armed_objects')})"
_COUNT = (
    r"(?:\d[\d,]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|\w+teen|twenty|thirty|several|dozens of"
    rf"|scores of|{merged_alternation('number_words')})"
)
#: Up to three words before the armed noun, none a preposition ("two people near a police post" names no police).
_MODIFIERS = r"(?:(?!(?:near|at|in|on|outside|inside|by|from|of|to|with|the|close|and)\s)[\w'’-]+\s+){0,3}?"
_HARMED = (
    rf"(?:killed|martyred|shot dead|gunned down|wounded|injured|slain|{merged_alternation('passive_victim_verbs')})"
)
_ARMED_CASUALTIES = re.compile(
    r"(?i)\b(?:kill(?:ed|ing)|martyr(?:ed|ing)|shot dead|gunned down|wound(?:ed|ing))\s+"
    r"(?:(?:at least|some|about)\s+)?"
    rf"{_COUNT}\s+{_MODIFIERS}{_ARMED}\b"
    rf"|\b{_COUNT}\s+{_MODIFIERS}{_ARMED}\b(?:(?:,[^,;]{{0,80}}){{1,2}},)?\s+"
    rf"(?:(?:were|was|had been|have been|has been|{merged_alternation('passive_auxiliaries')})\s+(?:\w+ly\s+)?"
    rf"(?:{_HARMED}|among\b)|died\b)"
)
#: The armed side opens the sentence or a clause as the passive subject ("Troops on a patrol were attacked"), with no
#: telling in between ("Police said villagers were killed" names the police as the source, not the victims).
#: The modifiers of a subject in any language: none a preposition ("un village près d'un poste militaire").
_SUBJECT_MODIFIERS = (
    rf"(?:(?!(?:near|at|in|on|outside|inside|by|from|of|to|with|the|close|and|{merged_alternation('phrase_stops')})\s)"
    r"[\w'’-]+\s+){0,3}?"
)
_ARMED_SUBJECT_HIT = re.compile(
    rf"(?i)(?:^|\bthat\s+|,\s+)[\"“«]?\s*(?:(?:the|{merged_alternation('determiners')})\s+)?"
    rf"{_SUBJECT_MODIFIERS}{_ARMED}\b"
    r"(?:(?!\b(?:said|says|told|reported|according|say)\b)(?:[^;.]|\.(?=\s*\d))){0,150}?"
    rf"\b(?:were|was|had been|have been|has been|{merged_alternation('passive_auxiliaries')})\s+(?:\w+ly\s+)?"
    rf"(?:attacked|ambushed|targeted|{merged_alternation('passive_target_verbs')}|{_HARMED})\b"
)
#: Deaths or grave wounds at a protest: with no sign of the demonstrators' own violence, force against them
#: (GUIDE 4); tear gas, batons and rubber bullets that only hurt stay an intervention. "who died" is a cause.
_PROTEST_CASUALTIES = re.compile(
    r"(?i)(?<!who )(?<!whom )\b(?:were|was|been|are)\s+(?:\w+\s+)?"
    r"(?:killed|shot dead|gunned down|seriously (?:injured|wounded))\b"
    r"|(?<!who )(?<!had )\bdied\b|(?<!who was )(?<!who were )\b(?:gunned down|shot dead)\b"
)

#: An ambush is a battle when it meets an armed side (GUIDE 4: "an ambush on a military convoy"); on unarmed people
#: with no fighting told, the codebook's attack on civilians.
_AMBUSH = re.compile(r"(?i)\bambush")
_FIGHTING = re.compile(r"(?i)clash|fighting|fought|battle|exchange of fire|firefight|gunfight|returned fire|repelled")
#: Dead or wounded "on both sides": two armed sides fought. Read in the type only, not as a mention cue: the
#: sentence stays its own incident rather than joining the fight told before it.
_BOTH_SIDES = re.compile(r"(?i)\b(?:on|from) (?:both|the two|either) sides\b(?! of)")
_CIVILIAN_OBJECT = re.compile(rf"(?i)\b(?:{WORDS.alternation('civilian_objects')})\b")


def type_options(mention: Mention, qs: QuestionSet, report: Mention | None = None, article: str = "") -> list[str]:
    """Cued types, those of the event's own sentence first, then the headline's, each group most specific first.

    ``report`` is the article's primary mention (headline and lede), ``article`` its text: an entry that tells only
    its toll or an unqualified "strike" takes the means the report names (GUIDE 4: the type is the means)."""
    rank = qs.type_precedence.index
    own = sorted(cued_types(mention.lead.text, qs.cue_patterns), key=rank)
    if mention.headline:
        own += sorted((c for c in cued_types(mention.headline.text, qs.cue_patterns) if c not in own), key=rank)
    ranked = own + sorted((c for c in mention.cues if c not in own), key=rank)
    lead = mention.lead.text
    bare_strike = bool(_BARE_STRIKE.search(lead)) and not _HAND.search(lead)
    if ranked and ranked[0] == "Attack" and (bare_strike or not _MANNER.search(lead)):
        # "a man was killed in Mykolayivka", "killed by a Russian strike" in a report of a night's shelling; an
        # unqualified strike in an article that calls its strikes "air strikes" is one of them
        means = report_means(report or mention, qs) or (strikes_means(article, qs) if bare_strike else None)
        if means:
            ranked = _first(means, ranked)
        elif not bare_strike and report is not None and report is not mention and report_is_protest(report, qs):
            # "two were killed in Jigawa" in a report of a day of protests: the dead of the protest (GUIDE 4)
            ranked = _first("Peaceful protest", ranked)
    if ranked and ranked[0] == "Attack" and (means := _means_told_beside(mention, qs)):
        # "six soldiers were killed in an attack" under "... killed in bombing": the word "attack" names no means, the
        # headline does (GUIDE 4: the type is the means)
        ranked = _first(means, ranked)
    if ranked and ranked[0] == "Air/drone strike" and (downed := _aircraft_hit(lead, qs)) is not None:
        # "brought down a military helicopter": the aircraft is what the verb acts on, the target, not the means;
        # an armed side's aircraft brought down is a battle with it (the codebook)
        ranked = _first("Armed clash", ranked) if ARMED_OBJECT.search(downed) else ranked[1:] + ranked[:1]
    # The codebook, section 4: civilians who fight, storm or attack riot; storming is an assault unless words of
    # control follow; an attack on armed forces is a battle.
    if (
        ranked
        and ranked[0] in (*BATTLE_TYPES, "Attack")
        and crowd_subject(lead)
        and not armed_men_open(lead)
        and not _CROWD_UNDERGOES.search(event_body(lead))
    ):
        protest = _PROTEST_WORD.search(" ".join(s.text for s in mention_window(mention)))
        ranked = _first("Violent demonstration" if protest else "Mob violence", ranked)
    if ranked and ranked[0] == "Non-state actor overtakes territory" and not _TAKEOVER.search(lead):
        ranked = ranked[1:] + ranked[:1]
    if ranked and ranked[0] in ("Attack", "Armed clash") and _STATE_WITHDREW.search(event_body(lead)):
        # "the Taliban attacked the district, and Afghan forces pulled out of its headquarters": the attackers hold
        # the ground the state gave up (the codebook)
        ranked = _first("Non-state actor overtakes territory", ranked)
    if (
        ranked and ranked[0] in PROTEST_TYPES and armed_men_open(lead)
    ):  # "Armed men ... marched 31 travellers into the bush"
        ranked = [t for t in ranked if t not in PROTEST_TYPES] + [t for t in ranked if t in PROTEST_TYPES]
    if ranked and ranked[0] == "Abduction/forced disappearance":
        ranked = _abduction_told_in(lead, qs, ranked)
    if ranked and ranked[0] == "Attack" and (_armed_victims(lead) or _BOTH_SIDES.search(lead)):
        ranked = _first("Armed clash", ranked)
    if (
        ranked
        and ranked[0] == "Armed clash"
        and _AMBUSH.search(lead)
        and _CIVILIAN_OBJECT.search(lead)
        and not (_FIGHTING.search(lead) or _armed_victims(lead))
    ):
        ranked = _first("Attack", ranked)
    if ranked and ranked[0] == "Mob violence" and _PROTEST_WORD.search(lead) and not _LYNCHING.search(lead):
        ranked = _first("Violent demonstration", ranked)  # two camps of a protest or strike fight each other
    if (
        ranked
        and ranked[0] in ("Peaceful protest", "Protest with intervention")
        and any(_PROTEST_CASUALTIES.search(t[dateline_end(t) :]) for t in (lead, _shared_text(mention)))
    ):
        ranked = _first("Excessive force against protesters", ranked)
    if (
        ranked
        and ranked[0] in _DEMONSTRATION_TYPES
        and any(_CROWD_RIOTING.search(t) for t in _own_and_headline(mention))
    ):
        # "police fired on protesters storming parliament": the demonstrators' own violence makes the event a riot,
        # coded once, whatever force met it (the codebook, GUIDE 4)
        ranked = _first("Violent demonstration", ranked)
    if "Peaceful protest" not in ranked:  # arrests, dispersals and shootings are protest types only at a protest
        ranked = [
            t for t in ranked if t not in ("Protest with intervention", "Excessive force against protesters")
        ] or ranked
    elif not _INTERVENTION.search(" ".join(s.text for s in mention_window(mention))):
        # "protest" and "march" cue both protest types; without tear gas, arrests or a dispersal nobody intervened
        ranked = [t for t in ranked if t != "Protest with intervention"]
    return ranked


_REMOTE_TYPES = ("Shelling/artillery/missile attack", "Air/drone strike")
# Words that tell how people were attacked by hand: with any of them the lead's Attack stands.
_MANNER = re.compile(
    r"(?i)\b(?:shot|shoot|gun|gunm[ae]n|gunfire|fired?|stabb|knife|machete|hack|behead|attack|raid|storm|ambush"
    r"|kidnap|abduct|burn|torch|lynch|beat|execut|massacr|grenade|bomb|explo|mine|drone|air|strike|shell|rocket|missile)"
)


# How people were attacked other than from afar: with any of them the report's remote means is not the entry's.
_HAND = re.compile(
    r"(?i)\b(?:shot|shoot|gun|gunm[ae]n|gunfire|fired?|stabb|knife|machete|hack|behead|attack|raid|storm|ambush"
    r"|kidnap|abduct|burn|torch|lynch|beat|execut|massacr|grenade|bomb|explo|mine)"
)
#: State forces as the subject of a verb of giving up ground ("Afghan forces pulled out", "the army had withdrawn").
_STATE_WITHDREW = re.compile(
    rf"(?i)\b(?:{WORDS.alternation('state_words')})\s+(?:(?:had|have|has|were|was|then|later|eventually)\s+)?"
    rf"(?:{WORDS.alternation('withdrawal_verbs')})\b"
)
_DOWNING = re.compile(rf"(?i)\b(?:{WORDS.alternation('downing_verbs')})\s+")
#: A strike named with no kind ("a Russian strike on the village"); the labour strike is no means of attack.
_BARE_STRIKE = re.compile(r"(?i)(?<!hunger )(?<!general )(?<!on )\bstrikes?\b")
_QUALIFIED_STRIKE = re.compile(r"(?i)\b(?:[\w-]+[ -])?[\w-]*strikes?\b")


#: The crowd that opens the sentence is its victims ("Four villagers were killed") or its source ("Residents said
#: ..."): it did no violence, so the sentence tells no riot (the codebook, 4: the crowd must act).
_CROWD_UNDERGOES = re.compile(
    r"(?i)^[^,;:]{0,80}?\b(?:(?:were|was|had been|have been|has been|"
    rf"{merged_alternation('passive_auxiliaries')})\s+(?:\w+ly\s+)?(?:{_HARMED}|attacked|targeted)"
    rf"|(?:said|say|says|told|reported|{WORDS.alternation('speech_verbs')})\b)"
)


def report_means(report: Mention, qs: QuestionSet) -> str | None:
    """The one remote means (shelling, air or drone strike) the report's headline, else its lede, names alone.

    None when the sentence names no remote means, two of them, or another manner of attack beside one ("Shelling
    and a gunmen's raid"): a roundup of different attacks gives its entries no common means."""
    for sentence in (report.headline, report.lead):
        if sentence is None:
            continue
        cued = cued_types(sentence.text, qs.cue_patterns)
        remote = [t for t in cued if t in _REMOTE_TYPES]
        if remote:
            alone = len(remote) == 1 and set(cued) <= {remote[0], "Attack"} and not _HAND.search(sentence.text)
            return remote[0] if alone else None
    return None


def _aircraft_hit(lead: str, qs: QuestionSet) -> str | None:
    """What a downing verb acts on ("rebels brought down [a military helicopter]") when the event sentence names
    aircraft only there: read without those objects, it no longer cues an air strike. None otherwise."""
    downed = [(m.end(), phrase) for m in _DOWNING.finditer(lead) if (phrase := noun_phrase_after(lead, m.end()))]
    bare = lead
    for start, phrase in downed:
        at = lead.find(phrase, start)
        bare = bare[:at] + " " * len(phrase) + bare[at + len(phrase) :]
    if not downed or "Air/drone strike" in cued_types(bare, qs.cue_patterns):
        return None
    return " ".join(phrase for _, phrase in downed)


def report_is_protest(report: Mention, qs: QuestionSet) -> bool:
    """Whether the report's headline (its lede when it has none) tells of a protest and of no fighting, shelling or
    strike: a live blog whose first entry is a sit-in under a headline of strikes is no protest report."""
    cued = set(cued_types((report.headline or report.lead).text, qs.cue_patterns))
    return bool(cued & set(PROTEST_TYPES)) and cued <= {*PROTEST_TYPES, *RIOT_TYPES, "Attack"}


def _shared_text(mention: Mention) -> str:
    """The sentence a listed entry shares with the others ("... two were killed in Jigawa and three in Kaduna")."""
    return mention.shared.text if mention.shared is not None else ""


def strikes_means(article: str, qs: QuestionSet) -> str | None:
    """The one remote means the article's qualified strikes name ("air strikes", "a drone strike"), if only one."""
    kinds = {t for m in _QUALIFIED_STRIKE.finditer(article) for t in cued_types(m.group(), qs.cue_patterns)}
    remote = kinds & set(_REMOTE_TYPES)
    return next(iter(remote)) if len(remote) == 1 else None


def _armed_victims(lead: str) -> bool:
    """Whether the event sentence's victims include an armed side: then it tells a battle (the codebook)."""
    body = event_body(lead)
    return attacks_armed_side(lead) or bool(_ARMED_CASUALTIES.search(lead) or _ARMED_SUBJECT_HIT.search(body))


#: Ambush words in English, French, Spanish and Portuguese (ambush, embuscade, emboscada): a kidnapping on the road
#: by an ambush is one-sided, so an ambush cue alone does not make an abduction a battle.
_AMBUSH_WORD = re.compile(r"(?i)\b(?:ambush|embusc|embosc)\w*")
#: Words of the toll list that name no death of their own: the victims of a kidnapping are alive, a toll is a sum,
#: "no casualties" and "nobody was hurt" deny one.
_NOT_A_DEATH = re.compile(r"(?i)v[ií]ctim|\btoll|bilan|lives|حصيلة|no\b|nobody")
#: A negation just before a word of death ("no one was killed", "sin muertos", "sans faire de morts").
_NEGATED = re.compile(r"(?i)\b(?:no|not|nobody|none|without|sin|sans|sem|nadie|ninguém|aucun)\b[^,;.]{0,20}$")


def _abduction_told_in(lead: str, qs: QuestionSet, ranked: list[str]) -> list[str]:
    """The type of a sentence whose first cue is an abduction, by the codebook's definitions of the three types.

    A victim killed after being taken ("abducted from his home and later found killed") is coded by the harm: an
    attack. A capture told inside fighting between two armed sides ("a soldier was seized during clashes between
    the army and rebels") is part of the battle: an armed clash, unless civilians are the object."""
    taken = _first_cue_at(lead, "Abduction/forced disappearance", qs)
    if taken is not None:
        after = lead[taken:]
        for kill in _KILL_WORD.finditer(after):
            if not _NEGATED.search(after[: kill.start()]) and not _NOT_A_DEATH.match(kill.group()):
                return _first("Attack", ranked)
    fighting = cued_types(_AMBUSH_WORD.sub(" ", lead), qs.cue_patterns)
    if "Armed clash" in fighting and not _CIVILIAN_OBJECT.search(lead):
        return _first("Armed clash", ranked)
    return ranked


def _first_cue_at(text: str, kind: str, qs: QuestionSet) -> int | None:
    """Where the earliest cue of sub-event type ``kind`` in ``text`` ends; None when none is there."""
    return min((end for _, end in cue_spans(text, kind, qs.cue_patterns)), default=None)


#: The protest types, the shooting of protesters among them: each is a riot when the demonstrators were violent.
_DEMONSTRATION_TYPES = (*PROTEST_TYPES, "Excessive force against protesters")
#: A crowd doing one of the codebook's acts of a violent demonstration ("protesters storming parliament", "youths
#: who looted shops"): -ing and -ed forms of prompts/questions.json's riot_act_stems after a crowd noun.
_CROWD_RIOTING = re.compile(
    rf"(?i)\b(?:{WORDS.alternation('crowd_nouns')})\s+(?:(?:who|that)\s+(?:were\s+|had\s+)?)?"
    rf"(?:{WORDS.alternation('riot_act_stems')})(?:e?d|ing)\b"
)


def _own_and_headline(mention: Mention) -> list[str]:
    """The mention's event sentence and, when it has one, its headline."""
    return [mention.lead.text] + ([mention.headline.text] if mention.headline else [])


#: Sub-event types that name the means of an attack from a distance or by a device (GUIDE 4: the type is the means).
_MEANS_TYPES = (
    "Remote explosive/landmine/IED",
    "Suicide bomb",
    "Grenade",
    "Shelling/artillery/missile attack",
    "Air/drone strike",
)
_ATTACK_WORD = re.compile(r"(?i)\battack\w*")


def _means_told_beside(mention: Mention, qs: QuestionSet) -> str | None:
    """The one means the headline names for an event sentence that tells an attack by no means of its own ("killed
    in an attack" under "... killed in bombing"); None when the sentence names a manner, or the headline none or two.

    Later sentences are not read: a response ("a riposte backed by aircraft") names the means of another act."""
    lead = mention.lead.text
    if mention.headline is None:
        return None
    if set(cued_types(lead, qs.cue_patterns)) - {"Attack"} or _HAND.search(_ATTACK_WORD.sub(" ", lead)):
        return None
    means = set(cued_types(mention.headline.text, qs.cue_patterns)) & set(_MEANS_TYPES)
    return next(iter(means)) if len(means) == 1 and not _FIGHTING.search(mention.headline.text) else None


def _first(kind: str, ranked: list[str]) -> list[str]:
    return [kind] + [t for t in ranked if t != kind]


def date_options(
    mention: Mention,
    telling: re.Pattern[str] | None = None,
    telling_after: re.Pattern[str] | None = None,
    published: dt.date | None = None,
    news_days: int = 0,
) -> list[str]:
    """The mention's date phrases, its event sentence's first; a date the telling carries ("police said on
    Tuesday", "Amnesty on Tuesday called for": ``telling`` the words before it, ``telling_after`` those after) is no
    option: GUIDE 15 leaves the date null when the report day is all the text gives. The sentence that summed the
    incidents ("killed seven in two raids on Sunday") gives the day last. A later phrase that names a day inside the
    first one's week, month or year ("last week ... That blast took place on Thursday (August 14)") comes first:
    GUIDE 5 takes the most precise date.
    The primary incident is news (GUIDE 3): a later sentence's date ``news_days`` or more before publication is
    history ("a year after crowds stormed parliament on 25 June last year"), no option for it (0: no limit)."""

    def history(s: Sentence, surface: str) -> bool:
        if not (mention.primary and news_days and published) or s is mention.lead:
            return False
        day = resolve_date(surface, published).date
        return day is not None and (published - day).days >= news_days

    found = []
    # A roundup's entry is dated by its own sentences that tell an event ("The firefight started late Sunday"), else
    # by the entry before (assemble): a sentence after it that cues no event tells the aftermath ("the governor,
    # who visited the villages on Friday").
    own = [s for s in mention.sentences if s is mention.lead or not mention.in_roundup or cued_types(s.text)]
    told_in = own + ([mention.summed_by] if mention.summed_by is not None else [])
    # When the primary incident's sentences give no date, the story's lede dates it even when it cues no event
    # itself ("Six policemen died in the west on Tuesday when their truck drove over explosives"); only to the day:
    # a digest's opening names its period ("overviews from the last week of September"), no incident's date.
    own_dates = any(
        not told_date(s.text, a - s.start, b - s.start, telling, telling_after)
        for s, a, b, surface in spans_in(told_in, find_date_expressions)
        if not history(s, surface)
    )
    lede = [s for s in mention.asides if s.end <= mention.lead.start] if mention.primary and not own_dates else []
    told_in += lede
    for s, start, end, surface in spans_in(told_in, find_date_expressions):
        offset = start - s.start
        if surface.lower().startswith("since") or offset < dateline_end(s.text):
            continue
        if told_date(s.text, offset, end - s.start, telling, telling_after) or history(s, surface):
            continue
        rank = 0 if s is mention.lead else 1 if any(s is a for a in lede) else 2
        if rank == 1 and resolve_date(surface, published).precision != "day":
            continue
        # "Tuesday's demonstration was smaller than one in Kisumu last month": a day in the possessive names the
        # event its noun refers to, told elsewhere; another date of the event sentence comes first
        named = s is mention.lead and bool(_POSSESSIVE.match(s.text, end - s.start))
        found.append((rank, named, surface))
    options = dedupe([surface for *_, surface in sorted(found, key=lambda f: f[:2])])
    # No day of its own, and an incident told before it: the words that date it by that one ("A day later").
    if not mention.primary and not found:
        anchored = [surface for s, *_, surface in spans_in(own, find_anchored_expressions) if s is mention.lead]
        options = dedupe([*anchored, *options])
    return _most_precise_first(options, published)


_POSSESSIVE = re.compile(r"['’]s\b")
_PERIOD_ORDER = ("day", "week", "month", "year")


def _most_precise_first(options: list[str], published: dt.date | None) -> list[str]:
    """The options with the first finer date inside the first option's period moved to the front."""
    if len(options) < 2:
        return options
    head = resolve_date(options[0], published)
    if head.date is None or head.precision not in _PERIOD_ORDER[1:]:
        return options
    for n, option in enumerate(options[1:], start=1):
        found = resolve_date(option, published)
        if found.date is None or _PERIOD_ORDER.index(found.precision) >= _PERIOD_ORDER.index(head.precision):
            continue
        if _within(found.date, head.date, head.precision):
            return [option, *options[:n], *options[n + 1 :]]
    return options


def _within(day: dt.date, start: dt.date, precision: str) -> bool:
    """Whether ``day`` falls in the week, month or year that starts at ``start``; a week-precise Saturday is a
    weekend ("over the weekend"), two days long."""
    if precision == "week":
        return 0 <= (day - start).days < (2 if start.weekday() == 5 else 7)
    if precision == "month":
        return (day.year, day.month) == (start.year, start.month)
    return day.year == start.year


def weapon_options(mention: Mention, ctx: ArticleContext, kind: str | None = None) -> tuple[list[str], list[str]]:
    """(weapon words, weak words that never win alone): an actor word that also names a weapon ("gunmen": GUIDE 9,
    "gunmen attacked a post" -> null) or a bare "bomb"/"bombing" that names no device (a roadside bomb, a car bomb
    or an air-dropped bomb: the labelling calls of evals/real) is offered, not preferred.

    A weapon found or seized ("troops recovered an AK-47", "explosives were seized") or carried ("men carrying rifles
    took six hostages") was not used and is no option; in a protest or riot (``kind``, the mention's likeliest type)
    the crowd's fire bombs are not coded, and crowd-control means or arson come after a weapon told with casualties
    in a sentence of its own (GUIDE 9). In an air or drone strike told by a bare "strike" the article's qualified
    strike names the platform."""
    found: list[tuple[Sentence, str, str]] = []
    placed: set[str] = set()  # bomb words placed in advance ("a bomb planted by the roadside"): an IED, not weak
    for s in mention_window(mention):
        previous_end = 0
        matches = list(ctx.weapons.find(s.text))
        objects = [_downed(s.text, a, b) for a, b, _, _ in matches]  # what a verb of downing hit
        for n, (a, b, surface, canonical) in enumerate(matches):
            carried = canonical in _SHOWN and _carried(s.text[previous_end:a])
            previous_end = b
            # "shot down a jet": the jet was hit (a downed drone or missile is still its attack's weapon), and
            # "shot" is the downing, not a firearm ("protesters were shot down" names nothing downed: firearm)
            downed = objects[n] and canonical == "aircraft"
            downing = _downing_verb(s.text, a) and any(objects[:n] + objects[n + 1 :])
            held = carried or _held(s.text, a, b) or downed or downing or _denied(s.text, a)
            if held or (canonical == "other" and kind in (*PROTEST_TYPES, *RIOT_TYPES)):
                continue
            if _placed(s.text, a, b):
                placed.add(surface.casefold())
            found.append((s, surface, canonical))
    crowd = {s for s, _, canonical in found if canonical == "none"}
    # "Set fire to houses. Some of the victims were killed with automatic weapons": the weapon that caused the
    # casualties, told in a sentence of its own, comes before the arson or tear gas named earlier (GUIDE 9).
    caused = [
        surface
        for s, surface, canonical in found
        if canonical != "none" and s is not mention.headline and s not in crowd and _casualty_sentence(s.text)
    ]
    words = dedupe(caused + [surface for _, surface, _ in found] if crowd else [w for _, w, _ in found])
    if not words and kind == "Air/drone strike" and _BARE_STRIKE.search(mention.lead.text):
        words = _qualified_strike(ctx)
    weak = _weapon_context("weak") - placed
    return [w for w in words if w.casefold() not in weak], [w for w in words if w.casefold() in weak]


def shared_weapons(told: Sequence[tuple[Mention, str | None, str | None]], ctx: ArticleContext) -> list[str | None]:
    """Each incident's weapon, ``told`` as (mention, sub-event type, weapon words): the incidents of one sentence
    that splits a toll by place ("four were killed in A, two in B and one in C") share the weapon told of them all:
    in the headline, or in the sentence just before or after theirs ("all of them had been shot"), not inside one
    incident's own share of it ("two were shot in A and three hacked in B" keeps each its own). Only incidents of
    the same sub-event type, and only when the weapons told of them agree (GUIDE 9: null unless stated; a weapon
    told for the whole list is stated for each)."""
    weapons = [weapon for _, _, weapon in told]
    groups: dict[tuple[int, int], list[int]] = {}
    shared = {(m.shared.start, m.shared.end): m.shared for m, _, _ in told if m.shared is not None}
    for n, (mention, _, _) in enumerate(told):
        starts = [s.start for s in (mention.shared, *mention.sentences) if s is not None]
        # the first incident of the sentence reads its own share of it as one of its sentences
        key = next((span for span in shared if any(span[0] <= start < span[1] for start in starts)), None)
        if key is not None:
            groups.setdefault(key, []).append(n)
    for key, members in groups.items():
        sentence = shared[key]
        common = {
            ctx.weapons.canonical(weapon)
            for n in members
            if (weapon := weapons[n]) is not None and _told_of_all(told[n][0], weapon, sentence)
        }
        own = {ctx.weapons.canonical(weapons[n]) for n in members if weapons[n] is not None}
        if len(common) != 1 or own - common:
            continue
        source = next(n for n in members if weapons[n] is not None)
        for n in members:
            if weapons[n] is None and told[n][1] == told[source][1]:
                weapons[n] = weapons[source]
    return weapons


def _told_of_all(mention: Mention, weapon: str, sentence: Sentence) -> bool:
    """Whether ``weapon`` is read in the mention's headline or in the sentence next to the shared ``sentence``
    (the one before it or after it among the mention's own), and not in the shared sentence itself."""
    if weapon.casefold() in sentence.text.casefold():
        return False
    own = [s for s in mention.sentences if not sentence.start <= s.start < sentence.end]
    before = [s for s in own if s.end <= sentence.start][-1:]
    after = [s for s in own if s.start >= sentence.end][:1]
    near = [*([mention.headline] if mention.headline else []), *before, *after]
    return any(weapon.casefold() in s.text.casefold() for s in near)


def _qualified_strike(ctx: ArticleContext) -> list[str]:
    """The article's qualified strike ("air strikes", "drone strikes") when all of them name one weapon: the
    platform of its bare strikes ("Israeli strikes hit Tyre"; GUIDE 9: an air strike with no platform named ->
    aircraft, a drone strike -> drone). None when the article names no kind of strike, or two."""
    found = [
        (surface, canonical)
        for m in _QUALIFIED_STRIKE.finditer(ctx.article.text)
        for _, _, surface, canonical in ctx.weapons.find(m.group())
    ]
    return [found[0][0]] if found and len({canonical for _, canonical in found}) == 1 else []


#: Weapons a person can carry or show without using them; a bomb carried ("a truck carrying explosives") is one
#: about to go off, so carrying says nothing against it.
_SHOWN = frozenset({"firearm", "bladed weapon"})


def _carried(before: str) -> bool:
    """Whether the weapon word after ``before`` (its sentence since the previous weapon word) is the object of a verb
    of carrying or showing: one of the last three words of its clause ("militants carrying long rifles"). A weapon
    word between them takes the verb's object, so "gunmen carrying rifles opened fire" keeps "opened fire"; "carried
    out" is doing, not carrying ("carried out a shooting")."""
    words = _words(_clause_before(before))
    carry = _weapon_context("carry")
    return any(w in carry and words[n + 1 : n + 2] != ["out"] for n, w in enumerate(words) if n >= len(words) - 3)


def _placed(text: str, a: int, b: int) -> bool:
    """Whether a verb of placing or hiding stands within three words of the weapon word at ``text[a:b]`` in its
    clause ("a bomb planted by the roadside", "militants planted a bomb")."""
    before, after = _clause_before(text[:a]), _clause_after(text[b:])
    return bool({*_words(before)[-3:], *_words(after)[:3]} & _weapon_context("placed"))


def _casualty_sentence(text: str) -> bool:
    return bool(_KILL_WORD.search(text) or _HURT_WORD.search(text))


@functools.cache
def _weapon_context(kind: str) -> frozenset[str]:
    """The words of one kind in data/weapon_context.csv (see its header)."""
    return frozenset(r["word"].strip().casefold() for r in data_rows("weapon_context.csv") if r["kind"] == kind)


_WORD = re.compile(r"[^\W\d_]+")
#: What ends a clause for the weapon rules: a weapon word's verb stands in its own clause.
_CLAUSE_BREAK = re.compile(r"[.;:!?,]")


def _clause_before(text: str) -> str:
    """The clause ``text`` ends in: the words after its last clause break."""
    return _CLAUSE_BREAK.split(text)[-1]


def _clause_after(text: str) -> str:
    """The clause ``text`` starts in: the words before its first clause break."""
    return _CLAUSE_BREAK.split(text, maxsplit=1)[0]


def _words(text: str) -> list[str]:
    """The words of ``text``, casefolded (no numbers)."""
    return [w.casefold() for w in _WORD.findall(text)]


_HELD_AFTER = re.compile(
    r"(?i)^\s*(?:and\s+[\w-]+\s+)?(?:were|was|had\s+been|have\s+been|has\s+been)\s+(?:\w+ly\s+)?(\w+)"
)


def _held(text: str, a: int, b: int) -> bool:
    """Whether the weapon word at ``text[a:b]`` is a thing found or seized: a word of seizure among the five words
    before it in its clause ("recovered two rifles", "a cache of explosives"), or "were seized" after it."""
    before = []
    for w in reversed(_words(_clause_before(text[:a]))[-5:]):
        if w in _HELD_STOPS:  # "recovered explosives after a gunfight": the gunfight was fought
            break
        before.append(w)
    after = _HELD_AFTER.match(text[b:])
    held = _weapon_context("held")
    return bool(set(before) & held) or bool(after and after.group(1).casefold() in held)


def _downed(text: str, a: int, b: int) -> bool:
    """Whether the weapon word at ``text[a:b]`` is what a verb of downing hit ("rebels brought down a helicopter",
    "a jet was shot down"): the aircraft was the target, not the means of the violence (data/weapon_context.csv,
    kind "downed", and the downing_verbs of prompts/questions.json). Only crewed aircraft are dropped (by the
    caller): a drone or missile downed by air defence is the weapon of the attack it belonged to ("debris of a
    downed drone killed two")."""
    before, _, after = _downed_patterns()
    clause = _clause_before(text[:a])
    found = before.search(clause)
    gap = set(_words(clause[found.end(1) :])) if found else set()
    # "brought down the building with a helicopter's rockets": a preposition ends the object
    return bool((found and not gap & _HELD_STOPS) or after.match(text, b))


def _denied(text: str, a: int) -> bool:
    """Whether a negation before the weapon word at ``text[a]`` says it was not used: a negative determiner among
    the two words before it in its clause ("no shots were fired") or "without" among the three ("without firing a
    shot"), data/weapon_context.csv kinds "denied" and "without"."""
    words = _words(_clause_before(text[:a]))
    return bool(set(words[-2:]) & _weapon_context("denied") or set(words[-3:]) & _weapon_context("without"))


def _downing_verb(text: str, a: int) -> bool:
    """Whether a verb of downing starts at ``text[a]`` ("shot down"); it is a downing, not firing, only when another
    weapon word of its sentence is what it hit ("gunmen shot down the street" is firing)."""
    return bool(_downed_patterns()[1].match(text, a))


#: Passive auxiliaries before a participle of downing, in en/fr/es/pt ("was shot down", "a été abattu",
#: "fue derribado").
_PASSIVE = r"was|were|had\s+been|have\s+been|has\s+been|a\s+été|ont\s+été|fue|fueron|foi|foram"


@functools.cache
def _downed_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A verb of downing up to three words before the weapon word, the weapon word itself, and its passive after."""
    words = sorted({*WORDS.downing_verbs, *_weapon_context("downed")}, key=len, reverse=True)
    verbs = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in words)
    return (
        re.compile(rf"(?i)(?:^|\W)({verbs})\W+(?:[^\W\d_]+\W+){{0,3}}$"),
        re.compile(rf"(?i)(?:{verbs})\b"),
        re.compile(rf"(?i)\W+(?:{_PASSIVE})\s+(?:\w+ly\s+)?(?:{verbs})\b"),
    )


#: Words that end the phrase a verb of seizure governs: the weapon after them is no longer what was seized.
_HELD_STOPS = frozenset(
    "after before during following when while in at on by from with near that which who since until amid".split()
)


def count_options(mention: Mention, text: str = "", battle: bool = False) -> tuple[list[str], list[str], list[str]]:
    """(killed, injured, other counts): a count goes to the verb that tells its people's fate ("four of the youths,
    who had gone out, were killed"; "ten people were arrested" counts nobody hurt), else to the casualty word nearest
    to it in its sentence. A count whose verb is left out ("two in Oska") takes the casualty word before it, in its
    sentence of ``text`` (the article) when a roundup's mention starts mid-sentence.

    The headline's counts come last: they sum a roundup or round a toll ("burn down 500 homes"); when the event
    sentence sums several places ("stormed three villages"), the headline's toll is that sum and no option. A
    revised toll ("the toll rose to 11 on Thursday") comes first: the latest figure replaces the first (GUIDE 10).
    A round lower bound ("over 100 wounded") gives way to the exact figure it rounds ("106 were injured").
    In a ``battle`` the dead (and the wounded) of the other side told in the mention's own sentences are added to the
    first toll ("killed three soldiers ... killed three of the attackers": 6, GUIDE 10)."""
    killed: list[str] = []
    injured: list[str] = []
    other: list[str] = []
    revised: dict[int, list[str]] = {id(killed): [], id(injured): []}
    sides: dict[str, str | None] = {}  # each toll's side of a battle, a bare one's from the toll before it
    summed = sums_places(mention.lead.text)
    restated: list[str] = []  # counts that refer back to people told before: after the mention's other tolls
    for s in mention.sentences + ([mention.headline] if mention.headline and not summed else []):
        told = False  # a toll counted before in the sentence: a part after it ("among them four children") is in it
        side: str | None = None  # the side of the sentence's last toll with a noun
        own: list[tuple[int, int, str]] = []  # the sentence's tolls of the dead, each with its own verb of dying
        for a, b, surface in find_count_expressions(s.text):
            if sums_places(s.text) or (told and is_part(s.text, a, b)):  # a total over places, or a part
                other.append(surface)
                continue
            if _ZERO_BOTH.search(surface):
                killed.append(surface)
                injured.append(surface)
                continue
            kill = _distance(_KILL_WORD, s.text, a, b)
            hurt = _distance(_HURT_WORD, s.text, a, b)
            if _MEASURE.search(surface) or _AMONG.match(s.text[b:]):  # "une vingtaine de kilomètres": a distance
                other.append(surface)
                continue
            fate = count_fate(s.text, b)
            if fate is not None and not fate[1]:  # "at least ten people were arrested"
                other.append(surface)
                continue
            if fate is not None and (_KILL_WORD.search(fate[0]) or _HURT_WORD.search(fate[0])):
                kill, hurt = (0, None) if _KILL_WORD.search(fate[0]) else (None, 0)
            if _dead_of(s.text, a):  # "the bodies of five men shot": the noun the count hangs on says they died
                kill, hurt = 0, None
            if _ARTICLE_NUMBER.match(surface):  # "un marché", "una persona": one only beside a casualty word
                kill = kill if kill is not None and kill <= _ARTICLE_REACH else None
                hurt = hurt if hurt is not None and hurt <= _ARTICLE_REACH else None
            if kill is None and hurt is None:
                other.append(surface)
                continue
            kind = killed if hurt is None or (kill is not None and kill <= hurt) else injured
            if revises_toll(s.text, a) and s is not mention.headline:  # "the toll rose to 11": the latest figure
                revised[id(kind)].append(surface)
            kind.append(surface)
            if s is not mention.sentences[0] and s is not mention.headline and definite_count(s.text, a):
                restated.append(surface)  # "the five officers who died", told after the mention's first sentence
            if kind is killed and s is not mention.headline and _own_death(s.text, a, b):
                own.append((a, b, surface))
            told = told or parse_count(surface).value is not None
            own_side = battle_side(surface)
            side = sides[surface] = own_side if own_side is not None or not _bare(surface) else side
        _separate_dead(s.text, own, killed)
        for m in _ZERO_BOTH.finditer(s.text):
            killed.append(m.group(0))
            injured.append(m.group(0))
        _gapped(s, text, killed, injured)
    dead = _ranked(_precise_first(_told_first(dedupe(revised[id(killed)] + killed), restated)))
    wounded = _ranked(_precise_first(_told_first(dedupe(revised[id(injured)] + injured), restated)))
    if battle:  # the tolls told in the mention's own sentences (not its headline's), parts left out
        own_dead = [c for c in dead if c not in other and any(c in s.text for s in mention.sentences)]
        dead = dead if dead and SIDES_JOINER in dead[0] else dedupe([*_both_sides(own_dead, sides), *dead])
        own_hurt = [c for c in wounded if c not in other and any(c in s.text for s in mention.sentences)]
        wounded = dedupe([*_both_sides(own_hurt, sides), *wounded])
    return dead, wounded, dedupe(other)


def _precise_first(counts: list[str]) -> list[str]:
    """``counts`` with the first exact figure that the first option, a round lower bound, rounds ("over 100
    wounded" then "106 were injured") put first: the same toll told precisely."""
    exact = next((c for c in counts[1:] if refines(counts[0], c)), None)
    return counts if exact is None else [exact, *(c for c in counts if c != exact)]


#: Words that join two clauses of one sentence: "murió un agente ... y también falleció un campesino".
_CLAUSE_JOINER = re.compile(r"(?i)(?:\b(?:and|while|y|e|et)\b|;)")
_CAPITALIZED = re.compile(r"\b[A-ZÀ-Ý][\w-]+")
_CLAUSE_END = re.compile(r"[.;,:]")


def _own_death(text: str, start: int, end: int) -> bool:
    """Whether the count at ``text[start:end]`` has a verb of dying of its own: after it ("two guards were killed",
    "three died") or, as Spanish, Portuguese and French put the subject, right before it ("falleció un campesino")."""
    fate = count_fate(text, end)
    if fate is not None:
        return fate[1] and bool(_KILL_WORD.match(fate[0]))
    before = re.findall(r"[^\W\d_]+", text[:start].casefold())
    return bool(before) and before[-1] in DYING_VERBS


def _separate_dead(text: str, own: list[tuple[int, int, str]], killed: list[str]) -> None:
    """Joins in ``killed`` the first two tolls of the dead of one sentence that each have their own verb of dying
    in clauses joined by "and" ("a soldier was killed ... and a herder was killed by a stray bullet", "murió un
    agente ... y también falleció un campesino"): separate victims of one event, so one toll of both (GUIDE 10).
    A capitalized word between them or after the second in its clause may name another place or incident
    ("... in Tarvo and three died in Oska"), so then nothing is joined."""
    if len(own) < 2:
        return
    (a1, b1, first), (a2, b2, second) = own[:2]
    between = text[b1:a2]
    clause = _CLAUSE_END.search(text, b2)
    after = text[b2 : clause.start() if clause else len(text)]
    if not _CLAUSE_JOINER.search(between) or _CAPITALIZED.search(between) or _CAPITALIZED.search(after):
        return
    if first == second:  # the same words twice ("a guard ... a guard"): which is which cannot be told by text
        return
    killed[killed.index(first)] = f"{first}{SIDES_JOINER}{second}"
    killed.remove(second)


def _told_first(counts: list[str], restated: list[str]) -> list[str]:
    """``counts`` with those that refer back ("the five officers who died", after the mention's first sentence) put
    after the others: a definite count restates people told before, maybe of another incident grouped in, while an
    indefinite one tells them."""
    return [c for c in counts if c not in restated] + [c for c in counts if c in restated]


def _ranked(counts: list[str]) -> list[str]:
    """``counts`` with a victim told by its rank ("cinco homens ...; um sexto cadáver") read against the first toll:
    the rank one past it tells one more victim, so the two are joined as one toll ("cinco homens + um sexto
    cadáver": 6); a rank within it restates a victim already counted and is no option. A rank further past the
    first toll (victims told elsewhere) changes nothing here."""
    if not counts or ordinal_victim(counts[0]) is not None:
        return counts
    first = parse_count(counts[0]).value
    for c in counts[1:]:
        rank = ordinal_victim(c)
        if rank is None or first is None:
            continue
        if rank == first + 1:
            return [f"{counts[0]}{SIDES_JOINER}{c}", *(o for o in counts if o != c)]
        if rank <= first:
            return [o for o in counts if o != c]
    return counts


#: Last words of a toll that name nobody by themselves ("four wounded", "three others"): the toll is of the people
#: of the toll before it in its sentence ("two officers were killed and three wounded": three officers).
_BARE_ENDS = frozenset("others other more autres otros otras outros outras".split())


def _bare(surface: str) -> bool:
    last = (re.findall(r"[^\W_]+", surface.casefold()) or [""])[-1]
    return last in _BARE_ENDS or last.isdigit() or bool(_HURT_WORD.match(last) or _KILL_WORD.match(last))


def _both_sides(own: list[str], sides: dict[str, str | None]) -> list[str]:
    """The first toll and the first toll of the other side of the battle, joined (``SIDES_JOINER``): "three Turkish
    soldiers" and "three of the attackers"; "three wounded" after "two officers were killed" is the officers'. A
    first toll that names no side ("two men") is taken for the state's side. Empty when the first toll may hold both
    sides ("12 people") or when no toll with a figure names the other side."""
    if not own:
        return []
    side = sides.get(own[0], battle_side(own[0]))
    if side == "anyone":
        return []
    wanted = "state_forces" if side == "armed_group" else "armed_group"
    other = next((c for c in own[1:] if sides.get(c, battle_side(c)) == wanted and parse_count(c).value), None)
    return [f"{own[0]}{SIDES_JOINER}{other}"] if other and parse_count(own[0]).value else []


#: The noun a count hangs on through "of" ("the bodies of", "los cuerpos de", "les cadavres des"): its last word.
_OF_NOUN = re.compile(r"(?i)(\w+)\s+(?:of|de|des|del|do|da|dos|das)\s+(?:the\s+|those\s+)?$")


def _dead_of(text: str, start: int) -> bool:
    """Whether the count at ``text[start:]`` hangs on a noun of death through "of" ("the bodies of five men
    riddled with bullets", "os corpos de cinco homens baleados", "the deaths of two guards"): the head noun says
    the people counted are dead, whatever participle of wounding follows them."""
    m = _OF_NOUN.search(text, max(0, start - 40), start)
    return bool(m and _KILL_WORD.match(m.group(1)))


def _gapped(s: Sentence, text: str, killed: list[str], injured: list[str]) -> None:
    """Adds the counts of ``s`` whose verb is left out ("four were killed in Tarvo, two in Oska") to the list of
    the casualty word last named before them in their sentence (of the article ``text`` when ``s`` is a part), when
    a count was told before them ("the wounded went to two hospitals, one in Tarvo" counts nobody)."""
    if text[s.start : s.end] == s.text:
        stop = max([0, *(m.end() for m in _SENTENCE_STOP.finditer(text, 0, s.start))])
        before = text[stop : s.start]
    else:
        before = ""
    for a, _, surface in gapped_counts(s.text):
        told = before + s.text[:a]
        if not find_count_expressions(told):  # the verb left out governs a count told before ("four were killed")
            continue
        kill = max((m.end() for m in _KILL_WORD.finditer(told)), default=-1)
        hurt = max((m.end() for m in _HURT_WORD.finditer(told)), default=-1)
        if kill > hurt:
            killed.append(surface)
        elif hurt > kill:
            injured.append(surface)


_SENTENCE_STOP = re.compile(r"[.!?;](?=\s)")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
#: "two police officials were among four people killed": the count before "among" is a part of the one after it.
_AMONG = re.compile(r"(?i)^\s*(?:[\w'’-]+\s+){0,3}?(?:were|was|are|is)\s+among\b")


def _distance(pattern: re.Pattern[str], text: str, start: int, end: int) -> float | None:
    """Characters from the count to the nearest match; a match before it counts half a character more, so that in
    a tie the words after the count win ("a teacher was shot dead and a pupil was wounded": the pupil was hurt)."""
    best = None
    # Arabic puts the verb of harm before its count ("قتل ستة مدنيين وأصيب عشرون"): there the word before wins a tie
    before, after = (0.0, 0.5) if _ARABIC_LETTER.search(text, start, end) else (0.5, 0.0)
    lo = max([0, start - 60, *(m.end() for m in _SENTENCE_STOP.finditer(text, 0, start))])
    stop = _SENTENCE_STOP.search(text, end)
    hi = min(len(text), end + 60, stop.start() + 1 if stop else len(text))
    for m in pattern.finditer(text, lo, hi):  # within the count's own sentence
        d = (
            0
            if m.start() < end and m.end() > start
            else (m.start() - end + after if m.start() >= end else start - m.end() + before)
        )
        best = d if best is None else min(best, d)
    return best


# --- questions -----------------------------------------------------------------------------------------


def _question(
    qs: QuestionSet,
    name: str,
    preferred: list[str],
    others: Sequence[str] = (),
    *,
    none_first: bool | None = None,
    labels: dict[str, str] | None = None,
    with_none: bool = True,
) -> Question:
    """Options: the heuristic's pick first (none when it has no pick); prior 0 for it, -prior_weight for others."""
    values: list[str | None] = list(dedupe([*preferred, *others]))
    if with_none:
        none_first = not preferred if none_first is None else none_first
        values = [None, *values] if none_first else [*values, None]
    weight = qs.questions[name].prior_weight
    options = [qs.none_option if v is None else (labels or {}).get(v, v) for v in values]
    prior = [0.0] + [-weight] * (len(values) - 1)
    return Question(name, qs.questions[name].ask, tuple(options), tuple(values), tuple(prior))


def build_questions(
    mention: Mention, ctx: ArticleContext, qs: QuestionSet, report: Mention | None = None
) -> list[Question]:
    """Every question about one mention, in the order the draft is filled; ``report`` is the article's primary."""
    places, countries = place_options(mention, ctx)
    types = type_options(mention, qs, report, ctx.article.text)
    actors = actor_options(mention, ctx, types[0] if types else None)
    weapons, actor_weapons = weapon_options(mention, ctx, types[0] if types else None)
    killed, injured, counts = count_options(mention, ctx.article.text, bool(types) and types[0] in BATTLE_TYPES)
    sites = site_options(mention, qs.structure.pattern("not_sites"), qs.structure.pattern("pointer_sites"))
    sites = sites_apart_from_places(sites, places, ctx)
    return [
        _question(qs, "incident", ["yes"], ["no"], with_none=False),
        _question(qs, "sub_event_type", types, labels=qs.type_labels, with_none=False),
        _question(
            qs,
            "date_text",
            date_options(
                mention,
                qs.structure.pattern("telling_dates"),
                qs.structure.pattern("telling_dates_after"),
                ctx.article.published,
                qs.structure.report_window_days,
            ),
        ),
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
