"""``extractor eval run|score|compare|events``: measure field accuracy and event merging; compare two runs.

``run`` extracts a split with any backend and writes a run directory (see extractor.evals.runner);
``score`` scores predictions made by any tool; ``compare`` tells whether run B differs from run A beyond
resampling noise; ``events`` scores event merging on the merge set (evals/merge). Bad paths and unreadable files are one error line and exit 2, like the other commands.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..api import Extractor
from ..errors import ConfigurationError
from ..evals.compare import Comparison, compare
from ..evals.events import MergeReport, load_gold_events, score_end_to_end, score_from_gold
from ..evals.events_html import render_events_html
from ..evals.gold import GoldSetError
from ..evals.runner import (
    PREDICTIONS_FILE,
    PRIMARY_SCORE_FILE,
    SCORE_FILE,
    ArticleFailure,
    GoldSelection,
    run_eval,
    score_views,
    select_gold,
    write_scores,
)
from ..evals.score import ScoreReport, load_predictions
from . import EXIT_USER, app, report_error
from .options import ModelOptions, options

eval_app = typer.Typer(name="eval", help="Score extraction against the hand-labeled eval set.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


class SplitChoice(str, Enum):
    dev = "dev"
    test = "test"
    all = "all"


class View(str, Enum):
    all = "all"
    primary = "primary"


Bootstrap = Annotated[int, typer.Option(help="bootstrap resamples for the 95% intervals", min=0)]
Seed = Annotated[int, typer.Option(help="bootstrap seed")]


def _fail(message: str) -> typer.Exit:
    report_error(Exception(message))
    return typer.Exit(EXIT_USER)


def _split(choice: SplitChoice | None):
    return None if choice in (None, SplitChoice.all) else choice.value


def _select(root: Path, split: SplitChoice, limit: int | None = None) -> GoldSelection:
    """The chosen articles; says on stderr which gold files the split (and --limit) left out."""
    try:
        selection = select_gold(root, _split(split), limit)
    except GoldSetError as error:
        report_error(error)
        raise typer.Exit(EXIT_USER) from None
    label = "" if split is SplitChoice.all else f"{split.value} "
    notes = [f"{n} gold file(s) of split {name}" for name, n in selection.skipped.items()]
    if selection.beyond_limit:
        notes.append(f"{selection.beyond_limit} {label}article(s) beyond --limit {limit}")
    if notes:
        _line(Console(stderr=True), f"{len(selection.gold)} {label}article(s) chosen; skipped {' and '.join(notes)}")
    return selection


def _gold_root(path: Path) -> Path:
    """An eval set root (holding gold/ and articles/), or its gold/ directory itself."""
    if not path.is_dir():
        raise _fail(f"{path}: no such directory")
    if (path / "gold").is_dir():
        return path
    if any(path.glob("*.json")) and (path.parent / "articles").is_dir():
        return path.parent
    raise _fail(f"{path}: not an eval set (expected a gold/ directory, or a gold directory next to articles/)")


def _out_dir(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise _fail(f"{path}: exists and is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(f"{path}: cannot create the output directory: {exc.strerror or exc}") from None
    return path


def _ci(ci: tuple[float, float] | None, signed: bool = False) -> str:
    if ci is None:
        return "n/a"
    return f"[{ci[0]:+.3f}, {ci[1]:+.3f}]" if signed else f"[{ci[0]:.3f}, {ci[1]:.3f}]"


def _num(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def score_table(report: ScoreReport) -> Table:
    """Per-field accuracy with its 95% bootstrap interval, precision and recall."""
    table = Table(
        title=f"Per-field accuracy ({report.view} incidents, {report.n_articles} articles, "
        f"{report.n_gold_incidents} gold / {report.n_predicted_incidents} predicted incidents)"
    )
    for column in ("field", "n", "accuracy", "95% CI", "precision", "recall"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for name, fs in report.fields.items():
        accuracy = fs.note if fs.note else _num(fs.accuracy)  # "never labelled": no gold carries the field
        table.add_row(name, str(fs.n), accuracy, _ci(fs.accuracy_ci), _num(fs.precision), _num(fs.recall))
    return table


def records_line(report: ScoreReport) -> str:
    r = report.records
    return (
        f"records ({report.view}): {r.matched} matched, {r.false_positives} false positive, {r.missed} missed; "
        f"P {_num(r.precision)} {_ci(r.precision_ci)}  R {_num(r.recall)} {_ci(r.recall_ci)}  "
        f"F1 {_num(r.f1)} {_ci(r.f1_ci)}"
    )


def _line(console: Console, text: str, **style: Any) -> None:
    # Data (article ids, error messages) is never rich markup, and a long line is not cut into two.
    console.print(text, markup=False, highlight=False, soft_wrap=True, **style)


def show_scores(console: Console, report: ScoreReport, primary: ScoreReport, view: View) -> None:
    console.print(score_table(primary if view is View.primary else report))
    _line(console, records_line(report))
    _line(console, records_line(primary))
    if report.missing_predictions:
        _line(
            console,
            f"no prediction for {len(report.missing_predictions)} article(s): "
            f"{', '.join(report.missing_predictions)} (their gold incidents count as missed)",
        )


@eval_app.command("run")
@options(ModelOptions)
def run_command(
    out: Annotated[Path, typer.Option("--out", help="run directory to write")],
    split: Annotated[
        SplitChoice,
        typer.Option(
            help="which part of the eval set: dev for prompt and heuristic work; test only for reported figures"
        ),
    ] = SplitChoice.dev,
    evals_dir: Annotated[Path, typer.Option("--evals-dir", help="eval set root (gold/ and articles/)")] = Path("evals"),
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help="only the first N articles of the split, by article id (a quick check)"),
    ] = None,
    view: Annotated[View, typer.Option(help="which view the table shows")] = View.all,
    bootstrap: Bootstrap = 1000,
    seed: Seed = 0,
    *,
    model: ModelOptions,
) -> None:
    """Extract every article of a split, score it, and write RUN_DIR (predictions, errors, reports)."""
    config = model.config()
    root = _gold_root(evals_dir)
    total = len(_select(root, split, limit).gold)  # validate the gold set before loading any model
    out = _out_dir(out)
    console, errors = Console(), Console(stderr=True)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    )

    def progress(article_id: str, done: int, _total: int, failure: ArticleFailure | None) -> None:
        if failure is not None:
            _line(bar.console, f"warning: {article_id}: {failure.kind}: {failure.message}")
        bar.update(task, completed=done, description=f"extracting ({article_id})")

    with bar:
        task = bar.add_task("extracting", total=total)
        try:
            with Extractor(config) as extractor:
                run = run_eval(
                    extractor,
                    root,
                    out,
                    split=_split(split),
                    limit=limit,
                    bootstrap=bootstrap,
                    seed=seed,
                    progress=progress,
                )
        except (GoldSetError, ConfigurationError) as error:
            report_error(error)
            raise typer.Exit(EXIT_USER) from None
    show_scores(console, run.report, run.primary_report, view)
    meta = run.meta
    _line(
        console,
        f"{meta['model']} ({meta['backend']}), prompt {meta['prompt_version']}: {meta['n_articles']} articles, "
        f"{meta['n_failed']} failed, {meta['seconds_per_article']} s/article, {meta['usage']['total_tokens']} tokens",
    )
    _line(
        console,
        f"wrote {out}/ (predictions.jsonl, errors.jsonl, {SCORE_FILE}, {PRIMARY_SCORE_FILE}, report.html, run.json)",
    )


@eval_app.command("score")
def score_command(
    pred: Annotated[Path, typer.Option("--pred", help="predictions, JSON Lines of ArticleExtraction")],
    gold: Annotated[Path, typer.Option("--gold", help="eval set root, or its gold/ directory")],
    out: Annotated[
        Path | None, typer.Option("--out", help="write score.json, score_primary.json, report.html here")
    ] = None,
    split: Annotated[SplitChoice, typer.Option(help="score only this split's gold articles")] = SplitChoice.all,
    view: Annotated[View, typer.Option(help="which view the table shows")] = View.all,
    bootstrap: Bootstrap = 1000,
    seed: Seed = 0,
) -> None:
    """Score existing predictions (from any tool) against the gold labels."""
    if not pred.is_file():
        raise _fail(f"{pred}: no such file")
    root = _gold_root(gold)
    try:
        predictions = load_predictions(pred)
    except (OSError, ValueError) as error:
        report_error(error)
        raise typer.Exit(EXIT_USER) from None
    gold_set = _select(root, split).gold
    if out is not None:
        report, primary = write_scores(_out_dir(out), predictions, gold_set, bootstrap=bootstrap, seed=seed)
    else:
        report, primary = score_views(predictions, gold_set, bootstrap=bootstrap, seed=seed)
    console = Console()
    show_scores(console, report, primary, view)
    if report.unscored_predictions:
        _line(console, f"ignored {len(report.unscored_predictions)} prediction(s) with no gold article")
    if out is not None:
        _line(console, f"wrote {out}/ ({SCORE_FILE}, {PRIMARY_SCORE_FILE}, report.html)")


def comparison_table(comparison: Comparison) -> Table:
    table = Table(title=f"B - A on {comparison.n_articles} common articles ({comparison.view} view)")
    for column in ("metric", "A", "B", "B-A", "95% CI", "beyond noise"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    rows = [(f"record {k}", d) for k, d in comparison.records.items()] + list(comparison.fields.items())
    for name, d in rows:
        delta = "n/a" if d.delta is None else f"{d.delta:+.3f}"
        noise = ("[green]yes, better[/]" if (d.delta or 0) > 0 else "[red]yes, worse[/]") if d.beyond_noise else "no"
        table.add_row(name, _num(d.a), _num(d.b), delta, _ci(d.ci, signed=True), noise)
    return table


@eval_app.command("compare")
def compare_command(
    run_a: Annotated[Path, typer.Argument(help="run directory or score report (the baseline)")],
    run_b: Annotated[Path, typer.Argument(help="run directory or score report (the candidate)")],
    view: Annotated[View, typer.Option(help="which report of a run directory to compare")] = View.all,
    json_out: Annotated[Path | None, typer.Option("--json", help="also write the comparison as JSON")] = None,
    bootstrap: Bootstrap = 1000,
    seed: Seed = 0,
) -> None:
    """Per-field accuracy deltas of B over A, with paired-bootstrap intervals: is B really better?"""
    sources = []
    for path in (run_a, run_b):
        if not path.exists():
            raise _fail(f"{path}: no such file or directory")
        name = PRIMARY_SCORE_FILE if view is View.primary else SCORE_FILE
        if path.is_dir() and (path / name).is_file():
            path = path / name
        elif path.is_dir() and view is View.primary:
            raise _fail(f"{path}: no {PRIMARY_SCORE_FILE} in this directory")
        sources.append(path)
    try:
        comparison = compare(sources[0], sources[1], bootstrap=bootstrap, seed=seed)
    except ValueError as error:
        report_error(error)
        raise typer.Exit(EXIT_USER) from None
    console = Console()
    _line(console, f"A: {comparison.a}\nB: {comparison.b}")
    for warning in comparison.warnings:
        _line(console, f"warning: {warning}", style="yellow")
    console.print(comparison_table(comparison))
    console.print("beyond noise: the 95% paired-bootstrap interval of B-A excludes 0")
    if json_out is not None:
        try:
            json_out.write_text(comparison.model_dump_json(indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise _fail(f"{json_out}: cannot write: {exc.strerror or exc}") from None


def merge_table(reports: list[tuple[str, MergeReport]]) -> Table:
    """One column per mode, one row per measure: readable at 80 columns (ten measure columns were not)."""
    table = Table(title="Event merging: pairwise and B-cubed precision / recall / F1")
    table.add_column("measure")
    for title, _ in reports:
        table.add_column(title, justify="right")
    rows = [
        ("reports", "n_items"),
        ("gold events", "n_gold_events"),
        ("predicted events", "n_predicted_events"),
        ("pairwise precision", "pairwise_precision"),
        ("pairwise recall", "pairwise_recall"),
        ("pairwise F1", "pairwise_f1"),
        ("B-cubed precision", "bcubed_precision"),
        ("B-cubed recall", "bcubed_recall"),
        ("B-cubed F1", "bcubed_f1"),
    ]
    for label, key in rows:
        values = [getattr(report.scores, key) for _, report in reports]
        table.add_row(label, *(str(v) if key.startswith("n_") else _num(v) for v in values))
    return table


@eval_app.command("events")
def events_command(
    split: Annotated[SplitChoice, typer.Option(help="dev for tuning, test for reported numbers")] = SplitChoice.dev,
    evals_dir: Annotated[
        Path, typer.Option("--evals-dir", help="merge set root (gold/, articles/, events-*.json)")
    ] = Path("evals/merge"),
    pred: Annotated[
        Path | None,
        typer.Option(
            "--pred", help="run directory of `extractor eval run --evals-dir evals/merge`, or its predictions.jsonl"
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="write events_gold.json, events_end_to_end.json, events_report.html here"),
    ] = None,
) -> None:
    """Score event merging: from gold incidents (the merge step alone) and, with --pred, end to end."""
    if split is SplitChoice.all:
        raise _fail("--split must be dev or test: each split has its own gold events file")
    root = _gold_root(evals_dir)
    if pred is not None:
        if pred.is_dir():
            pred = pred / PREDICTIONS_FILE
        if not pred.is_file():
            raise _fail(f"{pred}: no such file")
    gold = _select(root, split).gold
    try:
        events = load_gold_events(root, split.value, gold)
        predictions = load_predictions(pred) if pred is not None else None
    except (OSError, ValueError) as error:  # GoldSetError is a ValueError
        report_error(error)
        raise typer.Exit(EXIT_USER) from None
    modes = [("from gold", *score_from_gold(gold, events, split.value))]
    if predictions is not None:
        modes.append(("end to end", *score_end_to_end(predictions, gold, events, split.value)))
    console = Console()
    console.print(merge_table([(title, report) for title, report, _ in modes]))
    for title, report, _ in modes:
        if report.mode == "end_to_end":
            _line(
                console,
                f"{title}: {report.unmatched_predicted} predicted incident(s) matched no gold incident, "
                f"{report.missed_gold} gold incident(s) missed (neither is in the scores above); pairwise recall "
                f"over all gold pairs {_num(report.pairwise_recall_all_gold)}",
            )
    if out is not None:
        out = _out_dir(out)
        for _, report, _ in modes:
            path = out / f"events_{report.mode}.json"
            path.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
        (out / "events_report.html").write_text(render_events_html(split.value, gold, events, modes), encoding="utf-8")
        _line(console, f"wrote {out}/ ({', '.join(f'events_{r.mode}.json' for _, r, _ in modes)}, events_report.html)")
