"""What a capable model says survives the pipeline: field accuracy of the one-call path fed the gold answers.

Starts extractor.testing's loopback server in its perfect-model mode (each eval article's request answered
with that article's gold incidents in the article's own words), runs the one-call path through the openai
backend against it over one split, and scores the run with the same scorer as ``extractor eval``. Prints:
field accuracy (all scored fields pooled: (TP+TN)/n) and each field's accuracy, per language when the gold
records one, the gold values that have no surface form in the text (answered as null, as a model would), and
with ``--losses`` every field the pipeline got wrong: gold value, predicted value, the words it was given.

    PYTHONPATH=$PWD python scripts/perfect_model.py --evals-dir evals --split dev
    PYTHONPATH=$PWD python scripts/perfect_model.py --evals-dir evals/real --split dev --losses

Never run it on the test split while tuning: that split is for reported figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from extractor import Config, Extractor
from extractor.acled.coding import ACTOR_ROLES, code_incidents
from extractor.evals.gold import load_gold_set
from extractor.evals.matching import FIELDS
from extractor.evals.runner import run_eval
from extractor.evals.score import ACLED_FIELDS, ScoreReport, score
from extractor.schemas import ArticleExtraction
from extractor.testing import FaultInjectingServer, GoldResponder

GOOD = ("TP", "TN")
#: Fields another engineer is fixing in extractor/normalize/places.py (issue 17 item 3): reported apart too.
PLACE_FIELDS = ("country", "admin1", "locality", "place_admin1", "place_locality")


def pooled_accuracy(report: ScoreReport, fields: tuple[str, ...] = FIELDS) -> float | None:
    """(TP+TN)/n over the given fields of a report, every field's outcomes pooled."""
    good = sum(getattr(report.fields[f], o) for f in fields for o in GOOD)
    n = sum(report.fields[f].n for f in fields)
    return good / n if n else None


