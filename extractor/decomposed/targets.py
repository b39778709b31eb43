"""Objects and targets: what an event verb acts on (``target``), whether that is an armed side (a battle), and
which side lost the ground in a battle for territory.

"a missile hit [an open-air market]", "threw a grenade at [a checkpoint]", "killing at least six [civilians]"
(the quantity is dropped), "An army convoy was ambushed" (the passive subject), "took 30 guests hostage".
A town is where an event happened, never what was attacked; "people" or "open ground" name nobody.
"""

from __future__ import annotations

import re

from ..language_cues import merged_alternation
from ..normalize.dates import find_date_expressions
from ..normalize.places import find_places
from .phrases import (
    ADVERB_END,
    NOT_ACTOR_SUBJECT,
    NP_STOP,
    QUANTITY,
    WORDS,
    actor_phrase_after,
    drop_the,
    event_body,
    is_side,
    noun_phrase_after,
)
from .spans import dedupe

__all__ = ["ARMED_OBJECT", "attacks_armed_side", "battle_losers", "names_nobody", "object_phrases"]

#: The verbs (and their prepositions) after which the object of an event follows.
_OBJECT_VERB = re.compile(
    r"\b(?:(?:struck|hit|landed|fell|exploded|came down|went off)\s+(?:(?:early|late|shortly|just|right|directly"
    r"|overnight|on|this|last|the|morning|afternoon|evening|night"
    r"|today|yesterday|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s+){0,4}?"
    r"(?:near|close to|outside|inside|at|in front of|next to|beside|under|beneath)"
    r"|(?:threw|thrown|hurled|lobbed|tossed|fired|launched)\b[^.,;]{0,40}?\b(?:at|into)"
    r"|(?:drove|rammed|crashed)\b[^.,;]{0,40}?\binto"
    r"|dropped\b[^.,;]{0,40}?\b(?:on|onto)|clashed\b[^.,;]{0,40}?\bwith|came to blows with"
    r"|(?:attack|bombing|assault|raid|ambush|strike|blast|explosion|shelling)s?\s+(?:on|at|against|targeting)"
    r"|opened fire on|fired on|fired at|fired into|set fire to|slammed into|came down on|rained down on|shot dead"
    r"|shot down"
    r"|ripped through|tore through|blew (?:himself|herself|themselves) up (?:at|in|near|outside|inside|among)"
    r"|detonated\b[^.,;]{0,40}?\b(?:at|in|near|outside|inside|among)|ransacked|vandali[sz]ed|smashed|burned|burnt"
    r"|sexually assaulted"
    r"|murdered|massacred|assassinated|gunned down|neutrali[sz]ed|eliminated|(?:damage|damaged)\s+to"
    r"|hit|hits|struck|targeted|targeting|shelled|bombed|stormed|raided|ambushed|attacked|abducted|abducting"
    r"|kidnapped|kidnapping|seized|overran|overrunning|storming|raiding|ambushing|killing|killed|shot|torched|looted"
    r"|against|sprayed|burst into"
    r"|pelted|stoned|lynched|beat|hacked|stabbed|beheaded|executed|tortured|attacking|raped|destroyed|damaged"
    r"|blew up|blown up|fought|battled|clashed with|repelled"
    rf"|{merged_alternation('object_lead_ins')})\s+",  # the other languages' (data/cues_*.json)
    re.I,
)
#: Verbs whose object is a victim (people), preferred as target for attacks on civilians and abductions.
_VICTIM_VERBS = re.compile(rf"(?i)^(?:{WORDS.alternation('victim_verbs')})\s")
_WEAPON_OBJECT = re.compile(rf"(?i)\b(?:{WORDS.alternation('weapon_objects')})$")
_VEHICLE = re.compile(
    r"(?i)\b(?:an?|the|their|its|his|her)\s+(?:[\w-]+\s+){0,2}?"
    rf"(?:{WORDS.alternation('vehicles')})\b"
)
#: The subject of a passive clause, an aside between commas allowed: "[X], a priest, was (reportedly) ...".
#: A colon ends a clause, so no subject runs over one ("a second clash took place at X: seven fighters were killed").
_PASSIVE_SUBJECT = (
    r"^([^,;:]{3,100}?)(?:(?:,[^,;:]{0,80}){1,2},|\s+(?:who|which)\s+[^,;:]{3,80}?)?"
    rf"\s+(?:was|were|had been|have been|has been|{merged_alternation('passive_auxiliaries')})\s+(?:\w+ly\s+)?"
)
#: "Father X, a priest, was taken from ...", "18 worshippers were abducted": the subject is the victim.
_PASSIVE_VICTIM = re.compile(
    _PASSIVE_SUBJECT
    + r"(?:killed|abducted|kidnapped|taken|shot|wounded|injured|raped|attacked|beaten|hacked|stabbed|executed|seized"
    rf"|murdered|{merged_alternation('passive_victim_verbs')})\b"
)
#: A subordinate clause of time or cause (data: "when", "quand", "cuando"): it has a subject of its own, read as a
#: main clause's ("... died when [the checkpoint they were manning] came under attack").
_SUBORDINATOR = re.compile(rf"(?i)(?:^|(?<=[\s,]))(?:{WORDS.alternation('subordinators')})\s+")
#: A bracketed aside ("the post (VDP, a militia) was attacked") and quotation marks opening a quoted clause: no
#: part of the clause's grammar, so a passive is read without them.
_BRACKETED = re.compile(r"\s*\([^()]{1,80}\)")
_OPENING_QUOTE = re.compile(r"^[\"“«‘']\s*")
#: The article that is also the number one ("un poste", "una patrulla", data): an article, no count, before a
#: passive subject ("un détachement a été la cible d'une attaque").
_ARTICLE_NUMBER = re.compile(rf"(?i)^(?:{merged_alternation('article_numbers')})\s")
#: "took 30 guests hostage": the hostages were the target.
_HOSTAGE = re.compile(
    r"(?i)\btook\s+(?:(?:at least|about|some|more than)\s+)?(?:\d+|dozens of|scores of|several"
    r"|\w+)?\s*([a-z][\w\s'-]{2,40}?)\s+hostage\b"
)
_PASSIVE_TARGET = re.compile(
    _PASSIVE_SUBJECT
    + r"(?:attacked|ambushed|hit|struck|targeted|shelled|bombed|raided|stormed|overrun|torched|set on fire|looted"
    rf"|{merged_alternation('passive_target_verbs')})\b"
    r"|^([^,;]{3,60}?)\s+came under\s+(?:heavy\s+)?(?:fire|attack|assault|shelling)\b"
)
#: A town, its centre or outskirts is where an event happened (site, locality), never what was attacked.
_TOWN_OBJECT = re.compile(
    r"(?i)\b(?:town|city|village|capital|province|region|district|governorate|state)\s+of\s+[A-Z]"
    r"|^(?:the\s+)?(?:outskirts|edge|centre|center)\b"
    r"|^(?:the\s+)?(?:[\w-]+\s+)?(?:city|town)\s+(?:centre|center)$|^(?:the\s+)?(?:[\w-]+\s+)?(?:towns?|city|cities"
    r"|areas?|regions?|countryside|villages|localit(?:y|ies)|communities|settlements)$"
)
_PROTEST_BEFORE = re.compile(
    r"(?i)\b(?:march\w*|protest\w*|rall\w*|demonstrat\w*|strik\w*|sit-in|campaign\w*|chant\w*"
    r"|angry|anger)\s+(?:\w+\s+){0,2}$"
)
#: Pronouns are no target ("killing eight of them"); a possessive before the noun is dropped like "the".
_PRONOUN_OBJECT = re.compile(
    r"(?i)^(?:them|him|her|it|us|me|you|themselves|himself|herself|itself|those|these"
    r"|each other|one another)\b"
)
#: A pronoun left at the end of a cut phrase opens a relative clause ("the checkpoint they [were manning]").
_PRONOUN_END = re.compile(r"(?i)\s+(?:they|he|she|we|it|i|you)$")
_POSSESSIVE = re.compile(r"^(?:[Tt]he|[Tt]heir|[Ii]ts|[Hh]is|[Hh]er|[Oo]ur)\s+")
#: "a video of the attack on its page": the attack is being shown, not told; "a string of attacks on X": many
#: events, not this one. Their objects are no target.
_SHOWN_EVENT = re.compile(
    r"(?i)\b(?:video|footage|images?|photos?|pictures?|recording|details|reports?)"
    r"\s+of\s+(?:the|an?|this|that)\s+$"
    r"|\b(?:string|series|wave|spate|number|dozens|scores)\s+of\s+(?:\w+\s+)?$"
)
#: A part of a building or vehicle: "the windows of the party office" names the office.
_PART_OF = re.compile(
    r"(?i)(?:the\s+|its\s+|their\s+)?(?:windows?|doors?|gates?|walls?|roof|facade|front|entrance"
    r"|windscreen)\s+of\s+"
)
#: Objects that name nobody and nothing in particular (matched whole): "people", "open ground".
_VAGUE_VICTIM = re.compile(rf"(?i){WORDS.alternation('vague_victims')}")
#: The consequence clause after the event ("..., killing five soldiers"): its object was hurt, not what was attacked.
_CONSEQUENCE = re.compile(r"(?i)^(?:killing|wounding|injuring)\b")
#: "beat and burned to death [a man]": the second verb and "to death" before the object.
_JOINED_VERB = re.compile(r"(?i)(?:and\s+[a-z]+(?:ed|nt)\s+)?(?:to death\s+)?")
#: A finite verb with its own object or count after the noun: the predicate of the clause the object phrase is the
#: subject of ("a strike on [the market] killed 12 civilians", "shelling of [Tarn] left two dead"). Participles that
#: name or describe the noun ("a group called the ...", "a post manned by ...") are no predicate.
_PREDICATE = re.compile(
    r"\s+(?!(?:called|named|known|dubbed|titled|armed|based|backed|linked|used|owned|run|manned|held)\b)"
    r"(?:[a-z]{3,}ed|left|hit|struck|kills?|wounds?|injures?|leaves|hits)\s+"
    r"(?=(?:at least|more than|nearly|about|some|several|dozens|scores|hundreds"
    r"|\d+|one|two|three|four|five|six|seven|eight|nine|ten|the|an?|his|her|their|its)\b)",
)
#: A clause anchored to another event ("..., a day after a soldier was killed in a similar attack on troops", "two
#: weeks before ..."): it tells that other event, so its objects are not this one's target. It runs to the next comma.
_OTHER_EVENT_CLAUSE = re.compile(
    r"(?i)\b(?:(?:an?|one|two|three|four|five|six|seven|\d+|several|few|hours|days|weeks|months)\s+)?"
    r"(?:hours?|days?|nights?|weeks?|months?|years?)\s+(?:after|before)\b[^,;]*"
    r"|\b(?:a|an)\s+(?:similar|earlier|previous|separate)\s+(?:\w+\s+)?(?:attack|raid|bombing|blast|ambush|incident)"
    r"[^,;]*"
)
#: "The ambush came [weeks after insurgents stormed a police post]": a sentence whose own clause only places a told
#: event in time tells the earlier event in full, so its anchored clause is that event's (often a mention of its own).
_TELLS_EARLIER = re.compile(r"(?i)\b(?:came|comes|happened|occurred|took place|followed)\s+(?:just\s+|only\s+)?$")
#: Words that start no object ("at least", "dead", "daily").
_NOT_OBJECT_START = re.compile(r"(?i)(?:least|about|around|some|dead|daily)\b")
_THREE_LETTERS = re.compile(r"[A-Za-z]{3}")
_BARE_DETERMINER = re.compile(r"(?i)(?:the|a|an|its|their|his|her|each other|one another)")
_SPEECH_WORD = re.compile(r"(?i)\b(?:says?|said|told|broke|began)\b")
#: "repelled an attack": the event, not who or what was attacked.
_EVENT_OBJECT = re.compile(r"(?i)(?:an?\s+|the\s+)?(?:\w+\s+)?(?:attack|assault|raid|offensive|operation|ambush)s?$")
#: "southern and eastern Lebanon": the compass words before a place.
_COMPASS = re.compile(
    r"(?i)^(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)"
    r"(?:ern)?(?:\s*,\s*|\s+and\s+|\s+))+(?=[A-Z])"
)
#: Crimes and conditions an operation is "against" (data): no target.
_ABSTRACT_OBJECT = re.compile(rf"(?i)\b(?:{WORDS.alternation('abstract_objects')})$")
#: A list of crimes or sectors and nothing else ("health care, education and protection").
_ABSTRACT_LIST = re.compile(rf"(?i)(?:(?:{WORDS.alternation('abstract_objects')})(?:\s*,\s*|\s+and\s+|\s+or\s+|$))+")
#: "Syria's Douma": the country's possessive before a town.
_POSSESSOR = re.compile(r"^[A-Z][\w-]+['’]s\s+")
_TRAILING_CONJUNCTION = re.compile(r"(?i)\s+(?:and|or)$")
_PREPOSITION_START = re.compile(r"(?i)(?:for|over|into|from|to|toward|towards|back|off|out|against)\b")
#: An adverb, a number or a number word alone is no object.
_BARE_WORD = re.compile(rf"(?i)\w+{ADVERB_END}|\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten")
#: "Police said [the victim] was killed": the victim follows the words of the source.
_SOURCE_WORDS = re.compile(r"(?i)\b(?:says?|said|told|reported|that)\s+")
#: "Troops retook the town from [insurgents]", "drove [the rebels] out of": who lost the ground.
#: "retook the town after [the militants] withdrew": the side that gave up the ground.
_WITHDREW = re.compile(
    r"(?i)\b(?:after|as|when)\s+(?:the\s+)?([^,.;]{3,50}?)\s+(?:withdrew|fled|retreated|pulled out"
    r"|abandoned)\b"
)
_TAKEN_FROM = re.compile(
    r"(?i)\b(?:retook|recaptured|captured|seized|took(?:\s+back)?|wrested|liberated|freed|regained|reclaimed|retaken"
    r"|recaptured)\b"
    r"[^.;]{0,80}?\bfrom\s+(?:the\s+(?:control|hands)\s+of\s+)?|\b(?:drove|driven|pushed|chased|expelled|ousted)\s+"
    r"(?=[^.;]{3,60}?\bout\b)"
)
#: Armed or state forces, or what they hold: an attack on them is a battle, not violence against civilians.
ARMED_OBJECT = re.compile(rf"(?i)\b(?:{WORDS.alternation('armed_objects')})\b")


