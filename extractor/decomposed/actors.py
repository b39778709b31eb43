"""Who did what to whom in a mention: candidate spans for the perpetrator, claimed_by, attributed_to and target.

Rules on the sentence's shape (the subject of the event verb, "X claimed responsibility", "blamed the attack
on X", the object of "hit" or "killed", the demonstrators at a protest), each returning its candidates with the
preferred one first; ``questions`` turns them into options. Kept apart from the question set so that the phrase
rules can be read and tested on their own.
"""

from __future__ import annotations

import re

from ..candidates import ACTOR_PHRASE
from ..normalize.dates import find_date_expressions
from ..normalize.places import country_code, find_places
from ..pipeline import ArticleContext
from .mentions import Mention, Sentence, dateline_end
from .spans import dedupe, mention_window

__all__ = [
    "BATTLE_TYPES", "PROTEST_TYPES", "RIOT_TYPES", "VICTIM_TYPES", "actor_options", "actor_phrase_after", "armed_men_open",
    "attacks_armed_side", "blamed_actor", "claim_statement", "claimant", "crowd_subject", "noun_phrase_after",
    "object_phrases", "protester_phrase", "subject_phrase",
]

_SOURCE_VERBS = re.compile(r"^\s*(?:said|say|says|told|reported|added|confirmed|stated|announced|according)\b", re.I)
_CLAIM = re.compile(
    r"\bclaim(?:ed|s|ing)?\s+(?:(?:full\s+|sole\s+)?responsibility|credit|it\b|(?:the|this|that|both|these|its)\s+(?:\w+\s+){0,2}?"
    r"(?:attacks?|bombings?|strikes?|killings?|raids?|assaults?|ambush(?:es)?|abductions?|kidnappings?|operations?|blasts?"
    r"|explosions?|capture|shooting|barrage|seizure|executions?))|\b(?:took|accepted|assumed)\s+responsibility\b", re.I)
_NO_CLAIM = re.compile(r"\b(?:no|not|nobody|none)\b[^.]{0,30}claim|\bdenie[sd]\b|\bdeny\b", re.I)
_BLAME = re.compile(r"\b(?:blam\w*|suspect\w*|accus\w*|attribut\w*|believed to be|held responsible|pointed the finger)\b", re.I)


def _actors_in(sentence: Sentence, ctx: ArticleContext) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), m.group(0)) for m in ACTOR_PHRASE.finditer(sentence.text)]
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
    r"|dropped\b[^.,;]{0,40}?\b(?:on|onto)|clashed\b[^.,;]{0,40}?\bwith"
    r"|(?:attack|bombing|assault|raid|ambush|strike|blast|explosion|shelling)s?\s+(?:on|at|against|targeting)"
    r"|opened fire on|fired on|fired at|fired into|set fire to|slammed into|came down on|rained down on|shot dead|shot down"
    r"|ripped through|tore through|blew (?:himself|herself|themselves) up (?:at|in|near|outside|inside|among)"
    r"|detonated\b[^.,;]{0,40}?\b(?:at|in|near|outside|inside|among)|ransacked|vandali[sz]ed|smashed|burned|burnt"
    r"|sexually assaulted"
    r"|hit|hits|struck|targeted|targeting|shelled|bombed|stormed|raided|ambushed|attacked|abducted|abducting"
    r"|kidnapped|kidnapping|seized|overran|overrunning|storming|raiding|ambushing|killing|killed|shot|torched|looted|against|sprayed|burst into"
    r"|pelted|stoned|lynched|beat|hacked|stabbed|beheaded|executed|tortured|attacking|raped|destroyed|damaged|blew up|blown up|fought|battled|clashed with|repelled)\s+", re.I)
#: Verbs whose object is a victim (people), preferred as target for attacks on civilians and abductions.
_VICTIM_VERBS = re.compile(r"(?i)^(?:killing|killed|shot dead|shot|abducted|abducting|kidnapped|kidnapping|sprayed|lynched|beat|raped"
                           r"|hacked|stabbed|beheaded|executed|tortured"
                           r"|opened fire on|fired on|fired at|fired into)\s")
