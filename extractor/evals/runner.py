"""Run an eval split: extract every article with one Extractor, score it, and write a run directory.

A run directory is what ``extractor eval run`` leaves behind and what ``extractor eval compare`` reads:

    predictions.jsonl    one ArticleExtraction per article that succeeded
    errors.jsonl         one ArticleFailure per article whose extraction raised an ExtractorError
    score.json           ScoreReport, all incidents
    score_primary.json   ScoreReport, primary incidents only
    report.html          the self-contained HTML report of the all-incidents view
    run.json             config (no secrets), model, prompt version, timings, token totals

One failed article must not sink a 45-article run that took an hour: its error is kept (kind, message,
attempts, tokens spent) and it is scored as "no prediction", so every one of its gold incidents counts as
missed. Nothing here prints; callers that want progress pass ``progress``.

The caller builds the Extractor (``extractor.api``) and passes it in: evals is a core layer that imports no
engine, so scoring existing predictions never drags in a model runtime.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field

from ..config import Config
from ..errors import ExtractorError
from ..prompting import load_prompts
from ..schemas import ArticleExtraction, Usage
from .gold import GoldArticle, GoldSetError, Split, load_gold_article, load_gold_set
from .report_html import render_html
from .score import ScoreReport, score, write_report

RUN_FORMAT = "incident-extractor.run/1"
#: Output file names inside a run directory (``compare`` looks for SCORE_FILE first).
PREDICTIONS_FILE = "predictions.jsonl"
ERRORS_FILE = "errors.jsonl"
SCORE_FILE = "score.json"
PRIMARY_SCORE_FILE = "score_primary.json"
HTML_FILE = "report.html"
RUN_FILE = "run.json"
#: Config fields never written to run.json: a run directory gets attached to issues and shared.
SECRET_FIELDS = frozenset({"api_key"})

#: ``progress(article_id, done, total, failure_or_None)`` is called after each article.
Progress = Callable[[str, int, int, "ArticleFailure | None"], None]


class ArticleFailure(BaseModel):
    """An article whose extraction raised: what went wrong and what it cost."""

    article_id: str
    kind: str = Field(description="ExtractorError.kind, e.g. provider or extraction_failed")
    message: str
    attempts: int = 0
    usage: Usage = Field(default_factory=Usage)
    last_output: str | None = Field(default=None, description="the last raw model text, if any")
    duration_s: float = 0.0


class EngineLike(Protocol):
    @property
    def backend(self) -> str: ...
    @property
    def model(self) -> str: ...


class ExtractorLike(Protocol):
    """What the runner needs of ``extractor.api.Extractor`` (which satisfies it)."""

    config: Config

    @property
    def engine(self) -> EngineLike: ...

    def extract(
        self, text: str, *, published: Any = None, source: str | None = None, article_id: str | None = None
    ) -> ArticleExtraction: ...


@dataclass
class EvalRun:
    """The in-memory result of :func:`run_eval`; the same content as the run directory."""

    predictions: dict[str, ArticleExtraction | None]
    failures: dict[str, ArticleFailure]
    report: ScoreReport
    primary_report: ScoreReport
    meta: dict[str, Any]


def public_config(config: Config) -> dict[str, Any]:
    """The config as a JSON-able dict without secrets (only whether an API key was set)."""
    values = dataclasses.asdict(config)
    for name in SECRET_FIELDS:
        values[f"{name}_set"] = bool(values.pop(name, None))
    values["weapon_alias_files"] = list(config.weapon_alias_files)
    values["actor_alias_files"] = list(config.actor_alias_files)
    values["candidate_mode_effective"] = config.use_candidates
    values["structured_output_effective"] = config.output_form
    return values


def _failure(article_id: str, error: ExtractorError, duration_s: float) -> ArticleFailure:
    usage = error.usage if isinstance(error.usage, Usage) else Usage()
    return ArticleFailure(
        article_id=article_id,
        kind=error.kind,
        message=" ".join(str(error).split()),
        attempts=error.attempts,
        usage=usage,
        last_output=error.last_output,
        duration_s=round(duration_s, 3),
    )


@dataclass
class GoldSelection:
    """The gold articles one eval uses, in id order, and what the choice of split and limit left out."""

    gold: dict[str, tuple[GoldArticle, str]]
    #: gold files of other splits, by split: a dev run must say it did not look at the test articles
    skipped: dict[str, int]
    #: articles of the split beyond ``limit``
    beyond_limit: int = 0


def select_gold(root: str | Path, split: Split | None = None, limit: int | None = None) -> GoldSelection:
    """The articles of ``split`` (every split for None), the first ``limit`` of them by id.

    Raises GoldSetError for a broken eval set and when no gold article belongs to ``split``, naming the
    splits that are there: an eval over nothing would report scores of nothing."""
    root = Path(root)
    chosen = load_gold_set(root, split)  # validates every gold file, whatever its split
    skipped: Counter[str] = Counter()
    if split is not None:
        for path in sorted((root / "gold").glob("*.json")):
            if path.stem not in chosen:
                skipped[load_gold_article(path).split] += 1
    if not chosen:
        found = ", ".join(f"{n} of split {name}" for name, n in sorted(skipped.items()))
        which = f" of split {split}" if split is not None else ""
        raise GoldSetError(f"{root / 'gold'}: no gold article{which}" + (f" (found {found})" if found else ""))
    ordered = sorted(chosen)
    kept = ordered if limit is None else ordered[:limit]
    return GoldSelection(
        {article_id: chosen[article_id] for article_id in kept}, dict(sorted(skipped.items())), len(ordered) - len(kept)
    )


def extract_split(
    extractor: ExtractorLike,
    gold: Mapping[str, tuple[GoldArticle, str]],
    *,
    progress: Progress | None = None,
) -> tuple[dict[str, ArticleExtraction | None], dict[str, ArticleFailure], list[float]]:
    """Extract each gold article in id order; returns predictions (None on failure), failures, durations."""
    predictions: dict[str, ArticleExtraction | None] = {}
    failures: dict[str, ArticleFailure] = {}
    durations: list[float] = []
    for n, article_id in enumerate(sorted(gold), start=1):
        gold_article, text = gold[article_id]
        started = time.perf_counter()
        failure = None
        try:
            predictions[article_id] = extractor.extract(
                text, published=gold_article.published, source=gold_article.source, article_id=article_id
            )
        except ExtractorError as error:
            predictions[article_id] = None
            failure = failures[article_id] = _failure(article_id, error, time.perf_counter() - started)
        durations.append(time.perf_counter() - started)
        if progress is not None:
            progress(article_id, n, len(gold), failure)
    return predictions, failures, durations


def _usage_totals(predictions: Mapping[str, ArticleExtraction | None], failures: Mapping[str, ArticleFailure]) -> dict:
    # Failed articles spent tokens too (every re-ask); leaving them out would flatter a flaky setup.
    prompt = sum(p.provenance.usage.prompt_tokens for p in predictions.values() if p is not None)
    completion = sum(p.provenance.usage.completion_tokens for p in predictions.values() if p is not None)
    prompt += sum(f.usage.prompt_tokens for f in failures.values())
    completion += sum(f.usage.completion_tokens for f in failures.values())
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def write_jsonl(path: Path, records: list[BaseModel]) -> None:
    path.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")


def score_views(
    predictions: Mapping[str, ArticleExtraction | None],
    gold: Mapping[str, tuple[GoldArticle, str]],
    *,
    bootstrap: int = 1000,
    seed: int = 0,
) -> tuple[ScoreReport, ScoreReport]:
    """The two views every run reports: all incidents, and primary incidents only."""
    return (
        score(predictions, gold, bootstrap=bootstrap, seed=seed),
        score(predictions, gold, primary_only=True, bootstrap=bootstrap, seed=seed),
    )


def write_scores(
    out_dir: Path,
    predictions: Mapping[str, ArticleExtraction | None],
    gold: Mapping[str, tuple[GoldArticle, str]],
    *,
    bootstrap: int = 1000,
    seed: int = 0,
) -> tuple[ScoreReport, ScoreReport]:
    """Score both views and write score.json, score_primary.json and report.html into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    report, primary = score_views(predictions, gold, bootstrap=bootstrap, seed=seed)
    write_report(report, out_dir / SCORE_FILE)
    write_report(primary, out_dir / PRIMARY_SCORE_FILE)
    (out_dir / HTML_FILE).write_text(render_html(report, predictions, gold), encoding="utf-8")
    return report, primary


