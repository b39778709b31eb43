"""Score the same dev articles as plain text, as HTML pages and as PDFs, and print how far apart the runs are.

    python scripts/score_format_variants.py [--backend rules|local|openai ...] [--out runs/formats]

The variants are those scripts/make_format_variants.py wrote under evals/real/formats/{html,pdf}/. Each kind
is run on the articles it has: the plain text as ``extractor eval run`` reads it (gold publication date), the
HTML and PDF files through ingest as ``extract`` reads them (the page's metadata; the PDF folder's manifest.csv),
all scored against the unchanged gold of evals/real. Prints record P/R/F1 and field accuracy (all scored fields
pooled, and per field) for text vs HTML and text vs PDF on the same articles, and writes a run directory per
kind (``predictions.jsonl``, ``score.json``) under ``--out`` for ``extractor eval compare``. Issue 18 asks the
format runs to stay within 0.05 of the text run. Only dev articles exist as variants; test is never read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extractor import Config, Extractor
from extractor.errors import ExtractorError
from extractor.evals.gold import load_gold_set
from extractor.evals.runner import write_jsonl, write_scores
from extractor.evals.score import ScoreReport
from extractor.ingest import Manifest, annotate, read_path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "evals" / "real"
FORMATS = REAL / "formats"
TOLERANCE = 0.05


def variant_ids(kind: str) -> list[str]:
    suffix = {"html": ".html", "pdf": ".pdf"}[kind]
    return sorted(p.stem for p in (FORMATS / kind).glob(f"*{suffix}"))


def pooled_accuracy(report: ScoreReport) -> float | None:
    """(TP+TN)/n over every scored field's outcomes together: one figure for "field accuracy"."""
    right = sum(f.TP + f.TN for f in report.fields.values())
    total = sum(f.n for f in report.fields.values())
    return right / total if total else None


def run_kind(extractor: Extractor, kind: str, ids: list[str], gold: dict, out: Path) -> tuple[ScoreReport, int]:
    """Extract ``ids`` in ``kind`` (text, html, pdf), score them, write a run directory; returns the report
    and how many articles failed."""
    manifest = Manifest.in_folder(FORMATS / "pdf") if kind == "pdf" else None
    predictions, failures = {}, 0
    for article_id in ids:
        article, text = gold[article_id]
        try:
            if kind == "text":
                predictions[article_id] = extractor.extract(
                    text, published=article.published, source=article.source, article_id=article_id
                )
                continue
            path = FORMATS / kind / f"{article_id}.{kind}"
            document = read_path(path, manifest=manifest)
            result = extractor.extract(
                document.text, published=document.published, source=document.source, article_id=article_id
            )
            predictions[article_id] = annotate(
                result,
                document.text,
                published_from=document.published_from,
                input_format=document.format,
                page_starts=document.page_starts,
            )
        except ExtractorError as error:
            print(f"  {kind} {article_id}: {error}", file=sys.stderr)
            predictions[article_id] = None
            failures += 1
    chosen = {article_id: gold[article_id] for article_id in ids}
    (out / kind).mkdir(parents=True, exist_ok=True)
    write_jsonl(out / kind / "predictions.jsonl", [p for p in predictions.values() if p is not None])
    report, _ = write_scores(out / kind, predictions, chosen, bootstrap=0)
    return report, failures


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def compare(name: str, text: ScoreReport, other: ScoreReport, kind: str) -> tuple[list[str], bool]:
    """Markdown rows for one pair of runs, and whether record F1 and pooled accuracy stay within TOLERANCE."""
    lines = [f"### text vs {kind} ({name})", "", f"| | text | {kind} | difference |", "| --- | --- | --- | --- |"]
    within = True
    pairs = [
        ("record precision", text.records.precision, other.records.precision),
        ("record recall", text.records.recall, other.records.recall),
        ("record F1", text.records.f1, other.records.f1),
        ("field accuracy (pooled)", pooled_accuracy(text), pooled_accuracy(other)),
    ]
    pairs += [(field, text.fields[field].accuracy, other.fields[field].accuracy) for field in text.fields]
    for label, a, b in pairs:
        diff = None if a is None or b is None else b - a
        if label in ("record F1", "field accuracy (pooled)") and (diff is None or abs(diff) > TOLERANCE):
            within = False
        lines.append(f"| {label} | {_num(a)} | {_num(b)} | {'-' if diff is None else f'{diff:+.3f}'} |")
    return lines + [""], within


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="rules", help="rules (default), local or openai")
    parser.add_argument("--model", default=None)
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--strategy", default=None)
    parser.add_argument("--threads", type=int, default=None, help="llama.cpp threads for the local backend")
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "formats")
    args = parser.parse_args(argv)
    gold = load_gold_set(REAL, "dev")
    html_ids, pdf_ids = variant_ids("html"), variant_ids("pdf")
    missing = sorted(set(html_ids + pdf_ids) - set(gold))
    if missing:
        print(f"not dev articles of evals/real: {', '.join(missing)}", file=sys.stderr)
        return 2
    overrides = {
        "backend": args.backend,
        "model": args.model,
        "base_url": args.base_url,
        "strategy": args.strategy,
        "n_threads": args.threads,
    }
    config = Config(**{k: v for k, v in overrides.items() if v is not None})
    out = args.out / config.backend
    with Extractor(config) as extractor:
        text_report, text_failed = run_kind(extractor, "text", html_ids, gold, out)
        html_report, html_failed = run_kind(extractor, "html", html_ids, gold, out)
        pdf_text = {i: gold[i] for i in pdf_ids}
        pdf_text_report = (
            text_report
            if pdf_ids == html_ids
            else run_kind(extractor, "text", pdf_ids, pdf_text, out / "pdf-subset")[0]
        )
        pdf_report, pdf_failed = run_kind(extractor, "pdf", pdf_ids, gold, out)
    name = f"backend {config.backend}, strategy {config.effective_strategy}"
    print(f"# Plain text vs HTML vs PDF on evals/real dev ({name})\n")
    print(
        f"{len(html_ids)} articles as HTML, {len(pdf_ids)} of them as PDF; failed: text {text_failed}, "
        f"html {html_failed}, pdf {pdf_failed}. Run directories under {out}.\n"
    )
    html_lines, html_ok = compare(f"{len(html_ids)} articles", text_report, html_report, "html")
    pdf_lines, pdf_ok = compare(f"{len(pdf_ids)} articles", pdf_text_report, pdf_report, "pdf")
    print("\n".join(html_lines + pdf_lines))
    print(
        f"within {TOLERANCE} (record F1 and pooled field accuracy): html {'yes' if html_ok else 'NO'}, "
        f"pdf {'yes' if pdf_ok else 'NO'}"
    )
    return 0 if html_ok and pdf_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
