"""The HTML and PDF variants of dev articles (evals/real/formats, scripts/make_format_variants.py) read back as the
plain text they were made from: the same paragraphs, the same line breaks, the date from the page or manifest
(issue 18 item 5: the same articles score alike in every format)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractor import Config, Extractor
from extractor.ingest import Manifest, read_path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "evals" / "real"
FORMATS = REAL / "formats"
HTML = sorted(FORMATS.glob("html/*.html"))
PDF = sorted(FORMATS.glob("pdf/*.pdf"))
#: The one line of invented site chrome a printed page keeps (the print stylesheet hides nav, aside and links).
FOOTER = re.compile(r"^© .*\. All rights reserved\.$")


def paragraphs(text: str) -> list[str]:
    """Paragraphs with their line breaks, spaces inside a line collapsed."""
    return [
        "\n".join(" ".join(line.split()) for line in part.strip().splitlines())
        for part in re.split(r"\n\s*\n", text)
        if part.strip()
    ]


def gold(article_id: str) -> dict:
    return json.loads((REAL / "gold" / f"{article_id}.json").read_text(encoding="utf-8"))


def test_there_are_enough_variants_and_all_of_dev_english_articles():
    assert len(HTML) >= 10 and len(PDF) >= 5
    for path in HTML + PDF:
        labels = gold(path.stem)
        assert (labels["split"], labels["language"]) == ("dev", "en"), path.name


@pytest.mark.parametrize("path", PDF, ids=lambda p: p.stem)
def test_a_browser_printed_pdf_reads_back_as_the_article_paragraph_for_paragraph(path):
    """Chromium sets the lines 1.5 type sizes apart; the reader takes the page's own line-height, so wrapped lines
    rejoin into their paragraph and short lines (a list of links, a byline) keep their line breaks."""
    document = read_path(path, manifest=Manifest.in_folder(path.parent))
    expected = paragraphs((REAL / "articles" / f"{path.stem}.txt").read_text(encoding="utf-8"))
    got = [p for p in paragraphs(document.text) if not FOOTER.match(p)]
    differing = [(a, b) for a, b in zip(expected, got, strict=False) if a != b]
    assert len(got) == len(expected)
    # At most one boilerplate paragraph may differ, by one line break read as a wrap (a line that nearly fills
    # the column); never a paragraph of the article's prose.
    assert len(differing) <= 1, differing
    for a, b in differing:
        assert a.replace("\n", " ") == b.replace("\n", " ")
    assert (document.format, document.published, document.published_from) == (
        "pdf",
        gold(path.stem)["published"],
        "manifest" if gold(path.stem)["published"] else "none",
    )


@pytest.mark.parametrize("path", HTML, ids=lambda p: p.stem)
def test_an_html_page_reads_back_as_the_article_with_its_date_from_the_page(path):
    document = read_path(path)
    labels = gold(path.stem)
    expected = paragraphs((REAL / "articles" / f"{path.stem}.txt").read_text(encoding="utf-8"))
    text = " ".join(document.text.split())
    # every paragraph of the article after the masthead (which the page puts in its header) is in the main text
    missing = [p for p in expected[1:] if " ".join(p.split()) not in text]
    assert not missing
    # the invented chrome (a "most read" box, the footer's links) is not text
    assert "Weather service expects heavy rain" not in document.text and "Terms of use" not in document.text
    if labels["published"]:
        assert (document.published, document.published_from) == (labels["published"], "metadata")
    assert document.url and document.url.startswith(f"https://news.example.org/{path.stem}/")


def test_the_rules_engine_finds_the_same_incidents_in_the_pdf_and_the_text():
    path = PDF[0]
    document = read_path(path, manifest=Manifest.in_folder(path.parent))
    text = (REAL / "articles" / f"{path.stem}.txt").read_text(encoding="utf-8")
    with Extractor(Config(backend="rules")) as extractor:
        from_text = extractor.extract(text, published=document.published, article_id=path.stem)
        from_pdf = extractor.extract(document.text, published=document.published, article_id=path.stem)

    def fields(result):
        return [i.model_dump(exclude={"evidence", "notes", "confidence"}) for i in result.incidents]

    assert from_text.incidents and fields(from_pdf) == fields(from_text)
    for incident in from_pdf.incidents:
        for span in incident.evidence.values():
            assert document.text[span.start : span.end] == span.quote
