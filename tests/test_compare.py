"""Comparison tests: deltas by hand, the paired bootstrap, and the ways a report can be given."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from extractor.evals.compare import compare, format_comparison, load_report
from extractor.evals.gold import GoldArticle
from extractor.evals.score import score
from extractor.schemas import ArticleExtraction, Incident, Provenance

PROV = Provenance(backend="test", model="m", prompt_hash="0" * 16, prompt_version="0" * 12)
DAY = dt.date(2021, 3, 4)


def inc(**kw) -> Incident:
    base = dict(
        primary=True, event_type="Battles", sub_event_type="Armed clash", date=DAY, country="IQ", locality="Mosul"
    )
    return Incident(**{**base, **kw})


def gold_set(n: int) -> dict[str, tuple[GoldArticle, str]]:
    return {
        f"a{i:02d}": (GoldArticle(article_id=f"a{i:02d}", style="wire", split="dev", incidents=[inc(killed=i)]), "")
        for i in range(n)
    }


def run(n: int, wrong_killed: set[int], extra: set[int] = frozenset()) -> dict[str, ArticleExtraction]:
    """Predictions that get ``killed`` wrong on some articles and add a spurious incident on others."""
    out = {}
    for i in range(n):
        incidents = [inc(killed=i + 100 if i in wrong_killed else i)]
        if i in extra:
            incidents.append(inc(event_type="Protests", sub_event_type="Peaceful protest", date=None, country="SY"))
        out[f"a{i:02d}"] = ArticleExtraction(article_id=f"a{i:02d}", incidents=incidents, provenance=PROV)
    return out


def test_same_report_has_zero_delta_within_noise():
    report = score(run(10, {1, 2}), gold_set(10), bootstrap=0)
    result = compare(report, report, bootstrap=200)
    killed = result.fields["killed"]
    assert (killed.a, killed.b, killed.delta, killed.ci, killed.beyond_noise) == (0.8, 0.8, 0.0, (0.0, 0.0), False)
    assert not any(d.beyond_noise for d in result.fields.values())
    assert result.n_articles == 10 and result.warnings == []


def test_improvement_by_hand_and_paired_ci_excludes_zero():
    gold = gold_set(20)
    a = score(run(20, set(range(10)), extra={0, 1, 2, 3}), gold, bootstrap=0)  # killed right on 10/20
    b = score(run(20, set()), gold, bootstrap=0)  # killed right on 20/20, no extra records
    result = compare(a, b, bootstrap=500, seed=3)
    killed = result.fields["killed"]
    assert (killed.a, killed.b, killed.delta) == (0.5, 1.0, 0.5)
    # B is at least as good on every article, so every paired resample has delta >= 0.
    assert killed.ci is not None and 0 < killed.ci[0] <= 0.5 <= killed.ci[1] <= 1.0
    assert killed.beyond_noise
    assert result.fields["date"].delta == 0.0 and not result.fields["date"].beyond_noise
    precision = result.records["precision"]
    assert (precision.a, precision.b, precision.delta) == (round(20 / 24, 4), 1.0, round(1 - 20 / 24, 4))
    assert precision.beyond_noise
    # Reversing the runs reverses the sign and mirrors the interval (same resamples).
    back = compare(b, a, bootstrap=500, seed=3).fields["killed"]
    assert back.delta == -0.5 and back.ci == (-killed.ci[1], -killed.ci[0])


def test_deterministic_for_a_seed():
    gold = gold_set(15)
    a, b = score(run(15, {1, 4, 9}), gold, bootstrap=0), score(run(15, {2, 4}), gold, bootstrap=0)
    assert compare(a, b, seed=1).model_dump_json() == compare(a, b, seed=1).model_dump_json()


def test_only_common_articles_are_compared():
    a = score(run(6, {0}), gold_set(6), bootstrap=0)
    b = score(run(4, {0}), gold_set(4), bootstrap=0)
    result = compare(a, b, bootstrap=50)
    assert result.n_articles == 4 and result.only_in_a == ["a04", "a05"] and result.only_in_b == []
    assert result.fields["killed"].a == 0.75  # recomputed on the 4 common articles, not A's own 5/6
    assert any("article sets differ" in w for w in result.warnings)


def test_views_differ_warning():
    gold = gold_set(3)
    result = compare(
        score(run(3, set()), gold, bootstrap=0), score(run(3, set()), gold, primary_only=True, bootstrap=0)
    )
    assert any("views differ" in w for w in result.warnings)


def test_load_from_file_directory_and_dict(tmp_path):
    report = score(run(3, {1}), gold_set(3), bootstrap=0)
    as_json = report.model_dump_json()
    (tmp_path / "run_a").mkdir()
    (tmp_path / "run_a" / "score.json").write_text(as_json)
    (tmp_path / "b.json").write_text(as_json)
    (tmp_path / "run_c").mkdir()
    (tmp_path / "run_c" / "whatever.json").write_text(as_json)
    for source in (tmp_path / "run_a", str(tmp_path / "b.json"), tmp_path / "run_c", json.loads(as_json), report):
        assert load_report(source)[0] == report
    result = compare(tmp_path / "run_a", tmp_path / "b.json", bootstrap=10)
    assert result.a.endswith("score.json") and result.b.endswith("b.json")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="score.json"):
        load_report(tmp_path / "empty")
    (tmp_path / "bad.json").write_text('{"not": "a report"}')
    with pytest.raises(ValueError, match="not a score report"):
        load_report(tmp_path / "bad.json")


def test_format_comparison_marks_beyond_noise():
    gold = gold_set(20)
    result = compare(score(run(20, set(range(10))), gold, bootstrap=0), score(run(20, set()), gold, bootstrap=0))
    text = format_comparison(result)
    killed_line = next(line for line in text.splitlines() if line.startswith("killed "))
    assert "+0.500" in killed_line and killed_line.endswith("*")
    assert "record f1" in text
