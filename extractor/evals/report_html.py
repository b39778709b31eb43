"""Render a ScoreReport as one self-contained HTML file for reading errors by eye.

Everything is inline (CSS, an SVG bar chart of per-field accuracy with CI whiskers); there is no script and
no external URL, so the file opens anywhere and can be attached to an issue. Per article it shows gold and
predicted incidents side by side (a matched pair on one row, each field coloured by its outcome) and the
article text with every predicted field's evidence span highlighted. All text from articles, labels and
predictions goes through ``html.escape``: articles are scraped news and may contain hostile markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from ..schemas import ArticleExtraction, Incident
from .gold import GoldArticle
from .matching import FIELDS, OUTCOMES
from .score import ArticleDetail, ScoreReport

#: The Incident attributes shown per incident (derived views such as date_pm1 are not attributes).
SHOWN = tuple(f for f in FIELDS if f in Incident.model_fields)
COLOURS = {"TP": "#c8e6c9", "TN": "#eeeeee", "FA": "#ffe0b2", "FN": "#bbdefb", "FD": "#ffcdd2"}

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}
th{background:#f5f5f5}.num{text-align:right}.inc{list-style:none;margin:0;padding:0}
.inc li{padding:0 4px;margin:1px 0}.inc b{display:inline-block;min-width:9em;margin-right:.5em;font-weight:600}
.none{color:#999;font-style:italic}.article{white-space:pre-wrap;border:1px solid #ddd;padding:.8em;
background:#fafafa;max-width:60em}mark{background:#fff59d}section{border-top:2px solid #888;margin-top:2em}
.legend span{padding:1px 6px;margin-right:6px}
""" + "".join(f".o-{k}{{background:{v}}}" for k, v in COLOURS.items())


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _anchor(article_id: str) -> str:
    # Ids come from file names but may be anything: keep anchors to a harmless alphabet.
    return "a-" + re.sub(r"[^A-Za-z0-9_-]", "_", article_id)


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def render_chart(report: ScoreReport) -> str:
    """Horizontal bars of per-field accuracy, with the bootstrap CI drawn as a whisker."""
    label_w, bar_w, row_h = 130, 400, 20
    height = row_h * len(report.fields) + 30
    parts = [
        f'<svg class="chart" width="{label_w + bar_w + 70}" '
        f'height="{height}" role="img" aria-label="per-field accuracy">'
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = label_w + tick * bar_w
        parts.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height - 20}" stroke="#ddd"/>')
        parts.append(f'<text x="{x}" y="{height - 6}" font-size="10" text-anchor="middle">{tick:.0%}</text>')
    for i, (name, fs) in enumerate(report.fields.items()):
        y = i * row_h + 4
        parts.append(f'<text x="{label_w - 6}" y="{y + 12}" font-size="11" text-anchor="end">{_e(name)}</text>')
        if fs.accuracy is not None:
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{fs.accuracy * bar_w:.1f}" height="{row_h - 6}" fill="#64b5f6">'
                f"<title>{_e(name)}: {_pct(fs.accuracy)} (n={fs.n})</title></rect>"
            )
        if fs.accuracy_ci is not None:
            lo, hi = (label_w + v * bar_w for v in fs.accuracy_ci)
            mid = y + (row_h - 6) / 2
            whisker = f"M{lo:.1f} {mid - 4}v8M{lo:.1f} {mid}H{hi:.1f}M{hi:.1f} {mid - 4}v8"
            parts.append(f'<path d="{whisker}" stroke="#222" fill="none"/>')
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 12}" font-size="11">{_pct(fs.accuracy)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _thresholds(report: ScoreReport) -> str:
    return ", ".join(f"{name} {value:g}" for name, value in report.thresholds.items())


def _summary(report: ScoreReport) -> str:
    r = report.records
    ci = "" if r.f1_ci is None else f" (95% CI {_pct(r.f1_ci[0])}–{_pct(r.f1_ci[1])})"
    rows = "".join(
        f"<tr><td>{_e(name)}</td>"
        + "".join(f'<td class="num">{getattr(fs, k)}</td>' for k in OUTCOMES)
        + "".join(f'<td class="num">{_pct(getattr(fs, k))}</td>' for k in ("accuracy", "precision", "recall"))
        + "</tr>"
        for name, fs in report.fields.items()
    )
    legend = "".join(f'<span class="o-{k}">{k}</span>' for k in COLOURS)
    return (
        f"<p>View: <b>{_e(report.view)}</b> · {report.n_articles} articles · {report.n_gold_incidents} gold, "
        f"{report.n_predicted_incidents} predicted incidents · thresholds {_e(_thresholds(report))}</p>"
        f"<p>Records: {r.matched} matched, {r.false_positives} false positive, {r.missed} missed · "
        f"precision {_pct(r.precision)} · recall {_pct(r.recall)} · F1 {_pct(r.f1)}{ci}</p>"
        + (
            f"<p>No prediction for: {_e(', '.join(report.missing_predictions))}</p>"
            if report.missing_predictions
            else ""
        )
        + f'<p class="legend">{legend} (TP right, TN both null, FA spurious value, FN value missed, FD wrong value)</p>'
        + '<table class="fields"><tr><th>field</th><th>TP</th><th>TN</th><th>FA</th><th>FN</th><th>FD</th>'
        "<th>accuracy</th><th>precision</th><th>recall</th></tr>" + rows + "</table>"
    )


