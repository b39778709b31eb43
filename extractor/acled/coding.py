"""ACLED's actor columns of one incident: actor1/actor2, associated actors, inter codes, interaction and
civilian targeting, by the codebook's rules (ACLED Codebook 2024, "Actors" and "Interaction codes").

* actor1 is the side that acted: the perpetrator stated as fact, else a credible claimant (claimed_by), else
  the side the report attributes the event to (attributed_to: ACLED codes the actor its sources report, a
  "suspected" group included, when no other is named). Unnamed armed men ("gunmen") yield to a named claimant
  or suspect. Civilians are never actor1 (ACLED codes them only as victims): villagers or a community that
  fought or attacked (a battle or violence against civilians, no other side claimed or suspected) are
  "Unidentified Communal Militia (<country>)". An air/drone strike with no named side (no actor phrase at
  all), or any violent event by aircraft or drone, is the state's military (in ACLED's codebook only state
  forces, and foreign ones, fly them). A battle whose only named side is the non-state group attacked
  ("clashes with the rebels") is an operation of the state's forces against it; a battle with no side named
  at all is between two unidentified sides (ACLED codes actors as its sources identify them: the state is not
  guessed); any other violent event with no named side takes "Unidentified Armed Group (<country>)"; unnamed
  criminals "Unidentified Gang (<country>)".
  Where one conflict dominates (extractor/data/acled_conflict_defaults.csv, sourced there), an unnamed side is
  its known party: a strike or shelling with no side named in Ukraine is Russia's, "insurgents" in Cabo Delgado
  are Ahlu Sunnah Wa-Jama. A strike or shelling that killed people with no target named killed civilians.
* Read in its article (``code_incidents``): an unnamed armed side is the one armed group the article names in
  that country, or "Unidentified Gang (<country>)" where it names none but speaks of gangs.
* Protests: actor1 is "Protesters (<country>)", a named group marching beside them its assoc_actor_1;
  excessive force: the force (default "Police Forces of <country>", also for generic "security forces")
  acts on the protesters (actor2);
  intervention: the protesters meet the force as actor2. Riots: actor1 "Rioters (<country>)" unless
  a named group rioted (a name no table knows is assoc_actor_1 beside the rioters); protesters or supporters
  they fought are rioters too ("Rioters (<country>)"). Deaths
  at a violent demonstration where no side was attacked come from the police's response (actor2 the police).
* "Government regains territory" with no named side is the state's military (the sub-event's definition), and
  "Non-state actor overtakes territory" with none is an unnamed non-state side (its definition), never the state;
  state forces in a battle against no named side fought an "Unidentified Armed Group (<country>)", as did an
  ally that regained territory for the government (by the sub-event's definition the side it took the place from
  is never the state's own forces), and a
  non-state side against no named side fought the state's military, unless the report calls its side rivals or
  counts them ("rival gangs", "two armed groups"): then both sides are that one kind of actor.
* actor2 is the attacked side; violence against civilians always has "Civilians (<country>)" there, unless the
  attack's named target is a state's forces ("police officers"): ACLED's violence against civilians is against the
  unarmed only, so the forces attacked stay actor2 (no civilian targeting). Civilians are
  never a side of a battle (the codebook: battles are between armed, organised groups), so never its actor2.
* inter1/inter2 are the two actors' types; interaction is the two codes, lower first (17), or 10 x inter1
  when there is no actor2 (60 for a peaceful protest). civilian_targeting is true when actor2 is civilians.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..schemas import Incident
from .actors import Actor, resolve_actor, state_forces
from .tables import acled_country, conflict_defaults

__all__ = ["ACTOR_ROLES", "ActorCoding", "article_groups", "code_actors", "code_incidents", "interaction_code"]

#: The incident fields that name actors, in the order the companion file lists them.
ACTOR_ROLES = ("perpetrator", "claimed_by", "attributed_to", "target")
_VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians")
#: Actor kinds that name no particular group (a claimant or suspect of these names nobody new).
_GENERIC_KINDS = ("unidentified", "gang", "communal", "rioters", "protesters", "civilians")
#: The generic words for a state's forces that say neither army nor police.
_SECURITY_FORCES = re.compile(
    r"\b(?:security|government)\s+forces?\b|\bforces\s+de\s+(?:l'ordre|sécurité)\b|"
    r"\bfuerzas\s+de\s+seguridad\b",
    re.IGNORECASE,
)
#: Words for a community as a body (villagers, residents), which ACLED codes as a communal militia when it attacks;
#: "a man" or "armed civilians" are not a community.
_COMMUNITY = re.compile(
    r"\b(?:villagers?|residents?|inhabitants?|pobladores|comunidad|communit(?:y|ies)|"
    r"habitants|villageois|moradores)\b",
    re.IGNORECASE,
)
#: Weapons that fly: an event they carried out with no side named is the state's, as an air/drone strike is
#: ("a drone strike on a market" coded as an attack on civilians).
_FLOWN = ("aircraft", "drone")
#: A side that fought itself: "rival" groups, or a number of them ("two gangs"), in English, French, Spanish and
#: Portuguese (rival/rivaux/rivales/rivais; two/deux/dos/dois/duas opening the phrase, since Portuguese "dos" is
#: also "of the"), so a battle with no other side named is between two actors of that kind (ACLED codes "clashes
#: between rival gangs" Unidentified Gang against Unidentified Gang).
_RECIPROCAL = re.compile(r"\briva(?:l|ux|les|is)\b|^\W*(?:two|deux|dos|dois|duas)\b", re.IGNORECASE)
#: Sub-event types of violence from afar, whose unnamed side acled_conflict_defaults.csv may name ("remote").
_REMOTE = ("Air/drone strike", "Shelling/artillery/missile attack")


@dataclass(frozen=True)
class ActorCoding:
    """The actor columns of one ACLED row, and each mention as written beside what it resolved to."""

    actor1: str | None
    assoc_actor_1: str | None
    inter1: int | None
    actor2: str | None
    assoc_actor_2: str | None
    inter2: int | None
    interaction: int | None
    civilian_targeting: bool
    mentions: dict[str, Actor | None] = field(default_factory=dict)


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction: both codes, lower first (1, 7 -> 17); a lone actor x -> 10 * x; none -> None."""
    if not inter1:
        return None
    if not inter2:
        return 10 * inter1
    low, high = sorted((inter1, inter2))
    return 10 * low + high


