"""The ACLED data tables of extractor/data, read once: named actors, regime periods, regions and country names,
source scales. Each file's header comment names its source; this module only parses them.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from ..resources import data_rows

__all__ = [
    "ConflictDefault",
    "NamedActor",
    "acled_country",
    "conflict_defaults",
    "named_actors",
    "regime_period",
    "region",
    "source_scales",
]


def _rows(name: str) -> list[dict[str, str]]:
    """The rows of one packaged CSV table; ``#`` lines are comments."""
    return [{k: (v or "").strip() for k, v in row.items()} for row in data_rows(name)]


@dataclass(frozen=True)
class NamedActor:
    """One row of acled_actors.csv: a canonical group name of actors.csv as ACLED names and types it."""

    canonical: str
    kind: str  # "named" or "military" (the state-forces form of ``country``)
    acled_name: str
    inter: int
    country: str | None


@functools.cache
def named_actors() -> dict[str, NamedActor]:
    """canonical name (as in actors.csv) -> its ACLED name and type."""
    table = {}
    for row in _rows("acled_actors.csv"):
        if row["kind"] not in ("named", "military") or not 1 <= int(row["inter"]) <= 8:
            raise ValueError(f"extractor/data/acled_actors.csv: bad row {row}")
        table[row["canonical"]] = NamedActor(
            row["canonical"], row["kind"], row["acled_name"], int(row["inter"]), row["country"] or None
        )
    return table


@functools.cache
def _regimes() -> dict[str, list[tuple[dt.date, dt.date | None]]]:
    periods: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
    for row in _rows("acled_regimes.csv"):
        end = dt.date.fromisoformat(row["end"]) if row["end"] else None
        periods.setdefault(row["country"], []).append((dt.date.fromisoformat(row["start"]), end))
    return periods


@dataclass(frozen=True)
class ConflictDefault:
    """One row of acled_conflict_defaults.csv: who an unnamed side is in one country and period."""

    country: str
    start: dt.date | None
    end: dt.date | None  # exclusive
    role: str  # "remote" or "insurgents"
    words: tuple[str, ...]
    actor: str  # a canonical name of actors.csv

    def applies(self, country: str | None, date: dt.date | None) -> bool:
        """True in its country; a dated incident also falls inside the period (an undated one is taken as now)."""
        if country != self.country:
            return False
        if date is None:
            return self.end is None
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@functools.cache
def conflict_defaults() -> tuple[ConflictDefault, ...]:
    """The rows of acled_conflict_defaults.csv."""
    rows = []
    for row in _rows("acled_conflict_defaults.csv"):
        if row["role"] not in ("remote", "insurgents") or (row["role"] == "insurgents") != bool(row["words"]):
            raise ValueError(f"extractor/data/acled_conflict_defaults.csv: bad row {row}")
        rows.append(
            ConflictDefault(
                row["country"],
                dt.date.fromisoformat(row["start"]) if row["start"] else None,
                dt.date.fromisoformat(row["end"]) if row["end"] else None,
                row["role"],
                tuple(w.strip() for w in row["words"].split("|") if w.strip()),
                row["actor"],
            )
        )
    return tuple(rows)


def regime_period(country: str, date: dt.date | None) -> str | None:
    """ACLED's regime-period label for a state's forces on ``date`` ("2023-", "2015-2023"); None when unknown.

    With no date, the current (open) period is assumed.
    """
    for start, end in _regimes().get(country, ()):
        if date is None and end is None or date is not None and start <= date and (end is None or date < end):
            return f"{start.year}-{end.year if end else ''}"
    return None


@functools.cache
def _regions() -> dict[str, tuple[str, str]]:
    return {row["country"]: (row["region"], row["acled_name"]) for row in _rows("acled_regions.csv")}


def region(country: str | None) -> str | None:
    """ACLED's region of an ISO alpha-2 country, or None."""
    entry = _regions().get(country or "")
    return entry[0] if entry else None


@functools.lru_cache(maxsize=512)
def acled_country(alpha2: str | None) -> tuple[str | None, int | None, str | None]:
    """(ACLED's country name, numeric ISO 3166-1 code, alpha-3 code) of an alpha-2 code; Kosovo has no number."""
    if not alpha2:
        return None, None, None
    if alpha2 == "XK":
        return "Kosovo", None, "XKX"
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2)
    if country is None:
        return None, None, None
    override = _regions().get(alpha2, ("", ""))[1]
    name = override or getattr(country, "common_name", None) or country.name
    return name, int(country.numeric), country.alpha_3


@functools.cache
def source_scales() -> dict[str, str]:
    """folded source name or web domain -> ACLED source scale."""
    allowed = {"International", "Regional", "National", "Subnational", "Other"}
    table = {}
    for row in _rows("acled_sources.csv"):
        if row["scale"] not in allowed:
            raise ValueError(f"extractor/data/acled_sources.csv: unknown scale {row['scale']!r}")
        table[row["match"].casefold()] = row["scale"]
    return table