_WEAPON_OBJECT = re.compile(r"(?i)\b(?:devices?|landmines?|mines?|bombs?|ieds?|explosives?)$")
_VEHICLE = re.compile(r"(?i)\b(?:an?|the|their|its|his|her)\s+(?:[\w-]+\s+){0,2}?(?:bus|minibus|truck|car|vehicle|van|convoy|patrol|pickup|tanker|lorry)\b")
#: The subject of a passive clause, an aside between commas allowed: "[X], a priest, was (reportedly) ...".
_PASSIVE_SUBJECT = r"^([^,;]{3,60}?)(?:,[^,;]{0,80},|\s+(?:who|which)\s+[^,;]{3,80}?)?\s+(?:was|were|had been|have been|has been)\s+(?:\w+ly\s+)?"
#: "Father X, a priest, was taken from ...", "18 worshippers were abducted": the subject is the victim.
_PASSIVE_VICTIM = re.compile(
    _PASSIVE_SUBJECT +
    r"(?:killed|abducted|kidnapped|taken|shot|wounded|injured|raped|attacked|beaten|hacked|stabbed|executed|seized|murdered)\b")
_HOSTAGE = re.compile(r"(?i)\btook\s+(?:(?:at least|about|some|more than)\s+)?(?:\d+|dozens of|scores of|several|\w+)?\s*([a-z][\w\s'-]{2,40}?)\s+hostage\b")
_PASSIVE_TARGET = re.compile(
    _PASSIVE_SUBJECT +
    r"(?:attacked|ambushed|hit|struck|targeted|shelled|bombed|raided|stormed|overrun|torched|set on fire|looted)\b"
    r"|^([^,;]{3,60}?)\s+came under\s+(?:heavy\s+)?(?:fire|attack|assault|shelling)\b")
#: A quantity before a noun ("at least six civilians" -> "civilians"): the count goes to killed/injured.
_QUANTITY = re.compile(
    r"(?i)^(?:(?:at least|more than|over|about|around|some|nearly|almost|up to|an estimated|between)\s+)?"
    r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty"
    r"|dozens|scores|hundreds|thousands|several|many)(?:\s+(?:and|to)\s+(?:\d+|\w+))?(?:\s+of)?\s+(?=[A-Za-z])")
#: Endings of adverbs ("sporadically", "effectively"), not of nouns such as "supply" or "family".
_ADVERB_END = r"(?:ally|ively|edly|ously|ently|antly|ately|fully|lessly)"
#: Punctuation ends a phrase, except the brackets of an acronym that belongs to it ("Armed Forces (FAMa)").
_PUNCTUATION_STOP = r"\s*(?:[,.;:)\"“”]|\((?![A-Z]{2,8}\)))"
_NP_STOP = re.compile(
    r"\s+(?:in|near|on|with|killing|wounding|injuring|and\s+(?:killed|wounded|injured|fled|set|\w+ed\b)|late|early|shortly|overnight"
    r"|as|when|while|after|before|during|from|using|by|but|which|who|outside|close|around|at|about|just|across|last|this|to death"
    r"|was|were|is|are|has|had|have|repelled|blocking|demanding|protesting|marching|demonstrating|waiting|trying|preparing"
    r"|returning|travelling|traveling|working|fleeing|posted|stationed|deployed"
    rf"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\w+{_ADVERB_END})\b|{_PUNCTUATION_STOP}|$", re.I)
_SUBJECT_VERBS = frozenset(
    "killed attacked opened hurled threw stormed shot fired launched struck hit seized took clashed fought set abducted"
    " kidnapped detonated carried have has had were was are is said say says raided ambushed bombed shelled stabbed"
    " hacked burned torched looted blocked marched gathered rallied protested occupied entered drove overran captured"
    " recaptured retook targeted pounded fired claimed blew dispersed used lobbed tossed exploded went burst broke"
    " sprayed conducted swept surrounded began continued pushed made led".split())
_ED_ADJECTIVES = frozenset("armed unidentified suspected hooded masked alleged uniformed organised organized unarmed".split())
_LEAD_IN = re.compile(
    r"^(?:\d{1,2}[:.]\d{2}\s*[-–—]?\s*|[A-Z][\w'’ -]{0,30}:\s+"
    r"|(?:(?:hours|days|weeks|months|minutes|moments|a day|a week)\s+(?:after|before|later)|on|in|late|early|at|around|shortly"
    r"|overnight|last|this|according|after|before|during|following|earlier)\b[^,]{0,70},\s*)+", re.I)
