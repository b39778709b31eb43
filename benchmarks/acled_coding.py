"""ACLED actor coding on an eval run: prints figures, asserts nothing.

    python benchmarks/acled_coding.py [RUN_DIR] [--evals evals] [--split dev]

First, coding on gold (no RUN_DIR needed): every gold incident's ACLED fields coded by extractor.acled from its
own gold fields (perpetrator, claimed_by, attributed_to, target, event type, country, date) and compared with its
gold ACLED labels, with outcome counts. This separates coding errors from extraction errors: a miss here is the
coding rules' or tables', whatever the extraction does.

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

from extractor.acled import code_actors, code_incidents
from extractor.evals.gold import GoldArticle, load_gold_set
from extractor.evals.score import ACLED_FIELDS, acled_outcomes, load_predictions, score
from extractor.schemas import Incident

FIELDS = ("actor1", "actor2", "inter1", "inter2", "interaction", "civilian_targeting")


def rule_coded(gold: dict) -> dict:
    """The gold set with every incident's ACLED fields coded by the export's rules from its gold actors."""
    out = {}
    for article_id, (article, text) in gold.items():
        incidents = []
        for incident, coding in zip(article.incidents, code_incidents(article.incidents), strict=True):
            incidents.append({**incident.model_dump(), **{name: getattr(coding, name) for name in FIELDS}})
        context = {"published": article.published} if article.published else {}
        out[article_id] = (
            GoldArticle.model_validate({**article.model_dump(), "incidents": incidents}, context=context),
            text,
        )
    return out


def coding_on_gold(gold: dict) -> dict[str, collections.Counter]:
    """Outcome counts per ACLED field of the rules coding each gold incident from its own gold fields."""
    counts = {name: collections.Counter() for name in ACLED_FIELDS}
    for article, _ in gold.values():
        bare = [Incident.model_validate(i.model_dump(exclude=set(ACLED_FIELDS))) for i in article.incidents]
        for incident, alone, coding in zip(article.incidents, bare, code_incidents(bare), strict=True):
            for name, outcome in acled_outcomes(incident, alone, coding).items():
                counts[name][outcome] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path, nargs="?")
    parser.add_argument("--evals", type=Path, default=Path("evals"))
    parser.add_argument("--split", choices=("dev", "test"), default=None)
    args = parser.parse_args()
    gold = load_gold_set(args.evals, args.split)
    print(f"coding on gold ({len(gold)} articles, {sum(len(a.incidents) for a, _ in gold.values())} incidents):")
    for name, counts in coding_on_gold(gold).items():
        n = sum(counts.values())
        right = counts["TP"] + counts["TN"]
        shown = " ".join(f"{o}={counts[o]}" for o in ("TP", "TN", "FA", "FN", "FD"))
        print(f"  {name:20} {f'{right / n:.3f} ({right}/{n})' if n else 'never labelled':>18}  {shown}")
    if args.run_dir is None:
        return
    predictions = load_predictions(args.run_dir / "predictions.jsonl")
    proxy = rule_coded(gold)
    for primary in (False, True):
        labelled = score(predictions, gold, primary_only=primary, bootstrap=0)
        coded = score(predictions, proxy, primary_only=primary, bootstrap=0)
        print(f"{'primary' if primary else 'all'} incidents ({len(gold)} articles, records F1 {labelled.records.f1}):")
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
