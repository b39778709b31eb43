"""The eval runner: extracts a split through a real engine (against the fault-injecting server), keeps going
past a failing article, and writes every file of the run directory."""

from __future__ import annotations

import json

import pytest

from extractor import Config, Extractor
from extractor.evals.gold import GoldSetError
from extractor.evals.runner import public_config, run_eval
from extractor.schemas import ArticleExtraction

ARTICLES = {
    "a1": "Gunmen attacked a market in Dori, Burkina Faso, on Saturday, killing 13 traders, officials said.\n",
    "a2": "The regional council met on Monday to discuss the new school budget.\n",
    "a3": "BROKEN: rebels shelled Goma on Sunday, killing 4 civilians.\n",
}
GOLD = {
    "a1": [
        {
            "primary": True,
            "event_type": "Violence against civilians",
            "sub_event_type": "Attack",
            "date": "2022-02-26",
            "date_text": "on Saturday",
            "date_precision": "day",
            "country": "BF",
            "locality": "Dori",
            "perpetrator": "Gunmen",
            "target": "traders",
            "killed": 13,
        }
    ],
    "a2": [],
    "a3": [
        {
            "primary": True,
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack",
            "date": "2022-02-27",
            "country": "CD",
            "locality": "Goma",
            "killed": 4,
        }
    ],
}
DRAFT_A1 = {
    "incidents": [
        {
            "primary": True,
            "event_type": "Violence against civilians",
            "sub_event_type": "Attack",
            "type_quote": "Gunmen attacked a market",
            "date_text": "on Saturday",
            "country": "Burkina Faso",
            "locality": "Dori",
            "perpetrator": "Gunmen",
            "target": "traders",
            "killed": "killing 13 traders",
        }
    ]
}