_CLAUSE_OPENERS = re.compile(r"\b(?:when|as|after|where|while|because|that)\s+", re.I)
#: "The army said [troops had driven ...]": the reported clause has the event's subject.
_REPORTED = re.compile(r"\b(?:said|says|reported|announced|confirmed|added|stated)\s+(?:that\s+)?", re.I)
#: An aside between commas ("Gunmen, who came on motorbikes, shot ..."; "X, an offshoot of Y, claimed ...").
_ASIDE = re.compile(r",[^,;]{1,100},")
_SPEAKER_FOR = re.compile(r"(?i)\b(?:spokes(?:man|woman|person)|leader|commander|statement|message|channel)\s+(?:for|of|from|by)\s+(?:the\s+)?")
#: A place is no actor, though "checkpoint" or "base" also name who was attacked ("The checkpoint was set up ...").
_PLACE_SUBJECT = re.compile(r"(?i)\b(?:checkpoint|base|embassy|camp|market|station|post|building|convoy|vehicle|bus|car|truck)s?$")
#: Subjects that are no actor: pronouns, and the event or weapon itself ("A rocket strike on a base killed ...").
_NOT_ACTOR_SUBJECT = re.compile(
    r"(?i)^(?:it|this|that|there|he|she|they|we|i|you|who)$|^[-–\s]*(?:(?:an?|the|one|two|three|several)\s+)?(?:[\w.'’-]+\s+){0,2}"
    r"(?:strikes?|rockets?|missiles?|drones?|bombs?|blasts?|explosions?|shells?|shelling|attacks?|mortars?|devices?|mines?|fire|barrage"
    r"|fighting|clashes|battles?|gunfights?|firefights?|violence)\b")
_FIGHT_SUBJECT = re.compile(r"(?i)\b(?:fighting|clashes|battles?|gunfights?|firefights?|violence)\b")
#: The two sides of a fight: "fighting between [the army] and [rebels of X]", "clashes between [herders] and [farmers]".
_BETWEEN = re.compile(
    r"(?i)\b(?:fighting|clash(?:es)?|battles?|gunfights?|firefights?|exchanges? of fire|violence|erupted|broke out)\b[^.;]{0,80}?"
    r"\bbetween\s+(?:the\s+)?(.+?)\s+and\s+(?:the\s+)?(.+?)(?=\s+(?:in|near|on|at|around|killed|left|that|which|who|over|after)\b|[,.;]|$)")
#: "Troops retook the town from [insurgents]", "drove [the rebels] out of": who lost the ground.
#: "retook the town after [the militants] withdrew": the side that gave up the ground.
_WITHDREW = re.compile(r"(?i)\b(?:after|as|when)\s+(?:the\s+)?([^,.;]{3,50}?)\s+(?:withdrew|fled|retreated|pulled out|abandoned)\b")
_TAKEN_FROM = re.compile(
    r"(?i)\b(?:retook|recaptured|captured|seized|took(?:\s+back)?|wrested|liberated|freed|regained|reclaimed|retaken|recaptured)\b"
    r"[^.;]{0,80}?\bfrom\s+(?:the\s+(?:control|hands)\s+of\s+)?|\b(?:drove|driven|pushed|chased|expelled|ousted)\s+(?=[^.;]{3,60}?\bout\b)")
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


def _phrase_stop(stops: re.Pattern[str], text: str, start: int) -> re.Match[str] | None:
    """Where a phrase starting at ``start`` ends; the closing bracket of an acronym it holds does not end it."""
    stop = stops.search(text, start)
    while stop and stop.group(0) == ")" and "(" in text[start:stop.start()]:  # "the Malian Armed Forces (FAMa)"
        stop = stops.search(text, stop.end())
    return stop


def noun_phrase_after(text: str, start: int, max_words: int = 9) -> str | None:
    """The words from ``start`` up to a preposition, a clause word or punctuation (at most ``max_words``)."""
    if _NP_STOP.match(" " + text[start:start + 20]) or re.match(r"(?i)(?:and|or|to|of|more|than)\b|(?:the|a|an)\b\s*(?:$|[,.;])", text[start:start + 8]):
        return None
    stop = _phrase_stop(_NP_STOP, text, start)
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


