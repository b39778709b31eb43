"""How often an article holds the same incident twice, from an eval run's predictions (prints figures).

    python benchmarks/duplicates.py OUT_DIR [--evals-dir evals/real] [--split dev]

OUT_DIR is what ``extractor eval run --out`` wrote. Predictions are aligned to gold as the scorer aligns
them (``extractor.evals.matching.align``); a predicted record the alignment leaves unmatched is a duplicate
when the gold incident it resembles most (similarity at or above the matching threshold) is already matched
to another predicted record of the same article. The figure is the share of articles with a prediction that
hold no duplicate, the "no article holding the same incident twice" of issue 17.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from extractor.evals.gold import load_gold_set
from extractor.evals.matching import MIN_SIMILARITY, align, similarity
from extractor.schemas import Incident


def duplicates(gold: list[Incident], pred: list[Incident]) -> list[tuple[int, int]]:
    """(pred index, gold index) of each unmatched prediction that repeats an already matched gold incident."""
    pairs, _, false_positives = align(gold, pred)
    matched_gold = {g for g, _, _ in pairs}
    out = []
    for j in false_positives:
        scores = [(similarity(g, pred[j]), i) for i, g in enumerate(gold)]
        best, i = max(scores, default=(0.0, -1))
        if best >= MIN_SIMILARITY and i in matched_gold:
            out.append((j, i))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--evals-dir", type=Path, default=Path("evals/real"))
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    gold = load_gold_set(args.evals_dir, args.split)
    scored = with_duplicates = 0
    for line in (args.out_dir / "predictions.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["article_id"] not in gold:
            continue
        article = gold[row["article_id"]][0]
        pred = [Incident.model_validate(i) for i in row["incidents"]]
        found = duplicates(list(article.incidents), pred)
        scored += 1
        if found:
            with_duplicates += 1
            for j, i in found:
                p = pred[j]
                print(
                    f"{row['article_id']}: predicted #{j} ({p.sub_event_type}, {p.date}, {p.locality or p.admin1})"
                    f" repeats gold #{i}"
                )
    share = 1 - with_duplicates / scored if scored else 0.0
    print(
        f"articles with a prediction: {scored}; holding an incident twice: {with_duplicates};"
        f" no-duplicate rate {share:.3f}"
    )


if __name__ == "__main__":
    main()
