"""Embedded-engine accuracy with candidate-constrained decoding on and off, and the share of ungrounded values.

Runs the eval split twice on the local backend (in process), prints per-field accuracy side by side, record
F1, seconds per article, and how many proposed values grounding dropped because their quote was not in the
article. A script that prints figures, not a test. Usage:

    python benchmarks/candidate_mode.py [--split dev|test] [--out runs/candidates]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor import (
    Config,  # noqa: E402
    Extractor,  # noqa: E402
)
from extractor.evals.runner import run_eval  # noqa: E402
from extractor.schemas import SURFACE_FIELDS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def ungrounded_share(run) -> tuple[int, int]:
    """(values dropped as ungrounded, values the model proposed) over all predicted incidents."""
    dropped = proposed = 0
    for prediction in run.predictions.values():
        for incident in prediction.incidents if prediction else ():
            drops = sum(note.startswith("dropped ungrounded") for note in incident.notes)
            dropped += drops
            kept = sum(1 for name in SURFACE_FIELDS if name != "type_quote" and name in incident.evidence)
            proposed += drops + kept + ("event_type" in incident.evidence)
    return dropped, proposed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split",
        default="dev",
        choices=["dev", "test", "all"],
        help="dev while working on prompts or candidates; test only for reported figures",
    )
    parser.add_argument("--out", default="runs/candidate-mode")
    args = parser.parse_args()
    split = None if args.split == "all" else args.split
    runs = {}
    for mode in (True, False):
        out = Path(args.out) / ("candidates" if mode else "free-text")
        with Extractor(Config(candidate_mode=mode)) as extractor:
            runs[mode] = run_eval(extractor, ROOT / "evals", out, split=split, bootstrap=200)
    on, off = runs[True], runs[False]
    print(f"split {args.split}: {on.meta['n_articles']} articles, model {on.meta['model']}")
    print(f"{'field':<16}{'candidates':>12}{'free text':>12}")
    for name, stats in on.report.fields.items():
        print(f"{name:<16}{_pct(stats.accuracy):>12}{_pct(off.report.fields[name].accuracy):>12}")
    print(f"{'record F1':<16}{_pct(on.report.records.f1):>12}{_pct(off.report.records.f1):>12}")
    for label, run in (("candidates", on), ("free text", off)):
        dropped, proposed = ungrounded_share(run)
        share = dropped / proposed if proposed else 0.0
        print(
            f"{label}: {run.meta['seconds_per_article']} s/article, failed {run.meta['n_failed']}, "
            f"ungrounded values dropped {dropped}/{proposed} ({share:.1%}), tokens {json.dumps(run.meta['usage'])}"
        )


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


if __name__ == "__main__":
    main()
