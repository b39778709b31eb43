"""The committed eval set itself: every file validates, articles and gold files pair up, each split
covers ACLED's whole typology, and every free-text label is copied from its article (evals/GUIDE.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.evals.gold import load_gold_article, load_gold_set
from extractor.schemas.vocab import SUB_EVENT_TYPES

EVALS = Path(__file__).resolve().parents[1] / "evals"
#: Free-text fields a labeler copies from the article (GUIDE 5-8).
COPIED_FIELDS = ("date_text", "admin1", "locality", "site", "perpetrator", "claimed_by", "attributed_to", "target")

#: Labels allowed to differ from the text, each with the GUIDE's reason: (article, field, value) -> why.
NOT_IN_TEXT: dict[tuple[str, str, str], str] = {
    ("e06", "admin1", "Al Hudaydah"): "GeoNames spelling of the governorate of Hodeidah, a well-known city (GUIDE 6)",
    ("e09", "admin1", "Banaadir"): "Mogadishu is a well-known city; GUIDE 6's own example",
    ("e09", "admin1", "Lower Shabeelle"): "GeoNames spelling of 'Lower Shabelle', named in the text",
    ("e12", "admin1", "Salah ad Din"): "GeoNames spelling of 'Salahuddin province', named in the text",
    ("e17", "admin1", "Valle del Cauca"): "Cali is a well-known city (GUIDE 6)",
    ("e17", "admin1", "Bogota D.C."): "Bogotá is a well-known capital (GUIDE 6)",
    ("e17", "admin1", "Antioquia"): "Medellín is a well-known city (GUIDE 6)",
    ("e19", "admin1", "Île-de-France"): "Paris is a well-known capital (GUIDE 6)",
    ("e19", "admin1", "Nouvelle-Aquitaine"): "Bordeaux is a well-known city (GUIDE 6)",
    (
        "e20",
        "admin1",
        "Khyber Pakhtunkhwa",
    ): "Peshawar is a well-known city; Charsadda is its neighbouring district town",
    ("e50", "admin1", "Santiago Metropolitan"): "Santiago is a well-known capital (GUIDE 6)",
    ("e62", "admin1", "Western Province"): "Colombo is a well-known capital (GUIDE 6)",
    ("e62", "admin1", "Central Province"): "Kandy is a well-known city (GUIDE 6)",
    ("e68", "admin1", "North Governorate"): "Tripoli (Lebanon) is a well-known city (GUIDE 6)",
    (
        "e69",
        "admin1",
        "Buenos Aires F.D.",
    ): "Buenos Aires is a well-known capital; GeoNames' name for the federal district",
    ("e78", "admin1", "Pichincha"): "Quito is a well-known capital (GUIDE 6)",
    ("e87", "admin1", "Al Hudaydah"): "GeoNames spelling of 'Hodeidah province', named in the text",
}


@pytest.fixture(scope="module")
def gold_set():
    return load_gold_set(EVALS)


def test_every_gold_file_validates_and_names_its_file():
    paths = sorted((EVALS / "gold").glob("*.json"))
    assert len(paths) >= 87
    for path in paths:
        assert load_gold_article(path).article_id == path.stem


def test_every_article_has_a_gold_file_and_vice_versa():
    articles = {p.stem for p in (EVALS / "articles").glob("*.txt")}
    golds = {p.stem for p in (EVALS / "gold").glob("*.json")}
    assert sorted(articles - golds) == [], "articles without a gold file"
    assert sorted(golds - articles) == [], "gold files without an article"


@pytest.mark.parametrize("split", ["dev", "test"])
def test_each_split_covers_every_sub_event_type(gold_set, split):
    seen = {inc.sub_event_type for gold, _ in gold_set.values() if gold.split == split for inc in gold.incidents}
    assert sorted(set(SUB_EVENT_TYPES) - seen) == []


@pytest.mark.parametrize("split", ["dev", "test"])
def test_protests_and_riots_are_a_sizeable_share_of_each_split(gold_set, split):
    incidents = [inc for gold, _ in gold_set.values() if gold.split == split for inc in gold.incidents]
    demonstrations = [inc for inc in incidents if inc.event_type in ("Protests", "Riots")]
    assert len(demonstrations) >= 0.2 * len(incidents)


def test_free_text_labels_are_copied_from_the_article(gold_set):
    missing = []
    for article_id, (gold, text) in sorted(gold_set.items()):
        folded = text.casefold()
        for n, incident in enumerate(gold.incidents):
            for field in COPIED_FIELDS:
                value = getattr(incident, field)
                if value is None or value.casefold() in folded or (article_id, field, value) in NOT_IN_TEXT:
                    continue
                missing.append(f"{article_id} incident {n}: {field} {value!r}")
    assert missing == []


def test_the_allow_list_has_no_stale_entries(gold_set):
    used = {
        (article_id, field, getattr(incident, field))
        for article_id, (gold, _) in gold_set.items()
        for incident in gold.incidents
        for field in COPIED_FIELDS
    }
    assert sorted(set(NOT_IN_TEXT) - used) == []
    for (article_id, field, value), reason in NOT_IN_TEXT.items():
        assert field in ("admin1", "locality") and reason, (article_id, field, value)
