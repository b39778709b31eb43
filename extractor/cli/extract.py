"""``extractor extract PATH...``: one article per file (``-`` for stdin), JSON or a table on stdout."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..api import Extractor
from ..article import parse_published
from ..errors import ConfigurationError, ExtractorError, InputError, message_at
from ..ingest import Document, Manifest
from ..schemas import ArticleExtraction, Incident
from . import app, exit_code_for, outcome_code, report_error
from .inputs import extract_document, quiet_reader_logs, read_input
from .options import ModelOptions, options


class OutputFormat(str, Enum):
    json = "json"
    table = "table"


def article_id_for(path: str) -> str:
    return "stdin" if path == "-" else Path(path).stem


@app.command()
@options(ModelOptions)
def extract(
    paths: Annotated[list[str], typer.Argument(help="article files (.txt, .html, .pdf); - reads stdin")],
    published: Annotated[
        str | None,
        typer.Option(
            help="publication date YYYY-MM-DD of the articles whose page metadata, front matter or manifest gives none"
        ),
    ] = None,
    source: Annotated[str | None, typer.Option(help="source name of the articles that name none")] = None,
    manifest: Annotated[
        Path | None, typer.Option(help="CSV or JSONL with path, published, source, url per article file")
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="json (JSON Lines for several) or table")
    ] = OutputFormat.json,
    *,
    model: ModelOptions,
) -> None:
    """Extract the incidents of each article and print them.

    Exit codes: 0 every article ended ok; 3 some did and some failed (each failure is one line on stderr);
    when all failed, 2 for bad input or flags and 1 for a model or service failure.
    """
    parse_published(published, "--published")  # a bad flag fails before any file or model is read
    config = model.config()
    out = Console()
    results: list[ArticleExtraction] = []
    failed, worst = 0, 0
    documents: dict[str, Document] = {}
    quiet_reader_logs()
    found_manifest = Manifest.load(manifest) if manifest else None
    for path in paths:  # read every input first: a typo in the last path should not cost model calls
        try:
            documents[path] = read_input(path, found_manifest, published, source)
        except InputError as error:
            report_error(error)
            failed, worst = failed + 1, max(worst, exit_code_for(error))
    if documents:
        with Extractor(config) as extractor:
            for path, document in documents.items():
                name = "stdin" if path == "-" else path
                try:
                    result = extract_document(extractor, document, article_id_for(path))
                except ConfigurationError:
                    raise  # refused credentials or an unknown model: every other file would fail alike
                except ExtractorError as error:  # named by its path when it is the input's fault or one of many
                    named = isinstance(error, InputError) or len(paths) > 1
                    report_error(Exception(message_at(error, name)) if named else error)
                    failed, worst = failed + 1, max(worst, exit_code_for(error))
                    continue
                results.append(result)
                if output is OutputFormat.json:
                    indent = 2 if len(paths) == 1 else None
                    typer.echo(result.model_dump_json(indent=indent))
    if output is OutputFormat.table and results:
        print_incidents(out, results)
    code = outcome_code(len(results), failed, worst)
    if code:
        raise typer.Exit(code)


def print_incidents(console: Console, results: list[ArticleExtraction]) -> None:
    """One table row per incident when the terminal is wide enough, else one small block per incident:
    every value is shown whole at any width (a cell cut to "Atta…" tells nothing)."""
    table = incident_table(results)
    natural = console.measure(table, options=console.options.update_width(1_000_000)).maximum  # unwrapped width
    if natural <= console.width:
        console.print(table)
        return
    for n, block in enumerate(incident_blocks(results)):
        if n:
            console.print()
        console.print(block)


def _rows(results: list[ArticleExtraction]) -> list[tuple[str, str, dict[str, str]]]:
    """(article id, incident number, {label: value}) for every incident, '-' for an article with none."""
    rows = []
    for result in results:
        if not result.incidents:
            rows.append((result.article_id, "-", {"type": "(no incident)"}))
        for n, inc in enumerate(result.incidents):
            place = ", ".join(p for p in (inc.site, inc.locality, inc.admin1, inc.country) if p)
            actors = "; ".join(
                f"{label} {value}"
                for label, value in (
                    ("by", inc.perpetrator),
                    ("claimed", inc.claimed_by),
                    ("blamed", inc.attributed_to),
                    ("on", inc.target),
                )
                if value
            )
            rows.append(
                (
                    result.article_id,
                    str(n + 1),
                    {
                        "primary": "yes" if inc.primary else "no",
                        "type": inc.sub_event_type,
                        "date": f"{inc.date or ''} ({inc.date_precision})" if inc.date else (inc.date_text or ""),
                        "place": place,
                        "actors": actors,
                        "weapon": inc.weapon or "",
                        "killed": _count(inc.killed),
                        "injured": _count(inc.injured),
                        "review": _review(inc),
                    },
                )
            )
    return rows


_COLUMNS = {
    "primary": "primary",
    "type": "sub-event type",
    "date": "date",
    "place": "place",
    "actors": "actors",
    "weapon": "weapon",
    "killed": "killed",
    "injured": "injured",
    "review": "review",
}


def incident_table(results: list[ArticleExtraction]) -> Table:
    table = Table(title="Incidents", show_lines=False)
    for column in ("article", "#", *_COLUMNS.values()):
        table.add_column(column, overflow="fold")
    for article_id, n, values in _rows(results):
        table.add_row(article_id, n, *(values.get(key, "") for key in _COLUMNS))
    return table


def incident_blocks(results: list[ArticleExtraction]) -> list[Table]:
    """For a narrow terminal: a heading per incident and its non-empty fields as label / value lines."""
    blocks = []
    for article_id, n, values in _rows(results):
        main = " (main event)" if values.get("primary") == "yes" else ""
        block = Table.grid(padding=(0, 2))
        block.title = f"{article_id}: no incident" if n == "-" else f"{article_id} #{n}{main}"
        block.title_justify = "left"
        block.title_style = "bold"
        block.add_column(style="bold", no_wrap=True)
        block.add_column(overflow="fold")
        for key, value in values.items():
            if key != "primary" and value and n != "-":
                block.add_row(_COLUMNS[key], value)
        blocks.append(block)
    return blocks


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def _review(incident: Incident) -> str:
    """The judge step's verdict: "needs review: site, target" or "ok", with the record's confidence."""
    if incident.confidence is None:
        return ""
    verdict = f"needs review: {', '.join(incident.review_fields)}" if incident.needs_review else "ok"
    return f"{verdict} ({incident.confidence:.2f})"
