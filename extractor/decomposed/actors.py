"""Candidate actors per role for one mention: the perpetrator, claimed_by, attributed_to and target options.

Combines the rules by question: ``subjects`` (who acted; the crowd at a protest), ``claims`` (who claims, who
is blamed) and ``targets`` (what was attacked; who lost the ground), plus the two sides of a fight, "came
under fire from X" and "an attack by X" read here. Each role's candidates come with the heuristic's pick
first; ``questions`` turns them into options.
"""

from __future__ import annotations

import re

from ..acled import resolve_actor
from ..language_cues import merged_alternation
from ..pipeline import ArticleContext
from .claims import blamed_actor, claimant
from .mentions import Mention, Sentence, dateline_end, split_sentences
from .phrases import (
    HEDGE,
    LEAD_IN,
    NOT_ACTOR_SUBJECT,
    WORDS,
    actor_phrase_after,
    actors_in,
    drop_the,
    is_side,
    noun_phrase_after,
    whole_phrase,
)
from .question_file import load_questions
from .spans import dedupe, mention_window
from .subjects import EXPLICIT_PROTESTER, PROTESTER, crowd_phrase, owned_fire, protester_phrase, subject_phrase
from .targets import battle_losers, names_nobody, object_phrases
from .verb_first import verb_first_subject

__all__ = ["BATTLE_TYPES", "PROTEST_TYPES", "RIOT_TYPES", "VICTIM_TYPES", "actor_options"]

#: Sub-event types whose perpetrator is the demonstrators and whose target stays null (the codebook, section 7).
PROTEST_TYPES = ("Peaceful protest", "Protest with intervention")
RIOT_TYPES = ("Violent demonstration", "Mob violence")
BATTLE_TYPES = ("Armed clash", "Government regains territory", "Non-state actor overtakes territory")
#: Types whose target is the people attacked: the objects of "killed", "abducted", "shot" come first.
VICTIM_TYPES = ("Attack", "Abduction/forced disappearance", "Sexual violence", "Excessive force against protesters")

