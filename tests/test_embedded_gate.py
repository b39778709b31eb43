"""Regression gate for the embedded engine's decomposed path: the dev split, in process, for real.

Runs SmolLM2 through llama.cpp (the ``embedded`` marker; needs the [local] extra) on the dev split with the
default configuration (strategy decomposed) and requires the two score reports to equal the committed
``evals/reports/embedded-dev.json`` and ``embedded-dev-primary.json``. A change to the mentions, the
questions, the heuristics, the option scoring or the normalizers that moves any number fails here, and the
move shows in the reports' diff once they are regenerated:

    EXTRACTOR_REGENERATE_REPORTS=1 .venv/bin/python -m pytest tests/test_embedded_gate.py

which also writes ``embedded-dev-run.json`` (timings and tokens of that run; never compared). About a
minute on two cores.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extractor import Config, Extractor
from extractor.evals.runner import PRIMARY_SCORE_FILE, SCORE_FILE, run_eval

ROOT = Path(__file__).resolve().parents[1]
EVALS = ROOT / "evals"
REPORTS = {
    SCORE_FILE: EVALS / "reports" / "embedded-dev.json",
    PRIMARY_SCORE_FILE: EVALS / "reports" / "embedded-dev-primary.json",
}
RUN_META = EVALS / "reports" / "embedded-dev-run.json"
REGENERATE = os.environ.get("EXTRACTOR_REGENERATE_REPORTS", "") not in ("", "0")


def _summary(report: dict) -> str:
    fields = "\n".join(f"  {k}: {v['accuracy']}" for k, v in report["fields"].items())
    return f"records f1 {report['records']['f1']}\n{fields}"


@pytest.mark.embedded
def test_embedded_decomposed_engine_on_the_dev_split(tmp_path):
    with Extractor(Config()) as extractor:
        assert extractor.engine.backend == "local" and extractor.decomposed
        run = run_eval(extractor, EVALS, tmp_path, split="dev")
    assert run.meta["n_failed"] == 0, run.failures
    if REGENERATE:
        meta = {**run.meta, "evals_dir": "evals"}
        RUN_META.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    for name, committed in REPORTS.items():
        produced = (tmp_path / name).read_text(encoding="utf-8")
        if REGENERATE:
            committed.write_text(produced, encoding="utf-8")
        if not committed.is_file():
            pytest.fail(f"{committed.relative_to(ROOT)} is missing: run with EXTRACTOR_REGENERATE_REPORTS=1")
        expected = json.loads(committed.read_text(encoding="utf-8"))
        now = json.loads(produced)
        assert now == expected, (
            f"{committed.relative_to(ROOT)} no longer matches the embedded run; if the change is intended, "
            f"regenerate with EXTRACTOR_REGENERATE_REPORTS=1.\nnow:\n{_summary(now)}\ncommitted:\n{_summary(expected)}"
        )
