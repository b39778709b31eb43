"""Calibrate the judge step (extractor/judge.py) on an eval run, or report how well its flags catch wrong fields.

    python scripts/calibrate_review.py RUN_DIR            # per-field flag rate and share of wrong fields caught
    python scripts/calibrate_review.py RUN_DIR --fit      # fit the weights and threshold, write them, report
    python scripts/calibrate_review.py A --fit --weights W --check B   # fit on run A, flag run B with them

RUN_DIR is what ``extractor eval run --out RUN_DIR`` wrote (predictions.jsonl and score.json). A field of a matched
record is wrong when the scorer's outcome is FA, FN or FD; it is flagged when the judge lists it in review_fields.
The goal (issue 17): flagged fields hold >= 70% of the wrong fields while flagging <= 30% of all judged fields.

The fit is a logistic regression (numpy, Newton's method, an L2 penalty) of "wrong" on the judge's signals, read
from the stored records (their field_sources, choice_probability, evidence and notes), then the lowest threshold
whose flag rate stays under ``--flag-rate``. A cross-validation by article reports what a new split can expect;
given several ``--penalty`` values, it picks the one whose held-out flags catch the most wrong fields.
Fit on the dev split only; the test split is for checking.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.judge import (  # noqa: E402  (the checkout first on the path)
    JUDGED_FIELDS,
    Layout,
    Weights,
    field_signals,
    load_weights,
    score_fields,
    value_kind,
)
from extractor.schemas import ArticleExtraction  # noqa: E402

WRONG = ("FA", "FN", "FD")
#: How much more a field's own signal weights are penalized than the shared ones (default of --own-factor): a
#: field's own weight rests on a sixteenth of the rows, and on the real dev split, cross-validated by article,
#: a heavier factor (10 to 100) catches more held-out wrong fields than 1 or 3.
OWN = 10.0
WEIGHTS_PATH = ROOT / "extractor" / "data" / "review_weights.json"


def load_run(run: Path) -> list[tuple[object, dict[str, dict[str, float]], dict[str, bool], str]]:
    """(incident, its signals, field -> wrong, article id) for every matched pair of the run."""
    predictions = {}
    for line in (run / "predictions.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            extraction = ArticleExtraction.model_validate_json(line)
            predictions[extraction.article_id] = extraction
    score = json.loads((run / "score.json").read_text("utf-8"))
    meta = json.loads((run / "run.json").read_text("utf-8")) if (run / "run.json").exists() else {}
    articles = Path(meta.get("evals_dir") or "evals/real")
    articles = (articles if articles.is_absolute() else ROOT / articles) / "articles"
    rows = []
    for article_id, detail in score["articles"].items():
        extraction = predictions.get(article_id)
        if extraction is None:
            continue
        provenance = extraction.provenance
        reasks = max(0, provenance.attempts - 1) if provenance.strategy == "one_call" else 0
        # The run's own articles only (the split it ran on): the text the evidence offsets refer to.
        text_path = articles / f"{article_id}.txt"
        layout = Layout(text_path.read_text("utf-8")) if text_path.exists() else None
        for pair in detail["pairs"]:
            incident = extraction.incidents[pair["pred"]]
            signals = field_signals(
                incident,
                incident.field_sources,
                reasks=reasks,
                article=extraction.incidents,
                published=extraction.published,
                layout=layout,
            )
            wrong = {name: pair["outcomes"][name] in WRONG for name in JUDGED_FIELDS}
            rows.append((incident, signals, wrong, article_id))
    return rows


def _design(rows: list, names: list[str]) -> tuple[np.ndarray, np.ndarray, list[tuple[int, str]]]:
    """One row per (pair, field): intercept columns (field x value/null) then the signal columns."""
    intercepts = [f"{f}:{k}" for f in JUDGED_FIELDS for k in ("value", "null")]
    columns = intercepts + names
    index = {c: i for i, c in enumerate(columns)}
    x, y, keys = [], [], []
    for n, (incident, signals, wrong, _) in enumerate(rows):
        for field in JUDGED_FIELDS:
            row = np.zeros(len(columns))
            row[index[f"{field}:{value_kind(incident, field)}"]] = 1.0
            for signal, amount in signals[field].items():
                row[index[signal]] = amount
                row[index[f"{field}.{signal}"]] = amount
            x.append(row)
            y.append(float(wrong[field]))
            keys.append((n, field))
    return np.array(x), np.array(y), keys


def fit(rows: list, penalty: float, flag_rate: float, own: float = OWN) -> Weights:
    shared = sorted({s for _, signals, _, _ in rows for f in signals.values() for s in f})
    own_names = sorted({f"{field}.{s}" for _, signals, _, _ in rows for field, f in signals.items() for s in f})
    names = shared + own_names
    x, y, _ = _design(rows, names)
    beta = np.zeros(x.shape[1])
    # The intercepts are penalized lightly; a field's own weights more than the shared ones (they rest on fewer rows).
    ridge = np.array([0.01] * (2 * len(JUDGED_FIELDS)) + [penalty] * len(shared) + [penalty * own] * len(own_names))
    for _ in range(50):  # Newton's method on the penalized log-likelihood
        p = 1 / (1 + np.exp(-x @ beta))
        gradient = x.T @ (y - p) - ridge * beta
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(ridge)
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    p = 1 / (1 + np.exp(-x @ beta))
    candidates = sorted(set(np.round(p, 4)), reverse=True)
    threshold = 1.0
    for t in candidates:  # the lowest threshold that keeps the flag rate under the target
        if (p >= t).mean() > flag_rate:
            break
        threshold = float(t)
    n_fields = len(JUDGED_FIELDS) * 2
    intercepts: dict[str, dict[str, float]] = {}
    for i, column in enumerate(f"{f}:{k}" for f in JUDGED_FIELDS for k in ("value", "null")):
        field, kind = column.split(":")
        intercepts.setdefault(field, {})[kind] = round(float(beta[i]), 4)
    weights = {
        name: round(float(beta[n_fields + j]), 4) for j, name in enumerate(names) if abs(beta[n_fields + j]) >= 1e-3
    }
    return Weights(intercepts=intercepts, weights=weights, threshold=threshold, about={})


def report(rows: list, weights: Weights) -> dict[str, object]:
    per: dict[str, list[int]] = {f: [0, 0, 0, 0] for f in JUDGED_FIELDS}  # n, wrong, flagged, wrong and flagged
    for incident, signals, wrong, _ in rows:
        probability = score_fields(incident, signals, weights)
        for field in JUDGED_FIELDS:
            flagged = probability[field] >= weights.threshold
            counts = per[field]
            counts[0] += 1
            counts[1] += wrong[field]
            counts[2] += flagged
            counts[3] += wrong[field] and flagged
    print(f"{'field':16} {'n':>5} {'wrong':>6} {'flagged':>8} {'flag rate':>10} {'caught':>7}")
    for field, (n, w, f, c) in per.items():
        caught = f"{c / w:.3f}" if w else "-"
        print(f"{field:16} {n:5d} {w:6d} {f:8d} {f / n if n else 0:10.3f} {caught:>7}")
    n, w, f, c = (sum(v[i] for v in per.values()) for i in range(4))
    summary = {
        "pairs": len(rows),
        "fields": n,
        "wrong": w,
        "flagged": f,
        "wrong_flagged": c,
        "flag_rate": round(f / n, 4) if n else None,
        "caught": round(c / w, 4) if w else None,
    }
    print(f"{'all':16} {n:5d} {w:6d} {f:8d} {summary['flag_rate']:10.3f} {summary['caught']:7.3f}")
    scored = [
        (p, wrong[f])
        for incident, signals, wrong, _ in rows
        for f, p in score_fields(incident, signals, weights).items()
    ]
    summary["flag_rate_for_70"] = _flag_rate_for(scored, 0.70)
    print(f"flag rate at which the same scores catch 70% of wrong fields: {summary['flag_rate_for_70']}")
    # Records, in the queue's order (confidence as judge() sets it): the least confident half should hold more
    # wrong fields per record than the rest.
    records = sorted(
        (1.0 - sum(score_fields(incident, signals, weights).values()) / len(JUDGED_FIELDS), sum(wrong.values()))
        for incident, signals, wrong, _ in rows
    )
    half = len(records) // 2
    if half:
        low = sum(n for _, n in records[:half]) / half
        high = sum(n for _, n in records[half:]) / (len(records) - half)
        summary["wrong_per_record"] = {"least_confident_half": round(low, 2), "most_confident_half": round(high, 2)}
        print(f"wrong fields per record: least confident half {low:.2f}, most confident half {high:.2f}")
    ok = (summary["caught"] or 0) >= 0.70 and (summary["flag_rate"] or 1) <= 0.30
    print(f"goal (caught >= 0.70, flag rate <= 0.30): {'met' if ok else 'NOT met'}")
    return summary


def cross_validate(
    rows: list, penalty: float, flag_rate: float, folds: int, quiet: bool = False, own: float = OWN
) -> dict[str, object]:
    """Fit on all articles but one fold's, flag the held-out fold: the figures a new split can expect (the
    in-sample figures share the fit's optimism). Per field and in all; ``caught_at_budget`` ranks every held-out
    field by its probability and flags the top ``flag_rate`` of them (the flags a threshold set on the split
    itself would give: it leaves out how well a threshold carries over from one split to another)."""
    articles = sorted({row[3] for row in rows})
    per: dict[str, list[int]] = {f: [0, 0, 0, 0] for f in JUDGED_FIELDS}  # n, wrong, flagged, wrong and flagged
    held_out: list[tuple[float, bool]] = []  # (held-out probability, wrong) of every field
    for k in range(folds):
        held = set(articles[k::folds])
        weights = fit([r for r in rows if r[3] not in held], penalty, flag_rate, own)
        for incident, signals, wrong, _ in (r for r in rows if r[3] in held):
            probability = score_fields(incident, signals, weights)
            for field in JUDGED_FIELDS:
                flagged = probability[field] >= weights.threshold
                counts = per[field]
                counts[0], counts[1] = counts[0] + 1, counts[1] + wrong[field]
                counts[2], counts[3] = counts[2] + flagged, counts[3] + (flagged and wrong[field])
                held_out.append((probability[field], wrong[field]))
    n, w, f, c = (sum(v[i] for v in per.values()) for i in range(4))
    needed = _flag_rate_for(held_out, 0.70)
    ranked = sorted(held_out, key=lambda pair: -pair[0])[: int(flag_rate * len(held_out))]
    at_budget = round(sum(wrong for _, wrong in ranked) / w, 4) if w else None
    if not quiet:
        print(f"{folds}-fold cross-validation by article, penalty {penalty:g} (held-out flags per field):")
        print(f"{'field':16} {'n':>5} {'wrong':>6} {'flagged':>8} {'flag rate':>10} {'caught':>7}")
        for field, (fn, fw, ff, fc) in per.items():
            print(
                f"{field:16} {fn:5d} {fw:6d} {ff:8d} {ff / fn if fn else 0:10.3f} {f'{fc / fw:.3f}' if fw else '-':>7}"
            )
        print(
            f"{'all':16} {n:5d} {w:6d} {f:8d} {f / n:10.3f} {c / w:7.3f}  ({c} of {w} wrong fields; held-out "
            f"scores catch 70% at flag rate {needed}; the top {flag_rate:g} of them catch {at_budget})"
        )
    return {
        "folds": folds,
        "penalty": penalty,
        "flag_rate": round(f / n, 4),
        "caught": round(c / w, 4),
        "flag_rate_for_70": needed,
        "caught_at_budget": at_budget,
        "fields": {
            field: {"flag_rate": round(ff / fn, 4), "caught": round(fc / fw, 4) if fw else None}
            for field, (fn, fw, ff, fc) in per.items()
        },
    }


def choose_penalty(rows: list, penalties: list[float], flag_rate: float, folds: int, own: float = OWN) -> float:
    """The penalty whose held-out flags catch the most wrong fields at the flag budget (``caught_at_budget``;
    the larger penalty on a tie: the simpler fit)."""
    results = {penalty: cross_validate(rows, penalty, flag_rate, folds, quiet=True, own=own) for penalty in penalties}
    for penalty, result in results.items():
        print(
            f"penalty {penalty:g}: held-out top {flag_rate:g} catch {result['caught_at_budget']}, "
            f"70% needs flag rate {result['flag_rate_for_70']}"
        )
    best = max(penalties, key=lambda penalty: (results[penalty]["caught_at_budget"] or 0.0, penalty))
    return best


def _flag_rate_for(scored: list[tuple[float, bool]], share: float) -> float | None:
    """The share of fields flagged, highest probability first, when the flags first hold ``share`` of the wrong."""
    total = sum(wrong for _, wrong in scored)
    caught = 0
    for k, (_, wrong) in enumerate(sorted(scored, key=lambda pair: -pair[0]), start=1):
        caught += wrong
        if total and caught >= share * total:
            return round(k / len(scored), 4)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, help="an eval run directory (predictions.jsonl, score.json)")
    parser.add_argument("--fit", action="store_true", help="fit the weights and threshold and write them")
    parser.add_argument(
        "--check",
        type=Path,
        nargs="+",
        default=[],
        help="other eval runs (held out: other articles) to flag with the fitted weights, as a second check",
    )
    parser.add_argument("--weights", type=Path, default=WEIGHTS_PATH, help="the weights file to read or write")
    parser.add_argument(
        "--flag-rate",
        type=float,
        default=0.27,
        help="the highest share of fields to flag when fitting (default 0.27: a margin under 0.30)",
    )
    parser.add_argument(
        "--penalty",
        type=float,
        nargs="+",
        default=[1.0],
        help="L2 penalty of the fit (default 1.0); several: the one whose cross-validated flags catch the most",
    )
    parser.add_argument(
        "--own-factor",
        type=float,
        default=OWN,
        help=f"how many times the penalty a field's own signal weights take (default {OWN:g})",
    )
    parser.add_argument(
        "--folds",
        type=int,
        default=5,
        help="folds (by article) of the cross-validation reported when fitting (default 5; 1: none)",
    )
    args = parser.parse_args()
    if args.check and not args.fit:
        parser.error("--check flags other runs with weights it fits: it needs --fit")
    rows = load_run(args.run)
    if not args.fit:
        report(rows, load_weights(str(args.weights)))
        return
    if len(args.penalty) > 1 and args.folds < 2:
        parser.error("choosing among several --penalty values needs --folds 2 or more")
    penalty = args.penalty[0]
    if len(args.penalty) > 1:
        penalty = choose_penalty(rows, args.penalty, args.flag_rate, args.folds, args.own_factor)
    held_out = (
        cross_validate(rows, penalty, args.flag_rate, args.folds, own=args.own_factor) if args.folds > 1 else None
    )
    weights = fit(rows, penalty, args.flag_rate, args.own_factor)
    penalties = " ".join(f"{p:g}" for p in args.penalty)
    run = json.loads((args.run / "run.json").read_text("utf-8")) if (args.run / "run.json").exists() else {}
    summary = report(rows, weights)
    chosen = (run.get("config") or {}).get("backend")
    backend = f" --backend {chosen}" if chosen and chosen != "local" else ""  # the embedded default: no option
    about = {
        "about": "Weights of the judge step (extractor/judge.py): P(field wrong) = logistic(intercept[field]"
        "[value|null] + sum of weights[signal] * amount), null: no value, or primary False; a field is "
        "flagged when P >= threshold.",
        "command": f"extractor eval run --split dev --evals-dir evals/real{backend} --out RUN; "
        f"scripts/calibrate_review.py RUN --fit --flag-rate {args.flag_rate} --penalty {penalties} "
        f"--own-factor {args.own_factor:g}",
        "fitted_by": "scripts/calibrate_review.py --fit: L2-penalized logistic regression of the scorer's FA/FN/FD "
        "outcomes on the signals, over the matched records of an eval run; threshold: the lowest whose "
        "flag rate on that run stays under flag_rate_target",
        "fitted_on": {
            "run": str(args.run),
            "split": run.get("split"),
            "evals_dir": run.get("evals_dir"),
            "backend": (run.get("config") or {}).get("backend"),
            "date": dt.date.today().isoformat(),
        },
        "penalty": penalty,
        "penalties_tried": args.penalty,
        "own_factor": args.own_factor,
        "flag_rate_target": args.flag_rate,
        "dev": summary,
        "dev_cross_validated": held_out,
    }
    weights = Weights(intercepts=weights.intercepts, weights=weights.weights, threshold=weights.threshold, about=about)
    args.weights.write_text(json.dumps(weights.to_dict(), indent=1) + "\n", "utf-8")
    for check in args.check:
        print(f"held-out check: {check} flagged with the weights fitted on {args.run}")
        report(load_run(check), weights)
    print(f"wrote {args.weights}")


if __name__ == "__main__":
    main()
