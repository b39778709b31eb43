"""Core modules import no engine, batch or CLI code; only the CLI prints."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "extractor"
# The eval runner drives an Extractor, so it sits with the batch layer; scoring and reports are core.
CORE = ["schemas", "normalize", "grounding.py", "prompting.py", "article.py", "errors.py", "config.py",
        "pipeline.py", "candidates.py", "evals/gold.py", "evals/score.py", "evals/matching.py", "evals/compare.py",
        "evals/report_html.py", "decomposed"]
FORBIDDEN_FOR_CORE = ("extractor.engines", "extractor.cli", "extractor.batch", "extractor.api", "openai", "instructor",
                      "llama_cpp", "typer", "rich")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = "extractor." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: -node.level] if path.name != "__init__.py" else module.split(".")[: len(module.split(".")) - node.level + 1]
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
