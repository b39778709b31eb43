"""Render real-structure dev articles as HTML pages and PDFs, so a run on them can be compared with the plain text.

    python scripts/make_format_variants.py [--html 16] [--pdf 8] [--chromium chromium]

Takes the first ``--html`` English dev articles of evals/real (by id; the long report r119 aside: it has its own
benchmark) and writes each as a news page under evals/real/formats/html/ (the article's first paragraph, its
masthead, goes in the page header; the first short paragraph after it is the headline; every other paragraph is
a <p> of the article), wrapped in site chrome we invented: a navigation bar, a "most read" box, a footer, and
meta tags giving the title, site name, canonical URL and publication date. The first ``--pdf`` of them are
printed to PDF with headless Chromium under evals/real/formats/pdf/, with a manifest.csv giving each PDF's
publication date and source (a PDF carries none). The gold labels are not copied or changed: the variants are
scored against evals/real/gold by scripts/score_format_variants.py. Only the test split is never read.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "evals" / "real"
OUT = REAL / "formats"
SKIP = {"r119"}  # the long report: measured by benchmarks/long_report.py
# Our own invented chrome, the same on every page (nothing here is copied from a real site).
NAV = ("Home", "World", "Africa", "Middle East", "Asia", "Opinion", "Video", "Subscribe")
MOST_READ = (
    "Weather service expects heavy rain over the coast this weekend",
    "Central bank holds interest rates for a third month",
    "National team names squad for the regional cup qualifiers",
)
FOOTER = ("About us", "Contact", "Corrections", "Privacy", "Terms of use")
STYLE = """
body { font-family: Georgia, serif; margin: 0; color: #222; }
header, nav, footer, aside { font-family: Arial, sans-serif; }
header { background: #123; color: #fff; padding: 12px 24px; }
nav a { margin-right: 14px; color: #9cf; }
main { display: flex; gap: 32px; padding: 16px 24px; }
article { max-width: 680px; line-height: 1.5; }
aside { width: 220px; font-size: 14px; border-left: 1px solid #ccc; padding-left: 16px; }
footer { border-top: 1px solid #ccc; padding: 12px 24px; font-size: 13px; color: #555; }
@media print { nav, aside, footer .links { display: none; } main { display: block; } }
"""


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def headline_index(parts: list[str]) -> int:
    """The first short paragraph after the masthead that is no navigation or section line: the headline."""
    for n, part in enumerate(parts[1:], start=1):
        words = part.split()
        if 4 <= len(words) <= 25 and " | " not in part and " > " not in part and "\n" not in part:
            return n
    return 1


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def page(article_id: str, gold: dict, text: str) -> str:
    parts = paragraphs(text)
    n = headline_index(parts)
    masthead, before, headline, body = parts[0], parts[1:n], parts[n], parts[n + 1 :]
    source = gold.get("source") or masthead.split("|")[0].strip()
    published = gold.get("published")
    url = f"https://news.example.org/{article_id}/{slug(headline)}"
    e = html.escape
    meta = [
        '<meta charset="utf-8">',
        f"<title>{e(headline)} | {e(source)}</title>",
        f'<meta property="og:title" content="{e(headline)}">',
        f'<meta property="og:site_name" content="{e(source)}">',
        '<meta property="og:type" content="article">',
        f'<link rel="canonical" href="{e(url)}">',
    ]
    if published:
        meta += [
            f'<meta property="article:published_time" content="{published}T08:00:00+00:00">',
            f'<meta name="date" content="{published}">',
        ]
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        *meta,
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f'<div class="masthead">{"<br>".join(e(line) for line in masthead.splitlines())}</div>',
        "<nav>" + "".join(f'<a href="/{slug(item)}">{e(item)}</a>' for item in NAV) + "</nav>",
        "</header>",
        "<main>",
        "<article>",
    ]
    lines += [f'<p class="section">{e(part)}</p>' for part in before]
    lines.append(f"<h1>{e(headline)}</h1>")
    for part in body:
        lines.append("<p>" + "<br>".join(e(line) for line in part.splitlines()) + "</p>")
    lines += ["</article>", "<aside><h2>Most read</h2><ol>"]
    lines += [f'<li><a href="/story/{slug(title)}">{e(title)}</a></li>' for title in MOST_READ]
    lines += [
        "</ol></aside>",
        "</main>",
        "<footer>",
        '<div class="links">' + " · ".join(f'<a href="/{slug(item)}">{e(item)}</a>' for item in FOOTER) + "</div>",
        f"<p>© {e(source)}. All rights reserved.</p>",
        "</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(lines)


def dev_english() -> list[tuple[str, dict]]:
    chosen = []
    for path in sorted((REAL / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if gold["split"] == "dev" and gold.get("language") == "en" and gold["article_id"] not in SKIP:
            chosen.append((gold["article_id"], gold))
    return chosen


def print_pdf(chromium: str, page_path: Path, pdf_path: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={profile}",
                f"--print-to-pdf={pdf_path}",
                "--no-pdf-header-footer",
                page_path.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    if not pdf_path.is_file() or not pdf_path.read_bytes().startswith(b"%PDF-"):
        raise RuntimeError(f"chromium wrote no PDF for {page_path}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=int, default=16, help="how many articles to render as HTML")
    parser.add_argument("--pdf", type=int, default=8, help="how many of those to print to PDF")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args(argv)
    chosen = dev_english()[: args.html]
    (OUT / "html").mkdir(parents=True, exist_ok=True)
    (OUT / "pdf").mkdir(parents=True, exist_ok=True)
    for article_id, gold in chosen:
        text = (REAL / "articles" / f"{article_id}.txt").read_text(encoding="utf-8")
        (OUT / "html" / f"{article_id}.html").write_text(page(article_id, gold, text), encoding="utf-8")
    rows = []
    for article_id, gold in chosen[: args.pdf]:
        target = OUT / "pdf" / f"{article_id}.pdf"
        print_pdf(args.chromium, OUT / "html" / f"{article_id}.html", target)
        rows.append(
            {
                "path": target.name,
                "published": gold.get("published") or "",
                "source": gold.get("source") or "",
                "url": "",
            }
        )
    with (OUT / "pdf" / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["path", "published", "source", "url"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(chosen)} HTML pages and {len(rows)} PDFs under {OUT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
