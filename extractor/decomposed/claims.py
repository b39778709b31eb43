"""Claims and blame in a sentence: who claims the event (``claimed_by``) and who is blamed or suspected
(``attributed_to``).

"X claimed responsibility", "X said its fighters carried out the attack", "the attack was claimed by X";
"police blamed X", "blamed the attack on X", "X were behind the attack". State forces reporting their own
operation claim nothing. Each rule takes a sentence and the actors it names (``phrases.actors_in``).
"""

from __future__ import annotations

import re

from .phrases import ASIDE, HEDGE, LEAD_IN, NOT_PERPETRATORS, QUANTITY, WORDS, actor_phrase_after, drop_the

__all__ = ["blamed_actor", "claim_statement", "claimant"]

_CLAIM = re.compile(
    r"\bclaim(?:ed|s|ing)?\s+(?:(?:full\s+|sole\s+)?responsibility|credit|it\b|(?:the|this|that|both|these"
    r"|its)\s+(?:\w+\s+){0,2}?"
    r"(?:attacks?|bombings?|strikes?|killings?|raids?|assaults?|ambush(?:es)?|abductions?|kidnappings?|operations?"
    r"|blasts?"
    r"|explosions?|capture|shooting|barrage|seizure|executions?))|\b(?:took|accepted|assumed)\s+responsibility\b",
    re.I,
)
#: "No group has claimed", "denied": nobody claims (and nobody is blamed before it).
_NO_CLAIM = re.compile(
    r"\b(?:no|not|nobody|none)\b[^.]{0,30}claim|\bdenie[sd]\b|\bdeny\b"
    r"|\b(?:nobody|no one|none\b[^.,;]{0,40}?|no\s+(?:\w+\s+)?(?:group|organi[sz]ation|faction|one))\s+"
    r"(?:(?:has|have|had)\s+)?(?:(?:yet|so far|publicly)\s+)?(?:said|says|admitted|announced|stated)\b",
    re.I,
)
#: "X said its fighters carried out the attack": a claim told as a statement.
_CLAIM_SAID = re.compile(
    r"\b(?:said|says|announced|stated|admitted|claimed)\b[^.;]{0,60}?\b(?:it|its\s+\w+|they|their\s+\w+"
    r"|the (?:group|movement|organi[sz]ation)(?:['’]s\s+\w+)?)\s+"
    r"(?:had\s+|have\s+|has\s+)?"
    r"(?:carried out|launched|fired|planted|detonated|attacked|targeted|conducted|struck|killed|shot down|downed"
    r"|ambushed|seized|captured|was behind|were behind|were responsible|was responsible)\b",
    re.I,
)
#: Where the clause of the claim starts inside the words before its verb.
_CLAUSE_JOIN = re.compile(r",\s*|\s+(?:and|but|while|whereas)\s+")
_SPEECH = re.compile(r"(?i)\b(?:said|says|announced|stated|admitted|claimed)\b")
_CLAIMED_BY = re.compile(r"\b(?:was|were|been|is|being)\s+claimed\s+by\s+", re.I)
_SPEAKER_FOR = re.compile(
    r"(?i)\b(?:spokes(?:man|woman|person)|leader|commander|statement|message|channel)"
    r"\s+(?:for|of|from|by)\s+(?:the\s+)?"
)
#: State forces that report their own operation ("the army said its troops killed 20 militants") state a fact;
#: they claim nothing. Lower case only: "Rapid Support Forces" is a group's name.
_STATE_WORDS = re.compile(rf"\b(?:{WORDS.alternation('state_words')})\b")
_CAPITALISED = re.compile(r"[A-Z]")
#: "Sand Front spokesman Ali Varo": the group's speaker after its name; the group claims.
_SPEAKER_AFTER = re.compile(r"\s+(?:spokes(?:man|woman|person)|leader|commander|chief)(?:\s+[A-Z][\w'’-]+){0,3}$")
#: A hedge word right after these is an adjective of the actor that follows ("police said suspected herders").
_HEDGE_ADJECTIVE_BEFORE = re.compile(r"(?i)(?:^|[,;:]\s*|\b(?:said|says|say|that|believe[sd]?|when|after|as)\s+)$")
#: "did not blame X", "declined to blame X": a blame word under a negation blames nobody.
_NEGATED = re.compile(r"(?i)\b(?:not|never|declined to|refused to|stopped short of)\s+(?:\w+\s+)?$")
_BLAME = re.compile(rf"\b(?:{WORDS.alternation('blame_words')})\b", re.I)
#: "suspected of belonging to [X]", "believed to be members of [X]": the group is the suspect.
_MEMBER_OF = re.compile(
    r"(?i)\b(?:suspected|believed|thought|said|alleged(?:ly)?|reported(?:ly)?)\s+(?:of\s+belonging\s+to|to\s+belong"
    r"\s+to|to\s+be\s+(?:members?|fighters|militants)\s+of|to\s+be\s+from)\s+(?:the\s+)?"
)
#: "accused of theft": what the accused did, not whom the event is blamed on.
_OF_AFTER = re.compile(r"(?i)\s+of\b")
#: "suspected" right after these words describes the noun after it ("two suspected bandits").
_ADJECTIVE_BEFORE = re.compile(r"(?i)(?:^|\b(?:a|an|the|by|of|and|with|two|three|several|some|were|as)\s+)$")
_EVENT_NOUN_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){0,2}?(?:attacks?|bomb\w*|strikes?|shelling|raids?|explosions?|blasts?|ambush\w*|killings?"
    r"|poisoning"
    r"|arson|shooting)\b",
    re.I,
)
#: "blamed the attack on X", "attributed it to X": the words between the blame and the blamed.
_AGAINST_WORDS = re.compile(
    r"^\s+(?:the|this|that|these|those|it|its)\b[^,.;]{0,40}?\b(?:on|to)\s+|^\s+(?:on|to|at)\s+", re.I
)
_BEHIND = re.compile(r"\b(?:was|were|is|are)\s+(?:likely\s+|probably\s+|possibly\s+)?behind\b", re.I)
#: The word that opens the clause whose subject was "behind" the event.
_BEHIND_OPENER = re.compile(r"(?i)\b(?:that|said|says|suggests?|believe[sd]?|think|thought)\s+")
_HOLDS = re.compile(r"\bhold(?:s|ing)?\s+(?=[^.;]{2,80}?\bresponsible\b)|\bidentified\s+(?:the\s+)?\w+\s+as\s+", re.I)
_RESPONSIBLE_END = re.compile(r"\s+responsible$")
#: "Y were blamed for the attack", "Y has been accused of staging it": the subject of a passive blame is blamed.
#: "accused"/"suspected" need an attack after "of" ("two men suspected of theft" were the victims of a mob).
_PASSIVE_BLAME = re.compile(
    r"(?i)\s+(?:was|were|is|are|has been|have been|had been|being)\s+(?:\w+ly\s+)?(?:"
    r"blamed\s+(?:for|by)\b"
    r"|(?:accused|suspected)\s+(?:by\s+[^,.;]{1,60}?\s+)?of\s+(?:having\s+|being\s+)?"
    r"(?:carr\w+ out|stag\w+|launch\w+|plant\w+|detonat\w+|behind|responsible|the\s+(?:\w+\s+)?(?:attacks?|bombings?"
    r"|killings?|raids?|ambush\w*|abductions?|kidnappings?)|attack\w*|kill\w*|bomb\w*|ambush\w*|abduct\w*"
    r"|kidnap\w*|shoot\w*|murder\w*|massacr\w*))"
)
#: Where the passive subject's clause starts: a clause word, a saying verb or a comma before it.
#: "No group has claimed it, but police blamed X": a contrast after the denial lets the blame stand.
_CONTRAST = re.compile(r"(?i)\b(?:but|however|though|although|yet)\b|;")
_SUBJECT_OPENER = re.compile(r"(?i)(?:^|[,;:]\s*|\b(?:that|said|says|and|but|while|whom|as|after|when)\s+)")


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
    # "Police said no one was hurt and X said it carried out the attack": the claim's own verb is the last one.
    start = claim.start() + [m.start() for m in _SPEECH.finditer(claim.group(0))][-1] if said else claim.start()
    # The claimant is the subject: skip asides between commas ("X, which has fought the army since 2012, claimed").
    asides = [(m.start(), m.end()) for m in ASIDE.finditer(sentence, 0, start + 1)]
    before = [surface for a, b, surface in actors if b <= start and not any(x <= a < y for x, y in asides)]
    actor = before[-1] if before else None
    speaker = _SPEAKER_FOR.search(sentence, 0, start)
    if speaker:  # "a spokesman for the Sand Lions claimed ...": the group claims, not its spokesman
        actor = actor_phrase_after(sentence, speaker.end()) or actor
    if actor is None:
        head = ASIDE.sub(" ", sentence[:start].rstrip() + ",") if asides else sentence[:start]
        subject = _SPEAKER_AFTER.sub("", drop_the(LEAD_IN.sub("", head).strip(" ,")))
        subject = drop_the(_CLAUSE_JOIN.split(subject)[-1].strip())  # "... no one was hurt and the X said it ..."
        if (
            subject
            and len(subject.split()) <= 6
            and _CAPITALISED.match(subject)
            and not NOT_PERPETRATORS.search(subject)
        ):
            actor = subject
    if actor is None:
        return None
    return (actor, not (said and _STATE_WORDS.search(actor)))