#: Words left before a date that the date's match did not take ("le", "el", "on", "this"): no part of the noun.
#: A preposition opening a phrase (English and the cue languages, a closed class): the phrase is a time or place.
_TIME_HEAD = re.compile(
    r"(?i)(?:in|on|at|during|before|after|since|early|late|na|no|nas|nos|em|num|numa|en|durante|tras|desde|dans|à|au"
    r"|aux|pendant|après|avant|depuis|lors)\b"
)
_TRAILING_DATE_WORDS = re.compile(
    r"(?i)(?:\s+(?:on|this|last|the|past|el|la|le|los|las|les|o|a|os|as|na|no|em|en|ce|cette|este|esta|neste|nesta|deste|desta"
    r"|pasado|pasada|dernier|dernière|passé|passée|passado|passada|último|última))+$"
)


def object_phrases(sentence: str, *, victims_first: bool = False) -> list[str]:
    """What an event verb acts on: "a missile hit [an open-air market]", "threw a grenade at [a checkpoint]",
    "killing at least six [civilians]" (the quantity is dropped). With ``victims_first`` the objects of
    killing and abduction verbs come before those of "stormed" or "hit" (for attacks on people). Otherwise
    the casualties of a consequence clause (", killing five soldiers") come after what was attacked, which
    keeps a battle's target what its initiator attacked ("opened fire on their patrol": the codebook, 7)."""
    found: list[tuple[bool, str]] = []
    consequences: set[str] = set()
    other_events = [
        (o.start(), o.end())
        for o in _OTHER_EVENT_CLAUSE.finditer(sentence)
        if not _TELLS_EARLIER.search(sentence[max(0, o.start() - 30) : o.start()])
    ]
    for m in _OBJECT_VERB.finditer(sentence):
        if _SHOWN_EVENT.search(sentence[max(0, m.start() - 40) : m.start()]):
            continue
        if any(a <= m.start() < b for a, b in other_events):
            continue  # "a day after a soldier was killed in a similar attack on [troops]": another event's object
        start = m.end()
        quantity = QUANTITY.match(sentence[start:])
        if quantity:
            start += quantity.end()
        joined = _JOINED_VERB.match(sentence[start:])
        start += joined.end() if joined else 0  # "beat and burned to death [a man]" (it matches, maybe empty)
        part = _PART_OF.match(sentence, start)
        if part:  # "smashed the windows of [the party office]": the building was attacked
            start = part.end()
        phrase = noun_phrase_after(sentence, start, max_words=12 if part else 9)
        if phrase and (predicate := _PREDICATE.search(phrase)):
            phrase = phrase[: predicate.start()]  # "strikes on Tyre killed seven people": Tyre, a town, was struck
        dates = find_date_expressions(phrase) if phrase else []
        if phrase and dates and dates[0][0] > 0 and not _TIME_HEAD.match(phrase):
            # "les cinq civils samedi dernier": the date ends the noun phrase ("na madrugada desta segunda-feira
            # uma base" is a time, not an object: it opens with a preposition)
            phrase = _TRAILING_DATE_WORDS.sub("", phrase[: dates[0][0]].rstrip(" ,")).strip(" ,")
        if (
            phrase
            and not find_date_expressions(phrase)
            and not _NOT_OBJECT_START.match(phrase)
            and _THREE_LETTERS.search(phrase)
            and not _BARE_DETERMINER.fullmatch(phrase)
            and not _SPEECH_WORD.search(phrase)
        ):
            if _EVENT_OBJECT.match(phrase):
                continue  # "repelled an attack": the event, not who or what was attacked
            if (
                m.group(0).rstrip().lower().endswith("against") and _ABSTRACT_OBJECT.search(phrase)
            ) or _ABSTRACT_LIST.fullmatch(phrase):
                continue  # "operations against drug trafficking", "attacks on health care": nobody, nothing attacked
            place = _COMPASS.sub("", _POSSESSOR.sub("", phrase))  # "Syria's Douma", "southern Lebanon": towns too
            if (
                any(a == 0 and b == len(place) for a, b, _ in find_places(place))
                or _TOWN_OBJECT.search(phrase)
                or (place != phrase and find_places(phrase[: len(phrase) - len(place)]) and place[:1].isupper())
            ):
                continue  # "launched drones at Kharkiv", "shelled the rebel-held town of X": a town is where, not what
            if m.group(0).lower().startswith("against") and _PROTEST_BEFORE.search(
                sentence[max(0, m.start() - 40) : m.start()]
            ):
                continue  # "marched against a bill": what a protest opposes was not attacked
            phrase = _TRAILING_CONJUNCTION.sub("", phrase)
            if _PRONOUN_OBJECT.match(phrase) or _PREPOSITION_START.match(phrase) or _BARE_WORD.fullmatch(phrase):
                continue
            found.append((bool(_VICTIM_VERBS.match(m.group(0))), _POSSESSIVE.sub("", phrase)))
            if _CONSEQUENCE.match(m.group(0)):
                consequences.add(found[-1][1])
            if _WEAPON_OBJECT.search(found[-1][1]):  # "a bus struck a landmine": the bus was hit, not the mine
                vehicle = list(_VEHICLE.finditer(sentence[: m.start()]))
                found[-1] = (False, drop_the(vehicle[-1].group(0))) if vehicle else (False, "")
    found = [f for f in found if f[1]]
    hit = _clause_passive(_PASSIVE_TARGET, event_body(sentence))
    attacked = (hit.group(1) or hit.group(2)) if hit else None
    if attacked and (cut := NP_STOP.search(attacked)):
        attacked = _PRONOUN_END.sub("", attacked[: cut.start()])  # "the checkpoint they were manning": the checkpoint
    # "An army convoy was ambushed ...": the subject was attacked
    if (
        attacked
        and (not QUANTITY.match(attacked + " ") or _ARTICLE_NUMBER.match(attacked))
        and not _TOWN_OBJECT.search(attacked.strip())
        and not _is_place(attacked.strip())
    ):
        found.append((False, drop_the(attacked).strip()))
    for m in _HOSTAGE.finditer(sentence):  # "took 30 guests hostage"
        found.append((True, drop_the(m.group(1))))
    passive = _passive(_PASSIVE_VICTIM, event_body(sentence))
    if passive and (victims_first or not found):  # "a soldier was killed when he stepped on a mine": who was hit
        victim = _SOURCE_WORDS.split(passive.group(1))[-1]
        quantity = QUANTITY.match(victim + " ")
        victim = drop_the(victim[quantity.end() :] if quantity and quantity.end() < len(victim) else victim)
        if (
            not NOT_ACTOR_SUBJECT.search(victim.strip())
            and not any(  # "..., a day after a soldier was killed"
                not _TELLS_EARLIER.search(passive.group(1)[: o.start()])
                for o in _OTHER_EVENT_CLAUSE.finditer(passive.group(1))
            )
            and not _TOWN_OBJECT.search(victim.strip())
            and not _is_place(victim.strip())
        ):
            found.append((True, victim.strip()))
    # "people" or "open ground": nobody, nothing attacked
    found = [f for f in found if not _VAGUE_VICTIM.fullmatch(f[1])]
    if victims_first:
        found.sort(key=lambda f: not f[0])
    else:
        found.sort(key=lambda f: f[1] in consequences)
    return dedupe([phrase for _, phrase in found if phrase])


