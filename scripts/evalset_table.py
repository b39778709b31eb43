"""Print the eval set's composition as the Markdown table in docs/eval.md: incidents per sub-event type and split,
primary incidents, protests and riots, articles, single-incident and empty articles.

    python scripts/evalset_table.py [EVALS_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from extractor.evals.gold import load_gold_set
from extractor.schemas import SUB_EVENT_TYPES
from extractor.schemas.vocab import EVENT_TYPE_OF

SPLITS = ("dev", "test")


def main(root: Path) -> None:
    gold = load_gold_set(root)
    articles = {split: [g for g, _ in gold.values() if g.split == split] for split in SPLITS}
    incidents = {split: [i for g in articles[split] for i in g.incidents] for split in SPLITS}

    def row(label: str, kind: str, counts: list[int], bold: bool = False) -> str:
        cells = [f"**{c}**" if bold else str(c) for c in counts]
        return f"| {label} | {kind} | " + " | ".join(cells) + " |"

    print("| event type | sub-event type | " + " | ".join(SPLITS) + " |")
    print("| --- | --- | " + " | ".join("---:" for _ in SPLITS) + " |")
    for sub in SUB_EVENT_TYPES:
        print(row(EVENT_TYPE_OF[sub], sub, [sum(i.sub_event_type == sub for i in incidents[s]) for s in SPLITS]))
    print(row("**all**", "**incidents**", [len(incidents[s]) for s in SPLITS], bold=True))
    print(row("", "primary incidents", [sum(i.primary for i in incidents[s]) for s in SPLITS]))
    print(
        row(
            "", "protests and riots", [sum(i.event_type in ("Protests", "Riots") for i in incidents[s]) for s in SPLITS]
        )
    )
    print(row("**all**", "**articles**", [len(articles[s]) for s in SPLITS], bold=True))
    print(row("", "with one incident", [sum(len(g.incidents) == 1 for g in articles[s]) for s in SPLITS]))
    print(row("", "with no incident", [sum(not g.incidents for g in articles[s]) for s in SPLITS]))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("evals"))
