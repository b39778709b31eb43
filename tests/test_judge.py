"""The judge step (extractor.judge): where each value came from, the signals, the score, needs_review and
confidence, the packaged weights, and the verdict in the CLI's table. Articles here are invented."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest
from _judge_support import attack_record, span_in
from rich.console import Console

from extractor import Config, Extractor
from extractor.cli.extract import incident_table
from extractor.judge import (
    JUDGED_FIELDS,
    Layout,
    Weights,
    choice_probabilities,
    field_signals,
    field_sources,
    judge,
    load_weights,
    score_fields,
)
from extractor.pipeline import FieldChoice
from extractor.schemas import ArticleExtraction, Evidence, Incident, Provenance

TEXT = (
    "Rebels torch market in river town\n\n"
    "NORTHPORT, March 3 (Wire) - Gunmen set fire to a market in the village of Kelvo on Tuesday, killing four "
    "traders, police said.\n\n"
    "Two shops nearby were also damaged, a trader said.\n\n"
    "Residents said the fire burned until dawn.\n\n"
    "The attack came a week after talks in Lakeside between the two sides collapsed.\n"
)
PUBLISHED = dt.date(2031, 3, 3)


def span(quote: str, nth: int = 0) -> Evidence:
    return span_in(TEXT, quote, nth=nth)


def record(**changes) -> Incident:
    values = {
        "date": dt.date(2031, 3, 1),
        "date_text": "on Tuesday",
        "admin1": "Northport",
        "locality": "Kelvo",
        "site": "talks in Lakeside",
        "perpetrator": "Rebels",
        "target": "four traders",
        "killed": 4,
        "evidence": {
            "sub_event_type": span("set fire to"),
            "date": span("on Tuesday"),
            "admin1": span("NORTHPORT"),
            "locality": span("Kelvo"),
            "site": span("Lakeside"),
            "perpetrator": span("Rebels"),
            "target": span("four traders"),
            "killed": span("killing four"),
        },
    }
    return attack_record(values, changes)


def flat(value: float) -> Weights:
    """Every field's intercept ``value``, no signal weights, threshold one half."""
    return Weights(
        intercepts={f: {"value": value, "null": value} for f in JUDGED_FIELDS}, weights={}, threshold=0.5, about={}
    )


def test_field_sources_say_where_each_value_stands():
    sources = field_sources(record(), Layout(TEXT))
    assert sources["locality"] == sources["target"] == sources["killed"] == sources["date"] == "event_sentence"
    assert sources["admin1"] == "dateline"
    assert sources["perpetrator"] == "headline"
    assert sources["site"] == "context"
    assert sources["country"] == "inferred"  # no span of its own: the gazetteer's
    assert sources["sub_event_type"] == "event_sentence"
    assert "weapon" not in sources and "injured" not in sources  # nulls have no source


def test_a_value_the_model_chose_over_the_heuristic_is_marked_model():
    choices = {("locality", "Kelvo"): FieldChoice(by_model=True, probability=0.6)}
    assert field_sources(record(), Layout(TEXT), choices)["locality"] == "model"


def test_choice_probability_becomes_a_doubt_signal():
    choices = {("locality", "Kelvo"): FieldChoice(probability=0.5), ("killed", "killing four"): FieldChoice()}
    assert choice_probabilities(record(), choices) == {"locality": 0.5, "killed": 1.0}
    incident = record(choice_probability={"locality": 0.5, "killed": 1.0})
    signals = field_signals(incident, field_sources(incident, Layout(TEXT)))
    assert signals["locality"]["choice:doubt"] == pytest.approx(math.log(2))
    assert "choice:doubt" not in signals["killed"]  # a sure choice is no reason to doubt


def test_notes_tolls_repeats_and_background_are_signals():
    toll = record(killed=250000, notes=["killed: vague count 'hundreds of thousands'"], primary=False)
    other = record(date=dt.date(2031, 2, 20))
    signals = field_signals(toll, field_sources(toll, Layout(TEXT)), article=[toll, other], published=PUBLISHED)
    assert {"large_count", "note", "background"} <= set(signals["killed"])
    assert "shared" not in signals["killed"] and "shared" in signals["locality"]  # both records name Kelvo
    assert signals["killed"]["incidents"] == pytest.approx(math.log(2))
    assert "shared" not in signals["date"]  # the other record has another date
    assert "source:dateline" in signals["admin1"] and "source:context" in signals["site"]
    old = record(date=dt.date(2029, 1, 1))
    assert "date:old" in field_signals(old, {}, published=PUBLISHED)["date"]
    today = record(date=PUBLISHED)
    assert "date:publication_day" in field_signals(today, {}, published=PUBLISHED)["date"]


def test_score_is_the_logistic_of_intercept_plus_weights():
    weights = Weights(
        intercepts={"admin1": {"value": -1.0, "null": 2.0}},
        threshold=0.5,
        about={},
        weights={"source:dateline": 0.5, "admin1.source:dateline": 1.0},
    )
    probability = score_fields(record(), {"admin1": {"source:dateline": 1.0}}, weights)["admin1"]
    assert probability == pytest.approx(1 / (1 + math.exp(-0.5)))
    assert score_fields(record(admin1=None), {"admin1": {}}, weights)["admin1"] == pytest.approx(1 / (1 + math.exp(-2)))
    # primary False (a background mention) takes primary's second intercept
    assert (
        score_fields(
            record(primary=False), {"primary": {}}, Weights({"primary": {"value": -5.0, "null": 5.0}}, {}, 0.5, {})
        )["primary"]
        > 0.99
    )


