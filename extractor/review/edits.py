"""An analyst's edit of one incident field, normalized the way the model's answers are, then validated.

The analyst types a value or selects words in the article: "on Monday" resolves against the publication
date (an ISO date is taken as is), a country name or code becomes its ISO code, a locality is geocoded with
the offline gazetteer, counts are read from words, actors and weapons go through the alias tables. The
result must validate as an Incident; anything else is an EditError naming the field and the problem.
Evidence is the selected span, re-checked against the article text, or the typed words found in it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..grounding import Aligner
from ..normalize.aliases import normalize_actor, normalize_weapon
from ..normalize.dates import resolve_date
from ..normalize.numbers import parse_count
from ..normalize.places import country_code
from ..pipeline import locate, place_names
from ..schemas import EVENT_TYPE_OF, EVENT_TYPES, SUB_EVENT_TYPES, WEAPONS, Evidence, Incident

__all__ = [
    "EDITABLE_FIELDS",
    "EditError",
    "apply_edit",
    "checked_evidence",
    "display_value",
    "edit_value",
    "new_incident",
]

#: Fields an analyst edits; the others (event_type, date_precision, coordinates ...) follow from them.
EDITABLE_FIELDS = (
    "primary",
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
#: Fields found in the article by their words when no span is selected; derived values (dates, counts,
#: codes) are not: a "5" found anywhere in the text is no evidence for five killed.
_TEXT_FIELDS = ("admin1", "locality", "site", "perpetrator", "claimed_by", "attributed_to", "target")
_ACTORS = ("perpetrator", "claimed_by", "attributed_to")
_PLACE_DERIVED = ("latitude", "longitude", "geonameid", "geo_precision")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "yes", "y", "1", "primary", "main"}
_FALSE = {"false", "no", "n", "0", "background"}


class EditError(InputError):
    """An edit the analyst must fix: an unreadable value, a span outside the article, an invalid record."""


def checked_evidence(text: str, start: int | None, end: int | None, quote: str | None) -> Evidence | None:
    """The selected span as Evidence after checking it against the article text (None: nothing selected).

    The browser counts offsets in the rendered text; when that differs from the stored text (a carriage
    return the HTML parser dropped), the quote is looked up nearest to the given start instead.
    """
    if start is None or end is None:  # no selection (no JavaScript): the words typed as the quote, if any
        found = Aligner(text).align(quote) if quote else None
        if quote and (found is None or found.alignment == "fuzzy"):
            raise EditError(f"the quoted words {quote!r} do not occur in the article text")
        return found
    if not (0 <= start < end <= len(text)):
        raise EditError(f"the selected span {start}-{end} lies outside the article ({len(text)} characters)")
    if quote is None or text[start:end] == quote:
        return Evidence(quote=text[start:end], start=start, end=end, alignment="exact")
    positions = [m.start() for m in re.finditer(re.escape(quote), text)] if quote else []
    if not positions:
        raise EditError(f"the selected words {quote!r} do not occur in the article text")
    nearest = min(positions, key=lambda p: abs(p - start))
    return Evidence(quote=quote, start=nearest, end=nearest + len(quote), alignment="exact")


#: Fields an edit of one field sets with it (the judge's flags on them go with the edited field's).
_SET_WITH = {"date": ("date_precision",), "sub_event_type": ("event_type",)}


def apply_edit(
    incident: Incident, field: str, raw: str, evidence: Evidence | None, *, text: str, published: dt.date | None
) -> Incident:
    """``incident`` with ``field`` set from the analyst's ``raw`` words; raises EditError when they do not fit."""
    if field not in EDITABLE_FIELDS:
        raise EditError(f"{field!r} is not an editable field (editable: {', '.join(EDITABLE_FIELDS)})")
    raw = (raw or "").strip()
    if evidence is None and raw and field in _TEXT_FIELDS:
        found = Aligner(text).align(raw)
        evidence = found if found is not None and found.alignment != "fuzzy" else None
    values = incident.model_dump()
    values["evidence"] = dict(incident.evidence)
    values["notes"] = list(incident.notes)
    _SETTERS[field](values, field, raw, evidence, text, published)
    for name in list(values["evidence"]):  # a cleared value keeps no evidence
        if name not in ("primary", "event_type", "sub_event_type") and values.get(name) is None:
            del values["evidence"][name]
    # The analyst has now looked at the field: the judge's doubt about the model's value no longer applies to it.
    seen = {field, *_SET_WITH.get(field, ())}
    values["review_fields"] = [name for name in incident.review_fields if name not in seen]
    values["needs_review"] = bool(values["review_fields"])
    values["field_sources"] = {k: v for k, v in incident.field_sources.items() if k not in seen}
    values["choice_probability"] = {k: v for k, v in incident.choice_probability.items() if k not in seen}
    try:
        return Incident.model_validate(values, context={"published": published})
    except ValidationError as exc:
        raise EditError(f"{field}: " + "; ".join(_message(e) for e in exc.errors())) from None


