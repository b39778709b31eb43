"""Render merge scores as one self-contained HTML page showing the clusters.

Per mode (from gold, end to end) the page gives the pairwise and B-cubed figures, then every predicted
event with its reports: article, incident index, primary or background, the gold event it belongs to, the
report's type, date, place and toll, and the article's headline. A predicted event holding reports of
several gold events is marked "merged"; a gold event spread over several predicted events is listed as
"split". Jinja2 with autoescape on: article text, labels and predictions are escaped, never trusted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jinja2 import BaseLoader, Environment

from ..events import Event
from .events import GoldEvents, MergeReport
from .gold import GoldArticle

__all__ = ["render_events_html"]

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Event merging: {{ split }} split</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}
th{background:#f5f5f5}.num{text-align:right}.ok{background:#e8f5e9}.merged{background:#ffebee}
.split{background:#fff8e1}.bg{color:#555;font-style:italic}.none{color:#999}section{border-top:2px solid #888;margin-top:2em}
</style></head><body>
<h1>Event merging, {{ split }} split</h1>
{% for mode in modes %}
<section>
<h2>{{ mode.title }}</h2>
{% set s = mode.report.scores %}
<table>
<tr><th></th><th>precision</th><th>recall</th><th>F1</th></tr>
<tr><td>pairwise</td><td class="num">{{ fmt(s.pairwise_precision) }}</td><td class="num">{{ fmt(s.pairwise_recall) }}</td><td class="num">{{ fmt(s.pairwise_f1) }}</td></tr>
<tr><td>B-cubed</td><td class="num">{{ fmt(s.bcubed_precision) }}</td><td class="num">{{ fmt(s.bcubed_recall) }}</td><td class="num">{{ fmt(s.bcubed_f1) }}</td></tr>
</table>
<p>{{ s.n_items }} scored reports; {{ s.n_gold_events }} gold and {{ s.n_predicted_events }} predicted events;
pairs: {{ s.gold_pairs }} gold, {{ s.predicted_pairs }} predicted, {{ s.common_pairs }} in common.
{% if mode.report.mode == "end_to_end" %}Unmatched predicted incidents: {{ mode.report.unmatched_predicted }};
missed gold incidents: {{ mode.report.missed_gold }}; pairwise recall over all gold pairs:
{{ fmt(mode.report.pairwise_recall_all_gold) }}.{% endif %}</p>
{% if mode.split_gold %}<p class="split">Gold events split over several predicted events:
{% for gid, parts in mode.split_gold %}<b>{{ gid }}</b> ({{ descriptions.get(gid, "") }}) in {{ parts }} events{% if not loop.last %}; {% endif %}{% endfor %}</p>{% endif %}
<table>
<tr><th>predicted event</th><th>status</th><th>report</th><th>gold event</th><th>type</th><th>date</th><th>place</th><th>killed</th><th>headline</th></tr>
{% for row in mode.rows %}
<tr class="{{ row.status }}">
{% if row.first %}<td rowspan="{{ row.span }}">{{ row.event_id }}<br><small>{{ row.resolved }}</small></td><td rowspan="{{ row.span }}">{{ row.status }}</td>{% endif %}
<td class="{{ '' if row.primary else 'bg' }}">{{ row.ref }}{% if not row.primary %} (background){% endif %}</td>
<td>{{ row.gold_event or "(no gold match)" }}</td><td>{{ row.type }}</td><td>{{ row.date }}</td><td>{{ row.place }}</td>
<td class="num">{{ row.killed }}</td><td>{{ row.headline }}</td></tr>
{% endfor %}
</table>
</section>
{% endfor %}
</body></html>
"""

_ENV = Environment(loader=BaseLoader(), autoescape=True)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _headline(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")[:160]


def _mode(title: str, report: MergeReport, merged: Sequence[Event], texts: Mapping[str, str]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    where: dict[str, set[int]] = {}
    for n, (event, items) in enumerate(zip(merged, report.events, strict=True)):
        golds = {i.gold_event for i in items if i.gold_event}
        for g in golds:
            where.setdefault(g, set()).add(n)
        status = "merged" if len(golds) > 1 else "ok"
        inc = event.incident
        resolved = f"{inc.sub_event_type}, {inc.date or '?'}, {inc.locality or inc.admin1 or inc.country or '?'}"
        for k, (report_, item) in enumerate(zip(event.reports, items, strict=True)):
            r = report_.incident
            rows.append(
                {
                    "first": k == 0,
                    "span": len(items),
                    "event_id": event.event_id,
                    "resolved": resolved,
                    "status": status,
                    "ref": report_.ref,
                    "primary": report_.primary,
                    "gold_event": item.gold_event,
                    "type": r.sub_event_type,
                    "date": f"{r.date or '?'} ({r.date_precision})",
                    "place": ", ".join(x for x in (r.locality, r.admin1, r.country) if x),
                    "killed": "" if r.killed is None else r.killed,
                    "headline": _headline(texts.get(report_.article_id, "")),
                }
            )
    split_gold = sorted((g, len(ns)) for g, ns in where.items() if len(ns) > 1)
    for row in rows:
        if row["status"] == "ok" and row["gold_event"] in dict(split_gold):
            row["status"] = "split"
    return {"title": title, "report": report, "rows": rows, "split_gold": split_gold}


def render_events_html(
    split: str,
    gold: Mapping[str, tuple[GoldArticle, str]],
    events: GoldEvents,
    modes: Sequence[tuple[str, MergeReport, Sequence[Event]]],
) -> str:
    """The page for one split; ``modes`` are (title, report, merged events) in display order."""
    texts = {aid: text for aid, (_, text) in gold.items()}
    descriptions = {e.event_id: e.description for e in events.events}
    return _ENV.from_string(_TEMPLATE).render(
        split=split,
        fmt=_fmt,
        descriptions=descriptions,
        modes=[_mode(title, report, merged, texts) for title, report, merged in modes],
    )
