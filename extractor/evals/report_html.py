"""Render a ScoreReport as one self-contained HTML file for reading errors by eye.

Everything is inline (CSS, an SVG bar chart of per-field accuracy with CI whiskers); there is no script and
no external URL, so the file opens anywhere and can be attached to an issue. Per article it shows gold and
predicted incidents side by side (a matched pair on one row, each field coloured by its outcome) and the
article text with every predicted field's evidence span highlighted. The page is the Jinja2 template
``templates/report.html.j2`` rendered with autoescape: articles are scraped news and may contain hostile
markup, so every value from articles, labels and predictions is escaped by the template engine.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

import jinja2
import markupsafe

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


def _chart(report: ScoreReport) -> dict[str, Any]:
    """Geometry of the horizontal accuracy bars, with the bootstrap CI drawn as a whisker."""
    label_w, bar_w, row_h = 130, 400, 20
    height = row_h * len(report.fields) + 30
    rows = []
    for i, (name, fs) in enumerate(report.fields.items()):
        y = i * row_h + 4
        whisker = None
        if fs.accuracy_ci is not None:
            lo, hi = (label_w + v * bar_w for v in fs.accuracy_ci)
            mid = y + (row_h - 6) / 2
            whisker = f"M{lo:.1f} {mid - 4}v8M{lo:.1f} {mid}H{hi:.1f}M{hi:.1f} {mid - 4}v8"
        rows.append(
            {
                "name": name,
                "y": y,
                "n": fs.n,
                "pct": _pct(fs.accuracy),
                "whisker": whisker,
                "bar": None if fs.accuracy is None else f"{fs.accuracy * bar_w:.1f}",
            }
        )
    ticks = [{"x": label_w + t * bar_w, "label": f"{t:.0%}"} for t in (0, 0.25, 0.5, 0.75, 1.0)]
    return {
        "label_w": label_w,
        "bar_w": bar_w,
        "row_h": row_h,
        "height": height,
        "width": label_w + bar_w + 70,
        "ticks": ticks,
        "rows": rows,
    }


def _thresholds(report: ScoreReport) -> str:
    return ", ".join(f"{name} {value:g}" for name, value in report.thresholds.items())


def _cell(incident: Incident | None, index: int | None, outcomes: Mapping[str, str], label: str = "") -> dict[str, Any]:
    if incident is None:
        return {"incident": None, "label": label}
    items = [{"name": name, "value": getattr(incident, name), "outcome": outcomes.get(name)} for name in SHOWN]
    return {"incident": incident, "index": index, "fields": items}


def _rows(detail: ArticleDetail, gold: Sequence[Incident], pred: Sequence[Incident]) -> list[dict[str, Any]]:
    rows = [
        {
            "label": f"matched ({pair.similarity:.2f})",
            "gold": _cell(gold[pair.gold], pair.gold, pair.outcomes),
            "pred": _cell(pred[pair.pred], pair.pred, pair.outcomes),
        }
        for pair in detail.pairs
    ]
    rows += [
        {"label": "missed", "gold": _cell(gold[i], i, {}), "pred": _cell(None, None, {}, "(none)")}
        for i in detail.missed
    ]
    rows += [
        {"label": "false positive", "gold": _cell(None, None, {}, "(none)"), "pred": _cell(pred[j], j, {})}
        for j in detail.false_positives
    ]
    return rows


def _segments(text: str, incidents: list[Incident]) -> list[dict[str, str]]:
    """The article cut at evidence boundaries; each piece with the fields whose evidence covers it."""
    spans = []
    for i, incident in enumerate(incidents):
        for name, ev in incident.evidence.items():
            start, end = min(ev.start, len(text)), min(ev.end, len(text))
            if start < end:  # offsets past the text (a stale prediction) are dropped, not trusted
                spans.append((start, end, f"#{i} {name}"))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    return [
        {"text": text[lo:hi], "labels": ", ".join(label for s, e, label in spans if s <= lo and hi <= e)}
        for lo, hi in zip(cuts, cuts[1:], strict=False)
    ]


def highlight(text: str, incidents: list[Incident]) -> str:
    """The escaped article text with each evidence span wrapped in <mark>, overlaps merged."""
    return "".join(
        f'<mark title="{_e(seg["labels"])}">{html.escape(seg["text"])}</mark>'
        if seg["labels"]
        else html.escape(seg["text"])
        for seg in _segments(text, incidents)
    )


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("extractor.evals", "templates"),
    autoescape=True,
    trim_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def render_html(
    report: ScoreReport,
    predictions: Mapping[str, ArticleExtraction | None],
    gold: Mapping[str, tuple[GoldArticle, str]],
) -> str:
    """The full report: summary, chart, field table, then one section per article (templates/report.html.j2)."""
    articles = []
    for article_id, detail in report.articles.items():
        gold_article, text = gold.get(article_id, (None, ""))
        extraction = predictions.get(article_id)
        gold_incidents = gold_article.incidents if gold_article else []
        pred_incidents = extraction.incidents if extraction else []
        stale = max([p.gold for p in detail.pairs] + detail.missed, default=-1) >= len(gold_incidents) or max(
            [p.pred for p in detail.pairs] + detail.false_positives, default=-1
        ) >= len(pred_incidents)
        status = (
            f"{len(detail.pairs)} matched, {len(detail.missed)} missed, {len(detail.false_positives)} false positive"
        )
        if not detail.has_prediction:
            status += " · no prediction"
        articles.append(
            {
                "id": article_id,
                "anchor": _anchor(article_id),
                "status": status,
                "rows": None if stale else _rows(detail, gold_incidents, pred_incidents),
                "text": _segments(text, pred_incidents),
            }
        )
    return (
        _ENV.get_template("report.html.j2").render(
            report=report,
            records=report.records,
            thresholds=_thresholds(report),
            css=markupsafe.Markup(CSS),
            colours=COLOURS,
            outcomes=OUTCOMES,
            chart=_chart(report),
            articles=articles,
            pct=_pct,
        )
        + "\n"
    )
