"""Print a score.json (``extractor eval run``) as markdown: record P/R/F1 with intervals and a per-field table.

    python scripts/score_table.py runs/local/score.json

BENCHMARKS.md's accuracy tables are pasted from this script's output, so they come from a run, not from a hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _ci(ci: list[float] | None) -> str:
    return "-" if not ci else f"{ci[0]:.3f} - {ci[1]:.3f}"


def table(report: dict) -> str:
    records = report["records"]
    lines = ["| | value | 95% interval |", "| --- | --- | --- |"]
    for name in ("precision", "recall", "f1"):
        lines.append(f"| record {name} | {_num(records[name])} | {_ci(records.get(f'{name}_ci'))} |")
    counts = ", ".join(
        f"{k.replace('_', ' ')} {records[k]}" for k in ("matched", "false_positives", "missed") if k in records
    )
    lines += ["", counts, ""]
    lines.append("| field | n | TP | TN | FA | FN | FD | accuracy | precision | recall |")
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, f in report["fields"].items():
        lines.append(
            f"| {name} | {f['n']} | {f['TP']} | {f['TN']} | {f['FA']} | {f['FN']} | {f['FD']} | "
            f"{_num(f['accuracy'])} | {_num(f['precision'])} | {_num(f['recall'])} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python scripts/score_table.py SCORE_JSON\n")
        return 2
    sys.stdout.write(table(json.loads(Path(argv[0]).read_text(encoding="utf-8"))) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
