"""scripts/calibrate_review.py: reading an eval run, the fit and its threshold, on small invented runs."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

from extractor.judge import JUDGED_FIELDS, score_fields
from extractor.schemas import ArticleExtraction, Evidence, Incident, Provenance

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "calibrate_review.py"
_spec = importlib.util.spec_from_file_location("calibrate_review", SCRIPT)
calibrate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(calibrate)


def incident(admin1_source: str) -> Incident:
    return Incident(
        primary=True,
        event_type="Battles",
        sub_event_type="Armed clash",
        country="KE",
        admin1="Upland",
        locality="Mero",
        evidence={"admin1": Evidence(quote="Upland", start=0, end=6, alignment="exact")},
        field_sources={"admin1": admin1_source, "locality": "event_sentence"},
    )


def rows(n: int = 60) -> list:
    """admin1 read from a dateline is wrong, from the event sentence right; every other field right."""
    out = []
    for k in range(n):
        source = "dateline" if k % 3 == 0 else "event_sentence"
        record = incident(source)
        signals = {
            name: ({"source:dateline": 1.0} if name == "admin1" and source == "dateline" else {})
            for name in JUDGED_FIELDS
        }
        wrong = {name: name == "admin1" and source == "dateline" for name in JUDGED_FIELDS}
        out.append((record, signals, wrong, f"a{k}"))
    return out


def test_the_fit_learns_a_signal_and_keeps_the_flag_rate_under_the_target():
    data = rows()
    weights = calibrate.fit(data, penalty=1.0, flag_rate=0.05)
    assert weights.weights["source:dateline"] > 1.0
    summary = calibrate.report(data, weights)
    assert summary["flag_rate"] <= 0.05 and summary["caught"] == 1.0  # the 20 dateline admin1s, nothing else
    for record, signals, wrong, _ in data:
        flagged = {f for f, p in score_fields(record, signals, weights).items() if p >= weights.threshold}
        assert flagged == {f for f, w in wrong.items() if w}


def test_the_own_factor_shrinks_a_fields_own_weight_more_than_the_shared_one():
    data = rows()
    light = calibrate.fit(data, penalty=1.0, flag_rate=0.05, own=1.0).weights
    heavy = calibrate.fit(data, penalty=1.0, flag_rate=0.05, own=100.0).weights
    # the one signal is admin1's: with a light own penalty the field's own weight shares it, with a heavy one the
    # shared weight carries it alone
    assert abs(heavy.get("admin1.source:dateline", 0.0)) < abs(light["admin1.source:dateline"])
    assert heavy["source:dateline"] > light["source:dateline"]


def test_load_run_reads_predictions_and_the_scorers_outcomes(tmp_path):
    records = [incident("dateline"), incident("event_sentence")]
    extraction = ArticleExtraction(
        article_id="x1",
        published=dt.date(2031, 1, 5),
        source=None,
        incidents=records,
        provenance=Provenance(
            backend="rules", model="rules", prompt_hash="p", prompt_version="v", strategy="decomposed"
        ),
    )
    (tmp_path / "predictions.jsonl").write_text(extraction.model_dump_json() + "\n", "utf-8")
    outcomes = {name: "TP" for name in JUDGED_FIELDS}
    score = {
        "articles": {
            "x1": {"pairs": [{"gold": 0, "pred": 1, "outcomes": {**outcomes, "admin1": "FD"}}]},
            "x2": {"pairs": [{"gold": 0, "pred": 0, "outcomes": outcomes}]},
        }
    }  # x2: no prediction
    (tmp_path / "score.json").write_text(json.dumps(score), "utf-8")
    (row,) = calibrate.load_run(tmp_path)
    record, signals, wrong, article = row
    assert article == "x1" and record.field_sources["admin1"] == "event_sentence"  # the pair's predicted record
    assert wrong["admin1"] and sum(wrong.values()) == 1
    assert signals["admin1"]["incidents"] > 0 and "source:dateline" not in signals["admin1"]


def test_cross_validation_reports_each_field_and_the_catch_at_the_budget():
    result = calibrate.cross_validate(rows(), penalty=1.0, flag_rate=0.05, folds=3)
    assert result["fields"]["admin1"] == {"flag_rate": pytest.approx(1 / 3, abs=1e-4), "caught": 1.0}  # datelines
    assert result["fields"]["country"]["caught"] is None  # no wrong country to catch
    assert result["caught_at_budget"] == 1.0  # 20 wrong of 960 fields: the top 5% (48) hold them all
    assert result["caught"] == 1.0 and result["flag_rate"] <= 0.05


def test_choose_penalty_keeps_the_one_whose_held_out_flags_catch_more():
    # A penalty so large the dateline signal is lost leaves every admin1 equally doubtful: the top 5% miss some.
    assert calibrate.choose_penalty(rows(), [1.0, 1e6], flag_rate=0.05, folds=3) == 1.0
    # Equal catches: the larger penalty, the simpler fit.
    assert calibrate.choose_penalty(rows(), [0.5, 1.0], flag_rate=0.05, folds=3) == 1.0


def test_check_needs_fit(monkeypatch, tmp_path):
    monkeypatch.setattr("sys.argv", ["calibrate_review.py", str(tmp_path), "--check", str(tmp_path)])
    with pytest.raises(SystemExit) as stop:
        calibrate.main()
    assert stop.value.code == 2  # argparse's usage error, before any run is read
