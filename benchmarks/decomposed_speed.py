"""Seconds per article of the embedded engine on the decomposed path, in process (prints figures).

    python benchmarks/decomposed_speed.py [--split test] [--strategy decomposed|one_call]

Loads the model and the gazetteer first (not timed), then extracts every article of the split once and
prints wall and CPU seconds per article, tokens evaluated per article, and the machine's load average, since
other work on a shared machine slows llama.cpp down. The target for the embedded engine is 3 s per article
on two cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from extractor import Config, Extractor
from extractor.evals.gold import load_gold_set

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="test")
    parser.add_argument("--strategy", default="decomposed")
    args = parser.parse_args()
    gold = load_gold_set(ROOT / "evals", args.split)
    with Extractor(Config(strategy=args.strategy)) as extractor:
        extractor.extract("Gunmen shot dead two police officers in Kano on Monday.", published="2021-03-09")  # warm-up
        walls, cpus, tokens = [], [], []
        load_before = os.getloadavg()[0]
        for article_id, (article, text) in sorted(gold.items()):
            wall, cpu = time.perf_counter(), time.process_time()
            result = extractor.extract(text, published=article.published, source=article.source, article_id=article_id)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            tokens.append(result.provenance.usage.prompt_tokens + result.provenance.usage.completion_tokens)
    print(
        f"{len(walls)} articles of {args.split}, strategy {args.strategy}, load average {load_before:.1f} -> {os.getloadavg()[0]:.1f}"
    )
    print(
        f"wall s/article: mean {statistics.mean(walls):.2f}, median {statistics.median(walls):.2f}, max {max(walls):.2f}"
    )
    print(f"CPU s/article (all threads): mean {statistics.mean(cpus):.2f}")
    print(f"model tokens/article: mean {statistics.mean(tokens):.0f}")


if __name__ == "__main__":
    main()
