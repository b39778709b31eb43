"""Agreement between two independent labelers of the same eval articles, per field.

    python scripts/label_agreement.py evals/real evals/real/second

The second labeler's gold files (``SECOND/gold/<id>.json``, no article copies beside them) are scored as if they were predictions against the
first labeler's gold for the same articles, through the same scorer as ``extractor eval``: record agreement is the
F1 of matching incidents, field agreement the accuracy over matched incidents, with TP/TN/FA/FN/FD counts. Only the
articles both labelers did are compared. Prints a markdown table (docs/eval.md quotes it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from extractor.evals.gold import load_gold_article, load_gold_set
from extractor.evals.score import score
from extractor.schemas import ArticleExtraction, Provenance


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def agreement_table(first_root: Path, second_root: Path) -> str:
    first = load_gold_set(first_root)
    second = {path.stem: load_gold_article(path) for path in sorted((second_root / "gold").glob("*.json"))}
    shared = sorted(set(first) & set(second))
    if not shared:
        raise SystemExit(f"no article is labeled in both {first_root} and {second_root}")
    as_predictions = {
        article_id: ArticleExtraction(
            article_id=article_id,
            published=first[article_id][0].published,
            incidents=second[article_id].incidents,
            provenance=Provenance(backend="labeler", model="second labeler", prompt_hash="", prompt_version=""),
        )
        for article_id in shared
    }
    report = score(as_predictions, {a: first[a] for a in shared}, bootstrap=0)
    records = report.records
    lines = [
        (
            f"{len(shared)} articles labeled twice ({', '.join(shared)}); "
            f"{report.n_gold_incidents} incidents by the first labeler, {report.n_predicted_incidents} by the second."
        ),
        "",
        (
            f"Incidents both found: {records.matched}; only the second: {records.false_positives}; "
            f"only the first: {records.missed}; record agreement (F1) {_num(records.f1)}."
        ),
        "",
        "| field | n | TP | TN | FA | FN | FD | agreement |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, field in report.fields.items():
        lines.append(
            f"| {name} | {field.n} | {field.TP} | {field.TN} | {field.FA} | {field.FN} | {field.FD} | "
            f"{_num(field.accuracy)} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    print(agreement_table(Path(argv[0]), Path(argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
