"""``extractor eval run|score|compare`` on small fixtures: tables, written files, and one-line errors (exit 2)."""

from __future__ import annotations

import json

import pytest
from test_eval_runner import make_eval_set, responder  # noqa: E402  (tests/ is on sys.path under pytest)
from typer.testing import CliRunner

from extractor.cli import app
from extractor.evals.gold import load_gold_set
from extractor.schemas import ArticleExtraction, Provenance

PROV = Provenance(backend="test", model="m", prompt_hash="0" * 16, prompt_version="0" * 12)


@pytest.fixture
def cli():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, ["eval", *args], catch_exceptions=False)

    return invoke


def write_predictions(path, evals, keep=lambda article_id, incidents: incidents):
    """Predictions copied from the gold labels (optionally altered): a perfect or a damaged system."""
    lines = []
    for article_id, (gold, _text) in sorted(load_gold_set(evals).items()):
        extraction = ArticleExtraction(
            article_id=article_id, published=gold.published, incidents=keep(article_id, gold.incidents), provenance=PROV
        )
        lines.append(extraction.model_dump_json())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_score_prints_the_table_and_writes_reports(tmp_path, cli):
    evals = make_eval_set(tmp_path / "evals")
    pred = write_predictions(tmp_path / "pred.jsonl", evals)
    result = cli(
        "score", "--pred", str(pred), "--gold", str(evals), "--out", str(tmp_path / "out"), "--bootstrap", "50"
    )
    assert result.exit_code == 0, result.output
    assert "Per-field accuracy" in result.output and "95% CI" in result.output
    assert "sub_event_type" in result.output and "records (all): 2 matched" in result.output
    assert "records (primary)" in result.output
    report = json.loads((tmp_path / "out" / "score.json").read_text())
    assert report["records"]["f1"] == 1.0 and report["fields"]["killed"]["accuracy"] == 1.0
    assert json.loads((tmp_path / "out" / "score_primary.json").read_text())["view"] == "primary"
    assert (tmp_path / "out" / "report.html").read_text().startswith("<!DOCTYPE html>")


def test_score_accepts_the_gold_directory_itself_and_a_split(tmp_path, cli):
    evals = make_eval_set(tmp_path / "evals", splits={"a1": "dev"})
    pred = write_predictions(tmp_path / "pred.jsonl", evals)
    result = cli("score", "--pred", str(pred), "--gold", str(evals / "gold"), "--split", "dev", "--bootstrap", "0")
    assert result.exit_code == 0, result.output
    assert "1 articles" in result.output and "ignored 2 prediction(s)" in result.output


def test_compare_flags_a_change_beyond_noise(tmp_path, cli):
    evals = make_eval_set(tmp_path / "evals")
    good = write_predictions(tmp_path / "good.jsonl", evals)
    # B gets every count wrong: killed drops from 100% to 0% on both matched incidents.
    worse = write_predictions(
        tmp_path / "bad.jsonl",
        evals,
        lambda aid, incs: [i.model_copy(update={"killed": (i.killed or 0) + 1}) for i in incs],
    )
    for name, pred in (("A", good), ("B", worse)):
        assert cli("score", "--pred", str(pred), "--gold", str(evals), "--out", str(tmp_path / name)).exit_code == 0
    result = cli("compare", str(tmp_path / "A"), str(tmp_path / "B"), "--json", str(tmp_path / "cmp.json"))
    assert result.exit_code == 0, result.output
    assert "beyond noise" in result.output and "killed" in result.output
    comparison = json.loads((tmp_path / "cmp.json").read_text())
    assert comparison["fields"]["killed"]["delta"] == -1.0 and comparison["fields"]["killed"]["beyond_noise"]
    assert comparison["fields"]["locality"]["delta"] == 0.0 and not comparison["fields"]["locality"]["beyond_noise"]
    assert "yes, worse" in result.output
    primary = cli("compare", str(tmp_path / "A"), str(tmp_path / "B"), "--view", "primary")
    assert primary.exit_code == 0 and "primary view" in primary.output
    # Report files work as well as run directories.
    files = cli("compare", str(tmp_path / "A" / "score.json"), str(tmp_path / "B" / "score.json"))
    assert files.exit_code == 0 and "killed" in files.output


def test_run_extracts_scores_and_writes_the_run_directory(tmp_path, cli, fault_server):
    server = fault_server(responder)
    evals = make_eval_set(tmp_path / "evals")
    result = cli(
        "run",
        "--backend",
        "openai",
        "--base-url",
        server.base_url,
        "--no-candidates",
        "--evals-dir",
        str(evals),
        "--split",
        "test",
        "--out",
        str(tmp_path / "run"),
        "--bootstrap",
        "20",
    )
    assert result.exit_code == 0, result.output
    assert "a3: extraction_failed" in result.output  # the failing article is reported and the run goes on
    assert "Per-field accuracy" in result.output and "1 failed" in result.output
    assert {p.name for p in (tmp_path / "run").iterdir()} >= {
        "predictions.jsonl",
        "errors.jsonl",
        "score.json",
        "score_primary.json",
        "report.html",
        "run.json",
    }