def _generic(form: str, inter: int, kind: str, country: str | None) -> Actor | None:
    name = acled_country(country)[0]
    return Actor(form.format(c=name), inter, kind, "") if name else None


def article_groups(incidents: Sequence[Incident]) -> dict[str, Actor]:
    """country -> the one named non-state armed group (a rebel group or political militia of the ACLED tables)
    that an article's incidents name in that country; a country where they name two or more has none. Where
    they name no group but speak of gangs or criminals there, "Unidentified Gang (<country>)"."""
    found: dict[str, dict[str, Actor]] = {}
    gangs: set[str] = set()
    for inc in incidents:
        if inc.country is None:
            continue
        for role in ACTOR_ROLES:
            actor = _insurgents(resolve_actor(getattr(inc, role), inc.country, inc.date), inc.country, inc.date)
            if actor is not None and actor.kind == "named" and actor.inter in (2, 3):
                found.setdefault(inc.country, {})[actor.name] = actor
            elif actor is not None and actor.kind == "gang":
                gangs.add(inc.country)
    groups = {country: next(iter(names.values())) for country, names in found.items() if len(names) == 1}
    for country in gangs - found.keys():
        if (gang := _generic("Unidentified Gang ({c})", 3, "gang", country)) is not None:
            groups[country] = gang
    return groups


