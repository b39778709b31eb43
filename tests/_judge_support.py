"""Builders shared by the judge's tests: evidence found in an invented article, and an attack record whose fields
each test module sets over a common base."""

from __future__ import annotations

import datetime as dt
from typing import Any

from extractor.schemas import Evidence, Incident


def span_in(text: str, quote: str, *, after: str = "", nth: int = 0) -> Evidence:
    """Exact evidence for the ``nth`` occurrence of ``quote`` in ``text`` (0: the first), searched from ``after``."""
    start = text.index(after) - 1 if after else -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return Evidence(quote=quote, start=start, end=start + len(quote), alignment="exact")


def attack_record(values: dict[str, Any], changes: dict[str, Any]) -> Incident:
    """An attack on civilians in Nigeria, primary, dated to the day: ``values`` (the module's fields and evidence)
    over that base, then one test's ``changes``."""
    fields: dict[str, Any] = {
        "primary": True,
        "event_type": "Violence against civilians",
        "sub_event_type": "Attack",
        "date": dt.date(2031, 5, 2),
        "date_precision": "day",
        "country": "NG",
    }
    fields.update(values)
    fields.update(changes)
    return Incident(**fields)