def _clause_passive(pattern: re.Pattern[str], body: str) -> re.Match[str] | None:
    """The passive of the clause that opens ``body`` or, failing that, of a subordinate clause in it ("Nine guards
    died when [the outpost] came under attack", "... quand [leur poste] a été attaqué"): each clause has a subject of
    its own. A subject that runs over a subordinator belongs to the clause after it ("Residents fled when the
    convoy": the convoy was attacked)."""
    body = _OPENING_QUOTE.sub("", _BRACKETED.sub("", body))  # "«the post (VDP, militia) was attacked»": asides
    clauses = [body] + [body[m.end() :] for m in _SUBORDINATOR.finditer(body) if m.start() > 0]
    for clause in clauses:
        found = _passive(pattern, clause)
        subject = found and (found.group(1) or found.group(2))
        if subject and not _SUBORDINATOR.search(subject, 1):
            return found
    return None


def _passive(pattern: re.Pattern[str], body: str) -> re.Match[str] | None:
    """The passive clause at the start of ``body``, past a place that opens it ("Tarn, a teacher, was shot")."""
    found = pattern.match(body)
    subject = found.group(1) if found else None
    if found and subject and _is_place(subject.strip()) and body[found.end(1) :].startswith(","):
        return pattern.match(body[found.end(1) :].lstrip(" ,")) or found
    return found


