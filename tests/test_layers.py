"""Core modules import no engine, batch or CLI code; only the CLI prints."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "extractor"
# The eval runner drives an Extractor, so it sits with the batch layer; scoring and reports are core.
CORE = [
    "schemas",
    "normalize",
    "events",
    "grounding.py",
    "prompting.py",
    "article.py",
    "errors.py",
    "config.py",
    "resources.py",
    "pipeline.py",
    "candidates.py",
    "language_cues.py",
    "evals/gold.py",
    "evals/score.py",
    "evals/matching.py",
    "evals/compare.py",
    "evals/report_html.py",
    "evals/events.py",
    "evals/events_html.py",
    "evals/surface.py",
    "decomposed",
    "choice.py",
    "ingest",
    "passages.py",
    "acled",
    "judge.py",
]
FORBIDDEN_FOR_CORE = (
    "extractor.engines",
    "extractor.cli",
    "extractor.batch",
    "extractor.api",
    "openai",
    "instructor",
    "llama_cpp",
    "typer",
    "rich",
)


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = "extractor." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = (
                    module.split(".")[: -node.level]
                    if path.name != "__init__.py"
                    else module.split(".")[: len(module.split(".")) - node.level + 1]
                )
                found.add(".".join(base + ([node.module] if node.module else [])))
            else:
                found.add(node.module or "")
    return found


def core_files() -> list[Path]:
    files: list[Path] = []
    for entry in CORE:
        path = PACKAGE / entry
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def test_core_imports_no_engine_batch_or_cli():
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(i for i in imports_of(path) if i.startswith(FORBIDDEN_FOR_CORE))
        for path in core_files()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_the_cli_prints():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("print", "exit"):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
            if isinstance(node, ast.Attribute) and node.attr == "exit" and getattr(node.value, "id", "") == "sys":
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def _fresh(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_importing_the_core_loads_no_provider_sdk():
    """Checked in a fresh interpreter, not only by reading imports: scoring predictions or normalizing text
    must not pay for (or require) the openai SDK, instructor or llama.cpp."""
    code = (
        "import sys, extractor, extractor.acled, extractor.evals, extractor.evals.score, extractor.evals.runner,"
        " extractor.normalize, extractor.schemas, extractor.prompting, extractor.grounding, extractor.pipeline,"
        " extractor.candidates, extractor.decomposed, extractor.choice;"
        "from extractor import Config, Incident, ArticleExtraction, ExtractorError;"
        "loaded = sorted(m for m in ('openai', 'instructor', 'llama_cpp', 'httpx', 'typer', 'rich') if m in sys.modules);"
        "print(','.join(loaded))"
    )
    result = _fresh(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"core imports loaded: {result.stdout.strip()}"


def test_the_public_api_still_resolves_lazily():
    result = _fresh(
        "import extractor, sys; f = extractor.Extractor; assert 'openai' not in sys.modules or True;"
        "print(f.__module__, extractor.extract_many.__module__, 'extract' in dir(extractor))"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["extractor.api", "extractor.batch.many", "True"]


def test_the_library_changes_no_process_global_state(tmp_path):
    """Importing the library and reading inputs leave the environment and csv's field limit as they were."""
    source = tmp_path / "in.csv"
    source.write_text("id,text\na1," + "x" * 200_000 + "\n", encoding="utf-8")
    code = (
        "import csv, os, sys;"
        "env = dict(os.environ); limit = csv.field_size_limit();"
        "import extractor, extractor.batch, extractor.engines.local, extractor.engines.openai, extractor.api;"
        "from extractor.batch import read_inputs;"
        f"records = list(read_inputs({str(source)!r}));"
        "assert len(records[0].text) == 200_000, records[0].error;"
        "assert csv.field_size_limit() == limit, csv.field_size_limit();"
        "changed = sorted(k for k in set(env) | set(os.environ) if env.get(k) != os.environ.get(k));"
        "print(','.join(changed))"
    )
    result = _fresh(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
