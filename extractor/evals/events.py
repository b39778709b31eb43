"""Score event merging against the merge set's gold clusters (evals/merge/events-*.json).

Items are reports, ``(article_id, incident_index)``; a clustering is a partition of items into events.

* Pairwise: the pairs of items put in one event. precision = pairs both in a predicted and a gold event /
  predicted pairs; recall = the same / gold pairs; F1 their harmonic mean (null when a denominator is 0).
* B-cubed: per item, precision = |its predicted event ∩ its gold event| / |its predicted event| and recall
  = the same / |its gold event|, averaged over items; F1 of the two averages.

Two modes:
* from gold: the split's gold incidents are merged (``merge_events``) and scored: the merge step alone.
* end to end: a model's predictions for the split's articles are merged; each predicted incident is
  mapped to a gold incident by the scorer's per-article alignment (``matching.align``: optimal assignment
  on type, date and place). Metrics are computed on the mapped items only (predicted clusters relabelled
  with their gold items, gold clusters restricted to the mapped gold items), so extraction misses do not
  count twice; they are reported beside: unmatched predicted incidents (not scored), gold incidents with no
  prediction (missed), and ``pairwise_recall_all_gold``: recall over every gold pair, a pair with a missed
  item counting as not recovered.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from ..events import Event, merge_events
from ..schemas import ArticleExtraction, Provenance
from .gold import GoldArticle, GoldSetError, Split
from .matching import align
from .score import round_metric

__all__ = [
    "EVENTS_FORMAT",
    "ClusterScore",
    "GoldEvent",
    "GoldEvents",
    "Item",
    "MergeReport",
    "gold_extractions",
    "load_gold_events",
    "score_clusters",
    "score_end_to_end",
    "score_from_gold",
]

EVENTS_FORMAT = "incident-extractor.merge-gold/1"
REPORT_FORMAT = "incident-extractor.merge-score/1"
Item = tuple[str, int]


class GoldReportRef(BaseModel):
    article_id: str
    incident_index: int = Field(ge=0)


class GoldEvent(BaseModel):
    event_id: str
    description: str = ""
    kind: Literal["reported", "background_only", "distractor"]
    reports: list[GoldReportRef]


class GoldEvents(BaseModel):
    format: Literal["incident-extractor.merge-gold/1"]
    split: Split
    events: list[GoldEvent]

    def clusters(self) -> list[list[Item]]:
        return [[(r.article_id, r.incident_index) for r in e.reports] for e in self.events]


def load_gold_events(root: Path, split: Split, gold: Mapping[str, tuple[GoldArticle, str]]) -> GoldEvents:
    """Read ``root/events-<split>.json`` and check it covers every gold incident of ``gold`` exactly once."""
    path = root / f"events-{split}.json"
    try:
        events = GoldEvents.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as exc:
        raise GoldSetError(f"{path}: {exc}") from exc
    seen: dict[Item, str] = {}
    for event in events.events:
        for ref in event.reports:
            item = (ref.article_id, ref.incident_index)
            if item in seen:
                raise GoldSetError(f"{path}: {item} is in both {seen[item]} and {event.event_id}")
            seen[item] = event.event_id
    expected = {(aid, i) for aid, (article, _) in gold.items() for i in range(len(article.incidents))}
    if set(seen) != expected:
        missing, extra = sorted(expected - set(seen)), sorted(set(seen) - expected)
        raise GoldSetError(
            f"{path}: events do not cover the gold incidents exactly once (missing {missing[:5]}, unknown {extra[:5]})"
        )
    return events


class ClusterScore(BaseModel):
    """Pairwise and B-cubed precision, recall and F1 of one clustering against gold, with the counts."""

    n_items: int
    n_gold_events: int
    n_predicted_events: int
    gold_pairs: int
    predicted_pairs: int
    common_pairs: int
    pairwise_precision: float | None
    pairwise_recall: float | None
    pairwise_f1: float | None
    bcubed_precision: float | None
    bcubed_recall: float | None
    bcubed_f1: float | None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return round_metric(2 * p * r / (p + r)) if p + r else 0.0


def _pairs(clusters: Iterable[Sequence[Item]]) -> set[tuple[Item, Item]]:
    return {(a, b) for c in clusters for a in c for b in c if a < b}


def score_clusters(predicted: Sequence[Sequence[Item]], gold: Sequence[Sequence[Item]]) -> ClusterScore:
    """Compare two partitions of the same items (items in only one are ignored)."""
    gold_items = {i for c in gold for i in c}
    pred_items = {i for c in predicted for i in c}
    items = gold_items & pred_items
    predicted = [[i for i in c if i in items] for c in predicted]
    gold = [[i for i in c if i in items] for c in gold]
    predicted, gold = [c for c in predicted if c], [c for c in gold if c]
    p_pairs, g_pairs = _pairs(predicted), _pairs(gold)
    common = len(p_pairs & g_pairs)
    precision = round_metric(common / len(p_pairs)) if p_pairs else None
    recall = round_metric(common / len(g_pairs)) if g_pairs else None
    pred_of = {i: frozenset(c) for c in predicted for i in c}
    gold_of = {i: frozenset(c) for c in gold for i in c}
    if items:
        b_p = sum(len(pred_of[i] & gold_of[i]) / len(pred_of[i]) for i in items) / len(items)
        b_r = sum(len(pred_of[i] & gold_of[i]) / len(gold_of[i]) for i in items) / len(items)
        bp, br = round_metric(b_p), round_metric(b_r)
    else:
        bp = br = None
    return ClusterScore(
        n_items=len(items),
        n_gold_events=len(gold),
        n_predicted_events=len(predicted),
        gold_pairs=len(g_pairs),
        predicted_pairs=len(p_pairs),
        common_pairs=common,
        pairwise_precision=precision,
        pairwise_recall=recall,
        pairwise_f1=_f1(precision, recall),
        bcubed_precision=bp,
        bcubed_recall=br,
        bcubed_f1=_f1(bp, br),
    )


class PredictedItem(BaseModel):
    """One predicted incident in a merged event, and the gold incident it was aligned to (if any)."""

    article_id: str
    incident_index: int
    gold_index: int | None = None
    gold_event: str | None = None


class MergeReport(BaseModel):
    """What ``extractor eval events`` writes per mode."""

    format: str = REPORT_FORMAT
    mode: Literal["gold", "end_to_end"]
    split: str
    n_articles: int
    n_gold_incidents: int
    scores: ClusterScore
    unmatched_predicted: int = Field(default=0, description="predicted incidents aligned to no gold incident")
    missed_gold: int = Field(default=0, description="gold incidents with no aligned prediction")
    pairwise_recall_all_gold: float | None = Field(
        default=None, description="pairwise recall over all gold pairs; pairs with a missed incident count as lost"
    )
    articles_without_prediction: list[str] = Field(default_factory=list)
    events: list[list[PredictedItem]] = Field(default_factory=list, description="the predicted clusters")


_GOLD_PROVENANCE = Provenance(backend="gold", model="gold labels", prompt_hash="-", prompt_version="-")


def gold_extractions(gold: Mapping[str, tuple[GoldArticle, str]]) -> list[ArticleExtraction]:
    """The gold articles as ArticleExtraction records (what merge_events reads)."""
    return [
        ArticleExtraction(
            article_id=aid,
            published=a.published,
            source=a.source,
            incidents=list(a.incidents),
            provenance=_GOLD_PROVENANCE,
        )
        for aid, (a, _) in sorted(gold.items())
    ]


def _gold_event_of(events: GoldEvents) -> dict[Item, str]:
    return {(r.article_id, r.incident_index): e.event_id for e in events.events for r in e.reports}


def score_from_gold(
    gold: Mapping[str, tuple[GoldArticle, str]],
    events: GoldEvents,
    split: str,
) -> tuple[MergeReport, list[Event]]:
    """Merge the gold incidents and score the clusters: the merge step alone."""
    merged = merge_events(gold_extractions(gold))
    event_of = _gold_event_of(events)
    clusters = [[(r.article_id, r.incident_index) for r in e.reports] for e in merged]
    report = MergeReport(
        mode="gold",
        split=split,
        n_articles=len(gold),
        n_gold_incidents=len(event_of),
        scores=score_clusters(clusters, events.clusters()),
        events=[
            [PredictedItem(article_id=a, incident_index=i, gold_index=i, gold_event=event_of.get((a, i))) for a, i in c]
            for c in clusters
        ],
    )
    return report, merged


def score_end_to_end(
    predictions: Mapping[str, ArticleExtraction | None],
    gold: Mapping[str, tuple[GoldArticle, str]],
    events: GoldEvents,
    split: str,
) -> tuple[MergeReport, list[Event]]:
    """Merge a model's predictions for the split's articles and score them on the aligned items."""
    present = [p for aid, p in sorted(predictions.items()) if aid in gold and p is not None]
    merged = merge_events(present)
    mapping: dict[Item, Item] = {}
    unmatched = missed = 0
    for extraction in present:
        article = gold[extraction.article_id][0]
        pairs, gold_missed, false_positives = align(article.incidents, extraction.incidents)
        mapping.update({(extraction.article_id, p): (extraction.article_id, g) for g, p, _ in pairs})
        unmatched += len(false_positives)
        missed += len(gold_missed)
    without = sorted(aid for aid in gold if predictions.get(aid) is None)
    missed += sum(len(gold[aid][0].incidents) for aid in without)
    event_of = _gold_event_of(events)
    clusters = [
        [mapping[(r.article_id, r.incident_index)] for r in e.reports if (r.article_id, r.incident_index) in mapping]
        for e in merged
    ]
    gold_clusters = events.clusters()
    scores = score_clusters(clusters, gold_clusters)
    all_gold_pairs = len(_pairs(gold_clusters))
    report = MergeReport(
        mode="end_to_end",
        split=split,
        n_articles=len(gold),
        n_gold_incidents=len(event_of),
        scores=scores,
        unmatched_predicted=unmatched,
        missed_gold=missed,
        pairwise_recall_all_gold=round_metric(scores.common_pairs / all_gold_pairs) if all_gold_pairs else None,
        articles_without_prediction=without,
        events=[
            [
                PredictedItem(
                    article_id=r.article_id,
                    incident_index=r.incident_index,
                    gold_index=mapping.get((r.article_id, r.incident_index), (None, None))[1],
                    gold_event=event_of.get(mapping.get((r.article_id, r.incident_index), ("", -1))),
                )
                for r in e.reports
            ]
            for e in merged
        ],
    )
    return report, merged
