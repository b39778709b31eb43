"""The merge scorer: pairwise and B-cubed figures on hand-computed cases, gold-file checks, end-to-end
mapping through the per-article alignment, and an HTML page that escapes article text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from events_fixtures import article, incident

from extractor.evals.events import (
    GoldEvents,
    load_gold_events,
    score_clusters,
    score_end_to_end,
    score_from_gold,
)
from extractor.evals.events_html import render_events_html
from extractor.evals.gold import GoldArticle, GoldSetError, load_gold_set

MERGE_SET = Path(__file__).resolve().parents[1] / "evals" / "merge"


def test_pairwise_and_bcubed_by_hand():
    gold = [[("a", 0), ("b", 0), ("c", 0)], [("d", 0)]]
    predicted = [[("a", 0), ("b", 0)], [("c", 0), ("d", 0)]]
    s = score_clusters(predicted, gold)
    # gold pairs ab ac bc; predicted pairs ab cd; in common ab
    assert (s.gold_pairs, s.predicted_pairs, s.common_pairs) == (3, 2, 1)
    assert (s.pairwise_precision, s.pairwise_recall, s.pairwise_f1) == (0.5, 0.3333, 0.4)
    # per item precision a 1, b 1, c 1/2, d 1/2; recall a 2/3, b 2/3, c 1/3, d 1
    assert (s.bcubed_precision, s.bcubed_recall, s.bcubed_f1) == (0.75, 0.6667, 0.7059)


def test_perfect_and_singleton_clusterings():
    gold = [[("a", 0), ("b", 0)], [("c", 0)]]
    perfect = score_clusters(gold, gold)
    assert perfect.pairwise_f1 == perfect.bcubed_f1 == 1.0
    singletons = score_clusters([[("a", 0)], [("b", 0)], [("c", 0)]], gold)
    assert singletons.pairwise_precision is None and singletons.pairwise_recall == 0.0  # no predicted pairs
    assert singletons.bcubed_precision == 1.0 and singletons.bcubed_recall == round((0.5 + 0.5 + 1) / 3, 4)


def small_set() -> tuple[dict[str, tuple[GoldArticle, str]], GoldEvents]:
    day = dict(date=dt.date(2021, 3, 2), date_text="on Tuesday", date_precision="day", weapon="rocket")
    g1 = GoldArticle(
        article_id="g1",
        published=dt.date(2021, 3, 3),
        source="Wire A",
        style="wire",
        split="dev",
        incidents=[incident(**day, killed=3)],
    )
    g2 = GoldArticle(
        article_id="g2",
        published=dt.date(2021, 3, 3),
        source="Wire B",
        style="wire",
        split="dev",
        incidents=[
            incident(**day, killed=5),
            incident(
                primary=False,
                date=dt.date(2021, 1, 1),
                date_text="in January",
                date_precision="month",
                locality="Mosul",
                admin1="Nineveh",
                weapon="ied",
                event_type="Explosions/Remote violence",
                sub_event_type="Remote explosive/landmine/IED",
            ),
        ],
    )
    gold = {"g1": (g1, "Rockets hit <script>alert(1)</script> Baghdad\nbody"), "g2": (g2, "Second wire\nbody")}
    events = GoldEvents.model_validate(
        {
            "format": "incident-extractor.merge-gold/1",
            "split": "dev",
            "events": [
                {
                    "event_id": "ev-1",
                    "kind": "reported",
                    "description": "rockets <b>Baghdad</b>",
                    "reports": [{"article_id": "g1", "incident_index": 0}, {"article_id": "g2", "incident_index": 0}],
                },
                {"event_id": "ev-2", "kind": "background_only", "reports": [{"article_id": "g2", "incident_index": 1}]},
            ],
        }
    )
    return gold, events


def test_from_gold_merges_the_gold_incidents():
    gold, events = small_set()
    report, merged = score_from_gold(gold, events, "dev")
    assert report.scores.pairwise_f1 == 1.0 and report.scores.n_items == 3 and len(merged) == 2


def test_end_to_end_maps_predictions_to_gold_and_counts_what_does_not_map():
    gold, events = small_set()
    rocket = dict(date=dt.date(2021, 3, 2), date_text="on Tuesday", date_precision="day", weapon="rocket")
    predictions = {
        # g1: the rocket attack, plus a spurious protest in another country that matches no gold incident
        "g1": article(
            "g1",
            "2021-03-03",
            "Wire A",
            incident(**rocket, killed=4),
            incident(
                event_type="Protests", sub_event_type="Peaceful protest", country="FR", admin1=None, locality="Paris"
            ),
        ),
        # g2: the attack only (the background mention is missed)
        "g2": article("g2", "2021-03-03", "Wire B", incident(**rocket)),
    }
    report, _ = score_end_to_end(predictions, gold, events, "dev")
    assert report.unmatched_predicted == 1 and report.missed_gold == 1
    assert report.scores.n_items == 2 and report.scores.pairwise_f1 == 1.0  # g1#0 and g2#0 merged, as in gold
    assert report.pairwise_recall_all_gold == 1.0  # the only gold pair was found
    report, _ = score_end_to_end({"g1": predictions["g1"]}, gold, events, "dev")
    assert report.articles_without_prediction == ["g2"] and report.missed_gold == 2
    assert report.pairwise_recall_all_gold == 0.0


def test_gold_events_must_cover_every_gold_incident_once(tmp_path):
    gold, events = small_set()
    broken = events.model_dump()
    broken["events"] = broken["events"][:1]
    (tmp_path / "events-dev.json").write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(GoldSetError, match="exactly once"):
        load_gold_events(tmp_path, "dev", gold)


def test_html_shows_the_clusters_and_escapes_article_text():
    gold, events = small_set()
    report, merged = score_from_gold(gold, events, "dev")
    page = render_events_html("dev", gold, events, [("from gold", report, merged)])
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>Baghdad</b>" not in page
    assert "g1#0" in page and "ev-1" in page and "pairwise" in page


@pytest.mark.skipif(not (MERGE_SET / "events-dev.json").is_file(), reason="merge set not present")
def test_the_merge_set_loads_as_an_eval_set():
    # `extractor eval run --evals-dir evals/merge` reads it like evals/: gold/ and articles/
    gold = load_gold_set(MERGE_SET, "dev")
    events = load_gold_events(MERGE_SET, "dev", gold)
    report, _ = score_from_gold(gold, events, "dev")
    assert report.scores.n_items == sum(len(a.incidents) for a, _ in gold.values())
    assert report.scores.pairwise_f1 is not None and report.scores.pairwise_f1 >= 0.9
