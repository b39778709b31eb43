"""``extractor extract PATH...``: one article per file (``-`` for stdin), JSON or a table on stdout."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..api import Extractor
from ..article import parse_published
from ..errors import ExtractorError, InputError
from ..ingest import Document, Manifest
from ..schemas import ArticleExtraction, Incident
from . import EXIT_FAILED, app, exit_code_for, report_error
from .inputs import extract_document, quiet_reader_logs, read_input
from .options import Backend, BaseUrl, Candidates, LocalModel, Model, StrategyOption, StructuredOutput, build_config


class OutputFormat(str, Enum):
    json = "json"
    table = "table"


def article_id_for(path: str) -> str:
    return "stdin" if path == "-" else Path(path).stem


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="article files (.txt, .html, .pdf); - reads stdin")],
    published: Annotated[Optional[str], typer.Option(help="publication date YYYY-MM-DD of the articles whose page "
                                                          "metadata, front matter or manifest gives none")] = None,
    source: Annotated[Optional[str], typer.Option(help="source name of the articles that name none")] = None,
    manifest: Annotated[Optional[Path], typer.Option(help="CSV or JSONL with path, published, source, url "
                                                          "per article file")] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="json (JSON Lines for several) or table")] = OutputFormat.json,
    backend: Backend = None,
    model: Model = None,
    base_url: BaseUrl = None,
    local_model: LocalModel = None,
    structured_output: StructuredOutput = None,
    candidates: Candidates = None,
    strategy: StrategyOption = None,
) -> None:
    """Extract the incidents of each article and print them."""
    config = build_config(backend, model, base_url, local_model, structured_output, candidates, strategy)
    out = Console()
    results: list[ArticleExtraction] = []
    worst = 0
    documents: dict[str, Document] = {}
    parse_published(published, "--published")  # a bad default is one error, not one per file
    quiet_reader_logs()
    found_manifest = Manifest.load(manifest) if manifest else None
    for path in paths:  # read every input first: a typo in the last path should not cost model calls
        try:
            documents[path] = read_input(path, found_manifest, published, source)
        except InputError as error:
            report_error(error)
            worst = max(worst, exit_code_for(error))
    if documents:
        with Extractor(config) as extractor:
            for path, document in documents.items():
                try:
                    result = extract_document(extractor, document, article_id_for(path))
                except ExtractorError as error:
                    report_error(error, f"{article_id_for(path)}: ")
                    worst = max(worst, exit_code_for(error) if isinstance(error, InputError) else EXIT_FAILED)
                    continue
                results.append(result)
                if output is OutputFormat.json:
                    indent = 2 if len(paths) == 1 else None
                    typer.echo(result.model_dump_json(indent=indent))
    if output is OutputFormat.table and results:
        out.print(incident_table(results))
    if worst:
        raise typer.Exit(worst)


def incident_table(results: list[ArticleExtraction]) -> Table:
    table = Table(title="Incidents", show_lines=False)
    for column in ("article", "#", "primary", "sub-event type", "date", "place", "actors", "weapon", "killed", "injured",
                   "review"):
        table.add_column(column)
    for result in results:
        if not result.incidents:
            table.add_row(result.article_id, "-", "", "(no incident)", "", "", "", "", "", "", "")
        for n, inc in enumerate(result.incidents):
            place = ", ".join(p for p in (inc.site, inc.locality, inc.admin1, inc.country) if p)
            actors = "; ".join(
                f"{label} {value}" for label, value in
                (("by", inc.perpetrator), ("claimed", inc.claimed_by), ("blamed", inc.attributed_to), ("on", inc.target))
                if value
            )
            table.add_row(
                result.article_id, str(n + 1), "yes" if inc.primary else "no", inc.sub_event_type,
                f"{inc.date or ''} ({inc.date_precision})" if inc.date else (inc.date_text or ""),
                place, actors, inc.weapon or "", _count(inc.killed), _count(inc.injured), _review(inc),
            )
    return table


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def _review(incident: Incident) -> str:
    """The judge step's verdict: "needs review: site, target" or "ok", with the record's confidence."""
    if incident.confidence is None:
        return ""
    verdict = f"needs review: {', '.join(incident.review_fields)}" if incident.needs_review else "ok"
    return f"{verdict} ({incident.confidence:.2f})"
