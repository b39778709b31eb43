"""From the model's draft to typed incidents: ground every value, then normalize it in code.

``build_incidents`` is a pure function of the draft and the article, so tests call it alone. It also runs
inside validation (``ValidatedDraft``), so an impossible record raises a message that instructor sends
back to the model as a re-ask, and the incidents built then are kept instead of being built twice.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import PrivateAttr, model_validator

from .article import Article
from .config import UngroundedPolicy
from .grounding import Aligner
from .ingest import detect_language
from .normalize.aliases import AliasTable, actor_aliases, normalize_actor, normalize_weapon, weapon_aliases
from .normalize.dates import resolve_date, sentence_anchor
from .normalize.numbers import SIDES_JOINER, parse_count
from .normalize.places import (
    GeocodeResult,
    article_countries,
    country_code,
    find_places,
    geocode,
    headline_region,
    region_after,
    region_core,
    side_role,
    town_name,
)
from .schemas import JUDGE_FIELDS, Evidence, ExtractionDraft, Incident, IncidentDraft

_ACTOR_FIELDS = ("perpetrator", "claimed_by", "attributed_to")
_PLAIN_FIELDS = ("site", "target")
_NEAR_WORDS = ("near", "outskirts", "vicinity", "west of", "east of", "north of", "south of", "outside")


@dataclass(frozen=True)
class FieldChoice:
    """How a decomposed question's value was chosen: whether the engine's score overrode the heuristic's pick
    (the judge step, extractor.judge, marks such a value's source "model")."""

    by_model: bool = False
    #: The chosen option's share of the option scores (softmax over the model's log-likelihoods plus the prior, or
    #: over the heuristic's prior alone): low when the options were close.
    probability: float = 1.0


@dataclass
class ArticleContext:
    """An article plus what normalizing it needs, computed once per article."""

    article: Article
    ungrounded: UngroundedPolicy = "drop"
    weapons: AliasTable = field(default_factory=weapon_aliases)
    actors: AliasTable = field(default_factory=actor_aliases)
    #: Re-asks the engine allows; plausibility checks stop re-asking once they are spent.
    reasks_allowed: int = 0
    validations: int = 0
    #: (question field, chosen value as written) -> what the decomposed engine chose it among (judge's signal).
    choices: dict[tuple[str, str], FieldChoice] = field(default_factory=dict)

    def implausible(self, message: str, notes: list[str]) -> None:
        """A record that is possible but suspect: re-ask while re-asks remain, then keep it with a note.

        Failing the whole article after the last re-ask would throw away every other incident in it.
        """
        if self.validations <= self.reasks_allowed:
            raise ValueError(message)
        notes.append(f"kept after {self.reasks_allowed} re-ask(s): {message}")

    @cached_property
    def aligner(self) -> Aligner:
        return Aligner(self.article.text)

    @cached_property
    def place_names(self) -> tuple[str, ...]:
        return place_names(self.article.text)

    @cached_property
    def countries(self) -> tuple[str, ...]:
        """The countries the article is about, most likely first (``normalize.places.article_countries``)."""
        return article_countries(self.article.text, self.place_names)

    @cached_property
    def language(self) -> str | None:
        """The article's language (ingest's detector), None when the text is too short to tell."""
        return detect_language(self.article.text)

    @cached_property
    def english(self) -> bool:
        """Whether the article reads as English (a text too short to tell counts as English): places keep the
        article's spelling in English, elsewhere only by places.town_name's rules."""
        return self.language in (None, "en")


def place_names(text: str) -> tuple[str, ...]:
    """The gazetteer places a text names, each once, in order: the context that geocoding disambiguates with.
    A demonym only ever used for a border ("near the Venezuelan border"; places.side_role) is none: it names the
    neighbour, and would pull the article's towns into that country."""
    found = find_places(text)
    sides = {surface for start, end, surface in found if side_role(text, start, end) == "border"}
    sides -= {surface for start, end, surface in found if surface in sides and side_role(text, start, end) != "border"}
    return tuple(dict.fromkeys(surface for _, _, surface in found if surface not in sides))


def build_incidents(draft: ExtractionDraft, context: ArticleContext) -> list[Incident]:
    """Typed, grounded incidents for one article; raises ValueError on an impossible record.

    One article never yields the same incident twice: a record equal field for field to an earlier one
    (a weak model repeating itself) is dropped, and the kept one says so in its notes.
    """
    context.validations += 1
    built: list[Incident] = []
    anchor: Incident | None = None  # "hours later" is dated by the incident told before it
    for i, d in enumerate(draft.incidents):
        built.append(_build_one(i, d, context, anchor))
        anchor = built[-1] if built[-1].date is not None else anchor
    incidents, _ = drop_repeats(built)
    return incidents


_IGNORED_IN_REPEATS = frozenset({"notes", "evidence", *JUDGE_FIELDS})


def drop_repeats(incidents: list[Incident]) -> tuple[list[Incident], int]:
    """The incidents without field-for-field repeats (notes and evidence aside), and how many were dropped."""
    kept: list[Incident] = []
    keys: list[dict[str, Any]] = []
    repeats: list[int] = []
    for incident in incidents:
        key = incident.model_dump(exclude=set(_IGNORED_IN_REPEATS))
        if key in keys:
            repeats[keys.index(key)] += 1
            continue
        kept.append(incident)
        keys.append(key)
        repeats.append(0)
    for n, count in enumerate(repeats):
        if count:
            kept[n] = kept[n].model_copy(
                update={"notes": [*kept[n].notes, f"repeated {count} more time(s) in the answer; kept once"]}
            )
    return kept, sum(repeats)


def _build_one(index: int, draft: IncidentDraft, ctx: ArticleContext, anchor: Incident | None = None) -> Incident:
    article = ctx.article
    notes: list[str] = []
    evidence: dict[str, Evidence] = {}
    surface: dict[str, str | None] = {}
    for name in (
        "type_quote",
        "date_text",
        "country",
        "admin1",
        "locality",
        *_PLAIN_FIELDS,
        *_ACTOR_FIELDS,
        "weapon",
        "killed",
        "injured",
    ):
        value = getattr(draft, name)
        found = _align_count(value, ctx.aligner) if name in ("killed", "injured") else ctx.aligner.align(value)
        if value is not None and found is None:
            if ctx.ungrounded == "reask":
                ctx.implausible(
                    f"incident {index}: {name} {value!r} does not occur in the article; "
                    "copy the article's exact words or use null",
                    notes,
                )
            if ctx.ungrounded in ("drop", "reask"):
                notes.append(f"dropped ungrounded {name}: {value!r}")
                value = None
            else:
                notes.append(f"ungrounded {name}: {value!r}")
        if found is not None:
            evidence[name] = found
        surface[name] = value.strip() if isinstance(value, str) else None

    values: dict[str, Any] = {
        "primary": draft.primary,
        "event_type": draft.event_type,
        "sub_event_type": draft.sub_event_type,
    }
    type_span = evidence.pop("type_quote", None) or _type_fallback(evidence)
    if type_span is None:
        ctx.implausible(f"incident {index}: type_quote is missing; copy the words that say what happened", notes)
    else:
        evidence["event_type"] = evidence["sub_event_type"] = evidence["primary"] = type_span

    said = evidence.get("date_text")  # "killed a day earlier, officials said on Saturday": that day is the anchor
    own = sentence_anchor(article.text, said.start, said.end, article.published) if said is not None else None
    if own is not None:  # sentence_anchor returns only resolved days
        date = resolve_date(surface["date_text"], article.published, own.date, own.precision)
    elif anchor is not None:
        date = resolve_date(surface["date_text"], article.published, anchor.date, anchor.date_precision)
    else:
        date = resolve_date(surface["date_text"], article.published)
    values.update(date=date.date, date_text=surface["date_text"], date_precision=date.precision)
    if surface["date_text"] and date.date is None and date.reason:
        notes.append(f"date unresolved: {date.reason}")
    if date.date is not None and "date_text" in evidence:
        evidence["date"] = evidence["date_precision"] = _derived(evidence["date_text"])

    _place(surface, evidence, values, notes, ctx)

    for name in _ACTOR_FIELDS:
        values[name] = normalize_actor(surface[name], ctx.actors)
    for name in _PLAIN_FIELDS:
        values[name] = surface[name]
    values["weapon"] = normalize_weapon(surface["weapon"], ctx.weapons)
    if surface["weapon"] and values["weapon"] is None:
        evidence.pop("weapon", None)
        notes.append(f"weapon {surface['weapon']!r} matches no weapon in the vocabulary")
    elif "weapon" in evidence:
        evidence["weapon"] = _derived(evidence["weapon"])
    for name in ("killed", "injured"):
        count = parse_count(surface[name])
        values[name] = count.value
        if count.note:
            notes.append(f"{name}: {count.note}")
        if count.value is None:
            evidence.pop(name, None)
        elif name in evidence:
            evidence[name] = _derived(evidence[name])

    for name in list(evidence):
        if name not in ("primary", "event_type", "sub_event_type") and values.get(name) is None:
            del evidence[name]
    if draft.primary and not (values["date_text"] or values["country"] or values["locality"] or values["admin1"]):
        ctx.implausible(
            f"incident {index} is the article's main event but has neither a date nor a place; "
            "copy the date words and the place name from the article",
            notes,
        )
    values.update(notes=notes, evidence=evidence)
    return Incident.model_validate(values, context={"published": article.published})


def _align_count(value: str | None, aligner: Aligner) -> Evidence | None:
    """A count's quote; the tolls of a battle's sides told apart ("three soldiers + three of the attackers") are
    grounded when every part is, and the first part is the evidence."""
    if value is None or SIDES_JOINER not in value:
        return aligner.align(value)
    found = [aligner.align(part) for part in value.split(SIDES_JOINER)]
    return found[0] if all(found) else None


def _place(
    surface: dict[str, str | None],
    evidence: dict[str, Evidence],
    values: dict[str, Any],
    notes: list[str],
    ctx: ArticleContext,
) -> None:
    """Country to ISO code; locality to admin1, coordinates and geonameid from the offline gazetteer."""
    country = country_code(surface["country"], ctx.place_names)
    if surface["country"] and country is None:
        notes.append(f"country {surface['country']!r} is not a known country name")
        evidence.pop("country", None)
    elif country and "country" in evidence:
        evidence["country"] = _derived(evidence["country"])
    values.update(country=country, admin1=surface["admin1"], locality=surface["locality"])
    locate(
        values,
        evidence,
        notes,
        text=ctx.article.text,
        place_names=ctx.place_names,
        site=surface["site"],
        english=ctx.english,
        language=ctx.language,
        home=ctx.countries,
    )


def locate(
    values: dict[str, Any],
    evidence: dict[str, Evidence],
    notes: list[str],
    *,
    text: str,
    place_names: tuple[str, ...],
    site: str | None,
    near_from_text: bool = True,
    english: bool = True,
    home: Sequence[str] = (),
    language: str | None = None,
) -> None:
    """Geocode ``values``' locality / admin1 (within its country) and apply the place: coordinates, geonameid,
    precision, a missing country or admin1, the town's gazetteer name, each with evidence derived from the
    place's span. Extraction and a reviewer's edit of a place (extractor.review.edits) both go through it.
    The place is "near" (a lower precision) when a site is named or, with ``near_from_text``, when the article
    says "near" before the place's span (a place a reviewer typed is taken as given). A town is named as analysts
    name it (places.town_name: the article's spelling in an English article, in another ``language`` by that
    function's rules, else the English form); an admin1 the
    article names is kept as written in English and put in its English (ACLED) name otherwise.
    Without a country, a name that several towns share is looked up in the countries the article is about (``home``,
    places.article_countries); a place the gazetteer lacks then takes the first of them, and the region of the
    place that the words after its name put it in ("Ukhiya, Cox's Bazar": places.region_after)."""
    if not values.get("locality") and not values.get("admin1"):
        return
    span = evidence.get("locality") or evidence.get("admin1")
    near = near_from_text and span is not None and _mentions_near(text, span.start)

    def look_up(country: str | None) -> GeocodeResult:
        return geocode(
            values.get("locality"),
            country=country,
            admin1=values.get("admin1"),
            context=place_names,
            near=near or bool(site),
            variants=True,
        )

    result = look_up(values.get("country"))
    if values.get("country") is None and home and result.place is None:
        # a name several towns share is the one in the countries the article is about
        result = next((r for r in map(look_up, home) if r.place is not None), result)
    place = result.place
    if place is None:
        if result.reason:
            notes.append(f"place unresolved: {result.reason}")
        if values.get("country") is None and home:
            values["country"] = home[0]
            if span is not None:
                evidence["country"] = _derived(span)
        if values.get("country") and values.get("admin1") is None and span is not None:
            values["admin1"] = region_after(text, span.quote, place_names, values["country"]) or headline_region(
                text, place_names, values["country"]
            )
            if values["admin1"] is not None:
                evidence["admin1"] = _derived(span)
        return
    values.update(
        latitude=place.latitude,
        longitude=place.longitude,
        geonameid=place.geonameid,
        geo_precision=result.geo_precision,
    )
    if span is not None:
        for name in ("latitude", "longitude", "geonameid", "geo_precision"):
            evidence[name] = _derived(span)
    if values.get("country") is None:
        values["country"] = place.country
        if span is not None:
            evidence["country"] = _derived(span)
    if values.get("locality") and place.feature == "city":
        values["locality"] = town_name(place, _written_town(values["locality"]), english=english, language=language)
    written = values.get("admin1")
    region = geocode(None, admin1=written, country=place.country).place if written and place.admin1 else None
    if written and place.admin1 and region is None:
        # "province du Soum", "Kompienga province": a province below the first level; the town's region is admin1
        values["admin1"] = place.admin1
    elif written and region is not None and (not english or written.isupper()):
        # "Nord-Kivu" or "région de Ménaka" in a French article is North Kivu, Menaka; "FCT" is written out
        if region.admin1 == place.admin1:
            values["admin1"] = place.admin1
    elif written and place.admin1 and region_core(written) != written.strip():
        values["admin1"] = region_core(written)  # "Hiraan region", "the province of Herat": the name, as written
    if values.get("admin1") is None and place.admin1:
        values["admin1"] = place.admin1
        if span is not None:
            evidence["admin1"] = _derived(span)


def _written_town(locality: str) -> str:
    """The town's own words in a locality value ("near Beni" -> "Beni", "Maiduguri, Borno" -> "Maiduguri")."""
    town = locality.split(",")[0].strip()
    m = re.search(r"\b(?:near|outside|of|from|around)\s+([A-Z].*)$", town)
    return m.group(1) if m else town


def _type_fallback(evidence: dict[str, Evidence]) -> Evidence | None:
    """Without a type quote, the weapon or casualty words still show what kind of event it was."""
    for name in ("weapon", "killed", "injured", "target"):
        if name in evidence:
            return _derived(evidence[name])
    return None


def _mentions_near(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].lower()
    return any(word in before for word in _NEAR_WORDS)


def _derived(span: Evidence) -> Evidence:
    # model_construct: the span was validated when it was aligned; this runs for every field of every record.
    return Evidence.model_construct(
        quote=span.quote, start=span.start, end=span.end, alignment=span.alignment, derived=True
    )


_context: contextvars.ContextVar[ArticleContext] = contextvars.ContextVar("extractor_article_context")


class ValidatedDraft(ExtractionDraft):
    """The draft as instructor validates it: building the incidents is part of validation."""

    _incidents: list[Incident] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _build(self) -> ValidatedDraft:
        ctx = _context.get(None)
        if ctx is not None:
            self._incidents = build_incidents(self, ctx)
        return self

    @property
    def incidents_built(self) -> list[Incident]:
        return self._incidents


@contextmanager
def validating(ctx: ArticleContext) -> Iterator[None]:
    """Within this block ValidatedDraft validates against ``ctx`` (per thread and per asyncio task)."""
    token = _context.set(ctx)
    try:
        yield
    finally:
        _context.reset(token)
