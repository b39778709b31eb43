"""Which pairs of reports are worth comparing: blocks by (country, event type, week), places by grid cell.

A report sits in every week bucket its date window touches (widened by the one-day tolerance), so an
event at a bucket's edge is compared with both sides and a month-precise mention with every week of its
month. A pair is compared once, in the first bucket both share (the later of their first buckets). Inside a
bucket, located reports are indexed by 1-degree grid cell (a pair within the largest reach, 50 km, is in
the same or a neighbouring cell), and reports without a town by admin1, so the work grows with the number
of reports that could plausibly match, not with the square of a busy country's week.

Reports with no country or no date window are never compared (see matching: they cannot be placed).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence

from .matching import DATE_TOLERANCE_DAYS, ReportKey

__all__ = ["BUCKET_DAYS", "candidate_pairs"]

BUCKET_DAYS = 7
CELL_DEGREES = 1.0


def _buckets(key: ReportKey) -> range:
    lo = (key.lo - DATE_TOLERANCE_DAYS) // BUCKET_DAYS  # type: ignore[operator]
    hi = (key.hi + DATE_TOLERANCE_DAYS) // BUCKET_DAYS  # type: ignore[operator]
    return range(lo, hi + 1)


def _cell(key: ReportKey) -> tuple[int, int]:
    return math.floor(key.lat / CELL_DEGREES), math.floor(key.lon / CELL_DEGREES)  # type: ignore[operator]


def candidate_pairs(keys: Sequence[ReportKey]) -> Iterator[tuple[int, int]]:
    """Every pair ``(i, j)``, ``i < j``, of positions in ``keys`` that could be one event, each once."""
    blocks: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    first: list[int] = [0] * len(keys)
    for i, key in enumerate(keys):
        if key.country is None or key.lo is None:
            continue
        span = _buckets(key)
        first[i] = span.start
        for bucket in span:
            blocks[key.country, key.event_type, bucket].append(i)
    for (_, _, bucket), members in sorted(blocks.items()):
        yield from _pairs_in_bucket(keys, members, bucket, first)


def _pairs_in_bucket(
    keys: Sequence[ReportKey], members: list[int], bucket: int, first: list[int]
) -> Iterator[tuple[int, int]]:
    new = [i for i in members if first[i] == bucket]
    if not new:
        return
    if len(members) <= 8:  # small buckets (most of them): indexes would cost more than they save
        for i in new:
            for j in members:
                if j != i and (first[j] != bucket or j < i):
                    yield (i, j) if i < j else (j, i)
        return
    by_cell: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_admin1: dict[str, list[int]] = defaultdict(list)  # every member with this admin1
    townless_admin1: dict[str, list[int]] = defaultdict(list)  # members without coordinates, by admin1
    nowhere: list[int] = []  # members with neither coordinates nor admin1
    townless: list[int] = []  # members without coordinates
    located_nowhere: list[int] = []  # members with coordinates but no admin1
    for j in members:
        key = keys[j]
        if key.located:
            by_cell[_cell(key)].append(j)
            if key.admin1 is None:
                located_nowhere.append(j)
        else:
            townless.append(j)
        if key.admin1 is not None:
            by_admin1[key.admin1].append(j)
            if not key.located:
                townless_admin1[key.admin1].append(j)
        elif not key.located:
            nowhere.append(j)
    for i in new:
        key = keys[i]
        if key.located:
            cx, cy = _cell(key)
            found = [j for dx in (-1, 0, 1) for dy in (-1, 0, 1) for j in by_cell.get((cx + dx, cy + dy), ())]
            found += townless_admin1.get(key.admin1, ()) if key.admin1 is not None else townless
            found += nowhere
        elif key.admin1 is not None:
            found = by_admin1[key.admin1] + nowhere + located_nowhere
        else:
            found = members
        for j in set(found):
            if j != i and (first[j] != bucket or j < i):
                yield (i, j) if i < j else (j, i)