#: The two sides of a fight: "fighting between [the army] and [rebels of X]", "clashes between [herders] and [farmers]"
#: (fight and "between" words: data; the cue files add none, see prompts/questions.json's actor_words notes).
_BETWEEN = re.compile(
    rf"(?i)\b(?:{WORDS.alternation('fight_nouns')})\b[^.;]{{0,80}}?"
    rf"\b(?:{WORDS.alternation('between_words')})\s+(?:the\s+)?(.+?)\s+and\s+(?:the\s+)?(.+?)"
    r"(?=\s+(?:in|near|on|at|around|killed|left|that|which|who|over|after)\b|[,.;]|$)"
)
#: "and" between two sides of a battle named as one subject, in the languages the cue files cover.
_SIDE_JOIN = re.compile(r"\s+(?:and|y|et|e)\s+")
#: "Soldiers repelled an attack by [militants]": who attacked follows "by".
_ATTACK_BY = re.compile(r"(?i)\b(?:attacks?|assaults?|raids?|ambush(?:es)?|offensive|incursions?)\s+(?:\w+\s+)?by\s+")
#: "A patrol came under fire from [militants]": the attacker follows, the subject was attacked.
_UNDER_FIRE = re.compile(
    r"(?i)\bcame under\s+(?:heavy\s+|sustained\s+)?(?:fire|attack|assault|gunfire"
    r"|shelling)\s+(?:from|by)\s+"
)
#: Background, history and cumulative tolls (the mention finder's context pattern, ``prompts/questions.json``).
_CONTEXT = load_questions().structure.pattern("context")
#: "A convoy was ambushed by [an armed group]": the passive's agent did it.
_PASSIVE_BY = re.compile(
    r"(?i)\b(?:was|were|had been|has been|have been|being)\s+(?:\w+ly\s+)?(?:attacked|ambushed|killed|shot(?:\s+dead)?"
    r"|abducted|kidnapped|targeted|stormed|raided|shelled|bombed|overrun|torched|burned|looted|beaten|hacked"
    r"|stabbed|executed|murdered|seized|hit|struck)(?:\s+(?:\w+\s+){0,3}?to death)?\s+by\s+"
)
#: "bullets fired by [a sniper]", "a mine planted by [rebels]": who used the weapon follows "by".
_MEANS_BY = re.compile(
    r"(?i)\b(?:fired|planted|launched|thrown|hurled|lobbed|detonated|placed|dropped|laid|set off)\s+by\s+"
    r"(?:(?:the|an?)\s+)?"
)
#: A source verb right after an actor ("... by police said"): the actor is a source, not the doer.
_SOURCE_VERBS = re.compile(rf"^\s*(?:{WORDS.alternation('source_verbs')})\b", re.I)
#: A photo caption's label (data): the caption names people, it attributes nothing.
_CAPTION = re.compile(rf"^\s*(?:{WORDS.alternation('caption_labels')})\s*[:|-]", re.I)
#: "by" just before an actor: the actor did it ("killed by gunmen") ...
_BY_BEFORE = re.compile(
    rf"\b(?:by|{merged_alternation('agent_markers')})\s+(?:(?:{merged_alternation('determiners')})\s+|l['’])?$"
)  # "tués par des hommes armés", "asesinados por sicarios" (data/cues_*.json)
#: An English passive's agent with its article ("three others were taken away by the fighters"; "killed at the
#: hands of the militia"): only after an auxiliary, so "peace efforts led by the United States" names no doer.
_PASSIVE_AGENT = re.compile(
    r"(?i)(?:\b(?:was|were|been|being|is|are)\s+(?:[\w'’-]+\s+){1,3}by\s+(?:the|an?)\s+"
    r"|\bat\s+the\s+hands\s+of\s+(?:the\s+)?)$"
)
#: A verb of saying: a passive agent after one is a speaker's account ("the army said the shells had been fired by
#: the rebels"), which may be a blame (GUIDE 7), so the agent with its article is no stated perpetrator there.
_SPEECH = re.compile(rf"(?i)\b(?:{WORDS.alternation('speech_verbs')})\b")
#: ... unless the "by" follows a claim, a report or an attribution ("claimed by X", "reported by X").
_REPORTED_BY_BEFORE = re.compile(
    r"(?i)(?:claimed|carried|reported|said|statement|attributed|recovered|found|discovered|rescued|evacuated|treated"
    r"|retrieved|collected|arrested|detained|condemned|visited|confirmed|announced|identified|freed|released"
    r"|escorted|investigated|guarded)\s+by\s+$"
)
#: "armed RSO members allegedly shot dead ...": a hedge right after the subject makes it a suspect (GUIDE 7).
_HEDGE_AFTER = re.compile(r"(?i)^[\s,]+(?:allegedly|purportedly|apparently)\b")
_HEDGE_END = re.compile(r"(?i)\s(?:allegedly|purportedly|apparently)$")