def claimant(sentence: str, actors: list[tuple[int, int, str]]) -> str | None:
    """Who claims the event in this sentence (see ``claim_statement``); None for no claim or a state report."""
    found = claim_statement(sentence, actors)
    return found[0] if found and found[1] else None


def _member_of(sentence: str) -> str | None:
    """The group someone is suspected of belonging to: "men suspected of belonging to the X", "gunmen believed to be
    members of X" -> X, a suspect (GUIDE 7), the men themselves unnamed."""
    for member in _MEMBER_OF.finditer(sentence):
        if _NEGATED.search(sentence[max(0, member.start() - 40) : member.start()]):
            continue
        phrase = actor_phrase_after(sentence, member.end())
        if phrase and not NOT_PERPETRATORS.search(phrase):
            return phrase
    return None


def blamed_actor(sentence: str, actors: list[tuple[int, int, str]]) -> str | None:
    """Who is blamed or suspected: "police blamed X", "blamed the attack on X", "attributing the raids to X",
    "suspected X", "X were behind the attack", "holds X responsible"; "suspected" before a noun is a hedge kept
    with it ("suspected jihadists opened fire"); before an event noun ("a suspected gas attack") it blames nobody."""
    if (member := _member_of(sentence)) is not None:
        return member
    passive_spans = [(m.start(), m.end()) for m in _PASSIVE_BLAME.finditer(sentence)]
    for blame in _BLAME.finditer(sentence):
        if _unclaimed_before(sentence[: blame.start()]):
            return None
        if any(a <= blame.start() < b for a, b in passive_spans):
            continue  # "Y were blamed for ...": the subject is blamed (``_passive_blamed``), not the words after
        word = blame.group(0).lower()
        if word.endswith(("ation", "ations")):
            continue  # "rejects accusations that its operations harm civilians": a noun, nobody is named
        if _NEGATED.search(sentence[max(0, blame.start() - 40) : blame.start()]):
            continue  # "the president did not blame the cartel directly"
        rest = sentence[blame.end() :]
        if _OF_AFTER.match(rest) and word.startswith(("suspect", "accus")):
            continue  # "two men accused of theft": the accused are who was attacked, not who is blamed
        if word.startswith(("suspect", "alleg")) and _EVENT_NOUN_AFTER.match(rest):
            continue
        hedged = [(a, b, surface) for a, b, surface in actors if a == blame.start() and HEDGE.match(surface)]
        adjective = _ADJECTIVE_BEFORE.search(sentence[: blame.start()])
        if adjective and word.startswith(("suspect", "alleg")):
            if hedged:
                return actor_phrase_after(sentence, hedged[0][0]) or hedged[0][2]
            continue  # "a mob beat a suspected thief": the suspect is the victim
        if (
            word in ("suspected", "alleged")
            and _HEDGE_ADJECTIVE_BEFORE.search(sentence[: blame.start()])
            and (phrase := actor_phrase_after(sentence, blame.start()))
        ):
            return phrase  # "police said suspected herders killed ...": the hedge is part of the actor (GUIDE 7)
        lead = _AGAINST_WORDS.match(rest) if not word.startswith(("suspect", "accus")) else None
        phrase = actor_phrase_after(sentence, blame.end() + (lead.end() if lead else len(rest) - len(rest.lstrip())))
        if phrase:
            return phrase
        if lead:  # "blamed the Sand Front for the attack on the pier": no actor after "on", the object is blamed
            phrase = actor_phrase_after(sentence, blame.end() + len(rest) - len(rest.lstrip()))
            if phrase:
                return phrase
        after = [surface for a, b, surface in actors if blame.end() <= a <= blame.end() + 40]
        if after:
            return after[0]
    passive = _passive_blamed(sentence)
    if passive:
        return passive
    holds = _HOLDS.search(sentence)
    if holds and not _unclaimed_before(sentence[: holds.start()]):
        phrase = actor_phrase_after(sentence, holds.end())
        if phrase:
            return _RESPONSIBLE_END.sub("", phrase)
    behind = _BEHIND.search(sentence)
    if behind and not _unclaimed_before(sentence[: behind.start()]):  # "nobody has said they were behind it"
        opener = list(_BEHIND_OPENER.finditer(sentence[: behind.start()]))
        start = opener[-1].end() if opener else 0
        phrase = drop_the(sentence[start : behind.start()].strip(" ,"))
        if phrase and len(phrase.split()) <= 10 and not NOT_PERPETRATORS.search(phrase):
            return phrase
    return None


def _unclaimed_before(text: str) -> bool:
    """Whether ``text`` says nobody claims or denies it, with no contrast after ("but police blamed X")."""
    denials = list(_NO_CLAIM.finditer(text))
    return bool(denials) and not _CONTRAST.search(text, denials[-1].end())


def _passive_blamed(sentence: str) -> str | None:
    """The subject of a passive blame: "Iran-backed militias were blamed for the attack" -> "Iran-backed
    militias"; "two gunmen have been accused of carrying out the killing" -> "gunmen"."""
    for blame in _PASSIVE_BLAME.finditer(sentence):
        if _unclaimed_before(sentence[: blame.start()]):
            continue
        head = sentence[: blame.start()]
        openers = list(_SUBJECT_OPENER.finditer(head))
        start = openers[-1].end() if openers else 0
        phrase = LEAD_IN.sub("", head[start:]).strip(" ,")
        phrase = QUANTITY.sub("", drop_the(phrase))
        if (
            phrase
            and len(phrase.split()) <= 8
            and not NOT_PERPETRATORS.search(phrase)
            and actor_phrase_after(phrase, 0) == phrase
        ):
            return phrase
    return None
