"""One incident (or one merged event) -> one row in ACLED's 31 columns, plus the provenance that joins it back.

Column rules (ACLED Codebook 2024; the companion file keeps what the row cannot):
* event_id_cnty: ACLED writes a country code and a number; here the ISO 3166 alpha-3 code and a number from a
  hash of the row's key (article id + the incident's own content, or the event id), so a re-run or a second
  export gives the same id whatever the row order.
* time_precision 1 day, 2 week, 3 month (a year or an unknown precision is coded 3, ACLED's coarsest);
  geo_precision the place's precision (1 town, 2 near a town or part of a region, 3 the region), 3 when only
  the region or the country is known.
* admin2/admin3: the packaged gazetteer has first-level regions only, so they stay blank.
* fatalities: the record's count; when the article gives no number ACLED codes 10 for "several"/"many"/an
  unknown number, 12 for "dozens", 100 for "hundreds", and 0 when no death is reported. The record's own value
  (null for unknown) stays in the companion file.
* source_scale: from acled_sources.csv by name or web domain, else by the documented fallback there.
* notes: one or two sentences in ACLED's style written from the coded fields, never the model's words.
* tags: "crowd size=no report" for demonstrations (the record carries no crowd size), else blank.
* inter2 is 0 when there is no actor2, and iso 0 for Kosovo (no ISO number), as ACLED writes them.
A row with no date or no country cannot be complete: :class:`Incomplete` says why, and it is not written.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..schemas import DISORDER_TYPES, Incident
from .coding import ACTOR_ROLES, ActorCoding, code_actors
from .tables import acled_country, region, source_scales

__all__ = [
    "ACLED_COLUMNS",
    "AcledRow",
    "Incomplete",
    "acled_row",
    "event_id_cnty",
    "fatalities",
    "incident_key",
    "source_scale",
]

#: ACLED's columns, in ACLED's order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
_VAGUE_DEATHS = (("hundreds", 100), ("dozens", 12), ("dozen", 12), ("scores", 20), ("tens", 10))


class Incomplete(ValueError):
    """An incident ACLED cannot take as a row (no date, no country); the message says what is missing."""


@dataclass(frozen=True)
class AcledRow:
    """One ACLED row and what joins it back to its record."""

    row: dict[str, Any]
    provenance: dict[str, Any] = field(default_factory=dict)


def event_id_cnty(alpha3: str, key: str) -> str:
    """ACLED-style id: the country code and a number hashed from ``key`` (stable across runs and exports)."""
    number = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:12], 16) % 10**8
    return f"{alpha3}{number}"


def incident_key(inc: Incident) -> str:
    """What identifies an incident inside its article, independent of its position in the list."""
    parts = (
        inc.event_type,
        inc.sub_event_type,
        inc.date,
        inc.country,
        inc.admin1,
        inc.locality,
        inc.site,
        inc.perpetrator,
        inc.claimed_by,
        inc.target,
    )
    return "|".join("" if p is None else str(p) for p in parts)


def fatalities(inc: Incident) -> int:
    """The count as ACLED codes it (see the module docstring)."""
    if inc.killed is not None:
        return inc.killed
    for note in inc.notes:
        low = note.casefold()
        if low.startswith("killed") and ("vague amount" in low or "unknown count" in low):
            return next((n for word, n in _VAGUE_DEATHS if re.search(rf"\b{word}\b", low)), 10)
    return 0


def source_scale(source: str | None, url: str | None) -> str | None:
    """ACLED's scale of a source by name or web domain; the fallback of acled_sources.csv otherwise."""
    table = source_scales()
    host = (urlsplit(url).hostname or "").casefold().removeprefix("www.") if url else ""
    for key in ((source or "").casefold().strip(), host):
        if key and key in table:
            return table[key]
    for suffix in range(1, host.count(".") + 1):  # a subdomain of a listed domain: "edition.cnn.com"
        parent = host.split(".", suffix)[-1]
        if parent in table:
            return table[parent]
    if not host:
        return "Other" if source else None
    tld = host.rsplit(".", 1)[-1]
    return "National" if len(tld) == 2 else "Other"


#: sub-event type -> (what actor1 did to actor2, what actor1 did when there is no actor2).
_VERBS: dict[str, tuple[str, str]] = {
    "Armed clash": ("clashed with", "clashed with an unidentified side"),
    "Government regains territory": ("regained territory from", "regained territory"),
    "Non-state actor overtakes territory": ("took over territory from", "took over territory"),
    "Chemical weapon": ("used chemical weapons against", "used chemical weapons"),
    "Air/drone strike": ("carried out an air or drone strike on", "carried out an air or drone strike"),
    "Suicide bomb": ("carried out a suicide bombing against", "carried out a suicide bombing"),
    "Shelling/artillery/missile attack": ("shelled", "carried out a shelling, artillery or missile attack"),
    "Remote explosive/landmine/IED": ("detonated an explosive device targeting", "detonated an explosive device"),
    "Grenade": ("threw a grenade at", "threw a grenade"),
    "Sexual violence": ("committed sexual violence against", "committed sexual violence"),
    "Attack": ("attacked", "carried out an attack"),
    "Abduction/forced disappearance": ("abducted", "abducted people"),
    "Peaceful protest": ("protested peacefully against", "held a peaceful protest"),
    "Protest with intervention": ("protested and were met by", "protested and were dispersed"),
    "Excessive force against protesters": ("used excessive force against", "used excessive force against protesters"),
    "Violent demonstration": ("rioted against", "rioted"),
    "Mob violence": ("attacked", "engaged in mob violence"),
}
_IMPLIED = {
    "Grenade": {"grenade"},
    "Suicide bomb": {"suicide vest", "vehicle bomb"},
    "Air/drone strike": {"aircraft", "drone"},
    "Remote explosive/landmine/IED": {"ied"},
    "Shelling/artillery/missile attack": {"artillery"},
}
_WEAPON_WORDS = {
    "ied": "an IED",
    "aircraft": "aircraft",
    "artillery": "artillery",
    "firearm": "firearms",
    "bladed weapon": "bladed weapons",
    "other": "",
}