@pytest.mark.parametrize(
    "args, message",
    [
        (["score", "--pred", "{tmp}/none.jsonl", "--gold", "{evals}"], "none.jsonl: no such file"),
        (["score", "--pred", "{tmp}/pred.jsonl", "--gold", "{tmp}/nowhere"], "nowhere: no such directory"),
        (["score", "--pred", "{tmp}/pred.jsonl", "--gold", "{tmp}"], "not an eval set"),
        (["score", "--pred", "{evals}/gold/a1.json", "--gold", "{evals}"], "not an ArticleExtraction"),
        (["score", "--pred", "{tmp}/pred.jsonl", "--gold", "{evals}", "--out", "{tmp}/pred.jsonl"], "not a directory"),
        (["compare", "{tmp}/nowhere", "{tmp}/pred.jsonl"], "nowhere: no such file or directory"),
        (["compare", "{tmp}/pred.jsonl", "{tmp}/pred.jsonl"], "not a score report"),
        (["compare", "{evals}", "{evals}", "--view", "primary"], "no score_primary.json"),
        (["run", "--out", "{tmp}/run", "--evals-dir", "{tmp}/nowhere", "--backend", "openai"], "no such directory"),
        (
            ["run", "--out", "{tmp}/run", "--evals-dir", "{evals}", "--split", "test", "--backend", "openai"],
            "needs OPENAI_API_KEY",
        ),
        # The eval set holds only test articles: a dev run has nothing to extract and says so, naming what is there.
        (
            ["run", "--out", "{tmp}/run", "--evals-dir", "{evals}", "--backend", "openai"],
            "no gold article of split dev (found 3 of split test)",
        ),
        (
            ["score", "--pred", "{tmp}/pred.jsonl", "--gold", "{evals}", "--split", "dev"],
            "no gold article of split dev",
        ),
    ],
)
def test_bad_paths_are_one_error_line_and_exit_2(tmp_path, cli, args, message):
    evals = make_eval_set(tmp_path / "evals")
    write_predictions(tmp_path / "pred.jsonl", evals)
    result = cli(*(a.format(tmp=tmp_path, evals=evals) for a in args))
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], result.output
    assert "Traceback" not in result.output


def test_run_defaults_to_the_dev_split(tmp_path, cli, fault_server):
    """Prompt work reads dev; the test split is scored only when asked for by name (for reported figures)."""
    server = fault_server(responder)
    evals = make_eval_set(tmp_path / "evals", splits={"a1": "dev", "a2": "test", "a3": "test"})
    result = cli(
        "run",
        "--backend",
        "openai",
        "--base-url",
        server.base_url,
        "--no-candidates",
        "--evals-dir",
        str(evals),
        "--out",
        str(tmp_path / "run"),
        "--bootstrap",
        "0",
    )
    assert result.exit_code == 0, result.output
    meta = json.loads((tmp_path / "run" / "run.json").read_text())
    assert meta["split"] == "dev" and meta["n_articles"] == 1 and len(server.requests) == 1


def test_run_limit_takes_the_first_articles_by_id(tmp_path, cli, fault_server):
    server = fault_server(responder)
    evals = make_eval_set(tmp_path / "evals")  # a1, a2, a3, all test
    result = cli(
        "run",
        "--backend",
        "openai",
        "--base-url",
        server.base_url,
        "--no-candidates",
        "--split",
        "test",
        "--limit",
        "2",
        "--evals-dir",
        str(evals),
        "--out",
        str(tmp_path / "run"),
        "--bootstrap",
        "0",
    )
    assert result.exit_code == 0, result.output
    meta = json.loads((tmp_path / "run" / "run.json").read_text())
    assert meta["n_articles"] == 2 and meta["limit"] == 2 and len(server.requests) == 2
    predicted = [json.loads(line)["article_id"] for line in (tmp_path / "run" / "predictions.jsonl").open()]
    assert predicted == ["a1", "a2"]
    assert "1 test article(s) beyond --limit 2" in result.output
    assert cli("run", "--limit", "0", "--out", str(tmp_path / "r0"), "--evals-dir", str(evals)).exit_code == 2


def test_a_split_says_how_many_gold_files_it_skipped(tmp_path, cli, fault_server):
    server = fault_server(responder)
    evals = make_eval_set(tmp_path / "evals", splits={"a1": "dev", "a2": "test", "a3": "test"})
    result = cli(
        "run",
        "--backend",
        "openai",
        "--base-url",
        server.base_url,
        "--no-candidates",
        "--evals-dir",
        str(evals),
        "--out",
        str(tmp_path / "run"),
        "--bootstrap",
        "0",
    )
    assert result.exit_code == 0, result.output
    assert "1 dev article(s) chosen; skipped 2 gold file(s) of split test" in result.output
    assert json.loads((tmp_path / "run" / "run.json").read_text())["skipped_splits"] == {"test": 2}
    pred = write_predictions(tmp_path / "pred.jsonl", evals)
    scored = cli("score", "--pred", str(pred), "--gold", str(evals), "--split", "test", "--bootstrap", "0")
    assert scored.exit_code == 0 and "2 test article(s) chosen; skipped 1 gold file(s) of split dev" in scored.output
    every = cli("score", "--pred", str(pred), "--gold", str(evals), "--bootstrap", "0")
    assert every.exit_code == 0 and "skipped" not in every.output  # --split all leaves nothing out
