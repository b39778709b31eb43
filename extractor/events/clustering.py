"""Group reports into events: best pairs first, complete linkage on the hard constraints.

Pairs scoring at least the merge threshold are taken best first (ties by position, so the result does not
depend on input order). Two groups merge only if every report of one is compatible with every report of
the other (``matching.pair_score`` is not None), no article appears in both (an article's incidents are
distinct events by the codebook), and they do not each have their own agreed day: when at least two primary
reports of each group agree on a day and the days differ, the groups are two events a day apart, not one
event reported with a one-day slip.

Pairs involving a primary report go first; pairs of two background mentions only afterwards, so a mention
joins the reported event it recalls before it can found an event of its own with another mention.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from .matching import ReportKey, pair_score

__all__ = ["cluster"]


def _agreed_day(keys: Sequence[ReportKey], members: list[int]) -> int | None:
    days = Counter(keys[m].day for m in members if keys[m].primary and keys[m].day is not None)
    if not days:
        return None
    (day, count), *rest = days.most_common(2)
    return day if count >= 2 and (not rest or rest[0][1] < count) else None


def _mergeable(keys: Sequence[ReportKey], a: list[int], b: list[int]) -> bool:
    articles = {keys[x].article_id for x in a}
    if any(keys[y].article_id in articles for y in b):
        return False
    for x in a:
        kx = keys[x]
        for y in b:
            if pair_score(kx, keys[y]) is None:
                return False
    day_a, day_b = _agreed_day(keys, a), _agreed_day(keys, b)
    return day_a is None or day_b is None or day_a == day_b


def cluster(keys: Sequence[ReportKey], edges: Iterable[tuple[float, int, int]], threshold: float) -> list[list[int]]:
    """Groups of positions in ``keys`` (every position in exactly one), from scored pairs ``(score, i, j)``."""
    owner = list(range(len(keys)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(keys))}
    primary_edges: list[tuple[float, int, int]] = []
    background_edges: list[tuple[float, int, int]] = []
    for score, i, j in edges:
        if score >= threshold:
            (primary_edges if keys[i].primary or keys[j].primary else background_edges).append((-score, i, j))
    for phase in (primary_edges, background_edges):
        phase.sort()
        for _, i, j in phase:
            a, b = owner[i], owner[j]
            if a == b:
                continue
            # two lone reports: the pair itself was checked when it was scored
            if (len(members[a]) > 1 or len(members[b]) > 1) and not _mergeable(keys, members[a], members[b]):
                continue
            if len(members[a]) < len(members[b]):
                a, b = b, a
            for m in members[b]:
                owner[m] = a
            members[a].extend(members.pop(b))
    return [sorted(group) for group in members.values()]