#: Pronouns are no target ("killing eight of them"); a possessive before the noun is dropped like "the".
_PRONOUN_OBJECT = re.compile(r"(?i)^(?:them|him|her|it|us|me|you|themselves|himself|herself|itself|those|these|each other|one another)\b")
_POSSESSIVE = re.compile(r"^(?:[Tt]he|[Tt]heir|[Ii]ts|[Hh]is|[Hh]er|[Oo]ur)\s+")
#: "a video of the attack on its page": the attack is being shown, not told; "a string of attacks on X": many
#: events, not this one. Their objects are no target.
_SHOWN_EVENT = re.compile(r"(?i)\b(?:video|footage|images?|photos?|pictures?|recording|details|reports?)\s+of\s+(?:the|an?|this|that)\s+$"
                          r"|\b(?:string|series|wave|spate|number|dozens|scores)\s+of\s+(?:\w+\s+)?$")
#: A part of a building or vehicle: "the windows of the party office" names the office.
_PART_OF = re.compile(r"(?i)(?:the\s+|its\s+|their\s+)?(?:windows?|doors?|gates?|walls?|roof|facade|front|entrance|windscreen)\s+of\s+")
_VAGUE_VICTIM = re.compile(r"(?i)people|persons|others|bodies|individuals"
                           r"|(?:an?\s+)?(?:open|empty|vacant)\s+(?:ground|land|field|plot|area)|farmland|wasteland|desert")
#: The consequence clause after the event ("..., killing five soldiers"): its object was hurt, not what was attacked.
_CONSEQUENCE = re.compile(r"(?i)^(?:killing|wounding|injuring)\b")


def object_phrases(sentence: str, *, victims_first: bool = False) -> list[str]:
    """What an event verb acts on: "a missile hit [an open-air market]", "threw a grenade at [a checkpoint]",
    "killing at least six [civilians]" (the quantity is dropped). With ``victims_first`` the objects of
    killing and abduction verbs come before those of "stormed" or "hit" (for attacks on people). Otherwise
    the casualties of a consequence clause (", killing five soldiers") come after what was attacked, which
    keeps a battle's target what its initiator attacked ("opened fire on their patrol": the codebook, 7)."""
    found: list[tuple[bool, str]] = []
    consequences: set[str] = set()
    for m in _OBJECT_VERB.finditer(sentence):
        if _SHOWN_EVENT.search(sentence[max(0, m.start() - 40):m.start()]):
            continue
        start = m.end()
        quantity = _QUANTITY.match(sentence[start:])
        if quantity:
            start += quantity.end()
        joined = re.match(r"(?i)(?:and\s+[a-z]+(?:ed|nt)\s+)?(?:to death\s+)?", sentence[start:])
        start += joined.end()  # "beat and burned to death [a man]"
        part = _PART_OF.match(sentence, start)
        if part:  # "smashed the windows of [the party office]": the building was attacked
            start = part.end()
        phrase = noun_phrase_after(sentence, start, max_words=12 if part else 9)
        if phrase and not find_date_expressions(phrase) and not re.match(r"(?i)(?:least|about|around|some|dead|daily)\b", phrase) \
                and re.search(r"[A-Za-z]{3}", phrase) and not re.fullmatch(r"(?i)(?:the|a|an|its|their|his|her|each other|one another)", phrase) \
                and not re.search(r"(?i)\b(?:says?|said|told|broke|began)\b", phrase):
            if re.match(r"(?i)(?:an?\s+|the\s+)?(?:\w+\s+)?(?:attack|assault|raid|offensive|operation|ambush)s?$", phrase):
                continue  # "repelled an attack": the event, not who or what was attacked
            place = re.sub(r"^[A-Z][\w-]+['’]s\s+", "", phrase)  # "Syria's Douma" is a town too
            if any(a == 0 and b == len(place) for a, b, _ in find_places(place)) or _TOWN_OBJECT.search(phrase) \
                    or (place != phrase and find_places(phrase[:len(phrase) - len(place)]) and place[:1].isupper()):
                continue  # "launched drones at Kharkiv", "shelled the rebel-held town of X": a town is where, not what
            if m.group(0).lower().startswith("against") and _PROTEST_BEFORE.search(sentence[max(0, m.start() - 40):m.start()]):
                continue  # "marched against a bill": what a protest opposes was not attacked
            phrase = re.sub(r"(?i)\s+(?:and|or)$", "", phrase)
            if _PRONOUN_OBJECT.match(phrase) or re.match(r"(?i)(?:for|over|into|from|to|toward|towards|back|off|out)\b", phrase) \
                    or re.fullmatch(rf"(?i)\w+{_ADVERB_END}|\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten", phrase):
                continue
            found.append((bool(_VICTIM_VERBS.match(m.group(0))), _POSSESSIVE.sub("", phrase)))
            if _CONSEQUENCE.match(m.group(0)):
                consequences.add(found[-1][1])
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
    found = [f for f in found if not _VAGUE_VICTIM.fullmatch(f[1])]  # "people" or "open ground": nobody, nothing attacked
    if victims_first:
        found.sort(key=lambda f: not f[0])
    else:
        found.sort(key=lambda f: f[1] in consequences)
    return dedupe([phrase for _, phrase in found if phrase])


