"""ACLED's actor columns of one incident: actor1/actor2, associated actors, inter codes, interaction and
civilian targeting, by the codebook's rules (ACLED Codebook 2024, "Actors" and "Interaction codes").

* actor1 is the side that acted: the perpetrator stated as fact, else a credible claimant (claimed_by);
  a suspect (attributed_to) is never promoted. Civilians are never actor1 (ACLED codes them only as
  victims). A violent event with no named side takes "Unidentified Armed Group (<country>)".
* Protests: actor1 is "Protesters (<country>)", a named group marching beside them its assoc_actor_1;
  excessive force: the force (default "Police Forces of <country>") acts on the protesters (actor2);
  intervention: the protesters meet the force as actor2. Riots: actor1 "Rioters (<country>)" unless
  a named group rioted.
* "Government regains territory" with no named side is the state's military (the sub-event's definition);
  state forces in a battle against no named side fought an "Unidentified Armed Group (<country>)".
* actor2 is the attacked side; violence against civilians always has "Civilians (<country>)" there.
* inter1/inter2 are the two actors' types; interaction is the two codes, lower first (17), or 10 x inter1
  when there is no actor2 (60 for a peaceful protest). civilian_targeting is true when actor2 is civilians.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..schemas import Incident
from .actors import Actor, resolve_actor, state_forces
from .tables import acled_country

__all__ = ["ACTOR_ROLES", "ActorCoding", "code_actors", "interaction_code"]

#: The incident fields that name actors, in the order the companion file lists them.
ACTOR_ROLES = ("perpetrator", "claimed_by", "attributed_to", "target")
_VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians")


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


def code_actors(inc: Incident) -> ActorCoding:
    """ACLED's actor columns for one incident (see the module docstring)."""
    country, date = inc.country, inc.date
    mentions = {role: resolve_actor(getattr(inc, role), country, date) for role in ACTOR_ROLES}
    perpetrator, claimant = mentions["perpetrator"], mentions["claimed_by"]
    if perpetrator is not None and (perpetrator.inter == 7 or perpetrator.kind == "unidentified" and claimant):
        perpetrator = None  # "gunmen" whose attack a named group claimed are that group's; civilians never act
    doer = perpetrator or (claimant if claimant and claimant.inter != 7 else None)
    target = mentions["target"]
    assoc1 = None
    sub = inc.sub_event_type
    if inc.event_type == "Protests":
        protesters = _generic("Protesters ({c})", 6, "protesters", country)
        named = next((a.name if a.kind in ("named", "as_written") else a.associate
                      for a in (mentions["perpetrator"], mentions["claimed_by"])
                      if a and (a.kind in ("named", "as_written") or a.associate)), None)
        force = doer if doer and doer.inter in (1, 3, 8) else target if target and target.inter == 1 else None
        force = force or _police(country, date)
        if sub == "Excessive force against protesters":
            actor1, actor2 = force, protesters
        else:
            actor1, actor2 = protesters, force if sub == "Protest with intervention" else None
            assoc1 = named
    elif inc.event_type == "Riots":
        actor1 = doer if doer and doer.kind in ("named", "communal", "as_written") else \
            _generic("Rioters ({c})", 5, "rioters", country)
        actor2 = target if target is not None and target.name != (actor1.name if actor1 else None) else None
        if actor2 is None and sub == "Mob violence" and inc.target:  # a mob's victim no table names: a civilian
            actor2 = _generic("Civilians ({c})", 7, "civilians", country)
    else:
        actor1 = doer
        if actor1 is None and sub == "Government regains territory":  # by definition the state's forces
            actor1 = _state(country, date)
        if actor1 is None and inc.event_type in _VIOLENT:
            actor1 = _generic("Unidentified Armed Group ({c})", 3, "unidentified", country)
        actor2 = target if target is not None and (actor1 is None or target.name != actor1.name) else None
        if actor2 is None and inc.event_type == "Battles" and actor1 is not None and actor1.inter == 1:
            actor2 = _generic("Unidentified Armed Group ({c})", 3, "unidentified", country)  # a battle has two sides
        if inc.event_type == "Violence against civilians" and (actor2 is None or actor2.inter != 7):
            civilians = _generic("Civilians ({c})", 7, "civilians", country)
            actor2 = civilians if actor2 is None or actor2.kind != "as_written" else \
                Actor(civilians.name, 7, "civilians", actor2.written, f"{actor2.name}") if civilians else None
    if actor1 is None and actor2 is not None:
        actor1, actor2 = actor2, None  # ACLED always fills actor1 first
    inter1 = actor1.inter if actor1 else None
    inter2 = actor2.inter if actor2 else None
    if assoc1 is None and actor1 is not None:
        assoc1 = actor1.associate
    return ActorCoding(
        actor1=actor1.name if actor1 else None, assoc_actor_1=assoc1, inter1=inter1,
        actor2=actor2.name if actor2 else None, assoc_actor_2=actor2.associate if actor2 else None, inter2=inter2,
        interaction=interaction_code(inter1, inter2), civilian_targeting=inter2 == 7, mentions=mentions,
    )


def _state(country: str | None, date) -> Actor | None:
    name = state_forces("military", country, date)
    return Actor(name, 1, "military", "") if name else None


def _police(country: str | None, date) -> Actor | None:
    name = state_forces("police", country, date)
    return Actor(name, 1, "police", "") if name else None