def code_incidents(incidents: Sequence[Incident]) -> list[ActorCoding]:
    """ACLED's actor columns for each incident of one article, an unnamed side read in the article's context:
    where the article names one armed group in a country, or gangs and no group (:func:`article_groups`), an
    unnamed armed side there ("gunmen", or no side named at all) is that group, as a coder reading the whole
    report would code it."""
    groups = article_groups(incidents)
    return [code_actors(inc, context=groups.get(inc.country or "")) for inc in incidents]


def code_actors(inc: Incident, *, context: Actor | None = None) -> ActorCoding:
    """ACLED's actor columns for one incident (see the module docstring); ``context`` is the armed group the
    article names (:func:`code_incidents`), which an unnamed armed side of a violent event is taken to be."""
    country, date = inc.country, inc.date
    mentions = {role: resolve_actor(getattr(inc, role), country, date) for role in ACTOR_ROLES}
    sides = {role: _insurgents(actor, country, date) for role, actor in mentions.items()}
    perpetrator, claimant, suspect = sides["perpetrator"], sides["claimed_by"], sides["attributed_to"]
    claimant = claimant if claimant and claimant.inter != 7 else None  # civilians never act
    suspect = suspect if suspect and suspect.inter != 7 else None
    if (
        perpetrator is not None
        and perpetrator.kind == "civilians"
        and _COMMUNITY.search(perpetrator.written)
        and inc.event_type in ("Battles", "Violence against civilians")
        and not (claimant or suspect)
    ):
        # villagers or a community that took up arms: ACLED's communal militia (Codebook 2024, "Identity
        # militias"), as "armed herders" are; civilians themselves never act
        perpetrator = _generic("Unidentified Communal Militia ({c})", 4, "communal", country)
    named_other = next((a for a in (claimant, suspect) if a and a.kind not in _GENERIC_KINDS), None)
    unnamed_men = perpetrator is not None and perpetrator.kind in ("unidentified", "gang")
    if perpetrator is not None and (perpetrator.inter == 7 or unnamed_men and named_other):
        perpetrator = None  # "gunmen" whose attack a named group claimed, or is blamed for, are that group's
    doer = perpetrator or claimant or suspect
    target = sides["target"]
    assoc1 = None
    sub = inc.sub_event_type
    if inc.event_type == "Protests":
        protesters = _generic("Protesters ({c})", 6, "protesters", country)
        named = next(
            (
                a.name if a.kind in ("named", "as_written") else a.associate
                for a in (mentions["perpetrator"], mentions["claimed_by"])
                if a and (a.kind in ("named", "as_written") or a.associate)
            ),
            None,
        )
        force = doer if doer and doer.inter in (1, 3, 8) else target if target and target.inter == 1 else None
        if force is not None and force.kind == "military" and _SECURITY_FORCES.search(force.written):
            force = None  # "security forces" facing a crowd: its policing, unless an army is named
        force = force or _police(country, date)
        if sub == "Excessive force against protesters":
            actor1, actor2 = force, protesters
        else:
            actor1, actor2 = protesters, force if sub == "Protest with intervention" else None
            assoc1 = named
    elif inc.event_type == "Riots":
        actor1 = (
            doer if doer and doer.kind in ("named", "communal") else _generic("Rioters ({c})", 5, "rioters", country)
        )
        if doer is not None and doer.kind == "as_written":  # a name no table knows rioted: rioters beside it
            assoc1 = doer.name
        actor2 = target if target is not None and target.name != (actor1.name if actor1 else None) else None
        if actor2 is not None and actor2.kind in ("protesters", "rioters"):  # the other side of a riot riots too
            actor2 = _generic("Rioters ({c})", 5, "rioters", country)
        if actor2 is None and sub == "Mob violence" and inc.target:  # a mob's victim no table names: a civilian
            actor2 = _generic("Civilians ({c})", 7, "civilians", country)
        if actor2 is None and sub == "Violent demonstration" and inc.killed:
            actor2 = _police(country, date)  # deaths at a riot where nobody was attacked: the police's response
    else:
        actor1 = doer
        # no side named: no phrase, or only phrases that name no actor ("the attack", "shelling"), which must not
        # beat the sub-event type's default
        unnamed = not (mentions["perpetrator"] or mentions["claimed_by"] or mentions["attributed_to"])
        if actor1 is None and sub in _REMOTE:  # "shelling" alone, or nothing: the side the conflict names, if any
            actor1 = _conflict_side("remote", None, country, date)
        flown = sub == "Air/drone strike" or (inc.event_type in _VIOLENT and inc.weapon in _FLOWN)
        if sub == "Air/drone strike" and actor1 is not None and actor1.kind == "unidentified":
            actor1 = None  # "armed groups" said to strike from the air: only states fly, so the state's (below)
            unnamed = True
        if actor1 is None and (sub == "Government regains territory" or unnamed and flown):
            actor1 = _state(country, date)  # the state's forces
        if (
            actor1 is None
            and unnamed
            and inc.event_type == "Battles"
            and context is not None
            and context.kind == "named"
            and (target is None or target.name != context.name)
        ):
            # a battle with no side named in a report about one armed group: that group fought the state's forces
            # (a coder reading the whole report codes the group the article is about as the side that attacked)
            actor1 = context
            if target is None:
                target = _state(country, date)
        if (
            actor1 is None
            and unnamed
            and inc.event_type == "Battles"
            and sub != "Non-state actor overtakes territory"  # by its definition a non-state side acted
            and target is not None
            and target.inter in (2, 3, 4)
        ):
            # only the side attacked is named, a non-state armed group ("clashes with the rebels"): the report tells
            # an operation against it, which a battle's other side, the state's forces, carried out
            actor1 = _state(country, date)
        if actor1 is None and inc.event_type in _VIOLENT:
            actor1 = _generic("Unidentified Armed Group ({c})", 3, "unidentified", country)
        actor2 = target if target is not None and (actor1 is None or target.name != actor1.name) else None
        if actor2 is not None and actor2.inter == 7 and inc.event_type == "Battles":
            actor2 = None  # a battle is fought between armed, organised sides: civilians are never one (codebook)
        if actor2 is None and sub in _REMOTE and not inc.target and inc.killed:
            actor2 = _generic("Civilians ({c})", 7, "civilians", country)  # the dead of a strike no one aimed at a side
        if (
            actor2 is None
            and inc.event_type == "Battles"
            and actor1 is not None
            and actor1.kind in ("unidentified", "gang", "communal")
            and inc.perpetrator
            and _RECIPROCAL.search(inc.perpetrator)
        ):
            actor2 = actor1  # "rival gangs clashed", "two armed groups": both sides are the one kind of actor
        if (
            actor2 is None
            and inc.event_type == "Battles"
            and actor1 is not None
            and (actor1.inter == 1 or sub == "Government regains territory")
        ):  # a battle has two sides; territory regained for the government was not taken from the state
            actor2 = _generic("Unidentified Armed Group ({c})", 3, "unidentified", country)
        elif actor2 is None and inc.event_type == "Battles" and actor1 is not None and unnamed and not inc.target:
            actor2 = actor1  # no side named at all: both sides are unidentified, neither is guessed to be the state
        elif actor2 is None and inc.event_type == "Battles" and actor1 is not None:
            actor2 = _state(country, date)  # a non-state side fought no named side: the state's forces
        armed_target = actor2 is not None and actor2.kind in ("military", "police") and sub == "Attack"
        if (
            inc.event_type == "Violence against civilians"
            and (actor2 is None or actor2.inter != 7)
            and not armed_target
        ):
            civilians = _generic("Civilians ({c})", 7, "civilians", country)
            actor2 = (
                civilians
                if actor2 is None or actor2.kind != "as_written"
                else Actor(civilians.name, 7, "civilians", actor2.written, f"{actor2.name}")
                if civilians
                else None
            )
        if (
            context is not None
            and actor1 is not None
            and actor1.kind == "unidentified"
            and (actor2 is None or actor2.name != context.name)
        ):
            actor1 = context
        elif (
            context is not None
            and actor2 is not None
            and actor2.kind == "unidentified"
            and actor1 is not None
            and actor1.name != context.name
        ):
            actor2 = context
    if actor1 is None and actor2 is not None:
        actor1, actor2 = actor2, None  # ACLED always fills actor1 first
    inter1 = actor1.inter if actor1 else None
    inter2 = actor2.inter if actor2 else None
    if assoc1 is None and actor1 is not None:
        assoc1 = actor1.associate
    return ActorCoding(
        actor1=actor1.name if actor1 else None,
        assoc_actor_1=assoc1,
        inter1=inter1,
        actor2=actor2.name if actor2 else None,
        assoc_actor_2=actor2.associate if actor2 else None,
        inter2=inter2,
        interaction=interaction_code(inter1, inter2),
        civilian_targeting=inter2 == 7,
        mentions=mentions,
    )