def new_incident(
    sub_event_type: str, primary: bool, type_evidence: Evidence | None, *, published: dt.date | None
) -> Incident:
    """A missed incident added by the analyst: its type, and the words that say what happened."""
    values: dict[str, Any] = {
        "primary": primary,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "evidence": {},
        "notes": [],
    }
    _set_type(values, "sub_event_type", sub_event_type, type_evidence, "", published)
    return Incident.model_validate(values, context={"published": published})


def edit_value(incident: Incident, field: str) -> str:
    """The field's current value as the analyst would type it (the edit box's starting text)."""
    value = getattr(incident, field)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def display_value(incident: Incident, field: str) -> str:
    """The field as shown in the incident card: derived parts added (precision, coordinates, event type)."""
    value = edit_value(incident, field)
    if field == "sub_event_type":
        return f"{incident.event_type} / {incident.sub_event_type}"
    if field == "date" and incident.date is not None:
        return f"{value} ({incident.date_precision})"
    if field == "locality" and incident.latitude is not None:
        return f"{value or '—'} ({incident.latitude:.3f}, {incident.longitude:.3f}, precision {incident.geo_precision})"
    return value


# -- one setter per field ---------------------------------------------------------------------------------
def _set_primary(values: dict, field: str, raw: str, evidence: Evidence | None, text: str, published: Any) -> None:
    word = raw.lower()
    if word not in _TRUE | _FALSE:
        raise EditError(f"primary: {raw!r} is not yes or no (true/false, primary/background)")
    values["primary"] = word in _TRUE


def _set_type(values: dict, field: str, raw: str, evidence: Evidence | None, text: str, published: Any) -> None:
    by_name = {s.lower(): s for s in SUB_EVENT_TYPES}
    key = " ".join(raw.lower().split())
    sub = by_name.get(key) or by_name.get(key.split(" / ", 1)[-1])  # "Battles / Armed clash" as displayed
    if sub is None:
        events = {e.lower(): e for e in EVENT_TYPES}
        if raw.lower() in events:
            kinds = ", ".join(EVENT_TYPES[events[raw.lower()]])
            raise EditError(f"sub_event_type: choose a kind of {events[raw.lower()]}: {kinds}")
        raise EditError(f"sub_event_type: {raw!r} is not an ACLED sub-event type")
    values.update(sub_event_type=sub, event_type=EVENT_TYPE_OF[sub])
    if evidence is not None:
        for name in ("event_type", "sub_event_type", "primary"):
            values["evidence"][name] = evidence


