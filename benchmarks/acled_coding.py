"""ACLED actor coding on an eval run: prints figures, asserts nothing.

    python benchmarks/acled_coding.py RUN_DIR [--evals evals] [--split test]

RUN_DIR is what ``extractor eval run --out RUN_DIR`` writes (its predictions.jsonl is read). Two figures per field
(actor1, actor2, inter1, inter2, interaction, civilian_targeting), all incidents and primary only:

- labelled: against the gold's own ACLED coding, where gold incidents carry it (evals/GUIDE.md section 14);
  "never labelled" when none does;
- rule-coded proxy: against the gold incidents coded by extractor.acled's own rules from their gold perpetrator,
  claimed_by and target. This measures what extraction errors cost the ACLED columns, not whether the rules agree
  with a human ACLED coder (that is the labelled figure).

Then the actor-column values kept as written (names no table knows), which should be names, never fragments.
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

from extractor.acled import code_actors
from extractor.evals.gold import GoldArticle, load_gold_set
from extractor.evals.score import load_predictions, score

FIELDS = ("actor1", "actor2", "inter1", "inter2", "interaction", "civilian_targeting")


def rule_coded(gold: dict) -> dict:
    """The gold set with every incident's ACLED fields coded by the export's rules from its gold actors."""
    out = {}
    for article_id, (article, text) in gold.items():
        incidents = []
        for incident in article.incidents:
            coding = code_actors(incident)
            incidents.append({**incident.model_dump(), **{name: getattr(coding, name) for name in FIELDS}})
        context = {"published": article.published} if article.published else {}
        out[article_id] = (GoldArticle.model_validate({**article.model_dump(), "incidents": incidents},
                                                      context=context), text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--evals", type=Path, default=Path("evals"))
    parser.add_argument("--split", choices=("dev", "test"), default=None)
    args = parser.parse_args()
    predictions = load_predictions(args.run_dir / "predictions.jsonl")
    gold = load_gold_set(args.evals, args.split)
    proxy = rule_coded(gold)
    for primary in (False, True):
        labelled = score(predictions, gold, primary_only=primary, bootstrap=0)
        coded = score(predictions, proxy, primary_only=primary, bootstrap=0)
        print(f"{'primary' if primary else 'all'} incidents ({len(gold)} articles, records F1 "
              f"{labelled.records.f1}):")
        print(f"  {'field':20} {'labelled':>22} {'rule-coded proxy':>22}")
        for name in FIELDS:
            a, b = labelled.fields[name], coded.fields[name]
            left = a.note or f"{a.accuracy} (n={a.n})"
            print(f"  {name:20} {left:>22} {f'{b.accuracy} (n={b.n})':>22}")
    kept = collections.Counter()
    for extraction in predictions.values():
        for incident in extraction.incidents:
            coding = code_actors(incident)
            written = {m.name for m in coding.mentions.values() if m is not None and m.kind == "as_written"}
            for column in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
                if getattr(coding, column) in written:
                    kept[(column, getattr(coding, column))] += 1
    print(f"actor columns kept as written: {sum(kept.values())}")
    for (column, value), n in kept.most_common():
        print(f"  {column}: {value!r} x{n}")


if __name__ == "__main__":
    main()