def _conflict_side(role: str, written: str | None, country: str | None, date) -> Actor | None:
    """The actor acled_conflict_defaults.csv names for an unnamed side in this country and period, or None."""
    for row in conflict_defaults():
        if row.role != role or not row.applies(country, date):
            continue
        if written is not None and not _says_any(written, row.words):
            continue
        return resolve_actor(row.actor, country, date)
    return None


def _says_any(text: str, words: tuple[str, ...]) -> bool:
    """True when ``text`` says one of ``words`` (English class words) or its French, Spanish or Portuguese form."""
    pattern = "|".join(_cognates(_fold(w)) for w in sorted(words, key=len, reverse=True))
    return re.search(rf"\b(?:{pattern})(?:s|es)?\b", _fold(text), re.IGNORECASE) is not None


def _fold(text: str) -> str:
    """``text`` without accents ("insurgés" -> "insurges"), so a word matches however a language accents it."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


#: English endings of Latin-derived class words -> the forms French, Spanish and Portuguese give them ("jihadist":
#: "djihadiste", "yihadista"; "insurgent": "insurgente", "insurgé"; "rebel": "rebelde", "rebelle"), and the noun of
#: the movement ("insurgency", "insurgência": "rebels of the insurgency" are its fighters); the regular
#: correspondences of Romance morphology, so the table's words need no list of translations.
_ROMANCE_ENDINGS = (
    ("ist", "ist[ea]?"),
    ("ent", "(?:ente?|e|enc(?:y|ia))"),
    ("ant", "(?:ante?|anc(?:y|ia))"),
    ("el", "el(?:le|de)?"),
)


def _cognates(word: str) -> str:
    """A regex for an English class word and its Romance forms; an initial "j" (Arabic jim) may be written "dj"
    (French) or "y" (Spanish)."""
    body = re.escape(word)
    for ending, forms in _ROMANCE_ENDINGS:
        if word.endswith(ending) and " " not in word:
            body = re.escape(word[: -len(ending)]) + forms
            break
    return "(?:d?j|y)" + body[1:] if word.startswith("j") else body


def _insurgents(actor: Actor | None, country: str | None, date) -> Actor | None:
    """An unnamed side the report calls insurgents or militants, as the conflict's known group where the conflict
    defaults name one ("insurgents" in Cabo Delgado are Ahlu Sunnah Wa-Jama); any other actor unchanged."""
    if actor is None or actor.kind != "unidentified" or not actor.written:
        return actor
    return _conflict_side("insurgents", actor.written, country, date) or actor


def _state(country: str | None, date) -> Actor | None:
    name = state_forces("military", country, date)
    return Actor(name, 1, "military", "") if name else None


def _police(country: str | None, date) -> Actor | None:
    name = state_forces("police", country, date)
    return Actor(name, 1, "police", "") if name else None
