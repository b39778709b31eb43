"""Events, not reports: merge the incidents of many articles into one record per real-world event.

``merge_events(extractions)`` takes ArticleExtraction records (from ``extract``, a job store, a batch
directory or JSON Lines) and returns ``Event`` records: each with a stable id, its resolved fields in the
Incident contract, the disagreements in notes, per-field agreement and every contributing report.

Steps: every incident becomes a comparison key (matching.make_key: date window, geocoded place, actors,
target categories); blocking proposes pairs within (country, event type, week) buckets and nearby grid
cells; pairs passing the hard constraints are scored; clustering merges best pairs first under complete
linkage; resolution picks each field's value (ACLED's conventions, see evals/GUIDE.md).

Stable ids: an event's id is ``"ev-"`` + the first 16 hex digits of sha256 of ``"<article_id>\\x1f<index>"``
of its anchor report: the first, by (article_id, incident_index), of its primary reports (of all its
reports for an event known only from background mentions). The inputs are put in that canonical order
before anything else, so the same inputs give the same events and ids in any order; a later run with more
articles keeps an event's id unless a new report sorts before its anchor.

Pure functions over records: no engine, no I/O (the gazetteer is read from the installed package).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections.abc import Iterable, Iterator

from ..errors import InputError
from ..schemas import ArticleExtraction, Incident
from .blocking import candidate_pairs
from .clustering import cluster
from .matching import MERGE_THRESHOLD, GeoLookup, ReportKey, make_key, pair_score
from .model import Event, EventReport, FieldAgreement, report_ref
from .resolution import resolve

__all__ = [
    "MERGE_THRESHOLD",
    "Event",
    "EventReport",
    "FieldAgreement",
    "event_id",
    "gazetteer_lookup",
    "iter_events",
    "merge_events",
    "report_ref",
]


def event_id(article_id: str, incident_index: int) -> str:
    """The id of an event anchored on this report (see the module docstring)."""
    digest = hashlib.sha256(f"{article_id}\x1f{incident_index}".encode()).hexdigest()
    return f"ev-{digest[:16]}"


def gazetteer_lookup() -> GeoLookup:
    """Geocode (locality, admin1, country) with the offline gazetteer, once per distinct triple."""
    from ..normalize.places import geocode

    cache: dict[tuple[str | None, str | None, str | None], tuple | None] = {}

    def lookup(locality: str | None, admin1: str | None, country: str | None) -> tuple | None:
        triple = (locality, admin1, country)
        if triple not in cache:
            found = geocode(locality, country=country, admin1=admin1)
            place = found.place
            cache[triple] = (
                None
                if place is None
                else (place.geonameid, place.latitude, place.longitude, found.geo_precision, place.admin1)
            )
        return cache[triple]

    return lookup


Row = tuple[str, int, Incident, "dt.date | None", "str | None"]


def _canonical_rows(extractions: Iterable[ArticleExtraction]) -> list[Row]:
    rows: list[Row] = []
    seen: set[str] = set()
    for extraction in extractions:
        if extraction.article_id in seen:
            raise InputError(
                f"article {extraction.article_id!r} appears more than once in the input; give each article once"
            )
        seen.add(extraction.article_id)
        for index, incident in enumerate(extraction.incidents):
            rows.append((extraction.article_id, index, incident, extraction.published, extraction.source))
    rows.sort(key=lambda row: (row[0], row[1]))
    return rows


def iter_events(
    extractions: Iterable[ArticleExtraction], *, geocode: bool = True, threshold: float = MERGE_THRESHOLD
) -> Iterator[Event]:
    """Like ``merge_events``, but yields the events one by one (the matching itself needs every report)."""
    rows = _canonical_rows(extractions)
    geo = gazetteer_lookup() if geocode else None
    enabled = gc.isenabled()
    gc.disable()  # millions of new keys and pairs, none cyclic: the collector would rescan them over and over
    try:
        keys = [make_key(n, aid, idx, inc, published, geo) for n, (aid, idx, inc, published, _) in enumerate(rows)]
        edges = ((score, i, j) for i, j in candidate_pairs(keys) if (score := pair_score(keys[i], keys[j])) is not None)
        groups = cluster(keys, edges, threshold)
        order = sorted(groups, key=lambda g: _order_key(rows, keys, g))
    finally:
        if enabled:
            gc.enable()
    for group in order:
        yield _event(rows, keys, group)


def merge_events(
    extractions: Iterable[ArticleExtraction], *, geocode: bool = True, threshold: float = MERGE_THRESHOLD
) -> list[Event]:
    """Merge the incidents of ``extractions`` into events, ordered by date, then country, then id.

    ``geocode``: place reports that carry no coordinates (gold labels, other tools' records) with the
    offline gazetteer, cached per (locality, admin1, country). ``threshold``: the pair score needed to
    merge (matching.pair_score). Raises InputError when an article appears twice.
    """
    return list(iter_events(extractions, geocode=geocode, threshold=threshold))


def _anchor(keys: list[ReportKey], group: list[int]) -> int:
    primaries = [n for n in group if keys[n].primary]
    return min(primaries or group)  # positions are in canonical (article_id, incident_index) order


def _order_key(rows: list[Row], keys: list[ReportKey], group: list[int]) -> tuple:
    dated = [lo for n in group if (lo := keys[n].lo) is not None and keys[n].date_rank < 5]
    anchor = _anchor(keys, group)
    return (min(dated) if dated else 10**9, rows[anchor][2].country or "~", rows[anchor][0], rows[anchor][1])


def _event(rows: list[Row], keys: list[ReportKey], group: list[int]) -> Event:
    reports = []
    for n in group:
        article_id, index, incident, published, source = rows[n]
        reports.append(
            EventReport(
                article_id=article_id,
                incident_index=index,
                source=source,
                published=published,
                primary=incident.primary,
                incident=incident,
            )
        )
    incident, agreement, background_only = resolve([(r, keys[n]) for r, n in zip(reports, group)])
    anchor = rows[_anchor(keys, group)]
    return Event(
        event_id=event_id(anchor[0], anchor[1]),
        background_only=background_only,
        incident=incident,
        agreement=agreement,
        reports=reports,
    )