def _when(inc: Incident) -> str:
    date = inc.date
    assert date is not None
    if inc.date_precision == "week":
        return f"Around {date.day} {date:%B %Y} (week of)"
    if inc.date_precision == "month":
        return f"In {date:%B %Y}"
    if inc.date_precision == "year":
        return f"In {date.year}"
    return f"On {date.day} {date:%B %Y}"


def notes_text(inc: Incident, coding: ActorCoding, location: str | None, country: str | None, deaths: int) -> str:
    """ACLED-style notes written from the coded fields: when, who did what to whom, where; then the toll."""
    with_target, alone = _VERBS.get(inc.sub_event_type, ("was involved in an event with", "was involved in an event"))
    who = coding.actor1 or "Unidentified actors"
    what = f"{who} {with_target} {coding.actor2}" if coding.actor2 else f"{who} {alone}"
    if inc.weapon and inc.weapon not in _IMPLIED.get(inc.sub_event_type, ()):
        words = _WEAPON_WORDS.get(inc.weapon, f"a {inc.weapon}")
        what += f" using {words}" if words else ""
    region_part = ", ".join(p for p in (inc.admin1 if inc.admin1 != location else None, country) if p)
    where = (f" at {inc.site}" if inc.site else "") + (f" in {location}" if location else "")
    where += f" ({region_part})" if location and region_part else f" in {region_part}" if region_part else ""
    toll = []
    if inc.killed is not None or deaths:
        toll.append(
            "No fatalities were reported"
            if deaths == 0
            else f"{deaths} fatalit{'y' if deaths == 1 else 'ies'}"
            + ("" if inc.killed is not None else " (coded: the number is not reported)")
        )
    if inc.injured:
        toll.append(f"{inc.injured} injured")
    return f"{_when(inc)}, {what}{where}." + (f" {'; '.join(toll)}." if toll else "")


def acled_row(
    inc: Incident,
    *,
    key: str,
    source: str | None,
    url: str | None,
    timestamp: int,
    provenance: dict[str, Any] | None = None,
    coding: ActorCoding | None = None,
) -> AcledRow:
    """The ACLED row of one incident; raises :class:`Incomplete` when it has no date or no country.

    ``coding`` is the incident's actor coding in its article's context (``code_incidents``); without it the
    incident is coded alone."""
    if inc.date is None:
        raise Incomplete("no event date")
    country, iso, alpha3 = acled_country(inc.country)
    if country is None or alpha3 is None:
        raise Incomplete("no country")
    coding = coding or code_actors(inc)
    location = inc.locality or inc.admin1 or country
    geo = inc.geo_precision or (2 if inc.locality else 3)
    deaths = fatalities(inc)
    demonstration = inc.event_type in ("Protests", "Riots")
    row = {
        "event_id_cnty": event_id_cnty(alpha3, key),
        "event_date": inc.date.isoformat(),
        "year": inc.date.year,
        "time_precision": _TIME_PRECISION.get(inc.date_precision, 3),
        "disorder_type": DISORDER_TYPES.get(inc.event_type),
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "actor1": coding.actor1,
        "assoc_actor_1": coding.assoc_actor_1,
        "inter1": coding.inter1,
        "actor2": coding.actor2,
        "assoc_actor_2": coding.assoc_actor_2,
        "inter2": coding.inter2 or 0,
        "interaction": coding.interaction,
        "civilian_targeting": "Civilian targeting" if coding.civilian_targeting else None,
        "iso": iso or 0,
        "region": region(inc.country),
        "country": country,
        "admin1": inc.admin1,
        "admin2": None,
        "admin3": None,
        "location": location,
        "latitude": inc.latitude,
        "longitude": inc.longitude,
        "geo_precision": geo,
        "source": source,
        "source_scale": source_scale(source, url),
        "notes": notes_text(inc, coding, inc.locality, country, deaths),
        "fatalities": deaths,
        "tags": "crowd size=no report" if demonstration else None,
        "timestamp": timestamp,
    }
    mentions = {
        role: {
            "written": getattr(inc, role),
            "evidence": inc.evidence[role].model_dump() if role in inc.evidence else None,
            "name": actor.name if actor else None,
            "inter": actor.inter if actor else None,
            "type": actor.type if actor else None,
        }
        for role in ACTOR_ROLES
        if (actor := coding.mentions.get(role)) is not None or getattr(inc, role)
    }
    extra = {
        "event_id_cnty": row["event_id_cnty"],
        **(provenance or {}),
        "killed_as_recorded": inc.killed,
        "actors": mentions,
        "evidence": {name: ev.model_dump() for name, ev in inc.evidence.items()},
    }
    return AcledRow(row, extra)
