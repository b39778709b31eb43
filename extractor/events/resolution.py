"""One event's values from its reports, by ACLED's conventions (written out in evals/GUIDE.md).

* fatalities (killed, and injured alike): the lowest credible figure. A zero is not credible when a report
  published on the same day or later gives a positive figure (early wires say "no casualties" before the
  toll is known). The range and who said what go into notes;
* date and place: the most precise report (a day over a week, a town over a region); among equally precise
  reports the value most of them give; then primary reports over background mentions, then the earliest
  published. A background mention dated to its own publication day (a retrospective "a year after ...")
  never dates an event;
* actors: the best-supported value of each field after alias normalization; a claim stays a claim and an
  attribution an attribution (never promoted to perpetrator);
* other fields (sub-event type, target, weapon, site): the best-supported value, ties as for dates.

Every field that some report fills also records which reports gave the kept value and which gave another
(``agreement``); fields no report fills are left out of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from ..normalize.places import fold
from ..schemas import Incident
from ..schemas.vocab import DatePrecision
from .matching import ReportKey, folded, normalized_actor
from .model import EventReport, FieldAgreement

H = TypeVar("H", bound=Hashable)

__all__ = ["AGREEMENT_FIELDS", "resolve"]

AGREEMENT_FIELDS = (
    "sub_event_type",
    "date",
    "country",
    "admin1",
    "locality",
    "site",
    "perpetrator",
    "claimed_by",
    "attributed_to",
    "target",
    "weapon",
    "killed",
    "injured",
)


def _EMPTY() -> FieldAgreement:
    return FieldAgreement(value=None, agreed=[], disagreed=[])


BACKGROUND_ONLY_NOTE = "known only from background mentions: no article reported it as its main event"


def _rank(pair: tuple[EventReport, ReportKey]) -> tuple:
    report, _ = pair
    return (not report.primary, report.published or dt.date.max, report.article_id, report.incident_index)


def _support(
    pairs: Sequence[tuple[EventReport, ReportKey]], norm: Callable[[EventReport, ReportKey], H | None]
) -> list[tuple[H, list[tuple[EventReport, ReportKey]]]]:
    """Groups of reports by normalized value, best supported first (ties: the best-ranked report first)."""
    groups: dict[H, list[tuple[EventReport, ReportKey]]] = {}
    for pair in pairs:  # already in rank order
        value = norm(*pair)
        if value is not None:
            groups.setdefault(value, []).append(pair)
    return sorted(groups.items(), key=lambda item: -len(item[1]))  # stable: first-seen wins ties


def _refs(pairs: Sequence[tuple[EventReport, ReportKey]]) -> list[str]:
    return [r.ref for r, _ in pairs]


def _disagreement(field: str, groups: list, show: Callable[[EventReport], Any]) -> str | None:
    if len(groups) < 2:
        return None
    parts = "; ".join(f"{show(g[0][0])} ({', '.join(_refs(g))})" for _, g in groups)
    return f"{field}: reports disagree: {parts}; kept {show(groups[0][1][0][0])}"


def _actor(report: EventReport, field: str) -> str | None:
    text = getattr(report.incident, field)
    return normalized_actor(text) if text else None


def _toll(
    field: str, pairs: Sequence[tuple[EventReport, ReportKey]], notes: list[str]
) -> tuple[int | None, FieldAgreement]:
    given = [(getattr(r.incident, field), r) for r, _ in pairs if getattr(r.incident, field) is not None]
    if not given:
        return None, _EMPTY()
    credible = []
    for value, report in given:
        later_positive = [
            o for v, o in given if v > 0 and (o.published or dt.date.max) >= (report.published or dt.date.min)
        ]
        if value == 0 and later_positive:
            notes.append(
                f"{field}: 0 in {report.ref} set aside: {later_positive[0].ref}, published "
                f"{later_positive[0].published or 'undated'}, gives {getattr(later_positive[0].incident, field)}"
            )
        else:
            credible.append((value, report))
    kept = min(v for v, _ in credible)
    values = sorted({v for v, _ in given})
    if len(values) > 1:
        who = "; ".join(f"{v} ({', '.join(r.ref for x, r in given if x == v)})" for v in values)
        notes.append(
            f"{field}: reports give {values[0]} to {values[-1]}: {who}; kept the lowest credible figure, {kept}"
        )
    return kept, FieldAgreement(
        value=kept, agreed=[r.ref for v, r in given if v == kept], disagreed=[r.ref for v, r in given if v != kept]
    )


def _pick(
    field: str, pairs, norm: Callable[..., Hashable | None], show: Callable[..., Any], notes: list[str]
) -> tuple[Any, list, FieldAgreement]:
    """The best-supported value of one field: (normalized value, its group, agreement).

    ``norm`` gives the value compared; ``show`` the value written (that of the group's best-ranked report)."""
    groups = _support(pairs, norm)
    if not groups:
        return None, [], _EMPTY()
    note = _disagreement(field, groups, show)
    if note:
        notes.append(note)
    value, group = groups[0]
    agreement = FieldAgreement(
        value=show(group[0][0]), agreed=_refs(group), disagreed=[ref for _, g in groups[1:] for ref in _refs(g)]
    )
    return value, group, agreement


def _resolve_date(pairs, notes: list[str]) -> tuple[dt.date | None, str | None, DatePrecision, FieldAgreement]:
    for report, key in pairs:
        if key.retrospective:
            notes.append(
                f"date: {report.ref} is a background mention dated to its own publication day "
                f"({report.incident.date}); not used"
            )
    dated = [(r, k) for r, k in pairs if r.incident.date is not None and not k.retrospective]
    if not dated:
        text = next((r.incident.date_text for r, _ in pairs if r.incident.date_text), None)
        return None, text, "unknown", _EMPTY()
    best = min(k.date_rank for _, k in dated)
    precise = [(r, k) for r, k in dated if k.date_rank == best]
    groups = _support(precise, lambda r, k: r.incident.date)
    date, group = groups[0]
    chosen = group[0][0].incident
    ordinal = date.toordinal()
    agreed: list[str] = []
    disagreed: list[str] = []
    for report, key in dated:
        inside = (key.day == ordinal) if key.day is not None else (key.lo <= ordinal <= key.hi)
        (agreed if inside else disagreed).append(report.ref)
    if disagreed:
        parts = "; ".join(
            f"{r.incident.date} ({r.incident.date_precision}, {r.ref})" for r, _ in dated if r.ref in disagreed
        )
        notes.append(f"date: {parts} disagree; kept {date} ({chosen.date_precision}), the most precise report")
    return date, chosen.date_text, chosen.date_precision, FieldAgreement(value=date, agreed=agreed, disagreed=disagreed)


def _place_rank(key: ReportKey) -> int:
    if key.located:
        return key.geo_precision  # type: ignore[return-value]  # 1 or 2
    if key.locality is not None:
        return 3
    return 4 if key.admin1 is not None else 5


def _place_norm(report: EventReport, key: ReportKey) -> Hashable | None:
    return ("gid", key.gid) if key.gid is not None and key.located else key.locality or key.admin1 or key.country


def resolve(pairs: Sequence[tuple[EventReport, ReportKey]]) -> tuple[Incident, dict[str, FieldAgreement], bool]:
    """(resolved incident with notes, agreement per field, background_only) of one event's reports."""
    if len(pairs) == 1:
        return _single(*pairs[0])
    pairs = sorted(pairs, key=_rank)
    notes: list[str] = []
    agreement: dict[str, FieldAgreement] = {}
    background_only = not any(r.primary for r, _ in pairs)
    if background_only:
        notes.append(BACKGROUND_ONLY_NOTE)
    first = pairs[0][0].incident

    sub, _, agreement["sub_event_type"] = _pick(
        "sub_event_type", pairs, lambda r, k: r.incident.sub_event_type, lambda r: r.incident.sub_event_type, notes
    )
    date, date_text, precision, agreement["date"] = _resolve_date(pairs, notes)

    best = min(_place_rank(k) for _, k in pairs)
    place_groups = _support([p for p in pairs if _place_rank(p[1]) == best], _place_norm)
    place_report, place_key = place_groups[0][1][0] if place_groups else pairs[0]
    place = place_report.incident
    _, _, agreement["country"] = _pick(
        "country", pairs, lambda r, k: r.incident.country, lambda r: r.incident.country, notes
    )
    admin1_name = place.admin1 or place_key.admin1_name
    for field, norm in (
        ("admin1", lambda r, k: folded(r.incident.admin1) if r.incident.admin1 else None),
        ("locality", lambda r, k: folded(r.incident.locality) if r.incident.locality else None),
    ):
        groups = _support(pairs, norm)
        chosen = norm(place_report, place_key)
        if chosen is None and field == "admin1" and admin1_name:
            chosen = fold(admin1_name)
        if len(groups) > 1:
            parts = "; ".join(f"{getattr(g[0][0].incident, field)} ({', '.join(_refs(g))})" for _, g in groups)
            notes.append(f"{field}: reports disagree: {parts}; kept the most precise report's")
        agreement[field] = FieldAgreement(
            value=admin1_name if field == "admin1" else place.locality,
            agreed=[ref for v, g in groups if v == chosen for ref in _refs(g)],
            disagreed=[ref for v, g in groups if v != chosen for ref in _refs(g)],
        )

    _, _, agreement["site"] = _pick("site", pairs, lambda r, k: k.site, lambda r: r.incident.site, notes)
    site = agreement["site"]["value"]

    actors: dict[str, str | None] = {}
    for field in ("perpetrator", "claimed_by", "attributed_to"):
        _, _, agreement[field] = _pick(
            field,
            pairs,
            lambda r, k, f=field: folded(_actor(r, f) or "") or None,
            lambda r, f=field: _actor(r, f),
            notes,
        )
        actors[field] = agreement[field]["value"]
    _, _, agreement["target"] = _pick(
        "target",
        pairs,
        lambda r, k: folded(r.incident.target) if r.incident.target else None,
        lambda r: r.incident.target,
        notes,
    )
    target = agreement["target"]["value"]
    weapon, _, agreement["weapon"] = _pick(
        "weapon", pairs, lambda r, k: r.incident.weapon, lambda r: r.incident.weapon, notes
    )
    killed, agreement["killed"] = _toll("killed", pairs, notes)
    injured, agreement["injured"] = _toll("injured", pairs, notes)

    agreement = {field: a for field, a in agreement.items() if a["agreed"] or a["disagreed"]}
    incident = Incident(
        primary=not background_only,
        event_type=first.event_type,
        sub_event_type=sub,
        date=date,
        date_text=date_text,
        date_precision=precision,
        country=place.country or first.country,
        admin1=admin1_name,
        locality=place.locality,
        site=site,
        latitude=place_key.lat,
        longitude=place_key.lon,
        geonameid=place_key.gid,
        geo_precision=place_key.geo_precision,
        perpetrator=actors["perpetrator"],
        claimed_by=actors["claimed_by"],
        attributed_to=actors["attributed_to"],
        target=target,
        weapon=weapon,
        killed=killed,
        injured=injured,
        notes=notes,
    )
    return incident, agreement, background_only


def _single(report: EventReport, key: ReportKey) -> tuple[Incident, dict[str, FieldAgreement], bool]:
    """The fast path for an event of one report (most events): its own values, placed and alias-normalized."""
    inc = report.incident
    notes = [] if report.primary else [BACKGROUND_ONLY_NOTE]
    update: dict[str, Any] = {
        "primary": report.primary,
        "notes": notes,
        "evidence": {},
        "admin1": inc.admin1 or key.admin1_name,
        "latitude": key.lat,
        "longitude": key.lon,
        "geonameid": key.gid,
        "geo_precision": key.geo_precision,
        "perpetrator": _actor(report, "perpetrator"),
        "claimed_by": _actor(report, "claimed_by"),
        "attributed_to": _actor(report, "attributed_to"),
    }
    if key.retrospective:
        notes.append(
            f"date: {report.ref} is a background mention dated to its own publication day ({inc.date}); not used"
        )
        update.update(date=None, date_precision="unknown")
    resolved = inc.model_copy(update=update)
    ref = [report.ref]
    agreement = {
        field: FieldAgreement(value=value, agreed=ref, disagreed=[])
        for field in AGREEMENT_FIELDS
        if (value := getattr(resolved, field)) is not None
    }
    return resolved, agreement, not report.primary