def test_judge_flags_fields_at_the_threshold_and_sets_confidence():
    weights = Weights(
        intercepts={f: {"value": -3.0, "null": -3.0} for f in JUDGED_FIELDS},
        weights={"source:dateline": 4.0},
        threshold=0.5,
        about={},
    )
    (judged,) = judge([record()], TEXT, published=PUBLISHED, weights=weights)
    assert judged.review_fields == ["admin1"] and judged.needs_review
    low, high = 1 / (1 + math.exp(3.0)), 1 / (1 + math.exp(-1.0))
    n = len(JUDGED_FIELDS)
    assert judged.confidence == pytest.approx(1 - (high + (n - 1) * low) / n, abs=1e-4)  # the expected share right
    assert judged.field_sources["admin1"] == "dateline"
    (reasked,) = judge(
        [record()],
        TEXT,
        published=PUBLISHED,
        reasks=2,
        weights=Weights(intercepts=weights.intercepts, weights={"reasks": 1.0}, threshold=0.5, about={}),
    )
    assert reasked.confidence < judged.confidence  # a one-call answer that took re-asks is doubted everywhere
    (calm,) = judge([record(admin1=None, evidence={})], TEXT, published=PUBLISHED, weights=weights)
    assert not calm.needs_review and calm.review_fields == []
    assert calm.confidence == pytest.approx(1 - low, abs=1e-4) and calm.confidence > judged.confidence
    (doubtful,) = judge([record()], TEXT, weights=flat(1.0))
    assert doubtful.needs_review and doubtful.review_fields == list(JUDGED_FIELDS)


def test_records_written_before_the_judge_load_with_defaults():
    old = record().model_dump(
        mode="json", exclude={"confidence", "needs_review", "review_fields", "field_sources", "choice_probability"}
    )
    loaded = Incident.model_validate(old)
    assert (
        loaded.confidence,
        loaded.needs_review,
        loaded.review_fields,
        loaded.field_sources,
        loaded.choice_probability,
    ) == (None, False, [], {}, {})
    with pytest.raises(ValueError):
        Incident.model_validate({**old, "confidence": 1.5})
    with pytest.raises(ValueError):
        Incident.model_validate({**old, "field_sources": {"site": "a rumour"}})


def test_packaged_weights_cover_every_field_and_say_how_they_were_fitted():
    weights = load_weights()
    assert set(weights.intercepts) == set(JUDGED_FIELDS)
    assert 0 < weights.threshold < 1
    assert weights.about["fitted_on"]["split"] == "dev" and "fitted_by" in weights.about
    assert weights.about["dev"]["flag_rate"] <= 0.30  # what the fit promised on the data it saw
    fields = {name.split(".", 1)[0] for name in weights.weights if "." in name}
    assert fields <= set(JUDGED_FIELDS)


def test_extract_table_shows_the_verdict():
    (flagged,) = judge([record()], TEXT, weights=flat(1.0))
    (calm,) = judge([record()], TEXT, weights=flat(-4.0))
    result = ArticleExtraction(
        article_id="a1",
        published=PUBLISHED,
        source=None,
        incidents=[flagged, calm],
        provenance=Provenance(model="m", backend="rules", prompt_hash="p", prompt_version="v"),
    )
    console = Console(record=True, width=400)
    console.print(incident_table([result]))
    out = console.export_text()
    assert "needs review: primary" in out and "ok (0.98)" in out


def test_every_record_of_the_decomposed_path_is_judged():
    text = (
        "Gunmen stormed the village of Tarnow in the north on Monday and killed six farmers, officials said. "
        "Police said the attackers fled into the forest.\n"
    )
    with Extractor(Config(backend="rules")) as extractor:
        result = extractor.extract(text, published="2031-06-11")
    assert result.incidents
    for incident in result.incidents:
        assert incident.confidence is not None and 0 <= incident.confidence <= 1
        assert incident.needs_review == bool(incident.review_fields)
        assert incident.field_sources.get("sub_event_type") == "event_sentence"
        assert all(0 < p <= 1 for p in incident.choice_probability.values()) and incident.choice_probability
    assert json.loads(result.model_dump_json())["incidents"][0]["needs_review"] in (True, False)


def test_a_record_does_not_share_values_with_itself():
    weights = Weights(
        intercepts={f: {"value": -3.0, "null": -3.0} for f in JUDGED_FIELDS},
        weights={"shared": 4.0},
        threshold=0.5,
        about={},
    )
    (alone,) = judge([record()], TEXT, weights=weights)
    assert not alone.needs_review
    first, _ = judge([record(), record(killed=9, evidence={})], TEXT, weights=weights)
    assert "locality" in first.review_fields and "killed" not in first.review_fields