def run(root: Path, split: str, out: Path) -> tuple[ScoreReport, GoldResponder, dict[str, ArticleExtraction]]:
    """Run the one-call path over ``split`` against the perfect-model server; return the all-incidents report."""
    responder = GoldResponder(root, split)
    with FaultInjectingServer(responder, keep_requests=False) as server:
        config = Config(
            backend="openai",
            model="perfect-model",
            base_url=server.base_url,
            api_key="unused",
            strategy="one_call",
            candidate_mode=False,
            max_reasks=0,
            transport_retries=0,
        )
        with Extractor(config) as extractor:
            result = run_eval(extractor, root, out, split=split, bootstrap=0)  # type: ignore[arg-type]
    predictions = {}
    for line in (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines():
        record = ArticleExtraction.model_validate_json(line)
        predictions[record.article_id] = record
    return result.report, responder, predictions


def languages(root: Path, ids: list[str]) -> dict[str, str]:
    return {a: json.loads((root / "gold" / f"{a}.json").read_text(encoding="utf-8")).get("language", "en") for a in ids}


def losses(
    root: Path, split: str, report: ScoreReport, responder: GoldResponder, predictions: dict[str, ArticleExtraction]
) -> list[dict[str, Any]]:
    """Every wrong field of every matched pair, and every missed or extra record, with the words answered."""
    gold_set = load_gold_set(root, split)  # type: ignore[arg-type]
    rows: list[dict[str, Any]] = []
    for article_id, detail in sorted(report.articles.items()):
        gold = gold_set[article_id][0].incidents
        pred = predictions[article_id].incidents if article_id in predictions else []
        drafts = responder.drafts[article_id]["incidents"]
        codings = code_incidents(pred)  # each prediction coded in its article's context, as the scorer codes it
        for pair in detail.pairs:
            for name, outcome in pair.outcomes.items():
                if outcome in GOOD or name in ("date_pm1", "place_admin1", "place_locality"):
                    continue
                if name in ACLED_FIELDS:  # the coding the scorer compared, not the record coded alone
                    said = {role: drafts[pair.gold].get(role) for role in ACTOR_ROLES}
                    predicted = getattr(codings[pair.pred], name)
                else:
                    said = drafts[pair.gold].get(name if name != "date" else "date_text")
                    predicted = getattr(pred[pair.pred], name)
                rows.append(
                    {
                        "article": article_id,
                        "gold_index": pair.gold,
                        "field": name,
                        "outcome": outcome,
                        "gold": _plain(getattr(gold[pair.gold], name)),
                        "predicted": _plain(predicted),
                        "said": said,
                    }
                )
        for index in detail.missed:
            rows.append({"article": article_id, "gold_index": index, "field": "record", "outcome": "missed"})
        for index in detail.false_positives:
            rows.append({"article": article_id, "pred_index": index, "field": "record", "outcome": "false positive"})
    return rows


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--evals-dir", type=Path, default=Path("evals"), help="eval set root (gold/ and articles/)")
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--out", type=Path, help="keep the run directory here (default: a temporary one)")
    parser.add_argument("--losses", action="store_true", help="list every wrong field with the words answered")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "run"
        report, responder, predictions = run(args.evals_dir, args.split, out)
        wrong = losses(args.evals_dir, args.split, report, responder, predictions)

    ids = sorted(report.articles)
    by_language: dict[str, list[str]] = defaultdict(list)
    for article_id, language in languages(args.evals_dir, ids).items():
        by_language[language].append(article_id)
    gold_set = load_gold_set(args.evals_dir, args.split)  # type: ignore[arg-type]
    per_language = {}
    for language, members in sorted(by_language.items()):
        sub = score(
            {a: predictions.get(a) for a in members if a in predictions}, {a: gold_set[a] for a in members}, bootstrap=0
        )
        per_language[language] = {
            "articles": len(members),
            "field_accuracy": _round(pooled_accuracy(sub)),
            "without_places": _round(pooled_accuracy(sub, tuple(f for f in FIELDS if f not in PLACE_FIELDS))),
        }
    unsayable = Counter(name for items in responder.unsayable.values() for _, name, _ in items)
    figures = {
        "evals_dir": str(args.evals_dir),
        "split": args.split,
        "articles": len(ids),
        "gold_incidents": report.n_gold_incidents,
        "predicted_incidents": report.n_predicted_incidents,
        "records": {
            "matched": report.records.matched,
            "missed": report.records.missed,
            "false_positives": report.records.false_positives,
        },
        "field_accuracy": _round(pooled_accuracy(report)),
        "field_accuracy_without_places": _round(
            pooled_accuracy(report, tuple(f for f in FIELDS if f not in PLACE_FIELDS))
        ),
        "fields": {name: _round(report.fields[name].accuracy) for name in FIELDS},
        # ACLED actor coding of the predicted records, where gold labels it (extractor.acled; not in the pooled figure)
        "acled_fields": {name: _round(report.fields[name].accuracy) for name in ACLED_FIELDS if report.fields[name].n},
        "per_language": per_language,
        "unsayable": dict(sorted(unsayable.items())),
        "unknown_requests": len(responder.unknown),
        "losses": wrong if args.losses else len(wrong),
    }
    if args.json:
        print(json.dumps(figures, indent=1, ensure_ascii=False))
        return 0
    print(
        f"{args.evals_dir} --split {args.split}: {len(ids)} articles, {report.n_gold_incidents} gold incidents, "
        f"{report.records.matched} matched, {report.records.missed} missed, "
        f"{report.records.false_positives} false positive"
    )
    print(
        f"field accuracy (pooled over {len(FIELDS)} fields): {figures['field_accuracy']}; "
        f"without the place fields ({', '.join(PLACE_FIELDS)}): {figures['field_accuracy_without_places']}"
    )
    print("  " + "  ".join(f"{k} {v}" for k, v in figures["fields"].items()))
    if figures["acled_fields"]:
        print(
            "ACLED coding where gold labels it (not pooled): "
            + "  ".join(f"{k} {v}" for k, v in figures["acled_fields"].items())
        )
    for language, row in per_language.items():
        print(
            f"  language {language}: {row['articles']} articles, field accuracy {row['field_accuracy']}, "
            f"without places {row['without_places']}"
        )
    print(f"gold values with no surface form in the text (answered null): {figures['unsayable'] or 'none'}")
    if responder.unknown:
        print(f"requests for articles not in the eval set: {len(responder.unknown)}")
    if args.losses:
        for row in wrong:
            print("  " + json.dumps(row, ensure_ascii=False))
    return 0


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


if __name__ == "__main__":
    sys.exit(main())
