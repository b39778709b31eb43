"""Export a job's results: JSON Lines (one ArticleExtraction per line), CSV or Parquet (one row per incident),
or ACLED's column layout so records merge with ACLED downloads. The job is anything with the job store's
reading API: a JobStore, or the parquet DIR of a Ray job (extractor.store.open_results).

The ACLED mapping fills only what the record says: event_date/year from a resolved date, time_precision from
the date precision (day 1, week 2, month 3; a year alone has no ACLED code), country name and numeric ISO
3166 code from pycountry, actor1 from the perpetrator stated as fact, actor2 from the target, notes from the
words that describe the event. Interaction codes, associated actors and anything else not in the article
stay empty rather than guessed.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from .errors import ConfigurationError
from .schemas import DISORDER_TYPES, ArticleExtraction, Incident
from .store import ResultSource

FORMATS = ("jsonl", "csv", "parquet", "acled")

INCIDENT_COLUMNS = (
    "article_id", "incident", "primary", "event_type", "sub_event_type", "date", "date_precision", "date_text",
    "country", "admin1", "locality", "site", "latitude", "longitude", "geonameid", "geo_precision",
    "perpetrator", "claimed_by", "attributed_to", "target", "weapon", "killed", "injured", "notes",
    "published", "source", "url", "model",
)

ACLED_COLUMNS = (
    "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "country", "iso", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities",
)

_TIME_PRECISION = {"day": 1, "week": 2, "month": 3}


def export(store: ResultSource, fmt: str, out: IO[str] | Path, *, primary_only: bool = False) -> int:
    """Write the store's successful results to ``out`` (a text stream, or a path for parquet); returns rows."""
    if fmt not in FORMATS:
        raise ConfigurationError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ConfigurationError("parquet is binary: give an output file with --out")
        return _write_parquet(incident_rows(store, primary_only), out)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as handle:
            return export(store, fmt, handle, primary_only=primary_only)
    if fmt == "jsonl":
        count = 0
        for _, extraction in store.results():
            if primary_only:
                extraction = extraction.model_copy(update={"incidents": [i for i in extraction.incidents if i.primary]})
            out.write(extraction.model_dump_json() + "\n")
            count += 1
        return count
    rows = incident_rows(store, primary_only) if fmt == "csv" else acled_rows(store, primary_only)
    return _write_csv(rows, INCIDENT_COLUMNS if fmt == "csv" else ACLED_COLUMNS, out)


def _incidents(store: ResultSource, primary_only: bool) -> Iterator[tuple[dict[str, Any], ArticleExtraction, int, Incident]]:
    for article, extraction in store.results():
        for n, incident in enumerate(extraction.incidents):
            if incident.primary or not primary_only:
                yield article, extraction, n, incident


def incident_rows(store: ResultSource, primary_only: bool = False) -> Iterator[dict[str, Any]]:
    """One flat row per incident: every Incident field plus the article's id, dates, source and model."""
    for article, extraction, n, inc in _incidents(store, primary_only):
        row = inc.model_dump(mode="json", exclude={"evidence", "notes"})
        row.update(article_id=extraction.article_id, incident=n, notes="; ".join(inc.notes),
                   published=extraction.published.isoformat() if extraction.published else None,
                   source=extraction.source, url=article.get("url"), model=extraction.provenance.model)
        yield row


def acled_row(inc: Incident, *, source: str | None, notes: str | None) -> dict[str, Any]:
    """One incident (or an event's resolved incident) in ACLED's columns; what the record lacks stays empty."""
    name, iso = _country(inc.country)
    return {
        "event_date": inc.date.isoformat() if inc.date else None,
        "year": inc.date.year if inc.date else None,
        "time_precision": _TIME_PRECISION.get(inc.date_precision) if inc.date else None,
        "disorder_type": DISORDER_TYPES.get(inc.event_type),
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "actor1": inc.perpetrator,  # claimed or suspected actors are not the actor: left out, not promoted
        "assoc_actor_1": None,
        "inter1": None,  # ACLED's actor category needs its actor dictionary; not guessed from a name
        "actor2": inc.target,
        "country": name,
        "iso": iso,
        "admin1": inc.admin1,
        "location": inc.locality,
        "latitude": inc.latitude,
        "longitude": inc.longitude,
        "geo_precision": inc.geo_precision,
        "source": source,
        "notes": notes,
        "fatalities": inc.killed,
    }


def acled_rows(store: ResultSource, primary_only: bool = False) -> Iterator[dict[str, Any]]:
    for _, extraction, _, inc in _incidents(store, primary_only):
        quote = inc.evidence.get("event_type")
        yield acled_row(inc, source=extraction.source, notes=quote.quote if quote is not None else None)


@lru_cache(maxsize=512)
def _country(alpha2: str | None) -> tuple[str | None, int | None]:
    """ACLED's country name and numeric ISO 3166-1 code. Kosovo (XK) has no ISO number: left empty."""
    if not alpha2:
        return None, None
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2)
    if country is None:
        return (None, None)
    name = getattr(country, "common_name", None) or country.name
    return name, int(country.numeric)


def _write_csv(rows: Iterator[dict[str, Any]], columns: tuple[str, ...], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
        count += 1
    return count


def _cell(value: Any) -> Any:
    if value is None:
        return ""  # unknown stays empty, never "None" or 0
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_parquet(rows: Iterator[dict[str, Any]], path: Path, batch_size: int = 10_000,
                   columns: tuple[str, ...] = INCIDENT_COLUMNS) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigurationError(
            "parquet export needs pyarrow: pip install 'incident-extractor[parquet]'"
        ) from None
    schema = pa.schema([
        (name, pa.bool_() if name in _BOOL_COLUMNS else
         pa.float64() if name in ("latitude", "longitude") else
         pa.int64() if name in _INT_COLUMNS else pa.string())
        for name in columns
    ])
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:  # written in batches: memory stays flat
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


_BOOL_COLUMNS = frozenset({"primary", "background_only"})
_INT_COLUMNS = frozenset({"incident", "geonameid", "geo_precision", "killed", "injured", "n_reports"})

# Shared with the events export (extractor/events_io.py).
write_csv = _write_csv
write_parquet = _write_parquet