def run_eval(
    extractor: ExtractorLike,
    evals_dir: str | Path,
    out_dir: str | Path,
    *,
    split: Split | None = "dev",
    limit: int | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
    progress: Progress | None = None,
) -> EvalRun:
    """Extract and score one split of the eval set in ``evals_dir``, writing the run directory ``out_dir``.

    ``limit``: only the first N articles of the split by id (a quick check; the scores cover those N).
    The extractor is used, not closed. Raises GoldSetError for a broken eval set or an empty split (before
    any article is extracted); errors of single articles are recorded, not raised.
    """
    selection = select_gold(Path(evals_dir), split, limit)
    gold = selection.gold
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    started_at = dt.datetime.now(dt.timezone.utc)
    started = time.perf_counter()
    predictions, failures, durations = extract_split(extractor, gold, progress=progress)
    elapsed = time.perf_counter() - started

    write_jsonl(out / PREDICTIONS_FILE, [p for p in predictions.values() if p is not None])
    write_jsonl(out / ERRORS_FILE, list(failures.values()))
    report, primary = write_scores(out, predictions, gold, bootstrap=bootstrap, seed=seed)
    meta = {
        "format": RUN_FORMAT,
        "evals_dir": str(evals_dir),
        "split": split or "all",
        "limit": limit,
        "skipped_splits": selection.skipped,
        "config": public_config(extractor.config),
        "backend": extractor.engine.backend,
        "model": extractor.engine.model,
        "prompt_version": load_prompts().version,
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "n_articles": len(gold),
        "n_failed": len(failures),
        "failures_by_kind": _count_kinds(failures),
        "seconds_total": round(elapsed, 3),
        "seconds_per_article": round(elapsed / len(gold), 3) if gold else None,
        "seconds_max_article": round(max(durations), 3) if durations else None,
        "usage": _usage_totals(predictions, failures),
        "attempts_total": sum(p.provenance.attempts for p in predictions.values() if p is not None)
        + sum(f.attempts for f in failures.values()),
        "records_f1": report.records.f1,
        "records_f1_primary": primary.records.f1,
    }
    (out / RUN_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return EvalRun(predictions, failures, report, primary, meta)


def _count_kinds(failures: Mapping[str, ArticleFailure]) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for failure in failures.values():
        kinds[failure.kind] = kinds.get(failure.kind, 0) + 1
    return dict(sorted(kinds.items()))
