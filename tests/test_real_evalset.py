"""The real-structure eval set (evals/real, issue 17): every file validates and pairs up, the two halves are equal,
every article names the real page it was rewritten from, copied labels occur in the text, and the set covers what
real reporting brings (roundups, updates, context, villages the gazetteer lacks, other languages, long reports).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from extractor.evals.gold import load_gold_set

REAL = Path(__file__).resolve().parents[1] / "evals" / "real"
COPIED_FIELDS = ("date_text", "site", "perpetrator", "claimed_by", "attributed_to", "target")
#: Continent of each country the set covers (ISO 3166 alpha-2), for the coverage check.
CONTINENT = {
    **dict.fromkeys("AE AF BD ID IL IN IQ LB LK MM NP PH PK PS SY TH TR YE".split(), "Asia"),
    **dict.fromkeys("BF CD CF CM ET KE LY ML MZ NE NG SD SO SS TD".split(), "Africa"),
    **dict.fromkeys("AR BO BR CL CO EC GT HN HT MX NI PE VE".split(), "Americas"),
    **dict.fromkeys("UA XK".split(), "Europe"),
}


@pytest.fixture(scope="module")
def real_set():
    return load_gold_set(REAL)


def _raw(article_id: str) -> dict:
    import json

    return json.loads((REAL / "gold" / f"{article_id}.json").read_text(encoding="utf-8"))


def test_articles_and_gold_files_pair_up_in_two_equal_halves(real_set):
    articles = {p.stem for p in (REAL / "articles").glob("*.txt")}
    assert articles == set(real_set)
    splits = Counter(gold.split for gold, _ in real_set.values())
    assert len(real_set) >= 120
    assert splits["dev"] == splits["test"]


def test_every_article_names_the_real_page_it_was_rewritten_from(real_set):
    for article_id in real_set:
        raw = _raw(article_id)
        pages = raw["based_on"] if isinstance(raw.get("based_on"), list) else [raw.get("based_on")]
        assert pages and all(isinstance(p, str) and p.startswith("http") for p in pages), article_id
        assert raw.get("language") in ("en", "fr", "es", "pt", "ar"), article_id


def test_copied_labels_occur_in_the_article(real_set):
    missing = [
        (article_id, n, field, getattr(incident, field))
        for article_id, (gold, text) in sorted(real_set.items())
        for n, incident in enumerate(gold.incidents)
        for field in COPIED_FIELDS
        if getattr(incident, field) is not None and getattr(incident, field).casefold() not in text.casefold()
    ]
    assert missing == []


def test_the_set_covers_what_real_reporting_brings(real_set):
    features = Counter(f for article_id in real_set for f in _raw(article_id).get("features", []))
    countries = {incident.country for gold, _ in real_set.values() for incident in gold.incidents}
    assert len(countries) >= 12
    assert len({CONTINENT[c] for c in countries if c in CONTINENT}) >= 4
    assert features["roundup"] >= 15
    assert features["live blog"] + features["NGO update"] + features["military update"] >= 10
    assert features["context"] >= 20
    assert features["ungazetteered"] >= 20
    languages = Counter(_raw(article_id)["language"] for article_id in real_set)
    assert sum(n for language, n in languages.items() if language != "en") >= 10


def test_three_long_reports_of_5000_words_and_20_incidents(real_set):
    long_reports = [
        article_id
        for article_id, (gold, text) in real_set.items()
        if len(text.split()) >= 5000 and len(gold.incidents) >= 20
    ]
    assert len(long_reports) >= 3


#: ACLED's actor type of a generic actor name (codebook 2024); state forces outside their own country are 8.
GENERIC_ACTOR_TYPES = (
    ("Military Forces of ", {1, 8}),
    ("Police Forces of ", {1, 8}),
    ("Protesters (", {6}),
    ("Rioters (", {5}),
    ("Civilians (", {7}),
    ("Unidentified Armed Group (", {3}),
)


def test_inter_codes_are_the_types_of_their_own_actors(real_set):
    """inter1 is actor1's type and inter2 actor2's, never the pair sorted low-first (the interaction is sorted)."""
    wrong = []
    for article_id in real_set:
        for index, incident in enumerate(_raw(article_id)["incidents"]):
            for actor_key, inter_key in (("actor1", "inter1"), ("actor2", "inter2")):
                name, code = incident.get(actor_key), incident.get(inter_key)
                allowed = next(
                    (types for prefix, types in GENERIC_ACTOR_TYPES if (name or "").startswith(prefix)), None
                )
                if allowed is not None and code is not None and code not in allowed:
                    wrong.append(f"{article_id}#{index} {actor_key}={name!r} {inter_key}={code}")
            codes = sorted(c for c in (incident.get("inter1"), incident.get("inter2")) if c)
            if incident.get("interaction") and len(codes) == 2:
                assert incident["interaction"] == 10 * codes[0] + codes[1], f"{article_id}#{index}"
    assert wrong == []