def _is_place(phrase: str) -> bool:
    """Whether ``phrase`` is a place name and nothing more ("Valle del Cauca" before an aside): where, not whom."""
    return any(a == 0 and b == len(phrase) for a, b, _ in find_places(phrase))


def names_nobody(phrase: str) -> bool:
    """Whether a target phrase names nobody and nothing in particular ("people", "open ground")."""
    return bool(_VAGUE_VICTIM.fullmatch(_POSSESSIVE.sub("", phrase)))


def attacks_armed_side(sentence: str) -> bool:
    """Whether what the event sentence attacks first is an armed side ("attacked a police station", "ambushed
    soldiers"): the codebook makes that a battle; violence against civilians needs civilian victims."""
    objects = object_phrases(sentence)
    if objects and ARMED_OBJECT.search(objects[0]):
        return True
    passive = _PASSIVE_VICTIM.match(event_body(sentence))  # "17 soldiers were killed when ..."
    return bool(passive and ARMED_OBJECT.search(passive.group(1)))


def battle_losers(sentence: str) -> list[str]:
    """The side that lost the ground in a battle for territory: "retook the town of X from [Houthi fighters]",
    "retook the town after [the militants] withdrew"."""
    losers = []
    taken = _TAKEN_FROM.search(sentence)
    loser = actor_phrase_after(sentence, taken.end()) if taken else None
    if loser and not any(a == 0 and b == len(loser) for a, b, _ in find_places(loser)):
        losers.append(loser)
    withdrew = _WITHDREW.search(sentence)
    if withdrew and is_side(withdrew.group(1)):
        losers.append(withdrew.group(1))
    return losers
