"""Compare two score reports: per-field accuracy deltas (B - A) with a paired bootstrap CI.

Two runs scored on the same articles are compared article by article: each bootstrap resample draws one
set of article ids (with replacement) and recomputes both runs' accuracy on that same set, so the
variation that comes from *which articles* were sampled cancels out and only the systems' difference
remains. A delta whose 95% interval excludes 0 is flagged ``beyond_noise``.

Only articles present in both reports are compared, and both accuracies are recomputed on them from the
per-article ``field_counts`` (so A's figure here can differ from A's own report when the sets differ).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from .matching import FIELDS
from .score import (
    BootstrapInfo,
    ScoreReport,
    accuracy_of,
    count_arrays,
    percentile_ci,
    record_rates,
    resample_weights,
    round_metric,
)

COMPARISON_FORMAT = "incident-extractor.compare/1"
#: File names looked for, in order, when a run directory is given instead of a report file.
REPORT_NAMES = ("score.json", "report.json")

ReportSource = ScoreReport | Mapping[str, Any] | str | Path


class Delta(BaseModel):
    a: float | None
    b: float | None
    delta: float | None = Field(description="b - a")
    ci: tuple[float, float] | None = Field(description="95% paired-bootstrap interval of the delta")
    beyond_noise: bool = Field(description="the interval excludes 0")


class Comparison(BaseModel):
    format: str = COMPARISON_FORMAT
    a: str
    b: str
    view: str
    n_articles: int
    only_in_a: list[str]
    only_in_b: list[str]
    warnings: list[str]
    bootstrap: BootstrapInfo
    records: dict[str, Delta] = Field(description="precision, recall, f1 of record detection")
    fields: dict[str, Delta] = Field(description="per-field accuracy")


def load_report(source: ReportSource) -> tuple[ScoreReport, str]:
    """A ScoreReport from a model, a dict, a JSON file or a run directory; also a label for it."""
    if isinstance(source, ScoreReport):
        return source, "<report>"
    if isinstance(source, Mapping):
        return ScoreReport.model_validate(source), "<report>"
    path = Path(source)
    if path.is_dir():
        candidates = [path / name for name in REPORT_NAMES if (path / name).is_file()]
        if not candidates:
            candidates = sorted(path.glob("*.json"))
            if len(candidates) != 1:
                raise ValueError(f"{path}: expected one of {', '.join(REPORT_NAMES)} or a single *.json file")
        path = candidates[0]
    try:
        return ScoreReport.model_validate(json.loads(path.read_text(encoding="utf-8"))), str(path)
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a score report: {exc}") from exc


def _delta(a: float, b: float, samples: np.ndarray) -> Delta:
    ci = percentile_ci(samples[:, None])[0] if samples.size else None
    delta = None if np.isnan(a) or np.isnan(b) else round_metric(b - a)
    return Delta(
        a=None if np.isnan(a) else round_metric(a),
        b=None if np.isnan(b) else round_metric(b),
        delta=delta,
        ci=ci,
        beyond_noise=ci is not None and (ci[0] > 0 or ci[1] < 0),
    )


def compare(a: ReportSource, b: ReportSource, *, bootstrap: int = 1000, seed: int = 0) -> Comparison:
    """Per-field accuracy and record P/R/F1 deltas of run B over run A on their common articles."""
    report_a, label_a = load_report(a)
    report_b, label_b = load_report(b)
    warnings = []
    if report_a.view != report_b.view:
        warnings.append(f"views differ: A is {report_a.view!r}, B is {report_b.view!r}")
    if report_a.thresholds != report_b.thresholds:
        warnings.append(f"thresholds differ: A {report_a.thresholds}, B {report_b.thresholds}")
    ids = sorted(set(report_a.articles) & set(report_b.articles))
    only_a = sorted(set(report_a.articles) - set(report_b.articles))
    only_b = sorted(set(report_b.articles) - set(report_a.articles))
    if only_a or only_b:
        warnings.append(f"article sets differ: comparing the {len(ids)} articles both reports hold")

    fields_a, records_a = count_arrays(report_a.articles, ids)
    fields_b, records_b = count_arrays(report_b.articles, ids)
    # One weight matrix for both runs: that is what makes the bootstrap paired.
    weights = resample_weights(len(ids), bootstrap, seed)
    acc_a, acc_b = accuracy_of(fields_a.sum(axis=0)), accuracy_of(fields_b.sum(axis=0))
    rates_a, rates_b = record_rates(records_a.sum(axis=0)), record_rates(records_b.sum(axis=0))
    boot_acc = accuracy_of(np.einsum("bn,nfk->bfk", weights, fields_b)) - accuracy_of(
        np.einsum("bn,nfk->bfk", weights, fields_a)
    )
    boot_rates = record_rates(weights @ records_b) - record_rates(weights @ records_a)

    return Comparison(
        a=label_a,
        b=label_b,
        view=report_b.view,
        n_articles=len(ids),
        only_in_a=only_a,
        only_in_b=only_b,
        warnings=warnings,
        bootstrap=BootstrapInfo(resamples=int(weights.shape[0]), seed=seed),
        records={
            name: _delta(rates_a[k], rates_b[k], boot_rates[:, k])
            for k, name in enumerate(("precision", "recall", "f1"))
        },
        fields={name: _delta(acc_a[k], acc_b[k], boot_acc[:, k]) for k, name in enumerate(FIELDS)},
    )


def format_comparison(comparison: Comparison) -> str:
    """A plain-text table of the deltas, one line per metric, noise-exceeding ones starred."""

    def fmt(x: float | None) -> str:
        return "   n/a" if x is None else f"{x:6.3f}"

    lines = [f"A: {comparison.a}", f"B: {comparison.b}", f"articles: {comparison.n_articles}"]
    lines += [f"warning: {w}" for w in comparison.warnings]
    lines.append(f"{'metric':<22} {'A':>6} {'B':>6} {'B-A':>7}  95% CI")
    rows = [(f"record {k}", d) for k, d in comparison.records.items()] + list(comparison.fields.items())
    for name, d in rows:
        ci = "n/a" if d.ci is None else f"[{d.ci[0]:+.3f}, {d.ci[1]:+.3f}]"
        delta = "    n/a" if d.delta is None else f"{d.delta:+7.3f}"
        lines.append(f"{name:<22} {fmt(d.a)} {fmt(d.b)} {delta}  {ci}{' *' if d.beyond_noise else ''}")
    lines.append("* the 95% interval excludes 0 (beyond resampling noise)")
    return "\n".join(lines)
