"""Regression gate: the small model's one-call eval on the dev split, replayed from one cassette, must score
exactly as the committed reports say. The dev split, because the test split is for reported figures only:
scripts/record_cassettes.sh also writes the test split's reports for BENCHMARKS.md, once, when re-recording.

The cassette was recorded through the openai backend against ``python -m llama_cpp.server`` serving the
packaged SmolLM2 (candidate mode on, as the local backend's default), by ``scripts/record_cassettes.sh``.
Requests are matched on method, path and body, so a changed prompt, schema or candidate list fails here
until the cassette is re-recorded; a change in the scorer or the normalizers that moves any number fails
here until the committed report is regenerated, and the move shows in its diff.

Recording (``--record-mode`` other than ``none``) rewrites evals/reports/smollm2-oneshot-dev*.json from the fresh
run, which is how the script regenerates them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extractor import Config, Extractor
from extractor.evals.gold import load_gold_set
from extractor.evals.runner import ERRORS_FILE, PRIMARY_SCORE_FILE, SCORE_FILE, run_eval
from extractor.schemas import JUDGE_FIELDS

ROOT = Path(__file__).resolve().parents[1]
EVALS = ROOT / "evals"
REPORTS = {
    SCORE_FILE: EVALS / "reports" / "smollm2-oneshot-dev.json",
    PRIMARY_SCORE_FILE: EVALS / "reports" / "smollm2-oneshot-dev-primary.json",
}
#: Written when recording only (timings and token totals of the recording run); never compared.
RUN_META = EVALS / "reports" / "smollm2-oneshot-dev-run.json"
CASSETTE = Path(__file__).parent / "cassettes" / "test_eval_gate" / "test_one_call_small_model_on_the_dev_split.yaml"
BASE_URL = os.environ.get("EXTRACTOR_RECORD_BASE_URL", "http://127.0.0.1:8765/v1")
RERECORD = "re-record with scripts/record_cassettes.sh"


def gate_config() -> Config:
    # The request-shaping fields match tests/test_openai_engine.py; timeout and retries are not in the body.
    # A stale cassette surfaces as provider errors: with no transport retries they fail at once, not after
    # a minute of backoff per article. The long timeout lets a busy machine finish long articles when recording.
    return Config(
        backend="openai",
        model="smollm2",
        base_url=BASE_URL,
        api_key="placeholder-key",
        structured_output="json_object_schema",
        candidate_mode=True,
        transport_retries=0,
        timeout_s=1800.0,
    )


def _accuracy_lines(report: dict) -> str:
    fields = "\n".join(f"  {k}: {v['accuracy']}" for k, v in report["fields"].items())
    return f"records f1 {report['records']['f1']}\n{fields}"


@pytest.mark.vcr
def test_one_call_small_model_on_the_dev_split(tmp_path, record_mode):
    recording = record_mode != "none"
    if not recording and not CASSETTE.is_file():
        pytest.fail(f"the gate cassette {CASSETTE.name} is missing: {RERECORD}")
    with Extractor(gate_config()) as extractor:
        run = run_eval(extractor, EVALS, tmp_path, split="dev")

    # Replay never reaches a server: a provider error means a request found no recorded answer.
    failures = [json.loads(line) for line in (tmp_path / ERRORS_FILE).read_text().splitlines()]
    unmatched = [f["article_id"] for f in failures if f["kind"] in ("provider", "rate_limit")]
    assert not unmatched, (
        f"requests of {unmatched} are not in the cassette (prompt, schema or candidates changed?): {RERECORD}"
    )
    assert run.meta["model"] == "smollm2" and run.meta["config"]["candidate_mode_effective"] is True
    assert_every_value_is_grounded(run)

    if recording:
        RUN_META.parent.mkdir(parents=True, exist_ok=True)
        meta = {**run.meta, "evals_dir": "evals"}  # not this machine's absolute path
        RUN_META.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    for name, committed in REPORTS.items():
        produced = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        if recording:
            committed.parent.mkdir(parents=True, exist_ok=True)
            committed.write_text((tmp_path / name).read_text(encoding="utf-8"), encoding="utf-8")
        expected = json.loads(committed.read_text(encoding="utf-8"))
        assert produced == expected, (
            f"{committed.relative_to(ROOT)} no longer matches the replayed eval; if the change is intended, "
            f"{RERECORD}.\nnow:\n{_accuracy_lines(produced)}\ncommitted:\n{_accuracy_lines(expected)}"
        )


def assert_every_value_is_grounded(run) -> None:
    """Every non-null field of every predicted incident has evidence slicing the article to its quote."""
    texts = {article_id: text for article_id, (_, text) in load_gold_set(EVALS, "dev").items()}
    for article_id, prediction in run.predictions.items():
        for n, incident in enumerate(prediction.incidents if prediction else ()):
            values = incident.model_dump(exclude={"evidence", "notes", "date_precision", *JUDGE_FIELDS})
            missing = [name for name, value in values.items() if value is not None and name not in incident.evidence]
            assert not missing, f"{article_id} incident {n}: no evidence for {missing}"
            for name, evidence in incident.evidence.items():
                text = texts[article_id]
                assert text[evidence.start : evidence.end] == evidence.quote, f"{article_id} incident {n} {name}"


def test_gate_cassette_holds_no_credentials():
    if not CASSETTE.is_file():
        pytest.skip("no gate cassette yet")
    raw = CASSETTE.read_text(encoding="utf-8")
    assert "placeholder-key" not in raw and "authorization" not in raw.lower()
