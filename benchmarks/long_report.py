"""Seconds per 1,000 words of the embedded engine on a long report (prints figures).

    python benchmarks/long_report.py [--backend local|rules] [--ids r119] [--repeat 1] [--threads N]

Issue 18's target: a long report through the embedded engine (the decomposed strategy) in at most 3 s per
1,000 words on two cores. The report is a long dev article of the real-structure eval set (r119, a 5,000-word
digest of 49 incidents); an id of another split is refused, so the test articles' text is never read. The model
and the gazetteer load first (not timed, a short warm-up article); then each report is extracted ``--repeat``
times and the script prints wall and CPU seconds, seconds per 1,000 words, incidents found against the gold
count with record P/R/F1 (the eval scorer), and the machine's load average before and after, since other work
on a shared machine slows llama.cpp down.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

# As the CLI does (extractor/cli): idle llama.cpp OpenMP threads sleep instead of spinning. Without it two threads
# on a shared two-core machine spin against each other and the figure says nothing about the CLI (BENCHMARKS.md).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from extractor import Config, Extractor  # noqa: E402  (after the OpenMP setting, read when llama.cpp loads)
from extractor.evals.gold import load_gold_set
from extractor.evals.score import score

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "evals" / "real"
TARGET_S_PER_1000_WORDS = 3.0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="local", help="local (SmolLM2, the default) or rules")
    parser.add_argument("--ids", nargs="+", default=["r119"], help="dev articles of evals/real to time")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--threads", type=int, default=None, help="llama.cpp threads (default: the engine's)")
    args = parser.parse_args(argv)
    for article_id in args.ids:
        split = json.loads((REAL / "gold" / f"{article_id}.json").read_text(encoding="utf-8"))["split"]
        if split != "dev":
            print(f"{article_id} is a {split} article: only dev articles are timed here", file=sys.stderr)
            return 2
    gold = {k: v for k, v in load_gold_set(REAL, "dev").items() if k in args.ids}
    config = Config(backend=args.backend, strategy="decomposed", n_threads=args.threads)
    rows = []
    with Extractor(config) as extractor:
        extractor.extract("Gunmen shot dead two police officers in Kano on Monday.", published="2021-03-09")  # warm-up
        load_before = os.getloadavg()[0]
        for article_id in args.ids:
            article, text = gold[article_id]
            words = len(text.split())
            walls, cpus = [], []
            for _ in range(args.repeat):
                wall, cpu = time.perf_counter(), time.process_time()
                result = extractor.extract(
                    text, published=article.published, source=article.source, article_id=article_id
                )
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            report = score({article_id: result}, {article_id: gold[article_id]}, bootstrap=0)
            rows.append(
                (
                    article_id,
                    words,
                    statistics.median(walls),
                    statistics.median(cpus),
                    result,
                    report,
                    len(article.incidents),
                )
            )
        load_after = os.getloadavg()[0]
    print(
        f"backend {args.backend} ({extractor.engine.model}), strategy decomposed, {args.repeat} run(s) each, "
        f"load average {load_before:.1f} -> {load_after:.1f}\n"
    )
    print(
        "| article | words | wall s | CPU s | s per 1,000 words | questions | tokens | incidents (gold) "
        "| record P / R / F1 |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    worst = 0.0
    for article_id, words, wall, cpu, result, report, n_gold in rows:
        per = wall / words * 1000
        worst = max(worst, per)
        r = report.records
        asked, tokens = result.provenance.attempts, result.provenance.usage.prompt_tokens
        print(
            f"| {article_id} | {words} | {wall:.1f} | {cpu:.1f} | {per:.2f} | {asked} | {tokens} "
            f"| {len(result.incidents)} ({n_gold}) | "
            f"{r.precision or 0:.3f} / {r.recall or 0:.3f} / {r.f1 or 0:.3f} |"
        )
    verdict = "within" if worst <= TARGET_S_PER_1000_WORDS else "OVER"
    print(f"\nslowest {worst:.2f} s per 1,000 words: {verdict} the target of {TARGET_S_PER_1000_WORDS} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
