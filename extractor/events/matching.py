"""Are two reports the same event? Precomputed comparison keys, hard constraints and a score.

Every report becomes a ``ReportKey`` once (dates as day ordinals, places geocoded, actors through the alias
table, targets as coarse categories), so comparing two reports is a few integer and set operations: the
benchmark compares millions of pairs.

Hard constraints (any one fails -> never the same event):
    * the same event type (sub-event types may differ; resolution picks one);
    * date windows that touch: each report covers a window by its precision (a day is that day, a week its
      seven days, a month or a year all of it, clamped to the publication date); two windows match when
      they are at most ``DATE_TOLERANCE_DAYS`` = 1 day apart. An undated primary report covers the week
      before publication; an undated background mention (or one dated to its own publication day with no
      "today" words: a retrospective "a year after the bombing of ..." is never that day's event) covers
      the ``BACKGROUND_LOOKBACK_DAYS`` before publication, up to two days before it. No date and no publication date: no window, no
      merge;
    * compatible places: the same country, and the same GeoNames id, or coordinates within the sum of both
      reports' radii (``RADIUS_KM`` by geo_precision: 1 town 10 km, 2 near a town 25 km), or, when a report
      gives no locality (or only a region), the same admin1 (either without admin1: the country is enough);
    * no contradiction: both name a weapon and the weapons are of different families (``WEAPON_FAMILIES``);
      both name a target and the targets' categories are disjoint (a market vs an army patrol); both state a
      perpetrator as fact with a known identity (a group of the alias table, or state forces) and the
      identities differ. Claims and attributions never contradict (sources blame different actors): they
      only add to the score when they agree.

The score (about 0 to 7) ranks compatible pairs for clustering: 2 x date closeness (1 the same day, 0.5 a day
apart, less for coarser windows) + 2 x place closeness (1 the same GeoNames id, 0.4-0.8 by distance, 0.3 the
same admin1, 0.1 the country) + 0.5 the same sub-event type (-0.25 another) + 0.5 the same weapon + 0.5 an
actor in common + 0.3 a target category in common + 0.5 the same site (-0.5 sites that clearly differ) +
0.3 / 0.2 the same killed / injured figure. Pairs below ``MERGE_THRESHOLD`` are not merged directly.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..normalize.aliases import actor_aliases, normalize_actor
from ..normalize.places import fold
from ..schemas import Incident

__all__ = [
    "BACKGROUND_LOOKBACK_DAYS",
    "DATE_TOLERANCE_DAYS",
    "MERGE_THRESHOLD",
    "RADIUS_KM",
    "WEAPON_FAMILIES",
    "GeoLookup",
    "ReportKey",
    "actor_identity",
    "folded",
    "make_key",
    "normalized_actor",
    "pair_score",
    "target_categories",
]

DATE_TOLERANCE_DAYS = 1
#: Window of an undated primary report: reported events are recent.
PRIMARY_UNDATED_DAYS = 7
#: Window of an undated background mention, before its article's publication.
BACKGROUND_LOOKBACK_DAYS = 400
#: Radius of a located report by geo_precision (1 the town, 2 near a town); 3 (region) compares by admin1.
RADIUS_KM = {1: 10.0, 2: 25.0}
#: A compatible pair must score at least this to be merged (see ``pair_score``).
MERGE_THRESHOLD = 2.4
#: Weapons that reports of one attack confuse; other pairs of named weapons contradict.
WEAPON_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"rocket", "missile"}),
    frozenset({"mortar", "artillery", "rocket"}),
    frozenset({"aircraft", "drone", "missile"}),
    frozenset({"ied", "vehicle bomb", "suicide vest"}),
)
#: rapidfuzz token_set_ratio of two sites at or above which they are one site, and below which they clash.
SITE_SAME, SITE_CLASH = 85.0, 60.0
DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
_TODAY = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening)|now)\b", re.IGNORECASE)

# Coarse target categories; two reports whose targets fall in disjoint categories describe different attacks.
_TARGET_WORDS: dict[str, tuple[str, ...]] = {
    "security": (
        "soldier",
        "troop",
        "army",
        "military",
        "police",
        "policem",
        "officer",
        "checkpoint",
        "patrol",
        "convoy",
        "base",
        "barrack",
        "garrison",
        "outpost",
        "post",
        "security",
        "guard",
        "forces",
        "gendarm",
        "camp",
        "militia",
        "fighter",
        "militant",
        "position",
        "coalition",
        "personnel",
        "commander",
        "recruit",
    ),
    "civilian": (
        "civilian",
        "villager",
        "resident",
        "market",
        "worshipper",
        "mosque",
        "church",
        "school",
        "student",
        "farmer",
        "herder",
        "passenger",
        "bus",
        "wedding",
        "funeral",
        "shopper",
        "home",
        "house",
        "village",
        "hospital",
        "clinic",
        "aid worker",
        "journalist",
        "displaced",
        "family",
        "families",
        "crowd",
        "people",
        "women",
        "children",
        "pilgrim",
        "cafe",
        "restaurant",
        "hotel",
        "traders",
        "fishermen",
        "miners",
        "protester",
        "demonstrator",
    ),
    "government": (
        "official",
        "governor",
        "mayor",
        "ministry",
        "minister",
        "parliament",
        "government",
        "council",
        "prison",
        "court",
        "election",
        "polling",
        "administration",
    ),
    "diplomatic": ("embassy", "consulate", "diplomat"),
    "infrastructure": (
        "airport",
        "pipeline",
        "bridge",
        "power",
        "oil",
        "refinery",
        "port",
        "railway",
        "tower",
        "dam",
        "factory",
        "plant",
        "depot",
        "road",
        "highway",
        "truck",
        "tanker",
        "field",
        "industrial",
        "warehouse",
        "substation",
        "telecom",
    ),
}
_TARGET_RE = {
    cat: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)
    for cat, words in _TARGET_WORDS.items()
}
_STATE = re.compile(
    r"\b(?:army|armed forces|soldiers?|troops|military|police|policemen|security forces|"
    r"gendarmes?|gendarmerie|air force|government forces|national guard|navy)\b",
    re.IGNORECASE,
)

#: (geonameid, latitude, longitude, geo_precision, admin1) of a place, or None: see ``make_key``.
GeoLookup = Callable[[str | None, str | None, str | None], "tuple[int | None, float, float, int, str | None] | None"]


@dataclass(slots=True)
class ReportKey:
    """What the matcher compares of one report, computed once."""

    n: int  # position in the canonical order
    article_id: str
    incident_index: int
    primary: bool
    published: int | None  # day ordinal
    event_type: str
    sub_event_type: str
    lo: int | None  # date window (day ordinals, inclusive); None: undated
    hi: int | None
    day: int | None  # the day, for a day-precise report
    date_rank: int  # 0 day .. 4 unknown, 5 no usable date
    retrospective: bool  # a background mention dated to its own publication day: not trusted
    country: str | None
    admin1: str | None  # folded
    admin1_name: str | None  # as written, or the gazetteer's name when geocoded here
    locality: str | None  # folded
    gid: int | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    site: str | None  # folded
    weapon: str | None
    perpetrator_id: str | None  # known identity of a perpetrator stated as fact
    identities: frozenset[str]  # folded actor names over perpetrator, claimed_by, attributed_to
    battle_ids: frozenset[str]  # known identities of both sides of a battle
    target_cats: frozenset[str]
    killed: int | None
    injured: int | None

    @property
    def located(self) -> bool:
        """Has coordinates at town level (precision 1 or 2)."""
        return self.lat is not None and self.geo_precision in RADIUS_KM

    @property
    def coarse(self) -> bool:
        """Gives no town: compared by admin1, or by country alone when it has no admin1 either."""
        return not self.located and self.locality is None


def _window(inc: Incident, primary: bool, published: dt.date | None) -> tuple[int | None, int | None, int, bool]:
    """(lo, hi, date rank, retrospective) of a report's date window, clamped to publication."""
    pub = published.toordinal() if published else None
    date = inc.date
    retrospective = (
        not primary
        and date is not None
        and published is not None
        and date == published
        and not _TODAY.search(inc.date_text or "")
    )
    if date is None or retrospective:
        if pub is None:
            return None, None, 5, retrospective
        if primary:
            return pub - PRIMARY_UNDATED_DAYS, pub, 5, False
        # ends before the tolerance reaches the publication day: a recall is never the day's own event
        return pub - BACKGROUND_LOOKBACK_DAYS, pub - 1 - DATE_TOLERANCE_DAYS, 5, retrospective
    precision = inc.date_precision
    d = date.toordinal()
    if precision == "day":
        lo, hi = d, d
    elif precision == "week":
        lo, hi = d, d + 6
    elif precision == "month":
        nxt = dt.date(date.year + date.month // 12, date.month % 12 + 1, 1)
        lo, hi = date.replace(day=1).toordinal(), nxt.toordinal() - 1
    elif precision == "year":
        lo, hi = dt.date(date.year, 1, 1).toordinal(), dt.date(date.year, 12, 31).toordinal()
    else:  # a date with unknown precision: a few days either way
        lo, hi = d - 3, d + 3
    if pub is not None:
        hi = max(lo, min(hi, pub))
    return lo, hi, DATE_RANK.get(precision, 4), False


@functools.lru_cache(maxsize=1 << 16)
def target_categories(target: str | None, site: str | None = None) -> frozenset[str]:
    """Coarse categories (security, civilian, government, diplomatic, infrastructure) of a target and site."""
    joined = " ".join(t for t in (target, site) if t)
    return frozenset(cat for cat, rx in _TARGET_RE.items() if rx.search(joined)) if joined else frozenset()


#: fold() of the same place and site names, over and over: cached.
folded = functools.lru_cache(maxsize=1 << 16)(fold)


@functools.lru_cache(maxsize=1 << 16)
def normalized_actor(text: str) -> str | None:
    """normalize_actor with the packaged table, cached: articles repeat the same few actor phrases."""
    return normalize_actor(text)


_KNOWN_GROUPS: frozenset[str] | None = None


def _known_groups() -> frozenset[str]:
    global _KNOWN_GROUPS
    if _KNOWN_GROUPS is None:
        _KNOWN_GROUPS = frozenset(fold(canonical) for _, canonical in actor_aliases().entries)
    return _KNOWN_GROUPS


@functools.lru_cache(maxsize=1 << 16)
def actor_identity(text: str | None) -> tuple[str | None, str | None]:
    """(folded name after alias normalization, known identity or None): a group of the table, or "state"."""
    if not text:
        return None, None
    name = fold(normalized_actor(text) or "")
    if not name:
        return None, None
    if name in _known_groups():
        return name, name
    return name, ("state forces" if _STATE.search(text) else None)


def make_key(
    n: int, article_id: str, incident_index: int, inc: Incident, published: dt.date | None, geo: GeoLookup | None
) -> ReportKey:
    """The comparison key of one report; ``geo`` geocodes reports that carry no coordinates (None: don't)."""
    lo, hi, rank, retro = _window(inc, inc.primary, published)
    gid, lat, lon, precision = inc.geonameid, inc.latitude, inc.longitude, inc.geo_precision
    admin1 = inc.admin1
    if lat is None and geo is not None and inc.country and (inc.locality or inc.admin1):
        found = geo(inc.locality, inc.admin1, inc.country)
        if found is not None:
            gid, lat, lon, precision, admin1 = found[0], found[1], found[2], found[3], found[4] or admin1
    if lat is not None and precision is None:
        precision = 1 if inc.locality else 3
    names = {}
    for field in ("perpetrator", "claimed_by", "attributed_to"):
        names[field] = actor_identity(getattr(inc, field))
    identities = frozenset(name for name, _ in names.values() if name)
    battle_ids = frozenset(i for i in (names["perpetrator"][1], actor_identity(inc.target)[1]) if i)
    return ReportKey(
        n=n,
        article_id=article_id,
        incident_index=incident_index,
        primary=inc.primary,
        published=published.toordinal() if published else None,
        event_type=inc.event_type,
        sub_event_type=inc.sub_event_type,
        lo=lo,
        hi=hi,
        day=lo if rank == 0 else None,
        date_rank=rank,
        retrospective=retro,
        country=inc.country,
        admin1=folded(admin1) if admin1 else None,
        admin1_name=admin1,
        locality=folded(inc.locality) if inc.locality and precision != 3 else None,  # a region is no town
        gid=gid,
        lat=lat,
        lon=lon,
        geo_precision=precision,
        site=folded(inc.site) if inc.site else None,
        weapon=inc.weapon,
        perpetrator_id=names["perpetrator"][1],
        identities=identities,
        battle_ids=battle_ids,
        target_cats=target_categories(inc.target, inc.site),
        killed=inc.killed,
        injured=inc.injured,
    )


def distance_km(a: ReportKey, b: ReportKey) -> float:
    """Equirectangular distance: exact enough below a few hundred km, and cheap."""
    lat = math.radians((a.lat + b.lat) / 2)  # type: ignore[operator]
    dx = math.radians(b.lon - a.lon) * math.cos(lat)  # type: ignore[operator]
    dy = math.radians(b.lat - a.lat)  # type: ignore[operator]
    return 6371.0 * math.hypot(dx, dy)


def _date_score(a: ReportKey, b: ReportKey) -> float | None:
    if a.lo is None or b.lo is None:
        return None
    gap = max(a.lo, b.lo) - min(a.hi, b.hi)  # type: ignore[type-var,operator]  # <= 0: the windows overlap
    if gap > DATE_TOLERANCE_DAYS:
        return None
    if a.day is not None and b.day is not None:
        return 1.0 if a.day == b.day else 0.5
    return (1.0, 0.4, 0.25, 0.15, 0.15, 0.1)[max(a.date_rank, b.date_rank)]


def _place_score(a: ReportKey, b: ReportKey) -> float | None:
    if a.country is None or a.country != b.country:
        return None
    if a.located and b.located:
        if a.gid is not None and a.gid == b.gid:
            return 1.0
        reach = RADIUS_KM[a.geo_precision] + RADIUS_KM[b.geo_precision]  # type: ignore[index]
        dist = distance_km(a, b)
        return 0.4 + 0.4 * (1 - dist / reach) if dist <= reach else None
    if a.locality is not None and b.locality is not None:  # a town the gazetteer does not know
        return 0.9 if a.locality == b.locality else None
    if a.admin1 is not None and b.admin1 is not None:
        return 0.3 if a.admin1 == b.admin1 else None
    return 0.1


def _weapons_contradict(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b or "other" in (a, b):
        return False
    return not any(a in family and b in family for family in WEAPON_FAMILIES)


def contradiction(a: ReportKey, b: ReportKey) -> str | None:
    """Why two reports cannot be one attack (targets, weapons or actors disagree), or None."""
    if _weapons_contradict(a.weapon, b.weapon):
        return "weapon"
    if a.target_cats and b.target_cats and not (a.target_cats & b.target_cats):
        return "target"
    if a.event_type == "Battles":
        if a.battle_ids and b.battle_ids and not (a.battle_ids & b.battle_ids):
            return "actors"
    elif a.perpetrator_id and b.perpetrator_id and a.perpetrator_id != b.perpetrator_id:
        return "actors"
    return None


def pair_score(a: ReportKey, b: ReportKey) -> float | None:
    """How strongly two reports look like one event, or None when a hard constraint fails."""
    if a.event_type != b.event_type or a.article_id == b.article_id:
        return None  # one article's incidents are distinct events by the codebook's unit of record
    date = _date_score(a, b)
    if date is None:
        return None
    place = _place_score(a, b)
    if place is None or contradiction(a, b) is not None:
        return None
    score = 2 * date + 2 * place
    score += 0.5 if a.sub_event_type == b.sub_event_type else -0.25
    if a.weapon is not None and a.weapon == b.weapon:
        score += 0.5
    if a.identities & b.identities:
        score += 0.5
    if a.target_cats & b.target_cats:
        score += 0.3
    if a.site is not None and b.site is not None:
        same_site = a.site == b.site or fuzz.token_set_ratio(a.site, b.site)
        score += 0.5 if same_site is True or same_site >= SITE_SAME else -0.5 if same_site < SITE_CLASH else 0.0
    if a.killed is not None and a.killed == b.killed:
        score += 0.3
    if a.injured is not None and a.injured == b.injured:
        score += 0.2
    return score