def actor_options(mention: Mention, ctx: ArticleContext, event_type: str | None = None) -> dict[str, list[str]]:
    """Candidate actors per role, the heuristic's pick first (or nothing when the role has no cue).

    ``event_type`` is the heuristic's type: at protests and riots the demonstrators are the perpetrator
    and a protest has no target; for attacks on people the victims are the target (the codebook, 7-8)."""
    roles: dict[str, list[str]] = {"perpetrator": [], "claimed_by": [], "attributed_to": [], "target": [], "all": []}
    lead_subject = (
        subject_phrase(mention.lead.text, ctx)
        or verb_first_subject(  # Arabic: the verb comes first
            mention.lead.text, ctx, tuple(s.text for s in mention.sentences[1:2])
        )
    )
    sides = _BETWEEN.search(mention.lead.text)
    under_fire = _UNDER_FIRE.search(mention.lead.text)
    if sides:  # the side named first initiated, as far as the article tells (the codebook, section 7)
        lead_subject = drop_the(sides.group(1)).strip(" ,")
        roles["target"].append(drop_the(sides.group(2)).strip(" ,"))
    elif under_fire and (attacker := actor_phrase_after(mention.lead.text, under_fire.end())):
        victim = LEAD_IN.sub("", mention.lead.text[dateline_end(mention.lead.text) : under_fire.start()]).strip(" ,")
        victim = noun_phrase_after(victim, 0) or victim  # "a FACA position at Ngaoundaye, in the prefecture of X"
        lead_subject = attacker
        if victim and len(victim.split()) <= 6:
            roles["target"].append(drop_the(victim))
    elif (attack_by := _ATTACK_BY.search(mention.lead.text)) and (
        attacker := actor_phrase_after(mention.lead.text, attack_by.end())
    ):
        if lead_subject:  # "troops repelled an attack by militants on their base": the militants initiated
            roles["target"].append(lead_subject)
        lead_subject = attacker
    if event_type in BATTLE_TYPES and lead_subject and not sides and (pair := _two_sides(lead_subject, ctx)):
        lead_subject = pair[0]  # "militants and the army clashed": the side named first, the other its opponent
        roles["target"].append(pair[1])
    if lead_subject is None and (passive := _PASSIVE_BY.search(mention.lead.text)):
        lead_subject = actor_phrase_after(mention.lead.text, passive.end())  # "was ambushed by an armed group"
        if lead_subject and NOT_ACTOR_SUBJECT.search(lead_subject):
            # "was hit by two bullets fired by a sniper": the weapon is no actor; whoever fired it acted
            means = _MEANS_BY.search(mention.lead.text, passive.end())
            lead_subject = actor_phrase_after(mention.lead.text, means.end()) if means else None
    if lead_subject is None:  # "killed in a string of Taliban attacks on checkpoints": the attack's owner acted
        lead_subject = owned_fire(mention.lead.text[dateline_end(mention.lead.text) :], ctx)
    lead_window = [mention.lead, mention.headline] if mention.headline else [mention.lead]
    if event_type in PROTEST_TYPES + RIOT_TYPES:
        if crowd := crowd_phrase(mention.lead.text):  # "thousands of people marched": the subject is the crowd
            roles["perpetrator"].append(crowd)
        protesters = protester_phrase(mention)
        if protesters and not (lead_subject and PROTESTER.search(lead_subject)):
            roles["perpetrator"].append(protesters)
    hedged_after = bool(
        lead_subject
        and (at := mention.lead.text.find(lead_subject)) >= 0
        and (_HEDGE_AFTER.match(mention.lead.text[at + len(lead_subject) :]) or _HEDGE_END.search(lead_subject))
    )
    if lead_subject and (HEDGE.match(lead_subject) or hedged_after):
        roles["attributed_to"].append(lead_subject)
    elif lead_subject:
        roles["perpetrator"].append(lead_subject)
    if event_type in BATTLE_TYPES:  # "retook the town of X from Houthi fighters": the side that lost it
        for sentence in lead_window:
            roles["target"] += battle_losers(sentence.text)
    if event_type == "Excessive force against protesters":  # the codebook: the target is the demonstrators
        named = [
            m.group(0) for s in lead_window for m in PROTESTER.finditer(s.text) if EXPLICIT_PROTESTER.search(m.group(0))
        ]
        doers = {d.lower() for d in roles["perpetrator"][:1]}
        roles["target"] += [n for n in (drop_the(n.strip()) for n in named) if n.lower() not in doers]
    if event_type not in PROTEST_TYPES:
        for sentence in lead_window + mention.sentences[1:]:
            roles["target"] += object_phrases(sentence.text, victims_first=event_type in VICTIM_TYPES)
    for sentence in mention_window(mention):
        if _CAPTION.match(sentence.text):
            continue  # "PIC: Suspected members of X at their trial": a photo's caption tells of no event
        actors = actors_in(sentence, ctx)
        st = sentence.text
        roles["all"] += [a for _, _, a in actors]
        claimed = claimant(st, actors)
        if claimed:
            roles["claimed_by"].append(claimed)
        blamed = blamed_actor(st, actors)
        if blamed:
            roles["attributed_to"].append(blamed)
        for a, b, surface in actors:
            if (
                (
                    _BY_BEFORE.search(st[max(0, a - 16) : a])
                    or (_PASSIVE_AGENT.search(st[max(0, a - 60) : a]) and not _SPEECH.search(st[:a]))
                )
                and not _SOURCE_VERBS.match(st[b : b + 20])
                and not _REPORTED_BY_BEFORE.search(st[max(0, a - 30) : a])
            ):
                definite = st[max(0, a - 4) : a].lower() == "the "
                before = _antecedent(mention, sentence, a, ctx) if definite and not ctx.actors.find(surface) else None
                roles["perpetrator"].append(before or surface)  # "the fighters": the group named before, if one
    if not roles["claimed_by"] and not roles["attributed_to"]:
        # a claim or blame told apart from any event (an aside, or background beside the event in its paragraph:
        # "Washington has blamed X for a string of similar attacks"): the primary event's
        for sentence in mention.asides + (_beside(mention, ctx) if mention.primary else []):
            actors = actors_in(sentence, ctx)
            claimed = claimant(sentence.text, actors)
            blamed = blamed_actor(sentence.text, actors)
            if claimed:
                roles["claimed_by"].append(claimed)
                break
            if blamed:
                roles["attributed_to"].append(blamed)
                break
    return {role: _whole(role, values) for role, values in roles.items()}