def _is_side(phrase: str) -> bool:
    """An armed actor (a side of a battle), not a place or a thing."""
    return bool(ACTOR_PHRASE.search(phrase) or _MORE_ACTOR_NOUNS.search(phrase)) and not _PLACE_SUBJECT.search(phrase)


def subject_phrase(sentence: str, ctx: ArticleContext) -> str | None:
    """The actor doing the event: the subject of the event sentence, or of its "when/where ..." clause
    ("Gunmen on motorcycles shot ...", "... were killed when police opened fire ...")."""
    body = _LEAD_IN.sub("", sentence[dateline_end(sentence):])
    openers = sorted([*_CLAUSE_OPENERS.finditer(body), *_REPORTED.finditer(body)], key=lambda m: m.start())
    candidates = [body] + [body[m.end():] for m in openers]
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
            if re.search(r"(?i)\b(?:who|which|that|whose)$", subject):
                return None  # "five women who had left the camp were raped": a relative clause, not the event's subject
            for _, end, surface in find_date_expressions(subject)[::-1]:
                subject = subject.replace(surface, " ")
            subject = re.sub(r"\s+", " ", re.sub(r"^(?:The|the)\s+", "", subject)).strip(" ,")
            quantity = _QUANTITY.match(subject)
            subject = subject[quantity.end():] if quantity and quantity.end() < len(subject) else subject
            if subject and _NOT_ACTOR_SUBJECT.search(subject):
                return None if _FIGHT_SUBJECT.search(subject) else ""
            if not subject or _NOT_PERPETRATORS.search(subject) or _PLACE_SUBJECT.search(subject):
                return None
            if ACTOR_PHRASE.search(subject[:1].lower() + subject[1:]) or ACTOR_PHRASE.search(subject) or ctx.actors.find(subject) or _MORE_ACTOR_NOUNS.search(subject) or country_code(subject):
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
    r"|would|will|positioned|operating|based|in|on|near|at|with|as|when|while|during|from|but|out of|and\s+(?:said|warned|vowed))\b"
    r"|\s+(?!(?:armed|allied|backed|based|linked|led|masked|hooded|unidentified|suspected|alleged)\b)[a-z]+ed\b"
    rf"|\s+\w+{_ADVERB_END}\b|{_PUNCTUATION_STOP}|$", re.I)