def _set_date(
    values: dict, field: str, raw: str, evidence: Evidence | None, text: str, published: dt.date | None
) -> None:
    for name in ("date", "date_text", "date_precision"):
        values["evidence"].pop(name, None)
    if not raw:
        values.update(date=None, date_text=None, date_precision="unknown")
        return
    if _ISO_DATE.match(raw):
        try:
            date, precision = dt.date.fromisoformat(raw), "day"
        except ValueError:
            raise EditError(f"date: {raw!r} is not a calendar date") from None
    else:
        resolved = resolve_date(raw, published)
        if resolved.date is None:
            raise EditError(f"date: cannot resolve {raw!r} ({resolved.reason}); type a date as YYYY-MM-DD")
        date, precision = resolved.date, resolved.precision
    words = evidence.quote if evidence is not None else (None if _ISO_DATE.match(raw) else raw)
    values.update(date=date, date_text=words, date_precision=precision)
    if evidence is not None:
        values["evidence"]["date_text"] = evidence
        values["evidence"]["date"] = values["evidence"]["date_precision"] = _derived(evidence)


def _set_country(values: dict, field: str, raw: str, evidence: Evidence | None, text: str, published: Any) -> None:
    code = country_code(raw) if raw else None
    if raw and code is None:
        raise EditError(f"country: {raw!r} is not a known country name or ISO code")
    values["country"] = code
    _set_evidence(values, "country", evidence, derived=True)


def _set_place(values: dict, field: str, raw: str, evidence: Evidence | None, text: str, published: Any) -> None:
    """Locality or admin1: the words as given, then coordinates (and a missing admin1/country) re-derived."""
    previous = values["evidence"].get("locality")
    values[field] = raw or None
    _set_evidence(values, field, evidence, derived=False)
    for name in _PLACE_DERIVED:
        values[name] = None
        values["evidence"].pop(name, None)
    if field == "locality" and _derived_from(values["evidence"].get("admin1"), previous):
        values["admin1"] = None  # it came from the old locality: re-derive it from the new one
    locate(
        values,
        values["evidence"],
        values["notes"],
        text=text,
        place_names=place_names(text),
        site=values["site"],
        near_from_text=False,
    )


def _set_text(values: dict, field: str, raw: str, evidence: Evidence | None, text: str, published: Any) -> None:
    values[field] = (normalize_actor(raw) if field in _ACTORS else raw) or None
    _set_evidence(values, field, evidence, derived=values[field] != (evidence.quote if evidence else None))


def _set_weapon(values: dict, field: str, raw: str, evidence: Evidence | None, text: str, published: Any) -> None:
    weapon = normalize_weapon(raw) if raw else None
    if raw and weapon is None:
        raise EditError(f"weapon: {raw!r} matches no weapon of the vocabulary ({', '.join(WEAPONS)})")
    values["weapon"] = weapon
    _set_evidence(values, "weapon", evidence, derived=True)


def _set_count(values: dict, field: str, raw: str, evidence: Evidence | None, text: str, published: Any) -> None:
    if not raw:
        value = None
    elif raw.isdigit():
        value = int(raw)
    else:
        value = parse_count(raw).value
        if value is None:
            raise EditError(f"{field}: cannot read a number from {raw!r}; type a number, or nothing if not reported")
    values[field] = value
    _set_evidence(values, field, evidence, derived=True)


_SETTERS = {
    "primary": _set_primary,
    "sub_event_type": _set_type,
    "date": _set_date,
    "country": _set_country,
    "admin1": _set_place,
    "locality": _set_place,
    "site": _set_text,
    "perpetrator": _set_text,
    "claimed_by": _set_text,
    "attributed_to": _set_text,
    "target": _set_text,
    "weapon": _set_weapon,
    "killed": _set_count,
    "injured": _set_count,
}


def _set_evidence(values: dict, name: str, span: Evidence | None, *, derived: bool) -> None:
    if span is None:
        values["evidence"].pop(name, None)
    else:
        values["evidence"][name] = _derived(span) if derived else span


def _derived(span: Evidence) -> Evidence:
    return span.model_copy(update={"derived": True})


def _derived_from(evidence: Evidence | None, span: Evidence | None) -> bool:
    return (
        evidence is not None
        and evidence.derived
        and span is not None
        and (evidence.start, evidence.end) == (span.start, span.end)
    )


def _message(error: Mapping[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "__root__")
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message