def _antecedent(mention: Mention, sentence: Sentence, at: int, ctx: ArticleContext) -> str | None:
    """The one named group a definite description ("the fighters", "the attackers") points back to: the only group
    of the alias table named in the sentence before the mention and in the mention's words before the description
    ("A group of Taliban fighters hit ... seven were taken away by the fighters"); None for none or several."""
    earlier = [
        s.text for s in ([mention.before] if mention.before else []) + mention.sentences if s.end <= sentence.start
    ]
    found = ctx.actors.find(" ".join([*earlier, sentence.text[:at]]))
    return found[-1][2] if len({canonical for *_, canonical in found}) == 1 else None


def _two_sides(subject: str, ctx: ArticleContext) -> tuple[str, str] | None:
    """The two sides of a battle named together as its subject ("FARC dissidents and the army [clashed]") or None:
    each half must name an armed actor, and not both the state's forces ("soldiers and police" fought together)."""
    parts = _SIDE_JOIN.split(subject, maxsplit=1)
    if len(parts) != 2:
        return None
    halves = [drop_the(part.strip(" ,")) for part in parts]
    if not all(h and (is_side(h) or ctx.actors.find(h)) for h in halves):
        return None
    country = ctx.countries[0] if ctx.countries else None
    kinds = [getattr(resolve_actor(h, country, None), "kind", None) for h in halves]
    if all(kind in ("military", "police") for kind in kinds):
        return None
    return halves[0], halves[1]


def _beside(mention: Mention, ctx: ArticleContext) -> list[Sentence]:
    """The background sentences right after the mention's last one, in its paragraph: those the mention finder
    skipped as context ("Washington has blamed X for a string of similar attacks"), up to the first that is not."""
    last = mention.sentences[-1]
    context = _CONTEXT
    out = []
    for sentence in split_sentences(ctx.article.text):
        if sentence.start < last.end:
            continue
        if context is None or sentence.paragraph != last.paragraph or not context.search(sentence.text):
            break
        out.append(sentence)
    return out


def _whole(role: str, values: list[str]) -> list[str]:
    """A role's candidates as whole noun phrases, fragments trimmed or dropped (issue 17): "people and leaving 50
    others" is "people", which as a target names nobody."""
    whole = [w if w and not (role == "target" and names_nobody(w)) else None for w in map(whole_phrase, values)]
    if role != "all" and whole and whole[0] is None:
        return []  # the heuristic's pick was no phrase: the role has no pick, not the next-best guess
    return dedupe([w for w in whole if w])
