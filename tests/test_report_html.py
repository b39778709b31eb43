"""HTML report tests: structure (chart, side-by-side table), evidence highlighting, escaping of hostile text."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from extractor.evals.gold import GoldArticle
from extractor.evals.report_html import highlight, render_html
from extractor.evals.score import score
from extractor.schemas import ArticleExtraction, Evidence, Incident, Provenance

PROV = Provenance(backend="test", model="m", prompt_hash="0" * 16, prompt_version="0" * 12)
TEXT = 'Gunmen attacked Abu Ghraib on Monday, killing 3. <script>alert("x")</script> & <img src=x onerror=alert(1)>'


def inc(**kw) -> Incident:
    base = dict(
        primary=True, event_type="Battles", sub_event_type="Armed clash", date=dt.date(2021, 3, 1), country="IQ"
    )
    return Incident(**{**base, **kw})


class Tags(HTMLParser):
    """Collects (tag, attrs) and the text inside each <td>, to check structure without a browser."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def having(self, tag: str, **attrs: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def build():
    start = TEXT.index("Abu Ghraib")
    evidence = {
        "locality": Evidence(quote="Abu Ghraib", start=start, end=start + 10, alignment="exact"),
        "killed": Evidence(
            quote="killing 3", start=TEXT.index("killing"), end=TEXT.index("killing") + 9, alignment="exact"
        ),
    }
    gold_incidents = [
        inc(locality="Abu Ghraib", killed=3),
        inc(event_type="Protests", sub_event_type="Peaceful protest", country="SY"),
    ]
    pred_incidents = [
        inc(locality="Abu Ghuraib", killed=2, evidence=evidence),
        inc(
            event_type="Riots",
            sub_event_type="Mob violence",
            date=dt.date(2020, 1, 1),
            country="NG",
            perpetrator="<b>bold</b>",
        ),
    ]
    gold = {"art<1>": (GoldArticle(article_id="art<1>", style="wire", split="dev", incidents=gold_incidents), TEXT)}
    predictions = {"art<1>": ArticleExtraction(article_id="art<1>", incidents=pred_incidents, provenance=PROV)}
    return score(predictions, gold, bootstrap=50), predictions, gold


def test_report_structure_and_escaping():
    report, predictions, gold = build()
    page = render_html(report, predictions, gold)
    parsed = Tags()
    parsed.feed(page)
    assert parsed.having("svg", **{"class": "chart"})
    # one bar per field with an accuracy: every schema field has matched pairs; ACLED fields gold never labels none
    assert len(parsed.having("rect")) == len([f for f in report.fields.values() if f.accuracy is not None]) == 19
    assert parsed.having("path")  # CI whiskers
    assert parsed.having("table", **{"class": "side-by-side"})
    # Hostile article text and values come out as text, never as tags.
    assert not parsed.having("script") and not parsed.having("img")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page  # Jinja2 (markupsafe) escapes " as &#34;
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<script" not in page.lower()
    # Self-contained: no external resources of any kind.
    assert "http://" not in page and "https://" not in page and "<link" not in page
    joined = "".join(parsed.text)
    assert '<script>alert("x")</script>' in joined  # the text survives, shown literally


def test_side_by_side_rows_and_outcome_colours():
    report, predictions, gold = build()
    page = render_html(report, predictions, gold)
    parsed = Tags()
    parsed.feed(page)
    rows = "".join(parsed.text)
    assert "matched (" in rows and "missed" in rows and "false positive" in rows
    classes = {a.get("class") for a in parsed.having("li")}
    assert {"o-TP", "o-FD"} <= classes  # locality fuzzy-equal (TP), killed 3 vs 2 (FD)
    section = parsed.having("section")
    assert section and section[0]["id"] == "a-art_1_"  # hostile id reduced to a safe anchor


def test_evidence_spans_are_highlighted():
    report, predictions, gold = build()
    page = render_html(report, predictions, gold)
    assert '<mark title="#0 locality">Abu Ghraib</mark>' in page
    assert '<mark title="#0 killed">killing 3</mark>' in page


def test_highlight_overlaps_and_bad_offsets():
    text = "abc <def> ghi"
    ev = lambda s, e: Evidence(quote=text[s:e], start=s, end=e, alignment="exact")  # noqa: E731
    incidents = [
        inc(
            evidence={
                "site": ev(0, 7),
                "target": ev(4, 9),
                "admin1": Evidence(quote="x", start=50, end=60, alignment="fuzzy"),
            }
        )
    ]
    out = highlight(text, incidents)
    assert out == (
        '<mark title="#0 site">abc </mark><mark title="#0 site, #0 target">&lt;de</mark>'
        '<mark title="#0 target">f&gt;</mark> ghi'
    )
    assert highlight(text, []) == "abc &lt;def&gt; ghi"


def test_report_without_matching_inputs_does_not_crash():
    report, _predictions, _gold = build()
    page = render_html(report, {}, {})
    assert "do not match this report" in page