def _incident(incident: Incident | None, index: int | None, outcomes: Mapping[str, str], label: str) -> str:
    if incident is None:
        return f'<td class="none">{_e(label)}</td>'
    items = []
    for name in SHOWN:
        value = getattr(incident, name)
        shown = '<span class="none">null</span>' if value is None else _e(value)
        cls = f' class="o-{outcomes[name]}"' if name in outcomes else ""
        items.append(f"<li{cls}><b>{_e(name)}</b>{shown}</li>")
    return f'<td><div>#{index}</div><ul class="inc">{"".join(items)}</ul></td>'


def _side_by_side(detail: ArticleDetail, gold: list[Incident], pred: list[Incident]) -> str:
    rows = []
    for pair in detail.pairs:
        rows.append(
            f"<tr><td>matched ({pair.similarity:.2f})</td>"
            + _incident(gold[pair.gold], pair.gold, pair.outcomes, "")
            + _incident(pred[pair.pred], pair.pred, pair.outcomes, "")
            + "</tr>"
        )
    for i in detail.missed:
        rows.append(f"<tr><td>missed</td>{_incident(gold[i], i, {}, '')}{_incident(None, None, {}, '(none)')}</tr>")
    for j in detail.false_positives:
        rows.append(
            f"<tr><td>false positive</td>{_incident(None, None, {}, '(none)')}{_incident(pred[j], j, {}, '')}</tr>"
        )
    if not rows:
        rows.append('<tr><td colspan="3" class="none">no incidents on either side</td></tr>')
    return '<table class="side-by-side"><tr><th></th><th>gold</th><th>predicted</th></tr>' + "".join(rows) + "</table>"


def highlight(text: str, incidents: list[Incident]) -> str:
    """The escaped article text with each evidence span wrapped in <mark>, overlaps merged."""
    spans = []
    for i, incident in enumerate(incidents):
        for name, ev in incident.evidence.items():
            start, end = min(ev.start, len(text)), min(ev.end, len(text))
            if start < end:  # offsets past the text (a stale prediction) are dropped, not trusted
                spans.append((start, end, f"#{i} {name}"))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        labels = [label for s, e, label in spans if s <= lo and hi <= e]
        chunk = html.escape(text[lo:hi])
        out.append(f'<mark title="{_e(", ".join(labels))}">{chunk}</mark>' if labels else chunk)
    return "".join(out)


def render_html(
    report: ScoreReport,
    predictions: Mapping[str, ArticleExtraction | None],
    gold: Mapping[str, tuple[GoldArticle, str]],
) -> str:
    """The full report: summary, chart, field table, then one section per article."""
    toc, sections = [], []
    for article_id, detail in report.articles.items():
        gold_article, text = gold.get(article_id, (None, ""))
        extraction = predictions.get(article_id)
        gold_incidents = gold_article.incidents if gold_article else []
        pred_incidents = extraction.incidents if extraction else []
        if max([p.gold for p in detail.pairs] + detail.missed, default=-1) >= len(gold_incidents) or max(
            [p.pred for p in detail.pairs] + detail.false_positives, default=-1
        ) >= len(pred_incidents):
            body = '<p class="none">the given gold/predictions do not match this report; incidents not shown</p>'
        else:
            body = _side_by_side(detail, gold_incidents, pred_incidents)
        status = (
            f"{len(detail.pairs)} matched, {len(detail.missed)} missed, {len(detail.false_positives)} false positive"
        )
        if not detail.has_prediction:
            status += " · no prediction"
        anchor = _anchor(article_id)
        toc.append(f'<li><a href="#{anchor}">{_e(article_id)}</a> — {status}</li>')
        sections.append(
            f'<section id="{anchor}"><h2>{_e(article_id)}</h2><p>{status}</p>{body}'
            f'<h3>Article text</h3><div class="article">{highlight(text, pred_incidents)}</div></section>'
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Incident extraction score ({_e(report.view)})</title><style>{CSS}</style></head><body>"
        f"<h1>Incident extraction score</h1>{_summary(report)}<h2>Per-field accuracy</h2>{render_chart(report)}"
        f'<h2>Articles</h2><ul class="toc">{"".join(toc)}</ul>{"".join(sections)}</body></html>\n'
    )