_AGAINST_WORDS = re.compile(r"^\s+(?:the|this|that|these|those|it|its)\b[^,.;]{0,40}?\b(?:on|to)\s+|^\s+(?:on|to|at)\s+", re.I)
_PROTESTER = re.compile(
    r"(?:\b(?:[A-Z][\w'’-]*|pro-\w+|anti-\w+|hooded|masked|angry|striking|unemployed|opposition|student|rival|local|young)\s+){0,3}"
    r"\b(?i:demonstrators|protesters|protestors|marchers|rioters|students|activists|supporters|youths|young people|young men|mob|crowd"
    r"|residents|villagers|workers|traders|teachers|farmers|relatives|families|elders|lawyers|doctors|nurses|drivers|pensioners|mothers|women|journalists)\b"
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
    stop = _phrase_stop(_ACTOR_NP_STOP, text, start)
    phrase = text[start:stop.start() if stop else len(text)].strip()
    phrase = re.sub(r"^(?:(?:the|The)\s+)?(?:members of\s+)?(?:(?:the|an?)\s+)?", "", phrase)
    words = phrase.split()
    if not words or len(words) > max_words or not re.search(r"[A-Za-z]{2}", phrase):
        return None
    if not (ACTOR_PHRASE.search(phrase) or _MORE_ACTOR_NOUNS.search(phrase) or re.search(r"\b[A-Z][\w'’-]+|[a-z]{3,}s$", phrase)):
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


#: Armed or state forces, or what they hold: an attack on them is a battle, not violence against civilians.
_ARMED_OBJECT = re.compile(
    r"(?i)\b(?:police|policemen|soldiers?|troops|army|military|security forces|gendarm\w*|guards|patrol|checkpoint"
    r"|outpost|barracks|base|positions|garrison|militia\w*|fighters|rebels|insurgents|militants|jihadists)\b")


def attacks_armed_side(sentence: str) -> bool:
    """Whether what the event sentence attacks first is an armed side ("attacked a police station", "ambushed
    soldiers"): the codebook makes that a battle; violence against civilians needs civilian victims."""
    objects = object_phrases(sentence)
    if objects and _ARMED_OBJECT.search(objects[0]):
        return True
    passive = _PASSIVE_VICTIM.match(_LEAD_IN.sub("", sentence[dateline_end(sentence):]))  # "17 soldiers were killed when ..."
    return bool(passive and _ARMED_OBJECT.search(passive.group(1)))


_ARMED_MEN = re.compile(r"(?i)\b(?:armed men|gunm[ae]n|militants|fighters|bandits|kidnappers|rebels|insurgents|jihadists|assailants|attackers)\b")


def armed_men_open(sentence: str) -> bool:
    """Whether armed men are named at the start of the event sentence (after any dateline): what they do to a
    crowd ("marched 31 travellers into the bush") is no protest."""
    return bool(_ARMED_MEN.search(sentence[dateline_end(sentence):][:60]))


def crowd_subject(sentence: str) -> bool:
    """Whether the event sentence opens with a crowd of civilians ("Hundreds of protesters stormed ...",
    "Activists of two student groups fought ..."): their violence is a riot, not a battle (the codebook, 4)."""
    body = _LEAD_IN.sub("", sentence[dateline_end(sentence):])
    body = _QUANTITY.sub("", body) if _QUANTITY.match(body) else body
    crowd = _PROTESTER.match(body)
    return bool(crowd) and not _ARMED_OBJECT.search(crowd.group(0))


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
    elif under_fire and (attacker := actor_phrase_after(mention.lead.text, under_fire.end())):
        victim = _LEAD_IN.sub("", mention.lead.text[dateline_end(mention.lead.text):under_fire.start()]).strip(" ,")
        victim = noun_phrase_after(victim, 0) or victim  # "a FACA position at Ngaoundaye, in the prefecture of X"
        lead_subject = attacker
        if victim and len(victim.split()) <= 6:
            roles["target"].append(re.sub(r"^(?:The|the)\s+", "", victim))
    elif (attack_by := _ATTACK_BY.search(mention.lead.text)) and (attacker := actor_phrase_after(mention.lead.text, attack_by.end())):
        if lead_subject:  # "troops repelled an attack by militants on their base": the militants initiated
            roles["target"].append(lead_subject)
        lead_subject = attacker
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
            if loser and not any(a == 0 and b == len(loser) for a, b, _ in find_places(loser)):
                roles["target"].append(loser)
            withdrew = _WITHDREW.search(sentence.text)
            if withdrew and _is_side(withdrew.group(1)):
                roles["target"].append(withdrew.group(1))
    if event_type == "Excessive force against protesters":  # the codebook: the target is the demonstrators
        named = [m.group(0) for s in lead_window for m in _PROTESTER.finditer(s.text) if _EXPLICIT_PROTESTER.search(m.group(0))]
        doers = {d.lower() for d in roles["perpetrator"][:1]}
        roles["target"] += [n for n in (re.sub(r"^(?:The|the)\s+", "", n.strip()) for n in named) if n.lower() not in doers]
    if event_type not in PROTEST_TYPES:
        for sentence in lead_window + mention.sentences[1:]:
            roles["target"] += object_phrases(sentence.text, victims_first=event_type in VICTIM_TYPES)
    for sentence in mention_window(mention):
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
    return {role: dedupe(values) for role, values in roles.items()}