def make_eval_set(root, splits=None):
    """A three-article eval set in the layout load_gold_set reads."""
    (root / "gold").mkdir(parents=True)
    (root / "articles").mkdir()
    for article_id, text in ARTICLES.items():
        (root / "articles" / f"{article_id}.txt").write_text(text, encoding="utf-8")
        gold = {
            "article_id": article_id,
            "published": "2022-03-01",
            "source": "Test Wire",
            "style": "wire",
            "split": (splits or {}).get(article_id, "test"),
            "incidents": GOLD[article_id],
        }
        (root / "gold" / f"{article_id}.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def responder(body):
    """A gold-like answer for a1, no incident for a2, and unparseable text for a3 (which must then fail)."""
    # Search every user turn, not just the last: a re-ask appends a correction turn after the article.
    article = "\n".join(str(m.get("content")) for m in body["messages"] if m.get("role") == "user")
    if "BROKEN" in article:
        return "I am sorry, I cannot answer in JSON."
    if "Gunmen attacked" in article:
        return json.dumps(DRAFT_A1)
    return '{"incidents": []}'


def config_for(server, **changes) -> Config:
    return Config(
        backend="openai",
        model="test-model",
        base_url=server.base_url,
        api_key="canary-key-secret-value",
        candidate_mode=False,
        max_reasks=0,
        transport_retries=0,
        **changes,
    )


def test_run_writes_every_output_and_survives_a_failing_article(tmp_path, fault_server):
    server = fault_server(responder, prompt_tokens=100, completion_tokens=20)
    evals, out = make_eval_set(tmp_path / "evals"), tmp_path / "run"
    seen = []
    with Extractor(config_for(server)) as extractor:
        run = run_eval(
            extractor,
            evals,
            out,
            split="test",
            bootstrap=200,
            progress=lambda aid, done, total, failure: seen.append((aid, done, total, failure is not None)),
        )

    assert seen == [("a1", 1, 3, False), ("a2", 2, 3, False), ("a3", 3, 3, True)]
    assert sorted(p.name for p in out.iterdir()) == [
        "errors.jsonl",
        "predictions.jsonl",
        "report.html",
        "run.json",
        "score.json",
        "score_primary.json",
    ]

    predictions = [
        ArticleExtraction.model_validate_json(line) for line in (out / "predictions.jsonl").read_text().splitlines()
    ]
    assert [p.article_id for p in predictions] == ["a1", "a2"]
    assert predictions[0].published.isoformat() == "2022-03-01" and predictions[0].source == "Test Wire"
    assert run.predictions["a3"] is None

    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert len(errors) == 1
    assert errors[0]["article_id"] == "a3" and errors[0]["kind"] == "extraction_failed"
    assert errors[0]["message"] and errors[0]["attempts"] == 1
    assert errors[0]["usage"] == {"prompt_tokens": 100, "completion_tokens": 20}
    assert "cannot answer" in errors[0]["last_output"]

    score = json.loads((out / "score.json").read_text())
    primary = json.loads((out / "score_primary.json").read_text())
    assert score["view"] == "all" and primary["view"] == "primary"
    assert score["missing_predictions"] == ["a3"]  # the failed article's gold incident counts as missed
    assert score["records"]["matched"] == 1 and score["records"]["missed"] == 1
    assert score["records"]["false_positives"] == 0
    for name in ("sub_event_type", "date", "country", "locality", "killed"):
        assert score["fields"][name]["TP"] == 1, name
    assert score == run.report.model_dump(mode="json")

    html = (out / "report.html").read_text()
    assert '<svg class="chart"' in html and 'class="side-by-side"' in html and "<mark" in html


def test_run_json_has_timings_usage_and_no_secret(tmp_path, fault_server):
    server = fault_server(responder, prompt_tokens=100, completion_tokens=20)
    out = tmp_path / "run"
    with Extractor(config_for(server)) as extractor:
        run_eval(extractor, make_eval_set(tmp_path / "evals"), out, split="test", bootstrap=0)
    raw = (out / "run.json").read_text()
    assert "canary-key-secret-value" not in raw
    meta = json.loads(raw)
    assert meta["config"]["api_key_set"] is True and "api_key" not in meta["config"]
    assert meta["config"]["candidate_mode_effective"] is False
    assert meta["model"] == "test-model" and meta["backend"] == "openai" and len(meta["prompt_version"]) == 12
    assert meta["split"] == "test" and meta["n_articles"] == 3 and meta["n_failed"] == 1
    assert meta["failures_by_kind"] == {"extraction_failed": 1}
    # Three calls of 100 + 20 tokens: the failed article's tokens are counted too.
    assert meta["usage"] == {"prompt_tokens": 300, "completion_tokens": 60, "total_tokens": 360}
    assert meta["attempts_total"] == 3
    assert meta["seconds_total"] >= 0 and meta["seconds_per_article"] == pytest.approx(
        meta["seconds_total"] / 3, abs=1e-3
    )


def test_split_selects_articles(tmp_path, fault_server):
    server = fault_server(responder)
    evals = make_eval_set(tmp_path / "evals", splits={"a1": "dev"})
    with Extractor(config_for(server)) as extractor:
        run = run_eval(extractor, evals, tmp_path / "run", split="dev", bootstrap=0)
    assert list(run.predictions) == ["a1"] and run.report.n_articles == 1
    assert len(server.requests) == 1


def test_bad_eval_set_fails_before_any_extraction(tmp_path, fault_server):
    server = fault_server(responder)
    with Extractor(config_for(server)) as extractor, pytest.raises(GoldSetError, match="no gold/ directory"):
        run_eval(extractor, tmp_path / "missing", tmp_path / "run")
    assert server.requests == [] and not (tmp_path / "run").exists()


def test_public_config_drops_secrets():
    values = public_config(Config(backend="openai", api_key="canary-key-top-secret", base_url="http://127.0.0.1:1/v1"))
    assert "canary-key-top-secret" not in json.dumps(values)
    assert values["api_key_set"] is True and values["backend"] == "openai"
    assert public_config(Config(backend="openai", base_url="http://x/v1"))["api_key_set"] is False


def test_select_gold_orders_limits_and_counts_the_other_splits(tmp_path):
    from extractor.evals.runner import select_gold

    evals = make_eval_set(tmp_path / "evals", splits={"a1": "test", "a2": "dev", "a3": "test"})
    selection = select_gold(evals, "test", limit=1)
    assert list(selection.gold) == ["a1"] and selection.skipped == {"dev": 1} and selection.beyond_limit == 1
    assert list(select_gold(evals).gold) == ["a1", "a2", "a3"] and select_gold(evals).skipped == {}
    with pytest.raises(GoldSetError, match=r"no gold article of split dev \(found 3 of split test\)"):
        select_gold(make_eval_set(tmp_path / "only-test"), "dev")
