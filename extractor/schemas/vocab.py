"""Controlled vocabularies: ACLED's event typology, weapons, date precision.

Kept as plain data so validators, prompts, candidate schemas and exports read one source.
"""

from __future__ import annotations

from typing import Literal, get_args

#: ACLED event types mapped to their sub-event types (political violence and demonstrations).
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": (
        "Violent demonstration",
        "Mob violence",
    ),
}

#: ACLED's disorder type for each event type (used by the ACLED export).
DISORDER_TYPES: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
}

EventType = Literal[
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
]

SubEventType = Literal[
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
]

Weapon = Literal[
    "rocket",
    "mortar",
    "missile",
    "artillery",
    "ied",
    "vehicle bomb",
    "suicide vest",
    "drone",
    "aircraft",
    "firearm",
    "grenade",
    "bladed weapon",
    "other",
]

DatePrecision = Literal["day", "week", "month", "year", "unknown"]

Alignment = Literal["exact", "normalized", "fuzzy"]

WEAPONS: tuple[str, ...] = get_args(Weapon)
SUB_EVENT_TYPES: tuple[str, ...] = get_args(SubEventType)

#: The event type each sub-event type belongs to.
EVENT_TYPE_OF: dict[str, str] = {sub: event for event, subs in EVENT_TYPES.items() for sub in subs}

# The Literals are written out for type checkers and JSON schemas; this keeps them in step with the tables.
assert set(get_args(EventType)) == set(EVENT_TYPES)
assert set(SUB_EVENT_TYPES) == set(EVENT_TYPE_OF)
